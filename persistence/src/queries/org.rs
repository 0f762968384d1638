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
