use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::PersistenceError;
use persistence::models::org::NewUnit;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{UnitView, bloc_fits, bloc_mismatch, unknown_parent};
use crate::auth::Caller;
use crate::db;
use crate::dto::{self, Bloc, UnitLevel};
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// A new unit or department.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewUnitRequest {
    /// Unique code (letters, digits, `-`, `_`, `.`).
    #[validate(
        length(min = 1, max = 32),
        custom(function = "crate::routes::valid_code")
    )]
    #[schema(
        min_length = 1,
        max_length = 32,
        pattern = "^[A-Za-z0-9._-]+$",
        example = "HK-QLDT"
    )]
    pub code: String,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255, example = "Phòng Quản lý đô thị")]
    pub name: String,
    pub level: UnitLevel,
    pub bloc: Bloc,
    /// The parent unit; only operators create top-level units.
    pub parent_id: Option<Uuid>,
}

/// Create a unit under a parent the caller manages.
#[utoipa::path(
    tag = "organisation",
    request_body = NewUnitRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = UnitView),
        (status = 403, description = "`forbidden`: only operators create top-level units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`code_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_unit`, `bloc_mismatch`, `parent_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewUnitRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let (level, bloc) = (dto::name(request.level), dto::name(request.bloc));
        match request.parent_id {
            Some(parent_id) => {
                let parent = org::unit(conn, parent_id).map_err(|_| unknown_parent())?;
                if !caller.may(Mode::Act, &scope::unit_target(&parent)?) {
                    return Err(unknown_parent());
                }
                if !bloc_fits(&bloc, &parent) {
                    return Err(bloc_mismatch());
                }
            }
            None if request.level == UnitLevel::Department => {
                return Err(ApiError::field(
                    "parent_id",
                    "parent_required",
                    "Phòng, ban phải thuộc một đơn vị.",
                    "A department needs a parent unit.",
                ));
            }
            None if !caller.is_operator() => return Err(ApiError::Forbidden),
            None => {}
        }
        let unit = org::insert_unit(
            conn,
            &NewUnit {
                code: request.code.trim(),
                name: request.name.trim(),
                level: &level,
                bloc: &bloc,
                parent_id: request.parent_id,
            },
        )
        .map_err(code_taken)?;
        let view = UnitView::try_from(&unit)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.create", "unit", unit.id)
                .unit(Some(unit.id))
                .after(&view)],
            now,
        )?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Maps the unique-code constraint to a clear 409.
pub(super) fn code_taken(error: PersistenceError) -> ApiError {
    match error {
        PersistenceError::Constraint(name) if name == "units_code_key" => ApiError::conflict(
            "code_taken",
            "Mã đơn vị đã được dùng.",
            "The unit code is already taken.",
        ),
        other => other.into(),
    }
}
