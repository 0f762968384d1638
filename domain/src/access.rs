//! Access policy (Điều 9, 14, 20, 21; DESIGN 3): every permission is a role over an org
//! subtree. Pure: the caller supplies where the target sits ([`UnitScope`]) and the actor's
//! relation to it. A denial is answered as 404 by the API.

use crate::ids::{PersonId, UnitId};
use crate::org::{Bloc, UnitScope};
use serde::{Deserialize, Serialize};

/// What a service client (integration) may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceScope {
    /// Read units and people.
    OrgRead,
    /// Create and change units and people (HR sync).
    OrgWrite,
    /// Read evaluations.
    EvaluationsRead,
    /// Read published results.
    ResultsRead,
    /// Export.
    Export,
}

/// A granted role (API.md `roles: [{role, unit_id?, bloc?}]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// System operator: configuration and org data everywhere, no evaluation content.
    Operator,
    /// Bloc administrator (Điều 7.2–7.4): the whole bloc.
    BlocAdmin {
        /// The bloc.
        bloc: Bloc,
    },
    /// Unit admin account ("tài khoản quản trị", Điều 3.10): the unit's subtree.
    UnitAdmin {
        /// The unit.
        unit_id: UnitId,
    },
    /// Aggregator account ("tài khoản tổng hợp đánh giá", Điều 21.2): read and export the subtree.
    Aggregator {
        /// The unit.
        unit_id: UnitId,
    },
    /// An integration with scopes, limited to a subtree (`None`: everywhere).
    ServiceClient {
        /// The subtree root.
        unit_id: Option<UnitId>,
        /// What it may do.
        scopes: Vec<ServiceScope>,
    },
}

/// The personal side of an account, from the person's post (Điều 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalPost {
    /// The person.
    pub person_id: PersonId,
    /// The unit (or department) of the post.
    pub unit_id: UnitId,
    /// The publishing unit the person's results are published in.
    pub publishing_unit_id: UnitId,
    /// Head of that publishing unit (Điều 14: "Thủ trưởng cơ quan, đơn vị").
    pub is_unit_head: bool,
    /// Publishing units whose head this person stands in for by an active delegation ("quyền",
    /// "được giao phụ trách"), with every power of the post while it lasts (DESIGN 2.4 rule 7).
    #[serde(default)]
    pub acting_head_of: Vec<UnitId>,
}

impl PersonalPost {
    /// Whether this person has the powers of the head of publishing unit `unit`: its head, or
    /// its acting head while the delegation lasts (decide, adjust, open the month, publish,
    /// send commendations; Điều 12.3–12.4, DESIGN 2.4 rule 7).
    pub fn heads(&self, unit: UnitId) -> bool {
        (self.is_unit_head && self.publishing_unit_id == unit)
            || self.acting_head_of.contains(&unit)
    }

    /// The publishing units this person heads, in title or acting.
    fn headed_units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.is_unit_head
            .then_some(self.publishing_unit_id)
            .into_iter()
            .chain(self.acting_head_of.iter().copied())
    }
}

/// Who is asking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Granted roles.
    pub roles: Vec<Role>,
    /// The personal post, if the account belongs to a person.
    pub post: Option<PersonalPost>,
}

/// An evaluation as the access rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationTarget {
    /// The person evaluated.
    pub person_id: PersonId,
    /// Where the person's post is.
    pub unit: UnitScope,
    /// Resolved reviewer.
    pub reviewer_id: Option<PersonId>,
    /// Resolved decider.
    pub decider_id: Option<PersonId>,
    /// The publishing unit.
    pub publishing_unit_id: UnitId,
}

/// What is accessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A unit.
    Unit(UnitScope),
    /// A person, at their unit.
    Person {
        /// The person.
        person_id: PersonId,
        /// Where their post is.
        unit: UnitScope,
    },
    /// An evaluation.
    Evaluation(EvaluationTarget),
    /// A publishing unit's published results.
    PublishedResults(UnitScope),
    /// An export of a unit's data.
    Export(UnitScope),
}

/// Read or act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// See it.
    Read,
    /// Change it (for evaluations: act in the workflow; the workflow checks the transition).
    Act,
}

fn scope_of(target: &Target) -> &UnitScope {
    match target {
        Target::Unit(u) | Target::PublishedResults(u) | Target::Export(u) => u,
        Target::Person { unit, .. } => unit,
        Target::Evaluation(e) => &e.unit,
    }
}

fn role_allows(role: &Role, mode: Mode, target: &Target) -> bool {
    let scope = scope_of(target);
    let org_target = matches!(target, Target::Unit(_) | Target::Person { .. });
    match role {
        // The operator runs the system (Điều 5.1) but does not read evaluations (Điều 9.4).
        Role::Operator => org_target,
        Role::BlocAdmin { bloc } => scope.bloc == *bloc && (mode == Mode::Read || org_target),
        Role::UnitAdmin { unit_id } => {
            scope.is_within(*unit_id)
                && match mode {
                    Mode::Read => true,
                    Mode::Act => org_target,
                }
        }
        Role::Aggregator { unit_id } => mode == Mode::Read && scope.is_within(*unit_id),
        Role::ServiceClient { unit_id, scopes } => {
            let within = unit_id.is_none_or(|u| scope.is_within(u));
            let needed = match (target, mode) {
                (Target::Unit(_) | Target::Person { .. }, Mode::Read) => ServiceScope::OrgRead,
                (Target::Unit(_) | Target::Person { .. }, Mode::Act) => ServiceScope::OrgWrite,
                (Target::Evaluation(_), Mode::Read) => ServiceScope::EvaluationsRead,
                (Target::PublishedResults(_), Mode::Read) => ServiceScope::ResultsRead,
                (Target::Export(_), Mode::Read) => ServiceScope::Export,
                (
                    Target::Evaluation(_) | Target::PublishedResults(_) | Target::Export(_),
                    Mode::Act,
                ) => {
                    return false;
                }
            };
            within && scopes.contains(&needed)
        }
    }
}

fn personal_allows(post: &PersonalPost, mode: Mode, target: &Target) -> bool {
    match (target, mode) {
        // Staff see their own unit and the units above it (for context), change none.
        (Target::Unit(u), Mode::Read) => post.unit_id == u.id || post.publishing_unit_id == u.id,
        (Target::Person { person_id, .. }, Mode::Read) => *person_id == post.person_id,
        // Own record, the evaluations one reviews or decides, and the unit head's unit.
        (Target::Evaluation(e), _) => {
            e.person_id == post.person_id
                || e.reviewer_id == Some(post.person_id)
                || e.decider_id == Some(post.person_id)
                || post.heads(e.publishing_unit_id)
        }
        // Staff see their unit's published results (DESIGN 3).
        (Target::PublishedResults(u), Mode::Read) => {
            u.id == post.publishing_unit_id || post.heads(u.id)
        }
        // Heads of units may extract their unit's data (Điều 14).
        (Target::Export(u), Mode::Read) => post.headed_units().any(|h| u.is_within(h)),
        _ => false,
    }
}

/// Whether `actor` may read or act on `target` (Điều 9, 14, 20, 21; DESIGN 3):
/// operators manage org data everywhere; bloc admins read everything in their bloc and manage
/// its org data; unit admins read their subtree and manage its org data; aggregators read and
/// export their subtree; service clients need the scope and the subtree; a person sees their
/// own records, the evaluations they review or decide, their unit's published results, and a
/// unit head also their unit's evaluations and exports.
pub fn allows(actor: &Actor, mode: Mode, target: &Target) -> bool {
    actor.roles.iter().any(|r| role_allows(r, mode, target))
        || actor
            .post
            .as_ref()
            .is_some_and(|p| personal_allows(p, mode, target))
}

/// Shorthand for [`allows`] with [`Mode::Read`].
pub fn can_read(actor: &Actor, target: &Target) -> bool {
    allows(actor, Mode::Read, target)
}

/// Shorthand for [`allows`] with [`Mode::Act`].
pub fn can_act(actor: &Actor, target: &Target) -> bool {
    allows(actor, Mode::Act, target)
}

/// Whether `actor` may manage accounts at all (create, list, change, reset passwords). A
/// service client never does, whatever its scopes: an integration that could issue or reset
/// accounts could sign in as anyone it creates (Điều 7: accounts are issued by administrators).
pub fn may_manage_accounts(actor: &Actor) -> bool {
    !actor
        .roles
        .iter()
        .any(|r| matches!(r, Role::ServiceClient { .. }))
}

/// Whether `actor` may grant (or take back, or manage an account holding) `role`, where
/// `unit` is where a unit-scoped role applies (Điều 3.10, 7): the operator grants any role;
/// a bloc administrator grants unit admin and aggregator roles for units of their bloc (Điều
/// 7.2–7.4); a unit admin grants aggregator roles within their subtree (Điều 3.11). Nobody
/// else grants roles.
pub fn may_grant(actor: &Actor, role: &Role, unit: Option<&UnitScope>) -> bool {
    may_manage_accounts(actor)
        && actor.roles.iter().any(|held| match (held, role) {
            (Role::Operator, _) => true,
            // The elected bodies' office issues user accounts only (Điều 7.4), not unit admin
            // accounts.
            (
                Role::BlocAdmin {
                    bloc: Bloc::Elected,
                },
                Role::UnitAdmin { .. },
            ) => false,
            (Role::BlocAdmin { bloc }, Role::UnitAdmin { .. } | Role::Aggregator { .. }) => {
                unit.is_some_and(|u| u.bloc == *bloc)
            }
            (Role::UnitAdmin { unit_id }, Role::Aggregator { .. }) => {
                unit.is_some_and(|u| u.is_within(*unit_id))
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use uuid::Uuid;

    fn u(n: u128) -> UnitId {
        UnitId(Uuid::from_u128(n))
    }
    fn p(n: u128) -> PersonId {
        PersonId(Uuid::from_u128(n))
    }
    /// City 1 > agency 2 > department 3; agency 4 in another bloc.
    fn scope(n: u128) -> UnitScope {
        match n {
            2 => UnitScope {
                id: u(2),
                bloc: Bloc::Government,
                ancestors: vec![u(1)],
            },
            3 => UnitScope {
                id: u(3),
                bloc: Bloc::Government,
                ancestors: vec![u(2), u(1)],
            },
            4 => UnitScope {
                id: u(4),
                bloc: Bloc::Party,
                ancestors: vec![u(1)],
            },
            _ => UnitScope {
                id: u(1),
                bloc: Bloc::Government,
                ancestors: vec![],
            },
        }
    }
    fn eval(person: u128, unit: u128) -> Target {
        Target::Evaluation(EvaluationTarget {
            person_id: p(person),
            unit: scope(unit),
            reviewer_id: Some(p(30)),
            decider_id: Some(p(31)),
            publishing_unit_id: u(2),
        })
    }
    fn role(r: Role) -> Actor {
        Actor {
            roles: vec![r],
            post: None,
        }
    }
    fn person(id: u128, is_unit_head: bool) -> Actor {
        Actor {
            roles: vec![],
            post: Some(PersonalPost {
                person_id: p(id),
                unit_id: u(3),
                publishing_unit_id: u(2),
                is_unit_head,
                acting_head_of: vec![],
            }),
        }
    }

    #[test]
    fn admins_by_subtree_and_bloc() {
        let admin = role(Role::UnitAdmin { unit_id: u(2) });
        assert!(can_read(&admin, &eval(9, 3)) && can_act(&admin, &Target::Unit(scope(3))));
        assert!(
            !can_read(&admin, &Target::Unit(scope(4)))
                && !can_read(&admin, &Target::Unit(scope(1)))
        );
        assert!(!can_act(&admin, &eval(9, 3)));
        let agg = role(Role::Aggregator { unit_id: u(2) });
        assert!(
            can_read(&agg, &Target::Export(scope(3))) && !can_act(&agg, &Target::Unit(scope(3)))
        );
        let bloc = role(Role::BlocAdmin { bloc: Bloc::Party });
        assert!(can_read(&bloc, &eval(9, 4)) && !can_read(&bloc, &eval(9, 3)));
        let op = role(Role::Operator);
        assert!(can_act(&op, &Target::Unit(scope(4))) && !can_read(&op, &eval(9, 3)));
    }

    #[test]
    fn personal_access() {
        let me = person(9, false);
        assert!(can_read(&me, &eval(9, 3)));
        assert!(!can_read(&me, &eval(10, 3)));
        assert!(can_read(&me, &Target::PublishedResults(scope(2))));
        assert!(!can_read(&me, &Target::PublishedResults(scope(4))));
        assert!(!can_read(&me, &Target::Export(scope(2))));
        assert!(
            can_read(&person(30, false), &eval(10, 3)) && can_act(&person(31, false), &eval(10, 3))
        );
        let head = person(2, true);
        assert!(can_read(&head, &eval(10, 3)) && can_read(&head, &Target::Export(scope(3))));
    }

    #[test]
    fn service_clients_need_scope_and_subtree() {
        let c = role(Role::ServiceClient {
            unit_id: Some(u(2)),
            scopes: vec![ServiceScope::OrgRead, ServiceScope::OrgWrite],
        });
        assert!(can_act(
            &c,
            &Target::Person {
                person_id: p(1),
                unit: scope(3)
            }
        ));
        assert!(!can_read(&c, &Target::Unit(scope(4))));
        assert!(!can_read(&c, &eval(9, 3)));
        let v = serde_json::to_value(Role::UnitAdmin { unit_id: u(2) }).unwrap();
        assert_eq!(v["role"], "unit_admin");
    }

    #[test]
    fn who_grants_which_role() {
        let unit = |bloc: Bloc, ancestors: Vec<u128>| UnitScope {
            id: UnitId(Uuid::from_u128(99)),
            bloc,
            ancestors: ancestors
                .into_iter()
                .map(|a| UnitId(Uuid::from_u128(a)))
                .collect(),
        };
        let actor = |role: Role| Actor {
            roles: vec![role],
            post: None,
        };
        let admin_of = |n: u128| Role::UnitAdmin {
            unit_id: UnitId(Uuid::from_u128(n)),
        };
        let aggregator = Role::Aggregator {
            unit_id: UnitId(Uuid::from_u128(99)),
        };
        let inside = unit(Bloc::Government, vec![1, 2]);
        let other_bloc = unit(Bloc::Party, vec![1, 2]);

        assert!(may_grant(
            &actor(Role::Operator),
            &Role::BlocAdmin { bloc: Bloc::Party },
            None
        ));
        let bloc_admin = actor(Role::BlocAdmin {
            bloc: Bloc::Government,
        });
        assert!(may_grant(&bloc_admin, &admin_of(99), Some(&inside)));
        // Điều 7.4: the elected bodies' office issues user accounts, not unit admin accounts.
        let elected = unit(Bloc::Elected, vec![1, 2]);
        let elected_admin = actor(Role::BlocAdmin {
            bloc: Bloc::Elected,
        });
        assert!(!may_grant(&elected_admin, &admin_of(99), Some(&elected)));
        // A service client manages no account, whatever its scopes.
        let client = actor(Role::ServiceClient {
            unit_id: None,
            scopes: vec![ServiceScope::OrgRead, ServiceScope::OrgWrite],
        });
        assert!(!may_manage_accounts(&client));
        assert!(!may_grant(&client, &aggregator, Some(&inside)));
        assert!(may_manage_accounts(&bloc_admin));
        assert!(!may_grant(&bloc_admin, &admin_of(99), Some(&other_bloc)));
        assert!(!may_grant(&bloc_admin, &Role::Operator, None));
        let unit_admin = actor(admin_of(2));
        assert!(may_grant(&unit_admin, &aggregator, Some(&inside)));
        assert!(!may_grant(&unit_admin, &admin_of(99), Some(&inside)));
        assert!(!may_grant(&actor(admin_of(7)), &aggregator, Some(&inside)));
        assert!(!may_grant(
            &actor(Role::Aggregator {
                unit_id: UnitId(Uuid::from_u128(2))
            }),
            &aggregator,
            Some(&inside)
        ));
    }
}
