use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::lower;
use crate::PersistenceError;
use crate::models::accounts::{Account, AccountRole, NewAccount, NewAccountRole};
use crate::schema::{account_roles, accounts};

/// The account with this username (case-insensitive), row-locked until the transaction ends so
/// that concurrent sign-ins count failures exactly.
pub fn find_by_username_for_update(
    conn: &mut PgConnection,
    username: &str,
) -> Result<Option<Account>, PersistenceError> {
    Ok(accounts::table
        .filter(lower(accounts::username).eq(username.to_lowercase()))
        .select(Account::as_select())
        .for_update()
        .first(conn)
        .optional()?)
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<Account, PersistenceError> {
    Ok(accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)?)
}

pub fn find_for_update(conn: &mut PgConnection, id: Uuid) -> Result<Account, PersistenceError> {
    Ok(accounts::table
        .find(id)
        .select(Account::as_select())
        .for_update()
        .first(conn)?)
}

pub fn exists_by_username(
    conn: &mut PgConnection,
    username: &str,
) -> Result<bool, PersistenceError> {
    Ok(diesel::select(diesel::dsl::exists(
        accounts::table.filter(lower(accounts::username).eq(username.to_lowercase())),
    ))
    .get_result(conn)?)
}

/// Stores the outcome of a failed sign-in.
pub fn record_failed_sign_in(
    conn: &mut PgConnection,
    id: Uuid,
    failed_attempts: i32,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::failed_attempts.eq(failed_attempts),
            accounts::locked_until.eq(locked_until),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Clears the failure count and any lock after a successful sign-in.
pub fn record_successful_sign_in(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<(), PersistenceError> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::failed_attempts.eq(0),
            accounts::locked_until.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_password(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(password_hash),
            accounts::must_change_password.eq(must_change_password),
            accounts::password_changed_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn roles(
    conn: &mut PgConnection,
    account_id: Uuid,
) -> Result<Vec<AccountRole>, PersistenceError> {
    Ok(account_roles::table
        .filter(account_roles::account_id.eq(account_id))
        .order(account_roles::created_at)
        .select(AccountRole::as_select())
        .load(conn)?)
}

/// Creates an account with its roles.
pub fn create(
    conn: &mut PgConnection,
    account: &NewAccount<'_>,
    roles: &[(&str, Option<Uuid>, Option<&str>)],
) -> Result<Account, PersistenceError> {
    let created: Account = diesel::insert_into(accounts::table)
        .values(account)
        .returning(Account::as_returning())
        .get_result(conn)?;
    let rows: Vec<NewAccountRole<'_>> = roles
        .iter()
        .map(|&(role, unit_id, bloc)| NewAccountRole {
            account_id: created.id,
            role,
            unit_id,
            bloc,
        })
        .collect();
    diesel::insert_into(account_roles::table)
        .values(&rows)
        .execute(conn)?;
    Ok(created)
}
