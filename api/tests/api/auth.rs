//! API.md "Authentication": login, lockout, tokens, refresh rotation, logout, password change.

use actix_web::http::StatusCode;
use api::auth::jwt::AccessClaims;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use diesel::prelude::*;
use persistence::schema::accounts;
use serde_json::json;

use crate::helpers::spawn_app;

const PASSWORD: &str = "Mat-khau-2026";

#[actix_web::test]
async fn login_returns_a_token_pair_that_opens_me() {
    let app = spawn_app().await;
    let id = app.create_account("nguyenvana", PASSWORD, false);

    let answer = app.login("NguyenVanA", PASSWORD).await; // usernames ignore case
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["must_change_password"], false);

    let me = app
        .get_with_token("/api/v1/me", body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["account"]["id"], id.to_string());
    assert_eq!(me["account"]["username"], "nguyenvana");
    assert_eq!(me["account"]["roles"], json!([]));
    assert!(me.get("person").is_none());
}

/// The SPA takes "this month" from /me, never from the browser's clock.
#[actix_web::test]
async fn me_tells_the_rules_time_and_its_month_in_hanoi_time() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, false);
    let (access, _) = app.tokens("nguyenvana", PASSWORD).await;

    let me = app.get_with_token("/api/v1/me", &access).await.json();
    assert_eq!(me["rules_now"], "2026-11-22T10:00:00+07:00");
    assert_eq!(me["current_period"], "2026-11");

    // 17:30 UTC on 30 November is already December in Hanoi.
    app.clock.set("2026-11-30T17:30:00Z".parse().unwrap());
    let me = app.get_with_token("/api/v1/me", &access).await.json();
    assert_eq!(me["rules_now"], "2026-12-01T00:30:00+07:00");
    assert_eq!(me["current_period"], "2026-12");
}

#[actix_web::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, false);

    let wrong = app
        .login("nguyenvana", "not-the-password")
        .await
        .problem(401, "invalid_credentials");
    let unknown = app
        .login("nobody", "not-the-password")
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(wrong, unknown);
}

#[actix_web::test]
async fn the_sixth_wrong_attempt_is_locked_and_so_is_the_right_password() {
    let app = spawn_app().await;
    let id = app.create_account("nguyenvana", PASSWORD, false);

    for _ in 0..5 {
        app.login("nguyenvana", "wrong-password-1")
            .await
            .problem(401, "invalid_credentials");
    }
    // Locked: the same answer as a wrong password, even for the right one (nothing tells an
    // attacker the account exists or is locked).
    let wrong = app
        .login("nguyenvana", "wrong-password-1")
        .await
        .problem(401, "invalid_credentials");
    let locked = app
        .login("nguyenvana", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(locked, wrong);
    let unknown = app
        .login("nobody", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(locked, unknown);

    // When the lock ends, the right password works again.
    diesel::update(accounts::table.find(id))
        .set(accounts::locked_until.eq(Utc::now() - chrono::Duration::seconds(1)))
        .execute(&mut app.conn())
        .unwrap();
    assert_eq!(
        app.login("nguyenvana", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn a_success_resets_the_failure_count() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, false);
    for _ in 0..4 {
        app.login("nguyenvana", "wrong-password-1")
            .await
            .problem(401, "invalid_credentials");
    }
    assert_eq!(
        app.login("nguyenvana", PASSWORD).await.status,
        StatusCode::OK
    );
    for _ in 0..4 {
        app.login("nguyenvana", "wrong-password-1")
            .await
            .problem(401, "invalid_credentials");
    }
    assert_eq!(
        app.login("nguyenvana", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn revoked_or_restricted_accounts_cannot_sign_in_or_use_their_tokens() {
    let app = spawn_app().await;
    let id = app.create_account("nguyenvana", PASSWORD, false);
    let (access, _) = app.tokens("nguyenvana", PASSWORD).await;

    diesel::update(accounts::table.find(id))
        .set(accounts::status.eq("restricted"))
        .execute(&mut app.conn())
        .unwrap();
    app.get_with_token("/api/v1/me", &access)
        .await
        .problem(401, "unauthorized");
    app.login("nguyenvana", PASSWORD)
        .await
        .problem(403, "account_disabled");
    // A wrong password still reveals nothing about the account's state.
    app.login("nguyenvana", "wrong-password-1")
        .await
        .problem(401, "invalid_credentials");
}

#[actix_web::test]
async fn missing_tampered_expired_foreign_and_unsigned_tokens_are_refused() {
    let app = spawn_app().await;
    let id = app.create_account("nguyenvana", PASSWORD, false);
    let (access, _) = app.tokens("nguyenvana", PASSWORD).await;

    let missing = app.send(app.client.get(app.url("/api/v1/me")), None).await;
    missing.problem(401, "unauthorized");
    assert_eq!(missing.headers.get("www-authenticate").unwrap(), "Bearer");

    let mut parts: Vec<String> = access.split('.').map(str::to_owned).collect();
    let claims: AccessClaims =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    assert_eq!(claims.sub, id);

    let mut extended = claims.clone();
    extended.exp += 3600;
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&extended).unwrap());
    app.get_with_token("/api/v1/me", &parts.join("."))
        .await
        .problem(401, "unauthorized");

    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    app.get_with_token("/api/v1/me", &format!("{none_header}.{}.", parts[1]))
        .await
        .problem(401, "unauthorized");

    let mut expired = claims.clone();
    expired.iat -= 7200;
    expired.exp = Utc::now().timestamp() - 60;
    let expired = app.jwt().sign_claims(&expired).unwrap();
    app.get_with_token("/api/v1/me", &expired)
        .await
        .problem(401, "unauthorized");

    let foreign = api::auth::jwt::JwtKeys::new(
        b"some-other-secret-some-other-secret",
        std::time::Duration::from_secs(900),
    )
    .sign_claims(&claims)
    .unwrap();
    app.get_with_token("/api/v1/me", &foreign)
        .await
        .problem(401, "unauthorized");

    // The genuine token still works: the refusals above were about the tokens, not the account.
    assert_eq!(
        app.get_with_token("/api/v1/me", &access).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, false);
    let (_, first) = app.tokens("nguyenvana", PASSWORD).await;

    let rotated = app
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": first}))
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text());
    let rotated = rotated.json();
    let second = rotated["refresh_token"].as_str().unwrap().to_owned();
    let access = rotated["access_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(
        app.get_with_token("/api/v1/me", &access).await.status,
        StatusCode::OK
    );

    // Reusing the spent token fails, and takes the newer token and its access token with it.
    app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": first}))
        .await
        .problem(401, "invalid_refresh_token");
    app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": second}))
        .await
        .problem(401, "invalid_refresh_token");
    app.get_with_token("/api/v1/me", &access)
        .await
        .problem(401, "unauthorized");

    // Other sessions of the same account are untouched.
    let (other_access, _) = app.tokens("nguyenvana", PASSWORD).await;
    assert_eq!(
        app.get_with_token("/api/v1/me", &other_access).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn unknown_refresh_tokens_are_refused() {
    let app = spawn_app().await;
    app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": "made-up"}))
        .await
        .problem(401, "invalid_refresh_token");
}

#[actix_web::test]
async fn logout_ends_the_session_and_its_access_tokens() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, false);
    let (access, refresh) = app.tokens("nguyenvana", PASSWORD).await;
    // The reads that check the session on the connection of their own work (CallerToken): an
    // account without a person has no evaluation, and an unknown one is out of scope.
    let mine = "/api/v1/evaluations/mine?period=2026-11";
    let unknown = format!("/api/v1/evaluations/{}", uuid::Uuid::new_v4());
    for path in [mine, unknown.as_str()] {
        app.get_with_token(path, &access)
            .await
            .problem(404, "not_found");
    }

    let answer = app
        .post_json("/api/v1/auth/logout", &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    app.get_with_token("/api/v1/me", &access)
        .await
        .problem(401, "unauthorized");
    for path in [mine, unknown.as_str()] {
        app.get_with_token(path, &access)
            .await
            .problem(401, "unauthorized");
    }
    app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": refresh}))
        .await
        .problem(401, "invalid_refresh_token");
    // Logging out again, or with an unknown token, reveals nothing.
    let again = app
        .post_json("/api/v1/auth/logout", &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn forced_password_change_at_first_sign_in() {
    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, true);
    let answer = app.login("nguyenvana", PASSWORD).await;
    assert_eq!(answer.json()["must_change_password"], true);
    let (access, _) = app.tokens("nguyenvana", PASSWORD).await;
    let (other_access, _) = app.tokens("nguyenvana", PASSWORD).await;

    // /me stays open so a client can show the change form.
    let me = app.get_with_token("/api/v1/me", &access).await;
    assert_eq!(me.json()["account"]["must_change_password"], true);

    let change = |current: &str, new: &str| {
        let body = json!({"current_password": current, "new_password": new});
        app.post_json_with_token("/api/v1/auth/password", &access, body)
    };
    let wrong = change("not-it", "Hà-Nội-2026-mới")
        .await
        .problem(422, "validation_failed");
    assert_eq!(wrong["errors"][0]["field"], "current_password");
    assert_eq!(wrong["errors"][0]["code"], "wrong_password");

    let weak = change(PASSWORD, "short")
        .await
        .problem(422, "validation_failed");
    assert_eq!(weak["errors"][0]["field"], "new_password");

    let done = change(PASSWORD, "Hà-Nội-2026-mới").await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text());

    let me = app.get_with_token("/api/v1/me", &access).await;
    assert_eq!(me.json()["account"]["must_change_password"], false);
    // Other sessions end; the old password no longer works, the new one does.
    app.get_with_token("/api/v1/me", &other_access)
        .await
        .problem(401, "unauthorized");
    app.login("nguyenvana", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(
        app.login("nguyenvana", "Hà-Nội-2026-mới").await.status,
        StatusCode::OK
    );
}

/// Routes other than /me and /auth/password take `CurrentUser`, which refuses a pending change.
#[actix_web::test]
async fn current_user_refuses_a_pending_password_change() {
    use actix_web::{App, HttpResponse, test, web};
    use api::auth::CurrentUser;
    use api::state::AppState;

    let app = spawn_app().await;
    app.create_account("nguyenvana", PASSWORD, true);
    app.create_account("tranthib", PASSWORD, false);
    let (pending, _) = app.tokens("nguyenvana", PASSWORD).await;
    let (ready, _) = app.tokens("tranthib", PASSWORD).await;

    let state = web::Data::new(
        AppState::new(app.pool.clone(), &app.config, api::clock::Clock::system()).unwrap(),
    );
    let service = test::init_service(App::new().app_data(state).route(
        "/probe",
        web::get().to(|user: CurrentUser| async move { HttpResponse::Ok().body(user.0.username) }),
    ))
    .await;
    let request = |token: &str| {
        test::TestRequest::get()
            .uri("/probe")
            .insert_header(("Authorization", format!("Bearer {token}")))
            .to_request()
    };
    let refused = test::call_service(&service, request(&pending)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = test::read_body_json(refused).await;
    assert_eq!(body["code"], "password_change_required");
    let allowed = test::call_service(&service, request(&ready)).await;
    assert_eq!(allowed.status(), StatusCode::OK);
}
