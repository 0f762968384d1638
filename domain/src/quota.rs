//! The quota on A ("chỉ tiêu"; Điều 13.1, "Lưu ý"): the number ranked A may not exceed 20% of
//! the number ranked B per quota group ("nhóm đối tượng"); a unit or group of fewer than
//! 5 people may have one A if that person qualifies.

use crate::ids::PersonId;
use crate::rank::Rank;
use crate::score::Points;
use serde::{Deserialize, Serialize};

/// What the percentage is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaBase {
    /// Literal reading of Điều 13.1: A ≤ pct × B, counting B after the A choices.
    RankedB,
    /// A ≤ pct × (A + B).
    RankedBOrAbove,
    /// A ≤ pct × headcount of the group.
    Headcount,
}

/// How a fractional limit becomes a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round down (default).
    Floor,
    /// Round half up.
    Round,
    /// Round up.
    Ceil,
}

/// The quota policy, as data (DESIGN 2.2; `GET/PUT /quota-policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaPolicy {
    /// Percentage (20 in Điều 13.1).
    pub percent: u32,
    /// Base of the percentage.
    pub base: QuotaBase,
    /// Rounding.
    pub rounding: Rounding,
    /// Groups with a headcount below this are small (5 in Điều 13.1).
    pub small_group_threshold: u32,
    /// A small group may have this many A (1 in Điều 13.1).
    pub small_group_allowance: u32,
}

impl Default for QuotaPolicy {
    /// The literal reading of Điều 13.1: 20% of B, counted after the A choices, rounded down;
    /// fewer than 5 people → 1 A.
    fn default() -> Self {
        Self {
            percent: 20,
            base: QuotaBase::RankedB,
            rounding: Rounding::Floor,
            small_group_threshold: 5,
            small_group_allowance: 1,
        }
    }
}

/// A recorded exception for a unit with outstanding results: a decision of the competent
/// authority sets another percentage (not in Điều 13.1; from QĐ 366-QĐ/TW and NĐ 335/2025, see
/// context notes §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaOverride {
    /// Number of the decision ("số quyết định").
    pub decision_number: String,
    /// The percentage it allows.
    pub percent: u32,
}

/// The policy that applied to a group, to show with the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPolicy {
    /// The policy, with the override's percentage if any.
    pub policy: QuotaPolicy,
    /// The override's decision number, if one applied.
    pub override_decision: Option<String>,
    /// Whether the small-group allowance applied.
    pub small_group: bool,
}

/// One decided member of a quota group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaMember {
    /// Who.
    pub person_id: PersonId,
    /// Decider's total.
    pub total: Points,
    /// Rank earned by points and knock-outs (A here means "qualifies for A").
    pub qualified: Rank,
    /// Rank the decider gave (after any lowering for the quota).
    pub final_rank: Rank,
}

/// The quota status of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaOutcome {
    /// Policy that applied.
    pub applied: AppliedPolicy,
    /// Most A allowed.
    pub max_a: u32,
    /// Ranked A (final ranks).
    pub used_a: u32,
    /// Ranked B (final ranks): with `used_a`, the base the limit was computed on.
    pub ranked_b: u32,
    /// More A given than allowed: publication is refused.
    pub over_quota: bool,
    /// Qualified for A but ranked B ("đủ điều kiện A, xếp B do chỉ tiêu"), sorted by id.
    pub lowered_to_b: Vec<PersonId>,
}

fn rounded(num: u64, den: u64, rounding: Rounding) -> u64 {
    match rounding {
        Rounding::Floor => num / den,
        Rounding::Ceil => num.div_ceil(den),
        Rounding::Round => (2 * num + den) / (2 * den),
    }
}

/// The largest number of A allowed (Điều 13.1, "Lưu ý") for a group of `headcount` people of
/// whom `qualified_a_or_b` rank A or B by points and knock-outs.
///
/// For [`QuotaBase::RankedB`] the count `a` must satisfy `a ≤ R(pct × (N − a) / 100)` with
/// `N = qualified_a_or_b`; the right side falls as `a` grows, so the admissible `a` form a
/// prefix and the answer has a closed form in integers (floor: `⌊pct·N / (100 + pct)⌋`, i.e.
/// `⌊N/6⌋` at 20%). A small group (headcount below the threshold) gets at least the allowance.
/// The result never exceeds `qualified_a_or_b`.
pub fn max_a(policy: &QuotaPolicy, headcount: u32, qualified_a_or_b: u32) -> u32 {
    let p = u64::from(policy.percent);
    let n = u64::from(qualified_a_or_b);
    let limit = match policy.base {
        QuotaBase::RankedB => match policy.rounding {
            // a·100 ≤ p(N − a)  ⇔  a ≤ pN / (100 + p)
            Rounding::Floor => p * n / (100 + p),
            // a ≤ ⌊p(N − a)/100 + 1/2⌋  ⇔  a(200 + 2p) ≤ 2pN + 100
            Rounding::Round => (2 * p * n + 100) / (200 + 2 * p),
            // a ≤ ⌈p(N − a)/100⌉  ⇔  100(a − 1) < p(N − a)  ⇔  a(100 + p) < pN + 100
            Rounding::Ceil => (p * n + 100).div_ceil(100 + p).saturating_sub(1),
        },
        QuotaBase::RankedBOrAbove => rounded(p * n, 100, policy.rounding),
        QuotaBase::Headcount => rounded(p * u64::from(headcount), 100, policy.rounding),
    };
    let mut limit = u32::try_from(limit).unwrap_or(u32::MAX);
    if headcount < policy.small_group_threshold {
        limit = limit.max(policy.small_group_allowance);
    }
    limit.min(qualified_a_or_b)
}

/// The policy in force for a group: the base policy, or its percentage replaced by a unit's
/// override.
pub fn effective_policy(policy: &QuotaPolicy, override_: Option<&QuotaOverride>) -> QuotaPolicy {
    match override_ {
        Some(o) => QuotaPolicy {
            percent: o.percent,
            ..*policy
        },
        None => *policy,
    }
}

fn qualifies_a_or_b(r: Rank) -> bool {
    matches!(r, Rank::A | Rank::B)
}

/// The quota status of a group's decided members (Điều 13.1, "Lưu ý"; DESIGN 2.2), counted on
/// **final** ranks: with `A` and `B` the numbers finally ranked A and B, the group is within
/// its quota when `A ≤ max_a(policy, headcount, A + B)`, which for the default policy is
/// `A ≤ ⌊20% × B⌋` (or the small-group allowance). Lowering a B to C after the decision can
/// therefore put a group over quota again. Also says who qualified for A by points but is
/// ranked B. The result does not depend on the order of `members`.
pub fn evaluate(
    policy: &QuotaPolicy,
    override_: Option<&QuotaOverride>,
    headcount: u32,
    members: &[QuotaMember],
) -> QuotaOutcome {
    let effective = effective_policy(policy, override_);
    let used_a = count(members.iter().filter(|m| m.final_rank == Rank::A));
    let ranked_b = count(members.iter().filter(|m| m.final_rank == Rank::B));
    let max_a = max_a(&effective, headcount, used_a + ranked_b);
    let mut lowered: Vec<PersonId> = members
        .iter()
        .filter(|m| m.qualified == Rank::A && m.final_rank == Rank::B)
        .map(|m| m.person_id)
        .collect();
    lowered.sort();
    QuotaOutcome {
        applied: AppliedPolicy {
            policy: effective,
            override_decision: override_.map(|o| o.decision_number.clone()),
            small_group: headcount < effective.small_group_threshold,
        },
        max_a,
        used_a,
        ranked_b,
        over_quota: used_a > max_a,
        lowered_to_b: lowered,
    }
}

fn count<I: Iterator>(it: I) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

/// A suggested final rank for one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Who.
    pub person_id: PersonId,
    /// Suggested rank.
    pub rank: Rank,
    /// True when the person qualified for A but the quota leaves them at B.
    pub lowered_by_quota: bool,
}

/// Suggest final ranks for the decider to confirm (DESIGN 2.2): everyone keeps their qualified
/// rank, except that only the `max_a` highest totals among those qualified for A stay A; the
/// rest become B. Ties are broken by person id, ascending (a deterministic rule with no merit
/// meaning: the decider settles real ties). Output sorted by total descending, then id.
pub fn suggest(
    policy: &QuotaPolicy,
    override_: Option<&QuotaOverride>,
    headcount: u32,
    members: &[QuotaMember],
) -> Vec<Suggestion> {
    let effective = effective_policy(policy, override_);
    let n = count(members.iter().filter(|m| qualifies_a_or_b(m.qualified)));
    let allowed = usize::try_from(max_a(&effective, headcount, n)).unwrap_or(usize::MAX);
    let mut sorted: Vec<&QuotaMember> = members.iter().collect();
    sorted.sort_by(|x, y| y.total.cmp(&x.total).then(x.person_id.cmp(&y.person_id)));
    let mut given = 0usize;
    sorted
        .into_iter()
        .map(|m| {
            let (rank, lowered) = if m.qualified == Rank::A {
                if given < allowed {
                    given += 1;
                    (Rank::A, false)
                } else {
                    (Rank::B, true)
                }
            } else {
                (m.qualified, false)
            };
            Suggestion {
                person_id: m.person_id,
                rank,
                lowered_by_quota: lowered,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use uuid::Uuid;

    fn member(i: u128, total: u32, qualified: Rank, final_rank: Rank) -> QuotaMember {
        QuotaMember {
            person_id: PersonId(Uuid::from_u128(i)),
            total: Points::whole(total),
            qualified,
            final_rank,
        }
    }

    #[test]
    fn design_examples() {
        let p = QuotaPolicy::default();
        assert_eq!(max_a(&p, 12, 12), 2);
        assert_eq!(max_a(&p, 6, 6), 1);
        assert_eq!(max_a(&p, 5, 5), 0);
        assert_eq!(max_a(&p, 4, 4), 1);
        assert_eq!(
            max_a(&p, 4, 0),
            0,
            "the small-group A needs someone who qualifies"
        );
        assert_eq!(max_a(&p, 30, 11), 1);
    }

    #[test]
    fn other_bases_and_roundings() {
        let p = |base, rounding, percent| QuotaPolicy {
            percent,
            base,
            rounding,
            ..QuotaPolicy::default()
        };
        assert_eq!(
            max_a(&p(QuotaBase::RankedBOrAbove, Rounding::Floor, 20), 12, 12),
            2
        );
        assert_eq!(
            max_a(&p(QuotaBase::RankedBOrAbove, Rounding::Ceil, 20), 12, 12),
            3
        );
        assert_eq!(
            max_a(&p(QuotaBase::RankedBOrAbove, Rounding::Round, 20), 13, 13),
            3
        );
        assert_eq!(
            max_a(&p(QuotaBase::Headcount, Rounding::Floor, 30), 20, 10),
            6
        );
        assert_eq!(
            max_a(&p(QuotaBase::Headcount, Rounding::Floor, 30), 20, 3),
            3
        );
        // ranked_b with ceil: a ≤ ceil(0.2 (10 − a)) holds for a = 2 (2 ≤ 2), not 3 (3 > 2).
        assert_eq!(max_a(&p(QuotaBase::RankedB, Rounding::Ceil, 20), 10, 10), 2);
    }

    #[test]
    fn evaluate_reports_over_quota_and_lowered() {
        let p = QuotaPolicy::default();
        let mut ms: Vec<QuotaMember> = (0..12).map(|i| member(i, 80, Rank::B, Rank::B)).collect();
        for (i, m) in ms.iter_mut().enumerate().take(3) {
            *m = member(i as u128, 95, Rank::A, Rank::A);
        }
        let out = evaluate(&p, None, 12, &ms);
        assert_eq!((out.max_a, out.used_a, out.over_quota), (2, 3, true));
        ms[2].final_rank = Rank::B;
        let out = evaluate(&p, None, 12, &ms);
        assert!(!out.over_quota);
        assert_eq!((out.used_a, out.ranked_b), (2, 10));
        assert_eq!(out.lowered_to_b, vec![PersonId(Uuid::from_u128(2))]);
        // Lowering one B to C after the decision: 2 A against 9 B is over ⌊20% × 9⌋ = 1.
        let mut lowered = ms.clone();
        lowered[11].final_rank = Rank::C;
        let out = evaluate(&p, None, 12, &lowered);
        assert_eq!((out.max_a, out.used_a, out.over_quota), (1, 2, true));
        let o = QuotaOverride {
            decision_number: "15/QĐ-UBND".into(),
            percent: 40,
        };
        let out = evaluate(&p, Some(&o), 12, &ms);
        assert_eq!(out.max_a, 3);
        assert_eq!(out.applied.override_decision.as_deref(), Some("15/QĐ-UBND"));
        assert_eq!(out.applied.policy.percent, 40);
    }

    #[test]
    fn suggestion_keeps_highest_totals_ties_by_id() {
        let p = QuotaPolicy::default();
        let mut ms: Vec<QuotaMember> = (0..12).map(|i| member(i, 75, Rank::B, Rank::B)).collect();
        ms[5] = member(5, 96, Rank::A, Rank::A);
        ms[7] = member(7, 92, Rank::A, Rank::A);
        ms[3] = member(3, 92, Rank::A, Rank::A);
        let s = suggest(&p, None, 12, &ms);
        let a: Vec<u128> = s
            .iter()
            .filter(|x| x.rank == Rank::A)
            .map(|x| x.person_id.0.as_u128())
            .collect();
        assert_eq!(a, vec![5, 3]);
        assert!(
            s.iter()
                .any(|x| x.person_id.0.as_u128() == 7 && x.lowered_by_quota && x.rank == Rank::B)
        );
    }

    #[test]
    fn serde_spellings() {
        let v = serde_json::to_value(QuotaPolicy::default()).unwrap();
        assert_eq!(v["base"], "ranked_b");
        assert_eq!(v["rounding"], "floor");
        assert_eq!(v["small_group_threshold"], 5);
    }
}
