use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::rank::{self, KnockOut, Rank};
use domain::scoring::Column;
use domain::workflow::Transition;
use persistence::queries::evaluations as store;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::flow::{self, apply_column, bands, if_match, lines, rank_name, to_json, totals};
use super::{EvaluationView, KnockOutBody, ScoreInput, ScoresBody};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::validated;
use crate::state::AppState;

/// A correction after publication: new decider scores and/or rank, with the reason.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CorrectionBody {
    pub scores: Option<Vec<ScoreInput>>,
    #[schema(value_type = Option<String>, example = "B")]
    pub rank: Option<Rank>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Correct a published evaluation (its decider or the unit head): the current revision is
/// kept whole, a new one is made and published.
#[utoipa::path(
    tag = "evaluations",
    request_body = CorrectionBody,
    params(("If-Match" = Option<String>, Header, description = "The ETag read last"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat safely")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not published", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evaluations/{id}/corrections")]
pub async fn correct(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<CorrectionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = validated(body)?;
    let version = if_match(req.headers())?;
    let id = id.into_inner();
    idempotency::run(&state, &caller, &req, move |state, caller| async move {
        let reason = body.reason.clone();
        flow::transition(
            &state,
            caller,
            id,
            version,
            false,
            Transition::Correct {
                reason: reason.clone(),
            },
            "correct",
            move |conn, l, changes, _, now| {
                store::keep_revision(conn, &l.evaluation, &reason, now)?;
                let mut t = totals(&l.evaluation);
                if let Some(scores) = &body.scores {
                    let mut current = lines(&l.evaluation);
                    let column = ScoresBody {
                        scores: scores.clone(),
                        comment: None,
                        completion_percent: None,
                        completion_reason: None,
                    };
                    let (total, _) = apply_column(
                        &l.form,
                        &mut current,
                        Column::Decider,
                        &column,
                        crate::routes::plans::completion(conn, l.person.id, l.period)?,
                    )?;
                    let knock_outs: Vec<KnockOut> = serde_json::from_value::<Vec<KnockOutBody>>(
                        l.evaluation.knock_outs.clone(),
                    )
                    .unwrap_or_default()
                    .into_iter()
                    .map(|k| KnockOut {
                        code: k.code,
                        evidence_ref: k.evidence_ref,
                    })
                    .collect();
                    let outcome = rank::rank(&bands(), total, &knock_outs);
                    t.decider = Some(total);
                    changes.scores = to_json(&current)?;
                    changes.totals = to_json(&t)?;
                    changes.rank_by_points = Some(rank_name(outcome.by_points));
                    changes.rank_final = Some(rank_name(outcome.rank));
                }
                if let Some(chosen) = body.rank {
                    // A correction may lower the rank the points give, never raise it past
                    // them or past a knock-out.
                    let by_points =
                        super::flow::parse_rank(&changes.rank_by_points).unwrap_or(Rank::D);
                    super::flow::check_chosen_rank(
                        chosen,
                        by_points,
                        super::flow::is_knocked_out(&changes.flags),
                    )?;
                    changes.rank_final = Some(rank_name(chosen));
                }
                changes.revision = l.evaluation.revision + 1;
                changes.published_at = Some(now);
                changes.adjust_reason = Some(reason.clone());
                within_quota(conn, l, changes.rank_final.as_deref())?;
                follow_in_commendations(conn, l, changes.rank_final.as_deref())?;
                Ok(())
            },
        )
        .await
    })
    .await
}

/// A corrected rank is reflected in the commendation list until the list is sent up: an A is
/// proposed by default, anything else is taken off.
fn follow_in_commendations(
    conn: &mut diesel::PgConnection,
    l: &super::flow::Loaded,
    rank: Option<&str>,
) -> Result<(), ApiError> {
    let (unit, key, person) = (
        l.evaluation.publishing_unit_id,
        l.evaluation.period.clone(),
        l.person.id,
    );
    if store::commendations_sent(conn, unit, &key)?.is_some() {
        return Ok(());
    }
    let mut list = store::commendations(conn, unit, &key)?;
    let listed = list.iter().any(|(p, _)| *p == person);
    match (rank == Some("A"), listed) {
        (true, false) => list.push((
            person,
            format!(
                "Hoàn thành xuất sắc nhiệm vụ tháng {:02}/{}",
                l.period.month(),
                l.period.year()
            ),
        )),
        (false, true) => list.retain(|(p, _)| *p != person),
        _ => return Ok(()),
    }
    store::set_commendations(conn, unit, &key, &list)?;
    Ok(())
}

/// A correction that makes someone an A must keep their quota group within its quota.
fn within_quota(
    conn: &mut diesel::PgConnection,
    l: &super::flow::Loaded,
    rank: Option<&str>,
) -> Result<(), ApiError> {
    if rank != Some("A") || l.evaluation.rank_final.as_deref() == Some("A") {
        return Ok(());
    }
    let unit = persistence::queries::org::unit(conn, l.evaluation.publishing_unit_id)?;
    let month = crate::routes::results::unit_month(conn, &unit, l.period)?;
    let group = month.groups.iter().find(|g| {
        g.members
            .iter()
            .any(|m| m.evaluation_id == Some(l.evaluation.id))
    });
    match group {
        Some(g) if g.quota.used_a + 1 > g.quota.max_a => Err(ApiError::conflict(
            "quota_exceeded",
            format!(
                "{}: đã đủ {} loại A theo chỉ tiêu; không thể đính chính thành A.",
                g.name, g.quota.max_a
            ),
            format!(
                "{}: the group already has its {} A; the correction cannot make another.",
                g.name, g.quota.max_a
            ),
        )),
        _ => Ok(()),
    }
}
