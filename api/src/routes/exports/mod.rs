//! `/exports/...`: long exports run as jobs (started by `POST /search/evaluations/exports`):
//! their progress, the caller's recent ones, and the file. Visible to whoever started the job
//! (the account or service client) and to operators; anyone else gets 404.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use persistence::models::exports::ExportJob;
use persistence::queries::exports as store;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::exports::ExportJobView;
use crate::error::{ApiError, Problem};
use crate::i18n::Lang;
use crate::routes::blocking_stream;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exports)
        .service(show_export)
        .service(download_export);
}

/// The job, if the caller may see it.
fn owned_job(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<ExportJob, ApiError> {
    let job = store::find(conn, id, Utc::now())?;
    let starter = caller.audit.account_id.or(caller.audit.client_id);
    if job.created_by.is_none_or(|by| Some(by) != starter) && !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    Ok(job)
}

/// The caller's exports that have not expired, newest first (at most 50).
#[utoipa::path(
    tag = "search",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<ExportJobView>),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports")]
pub async fn list_exports(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let Some(starter) = caller.audit.account_id.or(caller.audit.client_id) else {
        return Ok(HttpResponse::Ok().json(Vec::<ExportJobView>::new()));
    };
    let jobs = db::run(&state.pool, move |conn| {
        Ok(store::of_starter(conn, starter, Utc::now(), 50)?)
    })
    .await?;
    let lang = Lang::current();
    let views: Vec<ExportJobView> = jobs
        .into_iter()
        .map(|job| ExportJobView::new(job, lang))
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

/// An export job: status, progress and, once it has succeeded, `download_url`.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path, description = "The job")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = ExportJobView),
        (status = 404, description = "`not_found`: no such job, expired, or started by someone else", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/{id}")]
pub async fn show_export(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let job = db::run(&state.pool, move |conn| owned_job(conn, &caller, id)).await?;
    Ok(HttpResponse::Ok().json(ExportJobView::new(job, Lang::current())))
}

/// The exported file, streamed from the database chunk by chunk.
#[utoipa::path(
    tag = "search",
    params(("id" = Uuid, Path, description = "The job")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The file, CSV, XLSX or PDF as the job's `format`", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "application/pdf"),
        )),
        (status = 404, description = "`not_found`: no such job, expired, or started by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`export_not_ready`: the job has not succeeded (yet)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/{id}/file")]
pub async fn download_export(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let job = db::run(&state.pool, move |conn| owned_job(conn, &caller, id)).await?;
    if job.status != "succeeded" {
        return Err(ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: "export_not_ready",
            message_vi:
                "Tệp chưa xuất xong (hoặc việc xuất đã thất bại); hãy xem trạng thái của việc xuất."
                    .to_owned(),
            message_en: "The file is not ready (or the export failed); see the job's status."
                .to_owned(),
        });
    }
    let pool = state.pool.clone();
    let body = blocking_stream(move |send| {
        for seq in 0.. {
            let chunk = store::chunk(
                &mut *pool
                    .get()
                    .map_err(|e| ApiError::Unavailable(e.to_string()))?,
                id,
                seq,
            )?;
            match chunk {
                Some(bytes) => send(bytes)?,
                None => break,
            }
        }
        Ok(())
    });
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, job.content_type))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", job.file_name),
        ))
        .no_chunking(u64::try_from(job.byte_size).unwrap_or(0))
        .streaming(body))
}
