//! PostgreSQL access: the generated diesel schema, row types, queries, migrations and the pool.
//!
//! Rows live in [`models`], queries grouped by aggregate in [`queries`]. Everything here is
//! blocking (diesel): callers run it off the async executor.

pub mod convert;
pub mod error;
pub mod migrations;
pub mod models;
pub mod pool;
pub mod prepared;
pub mod queries;
pub mod schema;
#[cfg(feature = "testing")]
pub mod test_db;

pub use error::PersistenceError;
pub use pool::{PgPool, PooledConn, Tracked, build_pool};
