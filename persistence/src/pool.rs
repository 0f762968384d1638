use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use diesel::PgConnection;
use diesel::r2d2::{self, ConnectionManager, ManageConnection, Pool, PooledConnection};

use crate::PersistenceError;

/// The r2d2 pool of PostgreSQL connections shared by the whole process.
pub type PgPool = Pool<TrustingManager>;
/// One connection taken from [`PgPool`]; it dereferences to a [`PgConnection`].
pub type PooledConn = PooledConnection<TrustingManager>;

/// A connection given back within this time is handed out again without a test query.
const TRUSTED_FOR: Duration = Duration::from_secs(2);

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
        .build(TrustingManager {
            inner: ConnectionManager::new(database_url),
        })
        .map_err(|error| PersistenceError::Pool(error.to_string()))
}

/// diesel's r2d2 manager, testing a connection at checkout (`SELECT 1`) only when it has been
/// idle for a while or its last user saw it fail (issue 13: that test was two of the nine
/// statements of a read). diesel cannot tell a connection the server closed without a round
/// trip, and r2d2 tests either every checkout or none, hence this small manager written here.
/// A connection that dies while trusted fails its request (answered 503 by the API, whose
/// `db::run` then marks it [`Tracked::suspect`]) and is tested before it serves another; a
/// background job that takes a connection directly marks nothing, so a dead connection it gave
/// back fails at most one more request before `db::run` marks it.
#[derive(Debug)]
pub struct TrustingManager {
    inner: ConnectionManager<PgConnection>,
}

/// A pooled [`PgConnection`] with what [`TrustingManager`] needs to decide whether to test it.
pub struct Tracked {
    connection: PgConnection,
    given_back_at: Instant,
    suspect: bool,
}

impl Tracked {
    /// Asks for a test before this connection serves anyone again (its last use failed in a way
    /// a lost server would explain).
    pub fn suspect(&mut self) {
        self.suspect = true;
    }
}

impl Deref for Tracked {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.connection
    }
}

impl DerefMut for Tracked {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.connection
    }
}

impl ManageConnection for TrustingManager {
    type Connection = Tracked;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Tracked, r2d2::Error> {
        Ok(Tracked {
            connection: self.inner.connect()?,
            given_back_at: Instant::now(),
            suspect: false,
        })
    }

    fn is_valid(&self, tracked: &mut Tracked) -> Result<(), r2d2::Error> {
        if !tracked.suspect && tracked.given_back_at.elapsed() < TRUSTED_FOR {
            return Ok(());
        }
        self.inner.is_valid(&mut tracked.connection)?;
        tracked.suspect = false;
        Ok(())
    }

    /// Called by r2d2 when a connection is given back.
    fn has_broken(&self, tracked: &mut Tracked) -> bool {
        tracked.given_back_at = Instant::now();
        self.inner.has_broken(&mut tracked.connection)
    }
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
