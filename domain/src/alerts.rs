//! Alerts ("cảnh báo", Điều 5.4): which reminders are due, for whom, computed from a period's
//! calendar, the instant and an evaluation's state. Each alert names a cause and an escalation
//! level; the caller sends each (person, cause, period, level) once, so a reminder never
//! repeats and never floods. After a deadline an alert escalates one level every
//! [`ESCALATION_STEP`]: for an evaluation waiting on its reviewer, to the decider, then the unit
//! head, then the unit administrator.

use chrono::{DateTime, Duration, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::calendar::PeriodCalendar;
use crate::workflow::State;

/// How long before the self-assessment closes the "closes soon" reminder is due.
pub const CLOSING_SOON: Duration = Duration::days(2);
/// Time between two escalation levels after a deadline.
pub const ESCALATION_STEP: Duration = Duration::days(2);
/// How long before an account expires its holder is told.
pub const ACCOUNT_EXPIRY_NOTICE: Duration = Duration::days(7);

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The month's work plan is not entered by its due date (Điều 12.1).
    PlanMissing,
    /// The self-assessment window is open and the person has not submitted.
    SelfWindowOpen,
    /// The self-assessment closes within [`CLOSING_SOON`] and the person has not submitted.
    SelfClosingSoon,
    /// The self-assessment closed without a submission (the decider may still decide).
    SelfMissed,
    /// A self-assessment waits for its reviewer's comments.
    ReviewWaiting,
    /// An evaluation waits for the decision of the competent level.
    DecisionWaiting,
    /// The unit has not published the month.
    UnitUnpublished,
    /// A quota group has more A than its quota allows (publication is refused until lowered).
    GroupOverQuota,
    /// A sign-in account expires soon.
    AccountExpiring,
}

/// Who receives an alert, relative to the evaluation or the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The person evaluated (or the account's holder).
    Person,
    /// The evaluation's reviewer.
    Reviewer,
    /// The evaluation's decider.
    Decider,
    /// The head (or acting head) of the publishing unit.
    UnitHead,
    /// The publishing unit's administrator.
    UnitAdmin,
}

/// One due alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// What it is about.
    pub cause: Cause,
    /// 0 before or at the deadline; 1, 2, … after it, one more every [`ESCALATION_STEP`].
    pub level: u8,
    /// Who receives it.
    pub recipient: Recipient,
    /// The deadline it is about.
    pub deadline: DateTime<FixedOffset>,
}

/// What the alerts need to know of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationFacts {
    /// Its state.
    pub state: State,
    /// Whether a reviewer comments before the decision.
    pub has_reviewer: bool,
    /// Whether the person has entered a work plan for the month.
    pub has_plan: bool,
    /// The latest personal extension of the self-assessment, if any.
    pub self_extended_until: Option<DateTime<FixedOffset>>,
}

/// The escalation chain after a deadline, lowest level first.
fn escalations(
    cause: Cause,
    deadline: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    chain: &[Recipient],
) -> Vec<Alert> {
    chain
        .iter()
        .enumerate()
        .filter(|(level, _)| {
            let steps = i32::try_from(*level).unwrap_or(i32::MAX).saturating_sub(1);
            *level == 0 || now >= deadline + ESCALATION_STEP * steps.max(0)
        })
        .map(|(level, recipient)| Alert {
            cause,
            level: u8::try_from(level).unwrap_or(u8::MAX),
            recipient: *recipient,
            deadline,
        })
        .collect()
}

/// The alerts due at `now` for one evaluation of the calendar's period.
pub fn for_evaluation(
    calendar: &PeriodCalendar,
    now: DateTime<FixedOffset>,
    facts: EvaluationFacts,
) -> Vec<Alert> {
    let mut due = Vec::new();
    let self_closes = facts
        .self_extended_until
        .map_or(calendar.self_closes, |until| {
            until.max(calendar.self_closes)
        });
    let draft = facts.state == State::Draft;
    let person = |cause, deadline| Alert {
        cause,
        level: 0,
        recipient: Recipient::Person,
        deadline,
    };
    if draft && !facts.has_plan && now >= calendar.plan_due && now < self_closes {
        due.push(person(Cause::PlanMissing, calendar.plan_due));
    }
    if draft && now >= calendar.self_opens && now < self_closes {
        due.push(person(Cause::SelfWindowOpen, self_closes));
        if now >= self_closes - CLOSING_SOON {
            due.push(person(Cause::SelfClosingSoon, self_closes));
        }
    }
    if draft && now >= self_closes {
        due.extend(escalations(
            Cause::SelfMissed,
            self_closes,
            now,
            &[Recipient::Person, Recipient::Decider],
        ));
    }
    let decision_closes = calendar.decision_closes;
    match facts.state {
        State::SelfSubmitted if facts.has_reviewer => due.extend(escalations(
            Cause::ReviewWaiting,
            decision_closes,
            now,
            &[
                Recipient::Reviewer,
                Recipient::Decider,
                Recipient::UnitHead,
                Recipient::UnitAdmin,
            ],
        )),
        State::SelfSubmitted | State::Reviewed => due.extend(escalations(
            Cause::DecisionWaiting,
            decision_closes,
            now,
            &[
                Recipient::Decider,
                Recipient::UnitHead,
                Recipient::UnitAdmin,
            ],
        )),
        State::Draft if now >= self_closes => due.extend(escalations(
            Cause::DecisionWaiting,
            decision_closes,
            now,
            &[
                Recipient::Decider,
                Recipient::UnitHead,
                Recipient::UnitAdmin,
            ],
        )),
        _ => {}
    }
    // Level 0 is due once the step is waiting; the escalations only after the deadline.
    due.retain(|a| a.level == 0 || now >= a.deadline);
    due
}

/// The alerts due at `now` for a publishing unit's month that is not wholly published: from the
/// end of the decisions to the unit head, and after the publication deadline to the
/// administrator.
pub fn for_unpublished_unit(calendar: &PeriodCalendar, now: DateTime<FixedOffset>) -> Vec<Alert> {
    if now < calendar.decision_closes {
        return Vec::new();
    }
    let deadline = calendar.publication_closes;
    let mut due = vec![Alert {
        cause: Cause::UnitUnpublished,
        level: 0,
        recipient: Recipient::UnitHead,
        deadline,
    }];
    if now >= deadline {
        due.push(Alert {
            cause: Cause::UnitUnpublished,
            level: 1,
            recipient: Recipient::UnitAdmin,
            deadline,
        });
    }
    due
}

/// The alert due at `now` for a unit with a quota group over its quota on A: to the unit head,
/// who must lower ranks before publishing (Điều 13.1), from the opening of the decisions.
pub fn for_group_over_quota(
    calendar: &PeriodCalendar,
    now: DateTime<FixedOffset>,
) -> Option<Alert> {
    (now >= calendar.self_opens).then_some(Alert {
        cause: Cause::GroupOverQuota,
        level: 0,
        recipient: Recipient::UnitHead,
        deadline: calendar.publication_closes,
    })
}

/// The alert due at `now` for an account valid until `valid_until`: within
/// [`ACCOUNT_EXPIRY_NOTICE`] before it, to its holder.
pub fn for_account(
    valid_until: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Option<Alert> {
    (now < valid_until && now >= valid_until - ACCOUNT_EXPIRY_NOTICE).then_some(Alert {
        cause: Cause::AccountExpiring,
        level: 0,
        recipient: Recipient::Person,
        deadline: valid_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Period;
    use crate::calendar::hanoi_midnight;

    fn november() -> PeriodCalendar {
        PeriodCalendar::default_for(Period::new(2026, 11).unwrap())
    }

    fn day(d: u32, month: u32) -> DateTime<FixedOffset> {
        hanoi_midnight(chrono::NaiveDate::from_ymd_opt(2026, month, d).unwrap())
            + Duration::hours(9)
    }

    fn facts(state: State) -> EvaluationFacts {
        EvaluationFacts {
            state,
            has_reviewer: true,
            has_plan: true,
            self_extended_until: None,
        }
    }

    fn causes(alerts: &[Alert]) -> Vec<(Cause, u8, Recipient)> {
        alerts
            .iter()
            .map(|a| (a.cause, a.level, a.recipient))
            .collect()
    }

    #[test]
    fn a_draft_is_reminded_when_the_window_opens_closes_soon_and_has_closed() {
        let c = november();
        let draft = facts(State::Draft);
        assert!(for_evaluation(&c, day(10, 11), draft).is_empty());
        assert_eq!(
            causes(&for_evaluation(&c, day(20, 11), draft)),
            [(Cause::SelfWindowOpen, 0, Recipient::Person)]
        );
        assert_eq!(
            causes(&for_evaluation(&c, day(23, 11), draft)),
            [
                (Cause::SelfWindowOpen, 0, Recipient::Person),
                (Cause::SelfClosingSoon, 0, Recipient::Person)
            ]
        );
        // Closed without submission: the person, the decider (who may still decide).
        assert_eq!(
            causes(&for_evaluation(&c, day(25, 11), draft)),
            [
                (Cause::SelfMissed, 0, Recipient::Person),
                (Cause::SelfMissed, 1, Recipient::Decider),
                (Cause::DecisionWaiting, 0, Recipient::Decider)
            ]
        );
    }

    #[test]
    fn an_extension_keeps_the_window_open_for_the_person() {
        let c = november();
        let extended = EvaluationFacts {
            self_extended_until: Some(day(27, 11)),
            ..facts(State::Draft)
        };
        assert_eq!(
            causes(&for_evaluation(&c, day(25, 11), extended)),
            [
                (Cause::SelfWindowOpen, 0, Recipient::Person),
                (Cause::SelfClosingSoon, 0, Recipient::Person)
            ]
        );
    }

    #[test]
    fn a_missing_plan_is_reminded_after_its_due_date() {
        let c = november();
        let no_plan = EvaluationFacts {
            has_plan: false,
            ..facts(State::Draft)
        };
        assert!(for_evaluation(&c, day(5, 11), no_plan).is_empty());
        assert_eq!(
            causes(&for_evaluation(&c, day(6, 11), no_plan)),
            [(Cause::PlanMissing, 0, Recipient::Person)]
        );
    }

    #[test]
    fn waiting_work_escalates_one_level_every_two_days_after_the_deadline() {
        let c = november();
        let waiting = facts(State::SelfSubmitted);
        assert_eq!(
            causes(&for_evaluation(&c, day(26, 11), waiting)),
            [(Cause::ReviewWaiting, 0, Recipient::Reviewer)]
        );
        assert_eq!(
            causes(&for_evaluation(&c, day(28, 11), waiting)),
            [
                (Cause::ReviewWaiting, 0, Recipient::Reviewer),
                (Cause::ReviewWaiting, 1, Recipient::Decider)
            ]
        );
        assert_eq!(
            causes(&for_evaluation(&c, day(30, 11), waiting)).len(),
            3,
            "the unit head two days later"
        );
        assert_eq!(
            causes(&for_evaluation(&c, day(2, 12), waiting))[3],
            (Cause::ReviewWaiting, 3, Recipient::UnitAdmin)
        );
        let reviewed = facts(State::Reviewed);
        assert_eq!(
            causes(&for_evaluation(&c, day(28, 11), reviewed)),
            [
                (Cause::DecisionWaiting, 0, Recipient::Decider),
                (Cause::DecisionWaiting, 1, Recipient::UnitHead)
            ]
        );
        assert!(for_evaluation(&c, day(28, 11), facts(State::Decided)).is_empty());
    }

    #[test]
    fn an_unpublished_unit_is_told_then_its_administrator() {
        let c = november();
        assert!(for_unpublished_unit(&c, day(27, 11)).is_empty());
        assert_eq!(
            causes(&for_unpublished_unit(&c, day(28, 11))),
            [(Cause::UnitUnpublished, 0, Recipient::UnitHead)]
        );
        assert_eq!(
            causes(&for_unpublished_unit(&c, day(5, 12))),
            [
                (Cause::UnitUnpublished, 0, Recipient::UnitHead),
                (Cause::UnitUnpublished, 1, Recipient::UnitAdmin)
            ]
        );
    }

    #[test]
    fn a_group_over_quota_is_told_to_the_unit_head_once_decisions_open() {
        let c = november();
        assert_eq!(for_group_over_quota(&c, day(10, 11)), None);
        assert_eq!(
            for_group_over_quota(&c, day(26, 11)).map(|a| (a.cause, a.recipient)),
            Some((Cause::GroupOverQuota, Recipient::UnitHead))
        );
    }

    #[test]
    fn an_account_is_told_a_week_before_it_expires() {
        let until = day(20, 12);
        assert_eq!(for_account(until, day(12, 12)), None);
        assert_eq!(
            for_account(until, day(13, 12)).map(|a| a.cause),
            Some(Cause::AccountExpiring)
        );
        assert_eq!(for_account(until, day(21, 12)), None);
    }
}
