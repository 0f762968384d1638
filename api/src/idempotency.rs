//! `Idempotency-Key` on POSTs that act: the first request's answer is stored under the
//! caller and key; a retry with the same key gets that answer again and acts not twice.
//! While the first runs, a concurrent retry answers 409 `request_in_progress`; a failed
//! request frees its key so it can be retried.

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use persistence::queries::evaluations as store;

use crate::auth::Caller;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

const HEADER: &str = "Idempotency-Key";

pub async fn run<F, Fut>(
    state: &web::Data<AppState>,
    caller: &Caller,
    req: &HttpRequest,
    act: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(web::Data<AppState>, Caller) -> Fut,
    Fut: Future<Output = Result<HttpResponse, ApiError>>,
{
    let Some(key) = req.headers().get(HEADER) else {
        return act(state.clone(), caller.clone()).await;
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
    let who = caller
        .audit
        .account_id
        .or(caller.audit.client_id)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let scope = format!("{} {}", req.method(), req.path());

    let claimed = {
        let (who, key, scope) = (who.clone(), key.clone(), scope.clone());
        db::run(&state.pool, move |conn| {
            Ok(store::claim_key(conn, &who, &key, &scope)?)
        })
        .await?
    };
    match claimed {
        Some((stored_scope, _, _)) if stored_scope != scope => Err(ApiError::field(
            "Idempotency-Key",
            "idempotency_key_reused",
            "Khóa Idempotency-Key đã dùng cho một yêu cầu khác.",
            "This Idempotency-Key was used for another request.",
        )),
        Some((_, Some(status), Some(stored))) => Ok(replay(status, &stored)),
        Some(_) => Err(ApiError::conflict(
            "request_in_progress",
            "Yêu cầu cùng khóa đang được xử lý; hãy thử lại sau giây lát.",
            "A request with this key is still running; retry shortly.",
        )),
        None => {
            let outcome = act(state.clone(), caller.clone()).await;
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
                    let to_store = stored.clone();
                    db::run(&state.pool, move |conn| {
                        Ok(store::store_response(conn, &who, &key, code, &to_store)?)
                    })
                    .await?;
                    Ok(replay_fresh(status, &stored))
                }
                Err(error) => {
                    db::run(&state.pool, move |conn| {
                        Ok(store::release_key(conn, &who, &key)?)
                    })
                    .await?;
                    Err(error)
                }
            }
        }
    }
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
