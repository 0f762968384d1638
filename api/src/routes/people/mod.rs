//! `/people`: people, their posts, deputies' fields, explicit evaluators, transfers and the
//! evaluation chain (API.md "Organisation and people").

mod assignments;
pub mod chain;
mod create;
mod get;
mod list;
mod transfer;
mod update;

use diesel::PgConnection;
use persistence::PersistenceError;
use persistence::models::org::Person;
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use super::dto::{self, PositionCategory};
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_people)
        .service(create::create_person)
        .service(get::get_person)
        .service(update::update_person)
        .service(transfer::transfer_person)
        .service(chain::evaluation_chain)
        .service(assignments::list_assignments)
        .service(assignments::create_assignment);
}

/// A post: category, title and the criteria form ("mẫu phiếu", Điều 11) it is scored with.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct Position {
    pub category: PositionCategory,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255, example = "Chuyên viên")]
    pub title: String,
    #[validate(range(min = 1, max = 19))]
    #[schema(minimum = 1, maximum = 19, example = 15)]
    pub form_code: i16,
    /// The office the post holds (Điều 10.1), one of the codes of `GET /evaluator-rules`
    /// (e.g. `giam_doc_so`, `bi_thu_quan_uy`); decides who evaluates the holder by post rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "known_office"))]
    #[schema(example = "giam_doc_so")]
    pub office: Option<String>,
}

/// An office tag must be one of the known codes (Điều 10.1; DESIGN 2.4 rule 6).
fn known_office(code: &str) -> Result<(), validator::ValidationError> {
    match domain::org::Office::from_code(code) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("unknown_office")),
    }
}

impl Position {
    /// The post of a stored person.
    pub fn of(person: &Person) -> Result<Self, PersistenceError> {
        Ok(Self {
            category: dto::parse(&person.position_category)?,
            title: person.position_title.clone(),
            form_code: person.form_code,
            office: person.office.clone(),
        })
    }
}

/// A post must be scored with a form written for it (Điều 11; DESIGN 2.6): the form in force
/// today must list the post's category, else 422 `form_does_not_fit_post` on `field`.
pub fn check_form_fits(
    conn: &mut PgConnection,
    category: PositionCategory,
    form_code: i16,
    field: &str,
) -> Result<(), ApiError> {
    let today = chrono::Utc::now()
        .with_timezone(&domain::calendar::HANOI)
        .date_naive();
    let forms = persistence::queries::rules::forms_in_force(conn, today)?;
    let Some(form) = forms.iter().find(|f| i16::from(f.code.get()) == form_code) else {
        return Ok(()); // no such form in force: the form's own checks answer
    };
    let domain_category: domain::org::PositionCategory = dto::parse(&dto::name(category))?;
    if form.fits(domain_category) {
        return Ok(());
    }
    Err(form_does_not_fit(field, form_code, &dto::name(category)))
}

/// The refusal of a form that was not written for the post (Điều 11).
pub fn form_does_not_fit(field: &str, form_code: i16, category: &str) -> ApiError {
    ApiError::field(
        field,
        "form_does_not_fit_post",
        &format!("Mẫu phiếu số {form_code} không dành cho chức danh loại \"{category}\"."),
        &format!("Form {form_code} is not written for a post of category \"{category}\"."),
    )
}

/// A person with their current post.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    pub id: Uuid,
    pub external_id: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub unit_id: Uuid,
    pub position: Position,
    /// For a unit deputy: the departments whose field they oversee.
    pub in_charge_of_unit_ids: Vec<Uuid>,
    /// For a department deputy: the people they are in charge of.
    pub in_charge_of_person_ids: Vec<Uuid>,
    pub active: bool,
}

/// A person in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: Uuid,
    pub full_name: String,
    pub unit_id: Uuid,
    pub position: Position,
}

impl PersonSummary {
    pub fn of(person: &Person) -> Result<Self, PersistenceError> {
        Ok(Self {
            id: person.id,
            full_name: person.full_name.clone(),
            unit_id: person.unit_id,
            position: Position::of(person)?,
        })
    }
}

/// A page of people.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonPage {
    pub items: Vec<PersonView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl PersonView {
    pub fn from_row(
        person: &Person,
        in_charge_units: Vec<Uuid>,
        in_charge_people: Vec<Uuid>,
    ) -> Result<Self, PersistenceError> {
        Ok(Self {
            id: person.id,
            external_id: person.external_id.clone(),
            full_name: person.full_name.clone(),
            email: person.email.clone(),
            unit_id: person.unit_id,
            position: Position::of(person)?,
            in_charge_of_unit_ids: in_charge_units,
            in_charge_of_person_ids: in_charge_people,
            active: person.active,
        })
    }

    /// Loads what the person is in charge of and builds the view.
    pub fn load(conn: &mut PgConnection, person: &Person) -> Result<Self, PersistenceError> {
        let (units, people) = org::in_charge_of(conn, person.id)?;
        Self::from_row(person, units, people)
    }
}

/// Checks a deputy's fields: a unit deputy oversees departments of their unit, a department
/// deputy oversees people of their department; nobody else is "in charge" (Điều 10.3).
pub fn check_in_charge(
    conn: &mut PgConnection,
    unit_id: Uuid,
    category: PositionCategory,
    unit_ids: Option<&[Uuid]>,
    person_ids: Option<&[Uuid]>,
) -> Result<(), ApiError> {
    let any = unit_ids.is_some_and(|u| !u.is_empty()) || person_ids.is_some_and(|p| !p.is_empty());
    if any && category != PositionCategory::Deputy {
        return Err(ApiError::field(
            "in_charge_of_unit_ids",
            "not_a_deputy",
            "Chỉ cấp phó mới được phân công phụ trách.",
            "Only deputies are put in charge of units or people.",
        ));
    }
    if let Some(ids) = unit_ids
        && org::children_among(conn, unit_id, ids)?.len() != dedup_len(ids)
    {
        return Err(ApiError::field(
            "in_charge_of_unit_ids",
            "not_a_child_unit",
            "Chỉ được phụ trách các phòng, ban trực thuộc đơn vị của mình.",
            "A deputy may only oversee departments of their own unit.",
        ));
    }
    if let Some(ids) = person_ids
        && org::members_among(conn, unit_id, ids)?.len() != dedup_len(ids)
    {
        return Err(ApiError::field(
            "in_charge_of_person_ids",
            "not_a_member",
            "Chỉ được phụ trách người trong cùng phòng, ban.",
            "A deputy may only be in charge of people of their own department.",
        ));
    }
    Ok(())
}

fn dedup_len(ids: &[Uuid]) -> usize {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    ids.len()
}

/// Maps the unique external id constraint to a clear 409.
pub fn external_id_taken(error: PersistenceError) -> ApiError {
    match error {
        PersistenceError::Constraint(name) if name == "people_one_head_per_unit" => {
            ApiError::conflict(
                "unit_has_head",
                "Đơn vị đã có người đứng đầu; hãy chuyển người đó sang vị trí khác trước.",
                "The unit already has a head; move that person first.",
            )
        }
        PersistenceError::Constraint(name) if name == "people_external_id_key" => {
            ApiError::conflict(
                "external_id_taken",
                "Mã định danh ngoài (external_id) đã được dùng cho người khác.",
                "The external_id is already used by another person.",
            )
        }
        other => other.into(),
    }
}

pub(crate) fn unknown_unit(field: &str) -> ApiError {
    ApiError::field(
        field,
        "unknown_unit",
        "Không tìm thấy đơn vị trong phạm vi quản lý của bạn.",
        "No such unit within your scope.",
    )
}

pub(crate) fn unknown_person(field: &str) -> ApiError {
    ApiError::field(
        field,
        "unknown_person",
        "Không tìm thấy người này trong phạm vi quản lý của bạn.",
        "No such person within your scope.",
    )
}
