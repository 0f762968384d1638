//! Units, people, posts, the evaluation chain and the hand-over (issue: organisation).

use actix_web::http::StatusCode;
use diesel::prelude::*;
use persistence::queries::{audit, org as org_queries};
use serde_json::{Value, json};

use crate::fixture::{self, PASSWORD, account, person};
use crate::helpers::{TestApp, spawn_app};

async fn token(app: &TestApp, username: &str) -> String {
    app.tokens(username, PASSWORD).await.0
}

#[actix_web::test]
async fn units_are_created_moved_within_their_bloc_and_deactivated_not_deleted() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let admin = token(&app, "ua.q1").await;

    let created = app
        .call("POST", "/api/v1/units", &admin, Some(json!({"code": "Q1-B", "name": "Phòng Tư pháp", "level": "department", "bloc": "government", "parent_id": f.q1.id})))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let b = created.json();
    assert_eq!(b["parent_id"], f.q1.id.to_string());
    assert_eq!(b["active"], true);

    // Codes are unique regardless of case.
    app.call("POST", "/api/v1/units", &admin, Some(json!({"code": "q1-b", "name": "x", "level": "department", "bloc": "government", "parent_id": f.q1.id})))
        .await
        .problem(409, "code_taken");
    // A unit admin cannot create outside its subtree, nor top-level units.
    let outside = app.call("POST", "/api/v1/units", &admin, Some(json!({"code": "Q2-X", "name": "x", "level": "department", "bloc": "government", "parent_id": f.q2.id}))).await;
    assert_eq!(
        outside.problem(422, "validation_failed")["errors"][0]["code"],
        "unknown_unit"
    );
    app.call(
        "POST",
        "/api/v1/units",
        &admin,
        Some(json!({"code": "ROOT", "name": "x", "level": "agency", "bloc": "government"})),
    )
    .await
    .problem(403, "forbidden");

    // Moves: into itself is a cycle; into another bloc is refused; within the bloc works.
    let operator = token(&app, "operator").await;
    let q1_path = format!("/api/v1/units/{}", f.q1.id);
    app.call(
        "PATCH",
        &q1_path,
        &operator,
        Some(json!({"parent_id": f.q1a.id})),
    )
    .await
    .problem(409, "cycle");
    let bloc = app
        .call(
            "PATCH",
            &q1_path,
            &operator,
            Some(json!({"parent_id": f.bd.id})),
        )
        .await;
    assert_eq!(
        bloc.problem(422, "validation_failed")["errors"][0]["code"],
        "bloc_mismatch"
    );
    let moved = app
        .call(
            "PATCH",
            &q1_path,
            &operator,
            Some(json!({"parent_id": f.q2.id})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    // The subtree moved with it: Q1-A now sits under Q2, so Q2's admin manages it.
    let department = org_queries::unit(&mut app.conn(), f.q1a.id).unwrap();
    assert!(
        department
            .path
            .starts_with(&format!("/{}/{}/{}/", f.city.id, f.q2.id, f.q1.id))
    );
    let q2_admin = token(&app, "ua.q2").await;
    let seen = app
        .get_with_token(&format!("/api/v1/units/{}", f.q1a.id), &q2_admin)
        .await;
    assert_eq!(seen.status, StatusCode::OK);

    // A unit with people cannot be deactivated; an empty one can, and stays readable.
    let a_path = format!("/api/v1/units/{}", f.q1a.id);
    app.call("PATCH", &a_path, &operator, Some(json!({"active": false})))
        .await
        .problem(409, "unit_not_empty");
    let b_path = format!("/api/v1/units/{}", b["id"].as_str().unwrap());
    let off = app
        .call("PATCH", &b_path, &operator, Some(json!({"active": false})))
        .await;
    assert_eq!(off.json()["active"], false);
    assert_eq!(
        app.get_with_token(&b_path, &operator).await.json()["active"],
        false
    );

    // Every change is in the audit trail, and the chain holds.
    let entries = audit::for_entity(&mut app.conn(), "unit", &f.q1.id.to_string()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "unit.update");
    assert!(
        audit::verify(&mut app.conn())
            .unwrap()
            .first_broken_id
            .is_none()
    );
}

#[actix_web::test]
async fn units_list_is_scoped_and_paged() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = token(&app, "operator").await;
    let all = app
        .get_with_token("/api/v1/units?limit=500", &operator)
        .await
        .json();
    assert_eq!(all["items"].as_array().unwrap().len(), 6);

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/units?limit=4&cursor={c}"),
            None => "/api/v1/units?limit=4".to_owned(),
        };
        let page = app.get_with_token(&path, &operator).await.json();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["code"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["BD", "Q1", "Q1-A", "Q2", "TP", "TU"]);

    let admin = token(&app, "ua.q1").await;
    let mine = app.get_with_token("/api/v1/units", &admin).await.json();
    let codes: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["Q1", "Q1-A"]);
    let within = app
        .get_with_token(
            &format!("/api/v1/units?within={}&level=department", f.city.id),
            &operator,
        )
        .await
        .json();
    assert_eq!(within["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn people_are_created_with_posts_history_and_fields_in_charge() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let admin = token(&app, "ua.q1").await;

    let created = app
        .call(
            "POST",
            "/api/v1/people",
            &admin,
            Some(json!({"external_id": "HR-1", "full_name": "Lê Thị Hồng", "email": "hong@example.vn", "unit_id": f.q1a.id,
                        "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let hong = created.json();
    let hong_id = hong["id"].as_str().unwrap().to_owned();

    app.call("POST", "/api/v1/people", &admin, Some(json!({"external_id": "HR-1", "full_name": "X", "unit_id": f.q1a.id, "position": {"category": "staff", "title": "CV", "form_code": 15}})))
        .await
        .problem(409, "external_id_taken");
    let bad = app
        .call("POST", "/api/v1/people", &admin, Some(json!({"full_name": "X", "unit_id": f.q1a.id, "email": "no", "position": {"category": "staff", "title": "CV", "form_code": 20}})))
        .await
        .problem(422, "validation_failed");
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"email") && fields.iter().any(|f| f.contains("form_code")),
        "{bad}"
    );

    // The deputy is put in charge of Hồng; staff cannot be in charge of anyone.
    let deputy_path = format!("/api/v1/people/{}", f.deputy_a.id);
    let charged = app
        .call(
            "PATCH",
            &deputy_path,
            &admin,
            Some(json!({"in_charge_of_person_ids": [hong_id, f.staff_a.id]})),
        )
        .await;
    assert_eq!(charged.status, StatusCode::OK, "{}", charged.text());
    assert_eq!(
        charged.json()["in_charge_of_person_ids"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let staff_path = format!("/api/v1/people/{}", f.staff_a.id);
    let refused = app
        .call(
            "PATCH",
            &staff_path,
            &admin,
            Some(json!({"in_charge_of_person_ids": [hong_id]})),
        )
        .await;
    assert_eq!(
        refused.problem(422, "validation_failed")["errors"][0]["code"],
        "not_a_deputy"
    );
    let foreign = app
        .call(
            "PATCH",
            &deputy_path,
            &admin,
            Some(json!({"in_charge_of_person_ids": [f.q1_head.id]})),
        )
        .await;
    assert_eq!(
        foreign.problem(422, "validation_failed")["errors"][0]["code"],
        "not_a_member"
    );

    // A new post in the same unit is kept in the history.
    let promoted = app
        .call("PATCH", &format!("/api/v1/people/{hong_id}"), &admin, Some(json!({"position": {"category": "deputy", "title": "Phó Trưởng phòng", "form_code": 12}})))
        .await;
    assert_eq!(promoted.json()["position"]["category"], "deputy");
    // A field left out stays; a field sent as null is removed.
    let kept = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{hong_id}"),
            &admin,
            Some(json!({"full_name": "Lê Thị Hồng"})),
        )
        .await
        .json();
    assert_eq!(
        (kept["email"].as_str(), kept["external_id"].as_str()),
        (Some("hong@example.vn"), Some("HR-1"))
    );
    let cleared = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{hong_id}"),
            &admin,
            Some(json!({"email": null, "external_id": null})),
        )
        .await
        .json();
    assert!(
        cleared["email"].is_null() && cleared["external_id"].is_null(),
        "{cleared}"
    );
    let history = org_queries::post_history(&mut app.conn(), hong_id.parse().unwrap()).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].ended_at.is_some() && history[1].ended_at.is_none());
    assert_eq!(history[1].reason.as_deref(), Some("post_change"));

    // Listing by unit, paged by name.
    let listed = app
        .get_with_token(
            &format!("/api/v1/people?unit_id={}&limit=2", f.q1a.id),
            &admin,
        )
        .await
        .json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert!(listed["next_cursor"].is_string());
    let next = app
        .get_with_token(
            &format!(
                "/api/v1/people?unit_id={}&limit=2&cursor={}",
                f.q1a.id,
                listed["next_cursor"].as_str().unwrap()
            ),
            &admin,
        )
        .await
        .json();
    assert_eq!(next["items"].as_array().unwrap().len(), 2);
    assert_ne!(next["items"][0]["id"], listed["items"][0]["id"]);

    // Several named at once by id: only those within the caller's scope; a bad id is refused.
    let named = app
        .get_with_token(
            &format!(
                "/api/v1/people?ids={},{},{}",
                f.staff_a.id, f.head_a.id, f.staff_bd.id
            ),
            &admin,
        )
        .await
        .json();
    let mut ids: Vec<&str> = named["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected = [f.staff_a.id.to_string(), f.head_a.id.to_string()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    app.get_with_token("/api/v1/people?ids=not-an-id", &admin)
        .await
        .problem(422, "validation_failed");
}

fn rule(answer: &Value) -> &str {
    answer["rule"].as_str().unwrap()
}

#[actix_web::test]
async fn the_chain_follows_the_department_size_and_the_deputy_in_charge() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = token(&app, "operator").await;
    let conn = &mut app.conn();
    // Q1-A has head, deputy and staff: 3 people. Grow it to 19, the deputy in charge of staff.a.
    for n in 0..16 {
        person(conn, &format!("Nhân viên {n:02}"), &f.q1a, "staff", 15);
    }
    org_queries::set_in_charge(conn, f.deputy_a.id, None, Some(&[f.staff_a.id])).unwrap();
    let chain_path = format!(
        "/api/v1/people/{}/evaluation-chain?period=2026-11",
        f.staff_a.id
    );

    let small = app.get_with_token(&chain_path, &operator).await.json();
    assert_eq!(rule(&small), "department_staff");
    assert_eq!(small["decider"]["id"], f.head_a.id.to_string());
    assert!(small["reviewer"].is_null());

    person(conn, "Nhân viên thứ 20", &f.q1a, "staff", 15);
    let large = app.get_with_token(&chain_path, &operator).await.json();
    assert_eq!(rule(&large), "department_staff_large");
    assert_eq!(large["decider"]["id"], f.head_a.id.to_string());
    assert_eq!(large["reviewer"]["id"], f.deputy_a.id.to_string());

    app.get_with_token(
        &format!(
            "/api/v1/people/{}/evaluation-chain?period=2026-13",
            f.staff_a.id
        ),
        &operator,
    )
    .await
    .problem(422, "validation_failed");
}

#[actix_web::test]
async fn the_chain_of_leaders_assignments_and_delegations() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = token(&app, "operator").await;
    let conn = &mut app.conn();

    // A department head: the unit head decides, the unit deputy overseeing the field reviews.
    org_queries::set_in_charge(conn, f.q1_deputy.id, Some(&[f.q1a.id]), None).unwrap();
    let head = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.head_a.id
            ),
            &operator,
        )
        .await
        .json();
    assert_eq!(rule(&head), "department_head");
    assert_eq!(head["decider"]["id"], f.q1_head.id.to_string());
    assert_eq!(head["reviewer"]["id"], f.q1_deputy.id.to_string());

    // The unit head has nobody above in the city unit: configure an explicit assignment.
    let q1_head_chain = format!(
        "/api/v1/people/{}/evaluation-chain?period=2026-11",
        f.q1_head.id
    );
    app.get_with_token(&q1_head_chain, &operator)
        .await
        .problem(409, "no_decider");
    // With a city head, the district head is decided one level up (rule 6)...
    let city_leader = person(conn, "Chủ tịch UBND Thành phố", &f.city, "head", 6);
    let by_rule = app.get_with_token(&q1_head_chain, &operator).await.json();
    assert_eq!(rule(&by_rule), "unit_head");
    assert_eq!(by_rule["decider"]["id"], city_leader.id.to_string());
    // ...unless an explicit assignment names someone else (rule 1), within its dates.
    let deputy_city = person(conn, "Phó Chủ tịch UBND Thành phố", &f.city, "deputy", 2);
    let assigned = app
        .call("POST", &format!("/api/v1/people/{}/assignments", f.q1_head.id), &operator, Some(json!({"decider_id": deputy_city.id, "valid_from": "2026-01-01", "note": "Điều 10.1"})))
        .await;
    assert_eq!(assigned.status, StatusCode::CREATED, "{}", assigned.text());
    let unit_head = app.get_with_token(&q1_head_chain, &operator).await.json();
    assert_eq!(rule(&unit_head), "explicit_assignment");
    assert_eq!(unit_head["decider"]["id"], deputy_city.id.to_string());
    let before = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2025-12",
                f.q1_head.id
            ),
            &operator,
        )
        .await
        .json();
    assert_eq!(rule(&before), "unit_head");
    assert_eq!(before["decider"]["id"], city_leader.id.to_string());
    // A unit admin may only name evaluators it manages: someone of the party bloc reads as unknown.
    let (unit_admin, _) = app.tokens("ua.q1", PASSWORD).await;
    let foreign = app
        .call(
            "POST",
            &format!("/api/v1/people/{}/assignments", f.staff_a.id),
            &unit_admin,
            Some(json!({"decider_id": f.staff_bd.id, "valid_from": "2026-01-01"})),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(foreign["errors"][0]["code"], "unknown_person");
    let foreign = app
        .call(
            "POST",
            &format!("/api/v1/units/{}/delegations", f.q1a.id),
            &unit_admin,
            Some(json!({"acting_person_id": f.staff_bd.id, "valid_from": "2026-01-01"})),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(foreign["errors"][0]["code"], "unknown_person");
    // Nobody is assigned to evaluate themself.
    app.call(
        "POST",
        &format!("/api/v1/people/{}/assignments", f.q1_head.id),
        &operator,
        Some(json!({"decider_id": f.q1_head.id, "valid_from": "2026-01-01"})),
    )
    .await
    .problem(422, "validation_failed");

    // The department head is on leave in November: the deputy acts and decides for staff.
    let delegated = app
        .call("POST", &format!("/api/v1/units/{}/delegations", f.q1a.id), &operator, Some(json!({"acting_person_id": f.deputy_a.id, "valid_from": "2026-11-01", "valid_until": "2026-11-30"})))
        .await;
    assert_eq!(
        delegated.status,
        StatusCode::CREATED,
        "{}",
        delegated.text()
    );
    let acting = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.staff_a.id
            ),
            &operator,
        )
        .await
        .json();
    assert_eq!(acting["decider"]["id"], f.deputy_a.id.to_string());
    assert!(rule(&acting).contains("delegation"), "{acting}");
    let december = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-12",
                f.staff_a.id
            ),
            &operator,
        )
        .await
        .json();
    assert_eq!(december["decider"]["id"], f.head_a.id.to_string());
    // The acting deputy's own evaluation is never decided by themself.
    let own = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.deputy_a.id
            ),
            &operator,
        )
        .await
        .json();
    assert_ne!(own["decider"]["id"], f.deputy_a.id.to_string());
}

#[actix_web::test]
async fn a_transfer_hands_over_the_duties_of_the_old_post() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let operator = token(&app, "operator").await;
    let conn = &mut app.conn();
    // The deputy of Q1-A oversees staff.a, acts for the head, evaluates someone explicitly,
    // holds Q1's unit admin account and has an aggregator role on their own account.
    org_queries::set_in_charge(conn, f.deputy_a.id, None, Some(&[f.staff_a.id])).unwrap();
    org_queries::insert_delegation(
        conn,
        &org_queries::NewDelegation {
            unit_id: f.q1a.id,
            acting_person_id: f.deputy_a.id,
            valid_from: "2026-01-01".parse().unwrap(),
            valid_until: None,
            note: None,
        },
    )
    .unwrap();
    org_queries::insert_assignment(
        conn,
        &org_queries::NewAssignment {
            person_id: f.staff_a.id,
            reviewer_id: Some(f.deputy_a.id),
            decider_id: None,
            valid_from: "2026-01-01".parse().unwrap(),
            valid_until: None,
            note: None,
        },
    )
    .unwrap();
    let ua = diesel::update(
        persistence::schema::accounts::table
            .filter(persistence::schema::accounts::username.eq("ua.q1")),
    )
    .set(persistence::schema::accounts::holder_person_id.eq(f.deputy_a.id))
    .returning(persistence::schema::accounts::id)
    .get_result::<uuid::Uuid>(conn)
    .unwrap();
    account(
        conn,
        "deputy.a",
        Some(&f.deputy_a),
        &[("aggregator", Some(f.q1a.id), None)],
    );
    let (ua_token, _) = app.tokens("ua.q1", PASSWORD).await;
    // The deputy's November evaluation is open (form 12, a deputy's form).
    let (deputy_token, _) = app.tokens("deputy.a", PASSWORD).await;
    let open = app
        .get_with_token("/api/v1/evaluations/mine?period=2026-11", &deputy_token)
        .await
        .json();
    assert_eq!(open["form_code"], 12);
    // Sent before the move: with a new form it starts over, so nothing of the old form's
    // self-assessment may stay in the row.
    let open_id = open["id"].as_str().unwrap();
    crate::monthly::save_self(&app, &deputy_token, open_id, 12, 92.0).await;
    let sent = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{open_id}/submit"),
            &deputy_token,
            None,
        )
        .await;
    assert_eq!(sent.json()["state"], "self_submitted");

    let body = json!({"unit_id": f.q2.id, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}, "reason": "Quyết định 12/QĐ-UBND"});
    let transfer = format!("/api/v1/people/{}/transfer", f.deputy_a.id);
    // The preview runs the same steps and keeps none of them.
    let audited = audit::for_entity(conn, "person", &f.deputy_a.id.to_string())
        .unwrap()
        .len();
    let preview = app
        .call(
            "POST",
            &format!("{transfer}?dry_run=true"),
            &operator,
            Some(body.clone()),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let preview = preview.json();
    assert_eq!(
        org_queries::person_with_unit(conn, f.deputy_a.id)
            .unwrap()
            .1
            .id,
        f.q1a.id,
        "a preview moves nobody"
    );
    assert_eq!(
        org_queries::post_history(conn, f.deputy_a.id)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        audit::for_entity(conn, "person", &f.deputy_a.id.to_string())
            .unwrap()
            .len(),
        audited
    );
    assert_eq!(
        app.get_with_token("/api/v1/me", &ua_token).await.status,
        StatusCode::OK
    );

    let moved = app.call("POST", &transfer, &operator, Some(body)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    let result = moved.json();
    for key in [
        "ended_in_charge",
        "ended_delegations",
        "ended_assignments",
        "removed_roles",
        "handed_over_accounts",
        "units_lacking_admin",
        "moved_evaluations",
        "person",
    ] {
        assert_eq!(preview[key], result[key], "the preview foretold {key}");
    }
    assert_eq!(result["person"]["unit_id"], f.q2.id.to_string());
    assert_eq!(result["person"]["in_charge_of_person_ids"], json!([]));
    assert_eq!(result["ended_in_charge"], 1);
    assert_eq!(result["ended_delegations"], 1);
    assert_eq!(result["ended_assignments"], 1);
    assert_eq!(result["removed_roles"], json!(["aggregator"]));
    assert_eq!(
        result["handed_over_accounts"][0]["account_id"],
        ua.to_string()
    );
    assert_eq!(result["units_lacking_admin"], json!([f.q1.id]));
    // The open evaluation followed the person and, with a new form, starts over as a draft.
    assert_eq!(result["moved_evaluations"][0]["id"], open["id"]);
    assert_eq!(result["moved_evaluations"][0]["restarted"], true);
    let followed = app
        .get_with_token(
            &format!("/api/v1/evaluations/{}", open["id"].as_str().unwrap()),
            &deputy_token,
        )
        .await
        .json();
    assert_eq!(
        (followed["form_code"].as_i64(), followed["state"].as_str()),
        (Some(15), Some("draft"))
    );
    assert_eq!(
        followed["history"].as_array().unwrap().last().unwrap()["transition"],
        "transfer"
    );
    assert_eq!(followed["scores"], json!([]));
    let row = persistence::queries::evaluations::find(conn, open_id.parse().unwrap()).unwrap();
    assert_eq!(
        (row.rank_self, row.self_submitted_at, row.reviewed_at),
        (None, None, None),
        "the old form's self-assessment is gone from the row"
    );

    // The old holder's session on the admin account ended; the post history has both posts.
    app.get_with_token("/api/v1/me", &ua_token)
        .await
        .problem(401, "unauthorized");
    let history = org_queries::post_history(conn, f.deputy_a.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].reason.as_deref(), Some("Quyết định 12/QĐ-UBND"));
    let posts = app
        .get_with_token(
            &format!("/api/v1/people/{}/posts", f.deputy_a.id),
            &operator,
        )
        .await
        .json();
    assert_eq!(posts[0]["unit_id"], f.q1a.id.to_string());
    assert_eq!(posts[0]["unit_name"], f.q1a.name);
    assert_eq!(posts[0]["position"]["form_code"], 12);
    assert!(posts[0]["ended_at"].is_string());
    assert_eq!(posts[1]["unit_name"], f.q2.name);
    assert_eq!(posts[1]["position"]["title"], "Chuyên viên");
    assert!(posts[1]["ended_at"].is_null());
    assert_eq!(posts[1]["reason"], "Quyết định 12/QĐ-UBND");
    // Outside the caller's scope, the history is not found.
    app.get_with_token(
        &format!("/api/v1/people/{}/posts", f.deputy_a.id),
        &token(&app, "staff.bd").await,
    )
    .await
    .problem(404, "not_found");
    // The personal account follows the person and still signs in.
    assert_eq!(app.login("deputy.a", PASSWORD).await.status, StatusCode::OK);
    // The staff member's chain no longer names the old deputy.
    let chain = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.staff_a.id
            ),
            &operator,
        )
        .await
        .json();
    assert!(chain["reviewer"].is_null());
    let entries = audit::for_entity(conn, "person", &f.deputy_a.id.to_string()).unwrap();
    assert!(entries.iter().any(|e| e.action == "person.transfer"));

    // Handing over to a named successor instead: a second transfer of the new holder, by
    // decision (Điều 7.5: a unit admin account changes hands by decision).
    let successor = person(conn, "Người kế nhiệm", &f.q1, "staff", 15);
    diesel::update(persistence::schema::accounts::table.find(ua))
        .set(persistence::schema::accounts::holder_person_id.eq(f.head_a.id))
        .execute(conn)
        .unwrap();
    let handed = app
        .call(
            "POST",
            &format!("/api/v1/people/{}/transfer", f.head_a.id),
            &operator,
            Some(json!({"unit_id": f.q2.id, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}, "successor_person_id": successor.id,
                "decision_number": "40/QĐ-UBND", "decision_date": "2026-11-20"})),
        )
        .await
        .json();
    assert_eq!(
        handed["handed_over_accounts"][0]["to_person_id"],
        successor.id.to_string()
    );
    assert_eq!(handed["units_lacking_admin"], json!([]));
}

/// The API keeps chains, callers and calendars for one version of the organisation: the version
/// must move with every committed change and only then, once per transaction, after its other
/// locks (a statement that changes nothing, or a rolled-back change, leaves it).
#[actix_web::test]
async fn the_organisation_version_moves_once_per_committed_change() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let mut conn = app.conn();
    let version = |conn: &mut PgConnection| org_queries::version(conn).unwrap();
    let start = version(&mut conn);
    let rename = |conn: &mut PgConnection, filter: &str| {
        diesel::sql_query(format!(
            "UPDATE units SET name = name || '.' WHERE {filter}"
        ))
        .execute(conn)
        .unwrap()
    };

    assert_eq!(rename(&mut conn, "false"), 0);
    assert_eq!(version(&mut conn), start, "nothing changed");

    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        rename(conn, "true");
        rename(conn, "true");
        diesel::sql_query(format!(
            "INSERT INTO period_overrides (period, unit_id, plan_due) VALUES ('2026-12', '{}', '2026-12-05 17:00+07')",
            f.q1.id
        ))
        .execute(conn)?;
        assert_eq!(version(conn), start, "not before the commit");
        Ok(())
    })
    .unwrap();
    assert_eq!(version(&mut conn), start + 1, "once for the transaction");

    let _ = conn.transaction::<(), _, _>(|conn| {
        rename(conn, "true");
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert_eq!(version(&mut conn), start + 1, "a rolled-back change");

    rename(&mut conn, "true");
    assert_eq!(
        version(&mut conn),
        start + 2,
        "a statement outside a transaction"
    );
}

/// Operators read every version of a form with its whole definition, and store a new version
/// made from the latest one; the versions list then holds both.
#[actix_web::test]
async fn operators_read_every_version_of_a_form_and_start_a_new_one_from_it() {
    let app = spawn_app().await;
    fixture::build(&app);
    let operator = token(&app, "operator").await;
    let versions = app
        .get_with_token("/api/v1/forms/15/versions", &operator)
        .await
        .json();
    let first = &versions.as_array().unwrap()[0];
    assert_eq!(first["version"], 1);
    assert_eq!(first["definition"]["code"], 15);
    assert_eq!(
        first["criteria"][0]["id"],
        first["definition"]["criteria"][0]["id"]
    );
    let mut next = first["definition"].clone();
    next["effective_from"] = json!("2027-01-01");
    next["criteria"][0]["label"] = json!("Nhãn mới của nhóm I");
    let stored = app
        .call("POST", "/api/v1/forms/15/versions", &operator, Some(next))
        .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.text());
    let versions = app
        .get_with_token("/api/v1/forms/15/versions", &operator)
        .await
        .json();
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["version"], 2);
    assert_eq!(versions[1]["effective_from"], "2027-01-01");
    assert_eq!(versions[1]["criteria"][0]["label"], "Nhãn mới của nhóm I");
    app.get_with_token("/api/v1/forms/20/versions", &operator)
        .await
        .problem(404, "not_found");

    // A month opens with the version in force on its first day: the new one from 2027 on.
    let (staff, _) = app.tokens("staff.a", PASSWORD).await;
    for (period, version) in [("2026-12", 1), ("2027-01", 2)] {
        let opened = app
            .get_with_token(&format!("/api/v1/evaluations/mine?period={period}"), &staff)
            .await;
        assert_eq!(opened.status, StatusCode::OK, "{period}: {}", opened.text());
        assert_eq!(
            (
                opened.json()["form_code"].as_i64(),
                opened.json()["form_version"].as_i64()
            ),
            (Some(15), Some(version)),
            "{period}"
        );
    }
}
