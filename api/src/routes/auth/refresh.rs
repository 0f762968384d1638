use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::sessions;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::TokenPair;
use crate::auth::refresh as refresh_token;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// A refresh token received from sign-in or an earlier refresh.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 512))]
    #[schema(min_length = 1, max_length = 512)]
    pub refresh_token: String,
}

enum Outcome {
    Rotated {
        account_id: Uuid,
        must_change_password: bool,
        session_id: Uuid,
        refresh_token: String,
    },
    Reused,
    Invalid,
}

/// Exchange a refresh token for a new pair.
///
/// The given token is spent. Presenting a spent token again is treated as theft: the whole
/// session (every token of its family, and its access tokens) is revoked.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the old refresh token is spent", body = TokenPair),
        (status = 401, description = "`invalid_refresh_token`: unknown, spent (the family is then revoked), expired or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = validated(body)?.refresh_token;
    let now = Utc::now();
    let outcome = db::transaction(&state.pool, move |conn| {
        let Some((token, session, account)) =
            sessions::find_token_for_update(conn, &refresh_token::digest(&presented))?
        else {
            return Ok(Outcome::Invalid);
        };
        if session.revoked_at.is_some() {
            return Ok(Outcome::Invalid);
        }
        if token.spent_at.is_some() {
            sessions::revoke(conn, session.id, "refresh_token_reused", now)?;
            return Ok(Outcome::Reused);
        }
        if token.expires_at <= now || session.expires_at <= now || account.status != "active" {
            return Ok(Outcome::Invalid);
        }
        let (refresh_token, hash) = refresh_token::generate();
        sessions::rotate(conn, token.id, session.id, &hash, session.expires_at, now)?;
        Ok(Outcome::Rotated {
            account_id: account.id,
            must_change_password: account.must_change_password,
            session_id: session.id,
            refresh_token,
        })
    })
    .await?;

    match outcome {
        Outcome::Invalid => Err(ApiError::InvalidRefreshToken),
        Outcome::Reused => {
            tracing::warn!("a spent refresh token was presented again; its session is revoked");
            Err(ApiError::InvalidRefreshToken)
        }
        Outcome::Rotated {
            account_id,
            must_change_password,
            session_id,
            refresh_token,
        } => Ok(HttpResponse::Ok().json(TokenPair {
            access_token: state.jwt.issue(account_id, session_id, now)?,
            refresh_token,
            token_type: "Bearer",
            expires_in: state.jwt.ttl_seconds(),
            must_change_password,
        })),
    }
}
