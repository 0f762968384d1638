//! What every handler shares.

use persistence::PgPool;

use crate::auth::jwt::JwtKeys;
use crate::auth::lockout::LockoutPolicy;
use crate::auth::throttle::SignInGuard;
use crate::clock::Clock;
use crate::config::Config;

/// Shared application state, given to handlers as `web::Data<AppState>`.
pub struct AppState {
    pub pool: PgPool,
    pub jwt: JwtKeys,
    pub lockout: LockoutPolicy,
    /// Lifetime of a sign-in session and so of its refresh tokens.
    pub session_ttl: chrono::Duration,
    /// How long a one-time password (new account, reset) can be used to sign in.
    pub one_time_password_ttl: chrono::Duration,
    /// Sign-in rate limits and the bound on concurrent password hashing.
    pub sign_in: SignInGuard,
    /// "Now" for business rules (calendar windows).
    pub clock: Clock,
    /// Where backups go (`POST /backups`).
    pub backups: crate::backup::BackupSettings,
    /// Forms, chains and callers' roles, kept between requests (issue 13).
    pub caches: std::sync::Arc<crate::services::cache::Caches>,
}

impl AppState {
    /// The state for `config`, on `pool`, reading `clock`.
    pub fn new(pool: PgPool, config: &Config, clock: Clock) -> anyhow::Result<Self> {
        use secrecy::ExposeSecret;
        Ok(Self {
            pool,
            jwt: JwtKeys::new(
                config.jwt_secret.expose_secret().as_bytes(),
                config.access_token_ttl,
            ),
            lockout: LockoutPolicy {
                max_attempts: config.lockout_max_attempts,
                duration: chrono::Duration::from_std(config.lockout_duration)?,
            },
            session_ttl: chrono::Duration::from_std(config.refresh_token_ttl)?,
            one_time_password_ttl: chrono::Duration::from_std(config.one_time_password_ttl)?,
            sign_in: SignInGuard::new(
                config.auth_rate_per_ip_per_minute,
                config.auth_rate_per_username_per_minute,
                config.password_hashing_concurrency,
            ),
            clock,
            backups: config.backup_settings(),
            caches: std::sync::Arc::default(),
        })
    }
}
