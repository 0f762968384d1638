use actix_web::{HttpRequest, HttpResponse, post, put, web};
use uuid::Uuid;

use super::{EvaluationView, ScoresBody, if_match, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::services::evaluations;
use crate::state::AppState;

/// Save one's own scores (any number of times while the self-assessment window is open).
#[utoipa::path(
    tag = "evaluations",
    request_body = ScoresBody,
    params(("If-Match" = String, Header, description = "The ETag read last")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`: changed meanwhile; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: per criterion (`over_max`, `outside_band`, ...)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`: If-Match missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/evaluations/{id}/self")]
pub async fn save_self(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ScoresBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    evaluations::save_self(&state, caller, id.into_inner(), version, body)
        .await
        .map(respond)
}

/// Submit the self-assessment (within the window, or a personal extension).
#[utoipa::path(
    tag = "evaluations",
    params(("If-Match" = Option<String>, Header, description = "The ETag read last"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evaluations/{id}/submit")]
pub async fn submit_self(
    state: web::Data<AppState>,
    caller: CallerToken,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, caller, &req, move |state, who| async move {
        evaluations::submit_self(&state, who, id, version)
            .await
            .map(respond)
    })
    .await
}
