//! Typed configuration, read from environment variables (or flags) and validated at start.
//! Every variable, its default and its meaning is listed in docs/configuration.md.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, FixedOffset};
use clap::{Args, ValueEnum};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

/// Where the process runs; production refuses unsafe settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Readable lines for people.
    Pretty,
    /// One JSON object per line for log collectors.
    Json,
}

/// The raw settings as given; [`Settings::validate`] turns them into a [`Config`].
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// PostgreSQL URL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/danhgia",
        hide_default_value = false
    )]
    pub database_url: String,
    /// Maximum connections in the pool.
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 16)]
    pub database_pool_size: u32,
    /// How long a request waits for a free connection before it is answered 503 with
    /// `Retry-After` (every connection busy, or the database down), in milliseconds.
    #[arg(long, env = "DATABASE_ACQUIRE_TIMEOUT_MS", default_value_t = 1000)]
    pub database_acquire_timeout_ms: u64,
    /// Address and port the HTTP server listens on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// `development` or `production`.
    #[arg(long = "app-env", env = "APP_ENV", value_enum, default_value_t = Environment::Development)]
    pub environment: Environment,
    /// Secret for signing access tokens (HS256), at least 32 bytes. Generated per run in development when unset.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<SecretString>,
    /// File holding the JWT secret (used when JWT_SECRET is unset).
    #[arg(long, env = "JWT_SECRET_FILE")]
    pub jwt_secret_file: Option<PathBuf>,
    /// Lifetime of an access token, in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL_SECONDS", default_value_t = 900)]
    pub access_token_ttl_seconds: u64,
    /// Lifetime of a sign-in session (its refresh tokens), in seconds.
    #[arg(long, env = "REFRESH_TOKEN_TTL_SECONDS", default_value_t = 14 * 24 * 3600)]
    pub refresh_token_ttl_seconds: u64,
    /// Failed sign-ins in a row that lock an account.
    #[arg(long, env = "LOCKOUT_MAX_ATTEMPTS", default_value_t = 5)]
    pub lockout_max_attempts: u32,
    /// How long a locked account stays locked, in minutes.
    #[arg(long, env = "LOCKOUT_MINUTES", default_value_t = 15)]
    pub lockout_minutes: u32,
    /// Attempts a minute on /auth/login, /auth/token and /auth/password from one client IP.
    #[arg(long, env = "AUTH_RATE_PER_IP_PER_MINUTE", default_value_t = 30)]
    pub auth_rate_per_ip_per_minute: u32,
    /// Attempts a minute on those routes for one username (or service client id).
    #[arg(long, env = "AUTH_RATE_PER_USERNAME_PER_MINUTE", default_value_t = 10)]
    pub auth_rate_per_username_per_minute: u32,
    /// Password hashes computed at once (0: one per core).
    #[arg(long, env = "PASSWORD_HASHING_CONCURRENCY", default_value_t = 0)]
    pub password_hashing_concurrency: usize,
    /// Hours a one-time password (a new account's or a reset) can be used to sign in.
    #[arg(long, env = "ONE_TIME_PASSWORD_TTL_HOURS", default_value_t = 72)]
    pub one_time_password_ttl_hours: u32,
    /// Largest JSON body accepted, in bytes.
    #[arg(long, env = "MAX_JSON_BYTES", default_value_t = 256 * 1024)]
    pub max_json_bytes: usize,
    /// Folder of the built SPA to serve at `/` (optional); it must hold `index.html`.
    #[arg(long, env = "STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Start the rules clock at this instant (RFC 3339, e.g. 2026-11-21T09:00:00+07:00); it then
    /// runs on with real time. For demos and browser tests; refused in production.
    #[arg(long, env = "RULES_CLOCK_AT")]
    pub rules_clock_at: Option<String>,
    /// `pretty` or `json`.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Key (at least 32 bytes) signing the audit trail's daily checkpoints (HMAC-SHA256).
    /// Required in production; a fixed development key is used when unset in development.
    #[arg(long, env = "AUDIT_CHECKPOINT_KEY", hide_env_values = true)]
    pub audit_checkpoint_key: Option<SecretString>,
    /// File holding the audit checkpoint key (used when AUDIT_CHECKPOINT_KEY is unset).
    #[arg(long, env = "AUDIT_CHECKPOINT_KEY_FILE")]
    pub audit_checkpoint_key_file: Option<PathBuf>,
    /// Peers (IP addresses or CIDR blocks, comma-separated) whose X-Forwarded-For is believed:
    /// the reverse proxy. From anyone else the client address is the connection's peer.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// PostgreSQL URL used to apply migrations (the schema owner), when the application itself
    /// connects as a role with fewer rights (DATABASE_URL). Defaults to DATABASE_URL.
    #[arg(long, env = "MIGRATION_DATABASE_URL", hide_env_values = true)]
    pub migration_database_url: Option<String>,
    /// SMTP server for e-mail notifications (`smtp://host:port`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`); without it e-mails wait in the outbox.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of e-mail notifications.
    #[arg(
        long,
        env = "SMTP_FROM",
        default_value = "Đánh giá CBCCVC <khong-tra-loi@danhgia.local>"
    )]
    pub smtp_from: String,
    /// Seconds between two ticks of the scheduler (alerts, e-mail, clean-up); 0 turns it off
    /// in this process (another replica may run the jobs).
    #[arg(long, env = "SCHEDULER_TICK_SECONDS", default_value_t = 30)]
    pub scheduler_tick_seconds: u64,
    /// Where backup archives and their manifests are written.
    #[arg(long, env = "BACKUP_DIR", default_value = "backups")]
    pub backup_dir: PathBuf,
    /// Backup archives kept; older ones are deleted after each new one.
    #[arg(long, env = "BACKUP_KEEP", default_value_t = 12)]
    pub backup_keep: u32,
}

/// Validated configuration used by the application.
#[derive(Clone)]
pub struct Config {
    pub database_url: SecretString,
    pub database_pool_size: u32,
    pub database_acquire_timeout: Duration,
    pub bind: SocketAddr,
    pub environment: Environment,
    pub jwt_secret: SecretString,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub lockout_max_attempts: u32,
    pub lockout_duration: Duration,
    pub auth_rate_per_ip_per_minute: u32,
    pub auth_rate_per_username_per_minute: u32,
    pub password_hashing_concurrency: usize,
    pub one_time_password_ttl: Duration,
    pub max_json_bytes: usize,
    pub static_dir: Option<PathBuf>,
    /// Where the rules clock starts (`RULES_CLOCK_AT`); the system clock when unset.
    pub rules_clock_at: Option<DateTime<FixedOffset>>,
    pub workers: usize,
    /// Signs the audit trail's daily checkpoints.
    pub audit_checkpoint_key: SecretString,
    /// Peers whose X-Forwarded-For is believed.
    pub trusted_proxies: crate::client_ip::TrustedProxies,
    /// Where migrations are applied from (the schema owner); `database_url` when unset.
    pub migration_database_url: Option<SecretString>,
    /// The SMTP server of e-mail notifications, if any.
    pub smtp_url: Option<SecretString>,
    pub smtp_from: String,
    /// Time between scheduler ticks; none: no scheduler in this process.
    pub scheduler_tick: Option<Duration>,
    pub backup_dir: PathBuf,
    pub backup_keep: u32,
    /// Said once at start (e.g. "generated a JWT secret"), after logging is set up.
    pub notices: Vec<String>,
}

impl std::fmt::Debug for Config {
    // Written by hand so that no secret can reach a log through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("environment", &self.environment)
            .field("database_pool_size", &self.database_pool_size)
            .field("database_acquire_timeout", &self.database_acquire_timeout)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field("lockout_max_attempts", &self.lockout_max_attempts)
            .field("lockout_duration", &self.lockout_duration)
            .field(
                "auth_rate_per_ip_per_minute",
                &self.auth_rate_per_ip_per_minute,
            )
            .field(
                "auth_rate_per_username_per_minute",
                &self.auth_rate_per_username_per_minute,
            )
            .field("one_time_password_ttl", &self.one_time_password_ttl)
            .field("static_dir", &self.static_dir)
            .field("rules_clock_at", &self.rules_clock_at)
            .finish_non_exhaustive()
    }
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("JWT_SECRET (or JWT_SECRET_FILE) is required in production")]
    MissingSecret,
    #[error(
        "the JWT secret must be at least {MIN_SECRET_BYTES} bytes and not a known example value"
    )]
    WeakSecret,
    #[error("cannot read JWT_SECRET_FILE {path}: {reason}")]
    SecretFile { path: String, reason: String },
    #[error("{0} must be greater than zero")]
    Zero(&'static str),
    #[error("ACCESS_TOKEN_TTL_SECONDS must be shorter than REFRESH_TOKEN_TTL_SECONDS")]
    TokenLifetimes,
    #[error(
        "the database password in DATABASE_URL is an example value (such as change-me); production refuses it"
    )]
    WeakDatabasePassword,
    #[error(
        "AUDIT_CHECKPOINT_KEY (or AUDIT_CHECKPOINT_KEY_FILE) of at least {MIN_SECRET_BYTES} bytes is required in production"
    )]
    AuditKey,
    #[error("TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
    #[error(
        "RULES_CLOCK_AT must be an RFC 3339 instant between the years 2000 and 9998 (such as 2026-11-21T09:00:00+07:00), got {0:?}"
    )]
    RulesClock(String),
    #[error("RULES_CLOCK_AT moves the time the rules see; production refuses it")]
    RulesClockInProduction,
    #[error("STATIC_DIR {0} has no index.html")]
    StaticDir(String),
}

/// The audit checkpoint key used in development when none is configured (never in production).
pub const DEVELOPMENT_AUDIT_KEY: &str = "danhgia-development-audit-checkpoint-key";

const MIN_SECRET_BYTES: usize = 32;
/// Example values that must never reach production (compared without case, `-` or `_`).
const KNOWN_WEAK_SECRETS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "replaceme",
    "example",
    "secret",
    "password",
    "danhgia",
];

/// Whether `value` is empty or carries one of the example values.
fn is_example_value(value: &str) -> bool {
    let squashed: String = value
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect();
    value.trim().is_empty()
        || KNOWN_WEAK_SECRETS
            .iter()
            .any(|weak| squashed.contains(&weak.replace(['-', '_'], "")))
}

/// The password part of a PostgreSQL URL, if any.
fn database_password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let credentials = rest.split_once('@')?.0;
    credentials.split_once(':').map(|(_, password)| password)
}

/// A secret given directly, or read from a file (trimmed), or none.
fn secret_or_file(
    value: Option<&SecretString>,
    file: Option<&std::path::Path>,
) -> Result<Option<String>, ConfigError> {
    match (value, file) {
        (Some(secret), _) => Ok(Some(secret.expose_secret().to_owned())),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(|text| Some(text.trim().to_owned()))
            .map_err(|error| ConfigError::SecretFile {
                path: path.display().to_string(),
                reason: error.to_string(),
            }),
        (None, None) => Ok(None),
    }
}

impl Settings {
    /// Checks the settings and resolves the JWT secret.
    pub fn validate(self) -> Result<Config, ConfigError> {
        let mut notices = Vec::new();
        let given = secret_or_file(self.jwt_secret.as_ref(), self.jwt_secret_file.as_deref())?;
        let jwt_secret = match (given, self.environment) {
            (Some(secret), environment) => {
                let weak = secret.len() < MIN_SECRET_BYTES || is_example_value(&secret);
                if weak && environment == Environment::Production {
                    return Err(ConfigError::WeakSecret);
                }
                if weak {
                    notices
                        .push("the JWT secret is weak; production mode would refuse it".to_owned());
                }
                secret
            }
            (None, Environment::Production) => return Err(ConfigError::MissingSecret),
            (None, Environment::Development) => {
                notices.push(
                    "no JWT_SECRET: generated one for this run (development mode); tokens end with the process"
                        .to_owned(),
                );
                random_secret()
            }
        };
        if self.environment == Environment::Production
            && database_password(&self.database_url).is_some_and(is_example_value)
        {
            return Err(ConfigError::WeakDatabasePassword);
        }
        for (name, value) in [
            (
                "AUTH_RATE_PER_IP_PER_MINUTE",
                u64::from(self.auth_rate_per_ip_per_minute),
            ),
            (
                "AUTH_RATE_PER_USERNAME_PER_MINUTE",
                u64::from(self.auth_rate_per_username_per_minute),
            ),
            (
                "ONE_TIME_PASSWORD_TTL_HOURS",
                u64::from(self.one_time_password_ttl_hours),
            ),
            ("DATABASE_POOL_SIZE", u64::from(self.database_pool_size)),
            (
                "DATABASE_ACQUIRE_TIMEOUT_MS",
                self.database_acquire_timeout_ms,
            ),
            ("ACCESS_TOKEN_TTL_SECONDS", self.access_token_ttl_seconds),
            ("REFRESH_TOKEN_TTL_SECONDS", self.refresh_token_ttl_seconds),
            ("LOCKOUT_MAX_ATTEMPTS", u64::from(self.lockout_max_attempts)),
            ("LOCKOUT_MINUTES", u64::from(self.lockout_minutes)),
            ("MAX_JSON_BYTES", self.max_json_bytes as u64),
            ("BACKUP_KEEP", u64::from(self.backup_keep)),
        ] {
            if value == 0 {
                return Err(ConfigError::Zero(name));
            }
        }
        if self.access_token_ttl_seconds >= self.refresh_token_ttl_seconds {
            return Err(ConfigError::TokenLifetimes);
        }
        let audit_key = secret_or_file(
            self.audit_checkpoint_key.as_ref(),
            self.audit_checkpoint_key_file.as_deref(),
        )?;
        let audit_checkpoint_key = match (audit_key, self.environment) {
            (Some(key), Environment::Production)
                if key.len() < MIN_SECRET_BYTES
                    || KNOWN_WEAK_SECRETS.iter().any(|w| key.contains(w)) =>
            {
                return Err(ConfigError::AuditKey);
            }
            (Some(key), _) => key,
            (None, Environment::Production) => return Err(ConfigError::AuditKey),
            (None, Environment::Development) => {
                notices.push(
                    "no AUDIT_CHECKPOINT_KEY: audit checkpoints are signed with the development key"
                        .to_owned(),
                );
                DEVELOPMENT_AUDIT_KEY.to_owned()
            }
        };
        let trusted_proxies = crate::client_ip::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(ConfigError::TrustedProxies)?;
        let rules_clock_at = match self.rules_clock_at.as_deref() {
            None => None,
            Some(_) if self.environment == Environment::Production => {
                return Err(ConfigError::RulesClockInProduction);
            }
            Some(text) => Some(parse_rules_clock(text)?),
        };
        if let Some(dir) = &self.static_dir
            && !dir.join("index.html").is_file()
        {
            return Err(ConfigError::StaticDir(dir.display().to_string()));
        }
        Ok(Config {
            database_url: self.database_url.into(),
            database_pool_size: self.database_pool_size,
            database_acquire_timeout: Duration::from_millis(self.database_acquire_timeout_ms),
            bind: self.bind,
            environment: self.environment,
            jwt_secret: jwt_secret.into(),
            access_token_ttl: Duration::from_secs(self.access_token_ttl_seconds),
            refresh_token_ttl: Duration::from_secs(self.refresh_token_ttl_seconds),
            lockout_max_attempts: self.lockout_max_attempts,
            lockout_duration: Duration::from_secs(u64::from(self.lockout_minutes) * 60),
            auth_rate_per_ip_per_minute: self.auth_rate_per_ip_per_minute,
            auth_rate_per_username_per_minute: self.auth_rate_per_username_per_minute,
            password_hashing_concurrency: self.password_hashing_concurrency,
            one_time_password_ttl: Duration::from_secs(
                u64::from(self.one_time_password_ttl_hours) * 3600,
            ),
            max_json_bytes: self.max_json_bytes,
            static_dir: self.static_dir,
            rules_clock_at,
            workers: self.workers,
            audit_checkpoint_key: audit_checkpoint_key.into(),
            trusted_proxies,
            migration_database_url: self.migration_database_url.map(Into::into),
            smtp_url: self
                .smtp_url
                .filter(|url| !url.trim().is_empty())
                .map(Into::into),
            smtp_from: self.smtp_from,
            scheduler_tick: (self.scheduler_tick_seconds > 0)
                .then(|| Duration::from_secs(self.scheduler_tick_seconds)),
            backup_dir: self.backup_dir,
            backup_keep: self.backup_keep,
            notices,
        })
    }
}

impl Config {
    /// Where backups go and what they are taken from (the schema owner when configured).
    pub fn backup_settings(&self) -> crate::backup::BackupSettings {
        use secrecy::ExposeSecret;
        crate::backup::BackupSettings {
            dir: self.backup_dir.clone(),
            keep: self.backup_keep,
            database_url: self
                .migration_database_url
                .as_ref()
                .unwrap_or(&self.database_url)
                .expose_secret()
                .to_owned(),
        }
    }

    /// Settings for tests: the given database, a random secret, port 0, one worker.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_owned().into(),
            database_pool_size: 4,
            database_acquire_timeout: Duration::from_secs(10),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            environment: Environment::Development,
            jwt_secret: random_secret().into(),
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(14 * 24 * 3600),
            lockout_max_attempts: 5,
            lockout_duration: Duration::from_secs(15 * 60),
            // Tests sign in often from one address; the limits are tested on their own.
            auth_rate_per_ip_per_minute: 1_000_000,
            auth_rate_per_username_per_minute: 1_000_000,
            password_hashing_concurrency: 0,
            one_time_password_ttl: Duration::from_secs(72 * 3600),
            max_json_bytes: 64 * 1024,
            static_dir: None,
            rules_clock_at: None,
            workers: 1,
            audit_checkpoint_key: DEVELOPMENT_AUDIT_KEY.to_owned().into(),
            trusted_proxies: crate::client_ip::TrustedProxies::default(),
            migration_database_url: None,
            smtp_url: None,
            smtp_from: "Đánh giá CBCCVC <khong-tra-loi@danhgia.local>".to_owned(),
            // Tests run the scheduler's ticks themselves, at the instants they choose.
            scheduler_tick: None,
            backup_dir: std::env::temp_dir()
                .join(format!("danhgia-backups-{}", uuid::Uuid::new_v4().simple())),
            backup_keep: 12,
            notices: Vec::new(),
        }
    }
}

/// An RFC 3339 instant whose Hanoi date falls in a supported period.
fn parse_rules_clock(text: &str) -> Result<DateTime<FixedOffset>, ConfigError> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .filter(|at| {
            domain::Period::containing(at.with_timezone(&domain::calendar::HANOI).date_naive())
                .is_ok()
        })
        .ok_or_else(|| ConfigError::RulesClock(text.to_owned()))
}

fn random_secret() -> String {
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    fn settings(args: &[&str]) -> Settings {
        let mut all = vec!["api"];
        all.extend_from_slice(args);
        Cli::parse_from(all).settings
    }

    #[test]
    fn production_refuses_a_missing_or_weak_secret() {
        let missing = settings(&["--app-env", "production"]);
        assert!(matches!(
            missing.validate(),
            Err(ConfigError::MissingSecret)
        ));
        let weak = settings(&["--app-env", "production", "--jwt-secret", "short"]);
        assert!(matches!(weak.validate(), Err(ConfigError::WeakSecret)));
        let example = settings(&[
            "--app-env",
            "production",
            "--jwt-secret",
            "CHANGE_ME-please-to-a-long-random-value",
        ]);
        assert!(matches!(example.validate(), Err(ConfigError::WeakSecret)));
        let example_database = settings(&[
            "--app-env",
            "production",
            "--jwt-secret",
            "0123456789abcdef0123456789abcdef-x",
            "--database-url",
            "postgres://danhgia:change-me@db:5432/danhgia",
        ]);
        assert!(matches!(
            example_database.validate(),
            Err(ConfigError::WeakDatabasePassword)
        ));
        let strong = settings(&[
            "--app-env",
            "production",
            "--jwt-secret",
            "0123456789abcdef0123456789abcdef-x",
            "--audit-checkpoint-key",
            "fedcba9876543210fedcba9876543210-y",
        ]);
        assert!(strong.validate().is_ok());
    }

    #[test]
    fn production_requires_an_audit_key_and_trusted_proxies_parse() {
        let jwt = "0123456789abcdef0123456789abcdef-x";
        let missing = settings(&["--app-env", "production", "--jwt-secret", jwt]);
        assert!(matches!(missing.validate(), Err(ConfigError::AuditKey)));
        let weak = settings(&[
            "--app-env",
            "production",
            "--jwt-secret",
            jwt,
            "--audit-checkpoint-key",
            "short",
        ]);
        assert!(matches!(weak.validate(), Err(ConfigError::AuditKey)));
        let proxies = settings(&["--trusted-proxies", "10.0.0.0/8,::1"])
            .validate()
            .unwrap();
        assert!(
            proxies
                .trusted_proxies
                .contains("10.1.2.3".parse().unwrap())
        );
        assert!(
            !proxies
                .trusted_proxies
                .contains("11.1.2.3".parse().unwrap())
        );
        assert!(
            settings(&["--trusted-proxies", "10.0.0.0/33"])
                .validate()
                .is_err()
        );
    }

    #[test]
    fn development_generates_a_secret_and_says_so() {
        let config = settings(&[]).validate().unwrap();
        assert!(config.jwt_secret.expose_secret().len() >= MIN_SECRET_BYTES);
        assert!(config.notices.iter().any(|n| n.contains("generated")));
    }

    #[test]
    fn the_rules_clock_start_is_an_instant_and_never_in_production() {
        let config = settings(&["--rules-clock-at", "2026-11-21T09:00:00+07:00"])
            .validate()
            .unwrap();
        assert_eq!(
            config.rules_clock_at.map(|at| at.to_rfc3339()),
            Some("2026-11-21T09:00:00+07:00".to_owned())
        );
        for wrong in [
            "2026-11-21",
            "21/11/2026 09:00",
            "1999-12-31T09:00:00+07:00",
        ] {
            assert!(
                matches!(
                    settings(&["--rules-clock-at", wrong]).validate(),
                    Err(ConfigError::RulesClock(_))
                ),
                "{wrong}"
            );
        }
        let production = settings(&[
            "--app-env",
            "production",
            "--jwt-secret",
            "0123456789abcdef0123456789abcdef-x",
            "--audit-checkpoint-key",
            "fedcba9876543210fedcba9876543210-y",
            "--rules-clock-at",
            "2026-11-21T09:00:00+07:00",
        ]);
        assert!(matches!(
            production.validate(),
            Err(ConfigError::RulesClockInProduction)
        ));
    }

    #[test]
    fn a_static_dir_must_hold_index_html() {
        let dir = std::env::temp_dir().join(format!("danhgia-static-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.to_str().unwrap();
        assert!(matches!(
            settings(&["--static-dir", path]).validate(),
            Err(ConfigError::StaticDir(_))
        ));
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        assert!(settings(&["--static-dir", path]).validate().is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_output_hides_secrets() {
        let config = settings(&[
            "--jwt-secret",
            "a-very-long-secret-value-that-must-not-leak",
        ])
        .validate()
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("must-not-leak"));
        assert!(!shown.contains("postgres://"));
    }
}
