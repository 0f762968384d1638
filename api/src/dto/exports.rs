//! An export job as the API shows it (`/exports/...`).

use chrono::{DateTime, Utc};
use persistence::models::exports::ExportJob;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::i18n::Lang;

/// A long export running in the background: its progress and, once done, its download link.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportJobView {
    pub id: Uuid,
    /// What is exported: `search_evaluations`.
    #[schema(example = "search_evaluations")]
    pub kind: String,
    /// `csv`, `xlsx` or `pdf`.
    #[schema(example = "xlsx")]
    pub format: String,
    /// The filters, as the query string of the search.
    pub query: String,
    /// `pending` (waiting its turn), `running`, `succeeded` or `failed` (no file kept).
    #[schema(example = "running")]
    pub status: String,
    /// Rows matching the filters when the job started (an upper bound while it runs; the rows
    /// written once it has succeeded).
    pub total_rows: i64,
    pub processed_rows: i64,
    /// 0–100.
    pub percent: u8,
    pub file_name: String,
    pub content_type: String,
    /// The file's size once it has succeeded.
    pub byte_size: i64,
    /// Where to download the file, once it has succeeded.
    #[schema(example = "/api/v1/exports/0b9f6a1e-1c1a-4f57-9d59-5f3b1b0a7c11/file")]
    pub download_url: Option<String>,
    pub error: Option<ExportError>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The job and its file are deleted after this instant.
    pub expires_at: DateTime<Utc>,
}

/// Why an export failed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportError {
    /// `too_many_rows`, `export_failed` or `interrupted`.
    pub code: String,
    pub message: String,
}

impl ExportJobView {
    pub fn new(job: ExportJob, lang: Lang) -> Self {
        let percent = match job.status.as_str() {
            "succeeded" => 100,
            _ if job.total_rows > 0 => {
                u8::try_from((job.processed_rows.min(job.total_rows) * 100) / job.total_rows)
                    .unwrap_or(100)
            }
            _ => 0,
        };
        let error = job.error.as_ref().map(|e| {
            let text = |key: &str| e[key].as_str().unwrap_or_default().to_owned();
            ExportError {
                code: text("code"),
                message: lang
                    .pick(&text("message_vi"), &text("message_en"))
                    .to_owned(),
            }
        });
        Self {
            download_url: (job.status == "succeeded")
                .then(|| format!("/api/v1/exports/{}/file", job.id)),
            id: job.id,
            kind: job.kind,
            format: job.format,
            query: job.query,
            status: job.status,
            total_rows: job.total_rows,
            processed_rows: job.processed_rows,
            percent,
            file_name: job.file_name,
            content_type: job.content_type,
            byte_size: job.byte_size,
            error,
            created_at: job.created_at,
            finished_at: job.finished_at,
            expires_at: job.expires_at,
        }
    }
}
