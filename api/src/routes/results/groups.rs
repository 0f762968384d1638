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
use crate::services::results::decided_here_by_default;
use crate::state::AppState;

/// A named quota group ("nhóm đối tượng"): whole forms merged into it, and people placed in
/// it whatever their form (to split a form's people). Unnamed forms form a group each.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaGroup {
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255, example = "Công chức, viên chức")]
    pub name: String,
    #[serde(default)]
    #[schema(example = json!([15, 19]))]
    pub form_codes: Vec<i16>,
    #[serde(default)]
    pub person_ids: Vec<Uuid>,
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct QuotaGroups {
    #[validate(nested)]
    pub groups: Vec<QuotaGroup>,
}

/// A publishing unit's named quota groups.
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
        Ok(collect(
            store::quota_group_names(conn, id)?,
            store::quota_group_people(conn, id)?,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(groups))
}

/// Split or merge quota groups for a publishing unit (its admins); replaces the grouping.
#[utoipa::path(
    tag = "results",
    request_body = QuotaGroups,
    security(("bearer_auth" = [])),
    responses((status = 200, body = QuotaGroups), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed` (`invalid_form_code`, `unknown_person`)", body = Problem, content_type = "application/problem+json"))
)]
#[put("/units/{id}/quota-groups")]
pub async fn put_groups(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<QuotaGroups>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    let mut forms: Vec<(i16, String)> = Vec::new();
    let mut people: Vec<(Uuid, String)> = Vec::new();
    for (i, group) in request.groups.iter().enumerate() {
        let name = group.name.trim().to_owned();
        for code in &group.form_codes {
            if !(1..=19).contains(code) || forms.iter().any(|(c, _)| c == code) {
                return Err(ApiError::field(
                    &format!("groups[{i}].form_codes"),
                    "invalid_form_code",
                    "Mã mẫu phiếu phải từ 1 đến 19 và mỗi mẫu chỉ thuộc một nhóm.",
                    "Form codes are 1–19, each in one group only.",
                ));
            }
            forms.push((*code, name.clone()));
        }
        for person in &group.person_ids {
            if people.iter().any(|(p, _)| p == person) {
                return Err(ApiError::field(
                    &format!("groups[{i}].person_ids"),
                    "duplicate_person",
                    "Mỗi người chỉ thuộc một nhóm.",
                    "Each person belongs to one group only.",
                ));
            }
            people.push((*person, name.clone()));
        }
    }
    let id = id.into_inner();
    let now = Utc::now();
    let groups = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        caller.require(Mode::Act, &scope::unit_target(&unit)?)?;
        // The month's people at this deciding level, heads of the units below included.
        let members = decided_here_by_default(conn, &unit)?;
        if let Some((i, _)) = people
            .iter()
            .enumerate()
            .find(|(_, (p, _))| !members.iter().any(|m| m.id == *p))
        {
            return Err(crate::error::unknown_person(&format!("person_ids[{i}]")));
        }
        let before = collect(
            store::quota_group_names(conn, id)?,
            store::quota_group_people(conn, id)?,
        );
        store::set_quota_groups(conn, id, &forms)?;
        store::set_quota_group_people(conn, id, &people)?;
        let after = collect(forms, people);
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.quota_groups", "unit", id)
                .unit(Some(id))
                .before(&before)
                .after(&after)],
            now,
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(groups))
}

fn collect(forms: Vec<(i16, String)>, people: Vec<(Uuid, String)>) -> QuotaGroups {
    let mut groups: Vec<QuotaGroup> = Vec::new();
    let mut group = |name: String| -> usize {
        match groups.iter().position(|g| g.name == name) {
            Some(i) => i,
            None => {
                groups.push(QuotaGroup {
                    name,
                    form_codes: Vec::new(),
                    person_ids: Vec::new(),
                });
                groups.len() - 1
            }
        }
    };
    let mut placed_forms = Vec::new();
    for (code, name) in forms {
        placed_forms.push((group(name), code));
    }
    let mut placed_people = Vec::new();
    for (person, name) in people {
        placed_people.push((group(name), person));
    }
    for (i, code) in placed_forms {
        groups[i].form_codes.push(code);
    }
    for (i, person) in placed_people {
        groups[i].person_ids.push(person);
    }
    for g in &mut groups {
        g.form_codes.sort_unstable();
        g.person_ids.sort_unstable();
    }
    QuotaGroups { groups }
}
