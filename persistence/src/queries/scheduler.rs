//! Periodic jobs, each run once per cluster: a replica claims a due job in one statement that
//! skips rows another replica holds (`FOR UPDATE SKIP LOCKED`) and moves its next run forward.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamptz};

use crate::PersistenceError;
use crate::schema::scheduled_jobs;

/// A periodic job, its schedule and its last run.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scheduled_jobs, check_for_backend(diesel::pg::Pg))]
pub struct ScheduledJob {
    pub name: String,
    pub every_seconds: i32,
    pub next_run_at: DateTime<Utc>,
    pub running_since: Option<DateTime<Utc>>,
    pub running_on: Option<String>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_status: Option<String>,
    pub last_message: Option<String>,
    pub runs: i32,
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Claims one job due at `now` for `replica`: it is marked running (since `now`) and its next run
/// moved on by its interval. A run started over an hour ago (twelve for `backup`, which dumps
/// the whole database) is taken as dead and may be claimed again.
pub fn claim_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    replica: &str,
) -> Result<Option<String>, PersistenceError> {
    let claimed: Option<Claimed> = diesel::sql_query(
        "UPDATE scheduled_jobs \
         SET running_since = $1, running_on = $2, last_started_at = $1, \
             next_run_at = $1 + make_interval(secs => every_seconds) \
         WHERE name = (SELECT name FROM scheduled_jobs \
                       WHERE next_run_at <= $1 \
                         AND (running_since IS NULL OR running_since < $1 - \
                              CASE WHEN name = 'backup' THEN interval '12 hours' ELSE interval '1 hour' END) \
                       ORDER BY next_run_at, name LIMIT 1 FOR UPDATE SKIP LOCKED) \
         RETURNING name",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Text, _>(replica)
    .get_result(conn)
    .optional()?;
    Ok(claimed.map(|c| c.name))
}

/// Records the end of the run `replica` claimed at `started` (nothing when another replica
/// has claimed the job since: that run is the one to record).
pub fn finish(
    conn: &mut PgConnection,
    name: &str,
    replica: &str,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
    succeeded: bool,
    message: &str,
) -> Result<(), PersistenceError> {
    diesel::sql_query(
        "UPDATE scheduled_jobs SET running_since = NULL, running_on = NULL, last_finished_at = $2, \
         last_status = $3, last_message = $4, runs = runs + 1 \
         WHERE name = $1 AND running_on = $5 AND running_since = $6",
    )
    .bind::<Text, _>(name)
    .bind::<Timestamptz, _>(now)
    .bind::<Nullable<Text>, _>(Some(if succeeded { "succeeded" } else { "failed" }))
    .bind::<Text, _>(message)
    .bind::<Text, _>(replica)
    .bind::<Timestamptz, _>(started)
    .execute(conn)?;
    Ok(())
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<ScheduledJob>, PersistenceError> {
    Ok(scheduled_jobs::table
        .order(scheduled_jobs::name)
        .select(ScheduledJob::as_select())
        .load(conn)?)
}

/// Makes the job due at `now` (the operator's "run now"); false when there is no such job.
pub fn run_now(
    conn: &mut PgConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(
        diesel::update(scheduled_jobs::table.filter(scheduled_jobs::name.eq(name)))
            .set(scheduled_jobs::next_run_at.eq(now))
            .execute(conn)?
            == 1,
    )
}
