use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db;
use crate::dto::stats::{CompletionStats, RankStats};
use crate::error::{ApiError, Problem};
use crate::exports::stats_xlsx;
use crate::jobs::import_file::XLSX_MIME;
use crate::routes::{attachment, export_filters};
use crate::services::calendar::parse_period;
use crate::services::exports::ListFormat;
use crate::services::{exports, stats};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankStatsQuery {
    /// The unit whose subtree is counted (its own people included).
    pub unit_id: Uuid,
    /// `unit` (default: each unit directly under it, with its subtree, side by side),
    /// `period` (the trend), `category`, `form`, `bloc` or `level`.
    pub group_by: Option<String>,
    /// First period, inclusive.
    #[param(example = "2026-01")]
    pub period_from: Option<String>,
    /// Last period, inclusive.
    #[param(example = "2026-12")]
    pub period_to: Option<String>,
}

/// The distribution of published final ranks (counts and shares) under a unit, grouped by unit,
/// month, post category, form, bloc or level. Cells of fewer than 5 people are hidden from
/// callers who may not read those people's results.
#[utoipa::path(
    tag = "search",
    params(RankStatsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = RankStats),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/ranks")]
pub async fn rank_stats(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<RankStatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let group_name = query.group_by.unwrap_or_else(|| "unit".to_owned());
    let group = stats::parse_group(&group_name)?;
    for period in [&query.period_from, &query.period_to].into_iter().flatten() {
        parse_period(period)?;
    }
    let answer = db::run(&state.pool, move |conn| {
        stats::ranks(
            conn,
            &caller,
            query.unit_id,
            (group, group_name),
            query.period_from,
            query.period_to,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The same statistics as XLSX: the table and a stacked column chart of the ranks by group;
/// stamped with who exported them and when, and audited.
#[utoipa::path(
    tag = "search",
    params(RankStatsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/ranks.xlsx")]
pub async fn rank_stats_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<RankStatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let group_name = query.group_by.unwrap_or_else(|| "unit".to_owned());
    let group = stats::parse_group(&group_name)?;
    for period in [&query.period_from, &query.period_to].into_iter().flatten() {
        parse_period(period)?;
    }
    let filters = export_filters(&request);
    let now = Utc::now();
    let bytes = db::transaction(&state.pool, move |conn| {
        let answer = stats::ranks(
            conn,
            &caller,
            query.unit_id,
            (group, group_name.clone()),
            query.period_from.clone(),
            query.period_to.clone(),
        )?;
        let stamp = exports::stamp(conn, &caller, now)?;
        let month = |p: &Option<String>| {
            p.as_deref()
                .and_then(|p| p.split_once('-'))
                .map(|(y, m)| format!("{m}/{y}"))
        };
        let periods = match (month(&query.period_from), month(&query.period_to)) {
            (Some(from), Some(to)) if from == to => format!("Tháng {from}"),
            (Some(from), Some(to)) => format!("Từ tháng {from} đến tháng {to}"),
            (Some(from), None) => format!("Từ tháng {from}"),
            (None, Some(to)) => format!("Đến tháng {to}"),
            (None, None) => "Mọi tháng đã công khai".to_owned(),
        };
        let grouped_by = match group_name.as_str() {
            "unit" => "Theo đơn vị trực thuộc",
            "period" => "Theo tháng",
            "category" => "Theo loại chức vụ",
            "form" => "Theo mẫu phiếu",
            "bloc" => "Theo khối",
            _ => "Theo cấp",
        };
        let bytes = stats_xlsx::build(
            &stats_xlsx::Heading {
                unit_name: &answer.unit.name,
                grouped_by,
                periods: &periods,
                stamp: &stamp,
            },
            &answer.rows,
        )?;
        exports::audit_export(
            conn,
            &caller,
            "export.stats_xlsx",
            "stats/ranks",
            Some(query.unit_id),
            filters,
            now,
        )?;
        Ok(bytes)
    })
    .await?;
    Ok(attachment(XLSX_MIME, "thong-ke-xep-loai.xlsx", bytes))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompletionQuery {
    /// The unit whose publishing units (itself included) are listed.
    pub unit_id: Uuid,
    #[param(example = "2026-11")]
    pub period: String,
}

/// The month's steps (self-assessed, reviewed, decided, published) against each unit's own
/// deadlines, per publishing unit under a unit: who is late to publish, and by how much. Those
/// who may export the unit's data.
#[utoipa::path(
    tag = "search",
    params(CompletionQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = CompletionStats),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/completion")]
pub async fn completion_stats(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CompletionQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let period = parse_period(&query.period)?;
    let answer = db::run(&state.pool, move |conn| {
        stats::completion(conn, &caller, query.unit_id, period)
    })
    .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The month's completion as XLSX: one line per publishing unit, each step done (of those due)
/// and done on time, and the publication deadline; stamped with who exported it and when, and
/// audited.
#[utoipa::path(
    tag = "search",
    params(CompletionQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/completion.xlsx")]
pub async fn completion_stats_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<CompletionQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let period = parse_period(&query.period)?;
    let filters = export_filters(&request);
    let now = Utc::now();
    let (bytes, file_stem) = db::transaction(&state.pool, move |conn| {
        let list = stats::completion_list(conn, &caller, query.unit_id, period, now)?;
        let bytes = list.write(ListFormat::Xlsx)?;
        exports::audit_export(
            conn,
            &caller,
            "export.completion_xlsx",
            "stats/completion",
            Some(query.unit_id),
            filters,
            now,
        )?;
        Ok((bytes, list.file_stem))
    })
    .await?;
    Ok(attachment(XLSX_MIME, &format!("{file_stem}.xlsx"), bytes))
}
