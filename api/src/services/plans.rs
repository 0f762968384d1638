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
    let statuses = store::items(conn, person_id, &period.to_string())?
        .iter()
        .map(|i| parse_enum::<ItemStatus>(&i.status))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(plan::completion(&statuses))
}
