use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::service_clients;

/// An HR system calling the API with client credentials; only a hash of its secret is kept.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = service_clients, check_for_backend(diesel::pg::Pg))]
pub struct ServiceClient {
    pub id: Uuid,
    pub client_id: String,
    pub secret_hash: String,
    pub name: String,
    pub unit_id: Option<Uuid>,
    pub scopes: Vec<Option<String>>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = service_clients)]
pub struct NewServiceClient<'a> {
    pub client_id: &'a str,
    pub secret_hash: &'a str,
    pub name: &'a str,
    pub unit_id: Option<Uuid>,
    pub scopes: Vec<String>,
}
