//! `/audit/verify`: checks the hash chain of the audit trail (operators).

use actix_web::{HttpResponse, get, web};
use persistence::queries::audit;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(verify_audit);
}

/// The outcome of checking every link of the audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    pub rows_checked: i64,
    /// `true` when every row's hash covers its content and the previous row's hash.
    pub intact: bool,
    /// The first row whose link does not hold: changed, inserted or following a deleted row.
    pub first_broken_id: Option<i64>,
}

/// Verify the audit trail's hash chain.
#[utoipa::path(
    tag = "operations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = AuditVerification),
        (status = 404, description = "`not_found`: operators only", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit/verify")]
pub async fn verify_audit(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    let outcome = db::run(&state.pool, |conn| Ok(audit::verify(conn)?)).await?;
    Ok(HttpResponse::Ok().json(AuditVerification {
        rows_checked: outcome.rows_checked,
        intact: outcome.first_broken_id.is_none(),
        first_broken_id: outcome.first_broken_id,
    }))
}
