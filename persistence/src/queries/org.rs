//! Units, people, their posts and the relations the evaluator chain needs.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use uuid::Uuid;

use super::lower;
use crate::PersistenceError;
use crate::models::org::{NewPerson, NewUnit, Person, Unit};
use crate::schema::{
    delegations, evaluator_assignments, in_charge_people, in_charge_units, people, post_history,
    units,
};

/// What a caller may see of the org tree, as SQL can filter it. Built by the API from the
/// caller's roles; rows are checked again with the domain access policy.
#[derive(Debug, Clone, Default)]
pub struct Visibility {
    pub everything: bool,
    pub blocs: Vec<String>,
    /// Materialised paths of subtree roots.
    pub subtree_paths: Vec<String>,
    pub unit_ids: Vec<Uuid>,
    pub person_ids: Vec<Uuid>,
}

pub(crate) type UnitCondition = Box<dyn BoxableExpression<units::table, Pg, SqlType = Bool>>;

pub(crate) fn visible_units(visibility: &Visibility) -> UnitCondition {
    if visibility.everything {
        return Box::new(sql::<Bool>("TRUE"));
    }
    let mut condition: UnitCondition = Box::new(sql::<Bool>("FALSE"));
    if !visibility.blocs.is_empty() {
        condition = Box::new(condition.or(units::bloc.eq_any(visibility.blocs.clone())));
    }
    for path in &visibility.subtree_paths {
        condition = Box::new(condition.or(units::path.like(format!("{path}%"))));
    }
    if !visibility.unit_ids.is_empty() {
        condition = Box::new(condition.or(units::id.eq_any(visibility.unit_ids.clone())));
    }
    condition
}

/// Filters for listing units.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    /// Only units under (and including) this path.
    pub within_path: Option<String>,
    pub parent_id: Option<Uuid>,
    pub level: Option<String>,
    pub bloc: Option<String>,
    pub active: Option<bool>,
    /// Part of the name or code, case-insensitive.
    pub text: Option<String>,
}

/// Units visible and matching, ordered by code, after the code `after` (keyset paging).
pub fn list_units(
    conn: &mut PgConnection,
    visibility: &Visibility,
    filter: &UnitFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Unit>, PersistenceError> {
    let mut query = units::table
        .filter(visible_units(visibility))
        .select(Unit::as_select())
        .order(lower(units::code))
        .limit(limit)
        .into_boxed();
    if let Some(path) = &filter.within_path {
        query = query.filter(units::path.like(format!("{path}%")));
    }
    if let Some(parent) = filter.parent_id {
        query = query.filter(units::parent_id.eq(parent));
    }
    if let Some(level) = &filter.level {
        query = query.filter(units::level.eq(level.clone()));
    }
    if let Some(bloc) = &filter.bloc {
        query = query.filter(units::bloc.eq(bloc.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(units::active.eq(active));
    }
    if let Some(text) = &filter.text {
        let pattern = format!("%{}%", escape_like(text));
        query = query.filter(
            units::name
                .ilike(pattern.clone())
                .or(units::code.ilike(pattern)),
        );
    }
    if let Some(after) = after {
        query = query.filter(lower(units::code).gt(after.to_lowercase()));
    }
    Ok(query.load(conn)?)
}

pub(crate) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn find_unit_by_code(
    conn: &mut PgConnection,
    code: &str,
) -> Result<Option<Unit>, PersistenceError> {
    Ok(units::table
        .filter(lower(units::code).eq(code.to_lowercase()))
        .select(Unit::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_unit(conn: &mut PgConnection, unit: &NewUnit<'_>) -> Result<Unit, PersistenceError> {
    Ok(diesel::insert_into(units::table)
        .values(unit)
        .returning(Unit::as_returning())
        .get_result(conn)?)
}

/// Fields of a unit that may change; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = units)]
pub struct UnitChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub parent_id: Option<Option<Uuid>>,
    pub active: Option<bool>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Applies changes (a new parent moves the whole subtree; the database refuses cycles).
pub fn update_unit(
    conn: &mut PgConnection,
    id: Uuid,
    changes: &UnitChanges,
) -> Result<Unit, PersistenceError> {
    Ok(diesel::update(units::table.find(id))
        .set(changes)
        .returning(Unit::as_returning())
        .get_result(conn)?)
}

pub fn unit(conn: &mut PgConnection, id: Uuid) -> Result<Unit, PersistenceError> {
    Ok(units::table
        .find(id)
        .select(Unit::as_select())
        .first(conn)?)
}

pub fn units_by_ids(conn: &mut PgConnection, ids: &[Uuid]) -> Result<Vec<Unit>, PersistenceError> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select(Unit::as_select())
        .load(conn)?)
}

/// Active child units and active people directly in a unit (a unit with either cannot be
/// deactivated).
pub fn active_contents(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<(i64, i64), PersistenceError> {
    let children = units::table
        .filter(units::parent_id.eq(unit_id))
        .filter(units::active.eq(true))
        .count()
        .get_result(conn)?;
    let members = people::table
        .filter(people::unit_id.eq(unit_id))
        .filter(people::active.eq(true))
        .count()
        .get_result(conn)?;
    Ok((children, members))
}

/// The publishing unit of `unit`: itself unless it is a department, else its nearest
/// ancestor that is not a department (DESIGN 2.2).
pub fn publishing_unit(conn: &mut PgConnection, unit: &Unit) -> Result<Unit, PersistenceError> {
    if unit.level != "department" {
        return Ok(unit.clone());
    }
    let ids = crate::convert::path_ids(&unit.path)?;
    let ancestors = units_by_ids(conn, &ids)?;
    ids.iter()
        .rev()
        .filter_map(|id| ancestors.iter().find(|u| u.id == *id))
        .find(|u| u.level != "department")
        .cloned()
        .ok_or_else(|| {
            PersistenceError::Corrupt(format!("department {} has no publishing unit", unit.id))
        })
}

// ---------------------------------------------------------------------------------------------
// People

/// Creates a person with their current post (and its open history row).
pub fn insert_person(
    conn: &mut PgConnection,
    person: &NewPerson<'_>,
) -> Result<Person, PersistenceError> {
    let created: Person = diesel::insert_into(people::table)
        .values(person)
        .returning(Person::as_returning())
        .get_result(conn)?;
    open_post(conn, &created, None)?;
    Ok(created)
}

fn open_post(
    conn: &mut PgConnection,
    person: &Person,
    reason: Option<&str>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(post_history::table)
        .values((
            post_history::person_id.eq(person.id),
            post_history::unit_id.eq(person.unit_id),
            post_history::position_category.eq(&person.position_category),
            post_history::position_title.eq(&person.position_title),
            post_history::form_code.eq(person.form_code),
            post_history::office.eq(&person.office),
            post_history::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_person(conn: &mut PgConnection, id: Uuid) -> Result<Person, PersistenceError> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)?)
}

pub fn find_person_for_update(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Person, PersistenceError> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .for_update()
        .first(conn)?)
}

/// A person with their unit.
pub fn person_with_unit(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<(Person, Unit), PersistenceError> {
    Ok(people::table
        .inner_join(units::table)
        .filter(people::id.eq(id))
        .select((Person::as_select(), Unit::as_select()))
        .first(conn)?)
}

/// Filters for listing people.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub unit_id: Option<Uuid>,
    /// Everyone under (and in) the unit with this path.
    pub within_path: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
    pub text: Option<String>,
    /// Any of these categories (empty: any).
    pub categories: Vec<String>,
    /// Any of these criteria forms (empty: any).
    pub form_codes: Vec<i16>,
    /// People of units of these blocs (empty: any).
    pub blocs: Vec<String>,
    /// People of units of these levels (empty: any).
    pub levels: Vec<String>,
    /// Only these people (empty: any).
    pub ids: Vec<Uuid>,
}

/// People visible and matching, with their units, ordered by name then id, after `after`.
pub fn list_people(
    conn: &mut PgConnection,
    visibility: &Visibility,
    filter: &PersonFilter,
    after: Option<(&str, Uuid)>,
    limit: i64,
) -> Result<Vec<(Person, Unit)>, PersistenceError> {
    let visible_unit_ids = units::table
        .filter(visible_units(visibility))
        .select(units::id)
        .into_boxed::<Pg>();
    let mut query = people::table
        .inner_join(units::table)
        .select((Person::as_select(), Unit::as_select()))
        .order((people::full_name, people::id))
        .limit(limit)
        .into_boxed::<Pg>();
    query = query.filter(
        people::unit_id
            .eq_any(visible_unit_ids)
            .or(people::id.eq_any(visibility.person_ids.clone())),
    );
    if let Some(unit_id) = filter.unit_id {
        query = query.filter(people::unit_id.eq(unit_id));
    }
    if let Some(path) = &filter.within_path {
        query = query.filter(units::path.like(format!("{path}%")));
    }
    if let Some(category) = &filter.category {
        query = query.filter(people::position_category.eq(category.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(people::active.eq(active));
    }
    if !filter.categories.is_empty() {
        query = query.filter(people::position_category.eq_any(filter.categories.clone()));
    }
    if !filter.form_codes.is_empty() {
        query = query.filter(people::form_code.eq_any(filter.form_codes.clone()));
    }
    if !filter.blocs.is_empty() {
        query = query.filter(units::bloc.eq_any(filter.blocs.clone()));
    }
    if !filter.ids.is_empty() {
        query = query.filter(people::id.eq_any(filter.ids.clone()));
    }
    if !filter.levels.is_empty() {
        query = query.filter(units::level.eq_any(filter.levels.clone()));
    }
    if let Some(text) = &filter.text {
        let pattern = format!("%{}%", escape_like(text));
        query = query.filter(
            people::full_name
                .ilike(pattern.clone())
                .or(people::external_id.ilike(pattern)),
        );
    }
    if let Some((name, id)) = after {
        query = query.filter(
            people::full_name
                .gt(name.to_owned())
                .or(people::full_name.eq(name.to_owned()).and(people::id.gt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// Personal fields of a person that may change.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = people)]
pub struct PersonChanges {
    pub external_id: Option<Option<String>>,
    pub full_name: Option<String>,
    pub email: Option<Option<String>>,
    pub active: Option<bool>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub fn update_person(
    conn: &mut PgConnection,
    id: Uuid,
    changes: &PersonChanges,
) -> Result<Person, PersistenceError> {
    Ok(diesel::update(people::table.find(id))
        .set(changes)
        .returning(Person::as_returning())
        .get_result(conn)?)
}

/// A post: where and as what a person works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostFields {
    pub unit_id: Uuid,
    pub category: String,
    pub title: String,
    pub form_code: i16,
    /// The office tag (Điều 10.1), if any.
    pub office: Option<String>,
}

/// Gives a person a new post: closes the open history row and opens one for the new post.
/// Does nothing when the post is unchanged.
pub fn change_post(
    conn: &mut PgConnection,
    person_id: Uuid,
    post: &PostFields,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Person, PersistenceError> {
    let current = find_person_for_update(conn, person_id)?;
    let unchanged = current.unit_id == post.unit_id
        && current.position_category == post.category
        && current.position_title == post.title
        && current.form_code == post.form_code
        && current.office == post.office;
    if unchanged {
        return Ok(current);
    }
    diesel::update(
        post_history::table
            .filter(post_history::person_id.eq(person_id))
            .filter(post_history::ended_at.is_null()),
    )
    .set(post_history::ended_at.eq(now))
    .execute(conn)?;
    let updated: Person = diesel::update(people::table.find(person_id))
        .set((
            people::unit_id.eq(post.unit_id),
            people::position_category.eq(&post.category),
            people::position_title.eq(&post.title),
            people::form_code.eq(post.form_code),
            people::office.eq(&post.office),
            people::updated_at.eq(now),
        ))
        .returning(Person::as_returning())
        .get_result(conn)?;
    open_post(conn, &updated, Some(reason))?;
    Ok(updated)
}

/// A row of a person's post history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_history, check_for_backend(diesel::pg::Pg))]
pub struct PostHistoryRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub position_category: String,
    pub position_title: String,
    pub form_code: i16,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub office: Option<String>,
}

pub fn post_history(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<Vec<PostHistoryRow>, PersistenceError> {
    Ok(post_history::table
        .filter(post_history::person_id.eq(person_id))
        .order(post_history::started_at)
        .select(PostHistoryRow::as_select())
        .load(conn)?)
}

/// Units and people a deputy is in charge of.
pub fn in_charge_of(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<(Vec<Uuid>, Vec<Uuid>), PersistenceError> {
    let unit_ids = in_charge_units::table
        .filter(in_charge_units::person_id.eq(person_id))
        .select(in_charge_units::unit_id)
        .order(in_charge_units::unit_id)
        .load(conn)?;
    let person_ids = in_charge_people::table
        .filter(in_charge_people::person_id.eq(person_id))
        .select(in_charge_people::subject_id)
        .order(in_charge_people::subject_id)
        .load(conn)?;
    Ok((unit_ids, person_ids))
}

/// Replaces what a deputy is in charge of (`None` leaves that list as it is).
pub fn set_in_charge(
    conn: &mut PgConnection,
    person_id: Uuid,
    unit_ids: Option<&[Uuid]>,
    person_ids: Option<&[Uuid]>,
) -> Result<(), PersistenceError> {
    if let Some(unit_ids) = unit_ids {
        diesel::delete(in_charge_units::table.filter(in_charge_units::person_id.eq(person_id)))
            .execute(conn)?;
        let rows: Vec<_> = unit_ids
            .iter()
            .map(|unit| {
                (
                    in_charge_units::person_id.eq(person_id),
                    in_charge_units::unit_id.eq(*unit),
                )
            })
            .collect();
        diesel::insert_into(in_charge_units::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    if let Some(person_ids) = person_ids {
        diesel::delete(in_charge_people::table.filter(in_charge_people::person_id.eq(person_id)))
            .execute(conn)?;
        let rows: Vec<_> = person_ids
            .iter()
            .map(|subject| {
                (
                    in_charge_people::person_id.eq(person_id),
                    in_charge_people::subject_id.eq(*subject),
                )
            })
            .collect();
        diesel::insert_into(in_charge_people::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Assignments and delegations

/// An explicit evaluator assignment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = evaluator_assignments, check_for_backend(diesel::pg::Pg))]
pub struct AssignmentRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = evaluator_assignments)]
pub struct NewAssignment<'a> {
    pub person_id: Uuid,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub note: Option<&'a str>,
}

pub fn insert_assignment(
    conn: &mut PgConnection,
    row: &NewAssignment<'_>,
) -> Result<AssignmentRow, PersistenceError> {
    Ok(diesel::insert_into(evaluator_assignments::table)
        .values(row)
        .returning(AssignmentRow::as_returning())
        .get_result(conn)?)
}

pub fn assignments_of(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<Vec<AssignmentRow>, PersistenceError> {
    Ok(evaluator_assignments::table
        .filter(evaluator_assignments::person_id.eq(person_id))
        .order(evaluator_assignments::valid_from)
        .select(AssignmentRow::as_select())
        .load(conn)?)
}

/// An acting leader of a unit.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delegations, check_for_backend(diesel::pg::Pg))]
pub struct DelegationRow {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub acting_person_id: Uuid,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = delegations)]
pub struct NewDelegation<'a> {
    pub unit_id: Uuid,
    pub acting_person_id: Uuid,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub note: Option<&'a str>,
}

pub fn insert_delegation(
    conn: &mut PgConnection,
    row: &NewDelegation<'_>,
) -> Result<DelegationRow, PersistenceError> {
    Ok(diesel::insert_into(delegations::table)
        .values(row)
        .returning(DelegationRow::as_returning())
        .get_result(conn)?)
}

/// Ends, at `last_day`, everything that rests on a person's current post: what they are in
/// charge of, their open delegations and the assignments naming them as evaluator (Điều 20.4).
/// Returns how many of each were ended.
pub fn end_post_rights(
    conn: &mut PgConnection,
    person_id: Uuid,
    last_day: NaiveDate,
) -> Result<(usize, usize, usize), PersistenceError> {
    let in_charge =
        diesel::delete(in_charge_units::table.filter(in_charge_units::person_id.eq(person_id)))
            .execute(conn)?
            + diesel::delete(
                in_charge_people::table.filter(in_charge_people::person_id.eq(person_id)),
            )
            .execute(conn)?;
    // Rows not yet started are removed; running ones end on `last_day`.
    let open = |until: Option<NaiveDate>| until.is_none_or(|u| u > last_day);
    let delegation_rows: Vec<DelegationRow> = delegations::table
        .filter(delegations::acting_person_id.eq(person_id))
        .select(DelegationRow::as_select())
        .load(conn)?;
    let (future, running): (Vec<_>, Vec<_>) = delegation_rows
        .iter()
        .filter(|d| open(d.valid_until))
        .partition(|d| d.valid_from > last_day);
    let future: Vec<Uuid> = future.iter().map(|d| d.id).collect();
    let running: Vec<Uuid> = running.iter().map(|d| d.id).collect();
    diesel::delete(delegations::table.filter(delegations::id.eq_any(&future))).execute(conn)?;
    diesel::update(delegations::table.filter(delegations::id.eq_any(&running)))
        .set(delegations::valid_until.eq(last_day))
        .execute(conn)?;
    let delegations_ended = future.len() + running.len();

    let assignment_rows: Vec<AssignmentRow> = evaluator_assignments::table
        .filter(
            evaluator_assignments::reviewer_id
                .eq(person_id)
                .or(evaluator_assignments::decider_id.eq(person_id)),
        )
        .select(AssignmentRow::as_select())
        .load(conn)?;
    let (future, running): (Vec<_>, Vec<_>) = assignment_rows
        .iter()
        .filter(|a| open(a.valid_until))
        .partition(|a| a.valid_from > last_day);
    let future: Vec<Uuid> = future.iter().map(|a| a.id).collect();
    let running: Vec<Uuid> = running.iter().map(|a| a.id).collect();
    diesel::delete(evaluator_assignments::table.filter(evaluator_assignments::id.eq_any(&future)))
        .execute(conn)?;
    diesel::update(evaluator_assignments::table.filter(evaluator_assignments::id.eq_any(&running)))
        .set(evaluator_assignments::valid_until.eq(last_day))
        .execute(conn)?;
    let assignments_ended = future.len() + running.len();
    Ok((in_charge, delegations_ended, assignments_ended))
}

/// A (deputy, unit or person in their charge) pair.
pub type Pair = (Uuid, Uuid);

/// What each of `person_ids` is in charge of: (deputy, unit) and (deputy, subject) pairs.
pub fn in_charge_for(
    conn: &mut PgConnection,
    person_ids: &[Uuid],
) -> Result<(Vec<Pair>, Vec<Pair>), PersistenceError> {
    let units = in_charge_units::table
        .filter(in_charge_units::person_id.eq_any(person_ids))
        .select((in_charge_units::person_id, in_charge_units::unit_id))
        .order((in_charge_units::person_id, in_charge_units::unit_id))
        .load(conn)?;
    let people = in_charge_people::table
        .filter(in_charge_people::person_id.eq_any(person_ids))
        .select((in_charge_people::person_id, in_charge_people::subject_id))
        .order((in_charge_people::person_id, in_charge_people::subject_id))
        .load(conn)?;
    Ok((units, people))
}

/// The people of `ids` (in any order; unknown ids are left out).
pub fn people_by_ids(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<Person>, PersistenceError> {
    Ok(people::table
        .filter(people::id.eq_any(ids))
        .select(Person::as_select())
        .load(conn)?)
}

/// The people among `ids` whose current post is in `unit_id`.
pub fn members_among(
    conn: &mut PgConnection,
    unit_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, PersistenceError> {
    Ok(people::table
        .filter(people::unit_id.eq(unit_id))
        .filter(people::id.eq_any(ids))
        .select(people::id)
        .load(conn)?)
}

/// The units among `ids` whose parent is `unit_id`.
pub fn children_among(
    conn: &mut PgConnection,
    unit_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, PersistenceError> {
    Ok(units::table
        .filter(units::parent_id.eq(unit_id))
        .filter(units::id.eq_any(ids))
        .select(units::id)
        .load(conn)?)
}

/// The publishing units (not departments) whose head `person_id` stands in for on `day`, by a
/// delegation whose dates include it (both ends inclusive).
pub fn acting_head_of(
    conn: &mut PgConnection,
    person_id: Uuid,
    day: chrono::NaiveDate,
) -> Result<Vec<Uuid>, PersistenceError> {
    Ok(delegations::table
        .inner_join(units::table)
        .filter(delegations::acting_person_id.eq(person_id))
        .filter(delegations::valid_from.le(day))
        .filter(
            delegations::valid_until
                .is_null()
                .or(delegations::valid_until.ge(day)),
        )
        .filter(units::level.ne("department"))
        .select(units::id)
        .load(conn)?)
}

pub fn delegations_of_unit(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Vec<DelegationRow>, PersistenceError> {
    Ok(delegations::table
        .filter(delegations::unit_id.eq(unit_id))
        .order(delegations::valid_from)
        .select(DelegationRow::as_select())
        .load(conn)?)
}

/// The organisation's version (`org_version`): it changes, in the same transaction, with every
/// change to units, people, delegations, the fields in charge, evaluator assignments and rules,
/// and account roles.
pub fn version(conn: &mut PgConnection) -> Result<i64, PersistenceError> {
    use crate::schema::org_version;
    Ok(org_version::table
        .select(org_version::version)
        .first(conn)?)
}
