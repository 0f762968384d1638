use actix_web::{HttpResponse, get, web};
use domain::access::Mode;
use uuid::Uuid;

use super::EvaluationView;
use super::flow::{load, respond, target, view};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// One evaluation with its three columns, chain, history and earlier revisions.
#[utoipa::path(
    tag = "evaluations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView, headers(("ETag" = String, description = "The version to send back in If-Match"))),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evaluations/{id}")]
pub async fn get_evaluation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let mut l = load(conn, id, false)?;
        super::flow::follow_the_org(conn, &mut l)?;
        caller.require(Mode::Read, &target(&l)?)?;
        view(conn, &l.evaluation)
    })
    .await?;
    Ok(respond(view))
}
