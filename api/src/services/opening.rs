//! Opening a person's evaluation for a month: the form of their post in force on the month's
//! first day (with their publishing unit's extension) and the evaluators of the chain.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::criteria::FormCode;
use domain::{Period, PersonId};
use persistence::models::evaluations::{Evaluation, NewEvaluation};
use persistence::queries::audit::{self, AuditActor, AuditEntry};
use persistence::queries::evaluations as store;
use persistence::queries::{chain as snapshot, org, rules};
use uuid::Uuid;

use crate::error::ApiError;

/// What opening a unit's month did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthOpened {
    /// Drafts created now.
    pub opened: usize,
    /// People of the unit with an evaluation this month (here or elsewhere).
    pub evaluations: usize,
}

/// Opens `period` for everyone whose evaluation the publishing unit `unit_id` decides by default
/// (its own people and the heads of the units right below it): a draft for each who has none.
/// Running it again opens nothing more. The caller checks who may do this.
pub fn open_month(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: Period,
    actor: &AuditActor,
    now: DateTime<Utc>,
) -> Result<MonthOpened, ApiError> {
    let key = period.to_string();
    let mut members = store::members_of_publishing_unit(conn, unit_id)?;
    members.extend(store::heads_of_units_below(conn, unit_id)?);
    let ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
    let existing = store::of_people(conn, &ids, &key)?;
    let mut opened = 0;
    for member in &members {
        if !existing.iter().any(|e| e.person_id == member.id) {
            open_evaluation(conn, member.id, period, actor, now)?;
            opened += 1;
        }
    }
    Ok(MonthOpened {
        opened,
        evaluations: existing.len() + opened,
    })
}

/// The person's evaluation for the period, created as `draft` when missing.
pub fn open_evaluation(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
    actor: &AuditActor,
    now: DateTime<Utc>,
) -> Result<Evaluation, ApiError> {
    let key = period.to_string();
    if let Some(existing) = store::of_person(conn, person_id, &key)? {
        return Ok(existing);
    }
    let (person, unit) = org::person_with_unit(conn, person_id)?;
    let publishing = org::publishing_unit(conn, &unit)?;
    let code = u8::try_from(person.form_code)
        .ok()
        .and_then(|n| FormCode::new(n).ok());
    let form = match code {
        Some(code) => rules::form_in_force(conn, code, period.first_day())?,
        None => None,
    };
    let form = form.ok_or_else(|| {
        ApiError::field(
            "period",
            "no_form_in_force",
            &format!(
                "Kỳ {key} chưa có mẫu phiếu số {} có hiệu lực.",
                person.form_code
            ),
            &format!("No form {} is in force for {key}.", person.form_code),
        )
    })?;
    // The unit's extension is kept with the evaluation; one that no longer fits the form in
    // force is left out rather than blocking the month.
    let extension = rules::form_extension(conn, publishing.id, person.form_code)?
        .filter(|ext| form.extend(ext).is_ok())
        .and_then(|ext| serde_json::to_value(ext).ok());
    let resolved = domain::chain::resolve(
        &snapshot::snapshot_for(conn, person_id)?,
        PersonId(person_id),
        period,
    );
    // `no_decider`, or `evaluated_outside` for an office the central level decides (Điều 10.1).
    let rule = match &resolved {
        Ok(c) => c.rule_code(),
        Err(e) => e.rule_code().to_owned(),
    };
    let chain = resolved.ok();
    let deciding_unit = crate::services::workflow::deciding_unit(
        conn,
        chain.as_ref().map(|c| c.decider.0),
        person_id,
    )?;
    let created = store::create(
        conn,
        &NewEvaluation {
            person_id,
            period: &key,
            unit_id: unit.id,
            publishing_unit_id: deciding_unit,
            form_code: person.form_code,
            form_version: i32::try_from(form.version).unwrap_or(1),
            state: "draft",
            reviewer_id: chain.as_ref().and_then(|c| c.reviewer.map(|r| r.0)),
            decider_id: chain.as_ref().map(|c| c.decider.0),
            form_extension: extension,
            chain_rule: &rule,
        },
    )?;
    audit::append(
        conn,
        actor,
        &[AuditEntry::new("evaluation.create", "evaluation", created.id)
            .unit(Some(deciding_unit))
            .after(serde_json::json!({"period": key, "person_id": person_id, "form_code": created.form_code, "form_version": created.form_version}))],
        now,
    )?;
    Ok(created)
}
