//! The `api` command line: serve (default), migrate, create-operator, create-service-client,
//! seed-demo, openapi.

use std::io::Read;

use anyhow::Context;
use clap::{Parser, Subcommand};
use diesel::{Connection, PgConnection};
use secrecy::ExposeSecret;

use chrono::Utc;
use domain::access::ServiceScope;
use persistence::convert::parse_enum;
use persistence::queries::audit::AuditActor;
use persistence::queries::org;

use crate::auth::service_client::{self, ClientSpec};
use crate::clock::Clock;
use crate::config::{Config, Environment, Settings};
use crate::error::ApiError;
use crate::startup::Application;
use crate::{openapi, seed, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "api",
    version,
    about = "Đánh giá, xếp loại CBCCVC hằng tháng: HTTP API and administration commands"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve HTTP (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an operator account; prints its one-time password unless given on stdin.
    CreateOperator {
        #[arg(long)]
        username: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a service client (an HR system); prints its secret once.
    CreateServiceClient {
        /// The id the client signs in with (3-64 ASCII letters, digits, '.', '_', '-').
        #[arg(long)]
        client_id: String,
        /// A name for people.
        #[arg(long)]
        name: String,
        /// Comma-separated: org_read, org_write, evaluations_read, results_read, export.
        #[arg(long, value_delimiter = ',', required = true)]
        scopes: Vec<String>,
        /// Limit the client to this unit's subtree (by unit code); everywhere when absent.
        #[arg(long)]
        unit_code: Option<String>,
    },
    /// Load the demo organisation (idempotent) and print its sign-ins.
    SeedDemo,
    /// Print the OpenAPI document as YAML (needs no database).
    Openapi,
    /// Check the audit trail's hash chain; exits with an error when a link is broken.
    VerifyAudit,
    /// Write a backup (pg_dump archive and manifest) into BACKUP_DIR, verify it by a restore
    /// into a scratch database, and apply the retention.
    Backup,
    /// Restore a backup archive into a new, empty database, after checking it against its
    /// manifest, and compare every table with the manifest.
    Restore {
        /// The archive (its manifest, `<archive>.manifest.json`, beside it).
        #[arg(long)]
        from: std::path::PathBuf,
        /// URL of the empty database to restore into.
        #[arg(long)]
        into: String,
    },
}

/// Runs the command line; returns when the command is done (or the server stops).
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Openapi) = cli.command {
        print!("{}", openapi::yaml()?);
        return Ok(());
    }
    let log_format = cli.settings.log_format;
    let config = cli.settings.validate()?;
    persistence::queries::audit::set_checkpoint_key(
        config.audit_checkpoint_key.expose_secret().as_bytes(),
    );
    telemetry::init(log_format);
    for notice in &config.notices {
        tracing::warn!("{notice}");
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            migrate(&config)?;
            let interrupted =
                crate::jobs::fail_interrupted_imports(&mut connect(&config)?, chrono::Utc::now())?;
            if interrupted > 0 {
                tracing::warn!(
                    interrupted,
                    "imports left unfinished by an earlier run were marked failed"
                );
            }
            let failed_exports =
                crate::jobs::export_search::clean_up(&mut connect(&config)?, chrono::Utc::now())?;
            if failed_exports > 0 {
                tracing::warn!(
                    failed_exports,
                    "exports left unfinished by an earlier run were marked failed"
                );
            }
            let clock = Clock::from_start(config.rules_clock_at);
            tracing::info!("rules clock: {}", clock.describe());
            let application = Application::build_with_clock(&config, clock.clone())?;
            // One connection of its own: linking never waits on the requests' pool.
            let linker_pool = persistence::build_pool(
                config.database_url.expose_secret(),
                1,
                std::time::Duration::from_secs(10),
            )?;
            actix_web::rt::spawn(crate::jobs::audit_linker::run_forever(linker_pool));
            if let Some(every) = config.scheduler_tick {
                use secrecy::ExposeSecret;
                let mailer = crate::jobs::mailer::Mailer::new(
                    config.smtp_url.as_ref().map(|u| u.expose_secret()),
                    &config.smtp_from,
                )?;
                // Its own two connections: the jobs never wait on the requests' pool.
                let pool = persistence::build_pool(
                    config.database_url.expose_secret(),
                    2,
                    std::time::Duration::from_secs(10),
                )?;
                tracing::info!(every = ?every, smtp = mailer.is_configured(), "scheduler on");
                actix_web::rt::spawn(crate::jobs::scheduler::run_forever(
                    pool,
                    std::sync::Arc::new(crate::jobs::scheduler::JobContext::new(&config, mailer)),
                    clock,
                    every,
                ));
            }
            tracing::info!(bind = %config.bind, port = application.port(), "serving; Swagger UI at /swagger-ui/");
            application.run_until_stopped().await?;
        }
        Command::Migrate => migrate(&config)?,
        Command::CreateOperator {
            username,
            password_stdin,
        } => {
            let given = if password_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                Some(text.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let printed = given.is_none();
            let password = seed::create_operator(&mut connect(&config)?, &username, given)?;
            println!("Đã tạo tài khoản vận hành / operator created: {username}");
            if printed {
                println!("Mật khẩu dùng một lần / one-time password: {password}");
                println!("(đổi mật khẩu khi đăng nhập lần đầu / change it at first sign-in)");
            }
        }
        Command::CreateServiceClient {
            client_id,
            name,
            scopes,
            unit_code,
        } => {
            let secret =
                create_service_client(&config, client_id.clone(), name, &scopes, unit_code)?;
            println!("Đã tạo ứng dụng tích hợp / service client created: {client_id}");
            println!("Mã bí mật (chỉ hiện một lần) / client secret (shown once): {secret}");
        }
        Command::SeedDemo => {
            // The demo's shared password must never exist on a real installation.
            if config.environment == Environment::Production {
                anyhow::bail!(
                    "seed-demo refuses to run with APP_ENV=production: the demo accounts share a published password"
                );
            }
            let clock = Clock::from_start(config.rules_clock_at);
            tracing::info!("rules clock: {}", clock.describe());
            let period = clock
                .current_period()
                .context("the rules clock is outside the supported years")?;
            let demo = seed::seed_demo(&mut connect(&config)?, period)?;
            println!(
                "Kỳ {} đã mở cho UBND quận Hoàn Kiếm / period {} open for the district ({} new drafts)",
                demo.period, demo.period, demo.opened
            );
            println!(
                "Tài khoản demo (mật khẩu chung / shared password: {}):",
                seed::DEMO_PASSWORD
            );
            for login in demo.logins {
                println!("  {:<18} {}", login.username, login.who);
            }
        }
        Command::VerifyAudit => {
            let outcome = persistence::queries::audit::verify(&mut connect(&config)?)?;
            if let Some(id) = outcome.first_broken_id {
                anyhow::bail!(
                    "audit trail broken at row {id} (after {} intact rows)",
                    outcome.rows_checked
                );
            }
            if let Some(problem) = outcome.checkpoint_problem {
                anyhow::bail!(
                    "audit checkpoint of {}, chain {}, does not hold: {} (the newest rows may have been deleted or forged)",
                    problem.day,
                    problem.chain,
                    problem.reason
                );
            }
            println!(
                "Nhật ký toàn vẹn / audit trail intact: {} rows, {} signed checkpoints",
                outcome.rows_checked, outcome.checkpoints_checked
            );
        }
        Command::Backup => {
            let settings = config.backup_settings();
            let mut conn = connect(&config)?;
            let written = crate::backup::create(&mut conn, &settings, None, Utc::now())?;
            let checked = crate::backup::verify(&mut conn, &settings, written.id, Utc::now())?;
            println!(
                "{}: {} ({})",
                settings.dir.join(&checked.file_name).display(),
                checked.status,
                checked.message.unwrap_or_default()
            );
            if checked.status != "verified" {
                anyhow::bail!("the backup was written but its verification failed");
            }
        }
        Command::Restore { from, into } => {
            let report = crate::backup::restore(&from, &into)?;
            println!(
                "restored {}: {} tables, {} rows, each equal to the manifest",
                from.display(),
                report.tables,
                report.rows
            );
        }
        Command::Openapi => unreachable_openapi(),
    }
    Ok(())
}

// Handled before configuration is read, so it needs no database or secret.
fn unreachable_openapi() {}

fn connect(config: &Config) -> anyhow::Result<PgConnection> {
    PgConnection::establish(config.database_url.expose_secret())
        .context("cannot connect to the database")
}

fn create_service_client(
    config: &Config,
    client_id: String,
    name: String,
    scopes: &[String],
    unit_code: Option<String>,
) -> anyhow::Result<String> {
    let scopes = scopes
        .iter()
        .map(|s| {
            parse_enum::<ServiceScope>(s.trim()).map_err(|_| {
                anyhow::anyhow!(
                    "unknown scope {s:?}: use org_read, org_write, evaluations_read, results_read, export"
                )
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut conn = connect(config)?;
    conn.transaction(|conn| {
        let unit_id = match unit_code {
            Some(code) => Some(
                org::find_unit_by_code(conn, &code)?
                    .ok_or_else(|| anyhow::anyhow!("no unit has the code {code:?}"))?
                    .id,
            ),
            None => None,
        };
        let spec = ClientSpec {
            client_id,
            name,
            scopes,
            unit_id,
        };
        service_client::create(conn, &spec, &AuditActor::default(), Utc::now())
            .map(|(_, secret)| secret)
            .map_err(|error| match error {
                ApiError::Validation(fields) => anyhow::anyhow!(
                    "invalid: {}",
                    fields
                        .iter()
                        .map(|f| format!("{} ({})", f.field, f.code))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => anyhow::anyhow!("{other}"),
            })
    })
}

/// Applies migrations as the schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL).
fn migrate(config: &Config) -> anyhow::Result<()> {
    let url = config
        .migration_database_url
        .as_ref()
        .unwrap_or(&config.database_url);
    let mut conn =
        PgConnection::establish(url.expose_secret()).context("cannot connect to the database")?;
    let applied = persistence::migrations::run_pending(&mut conn)?;
    if applied.is_empty() {
        tracing::info!("database schema is up to date");
    } else {
        tracing::info!(?applied, "migrations applied");
    }
    Ok(())
}
