use actix_web::{HttpResponse, patch, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org::{self, PersonChanges, PostFields};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{PersonView, Position, check_in_charge, external_id_taken};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// Changes to a person; absent fields stay as they are. Moving to another unit is a transfer
/// (`POST /people/{id}/transfer`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct PersonPatch {
    /// `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub external_id: Option<Option<String>>,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255)]
    pub full_name: Option<String>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[validate(email)]
    #[schema(format = "email")]
    pub email: Option<Option<String>>,
    /// A new post in the same unit (kept in the post history).
    #[validate(nested)]
    pub position: Option<Position>,
    pub in_charge_of_unit_ids: Option<Vec<Uuid>>,
    pub in_charge_of_person_ids: Option<Vec<Uuid>>,
    /// `false` when the person leaves the service.
    pub active: Option<bool>,
}

/// A field sent, `null` included (`Some(None)`), as against a field left out (`None`): serde
/// alone reads both as `None`, and a patch must tell "remove it" from "leave it".
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Change a person's details, post within their unit, or fields in charge.
#[utoipa::path(
    tag = "organisation",
    request_body = PersonPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`external_id_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`form_does_not_fit_post`, `unknown_office`, ...)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/people/{id}")]
pub async fn update_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<PersonPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let patch = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Act, &scope::person_target(&person, &unit)?)?;
        // Nobody changes their own post or fields in charge: they carry the powers of
        // evaluation. That holds for the holder of a functional account too.
        let touches_post = patch.position.is_some()
            || patch.in_charge_of_unit_ids.is_some()
            || patch.in_charge_of_person_ids.is_some();
        if touches_post && caller.acts_as_person(id) {
            return Err(ApiError::Forbidden);
        }
        let before = PersonView::load(conn, &person)?;
        org::update_person(
            conn,
            id,
            &PersonChanges {
                external_id: patch.external_id.map(|e| e.map(|e| e.trim().to_owned())),
                full_name: patch.full_name.map(|n| n.trim().to_owned()),
                email: patch.email.map(|e| e.map(|e| e.trim().to_owned())),
                active: patch.active,
                updated_at: Some(now),
            },
        )
        .map_err(external_id_taken)?;
        let category = match &patch.position {
            Some(position) => {
                super::check_form_fits(
                    conn,
                    position.category,
                    position.form_code,
                    "position.form_code",
                )?;
                org::change_post(
                    conn,
                    id,
                    &PostFields {
                        unit_id: person.unit_id,
                        category: dto::name(position.category),
                        title: position.title.trim().to_owned(),
                        form_code: position.form_code,
                        office: position.office.clone(),
                    },
                    "post_change",
                    now,
                )
                .map_err(external_id_taken)?;
                position.category
            }
            None => before.position.category,
        };
        // A new post or new fields are checked together, so a head cannot keep a deputy's fields.
        let units = patch
            .in_charge_of_unit_ids
            .clone()
            .unwrap_or_else(|| before.in_charge_of_unit_ids.clone());
        let people = patch
            .in_charge_of_person_ids
            .clone()
            .unwrap_or_else(|| before.in_charge_of_person_ids.clone());
        check_in_charge(conn, person.unit_id, category, Some(&units), Some(&people))?;
        org::set_in_charge(conn, id, Some(&units), Some(&people))?;
        let updated = org::find_person(conn, id)?;
        let after = PersonView::load(conn, &updated)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("person.update", "person", id)
                .unit(Some(person.unit_id))
                .before(&before)
                .after(&after)],
            now,
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
