//! `/evaluations`: the monthly evaluation of one person (API.md "Evaluations"; Điều 12–13).
//! Every write checks actor, state and calendar with `domain::workflow`, scope with
//! `domain::access`, uses `If-Match` against the evaluation's version and writes the change,
//! its history event and its audit entry in one transaction.

pub mod adjust;
mod correct;
pub mod create;
mod decide;
pub mod flow;
mod get;
mod list;
mod mine;
mod return_;
mod review;
mod self_assessment;

use chrono::{DateTime, Utc};
use domain::rank::Rank;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub use flow::{parse_rank, refresh_chain, with_extension};

use super::people::PersonSummary;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(mine::my_evaluation)
        .service(list::list_evaluations)
        .service(get::get_evaluation)
        .service(self_assessment::save_self)
        .service(self_assessment::submit_self)
        .service(review::save_review)
        .service(review::submit_review)
        .service(decide::decide)
        .service(return_::return_evaluation)
        .service(adjust::adjust)
        .service(correct::correct);
}

/// Points given for one criterion, with an optional note.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScoreInput {
    pub criterion_id: String,
    /// At most one decimal, e.g. `8.5`.
    #[schema(example = 8.5)]
    pub points: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One column's scores (self, reviewer or decider).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct ScoresBody {
    pub scores: Vec<ScoreInput>,
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
    /// A completion % other than the work plan's, with its reason (Điều 12.1).
    #[schema(minimum = 0, maximum = 100)]
    pub completion_percent: Option<f64>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub completion_reason: Option<String>,
}

/// A stored line: one criterion's points in each column.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ScoreLine {
    pub criterion_id: String,
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub self_points: Option<domain::Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub reviewer: Option<domain::Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub decider: Option<domain::Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The three columns' totals, each clamped to [0, 100].
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct TotalsView {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub self_total: Option<domain::Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub reviewer: Option<domain::Points>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub decider: Option<domain::Points>,
}

/// Comments of each column.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CommentsView {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decider: Option<String>,
}

/// A knock-out ("tiêu chí loại trừ") forcing D, with its evidence (Điều 13.1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KnockOutBody {
    /// e.g. `disciplinary_measure`.
    pub code: String,
    /// The decision or document proving it.
    pub evidence_ref: String,
}

/// Who reviews and decides.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainBrief {
    pub reviewer: Option<PersonSummary>,
    pub decider: Option<PersonSummary>,
    pub rule: String,
}

/// One step of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub transition: String,
    pub from: String,
    pub to: String,
    /// `self`, `reviewer`, `decider`, `unit_head`, `competent_authority`.
    pub acted_as: String,
    pub reason: Option<String>,
    pub revision: i32,
}

/// An earlier revision replaced by a correction, kept whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionView {
    pub revision: i32,
    pub replaced_at: DateTime<Utc>,
    pub reason: String,
    pub totals: TotalsView,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    pub scores: Vec<ScoreLine>,
}

/// An evaluation (API.md `GET /evaluations/{id}`); its `version` is the `ETag`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationView {
    pub id: Uuid,
    pub person: PersonSummary,
    #[schema(example = "2026-11")]
    pub period: String,
    pub form_code: i16,
    pub form_version: i32,
    /// `draft`, `self_submitted`, `reviewed`, `decided`, `published`.
    pub state: String,
    pub version: i32,
    pub revision: i32,
    pub scores: Vec<ScoreLine>,
    pub totals: TotalsView,
    pub comments: CommentsView,
    pub knock_outs: Vec<KnockOutBody>,
    /// Rank by the self-assessment.
    #[schema(value_type = Option<String>, example = "B")]
    pub rank_self: Option<Rank>,
    /// Rank by the decider's points (before quota or adjustment).
    #[schema(value_type = Option<String>)]
    pub rank_by_points: Option<Rank>,
    /// The rank decided (after knock-outs, quota choices and adjustment).
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    pub rank_final_label: Option<String>,
    pub adjust_reason: Option<String>,
    /// e.g. `no_plan`, `no_self_assessment`, `review_skipped`, `extended`, `knocked_out`, `adjusted`, `new_revision`.
    pub flags: Vec<String>,
    pub chain: ChainBrief,
    pub history: Vec<HistoryEntry>,
    pub revisions: Vec<RevisionView>,
}

/// A reason (return, adjust, correct).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ReasonBody {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}
