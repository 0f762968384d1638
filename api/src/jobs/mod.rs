//! Work that runs in the background after the request that started it has been answered.

pub mod export_search;
pub mod import_file;
pub mod import_people;
pub mod mailer;
pub mod scheduler;
pub mod webhooks;

use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;

/// Marks imports left pending or running by a process that died (started over an hour ago; a
/// full import takes seconds) as failed, so nobody waits on them forever. Called at start.
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
        now - chrono::Duration::hours(1),
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
