//! Issue 8: Điều 10.1 offices as post rules (`/evaluator-rules`, the chain, publication), forms
//! that fit posts (Điều 11), and December's year-end limit (Điều 12 "Lưu ý").

use actix_web::http::StatusCode;
use persistence::models::org::{NewPerson, Person, Unit};
use persistence::queries::org;
use serde_json::{Value, json};

use crate::fixture::{self, PASSWORD, unit};
use crate::helpers::{TestApp, spawn_app};
use crate::imports::{CSV, csv, import};

fn tagged(
    app: &TestApp,
    name: &str,
    unit: &Unit,
    category: &str,
    form_code: i16,
    office: &str,
) -> Person {
    org::insert_person(
        &mut app.conn(),
        &NewPerson {
            external_id: None,
            full_name: name,
            email: None,
            unit_id: unit.id,
            position_category: category,
            position_title: name,
            form_code,
            office: Some(office),
        },
    )
    .unwrap()
}

async fn chain_of(app: &TestApp, token: &str, person: &Person) -> Value {
    let answer = app
        .get_with_token(
            &format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                person.id
            ),
            token,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

/// The chain of a Bí thư quận ủy names the Phó Bí thư Thường trực by post rule (Điều 10.1), and
/// still does after the post changes holder, with no new assignment.
#[actix_web::test]
async fn bi_thu_quan_uy_is_decided_by_the_pho_bi_thu_thuong_truc_whoever_holds_it() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    let conn = &mut app.conn();
    let thanh_uy = &f.bd; // reuse the party tree: TU > BD; a district committee under TU
    let tu = org::unit(conn, thanh_uy.parent_id.unwrap()).unwrap();
    let quan_uy = unit(conn, "QU1", "district", "party", Some(&tu));
    let bi_thu_tu = tagged(&app, "Bí thư Thành ủy", &tu, "head", 3, "bi_thu_thanh_uy");
    let pbttt = tagged(
        &app,
        "Phó Bí thư Thường trực",
        &tu,
        "deputy",
        3,
        "pho_bi_thu_thuong_truc",
    );
    let bi_thu = tagged(
        &app,
        "Bí thư Quận ủy",
        &quan_uy,
        "head",
        9,
        "bi_thu_quan_uy",
    );

    let chain = chain_of(&app, &operator, &bi_thu).await;
    assert_eq!(chain["rule"], "post_rule", "{chain}");
    assert_eq!(chain["decider"]["id"], pbttt.id.to_string());
    assert_eq!(chain["office"], "bi_thu_quan_uy");
    assert_eq!(chain["decider_office"], "pho_bi_thu_thuong_truc");
    // Without the rule, the parent's head (the Bí thư Thành ủy) would decide.
    assert_ne!(chain["decider"]["id"], bi_thu_tu.id.to_string());

    // The office changes holder: the old holder leaves the post (by the API), a new one takes it.
    let moved = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{}", pbttt.id),
            &operator,
            Some(
                json!({"position": {"category": "deputy", "title": "Phó Bí thư", "form_code": 3}}),
            ),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert!(moved.json()["position"].get("office").is_none());
    let created = app
        .call(
            "POST",
            "/api/v1/people",
            &operator,
            Some(json!({"full_name": "Phó Bí thư Thường trực mới", "unit_id": tu.id, "position": {"category": "deputy", "title": "Phó Bí thư Thường trực", "form_code": 3, "office": "pho_bi_thu_thuong_truc"}})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let successor = created.json();
    assert_eq!(successor["position"]["office"], "pho_bi_thu_thuong_truc");
    let chain = chain_of(&app, &operator, &bi_thu).await;
    assert_eq!(chain["rule"], "post_rule", "{chain}");
    assert_eq!(chain["decider"]["id"], successor["id"]);

    // The top city leaders are evaluated outside the system (by the central level).
    let top = chain_of(&app, &operator, &bi_thu_tu).await;
    assert_eq!(top["rule"], "evaluated_outside", "{top}");
    assert!(top["decider"].is_null());

    // An unknown office tag is a field error.
    app.call(
        "POST",
        "/api/v1/people",
        &operator,
        Some(json!({"full_name": "X", "unit_id": tu.id, "position": {"category": "deputy", "title": "X", "form_code": 3, "office": "thu_tuong"}})),
    )
    .await
    .problem(422, "validation_failed");
}

/// The heads of three sở are decided by the Chủ tịch UBND TP by post rule; the Chủ tịch, decided
/// outside the system, does not block the city's publication.
#[actix_web::test]
async fn heads_of_so_are_decided_by_the_chu_tich_ubnd_tp_who_does_not_block_publication() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    let chu_tich = tagged(
        &app,
        "Chủ tịch UBND Thành phố",
        &f.city,
        "head",
        6,
        "chu_tich_ubnd_tp",
    );
    for code in ["SO-1", "SO-2", "SO-3"] {
        let so = unit(&mut app.conn(), code, "agency", "government", Some(&f.city));
        let giam_doc = tagged(&app, "Giám đốc Sở", &so, "head", 6, "giam_doc_so");
        let chain = chain_of(&app, &operator, &giam_doc).await;
        assert_eq!(chain["rule"], "post_rule", "{chain}");
        assert_eq!(chain["decider"]["id"], chu_tich.id.to_string());
        assert_eq!(chain["decider_office"], "chu_tich_ubnd_tp");
    }
    // The city's month leaves out the Chủ tịch, evaluated outside: nobody is undecided, and the
    // city's head publishes.
    let chain = chain_of(&app, &operator, &chu_tich).await;
    assert_eq!(chain["rule"], "evaluated_outside");
    fixture::account(
        &mut app.conn(),
        "tonghop.tp",
        None,
        &[("aggregator", Some(f.city.id), None)],
    );
    fixture::account(&mut app.conn(), "chutich.tp", Some(&chu_tich), &[]);
    let (aggregator, _) = app.tokens("tonghop.tp", PASSWORD).await;
    let (head, _) = app.tokens("chutich.tp", PASSWORD).await;
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{}/summary?period=2026-11", f.city.id),
            &aggregator,
        )
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text());
    // The Chủ tịch is shown as evaluated outside; the heads of sở are one group at the city.
    let summary = summary.json();
    let rows: Vec<&serde_json::Value> = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().iter())
        .collect();
    let outside: Vec<&&serde_json::Value> = rows
        .iter()
        .filter(|r| r["evaluated_outside"] == true)
        .collect();
    assert_eq!(outside.len(), 1, "{summary}");
    assert_eq!(outside[0]["person"]["id"], chu_tich.id.to_string());
    // Publication waits for the heads of sở the Chủ tịch decides, never for the Chủ tịch.
    let refused = app
        .call(
            "POST",
            &format!("/api/v1/units/{}/publications", f.city.id),
            &head,
            Some(json!({"period": "2026-11"})),
        )
        .await
        .problem(409, "invalid_transition");
    let blocking = refused["errors"].to_string();
    assert!(!blocking.contains(&chu_tich.id.to_string()), "{refused}");
    assert!(blocking.contains("Giám đốc"), "{refused}");
}

/// `GET /evaluator-rules` shows Điều 10.1 as seeded (the same as the domain's defaults);
/// `PUT` is for operators only, validated, audited, and changes the chain at once.
#[actix_web::test]
async fn evaluator_rules_are_read_by_all_and_changed_by_operators() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    let (staff, _) = app.tokens("staff.a", PASSWORD).await;
    let (bloc, _) = app.tokens("khoi.cq", PASSWORD).await;

    let seeded = app.get_with_token("/api/v1/evaluator-rules", &staff).await;
    assert_eq!(seeded.status, StatusCode::OK, "{}", seeded.text());
    let seeded = seeded.json();
    let expected: Vec<Value> = domain::chain::default_post_rules()
        .iter()
        .map(|r| json!({"office": r.office.code(), "decided_by": r.decided_by.iter().map(|o| o.code()).collect::<Vec<_>>()}))
        .collect();
    let mut got: Vec<Value> = seeded["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!({"office": r["office"], "decided_by": r["decided_by"]}))
        .collect();
    let mut expected = expected;
    let key = |v: &Value| v["office"].as_str().unwrap().to_owned();
    got.sort_by_key(key);
    expected.sort_by_key(key);
    assert_eq!(got, expected);
    assert_eq!(seeded["offices"].as_array().unwrap().len(), 17);
    let giam_doc = seeded["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["office"] == "giam_doc_so")
        .unwrap();
    assert_eq!(giam_doc["decided_by"], json!(["chu_tich_ubnd_tp"]));
    assert_eq!(giam_doc["evaluated_outside"], false);

    // Only operators change the table; others do not see the route.
    let table = json!({"rules": [{"office": "giam_doc_so", "decided_by": ["pho_chu_tich_ubnd_tp"]}, {"office": "chu_tich_ubnd_tp", "decided_by": []}]});
    for token in [&staff, &bloc] {
        app.call("PUT", "/api/v1/evaluator-rules", token, Some(table.clone()))
            .await
            .problem(404, "not_found");
    }
    // Unknown tags, duplicates and an office deciding itself are field errors; nothing changes.
    let bad = app
        .call(
            "PUT",
            "/api/v1/evaluator-rules",
            &operator,
            Some(json!({"rules": [{"office": "thu_tuong", "decided_by": []}, {"office": "giam_doc_so", "decided_by": ["chu_tich_ubnd_tp", "vua"]}]})),
        )
        .await;
    let body = bad.problem(422, "validation_failed");
    let fields: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("rules[0].office".into(), "unknown_office".into())),
        "{body}"
    );
    assert!(
        fields.contains(&("rules[1].decided_by[1]".into(), "unknown_office".into())),
        "{body}"
    );
    app.call(
        "PUT",
        "/api/v1/evaluator-rules",
        &operator,
        Some(json!({"rules": [{"office": "giam_doc_so", "decided_by": []}, {"office": "giam_doc_so", "decided_by": []}]})),
    )
    .await
    .problem(422, "validation_failed");
    let selfish = app
        .call(
            "PUT",
            "/api/v1/evaluator-rules",
            &operator,
            Some(json!({"rules": [{"office": "giam_doc_so", "decided_by": ["giam_doc_so"]}]})),
        )
        .await;
    assert_eq!(
        selfish.problem(422, "validation_failed")["errors"][0]["code"],
        "decides_itself"
    );
    let unchanged = app
        .get_with_token("/api/v1/evaluator-rules", &staff)
        .await
        .json();
    assert_eq!(unchanged["rules"], seeded["rules"]);

    // The operator's change applies to the chain at once, and is audited.
    let chu_tich = tagged(&app, "Chủ tịch", &f.city, "head", 6, "chu_tich_ubnd_tp");
    let pho = tagged(
        &app,
        "Phó Chủ tịch",
        &f.city,
        "deputy",
        2,
        "pho_chu_tich_ubnd_tp",
    );
    let so = unit(
        &mut app.conn(),
        "SO-X",
        "agency",
        "government",
        Some(&f.city),
    );
    let giam_doc = tagged(&app, "Giám đốc", &so, "head", 6, "giam_doc_so");
    assert_eq!(
        chain_of(&app, &operator, &giam_doc).await["decider"]["id"],
        chu_tich.id.to_string()
    );
    let put = app
        .call("PUT", "/api/v1/evaluator-rules", &operator, Some(table))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    assert_eq!(put.json()["rules"].as_array().unwrap().len(), 2);
    let chain = chain_of(&app, &operator, &giam_doc).await;
    assert_eq!(chain["decider"]["id"], pho.id.to_string(), "{chain}");
    assert_eq!(chain["decider_office"], "pho_chu_tich_ubnd_tp");
    let audit = app
        .get_with_token("/api/v1/audit?action=evaluator_rules.update", &operator)
        .await
        .json();
    let entry = &audit["items"][0];
    assert_eq!(entry["action"], "evaluator_rules.update", "{audit}");
    assert_eq!(entry["after"].as_array().unwrap().len(), 2);
    assert_eq!(entry["before"].as_array().unwrap().len(), 17);
}

/// Điều 11: a contract worker cannot be put on form 15 (a civil servants' form) by create,
/// transfer, update or import; the field is `position.form_code` (`form_code` in a file).
#[actix_web::test]
async fn a_contract_worker_cannot_be_put_on_form_15() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    let field_code = |body: &Value| {
        (
            body["errors"][0]["field"].as_str().unwrap().to_owned(),
            body["errors"][0]["code"].as_str().unwrap().to_owned(),
        )
    };
    let expected = (
        "position.form_code".to_owned(),
        "form_does_not_fit_post".to_owned(),
    );
    let contract = |form: i64| json!({"category": "contract", "title": "Nhân viên hợp đồng", "form_code": form});

    let refused = app
        .call(
            "POST",
            "/api/v1/people",
            &operator,
            Some(json!({"full_name": "Lao động hợp đồng", "unit_id": f.q1a.id, "position": contract(15)})),
        )
        .await;
    assert_eq!(
        field_code(&refused.problem(422, "validation_failed")),
        expected
    );
    let created = app
        .call(
            "POST",
            "/api/v1/people",
            &operator,
            Some(json!({"full_name": "Lao động hợp đồng", "unit_id": f.q1a.id, "position": contract(19)})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_owned();

    let transfer = app
        .call(
            "POST",
            &format!("/api/v1/people/{id}/transfer"),
            &operator,
            Some(json!({"unit_id": f.q2.id, "position": contract(15)})),
        )
        .await;
    assert_eq!(
        field_code(&transfer.problem(422, "validation_failed")),
        expected
    );
    let patch = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{id}"),
            &operator,
            Some(json!({"position": contract(15)})),
        )
        .await;
    assert_eq!(
        field_code(&patch.problem(422, "validation_failed")),
        expected
    );
    // A leader is not put on a staff form either.
    let head = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{}", f.staff_a.id),
            &operator,
            Some(
                json!({"position": {"category": "staff", "title": "Chuyên viên", "form_code": 12}}),
            ),
        )
        .await;
    assert_eq!(
        field_code(&head.problem(422, "validation_failed")),
        expected
    );
    let stored = app
        .get_with_token(&format!("/api/v1/people/{id}"), &operator)
        .await
        .json();
    assert_eq!(
        (
            stored["unit_id"].as_str(),
            stored["position"]["form_code"].as_i64()
        ),
        (Some(f.q1a.id.to_string().as_str()), Some(19))
    );

    let job = import(
        &app,
        &operator,
        CSV,
        csv(&["HD-001,Nguyễn Văn Hợp,,Q1-A,contract,Nhân viên hợp đồng,15"]),
    )
    .await;
    assert_eq!(job["status"], "failed", "{job}");
    assert_eq!(job["errors"][0]["field"], "form_code", "{job}");
    assert_eq!(job["errors"][0]["code"], "form_does_not_fit_post", "{job}");
}

/// Điều 12 "Lưu ý": December's work is done before 15 December. An override or extension past
/// it is refused unless an operator confirms it, and the confirmation is audited.
#[actix_web::test]
async fn december_past_the_15th_needs_an_operator_confirmation() {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let (operator, _) = app.tokens("operator", PASSWORD).await;
    let (bloc, _) = app.tokens("khoi.cq", PASSWORD).await;
    let (unit_admin, _) = app.tokens("ua.q1", PASSWORD).await;
    let late = json!({"publication_closes": "2026-12-16T00:00:00+07:00"});

    let refused = app
        .call(
            "PATCH",
            "/api/v1/periods/2026-12",
            &operator,
            Some(late.clone()),
        )
        .await;
    let body = refused.problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["code"], "past_year_end", "{body}");
    assert_eq!(body["errors"][0]["field"], "publication_closes");
    // The 15th at 00:00 (exclusive) still ends the work on the 14th; November is free.
    let on_time = app
        .call(
            "PATCH",
            "/api/v1/periods/2026-12",
            &operator,
            Some(json!({"publication_closes": "2026-12-15T00:00:00+07:00"})),
        )
        .await;
    assert_eq!(on_time.status, StatusCode::OK, "{}", on_time.text());
    // A bloc admin may change its units' calendar but not confirm past the year's end.
    let mut bloc_late = json!({"unit_id": f.q1.id, "decision_closes": "2026-12-15T12:00:00+07:00", "publication_closes": "2026-12-16T00:00:00+07:00"});
    let refused = app
        .call(
            "PATCH",
            "/api/v1/periods/2026-12",
            &bloc,
            Some(bloc_late.clone()),
        )
        .await;
    assert_eq!(
        refused.problem(422, "validation_failed")["errors"][0]["code"],
        "past_year_end"
    );
    bloc_late["allow_past_year_end"] = json!(true);
    app.call("PATCH", "/api/v1/periods/2026-12", &bloc, Some(bloc_late))
        .await
        .problem(403, "forbidden");

    let mut confirmed = late.clone();
    confirmed["allow_past_year_end"] = json!(true);
    let ok = app
        .call(
            "PATCH",
            "/api/v1/periods/2026-12",
            &operator,
            Some(confirmed),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["publication_closes"], "2026-12-16T00:00:00+07:00");
    let audit = app
        .get_with_token("/api/v1/audit?action=period.update", &operator)
        .await
        .json();
    assert_eq!(
        audit["items"][0]["after"]["allow_past_year_end"], true,
        "{audit}"
    );
    assert!(
        audit["items"][1]["after"]
            .get("allow_past_year_end")
            .is_none()
    );
    // A later change of other dates is not asked again for the confirmed one.
    let other = app
        .call(
            "PATCH",
            "/api/v1/periods/2026-12",
            &bloc,
            Some(json!({"unit_id": f.q1.id, "self_closes": "2026-12-11T00:00:00+07:00"})),
        )
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text());

    // Personal extensions follow the same rule.
    let extension =
        json!({"person_id": f.staff_a.id, "step": "self", "until": "2026-12-15T08:00:00+07:00"});
    let refused = app
        .call(
            "POST",
            "/api/v1/periods/2026-12/extensions",
            &unit_admin,
            Some(extension.clone()),
        )
        .await;
    let body = refused.problem(422, "validation_failed");
    assert_eq!(
        (
            body["errors"][0]["field"].as_str(),
            body["errors"][0]["code"].as_str()
        ),
        (Some("until"), Some("past_year_end"))
    );
    let mut confirmed = extension.clone();
    confirmed["allow_past_year_end"] = json!(true);
    app.call(
        "POST",
        "/api/v1/periods/2026-12/extensions",
        &unit_admin,
        Some(confirmed.clone()),
    )
    .await
    .problem(403, "forbidden");
    let ok = app
        .call(
            "POST",
            "/api/v1/periods/2026-12/extensions",
            &operator,
            Some(confirmed),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text());
    let audit = app
        .get_with_token("/api/v1/audit?action=period.extension", &operator)
        .await
        .json();
    assert_eq!(
        audit["items"][0]["after"]["allow_past_year_end"], true,
        "{audit}"
    );
    // Before the 15th, anyone who manages the person may extend.
    let early = app
        .call(
            "POST",
            "/api/v1/periods/2026-12/extensions",
            &unit_admin,
            Some(json!({"person_id": f.staff_a.id, "step": "self", "until": "2026-12-13T00:00:00+07:00"})),
        )
        .await;
    assert_eq!(early.status, StatusCode::CREATED, "{}", early.text());
}
