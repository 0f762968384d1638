use actix_web::{HttpResponse, get, post, web};
use chrono::{NaiveDate, Utc};
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org::{self, NewDelegation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::db;
use crate::error::unknown_person;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// An acting head of a unit ("quyền", "phụ trách") between two dates: they review and
/// decide in the head's place (DESIGN 2.4 rule 7).
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct DelegationBody {
    pub acting_person_id: Uuid,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// A stored delegation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DelegationView {
    pub id: Uuid,
    pub unit_id: Uuid,
    #[serde(flatten)]
    pub body: DelegationBody,
}

/// Delegations of a unit.
#[utoipa::path(
    tag = "organisation",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<DelegationView>),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/delegations")]
pub async fn list_delegations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let views = db::run(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Read, &scope::unit_target(&unit)?)?;
        Ok(org::delegations_of_unit(conn, id)?
            .into_iter()
            .map(|d| DelegationView {
                id: d.id,
                unit_id: d.unit_id,
                body: DelegationBody {
                    acting_person_id: d.acting_person_id,
                    valid_from: d.valid_from,
                    valid_until: d.valid_until,
                    note: d.note,
                },
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Name an acting head for a unit.
#[utoipa::path(
    tag = "organisation",
    request_body = DelegationBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = DelegationView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_person`, `self_assignment`, `dates`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/delegations")]
pub async fn create_delegation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<DelegationBody>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let body = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Act, &scope::unit_target(&unit)?)?;
        if body
            .valid_until
            .is_some_and(|until| until < body.valid_from)
        {
            return Err(ApiError::field(
                "valid_until",
                "dates",
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "The end date must not precede the start date.",
            ));
        }
        // Nobody makes themself acting head (with the head's powers of evaluation), also not
        // through a functional account they hold.
        if caller.acts_as_person(body.acting_person_id) {
            return Err(ApiError::field(
                "acting_person_id",
                "self_assignment",
                "Không được tự chỉ định mình (hoặc người giữ tài khoản này) làm quyền thủ trưởng.",
                "The caller (or the holder of this account) cannot be named acting head.",
            ));
        }
        let (acting, acting_unit) = org::person_with_unit(conn, body.acting_person_id)
            .map_err(|_| unknown_person("acting_person_id"))?;
        if !acting.active || !caller.may(Mode::Act, &scope::person_target(&acting, &acting_unit)?) {
            return Err(unknown_person("acting_person_id"));
        }
        let row = org::insert_delegation(
            conn,
            &NewDelegation {
                unit_id: id,
                acting_person_id: body.acting_person_id,
                valid_from: body.valid_from,
                valid_until: body.valid_until,
                note: body.note.as_deref(),
            },
        )?;
        let view = DelegationView {
            id: row.id,
            unit_id: id,
            body,
        };
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("delegation.create", "unit", id)
                .unit(Some(id))
                .after(&view)],
            now,
        )?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}
