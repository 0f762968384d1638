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
use persistence::queries::org;

use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::dto::PositionCategory;
pub use crate::dto::people::{PersonPage, PersonSummary, PersonView, Position};
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
