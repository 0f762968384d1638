use actix_web::{HttpResponse, get, put, web};
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
