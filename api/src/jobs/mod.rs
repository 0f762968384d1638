//! Work that runs in the background after the request that started it has been answered.

pub mod audit_linker;
pub mod export_search;
pub mod import_file;
pub mod import_people;
pub mod mailer;
pub mod scheduler;
pub mod webhooks;

use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;

/// How often a process touches the heartbeat of the imports it holds.
pub const IMPORT_HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(10);
/// An import whose heartbeat is older than this was left by a process that died.
pub const IMPORT_SILENT_AFTER: chrono::Duration = chrono::Duration::seconds(60);

/// Marks imports left pending or running by a process that died (their heartbeat silent for
/// [`IMPORT_SILENT_AFTER`]) as failed, so nobody waits on them and their starter may import
/// again. Called at start, by the hourly clean-up and before a new import is accepted.
pub fn fail_interrupted_imports(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let error = import_file::RowError::new(
        0,
        "file",
        "interrupted",
        "Việc nhập bị gián đoạn (máy chủ khởi động lại); không có dữ liệu nào được ghi. Hãy nhập lại tệp.",
        "The import was interrupted (the server restarted); nothing was applied. Import the file again.",
    );
    Ok(persistence::queries::imports::fail_interrupted(
        conn,
        now - IMPORT_SILENT_AFTER,
        &serde_json::json!([error]),
        now,
    )?)
}

/// When to try a delivery again after `attempts` attempts: `first`, then twice as long each
/// time, at most `longest` apart; none once `max_attempts` are spent (the e-mail outbox and
/// the webhooks share this rule, with their own figures).
pub fn retry_at(
    now: DateTime<Utc>,
    attempts: i32,
    first: Duration,
    longest: Duration,
    max_attempts: i32,
) -> Option<DateTime<Utc>> {
    if attempts >= max_attempts {
        return None;
    }
    let wait = first * (1i32 << attempts.clamp(1, 20).saturating_sub(1));
    Some(now + wait.min(longest))
}
