//! HTTP routes, one file per endpoint, grouped by resource.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod evaluations;
pub mod exports;
pub mod health;
pub mod imports;
pub mod jobs;
pub mod me;
pub mod notifications;
pub mod people;
pub mod plans;
pub mod results;
pub mod rules;
pub mod search;
pub mod service_clients;
pub mod units;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// Routes under `/api/v1`.
pub fn configure_api(cfg: &mut ServiceConfig) {
    // First: actix tries a request's path against each route in this order (and again, for the
    // request's log span, to name its route), with a regular expression per route that has a
    // parameter; the evaluations' routes are most of the traffic.
    evaluations::configure(cfg);
    auth::configure(cfg);
    me::configure(cfg);
    units::configure(cfg);
    people::configure(cfg);
    accounts::configure(cfg);
    audit::configure(cfg);
    rules::configure(cfg);
    search::configure(cfg);
    results::configure(cfg);
    plans::configure(cfg);
    imports::configure(cfg);
    exports::configure(cfg);
    notifications::configure(cfg);
    jobs::configure(cfg);
    backups::configure(cfg);
    webhooks::configure(cfg);
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

/// A response body produced by blocking work (reading rows, chunks of a file) on the blocking
/// pool, a piece at a time: `work` hands each piece to `send`, which fails once the client has
/// left. An error after the first piece can only cut the body short (the status is sent), so it
/// is logged and ends the stream with an error.
pub fn blocking_stream<F>(
    work: F,
) -> impl futures_util::Stream<Item = Result<actix_web::web::Bytes, std::io::Error>>
where
    F: FnOnce(
            &mut dyn FnMut(Vec<u8>) -> Result<(), crate::error::ApiError>,
        ) -> Result<(), crate::error::ApiError>
        + Send
        + 'static,
{
    let (sender, receiver) =
        tokio::sync::mpsc::channel::<Result<actix_web::web::Bytes, std::io::Error>>(8);
    actix_web::rt::task::spawn_blocking(move || {
        let mut send = |bytes: Vec<u8>| {
            sender
                .blocking_send(Ok(actix_web::web::Bytes::from(bytes)))
                .map_err(|_| crate::error::ApiError::Unavailable("the client left".to_owned()))
        };
        if let Err(error) = work(&mut send) {
            tracing::warn!(%error, "a streamed download stopped");
            let _ = sender.blocking_send(Err(std::io::Error::other(error.to_string())));
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

/// What an export's audit entry records of its filters: the query as given.
pub fn export_filters(request: &actix_web::HttpRequest) -> serde_json::Value {
    serde_json::json!({ "query": request.query_string() })
}
