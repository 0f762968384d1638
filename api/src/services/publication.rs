//! Publication of a unit's month (Điều 12.4, 13): by the unit head or acting head, once every
//! evaluation of the month is decided and every quota group is within its quota on final
//! ranks; the summary is then frozen as published.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::Period;
use domain::calendar::{self, Step, StepStatus};
use persistence::convert::enum_name;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::evaluations as store;
use persistence::queries::org;
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto::results::PublicationView;
use crate::error::{ApiError, FieldError};
use crate::services::calendar::calendar_for_unit;
use crate::services::results::{not_publishing, require_head, unit_month};
use crate::services::workflow::to_json;

/// Publishes `unit`'s month for `period` at `now`.
pub fn publish(
    conn: &mut PgConnection,
    caller: &Caller,
    id: Uuid,
    period: Period,
    now: DateTime<Utc>,
) -> Result<PublicationView, ApiError> {
    let unit = org::unit(conn, id)?;
    require_head(caller, &unit)?;
    if unit.level == "department" {
        return Err(not_publishing());
    }
    let key = period.to_string();
    if store::publication(conn, id, &key)?.is_some() {
        return Err(ApiError::conflict(
            "already_published",
            "Kết quả tháng này đã được công bố; chỉ có thể đính chính từng phiếu.",
            "This month is already published; correct single evaluations instead.",
        ));
    }
    let cal = calendar_for_unit(conn, period, Some(id))?;
    if let StepStatus::Closed { .. } | StepStatus::NotYetOpen { .. } = calendar::step_status(
        &cal,
        Step::Publication,
        domain::PersonId(Uuid::nil()),
        &[],
        now.with_timezone(&calendar::HANOI),
    ) {
        return Err(ApiError::conflict(
            "window_closed",
            "Ngoài thời hạn công bố kết quả của kỳ này.",
            "Outside this period's publication window.",
        ));
    }
    let month = unit_month(conn, &unit, period)?;
    let undecided: Vec<FieldError> = month
        .groups
        .iter()
        .flat_map(|g| g.members.iter())
        .filter(|m| m.state != "decided" && !m.evaluated_outside)
        .map(|m| {
            FieldError::new(
                &format!("people.{}", m.person.id),
                "undecided",
                &format!("{}: chưa được quyết định ({})", m.person.full_name, m.state),
                &format!("{}: not decided ({})", m.person.full_name, m.state),
            )
        })
        .collect();
    if !undecided.is_empty() {
        return Err(ApiError::Refused {
            status: actix_web::http::StatusCode::CONFLICT,
            code: "invalid_transition",
            message_vi: format!(
                "Còn {} người chưa được quyết định xếp loại.",
                undecided.len()
            ),
            message_en: format!("{} people are not decided yet.", undecided.len()),
        })
        .map_err(|e| with_errors(e, undecided));
    }
    let over: Vec<FieldError> = month
        .groups
        .iter()
        .filter(|g| g.quota.over_quota)
        .map(|g| {
            FieldError::new(
                &format!("groups.{}", g.id),
                "over_quota",
                &format!(
                    "{}: {} loại A, tối đa {}",
                    g.name, g.quota.used_a, g.quota.max_a
                ),
                &format!(
                    "{}: {} A, at most {}",
                    g.name, g.quota.used_a, g.quota.max_a
                ),
            )
        })
        .collect();
    if !over.is_empty() {
        return Err(with_errors(
            ApiError::conflict(
                "quota_exceeded",
                format!(
                    "{} nhóm vượt chỉ tiêu loại A; hãy hạ xếp loại trước khi công bố.",
                    over.len()
                ),
                format!(
                    "{} groups are over the A quota; lower ranks before publishing.",
                    over.len()
                ),
            ),
            over,
        ));
    }
    // Those evaluated outside the system have nothing decided here to publish.
    let decided: Vec<&persistence::models::evaluations::MonthLine> = month
        .evaluations
        .iter()
        .filter(|e| e.state == "decided")
        .collect();
    let versions: Vec<(Uuid, i32, i32)> = decided
        .iter()
        .map(|e| (e.id, e.version, e.revision))
        .collect();
    let published = store::publish_all(
        conn,
        &versions,
        caller.audit.account_id,
        &enum_name(&domain::workflow::Actor::UnitHead),
        now,
    )?;
    // One changed meanwhile: nothing is published (the transaction rolls back).
    if published != versions.len() {
        return Err(ApiError::VersionConflict);
    }
    store::add_publication(conn, id, &key, caller.audit.account_id, now)?;
    crate::services::stats::recount(conn, &key, id)?;
    let published = month
        .groups
        .iter()
        .flat_map(|g| g.members.iter())
        .filter(|m| !m.evaluated_outside)
        .count();
    crate::services::webhooks::unit_published(conn, &unit, &key, published, now)?;
    // Frozen as published (Điều 13.2): the month just checked, its decided lines now published;
    // later joins, leaves and post changes change nothing in it.
    let mut frozen = month.groups;
    for row in frozen.iter_mut().flat_map(|g| g.members.iter_mut()) {
        if row.state == "decided" {
            row.state = "published".to_owned();
        }
    }
    store::set_snapshot(conn, id, &key, &to_json(&frozen)?, 1)?;
    let month_label = format!("{:02}/{}", period.month(), period.year());
    let commended: Vec<(Uuid, String)> = month
        .evaluations
        .iter()
        .filter(|e| e.rank_final.as_deref() == Some("A"))
        .map(|e| {
            (
                e.person_id,
                format!("Hoàn thành xuất sắc nhiệm vụ tháng {month_label}"),
            )
        })
        .collect();
    store::set_commendations(conn, id, &key, &commended)?;
    let view = PublicationView {
        unit_id: id,
        period: key.clone(),
        published_at: now,
        evaluations: decided.len(),
        commendations: commended.len(),
    };
    audit::append(
        conn,
        &caller.audit,
        &[AuditEntry::new("unit.publish", "unit", id)
            .unit(Some(id))
            .after(&view)],
        now,
    )?;
    Ok(view)
}

fn with_errors(error: ApiError, errors: Vec<FieldError>) -> ApiError {
    match error {
        ApiError::Refused {
            status,
            code,
            message_vi,
            message_en,
        } => ApiError::RefusedWithErrors {
            status,
            code,
            message_vi,
            message_en,
            errors,
        },
        other => other,
    }
}
