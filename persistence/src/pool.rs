use std::time::Duration;

use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};

use crate::PersistenceError;

/// The r2d2 pool of PostgreSQL connections shared by the whole process.
pub type PgPool = Pool<ConnectionManager<PgConnection>>;
/// One connection taken from [`PgPool`].
pub type PooledConn = PooledConnection<ConnectionManager<PgConnection>>;

/// Builds the pool; fails when the database cannot be reached within `connect_timeout`.
pub fn build_pool(
    database_url: &str,
    max_size: u32,
    connect_timeout: Duration,
) -> Result<PgPool, PersistenceError> {
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(connect_timeout)
        .test_on_check_out(true)
        .build(ConnectionManager::<PgConnection>::new(database_url))
        .map_err(|error| PersistenceError::Pool(error.to_string()))
}
