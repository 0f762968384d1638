use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::schema::imports;

/// A bulk import job: its file, status, progress, counts and per-row errors.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = imports, check_for_backend(diesel::pg::Pg))]
pub struct ImportJob {
    pub id: Uuid,
    pub kind: String,
    /// `pending`, `running`, `succeeded` or `failed`.
    pub status: String,
    pub file_name: String,
    pub file_sha256: Vec<u8>,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub created_rows: i32,
    pub updated_rows: i32,
    pub unchanged_rows: i32,
    /// `[{row, field, code, message_vi, message_en}]`.
    pub errors: Value,
    /// The account or service client that started it.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = imports)]
pub struct NewImportJob<'a> {
    pub kind: &'a str,
    pub status: &'a str,
    pub file_name: &'a str,
    pub file_sha256: &'a [u8],
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}
