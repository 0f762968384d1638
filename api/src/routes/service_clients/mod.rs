//! `/service-clients`: HR systems and other integrations (operators only).

mod create;
mod list;
mod update;

use chrono::{DateTime, Utc};
use domain::access::ServiceScope;
use persistence::models::service_clients::ServiceClient;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_service_clients)
        .service(create::create_service_client)
        .service(update::update_service_client);
}

/// What a service client may do (`domain::access::ServiceScope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read units and people.
    OrgRead,
    /// Create and change units and people (HR sync, imports).
    OrgWrite,
    /// Read evaluations.
    EvaluationsRead,
    /// Read published results.
    ResultsRead,
    /// Export.
    Export,
}

impl From<Scope> for ServiceScope {
    fn from(scope: Scope) -> Self {
        match scope {
            Scope::OrgRead => Self::OrgRead,
            Scope::OrgWrite => Self::OrgWrite,
            Scope::EvaluationsRead => Self::EvaluationsRead,
            Scope::ResultsRead => Self::ResultsRead,
            Scope::Export => Self::Export,
        }
    }
}

/// A service client; its secret is never shown again after creation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceClientView {
    pub id: Uuid,
    #[schema(example = "hrm-sonoivu")]
    pub client_id: String,
    pub name: String,
    /// `org_read`, `org_write`, `evaluations_read`, `results_read`, `export`.
    pub scopes: Vec<String>,
    /// The subtree it is limited to; absent: everywhere.
    pub unit_id: Option<Uuid>,
    /// `active` or `revoked`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ServiceClient> for ServiceClientView {
    fn from(client: ServiceClient) -> Self {
        Self {
            id: client.id,
            client_id: client.client_id,
            name: client.name,
            scopes: client.scopes.into_iter().flatten().collect(),
            unit_id: client.unit_id,
            status: client.status,
            created_at: client.created_at,
            updated_at: client.updated_at,
        }
    }
}
