use actix_web::{HttpResponse, patch, web};
use chrono::Utc;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::service_clients;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::ServiceClientView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// `active` or `revoked`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    Active,
    Revoked,
}

/// The change to make.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateServiceClientRequest {
    /// `revoked` ends the client's access at once, tokens already issued included.
    pub status: ClientStatus,
}

/// Revoke (or re-activate) a service client (operators only).
#[utoipa::path(
    tag = "service-clients",
    params(("id" = Uuid, Path, description = "The client's `id` (not its `client_id`)")),
    request_body = UpdateServiceClientRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = ServiceClientView),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/service-clients/{id}")]
pub async fn update_service_client(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<UpdateServiceClientRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let id = id.into_inner();
    let status = match body.into_inner().status {
        ClientStatus::Active => "active",
        ClientStatus::Revoked => "revoked",
    };
    let actor = caller.audit.clone();
    let client = db::transaction(&state.pool, move |conn| {
        let before = service_clients::find(conn, id)?;
        if before.status != status {
            service_clients::set_status(conn, id, status)?;
            audit::append(
                conn,
                &actor,
                &[AuditEntry::new("update", "service_client", id)
                    .unit(before.unit_id)
                    .before(json!({"status": before.status}))
                    .after(json!({"status": status}))],
                Utc::now(),
            )?;
        }
        Ok(service_clients::find(conn, id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ServiceClientView::from(client)))
}
