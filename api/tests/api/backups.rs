//! Backups (issue 12, Điều 13.2.2): an archive and its manifest, restored into a new database
//! with identical rows and checksums; a corrupted archive reported and not restored; the
//! verification status and the retention.

use diesel::prelude::*;
use persistence::queries::backups::{self as store, Fingerprint};

use crate::fixture::{self, PASSWORD};
use crate::helpers::{TestApp, spawn_app};

/// A new, empty database on the test server, dropped with this value.
struct EmptyDatabase {
    url: String,
    name: String,
    admin: String,
}

impl EmptyDatabase {
    fn create() -> Self {
        let base = std::env::var("DATABASE_URL").unwrap();
        let admin = persistence::pool::with_database(&base, "postgres");
        let name = format!("danhgia_restore_{}", uuid::Uuid::new_v4().simple());
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut PgConnection::establish(&admin).unwrap())
            .unwrap();
        Self {
            url: persistence::pool::with_database(&base, &name),
            name,
            admin,
        }
    }

    fn fingerprint(&self) -> Fingerprint {
        store::fingerprint(&mut PgConnection::establish(&self.url).unwrap()).unwrap()
    }
}

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&self.admin) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

async fn operator(app: &TestApp) -> String {
    app.tokens("operator", PASSWORD).await.0
}

#[actix_web::test]
async fn a_backup_restores_into_a_new_database_with_identical_rows_and_checksums() {
    let app = spawn_app().await;
    let _org = fixture::build(&app);
    let token = operator(&app).await;

    let written = app.call("POST", "/api/v1/backups", &token, None).await;
    assert_eq!(written.status, 201, "{}", written.text());
    let written = written.json();
    assert_eq!(written["status"], "written");
    assert!(written["tables"].as_u64().unwrap() > 20, "{written}");
    assert!(written["rows"].as_i64().unwrap() > 10, "{written}");
    let dir = app.config.backup_dir.clone();
    let archive = dir.join(written["file_name"].as_str().unwrap());
    let manifest: api::backup::Manifest = serde_json::from_slice(
        &std::fs::read(format!("{}.manifest.json", archive.display())).unwrap(),
    )
    .unwrap();
    assert_eq!(
        manifest.sha256,
        written["sha256"].as_str().unwrap(),
        "the manifest beside the archive is the one recorded"
    );
    assert_eq!(manifest.tables["people"].rows, {
        use persistence::schema::people;
        people::table
            .count()
            .get_result::<i64>(&mut app.conn())
            .unwrap()
    });
    assert!(manifest.tables.contains_key("evaluations"));
    let staff = app.tokens("staff.a", PASSWORD).await.0;
    app.call("POST", "/api/v1/backups", &staff, None)
        .await
        .problem(403, "forbidden");
    app.get_with_token("/api/v1/backups", &staff)
        .await
        .problem(403, "forbidden");

    // Restored into a new database: every table with the same rows and checksum.
    let target = EmptyDatabase::create();
    let report = api::backup::restore(&archive, &target.url).unwrap();
    assert_eq!(target.fingerprint(), manifest.tables);
    assert_eq!(report.tables, manifest.tables.len());
    assert_eq!(
        report.rows,
        manifest.tables.values().map(|t| t.rows).sum::<i64>()
    );
    // Only into an empty database.
    assert!(matches!(
        api::backup::restore(&archive, &target.url),
        Err(api::backup::BackupError::NotEmpty(_))
    ));

    // The operator verifies it: restored into a scratch database and compared.
    let id = written["id"].as_str().unwrap();
    let verified = app
        .call(
            "POST",
            &format!("/api/v1/backups/{id}/verify"),
            &token,
            None,
        )
        .await;
    assert_eq!(verified.status, 200, "{}", verified.text());
    let verified = verified.json();
    assert_eq!(verified["status"], "verified", "{verified}");
    assert!(
        verified["message"]
            .as_str()
            .unwrap()
            .contains("khớp với bản kê")
    );
    let listed = app.get_with_token("/api/v1/backups", &token).await.json();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["status"], "verified");
    assert!(listed[0]["verified_at"].is_string());

    // A corrupted archive is reported, and nothing is restored (the command line says so too).
    let corrupted = dir.join("corrupted.dump");
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&corrupted, &bytes).unwrap();
    std::fs::copy(
        format!("{}.manifest.json", archive.display()),
        format!("{}.manifest.json", corrupted.display()),
    )
    .unwrap();
    let untouched = EmptyDatabase::create();
    assert!(matches!(
        api::backup::restore(&corrupted, &untouched.url),
        Err(api::backup::BackupError::Corrupted { .. })
    ));
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_api"))
        .args(["restore", "--from"])
        .arg(&corrupted)
        .args(["--into", &untouched.url])
        .env("DATABASE_URL", &untouched.url)
        .output()
        .unwrap();
    assert!(!cli.status.success());
    assert!(
        String::from_utf8_lossy(&cli.stderr).contains("corrupted"),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(untouched.fingerprint().is_empty(), "nothing was restored");
    // `api restore` of the good archive into a new database succeeds.
    let again = EmptyDatabase::create();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_api"))
        .args(["restore", "--from"])
        .arg(&archive)
        .args(["--into", &again.url])
        .env("DATABASE_URL", &again.url)
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert_eq!(again.fingerprint(), manifest.tables);

    // Retention: two verified backups kept; an unverified one never pushes out a good one.
    let settings = api::backup::BackupSettings {
        keep: 2,
        ..app.config.backup_settings()
    };
    let conn = &mut app.conn();
    let now = chrono::Utc::now();
    let second = api::backup::create(conn, &settings, None, now).unwrap();
    let third = api::backup::create(conn, &settings, None, now).unwrap();
    assert_eq!(api::backup::prune(conn, &settings, now).unwrap(), 0);
    assert!(
        archive.exists(),
        "only one backup is verified: nothing is deleted"
    );
    for written in [&second, &third] {
        let verified = api::backup::verify(conn, &settings, written.id, now).unwrap();
        assert_eq!(verified.status, "verified", "{:?}", verified.message);
    }
    let first = store::find(conn, uuid::Uuid::parse_str(id).unwrap()).unwrap();
    assert_eq!(first.status, "deleted");
    assert!(!archive.exists(), "the oldest archive is gone");
    for kept in [&second, &third] {
        assert!(dir.join(&kept.file_name).exists());
    }
    app.call(
        "POST",
        &format!("/api/v1/backups/{id}/verify"),
        &token,
        None,
    )
    .await
    .problem(409, "backup_gone");

    // The monthly job writes one and verifies it.
    diesel::connection::SimpleConnection::batch_execute(
        conn,
        "UPDATE scheduled_jobs SET next_run_at = CASE WHEN name = 'backup' \
         THEN '2000-01-01T00:00:00Z'::timestamptz ELSE '2100-01-01T00:00:00Z'::timestamptz END",
    )
    .unwrap();
    let mut jobs = api::jobs::scheduler::JobContext::new(
        &app.config,
        api::jobs::mailer::Mailer::new(None, "a@b.c").unwrap(),
    );
    jobs.backups = settings;
    let now = chrono::Utc::now();
    let ran = api::jobs::scheduler::tick(&app.pool, &jobs, "replica", now, now).unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!((ran[0].job.as_str(), ran[0].succeeded), ("backup", true));
    assert!(ran[0].message.contains("khớp với bản kê"), "{:?}", ran[0]);
    assert_eq!(store::list(conn, 1).unwrap()[0].status, "verified");
    let _ = std::fs::remove_dir_all(&dir);
}
