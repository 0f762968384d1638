//! What the alerts read (Điều 5.4): the month's evaluations not yet published with the facts
//! the reminders need, who heads and administers each publishing unit, and accounts that expire
//! soon. Set-based: one statement each, whatever the number of units.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Date, Nullable, Text, Timestamptz};
use uuid::Uuid;

use crate::PersistenceError;

/// One evaluation not yet published, as the alerts see it.
#[derive(Debug, Clone, QueryableByName)]
pub struct AlertFacts {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub person_id: Uuid,
    #[diesel(sql_type = Text)]
    pub state: String,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    pub reviewer_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    pub decider_id: Option<Uuid>,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub publishing_unit_id: Uuid,
    /// The publishing unit's materialised path (its calendar follows its ancestors' overrides).
    #[diesel(sql_type = Text)]
    pub unit_path: String,
    #[diesel(sql_type = Bool)]
    pub has_plan: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub self_extended_until: Option<DateTime<Utc>>,
}

/// The period's evaluations not yet published, with whether the person entered a monthly plan
/// and their latest self-assessment extension.
pub fn facts(conn: &mut PgConnection, period: &str) -> Result<Vec<AlertFacts>, PersistenceError> {
    Ok(diesel::sql_query(
        "SELECT e.person_id, e.state, e.reviewer_id, e.decider_id, e.publishing_unit_id, \
                u.path AS unit_path, \
                EXISTS (SELECT 1 FROM plan_items pi WHERE pi.person_id = e.person_id \
                        AND pi.period = e.period AND pi.kind = 'monthly') AS has_plan, \
                (SELECT max(x.until) FROM period_extensions x WHERE x.person_id = e.person_id \
                        AND x.period = e.period AND x.step = 'self') AS self_extended_until \
         FROM evaluations e JOIN units u ON u.id = e.publishing_unit_id \
         WHERE e.period = $1 AND e.state <> 'published'",
    )
    .bind::<Text, _>(period)
    .load(conn)?)
}

#[derive(QueryableByName)]
struct UnitPerson {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    unit_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    person_id: Uuid,
}

/// The head of each unit on `day`: whoever stands in by a delegation, else the active person
/// in the unit's head post.
pub fn heads(
    conn: &mut PgConnection,
    units: &[Uuid],
    day: NaiveDate,
) -> Result<Vec<(Uuid, Uuid)>, PersistenceError> {
    let rows: Vec<UnitPerson> = diesel::sql_query(
        "SELECT u.id AS unit_id, coalesce(d.acting_person_id, h.id) AS person_id \
         FROM units u \
         LEFT JOIN LATERAL (SELECT p.id FROM people p WHERE p.unit_id = u.id AND p.active \
                            AND p.position_category = 'head' ORDER BY p.id LIMIT 1) h ON TRUE \
         LEFT JOIN LATERAL (SELECT d.acting_person_id FROM delegations d WHERE d.unit_id = u.id \
                            AND d.valid_from <= $2 AND (d.valid_until IS NULL OR d.valid_until >= $2) \
                            ORDER BY d.valid_from DESC LIMIT 1) d ON TRUE \
         WHERE u.id = ANY($1) AND coalesce(d.acting_person_id, h.id) IS NOT NULL",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(units)
    .bind::<Date, _>(day)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.unit_id, r.person_id)).collect())
}

/// The person behind each unit's administrator account (the account's person, else its
/// holder), for active accounts.
pub fn admins(
    conn: &mut PgConnection,
    units: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>, PersistenceError> {
    let rows: Vec<UnitPerson> = diesel::sql_query(
        "SELECT r.unit_id, coalesce(a.person_id, a.holder_person_id) AS person_id \
         FROM account_roles r JOIN accounts a ON a.id = r.account_id \
         WHERE r.role = 'unit_admin' AND r.unit_id = ANY($1) AND a.status = 'active' \
           AND coalesce(a.person_id, a.holder_person_id) IS NOT NULL",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(units)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.unit_id, r.person_id)).collect())
}

#[derive(QueryableByName)]
struct Expiring {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    person_id: Uuid,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Timestamptz)]
    valid_until: DateTime<Utc>,
}

/// Active accounts with a person that expire after `now` and before `until`:
/// (person, username, valid until).
pub fn expiring_accounts(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(Uuid, String, DateTime<Utc>)>, PersistenceError> {
    let rows: Vec<Expiring> = diesel::sql_query(
        "SELECT coalesce(person_id, holder_person_id) AS person_id, username, valid_until \
         FROM accounts WHERE status = 'active' AND valid_until > $1 AND valid_until <= $2 \
           AND coalesce(person_id, holder_person_id) IS NOT NULL",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(until)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.person_id, r.username, r.valid_until))
        .collect())
}
