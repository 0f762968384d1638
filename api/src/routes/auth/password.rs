use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::{accounts, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::{SignedIn, password};
use crate::client_ip::of as client_ip;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// The current password and the new one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

fn wrong_password() -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "current_password",
        "wrong_password",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    )])
}

/// Change one's own password (also the forced change after the first sign-in).
///
/// The new password needs 10–128 characters with letters and digits, must not contain the
/// username and must differ from the current one. Other sessions of the account are ended.
/// A wrong current password counts towards the account's lockout like a failed sign-in; while
/// the account is locked every current password is refused. Attempts are limited per client
/// address and per username (429 `too_many_requests`).
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 204, description = "Password changed"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: wrong current password or a weak new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: wait `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: SignedIn,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    state
        .sign_in
        .check(client_ip(&req).as_deref(), &caller.username)?;
    let account_id = caller.account_id;
    let account = db::run(&state.pool, move |conn| {
        Ok(accounts::find(conn, account_id)?)
    })
    .await?;
    let stored_hash = account.password_hash.clone();
    let matches = state
        .sign_in
        .verify(request.current_password.clone(), Some(stored_hash.clone()))
        .await?;
    let now = Utc::now();
    let lockout = state.lockout;
    if !matches || lockout.lock_in_force(account.locked_until, now).is_some() {
        // The failure is committed (it counts towards the lock) and then refused.
        db::transaction(&state.pool, move |conn| {
            let account = accounts::find_for_update(conn, account_id)?;
            if !matches && lockout.lock_in_force(account.locked_until, now).is_none() {
                let (failures, locked_until) =
                    lockout.after_failure(account.failed_attempts, now);
                accounts::record_failed_sign_in(conn, account.id, failures, locked_until, now)?;
                tracing::info!(%account_id, failures, locked = locked_until.is_some(), "wrong current password");
            }
            Ok(())
        })
        .await?;
        return Err(wrong_password());
    }
    let problems = password::check_new(
        &request.new_password,
        &account.username,
        &request.current_password,
    );
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let hash = state.sign_in.hash(request.new_password).await?;
    let session_id = caller.session_id;
    db::transaction(&state.pool, move |conn| {
        let account = accounts::find_for_update(conn, account_id)?;
        // Changed or locked meanwhile: what was verified no longer holds.
        if account.password_hash != stored_hash
            || lockout.lock_in_force(account.locked_until, now).is_some()
        {
            return Err(wrong_password());
        }
        accounts::set_password(conn, account.id, &hash, false, now)?;
        sessions::revoke_all_of_account(
            conn,
            account.id,
            Some(session_id),
            "password_changed",
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
