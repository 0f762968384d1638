//! Yearly results (DESIGN 2.6): a person's year and a unit's year, from `domain::rollup`.

use domain::rank::Rank;
use serde::Serialize;
use utoipa::ToSchema;

use super::people::PersonSummary;
use super::search::UnitBrief;

/// One month of a person's year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearMonth {
    pub period: String,
    /// The evaluation's state that month.
    pub state: String,
    /// The decided total, once decided.
    #[schema(value_type = Option<f64>)]
    pub decided_total: Option<domain::Points>,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    /// Whether the month counts in the average (decided or published).
    pub counted: bool,
    pub knocked_out: bool,
}

/// A knock-out carried into the year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KnockOutView {
    pub code: String,
    pub evidence_ref: String,
}

/// A person's year: the average of the decided monthly totals over the months worked (months
/// without a decided evaluation do not count), ranked with the bands of Điều 13.1; a knock-out in
/// any month ranks the year D.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonYear {
    pub person: PersonSummary,
    pub year: i32,
    /// The months the caller may read, by period.
    pub months: Vec<YearMonth>,
    /// Months of the year the caller may not read (they are left out of the average).
    pub months_hidden: u32,
    pub months_counted: u32,
    /// Fewest months counted for a yearly rank.
    pub min_months: u32,
    /// Rounded half away from zero to one decimal; none when no month counts.
    #[schema(value_type = Option<f64>)]
    pub average: Option<domain::Points>,
    /// The rank by the average alone.
    #[schema(value_type = Option<String>)]
    pub rank_by_points: Option<Rank>,
    /// The rank after knock-outs (before the unit's quota; see the unit's year).
    #[schema(value_type = Option<String>)]
    pub rank: Option<Rank>,
    pub knocked_out_by: Option<KnockOutView>,
}

/// One person in a unit's year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitYearRow {
    pub person: PersonSummary,
    pub months_counted: u32,
    #[schema(value_type = Option<f64>)]
    pub average: Option<domain::Points>,
    /// Rank by the average and knock-outs.
    #[schema(value_type = Option<String>)]
    pub rank_qualified: Option<Rank>,
    /// Rank after the unit's quota on A (Điều 13.1) is applied to the year.
    #[schema(value_type = Option<String>)]
    pub rank: Option<Rank>,
    /// Qualified for A, ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu").
    pub lowered_by_quota: bool,
    pub knocked_out: bool,
}

/// The quota on A over a unit's year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearQuota {
    /// The policy (percent, base, rounding, small-group rule) and any override decision.
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
    pub headcount: u32,
    pub max_a: u32,
    pub used_a: u32,
    pub ranked_b: u32,
}

/// A publishing unit's year: everyone it decided that year, with their whole year's result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitYear {
    pub unit: UnitBrief,
    pub year: i32,
    pub quota: YearQuota,
    pub people: Vec<UnitYearRow>,
}
