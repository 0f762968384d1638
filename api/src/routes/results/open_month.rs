use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use domain::access::{Mode, Target};
use persistence::queries::evaluations as store;
use persistence::queries::org;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::publications::PublicationRequest;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::services::calendar::parse_period;
use crate::services::opening::open_evaluation;
use crate::services::results::not_publishing;
use crate::state::AppState;

/// What opening the month did.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedMonth {
    pub unit_id: Uuid,
    pub period: String,
    /// Drafts created now.
    pub opened: usize,
    /// People of the unit with an evaluation this month (here or elsewhere).
    pub evaluations: usize,
}

/// Open the month for everyone of a publishing unit (its head or admins): a draft evaluation
/// for each person who has none yet, so that deciders can decide also for those who never
/// self-assess (DESIGN 2.3) and nobody blocks the publication.
#[utoipa::path(
    tag = "results",
    request_body = PublicationRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = OpenedMonth),
        (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/evaluations")]
pub async fn open_month(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<PublicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&body.period)?;
    let id = id.into_inner();
    let now = Utc::now();
    let opened = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        if !caller.heads(id) && !caller.may(Mode::Act, &scope::unit_target(&unit)?) {
            return Err(if caller.may(Mode::Read, &Target::Unit(unit.scope()?)) {
                ApiError::Forbidden
            } else {
                ApiError::NotFound
            });
        }
        if unit.level == "department" {
            return Err(not_publishing());
        }
        let key = period.to_string();
        // Everyone whose evaluation this unit's leaders decide by default: its own people and
        // the heads of the units right below it.
        let mut members = store::members_of_publishing_unit(conn, id)?;
        members.extend(store::heads_of_units_below(conn, id)?);
        let ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
        let existing = store::of_people(conn, &ids, &key)?;
        let mut opened = 0;
        for member in &members {
            if !existing.iter().any(|e| e.person_id == member.id) {
                open_evaluation(conn, member.id, period, &caller.audit, now)?;
                opened += 1;
            }
        }
        Ok(OpenedMonth {
            unit_id: id,
            period: key,
            opened,
            evaluations: existing.len() + opened,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(opened))
}
