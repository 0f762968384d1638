//! Events for HR systems' webhooks (issue 12): written to the outbox in the transaction of the
//! change they describe (`persistence::queries::webhooks::record`), so an event exists exactly
//! when its change committed. The `webhooks` job delivers them (`jobs::webhooks`).

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use persistence::models::evaluations::EvaluationChanges;
use persistence::models::org::{Person, Unit};
use persistence::queries::webhooks as store;
use serde_json::json;

use crate::error::ApiError;
use crate::services::workflow::Loaded;

/// An evaluation was decided by the competent level.
pub const EVALUATION_DECIDED: &str = "evaluation.decided";
/// A published evaluation was corrected (a new revision).
pub const EVALUATION_CORRECTED: &str = "evaluation.corrected";
/// A unit published a month.
pub const UNIT_PUBLISHED: &str = "unit.published";
/// A person moved to another unit or post.
pub const PERSON_TRANSFERRED: &str = "person.transferred";

/// Every event a subscription may name.
pub const EVENTS: [&str; 4] = [
    EVALUATION_DECIDED,
    EVALUATION_CORRECTED,
    UNIT_PUBLISHED,
    PERSON_TRANSFERRED,
];

/// The scope a service client needs to receive `event`.
pub fn required_scope(event: &str) -> &'static str {
    match event {
        PERSON_TRANSFERRED => "org_read",
        _ => "results_read",
    }
}

fn person_json(person: &Person) -> serde_json::Value {
    json!({ "id": person.id, "external_id": person.external_id, "full_name": person.full_name })
}

fn unit_json(unit: &Unit) -> serde_json::Value {
    json!({ "id": unit.id, "code": unit.code, "name": unit.name })
}

/// `evaluation.decided` or `evaluation.corrected`, as the evaluation will be once written.
pub fn evaluation_changed(
    conn: &mut PgConnection,
    event: &str,
    l: &Loaded,
    changes: &EvaluationChanges,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let payload = json!({
        "event": event,
        "occurred_at": now,
        "evaluation": {
            "id": l.evaluation.id,
            "period": l.evaluation.period,
            "revision": changes.revision,
            "state": changes.state,
            "total": changes.totals.get("decider"),
            "rank_by_points": changes.rank_by_points,
            "rank": changes.rank_final,
            "knocked_out": changes.flags.iter().any(|f| f.as_deref() == Some("knocked_out")),
            "reason": if event == EVALUATION_CORRECTED { changes.adjust_reason.clone() } else { None },
            "publishing_unit_id": l.evaluation.publishing_unit_id,
        },
        "person": person_json(&l.person),
        "unit": unit_json(&l.unit),
    });
    store::record(
        conn,
        event,
        required_scope(event),
        Some(l.unit.id),
        std::slice::from_ref(&l.unit.path),
        &payload,
        now,
    )?;
    Ok(())
}

/// `unit.published`.
pub fn unit_published(
    conn: &mut PgConnection,
    unit: &Unit,
    period: &str,
    evaluations: usize,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let payload = json!({
        "event": UNIT_PUBLISHED,
        "occurred_at": now,
        "unit": unit_json(unit),
        "period": period,
        "evaluations": evaluations,
        "results_url": format!("/api/v1/units/{}/results?period={period}", unit.id),
    });
    store::record(
        conn,
        UNIT_PUBLISHED,
        required_scope(UNIT_PUBLISHED),
        Some(unit.id),
        std::slice::from_ref(&unit.path),
        &payload,
        now,
    )?;
    Ok(())
}

/// `person.transferred`, seen by clients of either unit.
pub fn person_transferred(
    conn: &mut PgConnection,
    person: &Person,
    from: &Unit,
    to: &Unit,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let payload = json!({
        "event": PERSON_TRANSFERRED,
        "occurred_at": now,
        "person": person_json(person),
        "from_unit": unit_json(from),
        "to_unit": unit_json(to),
    });
    store::record(
        conn,
        PERSON_TRANSFERRED,
        required_scope(PERSON_TRANSFERRED),
        Some(to.id),
        &[from.path.clone(), to.path.clone()],
        &payload,
        now,
    )?;
    Ok(())
}
