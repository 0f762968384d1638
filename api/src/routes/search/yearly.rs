use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::yearly::{PersonYear, UnitYear};
use crate::error::{ApiError, Problem};
use crate::routes::attachment;
use crate::services::exports::ListFormat;
use crate::services::{exports, yearly};
use crate::state::AppState;

/// A person's year (DESIGN 2.6): the average of the decided monthly totals over the months
/// worked, the months used, the rank by the bands of Điều 13.1 and any knock-out.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PersonYear),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/year/{year}")]
pub async fn person_year(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, year) = path.into_inner();
    let year = yearly::check_year(year)?;
    let answer = db::run(&state.pool, move |conn| {
        yearly::person_year(conn, &caller, id, year)
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// A person's year as XLSX: one line per month the caller may read, and the average, the months
/// counted and the year's rank; stamped with who exported it and when, and audited.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/year/{year}.xlsx")]
pub async fn person_year_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    year_file(
        state,
        caller,
        Subject::Person,
        path.into_inner(),
        ListFormat::Xlsx,
    )
    .await
}

/// A person's year as PDF in the official layout of a list, stamped on every page with who
/// exported it and when, and audited.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The PDF file", content_type = "application/pdf"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/year/{year}.pdf")]
pub async fn person_year_pdf(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    year_file(
        state,
        caller,
        Subject::Person,
        path.into_inner(),
        ListFormat::Pdf,
    )
    .await
}

/// Whose year a file holds.
#[derive(Clone, Copy)]
enum Subject {
    Person,
    Unit,
}

/// A year as a file: built, audited (`export.person_year_…` or `export.year_…`) and sent.
async fn year_file(
    state: web::Data<AppState>,
    caller: Caller,
    subject: Subject,
    (id, year): (Uuid, String),
    format: ListFormat,
) -> Result<HttpResponse, ApiError> {
    let year = parse_year(&year)?;
    let now = Utc::now();
    let (bytes, file_stem) = db::transaction(&state.pool, move |conn| {
        let (list, unit_id, action, entity) = match subject {
            Subject::Person => {
                let (list, unit_id) = yearly::person_year_list(conn, &caller, id, year, now)?;
                (
                    list,
                    unit_id,
                    "export.person_year",
                    format!("people/{id}/year/{year}"),
                )
            }
            Subject::Unit => (
                yearly::unit_year_list(conn, &caller, id, year, now)?,
                id,
                "export.year",
                format!("units/{id}/year/{year}"),
            ),
        };
        let bytes = list.write(format)?;
        exports::audit_export(
            conn,
            &caller,
            &format!("{action}_{}", format.extension()),
            &entity,
            Some(unit_id),
            serde_json::json!({ "year": year }),
            now,
        )?;
        Ok((bytes, list.file_stem))
    })
    .await?;
    Ok(attachment(
        format.mime(),
        &format!("{file_stem}.{}", format.extension()),
        bytes,
    ))
}

/// The year of a file's path (`2026` of `2026.pdf`).
fn parse_year(year: &str) -> Result<i32, ApiError> {
    year.parse::<i32>()
        .map_err(|_| crate::error::request_error("year"))
        .and_then(yearly::check_year)
}

/// A publishing unit's year: everyone it decided that year with their yearly result, and the
/// quota on A applied over the unit. Those with export rights on the unit only.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = UnitYear),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/year/{year}")]
pub async fn unit_year(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, year) = path.into_inner();
    let year = yearly::check_year(year)?;
    let answer = db::run(&state.pool, move |conn| {
        yearly::unit_year(conn, &caller, id, year)
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// A unit's year as XLSX, in the layout of the unit summary list: one line per person with the
/// months counted, the average, the rank by points and the rank after the quota; stamped with
/// who exported it and when, and audited.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/year/{year}.xlsx")]
pub async fn unit_year_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    year_file(
        state,
        caller,
        Subject::Unit,
        path.into_inner(),
        ListFormat::Xlsx,
    )
    .await
}

/// A unit's year as PDF in the official layout of a list (the unit and the national motto, the
/// place and date, the table, the tally by rank and the signatures), stamped on every page
/// with who exported it and when, and audited.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path), ("year" = i32, Path, example = 2026)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The PDF file", content_type = "application/pdf"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`year`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/year/{year}.pdf")]
pub async fn unit_year_pdf(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    year_file(
        state,
        caller,
        Subject::Unit,
        path.into_inner(),
        ListFormat::Pdf,
    )
    .await
}
