//! A publishing unit's month as the API shows it: quota groups, their meters and members.

use chrono::{DateTime, Utc};
use domain::rank::Rank;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::evaluations::TotalsView;
use super::people::PersonSummary;

/// The quota of a group: the policy that applied and the meter.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuotaView {
    /// The policy (percent, base, rounding, small-group rule) and any override decision.
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
    /// Most A allowed, from the final ranks counted below (Điều 13.1: A ≤ 20% of B).
    pub max_a: u32,
    /// Ranked A (final ranks).
    pub used_a: u32,
    /// Ranked B (final ranks).
    pub ranked_b: u32,
    pub over_quota: bool,
}

/// One person in a summary.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberRow {
    pub person: PersonSummary,
    pub evaluation_id: Option<Uuid>,
    /// The evaluation's state, or `not_started`.
    pub state: String,
    /// No decider in the system: evaluated by the central level; does not hold up publication.
    pub evaluated_outside: bool,
    pub totals: TotalsView,
    #[schema(value_type = Option<String>)]
    pub rank_self: Option<Rank>,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    /// Qualified for A by points but ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu").
    pub qualified_a: bool,
}

/// A quota group ("nhóm đối tượng").
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub headcount: u32,
    pub quota: QuotaView,
    pub members: Vec<MemberRow>,
}

/// A publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationView {
    pub unit_id: Uuid,
    pub period: String,
    pub published_at: DateTime<Utc>,
    pub evaluations: usize,
    /// The commendation proposal list drawn up by default (the month's A).
    pub commendations: usize,
}
