//! Backups (Điều 13.2.2): `pg_dump` custom-format archives with a manifest, and restores that
//! prove them. The dump and the manifest (rows and a checksum per table) are taken in one
//! exported snapshot, so they describe the same instant. A restore checks the archive's
//! SHA-256 first (a corrupted archive is reported, never restored), restores into an empty
//! database in one transaction, and compares every table with the manifest. PostgreSQL's own
//! tools do the dumping and restoring: nothing else reads or writes their format.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection, RunQueryDsl};
use persistence::queries::backups::{self as store, Backup, Fingerprint};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Where archives go, how many are kept, and the database they are taken from.
#[derive(Clone)]
pub struct BackupSettings {
    pub dir: PathBuf,
    /// Archives kept; older ones are deleted after each new one.
    pub keep: u32,
    /// The database to dump (its owner's URL when there is one).
    pub database_url: String,
}

/// What sits next to each archive (`<archive>.manifest.json`) and in its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub file_name: String,
    /// SHA-256 of the archive, hex.
    pub sha256: String,
    pub byte_size: u64,
    pub created_at: DateTime<Utc>,
    pub tables: Fingerprint,
}

/// Why a backup or a restore did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the archive is corrupted: its SHA-256 is {found}, the manifest says {expected}")]
    Corrupted { expected: String, found: String },
    #[error("the target database is not empty ({0} tables): restore only into a new database")]
    NotEmpty(i64),
    #[error("the restored data differs from the manifest: {0}")]
    Mismatch(String),
    #[error("{tool} failed: {message}")]
    Tool { tool: &'static str, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Database(String),
}

impl From<persistence::PersistenceError> for BackupError {
    fn from(e: persistence::PersistenceError) -> Self {
        Self::Database(e.to_string())
    }
}

impl From<diesel::result::Error> for BackupError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Database(e.to_string())
    }
}

impl From<diesel::ConnectionError> for BackupError {
    fn from(e: diesel::ConnectionError) -> Self {
        Self::Database(e.to_string())
    }
}

fn manifest_path(archive: &Path) -> PathBuf {
    let mut name = archive.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

fn sha256_of(path: &Path) -> Result<(String, u64), BackupError> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok((format!("{:x}", hasher.finalize()), size))
}

/// `--dbname=` for a URL without its password, and the password for `PGPASSWORD`: a password
/// on the command line would show in the process list.
fn connection_args(url: &str) -> (String, Option<String>) {
    let plain = || (format!("--dbname={url}"), None);
    let Some((scheme, rest)) = url.split_once("://") else {
        return plain();
    };
    let (authority, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return plain();
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return plain();
    };
    (
        format!("--dbname={scheme}://{user}@{host}/{tail}"),
        Some(percent_decoded(password)),
    )
}

/// `%XX` sequences decoded (URL passwords are percent-encoded; libpq wants them plain).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A PostgreSQL tool connected to `url`.
fn pg_tool(program: &str, url: &str) -> Command {
    let (dbname, password) = connection_args(url);
    let mut command = Command::new(program);
    command.arg(dbname);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command
}

fn run_tool(tool: &'static str, command: &mut Command) -> Result<(), BackupError> {
    let output = command.output().map_err(|e| BackupError::Tool {
        tool,
        message: format!("cannot run it ({e}); install PostgreSQL's client tools"),
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool {
            tool,
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}

/// Writes an archive and its manifest into `settings.dir`, recorded in `backups` (`conn` is for
/// the records; the dump has its own connection). Verify it next; the retention applies after
/// a verification succeeds.
pub fn create(
    conn: &mut PgConnection,
    settings: &BackupSettings,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Backup, BackupError> {
    std::fs::create_dir_all(&settings.dir)?;
    let file_name = format!(
        "danhgia-{}-{}.dump",
        now.format("%Y%m%d-%H%M%S"),
        &Uuid::new_v4().simple().to_string()[..8]
    );
    let record = store::create(conn, &file_name, created_by, now)?;
    let path = settings.dir.join(&file_name);
    match write_archive(settings, &path, &file_name, now) {
        Ok(manifest) => {
            let json = serde_json::to_value(&manifest)
                .map_err(|e| BackupError::Database(e.to_string()))?;
            store::written(
                conn,
                record.id,
                i64::try_from(manifest.byte_size).unwrap_or(i64::MAX),
                &manifest.sha256,
                &json,
                Utc::now().max(now),
            )?;
        }
        Err(error) => {
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_file(manifest_path(&path));
            store::set_status(conn, record.id, "failed", &error.to_string(), now)?;
            return Err(error);
        }
    }
    Ok(store::find(conn, record.id)?)
}

/// Deletes the archives older than the `keep` newest verified backups (after a verification
/// succeeded: never while fewer good ones exist); returns how many.
pub fn prune(
    conn: &mut PgConnection,
    settings: &BackupSettings,
    now: DateTime<Utc>,
) -> Result<usize, BackupError> {
    let old = store::beyond_retention(conn, i64::from(settings.keep))?;
    for backup in &old {
        let path = settings.dir.join(&backup.file_name);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(manifest_path(&path));
        store::set_status(
            conn,
            backup.id,
            "deleted",
            &format!(
                "Đã xoá theo chế độ lưu giữ ({} bản đã kiểm tra gần nhất)",
                settings.keep
            ),
            now,
        )?;
    }
    Ok(old.len())
}

fn write_archive(
    settings: &BackupSettings,
    path: &Path,
    file_name: &str,
    now: DateTime<Utc>,
) -> Result<Manifest, BackupError> {
    let mut source = PgConnection::establish(&settings.database_url)?;
    let tables = source
        .build_transaction()
        .repeatable_read()
        .read_only()
        .run(|conn| -> Result<Fingerprint, BackupError> {
            let snapshot = store::export_snapshot(conn)?;
            run_tool(
                "pg_dump",
                pg_tool("pg_dump", &settings.database_url)
                    .arg("--format=custom")
                    .arg(format!("--snapshot={snapshot}"))
                    .arg(format!("--file={}", path.display())),
            )?;
            Ok(store::fingerprint(conn)?)
        })?;
    let (sha256, byte_size) = sha256_of(path)?;
    let manifest = Manifest {
        file_name: file_name.to_owned(),
        sha256,
        byte_size,
        created_at: now,
        tables,
    };
    std::fs::write(
        manifest_path(path),
        serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Database(e.to_string()))?,
    )?;
    Ok(manifest)
}

/// What a restore found: every table's rows and checksum equal to the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub tables: usize,
    pub rows: i64,
}

/// Restores `archive` into the empty database at `into_url`, after checking the archive against
/// its manifest, and compares the result with the manifest table by table.
pub fn restore(archive: &Path, into_url: &str) -> Result<RestoreReport, BackupError> {
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(manifest_path(archive))?)
        .map_err(|e| BackupError::Database(format!("manifest: {e}")))?;
    let (found, _) = sha256_of(archive)?;
    if found != manifest.sha256 {
        return Err(BackupError::Corrupted {
            expected: manifest.sha256,
            found,
        });
    }
    let mut target = PgConnection::establish(into_url)?;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let existing =
        diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")
            .get_result::<Count>(&mut target)?
            .n;
    if existing > 0 {
        return Err(BackupError::NotEmpty(existing));
    }
    run_tool(
        "pg_restore",
        pg_tool("pg_restore", into_url)
            .args([
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
            ])
            .arg(archive),
    )?;
    let restored = store::fingerprint(&mut target)?;
    let differences: Vec<String> = manifest
        .tables
        .iter()
        .filter(|(name, expected)| restored.get(*name) != Some(*expected))
        .map(|(name, expected)| match restored.get(name) {
            Some(got) => format!(
                "{name}: {} rows ({}) instead of {} ({})",
                got.rows, got.checksum, expected.rows, expected.checksum
            ),
            None => format!("{name}: missing"),
        })
        .chain(
            restored
                .keys()
                .filter(|name| !manifest.tables.contains_key(*name))
                .map(|name| format!("{name}: not in the manifest")),
        )
        .collect();
    if !differences.is_empty() {
        return Err(BackupError::Mismatch(differences.join("; ")));
    }
    Ok(RestoreReport {
        tables: restored.len(),
        rows: restored.values().map(|t| t.rows).sum(),
    })
}

/// Verifies a recorded backup by restoring it into a scratch database on the same server
/// (created and dropped here; the role needs CREATEDB), and records the outcome.
pub fn verify(
    conn: &mut PgConnection,
    settings: &BackupSettings,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Backup, BackupError> {
    let backup = store::find(conn, id)?;
    let scratch = format!("danhgia_verify_{}", Uuid::new_v4().simple());
    let admin_url = persistence::pool::with_database(&settings.database_url, "postgres");
    let mut admin = PgConnection::establish(&admin_url)?;
    diesel::sql_query(format!("CREATE DATABASE \"{scratch}\"")).execute(&mut admin)?;
    let outcome = restore(
        &settings.dir.join(&backup.file_name),
        &persistence::pool::with_database(&settings.database_url, &scratch),
    );
    diesel::sql_query(format!(
        "DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)"
    ))
    .execute(&mut admin)?;
    match outcome {
        Ok(report) => {
            store::set_status(
                conn,
                id,
                "verified",
                &format!(
                    "Khôi phục thử thành công: {} bảng, {} dòng, khớp với bản kê",
                    report.tables, report.rows
                ),
                now,
            )?;
            prune(conn, settings, now)?;
        }
        Err(error) => store::set_status(
            conn,
            id,
            "failed",
            &format!("Khôi phục thử không thành công: {error}"),
            now,
        )?,
    }
    Ok(store::find(conn, id)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_command_line() {
        assert_eq!(
            connection_args("postgres://danhgia:p%40ss%3Aw@db:5432/danhgia?sslmode=require"),
            (
                "--dbname=postgres://danhgia@db:5432/danhgia?sslmode=require".to_owned(),
                Some("p@ss:w".to_owned())
            )
        );
        assert_eq!(
            connection_args("postgres://postgres@127.0.0.1:5432/x"),
            (
                "--dbname=postgres://postgres@127.0.0.1:5432/x".to_owned(),
                None
            )
        );
    }
}
