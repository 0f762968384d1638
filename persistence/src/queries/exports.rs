//! Export jobs and their files, stored in chunks. The job row and the chunks are written in
//! autocommit statements from a connection other than the one reading the exported rows, so
//! progress shows while the export runs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::exports::{ExportJob, NewExportJob};
use crate::schema::{export_chunks, export_jobs};

pub fn create(
    conn: &mut PgConnection,
    job: &NewExportJob<'_>,
) -> Result<ExportJob, PersistenceError> {
    Ok(diesel::insert_into(export_jobs::table)
        .values(job)
        .returning(ExportJob::as_returning())
        .get_result(conn)?)
}

/// The job, unless it has expired.
pub fn find(
    conn: &mut PgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ExportJob, PersistenceError> {
    Ok(export_jobs::table
        .find(id)
        .filter(export_jobs::expires_at.gt(now))
        .select(ExportJob::as_select())
        .first(conn)?)
}

/// The starter's jobs that have not expired, newest first.
pub fn of_starter(
    conn: &mut PgConnection,
    starter: Uuid,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ExportJob>, PersistenceError> {
    Ok(export_jobs::table
        .filter(export_jobs::created_by.eq(starter))
        .filter(export_jobs::expires_at.gt(now))
        .order((export_jobs::created_at.desc(), export_jobs::id.desc()))
        .limit(limit)
        .select(ExportJob::as_select())
        .load(conn)?)
}

/// Marks a pending job running; false when it is no longer pending (failed meanwhile).
pub fn start(
    conn: &mut PgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq("pending")),
    )
    .set((
        export_jobs::status.eq("running"),
        export_jobs::updated_at.eq(now),
    ))
    .execute(conn)?
        == 1)
}

/// Rows written so far, and the heartbeat; false when the job is no longer running (marked
/// failed by a server that took it for dead): the writer stops.
pub fn set_progress(
    conn: &mut PgConnection,
    id: Uuid,
    processed_rows: i64,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq("running")),
    )
    .set((
        export_jobs::processed_rows.eq(processed_rows),
        export_jobs::updated_at.eq(now),
    ))
    .execute(conn)?
        == 1)
}

/// Stores the file's chunk number `seq`.
pub fn add_chunk(
    conn: &mut PgConnection,
    id: Uuid,
    seq: i32,
    data: &[u8],
) -> Result<(), PersistenceError> {
    diesel::insert_into(export_chunks::table)
        .values((
            export_chunks::export_id.eq(id),
            export_chunks::seq.eq(seq),
            export_chunks::data.eq(data),
        ))
        .execute(conn)?;
    Ok(())
}

/// The file's chunk number `seq`, if there is one.
pub fn chunk(
    conn: &mut PgConnection,
    id: Uuid,
    seq: i32,
) -> Result<Option<Vec<u8>>, PersistenceError> {
    Ok(export_chunks::table
        .find((id, seq))
        .select(export_chunks::data)
        .first(conn)
        .optional()?)
}

/// The file is complete: `rows` written, `bytes` long; false when the job was no longer
/// running (its chunks may have been dropped).
pub fn succeed(
    conn: &mut PgConnection,
    id: Uuid,
    rows: i64,
    bytes: i64,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq("running")),
    )
    .set((
        export_jobs::status.eq("succeeded"),
        export_jobs::total_rows.eq(rows),
        export_jobs::processed_rows.eq(rows),
        export_jobs::byte_size.eq(bytes),
        export_jobs::finished_at.eq(now),
        export_jobs::updated_at.eq(now),
    ))
    .execute(conn)?
        == 1)
}

/// Ends the job as failed with its reason, and drops what it had written; nothing when it had
/// already ended (e.g. failed by a server that took it for dead).
pub fn fail(
    conn: &mut PgConnection,
    id: Uuid,
    error: &Value,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    conn.transaction(|conn| {
        let ended = diesel::update(
            export_jobs::table
                .find(id)
                .filter(export_jobs::status.eq_any(["pending", "running"])),
        )
        .set((
            export_jobs::status.eq("failed"),
            export_jobs::error.eq(error),
            export_jobs::finished_at.eq(now),
        ))
        .execute(conn)?;
        if ended == 1 {
            diesel::delete(export_chunks::table.filter(export_chunks::export_id.eq(id)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Marks jobs pending or running whose heartbeat is older than `silent_since` (left by a process
/// that died) as failed, dropping their chunks; returns how many.
pub fn fail_interrupted(
    conn: &mut PgConnection,
    silent_since: DateTime<Utc>,
    error: &Value,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    conn.transaction(|conn| {
        let stuck: Vec<Uuid> = export_jobs::table
            .filter(export_jobs::status.eq_any(["pending", "running"]))
            .filter(export_jobs::updated_at.lt(silent_since))
            .select(export_jobs::id)
            .for_update()
            .load(conn)?;
        diesel::delete(export_chunks::table.filter(export_chunks::export_id.eq_any(&stuck)))
            .execute(conn)?;
        Ok(
            diesel::update(export_jobs::table.filter(export_jobs::id.eq_any(&stuck)))
                .set((
                    export_jobs::status.eq("failed"),
                    export_jobs::error.eq(error),
                    export_jobs::finished_at.eq(now),
                ))
                .execute(conn)?,
        )
    })
}

/// Deletes expired jobs and their files; returns how many.
pub fn delete_expired(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    Ok(diesel::delete(export_jobs::table.filter(export_jobs::expires_at.le(now))).execute(conn)?)
}
