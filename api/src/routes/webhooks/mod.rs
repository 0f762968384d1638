//! `/service-clients/{id}/webhooks` and `/webhooks/...` (operators): an HR system's
//! subscriptions to events (`evaluation.decided`, `evaluation.corrected`, `unit.published`,
//! `person.transferred`), their secret shown once, and each subscription's delivery log.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use persistence::queries::service_clients;
use persistence::queries::webhooks::{self as store, DeliveryLog, Subscription};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::routes::validated;
use crate::services::webhooks::{EVENTS, required_scope};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_webhook)
        .service(list_webhooks)
        .service(delete_webhook)
        .service(webhook_deliveries);
}

/// A subscription to events.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct WebhookRequest {
    /// Where events are POSTed (`https://…`; `http://` for a private network).
    #[validate(length(min = 8, max = 2000))]
    #[schema(
        example = "https://nhansu.hanoi.gov.vn/hooks/danhgia",
        min_length = 8,
        max_length = 2000
    )]
    pub url: String,
    /// Any of `evaluation.decided`, `evaluation.corrected`, `unit.published`,
    /// `person.transferred`.
    #[validate(length(min = 1, max = 4))]
    #[schema(min_items = 1, max_items = 4)]
    pub events: Vec<String>,
}

/// A subscription, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: Uuid,
    /// The service client it belongs to.
    pub client_id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<Subscription> for WebhookView {
    fn from(s: Subscription) -> Self {
        Self {
            id: s.id,
            client_id: s.client_id,
            url: s.url,
            events: s.events.into_iter().flatten().collect(),
            active: s.active,
            created_at: s.created_at,
        }
    }
}

/// A new subscription with the secret of its signatures, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreated {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// The HMAC-SHA256 key of `X-DanhGia-Signature` (`t=<unix>,v1=<hex of HMAC("<t>.<body>")>`).
    pub secret: String,
}

/// Subscribes a service client to events (operators). The client must hold the scope each
/// event needs (`results_read` for evaluations and publications, `org_read` for transfers); a
/// client limited to a unit receives only that subtree's events.
#[utoipa::path(
    tag = "service-clients",
    params(("id" = Uuid, Path, description = "The service client")),
    request_body = WebhookRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = WebhookCreated),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such client", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`url`, `events`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/service-clients/{id}/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<WebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let request = validated(body)?;
    let url = request.url.trim().to_owned();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(ApiError::Validation(vec![FieldError::new(
            "url",
            "invalid_url",
            "Địa chỉ nhận phải là một URL http:// hoặc https://.",
            "The address must be an http:// or https:// URL.",
        )]));
    }
    let mut events = request.events.clone();
    events.sort();
    events.dedup();
    if let Some(unknown) = events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "events",
            "unknown_event",
            &format!(
                "Không có sự kiện {unknown}; các sự kiện: {}.",
                EVENTS.join(", ")
            ),
            &format!("No event {unknown}; the events are: {}.", EVENTS.join(", ")),
        )]));
    }
    let client_id = id.into_inner();
    let created_by = caller.audit.account_id;
    let (subscription, secret) = db::transaction(&state.pool, move |conn| {
        let client = service_clients::find(conn, client_id).map_err(|_| ApiError::NotFound)?;
        let scopes: Vec<String> = client.scopes.iter().flatten().cloned().collect();
        for event in &events {
            let needed = required_scope(event);
            if !scopes.iter().any(|s| s == needed) {
                return Err(ApiError::Validation(vec![FieldError::new(
                    "events",
                    "scope_missing",
                    &format!("Phần mềm kết nối không có quyền {needed}, cần cho sự kiện {event}."),
                    &format!("The client lacks the {needed} scope that {event} needs."),
                )]));
            }
        }
        let secret = crate::auth::service_client::generate_secret();
        let subscription = store::subscribe(
            conn,
            client_id,
            &url,
            &events,
            &secret,
            created_by,
            Utc::now(),
        )?;
        Ok((subscription, secret))
    })
    .await?;
    Ok(HttpResponse::Created().json(WebhookCreated {
        webhook: subscription.into(),
        secret,
    }))
}

/// A service client's subscriptions (operators).
#[utoipa::path(
    tag = "service-clients",
    params(("id" = Uuid, Path, description = "The service client")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<WebhookView>),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/service-clients/{id}/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let id = id.into_inner();
    let rows = db::run(&state.pool, move |conn| Ok(store::of_client(conn, id)?)).await?;
    let views: Vec<WebhookView> = rows.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Ends a subscription (operators): nothing more is sent; deliveries still waiting are dropped.
#[utoipa::path(
    tag = "service-clients",
    params(("id" = Uuid, Path, description = "The subscription")),
    security(("bearer_auth" = [])),
    responses(
        (status = 204, description = "Ended"),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let id = id.into_inner();
    db::transaction(&state.pool, move |conn| {
        store::find(conn, id).map_err(|_| ApiError::NotFound)?;
        Ok(store::deactivate(conn, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One delivery of an event to a subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryView {
    pub id: Uuid,
    pub event_id: Uuid,
    #[schema(example = "evaluation.decided")]
    pub event: String,
    /// `pending`, `sending`, `delivered` or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    /// The receiver's last HTTP status, if it answered.
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the next attempt is due (while pending).
    pub next_attempt_at: DateTime<Utc>,
}

impl From<DeliveryLog> for WebhookDeliveryView {
    fn from(d: DeliveryLog) -> Self {
        Self {
            id: d.id,
            event_id: d.event_id,
            event: d.event,
            status: d.status,
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
            next_attempt_at: d.next_attempt_at,
        }
    }
}

/// A subscription's deliveries, newest first (the last 200; operators).
#[utoipa::path(
    tag = "service-clients",
    params(("id" = Uuid, Path, description = "The subscription")),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<WebhookDeliveryView>),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn webhook_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let id = id.into_inner();
    let rows = db::run(&state.pool, move |conn| {
        store::find(conn, id).map_err(|_| ApiError::NotFound)?;
        Ok(store::deliveries(conn, id, 200)?)
    })
    .await?;
    let views: Vec<WebhookDeliveryView> = rows.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(views))
}
