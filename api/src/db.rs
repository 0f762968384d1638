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
        let result = work(&mut conn);
        // A lost server shows as one of these: the pool tests the connection before reuse.
        if matches!(
            result,
            Err(ApiError::Unavailable(_) | ApiError::Internal(_))
        ) {
            conn.suspect();
        }
        result
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

/// Like [`transaction`], but always rolled back: answers what `work` would do without doing it
/// (previews such as a transfer's `dry_run`), so the preview runs the very code of the change.
pub async fn rehearse<T, F>(pool: &PgPool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
{
    /// Diesel rolls a transaction back only on an error: the finished work leaves as one.
    enum Ending<T> {
        Done(T),
        Failed(ApiError),
    }
    impl<T> From<diesel::result::Error> for Ending<T> {
        fn from(error: diesel::result::Error) -> Self {
            Ending::Failed(error.into())
        }
    }
    run(pool, move |conn| {
        let ending = conn.transaction::<(), Ending<T>, _>(|conn| match work(conn) {
            Ok(value) => Err(Ending::Done(value)),
            Err(error) => Err(Ending::Failed(error)),
        });
        match ending {
            Err(Ending::Done(value)) => Ok(value),
            Err(Ending::Failed(error)) => Err(error),
            Ok(()) => Err(ApiError::Internal(anyhow::anyhow!("a rehearsal committed"))),
        }
    })
    .await
}
