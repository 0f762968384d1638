//! Criteria forms ("mẫu phiếu", "bộ tiêu chí chấm điểm", Điều 11): a versioned tree of groups,
//! criteria and sub-criteria whose maxima sum to 100, plus the unit-level extensions
//! (detailed sub-criteria and deductions, "Đơn vị xây dựng thang điểm chi tiết / Quy định
//! điểm trừ", DESIGN 2.1).

use crate::org::PositionCategory;
use crate::score::Points;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// Number of the form in Điều 11 (1..=19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct FormCode(u8);

impl FormCode {
    /// Number of forms listed in Điều 11.
    pub const COUNT: u8 = 19;

    /// The code `n` if it is in 1..=19.
    pub fn new(n: u8) -> Result<Self, FormError> {
        if (1..=Self::COUNT).contains(&n) {
            Ok(Self(n))
        } else {
            Err(FormError::InvalidCode { code: n })
        }
    }

    /// The number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for FormCode {
    type Error = FormError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<FormCode> for u8 {
    fn from(c: FormCode) -> Self {
        c.0
    }
}

impl fmt::Display for FormCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A share of the month's planned work completed, in percent, within `[0, 100]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Percent(Decimal);

impl Percent {
    /// `d` if it lies in `[0, 100]`.
    pub fn new(d: Decimal) -> Result<Self, FormError> {
        if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
            Err(FormError::InvalidPercent { value: d })
        } else {
            Ok(Self(d.normalize()))
        }
    }

    /// Whole percent, capped at 100.
    pub fn whole(n: u32) -> Self {
        Self(Decimal::from(n.min(100)))
    }

    /// Done over planned items, as a percent (capped at 100; `planned = 0` gives 100).
    pub fn from_ratio(done: u32, planned: u32) -> Self {
        if planned == 0 {
            return Self(Decimal::ONE_HUNDRED);
        }
        let d = Decimal::from(done.min(planned)) * Decimal::ONE_HUNDRED / Decimal::from(planned);
        Self(d.normalize())
    }

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Percent {
    type Error = FormError;
    fn try_from(d: Decimal) -> Result<Self, Self::Error> {
        Self::new(d)
    }
}

impl From<Percent> for Decimal {
    fn from(p: Percent) -> Self {
        p.0
    }
}

/// Kind of a criterion (DESIGN 2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Points from 0 to the maximum.
    Score,
    /// Points constrained by the band of the month's completion percentage.
    CompletionBand,
    /// Bonus points ("điểm thưởng"), 0 to the maximum, counted inside the 100.
    Bonus,
    /// Points subtracted ("điểm trừ"), 0 to the maximum; not part of the 100.
    Deduction,
}

/// One band of a `completion_band` criterion: a completion percentage range and the points
/// allowed for it (the 2019 form: 90–100% → 45–50, 80–<90% → 40–<45, …).
///
/// The band covers `from_percent ≤ p < to_percent`; a band ending at 100 also covers 100.
/// Points lie in `min_points ≤ x < max_points`, or `≤ max_points` when `max_inclusive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionBand {
    /// Wording on the form (e.g. "Hoàn thành từ 90% - 100% công việc …").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Lowest percentage of the band (inclusive).
    pub from_percent: Decimal,
    /// Upper percentage (exclusive, except 100).
    pub to_percent: Decimal,
    /// Fewest points allowed.
    pub min_points: Points,
    /// Upper limit of points.
    pub max_points: Points,
    /// Whether `max_points` itself is allowed.
    #[serde(default)]
    pub max_inclusive: bool,
}

impl CompletionBand {
    /// Whether `p` falls in this band.
    pub fn covers(&self, p: Percent) -> bool {
        let v = p.value();
        v >= self.from_percent
            && (v < self.to_percent
                || (self.to_percent == Decimal::ONE_HUNDRED && v == self.to_percent))
    }

    /// Whether `points` are allowed in this band.
    pub fn admits(&self, points: Points) -> bool {
        points >= self.min_points
            && (points < self.max_points || (self.max_inclusive && points == self.max_points))
    }
}

/// A node of the form tree: a group, criterion or sub-criterion (Điều 11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable ASCII id, unique in the form (e.g. `"II.2"`).
    pub id: String,
    /// Vietnamese label as printed on the form.
    pub label: String,
    /// Kind.
    pub kind: CriterionKind,
    /// Maximum points (for a deduction: the most that can be subtracted).
    pub max_points: Points,
    /// Descriptive items scored together under this criterion (no points of their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<String>,
    /// Bands, for `completion_band` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<CompletionBand>,
    /// Sub-criteria; their maxima (deductions aside) sum to this node's maximum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Criterion>,
}

impl Criterion {
    /// True when the node has no sub-criteria (only leaves are scored).
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// A criteria form: one version of the form for a subject group of Điều 11.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// Number in Điều 11.
    pub code: FormCode,
    /// Title, exactly as in Điều 11.
    pub title: String,
    /// Version of this form's text (increases with each edit).
    pub version: u32,
    /// The date from which this version applies.
    pub effective_from: NaiveDate,
    /// True for the shipped defaults that admins are expected to replace with the official text.
    #[serde(default)]
    pub editable_default: bool,
    /// Who the form is for.
    #[serde(default)]
    pub subject: String,
    /// Whether the form is for leaders ("cán bộ lãnh đạo, quản lý").
    #[serde(default)]
    pub leader: bool,
    /// Post categories the form was written for (Điều 11: each form is for a group of posts;
    /// DESIGN 2.6): a person is scored with a form only if it lists their category (see
    /// [`Form::fits`]). An empty list (an imported text that does not say) fits every post.
    #[serde(default)]
    pub position_categories: Vec<PositionCategory>,
    /// Top-level groups.
    pub criteria: Vec<Criterion>,
}

/// A criterion flattened for the API (`GET /forms/{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlatCriterion {
    /// Id.
    pub id: String,
    /// Parent's id, `None` at the top level.
    pub parent_id: Option<String>,
    /// Label.
    pub label: String,
    /// Kind.
    pub kind: CriterionKind,
    /// Maximum points.
    pub max_points: Points,
}

/// Sub-criteria a unit adds under one leaf criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubCriteria {
    /// The leaf criterion to detail.
    pub parent_id: String,
    /// Its new children; maxima must sum to the parent's maximum.
    pub children: Vec<Criterion>,
}

/// A unit's extension of a form: detailed sub-criteria and a list of deductions (DESIGN 2.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitExtension {
    /// Detailed sub-criteria, each under an existing leaf of kind `score` or `bonus`.
    #[serde(default)]
    pub sub_criteria: Vec<SubCriteria>,
    /// Deduction items, added at the top level, each of kind `deduction`.
    #[serde(default)]
    pub deductions: Vec<Criterion>,
}

/// Why a form definition is invalid; each variant names the criterion concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Form code outside 1..=19.
    #[error("form code {code} is not in 1..=19")]
    InvalidCode {
        /// The code given.
        code: u8,
    },
    /// A percentage outside [0, 100].
    #[error("percentage {value} is not in [0, 100]")]
    InvalidPercent {
        /// The value given.
        value: Decimal,
    },
    /// Version 0 or empty title.
    #[error("form header invalid: {reason}")]
    InvalidHeader {
        /// What is wrong.
        reason: String,
    },
    /// Empty or non-ASCII id, or an id with spaces.
    #[error("criterion id {id:?} must be non-empty ASCII without spaces")]
    InvalidId {
        /// The id.
        id: String,
    },
    /// The same id twice.
    #[error("criterion id {id:?} is used more than once")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// Empty label.
    #[error("criterion {id:?} has an empty label")]
    EmptyLabel {
        /// The id.
        id: String,
    },
    /// The top-level maxima (deductions aside) do not sum to 100.
    #[error("top-level maxima sum to {sum}, not 100")]
    TotalNotHundred {
        /// The sum.
        sum: Decimal,
    },
    /// A node's children (deductions aside) do not sum to its maximum.
    #[error("sub-criteria of {id:?} sum to {sum}, not its maximum {max}")]
    ChildrenSumMismatch {
        /// The parent's id.
        id: String,
        /// Its maximum.
        max: Points,
        /// The children's sum.
        sum: Decimal,
    },
    /// A child whose kind does not fit its parent (e.g. a bonus under a score group).
    #[error(
        "criterion {id:?} of kind {kind:?} cannot sit under {parent_id:?} of kind {parent_kind:?}"
    )]
    KindMismatch {
        /// The child's id.
        id: String,
        /// Its kind.
        kind: CriterionKind,
        /// The parent's id.
        parent_id: String,
        /// The parent's kind.
        parent_kind: CriterionKind,
    },
    /// `completion_band` and `deduction` criteria cannot have sub-criteria.
    #[error("criterion {id:?} of kind {kind:?} cannot have sub-criteria")]
    MustBeLeaf {
        /// The id.
        id: String,
        /// Its kind.
        kind: CriterionKind,
    },
    /// A `completion_band` criterion without bands.
    #[error("criterion {id:?} needs completion bands")]
    MissingBands {
        /// The id.
        id: String,
    },
    /// Bands on a criterion that is not `completion_band`.
    #[error("criterion {id:?} is not a completion_band but has bands")]
    UnexpectedBands {
        /// The id.
        id: String,
    },
    /// Bands that do not tile 0–100% or exceed the maximum.
    #[error("completion bands of {id:?} are invalid: {reason}")]
    InvalidBands {
        /// The id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// An extension names a criterion that does not exist.
    #[error("criterion {id:?} does not exist in the form")]
    UnknownParent {
        /// The id.
        id: String,
    },
    /// An extension tries to detail a criterion that is not a `score`/`bonus` leaf.
    #[error("criterion {id:?} cannot take unit sub-criteria (must be a score or bonus leaf)")]
    NotExtensible {
        /// The id.
        id: String,
    },
    /// An extension's deduction list holds something other than a deduction.
    #[error("criterion {id:?} in the deduction list must be of kind deduction")]
    NotADeduction {
        /// The id.
        id: String,
    },
}

impl FormError {
    /// The criterion the error is about, if any (for the API's field errors).
    pub fn criterion_id(&self) -> Option<&str> {
        match self {
            FormError::InvalidId { id }
            | FormError::DuplicateId { id }
            | FormError::EmptyLabel { id }
            | FormError::ChildrenSumMismatch { id, .. }
            | FormError::KindMismatch { id, .. }
            | FormError::MustBeLeaf { id, .. }
            | FormError::MissingBands { id }
            | FormError::UnexpectedBands { id }
            | FormError::InvalidBands { id, .. }
            | FormError::UnknownParent { id }
            | FormError::NotExtensible { id }
            | FormError::NotADeduction { id } => Some(id),
            FormError::InvalidCode { .. }
            | FormError::InvalidPercent { .. }
            | FormError::InvalidHeader { .. }
            | FormError::TotalNotHundred { .. } => None,
        }
    }
}

fn sum_counted(nodes: &[Criterion]) -> Decimal {
    nodes
        .iter()
        .filter(|c| c.kind != CriterionKind::Deduction)
        .map(|c| c.max_points.value())
        .sum()
}

impl Form {
    /// Whether a post of `category` may be scored with this form (Điều 11, DESIGN 2.6): the form
    /// lists the category, or lists none. A contract worker ("lao động hợp đồng") fits only
    /// form 19; staff do not fit a leaders' form.
    pub fn fits(&self, category: PositionCategory) -> bool {
        self.position_categories.is_empty() || self.position_categories.contains(&category)
    }

    /// Check the definition: header, unique ids, labels, kinds, bands, and that maxima sum to
    /// 100 at the top and to each parent's maximum below it (Điều 11, Điều 13.1: a 100-point
    /// scale). Returns every problem found, in tree order.
    pub fn validate(&self) -> Result<(), Vec<FormError>> {
        let mut errors = Vec::new();
        if self.version == 0 {
            errors.push(FormError::InvalidHeader {
                reason: "version must be at least 1".into(),
            });
        }
        if self.title.trim().is_empty() {
            errors.push(FormError::InvalidHeader {
                reason: "title is empty".into(),
            });
        }
        let sum = sum_counted(&self.criteria);
        if sum != Decimal::ONE_HUNDRED {
            errors.push(FormError::TotalNotHundred { sum });
        }
        let mut seen = HashSet::new();
        for c in &self.criteria {
            validate_node(c, None, &mut seen, &mut errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Depth-first list of all nodes with their parent ids.
    pub fn flatten(&self) -> Vec<FlatCriterion> {
        fn walk(nodes: &[Criterion], parent: Option<&str>, out: &mut Vec<FlatCriterion>) {
            for c in nodes {
                out.push(FlatCriterion {
                    id: c.id.clone(),
                    parent_id: parent.map(str::to_owned),
                    label: c.label.clone(),
                    kind: c.kind,
                    max_points: c.max_points,
                });
                walk(&c.children, Some(&c.id), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.criteria, None, &mut out);
        out
    }

    /// The node with this id.
    pub fn find(&self, id: &str) -> Option<&Criterion> {
        fn walk<'a>(nodes: &'a [Criterion], id: &str) -> Option<&'a Criterion> {
            nodes.iter().find_map(|c| {
                if c.id == id {
                    Some(c)
                } else {
                    walk(&c.children, id)
                }
            })
        }
        walk(&self.criteria, id)
    }

    /// The scored nodes (leaves), depth-first.
    pub fn leaves(&self) -> Vec<&Criterion> {
        fn walk<'a>(nodes: &'a [Criterion], out: &mut Vec<&'a Criterion>) {
            for c in nodes {
                if c.is_leaf() {
                    out.push(c);
                } else {
                    walk(&c.children, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.criteria, &mut out);
        out
    }

    /// This form with a unit's sub-criteria and deductions applied, validated as a whole.
    pub fn extend(&self, ext: &UnitExtension) -> Result<Form, Vec<FormError>> {
        let mut form = self.clone();
        let mut errors = Vec::new();
        for sub in &ext.sub_criteria {
            match find_mut(&mut form.criteria, &sub.parent_id) {
                None => errors.push(FormError::UnknownParent {
                    id: sub.parent_id.clone(),
                }),
                Some(parent)
                    if !parent.is_leaf()
                        || !matches!(parent.kind, CriterionKind::Score | CriterionKind::Bonus) =>
                {
                    errors.push(FormError::NotExtensible {
                        id: sub.parent_id.clone(),
                    })
                }
                Some(parent) => parent.children = sub.children.clone(),
            }
        }
        for d in &ext.deductions {
            if d.kind == CriterionKind::Deduction {
                form.criteria.push(d.clone());
            } else {
                errors.push(FormError::NotADeduction { id: d.id.clone() });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        form.validate().map(|()| form)
    }
}

fn find_mut<'a>(nodes: &'a mut [Criterion], id: &str) -> Option<&'a mut Criterion> {
    for c in nodes.iter_mut() {
        if c.id == id {
            return Some(c);
        }
        if let Some(found) = find_mut(&mut c.children, id) {
            return Some(found);
        }
    }
    None
}

fn validate_node(
    c: &Criterion,
    parent: Option<&Criterion>,
    seen: &mut HashSet<String>,
    errors: &mut Vec<FormError>,
) {
    let id = || c.id.clone();
    if c.id.is_empty() || !c.id.is_ascii() || c.id.chars().any(char::is_whitespace) {
        errors.push(FormError::InvalidId { id: id() });
    }
    if !seen.insert(c.id.clone()) {
        errors.push(FormError::DuplicateId { id: id() });
    }
    if c.label.trim().is_empty() {
        errors.push(FormError::EmptyLabel { id: id() });
    }
    if let Some(p) = parent {
        let fits = matches!(
            (p.kind, c.kind),
            (_, CriterionKind::Deduction)
                | (
                    CriterionKind::Score,
                    CriterionKind::Score | CriterionKind::CompletionBand
                )
                | (CriterionKind::Bonus, CriterionKind::Bonus)
        );
        if !fits {
            errors.push(FormError::KindMismatch {
                id: id(),
                kind: c.kind,
                parent_id: p.id.clone(),
                parent_kind: p.kind,
            });
        }
    }
    if !c.is_leaf() {
        if matches!(
            c.kind,
            CriterionKind::CompletionBand | CriterionKind::Deduction
        ) {
            errors.push(FormError::MustBeLeaf {
                id: id(),
                kind: c.kind,
            });
        }
        let sum = sum_counted(&c.children);
        if sum != c.max_points.value() {
            errors.push(FormError::ChildrenSumMismatch {
                id: id(),
                max: c.max_points,
                sum,
            });
        }
    }
    match (c.kind, c.bands.is_empty()) {
        (CriterionKind::CompletionBand, true) => errors.push(FormError::MissingBands { id: id() }),
        (CriterionKind::CompletionBand, false) => {
            if let Err(reason) = check_bands(&c.bands, c.max_points) {
                errors.push(FormError::InvalidBands { id: id(), reason });
            }
        }
        (_, false) => errors.push(FormError::UnexpectedBands { id: id() }),
        (_, true) => {}
    }
    for child in &c.children {
        validate_node(child, Some(c), seen, errors);
    }
}

/// Bands must tile [0, 100] in increasing order with sound point ranges within the maximum.
fn check_bands(bands: &[CompletionBand], max: Points) -> Result<(), String> {
    let mut expected_from = Decimal::ZERO;
    for (i, b) in bands.iter().enumerate() {
        if b.from_percent != expected_from {
            return Err(format!(
                "band {i} starts at {}%, expected {expected_from}%",
                b.from_percent
            ));
        }
        if b.to_percent <= b.from_percent {
            return Err(format!("band {i} is empty"));
        }
        if b.max_points > max {
            return Err(format!(
                "band {i} allows {} points, above the maximum {max}",
                b.max_points
            ));
        }
        if b.min_points > b.max_points || (b.min_points == b.max_points && !b.max_inclusive) {
            return Err(format!("band {i} admits no points"));
        }
        expected_from = b.to_percent;
    }
    if expected_from != Decimal::ONE_HUNDRED {
        return Err(format!("bands end at {expected_from}%, not 100%"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn leaf(id: &str, kind: CriterionKind, max: u32) -> Criterion {
        Criterion {
            id: id.into(),
            label: format!("Tiêu chí {id}"),
            kind,
            max_points: Points::whole(max),
            guidance: vec![],
            bands: vec![],
            children: vec![],
        }
    }

    fn band(from: u32, to: u32, min: u32, max: u32, incl: bool) -> CompletionBand {
        CompletionBand {
            label: String::new(),
            from_percent: from.into(),
            to_percent: to.into(),
            min_points: Points::whole(min),
            max_points: Points::whole(max),
            max_inclusive: incl,
        }
    }

    fn sample() -> Form {
        let mut i = leaf("I", CriterionKind::Score, 20);
        i.children = vec![
            leaf("I.1", CriterionKind::Score, 10),
            leaf("I.2", CriterionKind::Score, 10),
        ];
        let mut ii = leaf("II", CriterionKind::Score, 70);
        let mut ii2 = leaf("II.2", CriterionKind::CompletionBand, 50);
        ii2.bands = vec![
            band(0, 70, 0, 35, false),
            band(70, 80, 35, 40, false),
            band(80, 90, 40, 45, false),
            band(90, 100, 45, 50, true),
        ];
        ii.children = vec![leaf("II.1", CriterionKind::Score, 20), ii2];
        Form {
            code: FormCode::new(8).unwrap(),
            title: "Mẫu thử".into(),
            version: 1,
            effective_from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
            editable_default: true,
            subject: String::new(),
            leader: false,
            position_categories: vec![],
            criteria: vec![i, ii, leaf("III", CriterionKind::Bonus, 10)],
        }
    }

    #[test]
    fn sample_is_valid() {
        let f = sample();
        assert_eq!(f.validate(), Ok(()));
        assert_eq!(f.leaves().len(), 5);
        let flat = f.flatten();
        assert_eq!(flat.len(), 7);
        assert_eq!(flat[1].parent_id.as_deref(), Some("I"));
    }

    #[test]
    fn reports_sums_with_ids() {
        let mut f = sample();
        f.criteria[0].children[0].max_points = Points::whole(11);
        let errs = f.validate().unwrap_err();
        assert!(
            !errs
                .iter()
                .any(|e| matches!(e, FormError::TotalNotHundred { .. }))
        );
        assert!(errs.iter().any(|e| e.criterion_id() == Some("I")));
        f.criteria[0].max_points = Points::whole(21);
        let errs = f.validate().unwrap_err();
        assert!(errs.contains(&FormError::TotalNotHundred { sum: 101.into() }));
    }

    #[test]
    fn reports_duplicates_kinds_and_bands() {
        let mut f = sample();
        f.criteria[0].children[1].id = "I.1".into();
        f.criteria[2].children = vec![leaf("III.1", CriterionKind::Score, 10)];
        f.criteria[1].children[1].bands.pop();
        let errs = f.validate().unwrap_err();
        assert!(errs.contains(&FormError::DuplicateId { id: "I.1".into() }));
        assert!(
            errs.iter()
                .any(|e| matches!(e, FormError::KindMismatch { id, .. } if id == "III.1"))
        );
        assert!(
            errs.iter()
                .any(|e| matches!(e, FormError::InvalidBands { id, .. } if id == "II.2"))
        );
    }

    #[test]
    fn bands_cover_and_admit() {
        let b = band(90, 100, 45, 50, true);
        assert!(b.covers(Percent::whole(100)) && b.covers(Percent::whole(90)));
        assert!(!band(80, 90, 40, 45, false).covers(Percent::whole(90)));
        assert!(b.admits(Points::whole(50)));
        assert!(!band(80, 90, 40, 45, false).admits(Points::whole(45)));
        assert!(band(80, 90, 40, 45, false).admits(Points::tenths(449)));
    }

    #[test]
    fn unit_extension() {
        let f = sample();
        let ext = UnitExtension {
            sub_criteria: vec![SubCriteria {
                parent_id: "II.1".into(),
                children: vec![
                    leaf("II.1.a", CriterionKind::Score, 12),
                    leaf("II.1.b", CriterionKind::Score, 8),
                ],
            }],
            deductions: vec![leaf("D.1", CriterionKind::Deduction, 5)],
        };
        let g = f.extend(&ext).unwrap();
        assert!(g.find("II.1.b").is_some() && g.find("D.1").is_some());

        let mut bad = ext.clone();
        bad.sub_criteria[0].children[1].max_points = Points::whole(9);
        let errs = f.extend(&bad).unwrap_err();
        assert!(errs.iter().any(|e| e.criterion_id() == Some("II.1")));

        let mut bad = ext.clone();
        bad.sub_criteria[0].parent_id = "II.2".into();
        assert_eq!(
            f.extend(&bad).unwrap_err(),
            vec![FormError::NotExtensible { id: "II.2".into() }]
        );
        let mut bad = ext;
        bad.deductions[0].kind = CriterionKind::Bonus;
        assert_eq!(
            f.extend(&bad).unwrap_err(),
            vec![FormError::NotADeduction { id: "D.1".into() }]
        );
    }

    #[test]
    fn form_codes() {
        assert!(FormCode::new(0).is_err() && FormCode::new(20).is_err());
        assert_eq!(FormCode::new(19).unwrap().get(), 19);
        assert_eq!(
            Percent::from_ratio(2, 3).value().round_dp(2),
            Decimal::new(6667, 2)
        );
    }
}
