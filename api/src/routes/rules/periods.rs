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
}

/// Change a period's deadlines (operators; bloc admins for units of their bloc).
#[utoipa::path(
    tag = "rules",
    request_body = PeriodPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PeriodView, description = "The calendar as it now applies to the scope"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`calendar_order`)", body = Problem, content_type = "application/problem+json"),
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
        rules::add_period_override(conn, &change, caller.audit.account_id)?;
        audit::append(conn, &caller.audit, &[AuditEntry::new("period.update", "period", period).unit(patch.unit_id).before(PeriodView::from(&before)).after(PeriodView::from(&after))], now)?;
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
}

/// Extend a window for a person (those who manage the person).
#[utoipa::path(
    tag = "rules",
    request_body = ExtensionBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = ExtensionBody),
        (status = 422, description = "`validation_failed` (`unknown_person`)", body = Problem, content_type = "application/problem+json"),
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
        let extension = Extension {
            person_id: PersonId(person.id),
            period,
            step: body.step,
            until: body.until,
        };
        rules::add_extension(conn, &extension, caller.audit.account_id)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("period.extension", "person", person.id)
                .unit(Some(unit.id))
                .after(&extension)],
            now,
        )?;
        Ok(body)
    })
    .await?;
    Ok(HttpResponse::Created().json(body))
}
