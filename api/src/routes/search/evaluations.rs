use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use diesel::PgConnection;
use persistence::models::exports::NewExportJob;
use persistence::queries::org;
use persistence::queries::search::EvaluationSearch;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{BLOCS, CATEGORIES, LEVELS, RANKS, STATES, form_codes, list_of};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::dto::exports::ExportJobView;
use crate::dto::search::EvaluationSearchPage;
use crate::error::{ApiError, Problem};
use crate::exports::table::{self, XlsxTable};
use crate::i18n::Lang;
use crate::jobs::export_search::{self, ExportFormat, ExportRequest};
use crate::jobs::import_file::XLSX_MIME;
use crate::routes::{attachment, blocking_stream, export_filters};
use crate::services::calendar::parse_period;
use crate::services::exports;
use crate::services::search;
use crate::state::AppState;

/// Every filter narrows; lists are comma-separated (`rank=A,B`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchEvaluationsQuery {
    /// Evaluations of people in this unit and the units under it.
    pub unit_id: Option<Uuid>,
    /// First period, inclusive.
    #[param(example = "2026-01")]
    pub period_from: Option<String>,
    /// Last period, inclusive.
    #[param(example = "2026-12")]
    pub period_to: Option<String>,
    /// `draft`, `self_submitted`, `reviewed`, `decided`, `published`.
    pub state: Option<String>,
    /// Final rank, `A`–`D`.
    pub rank: Option<String>,
    /// Rank by points (and knock-outs), `A`–`D`.
    pub rank_by_points: Option<String>,
    /// Rank of the self-assessment, `A`–`D`.
    pub rank_self: Option<String>,
    /// `head`, `deputy`, `staff`, `contract`.
    pub category: Option<String>,
    /// Criteria form numbers (1–19).
    pub form: Option<String>,
    /// Bloc of the person's unit: `party`, `government`, `elected`, `front`.
    pub bloc: Option<String>,
    /// Level of the person's unit: `city`, `agency`, `district`, `commune`, `department`.
    pub level: Option<String>,
    /// Qualified for A by points, ranked B by the quota (or, with `false`, not).
    pub qualified_a_ranked_b: Option<bool>,
    pub knocked_out: Option<bool>,
    /// A step done after its deadline under a personal extension.
    pub late: Option<bool>,
    /// Part of the name, or the external id.
    pub q: Option<String>,
    /// Only those the caller reviews or decides.
    #[serde(default)]
    pub to_evaluate: bool,
    /// `period` (default), `name`, `total` (decided), `unit`; `-` before it for descending.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// Evaluations the caller may read, across periods and units, with any combination of filters,
/// sorted and keyset-paged.
/// The search's filters and sort from the query (the unit's path is filled in with a connection).
fn search_of(
    query: &SearchEvaluationsQuery,
    caller: &Caller,
) -> Result<(EvaluationSearch, search::Sort), ApiError> {
    let sort = search::parse_sort(query.sort.as_deref())?;
    for period in [&query.period_from, &query.period_to].into_iter().flatten() {
        parse_period(period)?;
    }
    let filter = EvaluationSearch {
        within_path: None,
        period_from: query.period_from.clone(),
        period_to: query.period_to.clone(),
        states: list_of(query.state.as_deref(), STATES, "state")?,
        ranks_final: list_of(query.rank.as_deref(), RANKS, "rank")?,
        ranks_by_points: list_of(query.rank_by_points.as_deref(), RANKS, "rank_by_points")?,
        ranks_self: list_of(query.rank_self.as_deref(), RANKS, "rank_self")?,
        position_categories: list_of(query.category.as_deref(), CATEGORIES, "category")?,
        form_codes: form_codes(query.form.as_deref())?,
        blocs: list_of(query.bloc.as_deref(), BLOCS, "bloc")?,
        levels: list_of(query.level.as_deref(), LEVELS, "level")?,
        qualified_a_ranked_b: query.qualified_a_ranked_b,
        knocked_out: query.knocked_out,
        late: query.late,
        text: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        evaluator: query
            .to_evaluate
            .then(|| caller.person_id.unwrap_or(Uuid::nil())),
    };
    Ok((filter, sort))
}

/// The path of the unit named by `unit_id`, if any.
fn within(conn: &mut PgConnection, unit_id: Option<Uuid>) -> Result<Option<String>, ApiError> {
    unit_id
        .map(|id| Ok(org::unit(conn, id).map_err(|_| ApiError::NotFound)?.path))
        .transpose()
}

/// Evaluations the caller may read, across periods and units, with any combination of filters,
/// sorted and keyset-paged.
#[utoipa::path(
    tag = "search",
    params(SearchEvaluationsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationSearchPage),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/evaluations")]
pub async fn search_evaluations(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SearchEvaluationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let (mut filter, sort) = search_of(&query, &caller)?;
    let page = db::run(&state.pool, move |conn| {
        filter.within_path = within(conn, query.unit_id)?;
        search::evaluations(conn, &caller, &filter, sort, query.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The whole search as CSV (UTF-8 with a byte-order mark; formula-like cells neutralised),
/// streamed page by page; `cursor` and `limit` are ignored. Audited with its filters and stamped
/// with who exported it and when.
#[utoipa::path(
    tag = "search",
    params(SearchEvaluationsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv"),
        (status = 422, description = "`validation_failed` (a parameter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/evaluations.csv")]
pub async fn export_evaluations_csv(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<SearchEvaluationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (mut filter, sort) = search_of(&query, &caller)?;
    let filters = export_filters(&request);
    let now = Utc::now();
    // The check, the audit entry and the stamp come first: a refusal is a normal answer.
    let (heading, filter, caller) = db::transaction(&state.pool, move |conn| {
        filter.within_path = within(conn, query.unit_id)?;
        // A query the database refuses (e.g. text it cannot hold) is refused here, not midway
        // through the stream.
        search::evaluations(conn, &caller, &filter, sort, None, 1)?;
        exports::audit_export(
            conn,
            &caller,
            "export.search_csv",
            "search/evaluations",
            query.unit_id,
            filters,
            now,
        )?;
        let heading = search::export_heading(conn, &caller, now)?;
        Ok((heading, filter, caller))
    })
    .await?;
    let pool = state.pool.clone();
    let body = blocking_stream(move |send| {
        let mut conn = pool
            .get()
            .map_err(|e| ApiError::Unavailable(e.to_string()))?;
        send(table::csv_start(&heading))?;
        let mut number = 0u64;
        search::each_chunk(&mut conn, &caller, &filter, sort, |hits| {
            let mut chunk = Vec::with_capacity(hits.len() * 200);
            for hit in hits {
                number += 1;
                chunk.extend(table::csv_line(&search::export_cells(number, hit)));
            }
            send(chunk)
        })
        .map(|_| ())
    });
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"tim-kiem-danh-gia.csv\"",
        ))
        .streaming(body))
}

/// The whole search as XLSX, written with constant memory; `cursor` and `limit` are ignored.
/// Audited with its filters and stamped with who exported it and when.
#[utoipa::path(
    tag = "search",
    params(SearchEvaluationsQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 422, description = "`validation_failed` (a parameter, or `too_many_rows`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/evaluations.xlsx")]
pub async fn export_evaluations_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<SearchEvaluationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (mut filter, sort) = search_of(&query, &caller)?;
    let filters = export_filters(&request);
    let now = Utc::now();
    let bytes = db::run(&state.pool, move |conn| {
        filter.within_path = within(conn, query.unit_id)?;
        let heading = search::export_heading(conn, &caller, now)?;
        let mut book = XlsxTable::start("Kết quả", &heading)?;
        let mut number = 0u64;
        search::each_chunk(conn, &caller, &filter, sort, |hits| {
            if number + hits.len() as u64 > search::XLSX_MAX_ROWS {
                return Err(search::too_many_rows(search::XLSX_MAX_ROWS));
            }
            for hit in hits {
                number += 1;
                book.row(&search::export_cells(number, hit))?;
            }
            Ok(())
        })?;
        let bytes = book.finish()?;
        exports::audit_export(
            conn,
            &caller,
            "export.search_xlsx",
            "search/evaluations",
            query.unit_id,
            filters,
            now,
        )?;
        Ok(bytes)
    })
    .await?;
    Ok(attachment(XLSX_MIME, "tim-kiem-danh-gia.xlsx", bytes))
}

/// The format of an export job.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportFormatQuery {
    /// `csv`, `xlsx` or `pdf` (a list to print, at most 5,000 rows).
    #[param(example = "xlsx")]
    pub format: String,
}

/// Starts the whole search as a CSV, XLSX or PDF file written in the background, for searches too
/// long to wait for: answers 202 with the job (`Location: /api/v1/exports/{id}`), whose
/// progress `GET /exports/{id}` shows and whose file `download_url` gives once it has
/// succeeded; files are kept 24 hours. Same filters as the search (`cursor` and `limit` are
/// ignored); audited with them and stamped with who exported it and when.
#[utoipa::path(
    tag = "search",
    params(SearchEvaluationsQuery, ExportFormatQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 202, description = "Accepted: the job, to follow at the `Location` header", body = ExportJobView),
        (status = 404, description = "`not_found`: no such unit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a parameter, `format`, or `too_many_rows` for XLSX or PDF)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/search/evaluations/exports")]
pub async fn start_evaluations_export(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<SearchEvaluationsQuery>,
    format: web::Query<ExportFormatQuery>,
) -> Result<HttpResponse, ApiError> {
    let (format, extension, content_type) = match format.format.as_str() {
        "csv" => (ExportFormat::Csv, "csv", "text/csv; charset=utf-8"),
        "xlsx" => (ExportFormat::Xlsx, "xlsx", XLSX_MIME),
        "pdf" => (ExportFormat::Pdf, "pdf", "application/pdf"),
        _ => return Err(crate::error::request_error("format")),
    };
    let query = query.into_inner();
    let (mut filter, sort) = search_of(&query, &caller)?;
    let filters = export_filters(&request);
    let query_string = request.query_string().to_owned();
    let now = Utc::now();
    let (job, request) = db::transaction(&state.pool, move |conn| {
        filter.within_path = within(conn, query.unit_id)?;
        let total = search::count(conn, &caller, &filter)?;
        if let Some(limit) = format.max_rows()
            && u64::try_from(total).unwrap_or(0) > limit
        {
            return Err(search::too_many_rows(limit));
        }
        let job = persistence::queries::exports::create(
            conn,
            &NewExportJob {
                kind: "search_evaluations",
                format: extension,
                query: &query_string,
                total_rows: total,
                file_name: &format!("tim-kiem-danh-gia.{extension}"),
                content_type,
                created_by: caller.audit.account_id.or(caller.audit.client_id),
                created_at: now,
                expires_at: now + chrono::Duration::hours(24),
                updated_at: now,
            },
        )?;
        exports::audit_export(
            conn,
            &caller,
            &format!("export.search_{extension}"),
            "search/evaluations",
            query.unit_id,
            serde_json::json!({ "query": filters["query"], "job_id": job.id }),
            now,
        )?;
        let heading = search::export_heading(conn, &caller, now)?;
        let issuer = search::export_issuer(conn, &caller)?;
        let request = ExportRequest {
            job_id: job.id,
            caller,
            filter,
            sort,
            heading,
            issuer,
            format,
        };
        Ok((job, request))
    })
    .await?;
    actix_web::rt::spawn(export_search::run_queued(state.pool.clone(), request));
    Ok(HttpResponse::Accepted()
        .insert_header((LOCATION, format!("/api/v1/exports/{}", job.id)))
        .json(ExportJobView::new(job, Lang::current())))
}
