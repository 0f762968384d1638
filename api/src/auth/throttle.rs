//! Sign-in cannot exhaust the server (issue 9.3): `/auth/login`, `/auth/token` and
//! `/auth/password` are rate-limited per client IP and per username (429 with `Retry-After`),
//! and password hashing, which costs tens of milliseconds of CPU and 19 MiB of memory each, runs
//! on its own few threads (one per core by default), never while a database connection is held
//! and never on actix's blocking pool: there, sixty-four sign-ins at once spread their memory over
//! as many threads' allocator arenas (1.6 GB measured) and queue ahead of database work.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::password;
use crate::error::ApiError;

/// How often (in checks) idle keys are dropped from the limiters, so that a flood of invented
/// usernames cannot grow them without bound.
const PRUNE_EVERY: usize = 1024;

/// The rate limits and the hashing bound, shared by every worker.
pub struct SignInGuard {
    per_ip: DefaultKeyedRateLimiter<String>,
    per_username: DefaultKeyedRateLimiter<String>,
    hashing: HashingThreads,
    checks: AtomicUsize,
}

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads that compute password hashes, in arrival order.
struct HashingThreads {
    jobs: mpsc::Sender<Job>,
}

impl HashingThreads {
    fn start(threads: usize) -> Self {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hashing-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job, not to run it.
                        let job = match receiver.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking hash answers its caller with an error (its sender is
                            // dropped) and the thread stays.
                            Ok(job) => {
                                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                                    .is_err()
                                {
                                    tracing::error!("a password hash panicked");
                                }
                            }
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password-hashing thread");
            }
        }
        Self { jobs: sender }
    }

    async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.jobs
            .send(job)
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("hashing threads stopped")))?;
        answered
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("hashing failed")))
    }
}

impl SignInGuard {
    /// `per_ip` and `per_username` attempts a minute (bursts up to the same number);
    /// `hashing_slots` concurrent hash computations (0: one per core).
    pub fn new(per_ip: u32, per_username: u32, hashing_slots: usize) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        let slots = if hashing_slots == 0 {
            std::thread::available_parallelism().map_or(2, usize::from)
        } else {
            hashing_slots
        };
        Self {
            per_ip: RateLimiter::keyed(quota(per_ip)),
            per_username: RateLimiter::keyed(quota(per_username)),
            hashing: HashingThreads::start(slots),
            checks: AtomicUsize::new(0),
        }
    }

    /// Counts one attempt from `ip` for `username`; 429 `too_many_requests` with the seconds to
    /// wait when either limit is spent. The IP is checked first, so a refused IP does not use
    /// up the username's allowance.
    pub fn check(&self, ip: Option<&str>, username: &str) -> Result<(), ApiError> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.per_ip.retain_recent();
            self.per_username.retain_recent();
        }
        let ip = ip.unwrap_or("unknown").to_owned();
        let username = username.trim().to_lowercase();
        for (limiter, key) in [(&self.per_ip, ip), (&self.per_username, username)] {
            if let Err(not_until) = limiter.check_key(&key) {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                return Err(ApiError::TooManyRequests {
                    retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
                });
            }
        }
        Ok(())
    }

    /// Whether `given` matches `stored`; with no stored hash (an unknown username) the same
    /// work is spent against a dummy hash and the answer is `false`.
    pub async fn verify(&self, given: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.bounded(move || match stored {
            Some(stored) => password::verify(&given, &stored),
            None => {
                password::verify_against_nothing(&given);
                false
            }
        })
        .await
    }

    /// Hashes a new password within the same bound.
    pub async fn hash(&self, new_password: String) -> Result<String, ApiError> {
        self.bounded(move || password::hash(&new_password))
            .await?
            .map_err(ApiError::Internal)
    }

    async fn bounded<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        self.hashing.run(work).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_ip_and_per_username() {
        let guard = SignInGuard::new(3, 2, 1);
        assert!(guard.check(Some("10.0.0.1"), "a").is_ok());
        assert!(guard.check(Some("10.0.0.1"), "A ").is_ok());
        // The username is spent (case and spaces ignored), the IP is not.
        assert!(matches!(
            guard.check(Some("10.0.0.1"), "a"),
            Err(ApiError::TooManyRequests { retry_after_seconds }) if retry_after_seconds >= 1
        ));
        assert!(guard.check(Some("10.0.0.2"), "b").is_ok());
        // The first IP has now used its three attempts.
        assert!(guard.check(Some("10.0.0.1"), "c").is_err());
    }
}
