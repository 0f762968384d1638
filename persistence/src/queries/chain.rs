//! The part of the org a person's evaluator chain depends on, as a domain snapshot.

use std::collections::BTreeMap;

use diesel::prelude::*;
use domain::chain::{Assignment, Delegation, OrgSnapshot};
use domain::org::Post;
use domain::{PersonId, UnitId};
use uuid::Uuid;

use super::org::{AssignmentRow, DelegationRow, person_with_unit, units_by_ids};
use crate::PersistenceError;
use crate::convert::{parse_enum, path_ids};
use crate::models::org::Person;
use crate::schema::{
    delegations, evaluator_assignments, in_charge_people, in_charge_units, people,
};

/// Units from the person's unit up to the root, the leaders of those units (with what the
/// deputies are in charge of), the person's own post, the headcount of the person's unit, the
/// person's explicit assignments and the delegations of those units.
pub fn snapshot_for(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<OrgSnapshot, PersistenceError> {
    let (person, unit) = person_with_unit(conn, person_id)?;
    let unit_ids = path_ids(&unit.path)?;
    let units = units_by_ids(conn, &unit_ids)?
        .iter()
        .map(|u| u.to_domain())
        .collect::<Result<Vec<_>, _>>()?;

    let mut members: Vec<Person> = people::table
        .filter(people::unit_id.eq_any(&unit_ids))
        .filter(people::active.eq(true))
        .filter(people::position_category.eq_any(["head", "deputy"]))
        .select(Person::as_select())
        .load(conn)?;
    if !members.iter().any(|p| p.id == person.id) {
        members.push(person.clone());
    }
    let member_ids: Vec<Uuid> = members.iter().map(|p| p.id).collect();
    let unit_charges: Vec<(Uuid, Uuid)> = in_charge_units::table
        .filter(in_charge_units::person_id.eq_any(&member_ids))
        .select((in_charge_units::person_id, in_charge_units::unit_id))
        .load(conn)?;
    let person_charges: Vec<(Uuid, Uuid)> = in_charge_people::table
        .filter(in_charge_people::person_id.eq_any(&member_ids))
        .select((in_charge_people::person_id, in_charge_people::subject_id))
        .load(conn)?;
    let posts = members
        .iter()
        .map(|p| {
            Ok(Post {
                person_id: PersonId(p.id),
                unit_id: UnitId(p.unit_id),
                category: parse_enum(&p.position_category)?,
                in_charge_of_unit_ids: unit_charges
                    .iter()
                    .filter(|(d, _)| *d == p.id)
                    .map(|(_, u)| UnitId(*u))
                    .collect(),
                in_charge_of_person_ids: person_charges
                    .iter()
                    .filter(|(d, _)| *d == p.id)
                    .map(|(_, s)| PersonId(*s))
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, PersistenceError>>()?;

    let headcount: i64 = people::table
        .filter(people::unit_id.eq(unit.id))
        .filter(people::active.eq(true))
        .count()
        .get_result(conn)?;
    let assignments = evaluator_assignments::table
        .filter(evaluator_assignments::person_id.eq(person.id))
        .select(AssignmentRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|a| Assignment {
            person_id: PersonId(a.person_id),
            reviewer_id: a.reviewer_id.map(PersonId),
            decider_id: a.decider_id.map(PersonId),
            valid_from: a.valid_from,
            valid_until: a.valid_until,
        })
        .collect();
    let delegations = delegations::table
        .filter(delegations::unit_id.eq_any(&unit_ids))
        .select(DelegationRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|d| Delegation {
            unit_id: UnitId(d.unit_id),
            acting_person_id: PersonId(d.acting_person_id),
            valid_from: d.valid_from,
            valid_until: d.valid_until,
        })
        .collect();
    Ok(OrgSnapshot {
        units,
        posts,
        assignments,
        delegations,
        headcounts: BTreeMap::from([(
            UnitId(unit.id),
            u32::try_from(headcount).unwrap_or(u32::MAX),
        )]),
    })
}
