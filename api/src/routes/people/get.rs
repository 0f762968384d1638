use actix_web::{HttpResponse, get, web};
use domain::access::Mode;
use persistence::queries::org;
use uuid::Uuid;

use super::PersonView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

/// One person.
#[utoipa::path(
    tag = "organisation",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonView),
        (status = 404, description = "`not_found`: no such person within your scope", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}")]
pub async fn get_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Read, &scope::person_target(&person, &unit)?)?;
        Ok(PersonView::load(conn, &person)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
