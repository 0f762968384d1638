//! Service clients: management by operators, `POST /auth/token`, scopes, revocation, and the
//! audit entry of every call made with a service token.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use persistence::schema::{audit_log, people};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::imports::{CSV, account_with_roles, create_org, csv, import, upload};

/// Creates a client through the API as `operator`; returns (id, client_id, secret).
async fn create_client(
    app: &TestApp,
    operator: &str,
    client_id: &str,
    scopes: Value,
    unit_id: Option<Uuid>,
) -> (Uuid, String) {
    let answer = app
        .post_json_with_token(
            "/api/v1/service-clients",
            operator,
            json!({"client_id": client_id, "name": "Phần mềm nhân sự", "scopes": scopes, "unit_id": unit_id}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["client"]["client_id"], client_id);
    assert_eq!(body["client"]["status"], "active");
    assert!(body["client"].get("secret_hash").is_none());
    let secret = body["client_secret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 40);
    (
        body["client"]["id"].as_str().unwrap().parse().unwrap(),
        secret,
    )
}

async fn service_token(app: &TestApp, client_id: &str, secret: &str) -> crate::helpers::Answer {
    app.post_json(
        "/api/v1/auth/token",
        &json!({"client_id": client_id, "client_secret": secret}),
    )
    .await
}

fn api_calls(app: &TestApp, client: Uuid) -> Vec<(Option<Uuid>, Value)> {
    audit_log::table
        .filter(audit_log::action.eq("api_call"))
        .filter(audit_log::entity.eq("service_client"))
        .filter(audit_log::entity_id.eq(client.to_string()))
        .order(audit_log::id)
        .select((audit_log::actor_client_id, audit_log::after))
        .load::<(Option<Uuid>, Option<Value>)>(&mut app.trail_conn())
        .unwrap()
        .into_iter()
        .map(|(actor, after)| (actor, after.unwrap()))
        .collect()
}

#[actix_web::test]
async fn a_client_signs_in_with_its_secret_and_every_call_is_audited() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let (id, secret) = create_client(
        &app,
        &operator,
        "hrm-hoankiem",
        json!(["org_read", "org_write"]),
        Some(org.hk),
    )
    .await;

    let answer = service_token(&app, "hrm-hoankiem", &secret).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let token = body["access_token"].as_str().unwrap().to_owned();
    // It imports into its subtree, not outside it.
    let job = import(
        &app,
        &token,
        CSV,
        csv(&["HRM-1,Nguyễn Thị Lan,,HK-NV,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let outside = import(
        &app,
        &token,
        CSV,
        csv(&["HRM-2,Nguyễn Thị Mai,,BD,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(outside["errors"][0]["code"], "unknown_unit");
    let created_by_client: i64 = audit_log::table
        .filter(audit_log::action.eq("create"))
        .filter(audit_log::entity.eq("person"))
        .filter(audit_log::actor_client_id.eq(id))
        .count()
        .get_result(&mut app.trail_conn())
        .unwrap();
    assert_eq!(created_by_client, 1);

    // Every call made with the token is in the audit trail, with its method, path and status.
    let calls = api_calls(&app, id);
    assert!(calls.iter().all(|(actor, _)| *actor == Some(id)));
    let first = &calls[0].1;
    assert_eq!(
        (&first["method"], &first["path"], &first["status"]),
        (
            &json!("POST"),
            &json!("/api/v1/imports/people"),
            &json!(202)
        )
    );
    assert!(
        calls
            .iter()
            .any(|(_, c)| c["method"] == "GET" && c["status"] == 200)
    );
    // The operator's own calls are not api_call entries.
    let all_calls: i64 = audit_log::table
        .filter(audit_log::action.eq("api_call"))
        .count()
        .get_result(&mut app.trail_conn())
        .unwrap();
    assert_eq!(all_calls as usize, calls.len());

    // A service token is no person's: where a person must sign in, it is refused.
    app.get_with_token("/api/v1/me", &token)
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn wrong_secret_unknown_client_and_revoked_client_get_401() {
    let app = spawn_app().await;
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let (id, secret) = create_client(&app, &operator, "hrm-test", json!(["org_read"]), None).await;

    let wrong = service_token(&app, "hrm-test", "not-the-secret")
        .await
        .problem(401, "invalid_credentials");
    let unknown = service_token(&app, "nobody", &secret)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(wrong, unknown);
    let token = service_token(&app, "hrm-test", &secret).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let answer = app
        .send(
            app.client
                .patch(app.url(&format!("/api/v1/service-clients/{id}")))
                .bearer_auth(&operator),
            Some(&json!({"status": "revoked"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["status"], "revoked");

    service_token(&app, "hrm-test", &secret)
        .await
        .problem(401, "invalid_credentials");
    // A token issued before the revocation stops working at once.
    app.get_with_token(&format!("/api/v1/imports/{}", Uuid::new_v4()), &token)
        .await
        .problem(401, "unauthorized");
    let revoked: i64 = audit_log::table
        .filter(audit_log::entity.eq("service_client"))
        .filter(audit_log::entity_id.eq(id.to_string()))
        .filter(audit_log::action.eq("update"))
        .count()
        .get_result(&mut app.trail_conn())
        .unwrap();
    assert_eq!(revoked, 1);
}

#[actix_web::test]
async fn org_read_alone_may_not_import() {
    let app = spawn_app().await;
    create_org(&app);
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let (id, secret) = create_client(&app, &operator, "hrm-doc", json!(["org_read"]), None).await;
    let token = service_token(&app, "hrm-doc", &secret).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    upload(
        &app,
        &token,
        CSV,
        csv(&["HRM-1,Nguyễn Thị Lan,,HK-NV,staff,Chuyên viên,15"]),
    )
    .await
    .problem(404, "not_found");
    let stored: i64 = people::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(stored, 0);
    let calls = api_calls(&app, id);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1["status"], 404);
    assert_eq!(calls[0].1["path"], "/api/v1/imports/people");
}

#[actix_web::test]
async fn only_operators_manage_service_clients() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, admin) =
        account_with_roles(&app, "quantri.hk", &[("unit_admin", Some(org.hk), None)]).await;
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    app.get_with_token("/api/v1/service-clients", &admin)
        .await
        .problem(403, "forbidden");
    app.post_json_with_token(
        "/api/v1/service-clients",
        &admin,
        json!({"client_id": "hrm-x", "name": "X", "scopes": ["org_read"]}),
    )
    .await
    .problem(403, "forbidden");

    create_client(&app, &operator, "hrm-a", json!(["export"]), None).await;
    app.post_json_with_token(
        "/api/v1/service-clients",
        &operator,
        json!({"client_id": "hrm-a", "name": "A again", "scopes": ["org_read"]}),
    )
    .await
    .problem(409, "conflict");
    app.post_json_with_token(
        "/api/v1/service-clients",
        &operator,
        json!({"client_id": "hrm-b", "name": "B", "scopes": ["everything"]}),
    )
    .await
    .problem(422, "validation_failed");
    app.post_json_with_token(
        "/api/v1/service-clients",
        &operator,
        json!({"client_id": "hrm-c", "name": "C", "scopes": ["org_read"], "unit_id": Uuid::new_v4()}),
    )
    .await
    .problem(422, "validation_failed");

    let list = app
        .get_with_token("/api/v1/service-clients", &operator)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["scopes"], json!(["export"]));
    assert!(list[0].get("client_secret").is_none());
}
