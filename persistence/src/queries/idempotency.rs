//! `Idempotency-Key` storage: the first request's answer under (caller, key), bound to the
//! request's method and path (`scope`) and the SHA-256 of its body; keys live 24 hours.

use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;

use crate::PersistenceError;
use crate::schema::idempotency_keys;

/// How long a key is remembered.
pub const KEY_LIFETIME_HOURS: i64 = 24;
/// A key whose request has not answered after this long is free again: the request died (its
/// change, stored with its answer in one transaction, was not committed), or the database went
/// away before the key could be released.
pub const UNANSWERED_LEASE_SECONDS: i64 = 30;

/// What a key already holds: `None` status while the first request runs.
#[derive(Debug, Clone, Queryable)]
pub struct Claimed {
    pub scope: String,
    /// `None` for keys stored before bodies were hashed.
    pub request_hash: Option<Vec<u8>>,
    pub status: Option<i16>,
    pub body: Option<serde_json::Value>,
}

/// A request's hold on a key: the instant it claimed it. A retry that takes the key over after
/// [`UNANSWERED_LEASE_SECONDS`] claims it at a later instant, so the first request, if it was
/// only slow, can no longer answer under it nor release it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimToken(DateTime<Utc>);

/// What claiming a key gave.
#[derive(Debug, Clone)]
pub enum Claim {
    /// The key is this request's to answer.
    Mine(ClaimToken),
    /// Another request holds the key, or has answered under it.
    Taken(Claimed),
}

/// Claims a key for a request; returns what is stored when the key is already in use. Keys
/// older than [`KEY_LIFETIME_HOURS`] are forgotten first, so an old key acts again.
pub fn claim(
    conn: &mut PgConnection,
    caller: &str,
    key: &str,
    scope: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<Claim, PersistenceError> {
    // PostgreSQL keeps microseconds: the token is the very value stored.
    let now = now.trunc_subsecs(6);
    diesel::delete(idempotency_keys::table.filter(
        idempotency_keys::created_at.lt(now - chrono::Duration::hours(KEY_LIFETIME_HOURS)),
    ))
    .execute(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller.eq(caller),
            idempotency_keys::key.eq(key),
            idempotency_keys::scope.eq(scope),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 1 {
        return Ok(Claim::Mine(ClaimToken(now)));
    }
    let reclaimed = diesel::update(
        idempotency_keys::table
            .find((caller, key))
            .filter(idempotency_keys::status.is_null())
            .filter(
                idempotency_keys::created_at
                    .lt(now - chrono::Duration::seconds(UNANSWERED_LEASE_SECONDS)),
            ),
    )
    .set((
        idempotency_keys::scope.eq(scope),
        idempotency_keys::request_hash.eq(request_hash),
        idempotency_keys::created_at.eq(now),
    ))
    .execute(conn)?;
    if reclaimed == 1 {
        return Ok(Claim::Mine(ClaimToken(now)));
    }
    Ok(Claim::Taken(
        idempotency_keys::table
            .find((caller, key))
            .select((
                idempotency_keys::scope,
                idempotency_keys::request_hash,
                idempotency_keys::status,
                idempotency_keys::body,
            ))
            .first(conn)?,
    ))
}

/// Stores the answer of the request holding `token`; `false` (nothing stored) when a retry has
/// taken the key over meanwhile.
pub fn store_answer(
    conn: &mut PgConnection,
    caller: &str,
    key: &str,
    token: ClaimToken,
    status: i16,
    body: &serde_json::Value,
) -> Result<bool, PersistenceError> {
    let updated = diesel::update(
        idempotency_keys::table
            .find((caller, key))
            .filter(idempotency_keys::created_at.eq(token.0))
            .filter(idempotency_keys::status.is_null()),
    )
    .set((
        idempotency_keys::status.eq(status),
        idempotency_keys::body.eq(body),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Frees a key whose request failed, so it can be retried at once; a key a retry has taken over
/// stays. Returns whether the key was freed.
pub fn release(
    conn: &mut PgConnection,
    caller: &str,
    key: &str,
    token: ClaimToken,
) -> Result<bool, PersistenceError> {
    let deleted = diesel::delete(
        idempotency_keys::table
            .find((caller, key))
            .filter(idempotency_keys::created_at.eq(token.0))
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// Forgets keys older than [`KEY_LIFETIME_HOURS`] (the scheduler's clean-up); returns how many.
pub fn forget_expired(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    Ok(diesel::delete(idempotency_keys::table.filter(
        idempotency_keys::created_at.lt(now - chrono::Duration::hours(KEY_LIFETIME_HOURS)),
    ))
    .execute(conn)?)
}
