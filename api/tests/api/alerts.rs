//! Alerts, notifications and the scheduler (issue 12), with the clock driven through November:
//! each alert appears once, escalates after its deadline, reaches a real SMTP server on
//! loopback (aiosmtpd, `scripts/smtp-test-server.py`) and the in-app list; e-mails wait while
//! SMTP is down and arrive once, none twice; two scheduler instances run each job once.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};

use api::jobs::mailer::Mailer;
use api::jobs::scheduler::{self, JobContext};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::monthly::{Month, build};

/// aiosmtpd on a free loopback port, recording what it receives as JSON lines.
struct SmtpServer {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl SmtpServer {
    fn start(port: u16, log: &std::path::Path) -> Self {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = Command::new(root.join("scripts/smtp-venv"))
            .output()
            .expect("scripts/smtp-venv installs aiosmtpd");
        assert!(python.status.success(), "scripts/smtp-venv failed");
        let python = String::from_utf8(python.stdout).unwrap().trim().to_owned();
        let mut child = Command::new(python)
            .arg(root.join("scripts/smtp-test-server.py"))
            .arg(port.to_string())
            .arg(log)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Self {
            child,
            port,
            log: log.to_owned(),
        }
    }

    fn stop(mut self) -> u16 {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.port
    }

    /// Every message received so far.
    fn received(&self) -> Vec<Value> {
        received(&self.log)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn received(log: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// One scheduler tick at `now` (Hanoi time given), as a replica would run it.
fn tick(app: &TestApp, jobs: &JobContext, now: DateTime<Utc>) -> BTreeMap<String, String> {
    app.clock.set(now);
    scheduler::tick(&app.pool, jobs, "test-replica", now, now)
        .unwrap()
        .into_iter()
        .map(|r| {
            assert!(r.succeeded, "{}: {}", r.job, r.message);
            (r.job, r.message)
        })
        .collect()
}

#[derive(QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    cause: String,
    #[diesel(sql_type = BigInt)]
    level: i64,
    #[diesel(sql_type = Text)]
    title: String,
}

/// A person's notifications as (cause, level, title), oldest first.
fn notifications_of(app: &TestApp, person: uuid::Uuid) -> Vec<(String, i64, String)> {
    diesel::sql_query(
        "SELECT cause, level::bigint AS level, title FROM notifications WHERE person_id = $1 \
         ORDER BY created_at, cause, level",
    )
    .bind::<diesel::sql_types::Uuid, _>(person)
    .load::<Row>(&mut app.conn())
    .unwrap()
    .into_iter()
    .map(|r| (r.cause, r.level, r.title))
    .collect()
}

fn causes(rows: &[(String, i64, String)]) -> Vec<(&str, i64)> {
    rows.iter().map(|(c, l, _)| (c.as_str(), *l)).collect()
}

fn execute(app: &TestApp, sql: &str) {
    diesel::connection::SimpleConnection::batch_execute(&mut app.conn(), sql).unwrap();
}

async fn setup() -> (TestApp, Month) {
    let app = spawn_app().await;
    let m = build(&app).await;
    let opened = app
        .call(
            "POST",
            &format!("/api/v1/units/{}/evaluations", m.district.id),
            &m.tokens["ct.q"],
            Some(json!({"period": "2026-11"})),
        )
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text());
    // The template database was migrated today; these tests tick in November.
    execute(
        &app,
        "UPDATE scheduled_jobs SET next_run_at = '2026-01-01T00:00:00Z' WHERE name IN ('alerts', 'emails', 'cleanup')",
    );
    for who in ["nv01", "nv02", "nv03", "tp.a", "pp1.a", "ct.q"] {
        execute(
            &app,
            &format!(
                "UPDATE people SET email = '{who}@danhgia.test' WHERE id = '{}'",
                m.people[who].id
            ),
        );
    }
    (app, m)
}

#[actix_web::test]
async fn alerts_walk_through_a_month_once_each_escalate_and_reach_smtp_and_the_app() {
    let (app, m) = setup().await;
    let id = |who: &str| m.people[who].id;
    // The district's administrator is a person too (escalations reach them).
    let admin_person =
        crate::fixture::person(&mut app.conn(), "Quản trị Quận", &m.district, "staff", 15);
    let hash = api::auth::password::hash(crate::fixture::PASSWORD).unwrap();
    persistence::queries::accounts::create(
        &mut app.conn(),
        &persistence::models::accounts::NewAccount {
            username: "qt.q",
            password_hash: &hash,
            person_id: Some(admin_person.id),
            must_change_password: false,
        },
        &[("unit_admin", Some(m.district.id), None)],
    )
    .unwrap();
    // nv02 wants no e-mail; nv03 no bell.
    for (who, prefs) in [
        ("nv02", json!({"in_app": true, "email": false})),
        ("nv03", json!({"in_app": false, "email": true})),
    ] {
        let set = app
            .call(
                "PUT",
                "/api/v1/me/notification-preferences",
                &m.tokens[who],
                Some(prefs.clone()),
            )
            .await;
        assert_eq!(set.status, 200, "{}", set.text());
        let got = app
            .get_with_token("/api/v1/me/notification-preferences", &m.tokens[who])
            .await
            .json();
        assert_eq!(got, prefs);
    }
    // nv04's account expires in five days (nv04 does not sign in here: accounts expire in
    // real time, and these ticks are in November).
    execute(
        &app,
        &format!(
            "UPDATE accounts SET valid_until = '2026-11-27T03:00:00Z' WHERE person_id = '{0}'; \
             UPDATE people SET email = 'nv04@danhgia.test' WHERE id = '{0}'",
            id("nv04")
        ),
    );

    let dir = std::env::temp_dir().join(format!("smtp-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("received.jsonl");
    let smtp = SmtpServer::start(free_port(), &log);
    let mailer = JobContext::new(
        &app.config,
        Mailer::new(
            Some(&format!("smtp://127.0.0.1:{}", smtp.port)),
            "Đánh giá CBCCVC <khong-tra-loi@danhgia.test>",
        )
        .unwrap(),
    );

    // 22 Nov, 10:00: the window is open; no plan was entered by the 5th.
    let ran = tick(&app, &mailer, at("2026-11-22T10:00:00+07:00"));
    assert_eq!(
        ran.keys().collect::<Vec<_>>(),
        ["alerts", "cleanup", "emails"]
    );
    assert_eq!(
        causes(&notifications_of(&app, id("nv01"))),
        [("plan_missing", 0), ("self_window_open", 0)]
    );
    assert_eq!(
        causes(&notifications_of(&app, id("nv04"))),
        [
            ("account_expiring", 0),
            ("plan_missing", 0),
            ("self_window_open", 0)
        ]
    );
    let mails = smtp.received();
    let to = |who: &str| -> Vec<String> {
        received(&log)
            .iter()
            .filter(|m| m["to"][0] == format!("{who}@danhgia.test"))
            .map(|m| m["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut nv04 = to("nv04");
    nv04.sort();
    assert_eq!(
        nv04,
        [
            "Chưa nhập kế hoạch công tác tháng 11/2026",
            "Tài khoản sắp hết hạn",
            "Đã mở tự đánh giá tháng 11/2026",
        ]
    );
    assert_eq!(to("nv01").len(), 2);
    assert!(to("nv02").is_empty(), "nv02 turned e-mail off");
    assert_eq!(to("nv03").len(), 2, "nv03 turned the bell off, not e-mail");
    let first = mails
        .iter()
        .find(|m| m["subject"] == "Đã mở tự đánh giá tháng 11/2026")
        .unwrap();
    assert!(
        first["body"]
            .as_str()
            .unwrap()
            .contains("Đồng chí tự đánh giá, chấm điểm tháng 11/2026 trước 00:00 ngày 25/11/2026"),
        "{first}"
    );
    assert_eq!(first["from"], "khong-tra-loi@danhgia.test");
    // In the app: nv01's bell shows 2; nv03's shows none, their list still holds them.
    let unread = |who: &'static str| {
        let app = &app;
        let token = m.tokens[who].clone();
        async move {
            let answer = app
                .get_with_token("/api/v1/notifications/unread-count", &token)
                .await;
            assert_eq!(answer.status, 200, "{}", answer.text());
            answer.json()["unread"].as_i64().unwrap()
        }
    };
    assert_eq!(unread("nv01").await, 2);
    assert_eq!(unread("nv03").await, 0);
    let list = app
        .get_with_token("/api/v1/notifications", &m.tokens["nv03"])
        .await
        .json();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["unread"], 0);

    // Later the same day: nothing new, nothing sent twice.
    let before = mails.len();
    tick(&app, &mailer, at("2026-11-22T10:20:00+07:00"));
    assert_eq!(smtp.received().len(), before);
    assert_eq!(notifications_of(&app, id("nv01")).len(), 2);

    // nv01 submits; on the 23rd the others are told the window closes soon, and nv01's
    // reviewer that a form waits.
    let evaluation = m.self_assess(&app, "nv01", 90.0).await;
    assert_eq!(m.submit(&app, "nv01", &evaluation).await.status, 200);
    tick(&app, &mailer, at("2026-11-23T10:00:00+07:00"));
    assert_eq!(
        causes(&notifications_of(&app, id("nv02")))[2..],
        [("self_closing_soon", 0)]
    );
    assert_eq!(
        notifications_of(&app, id("nv01")).len(),
        2,
        "nv01 submitted"
    );
    assert_eq!(
        notifications_of(&app, id("pp1.a"))
            .iter()
            .filter(|(c, _, _)| c == "review_waiting")
            .map(|(_, l, t)| (*l, t.as_str()))
            .collect::<Vec<_>>(),
        [(0, "1 phiếu tháng 11/2026 chờ nhận xét")]
    );

    // SMTP goes down before the window closes: the 25th's e-mails wait in the outbox.
    let port = smtp.stop();
    let sent_before = received(&log).len();
    let ran = tick(&app, &mailer, at("2026-11-25T10:00:00+07:00"));
    assert!(ran["emails"].contains("sẽ gửi lại"), "{ran:?}");
    assert_eq!(
        causes(&notifications_of(&app, id("nv02")))[3..],
        [("self_missed", 0)]
    );
    let tp = notifications_of(&app, id("tp.a"));
    let missed: Vec<&str> = tp
        .iter()
        .filter(|(c, l, _)| c == "self_missed" && *l == 1)
        .map(|(_, _, t)| t.as_str())
        .collect();
    assert_eq!(missed, ["20 người chưa tự đánh giá tháng 11/2026"]);
    let waiting: Vec<(String, i64)> = diesel::sql_query(
        "SELECT status AS cause, count(*) AS level, '' AS title FROM email_outbox GROUP BY status ORDER BY status",
    )
    .load::<Row>(&mut app.conn())
    .unwrap()
    .into_iter()
    .map(|r| (r.cause, r.level))
    .collect();
    assert!(
        waiting.iter().any(|(s, n)| s == "pending" && *n > 0),
        "{waiting:?}"
    );
    assert!(waiting.iter().all(|(s, _)| s != "failed"), "{waiting:?}");
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let failed_attempts = diesel::sql_query(
        "SELECT count(*) AS n FROM email_attempts WHERE NOT succeeded AND error IS NOT NULL",
    )
    .get_result::<Count>(&mut app.conn())
    .unwrap()
    .n;
    assert!(failed_attempts >= 1, "every attempt is recorded");

    // SMTP is back: after the retry delay everything waiting arrives, once.
    let smtp = SmtpServer::start(port, &log);
    let ran = tick(&app, &mailer, at("2026-11-25T10:05:00+07:00"));
    assert!(
        ran["emails"].starts_with(|c: char| c.is_ascii_digit()),
        "{ran:?}"
    );
    tick(&app, &mailer, at("2026-11-25T11:00:00+07:00"));
    let all = smtp.received();
    assert!(all.len() > sent_before);
    let sent = diesel::sql_query("SELECT count(*) AS n FROM email_outbox WHERE status = 'sent'")
        .get_result::<Count>(&mut app.conn())
        .unwrap()
        .n;
    let unsent = diesel::sql_query("SELECT count(*) AS n FROM email_outbox WHERE status <> 'sent'")
        .get_result::<Count>(&mut app.conn())
        .unwrap()
        .n;
    assert_eq!(
        (all.len() as i64, unsent),
        (sent, 0),
        "each e-mail arrived once"
    );
    let ids: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), all.len(), "no e-mail twice");
    assert!(to("nv02").is_empty());
    assert!(to("tp.a").contains(&"20 người chưa tự đánh giá tháng 11/2026".to_owned()));

    // 28 Nov, after the decision deadline: the review escalates to the decider, the decisions
    // to the unit head, who is also told the unit has not published.
    tick(&app, &mailer, at("2026-11-28T10:00:00+07:00"));
    let tp = notifications_of(&app, id("tp.a"));
    assert!(
        tp.contains(&(
            "review_waiting".to_owned(),
            1,
            "1 phiếu tháng 11/2026 chờ nhận xét (đã quá hạn)".to_owned()
        )),
        "{tp:?}"
    );
    let head_rows = notifications_of(&app, id("ct.q"));
    let head = causes(&head_rows);
    assert!(head.contains(&("decision_waiting", 1)), "{head:?}");
    assert!(head.contains(&("unit_unpublished", 0)), "{head:?}");
    assert!(
        notifications_of(&app, admin_person.id).is_empty(),
        "the administrator only after two more days"
    );
    // Two days later: one level more each; the administrator now hears of the decisions.
    tick(&app, &mailer, at("2026-11-30T10:00:00+07:00"));
    let head_rows = notifications_of(&app, id("ct.q"));
    let head = causes(&head_rows);
    assert!(head.contains(&("review_waiting", 2)), "{head:?}");
    assert_eq!(
        causes(&notifications_of(&app, admin_person.id)),
        [("decision_waiting", 2)]
    );
    // Nothing twice, however often the scheduler ran.
    #[derive(QueryableByName)]
    struct Dupes {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let dupes = diesel::sql_query(
        "SELECT count(*) AS n FROM (SELECT person_id, cause, period, level FROM notifications \
         GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d",
    )
    .get_result::<Dupes>(&mut app.conn())
    .unwrap()
    .n;
    assert_eq!(dupes, 0);

    // Reading: one, then all; only one's own.
    let list = app
        .get_with_token("/api/v1/notifications?limit=2", &m.tokens["tp.a"])
        .await
        .json();
    let unread_before = list["unread"].as_i64().unwrap();
    assert!(list["next_cursor"].is_string());
    let newest = list["items"][0]["id"].as_str().unwrap().to_owned();
    assert!(list["items"][0]["link"].as_str().unwrap().starts_with('/'));
    let read = app
        .call(
            "POST",
            &format!("/api/v1/notifications/{newest}/read"),
            &m.tokens["tp.a"],
            None,
        )
        .await;
    assert_eq!(read.status, 204, "{}", read.text());
    assert_eq!(unread("tp.a").await, unread_before - 1);
    app.call(
        "POST",
        &format!("/api/v1/notifications/{newest}/read"),
        &m.tokens["nv01"],
        None,
    )
    .await
    .problem(404, "not_found");
    let next = app
        .get_with_token(
            &format!(
                "/api/v1/notifications?limit=2&cursor={}",
                list["next_cursor"].as_str().unwrap()
            ),
            &m.tokens["tp.a"],
        )
        .await
        .json();
    assert!(
        next["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != list["items"][0]["id"] && n["id"] != list["items"][1]["id"])
    );
    let all_read = app
        .call(
            "POST",
            "/api/v1/notifications/read-all",
            &m.tokens["tp.a"],
            None,
        )
        .await
        .json();
    assert_eq!(all_read["marked"], unread_before - 1);
    assert_eq!(unread("tp.a").await, 0);
    app.get_with_token("/api/v1/notifications?cursor=%21%21", &m.tokens["tp.a"])
        .await
        .problem(422, "validation_failed");
}

#[actix_web::test]
async fn two_schedulers_run_each_job_once_and_operators_see_them() {
    let (app, m) = setup().await;
    let mailer = JobContext::new(
        &app.config,
        Mailer::new(None, "Đánh giá CBCCVC <khong-tra-loi@danhgia.test>").unwrap(),
    );
    let now = at("2026-11-22T10:00:00+07:00");
    // Two replicas tick at the same instant, on their own connections.
    let ran: Vec<Vec<scheduler::Ran>> = std::thread::scope(|s| {
        let a = s.spawn(|| scheduler::tick(&app.pool, &mailer, "replica-a", now, now).unwrap());
        let b = s.spawn(|| scheduler::tick(&app.pool, &mailer, "replica-b", now, now).unwrap());
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    let mut jobs: Vec<&str> = ran.iter().flatten().map(|r| r.job.as_str()).collect();
    jobs.sort_unstable();
    assert_eq!(jobs, ["alerts", "cleanup", "emails"], "each job once");
    // Without SMTP the e-mails wait in the outbox; the job says so.
    let emails = ran.iter().flatten().find(|r| r.job == "emails").unwrap();
    assert!(emails.message.contains("Chưa cấu hình SMTP"), "{emails:?}");

    let listed = app
        .get_with_token("/api/v1/jobs", &m.tokens["quantri.q"])
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    let listed = listed.json();
    let alerts = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "alerts")
        .unwrap();
    assert_eq!(
        (
            alerts["runs"].as_i64(),
            alerts["last_status"].as_str(),
            alerts["every_seconds"].as_i64()
        ),
        (Some(1), Some("succeeded"), Some(900))
    );
    assert!(
        alerts["last_message"]
            .as_str()
            .unwrap()
            .contains("thông báo mới")
    );
    app.get_with_token("/api/v1/jobs", &m.tokens["nv01"])
        .await
        .problem(403, "forbidden");
    // "Run now": due at once, run by the next tick (once).
    execute(
        &app,
        "UPDATE scheduled_jobs SET next_run_at = '2100-01-01T00:00:00Z'",
    );
    let due = app
        .call(
            "POST",
            "/api/v1/jobs/alerts/run",
            &m.tokens["quantri.q"],
            None,
        )
        .await;
    assert_eq!(due.status, 202, "{}", due.text());
    let later = chrono::Utc::now().max(now) + chrono::Duration::seconds(1);
    let ran = scheduler::tick(&app.pool, &mailer, "replica-a", later, now).unwrap();
    assert_eq!(
        ran.iter().map(|r| r.job.as_str()).collect::<Vec<_>>(),
        ["alerts"]
    );
    app.call(
        "POST",
        "/api/v1/jobs/nope/run",
        &m.tokens["quantri.q"],
        None,
    )
    .await
    .problem(404, "not_found");
}

#[actix_web::test]
async fn a_group_over_quota_is_told_to_the_unit_head_once() {
    let (app, m) = setup().await;
    // Five of the nineteen staff decided A: more than the group's quota.
    for n in 5..=9 {
        let who = format!("nv{n:02}");
        let id = m.self_assess(&app, &who, 95.0).await;
        assert_eq!(m.submit(&app, &who, &id).await.status, 200);
        m.review(&app, "pp1.a", &id, 95.0).await;
        let decided = m.decide(&app, "tp.a", &id, 15, 95.0, None).await;
        assert_eq!(decided.status, 200, "{}", decided.text());
        assert_eq!(decided.json()["rank_final"], "A");
    }
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{}/summary?period=2026-11", m.district.id),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    let over = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["quota"]["over_quota"] == true)
        .count();
    assert_eq!(over, 1, "{summary}");
    let jobs = JobContext::new(&app.config, Mailer::new(None, "a@b.c").unwrap());
    tick(&app, &jobs, at("2026-11-22T11:00:00+07:00"));
    tick(&app, &jobs, at("2026-11-23T11:00:00+07:00"));
    let head: Vec<(String, i64, String)> = notifications_of(&app, m.people["ct.q"].id)
        .into_iter()
        .filter(|(c, _, _)| c == "group_over_quota")
        .collect();
    assert_eq!(
        head,
        [(
            "group_over_quota".to_owned(),
            0,
            "1 nhóm vượt chỉ tiêu loại A tháng 11/2026".to_owned()
        )]
    );
}

#[actix_web::test]
async fn a_session_opened_with_a_one_time_password_ends_when_it_expires() {
    let (app, m) = setup().await;
    let hash = api::auth::password::hash("Mat-khau-1-lan").unwrap();
    let account = persistence::queries::accounts::create(
        &mut app.conn(),
        &persistence::models::accounts::NewAccount {
            username: "moi.q",
            password_hash: &hash,
            person_id: None,
            must_change_password: true,
        },
        &[],
    )
    .unwrap();
    let token = app.tokens("moi.q", "Mat-khau-1-lan").await.0;
    let me = app.get_with_token("/api/v1/me", &token).await;
    assert_eq!(me.status, 200, "{}", me.text());
    // Three days later the one-time password has expired; the clean-up ends its session.
    execute(
        &app,
        &format!(
            "UPDATE accounts SET created_at = now() - interval '73 hours' WHERE id = '{}'; \
             UPDATE scheduled_jobs SET next_run_at = CASE WHEN name = 'cleanup' \
               THEN '2000-01-01T00:00:00Z'::timestamptz ELSE '2100-01-01T00:00:00Z'::timestamptz END",
            account.id
        ),
    );
    let jobs = JobContext::new(&app.config, Mailer::new(None, "a@b.c").unwrap());
    let now = Utc::now();
    let ran = scheduler::tick(&app.pool, &jobs, "replica", now, now).unwrap();
    assert_eq!(ran.len(), 1);
    assert!(
        ran[0]
            .message
            .contains("1 phiên đăng nhập bằng mật khẩu dùng một lần"),
        "{:?}",
        ran[0]
    );
    app.get_with_token("/api/v1/me", &token)
        .await
        .problem(401, "unauthorized");
    // Someone who changed their password keeps their sessions.
    let kept = app.get_with_token("/api/v1/me", &m.tokens["nv01"]).await;
    assert_eq!(kept.status, 200);
}
