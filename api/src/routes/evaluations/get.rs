use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

use super::{EvaluationView, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::services::evaluations;
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
    caller: CallerToken,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    evaluations::read(&state, caller, id.into_inner())
        .await
        .map(respond)
}
