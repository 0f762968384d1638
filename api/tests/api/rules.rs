//! The rules in every corner (issue 8): no rank above the points, the quota on final ranks,
//! quota groups at the deciding level, and acting heads with the head's powers.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use chrono::NaiveDate;
use persistence::models::org::{Person, Unit};
use persistence::queries::org::{self, NewDelegation};
use serde_json::{Value, json};

use crate::fixture::{PASSWORD, person, unit};
use crate::helpers::{Answer, TestApp, spawn_app};
use crate::monthly::{accounts_for, etag_of, scores_for, with_etag};

const PERIOD: &str = "2026-11";

/// A district with one department of a head and twelve staff on form 15, and a deputy of the
/// district who stands in for its head until 26 November.
struct District {
    district: Unit,
    staff: u32,
    people: BTreeMap<String, Person>,
    tokens: BTreeMap<String, String>,
}

async fn district(app: &TestApp) -> District {
    district_of(app, 12).await
}

/// [`district`] with `staff` people on form 15 in the department.
async fn district_of(app: &TestApp, staff: u32) -> District {
    let conn = &mut app.conn();
    let city = unit(conn, "TP", "city", "government", None);
    let district = unit(conn, "Q", "district", "government", Some(&city));
    let department = unit(conn, "Q-A", "department", "government", Some(&district));
    let mut people = BTreeMap::new();
    people.insert(
        "ct.tp".to_owned(),
        person(conn, "Chủ tịch Thành phố", &city, "head", 2),
    );
    people.insert(
        "ct.q".to_owned(),
        person(conn, "Chủ tịch Quận", &district, "head", 9),
    );
    people.insert(
        "pct.q".to_owned(),
        person(conn, "Phó Chủ tịch Quận", &district, "deputy", 9),
    );
    people.insert(
        "tp.a".to_owned(),
        person(conn, "Trưởng phòng A", &department, "head", 12),
    );
    for n in 1..=staff {
        people.insert(
            format!("nv{n:02}"),
            person(
                conn,
                &format!("Chuyên viên {n:02}"),
                &department,
                "staff",
                15,
            ),
        );
    }
    org::insert_delegation(
        conn,
        &NewDelegation {
            unit_id: district.id,
            acting_person_id: people["pct.q"].id,
            valid_from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2026, 11, 26),
            note: Some("Quyền Chủ tịch trong thời gian Chủ tịch đi công tác"),
        },
    )
    .unwrap();
    accounts_for(conn, &people);
    let mut tokens = BTreeMap::new();
    for username in people.keys().chain(["quantri.q".to_owned()].iter()) {
        tokens.insert(username.clone(), app.tokens(username, PASSWORD).await.0);
    }
    District {
        district,
        staff,
        people,
        tokens,
    }
}

impl District {
    /// Opens the person's evaluation (their own first read) and returns its id.
    async fn open(&self, app: &TestApp, who: &str) -> String {
        let answer = app
            .get_with_token(
                &format!("/api/v1/evaluations/mine?period={PERIOD}"),
                &self.tokens[who],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{who}: {}", answer.text());
        answer.json()["id"].as_str().unwrap().to_owned()
    }

    async fn decide(&self, app: &TestApp, decider: &str, id: &str, total: f64) -> Value {
        let token = &self.tokens[decider];
        let form = app
            .get_with_token(&format!("/api/v1/evaluations/{id}"), token)
            .await
            .json()["form_code"]
            .as_i64()
            .unwrap();
        let scores = scores_for(app, token, form, total).await;
        let etag = etag_of(app, token, id).await;
        let decided = with_etag(
            app,
            "PUT",
            &format!("/api/v1/evaluations/{id}/decision"),
            token,
            &etag,
            Some(json!({"scores": scores})),
        )
        .await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.text());
        decided.json()
    }

    async fn adjust(&self, app: &TestApp, who: &str, id: &str, rank: &str) -> Answer {
        app.call(
            "POST",
            &format!("/api/v1/evaluations/{id}/adjust"),
            &self.tokens[who],
            Some(json!({"rank": rank, "reason": "Điều chỉnh trước khi công bố"})),
        )
        .await
    }

    async fn publish(&self, app: &TestApp, who: &str) -> Answer {
        app.call(
            "POST",
            &format!("/api/v1/units/{}/publications", self.district.id),
            &self.tokens[who],
            Some(json!({"period": PERIOD})),
        )
        .await
    }

    async fn staff_group(&self, app: &TestApp) -> Value {
        let summary = app
            .get_with_token(
                &format!("/api/v1/units/{}/summary?period={PERIOD}", self.district.id),
                &self.tokens["ct.q"],
            )
            .await
            .json();
        summary["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == "form:15")
            .unwrap()
            .clone()
    }
}

/// Decides the month after the self-assessment window: staff 1–2 at 95 (A), the rest at 80
/// (B), the department head at 85. Returns the evaluation ids.
async fn decided_month(app: &TestApp, d: &District) -> BTreeMap<String, String> {
    decided_month_with(app, d, |n| n <= 2).await
}

/// [`decided_month`] with A (95) for the staff `is_a` picks.
async fn decided_month_with(
    app: &TestApp,
    d: &District,
    is_a: impl Fn(u32) -> bool,
) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for n in 1..=d.staff {
        let who = format!("nv{n:02}");
        ids.insert(who.clone(), d.open(app, &who).await);
    }
    ids.insert("tp.a".to_owned(), d.open(app, "tp.a").await);
    // The deputy, acting for the head, cannot decide their own evaluation: it goes up a level
    // to the city, and so belongs to the city's month, not the district's.
    let deputy = d.open(app, "pct.q").await;
    let chain = app
        .get_with_token(&format!("/api/v1/evaluations/{deputy}"), &d.tokens["pct.q"])
        .await
        .json();
    assert_eq!(
        chain["chain"]["decider"]["id"],
        d.people["ct.tp"].id.to_string()
    );
    app.clock.set("2026-11-25T19:00:00Z".parse().unwrap()); // 26 Nov 02:00 +07:00
    for n in 1..=d.staff {
        let who = format!("nv{n:02}");
        let decided = d
            .decide(app, "tp.a", &ids[&who], if is_a(n) { 95.0 } else { 80.0 })
            .await;
        assert_eq!(decided["rank_final"], if is_a(n) { "A" } else { "B" });
    }
    // The deputy stands in for the district head on 26 November: the chain names them.
    d.decide(app, "pct.q", &ids["tp.a"], 85.0).await;
    ids
}

#[actix_web::test]
async fn no_rank_above_the_points_and_the_quota_counts_final_ranks() {
    let app = spawn_app().await;
    let d = district(&app).await;
    let ids = decided_month(&app, &d).await;

    // 80 points adjusted to A: refused, by the one rule decision and correction also use.
    let refused = d
        .adjust(&app, "ct.q", &ids["nv05"], "A")
        .await
        .problem(422, "validation_failed");
    assert_eq!(
        refused["errors"][0]["code"], "rank_above_points",
        "{refused}"
    );

    // 2 A and 10 B: within the quota (2 ≤ 20% of 10), with the numbers shown.
    let group = d.staff_group(&app).await;
    assert_eq!(group["headcount"], 12);
    assert_eq!(
        (&group["quota"]["used_a"], &group["quota"]["ranked_b"]),
        (&json!(2), &json!(10))
    );
    assert_eq!(group["quota"]["over_quota"], false);

    // The unit head lowers one B to C: 2 A against 9 B is over the quota on final ranks.
    let lowered = d.adjust(&app, "ct.q", &ids["nv12"], "C").await;
    assert_eq!(lowered.status, StatusCode::OK, "{}", lowered.text());
    let group = d.staff_group(&app).await;
    assert_eq!(
        (
            &group["quota"]["max_a"],
            &group["quota"]["used_a"],
            &group["quota"]["ranked_b"],
            &group["quota"]["over_quota"]
        ),
        (&json!(1), &json!(2), &json!(9), &json!(true))
    );
    let refused = d.publish(&app, "ct.q").await.problem(409, "quota_exceeded");
    assert_eq!(refused["errors"][0]["field"], "groups.form:15", "{refused}");

    // Restoring up to the points' rank is allowed; lowering an A removes it from the list.
    let restored = d.adjust(&app, "ct.q", &ids["nv12"], "B").await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text());
    let removed_a = d.adjust(&app, "ct.q", &ids["nv02"], "B").await;
    assert_eq!(removed_a.status, StatusCode::OK, "{}", removed_a.text());
    let published = d.publish(&app, "ct.q").await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{}",
        published.text()
    );
    assert_eq!(published.json()["commendations"], 1);
    let list = app
        .get_with_token(
            &format!(
                "/api/v1/units/{}/commendations?period={PERIOD}",
                d.district.id
            ),
            &d.tokens["ct.q"],
        )
        .await;
    let text = list.text();
    assert!(text.contains(&d.people["nv01"].id.to_string()), "{text}");
    assert!(!text.contains(&d.people["nv02"].id.to_string()), "{text}");

    // Frozen as published (Điều 13.2): someone who joins in December, or a post renamed, leaves
    // November's summary, results and commendation list as they were.
    let read = |path: &'static str| {
        let (app, d) = (&app, &d);
        async move {
            let answer = app
                .get_with_token(
                    &format!("/api/v1/units/{}/{path}?period={PERIOD}", d.district.id),
                    &d.tokens["ct.q"],
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
            answer.json()
        }
    };
    let before = (
        read("summary").await,
        read("results").await,
        read("commendations").await,
    );
    {
        use diesel::RunQueryDsl;
        let conn = &mut app.conn();
        let department = org::unit(conn, d.people["nv01"].unit_id).unwrap();
        person(conn, "Chuyên viên Mới", &department, "staff", 15);
        diesel::sql_query(
            "UPDATE people SET position_title = 'Phó Trưởng phòng', full_name = 'Tên Đã Đổi' WHERE id = $1",
        )
        .bind::<diesel::sql_types::Uuid, _>(d.people["nv01"].id)
        .execute(conn)
        .unwrap();
    }
    app.clock.set("2026-12-03T03:00:00Z".parse().unwrap());
    let after = (
        read("summary").await,
        read("results").await,
        read("commendations").await,
    );
    assert_eq!(before, after);
    assert!(!after.0.to_string().contains("Chuyên viên Mới"));

    // A correction of a B to C after publication may not put the group over quota either.
    let corrected = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/corrections", ids["nv11"]),
            &d.tokens["ct.q"],
            Some(json!({"rank": "C", "reason": "Đính chính"})),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text());
    // The frozen summary follows the correction, as a new revision of it.
    let summary = read("summary").await;
    let row = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().iter())
        .find(|m| m["person"]["id"] == d.people["nv11"].id.to_string())
        .unwrap()
        .clone();
    assert_eq!(row["rank_final"], "C");
    let corrected = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/corrections", ids["nv10"]),
            &d.tokens["ct.q"],
            Some(json!({"rank": "A", "reason": "Đính chính"})),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(corrected["errors"][0]["code"], "rank_above_points");
}

#[actix_web::test]
async fn an_acting_head_has_the_heads_powers_while_the_delegation_lasts() {
    let app = spawn_app().await;
    let d = district(&app).await;
    let ids = decided_month(&app, &d).await;

    // The day after the delegation ends, the deputy has no head's power left.
    app.clock.set("2026-11-26T18:00:00Z".parse().unwrap()); // 27 Nov 01:00 +07:00
    d.adjust(&app, "pct.q", &ids["nv02"], "B")
        .await
        .problem(404, "not_found");
    d.publish(&app, "pct.q").await.problem(403, "forbidden");

    // While it lasts, the acting head adjusts and publishes.
    app.clock.set("2026-11-26T03:00:00Z".parse().unwrap()); // 26 Nov 10:00 +07:00
    let adjusted = d.adjust(&app, "pct.q", &ids["nv02"], "B").await;
    assert_eq!(adjusted.status, StatusCode::OK, "{}", adjusted.text());
    let published = d.publish(&app, "pct.q").await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{}",
        published.text()
    );
}

#[actix_web::test]
async fn heads_of_sở_decided_by_the_city_chairman_are_one_quota_group_at_the_city() {
    let app = spawn_app().await;
    let (city, departments, people) = {
        let conn = &mut app.conn();
        let city = unit(conn, "UBND-TP", "city", "government", None);
        let mut people = BTreeMap::new();
        people.insert(
            "ct.tp".to_owned(),
            person(conn, "Chủ tịch UBND Thành phố", &city, "head", 2),
        );
        let mut departments = Vec::new();
        for code in ["SO-NV", "SO-TC", "SO-YT"] {
            let so = unit(conn, code, "agency", "government", Some(&city));
            people.insert(
                format!("gd.{code}"),
                person(conn, &format!("Giám đốc {code}"), &so, "head", 9),
            );
            people.insert(
                format!("cv.{code}"),
                person(conn, &format!("Chuyên viên {code}"), &so, "staff", 15),
            );
            departments.push(so);
        }
        accounts_for(conn, &people);
        (city, departments, people)
    };
    let mut tokens = BTreeMap::new();
    for username in people.keys() {
        tokens.insert(username.clone(), app.tokens(username, PASSWORD).await.0);
    }
    for code in ["SO-NV", "SO-TC", "SO-YT"] {
        let mine = app
            .get_with_token(
                &format!("/api/v1/evaluations/mine?period={PERIOD}"),
                &tokens[&format!("gd.{code}")],
            )
            .await
            .json();
        assert_eq!(
            mine["chain"]["decider"]["id"],
            people["ct.tp"].id.to_string()
        );
    }
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{}/summary?period={PERIOD}", city.id),
            &tokens["ct.tp"],
        )
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text());
    let summary = summary.json();
    let heads: Vec<&Value> = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == "form:9")
        .collect();
    assert_eq!(heads.len(), 1, "{summary}");
    assert_eq!(heads[0]["headcount"], 3, "{summary}");
    // The city's admin can name a group of them: they are people of the city's month.
    let (operator, _) = app.tokens("quantri.q", PASSWORD).await;
    let heads_ids: Vec<String> = ["SO-NV", "SO-TC", "SO-YT"]
        .iter()
        .map(|code| people[&format!("gd.{code}")].id.to_string())
        .collect();
    let named = app
        .call(
            "PUT",
            &format!("/api/v1/units/{}/quota-groups", city.id),
            &operator,
            Some(json!({"groups": [{"name": "Giám đốc sở", "person_ids": heads_ids}]})),
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.text());
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{}/summary?period={PERIOD}", city.id),
            &tokens["ct.tp"],
        )
        .await
        .json();
    let group = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "named:Giám đốc sở")
        .unwrap_or_else(|| panic!("{summary}"))
        .clone();
    assert_eq!(group["headcount"], 3);
    // Each sở's own month no longer holds its head.
    for so in &departments {
        let code = &so.code;
        let own = app
            .get_with_token(
                &format!("/api/v1/units/{}/summary?period={PERIOD}", so.id),
                &tokens[&format!("gd.{code}")],
            )
            .await
            .json();
        let listed: Vec<String> = own["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["members"].as_array().unwrap().iter())
            .map(|m| m["person"]["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            listed,
            vec![people[&format!("cv.{code}")].id.to_string()],
            "{own}"
        );
    }
}

#[actix_web::test]
async fn a_quota_override_lets_four_a_among_nineteen_publish_where_twenty_percent_refuses() {
    let app = spawn_app().await;
    let d = district_of(&app, 19).await;
    decided_month_with(&app, &d, |n| n <= 4).await;
    // 20%: at most ⌊20% × 15⌋ = 3 A against 15 B.
    let refused = d.publish(&app, "ct.q").await.problem(409, "quota_exceeded");
    assert_eq!(refused["errors"][0]["field"], "groups.form:15", "{refused}");
    let set = app
        .call(
            "PUT",
            &format!("/api/v1/units/{}/quota-override", d.district.id),
            &d.tokens["quantri.q"],
            Some(json!({"decision_number": "25/QĐ-UBND", "percent": 40})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    // 40% by decision: ⌊40% × 15⌋ = 6 ≥ 4.
    let published = d.publish(&app, "ct.q").await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{}",
        published.text()
    );
    assert_eq!(published.json()["commendations"], 4);
}

#[actix_web::test]
async fn a_named_quota_groups_own_limit_is_enforced_at_publication() {
    let app = spawn_app().await;
    let d = district(&app).await;
    // 2 A among 12 is within quota as one group; staff 1–5 as their own group of five with one
    // A against four B is not (⌊20% × 4⌋ = 0, and five people is not a small group).
    let ids = decided_month_with(&app, &d, |n| n == 1 || n == 6).await;
    let team: Vec<String> = (1..=5)
        .map(|n| d.people[&format!("nv{n:02}")].id.to_string())
        .collect();
    let saved = app
        .call(
            "PUT",
            &format!("/api/v1/units/{}/quota-groups", d.district.id),
            &d.tokens["quantri.q"],
            Some(json!({"groups": [{"name": "Tổ 1", "person_ids": team}]})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let refused = d.publish(&app, "ct.q").await.problem(409, "quota_exceeded");
    assert_eq!(refused["errors"].as_array().unwrap().len(), 1, "{refused}");
    assert_eq!(
        refused["errors"][0]["field"], "groups.named:Tổ 1",
        "{refused}"
    );
    // Lowering that A to B settles it.
    let lowered = d.adjust(&app, "ct.q", &ids["nv01"], "B").await;
    assert_eq!(lowered.status, StatusCode::OK, "{}", lowered.text());
    let published = d.publish(&app, "ct.q").await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{}",
        published.text()
    );
}
