//! `/imports/...`: bulk import of people from CSV or XLSX (API.md "Organisation and people").

mod create;
mod show;

use chrono::{DateTime, Utc};
use persistence::models::imports::ImportJob;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::i18n::Lang;
use crate::jobs::import_file::RowError;

pub use create::MAX_UPLOAD_BYTES;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create::import_people)
        .service(show::show_import);
}

/// An import job: status, progress, counts and, when it failed, every row error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportJobView {
    pub id: Uuid,
    /// `pending` (file received), `running`, `succeeded` or `failed` (nothing applied).
    #[schema(example = "running")]
    pub status: String,
    pub file_name: String,
    /// Data rows in the file (known once it has been read).
    pub total_rows: i32,
    /// Rows applied so far; 0 when the job failed.
    pub processed_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub unchanged_rows: i32,
    /// Why the job failed, row by row (row 1 is the header, 0 the file as a whole).
    pub errors: Vec<ImportRowError>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// One problem of an import file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRowError {
    /// Row number in the file: the header is row 1, the first data row row 2; 0 is the file.
    pub row: i64,
    /// The column (`external_id`, `unit_code`, ...) or `file`.
    pub field: String,
    /// Stable code: `required`, `too_long`, `invalid_email`, `invalid_category`, `out_of_range`,
    /// `invalid_number`, `unknown_unit`, `duplicate_external_id`, `external_id_unavailable`,
    /// `missing_column`, `empty_file`, `unreadable_file`, `unreadable_row`, `too_many_errors`,
    /// `internal_error`.
    pub code: String,
    pub message: String,
}

impl ImportJobView {
    pub fn new(job: ImportJob, lang: Lang) -> Self {
        let errors: Vec<RowError> = serde_json::from_value(job.errors).unwrap_or_default();
        Self {
            id: job.id,
            status: job.status,
            file_name: job.file_name,
            total_rows: job.total_rows,
            processed_rows: job.processed_rows,
            created_rows: job.created_rows,
            updated_rows: job.updated_rows,
            unchanged_rows: job.unchanged_rows,
            errors: errors
                .into_iter()
                .map(|e| ImportRowError {
                    message: lang.pick(&e.message_vi, &e.message_en).to_owned(),
                    row: e.row,
                    field: e.field,
                    code: e.code,
                })
                .collect(),
            created_at: job.created_at,
            finished_at: job.finished_at,
        }
    }
}
