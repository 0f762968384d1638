//! Backups: their records, and the fingerprint of a database (rows and a checksum per table)
//! that a backup's manifest holds and a restore is compared with.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::PersistenceError;
use crate::schema::backups;

/// A backup as recorded.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = backups, check_for_backend(diesel::pg::Pg))]
pub struct Backup {
    pub id: Uuid,
    pub file_name: String,
    pub status: String,
    pub byte_size: i64,
    pub sha256: Option<String>,
    pub manifest: Option<serde_json::Value>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
}

/// One table's rows and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFingerprint {
    pub rows: i64,
    /// MD5 over the MD5 of every row's text, in sorted order (independent of physical order).
    pub checksum: String,
}

/// Every table of the `public` schema with its fingerprint, by name.
pub type Fingerprint = BTreeMap<String, TableFingerprint>;

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    tablename: String,
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    rows: i64,
    #[diesel(sql_type = Text)]
    checksum: String,
}

/// The fingerprint of the database `conn` reads (in its current transaction's snapshot).
pub fn fingerprint(conn: &mut PgConnection) -> Result<Fingerprint, PersistenceError> {
    let tables: Vec<TableName> = diesel::sql_query(
        "SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .load(conn)?;
    let mut out = Fingerprint::new();
    for table in tables {
        // The name comes from the catalogue; quote_ident keeps it one identifier.
        let counted: Counted = diesel::sql_query(format!(
            "SELECT count(*) AS rows, \
                    md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS checksum \
             FROM (SELECT md5(t::text) AS h FROM public.{} t) rows",
            quote_ident(&table.tablename)
        ))
        .get_result(conn)?;
        out.insert(
            table.tablename,
            TableFingerprint {
                rows: counted.rows,
                checksum: counted.checksum,
            },
        );
    }
    Ok(out)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Exports the current transaction's snapshot (for `pg_dump --snapshot`); call inside a
/// REPEATABLE READ transaction kept open until the dump has started.
pub fn export_snapshot(conn: &mut PgConnection) -> Result<String, PersistenceError> {
    let snapshot: Snapshot =
        diesel::sql_query("SELECT pg_export_snapshot() AS id").get_result(conn)?;
    Ok(snapshot.id)
}

pub fn create(
    conn: &mut PgConnection,
    file_name: &str,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Backup, PersistenceError> {
    Ok(diesel::insert_into(backups::table)
        .values((
            backups::file_name.eq(file_name),
            backups::created_by.eq(created_by),
            backups::created_at.eq(now),
        ))
        .returning(Backup::as_returning())
        .get_result(conn)?)
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<Backup, PersistenceError> {
    Ok(backups::table
        .find(id)
        .select(Backup::as_select())
        .first(conn)?)
}

pub fn list(conn: &mut PgConnection, limit: i64) -> Result<Vec<Backup>, PersistenceError> {
    Ok(backups::table
        .order((backups::created_at.desc(), backups::id.desc()))
        .limit(limit)
        .select(Backup::as_select())
        .load(conn)?)
}

/// The archive is written: its size, digest and manifest.
pub fn written(
    conn: &mut PgConnection,
    id: Uuid,
    byte_size: i64,
    sha256: &str,
    manifest: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(backups::table.find(id))
        .set((
            backups::status.eq("written"),
            backups::byte_size.eq(byte_size),
            backups::sha256.eq(sha256),
            backups::manifest.eq(manifest),
            backups::finished_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a new status (`verified`, `failed`, `deleted`) with what was found.
pub fn set_status(
    conn: &mut PgConnection,
    id: Uuid,
    status: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::sql_query(
        "UPDATE backups SET status = $2, message = $3, finished_at = coalesce(finished_at, $4), \
         verified_at = CASE WHEN $2 = 'verified' THEN $4 ELSE verified_at END WHERE id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(id)
    .bind::<Text, _>(status)
    .bind::<Text, _>(message)
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .execute(conn)?;
    Ok(())
}

/// Backups with a file older than the `keep` newest verified ones (none while fewer than
/// `keep` are verified): a failed or unverified backup never pushes out a good one.
pub fn beyond_retention(
    conn: &mut PgConnection,
    keep: i64,
) -> Result<Vec<Backup>, PersistenceError> {
    let oldest_kept: Option<DateTime<Utc>> = backups::table
        .filter(backups::status.eq("verified"))
        .order((backups::created_at.desc(), backups::id.desc()))
        .offset(keep.max(1) - 1)
        .select(backups::created_at)
        .first(conn)
        .optional()?;
    let Some(oldest_kept) = oldest_kept else {
        return Ok(Vec::new());
    };
    Ok(backups::table
        .filter(backups::status.eq_any(["written", "verified", "failed"]))
        .filter(backups::created_at.lt(oldest_kept))
        .order((backups::created_at.desc(), backups::id.desc()))
        .select(Backup::as_select())
        .load(conn)?)
}
