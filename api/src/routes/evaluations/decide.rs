use actix_web::{HttpRequest, HttpResponse, put, web};
use domain::rank::{self, KnockOut, Rank, default_knock_out_rules};
use domain::scoring::Column;
use domain::workflow::Transition;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::flow::{self, bands, if_match, rank_name, to_json};
use super::{EvaluationView, KnockOutBody, ScoreInput};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// The decider's scores, comment, knock-outs and, optionally, a lower rank than the points
/// give (to respect the A quota: "đủ điều kiện A, xếp B do chỉ tiêu").
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DecisionBody {
    pub scores: Vec<ScoreInput>,
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
    #[serde(default)]
    pub knock_outs: Vec<KnockOutBody>,
    /// A rank at most as good as the points give.
    #[schema(value_type = Option<String>, example = "B")]
    pub rank: Option<Rank>,
    #[schema(minimum = 0, maximum = 100)]
    pub completion_percent: Option<f64>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub completion_reason: Option<String>,
}

/// Decide: score, comment, knock-outs; the rank follows from the total (Điều 12.3, 13.1).
#[utoipa::path(
    tag = "evaluations",
    request_body = DecisionBody,
    params(("If-Match" = String, Header, description = "The ETag read last")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`: not this evaluation's decider", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (scores, knock-outs, `rank_above_points`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/evaluations/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    flow::transition(
        &state,
        caller,
        id.into_inner(),
        version,
        true,
        Transition::Decide,
        "decide",
        move |conn, l, changes, _, now| {
            let is_leader = matches!(l.person.position_category.as_str(), "head" | "deputy");
            let knock_outs: Vec<KnockOut> = body
                .knock_outs
                .iter()
                .map(|k| KnockOut {
                    code: k.code.clone(),
                    evidence_ref: k.evidence_ref.clone(),
                })
                .collect();
            let rules = default_knock_out_rules();
            let invalid: Vec<FieldError> = knock_outs
                .iter()
                .enumerate()
                .filter_map(|(i, k)| {
                    k.check(&rules, is_leader).err().map(|e| {
                        FieldError::new(
                            &format!("knock_outs[{i}]"),
                            "invalid_knock_out",
                            &format!("Tiêu chí loại trừ không hợp lệ: {e}"),
                            &e.to_string(),
                        )
                    })
                })
                .collect();
            if !invalid.is_empty() {
                return Err(ApiError::Validation(invalid));
            }
            let column = super::ScoresBody {
                scores: body.scores.clone(),
                comment: body.comment.clone(),
                completion_percent: body.completion_percent,
                completion_reason: body.completion_reason.clone(),
            };
            let (total, _) = flow::save_column(conn, l, changes, Column::Decider, &column)?;
            let outcome = rank::rank(&bands(), total, &knock_outs);
            let final_rank = match body.rank {
                Some(chosen) => {
                    flow::check_chosen_rank(
                        chosen,
                        outcome.by_points,
                        outcome.knocked_out_by.is_some(),
                    )?;
                    chosen
                }
                None => outcome.rank,
            };
            changes.knock_outs = to_json(&body.knock_outs)?;
            changes.rank_by_points = Some(rank_name(outcome.by_points));
            changes.rank_final = Some(rank_name(final_rank));
            changes.adjust_reason = None;
            changes.decided_at = Some(now);
            // A new decision replaces the previous one's marks.
            changes
                .flags
                .retain(|f| !matches!(f.as_deref(), Some("knocked_out" | "adjusted")));
            if outcome.knocked_out_by.is_some() {
                flow::flag(changes, "knocked_out");
            }
            Ok(())
        },
    )
    .await
}
