//! E-mail delivery from the outbox (`email_outbox`) over SMTP with lettre. A run claims the due
//! e-mails (so two replicas never send the same one), sends each outside any transaction, and
//! records every attempt: sent, or retried later with a growing delay, or given up after
//! [`MAX_ATTEMPTS`] (kept, with its last error, for the operator). While SMTP is down nothing
//! is lost: the e-mails wait in the outbox.

use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{Message, SmtpTransport, Transport};
use persistence::queries::notifications::{self as store, OutboxEmail};

use crate::error::ApiError;

/// Attempts before an e-mail is given up.
pub const MAX_ATTEMPTS: i32 = 12;
/// E-mails claimed at a time: at most 20 × the 10 s timeout per batch.
const BATCH: i64 = 20;
/// How long a claim holds: a sender that died leaves its e-mails to the next run after this.
const CLAIM: Duration = Duration::minutes(30);
/// A run claims no new batch after this much time, so every claim it holds ends well inside
/// [`CLAIM`] and the scheduler's hour (the rest waits for the next run).
const BUDGET: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Sends e-mail through one SMTP server, or nowhere when none is configured.
pub struct Mailer {
    transport: Option<SmtpTransport>,
    from: Mailbox,
}

/// What a delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryRun {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

impl Mailer {
    /// A mailer for `SMTP_URL` (`smtp://host:port`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`), sending from `from`; without a URL e-mails stay in the outbox.
    pub fn new(url: Option<&str>, from: &str) -> anyhow::Result<Self> {
        let transport = url
            .map(|url| {
                SmtpTransport::from_url(url)
                    .map(|b| b.timeout(Some(std::time::Duration::from_secs(10))).build())
            })
            .transpose()
            .map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?;
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("SMTP_FROM {from:?}: {e}"))?;
        Ok(Self { transport, from })
    }

    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends one e-mail; `Err((permanent, message))` when it was not accepted.
    fn send(&self, email: &OutboxEmail) -> Result<(), (bool, String)> {
        let Some(transport) = &self.transport else {
            return Err((false, "SMTP is not configured".to_owned()));
        };
        let to: Mailbox = email
            .to_address
            .parse()
            .map_err(|e| (true, format!("address {:?}: {e}", email.to_address)))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            // A stable id lets a mail server drop a copy, should a sender die after sending and
            // before recording it.
            .message_id(Some(format!("<{}@danhgia>", email.id)))
            .subject(&email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| (true, format!("message: {e}")))?;
        transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| (e.is_permanent(), e.to_string()))
    }
}

/// When to try again after `attempts` attempts: 1, 2, 4 … minutes, at most 6 hours; none
/// after [`MAX_ATTEMPTS`].
pub fn retry_at(now: DateTime<Utc>, attempts: i32) -> Option<DateTime<Utc>> {
    super::retry_at(
        now,
        attempts,
        Duration::minutes(1),
        Duration::hours(6),
        MAX_ATTEMPTS,
    )
}

/// Sends the e-mails due at `now`.
pub fn deliver_due(
    conn: &mut PgConnection,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<DeliveryRun, ApiError> {
    let mut run = DeliveryRun::default();
    if !mailer.is_configured() {
        return Ok(run);
    }
    let started = std::time::Instant::now();
    while started.elapsed() < BUDGET {
        // `now` moves on with the run, so each batch's claim lasts its full term.
        let now = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let claimed_until = now + CLAIM;
        let claimed = store::claim_emails(conn, now, claimed_until, BATCH)?;
        if claimed.is_empty() {
            return Ok(run);
        }
        for (i, email) in claimed.iter().enumerate() {
            match mailer.send(email) {
                Ok(()) => {
                    store::record_attempt(conn, email.id, claimed_until, now, None, None)?;
                    run.sent += 1;
                }
                Err((permanent, error)) => {
                    let retry = if permanent {
                        None
                    } else {
                        retry_at(now, email.attempts)
                    };
                    store::record_attempt(conn, email.id, claimed_until, now, Some(&error), retry)?;
                    if retry.is_none() {
                        run.given_up += 1;
                    } else {
                        run.retrying += 1;
                        if !permanent {
                            // The server is unreachable or busy: the rest wait for the next run,
                            // unattempted, instead of each waiting for its own timeout.
                            let rest: Vec<_> = claimed[i + 1..].iter().map(|e| e.id).collect();
                            store::release_emails(conn, &rest)?;
                            run.retrying += rest.len();
                            return Ok(run);
                        }
                    }
                }
            }
        }
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let now = Utc::now();
        let wait = |n| retry_at(now, n).map(|at| (at - now).num_minutes());
        assert_eq!(
            (wait(1), wait(2), wait(3), wait(10)),
            (Some(1), Some(2), Some(4), Some(360))
        );
        assert_eq!(wait(MAX_ATTEMPTS), None);
    }
}
