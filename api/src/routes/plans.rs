//! Work plans (Điều 12.1): a person's monthly plan, weekly schedule and ad-hoc tasks, each
//! with status and completion; the month's completion share feeds the `completion_band`
//! criterion; the people who evaluate the person see and comment on it.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::PgConnection;
use domain::access::Mode;
use domain::calendar::{self, Step, StepStatus};
use domain::plan::ItemStatus;
use domain::{Period, PersonId};
use persistence::convert::enum_name;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::plans::{
    self as store, NewPlanItem, PlanComment, PlanItem, PlanItemChanges,
};
use persistence::queries::{chain as snapshot, org, rules};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use super::validated;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::services::calendar::{calendar_for_unit, parse_period};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_plan)
        .service(add_item)
        .service(update_item)
        .service(add_comment);
}

/// Which list an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// The monthly plan ("kế hoạch công tác tháng"), entered at the start of the month.
    Monthly,
    /// The weekly schedule ("lịch công tác tuần").
    Weekly,
    /// Ad-hoc work that came up during the month ("công việc đột xuất, phát sinh").
    AdHoc,
}

/// A plan item.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanItemView {
    pub id: Uuid,
    pub kind: String,
    pub week: Option<i16>,
    pub title: String,
    pub expected_output: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `planned`, `in_progress`, `done` (on time, with quality), `late`, `cancelled`.
    pub status: String,
    pub completion_percent: i16,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanCommentView {
    pub id: Uuid,
    pub item_id: Option<Uuid>,
    pub author_person_id: Uuid,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A person's work plan for a month.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub person_id: Uuid,
    pub period: String,
    pub items: Vec<PlanItemView>,
    pub comments: Vec<PlanCommentView>,
    /// Items done on time and with quality over items planned (cancelled left out); absent
    /// when nothing was planned.
    pub completion_percent: Option<f64>,
}

fn item_view(item: &PlanItem) -> PlanItemView {
    PlanItemView {
        id: item.id,
        kind: item.kind.clone(),
        week: item.week,
        title: item.title.clone(),
        expected_output: item.expected_output.clone(),
        due_date: item.due_date,
        status: item.status.clone(),
        completion_percent: item.completion_percent,
    }
}

fn comment_view(c: PlanComment) -> PlanCommentView {
    PlanCommentView {
        id: c.id,
        item_id: c.item_id,
        author_person_id: c.author_person_id,
        text: c.text,
        created_at: c.created_at,
    }
}

/// Whether the caller reviews or decides this person's evaluation for the month.
fn evaluates(
    conn: &mut PgConnection,
    caller: &Caller,
    person_id: Uuid,
    period: Period,
) -> Result<bool, ApiError> {
    let Some(me) = caller.person_id else {
        return Ok(false);
    };
    let org_snapshot = snapshot::snapshot_for(conn, person_id)?;
    Ok(
        domain::chain::resolve(&org_snapshot, PersonId(person_id), period)
            .is_ok_and(|chain| chain.decider.0 == me || chain.reviewer.is_some_and(|r| r.0 == me)),
    )
}

/// The person themself, their evaluators, and whoever may read the person (admins,
/// aggregators) see a plan.
fn require_read(
    conn: &mut PgConnection,
    caller: &Caller,
    person_id: Uuid,
    period: Period,
) -> Result<(), ApiError> {
    if caller.person_id == Some(person_id) {
        return Ok(());
    }
    let (person, unit) = org::person_with_unit(conn, person_id)?;
    if caller.may(Mode::Read, &scope::person_target(&person, &unit)?)
        || evaluates(conn, caller, person_id, period)?
    {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Plans are written by their owner while the month's windows are open: the monthly plan in
/// the plan window, weekly and ad-hoc items until the self-assessment closes (or extensions).
fn require_open(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: Period,
    kind: ItemKind,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let (_, unit) = org::person_with_unit(conn, person_id)?;
    let cal = calendar_for_unit(conn, period, Some(unit.id))?;
    let extensions = rules::extensions(conn, person_id, period)?;
    let step = if kind == ItemKind::Monthly {
        Step::Plan
    } else {
        Step::SelfAssessment
    };
    let local = now.with_timezone(&calendar::HANOI);
    let status = calendar::step_status(&cal, step, PersonId(person_id), &extensions, local);
    // Weekly and ad-hoc items may be entered from the month's first day.
    let open = match (kind, status) {
        (_, StepStatus::Open { .. }) => true,
        (ItemKind::Weekly | ItemKind::AdHoc, StepStatus::NotYetOpen { .. }) => {
            local >= cal.plan_opens
        }
        _ => false,
    };
    if open {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "window_closed",
            format!(
                "Ngoài thời hạn nhập {} của kỳ {period}.",
                if kind == ItemKind::Monthly {
                    "kế hoạch tháng"
                } else {
                    "lịch công tác"
                }
            ),
            format!(
                "Outside the window for {} entries of {period}.",
                if kind == ItemKind::Monthly {
                    "monthly plan"
                } else {
                    "schedule"
                }
            ),
        ))
    }
}

/// A person's work plan for a month, with comments and the completion share.
#[utoipa::path(tag = "evaluations", security(("bearer_auth" = [])), responses((status = 200, body = PlanView), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json")))]
#[get("/people/{id}/plans/{period}")]
pub async fn get_plan(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (person_id, period) = path.into_inner();
    let period = parse_period(&period)?;
    let view = db::run(&state.pool, move |conn| {
        require_read(conn, &caller, person_id, period)?;
        let key = period.to_string();
        let items = store::items(conn, person_id, &key)?;
        let percent = crate::services::plans::completion(conn, person_id, period)?;
        Ok(PlanView {
            person_id,
            period: key.clone(),
            items: items.iter().map(item_view).collect(),
            comments: store::comments(conn, person_id, &key)?
                .into_iter()
                .map(comment_view)
                .collect(),
            completion_percent: percent
                .and_then(|p| p.value().round_dp(1).to_string().parse().ok()),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A new plan item.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewItemBody {
    pub kind: ItemKind,
    /// Week of the month (1–6), for the weekly schedule.
    #[validate(range(min = 1, max = 6))]
    pub week: Option<i16>,
    #[validate(length(min = 1, max = 500))]
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "Thẩm định hồ sơ cấp phép xây dựng"
    )]
    pub title: String,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub expected_output: Option<String>,
    pub due_date: Option<NaiveDate>,
}

/// Add an item to one's own plan.
#[utoipa::path(
    tag = "evaluations",
    request_body = NewItemBody,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = PlanItemView),
        (status = 404, description = "`not_found`: not your plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`window_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people/{id}/plans/{period}/items")]
pub async fn add_item(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
    body: web::Json<NewItemBody>,
) -> Result<HttpResponse, ApiError> {
    let (person_id, period) = path.into_inner();
    let period = parse_period(&period)?;
    let body = validated(body)?;
    if caller.person_id != Some(person_id) {
        return Err(ApiError::NotFound);
    }
    if (body.kind == ItemKind::Weekly) != body.week.is_some() {
        return Err(ApiError::field(
            "week",
            "week_required",
            "Lịch tuần cần số tuần; các loại khác thì không.",
            "Weekly items need a week; others must not have one.",
        ));
    }
    let now = state.clock.now();
    let item = db::transaction(&state.pool, move |conn| {
        require_open(conn, person_id, period, body.kind, now)?;
        let key = period.to_string();
        let item = store::add_item(
            conn,
            &NewPlanItem {
                person_id,
                period: &key,
                kind: &enum_name(&body.kind),
                week: body.week,
                title: body.title.trim(),
                expected_output: body.expected_output.as_deref(),
                due_date: body.due_date,
            },
        )?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("plan.item_add", "plan_item", item.id).after(&item)],
            now,
        )?;
        Ok(item_view(&item))
    })
    .await?;
    Ok(HttpResponse::Created().json(item))
}

/// Changes to a plan item.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ItemPatch {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub expected_output: Option<String>,
    pub due_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, example = "done")]
    pub status: Option<ItemStatus>,
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub completion_percent: Option<i16>,
}

/// Update one's own plan item (progress, status).
#[utoipa::path(
    tag = "evaluations",
    request_body = ItemPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = PlanItemView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`window_closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/plan-items/{id}")]
pub async fn update_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<ItemPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let patch = validated(body)?;
    let now = state.clock.now();
    let item = db::transaction(&state.pool, move |conn| {
        let before = store::item(conn, id)?;
        if caller.person_id != Some(before.person_id) {
            return Err(ApiError::NotFound);
        }
        let period = parse_period(&before.period)?;
        require_open(conn, before.person_id, period, ItemKind::AdHoc, now)?;
        let after = store::update_item(
            conn,
            id,
            &PlanItemChanges {
                title: patch.title.map(|t| t.trim().to_owned()),
                expected_output: patch.expected_output.map(Some),
                due_date: patch.due_date.map(Some),
                status: patch.status.map(|s| enum_name(&s)),
                completion_percent: patch.completion_percent,
                updated_at: Some(now),
            },
        )?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("plan.item_update", "plan_item", id)
                .before(&before)
                .after(&after)],
            now,
        )?;
        Ok(item_view(&after))
    })
    .await?;
    Ok(HttpResponse::Ok().json(item))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CommentBody {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub text: String,
    pub item_id: Option<Uuid>,
}

/// Comment on the plan of someone one evaluates.
#[utoipa::path(
    tag = "evaluations",
    request_body = CommentBody,
    security(("bearer_auth" = [])),
    responses((status = 201, body = PlanCommentView), (status = 404, description = "`not_found`: not someone you evaluate", body = Problem, content_type = "application/problem+json"))
)]
#[post("/people/{id}/plans/{period}/comments")]
pub async fn add_comment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, String)>,
    body: web::Json<CommentBody>,
) -> Result<HttpResponse, ApiError> {
    let (person_id, period) = path.into_inner();
    let period = parse_period(&period)?;
    let body = validated(body)?;
    let now = state.clock.now();
    let comment = db::transaction(&state.pool, move |conn| {
        let author = caller.person_id.ok_or(ApiError::NotFound)?;
        if !evaluates(conn, &caller, person_id, period)? {
            return Err(ApiError::NotFound);
        }
        let key = period.to_string();
        if let Some(item_id) = body.item_id {
            let item = store::item(conn, item_id).map_err(|_| {
                ApiError::field(
                    "item_id",
                    "unknown_item",
                    "Không có mục kế hoạch này.",
                    "No such plan item.",
                )
            })?;
            if item.person_id != person_id || item.period != key {
                return Err(ApiError::field(
                    "item_id",
                    "unknown_item",
                    "Không có mục kế hoạch này.",
                    "No such plan item.",
                ));
            }
        }
        let comment = store::add_comment(
            conn,
            person_id,
            &key,
            body.item_id,
            author,
            body.text.trim(),
        )?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("plan.comment", "person", person_id).after(&comment)],
            now,
        )?;
        Ok(comment_view(comment))
    })
    .await?;
    Ok(HttpResponse::Created().json(comment))
}
