use actix_web::{HttpRequest, HttpResponse, post, web};
use uuid::Uuid;

use super::{CorrectionBody, EvaluationView, if_match, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::services::evaluations;
use crate::state::AppState;

/// Correct a published evaluation (its decider or the unit head): the current revision is
/// kept whole, a new one is made and published.
#[utoipa::path(
    tag = "evaluations",
    request_body = CorrectionBody,
    params(("If-Match" = Option<String>, Header, description = "The ETag read last"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not published", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evaluations/{id}/corrections")]
pub async fn correct(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<CorrectionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, caller, &req, move |state, who| async move {
        evaluations::correct(&state, who, id, version, body)
            .await
            .map(respond)
    })
    .await
}
