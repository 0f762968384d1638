//! Laws of the rules, checked with proptest (and a slow reference for the quota).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::DateTime;
use domain::calendar::{Step, StepStatus};
use domain::chain::{self, OrgSnapshot};
use domain::criteria::{Criterion, CriterionKind};
use domain::forms::default_forms;
use domain::ids::{PersonId, UnitId};
use domain::org::{Bloc, Office, PositionCategory, Post, Unit, UnitLevel};
use domain::quota::{self, QuotaBase, QuotaMember, QuotaPolicy, Rounding};
use domain::rank::{Rank, RankBands};
use domain::scoring::{Completion, RawScore, score_sheet};
use domain::workflow::{self, Context, Relations, State, Transition};
use domain::{Period, Points};
use proptest::prelude::*;
use rust_decimal::Decimal;
use uuid::Uuid;

fn pid(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

proptest! {
    #[test]
    fn totals_always_within_0_and_100(tenths in prop::collection::vec(0u32..=1000, 6), deduction in 0u32..=1000) {
        let mut form = default_forms().unwrap().swap_remove(7);
        form.criteria.push(Criterion {
            id: "D".into(), label: "Điểm trừ".into(), kind: CriterionKind::Deduction,
            max_points: Points::whole(100), guidance: vec![], bands: vec![], children: vec![],
        });
        let leaves: Vec<(String, Points)> = form.leaves().iter().filter(|c| c.kind != CriterionKind::Deduction).map(|c| (c.id.clone(), c.max_points)).collect();
        let mut scores: Vec<RawScore> = leaves.iter().zip(&tenths).filter(|((_, max), t)| Points::tenths(**t) <= *max)
            .map(|((id, _), t)| RawScore { criterion_id: id.clone(), points: Points::tenths(*t).value() }).collect();
        scores.push(RawScore { criterion_id: "D".into(), points: Decimal::new(i64::from(deduction), 1) });
        let sheet = score_sheet(&form, &scores, &Completion::default()).unwrap();
        prop_assert!(sheet.total() >= Points::ZERO && sheet.total() <= Points::HUNDRED);
    }

    #[test]
    fn rank_is_monotone_in_total(a in 0u32..=1000, b in 0u32..=1000) {
        let bands = RankBands::default();
        let (lo, hi) = (a.min(b), a.max(b));
        // Rank orders best first, so a higher total never gets a worse rank.
        prop_assert!(bands.rank_of(Points::tenths(hi)) <= bands.rank_of(Points::tenths(lo)));
    }

    #[test]
    fn max_a_matches_slow_reference_and_is_maximal(
        percent in 0u32..=100, n in 0u32..=80, extra in 0u32..=20,
        base in prop::sample::select(vec![QuotaBase::RankedB, QuotaBase::RankedBOrAbove, QuotaBase::Headcount]),
        rounding in prop::sample::select(vec![Rounding::Floor, Rounding::Round, Rounding::Ceil]),
    ) {
        let policy = QuotaPolicy { percent, base, rounding, ..QuotaPolicy::default() };
        let headcount = n + extra;
        let got = quota::max_a(&policy, headcount, n);
        prop_assert_eq!(got, reference_max_a(&policy, headcount, n));
        prop_assert!(got <= n);
        if headcount >= policy.small_group_threshold && got < n {
            // One more A would break the rule.
            prop_assert!(!admissible(&policy, headcount, n, got + 1));
        }
        if got > 0 && headcount >= policy.small_group_threshold {
            prop_assert!(admissible(&policy, headcount, n, got));
        }
    }

    #[test]
    fn suggestion_never_exceeds_quota_and_ignores_order(
        totals in prop::collection::vec(0u32..=1000, 0..40), seed in any::<u64>(),
    ) {
        let bands = RankBands::default();
        let members: Vec<QuotaMember> = totals.iter().enumerate().map(|(i, t)| {
            let r = bands.rank_of(Points::tenths(*t));
            QuotaMember { person_id: pid(i as u128), total: Points::tenths(*t), qualified: r, final_rank: r }
        }).collect();
        let policy = QuotaPolicy::default();
        let headcount = u32::try_from(members.len()).unwrap();
        let suggested = quota::suggest(&policy, None, headcount, &members);
        let a = suggested.iter().filter(|s| s.rank == Rank::A).count() as u32;
        let qualified_a = members.iter().filter(|m| m.qualified == Rank::A).count() as u32;
        let n = members.iter().filter(|m| matches!(m.qualified, Rank::A | Rank::B)).count() as u32;
        let max = quota::max_a(&policy, headcount, n);
        prop_assert_eq!(a, max.min(qualified_a));
        // Applying the suggestion leaves the group within quota.
        let applied: Vec<QuotaMember> = members.iter().map(|m| {
            let s = suggested.iter().find(|s| s.person_id == m.person_id).unwrap();
            QuotaMember { final_rank: s.rank, ..m.clone() }
        }).collect();
        prop_assert!(!quota::evaluate(&policy, None, headcount, &applied).over_quota);
        // Kept A have totals at least those of any lowered person.
        let min_a = suggested.iter().filter(|s| s.rank == Rank::A).map(|s| total_of(&members, s.person_id)).min();
        let max_lowered = suggested.iter().filter(|s| s.lowered_by_quota).map(|s| total_of(&members, s.person_id)).max();
        if let (Some(lo), Some(hi)) = (min_a, max_lowered) { prop_assert!(lo >= hi); }
        // Order does not matter.
        let mut shuffled = members.clone();
        shuffle(&mut shuffled, seed);
        prop_assert_eq!(quota::suggest(&policy, None, headcount, &shuffled), suggested);
        prop_assert_eq!(quota::evaluate(&policy, None, headcount, &shuffled), quota::evaluate(&policy, None, headcount, &members));
    }

    /// DESIGN 2.4 / Điều 10: the decider is never the person, and is either a leader above the
    /// person (a head of the person's unit or of a unit above it; for a head, strictly above),
    /// or the holder of an office the person's post rule names (Điều 10.1); an office the rules
    /// leave to the central level is `evaluated_outside`, and `no_decider` only when nobody is
    /// above.
    #[test]
    fn chain_never_names_self_and_finds_a_leader_above(org in arb_org(), period_month in 1u32..=12) {
        let period = Period::new(2024, period_month).unwrap();
        for post in &org.posts {
            let me = post.person_id;
            let rule_of = |office: Option<Office>| {
                office.and_then(|o| org.post_rules.iter().find(|r| r.office == o))
            };
            match chain::resolve(&org, me, period) {
                Ok(c) => {
                    prop_assert_ne!(c.decider, me);
                    prop_assert_ne!(c.reviewer, Some(me));
                    if c.rule == chain::ChainRule::PostRule {
                        let applied = c.post_rule.unwrap();
                        prop_assert_eq!(Some(applied.office), post.office);
                        let rule = rule_of(post.office).unwrap();
                        prop_assert!(rule.decided_by.contains(&applied.decider_office));
                        prop_assert!(org.posts.iter().any(|p| p.person_id == c.decider
                            && p.office == Some(applied.decider_office)));
                    } else {
                        prop_assert!(
                            leaders_above(&org, post).contains(&c.decider),
                            "{:?} decided by {:?}, not a leader above", me, c.decider
                        );
                    }
                }
                Err(chain::ChainError::EvaluatedOutside(office)) => {
                    prop_assert_eq!(Some(office), post.office);
                    prop_assert!(rule_of(post.office).unwrap().decided_by.is_empty());
                }
                Err(e) => {
                    prop_assert!(!has_leader_above(&org, post), "{e:?} for {me:?}");
                }
            }
        }
    }

    /// Issue: "for any sequence of decisions and adjustments, a group that publication accepts
    /// satisfies the policy on its final ranks" (Điều 13.1, counted on final ranks).
    #[test]
    fn publication_accepts_only_groups_within_quota_on_final_ranks(
        totals in prop::collection::vec(0u32..=1000, 1..30),
        changes in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4), 0..40),
        percent in prop_oneof![Just(20u32), Just(40), 0u32..=100],
        base in prop_oneof![Just(QuotaBase::RankedB), Just(QuotaBase::RankedBOrAbove), Just(QuotaBase::Headcount)],
    ) {
        let bands = RankBands::default();
        let policy = QuotaPolicy { percent, base, ..QuotaPolicy::default() };
        // The decisions: every rank by the points.
        let mut members: Vec<QuotaMember> = totals.iter().enumerate().map(|(i, t)| {
            let r = bands.rank_of(Points::tenths(*t));
            QuotaMember { person_id: pid(i as u128), total: Points::tenths(*t), qualified: r, final_rank: r }
        }).collect();
        // Then adjustments: each may choose any rank the one rule accepts.
        for (who, rank) in changes {
            let m = who.get_mut(&mut members);
            let chosen = [Rank::A, Rank::B, Rank::C, Rank::D][rank];
            if let Ok(r) = domain::rank::check_chosen_rank(chosen, m.qualified, false) {
                m.final_rank = r;
            }
            prop_assert!(m.final_rank >= m.qualified, "never above the points");
        }
        let headcount = u32::try_from(members.len()).unwrap();
        let accepted = !quota::evaluate(&policy, None, headcount, &members).over_quota;
        // The policy read plainly on the final ranks.
        let a = members.iter().filter(|m| m.final_rank == Rank::A).count() as u32;
        let b = members.iter().filter(|m| m.final_rank == Rank::B).count() as u32;
        let pc = u64::from(percent);
        let limit = match base {
            QuotaBase::RankedB => round_div(pc * u64::from(b), 100, policy.rounding),
            QuotaBase::RankedBOrAbove => round_div(pc * u64::from(a + b), 100, policy.rounding),
            QuotaBase::Headcount => round_div(pc * u64::from(headcount), 100, policy.rounding),
        };
        let small_group_ok = headcount < policy.small_group_threshold && a <= policy.small_group_allowance;
        let within = u64::from(a) <= limit || small_group_ok;
        prop_assert_eq!(accepted, within, "A={} B={} headcount={}", a, b, headcount);
    }

    #[test]
    fn workflow_paths_only_take_allowed_steps(
        steps in prop::collection::vec((0usize..9, any::<[bool; 5]>()), 0..30),
        has_reviewer in any::<bool>(),
    ) {
        let ctx = Context { has_reviewer };
        let mut state = State::Draft;
        for (t, r) in steps {
            let transition = transition(t);
            let rel = Relations { is_self: r[0], is_reviewer: r[1], is_decider: r[2], is_unit_head: r[3], is_competent_authority: r[4] };
            let before = state;
            let got = workflow::check(&transition, &rel, state, &ctx, open);
            // The oracle predicts every answer, so a workflow that refused everything fails.
            let expected = oracle(&transition, &rel, before, has_reviewer);
            prop_assert_eq!(got.as_ref().ok().map(|o| o.next), expected, "{:?} by {:?} in {:?}", transition, rel, before);
            if let Ok(out) = got {
                prop_assert!(rel.has(out.acted_as));
                prop_assert!(transition.actors().contains(&out.acted_as));
                prop_assert!(allowed_edge(&transition, before, out.next), "{transition:?}: {before:?} -> {:?}", out.next);
                state = out.next;
            }
        }
    }
}

fn open(_: Step) -> StepStatus {
    StepStatus::Open {
        closes: DateTime::UNIX_EPOCH.fixed_offset(),
        extended: false,
    }
}

fn transition(i: usize) -> Transition {
    match i {
        0 => Transition::SaveSelf,
        1 => Transition::SubmitSelf,
        2 => Transition::SaveReview,
        3 => Transition::SubmitReview,
        4 => Transition::Decide,
        5 => Transition::Return { reason: "r".into() },
        6 => Transition::Adjust { reason: "r".into() },
        7 => Transition::Publish,
        _ => Transition::Correct { reason: "r".into() },
    }
}

/// The transition table of DESIGN 2.5 written out plainly, with every window open: the state
/// an allowed step leads to, or `None` when it is refused.
fn oracle(t: &Transition, r: &Relations, from: State, has_reviewer: bool) -> Option<State> {
    use State::*;
    let may = |actors: &[workflow::Actor]| actors.iter().any(|a| r.has(*a));
    if !may(t.actors()) {
        return None;
    }
    // A return is the decider's when the caller is both (decider first), and only the decider
    // takes back what has reached them.
    let decider_acts = r.is_decider;
    match (t, from) {
        (Transition::SaveSelf, Draft) => Some(Draft),
        (Transition::SubmitSelf, Draft) => Some(SelfSubmitted),
        (Transition::SaveReview, SelfSubmitted) if has_reviewer => Some(SelfSubmitted),
        (Transition::SubmitReview, SelfSubmitted) if has_reviewer => Some(Reviewed),
        // From a draft only once the self-assessment window has closed: never with all open.
        (Transition::Decide, SelfSubmitted | Reviewed | Decided) => Some(Decided),
        (Transition::Return { .. }, SelfSubmitted) => Some(Draft),
        (Transition::Return { .. }, Reviewed | Decided) if decider_acts => Some(Draft),
        (Transition::Adjust { .. }, Decided) => Some(Decided),
        (Transition::Publish, Decided) => Some(Published),
        (Transition::Correct { .. }, Published) => Some(Published),
        _ => None,
    }
}

fn allowed_edge(t: &Transition, from: State, to: State) -> bool {
    use State::*;
    match t {
        Transition::SaveSelf => from == Draft && to == Draft,
        Transition::SubmitSelf => from == Draft && to == SelfSubmitted,
        Transition::SaveReview => from == SelfSubmitted && to == SelfSubmitted,
        Transition::SubmitReview => from == SelfSubmitted && to == Reviewed,
        Transition::Decide => from != Published && to == Decided,
        Transition::Return { .. } => {
            matches!(from, SelfSubmitted | Reviewed | Decided) && to == Draft
        }
        Transition::Adjust { .. } => from == Decided && to == Decided,
        Transition::Publish => from == Decided && to == Published,
        Transition::Correct { .. } => from == Published && to == Published,
    }
}

fn total_of(members: &[QuotaMember], id: PersonId) -> Points {
    members.iter().find(|m| m.person_id == id).unwrap().total
}

fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}

fn round_div(num: u64, den: u64, r: Rounding) -> u64 {
    match r {
        Rounding::Floor => num / den,
        Rounding::Ceil => num.div_ceil(den),
        Rounding::Round => (2 * num + den) / (2 * den),
    }
}

/// Does `a` A satisfy the base inequality (ignoring the small-group allowance)?
fn admissible(p: &QuotaPolicy, headcount: u32, n: u32, a: u32) -> bool {
    let pc = u64::from(p.percent);
    let a64 = u64::from(a);
    a <= n
        && match p.base {
            QuotaBase::RankedB => a64 <= round_div(pc * (u64::from(n) - a64), 100, p.rounding),
            QuotaBase::RankedBOrAbove => a64 <= round_div(pc * u64::from(n), 100, p.rounding),
            QuotaBase::Headcount => a64 <= round_div(pc * u64::from(headcount), 100, p.rounding),
        }
}

/// The obvious reference: try every count.
fn reference_max_a(p: &QuotaPolicy, headcount: u32, n: u32) -> u32 {
    let mut best = (0..=n)
        .filter(|a| admissible(p, headcount, n, *a))
        .max()
        .unwrap_or(0);
    if headcount < p.small_group_threshold {
        best = best.max(p.small_group_allowance.min(n));
    }
    best
}

/// A random tree: units 0..k, unit i > 0 has a parent below i; each unit is a department with
/// some probability (never the root); people with random categories.
fn arb_org() -> impl Strategy<Value = OrgSnapshot> {
    (1usize..8)
        .prop_flat_map(|k| {
            (
                Just(k),
                prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), k),
                prop::collection::vec(
                    (
                        any::<prop::sample::Index>(),
                        0u8..4,
                        any::<prop::sample::Index>(),
                        0u8..40,
                    ),
                    0..40,
                ),
                any::<bool>(),
            )
        })
        .prop_map(|(k, shape, people, with_rules)| {
            let units: Vec<Unit> = (0..k)
                .map(|i| Unit {
                    id: UnitId(Uuid::from_u128(i as u128)),
                    parent_id: (i > 0)
                        .then(|| UnitId(Uuid::from_u128(shape[i].0.index(i) as u128))),
                    level: if i > 0 && shape[i].1 {
                        UnitLevel::Department
                    } else {
                        UnitLevel::Agency
                    },
                    bloc: Bloc::Government,
                })
                .collect();
            let posts: Vec<Post> = people
                .iter()
                .enumerate()
                .map(|(n, (unit, cat, charge, office))| Post {
                    person_id: pid(1000 + n as u128),
                    unit_id: units[unit.index(k)].id,
                    category: [
                        PositionCategory::Head,
                        PositionCategory::Deputy,
                        PositionCategory::Staff,
                        PositionCategory::Contract,
                    ][usize::from(*cat)],
                    in_charge_of_unit_ids: vec![units[charge.index(k)].id],
                    in_charge_of_person_ids: vec![pid(1000 + charge.index(people.len()) as u128)],
                    office: Office::ALL.get(usize::from(*office)).copied(),
                })
                .collect();
            let headcounts = units.iter().take(2).map(|u| (u.id, 25)).collect();
            OrgSnapshot {
                units,
                posts,
                headcounts,
                post_rules: if with_rules {
                    chain::default_post_rules()
                } else {
                    vec![]
                },
                ..Default::default()
            }
        })
}

/// The heads, other than the person, of the units where their decider is sought by the
/// default rules: the person's unit and those above it (for a head, only those above).
fn leaders_above(org: &OrgSnapshot, post: &Post) -> Vec<PersonId> {
    let unit_of = |id: UnitId| org.units.iter().find(|u| u.id == id).unwrap();
    let mut next = if post.category == PositionCategory::Head {
        unit_of(post.unit_id).parent_id
    } else {
        Some(post.unit_id)
    };
    let mut found = Vec::new();
    let mut steps = 0;
    while let Some(u) = next {
        steps += 1;
        if steps > org.units.len() {
            break;
        }
        found.extend(
            org.posts
                .iter()
                .filter(|p| {
                    p.unit_id == u
                        && p.category == PositionCategory::Head
                        && p.person_id != post.person_id
                })
                .map(|p| p.person_id),
        );
        next = unit_of(u).parent_id;
    }
    found
}

/// Is there a head other than the person in the units where their decider is sought?
fn has_leader_above(org: &OrgSnapshot, post: &Post) -> bool {
    let unit_of = |id: UnitId| org.units.iter().find(|u| u.id == id).unwrap();
    let start = if post.category == PositionCategory::Head {
        unit_of(post.unit_id).parent_id
    } else {
        Some(post.unit_id)
    };
    let mut next = start;
    while let Some(u) = next {
        if org.posts.iter().any(|p| {
            p.unit_id == u && p.category == PositionCategory::Head && p.person_id != post.person_id
        }) {
            return true;
        }
        next = unit_of(u).parent_id;
    }
    false
}
