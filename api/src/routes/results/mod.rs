//! Units' results (API.md "Units' results"): the summary by quota group with the live quota
//! meter, publication, the published results and the commendation list (Điều 12.4, 13).

mod commendations;
mod exports;
mod groups;
mod open_month;
mod publications;
mod published;
mod summary;

use std::collections::BTreeMap;

use diesel::PgConnection;
use domain::Period;
use domain::access::{Mode, Target};
use domain::quota::{self, QuotaMember, QuotaOutcome};
use domain::rank::Rank;
use persistence::models::evaluations::Evaluation;
use persistence::models::org::{Person, Unit};
use persistence::queries::evaluations as store;
use persistence::queries::{org, rules};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::evaluations::TotalsView;
use super::people::PersonSummary;
use crate::auth::Caller;
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(summary::unit_summary)
        .service(publications::publish)
        .service(published::unit_results)
        .service(commendations::get_commendations)
        .service(commendations::put_commendations)
        .service(commendations::send_commendations)
        .service(exports::export_summary_xlsx)
        .service(exports::export_form_pdf)
        .service(open_month::open_month)
        .service(groups::get_groups)
        .service(groups::put_groups);
}

/// The quota of a group: the policy that applied and the meter.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaView {
    /// The policy (percent, base, rounding, small-group rule) and any override decision.
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
    pub max_a: u32,
    pub used_a: u32,
    pub over_quota: bool,
}

/// One person in a summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberRow {
    pub person: PersonSummary,
    pub evaluation_id: Option<Uuid>,
    /// The evaluation's state, or `not_started`.
    pub state: String,
    pub totals: TotalsView,
    #[schema(value_type = Option<String>)]
    pub rank_self: Option<Rank>,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    /// Qualified for A by points but ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu").
    pub qualified_a: bool,
}

/// A quota group ("nhóm đối tượng").
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub headcount: u32,
    pub quota: QuotaView,
    pub members: Vec<MemberRow>,
}

/// Everything a publishing unit's month consists of.
pub struct UnitMonth {
    pub groups: Vec<GroupSummary>,
    pub outcomes: Vec<(String, QuotaOutcome)>,
    pub members: Vec<Person>,
    pub evaluations: Vec<Evaluation>,
}

pub(crate) fn not_publishing() -> ApiError {
    ApiError::field(
        "unit_id",
        "not_a_publishing_unit",
        "Phòng, ban không tự công bố kết quả; hãy dùng đơn vị cấp trên.",
        "A department does not publish; use its unit.",
    )
}

/// Groups the unit's people by quota group and evaluates each group's quota.
pub fn unit_month(
    conn: &mut PgConnection,
    unit: &Unit,
    period: Period,
) -> Result<UnitMonth, ApiError> {
    let key = period.to_string();
    let mut members = store::members_of_publishing_unit(conn, unit.id)?;
    let mut evaluations = store::of_publishing_unit(conn, unit.id, &key)?;
    // Members decided elsewhere this month (moved here afterwards) belong to that unit's month.
    let member_ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
    let elsewhere: std::collections::HashSet<Uuid> = store::of_people(conn, &member_ids, &key)?
        .into_iter()
        .filter(|e| {
            e.publishing_unit_id != unit.id && matches!(e.state.as_str(), "decided" | "published")
        })
        .map(|e| e.person_id)
        .collect();
    members.retain(|m| !elsewhere.contains(&m.id));
    // Evaluated here but no longer members (left, or moved after the decision): still this
    // unit's month, in the group of the form they were evaluated with.
    for evaluation in &evaluations {
        if !members.iter().any(|m| m.id == evaluation.person_id) {
            members.push(org::find_person(conn, evaluation.person_id)?);
        }
    }
    // Điều 10.1: people the central level evaluates (`evaluated_outside`) are no part of a unit's
    // month: they never block its publication nor count in its quota.
    let mut outside = std::collections::HashSet::new();
    for member in &members {
        if persistence::queries::chain::evaluated_outside(conn, member, period)? {
            outside.insert(member.id);
        }
    }
    members.retain(|m| !outside.contains(&m.id));
    evaluations.retain(|e| !outside.contains(&e.person_id));
    let policy = rules::quota_policy(conn)?;
    let override_ = rules::quota_override(conn, unit.id)?;
    let names: BTreeMap<i16, String> = store::quota_group_names(conn, unit.id)?
        .into_iter()
        .collect();
    let placed: std::collections::HashMap<Uuid, String> = store::quota_group_people(conn, unit.id)?
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
    let mut grouped: BTreeMap<String, (String, Vec<&Person>)> = BTreeMap::new();
    let form_of: std::collections::HashMap<Uuid, i16> = evaluations
        .iter()
        .map(|e| (e.person_id, e.form_code))
        .collect();
    for person in &members {
        let form_code = form_of.get(&person.id).copied().unwrap_or(person.form_code);
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
    let by_person: std::collections::HashMap<Uuid, &Evaluation> =
        evaluations.iter().map(|e| (e.person_id, e)).collect();
    let mut groups = Vec::new();
    let mut outcomes = Vec::new();
    for (id, (name, people)) in grouped {
        let evaluation_of = |p: &Person| by_person.get(&p.id).copied();
        let quota_members: Vec<QuotaMember> = people
            .iter()
            .filter_map(|p| evaluation_of(p))
            .filter(|e| matches!(e.state.as_str(), "decided" | "published"))
            .filter_map(|e| {
                let totals: TotalsView = serde_json::from_value(e.totals.clone()).ok()?;
                Some(QuotaMember {
                    person_id: domain::PersonId(e.person_id),
                    total: totals.decider?,
                    // A knock-out leaves nobody qualified for A or B.
                    qualified: if knocked_out(e) {
                        Rank::D
                    } else {
                        super::evaluations::parse_rank(&e.rank_by_points)?
                    },
                    final_rank: super::evaluations::parse_rank(&e.rank_final)?,
                })
            })
            .collect();
        let headcount = u32::try_from(people.len()).unwrap_or(u32::MAX);
        let outcome = quota::evaluate(&policy, override_.as_ref(), headcount, &quota_members);
        let rows = people
            .iter()
            .map(|p| {
                let e = evaluation_of(p);
                let rank_by_points = e
                    .filter(|e| !knocked_out(e))
                    .and_then(|e| super::evaluations::parse_rank(&e.rank_by_points));
                let rank_final = e.and_then(|e| super::evaluations::parse_rank(&e.rank_final));
                Ok(MemberRow {
                    person: PersonSummary::of(p)?,
                    evaluation_id: e.map(|e| e.id),
                    state: e.map_or_else(|| "not_started".to_owned(), |e| e.state.clone()),
                    totals: e
                        .and_then(|e| serde_json::from_value(e.totals.clone()).ok())
                        .unwrap_or_default(),
                    rank_self: e.and_then(|e| super::evaluations::parse_rank(&e.rank_self)),
                    rank_final,
                    qualified_a: rank_by_points == Some(Rank::A) && rank_final == Some(Rank::B),
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
                over_quota: outcome.over_quota,
            },
            members: rows,
        });
        outcomes.push((id, outcome));
    }
    Ok(UnitMonth {
        groups,
        outcomes,
        members,
        evaluations,
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

fn knocked_out(evaluation: &Evaluation) -> bool {
    super::evaluations::flow::is_knocked_out(&evaluation.flags)
}
