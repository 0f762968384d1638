//! Webhook delivery (issue 12): the `webhooks` job claims due deliveries (so two replicas never
//! send the same one), POSTs each event's JSON to its subscription's URL, signed, and records
//! every attempt; a failure (no answer, or not 2xx) is retried after 30 s, 1, 2, 4 … minutes
//! (at most 6 hours apart) up to [`MAX_ATTEMPTS`].
//!
//! The signature: `X-DanhGia-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"
//! with the subscription's secret>`. Receivers recompute it over the raw body, refuse old
//! timestamps (replays), and use `X-DanhGia-Delivery` to drop a repeated delivery.

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use hmac::{Hmac, Mac};
use persistence::queries::webhooks::{self as store, Attempt, DueDelivery};
use sha2::Sha256;

use crate::error::ApiError;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i32 = 15;
/// Deliveries claimed at a time: at most 20 × the 10 s timeout per batch.
const BATCH: i64 = 20;
const CLAIM: Duration = Duration::minutes(30);
const TIMEOUT: StdDuration = StdDuration::from_secs(10);
/// A run claims no new batch after this much time (the rest waits for the next run), so its
/// claims end well inside [`CLAIM`] and the scheduler's hour.
const BUDGET: StdDuration = StdDuration::from_secs(5 * 60);

/// What a delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookRun {
    pub delivered: usize,
    pub retrying: usize,
    pub given_up: usize,
}

/// `t=…,v1=…` for `body` sent at `timestamp` with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={timestamp},v1={digest}")
}

/// When to try again after `attempts` attempts; none after [`MAX_ATTEMPTS`].
pub fn retry_at(now: DateTime<Utc>, attempts: i32) -> Option<DateTime<Utc>> {
    super::retry_at(
        now,
        attempts,
        Duration::seconds(30),
        Duration::hours(6),
        MAX_ATTEMPTS,
    )
}

/// Sends the deliveries due at `now`.
pub fn deliver_due(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<WebhookRun, ApiError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut run = WebhookRun::default();
    let started = Instant::now();
    while started.elapsed() < BUDGET {
        // `now` moves on with the run, so each batch's claim lasts its full term.
        let now = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let claimed_until = now + CLAIM;
        let claimed = store::claim_due(conn, now, claimed_until, BATCH)?;
        if claimed.is_empty() {
            return Ok(run);
        }
        for delivery in &claimed {
            if !delivery.live {
                // The subscription ended or its client was restricted since: never sent.
                let ended = "subscription or client no longer active";
                let attempt = Attempt {
                    status_code: None,
                    error: Some(ended),
                    duration_ms: 0,
                    retry_at: None,
                };
                store::record_attempt(conn, delivery.id, claimed_until, now, &attempt)?;
                run.given_up += 1;
                continue;
            }
            let sent_at = Instant::now();
            let outcome = send(&agent, delivery);
            let took = i32::try_from(sent_at.elapsed().as_millis()).unwrap_or(i32::MAX);
            match outcome {
                Ok(status) => {
                    let attempt = Attempt {
                        status_code: Some(status),
                        error: None,
                        duration_ms: took,
                        retry_at: None,
                    };
                    store::record_attempt(conn, delivery.id, claimed_until, now, &attempt)?;
                    run.delivered += 1;
                }
                Err((status, error)) => {
                    let retry = retry_at(now, delivery.attempts);
                    let attempt = Attempt {
                        status_code: status,
                        error: Some(&error),
                        duration_ms: took,
                        retry_at: retry,
                    };
                    store::record_attempt(conn, delivery.id, claimed_until, now, &attempt)?;
                    if retry.is_some() {
                        run.retrying += 1;
                    } else {
                        run.given_up += 1;
                    }
                }
            }
        }
    }
    Ok(run)
}

/// POSTs one delivery; its status when 2xx, else the status (if any) and why.
fn send(agent: &ureq::Agent, d: &DueDelivery) -> Result<i32, (Option<i32>, String)> {
    let body = serde_json::to_vec(&serde_json::json!({
        "id": d.event_id,
        "event": d.event,
        "created_at": d.event_at,
        "data": d.payload,
    }))
    .map_err(|e| (None, e.to_string()))?;
    let timestamp = Utc::now().timestamp();
    let answer = agent
        .post(&d.url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "danhgia-webhooks/1")
        .header("X-DanhGia-Event", &d.event)
        .header("X-DanhGia-Delivery", d.id.to_string())
        .header(
            "X-DanhGia-Signature",
            signature(&d.secret, timestamp, &body),
        )
        .send(&body[..]);
    match answer {
        Ok(response) => {
            let status = i32::from(response.status().as_u16());
            if (200..300).contains(&status) {
                Ok(status)
            } else {
                Err((Some(status), format!("answered {status}")))
            }
        }
        Err(error) => Err((None, error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_timestamp_and_the_body() {
        let a = signature("bí mật", 1_700_000_000, b"{}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, signature("bí mật", 1_700_000_001, b"{}"));
        assert_ne!(a, signature("khác", 1_700_000_000, b"{}"));
    }

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let now = Utc::now();
        let wait = |n| retry_at(now, n).map(|at| (at - now).num_seconds());
        assert_eq!((wait(1), wait(2), wait(3)), (Some(30), Some(60), Some(120)));
        assert_eq!(wait(14), Some(6 * 3600));
        assert_eq!(wait(MAX_ATTEMPTS), None);
    }
}
