use actix_web::{HttpResponse, get, post, web};
use chrono::{NaiveDate, Utc};
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org::{self, NewAssignment};
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

/// An explicit evaluator of a person (DESIGN 2.4 rule 1: city leaders, collective decisions,
/// unusual structures), valid between two dates.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct AssignmentBody {
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// The decision or reason.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// A stored assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    pub id: Uuid,
    #[serde(flatten)]
    pub body: AssignmentBody,
}

/// Explicit evaluator assignments of a person.
#[utoipa::path(
    tag = "organisation",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<AssignmentView>),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/assignments")]
pub async fn list_assignments(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let views = db::run(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Read, &scope::person_target(&person, &unit)?)?;
        Ok(org::assignments_of(conn, id)?
            .into_iter()
            .map(|a| AssignmentView {
                id: a.id,
                body: AssignmentBody {
                    reviewer_id: a.reviewer_id,
                    decider_id: a.decider_id,
                    valid_from: a.valid_from,
                    valid_until: a.valid_until,
                    note: a.note,
                },
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Assign a reviewer and/or decider to a person explicitly.
#[utoipa::path(
    tag = "organisation",
    request_body = AssignmentBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = AssignmentView),
        (status = 403, description = "`forbidden`: one's own evaluators (also as the holder of a functional account)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_person`, `self_evaluation`, `self_assignment`, `no_evaluator`, `dates`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people/{id}/assignments")]
pub async fn create_assignment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<AssignmentBody>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let body = validated(body)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Act, &scope::person_target(&person, &unit)?)?;
        if body.reviewer_id.is_none() && body.decider_id.is_none() {
            return Err(ApiError::field(
                "decider_id",
                "no_evaluator",
                "Cần chỉ định người nhận xét hoặc người quyết định.",
                "Name a reviewer or a decider.",
            ));
        }
        // Nobody chooses their own evaluators, nor names themself an evaluator, also not
        // through a functional account they hold.
        if caller.acts_as_person(id) {
            return Err(ApiError::Forbidden);
        }
        for (field, named) in [
            ("reviewer_id", body.reviewer_id),
            ("decider_id", body.decider_id),
        ] {
            if named.is_some_and(|named| caller.acts_as_person(named)) {
                return Err(ApiError::field(
                    field,
                    "self_assignment",
                    "Không được tự chỉ định mình (hoặc người giữ tài khoản này) làm người đánh giá.",
                    "The caller (or the holder of this account) cannot be named an evaluator.",
                ));
            }
        }
        if body.reviewer_id == Some(id) || body.decider_id == Some(id) {
            return Err(ApiError::field(
                "decider_id",
                "self_evaluation",
                "Không ai tự đánh giá mình.",
                "Nobody evaluates themself.",
            ));
        }
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
        for (field, other) in [
            ("reviewer_id", body.reviewer_id),
            ("decider_id", body.decider_id),
        ] {
            // Evaluators named must be people the caller manages (operators and bloc admins
            // reach city leaders); anything else reads as unknown.
            if let Some(other) = other {
                let (named, named_unit) =
                    org::person_with_unit(conn, other).map_err(|_| unknown_person(field))?;
                if !named.active
                    || !caller.may(Mode::Act, &scope::person_target(&named, &named_unit)?)
                {
                    return Err(unknown_person(field));
                }
            }
        }
        let row = org::insert_assignment(
            conn,
            &NewAssignment {
                person_id: id,
                reviewer_id: body.reviewer_id,
                decider_id: body.decider_id,
                valid_from: body.valid_from,
                valid_until: body.valid_until,
                note: body.note.as_deref(),
            },
        )?;
        let view = AssignmentView { id: row.id, body };
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("assignment.create", "person", id)
                .unit(Some(unit.id))
                .after(&view)],
            now,
        )?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}
