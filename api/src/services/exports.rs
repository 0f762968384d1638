//! What every export shares (Điều 9): the stamp naming who exported the data and when, and the
//! audit entry with the filters used.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::calendar::HANOI;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::{accounts, org, service_clients};

use crate::auth::Caller;
use crate::error::ApiError;

/// "Xuất bởi tài khoản … (name) lúc HH:MM ngày DD/MM/YYYY (giờ Hà Nội)".
pub fn stamp(
    conn: &mut PgConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let who = if let Some(id) = caller.audit.account_id {
        let account = accounts::find(conn, id)?;
        match caller.person_id.or(caller.holder_person_id) {
            Some(person) => format!(
                "tài khoản {} ({})",
                account.username,
                org::find_person(conn, person)?.full_name
            ),
            None => format!("tài khoản {}", account.username),
        }
    } else if let Some(id) = caller.audit.client_id {
        format!("phần mềm kết nối {}", service_clients::find(conn, id)?.name)
    } else {
        "hệ thống".to_owned()
    };
    let at = now.with_timezone(&HANOI);
    Ok(format!(
        "Xuất bởi {who} lúc {} (giờ Hà Nội)",
        at.format("%H:%M ngày %d/%m/%Y")
    ))
}

/// Records an export: what (`action` on `entity_id`), of which unit (if one), with which
/// filters.
pub fn audit_export(
    conn: &mut PgConnection,
    caller: &Caller,
    action: &str,
    entity_id: &str,
    unit_id: Option<uuid::Uuid>,
    filters: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    audit::append(
        conn,
        &caller.audit,
        &[AuditEntry::new(action, "export", entity_id)
            .unit(unit_id)
            .after(filters)],
        now,
    )?;
    Ok(())
}
