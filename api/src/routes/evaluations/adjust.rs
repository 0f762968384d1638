use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::rank::Rank;
use domain::workflow::Transition;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::EvaluationView;
use super::flow::{self, if_match, rank_name};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::state::AppState;

/// The final rank the unit head sets before publication, and why (Điều 12.3).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AdjustBody {
    #[schema(value_type = String, example = "B")]
    pub rank: Rank,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

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
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AdjustBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, &caller, &req, move |state, caller| async move {
        let reason = body.reason.clone();
        flow::transition(
            &state,
            caller,
            id,
            version,
            false,
            Transition::Adjust {
                reason: reason.clone(),
            },
            "adjust",
            move |_, _, changes, _, _| {
                // A knock-out ranks D whatever else (Điều 13.1); adjustment cannot lift it.
                if body.rank != domain::rank::Rank::D && flow::is_knocked_out(&changes.flags) {
                    return Err(flow::knocked_out_error());
                }
                changes.rank_final = Some(rank_name(body.rank));
                changes.adjust_reason = Some(reason);
                flow::flag(changes, "adjusted");
                Ok(())
            },
        )
        .await
    })
    .await
}
