use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::evaluations as store;
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// Forms merged into one named quota group; forms not named form a group each.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaGroup {
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255, example = "Công chức, viên chức")]
    pub name: String,
    #[schema(example = json!([15, 19]))]
    pub form_codes: Vec<i16>,
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaGroups {
    #[validate(nested)]
    pub groups: Vec<QuotaGroup>,
}

/// A unit's merged quota groups.
#[utoipa::path(tag = "results", security(("bearer_auth" = [])), responses((status = 200, body = QuotaGroups), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
#[get("/units/{id}/quota-groups")]
pub async fn get_groups(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let groups = db::run(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Read, &scope::unit_target(&unit)?)?;
        Ok(collect(store::quota_group_names(conn, id)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(groups))
}

/// Merge forms into quota groups for a unit (its admins); replaces the previous grouping.
#[utoipa::path(
    tag = "results",
    request_body = QuotaGroups,
    security(("bearer_auth" = [])),
    responses((status = 200, body = QuotaGroups), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"))
)]
#[put("/units/{id}/quota-groups")]
pub async fn put_groups(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<QuotaGroups>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    let mut pairs: Vec<(i16, String)> = Vec::new();
    for (i, group) in request.groups.iter().enumerate() {
        for code in &group.form_codes {
            if !(1..=19).contains(code) || pairs.iter().any(|(c, _)| c == code) {
                return Err(ApiError::field(
                    &format!("groups[{i}].form_codes"),
                    "invalid_form_code",
                    "Mã mẫu phiếu phải từ 1 đến 19 và mỗi mẫu chỉ thuộc một nhóm.",
                    "Form codes are 1–19, each in one group only.",
                ));
            }
            pairs.push((*code, group.name.trim().to_owned()));
        }
    }
    let id = id.into_inner();
    let now = Utc::now();
    let groups = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Act, &scope::unit_target(&unit)?)?;
        let before = store::quota_group_names(conn, id)?;
        store::set_quota_groups(conn, id, &pairs)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.quota_groups", "unit", id)
                .unit(Some(id))
                .before(&before)
                .after(&pairs)],
            now,
        )?;
        Ok(collect(pairs))
    })
    .await?;
    Ok(HttpResponse::Ok().json(groups))
}

fn collect(pairs: Vec<(i16, String)>) -> QuotaGroups {
    let mut groups: Vec<QuotaGroup> = Vec::new();
    for (code, name) in pairs {
        match groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.form_codes.push(code),
            None => groups.push(QuotaGroup {
                name,
                form_codes: vec![code],
            }),
        }
    }
    for group in &mut groups {
        group.form_codes.sort_unstable();
    }
    QuotaGroups { groups }
}
