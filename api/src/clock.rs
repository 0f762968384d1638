//! The time business rules see (calendar windows). The system clock in production; tests set
//! it to walk through a month. Tokens and sessions always use the real time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// A source of "now" for rules.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock that stays at `at` until set again (tests).
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Some(fixed) => fixed
                .lock()
                .map(|at| *at)
                .unwrap_or_else(|poisoned| *poisoned.into_inner()),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(fixed) = &self.0 {
            match fixed.lock() {
                Ok(mut guard) => *guard = at,
                Err(poisoned) => *poisoned.into_inner() = at,
            }
        }
    }
}
