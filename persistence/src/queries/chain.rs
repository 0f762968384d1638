//! The part of the org a person's evaluator chain depends on, as a domain snapshot.

use std::collections::BTreeMap;

use diesel::prelude::*;
use domain::chain::{Assignment, ChainError, Delegation, OrgSnapshot, PostRule};
use domain::org::{Office, Post};
use domain::{Period, PersonId, UnitId};
use uuid::Uuid;

use super::org::{AssignmentRow, DelegationRow, person_with_unit, units_by_ids};
use crate::PersistenceError;
use crate::convert::{parse_enum, path_ids};
use crate::models::org::Person;
use crate::schema::{
    delegations, evaluator_assignments, evaluator_rules, in_charge_people, in_charge_units, people,
};

/// The stored office tag as the rules see it; an unknown stored code is corrupt data.
fn office_of(person: &Person) -> Result<Option<Office>, PersistenceError> {
    person
        .office
        .as_deref()
        .map(|code| {
            Office::from_code(code)
                .ok_or_else(|| PersistenceError::Corrupt(format!("unknown office {code:?}")))
        })
        .transpose()
}

/// The post rules (Điều 10.1), in office order.
pub fn post_rules(conn: &mut PgConnection) -> Result<Vec<PostRule>, PersistenceError> {
    let rows: Vec<(String, Vec<Option<String>>)> = evaluator_rules::table
        .select((evaluator_rules::office, evaluator_rules::decided_by))
        .load(conn)?;
    let parse = |code: &str| {
        Office::from_code(code)
            .ok_or_else(|| PersistenceError::Corrupt(format!("unknown office {code:?}")))
    };
    let mut rules = rows
        .into_iter()
        .map(|(office, decided_by)| {
            Ok(PostRule {
                office: parse(&office)?,
                decided_by: decided_by
                    .iter()
                    .flatten()
                    .map(|c| parse(c))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<Vec<_>, PersistenceError>>()?;
    rules.sort_by_key(|r| r.office);
    Ok(rules)
}

/// Replaces the whole rule table.
pub fn set_post_rules(
    conn: &mut PgConnection,
    rules: &[PostRule],
    by: Option<Uuid>,
) -> Result<(), PersistenceError> {
    diesel::delete(evaluator_rules::table).execute(conn)?;
    for rule in rules {
        diesel::insert_into(evaluator_rules::table)
            .values((
                evaluator_rules::office.eq(rule.office.code()),
                evaluator_rules::decided_by.eq(rule
                    .decided_by
                    .iter()
                    .map(|o| Some(o.code().to_owned()))
                    .collect::<Vec<_>>()),
                evaluator_rules::updated_by.eq(by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// True when the person's chain for the period is `evaluated_outside`: their post's office is
/// decided by the central level (Điều 10.1) and no explicit assignment says otherwise. Such a
/// person is no part of any unit's month and never blocks its publication.
pub fn evaluated_outside(
    conn: &mut PgConnection,
    person: &Person,
    period: Period,
) -> Result<bool, PersistenceError> {
    if person.office.is_none() {
        return Ok(false);
    }
    let org = snapshot_for(conn, person.id)?;
    Ok(matches!(
        domain::chain::resolve(&org, PersonId(person.id), period),
        Err(ChainError::EvaluatedOutside(_))
    ))
}

/// Units from the person's unit up to the root, the leaders of those units (with what the
/// deputies are in charge of), the person's own post, the headcount of the person's unit, the
/// person's explicit assignments and the delegations of those units; and, for a post with an
/// office, the post rules and the holders of the offices that decide it (with the delegations
/// of their units).
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
    let post_rules = post_rules(conn)?;
    let deciding: Vec<&str> = office_of(&person)?
        .and_then(|office| post_rules.iter().find(|r| r.office == office))
        .map(|rule| rule.decided_by.iter().map(|o| o.code()).collect())
        .unwrap_or_default();
    if !deciding.is_empty() {
        let holders: Vec<Person> = people::table
            .filter(people::office.eq_any(&deciding))
            .filter(people::active.eq(true))
            .select(Person::as_select())
            .load(conn)?;
        for holder in holders {
            if !members.iter().any(|p| p.id == holder.id) {
                members.push(holder);
            }
        }
    }
    let mut delegated_units = unit_ids.clone();
    delegated_units.extend(
        members
            .iter()
            .filter(|p| p.office.is_some() && p.position_category == "head")
            .map(|p| p.unit_id),
    );
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
                office: office_of(p)?,
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
        .filter(delegations::unit_id.eq_any(&delegated_units))
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
        post_rules,
    })
}
