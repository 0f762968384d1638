//! A publishing unit's month as the API shows it: quota groups, their meters and members.

use domain::rank::Rank;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::evaluations::TotalsView;
use super::people::PersonSummary;

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
