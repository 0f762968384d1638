//! The use cases of one evaluation (API.md "Evaluations"; Điều 12–13): read, the caller's own,
//! and each workflow step. Each step runs through [`workflow::transition`] (load and lock,
//! scope, version, actor/state/calendar, write with history and audit), or [`workflow::step`]
//! when it writes nothing but the evaluation, and adds what is its own.

use diesel::Connection;
use domain::access::Mode;
use domain::rank::{self, KnockOut, Rank, default_knock_out_rules};
use domain::scoring::Column;
use domain::workflow::Transition;
use domain::{Period, rank::RankChoiceError};
use persistence::models::evaluations::EvaluationChanges;
use persistence::queries::evaluations as store;
use uuid::Uuid;

use crate::auth::{CallerToken, Who};
use crate::db;
use crate::dto::evaluations::{
    AdjustBody, CorrectionBody, DecisionBody, EvaluationView, KnockOutBody, ScoresBody,
};
use crate::error::{ApiError, FieldError};
use crate::services::webhooks;
use crate::services::workflow::{
    self, Loaded, StepRequest, apply_column, bands, flag, is_knocked_out, lines, parse_rank,
    rank_name, to_json, totals,
};
use crate::services::{commendations, opening, results};
use crate::state::AppState;

/// One evaluation, as its reader may see it (404 outside scope). The caller's session is read in
/// the same statement as the evaluation (the most frequent request of all).
pub async fn read(
    state: &AppState,
    caller: CallerToken,
    id: Uuid,
) -> Result<EvaluationView, ApiError> {
    let caches = state.caches.clone();
    db::run(&state.pool, move |conn| {
        let (caller, found) = caller.resolve_with(conn, |conn, account, session| {
            Ok(store::find_with_history_for(conn, id, account, session)?)
        })?;
        let (evaluation, history) = found.ok_or(ApiError::NotFound)?;
        let mut p = workflow::placed(conn, &caches, caller.org_version, evaluation)?;
        workflow::follow_the_org(conn, &caches, &mut p)?;
        caller.require(Mode::Read, &workflow::target(&p)?)?;
        workflow::view_with_history(
            conn,
            &caches,
            p.org_version,
            &p.evaluation,
            &p.person,
            history,
        )
    })
    .await
}

/// The caller's own evaluation for a month, opened as `draft` on first read; the caller's
/// session is read in the same statement as the evaluation.
pub async fn mine(
    state: &AppState,
    caller: CallerToken,
    period: Period,
) -> Result<EvaluationView, ApiError> {
    let now = state.clock.now();
    let caches = state.caches.clone();
    db::run(&state.pool, move |conn| {
        let (caller, found) = caller.resolve_with(conn, |conn, account, session| {
            let period = period.to_string();
            Ok(store::of_account_with_history_for(
                conn, account, session, &period,
            )?)
        })?;
        let (evaluation, history) = match found {
            Some(existing) => existing,
            // Not open yet, or not a person's account.
            None => {
                let person_id = caller.person_id.ok_or(ApiError::NotFound)?;
                // Opened once a month and read many times: only the opening needs a transaction.
                let opened = conn.transaction(|conn| {
                    opening::open_evaluation(conn, person_id, period, &caller.audit, now)
                })?;
                let history = store::events(conn, opened.id)?;
                (opened, history)
            }
        };
        workflow::view(conn, &caches, caller.org_version, &evaluation, history)
    })
    .await
}

/// Saves the self-assessment column (a draft; needs the version).
pub async fn save_self(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    body: ScoresBody,
) -> Result<EvaluationView, ApiError> {
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: true,
            transition: Transition::SaveSelf,
            name: "save_self",
        },
        move |l, changes, _, _| {
            let (total, _) = workflow::save_column(l, changes, Column::SelfAssessment, &body)?;
            changes.rank_self = Some(rank_name(bands().rank_of(total)));
            Ok(())
        },
    )
    .await
}

/// Submits the self-assessment.
pub async fn submit_self(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
) -> Result<EvaluationView, ApiError> {
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: false,
            transition: Transition::SubmitSelf,
            name: "submit",
        },
        |_, changes, _, now| {
            changes.self_submitted_at = Some(now);
            Ok(())
        },
    )
    .await
}

/// Saves the reviewer's column.
pub async fn save_review(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    body: ScoresBody,
) -> Result<EvaluationView, ApiError> {
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: true,
            transition: Transition::SaveReview,
            name: "save_review",
        },
        move |l, changes, _, _| {
            workflow::save_column(l, changes, Column::Reviewer, &body)?;
            Ok(())
        },
    )
    .await
}

/// Submits the review to the decider.
pub async fn submit_review(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
) -> Result<EvaluationView, ApiError> {
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: false,
            transition: Transition::SubmitReview,
            name: "submit_review",
        },
        |_, changes, _, now| {
            changes.reviewed_at = Some(now);
            Ok(())
        },
    )
    .await
}

/// Returns the evaluation to the person with a reason: the submission and any decision are
/// undone; scores stay.
pub async fn return_to_person(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    reason: String,
) -> Result<EvaluationView, ApiError> {
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: false,
            transition: Transition::Return { reason },
            name: "return",
        },
        |_, changes, _, _| {
            changes.self_submitted_at = None;
            changes.reviewed_at = None;
            changes.decided_at = None;
            changes.rank_by_points = None;
            changes.rank_final = None;
            changes.adjust_reason = None;
            Ok(())
        },
    )
    .await
}

/// Decides: the decider's scores, comment and knock-outs; the rank follows from the total, or
/// is a lower one chosen for the quota (Điều 12.3, 13.1).
pub async fn decide(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    body: DecisionBody,
) -> Result<EvaluationView, ApiError> {
    workflow::transition(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: true,
            transition: Transition::Decide,
            name: "decide",
        },
        move |conn, l, changes, _, now| {
            let is_leader = matches!(l.person.position_category.as_str(), "head" | "deputy");
            let knock_outs = knock_outs_of(&body.knock_outs);
            let rules = default_knock_out_rules();
            let invalid: Vec<FieldError> = knock_outs
                .iter()
                .enumerate()
                .filter_map(|(i, k)| {
                    k.check(&rules, is_leader).err().map(|e| {
                        FieldError::new(
                            &format!("knock_outs[{i}]"),
                            "invalid_knock_out",
                            &format!("Tiêu chí loại trừ không hợp lệ: {e}"),
                            &e.to_string(),
                        )
                    })
                })
                .collect();
            if !invalid.is_empty() {
                return Err(ApiError::Validation(invalid));
            }
            let column = ScoresBody {
                scores: body.scores.clone(),
                comment: body.comment.clone(),
                completion_percent: body.completion_percent,
                completion_reason: body.completion_reason.clone(),
            };
            let (total, _) = workflow::save_column(l, changes, Column::Decider, &column)?;
            let outcome = rank::rank(&bands(), total, &knock_outs);
            let final_rank = match body.rank {
                Some(chosen) => {
                    chosen_rank(chosen, outcome.by_points, outcome.knocked_out_by.is_some())?
                }
                None => outcome.rank,
            };
            changes.knock_outs = to_json(&body.knock_outs)?;
            changes.rank_by_points = Some(rank_name(outcome.by_points));
            changes.rank_final = Some(rank_name(final_rank));
            changes.adjust_reason = None;
            changes.decided_at = Some(now);
            // A new decision replaces the previous one's marks.
            changes
                .flags
                .retain(|f| !matches!(f.as_deref(), Some("knocked_out" | "adjusted")));
            if outcome.knocked_out_by.is_some() {
                flag(changes, "knocked_out");
            }
            webhooks::evaluation_changed(conn, webhooks::EVALUATION_DECIDED, l, changes, now)
        },
    )
    .await
}

/// The unit head's adjustment of a decided rank before publication, with its reason
/// (Điều 12.3): lower than the points give, or back up to them, never beyond.
pub async fn adjust(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    body: AdjustBody,
) -> Result<EvaluationView, ApiError> {
    let reason = body.reason.clone();
    workflow::step(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: false,
            transition: Transition::Adjust {
                reason: reason.clone(),
            },
            name: "adjust",
        },
        move |_, changes, _, _| {
            let by_points = parse_rank(&changes.rank_by_points).unwrap_or(Rank::D);
            let rank = chosen_rank(body.rank, by_points, is_knocked_out(&changes.flags))?;
            changes.rank_final = Some(rank_name(rank));
            changes.adjust_reason = Some(reason.clone());
            flag(changes, "adjusted");
            Ok(())
        },
    )
    .await
}

/// A correction after publication by the competent authority: the current revision is kept
/// whole, a new one is made and published; the quota group must stay within its quota and
/// the commendation list follows until it is sent.
pub async fn correct(
    state: &AppState,
    who: impl Into<Who>,
    id: Uuid,
    version: Option<i32>,
    body: CorrectionBody,
) -> Result<EvaluationView, ApiError> {
    let reason = body.reason.clone();
    workflow::transition(
        state,
        who,
        StepRequest {
            id,
            expected_version: version,
            require_version: false,
            transition: Transition::Correct {
                reason: reason.clone(),
            },
            name: "correct",
        },
        move |conn, l, changes, _, now| {
            store::keep_revision(conn, &l.evaluation, &reason, now)?;
            if let Some(scores) = &body.scores {
                rescore(l, changes, scores)?;
            }
            if let Some(chosen) = body.rank {
                let by_points = parse_rank(&changes.rank_by_points).unwrap_or(Rank::D);
                let rank = chosen_rank(chosen, by_points, is_knocked_out(&changes.flags))?;
                changes.rank_final = Some(rank_name(rank));
            }
            changes.revision = l.evaluation.revision + 1;
            changes.published_at = Some(now);
            changes.adjust_reason = Some(reason.clone());
            let rank = parse_rank(&changes.rank_final);
            results::check_quota_with(conn, l, rank)?;
            commendations::follow_rank(conn, l, rank)?;
            results::correct_record(conn, l, changes)?;
            webhooks::evaluation_changed(conn, webhooks::EVALUATION_CORRECTED, l, changes, now)
        },
    )
    .await
}

/// New decider scores in a correction: the total and the ranks follow; the knock-outs stay.
fn rescore(
    l: &Loaded,
    changes: &mut EvaluationChanges,
    scores: &[crate::dto::evaluations::ScoreInput],
) -> Result<(), ApiError> {
    let mut current = lines(&l.evaluation);
    let column = ScoresBody {
        scores: scores.to_vec(),
        comment: None,
        completion_percent: None,
        completion_reason: None,
    };
    let (total, _) = apply_column(
        &l.form,
        &mut current,
        Column::Decider,
        &column,
        l.plan_completion()?,
    )?;
    let knock_outs = knock_outs_of(
        &serde_json::from_value::<Vec<KnockOutBody>>(l.evaluation.knock_outs.clone())
            .unwrap_or_default(),
    );
    let outcome = rank::rank(&bands(), total, &knock_outs);
    let mut t = totals(&l.evaluation);
    t.decider = Some(total);
    changes.scores = to_json(&current)?;
    changes.totals = to_json(&t)?;
    changes.rank_by_points = Some(rank_name(outcome.by_points));
    changes.rank_final = Some(rank_name(outcome.rank));
    Ok(())
}

fn knock_outs_of(bodies: &[KnockOutBody]) -> Vec<KnockOut> {
    bodies
        .iter()
        .map(|k| KnockOut {
            code: k.code.clone(),
            evidence_ref: k.evidence_ref.clone(),
        })
        .collect()
}

/// [`rank::check_chosen_rank`] with its refusal as a field error on `rank`.
fn chosen_rank(chosen: Rank, by_points: Rank, knocked_out: bool) -> Result<Rank, ApiError> {
    rank::check_chosen_rank(chosen, by_points, knocked_out).map_err(|error| match error {
        RankChoiceError::KnockedOut => ApiError::field(
            "rank",
            "knocked_out",
            "Người này thuộc trường hợp xếp loại D do vi phạm (tiêu chí loại trừ).",
            "A knock-out applies: the rank is D.",
        ),
        RankChoiceError::RankAbovePoints { by_points } => ApiError::field(
            "rank",
            "rank_above_points",
            &format!(
                "Không thể xếp loại cao hơn mức theo điểm (loại {}).",
                rank_name(by_points)
            ),
            &format!(
                "The rank cannot be better than the points give ({}).",
                rank_name(by_points)
            ),
        ),
    })
}
