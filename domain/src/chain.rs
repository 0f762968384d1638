//! Who evaluates whom (Điều 8.4, Điều 10; DESIGN 2.4): "whoever directly leads and assigns the
//! work also evaluates". Resolves a person's reviewer and decider for a period from an org
//! snapshot, and says which rule applied.

use crate::ids::{PersonId, UnitId};
use crate::org::{Office, PositionCategory, Post, Unit, UnitLevel};
use crate::period::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Department headcount from which a deputy in charge reviews staff before the head decides
/// (Điều 10.3: "có từ 20 CBCCVC trở lên").
pub const LARGE_DEPARTMENT: u32 = 20;

/// An explicit reviewer/decider assignment (rule 1; Điều 10.1 city leaders, collective
/// decisions and unusual structures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Who is evaluated.
    pub person_id: PersonId,
    /// Reviewer, if assigned.
    pub reviewer_id: Option<PersonId>,
    /// Decider, if assigned.
    pub decider_id: Option<PersonId>,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity, if limited.
    pub valid_until: Option<NaiveDate>,
}

/// An acting head ("quyền", "được giao phụ trách") of a unit or department, with dates (rule 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    /// The unit whose head role is delegated.
    pub unit_id: UnitId,
    /// The acting person.
    pub acting_person_id: PersonId,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day, if limited.
    pub valid_until: Option<NaiveDate>,
}

/// A post rule (Điều 10.1; DESIGN 2.4 rule 6): the holder of a post tagged `office` is decided
/// by the holder of the first office of `decided_by` that someone holds. The rule follows the
/// post, so a new holder needs no new assignment. An empty `decided_by` means the office is
/// evaluated outside the system (by the central level): `evaluated_outside`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRule {
    /// The office evaluated.
    pub office: Office,
    /// The offices that decide, in order of preference; empty when evaluated outside.
    pub decided_by: Vec<Office>,
}

/// The post rules of Điều 10.1 (Quy chế 2021-QĐ/TU), as seeded by the migration
/// `evaluator_rules`:
/// - Bí thư Thành ủy, Trưởng Đoàn ĐBQH → Phó Trưởng Đoàn ĐBQH chuyên trách, ĐBQH chuyên trách;
/// - Phó Bí thư Thường trực → Trưởng Ban Đảng, Chánh Văn phòng Thành ủy, cấp trưởng MTTQ và các
///   tổ chức chính trị - xã hội, Bí thư quận/huyện/thị ủy, Bí thư đảng ủy khối và trực thuộc;
/// - Chủ tịch HĐND TP → Phó Chủ tịch HĐND TP, Trưởng Ban HĐND, Chánh Văn phòng Đoàn ĐBQH và
///   HĐND;
/// - Chủ tịch UBND TP → Phó Chủ tịch UBND TP, cấp trưởng sở, ban, ngành;
/// - Bí thư Thành ủy, Phó Bí thư Thường trực, Chủ tịch HĐND TP, Chủ tịch UBND TP and Trưởng Đoàn
///   ĐBQH are evaluated by the central level (outside the system).
pub fn default_post_rules() -> Vec<PostRule> {
    use Office::*;
    let rule = |office, decided_by: &[Office]| PostRule {
        office,
        decided_by: decided_by.to_vec(),
    };
    vec![
        rule(BiThuThanhUy, &[]),
        rule(PhoBiThuThuongTruc, &[]),
        rule(ChuTichHdndTp, &[]),
        rule(ChuTichUbndTp, &[]),
        rule(TruongDoanDbqh, &[]),
        rule(PhoTruongDoanDbqh, &[BiThuThanhUy, TruongDoanDbqh]),
        rule(DbqhChuyenTrach, &[BiThuThanhUy, TruongDoanDbqh]),
        rule(TruongBanDang, &[PhoBiThuThuongTruc]),
        rule(ChanhVanPhongThanhUy, &[PhoBiThuThuongTruc]),
        rule(TruongMttqDoanThe, &[PhoBiThuThuongTruc]),
        rule(BiThuQuanUy, &[PhoBiThuThuongTruc]),
        rule(BiThuDangUyKhoi, &[PhoBiThuThuongTruc]),
        rule(PhoChuTichHdndTp, &[ChuTichHdndTp]),
        rule(TruongBanHdnd, &[ChuTichHdndTp]),
        rule(ChanhVanPhongDoanDbqhHdnd, &[ChuTichHdndTp]),
        rule(PhoChuTichUbndTp, &[ChuTichUbndTp]),
        rule(GiamDocSo, &[ChuTichUbndTp]),
    ]
}

/// Why a rule table is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostRuleError {
    /// Two rules for the same office.
    #[error("office {0:?} has two rules")]
    Duplicate(Office),
    /// An office decides itself.
    #[error("office {0:?} decides itself")]
    SelfDecided(Office),
}

/// Checks a rule table: one rule per office, no office deciding itself.
pub fn check_post_rules(rules: &[PostRule]) -> Result<(), (usize, PostRuleError)> {
    for (i, rule) in rules.iter().enumerate() {
        if rules[..i].iter().any(|r| r.office == rule.office) {
            return Err((i, PostRuleError::Duplicate(rule.office)));
        }
        if rule.decided_by.contains(&rule.office) {
            return Err((i, PostRuleError::SelfDecided(rule.office)));
        }
    }
    Ok(())
}

/// What the chain is resolved from: units, current posts (with in-charge relations),
/// explicit assignments, delegations, and headcounts where the caller knows better than the
/// posts listed (a partial snapshot).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSnapshot {
    /// Units and departments.
    pub units: Vec<Unit>,
    /// Current posts, one per person.
    pub posts: Vec<Post>,
    /// Explicit assignments.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Acting heads.
    #[serde(default)]
    pub delegations: Vec<Delegation>,
    /// Headcount per unit overriding the count of posts.
    #[serde(default)]
    pub headcounts: BTreeMap<UnitId, u32>,
    /// Post rules (Điều 10.1): which office decides which.
    #[serde(default)]
    pub post_rules: Vec<PostRule>,
}

/// The rule that produced the chain (stable codes for the API's `rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainRule {
    /// Rule 1: an explicit assignment.
    ExplicitAssignment,
    /// Rule 2: staff of a department under 20 people; the head decides.
    DepartmentStaff,
    /// Rule 2: staff of a department of 20 or more; the deputy in charge reviews.
    DepartmentStaffLarge,
    /// Rule 2: staff directly in a unit without departments, under 20 people.
    UnitStaff,
    /// Rule 2: staff directly in a unit of 20 or more.
    UnitStaffLarge,
    /// Rule 3: deputy of a department.
    DepartmentDeputy,
    /// Rule 4: head of a department.
    DepartmentHead,
    /// Rule 5: deputy head of a unit.
    UnitDeputy,
    /// Rule 6: head of a unit.
    UnitHead,
    /// Rule 6: a post rule of Điều 10.1 (the holder of another office decides).
    PostRule,
}

impl ChainRule {
    /// The stable code, e.g. `department_staff_large`.
    pub fn code(self) -> &'static str {
        match self {
            ChainRule::ExplicitAssignment => "explicit_assignment",
            ChainRule::DepartmentStaff => "department_staff",
            ChainRule::DepartmentStaffLarge => "department_staff_large",
            ChainRule::UnitStaff => "unit_staff",
            ChainRule::UnitStaffLarge => "unit_staff_large",
            ChainRule::DepartmentDeputy => "department_deputy",
            ChainRule::DepartmentHead => "department_head",
            ChainRule::UnitDeputy => "unit_deputy",
            ChainRule::UnitHead => "unit_head",
            ChainRule::PostRule => "post_rule",
        }
    }
}

/// How rule 7 moved a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChainAdjustment {
    /// The unit's head role is held by an acting person.
    Delegation {
        /// The unit.
        unit_id: UnitId,
        /// The acting person.
        acting_person_id: PersonId,
    },
    /// The unit has no head: the role went up one level.
    Vacancy {
        /// The unit.
        unit_id: UnitId,
    },
    /// The role would have fallen to the person themself: it went up one level (decider) or
    /// was dropped (reviewer).
    SelfAvoided {
        /// The unit where it happened (for a reviewer, the person's unit).
        unit_id: UnitId,
    },
}

/// The post rule that gave the decider (Điều 10.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPostRule {
    /// The person's office.
    pub office: Office,
    /// The office whose holder decides.
    pub decider_office: Office,
}

/// A resolved chain: who reviews (optional) and who decides, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// The reviewer, when there is one.
    pub reviewer: Option<PersonId>,
    /// The decider.
    pub decider: PersonId,
    /// The rule applied.
    pub rule: ChainRule,
    /// The post rule, when `rule` is [`ChainRule::PostRule`].
    pub post_rule: Option<AppliedPostRule>,
    /// Moves made by rule 7, in order.
    pub adjustments: Vec<ChainAdjustment>,
}

impl Chain {
    /// The rule as one string, with markers for rule 7 (e.g. `department_staff+delegation`).
    pub fn rule_code(&self) -> String {
        let mut s = self.rule.code().to_owned();
        for a in &self.adjustments {
            s.push_str(match a {
                ChainAdjustment::Delegation { .. } => "+delegation",
                ChainAdjustment::Vacancy { .. } => "+vacancy",
                ChainAdjustment::SelfAvoided { .. } => "+self_avoided",
            });
        }
        s
    }
}

/// Why no chain could be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The person has no post in the snapshot.
    #[error("person {0} has no current post")]
    NoPost(PersonId),
    /// A post or parent names a unit missing from the snapshot.
    #[error("unit {0} is not in the snapshot")]
    UnknownUnit(UnitId),
    /// No leader above the person: configure an explicit assignment (rule 1).
    #[error("no decider above person {0}; configure an explicit assignment")]
    NoDecider(PersonId),
    /// The person's office is evaluated outside the system, by the central level (Điều 10.1
    /// names no one in the city who decides it): `evaluated_outside`, not a gap to fill.
    #[error("office {0:?} is evaluated outside the system")]
    EvaluatedOutside(Office),
}

impl ChainError {
    /// The chain rule recorded when no chain resolves: `evaluated_outside` or `no_decider`.
    pub fn rule_code(&self) -> &'static str {
        match self {
            ChainError::EvaluatedOutside(_) => "evaluated_outside",
            _ => "no_decider",
        }
    }
}

fn active(from: NaiveDate, until: Option<NaiveDate>, period: Period) -> bool {
    from <= period.last_day() && until.is_none_or(|u| u >= period.first_day())
}

struct Resolver<'a> {
    org: &'a OrgSnapshot,
    person: PersonId,
    period: Period,
    adjustments: Vec<ChainAdjustment>,
}

impl Resolver<'_> {
    fn unit(&self, id: UnitId) -> Result<&Unit, ChainError> {
        self.org
            .units
            .iter()
            .find(|u| u.id == id)
            .ok_or(ChainError::UnknownUnit(id))
    }

    fn headcount(&self, unit: UnitId) -> u32 {
        match self.org.headcounts.get(&unit) {
            Some(n) => *n,
            None => u32::try_from(self.org.posts.iter().filter(|p| p.unit_id == unit).count())
                .unwrap_or(u32::MAX),
        }
    }

    /// Who holds the head role of `unit`: an active acting person first (latest start wins),
    /// else the head post (lowest id if several).
    fn head_of(&self, unit: UnitId) -> Option<(PersonId, bool)> {
        let acting = self
            .org
            .delegations
            .iter()
            .filter(|d| d.unit_id == unit && active(d.valid_from, d.valid_until, self.period))
            .max_by_key(|d| (d.valid_from, std::cmp::Reverse(d.acting_person_id)))
            .map(|d| (d.acting_person_id, true));
        acting.or_else(|| {
            self.org
                .posts
                .iter()
                .filter(|p| p.unit_id == unit && p.category == PositionCategory::Head)
                .map(|p| p.person_id)
                .min()
                .map(|id| (id, false))
        })
    }

    /// The first head role holder other than the person, from `start` upwards (rule 7: a
    /// vacancy or the person themself sends the role up one level).
    fn head_from(&mut self, start: Option<UnitId>) -> Result<PersonId, ChainError> {
        let mut next = start;
        let mut steps = 0;
        while let Some(unit) = next {
            steps += 1;
            if steps > self.org.units.len() + 1 {
                break; // a cycle in the snapshot: stop rather than loop
            }
            match self.head_of(unit) {
                Some((holder, _)) if holder == self.person => {
                    self.adjustments
                        .push(ChainAdjustment::SelfAvoided { unit_id: unit });
                }
                Some((holder, acting)) => {
                    if acting {
                        self.adjustments.push(ChainAdjustment::Delegation {
                            unit_id: unit,
                            acting_person_id: holder,
                        });
                    }
                    return Ok(holder);
                }
                None => self
                    .adjustments
                    .push(ChainAdjustment::Vacancy { unit_id: unit }),
            }
            next = self.unit(unit)?.parent_id;
        }
        Err(ChainError::NoDecider(self.person))
    }

    /// Rule 6, post rules (Điều 10.1): the holder of the first deciding office someone other
    /// than the person holds (an acting head replaces a head who holds it). `Ok(None)` when the
    /// person's post has no office, no rule, or no holder of a deciding office: the default rules
    /// apply then.
    fn by_post_rule(
        &mut self,
        post: &Post,
    ) -> Result<Option<(PersonId, AppliedPostRule)>, ChainError> {
        let Some(office) = post.office else {
            return Ok(None);
        };
        let Some(rule) = self.org.post_rules.iter().find(|r| r.office == office) else {
            return Ok(None);
        };
        if rule.decided_by.is_empty() {
            return Err(ChainError::EvaluatedOutside(office));
        }
        for decider_office in &rule.decided_by {
            let holder = self
                .org
                .posts
                .iter()
                .filter(|p| p.office == Some(*decider_office) && p.person_id != self.person)
                .min_by_key(|p| p.person_id);
            let Some(holder) = holder else { continue };
            let mut decider = holder.person_id;
            if holder.category == PositionCategory::Head
                && let Some((acting, true)) = self.head_of(holder.unit_id)
                && acting != self.person
            {
                self.adjustments.push(ChainAdjustment::Delegation {
                    unit_id: holder.unit_id,
                    acting_person_id: acting,
                });
                decider = acting;
            }
            return Ok(Some((
                decider,
                AppliedPostRule {
                    office,
                    decider_office: *decider_office,
                },
            )));
        }
        Ok(None)
    }

    fn deputy_in_charge(&self, unit: UnitId, of: impl Fn(&Post) -> bool) -> Option<PersonId> {
        self.org
            .posts
            .iter()
            .filter(|p| p.unit_id == unit && p.category == PositionCategory::Deputy && of(p))
            .map(|p| p.person_id)
            .min()
    }
}

/// Resolve the reviewer and decider of `person` for `period` (Điều 8.4, Điều 10; DESIGN 2.4):
///
/// 1. an explicit assignment active in the period wins (for the roles it names);
/// 2. staff or contract worker in department D (or directly in a unit): decider = head of D;
///    if D has 20 or more people (every post in D, leaders included), reviewer = the deputy
///    of D in charge of the person (Điều 10.3);
/// 3. deputy of D: decider = head of D;
/// 4. head of D in unit U: decider = head of U; reviewer = deputy of U in charge of D's field
///    (Điều 10.2);
/// 5. deputy of U: decider = head of U;
/// 6. a post tagged with an office (Điều 10.1) is decided by the holder of the office its post
///    rule names, whoever holds it; an office the rules leave to the central level is
///    [`ChainError::EvaluatedOutside`]; otherwise the head of U is decided by the head of U's
///    parent;
/// 7. acting heads replace the head; a vacancy or the person themself sends the role up one
///    level; no one reviews or decides their own evaluation.
pub fn resolve(org: &OrgSnapshot, person: PersonId, period: Period) -> Result<Chain, ChainError> {
    let post = org
        .posts
        .iter()
        .find(|p| p.person_id == person)
        .ok_or(ChainError::NoPost(person))?;
    let mut r = Resolver {
        org,
        person,
        period,
        adjustments: Vec::new(),
    };
    let unit = r.unit(post.unit_id)?.clone();
    let in_department = unit.level == UnitLevel::Department;

    let assignment = org
        .assignments
        .iter()
        .filter(|a| a.person_id == person && active(a.valid_from, a.valid_until, period))
        .max_by_key(|a| a.valid_from);
    if let Some(a) = assignment {
        let reviewer = a.reviewer_id.filter(|id| *id != person);
        if let Some(decider) = a.decider_id.filter(|id| *id != person) {
            let reviewer = reviewer.filter(|id| *id != decider);
            return Ok(Chain {
                reviewer,
                decider,
                rule: ChainRule::ExplicitAssignment,
                post_rule: None,
                adjustments: vec![],
            });
        }
    }

    let by_rule = r.by_post_rule(post)?;
    let post_rule = by_rule.map(|(_, applied)| applied);
    let (rule, decider, reviewer) = if let Some((decider, _)) = by_rule {
        (ChainRule::PostRule, decider, None)
    } else {
        match post.category {
            PositionCategory::Staff | PositionCategory::Contract => {
                let large = r.headcount(unit.id) >= LARGE_DEPARTMENT;
                let rule = match (in_department, large) {
                    (true, false) => ChainRule::DepartmentStaff,
                    (true, true) => ChainRule::DepartmentStaffLarge,
                    (false, false) => ChainRule::UnitStaff,
                    (false, true) => ChainRule::UnitStaffLarge,
                };
                let decider = r.head_from(Some(unit.id))?;
                let reviewer = if large {
                    r.deputy_in_charge(unit.id, |p| p.in_charge_of_person_ids.contains(&person))
                } else {
                    None
                };
                (rule, decider, reviewer)
            }
            PositionCategory::Deputy => {
                let rule = if in_department {
                    ChainRule::DepartmentDeputy
                } else {
                    ChainRule::UnitDeputy
                };
                (rule, r.head_from(Some(unit.id))?, None)
            }
            PositionCategory::Head if in_department => {
                let decider = r.head_from(unit.parent_id)?;
                let reviewer = unit.parent_id.and_then(|parent| {
                    r.deputy_in_charge(parent, |p| p.in_charge_of_unit_ids.contains(&unit.id))
                });
                (ChainRule::DepartmentHead, decider, reviewer)
            }
            PositionCategory::Head => (ChainRule::UnitHead, r.head_from(unit.parent_id)?, None),
        }
    };

    // An explicit reviewer without a decider still applies (rule 1 for that role).
    let (rule, reviewer) = match assignment
        .and_then(|a| a.reviewer_id)
        .filter(|id| *id != person)
    {
        Some(explicit) => (ChainRule::ExplicitAssignment, Some(explicit)),
        None => (rule, reviewer),
    };
    let reviewer = match reviewer {
        Some(id) if id == person => {
            r.adjustments
                .push(ChainAdjustment::SelfAvoided { unit_id: unit.id });
            None
        }
        Some(id) if id == decider => None,
        other => other,
    };
    Ok(Chain {
        reviewer,
        decider,
        rule,
        post_rule,
        adjustments: r.adjustments,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::org::Bloc;
    use uuid::Uuid;

    fn uid(n: u128) -> UnitId {
        UnitId(Uuid::from_u128(n))
    }
    fn pid(n: u128) -> PersonId {
        PersonId(Uuid::from_u128(n))
    }
    fn unit(n: u128, parent: Option<u128>, level: UnitLevel) -> Unit {
        Unit {
            id: uid(n),
            parent_id: parent.map(uid),
            level,
            bloc: Bloc::Government,
        }
    }
    fn post(p: u128, u: u128, category: PositionCategory) -> Post {
        Post {
            person_id: pid(p),
            unit_id: uid(u),
            category,
            in_charge_of_unit_ids: vec![],
            in_charge_of_person_ids: vec![],
            office: None,
        }
    }
    fn period() -> Period {
        "2024-05".parse().unwrap()
    }

    /// City (1) > agency (2) > department (3) with `staff` staff members (ids 100..).
    fn org(staff: u128) -> OrgSnapshot {
        let mut posts = vec![
            post(1, 1, PositionCategory::Head),
            post(2, 2, PositionCategory::Head),
            post(21, 2, PositionCategory::Deputy),
            post(3, 3, PositionCategory::Head),
            post(31, 3, PositionCategory::Deputy),
        ];
        posts[2].in_charge_of_unit_ids = vec![uid(3)];
        let staff_ids: Vec<PersonId> = (100..100 + staff).map(pid).collect();
        posts[4].in_charge_of_person_ids = staff_ids.clone();
        posts.extend((100..100 + staff).map(|p| post(p, 3, PositionCategory::Staff)));
        OrgSnapshot {
            units: vec![
                unit(1, None, UnitLevel::City),
                unit(2, Some(1), UnitLevel::Agency),
                unit(3, Some(2), UnitLevel::Department),
            ],
            posts,
            ..Default::default()
        }
    }

    #[test]
    fn small_department_threshold_19_and_20() {
        // 19 people in D: head + deputy + 17 staff.
        let c = resolve(&org(17), pid(100), period()).unwrap();
        assert_eq!(
            (c.rule, c.decider, c.reviewer),
            (ChainRule::DepartmentStaff, pid(3), None)
        );
        // 20 people: the deputy in charge reviews, the head decides.
        let c = resolve(&org(18), pid(100), period()).unwrap();
        assert_eq!(
            (c.rule, c.decider, c.reviewer),
            (ChainRule::DepartmentStaffLarge, pid(3), Some(pid(31)))
        );
        assert_eq!(c.rule_code(), "department_staff_large");
    }

    #[test]
    fn leaders() {
        let o = org(3);
        let c = resolve(&o, pid(31), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::DepartmentDeputy, pid(3)));
        let c = resolve(&o, pid(3), period()).unwrap();
        assert_eq!(
            (c.rule, c.decider, c.reviewer),
            (ChainRule::DepartmentHead, pid(2), Some(pid(21)))
        );
        let c = resolve(&o, pid(21), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::UnitDeputy, pid(2)));
        let c = resolve(&o, pid(2), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::UnitHead, pid(1)));
        assert_eq!(
            resolve(&o, pid(1), period()),
            Err(ChainError::NoDecider(pid(1)))
        );
        assert_eq!(
            resolve(&o, pid(999), period()),
            Err(ChainError::NoPost(pid(999)))
        );
    }

    #[test]
    fn explicit_assignment_wins_in_its_dates() {
        let mut o = org(3);
        o.assignments.push(Assignment {
            person_id: pid(1),
            reviewer_id: None,
            decider_id: Some(pid(500)),
            valid_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            valid_until: Some(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
        });
        let c = resolve(&o, pid(1), period()).unwrap();
        assert_eq!(
            (c.rule, c.decider),
            (ChainRule::ExplicitAssignment, pid(500))
        );
        assert!(resolve(&o, pid(1), "2024-06".parse().unwrap()).is_err());
    }

    #[test]
    fn vacancy_and_delegation() {
        let mut o = org(3);
        o.posts.retain(|p| p.person_id != pid(3));
        let c = resolve(&o, pid(100), period()).unwrap();
        assert_eq!(c.decider, pid(2));
        assert_eq!(c.rule_code(), "department_staff+vacancy");
        o.delegations.push(Delegation {
            unit_id: uid(3),
            acting_person_id: pid(31),
            valid_from: NaiveDate::from_ymd_opt(2024, 5, 10).unwrap(),
            valid_until: None,
        });
        let c = resolve(&o, pid(100), period()).unwrap();
        assert_eq!(c.decider, pid(31));
        assert_eq!(c.rule_code(), "department_staff+delegation");
        // The acting deputy never decides for themself: up one level.
        let c = resolve(&o, pid(31), period()).unwrap();
        assert_eq!(c.decider, pid(2));
        assert_eq!(c.rule_code(), "department_deputy+self_avoided");
    }

    #[test]
    fn unit_without_departments() {
        let mut o = org(0);
        o.posts.push(post(200, 2, PositionCategory::Contract));
        let c = resolve(&o, pid(200), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::UnitStaff, pid(2)));
        o.headcounts.insert(uid(2), 25);
        o.posts[2].in_charge_of_person_ids.push(pid(200));
        let c = resolve(&o, pid(200), period()).unwrap();
        assert_eq!(
            (c.rule, c.reviewer),
            (ChainRule::UnitStaffLarge, Some(pid(21)))
        );
    }

    /// Thành ủy (10) with its Bí thư (1) and Phó Bí thư Thường trực (2); a district party
    /// committee (11) under it with its Bí thư (3); UBND TP (20) with its Chủ tịch (4) and three
    /// sở (21..=23) with their heads (5..=7).
    fn city() -> OrgSnapshot {
        let tagged = |p: u128, u: u128, category, office| Post {
            office: Some(office),
            ..post(p, u, category)
        };
        OrgSnapshot {
            units: vec![
                unit(10, None, UnitLevel::City),
                unit(11, Some(10), UnitLevel::District),
                unit(20, None, UnitLevel::City),
                unit(21, Some(20), UnitLevel::Agency),
                unit(22, Some(20), UnitLevel::Agency),
                unit(23, Some(20), UnitLevel::Agency),
            ],
            posts: vec![
                tagged(1, 10, PositionCategory::Head, Office::BiThuThanhUy),
                tagged(2, 10, PositionCategory::Deputy, Office::PhoBiThuThuongTruc),
                tagged(3, 11, PositionCategory::Head, Office::BiThuQuanUy),
                tagged(4, 20, PositionCategory::Head, Office::ChuTichUbndTp),
                tagged(5, 21, PositionCategory::Head, Office::GiamDocSo),
                tagged(6, 22, PositionCategory::Head, Office::GiamDocSo),
                tagged(7, 23, PositionCategory::Head, Office::GiamDocSo),
            ],
            post_rules: default_post_rules(),
            ..Default::default()
        }
    }

    #[test]
    fn post_rule_follows_the_post() {
        let mut o = city();
        // Điều 10.1: the Phó Bí thư Thường trực decides for a Bí thư quận ủy, not the parent head.
        let c = resolve(&o, pid(3), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::PostRule, pid(2)));
        assert_eq!(
            c.post_rule,
            Some(AppliedPostRule {
                office: Office::BiThuQuanUy,
                decider_office: Office::PhoBiThuThuongTruc
            })
        );
        assert_eq!(c.rule_code(), "post_rule");
        // A new holder of the post decides with no new assignment.
        o.posts.retain(|p| p.person_id != pid(2));
        o.posts.push(Post {
            office: Some(Office::PhoBiThuThuongTruc),
            ..post(8, 10, PositionCategory::Deputy)
        });
        let c = resolve(&o, pid(3), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::PostRule, pid(8)));
        // Nobody holds the office: the default rule (parent head) applies.
        o.posts.retain(|p| p.person_id != pid(8));
        let c = resolve(&o, pid(3), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::UnitHead, pid(1)));
    }

    #[test]
    fn heads_of_so_are_decided_by_the_chu_tich_ubnd_tp() {
        let mut o = city();
        for head in 5..=7 {
            let c = resolve(&o, pid(head), period()).unwrap();
            assert_eq!((c.rule, c.decider), (ChainRule::PostRule, pid(4)));
        }
        // An acting Chủ tịch has the post's powers (rule 7).
        o.delegations.push(Delegation {
            unit_id: uid(20),
            acting_person_id: pid(9),
            valid_from: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            valid_until: None,
        });
        let c = resolve(&o, pid(5), period()).unwrap();
        assert_eq!(c.decider, pid(9));
        assert_eq!(c.rule_code(), "post_rule+delegation");
    }

    #[test]
    fn top_city_leaders_are_evaluated_outside() {
        let o = city();
        for top in [1, 2, 4] {
            let e = resolve(&o, pid(top), period()).unwrap_err();
            assert!(matches!(e, ChainError::EvaluatedOutside(_)), "{e:?}");
            assert_eq!(e.rule_code(), "evaluated_outside");
        }
        // An explicit assignment still wins (rule 1).
        let mut o = o;
        o.assignments.push(Assignment {
            person_id: pid(4),
            reviewer_id: None,
            decider_id: Some(pid(1)),
            valid_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            valid_until: None,
        });
        assert_eq!(resolve(&o, pid(4), period()).unwrap().decider, pid(1));
        // Without rules, the tags change nothing.
        let mut plain = city();
        plain.post_rules.clear();
        let c = resolve(&plain, pid(3), period()).unwrap();
        assert_eq!((c.rule, c.decider), (ChainRule::UnitHead, pid(1)));
    }

    #[test]
    fn default_post_rules_cover_every_office_once() {
        let rules = default_post_rules();
        assert_eq!(check_post_rules(&rules), Ok(()));
        for office in Office::ALL {
            assert!(rules.iter().any(|r| r.office == office), "{office:?}");
        }
        let mut bad = rules.clone();
        bad.push(bad[0].clone());
        assert!(matches!(
            check_post_rules(&bad),
            Err((_, PostRuleError::Duplicate(_)))
        ));
        let selfish = vec![PostRule {
            office: Office::GiamDocSo,
            decided_by: vec![Office::GiamDocSo],
        }];
        assert!(matches!(
            check_post_rules(&selfish),
            Err((0, PostRuleError::SelfDecided(Office::GiamDocSo)))
        ));
    }
}
