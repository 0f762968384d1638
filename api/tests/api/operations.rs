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
