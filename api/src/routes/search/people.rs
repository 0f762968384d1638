use actix_web::{HttpResponse, get, web};
use persistence::queries::org::{self, PersonFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{BLOCS, CATEGORIES, LEVELS, form_codes, list_of};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::dto::search::PersonSearchPage;
use crate::error::{ApiError, Problem};
use crate::services::search;
use crate::state::AppState;

/// Every filter narrows; lists are comma-separated (`category=head,deputy`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchPeopleQuery {
    /// People in this unit and the units under it.
    pub unit_id: Option<Uuid>,
    /// `head`, `deputy`, `staff`, `contract`.
    pub category: Option<String>,
    /// Criteria form numbers (1–19).
    pub form: Option<String>,
    /// Bloc of the person's unit: `party`, `government`, `elected`, `front`.
    pub bloc: Option<String>,
    /// Level of the person's unit: `city`, `agency`, `district`, `commune`, `department`.
    pub level: Option<String>,
    pub active: Option<bool>,
    /// Part of the name or of the external id.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// People the caller may read, by name, with any combination of filters: for example every head
/// of a level across a district ("chức năng tổng hợp", Điều 7.2–7.4).
#[utoipa::path(
    tag = "search",
    params(SearchPeopleQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonSearchPage),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/people")]
pub async fn search_people(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SearchPeopleQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let mut filter = PersonFilter {
        active: query.active,
        text: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        categories: list_of(query.category.as_deref(), CATEGORIES, "category")?,
        form_codes: form_codes(query.form.as_deref())?,
        blocs: list_of(query.bloc.as_deref(), BLOCS, "bloc")?,
        levels: list_of(query.level.as_deref(), LEVELS, "level")?,
        ..PersonFilter::default()
    };
    let page = db::run(&state.pool, move |conn| {
        if let Some(id) = query.unit_id {
            filter.within_path = Some(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path);
        }
        search::people(conn, &caller, &filter, query.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
