//! The evaluation period: one calendar month, written `YYYY-MM` (Điều 12: "hằng tháng").

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Smallest supported year; keeps every date computed from a period in range.
pub const MIN_YEAR: i32 = 2000;
/// Largest supported year.
pub const MAX_YEAR: i32 = 9998;

/// A monthly evaluation period ("kỳ đánh giá hằng tháng", Điều 12).
///
/// Only valid months exist: build one with [`Period::new`] or parse `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    // Invariant: the first day of a month with year in MIN_YEAR..=MAX_YEAR.
    first: NaiveDate,
}

/// Why a period could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not of the form `YYYY-MM`.
    #[error("period must be written YYYY-MM, got {0:?}")]
    Format(String),
    /// Month outside 1..=12 or year outside the supported range.
    #[error("no such period: year {year}, month {month}")]
    OutOfRange {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
    },
}

impl Period {
    /// The period of `month` (1..=12) in `year` (2000..=9998).
    pub fn new(year: i32, month: u32) -> Result<Self, PeriodError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::OutOfRange { year, month });
        }
        NaiveDate::from_ymd_opt(year, month, 1)
            .map(|first| Self { first })
            .ok_or(PeriodError::OutOfRange { year, month })
    }

    /// The period containing `date` (if its year is supported).
    pub fn containing(date: NaiveDate) -> Result<Self, PeriodError> {
        Self::new(date.year(), date.month())
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.first.year()
    }

    /// Month, 1..=12.
    pub fn month(self) -> u32 {
        self.first.month()
    }

    /// True for December, whose evaluation ends before 15 December (Điều 12, "Lưu ý").
    pub fn is_december(self) -> bool {
        self.month() == 12
    }

    /// First day of the month.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// Last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next().first - Days::new(1)
    }

    /// Day `day` of the month, clamped to 1..=28 so it exists in every month.
    pub fn day(self, day: u32) -> NaiveDate {
        self.first + Days::new(u64::from(day.clamp(1, 28) - 1))
    }

    /// The following month. Saturates at December of [`MAX_YEAR`] + 1 (January 9999).
    pub fn next(self) -> Self {
        Self {
            first: self.first + Months::new(1),
        }
    }

    /// The preceding month.
    pub fn previous(self) -> Self {
        Self {
            first: self.first - Months::new(1),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PeriodError::Format(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Self::new(year, month)
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> Self {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn parses_and_prints() {
        let p: Period = "2024-02".parse().unwrap();
        assert_eq!((p.year(), p.month()), (2024, 2));
        assert_eq!(p.to_string(), "2024-02");
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(p.next().to_string(), "2024-03");
        assert_eq!(
            "2024-12".parse::<Period>().unwrap().next().to_string(),
            "2025-01"
        );
        assert_eq!(
            "2024-01".parse::<Period>().unwrap().previous().to_string(),
            "2023-12"
        );
    }

    #[test]
    fn rejects_bad_text() {
        for s in [
            "2024-13", "2024-00", "2024-1", "24-01", "2024/01", "abcd-ef", "", "1999-12",
        ] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
    }

    #[test]
    fn serde_as_string() {
        let p = Period::new(2025, 7).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"2025-07\"");
        let back: Period = serde_json::from_str("\"2025-07\"").unwrap();
        assert_eq!(back, p);
        assert!(serde_json::from_str::<Period>("\"2025-7\"").is_err());
    }
}
