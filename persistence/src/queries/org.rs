use diesel::prelude::*;
use uuid::Uuid;

use super::lower;
use crate::PersistenceError;
use crate::models::org::{NewPerson, NewUnit, Person, Unit};
use crate::schema::{people, units};

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

pub fn insert_person(
    conn: &mut PgConnection,
    person: &NewPerson<'_>,
) -> Result<Person, PersistenceError> {
    Ok(diesel::insert_into(people::table)
        .values(person)
        .returning(Person::as_returning())
        .get_result(conn)?)
}

pub fn find_person(conn: &mut PgConnection, id: Uuid) -> Result<Person, PersistenceError> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)?)
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
