use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use domain::access::{Mode, Target};
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
use crate::services::opening;
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
        let month = opening::open_month(conn, id, period, &caller.audit, now)?;
        Ok(OpenedMonth {
            unit_id: id,
            period: period.to_string(),
            opened: month.opened,
            evaluations: month.evaluations,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(opened))
}
