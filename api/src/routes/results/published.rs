use actix_web::{HttpResponse, get, web};
use domain::access::{Mode, Target};
use domain::rank::Rank;
use persistence::queries::evaluations as store;
use persistence::queries::org;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::summary::PeriodParam;
use crate::auth::Caller;
use crate::db;
use crate::dto::people::PersonSummary;
use crate::error::{ApiError, Problem};
use crate::services::calendar::parse_period;
use crate::services::results::recorded_month;
use crate::state::AppState;

/// One line of the published list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultRow {
    pub person: PersonSummary,
    #[schema(value_type = String, example = "B")]
    pub rank: Rank,
    /// "Hoàn thành xuất sắc nhiệm vụ", ...
    pub rank_label: String,
    pub total: Option<f64>,
    /// The revision published (more than 1 after a correction).
    pub revision: i32,
}

/// The published results of a unit's month.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitResults {
    pub unit_id: Uuid,
    pub period: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub results: Vec<ResultRow>,
}

/// The published list, visible to the unit's members (Điều 12.4).
#[utoipa::path(
    tag = "results",
    params(PeriodParam),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitResults),
        (status = 404, description = "`not_found`: outside your scope, or not published yet", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/results")]
pub async fn unit_results(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    let id = id.into_inner();
    let results = db::run(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Read, &Target::PublishedResults(unit.scope()?))?;
        let published_at =
            store::publication(conn, id, &period.to_string())?.ok_or(ApiError::NotFound)?;
        let month = recorded_month(conn, &unit, period)?;
        let mut results = Vec::new();
        for row in month.groups.iter().flat_map(|g| g.members.iter()) {
            let Some(e) = month
                .evaluations
                .iter()
                .find(|e| Some(e.id) == row.evaluation_id && e.state == "published")
            else {
                continue;
            };
            let Some(rank) = row.rank_final else {
                continue;
            };
            results.push(ResultRow {
                person: row.person.clone(),
                rank,
                rank_label: rank.label_vi().to_owned(),
                total: row.totals.decider.and_then(|t| t.to_string().parse().ok()),
                revision: e.revision,
            });
        }
        Ok(UnitResults {
            unit_id: id,
            period: period.to_string(),
            published_at,
            results,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(results))
}
