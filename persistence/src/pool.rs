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

/// Replaces the database name in a `postgres://` URL, keeping any query string.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{database}{query}")
}
