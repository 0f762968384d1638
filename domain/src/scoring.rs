//! Scoring a form (Điều 13.1; DESIGN 2.1): three columns (self, reviewer, decider), each a
//! sheet of points per criterion, validated against the form and totalled exactly in
//! decimals, clamped to [0, 100].

use crate::criteria::{CriterionKind, Form, Percent};
use crate::score::{Points, PointsError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The three score columns of the form (the 2019 form's "Điểm cá nhân tự chấm",
/// "Trưởng phòng … đánh giá", "Cấp có thẩm quyền đánh giá").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The person's own scores ("tự chấm").
    #[serde(rename = "self")]
    SelfAssessment,
    /// The reviewer's scores (the deputy/direct leader who comments).
    Reviewer,
    /// The competent leader's scores; the rank follows from this column.
    Decider,
}

/// One score as received (before validation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawScore {
    /// Criterion id.
    pub criterion_id: String,
    /// Points as given.
    pub points: Decimal,
}

/// The completion percentage a column relies on for `completion_band` criteria.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Completion {
    /// Computed from the month's work plan; `None` when there is no plan.
    pub plan_percent: Option<Percent>,
    /// Another percentage this column states instead, with a reason.
    pub stated_percent: Option<Percent>,
    /// Why the stated percentage differs from the plan's.
    pub stated_reason: Option<String>,
}

/// A problem in a score sheet, naming the criterion (or field) concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScoreError {
    /// No criterion with this id in the form.
    #[error("unknown criterion {criterion_id:?}")]
    UnknownCriterion {
        /// The id.
        criterion_id: String,
    },
    /// A group: only leaves are scored.
    #[error("criterion {criterion_id:?} is a group; score its sub-criteria")]
    NotScorable {
        /// The id.
        criterion_id: String,
    },
    /// The same criterion twice.
    #[error("criterion {criterion_id:?} is scored twice")]
    Duplicate {
        /// The id.
        criterion_id: String,
    },
    /// Points below zero.
    #[error("points for {criterion_id:?} are negative")]
    Negative {
        /// The id.
        criterion_id: String,
    },
    /// More than one decimal place.
    #[error("points for {criterion_id:?} have more than one decimal place")]
    TooManyDecimals {
        /// The id.
        criterion_id: String,
    },
    /// More than the criterion's maximum.
    #[error("points for {criterion_id:?} exceed the maximum {max}")]
    OverMax {
        /// The id.
        criterion_id: String,
        /// The maximum.
        max: Points,
    },
    /// `completion_band` points outside the band of the completion percentage used.
    #[error(
        "points for {criterion_id:?} are outside the band {min}–{max} of {percent}% completion"
    )]
    OutsideBand {
        /// The id.
        criterion_id: String,
        /// The percentage used.
        percent: Decimal,
        /// The band's lowest points.
        min: Points,
        /// The band's upper limit.
        max: Points,
    },
    /// A stated percentage without a reason.
    #[error("a stated completion percentage needs a reason")]
    MissingReason,
}

impl ScoreError {
    /// The field the error is about: the criterion id, or `completion` for the percentage.
    pub fn field(&self) -> &str {
        match self {
            ScoreError::UnknownCriterion { criterion_id }
            | ScoreError::NotScorable { criterion_id }
            | ScoreError::Duplicate { criterion_id }
            | ScoreError::Negative { criterion_id }
            | ScoreError::TooManyDecimals { criterion_id }
            | ScoreError::OverMax { criterion_id, .. }
            | ScoreError::OutsideBand { criterion_id, .. } => criterion_id,
            ScoreError::MissingReason => "stated_reason",
        }
    }
}

/// A validated score column. Missing criteria count as 0 (a draft may be partial).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreSheet {
    points: BTreeMap<String, Points>,
    percent_used: Option<Percent>,
    no_plan: bool,
    total: Points,
}

impl ScoreSheet {
    /// Points given per criterion id.
    pub fn points(&self) -> &BTreeMap<String, Points> {
        &self.points
    }

    /// The completion percentage the bands were checked against.
    pub fn percent_used(&self) -> Option<Percent> {
        self.percent_used
    }

    /// True when there was no plan and no stated percentage: the band was not enforced and
    /// the evaluation is flagged "no plan" (DESIGN 2.1).
    pub fn no_plan(&self) -> bool {
        self.no_plan
    }

    /// The column's total: scored points minus deductions, clamped to [0, 100].
    pub fn total(&self) -> Points {
        self.total
    }
}

/// Validate one column against its form and total it (Điều 13.1; DESIGN 2.1): unknown or group
/// criteria, duplicates, negative points, more than one decimal, over the maximum, and
/// `completion_band` points outside the band of the percentage used (the stated one if given,
/// else the plan's; with neither, any points up to the maximum). Returns every error found.
pub fn score_sheet(
    form: &Form,
    scores: &[RawScore],
    completion: &Completion,
) -> Result<ScoreSheet, Vec<ScoreError>> {
    let mut errors = Vec::new();
    if completion.stated_percent.is_some()
        && completion
            .stated_reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        errors.push(ScoreError::MissingReason);
    }
    let percent_used = completion.stated_percent.or(completion.plan_percent);
    let mut points = BTreeMap::new();
    let mut sum = Decimal::ZERO;
    for s in scores {
        let id = || s.criterion_id.clone();
        let Some(c) = form.find(&s.criterion_id) else {
            errors.push(ScoreError::UnknownCriterion { criterion_id: id() });
            continue;
        };
        if !c.is_leaf() {
            errors.push(ScoreError::NotScorable { criterion_id: id() });
            continue;
        }
        let p = match Points::try_from(s.points) {
            Ok(p) => p,
            Err(PointsError::Negative(_)) => {
                errors.push(ScoreError::Negative { criterion_id: id() });
                continue;
            }
            Err(PointsError::TooManyDecimals(_)) => {
                errors.push(ScoreError::TooManyDecimals { criterion_id: id() });
                continue;
            }
            Err(_) => {
                errors.push(ScoreError::OverMax {
                    criterion_id: id(),
                    max: c.max_points,
                });
                continue;
            }
        };
        if p > c.max_points {
            errors.push(ScoreError::OverMax {
                criterion_id: id(),
                max: c.max_points,
            });
            continue;
        }
        // With no percentage at all (no plan), any points up to the maximum are accepted.
        let band = percent_used
            .filter(|_| c.kind == CriterionKind::CompletionBand)
            .and_then(|pct| c.bands.iter().find(|b| b.covers(pct)).map(|b| (pct, b)));
        if let Some((pct, b)) = band
            && !b.admits(p)
        {
            errors.push(ScoreError::OutsideBand {
                criterion_id: id(),
                percent: pct.value(),
                min: b.min_points,
                max: b.max_points,
            });
            continue;
        }
        if points.insert(s.criterion_id.clone(), p).is_some() {
            errors.push(ScoreError::Duplicate { criterion_id: id() });
            continue;
        }
        if c.kind == CriterionKind::Deduction {
            sum -= p.value();
        } else {
            sum += p.value();
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ScoreSheet {
        points,
        percent_used,
        no_plan: percent_used.is_none(),
        total: Points::clamp_decimal(sum, Points::HUNDRED),
    })
}

/// The totals of the three columns as shown on the form (`totals` in API.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Self-assessment total.
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    pub self_total: Option<Points>,
    /// Reviewer's total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<Points>,
    /// Decider's total: the rank follows from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decider: Option<Points>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::criteria::Criterion;
    use crate::forms::default_forms;

    fn form() -> Form {
        default_forms().unwrap().into_iter().nth(7).unwrap()
    }

    fn raw(id: &str, p: &str) -> RawScore {
        RawScore {
            criterion_id: id.into(),
            points: p.parse().unwrap(),
        }
    }

    fn plan(pct: u32) -> Completion {
        Completion {
            plan_percent: Some(Percent::whole(pct)),
            ..Default::default()
        }
    }

    #[test]
    fn totals_a_full_sheet() {
        let s = [
            raw("I.1", "10"),
            raw("I.2", "9.5"),
            raw("II.1", "18"),
            raw("II.2", "47.5"),
            raw("III", "5"),
        ];
        let sheet = score_sheet(&form(), &s, &plan(95)).unwrap();
        assert_eq!(sheet.total(), Points::parse("90").unwrap());
        assert!(!sheet.no_plan());
    }

    #[test]
    fn rejects_each_kind_of_error() {
        let s = [
            raw("X", "1"),
            raw("II", "1"),
            raw("I.1", "-1"),
            raw("I.2", "9.55"),
            raw("II.1", "20.1"),
            raw("II.2", "45"),
            raw("III", "1"),
            raw("III", "1"),
        ];
        let errs = score_sheet(&form(), &s, &plan(85)).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(ScoreError::field).collect();
        assert_eq!(fields, ["X", "II", "I.1", "I.2", "II.1", "II.2", "III"]);
        assert!(matches!(errs[5], ScoreError::OutsideBand { .. }));
        assert!(matches!(errs[6], ScoreError::Duplicate { .. }));
    }

    #[test]
    fn band_boundaries() {
        let f = form();
        let ok = |pct, p: &str| score_sheet(&f, &[raw("II.2", p)], &plan(pct)).is_ok();
        assert!(ok(90, "45") && ok(100, "50") && ok(90, "50"));
        assert!(!ok(89, "45") && ok(89, "44.9") && ok(80, "40"));
        assert!(!ok(79, "40") && ok(70, "35") && !ok(69, "35") && ok(69, "34.9") && ok(0, "0"));
    }

    #[test]
    fn stated_percent_needs_reason_and_wins() {
        let f = form();
        let mut c = plan(60);
        c.stated_percent = Some(Percent::whole(95));
        assert_eq!(
            score_sheet(&f, &[raw("II.2", "48")], &c).unwrap_err(),
            vec![ScoreError::MissingReason]
        );
        c.stated_reason = Some("Công việc đột xuất được giao thêm".into());
        assert!(score_sheet(&f, &[raw("II.2", "48")], &c).is_ok());
    }

    #[test]
    fn no_plan_accepts_up_to_max_and_flags() {
        let sheet = score_sheet(&form(), &[raw("II.2", "50")], &Completion::default()).unwrap();
        assert!(sheet.no_plan());
        assert_eq!(sheet.total(), Points::whole(50));
    }

    #[test]
    fn deductions_subtract_and_total_clamps_at_zero() {
        let mut f = form();
        f.criteria.push(Criterion {
            id: "D.1".into(),
            label: "Chậm tiến độ".into(),
            kind: CriterionKind::Deduction,
            max_points: Points::whole(30),
            guidance: vec![],
            bands: vec![],
            children: vec![],
        });
        let s = [raw("I.1", "10"), raw("D.1", "5")];
        assert_eq!(
            score_sheet(&f, &s, &plan(95)).unwrap().total(),
            Points::whole(5)
        );
        let s = [raw("I.1", "10"), raw("D.1", "30")];
        assert_eq!(
            score_sheet(&f, &s, &plan(95)).unwrap().total(),
            Points::ZERO
        );
        let s = [raw("D.1", "31")];
        assert!(matches!(
            score_sheet(&f, &s, &plan(95)).unwrap_err()[0],
            ScoreError::OverMax { .. }
        ));
    }

    #[test]
    fn totals_serialise_with_self_key() {
        let t = Totals {
            self_total: Some(Points::whole(91)),
            reviewer: None,
            decider: Some(Points::tenths(895)),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"self":91,"decider":89.5}"#
        );
    }
}
