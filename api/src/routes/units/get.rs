use actix_web::{HttpResponse, get, web};
use domain::access::Mode;
use persistence::queries::org;
use uuid::Uuid;

use super::UnitView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

/// One unit.
#[utoipa::path(
    tag = "organisation",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitView),
        (status = 404, description = "`not_found`: no such unit within your scope", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Read, &scope::unit_target(&unit)?)?;
        Ok(UnitView::try_from(&unit)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
