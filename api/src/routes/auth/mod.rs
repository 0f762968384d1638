//! `/auth/...`: sign-in, token refresh, logout and password change (API.md "Authentication").

mod login;
mod logout;
mod password;
mod refresh;
mod token;

use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(password::change_password)
        .service(token::token);
}

/// An access token and its refresh token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// The account must change its password before it can do anything else.
    pub must_change_password: bool,
}
