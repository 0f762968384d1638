//! The evaluation workflow (Điều 12; DESIGN 2.5): states, transitions, who may perform each,
//! and which calendar step it needs.

use crate::calendar::{Step, StepStatus};
use serde::{Deserialize, Serialize};

/// State of a monthly evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being filled in by the person.
    Draft,
    /// Self-assessment submitted (Điều 12.2).
    SelfSubmitted,
    /// Reviewer's comments and scores submitted (Điều 10.2–10.3, "nhận xét, đánh giá").
    Reviewed,
    /// Rank decided by the competent level (Điều 12.3).
    Decided,
    /// Published (Điều 12.4).
    Published,
}

/// Who performs a transition, relative to the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The person evaluated.
    #[serde(rename = "self")]
    SelfPerson,
    /// The resolved reviewer.
    Reviewer,
    /// The resolved decider.
    Decider,
    /// Head of the publishing unit (adjusts and publishes, Điều 12.3–12.4).
    UnitHead,
    /// The competent authority ("cấp có thẩm quyền", Điều 3.6), for corrections.
    CompetentAuthority,
}

/// What the caller knows about the acting account's relation to the evaluation; one person
/// may hold several (e.g. decider and unit head).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Relations {
    /// Is the person evaluated.
    pub is_self: bool,
    /// Is the reviewer.
    pub is_reviewer: bool,
    /// Is the decider.
    pub is_decider: bool,
    /// Is head of the publishing unit.
    pub is_unit_head: bool,
    /// Is the competent authority.
    pub is_competent_authority: bool,
}

impl Relations {
    /// Whether the relations include `actor`.
    pub fn has(&self, actor: Actor) -> bool {
        match actor {
            Actor::SelfPerson => self.is_self,
            Actor::Reviewer => self.is_reviewer,
            Actor::Decider => self.is_decider,
            Actor::UnitHead => self.is_unit_head,
            Actor::CompetentAuthority => self.is_competent_authority,
        }
    }
}

/// A requested transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Transition {
    /// Save the self column (`PUT /evaluations/{id}/self`).
    SaveSelf,
    /// Submit the self-assessment.
    SubmitSelf,
    /// Save the reviewer column.
    SaveReview,
    /// Submit the review.
    SubmitReview,
    /// Save the decider's scores: the rank follows (`PUT /evaluations/{id}/decision`).
    Decide,
    /// Send back to draft, with a reason, before the decision deadline.
    Return {
        /// Why.
        reason: String,
    },
    /// Change a decided rank before publication, with a reason (Điều 12.3).
    Adjust {
        /// Why.
        reason: String,
    },
    /// Publish (per unit; Điều 12.4).
    Publish,
    /// Correct after publication, with a reason: a new revision, re-published.
    Correct {
        /// Why.
        reason: String,
    },
}

impl Transition {
    /// Who may perform it, in order of preference when one account holds several relations.
    pub fn actors(&self) -> &'static [Actor] {
        match self {
            Transition::SaveSelf | Transition::SubmitSelf => &[Actor::SelfPerson],
            Transition::SaveReview | Transition::SubmitReview => &[Actor::Reviewer],
            Transition::Decide => &[Actor::Decider],
            Transition::Return { .. } => &[Actor::Decider, Actor::Reviewer],
            Transition::Adjust { .. } | Transition::Publish => &[Actor::UnitHead],
            Transition::Correct { .. } => &[Actor::CompetentAuthority],
        }
    }

    /// The calendar step whose window must be open (`None` for corrections).
    pub fn step(&self) -> Option<Step> {
        match self {
            Transition::SaveSelf | Transition::SubmitSelf => Some(Step::SelfAssessment),
            Transition::SaveReview | Transition::SubmitReview => Some(Step::Review),
            Transition::Decide | Transition::Return { .. } => Some(Step::Decision),
            Transition::Adjust { .. } | Transition::Publish => Some(Step::Publication),
            Transition::Correct { .. } => None,
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Transition::Return { reason }
            | Transition::Adjust { reason }
            | Transition::Correct { reason } => Some(reason),
            _ => None,
        }
    }
}

/// Facts about the evaluation the rules need besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The chain names a reviewer.
    pub has_reviewer: bool,
}

/// Notes recorded with an allowed transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Decided without a self-assessment (DESIGN 2.3).
    NoSelfAssessment,
    /// Decided although a reviewer exists and has not submitted.
    ReviewSkipped,
    /// Open thanks to a personal extension.
    Extended,
    /// A correction: a new revision.
    NewRevision,
}

/// An allowed transition's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// State after the transition.
    pub next: State,
    /// The relation the actor acted in.
    pub acted_as: Actor,
    /// Notes for the audit trail and the UI.
    pub flags: Vec<Flag>,
}

/// Why a transition is refused (API codes: `invalid_transition`, `forbidden`, `window_closed`,
/// `quota_exceeded`, `validation_failed`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WorkflowError {
    /// Not allowed from this state.
    #[error("{transition} is not allowed in state {state:?}")]
    InvalidTransition {
        /// The transition's name.
        transition: &'static str,
        /// The current state.
        state: State,
    },
    /// The actor lacks the relation.
    #[error("{transition} needs one of {required:?}")]
    Forbidden {
        /// The transition's name.
        transition: &'static str,
        /// Who could.
        required: &'static [Actor],
    },
    /// The step's window is not open.
    #[error("the {step:?} window is not open")]
    WindowClosed {
        /// The step.
        step: Step,
        /// Its status.
        status: StepStatus,
    },
    /// A reason is required and missing.
    #[error("{transition} needs a reason")]
    ReasonRequired {
        /// The transition's name.
        transition: &'static str,
    },
}

fn name(t: &Transition) -> &'static str {
    match t {
        Transition::SaveSelf => "save_self",
        Transition::SubmitSelf => "submit_self",
        Transition::SaveReview => "save_review",
        Transition::SubmitReview => "submit_review",
        Transition::Decide => "decide",
        Transition::Return { .. } => "return",
        Transition::Adjust { .. } => "adjust",
        Transition::Publish => "publish",
        Transition::Correct { .. } => "correct",
    }
}

/// Check a transition (DESIGN 2.5; Điều 12): the state, the actor's relation, the reason, the
/// calendar (via `calendar`, which gives the status of a step for this evaluation's person at
/// the current instant) and, for publication, the quota (Điều 13.1). Returns the next state.
///
/// | transition | from | to | actor | step |
/// |---|---|---|---|---|
/// | save_self | draft | draft | self | self |
/// | submit_self | draft | self_submitted | self | self |
/// | save_review | self_submitted | self_submitted | reviewer | review |
/// | submit_review | self_submitted | reviewed | reviewer | review |
/// | decide | self_submitted, reviewed, decided; draft once self closed | decided | decider | decision |
/// | return | self_submitted (reviewer, decider), reviewed, decided (decider) | draft | reviewer/decider | decision |
/// | adjust | decided | decided | unit head | publication |
/// | publish | decided | published | unit head | publication |
/// | correct | published | published (new revision) | competent authority | — |
pub fn check(
    transition: &Transition,
    relations: &Relations,
    state: State,
    ctx: &Context,
    calendar: impl Fn(Step) -> StepStatus,
) -> Result<Outcome, WorkflowError> {
    use State::*;
    let tname = name(transition);
    let invalid = || WorkflowError::InvalidTransition {
        transition: tname,
        state,
    };
    let acted_as = transition
        .actors()
        .iter()
        .copied()
        .find(|a| relations.has(*a))
        .ok_or(WorkflowError::Forbidden {
            transition: tname,
            required: transition.actors(),
        })?;
    let mut flags = Vec::new();

    let next = match (transition, state) {
        (Transition::SaveSelf, Draft) => Draft,
        (Transition::SubmitSelf, Draft) => SelfSubmitted,
        (Transition::SaveReview, SelfSubmitted) if ctx.has_reviewer => SelfSubmitted,
        (Transition::SubmitReview, SelfSubmitted) if ctx.has_reviewer => Reviewed,
        (Transition::Decide, SelfSubmitted) => {
            if ctx.has_reviewer {
                flags.push(Flag::ReviewSkipped);
            }
            Decided
        }
        (Transition::Decide, Reviewed | Decided) => Decided,
        (Transition::Decide, Draft) => {
            // The decider may decide for someone who did not self-assess, once that window has
            // closed for them (DESIGN 2.3).
            if !matches!(calendar(Step::SelfAssessment), StepStatus::Closed { .. }) {
                return Err(invalid());
            }
            flags.push(Flag::NoSelfAssessment);
            Decided
        }
        (Transition::Return { .. }, SelfSubmitted) => Draft,
        (Transition::Return { .. }, Reviewed | Decided) if acted_as == Actor::Decider => Draft,
        (Transition::Adjust { .. }, Decided) => Decided,
        // The quota is the publication's to check, on the whole group (`quota::evaluate`).
        (Transition::Publish, Decided) => Published,
        (Transition::Correct { .. }, Published) => {
            flags.push(Flag::NewRevision);
            Published
        }
        _ => return Err(invalid()),
    };

    if transition.reason().is_some_and(|r| r.trim().is_empty()) {
        return Err(WorkflowError::ReasonRequired { transition: tname });
    }
    if let Some(step) = transition.step() {
        match calendar(step) {
            StepStatus::Open { extended, .. } => {
                if extended {
                    flags.push(Flag::Extended);
                }
            }
            status => return Err(WorkflowError::WindowClosed { step, status }),
        }
    }
    Ok(Outcome {
        next,
        acted_as,
        flags,
    })
}

/// What a transfer ("điều động, luân chuyển", Điều 20.4) does to an evaluation of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferEffect {
    /// Decided or published under the old post: it stays there.
    Stays,
    /// Open: it follows the person to the new post (its unit and evaluators), keeping its
    /// scores when the criteria form is the same.
    Follows,
    /// Open, and the new post has another criteria form: it follows the person and starts over
    /// as a draft, since scores of one form mean nothing on another.
    FollowsAsNewDraft,
}

/// Open evaluations follow the rules of the new post; decided ones stay with the post they were
/// decided for (Điều 20.4; DESIGN 3 "hand over").
pub fn on_transfer(state: State, form_changes: bool) -> TransferEffect {
    match state {
        State::Decided | State::Published => TransferEffect::Stays,
        _ if form_changes => TransferEffect::FollowsAsNewDraft,
        _ => TransferEffect::Follows,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use chrono::DateTime;

    fn open(_: Step) -> StepStatus {
        StepStatus::Open {
            closes: DateTime::UNIX_EPOCH.fixed_offset(),
            extended: false,
        }
    }
    fn closed(_: Step) -> StepStatus {
        StepStatus::Closed {
            closed: DateTime::UNIX_EPOCH.fixed_offset(),
        }
    }
    const ME: Relations = Relations {
        is_self: true,
        is_reviewer: false,
        is_decider: false,
        is_unit_head: false,
        is_competent_authority: false,
    };
    const REV: Relations = Relations {
        is_self: false,
        is_reviewer: true,
        is_decider: false,
        is_unit_head: false,
        is_competent_authority: false,
    };
    const DEC: Relations = Relations {
        is_self: false,
        is_reviewer: false,
        is_decider: true,
        is_unit_head: true,
        is_competent_authority: false,
    };
    const AUTH: Relations = Relations {
        is_self: false,
        is_reviewer: false,
        is_decider: false,
        is_unit_head: false,
        is_competent_authority: true,
    };
    const CTX: Context = Context { has_reviewer: true };

    #[test]
    fn happy_path() {
        let mut s = State::Draft;
        for (t, who) in [
            (Transition::SaveSelf, ME),
            (Transition::SubmitSelf, ME),
            (Transition::SaveReview, REV),
            (Transition::SubmitReview, REV),
            (Transition::Decide, DEC),
            (
                Transition::Adjust {
                    reason: "Điều chỉnh theo chỉ tiêu".into(),
                },
                DEC,
            ),
            (Transition::Publish, DEC),
            (
                Transition::Correct {
                    reason: "Sai sót".into(),
                },
                AUTH,
            ),
        ] {
            s = check(&t, &who, s, &CTX, open).unwrap().next;
        }
        assert_eq!(s, State::Published);
    }

    #[test]
    fn refusals_are_typed() {
        assert!(matches!(
            check(&Transition::SubmitSelf, &REV, State::Draft, &CTX, open),
            Err(WorkflowError::Forbidden { .. })
        ));
        assert!(matches!(
            check(&Transition::SubmitSelf, &ME, State::Decided, &CTX, open),
            Err(WorkflowError::InvalidTransition { .. })
        ));
        assert!(matches!(
            check(&Transition::SubmitSelf, &ME, State::Draft, &CTX, closed),
            Err(WorkflowError::WindowClosed { .. })
        ));
        let r = Transition::Return { reason: " ".into() };
        assert_eq!(
            check(&r, &DEC, State::Decided, &CTX, open),
            Err(WorkflowError::ReasonRequired {
                transition: "return"
            })
        );
        assert!(
            check(
                &Transition::SaveReview,
                &REV,
                State::SelfSubmitted,
                &Context {
                    has_reviewer: false
                },
                open
            )
            .is_err()
        );
        // The reviewer can return only what has not reached the decider.
        let r = Transition::Return {
            reason: "Bổ sung".into(),
        };
        assert!(check(&r, &REV, State::SelfSubmitted, &CTX, open).is_ok());
        assert!(check(&r, &REV, State::Reviewed, &CTX, open).is_err());
    }

    #[test]
    fn decide_without_self_assessment_after_window() {
        let cal = |s: Step| {
            if s == Step::SelfAssessment {
                closed(s)
            } else {
                open(s)
            }
        };
        let out = check(&Transition::Decide, &DEC, State::Draft, &CTX, cal).unwrap();
        assert_eq!(out.next, State::Decided);
        assert_eq!(out.flags, vec![Flag::NoSelfAssessment]);
        assert!(check(&Transition::Decide, &DEC, State::Draft, &CTX, open).is_err());
    }

    #[test]
    fn open_evaluations_follow_a_transfer() {
        assert_eq!(on_transfer(State::Draft, false), TransferEffect::Follows);
        assert_eq!(
            on_transfer(State::SelfSubmitted, true),
            TransferEffect::FollowsAsNewDraft
        );
        assert_eq!(on_transfer(State::Reviewed, false), TransferEffect::Follows);
        assert_eq!(on_transfer(State::Decided, true), TransferEffect::Stays);
        assert_eq!(on_transfer(State::Published, false), TransferEffect::Stays);
    }
}
