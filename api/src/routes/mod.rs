//! HTTP routes, one file per endpoint, grouped by resource.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod evaluations;
pub mod health;
pub mod imports;
pub mod me;
pub mod people;
pub mod plans;
pub mod results;
pub mod rules;
pub mod search;
pub mod service_clients;
pub mod units;

use utoipa_actix_web::service_config::ServiceConfig;

/// Routes under `/api/v1`.
pub fn configure_api(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    me::configure(cfg);
    units::configure(cfg);
    people::configure(cfg);
    accounts::configure(cfg);
    audit::configure(cfg);
    rules::configure(cfg);
    search::configure(cfg);
    evaluations::configure(cfg);
    results::configure(cfg);
    plans::configure(cfg);
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

/// Codes (of units and the like): letters, digits, `-`, `_`, `.`.
pub fn valid_code(code: &str) -> Result<(), validator::ValidationError> {
    if code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("code_characters"))
    }
}

/// A file to download: its type, its name and its bytes.
pub fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, content_type))
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(bytes)
}

/// What an export's audit entry records of its filters: the query as given.
pub fn export_filters(request: &actix_web::HttpRequest) -> serde_json::Value {
    serde_json::json!({ "query": request.query_string() })
}
