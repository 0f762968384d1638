//! Links the audit entries that transactions wrote into the trail's hash chains, a few times a
//! second (`persistence::queries::audit::link_pending`; issue 13). Spawned by `api serve`
//! whatever else runs: entries left waiting by a stopped process are linked by the next one.

use std::time::Duration;

use persistence::PgPool;

/// How often the linker looks for entries: the longest an entry waits unlinked while the
/// database is up.
pub const EVERY: Duration = Duration::from_millis(250);

/// Links what is pending every [`EVERY`] until the process ends, on `pool` (its own: it never
/// waits on the requests'). Says once when linking starts failing (the database is away) and
/// once when it works again.
pub async fn run_forever(pool: PgPool) {
    let mut interval = tokio::time::interval(EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        interval.tick().await;
        let pool = pool.clone();
        let outcome = actix_web::web::block(move || -> anyhow::Result<usize> {
            let mut conn = pool.get()?;
            persistence::queries::audit::link_pending(&mut conn)
                .inspect_err(|_| conn.suspect())
                .map_err(anyhow::Error::from)
        })
        .await
        .map_err(anyhow::Error::from)
        .and_then(|linked| linked);
        match outcome {
            Ok(_) if failing => {
                failing = false;
                tracing::info!("audit entries are being linked again");
            }
            Ok(_) => {}
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(%error, "audit entries cannot be linked now; they wait in audit_pending");
            }
            Err(_) => {}
        }
    }
}
