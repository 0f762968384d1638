//! People as the API shows them.

use diesel::PgConnection;
use persistence::PersistenceError;
use persistence::models::org::Person;
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{self as dto, PositionCategory};

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
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
