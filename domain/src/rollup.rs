//! Yearly roll-up (DESIGN 2.6; context notes §6, not in the regulation itself): the average of
//! the monthly decided totals over the months actually worked, ranked with the same bands
//! (Điều 13.1), knock-outs and quota.

use crate::period::Period;
use crate::rank::{KnockOut, RankBands, RankOutcome, rank};
use crate::score::Points;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One month of a person's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthResult {
    /// The month.
    pub period: Period,
    /// The decided total, if the month was decided.
    pub decided_total: Option<Points>,
    /// False for months not worked (leave, before joining): they do not count.
    pub worked: bool,
    /// Knock-outs recorded that month.
    #[serde(default)]
    pub knock_outs: Vec<KnockOut>,
}

/// Roll-up settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollupPolicy {
    /// Fewest months counted for a yearly rank (0: any).
    pub min_months: u32,
    /// Whether a monthly knock-out forces a yearly D (NĐ 48/2023: discipline in the year).
    pub knock_outs_carry: bool,
}

impl Default for RollupPolicy {
    fn default() -> Self {
        Self {
            min_months: 1,
            knock_outs_carry: true,
        }
    }
}

/// A person's yearly result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearResult {
    /// Average of the counted months, rounded half away from zero to one decimal.
    pub average: Points,
    /// Months counted.
    pub months_counted: u32,
    /// Rank before the quota (feed it to [`crate::quota`] with the group's other members).
    pub rank: RankOutcome,
}

/// The average of the decided totals of the months worked, to one decimal (half away from
/// zero), or `None` if no month counts.
pub fn average(months: &[MonthResult]) -> Option<(Points, u32)> {
    let totals: Vec<Decimal> = months
        .iter()
        .filter(|m| m.worked)
        .filter_map(|m| m.decided_total.map(Points::value))
        .collect();
    let n = u32::try_from(totals.len()).ok().filter(|n| *n > 0)?;
    let mean = totals.iter().sum::<Decimal>() / Decimal::from(n);
    let mean = mean.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    Some((Points::clamp_decimal(mean, Points::HUNDRED), n))
}

/// The yearly result (DESIGN 2.6): average over months worked, then bands and knock-outs.
/// `None` when fewer than `min_months` months count.
pub fn year_result(
    policy: &RollupPolicy,
    bands: &RankBands,
    months: &[MonthResult],
) -> Option<YearResult> {
    let (avg, n) = average(months)?;
    if n < policy.min_months {
        return None;
    }
    let knock_outs: Vec<KnockOut> = if policy.knock_outs_carry {
        months
            .iter()
            .flat_map(|m| m.knock_outs.iter().cloned())
            .collect()
    } else {
        Vec::new()
    };
    Some(YearResult {
        average: avg,
        months_counted: n,
        rank: rank(bands, avg, &knock_outs),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::rank::Rank;

    fn m(month: u32, total: Option<&str>, worked: bool) -> MonthResult {
        MonthResult {
            period: Period::new(2024, month).unwrap(),
            decided_total: total.map(|t| Points::parse(t).unwrap()),
            worked,
            knock_outs: vec![],
        }
    }

    #[test]
    fn averages_months_worked() {
        let months = [
            m(1, Some("92"), true),
            m(2, Some("89"), true),
            m(3, None, false),
            m(4, Some("10"), false),
        ];
        let y = year_result(&RollupPolicy::default(), &RankBands::default(), &months).unwrap();
        assert_eq!(
            (y.average, y.months_counted, y.rank.rank),
            (Points::tenths(905), 2, Rank::A)
        );
        let months = [
            m(1, Some("89.9"), true),
            m(2, Some("89.9"), true),
            m(3, Some("90"), true),
        ];
        // 269.8 / 3 = 89.933… → 89.9
        assert_eq!(average(&months).unwrap().0, Points::tenths(899));
        assert!(average(&[m(1, None, true)]).is_none());
    }

    #[test]
    fn knock_out_in_any_month_carries() {
        let mut months = vec![m(1, Some("95"), true), m(2, Some("95"), true)];
        months[1].knock_outs.push(KnockOut {
            code: "disciplinary_measure".into(),
            evidence_ref: "QĐ 3".into(),
        });
        let y = year_result(&RollupPolicy::default(), &RankBands::default(), &months).unwrap();
        assert_eq!(y.rank.rank, Rank::D);
        let lenient = RollupPolicy {
            knock_outs_carry: false,
            ..RollupPolicy::default()
        };
        assert_eq!(
            year_result(&lenient, &RankBands::default(), &months)
                .unwrap()
                .rank
                .rank,
            Rank::A
        );
        let strict = RollupPolicy {
            min_months: 6,
            ..RollupPolicy::default()
        };
        assert!(year_result(&strict, &RankBands::default(), &months).is_none());
    }
}
