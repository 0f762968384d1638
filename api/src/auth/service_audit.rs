//! Every request made with a service client's token is recorded in the audit trail
//! (`api_call` on `service_client`, with the method, path and status), whatever route it hit and
//! however it ended. The one place this happens.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use diesel::Connection;
use persistence::queries::audit::{self, AuditActor, AuditEntry};
use serde_json::json;

use super::extractor::verified_claims;
use super::jwt::SERVICE;
use crate::state::AppState;

/// Middleware (`actix_web::middleware::from_fn`): answers first, then appends the entry before
/// the answer leaves, so the trail is complete when the client sees the response.
pub async fn record_service_calls(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let client = state.as_ref().and_then(|state| {
        let claims = verified_claims(req.request(), state).ok()?;
        (claims.typ == SERVICE).then_some(claims.sub)
    });
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let ip = crate::client_ip::of(req.request());
    let response = next.call(req).await?;
    if let (Some(client_id), Some(state)) = (client, state) {
        let status = response.status().as_u16();
        let actor = AuditActor {
            account_id: None,
            client_id: Some(client_id),
            ip,
        };
        let entry = AuditEntry::new("api_call", "service_client", client_id)
            .after(json!({"method": method, "path": path, "status": status}));
        let pool = state.pool.clone();
        let recorded = web::block(move || {
            let mut conn = pool.get()?;
            conn.transaction(|conn| audit::append(conn, &actor, &[entry], Utc::now()))
        })
        .await;
        match recorded {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::error!(%client_id, error = %error, "cannot audit a service call")
            }
            Err(error) => {
                tracing::error!(%client_id, error = %error, "cannot audit a service call")
            }
        }
    }
    Ok(response)
}
