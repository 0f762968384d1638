//! Accounts: creation, roles, the one admin per unit, restriction, extension, revocation and
//! password reset, each audited.

use actix_web::http::StatusCode;
use persistence::queries::audit;
use serde_json::json;

use crate::fixture::{self, PASSWORD};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_bloc_admin_issues_the_one_admin_account_of_a_unit_by_decision() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (bloc_admin, _) = app.tokens("khoi.cq", PASSWORD).await;

    let without_decision = app
        .call("POST", "/api/v1/accounts", &bloc_admin, Some(json!({"username": "quantri.q1a", "roles": [{"role": "unit_admin", "unit_id": f.q1a.id}]})))
        .await;
    assert_eq!(
        without_decision.problem(422, "validation_failed")["errors"][0]["code"],
        "decision_required"
    );

    let body = json!({"username": "quantri.q1a", "holder_person_id": f.head_a.id,
        "roles": [{"role": "unit_admin", "unit_id": f.q1a.id, "decision_number": "15/QĐ-UBND", "decision_date": "2026-11-02"}]});
    let created = app
        .call("POST", "/api/v1/accounts", &bloc_admin, Some(body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let created = created.json();
    assert_eq!(
        created["account"]["roles"][0]["decision_number"],
        "15/QĐ-UBND"
    );
    assert_eq!(created["account"]["must_change_password"], true);
    let password = created["one_time_password"].as_str().unwrap().to_owned();
    assert_eq!(
        app.login("quantri.q1a", &password).await.json()["must_change_password"],
        true
    );

    let second = json!({"username": "quantri2.q1a",
        "roles": [{"role": "unit_admin", "unit_id": f.q1a.id, "decision_number": "16/QĐ-UBND", "decision_date": "2026-11-03"}]});
    app.call("POST", "/api/v1/accounts", &bloc_admin, Some(second))
        .await
        .problem(409, "unit_admin_exists");

    // The party bloc's admin may not issue government units' admin accounts.
    let (party_admin, _) = app.tokens("khoi.dang", PASSWORD).await;
    let foreign = json!({"username": "quantri.q2b", "roles": [{"role": "unit_admin", "unit_id": f.q2.id, "decision_number": "1", "decision_date": "2026-11-03"}]});
    app.call("POST", "/api/v1/accounts", &party_admin, Some(foreign))
        .await
        .problem(403, "forbidden");
    // A unit admin grants aggregators in its subtree, not admins.
    let (unit_admin, _) = app.tokens("ua.q1", PASSWORD).await;
    let aggregator = app.call("POST", "/api/v1/accounts", &unit_admin, Some(json!({"username": "tonghop.q1a", "roles": [{"role": "aggregator", "unit_id": f.q1a.id}]}))).await;
    assert_eq!(
        aggregator.status,
        StatusCode::CREATED,
        "{}",
        aggregator.text()
    );
    let operator_grant = json!({"username": "op2", "roles": [{"role": "operator"}]});
    app.call(
        "POST",
        "/api/v1/accounts",
        &unit_admin,
        Some(operator_grant),
    )
    .await
    .problem(403, "forbidden");
}

#[actix_web::test]
async fn restricting_revoking_extending_and_resetting_take_effect_at_once() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (admin, _) = app.tokens("ua.q1", PASSWORD).await;
    let (staff, staff_refresh) = app.tokens("staff.a", PASSWORD).await;
    let path = format!("/api/v1/accounts/{}", f.staff_a_account);

    let listed = app
        .get_with_token("/api/v1/accounts?q=staff", &admin)
        .await
        .json();
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["staff.a"],
        "a unit admin sees its own people's accounts only"
    );

    let restricted = app
        .call(
            "PATCH",
            &path,
            &admin,
            Some(json!({"status": "restricted", "status_reason": "Nghỉ phép dài hạn"})),
        )
        .await;
    assert_eq!(restricted.json()["account"]["status"], "restricted");
    app.get_with_token("/api/v1/me", &staff)
        .await
        .problem(401, "unauthorized");
    app.post_json(
        "/api/v1/auth/refresh",
        &json!({"refresh_token": staff_refresh}),
    )
    .await
    .problem(401, "invalid_refresh_token");
    app.login("staff.a", PASSWORD)
        .await
        .problem(403, "account_disabled");

    app.call("PATCH", &path, &admin, Some(json!({"status": "active"})))
        .await;
    let (expired, _) = app.tokens("staff.a", PASSWORD).await;

    // Validity: an account past its end date stops working; extending it restores it.
    app.call(
        "PATCH",
        &path,
        &admin,
        Some(json!({"valid_until": "2020-01-01T00:00:00+07:00"})),
    )
    .await;
    app.get_with_token("/api/v1/me", &expired)
        .await
        .problem(401, "unauthorized");
    app.login("staff.a", PASSWORD)
        .await
        .problem(403, "account_disabled");
    let extended = app
        .call(
            "PATCH",
            &path,
            &admin,
            Some(json!({"valid_until": "2099-12-31T23:59:59+07:00"})),
        )
        .await;
    assert_eq!(extended.status, StatusCode::OK);
    assert_eq!(
        app.get_with_token("/api/v1/me", &expired).await.status,
        StatusCode::OK
    );

    // Reset: a one-time password shown once, the old one and the old sessions gone.
    let reset = app
        .call(
            "PATCH",
            &path,
            &admin,
            Some(json!({"reset_password": true})),
        )
        .await
        .json();
    let one_time = reset["one_time_password"].as_str().unwrap().to_owned();
    app.get_with_token("/api/v1/me", &expired)
        .await
        .problem(401, "unauthorized");
    app.login("staff.a", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(
        app.login("staff.a", &one_time).await.json()["must_change_password"],
        true
    );
    let again = app
        .call("PATCH", &path, &admin, Some(json!({"status_reason": "x"})))
        .await
        .json();
    assert!(again.get("one_time_password").is_none());

    app.call("PATCH", &path, &admin, Some(json!({"status": "revoked"})))
        .await;
    app.login("staff.a", &one_time)
        .await
        .problem(403, "account_disabled");

    let entries =
        audit::for_entity(&mut app.conn(), "account", &f.staff_a_account.to_string()).unwrap();
    assert!(entries.len() >= 7, "{}", entries.len());
    assert!(entries.iter().any(|e| e.action == "account.password_reset"));
    // The audit trail never holds a password.
    assert!(
        entries
            .iter()
            .all(|e| !e.after.as_ref().unwrap().to_string().contains(&one_time))
    );
}
