use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{account_roles, accounts};

/// A sign-in account ("tài khoản"), personal or functional.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = accounts, check_for_backend(diesel::pg::Pg))]
pub struct Account {
    pub id: Uuid,
    pub username: String,
    pub password_hash: String,
    pub person_id: Option<Uuid>,
    pub status: String,
    pub must_change_password: bool,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// For a functional account (unit admin, aggregator): the person who holds it.
    pub holder_person_id: Option<Uuid>,
    /// The account stops working after this instant ("gia hạn" extends it).
    pub valid_until: Option<DateTime<Utc>>,
    pub status_reason: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub person_id: Option<Uuid>,
    pub must_change_password: bool,
}

/// A role of an account over a unit subtree or a bloc.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_roles, check_for_backend(diesel::pg::Pg))]
pub struct AccountRole {
    pub id: Uuid,
    pub account_id: Uuid,
    pub role: String,
    pub unit_id: Option<Uuid>,
    pub bloc: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decision_number: Option<String>,
    pub decision_date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = account_roles)]
pub struct NewAccountRole<'a> {
    pub account_id: Uuid,
    pub role: &'a str,
    pub unit_id: Option<Uuid>,
    pub bloc: Option<&'a str>,
}
