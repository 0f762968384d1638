//! The calendar of a period as it applies to a unit (Điều 12), and reading a period.

use diesel::PgConnection;
use domain::calendar::{self, CalendarOverride, PeriodCalendar};
use domain::{Period, UnitId};
use persistence::convert::path_ids;
use persistence::models::org::Unit;
use persistence::queries::{org, rules};
use uuid::Uuid;

use crate::error::ApiError;

/// A period from `YYYY-MM`, or a 422 on the `period` field.
pub fn parse_period(text: &str) -> Result<Period, ApiError> {
    text.parse().map_err(|_| {
        ApiError::field(
            "period",
            "invalid_period",
            "Kỳ đánh giá phải có dạng YYYY-MM.",
            "The period must be YYYY-MM.",
        )
    })
}

/// The calendar of `period` as it applies to `unit_id` (system-wide when `None`): defaults,
/// then system-wide overrides, then those of the unit's ancestors, nearest last (Điều 12).
pub fn calendar_for_unit(
    conn: &mut PgConnection,
    period: Period,
    unit_id: Option<Uuid>,
) -> Result<PeriodCalendar, ApiError> {
    let unit = match unit_id {
        Some(id) => Some(org::unit(conn, id)?),
        None => None,
    };
    calendar_for(conn, period, unit.as_ref())
}

/// [`calendar_for_unit`] for a unit already read.
pub fn calendar_for(
    conn: &mut PgConnection,
    period: Period,
    unit: Option<&Unit>,
) -> Result<PeriodCalendar, ApiError> {
    let overrides = rules::period_overrides(conn, period)?;
    calendar_with(period, &overrides, unit)
}

/// [`calendar_for`] from the month's overrides already read.
pub fn calendar_with(
    period: Period,
    overrides: &[CalendarOverride],
    unit: Option<&Unit>,
) -> Result<PeriodCalendar, ApiError> {
    let chain: Vec<UnitId> = match unit {
        Some(unit) => path_ids(&unit.path)?.into_iter().map(UnitId).collect(),
        None => Vec::new(),
    };
    Ok(calendar::resolve(period, overrides, &chain))
}
