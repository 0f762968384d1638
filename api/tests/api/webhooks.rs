//! Webhooks for HR systems (issue 12): a real HTTP receiver on loopback verifies each
//! signature; one that fails twice and then answers 200 gets the event once more; events exist
//! exactly when their change committed; a client limited to a unit hears only of that subtree.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use api::jobs::mailer::Mailer;
use api::jobs::scheduler::{self, JobContext};
use chrono::{DateTime, Duration, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::fixture::unit;
use crate::helpers::{TestApp, spawn_app};
use crate::monthly::build;

/// What the receiver saw of one request.
#[derive(Debug, Clone)]
struct Received {
    delivery: String,
    event: String,
    signature_valid: bool,
    answered: u16,
    body: Value,
}

#[derive(Default)]
struct Receiver {
    secret: Mutex<String>,
    /// How many requests to refuse with 500 before answering 200.
    failures_left: Mutex<u32>,
    received: Mutex<Vec<Received>>,
}

/// Checks `t=…,v1=…` as a receiver would: HMAC-SHA256 of "<t>.<body>" with the secret.
fn valid(secret: &str, header: &str, body: &[u8]) -> bool {
    let Some((t, v1)) = header
        .split_once(',')
        .and_then(|(t, v)| Some((t.strip_prefix("t=")?, v.strip_prefix("v1=")?)))
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == v1
}

async fn receive(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<Receiver>,
) -> HttpResponse {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let secret = state.secret.lock().unwrap().clone();
    let mut failures = state.failures_left.lock().unwrap();
    let answered = if *failures > 0 {
        *failures -= 1;
        500
    } else {
        200
    };
    state.received.lock().unwrap().push(Received {
        delivery: header("x-danhgia-delivery"),
        event: header("x-danhgia-event"),
        signature_valid: valid(&secret, &header("x-danhgia-signature"), &body),
        answered,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(answered).unwrap()).finish()
}

fn start_receiver(state: web::Data<Receiver>) -> u16 {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/hooks", web::post().to(receive))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    actix_web::rt::spawn(server.run());
    port
}

/// One scheduler tick at `now`, off the test's thread (the receiver answers meanwhile).
async fn tick(app: &TestApp, jobs: &Arc<JobContext>, now: DateTime<Utc>) -> Vec<scheduler::Ran> {
    let (pool, jobs) = (app.pool.clone(), jobs.clone());
    actix_web::rt::task::spawn_blocking(move || {
        scheduler::tick(&pool, &jobs, "replica", now, now).unwrap()
    })
    .await
    .unwrap()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(&mut app.conn())
        .unwrap()
        .n
}

#[actix_web::test]
async fn a_receiver_failing_twice_gets_each_event_once_more_signed() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let other_district = unit(
        &mut app.conn(),
        "Q2",
        "district",
        "government",
        Some(
            &persistence::queries::org::unit(&mut app.conn(), m.district.parent_id.unwrap())
                .unwrap(),
        ),
    );
    let operator = &m.tokens["quantri.q"];
    let client = |client_id: &str, scopes: Value, unit_id: Option<uuid::Uuid>| {
        let body = json!({"client_id": client_id, "name": client_id, "scopes": scopes, "unit_id": unit_id});
        let app = &app;
        async move {
            let created = app
                .call("POST", "/api/v1/service-clients", operator, Some(body))
                .await;
            assert_eq!(created.status, 201, "{}", created.text());
            created.json()["client"]["id"].as_str().unwrap().to_owned()
        }
    };
    let hr = client("hrm-quan", json!(["results_read", "org_read"]), None).await;
    let elsewhere = client("hrm-q2", json!(["results_read"]), Some(other_district.id)).await;

    let state = web::Data::new(Receiver::default());
    *state.failures_left.lock().unwrap() = 2;
    let port = start_receiver(state.clone());
    let url = format!("http://127.0.0.1:{port}/hooks");

    // Subscriptions, checked: an address, known events, the scopes they need, operators only.
    for (body, code) in [
        (
            json!({"url": "ftp://x.example/hooks", "events": ["unit.published"]}),
            "validation_failed",
        ),
        (
            json!({"url": url, "events": ["evaluation.deleted"]}),
            "validation_failed",
        ),
    ] {
        app.call(
            "POST",
            &format!("/api/v1/service-clients/{hr}/webhooks"),
            operator,
            Some(body),
        )
        .await
        .problem(422, code);
    }
    let refused = app
        .call(
            "POST",
            &format!("/api/v1/service-clients/{elsewhere}/webhooks"),
            operator,
            Some(json!({"url": url, "events": ["person.transferred"]})),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(refused["errors"][0]["code"], "scope_missing", "{refused}");
    app.call(
        "POST",
        &format!("/api/v1/service-clients/{hr}/webhooks"),
        &m.tokens["nv01"],
        Some(json!({"url": url, "events": ["unit.published"]})),
    )
    .await
    .problem(403, "forbidden");
    let created = app
        .call(
            "POST",
            &format!("/api/v1/service-clients/{hr}/webhooks"),
            operator,
            Some(json!({"url": url, "events": ["evaluation.decided", "person.transferred", "evaluation.decided"]})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let created = created.json();
    let subscription = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created["events"],
        json!(["evaluation.decided", "person.transferred"])
    );
    *state.secret.lock().unwrap() = created["secret"].as_str().unwrap().to_owned();
    let outside = app
        .call(
            "POST",
            &format!("/api/v1/service-clients/{elsewhere}/webhooks"),
            operator,
            Some(json!({"url": url, "events": ["evaluation.decided"]})),
        )
        .await;
    assert_eq!(outside.status, 201, "{}", outside.text());
    let listed = app
        .get_with_token(&format!("/api/v1/service-clients/{hr}/webhooks"), operator)
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is shown once"
    );

    // A decision: one event, one delivery (the client of the other district hears nothing).
    let id = m.self_assess(&app, "nv01", 92.0).await;
    assert_eq!(m.submit(&app, "nv01", &id).await.status, 200);
    m.review(&app, "pp1.a", &id, 92.0).await;
    // A refused change writes no event.
    let stale = app
        .call(
            "PUT",
            &format!("/api/v1/evaluations/{id}/decision"),
            &m.tokens["tp.a"],
            Some(json!({"scores": [], "comment": "x"})),
        )
        .await;
    assert_eq!(stale.status, 428, "{}", stale.text());
    assert_eq!(count(&app, "SELECT count(*) AS n FROM webhook_events"), 0);
    let decided = m.decide(&app, "tp.a", &id, 15, 92.0, None).await;
    assert_eq!(decided.status, 200, "{}", decided.text());
    assert_eq!(count(&app, "SELECT count(*) AS n FROM webhook_events"), 1);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM webhook_deliveries"),
        1
    );

    // Delivery: refused twice (500), retried after 30 s and 1 min, then accepted, once.
    app.conn()
        .batch_execute("UPDATE scheduled_jobs SET next_run_at = '2100-01-01T00:00:00Z' WHERE name <> 'webhooks'")
        .unwrap();
    let jobs = Arc::new(JobContext::new(
        &app.config,
        Mailer::new(None, "a@b.c").unwrap(),
    ));
    let t0 = Utc::now() + Duration::seconds(1);
    let ran = tick(&app, &jobs, t0).await;
    assert_eq!(ran.len(), 1);
    assert!(
        ran[0]
            .message
            .starts_with("0 sự kiện đã chuyển, 1 sẽ chuyển lại"),
        "{:?}",
        ran[0]
    );
    assert_eq!(state.received.lock().unwrap().len(), 1);
    tick(&app, &jobs, t0 + Duration::seconds(31)).await;
    tick(&app, &jobs, t0 + Duration::seconds(95)).await;
    tick(&app, &jobs, t0 + Duration::seconds(400)).await;
    let received = state.received.lock().unwrap().clone();
    assert_eq!(
        received.iter().map(|r| r.answered).collect::<Vec<_>>(),
        [500, 500, 200],
        "{received:?}"
    );
    assert!(received.iter().all(|r| r.signature_valid), "{received:?}");
    assert!(received.iter().all(|r| r.delivery == received[0].delivery));
    let event = &received[2];
    assert_eq!(event.event, "evaluation.decided");
    assert_eq!(event.body["event"], "evaluation.decided");
    assert_eq!(event.body["data"]["evaluation"]["id"], id);
    assert_eq!(event.body["data"]["evaluation"]["rank"], "A");
    assert_eq!(event.body["data"]["person"]["full_name"], "Chuyên viên 01");
    assert!(!valid("sai", &format!("t=1,v1={}", "0".repeat(64)), b"{}"));

    // The log shows the three attempts.
    let log = app
        .get_with_token(
            &format!("/api/v1/webhooks/{subscription}/deliveries"),
            operator,
        )
        .await;
    assert_eq!(log.status, 200, "{}", log.text());
    let log = log.json();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            log[0]["status"].as_str(),
            log[0]["attempts"].as_i64(),
            log[0]["last_status_code"].as_i64()
        ),
        (Some("delivered"), Some(3), Some(200))
    );
    assert_eq!(count(&app, "SELECT count(*) AS n FROM webhook_attempts"), 3);

    // A transfer is an event too; after the subscription ends nothing more is sent.
    let moved = app
        .call(
            "POST",
            &format!("/api/v1/people/{}/transfer", m.people["nv19"].id),
            operator,
            Some(json!({"unit_id": m.district.id, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}})),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    tick(&app, &jobs, t0 + Duration::seconds(500)).await;
    let last = state.received.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last.event, "person.transferred");
    assert_eq!(
        last.body["data"]["to_unit"]["id"],
        m.district.id.to_string()
    );
    assert!(last.signature_valid);
    // A client that lost the scope an event needs is not sent it.
    let deliveries = count(&app, "SELECT count(*) AS n FROM webhook_deliveries");
    app.conn()
        .batch_execute(&format!(
            "UPDATE service_clients SET scopes = ARRAY['org_read'] WHERE id = '{hr}'"
        ))
        .unwrap();
    let id3 = m.self_assess(&app, "nv03", 80.0).await;
    assert_eq!(m.submit(&app, "nv03", &id3).await.status, 200);
    m.review(&app, "pp1.a", &id3, 80.0).await;
    assert_eq!(
        m.decide(&app, "tp.a", &id3, 15, 80.0, None).await.status,
        200
    );
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM webhook_deliveries"),
        deliveries
    );
    let ended = app
        .call(
            "DELETE",
            &format!("/api/v1/webhooks/{subscription}"),
            operator,
            None,
        )
        .await;
    assert_eq!(ended.status, 204, "{}", ended.text());
    let before = state.received.lock().unwrap().len();
    let id2 = m.self_assess(&app, "nv02", 80.0).await;
    assert_eq!(m.submit(&app, "nv02", &id2).await.status, 200);
    m.review(&app, "pp1.a", &id2, 80.0).await;
    assert_eq!(
        m.decide(&app, "tp.a", &id2, 15, 80.0, None).await.status,
        200
    );
    tick(&app, &jobs, t0 + Duration::seconds(600)).await;
    assert_eq!(state.received.lock().unwrap().len(), before);
}
