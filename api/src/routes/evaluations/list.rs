use actix_web::{HttpResponse, get, web};
use domain::access::Mode;
use domain::rank::Rank;
use persistence::queries::evaluations::{self as store, EvaluationFilter};
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::TotalsView;
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::dto::people::PersonSummary;
use crate::error::{ApiError, Problem, request_error};
use crate::scope;
use crate::services::workflow::{evaluation_target, parse_rank, totals};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluationQuery {
    #[param(example = "2026-11")]
    pub period: Option<String>,
    /// Evaluations of people in this unit and the units under it.
    pub unit_id: Option<Uuid>,
    /// `draft`, `self_submitted`, `reviewed`, `decided`, `published`.
    pub state: Option<String>,
    /// Final rank `A`–`D`.
    pub rank: Option<String>,
    /// Only those the caller reviews or decides.
    #[serde(default)]
    pub to_evaluate: bool,
    pub cursor: Option<Uuid>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// An evaluation in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationRow {
    pub id: Uuid,
    pub person: PersonSummary,
    pub period: String,
    pub state: String,
    pub totals: TotalsView,
    #[schema(value_type = Option<String>)]
    pub rank_self: Option<Rank>,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationPage {
    pub items: Vec<EvaluationRow>,
    pub next_cursor: Option<Uuid>,
}

/// Evaluations the caller may see, keyset-paged by id.
#[utoipa::path(tag = "evaluations", params(EvaluationQuery), security(("bearer_auth" = [])), responses((status = 200, body = EvaluationPage), (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json")))]
#[get("/evaluations")]
pub async fn list_evaluations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<EvaluationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    if let Some(period) = &query.period {
        crate::services::calendar::parse_period(period)?;
    }
    if query.state.as_deref().is_some_and(|s| {
        ![
            "draft",
            "self_submitted",
            "reviewed",
            "decided",
            "published",
        ]
        .contains(&s)
    }) {
        return Err(request_error("state"));
    }
    if query
        .rank
        .as_deref()
        .is_some_and(|r| !["A", "B", "C", "D"].contains(&r))
    {
        return Err(request_error("rank"));
    }
    let page = db::run(&state.pool, move |conn| {
        let visibility = scope::evaluation_visibility(conn, &caller.actor)?;
        let within_path = match query.unit_id {
            Some(id) => Some(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path),
            None => None,
        };
        let filter = EvaluationFilter {
            period: query.period.clone(),
            within_path,
            state: query.state.clone(),
            rank: query.rank.clone(),
            evaluator: if query.to_evaluate {
                Some(caller.person_id.unwrap_or(Uuid::nil()))
            } else {
                None
            },
        };
        let mut units: std::collections::HashMap<Uuid, persistence::models::org::Unit> =
            std::collections::HashMap::new();
        let (rows, next_cursor) = dto::keyset_page(
            conn,
            limit,
            query.cursor,
            |conn, after: Option<&Uuid>, n| {
                store::list(
                    conn,
                    &filter,
                    &visibility,
                    caller.person_id,
                    after.copied(),
                    n,
                )
            },
            |(evaluation, _)| evaluation.id,
            |conn, (evaluation, _)| {
                if !units.contains_key(&evaluation.unit_id) {
                    let unit = org::unit(conn, evaluation.unit_id)?;
                    units.insert(unit.id, unit);
                }
                let unit = units.get(&evaluation.unit_id).ok_or(ApiError::NotFound)?;
                Ok::<_, ApiError>(caller.may(Mode::Read, &evaluation_target(evaluation, unit)?))
            },
        )?;
        let mut items = Vec::with_capacity(rows.len());
        for (evaluation, person) in rows {
            items.push(EvaluationRow {
                id: evaluation.id,
                person: PersonSummary::of(&person)?,
                period: evaluation.period.clone(),
                state: evaluation.state.clone(),
                totals: totals(&evaluation),
                rank_self: parse_rank(&evaluation.rank_self),
                rank_final: parse_rank(&evaluation.rank_final),
            });
        }
        Ok(EvaluationPage { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
