use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, FixedOffset, Utc};
use domain::access::{Mode, Role};
use domain::calendar::{CalendarOverride, Extension, OverrideScope, PeriodCalendar, Step};
use domain::{PersonId, UnitId};
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::{org, rules};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::error::{unknown_person, unknown_unit};
use crate::scope;
use crate::services::calendar::{calendar_for_unit, parse_period};
use crate::state::AppState;

/// A period's deadlines (API.md `GET /periods/{YYYY-MM}`), each an instant with offset; a
/// window closes at its instant (exclusive).
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodView {
    #[schema(example = "2026-11")]
    pub period: String,
    pub plan_due: DateTime<FixedOffset>,
    pub self_opens: DateTime<FixedOffset>,
    pub self_closes: DateTime<FixedOffset>,
    pub decision_closes: DateTime<FixedOffset>,
    pub publication_closes: DateTime<FixedOffset>,
}

impl From<&PeriodCalendar> for PeriodView {
    fn from(c: &PeriodCalendar) -> Self {
        Self {
            period: c.period.to_string(),
            plan_due: c.plan_due,
            self_opens: c.self_opens,
            self_closes: c.self_closes,
            decision_closes: c.decision_closes,
            publication_closes: c.publication_closes,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Resolve for this unit's subtree overrides (default: the system-wide calendar).
    pub unit_id: Option<Uuid>,
}

/// A period's deadlines (created on first use from the defaults).
#[utoipa::path(
    tag = "rules",
    params(PeriodQuery),
    security(("bearer_auth" = [])),
    responses((status = 200, body = PeriodView), (status = 422, description = "`validation_failed`: not YYYY-MM", body = Problem, content_type = "application/problem+json"))
)]
#[get("/periods/{period}")]
pub async fn get_period(
    state: web::Data<AppState>,
    caller: Caller,
    period: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&period)?;
    let unit_id = query.unit_id;
    let view = db::run(&state.pool, move |conn| {
        if let Some(id) = unit_id {
            let unit = org::unit(conn, id).map_err(|_| ApiError::NotFound)?;
            caller.require(Mode::Read, &scope::unit_target(&unit)?)?;
        }
        Ok(PeriodView::from(&calendar_for_unit(conn, period, unit_id)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// New deadlines for a period, system-wide or for a unit's subtree (holidays, Tết).
#[derive(Debug, Deserialize, ToSchema)]
pub struct PeriodPatch {
    /// Only this unit's subtree (bloc admins must name a unit of their bloc).
    pub unit_id: Option<Uuid>,
    pub plan_due: Option<DateTime<FixedOffset>>,
    pub self_opens: Option<DateTime<FixedOffset>>,
    pub self_closes: Option<DateTime<FixedOffset>>,
    pub decision_closes: Option<DateTime<FixedOffset>>,
    pub publication_closes: Option<DateTime<FixedOffset>>,
    /// An operator's explicit confirmation that December's work may finish on or after
    /// 15 December (Điều 12 "Lưu ý"); audited.
    #[serde(default)]
    pub allow_past_year_end: bool,
}

/// Refuses a December deadline on or after 15 December (Điều 12 "Lưu ý") unless an operator
/// confirms it explicitly; only an operator may confirm.
fn check_year_end(caller: &Caller, field: Option<&str>, confirmed: bool) -> Result<(), ApiError> {
    if confirmed && !caller.is_operator() {
        return Err(ApiError::Forbidden);
    }
    match field {
        Some(field) if !confirmed => Err(ApiError::field(
            field,
            "past_year_end",
            "Việc đánh giá tháng 12 phải xong trước ngày 15/12; chỉ quản trị hệ thống mới được xác nhận gia hạn (allow_past_year_end).",
            "December's evaluation must finish before 15 December; only an operator may confirm otherwise (allow_past_year_end).",
        )),
        _ => Ok(()),
    }
}

/// Change a period's deadlines (operators; bloc admins for units of their bloc).
#[utoipa::path(
    tag = "rules",
    request_body = PeriodPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PeriodView, description = "The calendar as it now applies to the scope"),
        (status = 403, description = "`forbidden`: `allow_past_year_end` by a non-operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`calendar_order`, `past_year_end`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/periods/{period}")]
pub async fn patch_period(
    state: web::Data<AppState>,
    caller: Caller,
    period: web::Path<String>,
    body: web::Json<PeriodPatch>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&period)?;
    let patch = body.into_inner();
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let scope = match patch.unit_id {
            Some(id) => {
                let unit = org::unit(conn, id).map_err(|_| unknown_unit("unit_id"))?;
                let bloc = unit.domain_bloc()?;
                let allowed = caller.is_operator() || caller.actor.roles.iter().any(|r| matches!(r, Role::BlocAdmin { bloc: b } if *b == bloc));
                if !allowed {
                    return Err(ApiError::NotFound);
                }
                OverrideScope::Subtree(UnitId(id))
            }
            None if caller.is_operator() => OverrideScope::All,
            None => return Err(ApiError::NotFound),
        };
        let change = CalendarOverride {
            period,
            scope,
            plan_due: patch.plan_due,
            self_opens: patch.self_opens,
            self_closes: patch.self_closes,
            decision_closes: patch.decision_closes,
            publication_closes: patch.publication_closes,
        };
        let before = calendar_for_unit(conn, period, patch.unit_id)?;
        let after = before.with(&change);
        let ordered = after.self_opens < after.self_closes
            && after.self_closes <= after.decision_closes
            && after.decision_closes <= after.publication_closes;
        if !ordered {
            return Err(ApiError::field(
                "self_closes",
                "calendar_order",
                "Thứ tự các mốc không hợp lệ: mở tự đánh giá < đóng tự đánh giá ≤ hạn quyết định ≤ hạn công khai.",
                "Deadlines out of order: self opens < self closes ≤ decision closes ≤ publication closes.",
            ));
        }
        // Only the dates this change sets are checked: an earlier confirmed one is not re-asked.
        let late = [
            ("plan_due", patch.plan_due),
            ("self_closes", patch.self_closes),
            ("decision_closes", patch.decision_closes),
            ("publication_closes", patch.publication_closes),
        ]
        .into_iter()
        .find(|(_, at)| at.is_some_and(|at| domain::calendar::past_year_end(period, at)))
        .map(|(field, _)| field);
        check_year_end(&caller, late, patch.allow_past_year_end)?;
        rules::add_period_override(conn, &change, caller.audit.account_id)?;
        let mut recorded = serde_json::to_value(PeriodView::from(&after)).map_err(|e| ApiError::Internal(e.into()))?;
        if patch.allow_past_year_end {
            recorded["allow_past_year_end"] = serde_json::Value::Bool(true);
        }
        audit::append(conn, &caller.audit, &[AuditEntry::new("period.update", "period", period).unit(patch.unit_id).before(PeriodView::from(&before)).after(recorded)], now)?;
        Ok(PeriodView::from(&calendar_for_unit(conn, period, patch.unit_id)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// More time for one person and one step (API.md `POST /periods/{p}/extensions`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExtensionBody {
    pub person_id: Uuid,
    /// `self` or `decision` (also `plan`, `review`, `publication`).
    #[schema(value_type = String, example = "self")]
    pub step: Step,
    pub until: DateTime<FixedOffset>,
    /// An operator's explicit confirmation that a December extension may run on or after
    /// 15 December (Điều 12 "Lưu ý"); audited.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_past_year_end: bool,
}

/// Extend a window for a person (those who manage the person).
#[utoipa::path(
    tag = "rules",
    request_body = ExtensionBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = ExtensionBody),
        (status = 403, description = "`forbidden`: `allow_past_year_end` by a non-operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_person`, `past_year_end`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/periods/{period}/extensions")]
pub async fn add_extension(
    state: web::Data<AppState>,
    caller: Caller,
    period: web::Path<String>,
    body: web::Json<ExtensionBody>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&period)?;
    let body = body.into_inner();
    let now = Utc::now();
    let body = db::transaction(&state.pool, move |conn| {
        let (person, unit) =
            org::person_with_unit(conn, body.person_id).map_err(|_| unknown_person("person_id"))?;
        if !caller.may(Mode::Act, &scope::person_target(&person, &unit)?) {
            return Err(unknown_person("person_id"));
        }
        check_year_end(
            &caller,
            domain::calendar::past_year_end(period, body.until).then_some("until"),
            body.allow_past_year_end,
        )?;
        let extension = Extension {
            person_id: PersonId(person.id),
            period,
            step: body.step,
            until: body.until,
        };
        rules::add_extension(conn, &extension, caller.audit.account_id)?;
        let mut recorded =
            serde_json::to_value(&extension).map_err(|e| ApiError::Internal(e.into()))?;
        if body.allow_past_year_end {
            recorded["allow_past_year_end"] = serde_json::Value::Bool(true);
        }
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("period.extension", "person", person.id)
                .unit(Some(unit.id))
                .after(recorded)],
            now,
        )?;
        Ok(body)
    })
    .await?;
    Ok(HttpResponse::Created().json(body))
}
