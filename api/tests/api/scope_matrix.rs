//! Every organisation route × every kind of caller × objects inside and outside its scope.
//! What a caller may not see answers 404 (or, for a unit named in a body, 422 `unknown_unit`).
//!
//! The seats (see [`fixture`]): the operator, both bloc admins, the unit admins of Q1 and of
//! its sibling Q2, Q1's aggregator, the head of Q1 and its acting head (a deputy, by a
//! delegation over November), a department head and a staff member of Q1-A, a staff member of
//! the sibling Q2-A, and service clients on Q1's subtree reading the org (`service`), writing it
//! (`svc.write`) and holding every scope (`svc.all`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::fixture::{self, PASSWORD};
use crate::helpers::{TestApp, spawn_app};

const CALLERS: &[&str] = &[
    "operator",
    "khoi.dang",
    "khoi.cq",
    "ua.q2",
    "ua.q1",
    "agg.q1",
    "ct.q1",
    "pct.q1",
    "lead.a",
    "pho.a",
    "staff.a",
    "staff.q2",
    "service",
    "svc.write",
    "svc.all",
];

/// Service clients: refused on every `/accounts` route (issue 9.1).
const SERVICES: &[&str] = &["service", "svc.write", "svc.all"];

struct Case {
    method: &'static str,
    path: String,
    body: Option<Value>,
    ok: u16,
    denied: u16,
    allowed: &'static [&'static str],
    /// Callers who may act on the path's object but not on one named in the body: 422.
    named_outside: &'static [&'static str],
}

fn case(
    method: &'static str,
    path: String,
    body: Option<Value>,
    ok: u16,
    allowed: &'static [&'static str],
) -> Case {
    // What is named in a body (a unit, a person) is a field error when out of scope.
    let denied = match (method, path.as_str()) {
        ("POST", "/api/v1/people" | "/api/v1/units" | "/api/v1/accounts") => 422,
        _ => 404,
    };
    Case {
        method,
        path,
        body,
        ok,
        denied,
        allowed,
        named_outside: &[],
    }
}

impl Case {
    /// These callers reach the path's object, but the person named in the body lies outside
    /// their scope: 422 `unknown_person`.
    fn named_outside(mut self, callers: &'static [&'static str]) -> Self {
        self.named_outside = callers;
        self
    }
}

async fn tokens(
    app: &TestApp,
    f: &fixture::Fixture,
    s: &fixture::Seats,
) -> BTreeMap<&'static str, String> {
    let mut tokens = BTreeMap::new();
    let now = chrono::Utc::now();
    for caller in CALLERS {
        let token = match *caller {
            "service" => f.service_token(app),
            "svc.write" => app.jwt().issue_service(s.svc_write, now).unwrap(),
            "svc.all" => app.jwt().issue_service(s.svc_all, now).unwrap(),
            name => app.tokens(name, PASSWORD).await.0,
        };
        tokens.insert(*caller, token);
    }
    tokens
}

/// The fixture with every seat, and a token for each caller.
async fn setup() -> (
    TestApp,
    fixture::Fixture,
    fixture::Seats,
    BTreeMap<&'static str, String>,
) {
    let app = spawn_app().await;
    let f = fixture::build(&app);
    let s = fixture::seats(&app, &f);
    let tokens = tokens(&app, &f, &s).await;
    (app, f, s, tokens)
}

#[actix_web::test]
async fn each_route_answers_each_caller_by_scope() {
    let (app, f, s, tokens) = setup().await;

    // People see their own unit and its publishing unit; the head of Q1 and its acting head
    // sit in Q1 itself, so Q1-A's org data is not theirs to read.
    const READ_UNIT: &[&str] = &[
        "operator",
        "khoi.cq",
        "ua.q1",
        "agg.q1",
        "lead.a",
        "pho.a",
        "staff.a",
        "service",
        "svc.write",
        "svc.all",
    ];
    const READ_PERSON: &[&str] = &[
        "operator",
        "khoi.cq",
        "ua.q1",
        "agg.q1",
        "staff.a",
        "service",
        "svc.write",
        "svc.all",
    ];
    const MANAGE: &[&str] = &["operator", "khoi.cq", "ua.q1", "svc.write", "svc.all"];
    const PARTY: &[&str] = &["operator", "khoi.dang"];
    // The sibling subtree Q2 of the same bloc.
    const READ_Q2: &[&str] = &["operator", "khoi.cq", "ua.q2", "staff.q2"];
    const MANAGE_Q2: &[&str] = &["operator", "khoi.cq", "ua.q2"];
    // Naming a person of Q2 from Q1: only those who manage both.
    const BOTH: &[&str] = &["operator", "khoi.cq"];
    const Q1_ONLY: &[&str] = &["ua.q1", "svc.write", "svc.all"];
    let new_person = |unit: uuid::Uuid| json!({"full_name": "Người mới", "unit_id": unit, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}});
    let same_post = |unit: uuid::Uuid| json!({"unit_id": unit, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}});

    let cases = vec![
        case(
            "GET",
            format!("/api/v1/units/{}", f.q1a.id),
            None,
            200,
            READ_UNIT,
        ),
        case(
            "PATCH",
            format!("/api/v1/units/{}", f.q1a.id),
            Some(json!({"name": "Đơn vị Q1-A"})),
            200,
            MANAGE,
        ),
        case(
            "GET",
            format!("/api/v1/units/{}/delegations", f.q1a.id),
            None,
            200,
            READ_UNIT,
        ),
        case(
            "POST",
            format!("/api/v1/units/{}/delegations", f.q1a.id),
            Some(
                json!({"acting_person_id": f.deputy_a.id, "valid_from": "2030-01-01", "valid_until": "2030-01-02"}),
            ),
            201,
            MANAGE,
        ),
        case(
            "GET",
            format!("/api/v1/people/{}", f.staff_a.id),
            None,
            200,
            READ_PERSON,
        ),
        case(
            "PATCH",
            format!("/api/v1/people/{}", f.staff_a.id),
            Some(json!({"full_name": "Chuyên viên A"})),
            200,
            MANAGE,
        ),
        case(
            "GET",
            format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.staff_a.id
            ),
            None,
            200,
            READ_PERSON,
        ),
        case(
            "GET",
            format!("/api/v1/people/{}/assignments", f.staff_a.id),
            None,
            200,
            READ_PERSON,
        ),
        case(
            "POST",
            format!("/api/v1/people/{}/assignments", f.staff_a.id),
            Some(
                json!({"decider_id": f.head_a.id, "valid_from": "2030-01-01", "valid_until": "2030-01-02"}),
            ),
            201,
            MANAGE,
        ),
        case(
            "POST",
            format!("/api/v1/people/{}/transfer", f.staff_a.id),
            Some(same_post(f.q1a.id)),
            200,
            MANAGE,
        ),
        case(
            "POST",
            "/api/v1/people".to_owned(),
            Some(new_person(f.q1a.id)),
            201,
            MANAGE,
        ),
        case(
            "PATCH",
            format!("/api/v1/accounts/{}", f.staff_a_account),
            Some(json!({"status_reason": "kiểm tra"})),
            200,
            MANAGE,
        ),
        // A personal account for someone of Q1-A, and a department under Q1.
        case(
            "POST",
            "/api/v1/accounts".to_owned(),
            Some(json!({"person_id": f.head_a.id})),
            201,
            MANAGE,
        ),
        case(
            "POST",
            "/api/v1/units".to_owned(),
            Some(
                json!({"name": "Phòng mới", "level": "department", "bloc": "government", "parent_id": f.q1.id}),
            ),
            201,
            MANAGE,
        ),
        // Outside: the party bloc.
        case(
            "GET",
            format!("/api/v1/units/{}", f.bd.id),
            None,
            200,
            PARTY,
        ),
        case(
            "PATCH",
            format!("/api/v1/units/{}", f.bd.id),
            Some(json!({"name": "Ban Dân vận"})),
            200,
            PARTY,
        ),
        case(
            "GET",
            format!("/api/v1/people/{}", f.staff_bd.id),
            None,
            200,
            PARTY,
        ),
        case(
            "PATCH",
            format!("/api/v1/people/{}", f.staff_bd.id),
            Some(json!({"full_name": "Chuyên viên BD"})),
            200,
            PARTY,
        ),
        // Nobody heads the party units in this fixture: the chain says so, to those who may see it.
        case(
            "GET",
            format!(
                "/api/v1/people/{}/evaluation-chain?period=2026-11",
                f.staff_bd.id
            ),
            None,
            409,
            PARTY,
        ),
        case(
            "POST",
            format!("/api/v1/people/{}/transfer", f.staff_bd.id),
            Some(same_post(f.bd.id)),
            200,
            PARTY,
        ),
        case(
            "POST",
            "/api/v1/people".to_owned(),
            Some(new_person(f.bd.id)),
            201,
            PARTY,
        ),
        case(
            "PATCH",
            format!("/api/v1/accounts/{}", s.staff_bd_account),
            Some(json!({"status_reason": "kiểm tra"})),
            200,
            PARTY,
        ),
        // Outside: the sibling subtree Q2 of the same bloc.
        case(
            "GET",
            format!("/api/v1/units/{}", s.q2a.id),
            None,
            200,
            READ_Q2,
        ),
        case(
            "PATCH",
            format!("/api/v1/units/{}", s.q2a.id),
            Some(json!({"name": "Phòng A Quận 2"})),
            200,
            MANAGE_Q2,
        ),
        case(
            "GET",
            format!("/api/v1/units/{}/delegations", s.q2a.id),
            None,
            200,
            READ_Q2,
        ),
        case(
            "POST",
            format!("/api/v1/units/{}/delegations", s.q2a.id),
            Some(
                json!({"acting_person_id": s.staff_q2.id, "valid_from": "2030-01-01", "valid_until": "2030-01-02"}),
            ),
            201,
            MANAGE_Q2,
        ),
        case(
            "GET",
            format!("/api/v1/people/{}", s.staff_q2.id),
            None,
            200,
            READ_Q2,
        ),
        case(
            "PATCH",
            format!("/api/v1/people/{}", s.staff_q2.id),
            Some(json!({"full_name": "Chuyên viên Q2-A"})),
            200,
            MANAGE_Q2,
        ),
        case(
            "GET",
            format!("/api/v1/people/{}/assignments", s.staff_q2.id),
            None,
            200,
            READ_Q2,
        ),
        case(
            "POST",
            format!("/api/v1/people/{}/assignments", s.staff_q2.id),
            Some(
                json!({"decider_id": s.head_q2a.id, "valid_from": "2030-01-01", "valid_until": "2030-01-02"}),
            ),
            201,
            MANAGE_Q2,
        ),
        case(
            "POST",
            format!("/api/v1/people/{}/transfer", s.staff_q2.id),
            Some(same_post(s.q2a.id)),
            200,
            MANAGE_Q2,
        ),
        case(
            "POST",
            "/api/v1/people".to_owned(),
            Some(new_person(s.q2a.id)),
            201,
            MANAGE_Q2,
        ),
        case(
            "PATCH",
            format!("/api/v1/accounts/{}", s.staff_q2_account),
            Some(json!({"status_reason": "kiểm tra"})),
            200,
            MANAGE_Q2,
        ),
        case(
            "POST",
            "/api/v1/units".to_owned(),
            Some(
                json!({"name": "Phòng mới", "level": "department", "bloc": "government", "parent_id": f.q2.id}),
            ),
            201,
            MANAGE_Q2,
        ),
        // A personal account for someone of Q2-A.
        case(
            "POST",
            "/api/v1/accounts".to_owned(),
            Some(json!({"person_id": s.staff_q2.id})),
            201,
            MANAGE_Q2,
        ),
        // Q1's objects naming someone of Q2: an acting head, a decider.
        case(
            "POST",
            format!("/api/v1/units/{}/delegations", f.q1a.id),
            Some(
                json!({"acting_person_id": s.staff_q2.id, "valid_from": "2030-02-01", "valid_until": "2030-02-02"}),
            ),
            201,
            BOTH,
        )
        .named_outside(Q1_ONLY),
        case(
            "POST",
            format!("/api/v1/people/{}/assignments", f.staff_a.id),
            Some(
                json!({"decider_id": s.head_q2a.id, "valid_from": "2030-02-01", "valid_until": "2030-02-02"}),
            ),
            201,
            BOTH,
        )
        .named_outside(Q1_ONLY),
        // The quota override of an exceptional unit: operators and its bloc's admins; config, so
        // everyone else learns nothing (404) as on the quota policy. Set, then removed.
        case(
            "PUT",
            format!("/api/v1/units/{}/quota-override", f.q1.id),
            Some(json!({"decision_number": "12/QĐ-UBND", "percent": 30})),
            200,
            &["operator", "khoi.cq"],
        ),
        case(
            "DELETE",
            format!("/api/v1/units/{}/quota-override", f.q1.id),
            None,
            204,
            &["operator", "khoi.cq"],
        ),
        case(
            "PUT",
            format!("/api/v1/units/{}/quota-override", f.bd.id),
            Some(json!({"decision_number": "7/QĐ-TU", "percent": 30})),
            200,
            PARTY,
        ),
        case(
            "DELETE",
            format!("/api/v1/units/{}/quota-override", f.bd.id),
            None,
            204,
            PARTY,
        ),
    ];

    let mut failures = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        for caller in CALLERS {
            // Creations need unique names, and one personal account per person.
            // A DELETE needs something to remove: the PUT before it is set again first.
            if case.method == "DELETE" && case.allowed.contains(caller) {
                let put = app
                    .call(
                        "PUT",
                        &case.path,
                        &tokens["operator"],
                        Some(json!({"decision_number": "1/QĐ", "percent": 30})),
                    )
                    .await;
                assert_eq!(put.status.as_u16(), 200, "{}", put.text());
            }
            let body = case.body.clone().map(|mut body| {
                if case.path == "/api/v1/accounts" {
                    body["username"] = json!(format!("acct-{n}-{caller}"));
                    if case.allowed.contains(caller) {
                        // A fresh person in the unit of the one named, for each success.
                        let named = body["person_id"].as_str().unwrap().to_owned();
                        let unit = if named == s.staff_q2.id.to_string() {
                            &s.q2a
                        } else {
                            &f.q1a
                        };
                        let other = crate::fixture::person(
                            &mut app.conn(),
                            &format!("Người của {caller}"),
                            unit,
                            "staff",
                            15,
                        );
                        body["person_id"] = json!(other.id);
                    }
                }
                if case.path == "/api/v1/units" {
                    body["code"] = json!(format!("N{n}-{}", caller.replace('.', "-")));
                }
                body
            });
            let answer = app
                .call(case.method, &case.path, &tokens[caller], body)
                .await;
            let expected = if SERVICES.contains(caller) && case.path.starts_with("/api/v1/accounts")
            {
                // Service clients are refused on every /accounts route (issue 9.1).
                403
            } else if case.allowed.contains(caller) {
                case.ok
            } else if case.named_outside.contains(caller) {
                422
            } else {
                case.denied
            };
            if answer.status.as_u16() != expected {
                failures.push(format!(
                    "{} {} as {caller}: {} (expected {expected}) {}",
                    case.method,
                    case.path,
                    answer.status,
                    answer.text()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_web::test]
async fn lists_show_each_caller_only_its_scope() {
    let (app, f, s, tokens) = setup().await;

    let contains = |page: &Value, key: &str, value: &str| {
        // A refused list (service clients on /accounts: 403) shows nothing.
        page["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i[key] == value))
    };
    let mut failures = Vec::new();
    for caller in CALLERS {
        let units = app
            .get_with_token("/api/v1/units?limit=500", &tokens[caller])
            .await
            .json();
        let people = app
            .get_with_token("/api/v1/people?limit=500", &tokens[caller])
            .await
            .json();
        let accounts = app
            .get_with_token("/api/v1/accounts?limit=500", &tokens[caller])
            .await
            .json();
        let q1_org: &[&str] = &[
            "operator",
            "khoi.cq",
            "ua.q1",
            "agg.q1",
            "service",
            "svc.write",
            "svc.all",
        ];
        let manage_q1: &[&str] = &["operator", "khoi.cq", "ua.q1"];
        let q2: &[&str] = &["operator", "khoi.cq", "ua.q2"];
        let party: &[&str] = &["operator", "khoi.dang"];
        let or = |set: &[&str], more: &[&str]| set.contains(caller) || more.contains(caller);
        let checks = [
            (
                "unit Q1-A",
                contains(&units, "code", "Q1-A"),
                or(q1_org, &["lead.a", "pho.a", "staff.a"]),
            ),
            (
                "unit Q1",
                contains(&units, "code", "Q1"),
                or(q1_org, &["ct.q1", "pct.q1", "lead.a", "pho.a", "staff.a"]),
            ),
            (
                "unit Q2-A",
                contains(&units, "code", "Q2-A"),
                or(q2, &["staff.q2"]),
            ),
            ("unit BD", contains(&units, "code", "BD"), or(party, &[])),
            (
                "person staff.a",
                contains(&people, "id", &f.staff_a.id.to_string()),
                or(q1_org, &["staff.a"]),
            ),
            (
                "person head of Q1",
                contains(&people, "id", &f.q1_head.id.to_string()),
                or(q1_org, &["ct.q1"]),
            ),
            (
                "person staff.q2",
                contains(&people, "id", &s.staff_q2.id.to_string()),
                or(q2, &["staff.q2"]),
            ),
            (
                "person staff.bd",
                contains(&people, "id", &f.staff_bd.id.to_string()),
                or(party, &[]),
            ),
            (
                "account staff.a",
                contains(&accounts, "username", "staff.a"),
                or(manage_q1, &[]),
            ),
            (
                "account ct.q1",
                contains(&accounts, "username", "ct.q1"),
                or(manage_q1, &[]),
            ),
            (
                "account staff.q2",
                contains(&accounts, "username", "staff.q2"),
                or(q2, &[]),
            ),
            (
                "account staff.bd",
                contains(&accounts, "username", "staff.bd"),
                or(party, &[]),
            ),
            (
                "account op",
                contains(&accounts, "username", "operator"),
                *caller == "operator",
            ),
        ];
        for (what, seen, expected) in checks {
            if seen != expected {
                failures.push(format!(
                    "{caller} {} {what}",
                    if expected { "misses" } else { "sees" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The monthly cycle's routes, each caller: allowed, known but not theirs to act on (403), or
/// outside their scope (404).
#[actix_web::test]
async fn evaluation_routes_answer_each_caller_by_scope() {
    let (app, f, _s, tokens) = setup().await;
    let mine = app
        .get_with_token(
            "/api/v1/evaluations/mine?period=2026-11",
            &tokens["staff.a"],
        )
        .await;
    let id = mine.json()["id"].as_str().unwrap().to_owned();
    let etag = || async {
        app.get_with_token(&format!("/api/v1/evaluations/{id}"), &tokens["staff.a"])
            .await
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };

    let status_of = |expected: &[(&str, u16)], caller: &str, default: u16| {
        expected
            .iter()
            .find(|(c, _)| *c == caller)
            .map_or(default, |(_, s)| *s)
    };
    let mut failures = Vec::new();
    let mut expect = |what: &str, caller: &str, got: u16, want: u16, body: String| {
        if got != want {
            failures.push(format!(
                "{what} as {caller}: {got} (expected {want}) {body}"
            ));
        }
    };

    // Reading an evaluation: the person, their decider, and the admins/aggregators/bloc of its unit.
    // The head of the publishing unit Q1 and its acting head read it too, and a service
    // client with `evaluations_read` on Q1.
    let readers: &[(&str, u16)] = &[
        ("staff.a", 200),
        ("lead.a", 200),
        ("pho.a", 200),
        ("ua.q1", 200),
        ("agg.q1", 200),
        ("khoi.cq", 200),
        ("ct.q1", 200),
        ("pct.q1", 200),
        ("svc.all", 200),
    ];
    for caller in CALLERS {
        let answer = app
            .get_with_token(&format!("/api/v1/evaluations/{id}"), &tokens[caller])
            .await;
        expect(
            "GET evaluation",
            caller,
            answer.status.as_u16(),
            status_of(readers, caller, 404),
            answer.text(),
        );
    }
    // Saving the self-assessment: only the person; other readers are refused, the rest learn nothing.
    for caller in CALLERS
        .iter()
        .filter(|c| **c != "staff.a")
        .chain(["staff.a"].iter())
    {
        let tag = etag().await;
        let request = app
            .client
            .put(app.url(&format!("/api/v1/evaluations/{id}/self")))
            .bearer_auth(&tokens[caller])
            .insert_header(("If-Match", tag));
        let answer = app.send(request, Some(&json!({"scores": []}))).await;
        let want = match *caller {
            "staff.a" => 200,
            c if readers.iter().any(|(r, _)| *r == c) => 403,
            _ => 404,
        };
        expect(
            "PUT self",
            caller,
            answer.status.as_u16(),
            want,
            answer.text(),
        );
    }
    // The unit summary: those who may export the unit's data, and its evaluators.
    let summary: &[(&str, u16)] = &[
        ("ua.q1", 200),
        ("agg.q1", 200),
        ("khoi.cq", 200),
        ("lead.a", 200),
        ("pho.a", 200),
        ("ct.q1", 200),
        ("pct.q1", 200),
        ("svc.all", 200),
    ];
    for caller in CALLERS {
        let answer = app
            .get_with_token(
                &format!("/api/v1/units/{}/summary?period=2026-11", f.q1.id),
                &tokens[caller],
            )
            .await;
        expect(
            "GET summary",
            caller,
            answer.status.as_u16(),
            status_of(summary, caller, 404),
            answer.text(),
        );
    }
    // Publishing: only the unit head and its acting head, who reach the rules (the month is
    // undecided: 409); those who see the unit get 403.
    let see_unit = [
        "operator",
        "khoi.cq",
        "ua.q1",
        "agg.q1",
        "lead.a",
        "pho.a",
        "staff.a",
        "service",
        "svc.write",
        "svc.all",
    ];
    for caller in CALLERS {
        let answer = app
            .call(
                "POST",
                &format!("/api/v1/units/{}/publications", f.q1.id),
                &tokens[caller],
                Some(json!({"period": "2026-11"})),
            )
            .await;
        expect(
            "POST publication",
            caller,
            answer.status.as_u16(),
            match *caller {
                "ct.q1" | "pct.q1" => 409,
                c if see_unit.contains(&c) => 403,
                _ => 404,
            },
            answer.text(),
        );
    }
    // Work plans: the person, their evaluators, and those who may read the person.
    let plans: &[(&str, u16)] = &[
        ("staff.a", 200),
        ("lead.a", 200),
        ("pho.a", 200),
        ("operator", 200),
        ("khoi.cq", 200),
        ("ua.q1", 200),
        ("agg.q1", 200),
        ("service", 200),
        ("svc.write", 200),
        ("svc.all", 200),
    ];
    for caller in CALLERS {
        let answer = app
            .get_with_token(
                &format!("/api/v1/people/{}/plans/2026-11", f.staff_a.id),
                &tokens[caller],
            )
            .await;
        expect(
            "GET plan",
            caller,
            answer.status.as_u16(),
            status_of(plans, caller, 404),
            answer.text(),
        );
    }
    // Lists hold what the caller may read.
    for caller in CALLERS {
        let page = app
            .get_with_token("/api/v1/evaluations?period=2026-11", &tokens[caller])
            .await
            .json();
        let seen = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id.as_str());
        let want = readers.iter().any(|(r, _)| r == caller);
        expect(
            "GET evaluations list",
            caller,
            u16::from(seen),
            u16::from(want),
            String::new(),
        );
    }
    // The day after the delegation ends, the acting head has no head's power left; the head
    // keeps them.
    app.clock.set("2026-11-30T18:00:00Z".parse().unwrap()); // 1 Dec 01:00 +07:00
    for (caller, want) in [("pct.q1", 404), ("ct.q1", 200)] {
        for path in [
            format!("/api/v1/evaluations/{id}"),
            format!("/api/v1/units/{}/summary?period=2026-11", f.q1.id),
        ] {
            let answer = app.get_with_token(&path, &tokens[caller]).await;
            expect(
                &format!("GET {path} in December"),
                caller,
                answer.status.as_u16(),
                want,
                answer.text(),
            );
        }
        let page = app
            .get_with_token("/api/v1/evaluations?period=2026-11", &tokens[caller])
            .await
            .json();
        let seen = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id.as_str());
        expect(
            "GET evaluations list in December",
            caller,
            u16::from(seen),
            u16::from(want == 200),
            String::new(),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The remaining routes of the monthly cycle and its rules, each caller. The evaluation is a
/// fresh draft (staff.a's, reviewed by pho.a, decided by lead.a), so those
/// allowed to act hit the workflow (409) rather than scope.
#[actix_web::test]
async fn rules_and_workflow_routes_answer_each_caller_by_scope() {
    let (app, f, _s, tokens) = setup().await;
    let id = app
        .get_with_token(
            "/api/v1/evaluations/mine?period=2026-11",
            &tokens["staff.a"],
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let item = app
        .call(
            "POST",
            &format!("/api/v1/people/{}/plans/2026-11/items", f.staff_a.id),
            &tokens["staff.a"],
            Some(json!({"kind": "ad_hoc", "title": "Việc"})),
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    const EVALUATION_READERS: &[&str] = &[
        "staff.a", "lead.a", "pho.a", "ua.q1", "agg.q1", "khoi.cq", "ct.q1", "pct.q1", "svc.all",
    ];
    const SEE_UNIT: &[&str] = &[
        "operator",
        "khoi.cq",
        "ua.q1",
        "agg.q1",
        "ct.q1",
        "pct.q1",
        "lead.a",
        "pho.a",
        "staff.a",
        "service",
        "svc.write",
        "svc.all",
    ];
    // Q1-A's org data is not the heads' of Q1 to read (people see their own unit).
    const SEE_Q1A: &[&str] = &[
        "operator",
        "khoi.cq",
        "ua.q1",
        "agg.q1",
        "lead.a",
        "pho.a",
        "staff.a",
        "service",
        "svc.write",
        "svc.all",
    ];
    const MANAGE: &[&str] = &["operator", "khoi.cq", "ua.q1", "svc.write", "svc.all"];
    // The head of Q1 and its acting head (DESIGN 2.4 rule 7: the same powers).
    const HEADS: &[&str] = &["ct.q1", "pct.q1"];
    // The whole summary, its XLSX and the commendation list: those who may export.
    const EXPORT: &[&str] = &["ua.q1", "agg.q1", "khoi.cq", "ct.q1", "pct.q1", "svc.all"];
    // Opening the month: the heads, and those who manage the unit's org data.
    const OPEN_Q1: &[&str] = &[
        "ct.q1",
        "pct.q1",
        "operator",
        "khoi.cq",
        "ua.q1",
        "svc.write",
        "svc.all",
    ];
    let workflow = |actors: &'static [&'static str], when_allowed: u16| {
        move |caller: &str| {
            if actors.contains(&caller) {
                when_allowed
            } else if EVALUATION_READERS.contains(&caller) {
                403
            } else {
                404
            }
        }
    };
    let within = |set: &'static [&'static str], yes: u16, no: u16| {
        move |caller: &str| if set.contains(&caller) { yes } else { no }
    };
    // Allowed, known but not theirs (403), or outside their scope (404).
    let tiered = |allowed: &'static [&'static str], ok: u16, seen: &'static [&'static str]| {
        move |caller: &str| {
            if allowed.contains(&caller) {
                ok
            } else if seen.contains(&caller) {
                403
            } else {
                404
            }
        }
    };
    let form_15: Value = serde_json::from_str(include_str!(
        "../../../domain/forms/15-cong-chuc-vien-chuc-quan-huyen.json"
    ))
    .unwrap();
    let scores = json!({"scores": []});
    type Expect = Box<dyn Fn(&str) -> u16>;
    let cases: Vec<(&str, String, Option<Value>, bool, Expect)> = vec![
        (
            "PUT",
            format!("/api/v1/evaluations/{id}/review"),
            Some(scores.clone()),
            true,
            Box::new(workflow(&["pho.a"], 409)),
        ),
        (
            "PUT",
            format!("/api/v1/evaluations/{id}/decision"),
            Some(scores.clone()),
            true,
            Box::new(workflow(&["lead.a"], 409)),
        ),
        (
            "POST",
            format!("/api/v1/evaluations/{id}/return"),
            Some(json!({"reason": "x"})),
            false,
            Box::new(workflow(&["lead.a", "pho.a"], 409)),
        ),
        (
            "POST",
            format!("/api/v1/evaluations/{id}/review/submit"),
            None,
            false,
            Box::new(workflow(&["pho.a"], 409)),
        ),
        (
            "POST",
            format!("/api/v1/evaluations/{id}/adjust"),
            Some(json!({"rank": "B", "reason": "x"})),
            false,
            Box::new(workflow(HEADS, 409)),
        ),
        (
            "POST",
            format!("/api/v1/evaluations/{id}/corrections"),
            Some(json!({"reason": "x"})),
            false,
            Box::new(workflow(&["lead.a", "ct.q1", "pct.q1"], 409)),
        ),
        (
            "GET",
            format!("/api/v1/units/{}/commendations?period=2026-11", f.q1.id),
            None,
            false,
            Box::new(within(EXPORT, 200, 404)),
        ),
        (
            "PUT",
            format!("/api/v1/units/{}/commendations", f.q1.id),
            Some(json!({"period": "2026-11", "items": []})),
            false,
            Box::new(tiered(HEADS, 409, SEE_UNIT)),
        ),
        (
            "GET",
            format!("/api/v1/units/{}/results?period=2026-11", f.q1.id),
            None,
            false,
            Box::new(|_: &str| 404),
        ),
        (
            "GET",
            format!("/api/v1/units/{}/quota-groups", f.q1.id),
            None,
            false,
            Box::new(within(SEE_UNIT, 200, 404)),
        ),
        (
            "PUT",
            format!("/api/v1/units/{}/quota-groups", f.q1.id),
            Some(json!({"groups": [{"name": "Công chức", "form_codes": [15, 19]}]})),
            false,
            Box::new(within(MANAGE, 200, 404)),
        ),
        (
            "GET",
            format!("/api/v1/units/{}/forms/15", f.q1.id),
            None,
            false,
            Box::new(within(SEE_UNIT, 200, 404)),
        ),
        (
            "PUT",
            format!("/api/v1/units/{}/forms/15/extension", f.q1.id),
            Some(json!({"deductions": []})),
            false,
            Box::new(within(MANAGE, 200, 404)),
        ),
        (
            "GET",
            "/api/v1/forms/15".to_owned(),
            None,
            false,
            Box::new(|_: &str| 200),
        ),
        (
            "GET",
            "/api/v1/quota-policy".to_owned(),
            None,
            false,
            Box::new(|_: &str| 200),
        ),
        (
            "PUT",
            "/api/v1/quota-policy".to_owned(),
            Some(
                json!({"percent": 20, "base": "ranked_b", "rounding": "floor", "small_group_threshold": 5, "small_group_allowance": 1}),
            ),
            false,
            Box::new(within(&["operator"], 200, 404)),
        ),
        (
            "GET",
            "/api/v1/evaluator-rules".to_owned(),
            None,
            false,
            Box::new(|_: &str| 200),
        ),
        (
            "PUT",
            "/api/v1/evaluator-rules".to_owned(),
            Some(json!({"rules": [{"office": "giam_doc_so", "decided_by": ["chu_tich_ubnd_tp"]}]})),
            false,
            Box::new(within(&["operator"], 200, 404)),
        ),
        (
            "GET",
            format!("/api/v1/periods/2026-11?unit_id={}", f.q1a.id),
            None,
            false,
            Box::new(within(SEE_Q1A, 200, 404)),
        ),
        (
            "PATCH",
            "/api/v1/periods/2026-11".to_owned(),
            Some(json!({"publication_closes": "2026-12-05T00:00:00+07:00"})),
            false,
            Box::new(within(&["operator"], 200, 404)),
        ),
        (
            "PATCH",
            "/api/v1/periods/2026-11".to_owned(),
            Some(json!({"unit_id": f.q1.id, "publication_closes": "2026-12-06T00:00:00+07:00"})),
            false,
            Box::new(within(&["operator", "khoi.cq"], 200, 404)),
        ),
        (
            "POST",
            "/api/v1/periods/2026-11/extensions".to_owned(),
            Some(
                json!({"person_id": f.staff_a.id, "step": "self", "until": "2026-11-27T00:00:00+07:00"}),
            ),
            false,
            Box::new(within(MANAGE, 201, 422)),
        ),
        (
            "GET",
            "/api/v1/evaluations/mine?period=2026-11".to_owned(),
            None,
            false,
            Box::new(within(
                &["ct.q1", "pct.q1", "lead.a", "pho.a", "staff.a", "staff.q2"],
                200,
                404,
            )),
        ),
        (
            "POST",
            format!("/api/v1/people/{}/plans/2026-11/items", f.staff_a.id),
            Some(json!({"kind": "ad_hoc", "title": "Việc phát sinh"})),
            false,
            Box::new(within(&["staff.a"], 201, 404)),
        ),
        (
            "POST",
            format!("/api/v1/people/{}/plans/2026-11/comments", f.staff_a.id),
            Some(json!({"text": "Góp ý"})),
            false,
            Box::new(within(&["lead.a", "pho.a"], 201, 404)),
        ),
        (
            "PATCH",
            format!("/api/v1/plan-items/{item}"),
            Some(json!({"status": "done"})),
            false,
            Box::new(within(&["staff.a"], 200, 404)),
        ),
        (
            "POST",
            "/api/v1/forms/15/versions".to_owned(),
            Some(json!({})),
            false,
            Box::new(within(&["operator"], 422, 404)),
        ),
        (
            "POST",
            "/api/v1/forms/15/versions".to_owned(),
            Some(form_15),
            false,
            Box::new(within(&["operator"], 201, 404)),
        ),
        (
            "GET",
            "/api/v1/forms".to_owned(),
            None,
            false,
            Box::new(|_: &str| 200),
        ),
        // Opening the month: publishing units only (a department answers 422 to those allowed).
        (
            "POST",
            format!("/api/v1/units/{}/evaluations", f.q1.id),
            Some(json!({"period": "2026-11"})),
            false,
            Box::new(tiered(OPEN_Q1, 200, SEE_UNIT)),
        ),
        (
            "POST",
            format!("/api/v1/units/{}/evaluations", f.q1a.id),
            Some(json!({"period": "2026-11"})),
            false,
            Box::new(tiered(MANAGE, 422, SEE_Q1A)),
        ),
        (
            "POST",
            format!("/api/v1/units/{}/evaluations", f.q2.id),
            Some(json!({"period": "2026-11"})),
            false,
            Box::new(tiered(
                &["operator", "khoi.cq", "ua.q2"],
                200,
                &["staff.q2"],
            )),
        ),
        (
            "POST",
            format!("/api/v1/units/{}/commendations/send", f.q1.id),
            Some(json!({"period": "2026-11"})),
            false,
            Box::new(tiered(HEADS, 409, SEE_UNIT)),
        ),
        (
            "GET",
            format!("/api/v1/units/{}/summary.xlsx?period=2026-11", f.q1.id),
            None,
            false,
            Box::new(within(EXPORT, 200, 404)),
        ),
        (
            "GET",
            format!("/api/v1/evaluations/{id}/form.pdf"),
            None,
            false,
            Box::new(within(EVALUATION_READERS, 200, 404)),
        ),
        (
            "GET",
            "/api/v1/audit".to_owned(),
            None,
            false,
            Box::new(within(
                &[
                    "operator",
                    "khoi.dang",
                    "khoi.cq",
                    "ua.q2",
                    "ua.q1",
                    "agg.q1",
                ],
                200,
                404,
            )),
        ),
        (
            "GET",
            "/api/v1/audit/verify".to_owned(),
            None,
            false,
            Box::new(within(&["operator"], 200, 404)),
        ),
        // Last: submitting moves the draft on.
        (
            "POST",
            format!("/api/v1/evaluations/{id}/submit"),
            None,
            false,
            Box::new(workflow(&["staff.a"], 200)),
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body, needs_version, expect) in &cases {
        for caller in CALLERS {
            let version = app
                .get_with_token(&format!("/api/v1/evaluations/{id}"), &tokens["staff.a"])
                .await
                .json()["version"]
                .to_string();
            let method_value = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
            let mut request = app
                .client
                .request(method_value, app.url(path))
                .bearer_auth(&tokens[caller]);
            if *needs_version {
                request = request.insert_header(("If-Match", version));
            }
            let answer = app.send(request, body.as_ref()).await;
            let want = expect(caller);
            if answer.status.as_u16() != want {
                failures.push(format!(
                    "{method} {path} as {caller}: {} (expected {want}) {}",
                    answer.status,
                    answer.text()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 9.1: a service client manages no account, whatever its scopes (even `org_write`
/// everywhere): every `/accounts` route answers 403, where the operator succeeds.
#[actix_web::test]
async fn service_clients_manage_no_account() {
    use persistence::models::service_clients::NewServiceClient;
    use persistence::queries::service_clients;

    let app = spawn_app().await;
    let f = fixture::build(&app);
    let client = service_clients::insert(
        &mut app.conn(),
        &NewServiceClient {
            client_id: "hrm-all",
            secret_hash: &api::auth::password::hash("secret-secret-2").unwrap(),
            name: "Phần mềm nhân sự toàn thành phố",
            unit_id: None,
            scopes: [
                "org_read",
                "org_write",
                "evaluations_read",
                "results_read",
                "export",
            ]
            .map(String::from)
            .to_vec(),
        },
    )
    .unwrap()
    .id;
    let service = app.jwt().issue_service(client, chrono::Utc::now()).unwrap();
    let operator = app.tokens("operator", PASSWORD).await.0;
    let newcomer = |name: &str| fixture::person(&mut app.conn(), name, &f.q1a, "staff", 15).id;
    let rows = [
        ("GET", "/api/v1/accounts".to_owned(), None, 200),
        (
            "POST",
            "/api/v1/accounts".to_owned(),
            Some(json!({"username": "cv.moi", "person_id": newcomer("Người mới 1")})),
            201,
        ),
        (
            "PATCH",
            format!("/api/v1/accounts/{}", f.staff_a_account),
            Some(json!({"reset_password": true})),
            200,
        ),
    ];
    for (method, path, body, ok) in rows {
        let refused = app.call(method, &path, &service, body.clone()).await;
        refused.problem(403, "forbidden");
        assert!(!refused.text().contains("one_time_password"));
        let allowed = app.call(method, &path, &operator, body).await;
        assert_eq!(
            allowed.status.as_u16(),
            ok,
            "{method} {path}: {}",
            allowed.text()
        );
    }
}

/// After the sibling unit Q2 publishes its month: its published results, its evaluations and
/// its commendation list, each caller. A service client needs `results_read` on Q2's subtree.
#[actix_web::test]
async fn published_results_answer_each_caller_by_scope() {
    use crate::monthly::{etag_of, scores_for, with_etag};
    use persistence::models::service_clients::NewServiceClient;
    use persistence::queries::service_clients;

    let (app, f, s, mut tokens) = setup().await;
    for name in ["ct.q2", "lead.q2a"] {
        tokens.insert(name, app.tokens(name, PASSWORD).await.0);
    }
    let now = chrono::Utc::now();
    for (name, scopes) in [
        ("svc.results.q2", ["org_read", "results_read"]),
        ("svc.evals.q2", ["org_read", "evaluations_read"]),
    ] {
        let id = service_clients::insert(
            &mut app.conn(),
            &NewServiceClient {
                client_id: name,
                secret_hash: &api::auth::password::hash("secret-secret-4").unwrap(),
                name,
                unit_id: Some(f.q2.id),
                scopes: scopes.map(String::from).to_vec(),
            },
        )
        .unwrap()
        .id;
        tokens.insert(name, app.jwt().issue_service(id, now).unwrap());
    }

    // Q2's month: the head of Q2-A decided by the head of Q2, its staff member by the head of
    // Q2-A, after the self-assessment window; then the head of Q2 publishes.
    let opened = app
        .call(
            "POST",
            &format!("/api/v1/units/{}/evaluations", f.q2.id),
            &tokens["ct.q2"],
            Some(json!({"period": "2026-11"})),
        )
        .await;
    assert_eq!(opened.status.as_u16(), 200, "{}", opened.text());
    let mine = |who: &'static str| {
        let token = tokens[who].clone();
        let app = &app;
        async move {
            app.get_with_token("/api/v1/evaluations/mine?period=2026-11", &token)
                .await
                .json()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let staff_q2 = mine("staff.q2").await;
    let head_q2a = mine("lead.q2a").await;
    let chain = app
        .get_with_token(
            &format!("/api/v1/evaluations/{head_q2a}"),
            &tokens["lead.q2a"],
        )
        .await
        .json();
    assert_eq!(chain["chain"]["decider"]["id"], s.q2_head.id.to_string());
    app.clock.set("2026-11-25T19:00:00Z".parse().unwrap()); // 26 Nov 02:00 +07:00
    for (decider, id) in [("lead.q2a", &staff_q2), ("ct.q2", &head_q2a)] {
        let token = &tokens[decider];
        let form = app
            .get_with_token(&format!("/api/v1/evaluations/{id}"), token)
            .await
            .json()["form_code"]
            .as_i64()
            .unwrap();
        let scores = scores_for(&app, token, form, 80.0).await;
        let etag = etag_of(&app, token, id).await;
        let decided = with_etag(
            &app,
            "PUT",
            &format!("/api/v1/evaluations/{id}/decision"),
            token,
            &etag,
            Some(json!({"scores": scores})),
        )
        .await;
        assert_eq!(decided.status.as_u16(), 200, "{}", decided.text());
    }
    let published = app
        .call(
            "POST",
            &format!("/api/v1/units/{}/publications", f.q2.id),
            &tokens["ct.q2"],
            Some(json!({"period": "2026-11"})),
        )
        .await;
    assert_eq!(published.status.as_u16(), 201, "{}", published.text());

    // Published results: the bloc and Q2's admin, the people of Q2's month, and a service
    // client reading results on Q2; not the operator (no evaluation content), not Q1.
    const RESULTS: &[&str] = &[
        "khoi.cq",
        "ua.q2",
        "ct.q2",
        "lead.q2a",
        "staff.q2",
        "svc.results.q2",
    ];
    // An evaluation of Q2: the person, its decider, the head of Q2, the bloc and Q2's admin,
    // a service client reading evaluations on Q2.
    const EVALUATION: &[&str] = &[
        "khoi.cq",
        "ua.q2",
        "ct.q2",
        "lead.q2a",
        "staff.q2",
        "svc.evals.q2",
    ];
    // The commendation list: those who may export Q2's data.
    const EXPORT: &[&str] = &["khoi.cq", "ua.q2", "ct.q2"];
    let rows = [
        (
            format!("/api/v1/units/{}/results?period=2026-11", f.q2.id),
            RESULTS,
        ),
        (format!("/api/v1/evaluations/{staff_q2}"), EVALUATION),
        (
            format!("/api/v1/units/{}/commendations?period=2026-11", f.q2.id),
            EXPORT,
        ),
        // Q1 has published nothing: nobody finds its results.
        (
            format!("/api/v1/units/{}/results?period=2026-11", f.q1.id),
            &[],
        ),
    ];
    let callers: Vec<&str> = tokens.keys().copied().collect();
    let mut failures = Vec::new();
    for (path, allowed) in &rows {
        for caller in &callers {
            let answer = app.get_with_token(path, &tokens[caller]).await;
            let want = if allowed.contains(caller) { 200 } else { 404 };
            if answer.status.as_u16() != want {
                failures.push(format!(
                    "GET {path} as {caller}: {} (expected {want}) {}",
                    answer.status,
                    answer.text()
                ));
            }
        }
    }
    // A correction after publication: the decider and the head of Q2 (the competent
    // authority); the evaluation's other readers are refused, the rest learn nothing.
    for caller in &callers {
        let answer = app
            .call(
                "POST",
                &format!("/api/v1/evaluations/{staff_q2}/corrections"),
                &tokens[caller],
                Some(json!({"rank": "C", "reason": "Sửa sai sót sau khi công bố"})),
            )
            .await;
        let want = match *caller {
            "ct.q2" | "lead.q2a" => 200,
            c if EVALUATION.contains(&c) => 403,
            _ => 404,
        };
        if answer.status.as_u16() != want {
            failures.push(format!(
                "POST corrections as {caller}: {} (expected {want}) {}",
                answer.status,
                answer.text()
            ));
        }
    }
    // The published month's results name Q2's people only.
    let results = app
        .get_with_token(
            &format!("/api/v1/units/{}/results?period=2026-11", f.q2.id),
            &tokens["staff.q2"],
        )
        .await
        .text();
    assert!(results.contains(&s.staff_q2.id.to_string()), "{results}");
    assert!(!results.contains(&f.staff_a.id.to_string()), "{results}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Roles granted on an account each caller may manage (an aggregator of Q1-A, fresh for each
/// caller): inside the caller's power (200), beyond it though the account is theirs to manage
/// (403), or an account they do not see (404; service clients: 403 on every `/accounts` route).
#[actix_web::test]
async fn role_grants_answer_each_caller_by_scope() {
    let (app, f, _s, tokens) = setup().await;
    let decision = |role: &str, unit: uuid::Uuid| json!({"role": role, "unit_id": unit, "decision_number": "5/QĐ", "decision_date": "2026-11-01"});
    // (roles granted, who succeeds, who manages the account but may not grant them)
    let rows: [(Value, &[&str], &[&str]); 4] = [
        // Within Q1: the unit admin grants aggregators of its subtree.
        (
            json!([decision("aggregator", f.q1.id)]),
            &["operator", "khoi.cq", "ua.q1"],
            &[],
        ),
        // The sibling Q2: only those over both.
        (
            json!([decision("aggregator", f.q2.id)]),
            &["operator", "khoi.cq"],
            &["ua.q1"],
        ),
        // A unit admin (of a department made for each caller, one admin per unit): the bloc
        // admin and the operator, never a unit admin.
        (
            json!([decision("unit_admin", uuid::Uuid::nil())]),
            &["operator", "khoi.cq"],
            &["ua.q1"],
        ),
        // The other bloc: only the operator.
        (
            json!([decision("aggregator", f.bd.id)]),
            &["operator"],
            &["khoi.cq", "ua.q1"],
        ),
    ];
    let mut failures = Vec::new();
    for (n, (roles, allowed, beyond)) in rows.iter().enumerate() {
        for caller in CALLERS {
            let account = fixture::account(
                &mut app.conn(),
                &format!("tk-{n}-{caller}"),
                None,
                &[("aggregator", Some(f.q1a.id), None)],
            );
            let mut roles = roles.clone();
            if roles[0]["role"] == "unit_admin" {
                let unit = fixture::unit(
                    &mut app.conn(),
                    &format!("P-{caller}"),
                    "department",
                    "government",
                    Some(&f.q1),
                );
                roles[0]["unit_id"] = json!(unit.id);
            }
            let path = format!("/api/v1/accounts/{account}");
            let answer = app
                .call(
                    "PATCH",
                    &path,
                    &tokens[caller],
                    Some(json!({"roles": roles})),
                )
                .await;
            let want = if SERVICES.contains(caller) {
                403
            } else if allowed.contains(caller) {
                200
            } else if beyond.contains(caller) {
                403
            } else {
                404
            };
            if answer.status.as_u16() != want {
                failures.push(format!(
                    "PATCH roles {roles} as {caller}: {} (expected {want}) {}",
                    answer.status,
                    answer.text()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Moving someone of Q1-A (fresh for each caller) elsewhere: the caller must manage both the
/// person and the unit named in the body (else 422 `unknown_unit`), or learns nothing (404).
#[actix_web::test]
async fn transfers_out_of_scope_answer_each_caller_by_scope() {
    let (app, f, s, tokens) = setup().await;
    const Q1_MANAGERS: &[&str] = &["operator", "khoi.cq", "ua.q1", "svc.write", "svc.all"];
    // (destination, who succeeds)
    let rows: [(&persistence::models::org::Unit, &[&str]); 3] = [
        (&f.q1a, Q1_MANAGERS),
        (&s.q2a, &["operator", "khoi.cq"]),
        (&f.bd, &["operator"]),
    ];
    let mut failures = Vec::new();
    for (to, allowed) in rows {
        for caller in CALLERS {
            let mover = fixture::person(
                &mut app.conn(),
                &format!("Người chuyển {caller}"),
                &f.q1a,
                "staff",
                15,
            );
            let answer = app
                .call(
                    "POST",
                    &format!("/api/v1/people/{}/transfer", mover.id),
                    &tokens[caller],
                    Some(
                        json!({"unit_id": to.id, "position": {"category": "staff", "title": "Chuyên viên", "form_code": 15}}),
                    ),
                )
                .await;
            let want = if allowed.contains(caller) {
                200
            } else if Q1_MANAGERS.contains(caller) {
                422
            } else {
                404
            };
            if answer.status.as_u16() != want {
                failures.push(format!(
                    "transfer to {} as {caller}: {} (expected {want}) {}",
                    to.code,
                    answer.status,
                    answer.text()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
