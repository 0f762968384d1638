use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::accounts::Account;
use crate::models::sessions::{RefreshToken, Session};
use crate::schema::{accounts, refresh_tokens, sessions};

/// Starts a session with its first refresh token.
pub fn start(
    conn: &mut PgConnection,
    account_id: Uuid,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<Session, PersistenceError> {
    let session: Session = diesel::insert_into(sessions::table)
        .values((
            sessions::account_id.eq(account_id),
            sessions::expires_at.eq(expires_at),
        ))
        .returning(Session::as_returning())
        .get_result(conn)?;
    add_token(conn, session.id, token_hash, expires_at)?;
    Ok(session)
}

fn add_token(
    conn: &mut PgConnection,
    session_id: Uuid,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The refresh token with this hash, its session and account, all row-locked.
pub fn find_token_for_update(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<(RefreshToken, Session, Account)>, PersistenceError> {
    Ok(refresh_tokens::table
        .inner_join(sessions::table.inner_join(accounts::table))
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            RefreshToken::as_select(),
            Session::as_select(),
            Account::as_select(),
        ))
        .for_update()
        .first(conn)
        .optional()?)
}

/// Spends `token_id` and adds its successor to the same session.
pub fn rotate(
    conn: &mut PgConnection,
    token_id: Uuid,
    session_id: Uuid,
    new_hash: &[u8],
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(refresh_tokens::table.find(token_id))
        .set(refresh_tokens::spent_at.eq(now))
        .execute(conn)?;
    add_token(conn, session_id, new_hash, expires_at)
}

/// Revokes a session (and so every token of its family); revoking twice keeps the first reason.
pub fn revoke(
    conn: &mut PgConnection,
    session_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(())
}

/// Revokes every open session of an account except `keep`.
pub fn revoke_all_of_account(
    conn: &mut PgConnection,
    account_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    let keep = keep.unwrap_or(Uuid::nil());
    Ok(diesel::update(
        sessions::table
            .filter(sessions::account_id.eq(account_id))
            .filter(sessions::id.ne(keep))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}

/// What a request checks of its access token on every request: the account and session it
/// names, and the organisation's version (see [`super::org::version`]) read with them.
pub type AccessState = (Account, Session, i64);

/// The account and session an access token names, for checking on every request that both
/// are still good, with the organisation's version (see [`super::org::version`]) read in the
/// same statement: every request needs both (issue 13: one round trip fewer). The hottest reads
/// take it in their own statement instead ([`super::evaluations::find_with_history_for`]).
pub fn access_state(
    conn: &mut PgConnection,
    account_id: Uuid,
    session_id: Uuid,
) -> Result<Option<AccessState>, PersistenceError> {
    use crate::schema::org_version;
    // Typed, not an SQL literal: diesel keeps the statement prepared.
    let found = sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id.eq(session_id))
        .filter(sessions::account_id.eq(account_id))
        .select((
            Account::as_select(),
            Session::as_select(),
            org_version::table
                .select(org_version::version)
                .single_value(),
        ))
        .first::<(Account, Session, Option<i64>)>(conn)
        .optional()?;
    found
        .map(|(account, session, version)| {
            let version = version
                .ok_or_else(|| PersistenceError::Corrupt("org_version has no row".to_owned()))?;
            Ok((account, session, version))
        })
        .transpose()
}

/// Ends the sessions of accounts still on a one-time password issued before `issued_before`:
/// a session opened with a one-time password does not outlive it (the scheduler's clean-up).
/// Returns how many sessions ended.
pub fn end_expired_one_time_sessions(
    conn: &mut PgConnection,
    issued_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    use crate::schema::accounts;
    let expired = accounts::table
        .filter(accounts::must_change_password.eq(true))
        .filter(
            accounts::password_changed_at
                .le(issued_before)
                .or(accounts::password_changed_at
                    .is_null()
                    .and(accounts::created_at.le(issued_before))),
        )
        .select(accounts::id);
    Ok(diesel::update(
        sessions::table
            .filter(sessions::account_id.eq_any(expired))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq("one_time_password_expired"),
    ))
    .execute(conn)?)
}
