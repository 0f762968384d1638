use actix_web::{HttpRequest, HttpResponse, post, web};
use uuid::Uuid;

use super::{AdjustBody, EvaluationView, if_match, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::services::evaluations;
use crate::state::AppState;

/// Adjust a decided rank before publication (the unit head).
#[utoipa::path(
    tag = "evaluations",
    request_body = AdjustBody,
    params(("If-Match" = Option<String>, Header, description = "The ETag read last"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`: not the unit head", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evaluations/{id}/adjust")]
pub async fn adjust(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AdjustBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, caller, &req, move |state, who| async move {
        evaluations::adjust(&state, who, id, version, body)
            .await
            .map(respond)
    })
    .await
}
