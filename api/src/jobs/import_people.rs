//! The people import job (API.md `POST /imports/people`): check every row of the file (read,
//! within [`import_file::LIMITS`], when it was uploaded), then apply all rows in one transaction
//! or none.
//!
//! - Jobs run one at a time per process, queued on [`run_queued`]'s lock: a queued job holds no
//!   database connection (the advisory lock of [`imports::begin_people_import`] still orders
//!   several processes). Each caller has at most one job pending or running.
//! - Every row is checked first (missing or malformed fields, duplicate `external_id` in the
//!   file, unknown unit code). A unit the caller may not act on is reported exactly like an
//!   unknown code, so the file reveals nothing outside the caller's scope; a person stored under
//!   the row's `external_id` in a unit outside the scope makes the id unusable for this caller.
//! - Any bad row fails the job with every error and nothing is applied.
//! - Otherwise all rows are upserted by `external_id` in one transaction, in batches whose
//!   progress is written from a second connection (the open transaction is invisible to others).
//! - The audit trail gets one entry per created or updated person and one for the job, appended
//!   at the end of the transaction (the audit lock is then held only briefly). A file that
//!   changes nothing writes no audit entry.

use std::collections::HashMap;

use chrono::Utc;
use diesel::{Connection, PgConnection};
use domain::PersonId;
use domain::access::{Actor, Mode, Role, ServiceScope, Target};
use persistence::models::org::Unit;
use persistence::queries::audit::{self, AuditActor, AuditEntry};
use persistence::queries::imports::{self, ChangeKind, ImportCounts, PersonImportRow};
use persistence::queries::org;
use persistence::{PersistenceError, PgPool};
use serde_json::json;
use uuid::Uuid;
use validator::ValidateEmail;

use super::import_file::{RawRow, RowError, Table};

/// Rows upserted per statement batch; progress is reported after each.
pub const BATCH_ROWS: usize = 10_000;
/// At most this many row errors are kept with a failed job.
pub const MAX_ERRORS: usize = 1_000;

/// Everything the background job needs.
pub struct ImportRequest {
    pub job_id: Uuid,
    pub file_name: String,
    pub file_sha256: String,
    /// The file as read at upload, or why it could not be read.
    pub table: Result<Table, RowError>,
    pub actor: Actor,
    pub audit: AuditActor,
}

/// Whether `actor` could change org data anywhere: the route answers 404 to anyone else
/// (each row's unit is then checked with the access policy).
pub fn may_import(actor: &Actor) -> bool {
    actor.roles.iter().any(|role| match role {
        Role::Operator | Role::BlocAdmin { .. } | Role::UnitAdmin { .. } => true,
        Role::ServiceClient { scopes, .. } => scopes.contains(&ServiceScope::OrgWrite),
        Role::Aggregator { .. } => false,
    })
}

enum JobError {
    Rows(Vec<RowError>),
    Store(PersistenceError),
    /// The job was ended by someone else (failed as interrupted): it applies nothing and its
    /// row keeps the reason it was given.
    Stopped,
}

impl From<PersistenceError> for JobError {
    fn from(error: PersistenceError) -> Self {
        Self::Store(error)
    }
}

impl From<diesel::result::Error> for JobError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Jobs wait here, holding no connection, until the one before them has ended.
static QUEUE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Waits for the jobs before it, then runs the job on the blocking pool. Connections are taken
/// only once the job's turn has come.
pub async fn run_queued(pool: PgPool, request: ImportRequest) {
    // The heartbeat runs from the upload until the job has ended, queued time included.
    let heartbeat = actix_web::rt::spawn(beat_until_aborted(pool.clone(), request.job_id));
    let _turn = QUEUE.lock().await;
    let span = tracing::info_span!("import_people", job_id = %request.job_id);
    let outcome = actix_web::web::block(move || {
        let _entered = span.enter();
        run(&pool, request)
    })
    .await;
    heartbeat.abort();
    match outcome {
        Ok(Err(error)) => tracing::error!(error = %error, "the import failed"),
        Err(error) => tracing::error!(error = %error, "the import task did not finish"),
        Ok(Ok(())) => {}
    }
}

async fn beat_until_aborted(pool: PgPool, job_id: Uuid) {
    loop {
        actix_web::rt::time::sleep(super::IMPORT_HEARTBEAT).await;
        // Not `db::run`: a request gives up on a busy pool after a second, a heartbeat must not
        // (a job silent for a minute is taken for dead).
        let pool = pool.clone();
        let beat = actix_web::web::block(move || -> Result<(), PersistenceError> {
            let mut conn = pool.get_timeout(super::IMPORT_HEARTBEAT * 3)?;
            imports::beat(&mut conn, job_id, Utc::now())
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|beat| beat.map_err(|e| e.to_string()));
        if let Err(error) = beat {
            tracing::warn!(%job_id, error = %error, "import heartbeat not written");
        }
    }
}

/// Runs the job to its end (blocking: call on the blocking pool). Every outcome is written to
/// the job row; the error returned is only for the log.
pub fn run(pool: &PgPool, mut request: ImportRequest) -> Result<(), PersistenceError> {
    let job_id = request.job_id;
    let table = std::mem::replace(&mut request.table, Ok(Table::default()));
    let mut job_conn = pool.get()?;
    let outcome = match table {
        Ok(table) => run_inner(pool, &mut job_conn, &request, table),
        Err(error) => Err(JobError::Rows(vec![error])),
    };
    let now = Utc::now();
    match outcome {
        Ok(counts) => {
            tracing::info!(%job_id, ?counts, "import of people applied");
            Ok(())
        }
        Err(JobError::Rows(mut errors)) => {
            tracing::info!(%job_id, errors = errors.len(), "import of people refused");
            errors.sort_by_key(|e| e.row);
            if errors.len() > MAX_ERRORS {
                let total = errors.len();
                errors.truncate(MAX_ERRORS);
                errors.push(RowError::new(
                    0,
                    "file",
                    "too_many_errors",
                    format!("Có {total} lỗi; chỉ hiện {MAX_ERRORS} lỗi đầu tiên."),
                    format!("There are {total} errors; only the first {MAX_ERRORS} are shown."),
                ));
            }
            imports::fail_job(&mut job_conn, job_id, &json!(errors), now)
        }
        Err(JobError::Stopped) => {
            tracing::warn!(%job_id, "import ended by another server meanwhile: nothing applied");
            Ok(())
        }
        Err(JobError::Store(error)) => {
            tracing::error!(%job_id, error = %error, "import of people failed");
            let errors = vec![RowError::new(
                0,
                "file",
                "internal_error",
                "Lỗi hệ thống khi nhập dữ liệu; không có thay đổi nào được lưu.",
                "An internal error stopped the import; nothing was changed.",
            )];
            imports::fail_job(&mut job_conn, job_id, &json!(errors), now)?;
            Err(error)
        }
    }
}

fn run_inner(
    pool: &PgPool,
    job_conn: &mut PgConnection,
    request: &ImportRequest,
    table: Table,
) -> Result<ImportCounts, JobError> {
    let started = std::time::Instant::now();
    let total = i32::try_from(table.rows.len()).unwrap_or(i32::MAX);
    if !imports::start_job(job_conn, request.job_id, total)? {
        return Err(JobError::Stopped);
    }
    let mut conn = pool.get().map_err(PersistenceError::from)?;
    conn.transaction(|conn| {
        imports::begin_people_import(conn)?;
        let rows = check(conn, &request.actor, table)?;
        let checked = started.elapsed();
        let now = Utc::now();
        let mut counts = ImportCounts::default();
        let mut entries = Vec::new();
        for batch in rows.chunks(BATCH_ROWS) {
            let outcome = imports::apply_people_batch(conn, batch, now)?;
            counts.processed_rows += i32::try_from(batch.len()).unwrap_or(i32::MAX);
            counts.created_rows += outcome.created;
            counts.updated_rows += outcome.updated;
            counts.unchanged_rows += outcome.unchanged;
            entries.extend(outcome.changes.into_iter().map(|change| {
                let action = match change.kind {
                    ChangeKind::Created => "create",
                    ChangeKind::Updated => "update",
                };
                let mut entry = AuditEntry::new(action, "person", change.person_id)
                    .unit(Some(change.after.unit_id))
                    .after(json!({
                        "person": change.after,
                        "import_id": request.job_id,
                        "post_changed": change.post_changed,
                    }));
                if let Some(before) = change.before {
                    entry = entry.before(before);
                }
                entry
            }));
            imports::set_progress(job_conn, request.job_id, counts.processed_rows)?;
        }
        let applied = started.elapsed();
        let audited = entries.len();
        if !entries.is_empty() {
            entries.push(
                AuditEntry::new("import", "import", request.job_id).after(json!({
                    "kind": "people",
                    "file_name": request.file_name,
                    "file_sha256": request.file_sha256,
                    "counts": counts,
                })),
            );
            audit::append(conn, &request.audit, &entries, now)?;
        }
        if !imports::finish_job(conn, request.job_id, counts, Utc::now())? {
            return Err(JobError::Stopped);
        }
        tracing::info!(
            job_id = %request.job_id,
            rows = counts.processed_rows,
            audited,
            check_ms = checked.as_millis(),
            apply_ms = (applied - checked).as_millis(),
            audit_ms = (started.elapsed() - applied).as_millis(),
            "import of people timed"
        );
        Ok(counts)
    })
}

/// The columns of a people file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    ExternalId,
    FullName,
    Email,
    UnitCode,
    Category,
    Title,
    FormCode,
}

const COLUMNS: [Column; 7] = [
    Column::ExternalId,
    Column::FullName,
    Column::Email,
    Column::UnitCode,
    Column::Category,
    Column::Title,
    Column::FormCode,
];

impl Column {
    fn name(self) -> &'static str {
        match self {
            Self::ExternalId => "external_id",
            Self::FullName => "full_name",
            Self::Email => "email",
            Self::UnitCode => "unit_code",
            Self::Category => "category",
            Self::Title => "title",
            Self::FormCode => "form_code",
        }
    }

    /// Header names accepted for the column, normalised (lower case, `_` for spaces).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::ExternalId => &[
                "external_id",
                "ma_nhan_su",
                "mã_nhân_sự",
                "ma_can_bo",
                "mã_cán_bộ",
                "ma_dinh_danh",
                "mã_định_danh",
            ],
            Self::FullName => &["full_name", "ho_ten", "họ_tên", "ho_va_ten", "họ_và_tên"],
            Self::Email => &["email", "e_mail", "thu_dien_tu", "thư_điện_tử"],
            Self::UnitCode => &["unit_code", "ma_don_vi", "mã_đơn_vị"],
            Self::Category => &[
                "category",
                "loai_chuc_vu",
                "loại_chức_vụ",
                "nhom_chuc_vu",
                "nhóm_chức_vụ",
            ],
            Self::Title => &["title", "chuc_vu", "chức_vụ", "chuc_danh", "chức_danh"],
            Self::FormCode => &[
                "form_code",
                "mau_phieu",
                "mẫu_phiếu",
                "ma_mau_phieu",
                "mã_mẫu_phiếu",
            ],
        }
    }

    fn required(self) -> bool {
        self != Self::Email
    }
}

fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Where each column is in the header; a missing required column is an error of the header row.
fn map_header(table: &Table) -> Result<HashMap<Column, usize>, Vec<RowError>> {
    if table.header.is_empty() {
        return Err(vec![RowError::new(
            0,
            "file",
            "empty_file",
            "Tệp không có dữ liệu.",
            "The file has no data.",
        )]);
    }
    let header: Vec<String> = table.header.iter().map(|h| normalise(h)).collect();
    let mut positions = HashMap::new();
    let mut errors = Vec::new();
    for column in COLUMNS {
        match header
            .iter()
            .position(|h| column.aliases().contains(&h.as_str()))
        {
            Some(index) => {
                positions.insert(column, index);
            }
            None if column.required() => errors.push(RowError::new(
                table.header_row,
                column.name(),
                "missing_column",
                format!("Thiếu cột {} ở dòng tiêu đề.", column.name()),
                format!("The header row lacks the column {}.", column.name()),
            )),
            None => {}
        }
    }
    if errors.is_empty() {
        Ok(positions)
    } else {
        Err(errors)
    }
}

/// A row whose fields are well-formed; its unit code is not resolved yet.
struct ParsedRow {
    row: i64,
    external_id: String,
    full_name: String,
    email: Option<String>,
    unit_code: String,
    category: String,
    title: String,
    form_code: i16,
}

fn parse_category(value: &str) -> Option<&'static str> {
    match normalise(value).as_str() {
        "head" | "cap_truong" | "cấp_trưởng" | "truong" | "trưởng" => Some("head"),
        "deputy" | "cap_pho" | "cấp_phó" | "pho" | "phó" => Some("deputy"),
        "staff" | "nhan_vien" | "nhân_viên" => Some("staff"),
        "contract" | "hop_dong" | "hợp_đồng" | "lao_dong_hop_dong" | "lao_động_hợp_đồng" => {
            Some("contract")
        }
        _ => None,
    }
}

fn parse_row(
    raw: &RawRow,
    columns: &HashMap<Column, usize>,
    errors: &mut Vec<RowError>,
) -> Option<ParsedRow> {
    let row = raw.row;
    let cell = |column: Column| -> &str {
        columns
            .get(&column)
            .and_then(|&i| raw.cells.get(i))
            .map_or("", String::as_str)
    };
    let before = errors.len();
    let mut required = |column: Column, max_chars: usize| -> String {
        let value = cell(column);
        if value.is_empty() {
            errors.push(RowError::new(
                row,
                column.name(),
                "required",
                format!("Thiếu {}.", column.name()),
                format!("{} is missing.", column.name()),
            ));
        } else if value.chars().count() > max_chars {
            errors.push(RowError::new(
                row,
                column.name(),
                "too_long",
                format!("{} dài quá {max_chars} ký tự.", column.name()),
                format!("{} is longer than {max_chars} characters.", column.name()),
            ));
        }
        value.to_owned()
    };
    let external_id = required(Column::ExternalId, 64);
    let full_name = required(Column::FullName, 200);
    let unit_code = required(Column::UnitCode, 64);
    let category_text = required(Column::Category, 64);
    let title = required(Column::Title, 200);
    let form_text = required(Column::FormCode, 16);

    let email = Some(cell(Column::Email).to_owned()).filter(|e| !e.is_empty());
    if let Some(email) = &email
        && (email.chars().count() > 254 || !email.validate_email())
    {
        errors.push(RowError::new(
            row,
            "email",
            "invalid_email",
            format!("Địa chỉ thư điện tử không hợp lệ: {email}"),
            format!("Invalid e-mail address: {email}"),
        ));
    }
    let category = if category_text.is_empty() {
        None
    } else {
        let parsed = parse_category(&category_text);
        if parsed.is_none() {
            errors.push(RowError::new(
                row,
                "category",
                "invalid_category",
                format!(
                    "Loại chức vụ \"{category_text}\" không hợp lệ; dùng head, deputy, staff hoặc contract."
                ),
                format!(
                    "Category \"{category_text}\" is invalid; use head, deputy, staff or contract."
                ),
            ));
        }
        parsed
    };
    let form_code = if form_text.is_empty() {
        None
    } else {
        let number = form_text.parse::<i64>().ok().or_else(|| {
            form_text
                .parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e9)
                .map(|f| f as i64)
        });
        match number {
            Some(n @ 1..=19) => i16::try_from(n).ok(),
            Some(_) => {
                errors.push(RowError::new(
                    row,
                    "form_code",
                    "out_of_range",
                    format!("Mẫu phiếu {form_text} không tồn tại; phải từ 1 đến 19."),
                    format!("Form {form_text} does not exist; it must be 1 to 19."),
                ));
                None
            }
            None => {
                errors.push(RowError::new(
                    row,
                    "form_code",
                    "invalid_number",
                    format!("Mẫu phiếu phải là số từ 1 đến 19, không phải \"{form_text}\"."),
                    format!("The form must be a number from 1 to 19, not \"{form_text}\"."),
                ));
                None
            }
        }
    };
    if errors.len() > before {
        return None;
    }
    Some(ParsedRow {
        row,
        external_id,
        full_name,
        email,
        unit_code,
        category: category?.to_owned(),
        title,
        form_code: form_code?,
    })
}

fn unknown_unit(row: i64, code: &str) -> RowError {
    RowError::new(
        row,
        "unit_code",
        "unknown_unit",
        format!("Không có đơn vị mã \"{code}\"."),
        format!("There is no unit with code \"{code}\"."),
    )
}

/// Checks every row; returns them ready to apply, or every error found.
fn check(
    conn: &mut PgConnection,
    actor: &Actor,
    table: Table,
) -> Result<Vec<PersonImportRow>, JobError> {
    let columns = map_header(&table).map_err(JobError::Rows)?;
    if table.rows.is_empty() {
        return Err(JobError::Rows(vec![RowError::new(
            table.header_row,
            "file",
            "empty_file",
            "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.",
            "The file has a header row but no data rows.",
        )]));
    }
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(table.rows.len());
    let mut first_row_of: HashMap<String, i64> = HashMap::with_capacity(table.rows.len());
    for raw in &table.rows {
        let Some(row) = parse_row(raw, &columns, &mut errors) else {
            continue;
        };
        if let Some(first) = first_row_of.get(&row.external_id) {
            errors.push(RowError::new(
                row.row,
                "external_id",
                "duplicate_external_id",
                format!("Mã {} đã có ở dòng {first} của tệp.", row.external_id),
                format!(
                    "{} already appears in row {first} of the file.",
                    row.external_id
                ),
            ));
            continue;
        }
        first_row_of.insert(row.external_id.clone(), row.row);
        parsed.push(row);
    }

    // Each form fits the posts it was written for (Điều 11; DESIGN 2.6).
    let today = chrono::Utc::now()
        .with_timezone(&domain::calendar::HANOI)
        .date_naive();
    let forms = persistence::queries::rules::forms_in_force(conn, today)?;
    parsed.retain(|row| {
        let fits = forms
            .iter()
            .find(|f| i16::from(f.code.get()) == row.form_code)
            .is_none_or(|form| {
                persistence::convert::parse_enum(&row.category)
                    .is_ok_and(|category| form.fits(category))
            });
        if !fits {
            errors.push(RowError::new(
                row.row,
                "form_code",
                "form_does_not_fit_post",
                format!(
                    "Mẫu phiếu số {} không dành cho chức danh loại \"{}\".",
                    row.form_code, row.category
                ),
                format!(
                    "Form {} is not written for a post of category \"{}\".",
                    row.form_code, row.category
                ),
            ));
        }
        fits
    });

    // Units by code, then whether the caller may act on people there (decided once per unit).
    let mut codes: Vec<String> = parsed.iter().map(|r| r.unit_code.to_lowercase()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut allowed: HashMap<Uuid, bool> = HashMap::new();
    let units = imports::units_by_codes(conn, &codes)?;
    let mut unit_of_code: HashMap<String, Uuid> = HashMap::with_capacity(units.len());
    for unit in &units {
        if unit.active && may_act(actor, &mut allowed, unit)? {
            unit_of_code.insert(unit.code.to_lowercase(), unit.id);
        }
    }

    // People already stored under the file's ids must be in units the caller may act on.
    let external_ids: Vec<String> = parsed.iter().map(|r| r.external_id.clone()).collect();
    let existing = imports::people_by_external_ids(conn, &external_ids)?;
    let mut their_units: Vec<Uuid> = existing.iter().map(|p| p.unit_id).collect();
    their_units.sort_unstable();
    their_units.dedup();
    their_units.retain(|id| !allowed.contains_key(id));
    for unit in org::units_by_ids(conn, &their_units)? {
        may_act(actor, &mut allowed, &unit)?;
    }
    let locked: HashMap<&str, ()> = existing
        .iter()
        .filter(|p| !allowed.get(&p.unit_id).copied().unwrap_or(false))
        .map(|p| (p.external_id.as_str(), ()))
        .collect();

    let mut rows = Vec::with_capacity(parsed.len());
    for row in parsed {
        if locked.contains_key(row.external_id.as_str()) {
            errors.push(RowError::new(
                row.row,
                "external_id",
                "external_id_unavailable",
                format!(
                    "Không dùng được mã {}: mã này thuộc về người ngoài phạm vi quản lý của bạn.",
                    row.external_id
                ),
                format!(
                    "{} cannot be used: it belongs to a person outside your scope.",
                    row.external_id
                ),
            ));
            continue;
        }
        let Some(&unit_id) = unit_of_code.get(&row.unit_code.to_lowercase()) else {
            errors.push(unknown_unit(row.row, &row.unit_code));
            continue;
        };
        rows.push(PersonImportRow {
            row: i32::try_from(row.row).unwrap_or(i32::MAX),
            external_id: row.external_id,
            full_name: row.full_name,
            email: row.email,
            unit_id,
            category: row.category,
            title: row.title,
            form_code: row.form_code,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(JobError::Rows(errors))
    }
}

/// Whether `actor` may act on people in `unit` (decided once per unit, then remembered).
fn may_act(
    actor: &Actor,
    decided: &mut HashMap<Uuid, bool>,
    unit: &Unit,
) -> Result<bool, JobError> {
    if let Some(&known) = decided.get(&unit.id) {
        return Ok(known);
    }
    let target = Target::Person {
        person_id: PersonId(Uuid::nil()),
        unit: unit.scope()?,
    };
    let decision = domain::access::allows(actor, Mode::Act, &target);
    decided.insert(unit.id, decision);
    Ok(decision)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            header_row: 1,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| RawRow {
                    row: i as i64 + 2,
                    cells: cells.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn vietnamese_headers_are_recognised() {
        let t = table(
            &[
                "Mã nhân sự",
                "Họ và tên",
                "Mã đơn vị",
                "Loại chức vụ",
                "Chức vụ",
                "Mẫu phiếu",
            ],
            &[],
        );
        let columns = map_header(&t).unwrap();
        assert_eq!(columns[&Column::FormCode], 5);
        assert!(!columns.contains_key(&Column::Email));
    }

    #[test]
    fn a_missing_column_is_an_error_of_the_header_row() {
        let t = table(&["external_id", "full_name"], &[]);
        let errors = map_header(&t).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            fields,
            [
                (1, "unit_code"),
                (1, "category"),
                (1, "title"),
                (1, "form_code")
            ]
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let t = table(
            &[
                "external_id",
                "full_name",
                "email",
                "unit_code",
                "category",
                "title",
                "form_code",
            ],
            &[
                &[
                    "A1",
                    "Nguyễn Văn A",
                    "a@example.vn",
                    "HK",
                    "staff",
                    "Chuyên viên",
                    "15",
                ],
                &["", "B", "not-an-email", "HK", "boss", "x", "20"],
                &["A3", "C", "", "HK", "Hợp đồng", "x", "abc"],
            ],
        );
        let columns = map_header(&t).unwrap();
        let mut errors = Vec::new();
        let parsed: Vec<_> = t
            .rows
            .iter()
            .filter_map(|r| parse_row(r, &columns, &mut errors))
            .collect();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].form_code, 15);
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (3, "external_id", "required"),
                (3, "email", "invalid_email"),
                (3, "category", "invalid_category"),
                (3, "form_code", "out_of_range"),
                (4, "form_code", "invalid_number"),
            ]
        );
    }
}
