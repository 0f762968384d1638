//! `/backups/...` (operators, Điều 13.2.2): the backups with their verification status, a new
//! backup now, and a verification by restoring one into a scratch database.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use persistence::queries::backups::{self as store, Backup};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_backups)
        .service(create_backup)
        .service(verify_backup);
}

/// A backup archive and what is known of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BackupView {
    pub id: Uuid,
    pub file_name: String,
    /// `running`, `written` (not verified yet), `verified` (a restore matched the manifest),
    /// `failed`, `deleted` (beyond the retention).
    #[schema(example = "verified")]
    pub status: String,
    pub byte_size: i64,
    /// SHA-256 of the archive, hex.
    pub sha256: Option<String>,
    /// Tables in the manifest.
    pub tables: usize,
    /// Rows in the manifest, all tables together.
    pub rows: i64,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    /// What the last step found.
    pub message: Option<String>,
}

impl From<Backup> for BackupView {
    fn from(b: Backup) -> Self {
        let tables = b
            .manifest
            .as_ref()
            .and_then(|m| m["tables"].as_object())
            .map(|t| {
                (
                    t.len(),
                    t.values().filter_map(|v| v["rows"].as_i64()).sum::<i64>(),
                )
            })
            .unwrap_or((0, 0));
        Self {
            id: b.id,
            file_name: b.file_name,
            status: b.status,
            byte_size: b.byte_size,
            sha256: b.sha256,
            tables: tables.0,
            rows: tables.1,
            created_at: b.created_at,
            finished_at: b.finished_at,
            verified_at: b.verified_at,
            message: b.message,
        }
    }
}

/// The backups, newest first (the last 100).
#[utoipa::path(
    tag = "operations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<BackupView>),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/backups")]
pub async fn list_backups(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let rows = db::run(&state.pool, |conn| Ok(store::list(conn, 100)?)).await?;
    let views: Vec<BackupView> = rows.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(views))
}

fn backup_error(error: crate::backup::BackupError) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("backup: {error}"))
}

/// Writes a backup now (pg_dump archive and manifest in one snapshot) and applies the
/// retention; the answer is the backup as written (verify it next).
#[utoipa::path(
    tag = "operations",
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = BackupView),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/backups")]
pub async fn create_backup(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let settings = state.backups.clone();
    let by = caller.audit.account_id;
    let backup = db::run(&state.pool, move |conn| {
        crate::backup::create(conn, &settings, by, Utc::now()).map_err(backup_error)
    })
    .await?;
    Ok(HttpResponse::Created().json(BackupView::from(backup)))
}

/// Verifies a backup: checks the archive against its manifest, restores it into a scratch
/// database, compares every table, and records the outcome (`verified` or `failed`, with why).
#[utoipa::path(
    tag = "operations",
    params(("id" = Uuid, Path)),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = BackupView),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`backup_gone`: its file was deleted, or it was never written", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/backups/{id}/verify")]
pub async fn verify_backup(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let id = id.into_inner();
    let settings = state.backups.clone();
    let backup = db::run(&state.pool, move |conn| {
        let backup = store::find(conn, id)?;
        if !matches!(backup.status.as_str(), "written" | "verified" | "failed")
            || backup.sha256.is_none()
        {
            return Err(ApiError::Refused {
                status: actix_web::http::StatusCode::CONFLICT,
                code: "backup_gone",
                message_vi:
                    "Bản sao lưu này không còn tệp (đã xoá theo chế độ lưu giữ hoặc chưa ghi xong)."
                        .to_owned(),
                message_en: "This backup has no file (deleted by the retention, or never written)."
                    .to_owned(),
            });
        }
        crate::backup::verify(conn, &settings, id, Utc::now()).map_err(backup_error)
    })
    .await?;
    Ok(HttpResponse::Ok().json(BackupView::from(backup)))
}
