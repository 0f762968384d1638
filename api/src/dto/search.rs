//! What search finds: evaluations across periods and units, with the unit they were made in.

use domain::rank::Rank;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::evaluations::TotalsView;
use super::people::PersonSummary;

/// A unit in brief.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitBrief {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// `city`, `agency`, `district`, `commune` or `department`.
    pub level: String,
    /// `party`, `government`, `elected` or `front`.
    pub bloc: String,
}

impl UnitBrief {
    pub fn of(unit: &persistence::models::org::Unit) -> Self {
        Self {
            id: unit.id,
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level.clone(),
            bloc: unit.bloc.clone(),
        }
    }
}

/// One evaluation found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationHit {
    pub id: Uuid,
    pub person: PersonSummary,
    /// The unit the person was evaluated in.
    pub unit: UnitBrief,
    pub period: String,
    pub state: String,
    pub form_code: i16,
    pub totals: TotalsView,
    #[schema(value_type = Option<String>)]
    pub rank_self: Option<Rank>,
    #[schema(value_type = Option<String>)]
    pub rank_by_points: Option<Rank>,
    #[schema(value_type = Option<String>)]
    pub rank_final: Option<Rank>,
    /// Qualified for A by points, ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu").
    pub qualified_a_ranked_b: bool,
    /// A knock-out forced the rank to D.
    pub knocked_out: bool,
    /// A step was done after its deadline, under a personal extension.
    pub late: bool,
}

/// A page of evaluations found.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationSearchPage {
    pub items: Vec<EvaluationHit>,
    /// Give it back as `cursor` (with the same filters and sort) for the next page.
    pub next_cursor: Option<String>,
}

/// One person found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonHit {
    pub person: PersonSummary,
    pub external_id: Option<String>,
    pub active: bool,
    /// The unit of the person's post.
    pub unit: UnitBrief,
}

/// A page of people found, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSearchPage {
    pub items: Vec<PersonHit>,
    /// Give it back as `cursor` (with the same filters) for the next page.
    pub next_cursor: Option<String>,
}
