//! What every handler shares.

use persistence::PgPool;

use crate::auth::jwt::JwtKeys;
use crate::auth::lockout::LockoutPolicy;
use crate::clock::Clock;

/// Shared application state, given to handlers as `web::Data<AppState>`.
pub struct AppState {
    pub pool: PgPool,
    pub jwt: JwtKeys,
    pub lockout: LockoutPolicy,
    /// Lifetime of a sign-in session and so of its refresh tokens.
    pub session_ttl: chrono::Duration,
    /// "Now" for business rules (calendar windows).
    pub clock: Clock,
}
