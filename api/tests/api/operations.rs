//! Health, metrics, request IDs, OpenAPI and Swagger UI.

use actix_web::http::StatusCode;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn health_probes_answer() {
    let app = spawn_app().await;
    let live = app
        .send(app.client.get(app.url("/health/live")), None)
        .await;
    assert_eq!(
        (live.status, live.json()["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let ready = app
        .send(app.client.get(app.url("/health/ready")), None)
        .await;
    assert_eq!(ready.status, StatusCode::OK);
}

#[actix_web::test]
async fn metrics_count_requests_in_prometheus_text() {
    let app = spawn_app().await;
    app.send(app.client.get(app.url("/health/live")), None)
        .await;
    let metrics = app.send(app.client.get(app.url("/metrics")), None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.text();
    assert!(text.contains("danhgia_http_requests_total{"), "{text}");
    assert!(
        text.contains("danhgia_http_requests_duration_seconds_bucket{"),
        "{text}"
    );
    assert!(text.contains("endpoint=\"/health/live\""), "{text}");
}

#[actix_web::test]
async fn every_answer_carries_a_request_id() {
    let app = spawn_app().await;
    let answer = app
        .send(app.client.get(app.url("/health/live")), None)
        .await;
    let id = answer
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

#[actix_web::test]
async fn serves_the_openapi_document_and_swagger_ui() {
    let app = spawn_app().await;
    let document = app
        .send(app.client.get(app.url("/api-docs/openapi.json")), None)
        .await
        .json();
    assert!(document["paths"]["/api/v1/auth/login"]["post"].is_object());
    assert_eq!(
        document["components"]["securitySchemes"]["bearer_auth"]["scheme"],
        "bearer"
    );

    let ui = app
        .send(app.client.get(app.url("/swagger-ui/")), None)
        .await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(ui.text().contains("swagger-ui"));
    let redirect = app.send(app.client.get(app.url("/swagger-ui")), None).await;
    assert!(redirect.status.is_redirection());
}

/// `openapi.yaml` at the root is what the code generates (regenerate: `scripts/openapi`).
#[test]
fn openapi_yaml_is_in_sync_with_the_code() {
    let generated = api::openapi::yaml().unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"))
            .unwrap_or_default();
    assert!(
        generated == committed,
        "openapi.yaml is out of date: run scripts/openapi and commit the result"
    );
}

/// A row changed behind the application's back breaks the chain, and verification says where.
#[actix_web::test]
async fn audit_verification_detects_a_row_changed_in_the_database() {
    use diesel::prelude::*;

    let app = spawn_app().await;
    let f = crate::fixture::build(&app);
    let (operator, _) = app.tokens("operator", crate::fixture::PASSWORD).await;
    for name in ["Phòng A1", "Phòng A2", "Phòng A3"] {
        let path = format!("/api/v1/units/{}", f.q1a.id);
        let answer = app
            .call(
                "PATCH",
                &path,
                &operator,
                Some(serde_json::json!({"name": name})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let intact = app
        .get_with_token("/api/v1/audit/verify", &operator)
        .await
        .json();
    assert_eq!(
        (intact["intact"].as_bool(), intact["rows_checked"].as_i64()),
        (Some(true), Some(3))
    );

    // The table refuses updates; a tamperer with superuser rights must disable the trigger.
    let conn = &mut app.conn();
    let refused = diesel::sql_query("UPDATE audit_log SET action = 'x'").execute(conn);
    assert!(refused.is_err());
    diesel::sql_query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
        .execute(conn)
        .unwrap();
    let second: i64 = diesel::sql_query("SELECT id FROM audit_log ORDER BY id OFFSET 1 LIMIT 1")
        .get_result::<IdRow>(conn)
        .unwrap()
        .id;
    diesel::sql_query(format!("UPDATE audit_log SET after = jsonb_set(after, '{{name}}', '\"Phòng giả\"') WHERE id = {second}"))
        .execute(conn)
        .unwrap();
    let broken = app
        .get_with_token("/api/v1/audit/verify", &operator)
        .await
        .json();
    assert_eq!(broken["intact"], false);
    assert_eq!(broken["first_broken_id"], second);

    // Only operators may run it; others learn nothing.
    let (admin, _) = app.tokens("ua.q1", crate::fixture::PASSWORD).await;
    app.get_with_token("/api/v1/audit/verify", &admin)
        .await
        .problem(404, "not_found");
}

/// Reading the trail is scoped: the operator all, a unit admin its subtree, staff nothing.
#[actix_web::test]
async fn reading_the_audit_trail_is_scoped() {
    let app = spawn_app().await;
    let f = crate::fixture::build(&app);
    let (operator, _) = app.tokens("operator", crate::fixture::PASSWORD).await;
    for (unit, name) in [(f.q1a.id, "Phòng A mới"), (f.q2.id, "Quận 2 mới")] {
        let answer = app
            .call(
                "PATCH",
                &format!("/api/v1/units/{unit}"),
                &operator,
                Some(serde_json::json!({"name": name})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let all = app
        .get_with_token("/api/v1/audit?entity=unit", &operator)
        .await
        .json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        all["items"][0]["after"]["name"], "Quận 2 mới",
        "newest first"
    );

    let (admin, _) = app.tokens("ua.q1", crate::fixture::PASSWORD).await;
    let mine = app.get_with_token("/api/v1/audit", &admin).await.json();
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [f.q1a.id.to_string()]);
    let (staff, _) = app.tokens("staff.a", crate::fixture::PASSWORD).await;
    app.get_with_token("/api/v1/audit", &staff)
        .await
        .problem(404, "not_found");
}

#[derive(diesel::QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// Every property an object schema requires is in the answer, recursively through `$ref`s,
/// arrays and `oneOf`/`anyOf` (the first that fits); returns the paths of the missing ones.
fn missing_required(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Vec<String> {
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    let mut missing = Vec::new();
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                missing.push(format!("{at}.{name}"));
            }
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(v) = object.get(name) {
                missing.extend(missing_required(doc, property, v, &format!("{at}.{name}")));
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            missing.extend(missing_required(doc, items, v, &format!("{at}[{i}]")));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options
                .iter()
                .map(|o| missing_required(doc, o, value, at))
                .find(Vec::is_empty);
            if fits.is_none() && !value.is_null() {
                missing.push(format!("{at} (no {key} option fits)"));
            }
        }
    }
    missing
}

#[actix_web::test]
async fn me_answers_what_its_schema_promises() {
    let app = spawn_app().await;
    crate::fixture::build(&app);
    let doc = app
        .send(app.client.get(app.url("/api-docs/openapi.json")), None)
        .await
        .json();
    let schema = &doc["paths"]["/api/v1/me"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert!(!schema.is_null());
    for who in ["staff.a", "operator"] {
        let (token, _) = app.tokens(who, crate::fixture::PASSWORD).await;
        let me = app.get_with_token("/api/v1/me", &token).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text());
        let missing = missing_required(&doc, schema, &me.json(), "me");
        assert!(missing.is_empty(), "{who}: missing {missing:?}");
    }
}
