use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::service_clients;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::password;
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
    )
)]
#[post("/auth/token")]
pub async fn token(
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest {
        client_id,
        client_secret,
    } = validated(body)?;
    let client = db::run(&state.pool, move |conn| {
        let client = service_clients::find_by_client_id(conn, &client_id)?;
        Ok(match client {
            Some(client) if password::verify(&client_secret, &client.secret_hash) => Some(client),
            Some(_) => None,
            None => {
                password::verify_against_nothing(&client_secret);
                None
            }
        })
    })
    .await?;
    let Some(client) = client.filter(|c| c.status == "active") else {
        return Err(ApiError::InvalidCredentials);
    };
    tracing::info!(client_id = %client.id, "service client signed in");
    Ok(HttpResponse::Ok().json(ServiceToken {
        access_token: state.jwt.issue_service(client.id, Utc::now())?,
        token_type: "Bearer",
        expires_in: state.jwt.ttl_seconds(),
    }))
}
