//! Service clients (HR systems): creating one with a generated secret, kept only as an argon2
//! hash. Shared by `POST /service-clients` and `api create-service-client`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::access::ServiceScope;
use persistence::PersistenceError;
use persistence::convert::enum_name;
use persistence::models::service_clients::{NewServiceClient, ServiceClient};
use persistence::queries::audit::{self, AuditActor, AuditEntry};
use persistence::queries::{org, service_clients};
use rand::RngCore;
use serde_json::json;
use uuid::Uuid;

use super::password;
use crate::error::{ApiError, FieldError};

/// What a new client is.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<ServiceScope>,
    pub unit_id: Option<Uuid>,
}

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn check(spec: &ClientSpec) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let id_ok = (3..=64).contains(&spec.client_id.len())
        && spec
            .client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !id_ok {
        errors.push(FieldError::new(
            "client_id",
            "invalid_client_id",
            "Mã ứng dụng gồm 3–64 ký tự chữ không dấu, số, '.', '_' hoặc '-'.",
            "The client id has 3 to 64 ASCII letters, digits, '.', '_' or '-'.",
        ));
    }
    if spec.name.trim().is_empty() || spec.name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "length",
            "Tên phải có từ 1 đến 200 ký tự.",
            "The name must have 1 to 200 characters.",
        ));
    }
    if spec.scopes.is_empty() {
        errors.push(FieldError::new(
            "scopes",
            "required",
            "Cần ít nhất một phạm vi quyền.",
            "At least one scope is required.",
        ));
    }
    errors
}

/// Creates the client (in the caller's transaction) and returns it with its secret, which is
/// not stored and cannot be shown again.
pub fn create(
    conn: &mut PgConnection,
    spec: &ClientSpec,
    actor: &AuditActor,
    now: DateTime<Utc>,
) -> Result<(ServiceClient, String), ApiError> {
    let errors = check(spec);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if let Some(unit_id) = spec.unit_id {
        match org::unit(conn, unit_id) {
            Ok(_) => {}
            Err(PersistenceError::NotFound) => {
                return Err(ApiError::Validation(vec![FieldError::new(
                    "unit_id",
                    "unknown_unit",
                    "Không có đơn vị này.",
                    "There is no such unit.",
                )]));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let secret = generate_secret();
    let hash = password::hash(&secret)?;
    let mut scopes: Vec<String> = spec.scopes.iter().map(enum_name).collect();
    scopes.sort();
    scopes.dedup();
    let client = match service_clients::insert(
        conn,
        &NewServiceClient {
            client_id: &spec.client_id,
            secret_hash: &hash,
            name: spec.name.trim(),
            unit_id: spec.unit_id,
            scopes,
        },
    ) {
        Ok(client) => client,
        Err(PersistenceError::Constraint(_)) => {
            return Err(ApiError::Conflict(format!(
                "client_id {} is already taken",
                spec.client_id
            )));
        }
        Err(other) => return Err(other.into()),
    };
    audit::append(
        conn,
        actor,
        &[AuditEntry::new("create", "service_client", client.id)
            .unit(client.unit_id)
            .after(json!({
                "client_id": client.client_id,
                "name": client.name,
                "scopes": client.scopes,
                "unit_id": client.unit_id,
            }))],
        now,
    )?;
    Ok((client, secret))
}
