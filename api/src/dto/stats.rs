//! Statistics of published ranks (issue 11).

use serde::Serialize;
use utoipa::ToSchema;

use super::search::UnitBrief;

/// Counts by final rank; `null` where hidden (1–4 people).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct RankCounts {
    #[serde(rename = "A")]
    pub a: Option<u32>,
    #[serde(rename = "B")]
    pub b: Option<u32>,
    #[serde(rename = "C")]
    pub c: Option<u32>,
    #[serde(rename = "D")]
    pub d: Option<u32>,
}

/// Shares by final rank, in percent with one decimal; `null` when a count of the row is hidden.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct RankShares {
    #[serde(rename = "A")]
    pub a: Option<f64>,
    #[serde(rename = "B")]
    pub b: Option<f64>,
    #[serde(rename = "C")]
    pub c: Option<f64>,
    #[serde(rename = "D")]
    pub d: Option<f64>,
}

/// One group's rank distribution.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RankStatsRow {
    /// The group: a unit id (the root's own people: the root's id), a period, a post category,
    /// a form number, a bloc or a level.
    pub key: String,
    /// The unit's name when grouped by unit; otherwise the key.
    pub label: String,
    /// People ranked; `null` when a cell is hidden (it would give the hidden cell away).
    pub total: Option<u32>,
    pub counts: RankCounts,
    pub shares: RankShares,
    /// Qualified for A by points, ranked B by the quota.
    pub qualified_a_ranked_b: Option<u32>,
    /// Cells of 1 to 4 people are hidden: the caller may not read these people's results.
    pub small_cells_hidden: bool,
}

/// The distribution of published final ranks under a unit, by group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RankStats {
    pub unit: UnitBrief,
    /// `unit`, `period`, `category`, `form`, `bloc` or `level`.
    pub group_by: String,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub rows: Vec<RankStatsRow>,
}

/// How many did a step, and how many before its deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepCompletion {
    /// Evaluations the step applies to.
    pub expected: u32,
    pub done: u32,
    pub on_time: u32,
    /// The step's deadline for this unit (Hanoi time; the step closes at this instant).
    pub deadline: chrono::DateTime<chrono::FixedOffset>,
}

/// One publishing unit's month, step by step (Điều 12).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompletionRow {
    pub unit: UnitBrief,
    pub evaluations: u32,
    pub self_assessed: StepCompletion,
    /// Only evaluations with a reviewer.
    pub reviewed: StepCompletion,
    pub decided: StepCompletion,
    pub published: StepCompletion,
}

/// The month's steps against their deadlines, per publishing unit under a unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompletionStats {
    pub unit: UnitBrief,
    pub period: String,
    pub rows: Vec<CompletionRow>,
}
