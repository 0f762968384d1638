use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::{accounts, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::{SignedIn, password};
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

/// Change one's own password (also the forced change after the first sign-in).
///
/// The new password needs 10–128 characters with letters and digits, must not contain the
/// username and must differ from the current one. Other sessions of the account are ended.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 204, description = "Password changed"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: wrong current password or a weak new one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: SignedIn,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = validated(body)?;
    let now = Utc::now();
    db::transaction(&state.pool, move |conn| {
        let account = accounts::find_for_update(conn, caller.account_id)?;
        if !password::verify(&request.current_password, &account.password_hash) {
            return Err(ApiError::Validation(vec![FieldError::new(
                "current_password",
                "wrong_password",
                "Mật khẩu hiện tại không đúng.",
                "The current password is wrong.",
            )]));
        }
        let problems = password::check_new(
            &request.new_password,
            &account.username,
            &request.current_password,
        );
        if !problems.is_empty() {
            return Err(ApiError::Validation(problems));
        }
        let hash = password::hash(&request.new_password)?;
        accounts::set_password(conn, account.id, &hash, false, now)?;
        sessions::revoke_all_of_account(
            conn,
            account.id,
            Some(caller.session_id),
            "password_changed",
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
