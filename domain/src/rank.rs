//! Ranks ("xếp loại") from the decider's total and knock-outs (Điều 13.1).

use crate::score::Points;
use serde::{Deserialize, Serialize};

/// The four ranks of Điều 13.1, best first (so `A < B` in `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rank {
    /// "Hoàn thành xuất sắc nhiệm vụ" (Loại A), 90–100 points.
    A,
    /// "Hoàn thành tốt nhiệm vụ" (Loại B), 70 to under 90.
    B,
    /// "Hoàn thành nhiệm vụ" (Loại C), 50 to under 70.
    C,
    /// "Không hoàn thành nhiệm vụ" (Loại D), under 50.
    D,
}

impl Rank {
    /// The Vietnamese label of Điều 13.1.
    pub fn label_vi(self) -> &'static str {
        match self {
            Rank::A => "Hoàn thành xuất sắc nhiệm vụ",
            Rank::B => "Hoàn thành tốt nhiệm vụ",
            Rank::C => "Hoàn thành nhiệm vụ",
            Rank::D => "Không hoàn thành nhiệm vụ",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Rank::A => "Excellent completion of duties",
            Rank::B => "Good completion of duties",
            Rank::C => "Completion of duties",
            Rank::D => "Failure to complete duties",
        }
    }
}

/// Lower bounds of the bands (Điều 13.1): A from 90, B from 70, C from 50, D below.
/// Data, so a later rule set can move them; intervals are half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankBands {
    /// Lowest total ranked A.
    pub a_from: Points,
    /// Lowest total ranked B.
    pub b_from: Points,
    /// Lowest total ranked C.
    pub c_from: Points,
}

impl Default for RankBands {
    fn default() -> Self {
        Self {
            a_from: Points::whole(90),
            b_from: Points::whole(70),
            c_from: Points::whole(50),
        }
    }
}

impl RankBands {
    /// The rank a total earns by points alone (Điều 13.1: A `[90, 100]`, B `[70, 90)`, C `[50, 70)`,
    /// D `[0, 50)`).
    pub fn rank_of(&self, total: Points) -> Rank {
        if total >= self.a_from {
            Rank::A
        } else if total >= self.b_from {
            Rank::B
        } else if total >= self.c_from {
            Rank::C
        } else {
            Rank::D
        }
    }
}

/// A knock-out rule ("trường hợp xếp loại không hoàn thành nhiệm vụ"): a condition that ranks D
/// whatever the points (DESIGN 2.1; context notes §3.2). The list is configurable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnockOutRule {
    /// Stable code, e.g. `disciplinary_measure`.
    pub code: String,
    /// Vietnamese wording.
    pub label_vi: String,
    /// English wording.
    pub label_en: String,
    /// Applies only to leaders (e.g. corruption in a unit they manage).
    #[serde(default)]
    pub leaders_only: bool,
}

/// The default knock-out list: discipline in the month, a conclusion of political/ethical
/// degradation, and (for leaders) corruption or waste in a unit they directly manage.
pub fn default_knock_out_rules() -> Vec<KnockOutRule> {
    let rule = |code: &str, vi: &str, en: &str, leaders_only| KnockOutRule {
        code: code.into(),
        label_vi: vi.into(),
        label_en: en.into(),
        leaders_only,
    };
    vec![
        rule(
            "disciplinary_measure",
            "Bị xử lý kỷ luật từ hình thức khiển trách trở lên trong tháng",
            "Disciplinary measure (reprimand or heavier) in the month",
            false,
        ),
        rule(
            "degradation",
            "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, \"tự diễn biến\", \"tự chuyển hóa\"",
            "Concluded by the competent authority to show political, ethical or lifestyle degradation",
            false,
        ),
        rule(
            "corruption_in_managed_unit",
            "Cơ quan, đơn vị thuộc thẩm quyền phụ trách, quản lý trực tiếp liên quan đến tham ô, tham nhũng, lãng phí và bị xử lý theo quy định",
            "A unit under the leader's direct management was sanctioned for embezzlement, corruption or waste",
            true,
        ),
    ]
}

/// A knock-out recorded for one evaluation, with the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnockOut {
    /// Code of a [`KnockOutRule`].
    pub code: String,
    /// Reference to the evidence (decision number, document id); never empty.
    pub evidence_ref: String,
}

/// Why a knock-out cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnockOutError {
    /// The code is not in the configured list.
    #[error("unknown knock-out {code:?}")]
    Unknown {
        /// The code.
        code: String,
    },
    /// No evidence reference.
    #[error("knock-out {code:?} needs an evidence reference")]
    MissingEvidence {
        /// The code.
        code: String,
    },
    /// A leaders-only knock-out on someone who is not a leader.
    #[error("knock-out {code:?} applies to leaders only")]
    LeadersOnly {
        /// The code.
        code: String,
    },
}

impl KnockOut {
    /// Check this knock-out against the configured rules for a person who is (or not) a leader.
    pub fn check(&self, rules: &[KnockOutRule], is_leader: bool) -> Result<(), KnockOutError> {
        let rule =
            rules
                .iter()
                .find(|r| r.code == self.code)
                .ok_or_else(|| KnockOutError::Unknown {
                    code: self.code.clone(),
                })?;
        if self.evidence_ref.trim().is_empty() {
            return Err(KnockOutError::MissingEvidence {
                code: self.code.clone(),
            });
        }
        if rule.leaders_only && !is_leader {
            return Err(KnockOutError::LeadersOnly {
                code: self.code.clone(),
            });
        }
        Ok(())
    }
}

/// The rank of an evaluation with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankOutcome {
    /// The resulting rank.
    pub rank: Rank,
    /// The rank by points alone.
    pub by_points: Rank,
    /// The knock-out that forced D, if any (the first one given).
    pub knocked_out_by: Option<KnockOut>,
}

/// Rank from the decider's total and knock-outs (Điều 13.1; DESIGN 2.1): any knock-out forces D.
pub fn rank(bands: &RankBands, total: Points, knock_outs: &[KnockOut]) -> RankOutcome {
    let by_points = bands.rank_of(total);
    match knock_outs.first() {
        Some(k) => RankOutcome {
            rank: Rank::D,
            by_points,
            knocked_out_by: Some(k.clone()),
        },
        None => RankOutcome {
            rank: by_points,
            by_points,
            knocked_out_by: None,
        },
    }
}

/// Why a rank chosen by hand is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RankChoiceError {
    /// A knock-out applies: only D is possible.
    #[error("a knock-out applies: the rank is D")]
    KnockedOut,
    /// Better than the points give.
    #[error("the rank cannot be better than {by_points:?}, the rank the points give")]
    RankAbovePoints {
        /// The rank the points give.
        by_points: Rank,
    },
}

/// The one rule for every rank chosen by hand (a decision for the quota, an adjustment by the
/// unit head, a correction): it may lower the rank the points give, or restore it up to that
/// rank, never raise it beyond (Điều 13.1: A only "nếu đạt đủ điều kiện"); under a knock-out
/// only D.
pub fn check_chosen_rank(
    chosen: Rank,
    by_points: Rank,
    knocked_out: bool,
) -> Result<Rank, RankChoiceError> {
    if knocked_out && chosen != Rank::D {
        return Err(RankChoiceError::KnockedOut);
    }
    if chosen < by_points {
        return Err(RankChoiceError::RankAbovePoints { by_points });
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn chosen_ranks_never_beat_the_points() {
        assert_eq!(check_chosen_rank(Rank::B, Rank::A, false), Ok(Rank::B));
        assert_eq!(check_chosen_rank(Rank::A, Rank::A, false), Ok(Rank::A));
        assert_eq!(
            check_chosen_rank(Rank::A, Rank::B, false),
            Err(RankChoiceError::RankAbovePoints { by_points: Rank::B })
        );
        assert_eq!(
            check_chosen_rank(Rank::C, Rank::A, true),
            Err(RankChoiceError::KnockedOut)
        );
        assert_eq!(check_chosen_rank(Rank::D, Rank::A, true), Ok(Rank::D));
    }

    fn r(s: &str) -> Rank {
        RankBands::default().rank_of(Points::parse(s).unwrap())
    }

    #[test]
    fn boundaries() {
        assert_eq!(r("100"), Rank::A);
        assert_eq!(r("90.0"), Rank::A);
        assert_eq!(r("89.9"), Rank::B);
        assert_eq!(r("89.5"), Rank::B);
        assert_eq!(r("70"), Rank::B);
        assert_eq!(r("69.9"), Rank::C);
        assert_eq!(r("50"), Rank::C);
        assert_eq!(r("49.9"), Rank::D);
        assert_eq!(r("0"), Rank::D);
    }

    #[test]
    fn knock_out_forces_d_with_evidence() {
        let k = KnockOut {
            code: "disciplinary_measure".into(),
            evidence_ref: "QĐ 12/QĐ-KL".into(),
        };
        let rules = default_knock_out_rules();
        assert_eq!(k.check(&rules, false), Ok(()));
        let out = rank(
            &RankBands::default(),
            Points::whole(95),
            std::slice::from_ref(&k),
        );
        assert_eq!((out.rank, out.by_points), (Rank::D, Rank::A));
        assert_eq!(out.knocked_out_by.unwrap().evidence_ref, "QĐ 12/QĐ-KL");
        let none = KnockOut {
            code: "degradation".into(),
            evidence_ref: " ".into(),
        };
        assert!(matches!(
            none.check(&rules, false),
            Err(KnockOutError::MissingEvidence { .. })
        ));
        let lead = KnockOut {
            code: "corruption_in_managed_unit".into(),
            evidence_ref: "x".into(),
        };
        assert!(matches!(
            lead.check(&rules, false),
            Err(KnockOutError::LeadersOnly { .. })
        ));
        assert!(lead.check(&rules, true).is_ok());
        let unknown = KnockOut {
            code: "late".into(),
            evidence_ref: "x".into(),
        };
        assert!(matches!(
            unknown.check(&rules, true),
            Err(KnockOutError::Unknown { .. })
        ));
    }

    #[test]
    fn labels_and_serde() {
        assert_eq!(Rank::A.label_vi(), "Hoàn thành xuất sắc nhiệm vụ");
        assert_eq!(Rank::D.label_en(), "Failure to complete duties");
        assert_eq!(serde_json::to_string(&Rank::B).unwrap(), "\"B\"");
    }
}
