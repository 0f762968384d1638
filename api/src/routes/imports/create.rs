use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use futures_util::{Stream, StreamExt};
use persistence::models::imports::NewImportJob;
use persistence::queries::imports;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use super::ImportJobView;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::i18n::Lang;
use crate::jobs::import_file::{self, FileFormat, ReadError};
use crate::jobs::import_people::{ImportRequest, may_import, run_queued};
use crate::state::AppState;

/// Largest accepted file: 64 MiB (about a million rows of CSV).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Name to show for the file (default: the multipart part's file name, else `import.csv` or
    /// `import.xlsx`).
    pub file_name: Option<String>,
}

/// An XLSX workbook, as bytes (the first sheet is read).
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct XlsxFile(Vec<u8>);

/// A multipart upload: one part holding the file.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The CSV or XLSX file (its part's content type, or its file name's extension, names the format).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Import people from a CSV or XLSX file: an idempotent upsert by `external_id`.
///
/// The body is the file itself (`text/csv`, or the XLSX type; `application/octet-stream` with a
/// `file_name` ending in `.csv` or `.xlsx` also works), or `multipart/form-data` with one file
/// part. At most 64 MiB. Columns, from a header row (Vietnamese names also accepted):
/// `external_id, full_name, email (optional), unit_code, category (head|deputy|staff|contract),
/// title, form_code (1..19)`.
///
/// The file is read when it arrives: a file over a limit is refused at once with 422 naming the
/// limit (`too_many_rows`: over 1 000 001 rows with the header; `too_many_columns`: a value past
/// column 64; `archive_too_large`: an XLSX part that inflates past 512 MiB, 1 GiB in all, a
/// 100:1 ratio, or more than it declares). Each caller has one import at a time: while one is
/// pending or running, another answers 409 `import_in_progress`. Otherwise the route answers
/// 202 with the job; the work runs in the background (one job at a time) and `GET /imports/{id}`
/// shows its progress. Every row is checked first: if any is bad the job fails with every
/// error (row numbers count the header as row 1) and nothing is applied. A unit outside the
/// caller's scope is reported as an unknown unit code. Otherwise all rows are applied in one
/// transaction: new people are created with their first post, changed people updated (a changed
/// unit, category, title or form closes their post and opens a new one), unchanged people left
/// alone, so importing the same file twice changes nothing the second time. Operators, bloc
/// admins (their bloc), unit admins (their subtree) and service clients with `org_write` may
/// import; to anyone else the route answers 404.
#[utoipa::path(
    tag = "imports",
    params(ImportQuery),
    request_body(
        description = "The file: CSV (UTF-8, comma, semicolon or tab separated), XLSX (first sheet), or a multipart form with the file",
        content(
            (String = "text/csv", example = "external_id,full_name,email,unit_code,category,title,form_code\nNV-0001,Nguyễn Văn An,an.nv@hanoi.gov.vn,HK-NV,staff,Chuyên viên,15\n"),
            (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (ImportUpload = "multipart/form-data"),
        )
    ),
    security(("bearer_auth" = [])),
    responses(
        (status = 202, description = "Accepted: the job, to follow at the `Location` header", body = ImportJobView),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: the caller may not change org data anywhere", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`: over 64 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`import_in_progress`: an import of the caller's is pending or running", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_file_type`: neither CSV nor XLSX", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no file; `too_many_rows`, `too_many_columns`, `archive_too_large`: the file is over a limit (named in `detail`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/people")]
pub async fn import_people(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ImportQuery>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !may_import(&caller.actor) {
        return Err(ApiError::NotFound);
    }
    let upload = read_upload(request.headers(), payload).await?;
    let file_name = query
        .into_inner()
        .file_name
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .or(upload.file_name.clone());
    let format = FileFormat::detect(upload.content_type.as_deref(), file_name.as_deref())
        .ok_or(ApiError::UnsupportedFileType)?;
    if upload.bytes.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "file",
            "required",
            "Tệp rỗng.",
            "The file is empty.",
        )]));
    }
    let file_name: String = file_name
        .unwrap_or_else(|| format.default_file_name().to_owned())
        .chars()
        .take(255)
        .collect();
    let created_by = caller.audit.account_id.or(caller.audit.client_id);
    if let Some(starter) = created_by {
        db::run(&state.pool, move |conn| refuse_if_busy(conn, starter)).await?;
    }
    let digest = Sha256::digest(&upload.bytes).to_vec();
    // Read now, off the async threads and without a connection, so that a file over a limit is
    // refused here (422) and a queued job holds the rows rather than the file.
    let bytes = upload.bytes;
    let table = web::block(move || import_file::read(format, &bytes, &import_file::LIMITS))
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("reading the file failed: {error}")))?;
    let table = match table {
        Ok(table) => Ok(table),
        Err(ReadError::Row(error)) => Err(error),
        Err(ReadError::Limit(limit)) => {
            let (vi, en) = limit.messages();
            return Err(ApiError::Refused {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: limit.code(),
                message_vi: vi,
                message_en: en,
            });
        }
    };
    let name = file_name.clone();
    let job = db::transaction(&state.pool, move |conn| {
        if let Some(starter) = created_by {
            imports::lock_starter(conn, starter)?;
            refuse_if_busy(conn, starter)?;
        }
        Ok(imports::create_job(
            conn,
            &NewImportJob {
                kind: "people",
                status: "pending",
                file_name: &name,
                file_sha256: &digest,
                created_by,
                created_at: Utc::now(),
            },
        )?)
    })
    .await?;
    let request = ImportRequest {
        job_id: job.id,
        file_name,
        file_sha256: hex(&job.file_sha256),
        table,
        actor: caller.actor,
        audit: caller.audit,
    };
    actix_web::rt::spawn(run_queued(state.pool.clone(), request));
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/imports/{}", job.id)))
        .json(ImportJobView::new(job, Lang::current())))
}

/// 409 `import_in_progress` while the starter has a job pending or running (one at a time).
fn refuse_if_busy(conn: &mut diesel::PgConnection, starter: uuid::Uuid) -> Result<(), ApiError> {
    let now = Utc::now();
    // A job of a process that died is failed first: its starter may then import again.
    crate::jobs::fail_interrupted_imports(conn, now).map_err(ApiError::Internal)?;
    if imports::unfinished_job_of(conn, starter, now - crate::jobs::IMPORT_SILENT_AFTER)?.is_some()
    {
        return Err(ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: "import_in_progress",
            message_vi: "Bạn đang có một lần nhập chưa xong; hãy chờ nó kết thúc rồi nhập tiếp."
                .to_owned(),
            message_en: "An import of yours has not ended yet; wait for it to end first."
                .to_owned(),
        });
    }
    Ok(())
}

struct Upload {
    bytes: Vec<u8>,
    content_type: Option<String>,
    file_name: Option<String>,
}

/// The file: the raw body, or the first part with a file name (else named `file`) of a
/// multipart form; never more than [`MAX_UPLOAD_BYTES`].
async fn read_upload(headers: &HeaderMap, payload: web::Payload) -> Result<Upload, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_UPLOAD_BYTES + 64 * 1024) {
        return Err(ApiError::PayloadTooLarge);
    }
    let is_multipart = content_type.as_deref().is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
    });
    if !is_multipart {
        return Ok(Upload {
            bytes: read_limited(payload).await?,
            content_type,
            file_name: None,
        });
    }
    let mut form = Multipart::new(headers, payload);
    while let Some(part) = form.next().await {
        let part = part.map_err(|e| ApiError::MalformedBody(e.to_string()))?;
        let file_name = part
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        if file_name.is_none() && part.name() != Some("file") {
            continue;
        }
        let content_type = part.content_type().map(ToString::to_string);
        let bytes = read_limited(part.map(|chunk| chunk.map_err(|e| e.to_string()))).await?;
        return Ok(Upload {
            bytes,
            content_type,
            file_name,
        });
    }
    Err(ApiError::Validation(vec![FieldError::new(
        "file",
        "required",
        "Biểu mẫu không có phần tệp nào.",
        "The form has no file part.",
    )]))
}

async fn read_limited<S, B, E>(mut stream: S) -> Result<Vec<u8>, ApiError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::MalformedBody(e.to_string()))?;
        if bytes.len() + chunk.as_ref().len() > MAX_UPLOAD_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        bytes.extend_from_slice(chunk.as_ref());
    }
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
