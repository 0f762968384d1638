use actix_web::{HttpRequest, HttpResponse, put, web};
use uuid::Uuid;

use super::{DecisionBody, EvaluationView, if_match, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::services::evaluations;
use crate::state::AppState;

/// Decide: score, comment, knock-outs; the rank follows from the total (Điều 12.3, 13.1).
#[utoipa::path(
    tag = "evaluations",
    request_body = DecisionBody,
    params(("If-Match" = String, Header, description = "The ETag read last")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`: not this evaluation's decider", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (scores, knock-outs, `rank_above_points`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/evaluations/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    evaluations::decide(&state, caller, id.into_inner(), version, body)
        .await
        .map(respond)
}
