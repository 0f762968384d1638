use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::evaluations as store;
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::summary::PeriodParam;
use crate::auth::Caller;
use crate::db;
use crate::dto::people::PersonSummary;
use crate::error::unknown_person;
use crate::error::{ApiError, Problem};
use crate::exports::list_pdf::{Align, Column};
use crate::exports::table::Cell;
use crate::routes::validated;
use crate::services::calendar::parse_period;
use crate::services::exports::{self, ListExport, ListFormat};
use crate::services::results::{recorded_month, require_head, require_summary_access};
use crate::state::AppState;

/// A person proposed for commendation, and why.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct CommendationItem {
    pub person_id: Uuid,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// The commendation proposal list of a unit's month (Điều 13.2).
#[derive(Debug, Serialize, ToSchema)]
pub struct CommendationList {
    pub unit_id: Uuid,
    pub period: String,
    pub items: Vec<CommendationView>,
    /// When the list was sent up; it is not edited afterwards.
    pub sent_at: Option<chrono::DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommendationView {
    pub person: PersonSummary,
    pub reason: String,
}

/// The commendation proposals (by default the month's A, drawn up at publication).
#[utoipa::path(tag = "results", params(PeriodParam), security(("bearer_auth" = [])), responses((status = 200, body = CommendationList), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
#[get("/units/{id}/commendations")]
pub async fn get_commendations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    let id = id.into_inner();
    let list = db::run(&state.pool, move |conn| {
        load_list(conn, &caller, id, period).map(|(_, list)| list)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The list with the people as they were in the published month (Điều 13.2), for those who may
/// export the unit's data.
fn load_list(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: Uuid,
    period: domain::Period,
) -> Result<(persistence::models::org::Unit, CommendationList), ApiError> {
    let unit = org::unit(conn, id)?;
    require_summary_access(conn, caller, &unit, period)?;
    let month = recorded_month(conn, &unit, period)?;
    let items = store::commendations(conn, id, &period.to_string())?
        .into_iter()
        .map(|(person_id, reason)| {
            let recorded = month
                .groups
                .iter()
                .flat_map(|g| g.members.iter())
                .find(|m| m.person.id == person_id)
                .map(|m| m.person.clone());
            let person = match recorded {
                Some(person) => person,
                None => PersonSummary::of(&org::find_person(conn, person_id)?)?,
            };
            Ok(CommendationView { person, reason })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let sent_at = store::commendations_sent(conn, id, &period.to_string())?;
    Ok((
        unit,
        CommendationList {
            unit_id: id,
            period: period.to_string(),
            items,
            sent_at,
        },
    ))
}

/// The commendation proposal list as XLSX (Điều 13.2): one line per person with the
/// achievement proposed; stamped with who exported it and when, and audited.
#[utoipa::path(
    tag = "results",
    params(PeriodParam),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/commendations.xlsx")]
pub async fn export_commendations_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    commendations_file(
        state,
        caller,
        id.into_inner(),
        &query.period,
        ListFormat::Xlsx,
    )
    .await
}

/// The commendation proposal list as PDF in the official layout of a list (the unit and the
/// national motto, the place and date, the table and the signatures), stamped on every page
/// with who exported it and when, and audited.
#[utoipa::path(
    tag = "results",
    params(PeriodParam),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The PDF file", content_type = "application/pdf"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/commendations.pdf")]
pub async fn export_commendations_pdf(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    commendations_file(
        state,
        caller,
        id.into_inner(),
        &query.period,
        ListFormat::Pdf,
    )
    .await
}

const EXPORT_COLUMNS: [Column; 4] = [
    Column::new("STT", 0.5, Align::Center),
    Column::new("Họ và tên", 2.5, Align::Left),
    Column::new("Chức vụ, chức danh", 2.5, Align::Left),
    Column::new("Thành tích đề nghị khen thưởng", 5.0, Align::Left),
];

async fn commendations_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: Uuid,
    period_text: &str,
    format: ListFormat,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(period_text)?;
    let now = Utc::now();
    let (bytes, file_stem) = db::transaction(&state.pool, move |conn| {
        let (unit, list) = load_list(conn, &caller, id, period)?;
        let sent = list.sent_at.map_or_else(
            || "chưa gửi".to_owned(),
            |at| {
                format!(
                    "đã gửi lúc {}",
                    at.with_timezone(&domain::calendar::HANOI)
                        .format("%H:%M ngày %d/%m/%Y")
                )
            },
        );
        let export = ListExport {
            issuer: unit.name.clone(),
            title: format!(
                "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THÁNG {:02}/{}",
                period.month(),
                period.year()
            ),
            subtitle: vec![format!("{} ({sent})", unit.name)],
            columns: EXPORT_COLUMNS.to_vec(),
            rows: (1u32..)
                .zip(&list.items)
                .map(|(number, item)| {
                    vec![
                        Cell::Number(f64::from(number)),
                        Cell::text(&item.person.full_name),
                        Cell::text(&item.person.position.title),
                        Cell::text(&item.reason),
                    ]
                })
                .collect(),
            closing: vec![format!("Tổng số: {} người", list.items.len())],
            stamp: exports::stamp(conn, &caller, now)?,
            sheet: "Khen thưởng".to_owned(),
            file_stem: format!("khen-thuong-{}-{period}", unit.code),
            now,
        };
        let bytes = export.write(format)?;
        exports::audit_export(
            conn,
            &caller,
            &format!("export.commendations_{}", format.extension()),
            &format!("units/{id}/commendations"),
            Some(id),
            serde_json::json!({ "period": period.to_string() }),
            now,
        )?;
        Ok((bytes, export.file_stem))
    })
    .await?;
    Ok(crate::routes::attachment(
        format.mime(),
        &format!("{file_stem}.{}", format.extension()),
        bytes,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CommendationUpdate {
    #[schema(example = "2026-11")]
    pub period: String,
    #[validate(nested)]
    pub items: Vec<CommendationItem>,
}

/// Edit the proposals, with reasons (the unit head), after publication.
#[utoipa::path(
    tag = "results",
    request_body = CommendationUpdate,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = CommendationList),
        (status = 403, description = "`forbidden`: not the unit head", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_published`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_person`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/units/{id}/commendations")]
pub async fn put_commendations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<CommendationUpdate>,
) -> Result<HttpResponse, ApiError> {
    let update = validated(body)?;
    let period = parse_period(&update.period)?;
    let id = id.into_inner();
    let now = Utc::now();
    let list = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        require_head(&caller, &unit)?;
        let key = period.to_string();
        if store::commendations_sent(conn, id, &key)?.is_some() {
            return Err(already_sent());
        }
        if store::publication(conn, id, &key)?.is_none() {
            return Err(ApiError::conflict(
                "not_published",
                "Chỉ lập danh sách đề nghị khen thưởng sau khi công bố kết quả.",
                "The commendation list follows publication.",
            ));
        }
        let published = store::of_publishing_unit(conn, id, &key)?;
        for (i, item) in update.items.iter().enumerate() {
            if !published.iter().any(|e| e.person_id == item.person_id) {
                return Err(unknown_person(&format!("items[{i}].person_id")));
            }
        }
        let before = store::commendations(conn, id, &key)?;
        let list: Vec<(Uuid, String)> = update
            .items
            .iter()
            .map(|i| (i.person_id, i.reason.trim().to_owned()))
            .collect();
        store::set_commendations(conn, id, &key, &list)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.commendations", "unit", id)
                .unit(Some(id))
                .before(&before)
                .after(&list)],
            now,
        )?;
        let items = list
            .into_iter()
            .map(|(person_id, reason)| {
                Ok(CommendationView {
                    person: PersonSummary::of(&org::find_person(conn, person_id)?)?,
                    reason,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(CommendationList {
            unit_id: id,
            period: key,
            items,
            sent_at: None,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

fn already_sent() -> ApiError {
    ApiError::conflict(
        "already_sent",
        "Danh sách đề nghị khen thưởng đã gửi lên cấp trên; không sửa được nữa.",
        "The commendation list was sent up; it can no longer be edited.",
    )
}

/// Send the commendation list up (the unit head); afterwards it is kept as it is.
#[utoipa::path(
    tag = "results",
    request_body = super::publications::PublicationRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = CommendationList),
        (status = 403, description = "`forbidden`: not the unit head", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_published`, `already_sent`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/commendations/send")]
pub async fn send_commendations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<super::publications::PublicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&body.period)?;
    let id = id.into_inner();
    let now = Utc::now();
    let list = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        require_head(&caller, &unit)?;
        let key = period.to_string();
        if store::publication(conn, id, &key)?.is_none() {
            return Err(ApiError::conflict(
                "not_published",
                "Chưa công bố kết quả tháng này.",
                "This month is not published yet.",
            ));
        }
        if store::commendations_sent(conn, id, &key)?.is_some() {
            return Err(already_sent());
        }
        store::send_commendations(conn, id, &key, caller.audit.account_id, now)?;
        let items = store::commendations(conn, id, &key)?
            .into_iter()
            .map(|(person_id, reason)| {
                Ok(CommendationView {
                    person: PersonSummary::of(&org::find_person(conn, person_id)?)?,
                    reason,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("unit.commendations_sent", "unit", id)
                .unit(Some(id))
                .after(serde_json::json!({"period": key, "count": items.len()}))],
            now,
        )?;
        Ok(CommendationList {
            unit_id: id,
            period: key,
            items,
            sent_at: Some(now),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}
