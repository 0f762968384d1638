//! The time business rules see (calendar windows). The system clock in production; tests set
//! it to walk through a month; demos and browser tests start it at a chosen instant
//! (`RULES_CLOCK_AT`) from which it runs on. Tokens and sessions always use the real time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use domain::Period;
use domain::calendar::HANOI;
use domain::period::PeriodError;

/// A source of "now" for rules.
#[derive(Debug, Clone, Default)]
pub struct Clock(Source);

#[derive(Debug, Clone, Default)]
enum Source {
    /// The real time.
    #[default]
    System,
    /// Stays where it was set (tests).
    Fixed(Arc<Mutex<DateTime<Utc>>>),
    /// The real time moved by a constant: started at a chosen instant, then runs on.
    Shifted {
        start: DateTime<Utc>,
        offset: TimeDelta,
    },
}

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// A clock that stays at `at` until set again (tests).
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self(Source::Fixed(Arc::new(Mutex::new(at))))
    }

    /// A clock that reads `at` now and then advances with the real time (demos).
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self(Source::Shifted {
            start: at,
            offset: at - Utc::now(),
        })
    }

    /// The clock `RULES_CLOCK_AT` asks for: starting at that instant, else the system clock.
    pub fn from_start(at: Option<DateTime<FixedOffset>>) -> Self {
        match at {
            Some(at) => Self::starting_at(at.to_utc()),
            None => Self::system(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Source::System => Utc::now(),
            Source::Fixed(fixed) => fixed
                .lock()
                .map(|at| *at)
                .unwrap_or_else(|poisoned| *poisoned.into_inner()),
            Source::Shifted { offset, .. } => Utc::now() + *offset,
        }
    }

    /// "Now" in Hanoi time (UTC+7), as the rules and the people using them read it.
    pub fn now_in_hanoi(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&HANOI)
    }

    /// The month that "now" falls in, Hanoi time (an error only outside the years supported).
    pub fn current_period(&self) -> Result<Period, PeriodError> {
        Period::containing(self.now_in_hanoi().date_naive())
    }

    /// Moves a fixed clock; does nothing to the system or a shifted clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Fixed(fixed) = &self.0 {
            match fixed.lock() {
                Ok(mut guard) => *guard = at,
                Err(poisoned) => *poisoned.into_inner() = at,
            }
        }
    }

    /// Which clock this is, for the start-up log.
    pub fn describe(&self) -> String {
        match &self.0 {
            Source::System => "the system clock".to_owned(),
            Source::Fixed(_) => format!("a fixed clock at {}", hanoi(self.now())),
            Source::Shifted { start, .. } => format!(
                "a clock that started at {} (RULES_CLOCK_AT) and runs on with real time",
                hanoi(*start)
            ),
        }
    }
}

/// An instant written in Hanoi time, to the second.
fn hanoi(at: DateTime<Utc>) -> String {
    at.with_timezone(&HANOI)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_at_its_instant_and_runs_on() {
        let start: DateTime<FixedOffset> = "2026-11-21T09:00:00+07:00".parse().unwrap();
        let clock = Clock::from_start(Some(start));
        let first = clock.now();
        assert!((first - start.to_utc()).abs() < TimeDelta::seconds(5));
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > first);
        // `set` is for fixed clocks only.
        clock.set("2020-01-01T00:00:00Z".parse().unwrap());
        assert!(clock.now() > first);
        assert_eq!(clock.current_period().unwrap().to_string(), "2026-11");
    }

    #[test]
    fn the_period_is_read_in_hanoi_time() {
        // 2026-11-30 17:30 UTC is already 1 December in Hanoi.
        let clock = Clock::fixed("2026-11-30T17:30:00Z".parse().unwrap());
        assert_eq!(clock.current_period().unwrap().to_string(), "2026-12");
        assert_eq!(
            clock.now_in_hanoi().to_rfc3339(),
            "2026-12-01T00:30:00+07:00"
        );
        assert!(Clock::system().describe().contains("system"));
        let demo = Clock::starting_at("2026-11-21T02:00:00Z".parse().unwrap());
        assert!(
            demo.describe()
                .contains("started at 2026-11-21T09:00:00+07:00"),
            "{}",
            demo.describe()
        );
    }
}
