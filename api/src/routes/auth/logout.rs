use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use persistence::queries::sessions;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::refresh;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// The refresh token of the session to end.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LogoutRequest {
    #[validate(length(min = 1, max = 512))]
    #[schema(min_length = 1, max_length = 512)]
    pub refresh_token: String,
}

/// Sign out: ends the session of this refresh token, with its access tokens.
///
/// Answers 204 whether or not the token was known, so it reveals nothing.
#[utoipa::path(
    tag = "auth",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<LogoutRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = validated(body)?.refresh_token;
    let now = Utc::now();
    db::transaction(&state.pool, move |conn| {
        if let Some((_, session, _)) =
            sessions::find_token_for_update(conn, &refresh::digest(&presented))?
        {
            sessions::revoke(conn, session.id, "logout", now)?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
