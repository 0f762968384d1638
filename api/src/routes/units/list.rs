use actix_web::{HttpResponse, get, web};
use persistence::queries::org::{self, UnitFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{UnitPage, UnitView};
use crate::auth::Caller;
use crate::db;
use crate::dto::{self, Bloc, UnitLevel};
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Only direct children of this unit.
    pub parent_id: Option<Uuid>,
    /// Only this unit and everything under it.
    pub within: Option<Uuid>,
    pub level: Option<UnitLevel>,
    pub bloc: Option<Bloc>,
    pub active: Option<bool>,
    /// Part of the code or name.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// Units the caller may see, by code, keyset-paged.
#[utoipa::path(
    tag = "organisation",
    params(UnitQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitPage),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UnitQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let page = db::run(&state.pool, move |conn| {
        let visibility = scope::visibility(conn, &caller.actor)?;
        let within_path = match query.within {
            Some(id) => Some(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path),
            None => None,
        };
        let filter = UnitFilter {
            within_path,
            parent_id: query.parent_id,
            level: query.level.map(dto::name),
            bloc: query.bloc.map(dto::name),
            active: query.active,
            text: query.q.filter(|q| !q.trim().is_empty()),
        };
        let (rows, next_cursor) = dto::keyset_page(
            conn,
            limit,
            query.cursor,
            |conn, after: Option<&String>, n| {
                org::list_units(conn, &visibility, &filter, after.map(String::as_str), n)
            },
            |unit| unit.code.clone(),
            |_, unit| {
                Ok::<_, ApiError>(
                    caller.may(domain::access::Mode::Read, &scope::unit_target(unit)?),
                )
            },
        )?;
        let items = rows
            .iter()
            .map(UnitView::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(UnitPage { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
