//! HTTP routes, one file per endpoint, grouped by resource.

pub mod auth;
pub mod health;
pub mod imports;
pub mod me;
pub mod service_clients;

use utoipa_actix_web::service_config::ServiceConfig;

/// Routes under `/api/v1`.
pub fn configure_api(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    me::configure(cfg);
    imports::configure(cfg);
    service_clients::configure(cfg);
}

/// Operational routes at the root (`/health/...`).
pub fn configure_root(cfg: &mut ServiceConfig) {
    health::configure(cfg);
}

/// Checks a `validator` body and returns it, or the field errors as a 422 problem.
pub fn validated<T: validator::Validate>(
    body: actix_web::web::Json<T>,
) -> Result<T, crate::error::ApiError> {
    let body = body.into_inner();
    body.validate()?;
    Ok(body)
}
