//! A search exported as a job (`POST /search/evaluations/exports`): the rows are read from one
//! statement row by row, written as CSV, XLSX or PDF, and stored in chunks of about 1 MiB
//! (`export_chunks`), with the progress on the job row after every thousand rows. Memory stays
//! flat for CSV; XLSX keeps its rows in a temporary file (rust_xlsxwriter's constant memory)
//! and only the finished archive in memory; a PDF (at most `PDF_MAX_ROWS`) is laid out in
//! memory once every row is read.

use chrono::Utc;
use diesel::PgConnection;
use persistence::queries::exports as store;
use persistence::queries::search::EvaluationSearch;
use persistence::{PersistenceError, PgPool};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exports::table::{self, Heading, XlsxTable};
use crate::services::search::{self, Sort};

/// Size of a stored chunk of the file.
const CHUNK_BYTES: usize = 1024 * 1024;

/// Exports running at once in this process (each holds one connection while it reads); the
/// others wait, pending, without a connection.
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// What a job writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    /// The official list layout (`exports::list_pdf`), to print and sign.
    Pdf,
}

impl ExportFormat {
    /// Most rows a file of this format holds, if it has a limit.
    pub fn max_rows(self) -> Option<u64> {
        match self {
            ExportFormat::Csv => None,
            ExportFormat::Xlsx => Some(search::XLSX_MAX_ROWS),
            ExportFormat::Pdf => Some(search::PDF_MAX_ROWS),
        }
    }
}

/// Everything a job needs, checked and stamped when it was created.
pub struct ExportRequest {
    pub job_id: Uuid,
    pub caller: Caller,
    pub filter: EvaluationSearch,
    pub sort: Sort,
    pub heading: Heading,
    /// The unit named at the top of a PDF.
    pub issuer: String,
    pub format: ExportFormat,
}

/// Waits for a slot, then runs the job on the blocking pool.
pub async fn run_queued(pool: PgPool, request: ExportRequest) {
    let Ok(_slot) = SLOTS.acquire().await else {
        return;
    };
    let span = tracing::info_span!("export_search", job_id = %request.job_id);
    let outcome = actix_web::web::block(move || {
        let _entered = span.enter();
        run(&pool, &request)
    })
    .await;
    match outcome {
        Ok(Err(error)) => tracing::error!(%error, "the export job could not record its end"),
        Err(error) => tracing::error!(%error, "the export task did not finish"),
        Ok(Ok(())) => {}
    }
}

/// Runs the job to its end; every outcome is written to the job row (the error returned is
/// only for the log).
pub fn run(pool: &PgPool, request: &ExportRequest) -> Result<(), PersistenceError> {
    let job_id = request.job_id;
    if !store::start(&mut *pool.get()?, job_id, Utc::now())? {
        tracing::warn!(%job_id, "export no longer pending (marked failed meanwhile): not run");
        return Ok(());
    }
    match write(pool, request) {
        Ok((rows, bytes)) => {
            if store::succeed(&mut *pool.get()?, job_id, rows, bytes, Utc::now())? {
                tracing::info!(%job_id, rows, bytes, "export written");
            } else {
                tracing::warn!(%job_id, "export finished after it was marked failed: dropped");
            }
            Ok(())
        }

        Err(error) => {
            tracing::warn!(%job_id, %error, "export failed");
            let reason = failure(&error);
            store::fail(&mut *pool.get()?, job_id, &reason, Utc::now())
        }
    }
}

/// Writes the file; returns the rows and bytes written.
fn write(pool: &PgPool, request: &ExportRequest) -> Result<(i64, i64), ApiError> {
    let mut reader = pool
        .get()
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    let mut sink = Sink {
        pool,
        job_id: request.job_id,
        seq: 0,
        buffer: Vec::with_capacity(CHUNK_BYTES),
        bytes: 0,
    };
    let mut rows = 0u64;
    match request.format {
        ExportFormat::Csv => {
            sink.push(&table::csv_start(&request.heading))?;
            each_chunk(&mut reader, request, |hits| {
                for hit in hits {
                    rows += 1;
                    sink.push(&table::csv_line(&search::export_cells(rows, hit)))?;
                }
                sink.progress(rows)
            })?;
        }
        ExportFormat::Xlsx => {
            let mut book = XlsxTable::start("Kết quả", &request.heading)?;
            each_chunk(&mut reader, request, |hits| {
                if rows + hits.len() as u64 > search::XLSX_MAX_ROWS {
                    return Err(search::too_many_rows(search::XLSX_MAX_ROWS));
                }
                for hit in hits {
                    rows += 1;
                    book.row(&search::export_cells(rows, hit))?;
                }
                sink.progress(rows)
            })?;
            sink.push(&book.finish()?)?;
        }
        ExportFormat::Pdf => {
            let mut lines = Vec::new();
            each_chunk(&mut reader, request, |hits| {
                if rows + hits.len() as u64 > search::PDF_MAX_ROWS {
                    return Err(search::too_many_rows(search::PDF_MAX_ROWS));
                }
                for hit in hits {
                    rows += 1;
                    lines.push(search::export_cells(rows, hit));
                }
                sink.progress(rows)
            })?;
            sink.push(&search::export_pdf(
                &request.issuer,
                &request.heading,
                lines,
                Utc::now(),
            )?)?;
        }
    }
    sink.flush()?;
    Ok((
        i64::try_from(rows).unwrap_or(i64::MAX),
        i64::try_from(sink.bytes).unwrap_or(i64::MAX),
    ))
}

fn each_chunk(
    reader: &mut PgConnection,
    request: &ExportRequest,
    each: impl FnMut(&[crate::dto::search::EvaluationHit]) -> Result<(), ApiError>,
) -> Result<u64, ApiError> {
    search::each_chunk(reader, &request.caller, &request.filter, request.sort, each)
}

/// The file being stored: bytes gather in a buffer and go to the database a chunk at a time,
/// on a connection taken only for that statement (the reader's is busy with its rows).
struct Sink<'a> {
    pool: &'a PgPool,
    job_id: Uuid,
    seq: i32,
    buffer: Vec<u8>,
    bytes: usize,
}

impl Sink<'_> {
    fn conn(&self) -> Result<persistence::PooledConn, ApiError> {
        self.pool
            .get()
            .map_err(|e| ApiError::Unavailable(e.to_string()))
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), ApiError> {
        self.buffer.extend_from_slice(bytes);
        while self.buffer.len() >= CHUNK_BYTES {
            let rest = self.buffer.split_off(CHUNK_BYTES);
            let full = std::mem::replace(&mut self.buffer, rest);
            self.store(&full)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ApiError> {
        if !self.buffer.is_empty() || self.seq == 0 {
            let last = std::mem::take(&mut self.buffer);
            self.store(&last)?;
        }
        Ok(())
    }

    fn store(&mut self, chunk: &[u8]) -> Result<(), ApiError> {
        store::add_chunk(&mut *self.conn()?, self.job_id, self.seq, chunk)?;
        self.seq += 1;
        self.bytes += chunk.len();
        Ok(())
    }

    fn progress(&self, rows: u64) -> Result<(), ApiError> {
        let rows = i64::try_from(rows).unwrap_or(i64::MAX);
        if store::set_progress(&mut *self.conn()?, self.job_id, rows, Utc::now())? {
            Ok(())
        } else {
            // Another server took this job for dead and failed it: stop writing.
            Err(ApiError::conflict(
                "export_stopped",
                "Việc xuất đã bị dừng.",
                "The export was stopped.",
            ))
        }
    }
}

/// Why a job failed, as the job shows it: a refusal as it would have been answered (e.g.
/// `too_many_rows`), anything else as a system error.
fn failure(error: &ApiError) -> serde_json::Value {
    if let ApiError::Validation(errors) = error
        && let Some(first) = errors.first()
    {
        let (message_vi, message_en) = first.messages();
        return serde_json::json!({
            "code": first.code,
            "message_vi": message_vi,
            "message_en": message_en,
        });
    }
    serde_json::json!({
        "code": "export_failed",
        "message_vi": "Không xuất được tệp do lỗi hệ thống; hãy thử lại sau. Không có tệp nào được giữ lại.",
        "message_en": "The file could not be written because of a system error; try again later. No file was kept.",
    })
}

/// Marks exports left pending or running by a process that died (no heartbeat for an hour) as
/// failed, and deletes expired files. Called at start.
pub fn clean_up(conn: &mut PgConnection, now: chrono::DateTime<Utc>) -> anyhow::Result<usize> {
    let error = serde_json::json!({
        "code": "interrupted",
        "message_vi": "Việc xuất tệp bị gián đoạn (máy chủ khởi động lại); hãy xuất lại.",
        "message_en": "The export was interrupted (the server restarted); export again.",
    });
    store::delete_expired(conn, now)?;
    Ok(store::fail_interrupted(
        conn,
        now - chrono::Duration::hours(1),
        &error,
        now,
    )?)
}
