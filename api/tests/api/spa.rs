//! The built web app (STATIC_DIR) at `/`: files as they are, `index.html` for the app's own
//! routes, and the API's addresses untouched.

use actix_web::http::StatusCode;

use crate::helpers::{Answer, TestApp, spawn_app_with};

const INDEX: &str = "<!doctype html><title>Đánh giá</title><div id=\"root\"></div>";
const SCRIPT: &str = "console.log('x');";

/// A folder like a Vite build: index.html and assets/x.js; removed when dropped.
struct BuiltApp(std::path::PathBuf);

impl BuiltApp {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("danhgia-spa-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), INDEX).unwrap();
        std::fs::write(dir.join("assets/x.js"), SCRIPT).unwrap();
        Self(dir)
    }
}

impl Drop for BuiltApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn get(app: &TestApp, path: &str) -> Answer {
    app.send(app.client.get(app.url(path)), None).await
}

fn header<'a>(answer: &'a Answer, name: &str) -> &'a str {
    answer
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn assert_index(answer: &Answer, path: &str) {
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    assert!(answer.content_type.starts_with("text/html"), "{path}");
    assert_eq!(answer.text(), INDEX, "{path}");
    assert_eq!(header(answer, "cache-control"), "no-cache", "{path}");
    // The API's security headers reach the app too.
    assert_eq!(
        header(answer, "content-security-policy"),
        api::startup::CONTENT_SECURITY_POLICY,
        "{path}"
    );
    assert_eq!(header(answer, "x-frame-options"), "DENY", "{path}");
}

#[actix_web::test]
async fn the_app_is_served_at_the_root_and_its_routes_load_it() {
    let built = BuiltApp::new();
    let dir = built.0.clone();
    let app = spawn_app_with(move |config| config.static_dir = Some(dir)).await;

    for path in [
        "/",
        "/index.html",
        "/some/route",
        "/danh-gia/2026-11",
        "/assets",
    ] {
        assert_index(&get(&app, path).await, path);
    }

    let script = get(&app, "/assets/x.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.text(), SCRIPT);
    assert!(
        script.content_type.contains("javascript"),
        "{}",
        script.content_type
    );
    assert_eq!(
        header(&script, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&script, "x-content-type-options"), "nosniff");

    // A missing build file is a 404, not the page in its place, and is not cached for good.
    let missing = get(&app, "/assets/gone.js").await;
    missing.problem(404, "not_found");
    assert_eq!(header(&missing, "cache-control"), "");

    // The API's addresses keep their answers.
    get(&app, "/api/v1/nope").await.problem(404, "not_found");
    get(&app, "/api").await.problem(404, "not_found");
    get(&app, "/api/v1/me").await.problem(401, "unauthorized");
    let live = get(&app, "/health/live").await;
    assert_eq!(live.json()["status"], "ok");
    get(&app, "/health/nope").await.problem(404, "not_found");
    let docs = get(&app, "/api-docs/openapi.json").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.json()["paths"].is_object());
    let metrics = get(&app, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(!metrics.text().contains("<!doctype"));
    assert_eq!(get(&app, "/swagger-ui/").await.status, StatusCode::OK);
    assert_ne!(get(&app, "/swagger-ui/").await.text(), INDEX);

    // Only GET and HEAD reach the app; anything else is the API's 404.
    let post = app
        .send(app.client.post(app.url("/some/route")), None)
        .await;
    post.problem(404, "not_found");
}

#[actix_web::test]
async fn without_a_static_dir_the_root_is_a_404() {
    let app = crate::helpers::spawn_app().await;
    get(&app, "/").await.problem(404, "not_found");
    get(&app, "/some/route").await.problem(404, "not_found");
}
