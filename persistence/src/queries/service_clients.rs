use diesel::prelude::*;
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::service_clients::{NewServiceClient, ServiceClient};
use crate::schema::service_clients;

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<ServiceClient, PersistenceError> {
    Ok(service_clients::table
        .find(id)
        .select(ServiceClient::as_select())
        .first(conn)?)
}

pub fn find_by_client_id(
    conn: &mut PgConnection,
    client_id: &str,
) -> Result<Option<ServiceClient>, PersistenceError> {
    Ok(service_clients::table
        .filter(service_clients::client_id.eq(client_id))
        .select(ServiceClient::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut PgConnection,
    client: &NewServiceClient<'_>,
) -> Result<ServiceClient, PersistenceError> {
    Ok(diesel::insert_into(service_clients::table)
        .values(client)
        .returning(ServiceClient::as_returning())
        .get_result(conn)?)
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<ServiceClient>, PersistenceError> {
    Ok(service_clients::table
        .order(service_clients::client_id)
        .select(ServiceClient::as_select())
        .load(conn)?)
}

pub fn set_status(conn: &mut PgConnection, id: Uuid, status: &str) -> Result<(), PersistenceError> {
    diesel::update(service_clients::table.find(id))
        .set((
            service_clients::status.eq(status),
            service_clients::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}
