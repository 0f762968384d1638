//! What the work plan ("kế hoạch công tác", Điều 12.1) feeds into the evaluation.

use diesel::PgConnection;
use domain::Period;
use domain::criteria::Percent;
use domain::plan::{self, ItemStatus};
use persistence::convert::parse_enum;
use persistence::queries::plans as store;
use uuid::Uuid;

use crate::error::ApiError;

/// The month's completion share from a person's plan items, if anything was planned.
pub fn completion(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
) -> Result<Option<Percent>, ApiError> {
    completion_of(
        statuses(conn, person_id, period)?
            .iter()
            .map(String::as_str),
    )
}

/// The statuses of a person's plan items for the month, as stored.
pub fn statuses(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
) -> Result<Vec<String>, ApiError> {
    Ok(store::items(conn, person_id, &period.to_string())?
        .into_iter()
        .map(|i| i.status)
        .collect())
}

/// [`completion`] from the statuses of the month's plan items, as stored.
pub fn completion_of<'a>(
    statuses: impl IntoIterator<Item = &'a str>,
) -> Result<Option<Percent>, ApiError> {
    let statuses = statuses
        .into_iter()
        .map(parse_enum::<ItemStatus>)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(plan::completion(&statuses))
}
