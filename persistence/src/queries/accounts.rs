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

/// The account with this username (case-insensitive), without locking it: sign-in reads the
/// hash with this, releases the connection, verifies, then records the outcome.
pub fn find_by_username(
    conn: &mut PgConnection,
    username: &str,
) -> Result<Option<Account>, PersistenceError> {
    Ok(accounts::table
        .filter(lower(accounts::username).eq(username.to_lowercase()))
        .select(Account::as_select())
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

/// Functional accounts (unit admin, aggregator) a person holds.
pub fn held_by(conn: &mut PgConnection, person_id: Uuid) -> Result<Vec<Account>, PersistenceError> {
    Ok(accounts::table
        .filter(accounts::holder_person_id.eq(person_id))
        .order(accounts::username)
        .select(Account::as_select())
        .load(conn)?)
}

/// Hands a functional account to another holder (or to nobody).
pub fn set_holder(
    conn: &mut PgConnection,
    account_id: Uuid,
    holder: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(accounts::table.find(account_id))
        .set((
            accounts::holder_person_id.eq(holder),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The personal account of a person, if any.
pub fn of_person(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<Option<Account>, PersistenceError> {
    Ok(accounts::table
        .filter(accounts::person_id.eq(person_id))
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}

/// Removes the roles tied to a unit (unit admin, aggregator) from an account; returns them.
pub fn remove_unit_roles(
    conn: &mut PgConnection,
    account_id: Uuid,
) -> Result<Vec<AccountRole>, PersistenceError> {
    Ok(diesel::delete(
        account_roles::table
            .filter(account_roles::account_id.eq(account_id))
            .filter(account_roles::unit_id.is_not_null()),
    )
    .returning(AccountRole::as_returning())
    .get_results(conn)?)
}

/// Roles of many accounts at once.
pub fn roles_of(
    conn: &mut PgConnection,
    account_ids: &[Uuid],
) -> Result<Vec<AccountRole>, PersistenceError> {
    Ok(account_roles::table
        .filter(account_roles::account_id.eq_any(account_ids))
        .order((account_roles::account_id, account_roles::created_at))
        .select(AccountRole::as_select())
        .load(conn)?)
}

/// Accounts tied to visible units (through their person or a unit-scoped role), by username,
/// after `after` (keyset paging). The API checks each with the access policy.
pub fn list(
    conn: &mut PgConnection,
    visibility: &super::org::Visibility,
    text: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Account>, PersistenceError> {
    use crate::schema::{people, units};
    let mut query = accounts::table
        .select(Account::as_select())
        .order(lower(accounts::username))
        .limit(limit)
        .into_boxed::<diesel::pg::Pg>();
    if !visibility.everything {
        let unit_ids = || {
            units::table
                .filter(super::org::visible_units(visibility))
                .select(units::id)
                .into_boxed::<diesel::pg::Pg>()
        };
        let people_ids = people::table
            .filter(people::unit_id.eq_any(unit_ids()))
            .select(people::id.nullable());
        let role_unit_ids = units::table
            .filter(super::org::visible_units(visibility))
            .select(units::id.nullable())
            .into_boxed::<diesel::pg::Pg>();
        let role_accounts = account_roles::table
            .filter(account_roles::unit_id.eq_any(role_unit_ids))
            .select(account_roles::account_id);
        query = query.filter(
            accounts::person_id
                .eq_any(people_ids)
                .or(accounts::id.eq_any(role_accounts)),
        );
    }
    if let Some(text) = text {
        query =
            query.filter(accounts::username.ilike(format!("%{}%", super::org::escape_like(text))));
    }
    if let Some(after) = after {
        query = query.filter(lower(accounts::username).gt(after.to_lowercase()));
    }
    Ok(query.load(conn)?)
}

/// Account fields an administrator may change.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = accounts)]
pub struct AccountChanges {
    pub status: Option<String>,
    pub status_reason: Option<Option<String>>,
    pub valid_until: Option<Option<DateTime<Utc>>>,
    pub holder_person_id: Option<Option<Uuid>>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub fn update(
    conn: &mut PgConnection,
    id: Uuid,
    changes: &AccountChanges,
) -> Result<Account, PersistenceError> {
    Ok(diesel::update(accounts::table.find(id))
        .set(changes)
        .returning(Account::as_returning())
        .get_result(conn)?)
}

/// A role to grant, with the decision that grants it.
#[derive(Debug, Clone)]
pub struct RoleGrant {
    pub role: String,
    pub unit_id: Option<Uuid>,
    pub bloc: Option<String>,
    pub decision_number: Option<String>,
    pub decision_date: Option<chrono::NaiveDate>,
}

/// Replaces an account's roles.
pub fn replace_roles(
    conn: &mut PgConnection,
    account_id: Uuid,
    roles: &[RoleGrant],
) -> Result<(), PersistenceError> {
    diesel::delete(account_roles::table.filter(account_roles::account_id.eq(account_id)))
        .execute(conn)?;
    for grant in roles {
        diesel::insert_into(account_roles::table)
            .values((
                account_roles::account_id.eq(account_id),
                account_roles::role.eq(&grant.role),
                account_roles::unit_id.eq(grant.unit_id),
                account_roles::bloc.eq(&grant.bloc),
                account_roles::decision_number.eq(&grant.decision_number),
                account_roles::decision_date.eq(grant.decision_date),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Sets a one-time password: the account must change it, and any lock is lifted.
pub fn reset_password(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(password_hash),
            accounts::must_change_password.eq(true),
            accounts::failed_attempts.eq(0),
            accounts::locked_until.eq(None::<DateTime<Utc>>),
            // When the one-time password was issued: it expires from here.
            accounts::password_changed_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the decision that handed an account's unit admin role to its holder (Điều 7.5).
pub fn record_unit_admin_decision(
    conn: &mut PgConnection,
    account_id: Uuid,
    number: &str,
    date: chrono::NaiveDate,
) -> Result<usize, PersistenceError> {
    Ok(diesel::update(
        account_roles::table
            .filter(account_roles::account_id.eq(account_id))
            .filter(account_roles::role.eq("unit_admin")),
    )
    .set((
        account_roles::decision_number.eq(number),
        account_roles::decision_date.eq(date),
    ))
    .execute(conn)?)
}

/// Takes a transaction-wide lock that serialises changes to operator accounts.
pub fn lock_operator_changes(conn: &mut PgConnection) -> Result<(), PersistenceError> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(7301001)").execute(conn)?;
    Ok(())
}

/// Active, unexpired operator accounts other than `except`.
pub fn other_active_operators(
    conn: &mut PgConnection,
    except: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    Ok(accounts::table
        .inner_join(account_roles::table)
        .filter(account_roles::role.eq("operator"))
        .filter(accounts::id.ne(except))
        .filter(accounts::status.eq("active"))
        .filter(
            accounts::valid_until
                .is_null()
                .or(accounts::valid_until.gt(now)),
        )
        .select(accounts::id)
        .distinct()
        .load::<Uuid>(conn)?
        .len())
}
