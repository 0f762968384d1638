use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::service_clients;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::client_ip::of as client_ip;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// A service client's credentials.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct TokenRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, example = "hrm-sonoivu")]
    pub client_id: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub client_secret: String,
}

/// An access token for a service client (no refresh token: ask again when it expires).
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceToken {
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// Client-credentials sign-in for HR systems and other integrations.
///
/// An unknown client, a wrong secret and a revoked client all answer 401
/// `invalid_credentials`. Every request made with the token is recorded in the audit trail.
#[utoipa::path(
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = ServiceToken),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: wait `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest {
        client_id,
        client_secret,
    } = validated(body)?;
    state
        .sign_in
        .check(client_ip(&req).as_deref(), &client_id)?;
    // Read, release the connection, then verify (an unknown client costs the same work).
    let client = db::run(&state.pool, move |conn| {
        Ok(service_clients::find_by_client_id(conn, &client_id)?)
    })
    .await?;
    let matches = state
        .sign_in
        .verify(
            client_secret,
            client.as_ref().map(|c| c.secret_hash.clone()),
        )
        .await?;
    let Some(client) = client.filter(|c| matches && c.status == "active") else {
        return Err(ApiError::InvalidCredentials);
    };
    tracing::info!(client_id = %client.id, "service client signed in");
    Ok(HttpResponse::Ok().json(ServiceToken {
        access_token: state.jwt.issue_service(client.id, Utc::now())?,
        token_type: "Bearer",
        expires_in: state.jwt.ttl_seconds(),
    }))
}
