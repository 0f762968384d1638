//! Running blocking diesel work off the async executor, with the caller's span.

use actix_web::web;
use diesel::{Connection, PgConnection};
use persistence::PgPool;

use crate::error::ApiError;

/// Runs `work` on a pooled connection in actix's blocking thread pool.
pub async fn run<T, F>(pool: &PgPool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    let span = tracing::Span::current();
    web::block(move || {
        let _entered = span.enter();
        let mut conn = pool
            .get()
            .map_err(|e| ApiError::Unavailable(e.to_string()))?;
        work(&mut conn)
    })
    .await
    .map_err(|error| ApiError::Internal(anyhow::anyhow!("blocking task failed: {error}")))?
}

/// Like [`run`], inside one transaction: committed when `work` returns `Ok`, rolled back otherwise.
pub async fn transaction<T, F>(pool: &PgPool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
{
    run(pool, move |conn| conn.transaction(work)).await
}
