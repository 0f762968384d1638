//! The lockout rule: after `max_attempts` failed sign-ins in a row the account is locked for
//! `duration`, during which even the right password is refused.

use chrono::{DateTime, Utc};

/// Lockout settings.
#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    pub max_attempts: u32,
    pub duration: chrono::Duration,
}

impl LockoutPolicy {
    /// The instant the lock ends, if a lock is in force at `now`.
    pub fn lock_in_force(
        &self,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        locked_until.filter(|until| *until > now)
    }

    /// The failure count and lock to store after one more failure. Locking resets the count, so
    /// after the lock ends the account again has `max_attempts` tries.
    pub fn after_failure(
        &self,
        failed_attempts: i32,
        now: DateTime<Utc>,
    ) -> (i32, Option<DateTime<Utc>>) {
        let failures = failed_attempts.saturating_add(1);
        if i64::from(failures) >= i64::from(self.max_attempts) {
            (0, Some(now + self.duration))
        } else {
            (failures, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifth_failure_locks_for_the_configured_time() {
        let policy = LockoutPolicy {
            max_attempts: 5,
            duration: chrono::Duration::minutes(15),
        };
        let now = Utc::now();
        let mut count = 0;
        for _ in 0..4 {
            let (next, lock) = policy.after_failure(count, now);
            assert!(lock.is_none());
            count = next;
        }
        let (count, lock) = policy.after_failure(count, now);
        assert_eq!(
            (count, lock),
            (0, Some(now + chrono::Duration::minutes(15)))
        );
        assert_eq!(policy.lock_in_force(lock, now), lock);
        assert_eq!(
            policy.lock_in_force(lock, now + chrono::Duration::minutes(15)),
            None
        );
    }
}
