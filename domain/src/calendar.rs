//! The monthly calendar (Điều 12) in Hanoi time, a fixed UTC+7 with no daylight saving.
//!
//! Every deadline is an instant; "before the 25th" closes at the 25th 00:00 +07:00, exclusive.

use crate::ids::{PersonId, UnitId};
use crate::period::Period;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// Hanoi's offset, UTC+7 ("Asia/Ho_Chi_Minh" has had no DST since 1975).
pub const HANOI: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Midnight at the start of `date`, Hanoi time.
pub fn hanoi_midnight(date: NaiveDate) -> DateTime<FixedOffset> {
    let local = date.and_time(NaiveTime::MIN);
    DateTime::from_naive_utc_and_offset(local - TimeDelta::hours(7), HANOI)
}

/// A step of the month with a time window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Monthly work plan ("kế hoạch công tác tháng", Điều 12.1).
    Plan,
    /// Self-assessment ("tự đánh giá", Điều 12.2).
    #[serde(rename = "self")]
    SelfAssessment,
    /// Reviewer's comments and scores.
    Review,
    /// Decision by the competent level ("xem xét, quyết định", Điều 12.3).
    Decision,
    /// Publication of results ("thông báo công khai", Điều 12.4).
    Publication,
}

/// A period's windows (`GET /periods/{YYYY-MM}`); each step is open from its opening instant
/// (inclusive) to its closing instant (exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCalendar {
    /// The month.
    pub period: Period,
    /// Opening of plan entry: the first day of the month.
    pub plan_opens: DateTime<FixedOffset>,
    /// End of plan entry (default: the end of the 5th).
    pub plan_due: DateTime<FixedOffset>,
    /// Self-assessment opens (default the 20th; December the 8th).
    pub self_opens: DateTime<FixedOffset>,
    /// Self-assessment closes (default the 25th; December the 12th).
    pub self_closes: DateTime<FixedOffset>,
    /// Review and decision close (default the 28th; December the 14th).
    pub decision_closes: DateTime<FixedOffset>,
    /// Publication closes (default the 5th of the next month; December the 15th).
    pub publication_closes: DateTime<FixedOffset>,
}

impl PeriodCalendar {
    /// The default windows of Điều 12 for `period`: plan by the end of the 5th; self-assessment
    /// from the 20th to before the 25th; review and decision before the 28th; publication before
    /// the 5th of the next month. December (Điều 12, "Lưu ý": done before 15 December): self
    /// 8th to before the 12th, decision before the 14th, publication before the 15th.
    pub fn default_for(period: Period) -> Self {
        let at = |d: NaiveDate| hanoi_midnight(d);
        let (self_opens, self_closes, decision_closes, publication_closes) = if period.is_december()
        {
            (
                period.day(8),
                period.day(12),
                period.day(14),
                period.day(15),
            )
        } else {
            (
                period.day(20),
                period.day(25),
                period.day(28),
                period.next().day(5),
            )
        };
        Self {
            period,
            plan_opens: at(period.first_day()),
            plan_due: at(period.day(6)),
            self_opens: at(self_opens),
            self_closes: at(self_closes),
            decision_closes: at(decision_closes),
            publication_closes: at(publication_closes),
        }
    }

    /// The window of a step: `(opens, closes)`. Review, decision and publication open with the
    /// self-assessment (the decider may decide for someone who did not self-assess).
    pub fn window(&self, step: Step) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
        match step {
            Step::Plan => (self.plan_opens, self.plan_due),
            Step::SelfAssessment => (self.self_opens, self.self_closes),
            Step::Review | Step::Decision => (self.self_opens, self.decision_closes),
            Step::Publication => (self.self_opens, self.publication_closes),
        }
    }

    /// This calendar with an override's fields applied.
    pub fn with(&self, o: &CalendarOverride) -> Self {
        Self {
            period: self.period,
            plan_opens: self.plan_opens,
            plan_due: o.plan_due.unwrap_or(self.plan_due),
            self_opens: o.self_opens.unwrap_or(self.self_opens),
            self_closes: o.self_closes.unwrap_or(self.self_closes),
            decision_closes: o.decision_closes.unwrap_or(self.decision_closes),
            publication_closes: o.publication_closes.unwrap_or(self.publication_closes),
        }
    }
}

/// The end of the year's work (Điều 12, "Lưu ý": December's evaluation is done before
/// 15 December): 15 December 00:00 Hanoi time for a December period, `None` for other months.
pub fn year_end(period: Period) -> Option<DateTime<FixedOffset>> {
    period.is_december().then(|| hanoi_midnight(period.day(15)))
}

/// True when `instant`, as a closing instant (exclusive) of `period`, lets December's work
/// finish on or after 15 December (Điều 12 "Lưu ý"); a close at 15 December 00:00 ends the work
/// on the 14th and is allowed.
pub fn past_year_end(period: Period, instant: DateTime<FixedOffset>) -> bool {
    year_end(period).is_some_and(|end| instant > end)
}

/// Where an override applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "unit_id", rename_all = "snake_case")]
pub enum OverrideScope {
    /// The whole system for that period (`PATCH /periods/{YYYY-MM}`).
    All,
    /// A unit and everything below it.
    Subtree(UnitId),
}

/// A change of some of a period's dates (holidays, Tết), by an admin (DESIGN 2.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOverride {
    /// The period changed.
    pub period: Period,
    /// Where it applies.
    pub scope: OverrideScope,
    /// New plan due instant.
    pub plan_due: Option<DateTime<FixedOffset>>,
    /// New self-assessment opening.
    pub self_opens: Option<DateTime<FixedOffset>>,
    /// New self-assessment closing.
    pub self_closes: Option<DateTime<FixedOffset>>,
    /// New decision closing.
    pub decision_closes: Option<DateTime<FixedOffset>>,
    /// New publication closing.
    pub publication_closes: Option<DateTime<FixedOffset>>,
}

/// The calendar of `period` for a person in a unit whose ancestry is `unit_and_ancestors`
/// (the unit first, then its parent, … up to the root): defaults, then the period-wide
/// override, then subtree overrides from the farthest ancestor to the unit itself, so the
/// nearest one wins (DESIGN 2.3).
pub fn resolve(
    period: Period,
    overrides: &[CalendarOverride],
    unit_and_ancestors: &[UnitId],
) -> PeriodCalendar {
    let mut cal = PeriodCalendar::default_for(period);
    let mine = overrides.iter().filter(|o| o.period == period);
    for o in mine.clone().filter(|o| o.scope == OverrideScope::All) {
        cal = cal.with(o);
    }
    for unit in unit_and_ancestors.iter().rev() {
        for o in mine
            .clone()
            .filter(|o| o.scope == OverrideScope::Subtree(*unit))
        {
            cal = cal.with(o);
        }
    }
    cal
}

/// A personal extension of a step's closing (`POST /periods/{YYYY-MM}/extensions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Who.
    pub person_id: PersonId,
    /// Which period.
    pub period: Period,
    /// Which step.
    pub step: Step,
    /// New closing instant (exclusive).
    pub until: DateTime<FixedOffset>,
}

/// Whether a step is open at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StepStatus {
    /// Open until `closes` (exclusive); `extended` when a personal extension keeps it open.
    Open {
        /// Closing instant.
        closes: DateTime<FixedOffset>,
        /// Open only thanks to an extension.
        extended: bool,
    },
    /// Not open yet.
    NotYetOpen {
        /// Opening instant.
        opens: DateTime<FixedOffset>,
    },
    /// Closed.
    Closed {
        /// Closing instant.
        closed: DateTime<FixedOffset>,
    },
}

impl StepStatus {
    /// True when open.
    pub fn is_open(self) -> bool {
        matches!(self, StepStatus::Open { .. })
    }
}

/// Why a step is not open (API code `window_closed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum WindowError {
    /// Before the window.
    #[error("step {step:?} opens at {opens}")]
    NotYetOpen {
        /// The step.
        step: Step,
        /// When it opens.
        opens: DateTime<FixedOffset>,
    },
    /// After the window, with no extension.
    #[error("step {step:?} closed at {closed}")]
    Closed {
        /// The step.
        step: Step,
        /// When it closed.
        closed: DateTime<FixedOffset>,
    },
}

/// Whether `step` is open for `person` at `now` (Điều 12; DESIGN 2.3): inside the window, or
/// after it but before the latest personal extension for that person, period and step.
pub fn step_status(
    cal: &PeriodCalendar,
    step: Step,
    person: PersonId,
    extensions: &[Extension],
    now: DateTime<FixedOffset>,
) -> StepStatus {
    let (opens, closes) = cal.window(step);
    if now < opens {
        return StepStatus::NotYetOpen { opens };
    }
    if now < closes {
        return StepStatus::Open {
            closes,
            extended: false,
        };
    }
    let extended = extensions
        .iter()
        .filter(|e| e.person_id == person && e.period == cal.period && e.step == step)
        .map(|e| e.until)
        .max();
    match extended {
        Some(until) if now < until => StepStatus::Open {
            closes: until,
            extended: true,
        },
        _ => StepStatus::Closed {
            closed: extended.map_or(closes, |u| u.max(closes)),
        },
    }
}

/// [`step_status`] as a `Result`, with the reason when the step is not open.
pub fn check_open(
    cal: &PeriodCalendar,
    step: Step,
    person: PersonId,
    extensions: &[Extension],
    now: DateTime<FixedOffset>,
) -> Result<(), WindowError> {
    match step_status(cal, step, person, extensions, now) {
        StepStatus::Open { .. } => Ok(()),
        StepStatus::NotYetOpen { opens } => Err(WindowError::NotYetOpen { step, opens }),
        StepStatus::Closed { closed } => Err(WindowError::Closed { step, closed }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use uuid::Uuid;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    const ME: PersonId = PersonId(Uuid::from_u128(1));

    #[test]
    fn default_windows() {
        let cal = PeriodCalendar::default_for(p("2024-03"));
        assert_eq!(cal.self_opens, at("2024-03-20T00:00:00+07:00"));
        assert_eq!(cal.self_closes, at("2024-03-25T00:00:00+07:00"));
        assert_eq!(cal.decision_closes, at("2024-03-28T00:00:00+07:00"));
        assert_eq!(cal.publication_closes, at("2024-04-05T00:00:00+07:00"));
        assert_eq!(cal.plan_due, at("2024-03-06T00:00:00+07:00"));
        assert_eq!(cal.self_closes, at("2024-03-24T17:00:00Z"));
        let jan = PeriodCalendar::default_for(p("2024-11"));
        assert_eq!(jan.publication_closes, at("2024-12-05T00:00:00+07:00"));
    }

    #[test]
    fn self_window_boundaries() {
        let cal = PeriodCalendar::default_for(p("2024-03"));
        let open = |t| check_open(&cal, Step::SelfAssessment, ME, &[], at(t));
        assert!(open("2024-03-24T23:59:59+07:00").is_ok());
        assert!(open("2024-03-20T00:00:00+07:00").is_ok());
        assert!(matches!(
            open("2024-03-25T00:00:00+07:00"),
            Err(WindowError::Closed { .. })
        ));
        assert!(matches!(
            open("2024-03-19T23:59:59+07:00"),
            Err(WindowError::NotYetOpen { .. })
        ));
        // 17:00 UTC on the 24th is midnight in Hanoi.
        assert!(open("2024-03-24T16:59:59Z").is_ok());
        assert!(open("2024-03-24T17:00:00Z").is_err());
    }

    #[test]
    fn december_work_ends_before_the_15th() {
        let dec: Period = "2024-12".parse().unwrap();
        let cal = PeriodCalendar::default_for(dec);
        // The defaults end the work before the 15th.
        for step in [
            Step::Plan,
            Step::SelfAssessment,
            Step::Decision,
            Step::Publication,
        ] {
            assert!(!past_year_end(dec, cal.window(step).1), "{step:?}");
        }
        let end = hanoi_midnight(dec.day(15));
        assert!(!past_year_end(dec, end));
        assert!(past_year_end(dec, end + TimeDelta::minutes(1)));
        // Other months are free.
        let nov: Period = "2024-11".parse().unwrap();
        assert!(!past_year_end(nov, hanoi_midnight(nov.day(28))));
    }

    #[test]
    fn december() {
        let cal = PeriodCalendar::default_for(p("2024-12"));
        let st = |s, t| step_status(&cal, s, ME, &[], at(t)).is_open();
        assert!(st(Step::SelfAssessment, "2024-12-08T00:00:00+07:00"));
        assert!(st(Step::SelfAssessment, "2024-12-11T23:59:59+07:00"));
        assert!(!st(Step::SelfAssessment, "2024-12-12T00:00:00+07:00"));
        assert!(st(Step::Decision, "2024-12-13T23:59:59+07:00"));
        assert!(!st(Step::Decision, "2024-12-14T00:00:00+07:00"));
        assert!(st(Step::Publication, "2024-12-14T23:59:59+07:00"));
        assert!(!st(Step::Publication, "2024-12-15T00:00:00+07:00"));
    }

    #[test]
    fn personal_extension() {
        let cal = PeriodCalendar::default_for(p("2024-03"));
        let ext = Extension {
            person_id: ME,
            period: p("2024-03"),
            step: Step::SelfAssessment,
            until: at("2024-03-27T00:00:00+07:00"),
        };
        let now = at("2024-03-26T10:00:00+07:00");
        let s = step_status(
            &cal,
            Step::SelfAssessment,
            ME,
            std::slice::from_ref(&ext),
            now,
        );
        assert_eq!(
            s,
            StepStatus::Open {
                closes: ext.until,
                extended: true
            }
        );
        let other = PersonId(Uuid::from_u128(2));
        assert!(
            !step_status(
                &cal,
                Step::SelfAssessment,
                other,
                std::slice::from_ref(&ext),
                now
            )
            .is_open()
        );
        assert!(
            !step_status(
                &cal,
                Step::Decision,
                ME,
                std::slice::from_ref(&ext),
                at("2024-03-28T00:00:00+07:00")
            )
            .is_open()
        );
        let later = at("2024-03-27T00:00:00+07:00");
        assert_eq!(
            check_open(&cal, Step::SelfAssessment, ME, &[ext], later),
            Err(WindowError::Closed {
                step: Step::SelfAssessment,
                closed: later
            })
        );
    }

    #[test]
    fn overrides_nearest_subtree_wins() {
        let root = UnitId(Uuid::from_u128(10));
        let district = UnitId(Uuid::from_u128(11));
        let commune = UnitId(Uuid::from_u128(12));
        let period = p("2025-01");
        let mk = |scope, day: &str| CalendarOverride {
            period,
            scope,
            plan_due: None,
            self_opens: None,
            self_closes: Some(at(day)),
            decision_closes: None,
            publication_closes: None,
        };
        let overrides = vec![
            mk(OverrideScope::Subtree(commune), "2025-01-27T00:00:00+07:00"),
            mk(OverrideScope::All, "2025-01-22T00:00:00+07:00"),
            mk(
                OverrideScope::Subtree(district),
                "2025-01-26T00:00:00+07:00",
            ),
        ];
        let cal = resolve(period, &overrides, &[commune, district, root]);
        assert_eq!(cal.self_closes, at("2025-01-27T00:00:00+07:00"));
        let cal = resolve(period, &overrides, &[district, root]);
        assert_eq!(cal.self_closes, at("2025-01-26T00:00:00+07:00"));
        let cal = resolve(period, &overrides, &[root]);
        assert_eq!(cal.self_closes, at("2025-01-22T00:00:00+07:00"));
        let cal = resolve(p("2025-02"), &overrides, &[commune, district, root]);
        assert_eq!(cal, PeriodCalendar::default_for(p("2025-02")));
    }

    #[test]
    fn serde_spellings() {
        assert_eq!(
            serde_json::to_string(&Step::SelfAssessment).unwrap(),
            "\"self\""
        );
        let cal = PeriodCalendar::default_for(p("2024-03"));
        let v = serde_json::to_value(&cal).unwrap();
        assert_eq!(v["period"], "2024-03");
        assert_eq!(v["self_closes"], "2024-03-25T00:00:00+07:00");
    }
}
