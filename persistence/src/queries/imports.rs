//! Import jobs and the set-based upsert of people they apply.
//!
//! The job row is written from its own connection (autocommit), so progress is visible while the
//! applying transaction, on another connection, is still open. The apply itself runs inside the
//! caller's transaction: [`begin_people_import`] once, then [`apply_people_batch`] per batch.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Int2, Int4, Int8, Nullable, Text, Timestamptz};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::imports::{ImportJob, NewImportJob};
use crate::models::org::Unit;
use crate::schema::{imports, units};

/// Serialises imports of people, so two files never race on the same `external_id`.
const IMPORT_LOCK_KEY: i64 = 0x0069_6d70_6f72; // "impor" in ASCII

pub fn create_job(
    conn: &mut PgConnection,
    job: &NewImportJob<'_>,
) -> Result<ImportJob, PersistenceError> {
    Ok(diesel::insert_into(imports::table)
        .values(job)
        .returning(ImportJob::as_returning())
        .get_result(conn)?)
}

/// Serialises, for one starter, the check for a running job and the creation of the next one
/// (call inside a transaction; released at its end).
pub fn lock_starter(conn: &mut PgConnection, starter: Uuid) -> Result<(), PersistenceError> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind::<Int4, _>(STARTER_LOCK_CLASS)
        .bind::<Text, _>(starter.to_string())
        .execute(conn)?;
    Ok(())
}

/// Lock class of [`lock_starter`] ("imp" + 1).
const STARTER_LOCK_CLASS: i32 = 0x0069_6d71;

/// A job of this starter still pending or running whose heartbeat is newer than `alive_since`
/// (a silent one was left by a process that died).
pub fn unfinished_job_of(
    conn: &mut PgConnection,
    starter: Uuid,
    alive_since: DateTime<Utc>,
) -> Result<Option<Uuid>, PersistenceError> {
    Ok(imports::table
        .filter(imports::created_by.eq(starter))
        .filter(imports::status.eq_any(["pending", "running"]))
        .filter(imports::heartbeat_at.gt(alive_since))
        .select(imports::id)
        .first(conn)
        .optional()?)
}

pub fn find_job(conn: &mut PgConnection, id: Uuid) -> Result<ImportJob, PersistenceError> {
    Ok(imports::table
        .find(id)
        .select(ImportJob::as_select())
        .first(conn)?)
}

/// The file is read: the job runs and has this many data rows. False when the job is no longer
/// pending (another server failed it as interrupted meanwhile): it must not run.
pub fn start_job(
    conn: &mut PgConnection,
    id: Uuid,
    total_rows: i32,
) -> Result<bool, PersistenceError> {
    let started = diesel::update(
        imports::table
            .find(id)
            .filter(imports::status.eq("pending")),
    )
    .set((
        imports::status.eq("running"),
        imports::total_rows.eq(total_rows),
    ))
    .execute(conn)?;
    Ok(started == 1)
}

/// Rows applied so far (inside the still open transaction).
pub fn set_progress(
    conn: &mut PgConnection,
    id: Uuid,
    processed_rows: i32,
) -> Result<(), PersistenceError> {
    diesel::update(imports::table.find(id))
        .set(imports::processed_rows.eq(processed_rows))
        .execute(conn)?;
    Ok(())
}

/// The heartbeat of a job its process still holds.
pub fn beat(conn: &mut PgConnection, id: Uuid, now: DateTime<Utc>) -> Result<(), PersistenceError> {
    diesel::update(
        imports::table
            .find(id)
            .filter(imports::status.eq_any(["pending", "running"])),
    )
    .set(imports::heartbeat_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Ends the job as failed with its errors; nothing of it was applied. A job already ended
/// (failed as interrupted by another server) keeps the reason it was given.
pub fn fail_job(
    conn: &mut PgConnection,
    id: Uuid,
    errors: &Value,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(
        imports::table
            .find(id)
            .filter(imports::status.eq_any(["pending", "running"])),
    )
    .set((
        imports::status.eq("failed"),
        imports::processed_rows.eq(0),
        imports::created_rows.eq(0),
        imports::updated_rows.eq(0),
        imports::unchanged_rows.eq(0),
        imports::errors.eq(errors),
        imports::finished_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// What an applied import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub processed_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub unchanged_rows: i32,
}

/// Ends the job as succeeded; call in the applying transaction so both commit together. False
/// when the job is no longer running (another server failed it as interrupted): the caller
/// must then roll its changes back, since the job was reported as applying nothing.
pub fn finish_job(
    conn: &mut PgConnection,
    id: Uuid,
    counts: ImportCounts,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let finished = diesel::update(
        imports::table
            .find(id)
            .filter(imports::status.eq("running")),
    )
    .set((
        imports::status.eq("succeeded"),
        imports::processed_rows.eq(counts.processed_rows),
        imports::created_rows.eq(counts.created_rows),
        imports::updated_rows.eq(counts.updated_rows),
        imports::unchanged_rows.eq(counts.unchanged_rows),
        imports::finished_at.eq(now),
    ))
    .execute(conn)?;
    Ok(finished == 1)
}

/// Units whose code (case-insensitive) is one of `codes_lowercase`.
pub fn units_by_codes(
    conn: &mut PgConnection,
    codes_lowercase: &[String],
) -> Result<Vec<Unit>, PersistenceError> {
    Ok(units::table
        .filter(super::lower(units::code).eq_any(codes_lowercase))
        .select(Unit::as_select())
        .load(conn)?)
}

/// A person already stored under one of the file's external ids.
#[derive(Debug, Clone, QueryableByName)]
pub struct ExistingPerson {
    #[diesel(sql_type = Text)]
    pub external_id: String,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub unit_id: Uuid,
}

/// The people stored under these external ids.
pub fn people_by_external_ids(
    conn: &mut PgConnection,
    external_ids: &[String],
) -> Result<Vec<ExistingPerson>, PersistenceError> {
    Ok(diesel::sql_query(
        "SELECT p.external_id, p.id, p.unit_id \
         FROM people p JOIN unnest($1::text[]) AS e(external_id) ON p.external_id = e.external_id",
    )
    .bind::<Array<Text>, _>(external_ids)
    .load(conn)?)
}

/// One valid row of a people file, its unit resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonImportRow {
    /// The row's number in the file (header = 1).
    #[serde(skip)]
    pub row: i32,
    pub external_id: String,
    pub full_name: String,
    pub email: Option<String>,
    pub unit_id: Uuid,
    pub category: String,
    pub title: String,
    pub form_code: i16,
}

/// Whether a stored person was created or changed by the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
}

/// A person the import created or changed, for the audit trail.
#[derive(Debug, Clone)]
pub struct PersonChange {
    pub person_id: Uuid,
    pub kind: ChangeKind,
    /// The stored values before an update.
    pub before: Option<PersonImportRow>,
    pub after: PersonImportRow,
    /// Whether the post (unit, category, title, form) changed: a new post history row.
    pub post_changed: bool,
}

/// What one batch did.
#[derive(Debug, Clone, Default)]
pub struct BatchOutcome {
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub changes: Vec<PersonChange>,
}

/// Prepares the current transaction for [`apply_people_batch`]: waits for any other import of
/// people to finish and creates the staging table (dropped at commit or rollback).
pub fn begin_people_import(conn: &mut PgConnection) -> Result<(), PersistenceError> {
    diesel::sql_query(format!("SELECT pg_advisory_xact_lock({IMPORT_LOCK_KEY})")).execute(conn)?;
    diesel::sql_query(
        "CREATE TEMP TABLE import_people_batch (
            row_no        INT4 NOT NULL,
            external_id   TEXT NOT NULL,
            full_name     TEXT NOT NULL,
            email         TEXT,
            unit_id       UUID NOT NULL,
            category      TEXT NOT NULL,
            title         TEXT NOT NULL,
            form_code     INT2 NOT NULL,
            person_id     UUID NOT NULL,
            kind          TEXT NOT NULL,
            post_changed  BOOL NOT NULL,
            old_full_name TEXT,
            old_email     TEXT,
            old_unit_id   UUID,
            old_category  TEXT,
            old_title     TEXT,
            old_form_code INT2
        ) ON COMMIT DROP",
    )
    .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct ChangedRow {
    #[diesel(sql_type = Int4)]
    row_no: i32,
    #[diesel(sql_type = Text)]
    external_id: String,
    #[diesel(sql_type = Text)]
    full_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    email: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    unit_id: Uuid,
    #[diesel(sql_type = Text)]
    category: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Int2)]
    form_code: i16,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    person_id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Bool)]
    post_changed: bool,
    #[diesel(sql_type = Nullable<Text>)]
    old_full_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    old_email: Option<String>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    old_unit_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    old_category: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    old_title: Option<String>,
    #[diesel(sql_type = Nullable<Int2>)]
    old_form_code: Option<i16>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Upserts one batch of people by `external_id`, set-based: stages the rows, classifies each as
/// created, updated (something differs) or unchanged, inserts and updates `people`, closes the
/// open post of everyone whose post changed and opens the new one (new people get their first).
/// Unchanged people are not written at all. Call after [`begin_people_import`], in the same
/// transaction; the rows' external ids must be distinct across all batches.
pub fn apply_people_batch(
    conn: &mut PgConnection,
    rows: &[PersonImportRow],
    now: DateTime<Utc>,
) -> Result<BatchOutcome, PersistenceError> {
    if rows.is_empty() {
        return Ok(BatchOutcome::default());
    }
    let mut row_nos = Vec::with_capacity(rows.len());
    let mut external_ids = Vec::with_capacity(rows.len());
    let mut names = Vec::with_capacity(rows.len());
    let mut emails = Vec::with_capacity(rows.len());
    let mut unit_ids = Vec::with_capacity(rows.len());
    let mut categories = Vec::with_capacity(rows.len());
    let mut titles = Vec::with_capacity(rows.len());
    let mut forms = Vec::with_capacity(rows.len());
    for row in rows {
        row_nos.push(row.row);
        external_ids.push(row.external_id.as_str());
        names.push(row.full_name.as_str());
        emails.push(row.email.as_deref());
        unit_ids.push(row.unit_id);
        categories.push(row.category.as_str());
        titles.push(row.title.as_str());
        forms.push(row.form_code);
    }
    diesel::sql_query("TRUNCATE import_people_batch").execute(conn)?;
    diesel::sql_query(
        "INSERT INTO import_people_batch
            (row_no, external_id, full_name, email, unit_id, category, title, form_code,
             person_id, kind, post_changed,
             old_full_name, old_email, old_unit_id, old_category, old_title, old_form_code)
         SELECT i.row_no, i.external_id, i.full_name, i.email, i.unit_id, i.category, i.title, i.form_code,
                COALESCE(p.id, gen_random_uuid()),
                CASE WHEN p.id IS NULL THEN 'created'
                     WHEN (p.full_name, p.email, p.unit_id, p.position_category, p.position_title, p.form_code)
                          IS NOT DISTINCT FROM (i.full_name, i.email, i.unit_id, i.category, i.title, i.form_code)
                     THEN 'unchanged'
                     ELSE 'updated' END,
                p.id IS NOT NULL
                    AND (p.unit_id, p.position_category, p.position_title, p.form_code)
                        IS DISTINCT FROM (i.unit_id, i.category, i.title, i.form_code),
                p.full_name, p.email, p.unit_id, p.position_category, p.position_title, p.form_code
         FROM unnest($1::int4[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::int2[])
              AS i(row_no, external_id, full_name, email, unit_id, category, title, form_code)
         -- One index probe per row (LIMIT keeps the planner from hashing all of people).
         LEFT JOIN LATERAL (
             SELECT id, full_name, email, unit_id, position_category, position_title, form_code
             FROM people WHERE people.external_id = i.external_id LIMIT 1
         ) p ON TRUE",
    )
    .bind::<Array<Int4>, _>(&row_nos)
    .bind::<Array<Text>, _>(&external_ids)
    .bind::<Array<Text>, _>(&names)
    .bind::<Array<Nullable<Text>>, _>(&emails)
    .bind::<Array<diesel::sql_types::Uuid>, _>(&unit_ids)
    .bind::<Array<Text>, _>(&categories)
    .bind::<Array<Text>, _>(&titles)
    .bind::<Array<Int2>, _>(&forms)
    .execute(conn)?;
    diesel::sql_query("ANALYZE import_people_batch").execute(conn)?;

    let created = diesel::sql_query(
        "INSERT INTO people (id, external_id, full_name, email, unit_id, position_category,
                             position_title, form_code, created_at, updated_at)
         SELECT person_id, external_id, full_name, email, unit_id, category, title, form_code, $1, $1
         FROM import_people_batch WHERE kind = 'created'",
    )
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;
    let updated = diesel::sql_query(
        "UPDATE people p
         SET full_name = b.full_name, email = b.email, unit_id = b.unit_id,
             position_category = b.category, position_title = b.title, form_code = b.form_code,
             updated_at = $1
         FROM import_people_batch b
         WHERE b.kind = 'updated' AND p.id = b.person_id",
    )
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE post_history h SET ended_at = $1
         FROM import_people_batch b
         WHERE b.post_changed AND h.person_id = b.person_id AND h.ended_at IS NULL",
    )
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO post_history (person_id, unit_id, position_category, position_title, form_code,
                                   started_at, reason)
         SELECT person_id, unit_id, category, title, form_code, $1, 'import'
         FROM import_people_batch WHERE kind = 'created' OR post_changed",
    )
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;

    let unchanged: Count =
        diesel::sql_query("SELECT count(*) AS n FROM import_people_batch WHERE kind = 'unchanged'")
            .get_result(conn)?;
    let changed: Vec<ChangedRow> = diesel::sql_query(
        "SELECT row_no, external_id, full_name, email, unit_id, category, title, form_code,
                person_id, kind, post_changed,
                old_full_name, old_email, old_unit_id, old_category, old_title, old_form_code
         FROM import_people_batch WHERE kind <> 'unchanged' ORDER BY row_no",
    )
    .load(conn)?;
    let changes = changed
        .into_iter()
        .map(|c| {
            let before = match (
                c.old_full_name,
                c.old_unit_id,
                c.old_category,
                c.old_title,
                c.old_form_code,
            ) {
                (Some(full_name), Some(unit_id), Some(category), Some(title), Some(form_code))
                    if c.kind == "updated" =>
                {
                    Some(PersonImportRow {
                        row: c.row_no,
                        external_id: c.external_id.clone(),
                        full_name,
                        email: c.old_email,
                        unit_id,
                        category,
                        title,
                        form_code,
                    })
                }
                _ => None,
            };
            PersonChange {
                person_id: c.person_id,
                kind: if c.kind == "created" {
                    ChangeKind::Created
                } else {
                    ChangeKind::Updated
                },
                before,
                after: PersonImportRow {
                    row: c.row_no,
                    external_id: c.external_id,
                    full_name: c.full_name,
                    email: c.email,
                    unit_id: c.unit_id,
                    category: c.category,
                    title: c.title,
                    form_code: c.form_code,
                },
                post_changed: c.post_changed,
            }
        })
        .collect();
    Ok(BatchOutcome {
        created: i32::try_from(created).unwrap_or(i32::MAX),
        updated: i32::try_from(updated).unwrap_or(i32::MAX),
        unchanged: i32::try_from(unchanged.n).unwrap_or(i32::MAX),
        changes,
    })
}

/// Ends as failed the jobs still pending or running whose heartbeat is older than
/// `silent_since`: their process died (an import applies in one transaction, so nothing of them
/// was applied).
pub fn fail_interrupted(
    conn: &mut PgConnection,
    silent_since: DateTime<Utc>,
    errors: &Value,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    Ok(diesel::update(
        imports::table
            .filter(imports::status.eq_any(["pending", "running"]))
            .filter(imports::heartbeat_at.lt(silent_since)),
    )
    .set((
        imports::status.eq("failed"),
        imports::processed_rows.eq(0),
        imports::errors.eq(errors),
        imports::finished_at.eq(now),
    ))
    .execute(conn)?)
}
