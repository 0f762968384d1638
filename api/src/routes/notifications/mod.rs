//! `/notifications/...` and `/me/notification-preferences`: the alerts a person received in
//! the app (Điều 5.4), newest first, read or not, and what they want to receive.

use actix_web::{HttpResponse, get, post, put, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use persistence::queries::notifications::{self as store, Notification};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem, request_error};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(unread_count)
        .service(mark_all_read)
        .service(mark_read)
        .service(get_preferences)
        .service(set_preferences);
}

/// The person the caller's notifications go to (their own, else the one holding the account).
fn person_of(caller: &Caller) -> Option<Uuid> {
    caller.person_id.or(caller.holder_person_id)
}

/// One notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    /// `plan_missing`, `self_window_open`, `self_closing_soon`, `self_missed`,
    /// `review_waiting`, `decision_waiting`, `unit_unpublished`, `group_over_quota`,
    /// `account_expiring`.
    #[schema(example = "review_waiting")]
    pub cause: String,
    /// The month it is about (`YYYY-MM`); for an expiring account, the expiry date.
    pub period: String,
    /// 0, or how many levels it was escalated after a deadline.
    pub level: i16,
    pub unit_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    /// Where the web app shows what it is about.
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> Self {
        Self {
            id: n.id,
            cause: n.cause,
            period: n.period,
            level: n.level,
            unit_id: n.unit_id,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

/// A page of notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    /// Pass as `cursor` for the next page; none on the last.
    pub next_cursor: Option<String>,
    /// Unread notifications in all.
    pub unread: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only those not read yet.
    #[serde(default)]
    pub unread: bool,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

fn encode_cursor(n: &Notification) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", n.created_at.to_rfc3339(), n.id))
}

fn decode_cursor(text: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| request_error("cursor"))?;
    let text = String::from_utf8(bytes).map_err(|_| request_error("cursor"))?;
    let (at, id) = text
        .split_once('|')
        .ok_or_else(|| request_error("cursor"))?;
    Ok((
        DateTime::parse_from_rfc3339(at)
            .map_err(|_| request_error("cursor"))?
            .to_utc(),
        id.parse().map_err(|_| request_error("cursor"))?,
    ))
}

/// The caller's notifications, newest first (an account with no person has none).
#[utoipa::path(
    tag = "notifications",
    params(NotificationQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = NotificationPage),
        (status = 422, description = "`validation_failed` (`cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let limit = crate::dto::page_limit(query.limit);
    let Some(person) = person_of(&caller) else {
        return Ok(HttpResponse::Ok().json(NotificationPage {
            items: Vec::new(),
            next_cursor: None,
            unread: 0,
        }));
    };
    let (mut rows, unread) = db::run(&state.pool, move |conn| {
        Ok((
            store::of_person(conn, person, query.unread, after, limit + 1)?,
            store::unread_count(conn, person)?,
        ))
    })
    .await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = more.then(|| rows.last().map(encode_cursor)).flatten();
    Ok(HttpResponse::Ok().json(NotificationPage {
        items: rows.into_iter().map(NotificationView::from).collect(),
        next_cursor,
        unread,
    }))
}

/// How many notifications the caller has not read (the bell's number).
#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

#[utoipa::path(
    tag = "notifications",
    security(("bearer_auth" = [])),
    responses((status = 200, body = UnreadCount))
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let unread = match person_of(&caller) {
        Some(person) => {
            db::run(&state.pool, move |conn| {
                Ok(store::unread_count(conn, person)?)
            })
            .await?
        }
        None => 0,
    };
    Ok(HttpResponse::Ok().json(UnreadCount { unread }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    params(("id" = Uuid, Path)),
    security(("bearer_auth" = [])),
    responses(
        (status = 204, description = "Read"),
        (status = 404, description = "`not_found`: not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let person = person_of(&caller).ok_or(ApiError::NotFound)?;
    let id = id.into_inner();
    let found = db::run(&state.pool, move |conn| {
        Ok(store::mark_read(conn, person, id, Utc::now())?)
    })
    .await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// How many notifications were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: usize,
}

/// Marks all the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer_auth" = [])),
    responses((status = 200, body = MarkedRead))
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let marked = match person_of(&caller) {
        Some(person) => {
            db::run(&state.pool, move |conn| {
                Ok(store::mark_all_read(conn, person, Utc::now())?)
            })
            .await?
        }
        None => 0,
    };
    Ok(HttpResponse::Ok().json(MarkedRead { marked }))
}

/// What a person receives: notifications in the app (the bell), and e-mail (to the address of
/// their record).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationPreferences {
    pub in_app: bool,
    pub email: bool,
}

#[utoipa::path(
    tag = "notifications",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = NotificationPreferences),
        (status = 404, description = "`not_found`: the account has no person", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notification-preferences")]
pub async fn get_preferences(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let person = person_of(&caller).ok_or(ApiError::NotFound)?;
    let (in_app, email) = db::run(&state.pool, move |conn| {
        Ok(store::preferences(conn, person)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(NotificationPreferences { in_app, email }))
}

#[utoipa::path(
    tag = "notifications",
    request_body = NotificationPreferences,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = NotificationPreferences),
        (status = 404, description = "`not_found`: the account has no person", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/notification-preferences")]
pub async fn set_preferences(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NotificationPreferences>,
) -> Result<HttpResponse, ApiError> {
    let person = person_of(&caller).ok_or(ApiError::NotFound)?;
    let body = body.into_inner();
    let (in_app, email) = (body.in_app, body.email);
    db::run(&state.pool, move |conn| {
        Ok(store::set_preferences(
            conn,
            person,
            in_app,
            email,
            Utc::now(),
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
