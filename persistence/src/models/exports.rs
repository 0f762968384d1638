use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::schema::export_jobs;

/// An export job: what it exports, its progress and, once it has succeeded, its file's size.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = export_jobs, check_for_backend(diesel::pg::Pg))]
pub struct ExportJob {
    pub id: Uuid,
    pub kind: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub query: String,
    /// `pending`, `running`, `succeeded` or `failed`.
    pub status: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    /// `{code, message_vi, message_en}` when it failed.
    pub error: Option<Value>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    /// Set when it starts and at each progress report (a heartbeat).
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = export_jobs)]
pub struct NewExportJob<'a> {
    pub kind: &'a str,
    pub format: &'a str,
    pub query: &'a str,
    pub total_rows: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
