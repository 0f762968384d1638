use actix_web::{HttpResponse, get, web};
use persistence::queries::imports;
use uuid::Uuid;

use super::ImportJobView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::i18n::Lang;
use crate::state::AppState;

/// An import job's status, progress, counts and row errors.
///
/// Visible to whoever started it (the account or service client) and to operators; anyone
/// else gets 404.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The job")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = ImportJobView),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such job, or started by someone else", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/{id}")]
pub async fn show_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let job = db::run(&state.pool, move |conn| Ok(imports::find_job(conn, id)?)).await?;
    let starter = caller.audit.account_id.or(caller.audit.client_id);
    if job.created_by.is_none_or(|by| Some(by) != starter) && !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::Ok().json(ImportJobView::new(job, Lang::current())))
}
