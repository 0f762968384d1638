//! `/audit/verify`: checks the hash chain of the audit trail (operators).

use actix_web::{HttpResponse, get, web};
use persistence::queries::audit;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(verify_audit).service(list_audit);
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `evaluation`, `person`, `unit`, `account`.
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// e.g. `evaluation.decide`, `account.update`.
    pub action: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// An entry of the trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_account_id: Option<uuid::Uuid>,
    pub actor_client_id: Option<uuid::Uuid>,
    pub ip: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub unit_id: Option<uuid::Uuid>,
    /// What it was before (any JSON: an object, a list of changes, ...).
    #[schema(value_type = Option<Value>)]
    pub before: Option<serde_json::Value>,
    /// What it is after (any JSON).
    #[schema(value_type = Option<Value>)]
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    pub next_cursor: Option<i64>,
}

/// Read the audit trail, newest first: operators all of it; bloc admins, unit admins and
/// aggregators what concerns units of their scope; nobody else.
#[utoipa::path(
    tag = "operations",
    params(AuditQuery),
    security(("bearer_auth" = [])),
    responses((status = 200, body = AuditPage), (status = 404, description = "`not_found`: no administrative role", body = Problem, content_type = "application/problem+json"))
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    use domain::access::Role;
    let administers = caller.actor.roles.iter().any(|r| {
        matches!(
            r,
            Role::Operator
                | Role::BlocAdmin { .. }
                | Role::UnitAdmin { .. }
                | Role::Aggregator { .. }
        )
    });
    if !administers {
        return Err(ApiError::NotFound);
    }
    let query = query.into_inner();
    let limit = crate::dto::page_limit(query.limit);
    let page = db::run(&state.pool, move |conn| {
        let mut visibility = crate::scope::visibility(conn, &caller.actor)?;
        // Personal posts give no right to read the trail.
        visibility.unit_ids.clear();
        visibility.person_ids.clear();
        // Operators run the system but do not read evaluations (Điều 9.4): their view of the
        // trail leaves evaluation entries out unless another role grants them.
        let evaluations_hidden = caller
            .actor
            .roles
            .iter()
            .all(|r| matches!(r, Role::Operator));
        let filter = audit::AuditFilter {
            entity: query.entity,
            entity_id: query.entity_id,
            action: query.action,
            without_evaluations: evaluations_hidden,
        };
        // Every row the query returns is visible (no policy check after it); paging through
        // the helper still makes the cursor the last row returned and drops an empty last page.
        let (rows, next_cursor) = crate::dto::keyset_page(
            conn,
            limit,
            query.cursor,
            |conn, before: Option<&i64>, n| {
                audit::list(conn, &visibility, &filter, before.copied(), n)
            },
            |row| row.id,
            |_, _| Ok::<_, ApiError>(true),
        )?;
        let items = rows
            .into_iter()
            .map(|r| AuditEntryView {
                id: r.id,
                at: r.at,
                actor_account_id: r.actor_account_id,
                actor_client_id: r.actor_client_id,
                ip: r.ip,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                unit_id: r.unit_id,
                before: r.before,
                after: r.after,
            })
            .collect();
        Ok(AuditPage { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The outcome of checking every link of the audit trail and its signed daily checkpoints.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    pub rows_checked: i64,
    /// `true` when every row's hash covers its content and the previous row's hash, and every
    /// signed checkpoint holds.
    pub intact: bool,
    /// The first row whose link does not hold: changed, inserted or following a deleted row.
    pub first_broken_id: Option<i64>,
    /// Daily checkpoints whose signature and head row hold.
    pub checkpoints_checked: i64,
    /// The first checkpoint that does not hold (e.g. the newest rows were deleted).
    pub checkpoint_problem: Option<CheckpointProblemView>,
}

/// A daily checkpoint that does not hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointProblemView {
    /// The checkpoint's day (UTC).
    pub day: chrono::NaiveDate,
    /// `bad_signature` (changed, forged or signed with another key), `head_missing` (the row it
    /// names is gone: the end of the trail was deleted), `head_changed`, or `unsigned_rows`
    /// (rows after the newest checkpoint, written around the application).
    #[schema(example = "head_missing")]
    pub reason: String,
}

/// Verify the audit trail: its hash chain and the signed head of each day.
///
/// Each row's hash covers the row and the previous hash, so a changed, inserted or deleted row
/// breaks the chain; each day's checkpoint names the id and hash of that day's last row, signed
/// with HMAC-SHA256 under `AUDIT_CHECKPOINT_KEY`, so deleting the newest rows is detected too.
#[utoipa::path(
    tag = "operations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = AuditVerification),
        (status = 404, description = "`not_found`: operators only", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit/verify")]
pub async fn verify_audit(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    let outcome = db::run(&state.pool, |conn| Ok(audit::verify(conn)?)).await?;
    Ok(HttpResponse::Ok().json(AuditVerification {
        rows_checked: outcome.rows_checked,
        intact: outcome.intact(),
        first_broken_id: outcome.first_broken_id,
        checkpoints_checked: outcome.checkpoints_checked,
        checkpoint_problem: outcome.checkpoint_problem.map(|p| CheckpointProblemView {
            day: p.day,
            reason: p.reason.to_owned(),
        }),
    }))
}
