use actix_web::{HttpResponse, patch, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org::{self, UnitChanges};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::create::code_taken;
use super::{UnitView, bloc_fits, bloc_mismatch, unknown_parent};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// Changes to a unit; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UnitPatch {
    #[validate(
        length(min = 1, max = 32),
        custom(function = "crate::routes::valid_code")
    )]
    #[schema(min_length = 1, max_length = 32, pattern = "^[A-Za-z0-9._-]+$")]
    pub code: Option<String>,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255)]
    pub name: Option<String>,
    /// Move the unit (with its subtree) under another unit of its bloc.
    pub parent_id: Option<Uuid>,
    /// `false` deactivates (units with history are never deleted); refused while it has
    /// active people or active child units.
    pub active: Option<bool>,
}

/// Rename, re-code, move or (de)activate a unit.
#[utoipa::path(
    tag = "organisation",
    request_body = UnitPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`code_taken`, `cycle`, `unit_not_empty`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_unit`, `bloc_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<UnitPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let patch = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Act, &scope::unit_target(&unit)?)?;
        let before = UnitView::try_from(&unit)?;
        if let Some(parent_id) = patch.parent_id.filter(|p| Some(*p) != unit.parent_id) {
            let parent = org::unit(conn, parent_id).map_err(|_| unknown_parent())?;
            if !caller.may(Mode::Act, &scope::unit_target(&parent)?) {
                return Err(unknown_parent());
            }
            if parent.path.starts_with(&unit.path) {
                return Err(ApiError::conflict(
                    "cycle",
                    "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
                    "A unit cannot move under itself or its own subtree.",
                ));
            }
            if !bloc_fits(&unit.bloc, &parent) {
                return Err(bloc_mismatch());
            }
        }
        if patch.active == Some(false) && unit.active {
            let (children, members) = org::active_contents(conn, id)?;
            if children > 0 || members > 0 {
                return Err(ApiError::conflict(
                    "unit_not_empty",
                    format!("Đơn vị còn {members} người và {children} đơn vị trực thuộc đang hoạt động; hãy chuyển họ đi trước."),
                    format!("The unit still has {members} active people and {children} active child units; move them first."),
                ));
            }
        }
        let changes = UnitChanges {
            code: patch.code.map(|c| c.trim().to_owned()),
            name: patch.name.map(|n| n.trim().to_owned()),
            parent_id: patch.parent_id.map(Some),
            active: patch.active,
            updated_at: Some(now),
        };
        let updated = org::update_unit(conn, id, &changes).map_err(code_taken)?;
        let after = UnitView::try_from(&updated)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.update", "unit", id).unit(Some(id)).before(&before).after(&after)],
            now,
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
