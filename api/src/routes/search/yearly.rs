use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::yearly::{PersonYear, UnitYear};
use crate::error::{ApiError, Problem};
use crate::services::yearly;
use crate::state::AppState;

/// A person's year (DESIGN 2.6): the average of the decided monthly totals over the months
/// worked, the months used, the rank by the bands of Điều 13.1 and any knock-out.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonYear),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/year/{year}")]
pub async fn person_year(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, year) = path.into_inner();
    let year = yearly::check_year(year)?;
    let answer = db::run(&state.pool, move |conn| {
        yearly::person_year(conn, &caller, id, year)
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// A publishing unit's year: everyone it decided that year with their yearly result, and the
/// quota on A applied over the unit. Those with export rights on the unit only.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitYear),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/year/{year}")]
pub async fn unit_year(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, year) = path.into_inner();
    let year = yearly::check_year(year)?;
    let answer = db::run(&state.pool, move |conn| {
        yearly::unit_year(conn, &caller, id, year)
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}
