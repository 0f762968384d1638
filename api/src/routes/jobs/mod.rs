//! `/jobs/...`: the scheduler's periodic jobs for operators: each one's schedule and last run,
//! and "run now".

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use persistence::queries::scheduler::{self as store, ScheduledJob};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_jobs).service(run_job);
}

/// A periodic job.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledJobView {
    /// `alerts` (every 15 minutes), `emails` (every minute), `webhooks` (every 30 s), `stats`
    /// (nightly), `cleanup` (hourly), `backup` (every 30 days).
    #[schema(example = "alerts")]
    pub name: String,
    pub every_seconds: i32,
    pub next_run_at: DateTime<Utc>,
    /// Set while a replica runs it.
    pub running_since: Option<DateTime<Utc>>,
    /// The replica running it (`host:pid`).
    pub running_on: Option<String>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    /// `succeeded` or `failed`.
    pub last_status: Option<String>,
    /// What the last run did, or why it failed.
    pub last_message: Option<String>,
    pub runs: i32,
}

impl From<ScheduledJob> for ScheduledJobView {
    fn from(j: ScheduledJob) -> Self {
        Self {
            name: j.name,
            every_seconds: j.every_seconds,
            next_run_at: j.next_run_at,
            running_since: j.running_since,
            running_on: j.running_on,
            last_started_at: j.last_started_at,
            last_finished_at: j.last_finished_at,
            last_status: j.last_status,
            last_message: j.last_message,
            runs: j.runs,
        }
    }
}

/// The periodic jobs with their last run (operators).
#[utoipa::path(
    tag = "operations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<ScheduledJobView>),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let jobs = db::run(&state.pool, |conn| Ok(store::list(conn)?)).await?;
    let views: Vec<ScheduledJobView> = jobs.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Makes a job due now (operators): the next tick of any replica runs it, once.
#[utoipa::path(
    tag = "operations",
    params(("name" = String, Path, example = "alerts")),
    security(("bearer_auth" = [])),
    responses(
        (status = 202, description = "Due now", body = ScheduledJobView),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such job", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/jobs/{name}/run")]
pub async fn run_job(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let name = name.into_inner();
    let job = db::run(&state.pool, move |conn| {
        if !store::run_now(conn, &name, Utc::now())? {
            return Err(ApiError::NotFound);
        }
        Ok(store::list(conn)?.into_iter().find(|j| j.name == name))
    })
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Accepted().json(ScheduledJobView::from(job)))
}
