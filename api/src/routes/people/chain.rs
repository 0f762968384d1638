use actix_web::{HttpResponse, get, web};
use domain::Period;
use domain::access::Mode;
use domain::chain::{self, ChainAdjustment, ChainError};
use persistence::queries::{chain as snapshot, org};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{PersonSummary, Position};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChainQuery {
    /// The month, `YYYY-MM`.
    #[param(example = "2026-11")]
    pub period: String,
}

/// Who reviews and who decides a person's evaluation, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainView {
    /// The deputy or leader who comments and scores first, when there is one.
    pub reviewer: Option<PersonSummary>,
    /// The competent leader who decides the rank.
    pub decider: PersonSummary,
    /// The rule of DESIGN 2.4 that applied (e.g. `department_staff_large`, `explicit_assignment`),
    /// with `+delegation`, `+vacancy` or `+self_avoided` when the role moved.
    pub rule: String,
    /// Explanations for people, in Vietnamese.
    pub explanation: Vec<String>,
}

/// The evaluation chain of a person for a month (Điều 8.4, Điều 10).
#[utoipa::path(
    tag = "organisation",
    params(ChainQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = ChainView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`no_decider`: nobody above; configure an explicit assignment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/evaluation-chain")]
pub async fn evaluation_chain(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ChainQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let period: Period = query.period.parse().map_err(|_| {
        ApiError::field(
            "period",
            "invalid_period",
            "Kỳ đánh giá phải có dạng YYYY-MM.",
            "The period must be YYYY-MM.",
        )
    })?;
    let view = db::run(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Read, &scope::person_target(&person, &unit)?)?;
        let org_snapshot = snapshot::snapshot_for(conn, id)?;
        let resolved = chain::resolve(&org_snapshot, domain::PersonId(id), period).map_err(
            |error| match error {
                ChainError::NoDecider(_) => ApiError::conflict(
                    "no_decider",
                    "Không có lãnh đạo cấp trên để quyết định; cần phân công người đánh giá.",
                    "Nobody above can decide; configure an explicit assignment.",
                ),
                other => ApiError::Internal(anyhow::anyhow!("chain resolution failed: {other}")),
            },
        )?;
        let summary =
            |conn: &mut diesel::PgConnection, id: Uuid| -> Result<PersonSummary, ApiError> {
                let p = org::find_person(conn, id)?;
                Ok(PersonSummary {
                    id: p.id,
                    full_name: p.full_name,
                    unit_id: p.unit_id,
                    position: Position {
                        category: dto::parse(&p.position_category)?,
                        title: p.position_title,
                        form_code: p.form_code,
                    },
                })
            };
        Ok(ChainView {
            reviewer: resolved.reviewer.map(|r| summary(conn, r.0)).transpose()?,
            decider: summary(conn, resolved.decider.0)?,
            rule: resolved.rule_code(),
            explanation: resolved.adjustments.iter().map(explain).collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

fn explain(adjustment: &ChainAdjustment) -> String {
    match adjustment {
        ChainAdjustment::Delegation {
            unit_id,
            acting_person_id,
        } => {
            format!("Người được giao quyền ({acting_person_id}) thay thủ trưởng đơn vị {unit_id}.")
        }
        ChainAdjustment::Vacancy { unit_id } => {
            format!("Đơn vị {unit_id} khuyết thủ trưởng: chuyển lên cấp trên.")
        }
        ChainAdjustment::SelfAvoided { unit_id } => {
            format!("Không ai tự đánh giá mình: tại đơn vị {unit_id} chuyển lên cấp trên.")
        }
    }
}
