use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::models::org::NewPerson;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{PersonView, Position, check_in_charge, external_id_taken};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::unknown_unit;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// A new person and their post.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewPersonRequest {
    /// The person's id in the HR system, unique.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub external_id: Option<String>,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255, example = "Nguyễn Thị Hạnh")]
    pub full_name: String,
    #[validate(email)]
    #[schema(format = "email")]
    pub email: Option<String>,
    pub unit_id: Uuid,
    #[validate(nested)]
    pub position: Position,
    #[serde(default)]
    pub in_charge_of_unit_ids: Vec<Uuid>,
    #[serde(default)]
    pub in_charge_of_person_ids: Vec<Uuid>,
}

/// Add a person to a unit the caller manages.
#[utoipa::path(
    tag = "organisation",
    request_body = NewPersonRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = PersonView),
        (status = 409, description = "`external_id_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_unit`, `not_a_deputy`, `form_does_not_fit_post`, `unknown_office`, ...)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people")]
pub async fn create_person(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewPersonRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, request.unit_id).map_err(|_| unknown_unit("unit_id"))?;
        if !unit.active || !caller.may(Mode::Act, &scope::unit_target(&unit)?) {
            return Err(unknown_unit("unit_id"));
        }
        super::check_form_fits(
            conn,
            request.position.category,
            request.position.form_code,
            "position.form_code",
        )?;
        let category = dto::name(request.position.category);
        let person = org::insert_person(
            conn,
            &NewPerson {
                external_id: request.external_id.as_deref().map(str::trim),
                full_name: request.full_name.trim(),
                email: request.email.as_deref().map(str::trim),
                unit_id: unit.id,
                position_category: &category,
                position_title: request.position.title.trim(),
                form_code: request.position.form_code,
                office: request.position.office.as_deref(),
            },
        )
        .map_err(external_id_taken)?;
        check_in_charge(
            conn,
            unit.id,
            request.position.category,
            Some(&request.in_charge_of_unit_ids),
            Some(&request.in_charge_of_person_ids),
        )?;
        org::set_in_charge(
            conn,
            person.id,
            Some(&request.in_charge_of_unit_ids),
            Some(&request.in_charge_of_person_ids),
        )?;
        let view = PersonView::load(conn, &person)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("person.create", "person", person.id)
                .unit(Some(unit.id))
                .after(&view)],
            now,
        )?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}
