use actix_web::{HttpResponse, get, web};
use persistence::queries::org;
use persistence::queries::search::EvaluationSearch;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{BLOCS, CATEGORIES, LEVELS, RANKS, STATES, form_codes, list_of};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::dto::search::EvaluationSearchPage;
use crate::error::{ApiError, Problem};
use crate::services::calendar::parse_period;
use crate::services::search;
use crate::state::AppState;

/// Every filter narrows; lists are comma-separated (`rank=A,B`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchEvaluationsQuery {
    /// Evaluations of people in this unit and the units under it.
    pub unit_id: Option<Uuid>,
    /// First period, inclusive.
    #[param(example = "2026-01")]
    pub period_from: Option<String>,
    /// Last period, inclusive.
    #[param(example = "2026-12")]
    pub period_to: Option<String>,
    /// `draft`, `self_submitted`, `reviewed`, `decided`, `published`.
    pub state: Option<String>,
    /// Final rank, `A`–`D`.
    pub rank: Option<String>,
    /// Rank by points (and knock-outs), `A`–`D`.
    pub rank_by_points: Option<String>,
    /// Rank of the self-assessment, `A`–`D`.
    pub rank_self: Option<String>,
    /// `head`, `deputy`, `staff`, `contract`.
    pub category: Option<String>,
    /// Criteria form numbers (1–15).
    pub form: Option<String>,
    /// Bloc of the person's unit: `party`, `government`, `elected`, `front`.
    pub bloc: Option<String>,
    /// Level of the person's unit: `city`, `agency`, `district`, `commune`, `department`.
    pub level: Option<String>,
    /// Qualified for A by points, ranked B by the quota (or, with `false`, not).
    pub qualified_a_ranked_b: Option<bool>,
    pub knocked_out: Option<bool>,
    /// A step done after its deadline under a personal extension.
    pub late: Option<bool>,
    /// Part of the name, or the external id.
    pub q: Option<String>,
    /// Only those the caller reviews or decides.
    #[serde(default)]
    pub to_evaluate: bool,
    /// `period` (default), `name`, `total` (decided), `unit`; `-` before it for descending.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// Evaluations the caller may read, across periods and units, with any combination of filters,
/// sorted and keyset-paged.
#[utoipa::path(
    tag = "search",
    params(SearchEvaluationsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationSearchPage),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/evaluations")]
pub async fn search_evaluations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SearchEvaluationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let sort = search::parse_sort(query.sort.as_deref())?;
    for period in [&query.period_from, &query.period_to].into_iter().flatten() {
        parse_period(period)?;
    }
    let form_codes = form_codes(query.form.as_deref())?;
    let mut search = EvaluationSearch {
        within_path: None,
        period_from: query.period_from.clone(),
        period_to: query.period_to.clone(),
        states: list_of(query.state.as_deref(), STATES, "state")?,
        ranks_final: list_of(query.rank.as_deref(), RANKS, "rank")?,
        ranks_by_points: list_of(query.rank_by_points.as_deref(), RANKS, "rank_by_points")?,
        ranks_self: list_of(query.rank_self.as_deref(), RANKS, "rank_self")?,
        position_categories: list_of(query.category.as_deref(), CATEGORIES, "category")?,
        form_codes,
        blocs: list_of(query.bloc.as_deref(), BLOCS, "bloc")?,
        levels: list_of(query.level.as_deref(), LEVELS, "level")?,
        qualified_a_ranked_b: query.qualified_a_ranked_b,
        knocked_out: query.knocked_out,
        late: query.late,
        text: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        evaluator: query
            .to_evaluate
            .then(|| caller.person_id.unwrap_or(Uuid::nil())),
    };
    let page = db::run(&state.pool, move |conn| {
        if let Some(id) = query.unit_id {
            search.within_path = Some(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path);
        }
        search::evaluations(conn, &caller, &search, sort, query.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
