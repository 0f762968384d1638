use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{EvaluationView, respond};
use crate::auth::CallerToken;
use crate::error::{ApiError, Problem};
use crate::services::calendar::parse_period;
use crate::services::evaluations;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineQuery {
    #[param(example = "2026-11")]
    pub period: String,
}

/// The caller's own evaluation for a month, created as `draft` on first read with the form of
/// their post in force on the month's first day and the evaluators of the chain.
#[utoipa::path(
    tag = "evaluations",
    params(MineQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView, headers(("ETag" = String, description = "The version to send back in If-Match"))),
        (status = 404, description = "`not_found`: the account has no person", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evaluations/mine")]
pub async fn my_evaluation(
    state: web::Data<AppState>,
    caller: CallerToken,
    query: web::Query<MineQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    evaluations::mine(&state, caller, period).await.map(respond)
}
