//! Bad input answers a 4xx problem+json, never a 500; messages follow Accept-Language.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn malformed_json_is_a_400_problem() {
    let app = spawn_app().await;
    let answer = app
        .send(
            app.client
                .post(app.url("/api/v1/auth/login"))
                .content_type("application/json"),
            None,
        )
        .await;
    answer.problem(400, "malformed_body");

    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .content_type("application/json");
    let mut response = request.send_body("{\"username\": \"a\", ").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = serde_json::from_slice(&response.body().await.unwrap()).unwrap();
    assert_eq!(body["code"], "malformed_body");
}

#[actix_web::test]
async fn a_missing_field_or_wrong_type_names_the_field() {
    let app = spawn_app().await;
    let missing = app
        .post_json("/api/v1/auth/login", &json!({"username": "a"}))
        .await;
    let body = missing.problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["code"], "required");

    let wrong_type = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": 5, "password": "x"}),
        )
        .await;
    wrong_type.problem(422, "validation_failed");

    let empty = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "", "password": "x"}),
        )
        .await;
    let body = empty.problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "username");
    assert_eq!(body["errors"][0]["code"], "length");
}

#[actix_web::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = spawn_app().await;
    let huge = "x".repeat(app.config.max_json_bytes + 1);
    let answer = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": huge, "password": "x"}),
        )
        .await;
    answer.problem(413, "payload_too_large");
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = spawn_app().await;
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .content_type("text/plain");
    let mut response = request.send_body("username=a").await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: serde_json::Value = serde_json::from_slice(&response.body().await.unwrap()).unwrap();
    assert_eq!(body["code"], "unsupported_media_type");
}

#[actix_web::test]
async fn unknown_paths_are_a_404_problem() {
    let app = spawn_app().await;
    app.send(app.client.get(app.url("/api/v1/no-such-thing")), None)
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn messages_are_vietnamese_by_default_and_english_on_request() {
    let app = spawn_app().await;
    let body = json!({"username": "nobody", "password": "x"});
    let vi = app
        .post_json("/api/v1/auth/login", &body)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(vi["title"], "Sai thông tin đăng nhập");
    assert_eq!(vi["detail"], "Tên đăng nhập hoặc mật khẩu không đúng.");

    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .insert_header(("Accept-Language", "en-US,en;q=0.9"));
    let en = app
        .send(request, Some(&body))
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(en["title"], "Invalid credentials");
    assert_eq!(en["detail"], "The username or password is incorrect.");

    // Field messages follow too.
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .insert_header(("Accept-Language", "en"));
    let en = app
        .send(request, Some(&json!({"username": "", "password": "x"})))
        .await
        .problem(422, "validation_failed");
    assert_eq!(
        en["errors"][0]["message"],
        "Length must be between 1 and 64 characters."
    );
}

/// The exact shape integrators rely on (API.md): no other keys, `errors` only when there are.
#[actix_web::test]
async fn the_problem_shape_is_pinned() {
    let app = spawn_app().await;
    let answer = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "nobody", "password": "x"}),
        )
        .await;
    assert_eq!(
        answer.json(),
        json!({
            "type": "/problems/invalid_credentials",
            "title": "Sai thông tin đăng nhập",
            "status": 401,
            "code": "invalid_credentials",
            "detail": "Tên đăng nhập hoặc mật khẩu không đúng."
        })
    );
    let answer = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "", "password": "x"}),
        )
        .await;
    assert_eq!(
        answer.json(),
        json!({
            "type": "/problems/validation_failed",
            "title": "Dữ liệu không hợp lệ",
            "status": 422,
            "code": "validation_failed",
            "detail": "Một số trường dữ liệu không hợp lệ; xem danh sách lỗi.",
            "errors": [{"field": "username", "code": "length", "message": "Độ dài phải từ 1 đến 64 ký tự."}]
        })
    );
}
