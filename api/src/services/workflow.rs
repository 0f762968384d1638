//! The evaluation workflow (Điều 12–13; DESIGN 2.5): loading an evaluation with its rules,
//! access and workflow checks, applying a score column, writing with the version check and
//! history, and the view. Every evaluation route is an HTTP adapter over [`transition`] or
//! [`step`].

use std::str::FromStr;

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection};
use domain::access::{EvaluationTarget, Mode, Target};
use domain::calendar::{self, Extension, PeriodCalendar, StepStatus};
use domain::criteria::{Form, Percent};
use domain::rank::{Rank, RankBands};
use domain::scoring::{self, Column, Completion, RawScore, ScoreError};
use domain::workflow::{self, Context, Outcome, Relations, State, Transition, WorkflowError};
use domain::{Period, PersonId, Points, UnitId};
use persistence::convert::{enum_name, parse_enum};
use persistence::models::evaluations::{Evaluation, EvaluationChanges};
use persistence::models::org::{Person, Unit};
use persistence::queries::evaluations::{self as store, EventRow, Step, StepAudit, StepRead};
use persistence::queries::{chain as snapshot, org, rules};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::auth::{Caller, Who};
use crate::db;
use crate::dto::evaluations::{
    ChainBrief, CommentsView, EvaluationView, HistoryEntry, KnockOutBody, RevisionView, ScoreLine,
    ScoresBody, TotalsView,
};
use crate::dto::people::PersonSummary;
use crate::error::{ApiError, FieldError};
use crate::services::cache::{Caches, ResolvedChain};
use crate::services::calendar::calendar_with;
use crate::services::plans;
use crate::state::AppState;

/// An evaluation with everything its rules need: placed in the organisation ([`Placed`], whose
/// fields it shows as its own) with its form, calendar, extensions and plan.
pub struct Loaded {
    pub placed: Placed,
    pub form: Form,
    pub calendar: PeriodCalendar,
    pub extensions: Vec<Extension>,
    /// The statuses of the person's plan items for the month, as stored (what the completion
    /// share is computed from: [`Loaded::plan_completion`]).
    pub plan_statuses: Vec<String>,
}

// A step reads `l.evaluation`, `l.person`, … in some fifty places; a reader has only the
// `Placed` part, and the functions both need (the chain, the scope) take that.
impl std::ops::Deref for Loaded {
    type Target = Placed;
    fn deref(&self) -> &Placed {
        &self.placed
    }
}

impl std::ops::DerefMut for Loaded {
    fn deref_mut(&mut self) -> &mut Placed {
        &mut self.placed
    }
}

impl Loaded {
    /// The month's completion share from the person's work plan, if anything was planned.
    pub fn plan_completion(&self) -> Result<Option<Percent>, ApiError> {
        plans::completion_of(self.plan_statuses.iter().map(String::as_str))
    }
}

/// Reads an evaluation with what its rules need. `org_version` is the organisation's version
/// the caller was authenticated at (read here when `None`): what is cached is taken at it. A
/// workflow step reads its evaluation with its caller instead ([`transition`], [`step`]).
pub fn load(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: Option<i64>,
    id: Uuid,
) -> Result<Loaded, ApiError> {
    // Before the rows it keeps: an entry is never older than the version it is kept under.
    let org_version = version_or_read(conn, org_version)?;
    let evaluation = store::find(conn, id)?;
    let plan_statuses = plans::statuses(conn, evaluation.person_id, parse_period(&evaluation)?)?;
    with_rules(conn, caches, org_version, evaluation, plan_statuses)
}

/// An evaluation placed in the organisation: what a reader's scope and chain need. A read shows
/// neither the form nor the calendar, so it does not take them (see [`Loaded`]).
pub struct Placed {
    pub evaluation: Evaluation,
    pub person: Person,
    pub unit: Unit,
    pub period: Period,
    /// The organisation's version its cached parts were taken at.
    pub org_version: i64,
}

/// An evaluation already read (by a reader, in the statement that read its caller too), placed
/// in the organisation. `org_version` is the version read in that statement, or `None` for a
/// service client (read now).
pub fn placed(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: Option<i64>,
    evaluation: Evaluation,
) -> Result<Placed, ApiError> {
    let org_version = version_or_read(conn, org_version)?;
    place(conn, caches, org_version, evaluation)
}

fn place(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: i64,
    evaluation: Evaluation,
) -> Result<Placed, ApiError> {
    let person = person_at(conn, caches, org_version, evaluation.person_id)?;
    let unit = caches.unit(org_version, evaluation.unit_id, || {
        Ok(org::unit(conn, evaluation.unit_id)?)
    })?;
    let period = parse_period(&evaluation)?;
    Ok(Placed {
        evaluation,
        person,
        unit,
        period,
        org_version,
    })
}

fn parse_period(evaluation: &Evaluation) -> Result<Period, ApiError> {
    evaluation
        .period
        .parse()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("bad stored period")))
}

/// The evaluation with what its rules need, taken at `org_version`.
fn with_rules(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: i64,
    evaluation: Evaluation,
    plan_statuses: Vec<String>,
) -> Result<Loaded, ApiError> {
    let placed = place(conn, caches, org_version, evaluation)?;
    let Placed {
        evaluation,
        person,
        unit,
        period,
        org_version,
    } = &placed;
    let form = caches.form(evaluation.form_code, evaluation.form_version, || {
        Ok(rules::form_version(
            conn,
            evaluation.form_code,
            evaluation.form_version,
        )?)
    })?;
    let form = with_extension(form, evaluation.form_extension.as_ref())?;
    let overrides = caches.overrides(*org_version, *period, || {
        Ok(rules::period_overrides(conn, *period)?)
    })?;
    let calendar = calendar_with(*period, &overrides, Some(unit))?;
    let extensions = caches.extensions(*org_version, person.id, *period, || {
        Ok(rules::extensions(conn, person.id, *period)?)
    })?;
    Ok(Loaded {
        placed,
        form,
        calendar,
        extensions,
        plan_statuses,
    })
}

/// The form with a unit's extension (sub-criteria, deductions) applied, when there is one.
pub fn with_extension(form: Form, extension: Option<&serde_json::Value>) -> Result<Form, ApiError> {
    let Some(extension) = extension else {
        return Ok(form);
    };
    let extension: domain::criteria::UnitExtension = serde_json::from_value(extension.clone())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored form extension: {e}")))?;
    form.extend(&extension).map_err(|errors| {
        ApiError::Internal(anyhow::anyhow!(
            "stored form extension does not fit: {errors:?}"
        ))
    })
}

/// The evaluation as the access policy sees it.
pub fn target(p: &Placed) -> Result<Target, ApiError> {
    evaluation_target(&p.evaluation, &p.unit)
}

/// An evaluation, at the unit of its person's post, as the access policy sees it.
pub fn evaluation_target(evaluation: &Evaluation, unit: &Unit) -> Result<Target, ApiError> {
    Ok(Target::Evaluation(EvaluationTarget {
        person_id: PersonId(evaluation.person_id),
        unit: unit.scope()?,
        reviewer_id: evaluation.reviewer_id.map(PersonId),
        decider_id: evaluation.decider_id.map(PersonId),
        publishing_unit_id: UnitId(evaluation.publishing_unit_id),
    }))
}

/// How the caller stands to this evaluation. The competent authority for a correction is its
/// decider or the head of its publishing unit.
pub fn relations(caller: &Caller, evaluation: &Evaluation) -> Relations {
    let me = caller.person_id;
    let is = |id: Option<Uuid>| me.is_some() && id == me;
    let is_self = is(Some(evaluation.person_id));
    // Nobody adjusts or corrects their own evaluation, the unit head included (Điều 10), and
    // neither through a functional account they hold.
    let own = caller.acts_as_person(evaluation.person_id);
    let is_unit_head = !own && caller.heads(evaluation.publishing_unit_id);
    Relations {
        is_self,
        is_reviewer: is(evaluation.reviewer_id),
        is_decider: is(evaluation.decider_id),
        is_unit_head,
        is_competent_authority: !own && (is(evaluation.decider_id) || is_unit_head),
    }
}

/// The calendar status of each step for the evaluated person at `now`.
pub fn step_status(l: &Loaded, now: DateTime<Utc>) -> impl Fn(calendar::Step) -> StepStatus + '_ {
    move |step| {
        calendar::step_status(
            &l.calendar,
            step,
            PersonId(l.person.id),
            &l.extensions,
            now.with_timezone(&calendar::HANOI),
        )
    }
}

/// Asks the workflow whether the caller may take this transition now.
pub fn check(
    caller: &Caller,
    l: &Loaded,
    transition: &Transition,
    now: DateTime<Utc>,
) -> Result<Outcome, ApiError> {
    let state: State = parse_enum(&l.evaluation.state)?;
    let context = Context {
        has_reviewer: l.evaluation.reviewer_id.is_some(),
    };
    workflow::check(
        transition,
        &relations(caller, &l.evaluation),
        state,
        &context,
        step_status(l, now),
    )
    .map_err(workflow_error)
}

fn local(at: DateTime<chrono::FixedOffset>) -> String {
    at.format("%H:%M %d/%m/%Y").to_string()
}

fn workflow_error(error: WorkflowError) -> ApiError {
    use actix_web::http::StatusCode;
    match error {
        WorkflowError::InvalidTransition { transition, state } => ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: "invalid_transition",
            message_vi: format!(
                "Không thể thực hiện “{transition}” khi phiếu đang ở trạng thái “{}”.",
                enum_name(&state)
            ),
            message_en: format!(
                "“{transition}” is not possible while the evaluation is “{}”.",
                enum_name(&state)
            ),
        },
        WorkflowError::Forbidden { .. } => ApiError::Forbidden,
        WorkflowError::WindowClosed { step, status } => {
            let step = enum_name(&step);
            let (vi, en) = match status {
                StepStatus::NotYetOpen { opens } => (
                    format!(
                        "Bước “{step}” chưa mở; mở lúc {} (giờ Việt Nam).",
                        local(opens)
                    ),
                    format!(
                        "The “{step}” step is not open yet; it opens at {} (Vietnam time).",
                        local(opens)
                    ),
                ),
                StepStatus::Closed { closed } => (
                    format!(
                        "Đã hết hạn bước “{step}” lúc {} (giờ Việt Nam); cần được gia hạn.",
                        local(closed)
                    ),
                    format!(
                        "The “{step}” step closed at {} (Vietnam time); an extension is needed.",
                        local(closed)
                    ),
                ),
                StepStatus::Open { .. } => (String::new(), String::new()),
            };
            ApiError::Refused {
                status: StatusCode::CONFLICT,
                code: "window_closed",
                message_vi: vi,
                message_en: en,
            }
        }
        WorkflowError::ReasonRequired { .. } => ApiError::field(
            "reason",
            "required",
            "Cần ghi lý do.",
            "A reason is required.",
        ),
    }
}

/// Points from a JSON number, exactly as written (`8.5` stays 8.5; no binary rounding).
fn decimal(value: f64) -> Option<Decimal> {
    value
        .is_finite()
        .then(|| Decimal::from_str(&value.to_string()).ok())
        .flatten()
}

fn score_error(error: &ScoreError) -> FieldError {
    let code = serde_json::to_value(error)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "invalid".into());
    let id = error.field();
    let vi = match error {
        ScoreError::UnknownCriterion { .. } => format!("Mẫu phiếu không có tiêu chí {id}."),
        ScoreError::NotScorable { .. } => {
            format!("Tiêu chí {id} là nhóm; hãy chấm các tiêu chí con.")
        }
        ScoreError::Duplicate { .. } => format!("Tiêu chí {id} được chấm hai lần."),
        ScoreError::Negative { .. } => format!("Điểm của tiêu chí {id} không được âm."),
        ScoreError::TooManyDecimals { .. } => {
            format!("Điểm của tiêu chí {id} chỉ có tối đa một chữ số thập phân.")
        }
        ScoreError::OverMax { max, .. } => format!("Điểm của tiêu chí {id} vượt mức tối đa {max}."),
        ScoreError::OutsideBand {
            percent, min, max, ..
        } => {
            format!(
                "Điểm của tiêu chí {id} phải trong khung {min}–{max} ứng với tỷ lệ hoàn thành {percent}%."
            )
        }
        ScoreError::MissingReason => {
            "Nêu tỷ lệ hoàn thành khác kế hoạch thì cần ghi lý do.".to_owned()
        }
    };
    let field = if matches!(error, ScoreError::MissingReason) {
        "completion_reason".to_owned()
    } else {
        format!("scores.{id}")
    };
    FieldError::new(&field, &code, &vi, &error.to_string())
}

/// Validates one column against the form and writes it into the lines; returns its total and
/// whether no completion % was known ("no plan").
pub fn apply_column(
    form: &Form,
    lines: &mut Vec<ScoreLine>,
    column: Column,
    body: &ScoresBody,
    plan_percent: Option<Percent>,
) -> Result<(Points, bool), ApiError> {
    let mut invalid = Vec::new();
    let raw: Vec<RawScore> = body
        .scores
        .iter()
        .filter_map(|s| match decimal(s.points) {
            Some(points) => Some(RawScore {
                criterion_id: s.criterion_id.clone(),
                points,
            }),
            None => {
                invalid.push(FieldError::new(
                    &format!("scores.{}", s.criterion_id),
                    "invalid_number",
                    "Điểm không hợp lệ.",
                    "Invalid points.",
                ));
                None
            }
        })
        .collect();
    let stated = match body.completion_percent {
        Some(p) => Some(
            decimal(p)
                .and_then(|d| Percent::new(d).ok())
                .ok_or_else(|| {
                    ApiError::field(
                        "completion_percent",
                        "invalid_percent",
                        "Tỷ lệ hoàn thành phải từ 0 đến 100.",
                        "The completion % must be 0–100.",
                    )
                })?,
        ),
        None => None,
    };
    let completion = Completion {
        plan_percent,
        stated_percent: stated,
        stated_reason: body.completion_reason.clone(),
    };
    let sheet = scoring::score_sheet(form, &raw, &completion).map_err(|errors| {
        invalid.extend(errors.iter().map(score_error));
        ApiError::Validation(invalid.clone())
    })?;
    if !invalid.is_empty() {
        return Err(ApiError::Validation(invalid));
    }
    let mut merged: Vec<ScoreLine> = form
        .leaves()
        .into_iter()
        .map(|leaf| {
            lines
                .iter()
                .find(|l| l.criterion_id == leaf.id)
                .cloned()
                .unwrap_or_else(|| ScoreLine {
                    criterion_id: leaf.id.clone(),
                    ..Default::default()
                })
        })
        .collect();
    for line in &mut merged {
        let points = sheet.points().get(&line.criterion_id).copied();
        match column {
            Column::SelfAssessment => line.self_points = points,
            Column::Reviewer => line.reviewer = points,
            Column::Decider => line.decider = points,
        }
        if let Some(note) = body
            .scores
            .iter()
            .find(|s| s.criterion_id == line.criterion_id)
            .and_then(|s| s.note.clone())
        {
            line.note = Some(note);
        }
    }
    *lines = merged;
    Ok((sheet.total(), sheet.no_plan()))
}

/// Validates one column against the form (with the month's completion share from the work
/// plan) and writes its scores, total and comment into `changes`; returns the total and
/// whether no completion share was known ("no plan").
pub fn save_column(
    l: &Loaded,
    changes: &mut EvaluationChanges,
    column: Column,
    body: &ScoresBody,
) -> Result<(Points, bool), ApiError> {
    let mut scores = lines(&l.evaluation);
    let (total, no_plan) = apply_column(&l.form, &mut scores, column, body, l.plan_completion()?)?;
    let mut t = totals(&l.evaluation);
    let mut c = comments(&l.evaluation);
    match column {
        Column::SelfAssessment => {
            (t.self_total, c.self_comment) = (Some(total), body.comment.clone())
        }
        Column::Reviewer => (t.reviewer, c.reviewer) = (Some(total), body.comment.clone()),
        Column::Decider => (t.decider, c.decider) = (Some(total), body.comment.clone()),
    }
    changes.scores = to_json(&scores)?;
    changes.totals = to_json(&t)?;
    changes.comments = to_json(&c)?;
    if no_plan {
        flag(changes, "no_plan");
    }
    Ok((total, no_plan))
}

pub fn lines(evaluation: &Evaluation) -> Vec<ScoreLine> {
    serde_json::from_value(evaluation.scores.clone()).unwrap_or_default()
}

pub fn totals(evaluation: &Evaluation) -> TotalsView {
    serde_json::from_value(evaluation.totals.clone()).unwrap_or_default()
}

pub fn comments(evaluation: &Evaluation) -> CommentsView {
    serde_json::from_value(evaluation.comments.clone()).unwrap_or_default()
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot encode: {e}")))
}

pub fn rank_name(rank: Rank) -> String {
    enum_name(&rank)
}

pub fn parse_rank(stored: &Option<String>) -> Option<Rank> {
    stored.as_deref().and_then(|r| parse_enum(r).ok())
}

/// Whether a knock-out forced the rank to D (the decision sets the flag).
pub fn is_knocked_out(flags: &[Option<String>]) -> bool {
    flags.iter().any(|f| f.as_deref() == Some("knocked_out"))
}

/// Qualified for A by points but ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu"); a
/// knock-out leaves nobody qualified.
pub fn lowered_by_quota(
    rank_by_points: Option<Rank>,
    rank_final: Option<Rank>,
    flags: &[Option<String>],
) -> bool {
    rank_by_points == Some(Rank::A) && rank_final == Some(Rank::B) && !is_knocked_out(flags)
}

/// A step done after its deadline, under a personal extension (the flag `extended`).
pub fn is_late(flags: &[Option<String>]) -> bool {
    flags.iter().any(|f| f.as_deref() == Some("extended"))
}

/// The bands of Điều 13.1.
pub fn bands() -> RankBands {
    RankBands::default()
}

/// Adds a flag once.
pub fn flag(changes: &mut EvaluationChanges, name: &str) {
    if !changes.flags.iter().any(|f| f.as_deref() == Some(name)) {
        changes.flags.push(Some(name.to_owned()));
    }
}

/// Resolves the chain again (before the decision the org may have changed: delegations,
/// transfers); an unresolvable chain leaves no decider and says so in the rule. The evaluation
/// follows its decider's publishing unit.
///
/// `cached` (the caches and the organisation's version to take them at) is `None` inside a
/// transaction that changes the organisation itself (a transfer): what it sees is not
/// committed, so it must not be kept, and the kept chains do not have it yet.
pub fn refresh_chain(
    conn: &mut PgConnection,
    cached: Option<(&Caches, i64)>,
    changes: &mut EvaluationChanges,
    person_id: Uuid,
    period: Period,
) -> Result<(), ApiError> {
    let chain = match cached {
        Some((caches, version)) => resolve_chain(conn, caches, version, person_id, period)?,
        None => chain_now(conn, person_id, period)?,
    };
    changes.reviewer_id = chain.reviewer_id;
    changes.decider_id = chain.decider_id;
    changes.chain_rule = chain.rule;
    changes.publishing_unit_id = chain.publishing_unit_id;
    Ok(())
}

/// The person's chain for the month as the organisation stands now (kept for as long as the
/// organisation does not change); an unresolvable chain has no decider and says why in its rule.
pub fn resolve_chain(
    conn: &mut PgConnection,
    caches: &Caches,
    version: i64,
    person_id: Uuid,
    period: Period,
) -> Result<ResolvedChain, ApiError> {
    caches.chain(version, person_id, period, || {
        chain_now(conn, person_id, period)
    })
}

/// The chain resolved from the organisation's rows, uncached.
fn chain_now(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
) -> Result<ResolvedChain, ApiError> {
    let org_snapshot = snapshot::snapshot_for(conn, person_id)?;
    let (reviewer_id, decider_id, rule) =
        match domain::chain::resolve(&org_snapshot, PersonId(person_id), period) {
            Ok(chain) => (
                chain.reviewer.map(|r| r.0),
                Some(chain.decider.0),
                chain.rule_code(),
            ),
            Err(error) => (None, None, error.rule_code().to_owned()),
        };
    Ok(ResolvedChain {
        reviewer_id,
        decider_id,
        rule,
        publishing_unit_id: deciding_unit(conn, decider_id, person_id)?,
    })
}

/// The publishing unit an evaluation belongs to: the decider's (DESIGN 2.2, quota groups at the
/// deciding level; e.g. the heads of sở decided by the Chủ tịch UBND TP belong to the city's
/// month), or the person's own when no decider is in the system.
pub fn deciding_unit(
    conn: &mut PgConnection,
    decider_id: Option<Uuid>,
    person_id: Uuid,
) -> Result<Uuid, ApiError> {
    let whose = decider_id.unwrap_or(person_id);
    let (_, unit) = org::person_with_unit(conn, whose)?;
    Ok(org::publishing_unit(conn, &unit)?.id)
}

/// A transition as the history records it.
pub struct Act<'a> {
    pub transition: &'a str,
    pub acted_as: &'a str,
    pub reason: Option<&'a str>,
}

/// Until decided, the evaluators follow the org as it is now (delegations, transfers): the
/// chain is resolved again, so a former evaluator loses access at once.
pub fn follow_the_org(
    conn: &mut PgConnection,
    caches: &Caches,
    p: &mut Placed,
) -> Result<(), ApiError> {
    let Placed {
        evaluation,
        person,
        period,
        org_version,
        ..
    } = p;
    if matches!(
        evaluation.state.as_str(),
        "draft" | "self_submitted" | "reviewed"
    ) {
        let mut current = evaluation.changes();
        refresh_chain(
            conn,
            Some((caches, *org_version)),
            &mut current,
            person.id,
            *period,
        )?;
        evaluation.reviewer_id = current.reviewer_id;
        evaluation.decider_id = current.decider_id;
        evaluation.chain_rule = current.chain_rule;
        evaluation.publishing_unit_id = current.publishing_unit_id;
    }
    Ok(())
}

/// Writes the change if the version is still current, with its history event and its audit
/// entry; returns the evaluation and its whole history.
pub fn write(
    conn: &mut PgConnection,
    caller: &Caller,
    l: &Loaded,
    changes: &EvaluationChanges,
    act: &Act<'_>,
    now: DateTime<Utc>,
) -> Result<(Evaluation, Vec<EventRow>), ApiError> {
    let Act {
        transition,
        acted_as,
        reason,
    } = *act;
    let before = &l.evaluation;
    let action = format!("evaluation.{transition}");
    let step = Step {
        at: now,
        account_id: caller.audit.account_id,
        transition,
        from_state: &before.state,
        acted_as,
        reason,
        // Into `audit_pending` by the same statement, without a lock: linked into the chain
        // once committed.
        audit: StepAudit::new(&caller.audit, &action, before.publishing_unit_id),
    };
    let (updated, history) =
        store::update_with_event(conn, before.id, before.version, changes, &step)?
            .ok_or(ApiError::VersionConflict)?;
    // A correction after publication changes the published counts the statistics read.
    if before.state == "published" || updated.state == "published" {
        crate::services::stats::recount(conn, &updated.period, updated.publishing_unit_id)?;
    }
    Ok((updated, history))
}

/// The organisation's version the caller was authenticated at, or read now (a service client).
fn version_or_read(conn: &mut PgConnection, known: Option<i64>) -> Result<i64, ApiError> {
    match known {
        Some(version) => Ok(version),
        None => Ok(org::version(conn)?),
    }
}

/// A person's row, cached at the organisation's `version`.
fn person_at(
    conn: &mut PgConnection,
    caches: &Caches,
    version: i64,
    id: Uuid,
) -> Result<Person, ApiError> {
    caches.person(version, id, || Ok(org::find_person(conn, id)?))
}

/// The full view of an evaluation read with its history (chain, history and earlier
/// revisions); `org_version` as for [`load`].
pub fn view(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: Option<i64>,
    evaluation: &Evaluation,
    history: Vec<EventRow>,
) -> Result<EvaluationView, ApiError> {
    let org_version = version_or_read(conn, org_version)?;
    let person = person_at(conn, caches, org_version, evaluation.person_id)?;
    view_with_history(conn, caches, org_version, evaluation, &person, history)
}

/// [`view`] of the evaluation of `person`, already read, with its history (read with it, or
/// returned by a write).
pub fn view_with_history(
    conn: &mut PgConnection,
    caches: &Caches,
    org_version: i64,
    evaluation: &Evaluation,
    person: &Person,
    history: Vec<EventRow>,
) -> Result<EvaluationView, ApiError> {
    let mut summary = |id: Option<Uuid>| -> Result<Option<PersonSummary>, ApiError> {
        let Some(id) = id else { return Ok(None) };
        match person_at(conn, caches, org_version, id) {
            Ok(evaluator) => Ok(Some(PersonSummary::of(&evaluator)?)),
            Err(ApiError::NotFound) => Err(ApiError::Internal(anyhow::anyhow!(
                "the evaluator of {} is not stored",
                evaluation.id
            ))),
            Err(error) => Err(error),
        }
    };
    let (reviewer, decider) = (
        summary(evaluation.reviewer_id)?,
        summary(evaluation.decider_id)?,
    );
    let history = history
        .into_iter()
        .map(|e| HistoryEntry {
            at: e.at,
            transition: e.transition,
            from: e.from_state,
            to: e.to_state,
            acted_as: e.acted_as,
            reason: e.reason,
            revision: e.revision,
        })
        .collect();
    // Earlier revisions are kept only by a correction, which numbers the evaluation past 1:
    // a first revision has none to read.
    let earlier = if evaluation.revision > 1 {
        store::revisions(conn, evaluation.id)?
    } else {
        Vec::new()
    };
    let revisions = earlier
        .into_iter()
        .map(|(revision, snapshot, replaced_at, reason)| RevisionView {
            revision,
            replaced_at,
            reason,
            totals: serde_json::from_value(snapshot["totals"].clone()).unwrap_or_default(),
            rank_final: snapshot["rank_final"]
                .as_str()
                .and_then(|r| parse_enum(r).ok()),
            scores: serde_json::from_value(snapshot["scores"].clone()).unwrap_or_default(),
        })
        .collect();
    let rank_final = parse_rank(&evaluation.rank_final);
    Ok(EvaluationView {
        id: evaluation.id,
        person: PersonSummary::of(person)?,
        period: evaluation.period.clone(),
        form_code: evaluation.form_code,
        form_version: evaluation.form_version,
        state: evaluation.state.clone(),
        version: evaluation.version,
        revision: evaluation.revision,
        scores: lines(evaluation),
        totals: totals(evaluation),
        comments: comments(evaluation),
        knock_outs: serde_json::from_value::<Vec<KnockOutBody>>(evaluation.knock_outs.clone())
            .unwrap_or_default(),
        rank_self: parse_rank(&evaluation.rank_self),
        rank_by_points: parse_rank(&evaluation.rank_by_points),
        rank_final,
        rank_final_label: rank_final.map(|r| r.label_vi().to_owned()),
        adjust_reason: evaluation.adjust_reason.clone(),
        flags: evaluation.flags.iter().flatten().cloned().collect(),
        chain: ChainBrief {
            reviewer,
            decider,
            rule: evaluation.chain_rule.clone(),
        },
        history,
        revisions,
    })
}

/// A workflow step as its use case asks for it.
pub struct StepRequest {
    pub id: Uuid,
    /// The version the caller's `If-Match` names, if any (412 when it is not the stored one).
    pub expected_version: Option<i32>,
    /// Whether the step refuses to run without `If-Match` (428): the saves and the decision.
    pub require_version: bool,
    pub transition: Transition,
    /// The transition as the history and the audit trail name it.
    pub name: &'static str,
}

impl StepRequest {
    /// 428 when the step needs the version it changes and none was named.
    fn checked(self) -> Result<Self, ApiError> {
        if self.require_version && self.expected_version.is_none() {
            return Err(ApiError::PreconditionRequired);
        }
        Ok(self)
    }
}

/// What a step does to the evaluation beyond its next state and flags: its scores, ranks and
/// times, and under [`transition`] whatever else it writes on the step's connection.
pub trait Apply:
    FnOnce(
    &mut PgConnection,
    &Loaded,
    &mut EvaluationChanges,
    &Outcome,
    DateTime<Utc>,
) -> Result<(), ApiError>
{
}

impl<F> Apply for F where
    F: FnOnce(
        &mut PgConnection,
        &Loaded,
        &mut EvaluationChanges,
        &Outcome,
        DateTime<Utc>,
    ) -> Result<(), ApiError>
{
}

/// Runs one workflow transition: lock the evaluation and read the caller (when `who` is a token)
/// in one statement, check scope (404), version (412), the workflow (actor, state, calendar), let
/// `apply` change the evaluation (and write what else the step writes), and write; all in one
/// transaction on one connection. A step that writes only the evaluation runs through [`step`].
pub async fn transition<F>(
    state: &AppState,
    who: impl Into<Who>,
    request: StepRequest,
    apply: F,
) -> Result<EvaluationView, ApiError>
where
    F: Apply + Send + 'static,
{
    let request = request.checked()?;
    let now = state.clock.now();
    let idempotency_key = crate::idempotency::pending();
    let caches = state.caches.clone();
    let who = who.into();
    db::transaction(&state.pool, move |conn| {
        let view = run(conn, &caches, who, &request, now, StepRead::Locked, apply)?;
        crate::idempotency::store_answer(
            conn,
            idempotency_key.as_ref(),
            actix_web::http::StatusCode::OK,
            Some(crate::dto::evaluations::etag(view.version)),
            &view,
        )?;
        Ok(view)
    })
    .await
}

/// [`transition`] for a step that writes nothing but the evaluation (its history and audit entry
/// go with it in one statement): saves, submissions, a return, an adjustment (none touches a
/// published evaluation, whose statistics `write` counts again). Read as the
/// evaluation stands and written only if its version has not moved since, outside a
/// transaction: two round trips instead of four (issue 13), with the same outcome as under a
/// lock. When it moved and the caller named no version, the step runs again locked, as
/// [`transition`] would have run it after waiting for the lock; with a version named, 412 as
/// there. With an `Idempotency-Key` its answer must commit with the change: [`transition`].
pub async fn step<F>(
    state: &AppState,
    who: impl Into<Who>,
    request: StepRequest,
    apply: F,
) -> Result<EvaluationView, ApiError>
where
    F: Fn(&Loaded, &mut EvaluationChanges, &Outcome, DateTime<Utc>) -> Result<(), ApiError>
        + Send
        + 'static,
{
    // It writes nothing on the connection itself: the same closure runs unlocked or locked.
    let apply =
        move |_: &mut PgConnection, l: &Loaded, c: &mut _, o: &Outcome, now| apply(l, c, o, now);
    if crate::idempotency::pending().is_some() {
        return transition(state, who, request, apply).await;
    }
    let request = request.checked()?;
    let now = state.clock.now();
    let caches = state.caches.clone();
    let who = who.into();
    db::run(&state.pool, move |conn| {
        let again = who.clone();
        let attempt = |conn: &mut PgConnection, who, read| {
            run(conn, &caches, who, &request, now, read, &apply)
        };
        match attempt(conn, who, StepRead::AsItStands) {
            Err(ApiError::VersionConflict) if request.expected_version.is_none() => {
                conn.transaction(|conn| attempt(conn, again, StepRead::Locked))
            }
            result => result,
        }
    })
    .await
}

/// The step itself, on `conn` (in a transaction when `read` locks): read the evaluation and the
/// caller in one statement, check scope, version and workflow, apply, write.
fn run(
    conn: &mut PgConnection,
    caches: &Caches,
    who: Who,
    request: &StepRequest,
    now: DateTime<Utc>,
    read: StepRead,
    apply: impl Apply,
) -> Result<EvaluationView, ApiError> {
    let StepRequest {
        id,
        expected_version,
        ref transition,
        name,
        ..
    } = *request;
    // The caller is checked once its evaluation is read (one statement): a signed token whose
    // session has ended holds a lock only until its 401 rolls back.
    let (caller, found) = who.resolve_with(conn, |conn, account, session| {
        Ok(store::find_for_step_for(conn, id, account, session, read)?
            .map(|(evaluation, plan, access)| ((evaluation, plan), access)))
    })?;
    let (evaluation, plan) = found.ok_or(ApiError::NotFound)?;
    let org_version = version_or_read(conn, caller.org_version)?;
    let mut l = with_rules(conn, caches, org_version, evaluation, plan)?;
    follow_the_org(conn, caches, &mut l)?;
    caller.require(Mode::Read, &target(&l)?)?;
    if expected_version.is_some_and(|v| v != l.evaluation.version) {
        return Err(ApiError::VersionConflict);
    }
    let outcome = check(&caller, &l, transition, now)?;
    let mut changes = l.evaluation.changes();
    changes.state = enum_name(&outcome.next);
    for f in &outcome.flags {
        flag(&mut changes, &enum_name(f));
    }
    apply(conn, &l, &mut changes, &outcome, now)?;
    let reason = match transition {
        Transition::Return { reason }
        | Transition::Adjust { reason }
        | Transition::Correct { reason } => Some(reason.as_str()),
        _ => None,
    };
    let acted_as = enum_name(&outcome.acted_as);
    let act = Act {
        transition: name,
        acted_as: &acted_as,
        reason,
    };
    let (updated, history) = write(conn, &caller, &l, &changes, &act, now)?;
    view_with_history(conn, caches, l.org_version, &updated, &l.person, history)
}
