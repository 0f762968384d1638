use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::results::PublicationView;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::services::calendar::parse_period;
use crate::services::publication;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublicationRequest {
    #[schema(example = "2026-11")]
    pub period: String,
}

/// Publish the unit's month (the unit head, Điều 12.4): refused while any evaluation is
/// undecided (409 `invalid_transition`, naming them) or any group is over quota (409
/// `quota_exceeded`, naming the groups); otherwise every evaluation is published at once.
#[utoipa::path(
    tag = "results",
    request_body = PublicationRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = PublicationView),
        (status = 403, description = "`forbidden`: not the unit head", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition` (undecided, listed in `errors`), `quota_exceeded` (groups in `errors`), `already_published`, `window_closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/publications")]
pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<PublicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&body.period)?;
    let id = id.into_inner();
    idempotency::run(&state, caller, &req, move |state, who| async move {
        let now = state.clock.now();
        let key = idempotency::pending();
        let view = db::transaction(&state.pool, move |conn| {
            let caller = who.resolve(conn)?;
            let view = publication::publish(conn, &caller, id, period, now)?;
            idempotency::store_answer(conn, key.as_ref(), StatusCode::CREATED, None, &view)?;
            Ok(view)
        })
        .await?;
        Ok(HttpResponse::Created().json(view))
    })
    .await
}
