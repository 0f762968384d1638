//! Evaluations as the API shows them (API.md "Evaluations").

use chrono::{DateTime, Utc};
use domain::rank::Rank;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::people::PersonSummary;

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

/// The final rank the unit head sets before publication, and why (Điều 12.3).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AdjustBody {
    /// At most as good as the points give (`rank_above_points` otherwise).
    #[schema(value_type = String, example = "B")]
    pub rank: Rank,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// The decider's scores, comment, knock-outs and, optionally, a lower rank than the points
/// give (to respect the A quota: "đủ điều kiện A, xếp B do chỉ tiêu").
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DecisionBody {
    pub scores: Vec<ScoreInput>,
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
    #[serde(default)]
    pub knock_outs: Vec<KnockOutBody>,
    /// A rank at most as good as the points give.
    #[schema(value_type = Option<String>, example = "B")]
    pub rank: Option<Rank>,
    #[schema(minimum = 0, maximum = 100)]
    pub completion_percent: Option<f64>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub completion_reason: Option<String>,
}

/// A correction after publication: new decider scores and/or rank, with the reason.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CorrectionBody {
    pub scores: Option<Vec<ScoreInput>>,
    #[schema(value_type = Option<String>, example = "B")]
    pub rank: Option<Rank>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// The `ETag` of an evaluation at `version` (what `If-Match` names).
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}
