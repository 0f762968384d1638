use actix_web::{HttpResponse, get, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::access::Mode;
use persistence::queries::org::{self, PersonFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{PersonPage, PersonView};
use crate::auth::Caller;
use crate::db;
use crate::dto::{self, PositionCategory};
use crate::error::{ApiError, Problem, request_error};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    /// Only people whose post is in this unit.
    pub unit_id: Option<Uuid>,
    /// Everyone in this unit and the units under it.
    pub within: Option<Uuid>,
    pub category: Option<PositionCategory>,
    pub active: Option<bool>,
    /// Part of the name or external id.
    pub q: Option<String>,
    /// Only these people: ids separated by commas, at most 500 (to name several at once).
    pub ids: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// People the caller may see, by name, keyset-paged.
#[utoipa::path(
    tag = "organisation",
    params(PersonQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonPage),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PersonQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let ids = query
        .ids
        .as_deref()
        .map(parse_ids)
        .transpose()?
        .unwrap_or_default();
    let page = db::run(&state.pool, move |conn| {
        let visibility = scope::people_visibility(conn, &caller.actor)?;
        let within_path = match query.within {
            Some(id) => Some(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path),
            None => None,
        };
        let filter = PersonFilter {
            unit_id: query.unit_id,
            within_path,
            category: query.category.map(dto::name),
            active: query.active,
            text: query.q.filter(|q| !q.trim().is_empty()),
            ids,
            ..PersonFilter::default()
        };
        let (visible, next) = dto::keyset_page(
            conn,
            limit,
            after,
            |conn, after: Option<&(String, Uuid)>, n| {
                let after = after.map(|(name, id)| (name.as_str(), *id));
                org::list_people(conn, &visibility, &filter, after, n)
            },
            |(person, _)| (person.full_name.clone(), person.id),
            |_, (person, unit)| {
                Ok::<_, ApiError>(
                    scope::person_target(person, unit).is_ok_and(|t| caller.may(Mode::Read, &t)),
                )
            },
        )?;
        let next_cursor = next.map(|(name, id)| encode_cursor(&name, id));
        let ids: Vec<Uuid> = visible.iter().map(|(p, _)| p.id).collect();
        let (unit_charges, person_charges) = org::in_charge_for(conn, &ids)?;
        let items = visible
            .iter()
            .map(|(person, _)| {
                let units = unit_charges
                    .iter()
                    .filter(|(d, _)| *d == person.id)
                    .map(|(_, u)| *u)
                    .collect();
                let people = person_charges
                    .iter()
                    .filter(|(d, _)| *d == person.id)
                    .map(|(_, s)| *s)
                    .collect();
                PersonView::from_row(person, units, people)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PersonPage { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// `a,b,c`: at least one id, at most a page's worth, each a UUID.
fn parse_ids(text: &str) -> Result<Vec<Uuid>, ApiError> {
    let ids = text
        .split(',')
        .map(|id| Uuid::parse_str(id.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| request_error("ids"))?;
    if ids.is_empty() || ids.len() > 500 {
        return Err(request_error("ids"));
    }
    Ok(ids)
}

fn encode_cursor(name: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{id}{name}"))
}

fn decode_cursor(cursor: &str) -> Result<(String, Uuid), ApiError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| request_error("cursor"))?;
    let text = String::from_utf8(bytes).map_err(|_| request_error("cursor"))?;
    let (id, name) = text
        .split_at_checked(36)
        .ok_or_else(|| request_error("cursor"))?;
    let id = Uuid::parse_str(id).map_err(|_| request_error("cursor"))?;
    Ok((name.to_owned(), id))
}
