use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::evaluations;

/// A person's evaluation for a month.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, serde::Serialize)]
#[diesel(table_name = evaluations, check_for_backend(diesel::pg::Pg))]
pub struct Evaluation {
    pub id: Uuid,
    pub person_id: Uuid,
    pub period: String,
    pub unit_id: Uuid,
    pub publishing_unit_id: Uuid,
    pub form_code: i16,
    pub form_version: i32,
    pub state: String,
    pub version: i32,
    pub revision: i32,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub chain_rule: String,
    pub scores: serde_json::Value,
    pub totals: serde_json::Value,
    pub comments: serde_json::Value,
    pub completion: serde_json::Value,
    pub knock_outs: serde_json::Value,
    pub rank_self: Option<String>,
    pub rank_by_points: Option<String>,
    pub rank_final: Option<String>,
    pub adjust_reason: Option<String>,
    pub flags: Vec<Option<String>>,
    pub self_submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The unit's extension of the form (sub-criteria, deductions) as it was at creation.
    pub form_extension: Option<serde_json::Value>,
}

/// An evaluation as a unit's month reads it (summary, quota meters, publication): without the
/// scores, comments, completion and extension, which make most of a row and which a month of
/// thousands of people never looks at.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = evaluations, check_for_backend(diesel::pg::Pg))]
pub struct MonthLine {
    pub id: Uuid,
    pub person_id: Uuid,
    pub form_code: i16,
    pub state: String,
    pub version: i32,
    pub revision: i32,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub chain_rule: String,
    pub totals: serde_json::Value,
    pub rank_self: Option<String>,
    pub rank_by_points: Option<String>,
    pub rank_final: Option<String>,
    pub flags: Vec<Option<String>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = evaluations)]
pub struct NewEvaluation<'a> {
    pub person_id: Uuid,
    pub period: &'a str,
    pub unit_id: Uuid,
    pub publishing_unit_id: Uuid,
    pub form_code: i16,
    pub form_version: i32,
    pub state: &'a str,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub chain_rule: &'a str,
    pub form_extension: Option<serde_json::Value>,
}

/// Everything a transition may change; the version is bumped by the query. Every column is
/// written, `None` as NULL: a step that clears a field (a return clears the decision) clears it
/// in the row, and the statement's text is the same whatever the values, so it is prepared once
/// and found by its type (`update_with_event`).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = evaluations, treat_none_as_null = true)]
pub struct EvaluationChanges {
    pub state: String,
    /// The publishing unit of the decider ("cấp quyết định"): whose month and quota group the
    /// evaluation belongs to.
    pub publishing_unit_id: Uuid,
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub chain_rule: String,
    pub scores: serde_json::Value,
    pub totals: serde_json::Value,
    pub comments: serde_json::Value,
    pub completion: serde_json::Value,
    pub knock_outs: serde_json::Value,
    pub rank_self: Option<String>,
    pub rank_by_points: Option<String>,
    pub rank_final: Option<String>,
    pub adjust_reason: Option<String>,
    pub flags: Vec<Option<String>>,
    pub self_submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub revision: i32,
}

impl Evaluation {
    /// The current values as a change set, to modify and write back.
    pub fn changes(&self) -> EvaluationChanges {
        EvaluationChanges {
            state: self.state.clone(),
            publishing_unit_id: self.publishing_unit_id,
            reviewer_id: self.reviewer_id,
            decider_id: self.decider_id,
            chain_rule: self.chain_rule.clone(),
            scores: self.scores.clone(),
            totals: self.totals.clone(),
            comments: self.comments.clone(),
            completion: self.completion.clone(),
            knock_outs: self.knock_outs.clone(),
            rank_self: self.rank_self.clone(),
            rank_by_points: self.rank_by_points.clone(),
            rank_final: self.rank_final.clone(),
            adjust_reason: self.adjust_reason.clone(),
            flags: self.flags.clone(),
            self_submitted_at: self.self_submitted_at,
            reviewed_at: self.reviewed_at,
            decided_at: self.decided_at,
            published_at: self.published_at,
            revision: self.revision,
        }
    }
}
