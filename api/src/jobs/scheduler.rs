//! Periodic jobs in the API process (issue 12): alerts, e-mail and webhook delivery, the
//! nightly recount of the statistics, clean-up and the monthly backup (written, then verified
//! by a restore). Every
//! replica ticks; each due job is claimed in the database (`scheduled_jobs`, `FOR UPDATE SKIP
//! LOCKED`), so a job runs once per cluster however many replicas run. The operator sees the
//! jobs and their last run (`GET /jobs`) and can make one due now (`POST /jobs/{name}/run`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use persistence::PgPool;
use persistence::queries::scheduler as store;

use crate::backup::{self, BackupSettings};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::jobs::mailer::{self, Mailer};
use crate::services::alerts;

/// The jobs this version runs (their rows come with the migrations).
pub const JOBS: [&str; 6] = ["alerts", "backup", "cleanup", "emails", "stats", "webhooks"];

/// What the jobs need besides the database.
pub struct JobContext {
    pub mailer: Mailer,
    pub backups: BackupSettings,
    /// How long a one-time password signs in (its sessions end after it).
    pub one_time_password_ttl: chrono::Duration,
}

impl JobContext {
    /// The jobs' settings from the configuration, sending e-mail with `mailer`.
    pub fn new(config: &crate::config::Config, mailer: Mailer) -> Self {
        Self {
            mailer,
            backups: config.backup_settings(),
            one_time_password_ttl: chrono::Duration::from_std(config.one_time_password_ttl)
                .unwrap_or(chrono::Duration::hours(72)),
        }
    }
}

/// This replica's name in `scheduled_jobs.running_on`.
pub fn replica_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "api".to_owned());
    format!("{host}:{}", std::process::id())
}

/// One job's outcome in a tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub job: String,
    pub succeeded: bool,
    pub message: String,
}

/// Runs every job due at `now` that no other replica holds, each once; `rules_now` is the
/// instant the business rules see (the alerts' calendar). Blocking: call off the async executor.
pub fn tick(
    pool: &PgPool,
    jobs: &JobContext,
    replica: &str,
    now: DateTime<Utc>,
    rules_now: DateTime<Utc>,
) -> Result<Vec<Ran>, ApiError> {
    let mut conn = pool
        .get()
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    let mut ran = Vec::new();
    while let Some(job) = store::claim_due(&mut conn, now, replica)? {
        let outcome = run_job(&mut conn, jobs, &job, now, rules_now);
        let (succeeded, message) = match outcome {
            Ok(message) => (true, message),
            Err(error) => {
                tracing::error!(%job, %error, "scheduled job failed");
                (false, error.to_string())
            }
        };
        store::finish(
            &mut conn,
            &job,
            replica,
            now,
            Utc::now().max(now),
            succeeded,
            &message,
        )?;
        ran.push(Ran {
            job,
            succeeded,
            message,
        });
    }
    Ok(ran)
}

fn run_job(
    conn: &mut diesel::PgConnection,
    jobs: &JobContext,
    job: &str,
    now: DateTime<Utc>,
    rules_now: DateTime<Utc>,
) -> Result<String, ApiError> {
    match job {
        "alerts" => {
            let run = alerts::run(conn, rules_now, now)?;
            Ok(format!(
                "{} phiếu chưa công khai được xét; {} thông báo đến hạn, {} thông báo mới",
                run.evaluations, run.due, run.created
            ))
        }
        "emails" => {
            let mailer = &jobs.mailer;
            if !mailer.is_configured() {
                return Ok("Chưa cấu hình SMTP: thư chờ trong hàng đợi".to_owned());
            }
            let run = mailer::deliver_due(conn, mailer, now)?;
            Ok(format!(
                "{} thư đã gửi, {} thư sẽ gửi lại, {} thư không gửi được",
                run.sent, run.retrying, run.given_up
            ))
        }
        "webhooks" => {
            let run = crate::jobs::webhooks::deliver_due(conn, now)?;
            Ok(format!(
                "{} sự kiện đã chuyển, {} sẽ chuyển lại, {} không chuyển được",
                run.delivered, run.retrying, run.given_up
            ))
        }
        "backup" => {
            let written = backup::create(conn, &jobs.backups, None, now)
                .map_err(|e| ApiError::Internal(anyhow::anyhow!("backup: {e}")))?;
            let checked = backup::verify(conn, &jobs.backups, written.id, now)
                .map_err(|e| ApiError::Internal(anyhow::anyhow!("backup verification: {e}")))?;
            Ok(format!(
                "{} ({} byte): {}",
                checked.file_name,
                checked.byte_size,
                checked.message.unwrap_or_default()
            ))
        }
        "stats" => {
            let local = rules_now.with_timezone(&domain::calendar::HANOI);
            let current = domain::Period::containing(local.date_naive())
                .map_err(|e| ApiError::Internal(anyhow::anyhow!("period: {e}")))?;
            let periods = [current.previous().to_string(), current.to_string()];
            let rows = persistence::queries::stats::rebuild(conn, &periods)?;
            Ok(format!(
                "Đã tính lại thống kê tháng {} và {}: {rows} dòng",
                periods[0], periods[1]
            ))
        }
        "cleanup" => {
            let keys = persistence::queries::idempotency::forget_expired(conn, now)?;
            let imports =
                crate::jobs::fail_interrupted_imports(conn, now).map_err(ApiError::Internal)?;
            let exports = persistence::queries::exports::delete_expired(conn, now)?;
            let sessions = persistence::queries::sessions::end_expired_one_time_sessions(
                conn,
                now - jobs.one_time_password_ttl,
                now,
            )?;
            Ok(format!(
                "{keys} khoá Idempotency-Key hết hạn, {exports} tệp xuất hết hạn đã xoá, \
                 {sessions} phiên đăng nhập bằng mật khẩu dùng một lần đã hết hạn, \
                 {imports} lần nhập bị gián đoạn"
            ))
        }
        other => Err(ApiError::Internal(anyhow::anyhow!(
            "no such scheduled job: {other}"
        ))),
    }
}

/// Ticks every `every` until the process ends (spawned at start when the scheduler is on).
pub async fn run_forever(
    pool: PgPool,
    jobs: Arc<JobContext>,
    clock: Clock,
    every: std::time::Duration,
) {
    let replica = replica_name();
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let (pool, jobs, replica, rules_now) =
            (pool.clone(), jobs.clone(), replica.clone(), clock.now());
        let outcome =
            actix_web::web::block(move || tick(&pool, &jobs, &replica, Utc::now(), rules_now))
                .await;
        match outcome {
            Ok(Ok(ran)) => {
                for r in ran {
                    tracing::info!(job = %r.job, succeeded = r.succeeded, message = %r.message, "scheduled job ran");
                }
            }
            Ok(Err(error)) => tracing::warn!(%error, "scheduler tick failed"),
            Err(error) => tracing::warn!(%error, "scheduler tick did not finish"),
        }
    }
}
