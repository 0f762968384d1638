use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::workflow::Transition;
use uuid::Uuid;

use super::flow::{self, if_match};
use super::{EvaluationView, ReasonBody};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
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
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let reason = validated(body)?.reason;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, &caller, &req, move |state, caller| async move {
        flow::transition(
            &state,
            caller,
            id,
            version,
            false,
            Transition::Return { reason },
            "return",
            |_, _, changes, _, _| {
                // Back to the person: the submission and any decision are undone; scores stay.
                changes.self_submitted_at = None;
                changes.reviewed_at = None;
                changes.decided_at = None;
                changes.rank_by_points = None;
                changes.rank_final = None;
                changes.adjust_reason = None;
                Ok(())
            },
        )
        .await
    })
    .await
}
