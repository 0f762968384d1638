//! Webhooks: subscriptions of service clients, the event outbox and its deliveries.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int4, Int8, Jsonb, Nullable, Text, Timestamptz};
use uuid::Uuid;

use crate::PersistenceError;
use crate::prepared::kept;
use crate::schema::{webhook_deliveries, webhook_subscriptions};

/// A subscription.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions, check_for_backend(diesel::pg::Pg))]
pub struct Subscription {
    pub id: Uuid,
    pub client_id: Uuid,
    pub url: String,
    pub events: Vec<Option<String>>,
    pub secret: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub fn subscribe(
    conn: &mut PgConnection,
    client_id: Uuid,
    url: &str,
    events: &[String],
    secret: &str,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Subscription, PersistenceError> {
    Ok(diesel::insert_into(webhook_subscriptions::table)
        .values((
            webhook_subscriptions::client_id.eq(client_id),
            webhook_subscriptions::url.eq(url),
            webhook_subscriptions::events
                .eq(events.iter().map(|e| Some(e.clone())).collect::<Vec<_>>()),
            webhook_subscriptions::secret.eq(secret),
            webhook_subscriptions::created_at.eq(now),
            webhook_subscriptions::created_by.eq(created_by),
        ))
        .returning(Subscription::as_returning())
        .get_result(conn)?)
}

pub fn of_client(
    conn: &mut PgConnection,
    client_id: Uuid,
) -> Result<Vec<Subscription>, PersistenceError> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::client_id.eq(client_id))
        .order(webhook_subscriptions::created_at)
        .select(Subscription::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<Subscription, PersistenceError> {
    Ok(webhook_subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)?)
}

/// Stops a subscription: no new deliveries; those pending are dropped as failed.
pub fn deactivate(conn: &mut PgConnection, id: Uuid) -> Result<(), PersistenceError> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set(webhook_subscriptions::active.eq(false))
        .execute(conn)?;
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(id))
            .filter(webhook_deliveries::status.eq_any(["pending", "sending"])),
    )
    .set((
        webhook_deliveries::status.eq("failed"),
        webhook_deliveries::last_error.eq("subscription removed"),
    ))
    .execute(conn)?;
    Ok(())
}

/// Records an event in the caller's transaction, with one delivery for each active
/// subscription to it whose client is active, holds `scope`, and may see one of the units at
/// `unit_paths` (a client limited to a unit sees its subtree; others see everything). Returns
/// the deliveries made.
pub fn record(
    conn: &mut PgConnection,
    event: &str,
    scope: &str,
    unit_id: Option<Uuid>,
    unit_paths: &[String],
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    #[derive(QueryableByName)]
    struct Made {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        deliveries: i64,
    }
    // One statement, kept prepared: it runs in the transaction of every decision.
    let made: Made = kept(
        diesel::sql_query(
            "WITH created AS ( \
                 INSERT INTO webhook_events (event, unit_id, payload, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id \
             ), delivered AS ( \
                 INSERT INTO webhook_deliveries (event_id, subscription_id, next_attempt_at, created_at) \
                 SELECT created.id, s.id, $4, $4 FROM created \
                 CROSS JOIN webhook_subscriptions s \
                 JOIN service_clients c ON c.id = s.client_id \
                 LEFT JOIN units cu ON cu.id = c.unit_id \
                 WHERE s.active AND c.status = 'active' AND $1 = ANY(s.events) AND $5 = ANY(c.scopes) \
                   AND (c.unit_id IS NULL OR EXISTS (SELECT 1 FROM unnest($6::text[]) p WHERE p LIKE cu.path || '%')) \
                 RETURNING 1 \
             ) \
             SELECT count(*) AS deliveries FROM delivered",
        )
        .bind::<Text, _>(event)
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(unit_id)
        .bind::<Jsonb, _>(payload)
        .bind::<Timestamptz, _>(now)
        .bind::<Text, _>(scope)
        .bind::<diesel::sql_types::Array<Text>, _>(unit_paths),
    )
    .get_result(conn)?;
    usize::try_from(made.deliveries)
        .map_err(|_| PersistenceError::Corrupt("a negative count of deliveries".to_owned()))
}

/// A delivery claimed for sending, with what to send.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueDelivery {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub event_id: Uuid,
    #[diesel(sql_type = Text)]
    pub event: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub event_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Text)]
    pub secret: String,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    /// The subscription and its client are still active (else the delivery is dropped).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub live: bool,
}

/// Claims up to `limit` deliveries due at `now` until `claimed_until`, counting the attempt.
pub fn claim_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    claimed_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueDelivery>, PersistenceError> {
    Ok(diesel::sql_query(
        "WITH claimed AS ( \
           UPDATE webhook_deliveries SET status = 'sending', claimed_until = $2, attempts = attempts + 1 \
           WHERE id IN (SELECT id FROM webhook_deliveries \
                        WHERE (status = 'pending' AND next_attempt_at <= $1) \
                           OR (status = 'sending' AND claimed_until < $1) \
                        ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
           RETURNING id, event_id, subscription_id, attempts) \
         SELECT c.id, c.event_id, e.event, e.payload, e.created_at AS event_at, s.url, s.secret, \
                c.attempts, (s.active AND sc.status = 'active') AS live \
         FROM claimed c JOIN webhook_events e ON e.id = c.event_id \
         JOIN webhook_subscriptions s ON s.id = c.subscription_id \
         JOIN service_clients sc ON sc.id = s.client_id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(claimed_until)
    .bind::<Int8, _>(limit)
    .load(conn)?)
}

/// One attempt's outcome.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<i32>,
    /// Why it failed; none: delivered.
    pub error: Option<&'a str>,
    pub duration_ms: i32,
    /// When to try again; none after a failure: given up.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Records an attempt: delivered (2xx), or failed with its status or error and retried at
/// `retry_at` (none: given up). The delivery's status changes only while it is still held by
/// this claim (not ended meanwhile, e.g. by removing its subscription).
pub fn record_attempt(
    conn: &mut PgConnection,
    id: Uuid,
    claimed_until: DateTime<Utc>,
    now: DateTime<Utc>,
    attempt: &Attempt<'_>,
) -> Result<(), PersistenceError> {
    let Attempt {
        status_code,
        error,
        duration_ms,
        retry_at,
    } = *attempt;
    conn.transaction(|conn| {
        diesel::sql_query(
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind::<diesel::sql_types::Uuid, _>(id)
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Int4>, _>(status_code)
        .bind::<Nullable<Text>, _>(error)
        .bind::<Int4, _>(duration_ms)
        .execute(conn)?;
        let status = match (error, retry_at) {
            (None, _) => "delivered",
            (Some(_), Some(_)) => "pending",
            (Some(_), None) => "failed",
        };
        diesel::sql_query(
            "UPDATE webhook_deliveries SET status = $2, claimed_until = NULL, last_status_code = $3, \
             last_error = $4, delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE delivered_at END, \
             next_attempt_at = coalesce($6, next_attempt_at) \
             WHERE id = $1 AND status = 'sending' AND claimed_until = $7",
        )
        .bind::<diesel::sql_types::Uuid, _>(id)
        .bind::<Text, _>(status)
        .bind::<Nullable<Int4>, _>(status_code)
        .bind::<Nullable<Text>, _>(error)
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Timestamptz>, _>(retry_at)
        .bind::<Timestamptz, _>(claimed_until)
        .execute(conn)?;
        Ok(())
    })
}

/// One delivery in a subscription's log.
#[derive(Debug, Clone, QueryableByName)]
pub struct DeliveryLog {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub event_id: Uuid,
    #[diesel(sql_type = Text)]
    pub event: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Nullable<Int4>)]
    pub last_status_code: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub next_attempt_at: DateTime<Utc>,
}

/// A subscription's deliveries, newest first.
pub fn deliveries(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    limit: i64,
) -> Result<Vec<DeliveryLog>, PersistenceError> {
    Ok(diesel::sql_query(
        "SELECT d.id, d.event_id, e.event, d.status, d.attempts, d.last_status_code, d.last_error, \
                d.created_at, d.delivered_at, d.next_attempt_at \
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
         WHERE d.subscription_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2",
    )
    .bind::<diesel::sql_types::Uuid, _>(subscription_id)
    .bind::<Int8, _>(limit)
    .load(conn)?)
}
