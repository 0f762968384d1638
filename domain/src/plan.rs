//! Work plans (Điều 12.1): the month's completion share that the `completion_band` criterion
//! follows (DESIGN 2.1).

use serde::{Deserialize, Serialize};

use crate::criteria::Percent;

/// What happened to a planned item (monthly plan, weekly schedule or ad-hoc task).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Done on time and with the expected quality.
    Done,
    /// Done, but late or below the expected quality.
    Late,
    /// Dropped by decision; not counted.
    Cancelled,
}

/// The share of the month's work completed: items done on time and with quality over items
/// planned, ad-hoc tasks included and cancelled items left out (DESIGN 2.1, Điều 12.1).
/// `None` when nothing was planned: the evaluation is then flagged "no plan".
pub fn completion(statuses: &[ItemStatus]) -> Option<Percent> {
    let counted = statuses
        .iter()
        .filter(|s| **s != ItemStatus::Cancelled)
        .count();
    if counted == 0 {
        return None;
    }
    let done = statuses.iter().filter(|s| **s == ItemStatus::Done).count();
    Some(Percent::from_ratio(
        u32::try_from(done).unwrap_or(u32::MAX),
        u32::try_from(counted).unwrap_or(u32::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::ItemStatus::*;
    use super::*;

    #[test]
    fn done_on_time_over_planned_without_cancelled() {
        assert_eq!(completion(&[]), None);
        assert_eq!(completion(&[Cancelled]), None);
        assert_eq!(
            completion(&[Done, Done, Late, Planned]),
            Some(Percent::whole(50))
        );
        assert_eq!(
            completion(&[Done, Cancelled, Done, InProgress, Done]),
            Some(Percent::whole(75))
        );
        assert_eq!(completion(&[Done; 9]), Some(Percent::whole(100)));
    }
}
