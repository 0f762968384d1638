//! `/units`: the org tree (API.md "Organisation and people").

mod create;
mod delegations;
mod get;
mod list;
mod update;

use persistence::PersistenceError;
use persistence::models::org::Unit;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::dto::{self, Bloc, UnitLevel};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_units)
        .service(create::create_unit)
        .service(get::get_unit)
        .service(update::update_unit)
        .service(delegations::list_delegations)
        .service(delegations::create_delegation);
}

/// A unit ("cơ quan, đơn vị") or a department ("phòng, ban").
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    pub bloc: Bloc,
    pub parent_id: Option<Uuid>,
    /// Deactivated units keep their history but take no new people.
    pub active: bool,
}

impl TryFrom<&Unit> for UnitView {
    type Error = PersistenceError;

    fn try_from(unit: &Unit) -> Result<Self, Self::Error> {
        Ok(Self {
            id: unit.id,
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: dto::parse(&unit.level)?,
            bloc: dto::parse(&unit.bloc)?,
            parent_id: unit.parent_id,
            active: unit.active,
        })
    }
}

/// A page of units.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitPage {
    pub items: Vec<UnitView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A unit may sit under a parent of its own bloc, or directly under a city-level unit
/// (which gathers the blocs); moves stay within the bloc (Điều 7).
pub fn bloc_fits(child_bloc: &str, parent: &Unit) -> bool {
    parent.level == "city" || parent.bloc == child_bloc
}

pub(crate) fn bloc_mismatch() -> crate::error::ApiError {
    crate::error::ApiError::field(
        "parent_id",
        "bloc_mismatch",
        "Đơn vị cấp trên thuộc khối khác; chỉ được đặt trong cùng khối (hoặc trực tiếp dưới cấp thành phố).",
        "The parent belongs to another bloc; a unit stays within its bloc (or directly under the city level).",
    )
}

pub(crate) fn unknown_parent() -> crate::error::ApiError {
    crate::error::ApiError::field(
        "parent_id",
        "unknown_unit",
        "Không tìm thấy đơn vị cấp trên trong phạm vi quản lý của bạn.",
        "No such parent unit within your scope.",
    )
}
