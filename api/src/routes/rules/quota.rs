use actix_web::{HttpResponse, delete, get, put, web};
use chrono::Utc;
use domain::quota::{QuotaBase, QuotaPolicy, Rounding};
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::rules;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// The A quota (Điều 13.1 "Lưu ý"; DESIGN 2.2). The default is the literal reading: A at most
/// 20% of those ranked B counted after the A choices, rounded down; groups under 5 people may
/// have one A.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaPolicyBody {
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100, example = 20)]
    pub percent: u32,
    /// `ranked_b`, `ranked_b_or_above` or `headcount`.
    #[schema(value_type = String, example = "ranked_b")]
    pub base: QuotaBase,
    /// `floor`, `round` or `ceil`.
    #[schema(value_type = String, example = "floor")]
    pub rounding: Rounding,
    #[validate(range(min = 0, max = 1000))]
    #[schema(minimum = 0, maximum = 1000, example = 5)]
    pub small_group_threshold: u32,
    #[validate(range(min = 0, max = 1000))]
    #[schema(minimum = 0, maximum = 1000, example = 1)]
    pub small_group_allowance: u32,
}

impl From<QuotaPolicy> for QuotaPolicyBody {
    fn from(p: QuotaPolicy) -> Self {
        Self {
            percent: p.percent,
            base: p.base,
            rounding: p.rounding,
            small_group_threshold: p.small_group_threshold,
            small_group_allowance: p.small_group_allowance,
        }
    }
}

impl From<QuotaPolicyBody> for QuotaPolicy {
    fn from(b: QuotaPolicyBody) -> Self {
        Self {
            percent: b.percent,
            base: b.base,
            rounding: b.rounding,
            small_group_threshold: b.small_group_threshold,
            small_group_allowance: b.small_group_allowance,
        }
    }
}

/// The quota policy in force.
#[utoipa::path(tag = "rules", security(("bearer_auth" = [])), responses((status = 200, body = QuotaPolicyBody)))]
#[get("/quota-policy")]
pub async fn get_quota_policy(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let policy = db::run(&state.pool, |conn| Ok(rules::quota_policy(conn)?)).await?;
    Ok(HttpResponse::Ok().json(QuotaPolicyBody::from(policy)))
}

/// Change the quota policy (operators).
#[utoipa::path(
    tag = "rules",
    request_body = QuotaPolicyBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = QuotaPolicyBody),
        (status = 404, description = "`not_found`: operators only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/quota-policy")]
pub async fn put_quota_policy(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<QuotaPolicyBody>,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    let policy: QuotaPolicy = validated(body)?.into();
    let now = Utc::now();
    let stored = db::transaction(&state.pool, move |conn| {
        let before = rules::quota_policy(conn)?;
        rules::set_quota_policy(conn, &policy, caller.audit.account_id)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("quota_policy.update", "quota_policy", 1)
                .before(before)
                .after(policy)],
            now,
        )?;
        Ok(policy)
    })
    .await?;
    Ok(HttpResponse::Ok().json(QuotaPolicyBody::from(stored)))
}

/// An exceptional unit's A quota, set by a recorded decision (DESIGN 2.2).
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaOverrideBody {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, example = "25/QĐ-UBND")]
    pub decision_number: String,
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100, example = 30)]
    pub percent: u32,
}

/// Who may set a unit's override: operators, and the administrators of the unit's bloc.
fn require_override_right(
    caller: &Caller,
    unit: &persistence::models::org::Unit,
) -> Result<(), ApiError> {
    use domain::access::Role;
    let bloc = unit.domain_bloc()?;
    let allowed = caller.is_operator()
        || caller
            .actor
            .roles
            .iter()
            .any(|r| matches!(r, Role::BlocAdmin { bloc: b } if *b == bloc));
    if allowed {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Set the A quota of an exceptional unit (operators, bloc administrators of its bloc).
#[utoipa::path(
    tag = "rules",
    request_body = QuotaOverrideBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = QuotaOverrideBody),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/units/{id}/quota-override")]
pub async fn put_quota_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<uuid::Uuid>,
    body: web::Json<QuotaOverrideBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let id = id.into_inner();
    let now = Utc::now();
    let stored = db::transaction(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, id)?;
        require_override_right(&caller, &unit)?;
        let o = domain::quota::QuotaOverride {
            decision_number: body.decision_number.trim().to_owned(),
            percent: body.percent,
        };
        rules::set_quota_override(conn, id, &o)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("quota_override.set", "unit", id)
                .unit(Some(id))
                .after(&o)],
            now,
        )?;
        Ok(QuotaOverrideBody {
            decision_number: o.decision_number,
            percent: o.percent,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(stored))
}

/// Remove a unit's override: the system policy applies again.
#[utoipa::path(
    tag = "rules",
    security(("bearer_auth" = [])),
    responses((status = 204, description = "Removed"), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"))
)]
#[delete("/units/{id}/quota-override")]
pub async fn delete_quota_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let now = Utc::now();
    db::transaction(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, id)?;
        require_override_right(&caller, &unit)?;
        if rules::remove_quota_override(conn, id)? == 0 {
            return Err(ApiError::NotFound);
        }
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("quota_override.remove", "unit", id).unit(Some(id))],
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
