//! Turning a caller's roles into what list queries may show, and org rows into access-policy
//! targets. The decision itself is always `domain::access`; the SQL visibility only narrows
//! what is loaded, and every loaded row is checked again with the policy.

use diesel::PgConnection;
use domain::PersonId;
use domain::access::{Actor, Role, ServiceScope, Target};
use persistence::PersistenceError;
use persistence::convert::enum_name;
use persistence::models::org::{Person, Unit};
use persistence::queries::org::{self, Visibility};

/// What the caller may see of the org tree, for list queries.
pub fn visibility(conn: &mut PgConnection, actor: &Actor) -> Result<Visibility, PersistenceError> {
    let mut visibility = Visibility::default();
    let mut subtree_roots = Vec::new();
    for role in &actor.roles {
        match role {
            Role::Operator => visibility.everything = true,
            Role::BlocAdmin { bloc } => visibility.blocs.push(enum_name(bloc)),
            Role::UnitAdmin { unit_id } | Role::Aggregator { unit_id } => {
                subtree_roots.push(unit_id.0)
            }
            Role::ServiceClient { unit_id, scopes } => {
                if scopes.contains(&ServiceScope::OrgRead)
                    || scopes.contains(&ServiceScope::OrgWrite)
                {
                    match unit_id {
                        Some(unit) => subtree_roots.push(unit.0),
                        None => visibility.everything = true,
                    }
                }
            }
        }
    }
    if !subtree_roots.is_empty() {
        visibility.subtree_paths = org::units_by_ids(conn, &subtree_roots)?
            .into_iter()
            .map(|u| u.path)
            .collect();
    }
    if let Some(post) = &actor.post {
        visibility
            .unit_ids
            .extend([post.unit_id.0, post.publishing_unit_id.0]);
        visibility.person_ids.push(post.person_id.0);
    }
    Ok(visibility)
}

/// What the caller may see in the list of people: as [`visibility`], but a personal post shows
/// only the person themself (the policy lets staff read their own record, not their unit's).
pub fn people_visibility(
    conn: &mut PgConnection,
    actor: &Actor,
) -> Result<Visibility, PersistenceError> {
    let mut visibility = visibility(conn, actor)?;
    visibility.unit_ids.clear();
    Ok(visibility)
}

/// What the caller may see in the list of accounts: only roles that manage org data count
/// (a personal post or an aggregator's read-only subtree manages no account).
pub fn account_visibility(
    conn: &mut PgConnection,
    actor: &Actor,
) -> Result<Visibility, PersistenceError> {
    let managing = Actor {
        roles: actor
            .roles
            .iter()
            .filter(|r| !matches!(r, Role::Aggregator { .. }))
            .cloned()
            .collect(),
        post: None,
    };
    visibility(conn, &managing)
}

/// What the caller may see in the list of evaluations, as close to the policy as SQL goes:
/// operators read no evaluation (Điều 9.4); service clients need `evaluations_read`; bloc admins
/// their bloc; unit admins and aggregators their subtree; a unit head their publishing unit's
/// subtree (the policy then keeps that unit's own); anyone their own and those they review or
/// decide (added by the query itself).
pub fn evaluation_visibility(
    conn: &mut PgConnection,
    actor: &Actor,
) -> Result<Visibility, PersistenceError> {
    let mut visibility = Visibility::default();
    let mut subtree_roots = Vec::new();
    for role in &actor.roles {
        match role {
            Role::Operator => {}
            Role::BlocAdmin { bloc } => visibility.blocs.push(enum_name(bloc)),
            Role::UnitAdmin { unit_id } | Role::Aggregator { unit_id } => {
                subtree_roots.push(unit_id.0)
            }
            Role::ServiceClient { unit_id, scopes } => {
                if scopes.contains(&ServiceScope::EvaluationsRead) {
                    match unit_id {
                        Some(unit) => subtree_roots.push(unit.0),
                        None => visibility.everything = true,
                    }
                }
            }
        }
    }
    // The head of a publishing unit, and its acting head while the delegation lasts, as the
    // policy's `PersonalPost::heads`.
    if let Some(post) = actor.post.as_ref() {
        if post.is_unit_head {
            subtree_roots.push(post.publishing_unit_id.0);
        }
        subtree_roots.extend(post.acting_head_of.iter().map(|u| u.0));
    }
    if !subtree_roots.is_empty() {
        visibility.subtree_paths = org::units_by_ids(conn, &subtree_roots)?
            .into_iter()
            .map(|u| u.path)
            .collect();
    }
    Ok(visibility)
}

/// A unit as an access target.
pub fn unit_target(unit: &Unit) -> Result<Target, PersistenceError> {
    Ok(Target::Unit(unit.scope()?))
}

/// A person, at their unit, as an access target.
pub fn person_target(person: &Person, unit: &Unit) -> Result<Target, PersistenceError> {
    Ok(Target::Person {
        person_id: PersonId(person.id),
        unit: unit.scope()?,
    })
}
