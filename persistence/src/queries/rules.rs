//! Rule sets kept as data: criteria forms (versioned), the quota policy, period calendars with
//! their overrides, and personal extensions.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use diesel::prelude::*;
use domain::calendar::{CalendarOverride, Extension, OverrideScope, Step};
use domain::criteria::{Form, FormCode};
use domain::quota::QuotaPolicy;
use domain::{Period, PersonId, UnitId};
use uuid::Uuid;

use crate::PersistenceError;
use crate::convert::{enum_name, parse_enum};
use crate::schema::{forms, period_extensions, period_overrides, quota_policy};

fn corrupt(what: &str, error: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("{what}: {error}"))
}

/// Stores version 1 of each of the 19 default forms when missing; returns how many were added.
pub fn ensure_default_forms(conn: &mut PgConnection) -> Result<usize, PersistenceError> {
    let defaults = domain::forms::default_forms().map_err(|e| corrupt("default forms", e))?;
    let mut added = 0;
    for form in defaults {
        added += diesel::insert_into(forms::table)
            .values((
                forms::code.eq(i16::from(form.code.get())),
                forms::version.eq(1),
                forms::title.eq(&form.title),
                forms::effective_from.eq(form.effective_from),
                forms::editable_default.eq(form.editable_default),
                forms::definition.eq(serde_json::to_value(&form).map_err(|e| corrupt("form", e))?),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(added)
}

fn parse(definition: serde_json::Value, version: i32) -> Result<Form, PersistenceError> {
    let mut form: Form =
        serde_json::from_value(definition).map_err(|e| corrupt("stored form", e))?;
    form.version = u32::try_from(version).map_err(|e| corrupt("form version", e))?;
    Ok(form)
}

/// Every stored version of every form.
pub fn all_forms(conn: &mut PgConnection) -> Result<Vec<Form>, PersistenceError> {
    let rows: Vec<(i32, serde_json::Value)> = forms::table
        .order((forms::code, forms::version))
        .select((forms::version, forms::definition))
        .load(conn)?;
    rows.into_iter()
        .map(|(version, definition)| parse(definition, version))
        .collect()
}

/// Every stored version of one form, oldest first.
pub fn form_versions(conn: &mut PgConnection, code: i16) -> Result<Vec<Form>, PersistenceError> {
    let rows: Vec<(i32, serde_json::Value)> = forms::table
        .filter(forms::code.eq(code))
        .order(forms::version)
        .select((forms::version, forms::definition))
        .load(conn)?;
    rows.into_iter()
        .map(|(version, definition)| parse(definition, version))
        .collect()
}

/// The version of each form in force on `date`.
pub fn forms_in_force(
    conn: &mut PgConnection,
    date: NaiveDate,
) -> Result<Vec<Form>, PersistenceError> {
    let all = all_forms(conn)?;
    Ok((1..=FormCode::COUNT)
        .filter_map(|n| FormCode::new(n).ok())
        .filter_map(|code| domain::forms::form_in_force(&all, code, date).cloned())
        .collect())
}

/// The version of form `code` in force on `date`, if any. Reads that form's versions only: a
/// month's first read opens an evaluation with it, 200,000 times at the start of each month,
/// where reading and parsing every form took most of the opening's time.
pub fn form_in_force(
    conn: &mut PgConnection,
    code: FormCode,
    date: NaiveDate,
) -> Result<Option<Form>, PersistenceError> {
    let versions = form_versions(conn, i16::from(code.get()))?;
    Ok(domain::forms::form_in_force(&versions, code, date).cloned())
}

/// One stored version.
pub fn form_version(
    conn: &mut PgConnection,
    code: i16,
    version: i32,
) -> Result<Form, PersistenceError> {
    let definition: serde_json::Value = forms::table
        .find((code, version))
        .select(forms::definition)
        .first(conn)?;
    parse(definition, version)
}

/// Stores a new version of a form (validated by the caller); returns its version number.
pub fn add_form_version(
    conn: &mut PgConnection,
    form: &Form,
    created_by: Option<Uuid>,
) -> Result<i32, PersistenceError> {
    let code = i16::from(form.code.get());
    let latest: Option<i32> = forms::table
        .filter(forms::code.eq(code))
        .select(diesel::dsl::max(forms::version))
        .first(conn)?;
    let version = latest.unwrap_or(0) + 1;
    let mut stored = form.clone();
    stored.version = u32::try_from(version).map_err(|e| corrupt("form version", e))?;
    diesel::insert_into(forms::table)
        .values((
            forms::code.eq(code),
            forms::version.eq(version),
            forms::title.eq(&form.title),
            forms::effective_from.eq(form.effective_from),
            forms::editable_default.eq(form.editable_default),
            forms::definition.eq(serde_json::to_value(&stored).map_err(|e| corrupt("form", e))?),
            forms::created_by.eq(created_by),
        ))
        .execute(conn)?;
    Ok(version)
}

/// The system's quota policy (the default literal reading until changed).
pub fn quota_policy(conn: &mut PgConnection) -> Result<QuotaPolicy, PersistenceError> {
    let stored: Option<serde_json::Value> = quota_policy::table
        .select(quota_policy::policy)
        .first(conn)
        .optional()?;
    match stored {
        Some(value) => serde_json::from_value(value).map_err(|e| corrupt("quota policy", e)),
        None => Ok(QuotaPolicy::default()),
    }
}

pub fn set_quota_policy(
    conn: &mut PgConnection,
    policy: &QuotaPolicy,
    by: Option<Uuid>,
) -> Result<(), PersistenceError> {
    let value = serde_json::to_value(policy).map_err(|e| corrupt("quota policy", e))?;
    diesel::insert_into(quota_policy::table)
        .values((
            quota_policy::id.eq(1),
            quota_policy::policy.eq(&value),
            quota_policy::updated_by.eq(by),
        ))
        .on_conflict(quota_policy::id)
        .do_update()
        .set((
            quota_policy::policy.eq(&value),
            quota_policy::updated_at.eq(diesel::dsl::now),
            quota_policy::updated_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Queryable)]
struct OverrideRow {
    period: String,
    unit_id: Option<Uuid>,
    plan_due: Option<DateTime<Utc>>,
    self_opens: Option<DateTime<Utc>>,
    self_closes: Option<DateTime<Utc>>,
    decision_closes: Option<DateTime<Utc>>,
    publication_closes: Option<DateTime<Utc>>,
}

fn local(at: Option<DateTime<Utc>>) -> Option<DateTime<FixedOffset>> {
    at.map(|a| a.with_timezone(&domain::calendar::HANOI))
}

/// The overrides of a period, oldest first (later ones win).
pub fn period_overrides(
    conn: &mut PgConnection,
    period: Period,
) -> Result<Vec<CalendarOverride>, PersistenceError> {
    let rows: Vec<OverrideRow> = period_overrides::table
        .filter(period_overrides::period.eq(period.to_string()))
        .order(period_overrides::created_at)
        .select((
            period_overrides::period,
            period_overrides::unit_id,
            period_overrides::plan_due,
            period_overrides::self_opens,
            period_overrides::self_closes,
            period_overrides::decision_closes,
            period_overrides::publication_closes,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(CalendarOverride {
                period: r.period.parse().map_err(|e| corrupt("period", e))?,
                scope: r
                    .unit_id
                    .map_or(OverrideScope::All, |u| OverrideScope::Subtree(UnitId(u))),
                plan_due: local(r.plan_due),
                self_opens: local(r.self_opens),
                self_closes: local(r.self_closes),
                decision_closes: local(r.decision_closes),
                publication_closes: local(r.publication_closes),
            })
        })
        .collect()
}

pub fn add_period_override(
    conn: &mut PgConnection,
    o: &CalendarOverride,
    by: Option<Uuid>,
) -> Result<(), PersistenceError> {
    let utc = |at: Option<DateTime<FixedOffset>>| at.map(|a| a.with_timezone(&Utc));
    diesel::insert_into(period_overrides::table)
        .values((
            period_overrides::period.eq(o.period.to_string()),
            period_overrides::unit_id.eq(match o.scope {
                OverrideScope::All => None,
                OverrideScope::Subtree(unit) => Some(unit.0),
            }),
            period_overrides::plan_due.eq(utc(o.plan_due)),
            period_overrides::self_opens.eq(utc(o.self_opens)),
            period_overrides::self_closes.eq(utc(o.self_closes)),
            period_overrides::decision_closes.eq(utc(o.decision_closes)),
            period_overrides::publication_closes.eq(utc(o.publication_closes)),
            period_overrides::created_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

/// A person's extensions in a period.
pub fn extensions(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
) -> Result<Vec<Extension>, PersistenceError> {
    let rows: Vec<(String, DateTime<Utc>)> = period_extensions::table
        .filter(period_extensions::person_id.eq(person_id))
        .filter(period_extensions::period.eq(period.to_string()))
        .select((period_extensions::step, period_extensions::until))
        .load(conn)?;
    rows.into_iter()
        .map(|(step, until)| {
            Ok(Extension {
                person_id: PersonId(person_id),
                period,
                step: parse_enum::<Step>(&step)?,
                until: until.with_timezone(&domain::calendar::HANOI),
            })
        })
        .collect()
}

pub fn add_extension(
    conn: &mut PgConnection,
    e: &Extension,
    by: Option<Uuid>,
) -> Result<Uuid, PersistenceError> {
    Ok(diesel::insert_into(period_extensions::table)
        .values((
            period_extensions::period.eq(e.period.to_string()),
            period_extensions::person_id.eq(e.person_id.0),
            period_extensions::step.eq(enum_name(&e.step)),
            period_extensions::until.eq(e.until.with_timezone(&Utc)),
            period_extensions::created_by.eq(by),
        ))
        .returning(period_extensions::id)
        .get_result(conn)?)
}

/// The quota override of an exceptional unit, if any.
pub fn quota_override(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Option<domain::quota::QuotaOverride>, PersistenceError> {
    use crate::schema::quota_overrides;
    let row: Option<(String, i32)> = quota_overrides::table
        .find(unit_id)
        .select((quota_overrides::decision_number, quota_overrides::percent))
        .first(conn)
        .optional()?;
    Ok(
        row.map(|(decision_number, percent)| domain::quota::QuotaOverride {
            decision_number,
            percent: u32::try_from(percent).unwrap_or(0),
        }),
    )
}

/// A unit's extension of a form, if any.
pub fn form_extension(
    conn: &mut PgConnection,
    unit_id: Uuid,
    form_code: i16,
) -> Result<Option<domain::criteria::UnitExtension>, PersistenceError> {
    use crate::schema::unit_form_extensions as ext;
    let stored: Option<serde_json::Value> = ext::table
        .find((unit_id, form_code))
        .select(ext::extension)
        .first(conn)
        .optional()?;
    stored
        .map(|v| serde_json::from_value(v).map_err(|e| corrupt("form extension", e)))
        .transpose()
}

pub fn set_form_extension(
    conn: &mut PgConnection,
    unit_id: Uuid,
    form_code: i16,
    extension: &domain::criteria::UnitExtension,
    by: Option<Uuid>,
) -> Result<(), PersistenceError> {
    use crate::schema::unit_form_extensions as ext;
    let value = serde_json::to_value(extension).map_err(|e| corrupt("form extension", e))?;
    diesel::insert_into(ext::table)
        .values((
            ext::unit_id.eq(unit_id),
            ext::form_code.eq(form_code),
            ext::extension.eq(&value),
            ext::updated_by.eq(by),
        ))
        .on_conflict((ext::unit_id, ext::form_code))
        .do_update()
        .set((
            ext::extension.eq(&value),
            ext::updated_at.eq(diesel::dsl::now),
            ext::updated_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_quota_override(
    conn: &mut PgConnection,
    unit_id: Uuid,
    o: &domain::quota::QuotaOverride,
) -> Result<(), PersistenceError> {
    use crate::schema::quota_overrides;
    let percent = i32::try_from(o.percent).map_err(|e| corrupt("percent", e))?;
    diesel::insert_into(quota_overrides::table)
        .values((
            quota_overrides::unit_id.eq(unit_id),
            quota_overrides::decision_number.eq(&o.decision_number),
            quota_overrides::percent.eq(percent),
        ))
        .on_conflict(quota_overrides::unit_id)
        .do_update()
        .set((
            quota_overrides::decision_number.eq(&o.decision_number),
            quota_overrides::percent.eq(percent),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_quota_override(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<usize, PersistenceError> {
    use crate::schema::quota_overrides;
    Ok(diesel::delete(quota_overrides::table.find(unit_id)).execute(conn)?)
}
