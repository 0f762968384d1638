//! `Idempotency-Key` on POSTs that act: the first request's answer is stored under the
//! caller and key; a retry with the same key and the same body gets that answer again and acts
//! not twice. The same key with another body (or on another route) answers 422
//! `idempotency_key_reused`; keys are forgotten after 24 hours. While the first runs, a
//! concurrent retry answers 409 `request_in_progress`; a failed request frees its key so it
//! can be retried. A request that has not answered after `UNANSWERED_LEASE_SECONDS` loses its
//! key to a retry: if it was only slow, its change rolls back and it answers 409 too, so the
//! request acts once.

use std::future::Future;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{ETAG, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use futures_util::StreamExt;
use persistence::queries::idempotency::{self, Claim, ClaimToken};
use sha2::{Digest, Sha256};

use crate::auth::Who;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

const HEADER: &str = "Idempotency-Key";

/// The key a request is running under, for use cases that store their answer in the
/// transaction of their change ([`store_answer`]): then a change is never committed without its
/// answer, and a retry after a lost connection replays it instead of finding the key stuck.
#[derive(Debug, Clone)]
pub struct PendingKey {
    caller: String,
    key: String,
    token: ClaimToken,
    /// Set once the answer is stored with the change: nothing is left to store after it.
    stored: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

tokio::task_local! {
    static PENDING: PendingKey;
}

/// The key of the request being run, when it came with one.
pub fn pending() -> Option<PendingKey> {
    PENDING.try_with(Clone::clone).ok()
}

/// Stores the answer of the request running under `pending` (from [`pending`], read before
/// the transaction), if any; call inside the transaction that makes its change. Every use case
/// behind [`run`] does, so a key whose request has no answer after
/// `UNANSWERED_LEASE_SECONDS` made no change and may run again.
pub fn store_answer(
    conn: &mut diesel::PgConnection,
    pending: Option<&PendingKey>,
    status: StatusCode,
    etag: Option<String>,
    body: &impl serde::Serialize,
) -> Result<(), ApiError> {
    let Some(pending) = pending else {
        return Ok(());
    };
    let body = serde_json::to_value(body)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot encode the answer: {e}")))?;
    let stored = serde_json::json!({"etag": etag, "body": body});
    let code = i16::try_from(status.as_u16()).unwrap_or(200);
    if !idempotency::store_answer(
        conn,
        &pending.caller,
        &pending.key,
        pending.token,
        code,
        &stored,
    )? {
        // A retry has taken the key over: this change must not be committed beside its own.
        return Err(taken_over());
    }
    // Read only once the use case has succeeded, that is once this transaction has committed.
    pending
        .stored
        .store(true, std::sync::atomic::Ordering::Release);
    Ok(())
}

/// The SHA-256 of a request body that came with an `Idempotency-Key`.
#[derive(Debug, Clone)]
struct BodyDigest(Vec<u8>);

/// Middleware (`actix_web::middleware::from_fn`): for a POST with an `Idempotency-Key`, reads
/// the body, keeps its SHA-256 in the request and puts the body back for the handler. It runs
/// before sign-in, so it reads no more than a JSON body may hold (`max_json_bytes`: the routes
/// that honour the key take JSON or nothing), and leaves other bodies (file uploads) alone.
pub async fn hash_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
    max_json_bytes: usize,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let json_or_none = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.trim_start().starts_with("application/json"));
    if req.method() == Method::POST && req.headers().contains_key(HEADER) && json_or_none {
        let mut payload = req.take_payload();
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > max_json_bytes {
                return Err(ApiError::PayloadTooLarge.into());
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        req.extensions_mut()
            .insert(BodyDigest(Sha256::digest(&body).to_vec()));
        req.set_payload(Payload::from(body));
    }
    next.call(req).await
}

/// Runs `act` once for the caller's `Idempotency-Key`, if the request has one (see the module).
/// Without a key, `act` gets `who` as it came (a token is read on the use case's own
/// connection, with what it reads first); with one, the caller is read first, on the connection that claims the key, so
/// that an ended session can neither claim a key nor replay a stored answer.
pub async fn run<F, Fut>(
    state: &web::Data<AppState>,
    who: impl Into<Who>,
    req: &HttpRequest,
    act: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(web::Data<AppState>, Who) -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let who = who.into();
    let Some(key) = req.headers().get(HEADER) else {
        return act(state.clone(), who).await;
    };
    let key = key
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .ok_or_else(|| {
            ApiError::field(
                "Idempotency-Key",
                "invalid_key",
                "Idempotency-Key phải có 1–255 ký tự.",
                "Idempotency-Key must have 1–255 characters.",
            )
        })?
        .to_owned();
    let scope = format!("{} {}", req.method(), req.path());
    let digest = req
        .extensions()
        .get::<BodyDigest>()
        .map(|d| d.0.clone())
        .unwrap_or_else(|| Sha256::digest(b"").to_vec());

    // The key belongs to the account or service client that sent it.
    let (caller, owner, claimed) = {
        let (key, scope, digest) = (key.clone(), scope.clone(), digest.clone());
        db::run(&state.pool, move |conn| {
            let caller = who.resolve(conn)?;
            let owner = caller
                .audit
                .account_id
                .or(caller.audit.client_id)
                .map(|id| id.to_string())
                .unwrap_or_default();
            let claimed = idempotency::claim(conn, &owner, &key, &scope, &digest, Utc::now())?;
            Ok((caller, owner, claimed))
        })
        .await?
    };
    match claimed {
        Claim::Taken(stored)
            if stored.scope != scope
                || stored.request_hash.as_ref().is_some_and(|h| *h != digest) =>
        {
            Err(ApiError::field(
                "Idempotency-Key",
                "idempotency_key_reused",
                "Khóa Idempotency-Key đã dùng cho một yêu cầu khác (đường dẫn hoặc nội dung khác).",
                "This Idempotency-Key was used for another request (another route or body).",
            ))
        }
        Claim::Taken(idempotency::Claimed {
            status: Some(status),
            body: Some(stored),
            ..
        }) => Ok(replay(status, &stored)),
        Claim::Taken(_) => Err(ApiError::conflict(
            "request_in_progress",
            "Yêu cầu cùng khóa đang được xử lý; hãy thử lại sau giây lát.",
            "A request with this key is still running; retry shortly.",
        )),
        Claim::Mine(token) => {
            let pending = PendingKey {
                caller: owner.clone(),
                key: key.clone(),
                token,
                stored: Default::default(),
            };
            let stored_with_change = pending.stored.clone();
            let outcome = PENDING
                .scope(pending, act(state.clone(), Who::Read(caller)))
                .await;
            match outcome {
                Ok(response) => {
                    let status = response.status();
                    let etag = response
                        .headers()
                        .get(ETAG)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let bytes = actix_web::body::to_bytes(response.into_body())
                        .await
                        .map_err(|_| {
                            ApiError::Internal(anyhow::anyhow!("cannot read the response body"))
                        })?;
                    let body: serde_json::Value =
                        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
                    let stored = serde_json::json!({"etag": etag, "body": body});
                    let code = i16::try_from(status.as_u16()).unwrap_or(200);
                    // Use cases that do not store their answer with their change (publication)
                    // have it stored now.
                    if !stored_with_change.load(std::sync::atomic::Ordering::Acquire) {
                        let to_store = stored.clone();
                        let kept = db::run(&state.pool, move |conn| {
                            Ok(idempotency::store_answer(
                                conn, &owner, &key, token, code, &to_store,
                            )?)
                        })
                        .await?;
                        if !kept {
                            tracing::warn!(
                                "idempotency key taken over by a retry before its answer was stored"
                            );
                        }
                    }
                    Ok(replay_fresh(status, &stored))
                }
                Err(error) => {
                    // When the database is gone this fails too: the key is then free again
                    // after a short lease (`UNANSWERED_LEASE_SECONDS`), and the error stands.
                    let released = db::run(&state.pool, move |conn| {
                        Ok(idempotency::release(conn, &owner, &key, token)?)
                    })
                    .await;
                    if let Err(release_error) = released {
                        tracing::warn!(error = %release_error, "idempotency key not released");
                    }
                    Err(error)
                }
            }
        }
    }
}

fn taken_over() -> ApiError {
    ApiError::conflict(
        "request_in_progress",
        "Yêu cầu cùng khóa đã được gửi lại và đang được xử lý; yêu cầu này không thay đổi gì.",
        "A retry with this key has taken over; this request changed nothing.",
    )
}

fn build(status: StatusCode, stored: &serde_json::Value) -> actix_web::HttpResponseBuilder {
    let mut builder = HttpResponse::build(status);
    if let Some(etag) = stored["etag"]
        .as_str()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        builder.insert_header((ETAG, etag));
    }
    builder
}

fn replay_fresh(status: StatusCode, stored: &serde_json::Value) -> HttpResponse {
    build(status, stored).json(&stored["body"])
}

fn replay(status: i16, stored: &serde_json::Value) -> HttpResponse {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    build(status, stored)
        .insert_header(("Idempotent-Replayed", "true"))
        .json(&stored["body"])
}
