//! Work plans: items of the monthly plan, the weekly schedule and ad-hoc tasks, and comments.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::PersistenceError;
use crate::schema::{plan_comments, plan_items};

/// One planned piece of work.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, serde::Serialize)]
#[diesel(table_name = plan_items, check_for_backend(diesel::pg::Pg))]
pub struct PlanItem {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period: String,
    pub kind: String,
    pub week: Option<i16>,
    pub title: String,
    pub expected_output: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: String,
    pub completion_percent: i16,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = plan_items)]
pub struct NewPlanItem<'a> {
    pub person_id: Uuid,
    pub period: &'a str,
    pub kind: &'a str,
    pub week: Option<i16>,
    pub title: &'a str,
    pub expected_output: Option<&'a str>,
    pub due_date: Option<NaiveDate>,
}

/// Changes to an item; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = plan_items)]
pub struct PlanItemChanges {
    pub title: Option<String>,
    pub expected_output: Option<Option<String>>,
    pub due_date: Option<Option<NaiveDate>>,
    pub status: Option<String>,
    pub completion_percent: Option<i16>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub fn items(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: &str,
) -> Result<Vec<PlanItem>, PersistenceError> {
    Ok(plan_items::table
        .filter(plan_items::person_id.eq(person_id))
        .filter(plan_items::period.eq(period))
        .order((plan_items::kind, plan_items::week, plan_items::created_at))
        .select(PlanItem::as_select())
        .load(conn)?)
}

pub fn item(conn: &mut PgConnection, id: Uuid) -> Result<PlanItem, PersistenceError> {
    Ok(plan_items::table
        .find(id)
        .select(PlanItem::as_select())
        .first(conn)?)
}

pub fn add_item(
    conn: &mut PgConnection,
    item: &NewPlanItem<'_>,
) -> Result<PlanItem, PersistenceError> {
    Ok(diesel::insert_into(plan_items::table)
        .values(item)
        .returning(PlanItem::as_returning())
        .get_result(conn)?)
}

pub fn update_item(
    conn: &mut PgConnection,
    id: Uuid,
    changes: &PlanItemChanges,
) -> Result<PlanItem, PersistenceError> {
    Ok(diesel::update(plan_items::table.find(id))
        .set(changes)
        .returning(PlanItem::as_returning())
        .get_result(conn)?)
}

/// A leader's comment on a plan or one of its items.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = plan_comments, check_for_backend(diesel::pg::Pg))]
pub struct PlanComment {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period: String,
    pub item_id: Option<Uuid>,
    pub author_person_id: Uuid,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

pub fn comments(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: &str,
) -> Result<Vec<PlanComment>, PersistenceError> {
    Ok(plan_comments::table
        .filter(plan_comments::person_id.eq(person_id))
        .filter(plan_comments::period.eq(period))
        .order(plan_comments::created_at)
        .select(PlanComment::as_select())
        .load(conn)?)
}

pub fn add_comment(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: &str,
    item_id: Option<Uuid>,
    author: Uuid,
    text: &str,
) -> Result<PlanComment, PersistenceError> {
    Ok(diesel::insert_into(plan_comments::table)
        .values((
            plan_comments::person_id.eq(person_id),
            plan_comments::period.eq(period),
            plan_comments::item_id.eq(item_id),
            plan_comments::author_person_id.eq(author),
            plan_comments::text.eq(text),
        ))
        .returning(PlanComment::as_returning())
        .get_result(conn)?)
}
