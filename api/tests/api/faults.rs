//! Faults (issue 13): the bounded forms of the checks `bench/` runs long by hand.
//!
//! - Every connection busy: a request waits `DATABASE_ACQUIRE_TIMEOUT_MS` at most, then gets
//!   503 with `Retry-After`, while the blocked ones finish once the database lets them.
//! - Sign-ins hashing passwords do not hold up other requests.
//! - PostgreSQL stopped and started again in the middle of saves and submits: every save the API
//!   acknowledged is in the database, none applied twice, each submit (with an
//!   `Idempotency-Key`) once; `/health/ready` says 503 while it is down; the API recovers
//!   without a restart; no request is answered 500.
//! - The API killed during a bulk import: nothing of it applied; the next start marks the job
//!   failed; the same file imports afterwards.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::spawn_app_with;
use crate::imports::{HEADER, account_with_roles, create_org};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root")
        .to_path_buf()
}

/// A connection the test holds with a table locked: requests touching it wait.
fn lock_table(
    url: &str,
    table: &str,
) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    hold_lock(url, &format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
}

/// A connection the test holds inside a transaction that ran `statement` (a lock) until the
/// returned sender is used.
pub(crate) fn hold_lock(
    url: &str,
    statement: &str,
) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let url = url.to_owned();
    let statement = statement.to_owned();
    let holder = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            diesel::sql_query(statement).execute(conn)?;
            locked_tx.send(()).expect("signal");
            let _ = release_rx.recv();
            Ok(())
        })
        .expect("lock held");
    });
    locked_rx.recv().expect("locked");
    (release_tx, holder)
}

/// Backends of this database waiting on a lock.
pub(crate) fn waiting_on_locks(conn: &mut PgConnection) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .get_result::<Count>(conn)
    .expect("pg_stat_activity")
    .n
}

/// With both connections of the pool held by requests that wait on a lock, the next request is
/// answered 503 with `Retry-After` before the lock is released; the waiting ones then finish.
#[actix_web::test]
async fn an_exhausted_pool_answers_503_with_retry_after_instead_of_hanging() {
    let app = spawn_app_with(|config| {
        config.database_pool_size = 2;
        config.database_acquire_timeout = Duration::from_millis(300);
    })
    .await;
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let db_url = app.config.database_url.clone();
    use secrecy::ExposeSecret;
    let (release, holder) = lock_table(db_url.expose_secret(), "sessions");

    let blocked: Vec<_> = (0..2)
        .map(|_| {
            let request = app
                .client
                .get(app.url("/api/v1/me"))
                .bearer_auth(&token)
                .timeout(Duration::from_secs(60));
            actix_web::rt::spawn(async move { request.send().await.map(|r| r.status()) })
        })
        .collect();
    // Both pool connections are now inside the server, waiting on the lock.
    let mut conn = app.conn();
    for _ in 0..600 {
        if waiting_on_locks(&mut conn) >= 2 {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(waiting_on_locks(&mut conn), 2);

    let refused = app.get_with_token("/api/v1/me", &token).await;
    let problem = refused.problem(503, "service_unavailable");
    assert_eq!(refused.headers.get("retry-after").unwrap(), "2");
    assert!(problem["detail"].as_str().unwrap().contains("thử lại"));
    let ready = app
        .send(app.client.get(app.url("/health/ready")), None)
        .await;
    ready.problem(503, "service_unavailable");
    // Still locked: the blocked requests have not been answered.
    assert!(blocked.iter().all(|b| !b.is_finished()));

    release.send(()).unwrap();
    holder.join().unwrap();
    for request in blocked {
        assert_eq!(request.await.unwrap().unwrap(), StatusCode::OK);
    }
    assert_eq!(
        app.get_with_token("/api/v1/me", &token).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.send(app.client.get(app.url("/health/ready")), None)
            .await
            .status,
        StatusCode::OK
    );
}

/// Sign-ins wait for a password-hashing slot, not for the server: a read sent while sixteen
/// sign-ins queue for one slot is answered before they are all done.
#[actix_web::test]
async fn sign_ins_queued_for_hashing_do_not_hold_up_other_requests() {
    let app = spawn_app_with(|config| config.password_hashing_concurrency = 1).await;
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let done = Arc::new(AtomicUsize::new(0));
    let sign_ins: Vec<_> = (0..16)
        .map(|_| {
            let request = app
                .client
                .post(app.url("/api/v1/auth/login"))
                .timeout(Duration::from_secs(120));
            let done = done.clone();
            actix_web::rt::spawn(async move {
                let answer = request
                    .send_json(
                        &json!({"username": "vanhanh", "password": crate::imports::PASSWORD}),
                    )
                    .await
                    .map(|r| r.status());
                done.fetch_add(1, Ordering::SeqCst);
                answer
            })
        })
        .collect();
    actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    let read = app.get_with_token("/api/v1/me", &token).await;
    assert_eq!(read.status, StatusCode::OK);
    let finished_by_then = done.load(Ordering::SeqCst);
    assert!(
        finished_by_then < 16,
        "the read waited for every sign-in ({finished_by_then} done)"
    );
    for sign_in in sign_ins {
        assert_eq!(sign_in.await.unwrap().unwrap(), StatusCode::OK);
    }
}

/// A private PostgreSQL cluster (scripts/db with its own directory and port) the test may stop.
struct Cluster {
    dir: PathBuf,
    url: String,
}

impl Cluster {
    fn scripts_db(dir: &Path, command: &str) -> std::process::Output {
        Command::new(repo_root().join("scripts/db"))
            .arg(command)
            .env("DB_PRIVATE", "1")
            .env("PG_CLUSTER_DIR", dir)
            .env("PGPORT", "56543")
            .env("DB_NAME", "danhgia_faults")
            .stderr(Stdio::inherit())
            .output()
            .expect("scripts/db runs")
    }

    fn start(name: &str) -> Self {
        let dir = repo_root().join("target").join(name);
        let _ = Self::scripts_db(&dir, "destroy");
        let output = Self::scripts_db(&dir, "up");
        assert!(output.status.success(), "scripts/db up failed");
        let url = String::from_utf8(output.stdout).unwrap().trim().to_owned();
        Self { dir, url }
    }

    fn stop(&self) {
        assert!(Self::scripts_db(&self.dir, "stop").status.success());
    }

    fn start_again(&self) {
        let output = Self::scripts_db(&self.dir, "up");
        assert!(output.status.success());
        assert_eq!(String::from_utf8(output.stdout).unwrap().trim(), self.url);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Self::scripts_db(&self.dir, "destroy");
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `api serve` as its own process.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database_url: &str, jwt_secret: &str, extra: &[(&str, &str)]) -> Self {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_api"));
        command
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("JWT_SECRET", jwt_secret)
            .env("RULES_CLOCK_AT", "2026-11-21T09:00:00+07:00")
            .env("SCHEDULER_TICK_SECONDS", "0")
            .env("RUST_LOG", "warn")
            .env("WORKERS", "2")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in extra {
            command.env(key, value);
        }
        let child = command.spawn().expect("api serve starts");
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let agent = agent();
        for _ in 0..300 {
            if get(&agent, &format!("{}/health/ready", server.base), None).0 == 200 {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not become ready");
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Status (0: no answer), ETag and body.
fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (u16, Option<String>, Value) {
    let mut builder = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", format!("Bearer {token}"));
    }
    for (key, value) in headers {
        builder = builder.header(*key, *value);
    }
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let Ok(request) = builder.body(bytes) else {
        return (0, None, Value::Null);
    };
    match agent.run(request) {
        Ok(mut response) => {
            let etag = response
                .headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response.body_mut().read_to_string().unwrap_or_default();
            (
                response.status().as_u16(),
                etag,
                serde_json::from_str(&body).unwrap_or(Value::Null),
            )
        }
        Err(_) => (0, None, Value::Null),
    }
}

fn get(agent: &ureq::Agent, url: &str, token: Option<&str>) -> (u16, Option<String>, Value) {
    send(agent, "GET", url, token, &[], None)
}

fn psql(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([url, "-XqAt", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .output()
        .expect("psql runs");
    assert!(
        output.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// What one writer saw.
#[derive(Default)]
struct Writes {
    evaluation: String,
    acknowledged_versions: Vec<i64>,
    statuses: BTreeMap<u16, usize>,
}

/// Saves `rounds` times (each with its own comment), then submits once with an
/// `Idempotency-Key`, retrying through failures: a save whose answer was lost is recognised by
/// its comment, never sent again on top of itself.
fn write_through_faults(base: &str, token: &str, rounds: usize, progress: &AtomicUsize) -> Writes {
    let agent = agent();
    let mut writes = Writes::default();
    let note = |status: u16, writes: &mut Writes| {
        *writes.statuses.entry(status).or_default() += 1;
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let read = |agent: &ureq::Agent| loop {
        let (status, etag, view) = get(
            agent,
            &format!("{base}/api/v1/evaluations/mine?period=2026-11"),
            Some(token),
        );
        if status == 200 {
            return (etag.unwrap_or_default(), view);
        }
        assert!(
            Instant::now() < deadline,
            "reading never recovered (last status {status})"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let (mut etag, view) = read(&agent);
    writes.evaluation = view["id"].as_str().unwrap().to_owned();
    let id = writes.evaluation.clone();
    for round in 0..rounds {
        let comment = format!("Lần lưu {round}");
        let body = json!({"scores": [], "comment": comment});
        loop {
            assert!(Instant::now() < deadline, "save {round} never went through");
            let (status, new_etag, view) = send(
                &agent,
                "PUT",
                &format!("{base}/api/v1/evaluations/{id}/self"),
                Some(token),
                &[("If-Match", &etag)],
                Some(&body),
            );
            note(status, &mut writes);
            if status == 200 {
                writes
                    .acknowledged_versions
                    .push(view["version"].as_i64().unwrap());
                etag = new_etag.unwrap_or_default();
                break;
            }
            assert!(
                [0, 412, 503].contains(&status),
                "unexpected {status}: {view}"
            );
            std::thread::sleep(Duration::from_millis(50));
            // Applied, with the answer lost? Then it is done; otherwise send it again.
            let (current, view) = read(&agent);
            etag = current;
            if view["comments"]["self"] == comment {
                break;
            }
        }
        progress.fetch_add(1, Ordering::SeqCst);
    }
    let key = format!("submit-{id}");
    loop {
        assert!(Instant::now() < deadline, "the submit never went through");
        let (status, _, view) = send(
            &agent,
            "POST",
            &format!("{base}/api/v1/evaluations/{id}/submit"),
            Some(token),
            &[("If-Match", &etag), ("Idempotency-Key", &key)],
            None,
        );
        note(status, &mut writes);
        if status == 200 {
            assert_eq!(view["state"], "self_submitted");
            break;
        }
        assert!(
            [0, 409, 503].contains(&status),
            "unexpected {status}: {view}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    writes
}

/// PostgreSQL stops in the middle of eight people's saves and submits and starts again.
#[test]
fn a_postgres_restart_loses_no_acknowledged_write_and_applies_none_twice() {
    const WRITERS: usize = 8;
    const ROUNDS: usize = 12;
    let cluster = Cluster::start("faults-pg");
    // A small city from the benchmarks' generator, its cohort with sessions.
    let generate = Command::new(repo_root().join("bench/generate"))
        .arg(&cluster.url)
        .env("API", env!("CARGO_BIN_EXE_api"))
        .env("DISTRICTS", "1")
        .env("COMMUNES", "1")
        .env("AGENCY_DEPARTMENTS", "0")
        .env("BIG_DEPARTMENTS", "0")
        .stderr(Stdio::inherit())
        .status()
        .expect("bench/generate runs");
    assert!(generate.success());
    let reset = Command::new("psql")
        .args([&cluster.url, "-Xq", "-f"])
        .arg(repo_root().join("bench/sql/reset-cohort.sql"))
        .status()
        .unwrap();
    assert!(reset.success());
    let secret = "faults-jwt-secret-0123456789abcdefghijklmnop";
    let keys = api::auth::jwt::JwtKeys::new(secret.as_bytes(), Duration::from_secs(3600));
    let tokens: Vec<String> = psql(
        &cluster.url,
        &format!(
            "SELECT account_id || ',' || session_id FROM bench_cohort ORDER BY n LIMIT {WRITERS}"
        ),
    )
    .lines()
    .map(|line| {
        let (account, session) = line.split_once(',').unwrap();
        keys.issue(
            account.parse().unwrap(),
            session.parse().unwrap(),
            chrono::Utc::now(),
        )
        .unwrap()
    })
    .collect();
    let server = Server::start(
        &cluster.url,
        secret,
        &[
            ("DATABASE_ACQUIRE_TIMEOUT_MS", "500"),
            ("DATABASE_POOL_SIZE", "4"),
        ],
    );

    let progress = AtomicUsize::new(0);
    let ready_statuses = Mutex::new(BTreeSet::new());
    let writes: Vec<Writes> = std::thread::scope(|s| {
        let writers: Vec<_> = tokens
            .iter()
            .map(|token| {
                let (base, progress) = (&server.base, &progress);
                s.spawn(move || write_through_faults(base, token, ROUNDS, progress))
            })
            .collect();
        // A third of the saves in: stop the server, see the API report it, start it again.
        while progress.load(Ordering::SeqCst) < WRITERS * ROUNDS / 3 {
            std::thread::sleep(Duration::from_millis(10));
        }
        cluster.stop();
        let agent = agent();
        let ready =
            |agent: &ureq::Agent| get(agent, &format!("{}/health/ready", server.base), None).0;
        let down = ready(&agent);
        ready_statuses.lock().unwrap().insert(down);
        cluster.start_again();
        let mut up = 0;
        for _ in 0..300 {
            up = ready(&agent);
            if up == 200 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(up, 200, "the API did not recover without a restart");
        writers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(
        ready_statuses.into_inner().unwrap(),
        BTreeSet::from([503]),
        "/health/ready during the outage"
    );

    // The server's linker, which lived through the outage too, links every entry written.
    let mut waiting = String::new();
    for _ in 0..100 {
        waiting = psql(&cluster.url, "SELECT count(*) FROM audit_pending");
        if waiting == "0" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(waiting, "0", "audit entries left unlinked after the outage");

    let mut all_statuses = BTreeMap::new();
    for w in &writes {
        for (status, n) in &w.statuses {
            *all_statuses.entry(*status).or_insert(0) += n;
        }
        // Every save is in the audit trail once, with the versions the API acknowledged.
        let audited: Vec<i64> = psql(
            &cluster.url,
            &format!(
                "SELECT (after->>'version') FROM audit_log WHERE entity_id = '{}' AND action = 'evaluation.save_self' ORDER BY id",
                w.evaluation
            ),
        )
        .lines()
        .map(|v| v.parse().unwrap())
        .collect();
        assert_eq!(audited.len(), ROUNDS, "saves applied for {}", w.evaluation);
        for version in &w.acknowledged_versions {
            assert!(
                audited.contains(version),
                "acknowledged version {version} is lost"
            );
        }
        let events = psql(
            &cluster.url,
            &format!(
                "SELECT count(*) FILTER (WHERE transition = 'save_self') || ',' || count(*) FILTER (WHERE transition = 'submit') FROM evaluation_events WHERE evaluation_id = '{}'",
                w.evaluation
            ),
        );
        assert_eq!(events, format!("{ROUNDS},1"));
        let state = psql(
            &cluster.url,
            &format!(
                "SELECT state FROM evaluations WHERE id = '{}'",
                w.evaluation
            ),
        );
        assert_eq!(state, "self_submitted");
    }
    assert!(
        all_statuses
            .keys()
            .all(|s| [0, 200, 409, 412, 503].contains(s)),
        "answers during the outage: {all_statuses:?}"
    );
    assert!(
        all_statuses.contains_key(&503) || all_statuses.contains_key(&0),
        "the outage was not felt: {all_statuses:?}"
    );
}

/// `api serve` killed while it applies an import: nothing applied; once its heartbeat has been
/// silent for a minute, the next start fails the job as interrupted; the same file then imports.
#[actix_web::test]
async fn an_import_killed_midway_applies_nothing_and_can_be_run_again() {
    const ROWS: usize = 40_000;
    let app = crate::helpers::spawn_app().await;
    create_org(&app);
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    use secrecy::ExposeSecret;
    let db_url = app.config.database_url.expose_secret().to_owned();
    let secret = app.config.jwt_secret.expose_secret().to_owned();
    let mut file = format!("{HEADER}\n");
    for i in 0..ROWS {
        file.push_str(&format!(
            "K{i:06},Người thứ {i},,HK-NV,staff,Chuyên viên,15\n"
        ));
    }
    let people = |conn: &mut PgConnection| -> i64 {
        persistence::schema::people::table
            .count()
            .get_result(conn)
            .unwrap()
    };
    let before = people(&mut app.conn());

    let mut server = Server::start(&db_url, &secret, &[]);
    let base = server.base.clone();
    let agent = agent();
    let upload_to = |base: &str| {
        let request = ureq::http::Request::builder()
            .method("POST")
            .uri(format!("{base}/api/v1/imports/people"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "text/csv")
            .body(file.clone().into_bytes())
            .unwrap();
        let mut response = agent.run(request).unwrap();
        assert_eq!(response.status().as_u16(), 202);
        let job: Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        job["id"].as_str().unwrap().to_owned()
    };
    let job = upload_to(&base);
    // Kill it once it has applied a batch (inside its one transaction).
    let mut seen_progress = false;
    for _ in 0..1200 {
        let (_, _, view) = get(
            &agent,
            &format!("{base}/api/v1/imports/{job}"),
            Some(&token),
        );
        if view["status"] == "running" && view["processed_rows"].as_i64().unwrap_or(0) > 0 {
            seen_progress = true;
            break;
        }
        assert_ne!(
            view["status"], "succeeded",
            "the import ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(seen_progress, "the import never reported progress");
    server.kill();
    // A minute passes: the dead process's heartbeat is silent.
    diesel::sql_query("UPDATE imports SET heartbeat_at = now() - interval '2 minutes'")
        .execute(&mut app.conn())
        .unwrap();
    assert_eq!(
        people(&mut app.conn()),
        before,
        "half an import was applied"
    );

    // The next start ends the job as interrupted; the file then imports whole.
    let server = Server::start(&db_url, &secret, &[]);
    let (status, _, view) = get(
        &agent,
        &format!("{}/api/v1/imports/{job}", server.base),
        Some(&token),
    );
    assert_eq!(status, 200);
    assert_eq!(view["status"], "failed", "{view}");
    assert_eq!(view["errors"][0]["code"], "interrupted");
    let again = upload_to(&server.base);
    let mut last = Value::Null;
    for _ in 0..3000 {
        last = get(
            &agent,
            &format!("{}/api/v1/imports/{again}", server.base),
            Some(&token),
        )
        .2;
        if last["status"] == "succeeded" || last["status"] == "failed" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(last["status"], "succeeded", "{last}");
    assert_eq!(
        people(&mut app.conn()),
        before + i64::try_from(ROWS).unwrap()
    );
}
