//! What nearly every request would otherwise read from the database again (issue 13): form
//! versions, which never change once stored; and, valid for one version of the organisation
//! (`org_version`, see [`persistence::queries::org::version`]), each person's evaluation chain
//! for a month, each caller's roles and post, each month's calendar overrides, each person's
//! extensions, and the rows of the people and units an evaluation names. The version is read
//! once per request, when the caller is authenticated, so a change committed through any replica
//! is seen by every replica at its next request.
//!
//! Written by hand: the caches are maps behind a mutex with a bound (emptied when full, which is
//! rare and costs only recomputation); a caching crate would add an eviction policy we do not
//! need.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use domain::Period;
use domain::access::{PersonalPost, Role};
use domain::calendar::{CalendarOverride, Extension};
use domain::criteria::Form;
use persistence::models::org::{Person, Unit};
use uuid::Uuid;

use crate::error::ApiError;

/// Entries each cache holds at most (a chain is about 100 bytes).
const CAPACITY: usize = 200_000;

/// A map whose entries hold for one version.
struct Versioned<K, V> {
    entries: Mutex<HashMap<K, (i64, V)>>,
}

impl<K: Eq + Hash, V: Clone> Versioned<K, V> {
    fn new() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key` at `version`, computed by `compute` when missing or older.
    fn get_or_compute(
        &self,
        version: i64,
        key: K,
        compute: impl FnOnce() -> Result<V, ApiError>,
    ) -> Result<V, ApiError> {
        if let Ok(entries) = self.entries.lock()
            && let Some((at, value)) = entries.get(&key)
            && *at == version
        {
            return Ok(value.clone());
        }
        // Computed outside the lock: a concurrent request may compute the same value; both are
        // right.
        let value = compute()?;
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(key, (version, value.clone()));
        }
        Ok(value)
    }
}

/// A person's evaluation chain for a month, as resolved from the organisation.
#[derive(Debug, Clone)]
pub struct ResolvedChain {
    pub reviewer_id: Option<Uuid>,
    pub decider_id: Option<Uuid>,
    /// The rule that applied, or why none did (`no_decider`, `evaluated_outside`).
    pub rule: String,
    /// The decider's publishing unit, or the person's own when there is no decider.
    pub publishing_unit_id: Uuid,
}

/// A caller's roles and post.
#[derive(Debug, Clone)]
pub struct CallerFacts {
    pub roles: Vec<Role>,
    pub post: Option<PersonalPost>,
}

/// The caches of one server (one database).
pub struct Caches {
    forms: Mutex<HashMap<(i16, i32), Form>>,
    chains: Versioned<(Uuid, Period), ResolvedChain>,
    callers: Versioned<(Uuid, Option<Uuid>, NaiveDate), CallerFacts>,
    overrides: Versioned<Period, Arc<Vec<CalendarOverride>>>,
    extensions: Versioned<(Uuid, Period), Vec<Extension>>,
    people: Versioned<Uuid, Person>,
    units: Versioned<Uuid, Unit>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            forms: Mutex::new(HashMap::new()),
            chains: Versioned::new(),
            callers: Versioned::new(),
            overrides: Versioned::new(),
            extensions: Versioned::new(),
            people: Versioned::new(),
            units: Versioned::new(),
        }
    }
}

impl Caches {
    /// A stored form version (never changed once stored).
    pub fn form(
        &self,
        code: i16,
        version: i32,
        load: impl FnOnce() -> Result<Form, ApiError>,
    ) -> Result<Form, ApiError> {
        if let Some(form) = self
            .forms
            .lock()
            .ok()
            .and_then(|forms| forms.get(&(code, version)).cloned())
        {
            return Ok(form);
        }
        let form = load()?;
        if let Ok(mut forms) = self.forms.lock() {
            forms.insert((code, version), form.clone());
        }
        Ok(form)
    }

    /// A person's chain for a month at the organisation's `version`.
    pub fn chain(
        &self,
        version: i64,
        person_id: Uuid,
        period: Period,
        resolve: impl FnOnce() -> Result<ResolvedChain, ApiError>,
    ) -> Result<ResolvedChain, ApiError> {
        self.chains
            .get_or_compute(version, (person_id, period), resolve)
    }

    /// An account's roles and post (as its person, on `day`) at the organisation's `version`.
    pub fn caller(
        &self,
        version: i64,
        key: (Uuid, Option<Uuid>, NaiveDate),
        read: impl FnOnce() -> Result<CallerFacts, ApiError>,
    ) -> Result<CallerFacts, ApiError> {
        self.callers.get_or_compute(version, key, read)
    }

    /// A month's calendar overrides, all units, at the organisation's `version`.
    pub fn overrides(
        &self,
        version: i64,
        period: Period,
        read: impl FnOnce() -> Result<Vec<CalendarOverride>, ApiError>,
    ) -> Result<Arc<Vec<CalendarOverride>>, ApiError> {
        // Shared, not copied: a month may hold an override for each of thousands of units.
        self.overrides
            .get_or_compute(version, period, || read().map(Arc::new))
    }

    /// A person's extensions for a month at the organisation's `version`.
    pub fn extensions(
        &self,
        version: i64,
        person_id: Uuid,
        period: Period,
        read: impl FnOnce() -> Result<Vec<Extension>, ApiError>,
    ) -> Result<Vec<Extension>, ApiError> {
        self.extensions
            .get_or_compute(version, (person_id, period), read)
    }

    /// A person's row at the organisation's `version` (an evaluation's person and evaluators).
    pub fn person(
        &self,
        version: i64,
        id: Uuid,
        read: impl FnOnce() -> Result<Person, ApiError>,
    ) -> Result<Person, ApiError> {
        self.people.get_or_compute(version, id, read)
    }

    /// A unit's row at the organisation's `version`.
    pub fn unit(
        &self,
        version: i64,
        id: Uuid,
        read: impl FnOnce() -> Result<Unit, ApiError>,
    ) -> Result<Unit, ApiError> {
        self.units.get_or_compute(version, id, read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_holds_for_its_version_only() {
        let cache: Versioned<u32, &str> = Versioned::new();
        let mut computed = 0;
        let mut get = |version, value| {
            cache
                .get_or_compute(version, 1, || {
                    computed += 1;
                    Ok(value)
                })
                .unwrap_or_default()
        };
        assert_eq!(get(1, "a"), "a");
        assert_eq!(get(1, "b"), "a");
        assert_eq!(get(2, "c"), "c");
        assert_eq!(computed, 2);
    }
}
