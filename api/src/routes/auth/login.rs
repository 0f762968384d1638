use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::{accounts, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::TokenPair;
use crate::auth::{password, refresh};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// Username and password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, example = "quantri")]
    pub username: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

enum Outcome {
    SignedIn {
        account_id: Uuid,
        session_id: Uuid,
        must_change_password: bool,
        refresh_token: String,
    },
    Refused(ApiError),
}

/// Sign in with a username and password.
///
/// Five wrong passwords in a row lock the account for fifteen minutes (configurable); while
/// locked, even the right password answers 423.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`: restricted or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`account_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        username,
        password: given,
    } = validated(body)?;
    let now = Utc::now();
    let (lockout, session_ttl) = (state.lockout, state.session_ttl);
    // Failures are committed (they count towards the lock), so refusals are values here and
    // become errors only after the transaction.
    let outcome = db::transaction(&state.pool, move |conn| {
        let Some(account) = accounts::find_by_username_for_update(conn, &username)? else {
            password::verify_against_nothing(&given);
            return Ok(Outcome::Refused(ApiError::InvalidCredentials));
        };
        if let Some(until) = lockout.lock_in_force(account.locked_until, now) {
            return Ok(Outcome::Refused(ApiError::AccountLocked { until }));
        }
        if !password::verify(&given, &account.password_hash) {
            let (failures, locked_until) = lockout.after_failure(account.failed_attempts, now);
            accounts::record_failed_sign_in(conn, account.id, failures, locked_until, now)?;
            tracing::info!(account_id = %account.id, failures, locked = locked_until.is_some(), "sign-in refused");
            return Ok(Outcome::Refused(ApiError::InvalidCredentials));
        }
        let expired = account.valid_until.is_some_and(|until| until <= now);
        if account.status != "active" || expired {
            return Ok(Outcome::Refused(ApiError::AccountDisabled));
        }
        accounts::record_successful_sign_in(conn, account.id)?;
        let (refresh_token, hash) = refresh::generate();
        let session = sessions::start(conn, account.id, &hash, now + session_ttl)?;
        Ok(Outcome::SignedIn {
            account_id: account.id,
            session_id: session.id,
            must_change_password: account.must_change_password,
            refresh_token,
        })
    })
    .await?;

    match outcome {
        Outcome::Refused(error) => Err(error),
        Outcome::SignedIn {
            account_id,
            session_id,
            must_change_password,
            refresh_token,
        } => {
            tracing::info!(%account_id, %session_id, "signed in");
            Ok(HttpResponse::Ok().json(TokenPair {
                access_token: state.jwt.issue(account_id, session_id, now)?,
                refresh_token,
                token_type: "Bearer",
                expires_in: state.jwt.ttl_seconds(),
                must_change_password,
            }))
        }
    }
}
