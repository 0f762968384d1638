//! Search across evaluations and yearly results (issue 11): every filter, sorts and keyset
//! paging, scope for every kind of reader, and the yearly roll-up against `domain::rollup`.
//!
//! The months are recorded directly in the database (the monthly flow that produces them is
//! tested in `monthly.rs`); the fixture's org is described in `fixture.rs`:
//!
//! ```text
//! staff.a   Q1-A  2026-01…06 published 92 95 91 88 93 90 (January: A by points, B by quota)
//! pho.a     Q1-A  2026-01 published 85, 2026-02 knocked out (D), 2026-03 draft
//! lead.a    Q1-A  2025-12 published 90
//! staff.q2  Q2-A  2026-01 published 91, 2026-02 published 93 after an extension (late)
//! lead.q2a  Q2-A  2026-01 published 96
//! staff.bd  BD    2026-01 published 95 (party bloc)
//! ```

use std::collections::BTreeSet;

use diesel::prelude::*;
use persistence::models::evaluations::NewEvaluation;
use persistence::models::org::{Person, Unit};
use persistence::queries::evaluations as store;
use serde_json::{Value, json};

use crate::fixture::{self, Fixture, PASSWORD, Seats};
use crate::helpers::{TestApp, keep_sample, spawn_app};

struct Month<'a> {
    person: &'a Person,
    unit: &'a Unit,
    publishing: &'a Unit,
    period: &'a str,
    state: &'a str,
    /// Self and decided totals.
    totals: (f64, Option<f64>),
    /// Self, by points and final rank.
    ranks: (&'a str, Option<&'a str>, Option<&'a str>),
    flags: &'a [&'a str],
    decider: Option<&'a Person>,
}

fn record(app: &TestApp, m: &Month<'_>) -> String {
    let conn = &mut app.conn();
    let created = store::create(
        conn,
        &NewEvaluation {
            person_id: m.person.id,
            period: m.period,
            unit_id: m.unit.id,
            publishing_unit_id: m.publishing.id,
            form_code: m.person.form_code,
            form_version: 1,
            state: "draft",
            reviewer_id: None,
            decider_id: m.decider.map(|d| d.id),
            chain_rule: "head_decides",
            form_extension: None,
        },
    )
    .unwrap();
    let mut changes = created.changes();
    changes.state = m.state.to_owned();
    let mut totals = json!({ "self": m.totals.0 });
    if let Some(decided) = m.totals.1 {
        totals["decider"] = json!(decided);
    }
    changes.totals = totals;
    changes.rank_self = Some(m.ranks.0.to_owned());
    changes.rank_by_points = m.ranks.1.map(str::to_owned);
    changes.rank_final = m.ranks.2.map(str::to_owned);
    changes.flags = m.flags.iter().map(|f| Some((*f).to_owned())).collect();
    if m.flags.contains(&"knocked_out") {
        changes.knock_outs =
            json!([{ "code": "disciplinary_measure", "evidence_ref": "QĐ 12/QĐ-UBND" }]);
    }
    let nobody = persistence::queries::audit::AuditActor::default();
    let step = store::Step {
        at: chrono::Utc::now(),
        account_id: None,
        transition: "decide",
        from_state: &created.state,
        acted_as: "decider",
        reason: None,
        audit: store::StepAudit::new(&nobody, "evaluation.decide", created.publishing_unit_id),
    };
    let id = store::update_with_event(conn, created.id, created.version, &changes, &step)
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string();
    // What publication does for the statistics.
    persistence::queries::stats::recount(conn, m.period, m.publishing.id).unwrap();
    id
}

/// Who, their person, unit and publishing unit, the period, the total (rank A) and flags.
type Other<'a> = (
    &'static str,
    &'a Person,
    &'a Unit,
    &'a Unit,
    &'static str,
    f64,
    &'static str,
    &'static [&'static str],
);

struct World {
    app: TestApp,
    f: Fixture,
    s: Seats,
    /// Every evaluation recorded, by (username, period).
    ids: Vec<(String, &'static str, String)>,
}

async fn world() -> World {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let s = fixture::seats(&app, &f);
    let mut ids = Vec::new();
    let staff_a = [92.0, 95.0, 91.0, 88.0, 93.0, 90.0];
    for (i, total) in staff_a.iter().enumerate() {
        let period: &'static str = [
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
        ][i];
        let by_points = if *total >= 90.0 { "A" } else { "B" };
        let final_rank = if i == 0 { "B" } else { by_points };
        let id = record(
            &app,
            &Month {
                person: &f.staff_a,
                unit: &f.q1a,
                publishing: &f.q1,
                period,
                state: "published",
                totals: (*total, Some(*total)),
                ranks: (by_points, Some(by_points), Some(final_rank)),
                flags: &[],
                decider: Some(&f.head_a),
            },
        );
        ids.push(("staff.a".to_owned(), period, id));
    }
    let deputy = [
        (
            "2026-01",
            "published",
            (85.0, Some(85.0)),
            ("B", Some("B"), Some("B")),
            &[][..],
        ),
        (
            "2026-02",
            "published",
            (80.0, Some(80.0)),
            ("B", Some("B"), Some("D")),
            &["knocked_out"][..],
        ),
        ("2026-03", "draft", (70.0, None), ("B", None, None), &[][..]),
    ];
    for (period, state, totals, ranks, flags) in deputy {
        let id = record(
            &app,
            &Month {
                person: &f.deputy_a,
                unit: &f.q1a,
                publishing: &f.q1,
                period,
                state,
                totals,
                ranks,
                flags,
                decider: Some(&f.head_a),
            },
        );
        ids.push(("pho.a".to_owned(), period, id));
    }
    let others: [Other<'_>; 5] = [
        (
            "lead.a",
            &f.head_a,
            &f.q1a,
            &f.q1,
            "2025-12",
            90.0,
            "A",
            &[],
        ),
        (
            "staff.q2",
            &s.staff_q2,
            &s.q2a,
            &f.q2,
            "2026-01",
            91.0,
            "A",
            &[],
        ),
        (
            "staff.q2",
            &s.staff_q2,
            &s.q2a,
            &f.q2,
            "2026-02",
            93.0,
            "A",
            &["extended"],
        ),
        (
            "lead.q2a",
            &s.head_q2a,
            &s.q2a,
            &f.q2,
            "2026-01",
            96.0,
            "A",
            &[],
        ),
        (
            "staff.bd",
            &f.staff_bd,
            &f.bd,
            &f.bd,
            "2026-01",
            95.0,
            "A",
            &[],
        ),
    ];
    for (who, person, unit, publishing, period, total, rank, flags) in others {
        let id = record(
            &app,
            &Month {
                person,
                unit,
                publishing,
                period,
                state: "published",
                totals: (total, Some(total)),
                ranks: (rank, Some(rank), Some(rank)),
                flags,
                decider: None,
            },
        );
        ids.push((who.to_owned(), period, id));
    }
    World { app, f, s, ids }
}

impl World {
    async fn token(&self, username: &str) -> String {
        self.app.tokens(username, PASSWORD).await.0
    }

    fn id(&self, who: &str, period: &str) -> String {
        self.ids
            .iter()
            .find(|(w, p, _)| w == who && *p == period)
            .map(|(_, _, id)| id.clone())
            .unwrap()
    }

    /// The (username, period) pairs of a search's first page (up to 500 rows).
    async fn found(&self, token: &str, query: &str) -> BTreeSet<(String, String)> {
        let answer = self
            .app
            .get_with_token(
                &format!("/api/v1/search/evaluations?limit=500&{query}"),
                token,
            )
            .await;
        assert_eq!(answer.status, 200, "{query}: {}", answer.text());
        let body = answer.json();
        assert!(body["next_cursor"].is_null());
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                let id = item["id"].as_str().unwrap();
                let (who, period, _) = self.ids.iter().find(|(_, _, i)| i == id).unwrap();
                assert_eq!(item["period"], *period);
                (who.clone(), (*period).to_owned())
            })
            .collect()
    }
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(w, p)| ((*w).to_owned(), (*p).to_owned()))
        .collect()
}

#[actix_web::test]
async fn every_search_filter_narrows_and_they_combine() {
    let w = world().await;
    let cq = w.token("khoi.cq").await;
    let government = w.found(&cq, "").await;
    assert_eq!(
        government.len(),
        13,
        "everything of the government bloc, nothing of BD"
    );
    assert!(!government.iter().any(|(who, _)| who == "staff.bd"));

    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "period_from=2026-02&period_to=2026-02",
            &[
                ("staff.a", "2026-02"),
                ("pho.a", "2026-02"),
                ("staff.q2", "2026-02"),
            ],
        ),
        ("period_to=2025-12", &[("lead.a", "2025-12")]),
        ("state=draft", &[("pho.a", "2026-03")]),
        ("rank=D", &[("pho.a", "2026-02")]),
        (
            "rank=B&period_from=2026-01&period_to=2026-01",
            &[("staff.a", "2026-01"), ("pho.a", "2026-01")],
        ),
        (
            "rank_by_points=B&state=published",
            &[
                ("staff.a", "2026-04"),
                ("pho.a", "2026-01"),
                ("pho.a", "2026-02"),
            ],
        ),
        (
            "rank_self=B&period_from=2026-03",
            &[("staff.a", "2026-04"), ("pho.a", "2026-03")],
        ),
        ("qualified_a_ranked_b=true", &[("staff.a", "2026-01")]),
        ("knocked_out=true", &[("pho.a", "2026-02")]),
        ("late=true", &[("staff.q2", "2026-02")]),
        (
            "category=deputy",
            &[
                ("pho.a", "2026-01"),
                ("pho.a", "2026-02"),
                ("pho.a", "2026-03"),
            ],
        ),
        (
            "category=head&form=12",
            &[("lead.a", "2025-12"), ("lead.q2a", "2026-01")],
        ),
        (
            "level=department&unit_id={q2}",
            &[
                ("staff.q2", "2026-01"),
                ("staff.q2", "2026-02"),
                ("lead.q2a", "2026-01"),
            ],
        ),
        (
            "unit_id={q2}&rank=A&late=false",
            &[("staff.q2", "2026-01"), ("lead.q2a", "2026-01")],
        ),
        (
            "q=ph%C3%B3%20ph%C3%B2ng&state=published",
            &[("pho.a", "2026-01"), ("pho.a", "2026-02")],
        ),
        (
            "q=NV-0042",
            &[
                ("staff.a", "2026-01"),
                ("staff.a", "2026-02"),
                ("staff.a", "2026-03"),
                ("staff.a", "2026-04"),
                ("staff.a", "2026-05"),
                ("staff.a", "2026-06"),
            ],
        ),
        ("bloc=party", &[]),
    ];
    {
        let conn = &mut w.app.conn();
        diesel::update(persistence::schema::people::table.find(w.f.staff_a.id))
            .set(persistence::schema::people::external_id.eq("NV-0042"))
            .execute(conn)
            .unwrap();
    }
    for (query, expected) in cases {
        let query = query.replace("{q2}", &w.f.q2.id.to_string());
        assert_eq!(w.found(&cq, &query).await, set(expected), "{query}");
    }
    // The party bloc admin finds BD's, by bloc and by text.
    let dang = w.token("khoi.dang").await;
    assert_eq!(
        w.found(&dang, "bloc=party").await,
        set(&[("staff.bd", "2026-01")])
    );
    assert_eq!(
        w.found(&dang, "q=d%C3%A2n%20v%E1%BA%ADn").await,
        set(&[("staff.bd", "2026-01")])
    );

    // A row shows the marks the filters use.
    let answer = w
        .app
        .get_with_token("/api/v1/search/evaluations?qualified_a_ranked_b=true", &cq)
        .await;
    let hit = &answer.json()["items"][0];
    assert_eq!(hit["id"], w.id("staff.a", "2026-01"));
    assert_eq!(
        (
            hit["rank_by_points"].clone(),
            hit["rank_final"].clone(),
            hit["qualified_a_ranked_b"].clone()
        ),
        (json!("A"), json!("B"), json!(true))
    );
    assert_eq!(hit["unit"]["code"], "Q1-A");
    assert_eq!(hit["person"]["full_name"], "Chuyên viên A");
    assert_eq!(hit["totals"]["decider"].as_f64(), Some(92.0));

    // Bad parameters are field errors, not empty results.
    for query in [
        "rank=E",
        "state=done",
        "category=boss",
        "form=20",
        "bloc=army",
        "level=ward",
        "period_from=2026-13",
        "sort=salary",
        "cursor=not-a-cursor",
    ] {
        let answer = w
            .app
            .get_with_token(&format!("/api/v1/search/evaluations?{query}"), &cq)
            .await;
        answer.problem(422, "validation_failed");
    }
}

#[actix_web::test]
async fn search_sorts_and_pages_without_gaps_or_repeats() {
    let w = world().await;
    let cq = w.token("khoi.cq").await;
    for sort in [
        "period", "-period", "name", "-name", "total", "-total", "unit", "-unit",
    ] {
        let mut seen: Vec<Value> = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("/api/v1/search/evaluations?limit=4&sort={sort}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let answer = w.app.get_with_token(&path, &cq).await;
            assert_eq!(answer.status, 200, "{sort}: {}", answer.text());
            let body = answer.json();
            seen.extend(body["items"].as_array().unwrap().iter().cloned());
            pages += 1;
            match body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 13, "{sort}");
        assert_eq!(pages, 4, "{sort}");
        let ids: BTreeSet<&str> = seen.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 13, "{sort}: no row twice");
        let key = |e: &Value| -> String {
            match sort.trim_start_matches('-') {
                "period" => e["period"].as_str().unwrap().to_owned(),
                "name" => e["person"]["full_name"].as_str().unwrap().to_lowercase(),
                "total" => format!(
                    "{:08.1}",
                    e["totals"]["decider"].as_f64().unwrap_or(-1.0) + 100.0
                ),
                _ => e["unit"]["code"].as_str().unwrap().to_lowercase(),
            }
        };
        let keys: Vec<String> = seen.iter().map(key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if sort.starts_with('-') {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "{sort}");
    }
    // The best decided total first.
    let answer = w
        .app
        .get_with_token("/api/v1/search/evaluations?sort=-total&limit=1", &cq)
        .await;
    assert_eq!(answer.json()["items"][0]["id"], w.id("lead.q2a", "2026-01"));
    // A cursor is bound to its sort.
    let answer = w
        .app
        .get_with_token("/api/v1/search/evaluations?sort=name&limit=2", &cq)
        .await;
    let cursor = answer.json()["next_cursor"].as_str().unwrap().to_owned();
    let answer = w
        .app
        .get_with_token(
            &format!("/api/v1/search/evaluations?sort=total&cursor={cursor}"),
            &cq,
        )
        .await;
    answer.problem(422, "validation_failed");
}

#[actix_web::test]
async fn search_is_scoped_like_every_other_read() {
    let w = world().await;
    let everyone_q1 = set(&[
        ("staff.a", "2026-01"),
        ("staff.a", "2026-02"),
        ("staff.a", "2026-03"),
        ("staff.a", "2026-04"),
        ("staff.a", "2026-05"),
        ("staff.a", "2026-06"),
        ("pho.a", "2026-01"),
        ("pho.a", "2026-02"),
        ("pho.a", "2026-03"),
        ("lead.a", "2025-12"),
    ]);
    let q2 = set(&[
        ("staff.q2", "2026-01"),
        ("staff.q2", "2026-02"),
        ("lead.q2a", "2026-01"),
    ]);
    for who in ["ua.q1", "agg.q1"] {
        let token = w.token(who).await;
        assert_eq!(w.found(&token, "").await, everyone_q1, "{who}");
        // Naming the sibling unit finds nothing of it.
        let query = format!("unit_id={}", w.f.q2.id);
        assert_eq!(w.found(&token, &query).await, set(&[]), "{who}");
    }
    let ua_q2 = w.token("ua.q2").await;
    assert_eq!(w.found(&ua_q2, "").await, q2);
    assert_eq!(
        w.found(&ua_q2, "q=Chuy%C3%AAn%20vi%C3%AAn%20A").await,
        set(&[])
    );
    // Staff: only themselves.
    let staff = w.token("staff.a").await;
    let own: BTreeSet<_> = everyone_q1
        .iter()
        .filter(|(who, _)| who == "staff.a")
        .cloned()
        .collect();
    assert_eq!(w.found(&staff, "").await, own);
    // A head: their own and the people they decide; `to_evaluate` keeps the latter.
    let lead = w.token("lead.a").await;
    assert_eq!(w.found(&lead, "").await, everyone_q1);
    let mut decided_by_lead = everyone_q1.clone();
    decided_by_lead.remove(&("lead.a".to_owned(), "2025-12".to_owned()));
    assert_eq!(w.found(&lead, "to_evaluate=true").await, decided_by_lead);
    // The party bloc admin: the party bloc only. The operator reads no evaluation (Điều 9.4).
    let dang = w.token("khoi.dang").await;
    assert_eq!(w.found(&dang, "").await, set(&[("staff.bd", "2026-01")]));
    let operator = w.token("operator").await;
    assert_eq!(w.found(&operator, "").await, set(&[]));
}

#[actix_web::test]
async fn yearly_results_follow_the_domain_rollup_and_the_quota() {
    use domain::rank::RankBands;
    use domain::rollup::{MonthResult, RollupPolicy, year_result};

    let w = world().await;
    let ua_q1 = w.token("ua.q1").await;
    let answer = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026", w.f.staff_a.id),
            &ua_q1,
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let year = answer.json();
    // The same months through the domain's roll-up.
    let months: Vec<MonthResult> = [92, 95, 91, 88, 93, 90]
        .iter()
        .enumerate()
        .map(|(i, t)| MonthResult {
            period: domain::Period::new(2026, u32::try_from(i + 1).unwrap()).unwrap(),
            decided_total: Some(domain::Points::whole(*t)),
            worked: true,
            knock_outs: vec![],
        })
        .collect();
    let expected = year_result(&RollupPolicy::default(), &RankBands::default(), &months).unwrap();
    assert_eq!(
        year["average"],
        serde_json::to_value(expected.average).unwrap()
    );
    assert_eq!(year["average"], 91.5);
    assert_eq!(year["months_counted"], 6);
    assert_eq!(year["rank"], "A");
    assert_eq!(year["months"].as_array().unwrap().len(), 6);
    assert_eq!(year["months"][0]["rank_final"], "B");
    assert_eq!(year["months_hidden"], 0);

    // A knock-out in any month ranks the year D; a draft month does not count.
    let answer = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026", w.f.deputy_a.id),
            &ua_q1,
        )
        .await;
    let year = answer.json();
    assert_eq!(
        (year["average"].as_f64(), year["months_counted"].clone()),
        (Some(82.5), json!(2))
    );
    assert_eq!(
        (year["rank_by_points"].clone(), year["rank"].clone()),
        (json!("B"), json!("D"))
    );
    assert_eq!(year["knocked_out_by"]["code"], "disciplinary_measure");
    assert_eq!(year["months"][2]["counted"], false);

    // The person themself sees their year; a sibling unit's admin does not.
    let staff = w.token("staff.a").await;
    let answer = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026", w.f.staff_a.id),
            &staff,
        )
        .await;
    assert_eq!(answer.json()["average"], 91.5);
    // The person's year as PDF (official layout) and XLSX, for the person themself.
    let pdf = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026.pdf", w.f.staff_a.id),
            &staff,
        )
        .await;
    assert_eq!(
        (pdf.status.as_u16(), pdf.content_type.as_str()),
        (200, "application/pdf"),
        "{}",
        pdf.text()
    );
    keep_sample(
        "person-year.pdf",
        &pdf.body,
        json!({"layout": "list", "pages": 1, "table_rows": 6, "text_contains": [
            "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026",
            "Chuyên viên A",
            "01/2026",
            "06/2026",
            "Điểm bình quân: 91,5 (6 tháng được tính",
            "Xếp loại năm (trước khi áp dụng chỉ tiêu của đơn vị): A",
            "Xuất bởi tài khoản staff.a",
        ]}),
    );
    let xlsx = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026.xlsx", w.f.staff_a.id),
            &staff,
        )
        .await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    keep_sample(
        "person-year.xlsx",
        &xlsx.body,
        json!({"sheet": "Năm 2026", "rows": 6, "header_row": 4, "cells": {
            "A5": "01/2026", "C5": "92", "D5": "B", "E5": "Có", "A10": "06/2026",
        }}),
    );
    // The deputy's knocked-out year names the knock-out in Vietnamese.
    let deputy = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/2026.pdf", w.f.deputy_a.id),
            &ua_q1,
        )
        .await;
    assert_eq!(deputy.status.as_u16(), 200, "{}", deputy.text());
    keep_sample(
        "person-year-knocked-out.pdf",
        &deputy.body,
        json!({"text_contains": [
            "Không hoàn thành nhiệm vụ: Bị xử lý kỷ luật từ hình thức khiển trách trở lên",
            "QĐ 12/QĐ-UBND",
        ]}),
    );
    let ua_q2 = w.token("ua.q2").await;
    for path in [
        format!("/api/v1/people/{}/year/2026", w.f.staff_a.id),
        format!("/api/v1/people/{}/year/2026.pdf", w.f.staff_a.id),
        format!("/api/v1/people/{}/year/2026.xlsx", w.f.staff_a.id),
        format!("/api/v1/units/{}/year/2026", w.f.q1.id),
    ] {
        w.app
            .get_with_token(&path, &ua_q2)
            .await
            .problem(404, "not_found");
    }
    let answer = w
        .app
        .get_with_token(
            &format!("/api/v1/people/{}/year/1999", w.f.staff_a.id),
            &ua_q1,
        )
        .await;
    answer.problem(422, "validation_failed");

    // Q2's year: two qualify for A in a group of two; the small-group allowance (Điều 13.1)
    // gives one A, to the higher average.
    let answer = w
        .app
        .get_with_token(&format!("/api/v1/units/{}/year/2026", w.f.q2.id), &ua_q2)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let unit = answer.json();
    assert_eq!(unit["quota"]["headcount"], 2);
    assert_eq!(
        (
            unit["quota"]["max_a"].clone(),
            unit["quota"]["used_a"].clone()
        ),
        (json!(1), json!(1))
    );
    let row = |name: &str| -> Value {
        unit["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person"]["full_name"] == name)
            .cloned()
            .unwrap()
    };
    let head = row("Trưởng phòng Q2-A");
    assert_eq!(
        (head["average"].as_f64(), head["rank"].clone()),
        (Some(96.0), json!("A"))
    );
    let staff_q2 = row("Chuyên viên Q2-A");
    assert_eq!(staff_q2["average"].as_f64(), Some(92.0));
    assert_eq!(
        (staff_q2["rank_qualified"].clone(), staff_q2["rank"].clone()),
        (json!("A"), json!("B"))
    );
    assert_eq!(staff_q2["lowered_by_quota"], true);

    // The unit's year as XLSX, in the summary list's layout.
    {
        use calamine::Reader;
        let xlsx = w
            .app
            .get_with_token(
                &format!("/api/v1/units/{}/year/2026.xlsx", w.f.q2.id),
                &ua_q2,
            )
            .await;
        assert_eq!(xlsx.status, 200, "{}", xlsx.text());
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
        keep_sample(
            "year.xlsx",
            &xlsx.body,
            json!({"sheet": "Năm 2026", "rows": 2, "header_row": 4, "cells": {
                "B5": "Chuyên viên Q2-A", "E5": "92", "G5": "B", "H5": "Đủ điều kiện A, xếp B do chỉ tiêu",
                "B6": "Trưởng phòng Q2-A", "G6": "A",
            }}),
        );
        let sheet = book.worksheet_range("Năm 2026").unwrap();
        let text = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert!(
            text(0, 0).starts_with("DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026 – Đơn vị Q2"),
            "{}",
            text(0, 0)
        );
        assert!(text(0, 0).contains("chỉ tiêu A: tối đa 1, đã xếp 1"));
        let lines: Vec<Vec<String>> = (4..6)
            .map(|r| (1..8).map(|c| text(r, c)).collect())
            .collect();
        assert_eq!(
            lines[0],
            [
                "Chuyên viên Q2-A",
                "Chuyên viên",
                "2",
                "92",
                "A",
                "B",
                "Đủ điều kiện A, xếp B do chỉ tiêu"
            ]
        );
        assert_eq!(
            lines[1][..6],
            ["Trưởng phòng Q2-A", "Trưởng", "1", "96", "A", "A"]
        );
        w.app
            .get_with_token(
                &format!("/api/v1/units/{}/year/2026.xlsx", w.f.q1.id),
                &ua_q2,
            )
            .await
            .problem(404, "not_found");
    }

    // The same year as PDF in the official layout of a list, with the tally by rank.
    let pdf = w
        .app
        .get_with_token(
            &format!("/api/v1/units/{}/year/2026.pdf", w.f.q2.id),
            &ua_q2,
        )
        .await;
    assert_eq!(
        (pdf.status.as_u16(), pdf.content_type.as_str()),
        (200, "application/pdf"),
        "{}",
        pdf.text()
    );
    keep_sample(
        "year.pdf",
        &pdf.body,
        json!({"layout": "list", "pages": 1, "table_rows": 2, "text_contains": [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026",
            "chỉ tiêu A: tối đa 1, đã xếp 1",
            "Chuyên viên Q2-A",
            "Trưởng phòng Q2-A",
            "Đủ điều kiện A, xếp B do chỉ tiêu",
            "Tổng số: 2 người — Hoàn thành xuất sắc nhiệm vụ (A): 1; Hoàn thành tốt nhiệm vụ (B): 1",
            "NGƯỜI LẬP DANH SÁCH",
            "Xuất bởi tài khoản ua.q2",
        ]}),
    );
    w.app
        .get_with_token(
            &format!("/api/v1/units/{}/year/2026.pdf", w.f.q1.id),
            &ua_q2,
        )
        .await
        .problem(404, "not_found");
    w.app
        .get_with_token(
            &format!("/api/v1/units/{}/year/1999.pdf", w.f.q2.id),
            &ua_q2,
        )
        .await
        .problem(422, "validation_failed");
    let exported: Vec<String> = persistence::queries::audit::for_entity(
        &mut w.app.conn(),
        "export",
        &format!("units/{}/year/2026", w.f.q2.id),
    )
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect();
    assert_eq!(exported, ["export.year_xlsx", "export.year_pdf"]);

    // Q1's year holds the two people it published in 2026, not the head's December 2025.
    let answer = w
        .app
        .get_with_token(&format!("/api/v1/units/{}/year/2026", w.f.q1.id), &ua_q1)
        .await;
    let names: BTreeSet<String> = answer.json()["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person"]["full_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        ["Chuyên viên A", "Phó phòng A"].map(str::to_owned).into()
    );
    let _ = &w.s;
}

#[actix_web::test]
async fn people_search_lists_the_leaders_of_a_level_for_those_above() {
    let w = world().await;
    let names = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"]["full_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |token: String, query: &'static str| {
        let app = &w.app;
        async move {
            let answer = app
                .get_with_token(&format!("/api/v1/search/people?{query}"), &token)
                .await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.text());
            answer.json()
        }
    };
    let cq = w.token("khoi.cq").await;
    assert_eq!(
        names(&get(cq.clone(), "category=head&level=district").await),
        ["Chủ tịch Quận 1", "Chủ tịch Quận 2"]
    );
    assert_eq!(
        names(&get(cq.clone(), "category=head,deputy&form=12").await),
        ["Phó phòng A", "Trưởng phòng A", "Trưởng phòng Q2-A"]
    );
    let hit = &get(cq.clone(), "q=Q2-A&category=staff").await["items"][0];
    assert_eq!(hit["unit"]["code"], "Q2-A");
    assert_eq!(hit["unit"]["level"], "department");
    // Keyset pages by name: every head once.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let answer = w
            .app
            .get_with_token(
                &format!("/api/v1/search/people?category=head&limit=1{cursor}"),
                &cq,
            )
            .await;
        let body = answer.json();
        seen.extend(names(&body));
        match body["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Chủ tịch Quận 1",
            "Chủ tịch Quận 2",
            "Trưởng phòng A",
            "Trưởng phòng Q2-A"
        ]
    );
    // A unit admin: their subtree only; staff: themselves; the party bloc: its own.
    let ua_q1 = w.token("ua.q1").await;
    assert_eq!(
        names(&get(ua_q1, "category=head").await),
        ["Chủ tịch Quận 1", "Trưởng phòng A"]
    );
    let staff = w.token("staff.a").await;
    assert_eq!(names(&get(staff, "").await), ["Chuyên viên A"]);
    let dang = w.token("khoi.dang").await;
    assert_eq!(
        names(&get(dang, "bloc=government").await),
        Vec::<String>::new()
    );
    for query in [
        "category=chief",
        "level=ward",
        "form=0",
        "bloc=x",
        "cursor=%%",
    ] {
        w.app
            .get_with_token(&format!("/api/v1/search/people?{query}"), &cq)
            .await
            .problem(422, "validation_failed");
    }
}

#[actix_web::test]
async fn rank_statistics_count_group_and_hide_small_cells() {
    let w = world().await;
    let stats = |token: String, query: String| {
        let app = &w.app;
        async move {
            let answer = app
                .get_with_token(&format!("/api/v1/stats/ranks?{query}"), &token)
                .await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.text());
            answer.json()["rows"].as_array().unwrap().clone()
        }
    };
    let row = |rows: &[Value], key: &str| -> Value {
        rows.iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no row {key} in {rows:?}"))
    };
    let counts = |r: &Value| -> Vec<Value> {
        ["A", "B", "C", "D"]
            .iter()
            .map(|k| r["counts"][*k].clone())
            .collect()
    };
    let (q1, q2, q1a) = (w.f.q1.id, w.f.q2.id, w.f.q1a.id);

    // A unit admin: the trend by month, every cell shown; drafts are not counted.
    let ua_q1 = w.token("ua.q1").await;
    let rows = stats(ua_q1.clone(), format!("unit_id={q1}&group_by=period")).await;
    let keys: Vec<&str> = rows.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"
        ]
    );
    let january = row(&rows, "2026-01");
    assert_eq!(counts(&january), [json!(0), json!(2), json!(0), json!(0)]);
    assert_eq!(
        (january["total"].clone(), january["shares"]["B"].clone()),
        (json!(2), json!(100.0))
    );
    assert_eq!(january["qualified_a_ranked_b"], 1);
    assert_eq!(
        row(&rows, "2026-03")["total"],
        1,
        "pho.a's March is a draft"
    );

    // By post category over 2026.
    let rows = stats(
        ua_q1.clone(),
        format!("unit_id={q1}&group_by=category&period_from=2026-01"),
    )
    .await;
    assert_eq!(
        counts(&row(&rows, "staff")),
        [json!(4), json!(2), json!(0), json!(0)]
    );
    assert_eq!(
        counts(&row(&rows, "deputy")),
        [json!(0), json!(1), json!(0), json!(1)]
    );
    let staff = row(&rows, "staff");
    assert_eq!(
        (staff["shares"]["A"].clone(), staff["shares"]["B"].clone()),
        (json!(66.7), json!(33.3))
    );

    // Sibling units side by side for the bloc admin, by form and by level.
    let cq = w.token("khoi.cq").await;
    let rows = stats(cq.clone(), format!("unit_id={}&group_by=unit", w.f.city.id)).await;
    let q1_row = row(&rows, &q1.to_string());
    assert_eq!(q1_row["label"], "Đơn vị Q1");
    assert_eq!(counts(&q1_row), [json!(5), json!(3), json!(0), json!(1)]);
    assert_eq!(
        counts(&row(&rows, &q2.to_string())),
        [json!(3), json!(0), json!(0), json!(0)]
    );
    assert_eq!(rows.len(), 2);
    let rows = stats(cq.clone(), format!("unit_id={}&group_by=form", w.f.city.id)).await;
    assert_eq!(
        row(&rows, "12")["total"],
        4,
        "two heads and the deputy twice"
    );
    assert_eq!(row(&rows, "15")["total"], 8);
    let rows = stats(
        cq.clone(),
        format!("unit_id={}&group_by=level", w.f.city.id),
    )
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(row(&rows, "department")["total"], 12);
    let rows = stats(cq, format!("unit_id={}&group_by=bloc", w.f.city.id)).await;
    assert_eq!(row(&rows, "government")["total"], 12);

    // Staff read their unit's statistics, but not cells of fewer than 5 people: Q1-A has
    // 5 A, 3 B and 1 D; the total and shares would give the hidden cells away.
    let staff_token = w.token("staff.a").await;
    let rows = stats(staff_token.clone(), format!("unit_id={q1}&group_by=unit")).await;
    let hidden = row(&rows, &q1a.to_string());
    assert_eq!(
        counts(&hidden),
        [json!(5), Value::Null, json!(0), Value::Null]
    );
    assert_eq!(
        (
            hidden["total"].clone(),
            hidden["shares"]["A"].clone(),
            hidden["small_cells_hidden"].clone()
        ),
        (Value::Null, Value::Null, json!(true))
    );
    // Someone of Q1-A who also aggregates Q1-A (Điều 7 "chức năng tổng hợp") reads Q1's
    // statistics like staff, but Q1-A's row whole: the rule goes by each row's unit.
    {
        let conn = &mut w.app.conn();
        let clerk = fixture::person(conn, "Chuyên viên tổng hợp", &w.f.q1a, "staff", 15);
        fixture::account(
            conn,
            "tonghop.a",
            Some(&clerk),
            &[("aggregator", Some(q1a), None)],
        );
    }
    let clerk = w.token("tonghop.a").await;
    let rows = stats(clerk, format!("unit_id={q1}&group_by=unit")).await;
    let whole = row(&rows, &q1a.to_string());
    assert_eq!(counts(&whole), [json!(5), json!(3), json!(0), json!(1)]);
    assert_eq!(whole["small_cells_hidden"], false);

    // As XLSX: the table with Vietnamese labels, the hidden cells marked, and a chart sheet.
    {
        use calamine::Reader;
        let xlsx = w
            .app
            .get_with_token(
                &format!(
                    "/api/v1/stats/ranks.xlsx?unit_id={q1}&group_by=category&period_from=2026-01"
                ),
                &ua_q1,
            )
            .await;
        assert_eq!(xlsx.status, 200, "{}", xlsx.text());
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
        keep_sample(
            "stats.xlsx",
            &xlsx.body,
            json!({"sheet": "Thống kê", "charts": 1, "rows": 2, "header_row": 6, "cells": {
                "A1": "THỐNG KÊ KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG",
                "A7": "Cấp phó", "B7": "2", "F7": "1",
                "A8": "Công chức, viên chức", "C8": "4", "G8": "66.7",
            }}),
        );
        assert_eq!(book.sheet_names(), ["Thống kê", "Biểu đồ"]);
        let sheet = book.worksheet_range("Thống kê").unwrap();
        let text = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert_eq!(text(0, 0), "THỐNG KÊ KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG");
        assert_eq!(text(1, 0), "Đơn vị: Đơn vị Q1");
        assert_eq!(text(2, 0), "Theo loại chức vụ · Từ tháng 01/2026");
        assert!(text(3, 0).starts_with("Xuất bởi tài khoản ua.q1"));
        let lines: Vec<Vec<String>> = (6..8)
            .map(|r| (0..11).map(|c| text(r, c)).collect())
            .collect();
        assert_eq!(lines[0][..6], ["Cấp phó", "2", "0", "1", "0", "1"]);
        assert_eq!(
            lines[1][..6],
            ["Công chức, viên chức", "6", "4", "2", "0", "0"]
        );
        assert_eq!(lines[1][6], "66.7");
        let staff_xlsx = w
            .app
            .get_with_token(
                &format!("/api/v1/stats/ranks.xlsx?unit_id={q1}"),
                &staff_token,
            )
            .await;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(staff_xlsx.body.clone())).unwrap();
        let sheet = book.worksheet_range("Thống kê").unwrap();
        let row: Vec<String> = (0..6)
            .map(|c| {
                sheet
                    .get_value((6, c))
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(row, ["Đơn vị Q1-A", "< 5", "5", "< 5", "0", "< 5"]);
        let audit =
            persistence::queries::audit::for_entity(&mut w.app.conn(), "export", "stats/ranks")
                .unwrap();
        assert_eq!(audit.len(), 2);
    }

    // Outside one's scope: 404; bad parameters: 422.
    let ua_q2 = w.token("ua.q2").await;
    w.app
        .get_with_token(&format!("/api/v1/stats/ranks?unit_id={q1}"), &ua_q2)
        .await
        .problem(404, "not_found");
    w.app
        .get_with_token(
            &format!("/api/v1/stats/ranks?unit_id={}", w.f.city.id),
            &staff_token,
        )
        .await
        .problem(404, "not_found");
    for query in [
        format!("unit_id={q1}&group_by=salary"),
        format!("unit_id={q1}&period_from=2026-00"),
        "group_by=unit".to_owned(),
    ] {
        w.app
            .get_with_token(&format!("/api/v1/stats/ranks?{query}"), &ua_q1)
            .await
            .problem(422, "validation_failed");
    }
}

#[actix_web::test]
async fn search_exports_are_whole_scoped_audited_and_stamped() {
    use calamine::Reader;

    let w = world().await;
    // A name a spreadsheet would run as a formula.
    {
        let conn = &mut w.app.conn();
        let risky = fixture::person(
            conn,
            "=HYPERLINK(\"http://x\",\"Bấm\")",
            &w.f.q1a,
            "staff",
            15,
        );
        record(
            &w.app,
            &Month {
                person: &risky,
                unit: &w.f.q1a,
                publishing: &w.f.q1,
                period: "2026-01",
                state: "published",
                totals: (75.5, Some(75.5)),
                ranks: ("B", Some("B"), Some("B")),
                flags: &[],
                decider: None,
            },
        );
    }
    let ua_q1 = w.token("ua.q1").await;
    let csv = w
        .app
        .get_with_token(
            "/api/v1/search/evaluations.csv?sort=name&period_from=2026-01",
            &ua_q1,
        )
        .await;
    assert_eq!(csv.status, 200, "{}", csv.text());
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert!(
        csv.body.starts_with("\u{feff}".as_bytes()),
        "UTF-8 with a BOM"
    );
    keep_sample(
        "search.csv",
        &csv.body,
        json!({"rows": 10, "header_row": 3, "contains": [
            "Chuyên viên A", "Phó phòng A", "'=HYPERLINK", "Đủ điều kiện A, xếp B do chỉ tiêu", "Đã công khai",
        ]}),
    );
    let text = String::from_utf8(csv.body[3..].to_vec()).expect("UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        lines[0][0],
        "KẾT QUẢ TÌM KIẾM PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG"
    );
    assert!(
        lines[1][0].starts_with("Xuất bởi tài khoản ua.q1 lúc ")
            && lines[1][0].ends_with("(giờ Hà Nội)"),
        "{}",
        lines[1][0]
    );
    assert_eq!(lines[2][1], "Họ và tên");
    let rows = &lines[3..];
    // Q1's 2026 months: staff.a six, pho.a three, and the new one; nothing of Q2.
    assert_eq!(rows.len(), 10, "{rows:?}");
    assert!(rows.iter().all(|r| r[3] == "Đơn vị Q1-A"));
    let risky = rows.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
    assert!(risky[1].starts_with("'="), "neutralised: {}", risky[1]);
    assert_eq!((risky[9].as_str(), risky[12].as_str()), ("75.5", "B"));
    let january = rows
        .iter()
        .find(|r| r[1] == "Chuyên viên A" && r[4] == "01/2026")
        .unwrap();
    assert_eq!(january[13], "Đủ điều kiện A, xếp B do chỉ tiêu");
    assert_eq!(january[5], "Đã công khai");
    let late_or_knocked: Vec<&str> = rows
        .iter()
        .map(|r| r[13].as_str())
        .filter(|n| n.contains("vi phạm"))
        .collect();
    assert_eq!(late_or_knocked.len(), 1);

    // The XLSX holds the same rows, typed.
    let xlsx = w
        .app
        .get_with_token(
            "/api/v1/search/evaluations.xlsx?sort=name&period_from=2026-01",
            &ua_q1,
        )
        .await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.clone())).unwrap();
    keep_sample(
        "search.xlsx",
        &xlsx.body,
        json!({"sheet": "Kết quả", "rows": 10, "header_row": 4, "cells": {
            "A1": "KẾT QUẢ TÌM KIẾM PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG", "B4": "Họ và tên", "N4": "Ghi chú",
        }, "contains": ["=HYPERLINK(\"http://x\",\"Bấm\")", "Chuyên viên A", "Đơn vị Q1-A", "Không hoàn thành nhiệm vụ do vi phạm"]}),
    );
    let sheet = book.worksheet_range("Kết quả").unwrap();
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), lines[0][0]);
    assert!(
        sheet
            .get_value((1, 0))
            .unwrap()
            .to_string()
            .starts_with("Xuất bởi tài khoản ua.q1")
    );
    assert_eq!(sheet.get_value((3, 1)).unwrap().to_string(), "Họ và tên");
    let names: Vec<String> = (4..14)
        .map(|r| sheet.get_value((r, 1)).unwrap().to_string())
        .collect();
    let csv_names: Vec<String> = rows
        .iter()
        .map(|r| r[1].trim_start_matches('\'').to_owned())
        .collect();
    assert_eq!(names, csv_names);
    assert!(
        sheet
            .get_value((14, 1))
            .is_none_or(|v| v.to_string().is_empty())
    );
    let total = sheet.get_value((4, 9)).unwrap();
    assert!(matches!(total, calamine::Data::Float(_)), "{total:?}");

    // Another unit's admin exports nothing of Q1; each export is in the audit trail with its
    // filters.
    let ua_q2 = w.token("ua.q2").await;
    let other = w
        .app
        .get_with_token("/api/v1/search/evaluations.csv", &ua_q2)
        .await;
    assert_eq!(other.status, 200);
    let other_text = String::from_utf8(other.body[3..].to_vec()).unwrap();
    assert!(!other_text.contains("Chuyên viên A"));
    assert!(other_text.contains("Chuyên viên Q2-A"));
    let audit =
        persistence::queries::audit::for_entity(&mut w.app.conn(), "export", "search/evaluations")
            .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "export.search_csv")
            .count(),
        2
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "export.search_xlsx")
            .count(),
        1
    );
    let xlsx_entry = audit
        .iter()
        .find(|e| e.action == "export.search_xlsx")
        .unwrap();
    let logged = serde_json::to_string(&xlsx_entry.after).unwrap();
    assert!(logged.contains("sort=name&period_from=2026-01"), "{logged}");
    assert_eq!(xlsx_entry.unit_id, None);

    // Bad filters are refused before anything is written.
    w.app
        .get_with_token("/api/v1/search/evaluations.csv?rank=Z", &ua_q1)
        .await
        .problem(422, "validation_failed");
}

/// Waits (at most ten seconds) for an export job to end, and returns it.
async fn finished_job(app: &TestApp, id: &str, token: &str) -> Value {
    for _ in 0..200 {
        let job = app
            .get_with_token(&format!("/api/v1/exports/{id}"), token)
            .await;
        assert_eq!(job.status, 200, "{}", job.text());
        let job = job.json();
        if matches!(job["status"].as_str(), Some("succeeded" | "failed")) {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the export job {id} did not end");
}

/// The data rows of an exported CSV (after the title, the stamp and the header).
fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(body).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .skip(3)
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[actix_web::test]
async fn long_exports_run_as_jobs_with_progress_and_a_download_link() {
    use calamine::Reader;

    let w = world().await;
    let ua_q1 = w.token("ua.q1").await;
    let ua_q2 = w.token("ua.q2").await;
    let filters = "sort=name&period_from=2026-01";
    let direct = w
        .app
        .get_with_token(&format!("/api/v1/search/evaluations.csv?{filters}"), &ua_q1)
        .await;
    let expected = csv_rows(&direct.body);
    assert!(expected.len() >= 9, "{expected:?}");

    // CSV: 202 with the job and where to follow it; it ends with a download link.
    let started = w
        .app
        .call(
            "POST",
            &format!("/api/v1/search/evaluations/exports?format=csv&{filters}"),
            &ua_q1,
            None,
        )
        .await;
    assert_eq!(started.status, 202, "{}", started.text());
    let job = started.json();
    let id = job["id"].as_str().unwrap().to_owned();
    assert_eq!(
        started.headers.get("location").unwrap(),
        &format!("/api/v1/exports/{id}")
    );
    assert_eq!(
        (job["kind"].as_str(), job["format"].as_str()),
        (Some("search_evaluations"), Some("csv"))
    );
    assert!(matches!(
        job["status"].as_str(),
        Some("pending" | "running" | "succeeded")
    ));
    assert!(job["total_rows"].as_i64().unwrap() >= expected.len() as i64);
    let done = finished_job(&w.app, &id, &ua_q1).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(
        (
            done["processed_rows"].as_i64(),
            done["total_rows"].as_i64(),
            done["percent"].as_u64()
        ),
        (
            Some(expected.len() as i64),
            Some(expected.len() as i64),
            Some(100)
        )
    );
    assert_eq!(done["download_url"], format!("/api/v1/exports/{id}/file"));
    let file = w
        .app
        .get_with_token(done["download_url"].as_str().unwrap(), &ua_q1)
        .await;
    assert_eq!(file.status, 200, "{}", file.text());
    assert_eq!(file.content_type, "text/csv; charset=utf-8");
    assert_eq!(file.body.len() as i64, done["byte_size"].as_i64().unwrap());
    assert_eq!(
        csv_rows(&file.body),
        expected,
        "the same rows as the direct export"
    );
    assert!(
        file.text().contains("Xuất bởi tài khoản ua.q1 lúc "),
        "stamped"
    );

    // XLSX: the same rows, typed, read by a real reader.
    let started = w
        .app
        .call(
            "POST",
            &format!("/api/v1/search/evaluations/exports?format=xlsx&{filters}"),
            &ua_q1,
            None,
        )
        .await;
    assert_eq!(started.status, 202, "{}", started.text());
    let xlsx_id = started.json()["id"].as_str().unwrap().to_owned();
    let done = finished_job(&w.app, &xlsx_id, &ua_q1).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let file = w
        .app
        .get_with_token(&format!("/api/v1/exports/{xlsx_id}/file"), &ua_q1)
        .await;
    assert_eq!(
        file.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    keep_sample(
        "search-job.xlsx",
        &file.body,
        json!({"sheet": "Kết quả", "rows": expected.len(), "header_row": 4, "cells": {
            "A1": "KẾT QUẢ TÌM KIẾM PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG", "B4": "Họ và tên",
        }, "contains": ["Chuyên viên A", "Đơn vị Q1-A"]}),
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(file.body.clone())).unwrap();
    let sheet = book.worksheet_range("Kết quả").unwrap();
    let names: Vec<String> = (4..4 + expected.len() as u32)
        .map(|r| sheet.get_value((r, 1)).unwrap().to_string())
        .collect();
    let expected_names: Vec<String> = expected.iter().map(|r| r[1].clone()).collect();
    assert_eq!(names, expected_names);

    // PDF: the same rows as a list to print, in the official layout.
    let started = w
        .app
        .call(
            "POST",
            &format!("/api/v1/search/evaluations/exports?format=pdf&{filters}"),
            &ua_q1,
            None,
        )
        .await;
    assert_eq!(started.status, 202, "{}", started.text());
    let pdf_id = started.json()["id"].as_str().unwrap().to_owned();
    let done = finished_job(&w.app, &pdf_id, &ua_q1).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["processed_rows"], expected.len());
    let file = w
        .app
        .get_with_token(&format!("/api/v1/exports/{pdf_id}/file"), &ua_q1)
        .await;
    assert_eq!(file.content_type, "application/pdf");
    assert!(file.body.starts_with(b"%PDF"));
    keep_sample(
        "search-job.pdf",
        &file.body,
        json!({"layout": "list", "table_rows": expected.len(), "text_contains": [
            "DANH SÁCH PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG THEO KẾT QUẢ TÌM KIẾM",
            "ĐƠN VỊ Q1",
            "Chuyên viên A",
            "Xuất bởi tài khoản ua.q1 lúc ",
            format!("Tổng số: {} phiếu.", expected.len()),
        ]}),
    );

    // The caller's jobs, newest first; nobody else sees them or their files.
    let mine = w.app.get_with_token("/api/v1/exports", &ua_q1).await.json();
    let listed: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [pdf_id.as_str(), xlsx_id.as_str(), id.as_str()]);
    assert_eq!(
        w.app.get_with_token("/api/v1/exports", &ua_q2).await.json(),
        json!([])
    );
    for path in [
        format!("/api/v1/exports/{id}"),
        format!("/api/v1/exports/{id}/file"),
    ] {
        w.app
            .get_with_token(&path, &ua_q2)
            .await
            .problem(404, "not_found");
    }

    // Refused before anything is written: a bad format, a bad filter, an unknown unit.
    for (query, status, code) in [
        ("format=docx", 422, "validation_failed"),
        ("format=csv&rank=Z", 422, "validation_failed"),
        (
            "format=csv&unit_id=00000000-0000-0000-0000-000000000001",
            404,
            "not_found",
        ),
    ] {
        w.app
            .call(
                "POST",
                &format!("/api/v1/search/evaluations/exports?{query}"),
                &ua_q1,
                None,
            )
            .await
            .problem(status, code);
    }
    let mine = w.app.get_with_token("/api/v1/exports", &ua_q1).await.json();
    assert_eq!(mine.as_array().unwrap().len(), 3);

    // Each job is audited with its filters and its id.
    let audit =
        persistence::queries::audit::for_entity(&mut w.app.conn(), "export", "search/evaluations")
            .unwrap();
    let jobs: Vec<(String, String)> = audit
        .iter()
        .map(|e| {
            (
                e.action.clone(),
                e.after
                    .as_ref()
                    .and_then(|a| a["job_id"].as_str())
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        jobs[jobs.len() - 3..],
        [
            ("export.search_csv".to_owned(), id.clone()),
            ("export.search_xlsx".to_owned(), xlsx_id.clone()),
            ("export.search_pdf".to_owned(), pdf_id.clone())
        ]
    );

    // A job still running has no file yet; one left running by a dead process ends as failed
    // (and says why in Vietnamese) at the next start; an expired one is gone.
    let account = persistence::queries::accounts::find_by_username(&mut w.app.conn(), "ua.q1")
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    let job = |conn: &mut diesel::PgConnection, created: chrono::DateTime<chrono::Utc>, expires| {
        let job = persistence::queries::exports::create(
            conn,
            &persistence::models::exports::NewExportJob {
                kind: "search_evaluations",
                format: "csv",
                query: filters,
                total_rows: 1000,
                file_name: "tim-kiem-danh-gia.csv",
                content_type: "text/csv; charset=utf-8",
                created_by: Some(account),
                created_at: created,
                expires_at: expires,
                updated_at: created,
            },
        )
        .unwrap();
        // Its heartbeat stopped when it was created (it last reported progress then).
        assert!(persistence::queries::exports::start(conn, job.id, created).unwrap());
        assert!(persistence::queries::exports::set_progress(conn, job.id, 250, created).unwrap());
        persistence::queries::exports::add_chunk(conn, job.id, 0, b"partial").unwrap();
        job.id
    };
    let conn = &mut w.app.conn();
    let running = job(conn, now, now + chrono::Duration::hours(24));
    let stuck = job(
        conn,
        now - chrono::Duration::hours(2),
        now + chrono::Duration::hours(22),
    );
    let expired = job(
        conn,
        now - chrono::Duration::hours(30),
        now - chrono::Duration::hours(6),
    );
    let shown = w
        .app
        .get_with_token(&format!("/api/v1/exports/{running}"), &ua_q1)
        .await
        .json();
    assert_eq!(
        (
            shown["status"].as_str(),
            shown["percent"].as_u64(),
            &shown["download_url"]
        ),
        (Some("running"), Some(25), &Value::Null)
    );
    w.app
        .get_with_token(&format!("/api/v1/exports/{running}/file"), &ua_q1)
        .await
        .problem(409, "export_not_ready");
    assert_eq!(api::jobs::export_search::clean_up(conn, now).unwrap(), 1);
    let failed = w
        .app
        .get_with_token(&format!("/api/v1/exports/{stuck}"), &ua_q1)
        .await
        .json();
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["code"], "interrupted");
    assert!(
        failed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bị gián đoạn"),
        "{failed}"
    );
    assert_eq!(
        persistence::queries::exports::chunk(conn, stuck, 0).unwrap(),
        None,
        "a failed job keeps no file"
    );
    w.app
        .get_with_token(&format!("/api/v1/exports/{expired}"), &ua_q1)
        .await
        .problem(404, "not_found");
    assert_eq!(
        persistence::queries::exports::chunk(conn, expired, 0).unwrap(),
        None,
        "an expired file is deleted"
    );
    assert_eq!(
        persistence::queries::exports::chunk(conn, running, 0)
            .unwrap()
            .as_deref(),
        Some(&b"partial"[..]),
        "a running job is left alone"
    );
    // A writer whose job was failed meanwhile is told to stop, and cannot mark it succeeded.
    assert!(!persistence::queries::exports::set_progress(conn, stuck, 500, now).unwrap());
    assert!(!persistence::queries::exports::succeed(conn, stuck, 500, 10, now).unwrap());
    let shown = w
        .app
        .get_with_token(&format!("/api/v1/exports/{stuck}"), &ua_q1)
        .await
        .json();
    assert_eq!(shown["status"], "failed");
}

#[actix_web::test]
async fn the_nightly_job_rebuilds_the_statistics_from_the_evaluations() {
    use diesel::connection::SimpleConnection;

    #[derive(diesel::QueryableByName)]
    struct Snapshot {
        #[diesel(sql_type = diesel::sql_types::Text)]
        rows: String,
    }
    let w = world().await;
    let snapshot = |app: &TestApp| {
        diesel::sql_query(
            "SELECT coalesce(string_agg(line, ';' ORDER BY line), '') AS rows FROM \
             (SELECT concat_ws('|', period, publishing_unit_id, unit_id, position_category, \
              form_code, rank, qualified_a_ranked_b, n) AS line \
              FROM rank_counts WHERE period IN ('2026-01', '2026-02')) lines",
        )
        .get_result::<Snapshot>(&mut app.conn())
        .unwrap()
        .rows
    };
    let before = snapshot(&w.app);
    assert!(before.contains("2026-02"), "{before}");
    // Counts that drifted: one month lost, one inflated.
    w.app
        .conn()
        .batch_execute(
            "DELETE FROM rank_counts WHERE period = '2026-02'; \
             UPDATE rank_counts SET n = n + 5 WHERE period = '2026-01'; \
             UPDATE scheduled_jobs SET next_run_at = CASE WHEN name = 'stats' \
               THEN '2000-01-01T00:00:00Z'::timestamptz ELSE '2100-01-01T00:00:00Z'::timestamptz END",
        )
        .unwrap();
    assert_ne!(snapshot(&w.app), before);
    let jobs = api::jobs::scheduler::JobContext::new(
        &w.app.config,
        api::jobs::mailer::Mailer::new(None, "a@b.c").unwrap(),
    );
    let rules_now = "2026-02-15T03:00:00Z".parse().unwrap();
    let ran =
        api::jobs::scheduler::tick(&w.app.pool, &jobs, "replica", chrono::Utc::now(), rules_now)
            .unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!((ran[0].job.as_str(), ran[0].succeeded), ("stats", true));
    assert!(
        ran[0].message.contains("2026-01 và 2026-02"),
        "{:?}",
        ran[0]
    );
    assert_eq!(snapshot(&w.app), before);
}
