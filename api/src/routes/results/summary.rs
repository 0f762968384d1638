use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::GroupSummary;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::services::calendar::parse_period;
use crate::services::results::{SummaryAccess, not_publishing, recorded_month, summary_access};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParam {
    #[param(example = "2026-11")]
    pub period: String,
}

/// A publishing unit's month by quota group.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitSummary {
    pub unit_id: Uuid,
    pub period: String,
    pub published: bool,
    pub groups: Vec<GroupSummary>,
}

/// The unit summary with the live quota meter of each group (DESIGN 2.2).
#[utoipa::path(
    tag = "results",
    params(PeriodParam),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitSummary),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`not_a_publishing_unit`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/summary")]
pub async fn unit_summary(
    state: web::Data<AppState>,
    caller: crate::auth::Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    let id = id.into_inner();
    let summary = db::run(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, id)?;
        let access = summary_access(conn, &caller, &unit, period)?;
        if unit.level == "department" {
            return Err(not_publishing());
        }
        let mut month = recorded_month(conn, &unit, period)?;
        if let SummaryAccess::EvaluatorOf(me) = access {
            // An evaluator sees the meters and the people they evaluate, not everyone's scores.
            let mine: Vec<Uuid> = month
                .evaluations
                .iter()
                .filter(|e| e.decider_id == Some(me) || e.reviewer_id == Some(me))
                .map(|e| e.id)
                .collect();
            for group in &mut month.groups {
                group
                    .members
                    .retain(|m| m.evaluation_id.is_some_and(|id| mine.contains(&id)));
            }
        }
        Ok(UnitSummary {
            unit_id: id,
            period: period.to_string(),
            published: month.published,
            groups: month.groups,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(summary))
}
