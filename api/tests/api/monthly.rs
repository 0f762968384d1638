//! A whole month in a department of 22 (issue: the monthly cycle): self-assessments, deputy
//! reviews, head decisions, a return and resubmission, a late submit and its extension, an
//! over-quota publication refused with the group named, a quota lowering, an adjustment,
//! publication, results for a member, and a correction keeping both revisions.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use api::auth::password;
use diesel::PgConnection;
use persistence::models::accounts::NewAccount;
use persistence::models::org::{Person, Unit};
use persistence::queries::{accounts, audit, org};
use serde_json::{Value, json};

use crate::fixture::{PASSWORD, person, unit};
use crate::helpers::{Answer, TestApp, spawn_app};

const PERIOD: &str = "2026-11";

pub(crate) struct Month {
    pub(crate) district: Unit,
    pub(crate) tokens: BTreeMap<String, String>,
    pub(crate) people: BTreeMap<String, Person>,
}

pub(crate) fn accounts_for(conn: &mut PgConnection, people: &BTreeMap<String, Person>) {
    let hash = password::hash(PASSWORD).unwrap();
    for (username, person) in people {
        accounts::create(
            conn,
            &NewAccount {
                username,
                password_hash: &hash,
                person_id: Some(person.id),
                must_change_password: false,
            },
            &[],
        )
        .unwrap();
    }
    accounts::create(
        conn,
        &NewAccount {
            username: "quantri.q",
            password_hash: &hash,
            person_id: None,
            must_change_password: false,
        },
        &[("operator", None, None)],
    )
    .unwrap();
}

pub(crate) async fn build(app: &TestApp) -> Month {
    let conn = &mut app.conn();
    let city = unit(conn, "TP", "city", "government", None);
    let district = unit(conn, "Q", "district", "government", Some(&city));
    let department = unit(conn, "Q-A", "department", "government", Some(&district));
    let mut people = BTreeMap::new();
    people.insert(
        "ct.tp".to_owned(),
        person(conn, "Chủ tịch Thành phố", &city, "head", 6),
    );
    people.insert(
        "ct.q".to_owned(),
        person(conn, "Chủ tịch Quận", &district, "head", 9),
    );
    people.insert(
        "tp.a".to_owned(),
        person(conn, "Trưởng phòng A", &department, "head", 12),
    );
    people.insert(
        "pp1.a".to_owned(),
        person(conn, "Phó phòng Một", &department, "deputy", 12),
    );
    people.insert(
        "pp2.a".to_owned(),
        person(conn, "Phó phòng Hai", &department, "deputy", 12),
    );
    for n in 1..=19 {
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
    // Deputy one is in charge of staff 1–10, deputy two of 11–19.
    let staff = |range: std::ops::RangeInclusive<u32>| {
        range
            .map(|n| people[&format!("nv{n:02}")].id)
            .collect::<Vec<_>>()
    };
    org::set_in_charge(conn, people["pp1.a"].id, None, Some(&staff(1..=10))).unwrap();
    org::set_in_charge(conn, people["pp2.a"].id, None, Some(&staff(11..=19))).unwrap();
    accounts_for(conn, &people);
    let mut tokens = BTreeMap::new();
    for username in people.keys().chain(["quantri.q".to_owned()].iter()) {
        tokens.insert(username.clone(), app.tokens(username, PASSWORD).await.0);
    }
    Month {
        district,
        tokens,
        people,
    }
}

/// Scores reaching `total` on a form: leaves filled in order up to their maxima (deductions 0).
/// The district's published ranks as `GET /stats/ranks` counts them: the total and A–D.
async fn rank_counts(app: &TestApp, unit: impl std::fmt::Display, token: &str) -> (u64, [u64; 4]) {
    let answer = app
        .get_with_token(
            &format!("/api/v1/stats/ranks?unit_id={unit}&group_by=period&period_from={PERIOD}&period_to={PERIOD}"),
            token,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let row = &answer.json()["rows"][0];
    assert_eq!(row["key"], PERIOD);
    let n = |rank: &str| row["counts"][rank].as_u64().unwrap();
    (
        row["total"].as_u64().unwrap(),
        [n("A"), n("B"), n("C"), n("D")],
    )
}

pub(crate) async fn scores_for(app: &TestApp, token: &str, form_code: i64, total: f64) -> Value {
    let form = app
        .get_with_token(&format!("/api/v1/forms/{form_code}"), token)
        .await
        .json();
    let criteria = form["criteria"].as_array().unwrap();
    let is_parent = |id: &Value| criteria.iter().any(|c| c["parent_id"] == *id);
    let mut left = total;
    let mut scores = Vec::new();
    for c in criteria
        .iter()
        .filter(|c| !is_parent(&c["id"]) && c["kind"] != "deduction")
    {
        let give = left.min(c["max_points"].as_f64().unwrap());
        left -= give;
        scores.push(json!({"criterion_id": c["id"], "points": (give * 10.0).round() / 10.0}));
    }
    json!(scores)
}

pub(crate) async fn etag_of(app: &TestApp, token: &str, id: &str) -> String {
    let answer = app
        .get_with_token(&format!("/api/v1/evaluations/{id}"), token)
        .await;
    answer
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

pub(crate) async fn with_etag(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    etag: &str,
    body: Option<Value>,
) -> Answer {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .insert_header(("If-Match", etag));
    app.send(request, body.as_ref()).await
}

/// Saves a self-assessment of `total` points on evaluation `id` (of form `form_code`).
pub(crate) async fn save_self(app: &TestApp, token: &str, id: &str, form_code: i64, total: f64) {
    let scores = scores_for(app, token, form_code, total).await;
    let etag = etag_of(app, token, id).await;
    let saved = with_etag(
        app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": scores, "comment": "Hoàn thành kế hoạch tháng"})),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
}

impl Month {
    async fn mine(&self, app: &TestApp, who: &str) -> Value {
        let answer = app
            .get_with_token(
                &format!("/api/v1/evaluations/mine?period={PERIOD}"),
                &self.tokens[who],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{who}: {}", answer.text());
        answer.json()
    }

    pub(crate) async fn self_assess(&self, app: &TestApp, who: &str, total: f64) -> String {
        let evaluation = self.mine(app, who).await;
        let id = evaluation["id"].as_str().unwrap().to_owned();
        let form_code = evaluation["form_code"].as_i64().unwrap();
        save_self(app, &self.tokens[who], &id, form_code, total).await;
        id
    }

    pub(crate) async fn submit(&self, app: &TestApp, who: &str, id: &str) -> Answer {
        app.call(
            "POST",
            &format!("/api/v1/evaluations/{id}/submit"),
            &self.tokens[who],
            None,
        )
        .await
    }

    pub(crate) async fn review(&self, app: &TestApp, reviewer: &str, id: &str, total: f64) {
        let token = &self.tokens[reviewer];
        let scores = scores_for(app, token, 15, total).await;
        let etag = etag_of(app, token, id).await;
        let saved = with_etag(
            app,
            "PUT",
            &format!("/api/v1/evaluations/{id}/review"),
            token,
            &etag,
            Some(json!({"scores": scores, "comment": "Đồng ý"})),
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{reviewer}: {}", saved.text());
        let submitted = app
            .call(
                "POST",
                &format!("/api/v1/evaluations/{id}/review/submit"),
                token,
                None,
            )
            .await;
        assert_eq!(submitted.json()["state"], "reviewed");
    }

    pub(crate) async fn decide(
        &self,
        app: &TestApp,
        decider: &str,
        id: &str,
        form: i64,
        total: f64,
        rank: Option<&str>,
    ) -> Answer {
        let token = &self.tokens[decider];
        let scores = scores_for(app, token, form, total).await;
        let etag = etag_of(app, token, id).await;
        let mut body = json!({"scores": scores, "comment": "Quyết định xếp loại"});
        if let Some(rank) = rank {
            body["rank"] = json!(rank);
        }
        with_etag(
            app,
            "PUT",
            &format!("/api/v1/evaluations/{id}/decision"),
            token,
            &etag,
            Some(body),
        )
        .await
    }
}

fn reviewer_of(n: u32) -> &'static str {
    if n <= 10 { "pp1.a" } else { "pp2.a" }
}

#[actix_web::test]
async fn a_full_month_in_a_department_of_twenty_two() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let mut ids: BTreeMap<String, String> = BTreeMap::new();

    // Self-assessments on 22 November: staff 1–4 claim 95, the rest 80; leaders 92.
    for n in 1..=19 {
        let who = format!("nv{n:02}");
        let id = m
            .self_assess(&app, &who, if n <= 4 { 95.0 } else { 80.0 })
            .await;
        if n != 19 {
            let submitted = m.submit(&app, &who, &id).await;
            assert_eq!(submitted.json()["state"], "self_submitted", "{who}");
        }
        ids.insert(who, id);
    }
    for who in ["tp.a", "pp1.a", "pp2.a", "ct.q"] {
        let id = m.self_assess(&app, who, 92.0).await;
        assert_eq!(m.submit(&app, who, &id).await.status, StatusCode::OK);
        ids.insert(who.to_owned(), id);
    }
    let first = app
        .get_with_token(
            &format!("/api/v1/evaluations/{}", ids["nv01"]),
            &m.tokens["nv01"],
        )
        .await
        .json();
    assert_eq!(first["chain"]["rule"], "department_staff_large");
    assert_eq!(
        first["chain"]["reviewer"]["id"],
        m.people["pp1.a"].id.to_string()
    );
    assert_eq!(
        first["chain"]["decider"]["id"],
        m.people["tp.a"].id.to_string()
    );
    assert_eq!(first["rank_self"], "A");

    // A return with its reason, and the resubmission.
    let returned = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/return", ids["nv05"]),
            &m.tokens["tp.a"],
            Some(json!({"reason": "Bổ sung minh chứng công việc"})),
        )
        .await;
    assert_eq!(returned.json()["state"], "draft");
    app.call(
        "POST",
        &format!("/api/v1/evaluations/{}/return", ids["nv06"]),
        &m.tokens["nv06"],
        Some(json!({"reason": "x"})),
    )
    .await
    .problem(403, "forbidden");
    assert_eq!(
        m.submit(&app, "nv05", &ids["nv05"]).await.json()["state"],
        "self_submitted"
    );

    // Staff 19 submits on the 25th: closed; an extension opens it for them alone.
    app.clock.set("2026-11-24T18:00:00Z".parse().unwrap()); // 25 Nov 01:00 +07:00
    let late = m
        .submit(&app, "nv19", &ids["nv19"])
        .await
        .problem(409, "window_closed");
    assert!(
        late["detail"].as_str().unwrap().contains("25/11/2026"),
        "{late}"
    );
    let extension = app
        .call("POST", &format!("/api/v1/periods/{PERIOD}/extensions"), &m.tokens["quantri.q"], Some(json!({"person_id": m.people["nv19"].id, "step": "self", "until": "2026-11-26T00:00:00+07:00"})))
        .await;
    assert_eq!(
        extension.status,
        StatusCode::CREATED,
        "{}",
        extension.text()
    );
    let extended = m.submit(&app, "nv19", &ids["nv19"]).await.json();
    assert_eq!(extended["state"], "self_submitted");
    assert!(
        extended["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("extended"))
    );

    // Deputies review their staff; the head decides: staff 1–4 at 95 (A), the rest 80 (B).
    for n in 1..=19 {
        let who = format!("nv{n:02}");
        m.review(
            &app,
            reviewer_of(n),
            &ids[&who],
            if n <= 4 { 95.0 } else { 80.0 },
        )
        .await;
        let decided = m
            .decide(
                &app,
                "tp.a",
                &ids[&who],
                15,
                if n <= 4 { 95.0 } else { 80.0 },
                None,
            )
            .await;
        assert_eq!(decided.status, StatusCode::OK, "{who}: {}", decided.text());
        assert_eq!(decided.json()["rank_final"], if n <= 4 { "A" } else { "B" });
    }
    // A deputy may not decide; the head decides the deputies; the unit head decides the head.
    m.decide(&app, "pp1.a", &ids["nv01"], 15, 90.0, None)
        .await
        .problem(403, "forbidden");
    for who in ["pp1.a", "pp2.a"] {
        assert_eq!(
            m.decide(&app, "tp.a", &ids[who], 12, 85.0, None)
                .await
                .status,
            StatusCode::OK
        );
    }
    assert_eq!(
        m.decide(&app, "ct.q", &ids["tp.a"], 12, 91.0, None)
            .await
            .json()["rank_final"],
        "A"
    );
    assert_eq!(
        m.decide(&app, "ct.tp", &ids["ct.q"], 9, 88.0, None)
            .await
            .json()["rank_final"],
        "B"
    );

    // Four A among nineteen: over the quota (max 3); publication is refused, naming the group.
    let district = m.district.id;
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    let staff_group = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "form:15")
        .unwrap()
        .clone();
    assert_eq!(
        (
            staff_group["headcount"].as_u64(),
            staff_group["quota"]["max_a"].as_u64(),
            staff_group["quota"]["used_a"].as_u64()
        ),
        (Some(19), Some(3), Some(4))
    );
    assert_eq!(staff_group["quota"]["over_quota"], true);
    let refused = app
        .call(
            "POST",
            &format!("/api/v1/units/{district}/publications"),
            &m.tokens["ct.q"],
            Some(json!({"period": PERIOD})),
        )
        .await
        .problem(409, "quota_exceeded");
    assert_eq!(refused["errors"].as_array().unwrap().len(), 1);
    assert_eq!(refused["errors"][0]["field"], "groups.form:15");

    // The head lowers staff 4 to B: marked "qualified for A, ranked B by quota".
    let lowered = m
        .decide(&app, "tp.a", &ids["nv04"], 15, 95.0, Some("B"))
        .await
        .json();
    assert_eq!(
        (
            lowered["rank_by_points"].as_str(),
            lowered["rank_final"].as_str()
        ),
        (Some("A"), Some("B"))
    );
    m.decide(&app, "tp.a", &ids["nv04"], 15, 80.0, Some("A"))
        .await
        .problem(422, "validation_failed");
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    let staff_group = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "form:15")
        .unwrap()
        .clone();
    assert_eq!(staff_group["quota"]["over_quota"], false);
    let marked: Vec<&Value> = staff_group["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["qualified_a"] == true)
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["person"]["id"], m.people["nv04"].id.to_string());

    // The unit head adjusts one rank before publication, with a reason.
    let adjusted = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/adjust", ids["nv10"]),
            &m.tokens["ct.q"],
            Some(json!({"rank": "C", "reason": "Vi phạm quy chế làm việc"})),
        )
        .await;
    assert_eq!(adjusted.status, StatusCode::OK, "{}", adjusted.text());
    assert_eq!(adjusted.json()["rank_final"], "C");
    app.call(
        "POST",
        &format!("/api/v1/evaluations/{}/adjust", ids["nv11"]),
        &m.tokens["tp.a"],
        Some(json!({"rank": "C", "reason": "x"})),
    )
    .await
    .problem(403, "forbidden");

    // Only the unit head publishes; everyone is decided now.
    app.call(
        "POST",
        &format!("/api/v1/units/{district}/publications"),
        &m.tokens["tp.a"],
        Some(json!({"period": PERIOD})),
    )
    .await
    .problem(403, "forbidden");
    let published = app
        .call(
            "POST",
            &format!("/api/v1/units/{district}/publications"),
            &m.tokens["ct.q"],
            Some(json!({"period": PERIOD})),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::CREATED,
        "{}",
        published.text()
    );
    // 19 staff and the department's three leaders; the district head, decided by the city
    // chairman, belongs to the city's month (quota groups at the deciding level).
    assert_eq!(published.json()["evaluations"], 22);
    assert_eq!(
        published.json()["commendations"],
        4,
        "three staff and the department head"
    );
    app.call(
        "POST",
        &format!("/api/v1/units/{district}/publications"),
        &m.tokens["ct.q"],
        Some(json!({"period": PERIOD})),
    )
    .await
    .problem(409, "already_published");
    // The statistics count what was just published (issue 11): 22 ranked, 4 of them A.
    let counted = rank_counts(&app, district, &m.tokens["ct.q"]).await;
    assert_eq!((counted.0, counted.1[0]), (22, 4), "{counted:?}");
    // Each step against the district's deadlines: staff 19 self-assessed after the 25th (under
    // an extension), everything else on time.
    let completion = app
        .get_with_token(
            &format!("/api/v1/stats/completion?unit_id={district}&period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await;
    assert_eq!(completion.status, StatusCode::OK, "{}", completion.text());
    let rows = completion.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row["unit"]["id"], district.to_string());
    assert_eq!(row["evaluations"], 22);
    let step = |name: &str| {
        let s = &row[name];
        (
            s["expected"].as_u64().unwrap(),
            s["done"].as_u64().unwrap(),
            s["on_time"].as_u64().unwrap(),
        )
    };
    let (expected, done, on_time) = step("self_assessed");
    assert_eq!((expected, done - on_time), (22, 1), "{row}");
    assert_eq!(
        row["self_assessed"]["deadline"],
        "2026-11-25T00:00:00+07:00"
    );
    assert_eq!(step("decided"), (22, 22, 22));
    assert_eq!(step("published"), (22, 22, 22));
    let (to_review, reviewed, reviewed_on_time) = step("reviewed");
    assert!(
        to_review >= 19 && reviewed <= to_review && reviewed_on_time <= reviewed,
        "{row}"
    );
    app.get_with_token(
        &format!("/api/v1/stats/completion?unit_id={district}&period={PERIOD}"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");
    // The same as XLSX, for the unit's report; audited; not for a member.
    let xlsx = app
        .get_with_token(
            &format!("/api/v1/stats/completion.xlsx?unit_id={district}&period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.text());
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
        let sheet = book.worksheet_range("Tiến độ").unwrap();
        let text = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert!(
            text(0, 0).starts_with("TIẾN ĐỘ ĐÁNH GIÁ, XẾP LOẠI THÁNG 11/2026"),
            "{}",
            text(0, 0)
        );
        assert_eq!(
            [text(4, 2), text(4, 3), text(4, 4), text(4, 9), text(4, 10)],
            [
                "22".to_owned(),
                format!("{done}/22"),
                (done - 1).to_string(),
                "22/22".to_owned(),
                "22".to_owned()
            ]
        );
    }
    crate::helpers::keep_sample(
        "completion.xlsx",
        &xlsx.body,
        json!({"sheet": "Tiến độ", "rows": 1, "header_row": 4, "cells": {
            "B4": "Đơn vị", "C5": "22", "J5": "22/22",
        }}),
    );
    app.get_with_token(
        &format!("/api/v1/stats/completion.xlsx?unit_id={district}&period={PERIOD}"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");

    // A member sees the published list; someone outside does not.
    let results = app
        .get_with_token(
            &format!("/api/v1/units/{district}/results?period={PERIOD}"),
            &m.tokens["nv07"],
        )
        .await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.text());
    let results = results.json();
    assert_eq!(results["results"].as_array().unwrap().len(), 22);
    let nv10 = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person"]["id"] == m.people["nv10"].id.to_string())
        .unwrap();
    assert_eq!(nv10["rank"], "C");
    assert_eq!(nv10["rank_label"], "Hoàn thành nhiệm vụ");
    app.get_with_token(
        &format!("/api/v1/units/{district}/results?period=2026-10"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");
    let commendations = app
        .get_with_token(
            &format!("/api/v1/units/{district}/commendations?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    assert_eq!(commendations["items"].as_array().unwrap().len(), 4);

    // Exports in the official layouts, each audited.
    let xlsx = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary.xlsx?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.body.starts_with(b"PK"));
    crate::helpers::keep_sample(
        "summary.xlsx",
        &xlsx.body,
        json!({
            "sheet": "Tổng hợp",
            "contains": [
                "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ LAO ĐỘNG HỢP ĐỒNG",
                "Chuyên viên 01",
                "Phó phòng Một",
                "Trưởng phòng A",
                "Đủ điều kiện A, xếp B do chỉ tiêu",
            ],
        }),
    );
    // The heading names contract workers with the CBCCVC (Điều 10.4, form 19).
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
        let sheet = book.worksheet_range("Tổng hợp").unwrap();
        let heading = sheet.get_value((0, 0)).unwrap().to_string();
        assert!(
            heading.ends_with("CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ LAO ĐỘNG HỢP ĐỒNG"),
            "{heading}"
        );
    }
    app.get_with_token(
        &format!("/api/v1/units/{district}/summary.xlsx?period={PERIOD}"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");
    let pdf = app
        .get_with_token(
            &format!("/api/v1/evaluations/{}/form.pdf", ids["nv01"]),
            &m.tokens["nv01"],
        )
        .await;
    assert_eq!(
        (pdf.status, pdf.content_type.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    assert!(pdf.body.starts_with(b"%PDF"));
    crate::helpers::keep_sample(
        "form.pdf",
        &pdf.body,
        json!({"text_contains": [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "PHIẾU ĐÁNH GIÁ, XẾP LOẠI",
            "Họ và tên: Chuyên viên 01",
            "Ý thức tổ chức kỷ luật",
            "Tự xếp loại",
        ]}),
    );
    app.get_with_token(
        &format!("/api/v1/evaluations/{}/form.pdf", ids["nv01"]),
        &m.tokens["nv02"],
    )
    .await
    .problem(404, "not_found");
    let exports =
        persistence::queries::audit::for_entity(&mut app.conn(), "evaluation", &ids["nv01"])
            .unwrap();
    assert!(exports.iter().any(|e| e.action == "export.form_pdf"));

    // The quota holds after publication too: staff 4 (lowered to B by quota) cannot become A.
    app.call(
        "POST",
        &format!("/api/v1/evaluations/{}/corrections", ids["nv04"]),
        &m.tokens["tp.a"],
        Some(json!({"rank": "A", "reason": "x"})),
    )
    .await
    .problem(409, "quota_exceeded");

    // A correction before the list is sent takes the person off it (staff 3 was an A).
    let corrected = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/corrections", ids["nv03"]),
            &m.tokens["tp.a"],
            Some(json!({"rank": "B", "reason": "Đính chính"})),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text());
    let listed = app
        .get_with_token(
            &format!("/api/v1/units/{district}/commendations?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 3);

    // The head edits the commendation list with reasons, then sends it up; it is kept as sent.
    let edited = app
        .call("PUT", &format!("/api/v1/units/{district}/commendations"), &m.tokens["ct.q"], Some(json!({"period": PERIOD, "items": [{"person_id": m.people["nv01"].id, "reason": "Hoàn thành xuất sắc dự án trọng điểm"}]})))
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    let sent = app
        .call(
            "POST",
            &format!("/api/v1/units/{district}/commendations/send"),
            &m.tokens["ct.q"],
            Some(json!({"period": PERIOD})),
        )
        .await
        .json();
    assert!(sent["sent_at"].is_string());
    assert_eq!(sent["items"].as_array().unwrap().len(), 1);
    // The list as sent, as XLSX for the level above; a member of the unit may not export it.
    let list = app
        .get_with_token(
            &format!("/api/v1/units/{district}/commendations.xlsx?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(list.body.clone())).unwrap();
        let sheet = book.worksheet_range("Khen thưởng").unwrap();
        let text = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert!(
            text(0, 0)
                .starts_with("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THÁNG 11/2026 – Đơn vị Q (đã gửi lúc "),
            "{}",
            text(0, 0)
        );
        assert_eq!(
            [text(4, 1), text(4, 2), text(4, 3)],
            [
                "Chuyên viên 01",
                "Chuyên viên",
                "Hoàn thành xuất sắc dự án trọng điểm"
            ]
        );
        assert_eq!(text(5, 1), "");
    }
    crate::helpers::keep_sample(
        "commendations.xlsx",
        &list.body,
        json!({"sheet": "Khen thưởng", "rows": 1, "header_row": 4, "cells": {
            "B4": "Họ và tên", "B5": "Chuyên viên 01", "D5": "Hoàn thành xuất sắc dự án trọng điểm",
        }}),
    );
    app.get_with_token(
        &format!("/api/v1/units/{district}/commendations.xlsx?period={PERIOD}"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");
    // The same list as PDF in the official layout, for the level above; audited like the XLSX.
    let pdf = app
        .get_with_token(
            &format!("/api/v1/units/{district}/commendations.pdf?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await;
    assert_eq!(
        (pdf.status, pdf.content_type.as_str()),
        (StatusCode::OK, "application/pdf"),
        "{}",
        pdf.text()
    );
    assert!(pdf.body.starts_with(b"%PDF"));
    crate::helpers::keep_sample(
        "commendations.pdf",
        &pdf.body,
        json!({"layout": "list", "pages": 1, "table_rows": 1, "text_contains": [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THÁNG 11/2026",
            "Thành tích đề nghị khen thưởng",
            "Chuyên viên 01",
            "Hoàn thành xuất sắc dự án trọng điểm",
            "Tổng số: 1 người",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "Trang 1/1",
        ]}),
    );
    app.get_with_token(
        &format!("/api/v1/units/{district}/commendations.pdf?period={PERIOD}"),
        &m.tokens["nv07"],
    )
    .await
    .problem(404, "not_found");
    let exported: Vec<String> = persistence::queries::audit::for_entity(
        &mut app.conn(),
        "export",
        &format!("units/{district}/commendations"),
    )
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect();
    assert_eq!(
        exported,
        ["export.commendations_xlsx", "export.commendations_pdf"]
    );
    app.call(
        "PUT",
        &format!("/api/v1/units/{district}/commendations"),
        &m.tokens["ct.q"],
        Some(json!({"period": PERIOD, "items": []})),
    )
    .await
    .problem(409, "already_sent");

    // A correction after publication keeps the old revision whole and re-publishes.
    let corrected = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{}/corrections", ids["nv12"]),
            &m.tokens["tp.a"],
            Some(json!({"rank": "C", "reason": "Phát hiện sai sót sau công bố"})),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text());
    let corrected = corrected.json();
    assert_eq!(
        (
            corrected["revision"].as_i64(),
            corrected["state"].as_str(),
            corrected["rank_final"].as_str()
        ),
        (Some(2), Some("published"), Some("C"))
    );
    assert_eq!(corrected["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(corrected["revisions"][0]["revision"], 1);
    assert_eq!(corrected["revisions"][0]["rank_final"], "B");
    // Both corrections are counted: staff 3 from A to B, staff 12 from B to C.
    let recounted = rank_counts(&app, district, &m.tokens["ct.q"]).await;
    assert_eq!(recounted.0, 22);
    assert_eq!(
        recounted.1,
        [
            counted.1[0] - 1,
            counted.1[1] + 1 - 1,
            counted.1[2] + 1,
            counted.1[3]
        ]
    );
    let results = app
        .get_with_token(
            &format!("/api/v1/units/{district}/results?period={PERIOD}"),
            &m.tokens["nv07"],
        )
        .await
        .json();
    let nv12 = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person"]["id"] == m.people["nv12"].id.to_string())
        .unwrap();
    assert_eq!(
        (nv12["rank"].as_str(), nv12["revision"].as_i64()),
        (Some("C"), Some(2))
    );

    // The history tells the story, and the audit trail holds every step intact.
    let history = app
        .get_with_token(
            &format!("/api/v1/evaluations/{}", ids["nv05"]),
            &m.tokens["nv05"],
        )
        .await
        .json()["history"]
        .clone();
    let steps: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["transition"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "save_self",
            "submit",
            "return",
            "submit",
            "save_review",
            "submit_review",
            "decide",
            "publish"
        ]
    );
    assert!(
        audit::verify(&mut app.conn())
            .unwrap()
            .first_broken_id
            .is_none()
    );
}

#[actix_web::test]
async fn stale_writes_and_repeated_posts_change_nothing() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let id = m.self_assess(&app, "nv01", 80.0).await;
    let token = &m.tokens["nv01"];
    let etag = etag_of(&app, token, &id).await;
    let scores = scores_for(&app, token, 15, 60.0).await;

    // Two tabs: the first write wins, the second (same ETag) is refused and changes nothing.
    let first = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": scores})),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    let stale = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": scores_for(&app, token, 15, 99.0).await})),
    )
    .await;
    stale.problem(412, "version_conflict");
    let stored = app
        .get_with_token(&format!("/api/v1/evaluations/{id}"), token)
        .await
        .json();
    assert_eq!(stored["totals"]["self"], 60.0);
    // A write answers with the whole history, its own step last, as a read of it gives it (the
    // write reads it in the statement that writes the step).
    let written = first.json();
    assert_eq!(written["history"], stored["history"]);
    let steps = written["history"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(
        (steps[1]["transition"].as_str(), steps[1]["to"].as_str()),
        (Some("save_self"), Some("draft"))
    );
    // Without If-Match a PUT is refused.
    app.call(
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        Some(json!({"scores": scores})),
    )
    .await
    .problem(428, "precondition_required");
    // Bad scores name the criterion.
    let over = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &stored["version"].to_string(),
        Some(json!({"scores": [{"criterion_id": "I.1", "points": 10.55}]})),
    )
    .await;
    let body = over.problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "scores.I.1");

    // The same Idempotency-Key acts once and answers the same.
    let submit = || {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/evaluations/{id}/submit")))
            .bearer_auth(token)
            .insert_header(("Idempotency-Key", "submit-nv01-2026-11"));
        app.send(request, None)
    };
    let once = submit().await;
    assert_eq!(once.status, StatusCode::OK);
    let twice = submit().await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.headers.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(once.json()["version"], twice.json()["version"]);
    assert_eq!(submits_of(&app, &id, token).await, 1);
    // Without the key a second submit is an invalid transition.
    m.submit(&app, "nv01", &id)
        .await
        .problem(409, "invalid_transition");

    // A read takes its caller's session in the statement that reads the evaluation: one that
    // does not exist is 404 to a signed-in caller (and 401 once the session ends, below).
    let missing = format!("/api/v1/evaluations/{}", uuid::Uuid::new_v4());
    app.get_with_token(&missing, token)
        .await
        .problem(404, "not_found");

    // Once the session has ended (revoked by an administrator), a save is refused and the key
    // replays nothing; reads are refused too, whether or not what they name exists.
    let etag = etag_of(&app, token, &id).await;
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "UPDATE sessions SET revoked_at = now() WHERE account_id = \
             (SELECT id FROM accounts WHERE username = 'nv01')",
        )
        .execute(&mut app.conn())
        .unwrap();
    }
    submit().await.problem(401, "unauthorized");
    with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": scores})),
    )
    .await
    .problem(401, "unauthorized");
    for path in [
        format!("/api/v1/evaluations/{id}"),
        missing,
        "/api/v1/evaluations/mine?period=2026-11".to_owned(),
        "/api/v1/evaluations/mine?period=2026-12".to_owned(),
    ] {
        app.get_with_token(&path, token)
            .await
            .problem(401, "unauthorized");
    }
}

/// Issue 13: for each of nineteen people, two saves with the same ETag and a submission sent at
/// once. A save or a submission reads its evaluation without a lock and writes only if the
/// version it read has not moved: the submission, which names no version, runs again (locked)
/// when a save moved it, so it always goes through; of the two saves at most one does, and the
/// other, like a save that comes after the submission, is 412. The history has one event for
/// each step answered 200.
#[actix_web::test]
async fn steps_sent_at_once_on_one_evaluation_each_apply_once() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let people: Vec<String> = (1..=19).map(|n| format!("nv{n:02}")).collect();
    let mut ids = Vec::new();
    for who in &people {
        ids.push(m.self_assess(&app, who, 80.0).await);
    }
    let races = people.iter().zip(&ids).map(|(who, id)| {
        let (app, m) = (&app, &m);
        async move {
            let token = &m.tokens[who];
            let etag = etag_of(app, token, id).await;
            let scores = scores_for(app, token, 15, 70.0).await;
            let path = format!("/api/v1/evaluations/{id}/self");
            let save = || {
                with_etag(
                    app,
                    "PUT",
                    &path,
                    token,
                    &etag,
                    Some(json!({"scores": scores})),
                )
            };
            let (first, second, submitted) =
                futures_util::future::join3(save(), save(), m.submit(app, who, id)).await;
            (who, id, [first, second], submitted)
        }
    });
    for (who, id, saves, submitted) in futures_util::future::join_all(races).await {
        assert_eq!(
            submitted.status,
            StatusCode::OK,
            "{who}: {}",
            submitted.text()
        );
        let saved = saves.iter().filter(|s| s.status == StatusCode::OK).count();
        assert!(saved <= 1, "{who}: both saves with one ETag went through");
        for refused in saves.iter().filter(|s| s.status != StatusCode::OK) {
            refused.problem(412, "version_conflict");
        }
        let stored = app
            .get_with_token(&format!("/api/v1/evaluations/{id}"), &m.tokens[who])
            .await
            .json();
        assert_eq!(stored["state"], "self_submitted", "{who}");
        // A save that went through came before the submission (a submitted evaluation takes none).
        let total = if saved == 1 { 70.0 } else { 80.0 };
        assert_eq!(stored["totals"]["self"], total, "{who}");
        let steps = |transition: &str| {
            stored["history"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|h| h["transition"] == transition)
                .count()
        };
        assert_eq!(
            (steps("save_self"), steps("submit")),
            (1 + saved, 1),
            "{who}"
        );
    }
}

/// A decider who returns a decided evaluation takes the decision back: its ranks and the times
/// of its steps are gone from the evaluation, not kept beside a draft.
#[actix_web::test]
async fn a_return_after_a_decision_clears_the_decision() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let id = m.self_assess(&app, "nv05", 80.0).await;
    assert_eq!(m.submit(&app, "nv05", &id).await.status, StatusCode::OK);
    m.review(&app, reviewer_of(5), &id, 80.0).await;
    let decided = m.decide(&app, "tp.a", &id, 15, 80.0, None).await.json();
    assert_eq!(decided["rank_final"], "B", "{decided}");
    let returned = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{id}/return"),
            &m.tokens["tp.a"],
            Some(json!({"reason": "Đánh giá lại tiêu chí II"})),
        )
        .await
        .json();
    assert_eq!(returned["state"], "draft", "{returned}");
    let stored = app
        .get_with_token(&format!("/api/v1/evaluations/{id}"), &m.tokens["nv05"])
        .await
        .json();
    for field in ["rank_final", "rank_by_points"] {
        assert!(stored[field].is_null(), "{field}: {stored}");
    }
    let row =
        persistence::queries::evaluations::find(&mut app.conn(), id.parse().unwrap()).unwrap();
    assert_eq!((row.rank_final, row.rank_by_points), (None, None));
    assert_eq!(
        (row.decided_at, row.reviewed_at, row.self_submitted_at),
        (None, None, None)
    );
}

/// How many times an evaluation's history says it was submitted.
async fn submits_of(app: &TestApp, id: &str, token: &str) -> usize {
    let stored = app
        .get_with_token(&format!("/api/v1/evaluations/{id}"), token)
        .await
        .json();
    stored["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["transition"] == "submit")
        .count()
}

/// Issue 13: a request that has not answered within the key's lease loses its key to a retry.
/// If it was only slow and goes on, it commits nothing (409), the retry's change and answer
/// stand, and the key replays that answer.
#[actix_web::test]
async fn a_slow_request_that_lost_its_key_to_a_retry_commits_nothing() {
    use diesel::RunQueryDsl;
    use secrecy::ExposeSecret;
    use std::time::Duration;

    use crate::faults::{hold_lock, waiting_on_locks};

    let app = spawn_app().await;
    let m = build(&app).await;
    let id = m.self_assess(&app, "nv01", 80.0).await;
    let token = m.tokens["nv01"].clone();
    let submit = || {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/evaluations/{id}/submit")))
            .bearer_auth(&token)
            .insert_header(("Idempotency-Key", "slow-submit"))
            .insert_header(("Content-Type", "application/json"))
            .timeout(Duration::from_secs(60));
        actix_web::rt::spawn(async move {
            let mut response = request.send_body("{}").await.unwrap();
            let replayed = response.headers().contains_key("idempotent-replayed");
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (response.status().as_u16(), replayed, body)
        })
    };
    let waiting = |n: i64| {
        let mut conn = app.conn();
        async move {
            for _ in 0..500 {
                if waiting_on_locks(&mut conn) >= n {
                    break;
                }
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
            }
            assert_eq!(waiting_on_locks(&mut conn), n);
        }
    };

    // The evaluation's row is held, so the first request waits in its transaction.
    let (release, holder) = hold_lock(
        app.config.database_url.expose_secret(),
        &format!("SELECT 1 FROM evaluations WHERE id = '{id}' FOR UPDATE"),
    );
    let slow = submit();
    waiting(1).await;
    // Its lease runs out; the retry takes the key over and queues behind it for the row.
    diesel::sql_query(
        "UPDATE idempotency_keys SET created_at = created_at - interval '31 seconds'",
    )
    .execute(&mut app.conn())
    .unwrap();
    let retry = submit();
    waiting(2).await;
    release.send(()).unwrap();
    holder.join().unwrap();

    let (status, _, body) = slow.await.unwrap();
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "request_in_progress");
    let (status, replayed, body) = retry.await.unwrap();
    assert_eq!((status, replayed), (200, false), "{body}");
    assert_eq!(body["state"], "self_submitted");
    let (status, replayed, again) = submit().await.unwrap();
    assert_eq!((status, replayed), (200, true), "{again}");
    assert_eq!(again["version"], body["version"]);
    assert_eq!(submits_of(&app, &id, &token).await, 1);
}

/// A stale claim on a key (its lease taken over) can neither answer under it nor free it.
#[actix_web::test]
async fn a_stale_claim_on_a_key_neither_answers_nor_frees_it() {
    use persistence::queries::idempotency::{self, Claim};

    let app = spawn_app().await;
    let mut conn = app.conn();
    let t0 = chrono::Utc::now();
    let claim = |conn: &mut PgConnection, seconds: i64| {
        idempotency::claim(
            conn,
            "caller",
            "key",
            "POST /x",
            b"hash",
            t0 + chrono::Duration::seconds(seconds),
        )
        .unwrap()
    };
    let Claim::Mine(first) = claim(&mut conn, 0) else {
        panic!("a new key is claimed")
    };
    assert!(matches!(claim(&mut conn, 10), Claim::Taken(c) if c.status.is_none()));
    let Claim::Mine(retry) = claim(&mut conn, 31) else {
        panic!("an unanswered key is taken over after its lease")
    };
    assert!(!idempotency::release(&mut conn, "caller", "key", first).unwrap());
    assert!(
        !idempotency::store_answer(&mut conn, "caller", "key", first, 200, &json!({"n": 1}))
            .unwrap()
    );
    assert!(
        idempotency::store_answer(&mut conn, "caller", "key", retry, 201, &json!({"n": 2}))
            .unwrap()
    );
    assert!(!idempotency::release(&mut conn, "caller", "key", retry).unwrap());
    let Claim::Taken(kept) = claim(&mut conn, 32) else {
        panic!("an answered key stays taken")
    };
    assert_eq!((kept.status, kept.body), (Some(201), Some(json!({"n": 2}))));
}

#[actix_web::test]
async fn evaluations_are_only_visible_to_those_concerned() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let id = m.self_assess(&app, "nv01", 80.0).await;
    for (who, expected) in [
        ("nv01", 200),
        ("pp1.a", 200),
        ("tp.a", 200),
        ("ct.q", 200),
        ("nv02", 404),
        ("pp2.a", 404),
        ("ct.tp", 404),
        ("quantri.q", 404),
    ] {
        let answer = app
            .get_with_token(&format!("/api/v1/evaluations/{id}"), &m.tokens[who])
            .await;
        assert_eq!(answer.status.as_u16(), expected, "{who}");
    }
    let listed = app
        .get_with_token(
            &format!("/api/v1/evaluations?period={PERIOD}&to_evaluate=true"),
            &m.tokens["pp1.a"],
        )
        .await
        .json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let none = app
        .get_with_token(
            &format!("/api/v1/evaluations?period={PERIOD}"),
            &m.tokens["nv02"],
        )
        .await
        .json();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    app.get_with_token(
        &format!("/api/v1/units/{}/summary?period={PERIOD}", m.district.id),
        &m.tokens["nv02"],
    )
    .await
    .problem(404, "not_found");
}

#[actix_web::test]
async fn work_plans_feed_the_completion_band_and_leaders_comment() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let me = m.people["nv01"].id;
    let token = &m.tokens["nv01"];
    let plan = format!("/api/v1/people/{me}/plans/{PERIOD}");

    // The monthly plan is entered at the start of the month.
    app.clock.set("2026-11-03T02:00:00Z".parse().unwrap());
    let mut ids = Vec::new();
    for title in [
        "Thẩm định hồ sơ",
        "Báo cáo quý",
        "Kiểm tra công trình",
        "Họp giao ban",
    ] {
        let item = app
            .call(
                "POST",
                &format!("{plan}/items"),
                token,
                Some(json!({"kind": "monthly", "title": title, "due_date": "2026-11-20"})),
            )
            .await;
        assert_eq!(item.status, StatusCode::CREATED, "{}", item.text());
        ids.push(item.json()["id"].as_str().unwrap().to_owned());
    }
    // Later: no more monthly items, but ad-hoc tasks come up.
    app.clock.set("2026-11-22T03:00:00Z".parse().unwrap());
    app.call(
        "POST",
        &format!("{plan}/items"),
        token,
        Some(json!({"kind": "monthly", "title": "Muộn"})),
    )
    .await
    .problem(409, "window_closed");
    let ad_hoc = app
        .call(
            "POST",
            &format!("{plan}/items"),
            token,
            Some(json!({"kind": "ad_hoc", "title": "Xử lý sự cố đột xuất"})),
        )
        .await;
    ids.push(ad_hoc.json()["id"].as_str().unwrap().to_owned());
    app.call(
        "POST",
        &format!("{plan}/items"),
        token,
        Some(json!({"kind": "weekly", "title": "Không có tuần"})),
    )
    .await
    .problem(422, "validation_failed");
    for (i, id) in ids.iter().enumerate() {
        let status = if i == 4 { "late" } else { "done" };
        let updated = app
            .call(
                "PATCH",
                &format!("/api/v1/plan-items/{id}"),
                token,
                Some(json!({"status": status, "completion_percent": 100})),
            )
            .await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    }
    let read = app.get_with_token(&plan, token).await.json();
    assert_eq!(read["completion_percent"], 80.0);

    // Others cannot touch it; the reviewer reads and comments; a colleague sees nothing.
    app.call(
        "PATCH",
        &format!("/api/v1/plan-items/{}", ids[0]),
        &m.tokens["nv02"],
        Some(json!({"status": "cancelled"})),
    )
    .await
    .problem(404, "not_found");
    app.get_with_token(&plan, &m.tokens["nv02"])
        .await
        .problem(404, "not_found");
    let comment = app
        .call(
            "POST",
            &format!("{plan}/comments"),
            &m.tokens["pp1.a"],
            Some(json!({"text": "Cần bổ sung minh chứng", "item_id": ids[1]})),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.text());
    app.call(
        "POST",
        &format!("{plan}/comments"),
        &m.tokens["pp2.a"],
        Some(json!({"text": "x"})),
    )
    .await
    .problem(404, "not_found");
    assert_eq!(
        app.get_with_token(&plan, &m.tokens["pp1.a"]).await.json()["comments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // 80% done: the completion criterion must lie in the 40–<45 band.
    let evaluation = m.mine(&app, "nv01").await;
    let id = evaluation["id"].as_str().unwrap().to_owned();
    let form = app.get_with_token("/api/v1/forms/15", token).await.json();
    let band = form["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "completion_band")
        .unwrap()["id"]
        .clone();
    let etag = etag_of(&app, token, &id).await;
    let outside = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": [{"criterion_id": band, "points": 48}]})),
    )
    .await;
    assert_eq!(
        outside.problem(422, "validation_failed")["errors"][0]["code"],
        "outside_band"
    );
    let inside = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": [{"criterion_id": band, "points": 42.5}]})),
    )
    .await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.text());
    assert!(
        !inside.json()["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("no_plan"))
    );
    // Stating another share needs a reason, and then moves the band.
    let etag = inside
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let no_reason = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        token,
        &etag,
        Some(json!({"scores": [{"criterion_id": band, "points": 48}], "completion_percent": 95})),
    )
    .await;
    assert_eq!(
        no_reason.problem(422, "validation_failed")["errors"][0]["field"],
        "completion_reason"
    );
    let stated = with_etag(&app, "PUT", &format!("/api/v1/evaluations/{id}/self"), token, &etag, Some(json!({"scores": [{"criterion_id": band, "points": 48}], "completion_percent": 95, "completion_reason": "Việc đột xuất lớn"}))).await;
    assert_eq!(stated.status, StatusCode::OK, "{}", stated.text());
}

#[actix_web::test]
async fn a_unit_extends_its_form_and_new_evaluations_keep_it() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let district = m.district.id;
    let admin = &m.tokens["quantri.q"];
    let extension = json!({
        "sub_criteria": [{"parent_id": "I.1", "children": [
            {"id": "I.1.a", "label": "Chấp hành giờ giấc làm việc", "kind": "score", "max_points": 5},
            {"id": "I.1.b", "label": "Chấp hành nội quy cơ quan", "kind": "score", "max_points": 5}
        ]}],
        "deductions": [{"id": "TRU.1", "label": "Đi muộn không lý do (mỗi lần)", "kind": "deduction", "max_points": 2}]
    });
    // Sub-criteria must add up to their parent: 5 + 4 is refused, naming the criterion.
    let mut wrong = extension.clone();
    wrong["sub_criteria"][0]["children"][1]["max_points"] = json!(4);
    let refused = app
        .call(
            "PUT",
            &format!("/api/v1/units/{district}/forms/15/extension"),
            admin,
            Some(wrong),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(refused["errors"][0]["field"], "criteria.I.1");
    let saved = app
        .call(
            "PUT",
            &format!("/api/v1/units/{district}/forms/15/extension"),
            admin,
            Some(extension.clone()),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    // The stored extension reads back as it was sent, to be changed from there.
    assert_eq!(
        app.get_with_token(
            &format!("/api/v1/units/{district}/forms/15/extension"),
            admin,
        )
        .await
        .json(),
        extension
    );
    let form = app
        .get_with_token(
            &format!("/api/v1/units/{district}/forms/15"),
            &m.tokens["nv01"],
        )
        .await
        .json();
    let ids: Vec<&str> = form["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"I.1.a") && ids.contains(&"TRU.1"), "{ids:?}");
    // The department head may not change the unit's forms.
    app.call(
        "PUT",
        &format!("/api/v1/units/{district}/forms/15/extension"),
        &m.tokens["tp.a"],
        Some(json!({})),
    )
    .await
    .problem(404, "not_found");

    // A new evaluation scores the detailed criteria and the deduction; the parent is a group now.
    let evaluation = m.mine(&app, "nv01").await;
    let id = evaluation["id"].as_str().unwrap().to_owned();
    let etag = etag_of(&app, &m.tokens["nv01"], &id).await;
    let group = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        &m.tokens["nv01"],
        &etag,
        Some(json!({"scores": [{"criterion_id": "I.1", "points": 10}]})),
    )
    .await;
    assert_eq!(
        group.problem(422, "validation_failed")["errors"][0]["code"],
        "not_scorable"
    );
    let scored = with_etag(
        &app,
        "PUT",
        &format!("/api/v1/evaluations/{id}/self"),
        &m.tokens["nv01"],
        &etag,
        Some(json!({"scores": [{"criterion_id": "I.1.a", "points": 5}, {"criterion_id": "I.1.b", "points": 4.5}, {"criterion_id": "TRU.1", "points": 2}]})),
    )
    .await;
    assert_eq!(scored.status, StatusCode::OK, "{}", scored.text());
    assert_eq!(scored.json()["totals"]["self"], 7.5);
}

#[actix_web::test]
async fn unit_admins_split_and_merge_quota_groups() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let district = m.district.id;
    let admin = &m.tokens["quantri.q"];
    let first_ten: Vec<String> = (1..=10)
        .map(|n| m.people[&format!("nv{n:02}")].id.to_string())
        .collect();
    let body = json!({"groups": [
        {"name": "Lãnh đạo", "form_codes": [9, 12]},
        {"name": "Tổ chuyên môn 1", "person_ids": first_ten}
    ]});
    let saved = app
        .call(
            "PUT",
            &format!("/api/v1/units/{district}/quota-groups"),
            admin,
            Some(body),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    let headcounts: BTreeMap<String, u64> = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_owned(),
                g["headcount"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        headcounts["Lãnh đạo"], 3,
        "the department's three leaders (the district head is in the city's month)"
    );
    assert_eq!(headcounts["Tổ chuyên môn 1"], 10);
    assert_eq!(
        headcounts
            .iter()
            .find(|(name, _)| name.starts_with("Mẫu 15"))
            .map(|(_, n)| *n),
        Some(9)
    );
    // Someone from elsewhere cannot be placed in the unit's groups.
    let outsider = json!({"groups": [{"name": "X", "person_ids": [m.people["ct.tp"].id]}]});
    app.call(
        "PUT",
        &format!("/api/v1/units/{district}/quota-groups"),
        admin,
        Some(outsider),
    )
    .await
    .problem(422, "validation_failed");
}

/// Safeguards: nobody adjusts their own rank or changes their own post; a unit has one head;
/// a knock-out stays D; the month can be opened for everyone and nobody undecided is
/// published; text PostgreSQL cannot store is a 422.
#[actix_web::test]
async fn safeguards_around_the_cycle() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let district = m.district.id;
    let operator = &m.tokens["quantri.q"];

    // Opening the month gives everyone a draft, so nobody blocks the publication unseen.
    let opened = app
        .call(
            "POST",
            &format!("/api/v1/units/{district}/evaluations"),
            &m.tokens["ct.q"],
            Some(json!({"period": PERIOD})),
        )
        .await
        .json();
    assert_eq!(
        (opened["opened"].as_u64(), opened["evaluations"].as_u64()),
        (Some(23), Some(23))
    );
    app.call(
        "POST",
        &format!("/api/v1/units/{district}/evaluations"),
        &m.tokens["nv01"],
        Some(json!({"period": PERIOD})),
    )
    .await
    .problem(403, "forbidden");

    // The unit head cannot adjust their own evaluation.
    let own = m.mine(&app, "ct.q").await;
    app.call(
        "POST",
        &format!("/api/v1/evaluations/{}/adjust", own["id"].as_str().unwrap()),
        &m.tokens["ct.q"],
        Some(json!({"rank": "A", "reason": "x"})),
    )
    .await
    .problem(403, "forbidden");

    // A knock-out ranks D; an adjustment cannot lift it.
    let id = m.self_assess(&app, "nv02", 95.0).await;
    m.submit(&app, "nv02", &id).await;
    let token = &m.tokens["tp.a"];
    let etag = etag_of(&app, token, &id).await;
    let scores = scores_for(&app, token, 15, 95.0).await;
    let decided = with_etag(&app, "PUT", &format!("/api/v1/evaluations/{id}/decision"), token, &etag, Some(json!({"scores": scores, "knock_outs": [{"code": "disciplinary_measure", "evidence_ref": "Quyết định kỷ luật 05/QĐ"}]}))).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text());
    assert_eq!(
        (
            decided.json()["rank_by_points"].as_str(),
            decided.json()["rank_final"].as_str()
        ),
        (Some("A"), Some("D"))
    );
    let lifted = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{id}/adjust"),
            &m.tokens["ct.q"],
            Some(json!({"rank": "B", "reason": "x"})),
        )
        .await;
    assert_eq!(
        lifted.problem(422, "validation_failed")["errors"][0]["code"],
        "knocked_out"
    );
    // Nor can the decider choose a better rank under a knock-out.
    let etag = etag_of(&app, token, &id).await;
    let chosen = with_etag(&app, "PUT", &format!("/api/v1/evaluations/{id}/decision"), token, &etag, Some(json!({"scores": scores, "rank": "C", "knock_outs": [{"code": "disciplinary_measure", "evidence_ref": "Quyết định kỷ luật 05/QĐ"}]}))).await;
    assert_eq!(
        chosen.problem(422, "validation_failed")["errors"][0]["code"],
        "knocked_out"
    );

    // Someone who leaves with a draft still counts: the publication names them.
    app.call(
        "PATCH",
        &format!("/api/v1/people/{}", m.people["nv19"].id),
        operator,
        Some(json!({"active": false})),
    )
    .await;
    let refused = app
        .call(
            "POST",
            &format!("/api/v1/units/{district}/publications"),
            &m.tokens["ct.q"],
            Some(json!({"period": PERIOD})),
        )
        .await
        .problem(409, "invalid_transition");
    let named: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        named.contains(&format!("people.{}", m.people["nv19"].id).as_str()),
        "{named:?}"
    );

    // One head per unit; nobody changes their own post.
    let second_head = app
        .call(
            "PATCH",
            &format!("/api/v1/people/{}", m.people["pp1.a"].id),
            operator,
            Some(
                json!({"position": {"category": "head", "title": "Trưởng phòng", "form_code": 12}}),
            ),
        )
        .await;
    second_head.problem(409, "unit_has_head");

    // A NUL character cannot be stored: a clear 422, not a 500.
    let nul = app
        .call(
            "POST",
            &format!("/api/v1/evaluations/{id}/return"),
            token,
            Some(json!({"reason": "a\u{0}b"})),
        )
        .await;
    let body = nul.problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["code"], "invalid_characters");
}

#[actix_web::test]
async fn an_exceptional_unit_gets_its_own_quota_by_decision() {
    let app = spawn_app().await;
    let m = build(&app).await;
    let district = m.district.id;
    let path = format!("/api/v1/units/{district}/quota-override");
    app.call(
        "PUT",
        &path,
        &m.tokens["tp.a"],
        Some(json!({"decision_number": "x", "percent": 50})),
    )
    .await
    .problem(404, "not_found");
    let set = app
        .call(
            "PUT",
            &path,
            &m.tokens["quantri.q"],
            Some(json!({"decision_number": "25/QĐ-UBND", "percent": 40})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    let applied = &summary["groups"][0]["quota"]["policy"];
    assert_eq!(applied["override_decision"], "25/QĐ-UBND", "{applied}");
    assert_eq!(applied["policy"]["percent"], 40);
    let removed = app
        .call("DELETE", &path, &m.tokens["quantri.q"], None)
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let summary = app
        .get_with_token(
            &format!("/api/v1/units/{district}/summary?period={PERIOD}"),
            &m.tokens["ct.q"],
        )
        .await
        .json();
    assert!(summary["groups"][0]["quota"]["policy"]["override_decision"].is_null());
}

/// Issue 9.8: an Idempotency-Key is bound to the body it first came with, and forgotten after
/// 24 hours.
#[actix_web::test]
async fn an_idempotency_key_binds_to_its_body_and_expires() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let m = build(&app).await;
    let id = m.self_assess(&app, "nv01", 80.0).await;
    let token = &m.tokens["nv01"];
    let submit = |body: &'static str| {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/evaluations/{id}/submit")))
            .bearer_auth(token)
            .insert_header(("Idempotency-Key", "submit-once"))
            .insert_header(("Content-Type", "application/json"));
        async move {
            let mut response = request.send_body(body).await.unwrap();
            let status = response.status().as_u16();
            let replayed = response.headers().contains_key("idempotent-replayed");
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, replayed, body)
        }
    };
    let (status, replayed, _) = submit("{}").await;
    assert_eq!((status, replayed), (200, false));
    // The same key with another body: refused, nothing replayed.
    let (status, _, body) = submit(r#"{"note": "khác"}"#).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "idempotency_key_reused");
    // The same key with the same body: the first answer again.
    let (status, replayed, _) = submit("{}").await;
    assert_eq!((status, replayed), (200, true));
    // A day later the key is forgotten: the request acts again (and the evaluation, already
    // submitted, refuses).
    diesel::sql_query("UPDATE idempotency_keys SET created_at = created_at - interval '25 hours'")
        .execute(&mut app.conn())
        .unwrap();
    let (status, replayed, body) = submit("{}").await;
    assert_eq!((status, replayed), (409, false), "{body}");
    assert_eq!(body["code"], "invalid_transition");
}
