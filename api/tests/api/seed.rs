//! The operator command and the demo organisation.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use persistence::schema::{accounts, evaluations, people, units};

use crate::helpers::spawn_app;

#[actix_web::test]
async fn create_operator_gives_a_one_time_password_that_must_be_changed() {
    let app = spawn_app().await;
    let password = api::seed::create_operator(&mut app.conn(), "vanhanh", None).unwrap();
    assert!(password.len() >= 14);
    let answer = app.login("vanhanh", &password).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["must_change_password"], true);
    let (access, _) = app.tokens("vanhanh", &password).await;
    let me = app.get_with_token("/api/v1/me", &access).await.json();
    assert_eq!(
        me["account"]["roles"],
        serde_json::json!([{"role": "operator"}])
    );

    let taken = api::seed::create_operator(&mut app.conn(), "VanHanh", None);
    assert!(taken.is_err());
}

#[actix_web::test]
async fn the_demo_loads_once_with_a_department_of_twenty_two() {
    let app = spawn_app().await;
    let period: domain::Period = "2026-11".parse().unwrap();
    let demo = api::seed::seed_demo(&mut app.conn(), period).unwrap();
    let logins = demo.logins;
    let count = |conn: &mut PgConnection| -> (i64, i64, i64, i64) {
        (
            units::table.count().get_result(conn).unwrap(),
            people::table.count().get_result(conn).unwrap(),
            accounts::table.count().get_result(conn).unwrap(),
            evaluations::table.count().get_result(conn).unwrap(),
        )
    };
    let first = count(&mut app.conn());
    let again = api::seed::seed_demo(&mut app.conn(), period).unwrap();
    assert_eq!(again.opened, 0);
    assert_eq!(count(&mut app.conn()), first);

    let large: i64 = people::table
        .inner_join(units::table)
        .filter(units::code.eq("HK-QLDT"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(large, 22);

    // Every printed login works with the demo password, and a person's /me shows the post.
    for login in &logins {
        let answer = app.login(&login.username, api::seed::DEMO_PASSWORD).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", login.username);
    }
    // The demo's structure gives the chains of DESIGN 2.4: staff of the large department are
    // reviewed by their deputy and decided by the head; the district head by the city's.
    let (operator, _) = app.tokens("quantri", api::seed::DEMO_PASSWORD).await;
    for (username, rule, reviewer, decider) in [
        (
            "qldt.nv03",
            "department_staff_large",
            Some("Phó Trưởng phòng"),
            "Trưởng phòng",
        ),
        (
            "truongphong.qldt",
            "department_head",
            Some("Phó Chủ tịch UBND quận"),
            "Chủ tịch UBND quận",
        ),
        ("chutich.hk", "unit_head", None, "Chủ tịch UBND Thành phố"),
    ] {
        let (access, _) = app.tokens(username, api::seed::DEMO_PASSWORD).await;
        let me = app.get_with_token("/api/v1/me", &access).await.json();
        let path = format!(
            "/api/v1/people/{}/evaluation-chain?period=2026-11",
            me["person"]["id"].as_str().unwrap()
        );
        let chain = app.get_with_token(&path, &operator).await.json();
        assert_eq!(chain["rule"], rule, "{username}: {chain}");
        assert_eq!(
            chain["reviewer"]["position"]["title"].as_str(),
            reviewer,
            "{username}"
        );
        assert_eq!(chain["decider"]["position"]["title"], decider, "{username}");
    }
    // The city leaders carry their Điều 10.1 offices: post rules decide the Bí thư quận ủy and
    // the head of a sở; the Chủ tịch UBND TP is evaluated outside the system.
    for (external_id, rule, decider) in [
        (
            "DEMO-CITY-3",
            "post_rule",
            Some("Phó Bí thư Thường trực Thành ủy"),
        ),
        ("DEMO-CITY-4", "post_rule", Some("Chủ tịch UBND Thành phố")),
        ("DEMO-CITY-1", "evaluated_outside", None),
    ] {
        let id: uuid::Uuid = people::table
            .filter(people::external_id.eq(external_id))
            .select(people::id)
            .first(&mut app.conn())
            .unwrap();
        let path = format!("/api/v1/people/{id}/evaluation-chain?period=2026-11");
        let chain = app.get_with_token(&path, &operator).await.json();
        assert_eq!(chain["rule"], rule, "{external_id}: {chain}");
        assert_eq!(
            chain["decider"]["position"]["title"].as_str(),
            decider,
            "{external_id}"
        );
    }
    let (access, _) = app
        .tokens("truongphong.qldt", api::seed::DEMO_PASSWORD)
        .await;
    let me = app.get_with_token("/api/v1/me", &access).await.json();
    assert_eq!(me["person"]["position"]["category"], "head");
    assert_eq!(me["person"]["position"]["form_code"], 12);
}

/// The demo opens the rules clock's month for the district, as `POST /units/{id}/evaluations`
/// does: everyone of HK and its departments has a draft, and a second run opens nothing.
#[actix_web::test]
async fn the_demo_opens_its_month_for_the_district() {
    let app = spawn_app().await;
    let period: domain::Period = "2026-11".parse().unwrap();
    let demo = api::seed::seed_demo(&mut app.conn(), period).unwrap();
    let in_district: Vec<uuid::Uuid> = people::table
        .inner_join(units::table)
        .filter(units::code.like("HK%").and(units::code.ne("HK-QU")))
        .select(people::id)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(demo.opened, in_district.len());
    let drafts: Vec<(uuid::Uuid, String, String)> = evaluations::table
        .select((
            evaluations::person_id,
            evaluations::period,
            evaluations::state,
        ))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(drafts.len(), in_district.len());
    for (person, month, state) in &drafts {
        assert!(in_district.contains(person));
        assert_eq!((month.as_str(), state.as_str()), ("2026-11", "draft"));
    }
    assert_eq!(
        api::seed::seed_demo(&mut app.conn(), period)
            .unwrap()
            .opened,
        0
    );

    // A staff member's own evaluation is the draft already there, not a new one.
    let (access, _) = app.tokens("qldt.nv01", api::seed::DEMO_PASSWORD).await;
    let mine = app
        .get_with_token("/api/v1/evaluations/mine?period=2026-11", &access)
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    assert_eq!(mine.json()["state"], "draft");
    let total: i64 = evaluations::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(total, drafts.len() as i64);
}
