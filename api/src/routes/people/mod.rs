//! `/people`: people, their posts, deputies' fields, explicit evaluators, transfers and the
//! evaluation chain (API.md "Organisation and people").

mod assignments;
pub mod chain;
mod create;
mod get;
mod list;
mod posts;
mod transfer;
mod update;

use diesel::PgConnection;
use persistence::PersistenceError;
use persistence::queries::org;

use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use crate::dto::people::{PersonPage, PersonSummary, PersonView, Position};
use crate::dto::{self, PositionCategory};
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_people)
        .service(create::create_person)
        .service(get::get_person)
        .service(update::update_person)
        .service(posts::list_posts)
        .service(transfer::transfer_person)
        .service(chain::evaluation_chain)
        .service(assignments::list_assignments)
        .service(assignments::create_assignment);
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
