//! A publishing unit's month: its people grouped by quota group ("nhóm đối tượng") with each
//! group's quota, and who may see it.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::PgConnection;
use domain::Period;
use domain::access::{Mode, Target};
use domain::quota::{self, QuotaMember, QuotaOutcome, QuotaOverride, QuotaPolicy};
use domain::rank::Rank;
use persistence::models::evaluations::MonthLine;
use persistence::models::org::{Person, Unit};
use persistence::queries::evaluations as store;
use persistence::queries::{org, rules};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto::evaluations::TotalsView;
use crate::dto::people::PersonSummary;
use crate::dto::results::{GroupSummary, MemberRow, QuotaView};
use crate::error::ApiError;
use crate::services::workflow::{is_knocked_out, lowered_by_quota, parse_rank};

/// Everything a publishing unit's month consists of.
/// A group's quota outcome with what it was computed from.
pub struct GroupQuota {
    pub outcome: QuotaOutcome,
    pub headcount: u32,
    /// The decided members, as the quota sees them.
    pub members: Vec<QuotaMember>,
}

pub struct UnitMonth {
    pub groups: Vec<GroupSummary>,
    /// Each group's quota, by group id.
    pub outcomes: Vec<(String, GroupQuota)>,
    pub members: Vec<Person>,
    pub evaluations: Vec<MonthLine>,
    pub policy: QuotaPolicy,
    pub override_: Option<QuotaOverride>,
}

pub fn not_publishing() -> ApiError {
    ApiError::field(
        "unit_id",
        "not_a_publishing_unit",
        "Phòng, ban không tự công bố kết quả; hãy dùng đơn vị cấp trên.",
        "A department does not publish; use its unit.",
    )
}

/// Whom a publishing unit's leaders decide by default (Điều 10; DESIGN 2.4): its own people
/// and the heads of the units right below it; its own head belongs to the month above, unless
/// there is no unit above. The people its quota groups may name.
pub fn decided_here_by_default(
    conn: &mut PgConnection,
    unit: &Unit,
) -> Result<Vec<Person>, ApiError> {
    let mut people = store::members_of_publishing_unit(conn, unit.id)?;
    people.extend(store::heads_of_units_below(conn, unit.id)?);
    if unit.parent_id.is_some() {
        people.retain(|m| !(m.position_category == "head" && m.unit_id == unit.id));
    }
    Ok(people)
}

/// The people of a publishing unit's month (DESIGN 2.2: quota groups at the deciding level):
/// those whose evaluation this month belongs here (their decider publishes here), and, before
/// an evaluation is opened, the unit's own people and the heads of the units right below it,
/// whom its leaders decide by default. The unit's own head belongs to the month above, unless
/// there is no unit above (then they are evaluated outside the system).
fn month_people(
    conn: &mut PgConnection,
    unit: &Unit,
    key: &str,
    evaluations: &[MonthLine],
) -> Result<Vec<Person>, ApiError> {
    let mut members = decided_here_by_default(conn, unit)?;
    // A person has one evaluation a month: those evaluated here are nowhere else, and only the
    // others (not opened yet, or decided by another unit) are looked up.
    let here: HashSet<Uuid> = evaluations.iter().map(|e| e.person_id).collect();
    let unknown: Vec<Uuid> = members
        .iter()
        .map(|m| m.id)
        .filter(|id| !here.contains(id))
        .collect();
    if !unknown.is_empty() {
        let elsewhere: HashSet<Uuid> = store::evaluated_elsewhere(conn, &unknown, key, unit.id)?
            .into_iter()
            .collect();
        members.retain(|m| !elsewhere.contains(&m.id));
    }
    // Evaluated here but not among the candidates (left, moved after the decision, decided here
    // by an assignment or a post rule): still this unit's month.
    let listed: HashSet<Uuid> = members.iter().map(|m| m.id).collect();
    let missing: Vec<Uuid> = evaluations
        .iter()
        .map(|e| e.person_id)
        .filter(|id| !listed.contains(id))
        .collect();
    if !missing.is_empty() {
        let mut found: HashMap<Uuid, Person> = org::people_by_ids(conn, &missing)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        for id in &missing {
            members.push(found.remove(id).ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "the person of an evaluation is not stored: {id}"
                ))
            })?);
        }
    }
    Ok(members)
}

/// Whether a person has no decider in the system ("evaluated_outside": the top leaders,
/// evaluated by the central level, Điều 10.1); they do not hold up publication.
pub fn is_evaluated_outside(
    conn: &mut PgConnection,
    unit: &Unit,
    person: &Person,
    evaluation: Option<&MonthLine>,
    period: Period,
) -> Result<bool, ApiError> {
    Ok(match evaluation {
        Some(e) => matches!(e.chain_rule.as_str(), "no_decider" | "evaluated_outside"),
        None => {
            persistence::queries::chain::evaluated_outside(conn, person, period)?
                || (unit.parent_id.is_none()
                    && person.position_category == "head"
                    && person.unit_id == unit.id)
        }
    })
}

/// A decided member as the quota sees them.
fn quota_member(e: &MonthLine) -> Option<QuotaMember> {
    if !matches!(e.state.as_str(), "decided" | "published") {
        return None;
    }
    let totals = TotalsView::deserialize(&e.totals).ok()?;
    Some(QuotaMember {
        person_id: domain::PersonId(e.person_id),
        total: totals.decider?,
        // A knock-out leaves nobody qualified for A or B.
        qualified: if is_knocked_out(&e.flags) {
            Rank::D
        } else {
            parse_rank(&e.rank_by_points)?
        },
        final_rank: parse_rank(&e.rank_final)?,
    })
}

/// Groups the month's people by quota group and evaluates each group's quota on final ranks.
pub fn unit_month(
    conn: &mut PgConnection,
    unit: &Unit,
    period: Period,
) -> Result<UnitMonth, ApiError> {
    let key = period.to_string();
    let evaluations = store::of_publishing_unit(conn, unit.id, &key)?;
    let members = month_people(conn, unit, &key, &evaluations)?;
    let policy = rules::quota_policy(conn)?;
    let override_ = rules::quota_override(conn, unit.id)?;
    let names: BTreeMap<i16, String> = store::quota_group_names(conn, unit.id)?
        .into_iter()
        .collect();
    let placed: HashMap<Uuid, String> = store::quota_group_people(conn, unit.id)?
        .into_iter()
        .collect();
    let forms = rules::forms_in_force(conn, period.first_day())?;
    let group_of = |code: i16| -> (String, String) {
        match names.get(&code) {
            Some(name) => (format!("named:{name}"), name.clone()),
            None => {
                let title = forms
                    .iter()
                    .find(|f| i16::from(f.code.get()) == code)
                    .map(|f| f.title.clone())
                    .unwrap_or_default();
                (format!("form:{code}"), format!("Mẫu {code}: {title}"))
            }
        }
    };
    let by_person: HashMap<Uuid, &MonthLine> =
        evaluations.iter().map(|e| (e.person_id, e)).collect();
    let mut grouped: BTreeMap<String, (String, Vec<&Person>)> = BTreeMap::new();
    for person in &members {
        let form_code = by_person
            .get(&person.id)
            .map_or(person.form_code, |e| e.form_code);
        let (id, name) = match placed.get(&person.id) {
            Some(name) => (format!("named:{name}"), name.clone()),
            None => group_of(form_code),
        };
        grouped
            .entry(id)
            .or_insert_with(|| (name, Vec::new()))
            .1
            .push(person);
    }
    let mut groups = Vec::new();
    let mut outcomes = Vec::new();
    for (id, (name, people)) in grouped {
        let evaluation_of = |p: &Person| by_person.get(&p.id).copied();
        let quota_members: Vec<QuotaMember> = people
            .iter()
            .filter_map(|p| evaluation_of(p))
            .filter_map(quota_member)
            .collect();
        let headcount = u32::try_from(people.len()).unwrap_or(u32::MAX);
        let outcome = quota::evaluate(&policy, override_.as_ref(), headcount, &quota_members);
        let rows = people
            .iter()
            .map(|p| {
                let e = evaluation_of(p);
                let rank_final = e.and_then(|e| parse_rank(&e.rank_final));
                Ok(MemberRow {
                    person: PersonSummary::of(p)?,
                    evaluation_id: e.map(|e| e.id),
                    state: e.map_or_else(|| "not_started".to_owned(), |e| e.state.clone()),
                    evaluated_outside: is_evaluated_outside(conn, unit, p, e, period)?,
                    totals: e
                        .and_then(|e| TotalsView::deserialize(&e.totals).ok())
                        .unwrap_or_default(),
                    rank_self: e.and_then(|e| parse_rank(&e.rank_self)),
                    rank_final,
                    qualified_a: e.is_some_and(|e| {
                        lowered_by_quota(parse_rank(&e.rank_by_points), rank_final, &e.flags)
                    }),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        groups.push(GroupSummary {
            id: id.clone(),
            name,
            headcount,
            quota: QuotaView {
                policy: serde_json::to_value(&outcome.applied).unwrap_or_default(),
                max_a: outcome.max_a,
                used_a: outcome.used_a,
                ranked_b: outcome.ranked_b,
                over_quota: outcome.over_quota,
            },
            members: rows,
        });
        outcomes.push((
            id,
            GroupQuota {
                outcome,
                headcount,
                members: quota_members,
            },
        ));
    }
    Ok(UnitMonth {
        groups,
        outcomes,
        members,
        evaluations,
        policy,
        override_,
    })
}

/// `Ok` for the head or acting head of `unit`; 403 for others who can see the unit, 404 for
/// the rest.
pub fn require_head(caller: &Caller, unit: &Unit) -> Result<(), ApiError> {
    if caller.heads(unit.id) {
        return Ok(());
    }
    Err(if caller.may(Mode::Read, &Target::Unit(unit.scope()?)) {
        ApiError::Forbidden
    } else {
        ApiError::NotFound
    })
}

/// How much of a unit's month a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryAccess {
    /// Everything: those who may export the unit's data (admins, aggregators, bloc admins,
    /// the unit head).
    Full,
    /// The group counts and quota meters, and the rows of the people this evaluator reviews
    /// or decides.
    EvaluatorOf(Uuid),
}

/// Who sees a unit's summary, and how much (404 for anyone else).
pub fn summary_access(
    conn: &mut PgConnection,
    caller: &Caller,
    unit: &Unit,
    period: Period,
) -> Result<SummaryAccess, ApiError> {
    if caller.may(Mode::Read, &Target::Export(unit.scope()?)) {
        return Ok(SummaryAccess::Full);
    }
    if let Some(me) = caller.person_id {
        let evaluates_here = store::of_publishing_unit(conn, unit.id, &period.to_string())?
            .iter()
            .any(|e| e.decider_id == Some(me) || e.reviewer_id == Some(me));
        if evaluates_here {
            return Ok(SummaryAccess::EvaluatorOf(me));
        }
    }
    Err(ApiError::NotFound)
}

/// The whole summary, the XLSX and the commendation list: export rights only.
pub fn require_summary_access(
    conn: &mut PgConnection,
    caller: &Caller,
    unit: &Unit,
    period: Period,
) -> Result<(), ApiError> {
    match summary_access(conn, caller, unit, period)? {
        SummaryAccess::Full => Ok(()),
        SummaryAccess::EvaluatorOf(_) => Err(ApiError::NotFound),
    }
}

/// A correction must leave the person's quota group within its quota, counted on final ranks
/// with the corrected rank in place (a B corrected to C can put the group over quota as much
/// as a new A can). A group already over quota may still be corrected towards it.
pub fn check_quota_with(
    conn: &mut PgConnection,
    l: &crate::services::workflow::Loaded,
    rank: Option<Rank>,
) -> Result<(), ApiError> {
    let (Some(rank), Some(before)) = (rank, parse_rank(&l.evaluation.rank_final)) else {
        return Ok(());
    };
    if rank == before {
        return Ok(());
    }
    let unit = org::unit(conn, l.evaluation.publishing_unit_id)?;
    let month = unit_month(conn, &unit, l.period)?;
    let person = domain::PersonId(l.person.id);
    let Some((group_id, group)) = month
        .outcomes
        .iter()
        .find(|(_, g)| g.members.iter().any(|m| m.person_id == person))
    else {
        return Ok(());
    };
    let corrected: Vec<QuotaMember> = group
        .members
        .iter()
        .map(|m| QuotaMember {
            final_rank: if m.person_id == person {
                rank
            } else {
                m.final_rank
            },
            ..m.clone()
        })
        .collect();
    let after = quota::evaluate(
        &month.policy,
        month.override_.as_ref(),
        group.headcount,
        &corrected,
    );
    if after.over_quota && (after.used_a > group.outcome.used_a || !group.outcome.over_quota) {
        let name = month
            .groups
            .iter()
            .find(|g| &g.id == group_id)
            .map_or_else(String::new, |g| g.name.clone());
        return Err(ApiError::conflict(
            "quota_exceeded",
            format!(
                "{name}: sau đính chính sẽ có {} loại A so với {} loại B, vượt chỉ tiêu (tối đa {}).",
                after.used_a, after.ranked_b, after.max_a
            ),
            format!(
                "{name}: after the correction {} A against {} B would be over the quota (at most {}).",
                after.used_a, after.ranked_b, after.max_a
            ),
        ));
    }
    Ok(())
}

/// A month as it reads: once published, the summary frozen at publication (Điều 13.2: people,
/// posts, groups and ranks of that month, whoever joins or leaves later); before, the live
/// month.
pub struct RecordedMonth {
    pub groups: Vec<GroupSummary>,
    pub evaluations: Vec<MonthLine>,
    pub published: bool,
}

pub fn recorded_month(
    conn: &mut PgConnection,
    unit: &Unit,
    period: Period,
) -> Result<RecordedMonth, ApiError> {
    let key = period.to_string();
    if let Some((snapshot, _)) = store::snapshot(conn, unit.id, &key)? {
        let groups: Vec<GroupSummary> = serde_json::from_value(snapshot)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored summary snapshot: {e}")))?;
        return Ok(RecordedMonth {
            groups,
            evaluations: store::of_publishing_unit(conn, unit.id, &key)?,
            published: true,
        });
    }
    let month = unit_month(conn, unit, period)?;
    Ok(RecordedMonth {
        groups: month.groups,
        evaluations: month.evaluations,
        published: store::publication(conn, unit.id, &key)?.is_some(),
    })
}

/// A correction after publication rewrites the person's line of the frozen summary (totals,
/// rank, quota meter) as a new revision of it; the people and posts stay as published.
pub fn correct_record(
    conn: &mut PgConnection,
    l: &crate::services::workflow::Loaded,
    changes: &persistence::models::evaluations::EvaluationChanges,
) -> Result<(), ApiError> {
    let key = l.period.to_string();
    let unit_id = l.evaluation.publishing_unit_id;
    let Some((snapshot, revision)) = store::snapshot(conn, unit_id, &key)? else {
        return Ok(());
    };
    let mut groups: Vec<GroupSummary> = serde_json::from_value(snapshot)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored summary snapshot: {e}")))?;
    let totals: TotalsView = serde_json::from_value(changes.totals.clone()).unwrap_or_default();
    let rank_final = parse_rank(&changes.rank_final);
    let rank_by_points = parse_rank(&changes.rank_by_points);
    for group in &mut groups {
        let Some(row) = group
            .members
            .iter_mut()
            .find(|m| m.evaluation_id == Some(l.evaluation.id))
        else {
            continue;
        };
        row.totals = totals.clone();
        row.rank_final = rank_final;
        row.qualified_a = lowered_by_quota(rank_by_points, rank_final, &changes.flags);
        let count = |rank: Rank| {
            u32::try_from(
                group
                    .members
                    .iter()
                    .filter(|m| m.rank_final == Some(rank))
                    .count(),
            )
            .unwrap_or(u32::MAX)
        };
        let (used_a, ranked_b) = (count(Rank::A), count(Rank::B));
        let applied: quota::AppliedPolicy = serde_json::from_value(group.quota.policy.clone())
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored quota policy: {e}")))?;
        group.quota.max_a = quota::max_a(&applied.policy, group.headcount, used_a + ranked_b);
        group.quota.used_a = used_a;
        group.quota.ranked_b = ranked_b;
        group.quota.over_quota = used_a > group.quota.max_a;
    }
    store::set_snapshot(
        conn,
        unit_id,
        &key,
        &crate::services::workflow::to_json(&groups)?,
        revision + 1,
    )?;
    Ok(())
}
