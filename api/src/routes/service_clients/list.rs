use actix_web::{HttpResponse, get, web};
use persistence::queries::service_clients;

use super::ServiceClientView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Every service client, by client id (operators only).
#[utoipa::path(
    tag = "service-clients",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<ServiceClientView>),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/service-clients")]
pub async fn list_service_clients(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let clients = db::run(&state.pool, |conn| Ok(service_clients::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(
        clients
            .into_iter()
            .map(ServiceClientView::from)
            .collect::<Vec<_>>(),
    ))
}
