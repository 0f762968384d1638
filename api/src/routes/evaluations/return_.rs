use actix_web::{HttpRequest, HttpResponse, post, web};
use uuid::Uuid;

use super::{EvaluationView, ReasonBody, if_match, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::services::evaluations;
use crate::state::AppState;

/// Return the evaluation to the person (`draft`) with a reason, before the decision deadline.
#[utoipa::path(
    tag = "evaluations",
    request_body = ReasonBody,
    params(("If-Match" = Option<String>, Header, description = "The ETag read last"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evaluations/{id}/return")]
pub async fn return_evaluation(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let reason = validated(body)?.reason;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, caller, &req, move |state, who| async move {
        evaluations::return_to_person(&state, who, id, version, reason)
            .await
            .map(respond)
    })
    .await
}
