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
    /// The competent leader who decides the rank; absent only when the rule is
    /// `evaluated_outside` (decided by the central level, outside the system).
    pub decider: Option<PersonSummary>,
    /// The rule of DESIGN 2.4 that applied (e.g. `department_staff_large`, `explicit_assignment`,
    /// `post_rule`, `evaluated_outside`), with `+delegation`, `+vacancy` or `+self_avoided` when
    /// the role moved.
    pub rule: String,
    /// The office of the person's post (Điều 10.1), when tagged.
    pub office: Option<String>,
    /// When the rule is `post_rule`: the office whose holder decides (Điều 10.1).
    pub decider_office: Option<String>,
    /// Explanations for people, in Vietnamese.
    pub explanation: Vec<String>,
}

/// The evaluation chain of a person for a month (Điều 8.4, Điều 10).
#[utoipa::path(
    tag = "organisation",
    params(ChainQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = ChainView, description = "The chain; `rule` = `evaluated_outside` (no decider) for an office decided by the central level"),
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
        let resolved = match chain::resolve(&org_snapshot, domain::PersonId(id), period) {
            Ok(resolved) => resolved,
            // Điều 10.1: the top city leaders are decided by the central level.
            Err(ChainError::EvaluatedOutside(office)) => {
                return Ok(ChainView {
                    reviewer: None,
                    decider: None,
                    rule: "evaluated_outside".to_owned(),
                    office: Some(office.code().to_owned()),
                    decider_office: None,
                    explanation: vec![
                        "Chức danh này do cấp Trung ương đánh giá, xếp loại (ngoài hệ thống; Điều 10.1)."
                            .to_owned(),
                    ],
                });
            }
            Err(ChainError::NoDecider(_)) => {
                return Err(ApiError::conflict(
                    "no_decider",
                    "Không có lãnh đạo cấp trên để quyết định; cần phân công người đánh giá.",
                    "Nobody above can decide; configure an explicit assignment.",
                ));
            }
            Err(other) => {
                return Err(ApiError::Internal(anyhow::anyhow!(
                    "chain resolution failed: {other}"
                )));
            }
        };
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
                        office: p.office,
                    },
                })
            };
        Ok(ChainView {
            reviewer: resolved.reviewer.map(|r| summary(conn, r.0)).transpose()?,
            decider: Some(summary(conn, resolved.decider.0)?),
            rule: resolved.rule_code(),
            office: person.office.clone(),
            decider_office: resolved
                .post_rule
                .map(|applied| applied.decider_office.code().to_owned()),
            explanation: resolved
                .post_rule
                .iter()
                .map(|applied| {
                    format!(
                        "Quy tắc theo chức danh (Điều 10.1): {} do {} đánh giá, xếp loại.",
                        applied.office.code(),
                        applied.decider_office.code()
                    )
                })
                .chain(
                    resolved
                        .adjustments
                        .iter()
                        .map(|adjustment| explain(conn, adjustment))
                        .collect::<Result<Vec<_>, _>>()?,
                )
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// An adjustment of rule 7 in words, naming the people and units (for people, not machines).
fn explain(
    conn: &mut diesel::PgConnection,
    adjustment: &ChainAdjustment,
) -> Result<String, ApiError> {
    let unit_name = |conn: &mut diesel::PgConnection,
                     id: domain::UnitId|
     -> Result<String, ApiError> { Ok(org::unit(conn, id.0)?.name) };
    Ok(match adjustment {
        ChainAdjustment::Delegation {
            unit_id,
            acting_person_id,
        } => {
            let acting = org::find_person(conn, acting_person_id.0)?.full_name;
            let unit = unit_name(conn, *unit_id)?;
            format!(
                "Đồng chí {acting} được giao quyền người đứng đầu {unit} nên thay người đứng đầu trong chuỗi đánh giá."
            )
        }
        ChainAdjustment::Vacancy { unit_id } => {
            let unit = unit_name(conn, *unit_id)?;
            format!("{unit} khuyết người đứng đầu: vai trò này chuyển lên cấp trên.")
        }
        ChainAdjustment::SelfAvoided { unit_id } => {
            let unit = unit_name(conn, *unit_id)?;
            format!("Không ai tự đánh giá mình: tại {unit}, vai trò này chuyển lên cấp trên.")
        }
    })
}
