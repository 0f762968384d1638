use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::{accounts, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::TokenPair;
use crate::auth::refresh;
use crate::client_ip::of as client_ip;
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

/// A one-time password used after its lifetime.
fn one_time_password_expired() -> ApiError {
    ApiError::Refused {
        status: StatusCode::UNAUTHORIZED,
        code: "one_time_password_expired",
        message_vi: "Mật khẩu dùng một lần đã hết hạn; đề nghị quản trị cấp lại mật khẩu."
            .to_owned(),
        message_en: "The one-time password has expired; ask an administrator for a new one."
            .to_owned(),
    }
}

/// Sign in with a username and password.
///
/// Five wrong passwords in a row lock the account for fifteen minutes (configurable). A locked
/// account answers exactly like a wrong password (401 `invalid_credentials`), and an unknown
/// username costs the same work as a known one. A one-time password (new account, reset)
/// expires after 72 hours (configurable): 401 `one_time_password_expired`. Attempts are limited
/// per client address and per username (429 `too_many_requests` with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "`invalid_credentials` (also while locked), `one_time_password_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`: restricted or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: wait `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        username,
        password: given,
    } = validated(body)?;
    state.sign_in.check(client_ip(&req).as_deref(), &username)?;
    // The hash is read on a connection that is released before the (slow) verification, so
    // sign-ins never hold the pool while hashing.
    let found = db::run(&state.pool, move |conn| {
        Ok(accounts::find_by_username(conn, &username)?)
    })
    .await?;
    let stored_hash = found.as_ref().map(|a| a.password_hash.clone());
    let matches = state.sign_in.verify(given, stored_hash.clone()).await?;
    let Some(found) = found else {
        return Err(ApiError::InvalidCredentials);
    };
    let now = Utc::now();
    let (lockout, session_ttl, otp_ttl) = (
        state.lockout,
        state.session_ttl,
        state.one_time_password_ttl,
    );
    // A short transaction records the outcome on the row as it is now. Failures are committed
    // (they count towards the lock), so refusals are values here and become errors after.
    let outcome = db::transaction(&state.pool, move |conn| {
        let account = accounts::find_for_update(conn, found.id)?;
        // Locked: the same answer as a wrong password, whatever was given.
        if lockout.lock_in_force(account.locked_until, now).is_some() {
            return Ok(Outcome::Refused(ApiError::InvalidCredentials));
        }
        // The password changed while we verified: judge nothing on the old hash.
        if Some(&account.password_hash) != stored_hash.as_ref() {
            return Ok(Outcome::Refused(ApiError::InvalidCredentials));
        }
        if !matches {
            let (failures, locked_until) = lockout.after_failure(account.failed_attempts, now);
            accounts::record_failed_sign_in(conn, account.id, failures, locked_until, now)?;
            tracing::info!(account_id = %account.id, failures, locked = locked_until.is_some(), "sign-in refused");
            return Ok(Outcome::Refused(ApiError::InvalidCredentials));
        }
        let expired = account.valid_until.is_some_and(|until| until <= now);
        if account.status != "active" || expired {
            return Ok(Outcome::Refused(ApiError::AccountDisabled));
        }
        let issued = account.password_changed_at.unwrap_or(account.created_at);
        if account.must_change_password && issued + otp_ttl <= now {
            return Ok(Outcome::Refused(one_time_password_expired()));
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
