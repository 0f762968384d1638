//! The commendation proposal list ("danh sách đề nghị khen thưởng", Điều 13): by default the
//! month's A, editable until the unit head sends it up.

use diesel::PgConnection;
use domain::rank::Rank;
use persistence::queries::evaluations as store;

use crate::error::ApiError;
use crate::services::workflow::Loaded;

/// A corrected rank is reflected in the commendation list until the list is sent up: an A is
/// proposed by default, anything else is taken off.
pub fn follow_rank(
    conn: &mut PgConnection,
    l: &Loaded,
    rank: Option<Rank>,
) -> Result<(), ApiError> {
    let (unit, key, person) = (
        l.evaluation.publishing_unit_id,
        l.evaluation.period.clone(),
        l.person.id,
    );
    if store::commendations_sent(conn, unit, &key)?.is_some() {
        return Ok(());
    }
    let mut list = store::commendations(conn, unit, &key)?;
    let listed = list.iter().any(|(p, _)| *p == person);
    match (rank == Some(Rank::A), listed) {
        (true, false) => list.push((
            person,
            format!(
                "Hoàn thành xuất sắc nhiệm vụ tháng {:02}/{}",
                l.period.month(),
                l.period.year()
            ),
        )),
        (false, true) => list.retain(|(p, _)| *p != person),
        _ => return Ok(()),
    }
    store::set_commendations(conn, unit, &key, &list)?;
    Ok(())
}
