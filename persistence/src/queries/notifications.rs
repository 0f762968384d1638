//! In-app notifications, each person's preferences, and the e-mail outbox they feed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Int4, Int8, Nullable, Text, Timestamptz};
use uuid::Uuid;

use crate::PersistenceError;
use crate::schema::{notification_preferences, notifications};

/// A notification as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications, check_for_backend(diesel::pg::Pg))]
pub struct Notification {
    pub id: Uuid,
    pub person_id: Uuid,
    pub cause: String,
    pub period: String,
    pub level: i16,
    pub unit_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification {
    pub person_id: Uuid,
    pub cause: String,
    pub period: String,
    pub level: i16,
    pub unit_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Rows per INSERT (PostgreSQL binds at most 65,535 parameters; a row takes 9).
const BATCH: usize = 5_000;

/// Inserts the notifications not sent before (same person, cause, period and level); those
/// whose person turned in-app notifications off are stored as read. Queues an e-mail for each
/// new one whose person has an address and wants e-mail. Returns how many were new.
pub fn deliver(
    conn: &mut PgConnection,
    rows: &[NewNotification],
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    // One transaction: a notification never exists without its e-mail.
    conn.transaction(|conn| deliver_batches(conn, rows, now))
}

fn deliver_batches(
    conn: &mut PgConnection,
    rows: &[NewNotification],
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    let mut new = 0;
    for batch in rows.chunks(BATCH) {
        let ids: Vec<Uuid> = diesel::insert_into(notifications::table)
            .values(batch)
            .on_conflict_do_nothing()
            .returning(notifications::id)
            .get_results(conn)?;
        new += ids.len();
        diesel::sql_query(
            "UPDATE notifications n SET read_at = n.created_at FROM notification_preferences p \
             WHERE n.id = ANY($1) AND p.person_id = n.person_id AND NOT p.in_app",
        )
        .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
        .execute(conn)?;
        diesel::sql_query(
            "INSERT INTO email_outbox (notification_id, to_address, subject, body, next_attempt_at, created_at) \
             SELECT n.id, p.email, n.title, n.body, $2, $2 \
             FROM notifications n JOIN people p ON p.id = n.person_id \
             LEFT JOIN notification_preferences np ON np.person_id = n.person_id \
             WHERE n.id = ANY($1) AND p.email IS NOT NULL AND btrim(p.email) <> '' \
               AND coalesce(np.email, TRUE)",
        )
        .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
        .bind::<Timestamptz, _>(now)
        .execute(conn)?;
    }
    Ok(new)
}

/// A person's notifications, newest first, after the (created_at, id) of `after`.
pub fn of_person(
    conn: &mut PgConnection,
    person_id: Uuid,
    unread_only: bool,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Notification>, PersistenceError> {
    let mut query = notifications::table
        .filter(notifications::person_id.eq(person_id))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select(Notification::as_select())
        .into_boxed();
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    if let Some((at, id)) = after {
        query = query.filter(
            notifications::created_at
                .lt(at)
                .or(notifications::created_at
                    .eq(at)
                    .and(notifications::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

pub fn unread_count(conn: &mut PgConnection, person_id: Uuid) -> Result<i64, PersistenceError> {
    Ok(notifications::table
        .filter(notifications::person_id.eq(person_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Marks one of the person's notifications read; false when it is not theirs.
pub fn mark_read(
    conn: &mut PgConnection,
    person_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let found = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::person_id.eq(person_id))
        .select(notifications::id)
        .first::<Uuid>(conn)
        .optional()?;
    if found.is_none() {
        return Ok(false);
    }
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)?;
    Ok(true)
}

pub fn mark_all_read(
    conn: &mut PgConnection,
    person_id: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    Ok(diesel::update(
        notifications::table
            .filter(notifications::person_id.eq(person_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)?)
}

/// (in-app, e-mail); both by default.
pub fn preferences(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<(bool, bool), PersistenceError> {
    Ok(notification_preferences::table
        .find(person_id)
        .select((
            notification_preferences::in_app,
            notification_preferences::email,
        ))
        .first(conn)
        .optional()?
        .unwrap_or((true, true)))
}

pub fn set_preferences(
    conn: &mut PgConnection,
    person_id: Uuid,
    in_app: bool,
    email: bool,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(notification_preferences::table)
        .values((
            notification_preferences::person_id.eq(person_id),
            notification_preferences::in_app.eq(in_app),
            notification_preferences::email.eq(email),
            notification_preferences::updated_at.eq(now),
        ))
        .on_conflict(notification_preferences::person_id)
        .do_update()
        .set((
            notification_preferences::in_app.eq(in_app),
            notification_preferences::email.eq(email),
            notification_preferences::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// An e-mail claimed for sending.
#[derive(Debug, Clone, QueryableByName)]
pub struct OutboxEmail {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub to_address: String,
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
}

/// Claims up to `limit` e-mails due at `now` until `claimed_until` (pending ones whose time has
/// come, and ones a dead sender left `sending` past their claim), counting the attempt.
pub fn claim_emails(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    claimed_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<OutboxEmail>, PersistenceError> {
    Ok(diesel::sql_query(
        "UPDATE email_outbox SET status = 'sending', claimed_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM email_outbox \
                      WHERE (status = 'pending' AND next_attempt_at <= $1) \
                         OR (status = 'sending' AND claimed_until < $1) \
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING id, to_address, subject, body, attempts",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(claimed_until)
    .bind::<Int8, _>(limit)
    .load(conn)?)
}

/// Records an attempt: sent, or failed with `error` and retried at `retry_at` (none: given up).
/// The e-mail's status changes only while it is still held by this claim (`claimed_until`).
pub fn record_attempt(
    conn: &mut PgConnection,
    id: Uuid,
    claimed_until: DateTime<Utc>,
    now: DateTime<Utc>,
    error: Option<&str>,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), PersistenceError> {
    conn.transaction(|conn| {
        diesel::sql_query(
            "INSERT INTO email_attempts (email_id, attempted_at, succeeded, error) VALUES ($1, $2, $3, $4)",
        )
        .bind::<diesel::sql_types::Uuid, _>(id)
        .bind::<Timestamptz, _>(now)
        .bind::<Bool, _>(error.is_none())
        .bind::<Nullable<Text>, _>(error)
        .execute(conn)?;
        let status = match (error, retry_at) {
            (None, _) => "sent",
            (Some(_), Some(_)) => "pending",
            (Some(_), None) => "failed",
        };
        diesel::sql_query(
            "UPDATE email_outbox SET status = $2, claimed_until = NULL, last_error = $3, \
             sent_at = CASE WHEN $2 = 'sent' THEN $4 ELSE sent_at END, \
             next_attempt_at = coalesce($5, next_attempt_at) \
             WHERE id = $1 AND status = 'sending' AND claimed_until = $6",
        )
        .bind::<diesel::sql_types::Uuid, _>(id)
        .bind::<Text, _>(status)
        .bind::<Nullable<Text>, _>(error)
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Timestamptz>, _>(retry_at)
        .bind::<Timestamptz, _>(claimed_until)
        .execute(conn)?;
        Ok(())
    })
}

/// Gives claimed e-mails back unattempted (their attempt is not counted).
pub fn release_emails(conn: &mut PgConnection, ids: &[Uuid]) -> Result<usize, PersistenceError> {
    Ok(diesel::sql_query(
        "UPDATE email_outbox SET status = 'pending', claimed_until = NULL, attempts = attempts - 1 \
         WHERE id = ANY($1) AND status = 'sending'",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(ids)
    .execute(conn)?)
}

/// Whether the person already has this notification (same cause, period and level).
pub fn exists(
    conn: &mut PgConnection,
    person_id: Uuid,
    cause: &str,
    period: &str,
    level: i16,
) -> Result<bool, PersistenceError> {
    Ok(diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::person_id.eq(person_id))
            .filter(notifications::cause.eq(cause))
            .filter(notifications::period.eq(period))
            .filter(notifications::level.eq(level)),
    ))
    .get_result(conn)?)
}
