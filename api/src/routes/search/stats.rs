use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::stats::RankStats;
use crate::error::{ApiError, Problem};
use crate::services::calendar::parse_period;
use crate::services::stats;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankStatsQuery {
    /// The unit whose subtree is counted (its own people included).
    pub unit_id: Uuid,
    /// `unit` (default: each unit directly under it, with its subtree, side by side),
    /// `period` (the trend), `category`, `form`, `bloc` or `level`.
    pub group_by: Option<String>,
    /// First period, inclusive.
    #[param(example = "2026-01")]
    pub period_from: Option<String>,
    /// Last period, inclusive.
    #[param(example = "2026-12")]
    pub period_to: Option<String>,
}

/// The distribution of published final ranks (counts and shares) under a unit, grouped by unit,
/// month, post category, form, bloc or level. Cells of fewer than 5 people are hidden from
/// callers who may not read those people's results.
#[utoipa::path(
    tag = "search",
    params(RankStatsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = RankStats),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/ranks")]
pub async fn rank_stats(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<RankStatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let group_name = query.group_by.unwrap_or_else(|| "unit".to_owned());
    let group = stats::parse_group(&group_name)?;
    for period in [&query.period_from, &query.period_to].into_iter().flatten() {
        parse_period(period)?;
    }
    let answer = db::run(&state.pool, move |conn| {
        stats::ranks(
            conn,
            &caller,
            query.unit_id,
            (group, group_name),
            query.period_from,
            query.period_to,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}
