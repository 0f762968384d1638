//! A small org with one account per kind of caller, built directly in the database:
//!
//! ```text
//! TP  Thành phố (city, government)
//! ├── Q1  Quận 1 (district, government)            unit admin ua.q1, aggregator agg.q1
//! │   └── Q1-A  Phòng A (department)               head lead.a, deputy, staff staff.a (+ more)
//! └── Q2  Quận 2 (district, government)            unit admin ua.q2 (a sibling)
//! TU  Thành ủy (city, party)
//! └── BD  Ban Dân vận (agency, party)              staff staff.bd
//! ```
//! plus `operator`, `khoi.dang` (party bloc admin), `khoi.cq` (government bloc admin) and a
//! service client reading Q1's subtree.

use api::auth::password;
use diesel::PgConnection;
use persistence::models::accounts::NewAccount;
use persistence::models::org::{NewPerson, NewUnit, Person, Unit};
use persistence::models::service_clients::NewServiceClient;
use persistence::queries::{accounts, org, service_clients};
use uuid::Uuid;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "Mat-khau-2026";

pub struct Fixture {
    pub city: Unit,
    pub q1: Unit,
    pub q1a: Unit,
    pub q2: Unit,
    pub bd: Unit,
    pub q1_head: Person,
    pub q1_deputy: Person,
    pub head_a: Person,
    pub deputy_a: Person,
    pub staff_a: Person,
    pub staff_bd: Person,
    pub staff_a_account: Uuid,
    pub service_client: Uuid,
}

pub fn unit(
    conn: &mut PgConnection,
    code: &str,
    level: &str,
    bloc: &str,
    parent: Option<&Unit>,
) -> Unit {
    org::insert_unit(
        conn,
        &NewUnit {
            code,
            name: &format!("Đơn vị {code}"),
            level,
            bloc,
            parent_id: parent.map(|p| p.id),
        },
    )
    .unwrap()
}

pub fn person(
    conn: &mut PgConnection,
    name: &str,
    unit: &Unit,
    category: &str,
    form_code: i16,
) -> Person {
    org::insert_person(
        conn,
        &NewPerson {
            external_id: None,
            full_name: name,
            email: None,
            unit_id: unit.id,
            position_category: category,
            position_title: match category {
                "head" => "Trưởng",
                "deputy" => "Phó",
                "contract" => "Nhân viên hợp đồng",
                _ => "Chuyên viên",
            },
            form_code,
            office: None,
        },
    )
    .unwrap()
}

pub fn account(
    conn: &mut PgConnection,
    username: &str,
    person: Option<&Person>,
    roles: &[(&str, Option<Uuid>, Option<&str>)],
) -> Uuid {
    let hash = password::hash(PASSWORD).unwrap();
    accounts::create(
        conn,
        &NewAccount {
            username,
            password_hash: &hash,
            person_id: person.map(|p| p.id),
            must_change_password: false,
        },
        roles,
    )
    .unwrap()
    .id
}

pub fn build(app: &TestApp) -> Fixture {
    let conn = &mut app.conn();
    let city = unit(conn, "TP", "city", "government", None);
    let q1 = unit(conn, "Q1", "district", "government", Some(&city));
    let q1a = unit(conn, "Q1-A", "department", "government", Some(&q1));
    let q2 = unit(conn, "Q2", "district", "government", Some(&city));
    let party = unit(conn, "TU", "city", "party", None);
    let bd = unit(conn, "BD", "agency", "party", Some(&party));

    let q1_head = person(conn, "Chủ tịch Quận 1", &q1, "head", 9);
    let q1_deputy = person(conn, "Phó Chủ tịch Quận 1", &q1, "deputy", 10);
    let head_a = person(conn, "Trưởng phòng A", &q1a, "head", 12);
    let deputy_a = person(conn, "Phó phòng A", &q1a, "deputy", 12);
    let staff_a = person(conn, "Chuyên viên A", &q1a, "staff", 15);
    let staff_bd = person(conn, "Chuyên viên Ban Dân vận", &bd, "staff", 5);

    account(conn, "operator", None, &[("operator", None, None)]);
    account(
        conn,
        "khoi.dang",
        None,
        &[("bloc_admin", None, Some("party"))],
    );
    account(
        conn,
        "khoi.cq",
        None,
        &[("bloc_admin", None, Some("government"))],
    );
    account(conn, "ua.q1", None, &[("unit_admin", Some(q1.id), None)]);
    account(conn, "ua.q2", None, &[("unit_admin", Some(q2.id), None)]);
    account(conn, "agg.q1", None, &[("aggregator", Some(q1.id), None)]);
    account(conn, "lead.a", Some(&head_a), &[]);
    let staff_a_account = account(conn, "staff.a", Some(&staff_a), &[]);
    account(conn, "staff.bd", Some(&staff_bd), &[]);
    let service_client = service_clients::insert(
        conn,
        &NewServiceClient {
            client_id: "hrm-q1",
            secret_hash: &password::hash("secret-secret-1").unwrap(),
            name: "Phần mềm nhân sự Quận 1",
            unit_id: Some(q1.id),
            scopes: vec!["org_read".into()],
        },
    )
    .unwrap()
    .id;
    Fixture {
        city,
        q1,
        q1a,
        q2,
        bd,
        q1_head,
        q1_deputy,
        head_a,
        deputy_a,
        staff_a,
        staff_bd,
        staff_a_account,
        service_client,
    }
}

impl Fixture {
    /// A service token for the fixture's client, signed as `POST /auth/token` would.
    pub fn service_token(&self, app: &TestApp) -> String {
        app.jwt()
            .issue_service(self.service_client, chrono::Utc::now())
            .unwrap()
    }
}

/// The remaining seats, for the scope matrix (kept out of [`build`] so that other tests' chains
/// and accounts stay as they are):
///
/// ```text
/// Q1    head ct.q1 (the head's account), deputy pct.q1 acting head of Q1 1–30 Nov 2026
/// Q1-A  deputy pho.a, staff.a's reviewer by an assignment
/// Q2    head ct.q2
/// └── Q2-A  (department, a sibling subtree of the same bloc)  head lead.q2a, staff staff.q2
/// ```
/// plus service clients on Q1's subtree: `svc.write` (org_read, org_write) and `svc.all`
/// (every scope).
pub struct Seats {
    pub q2a: Unit,
    pub q2_head: Person,
    pub head_q2a: Person,
    pub staff_q2: Person,
    pub staff_q2_account: Uuid,
    pub staff_bd_account: Uuid,
    pub svc_write: Uuid,
    pub svc_all: Uuid,
}

pub fn seats(app: &TestApp, f: &Fixture) -> Seats {
    let conn = &mut app.conn();
    let q2a = unit(conn, "Q2-A", "department", "government", Some(&f.q2));
    let q2_head = person(conn, "Chủ tịch Quận 2", &f.q2, "head", 9);
    let head_q2a = person(conn, "Trưởng phòng Q2-A", &q2a, "head", 12);
    let staff_q2 = person(conn, "Chuyên viên Q2-A", &q2a, "staff", 15);
    account(conn, "ct.q1", Some(&f.q1_head), &[]);
    account(conn, "pho.a", Some(&f.deputy_a), &[]);
    account(conn, "pct.q1", Some(&f.q1_deputy), &[]);
    account(conn, "ct.q2", Some(&q2_head), &[]);
    account(conn, "lead.q2a", Some(&head_q2a), &[]);
    let staff_q2_account = account(conn, "staff.q2", Some(&staff_q2), &[]);
    // Q1-A's deputy reviews staff.a (Điều 10: the reviewer seat) until the end of the year.
    org::insert_assignment(
        conn,
        &org::NewAssignment {
            person_id: f.staff_a.id,
            reviewer_id: Some(f.deputy_a.id),
            decider_id: None,
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            valid_until: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
            note: None,
        },
    )
    .unwrap();
    // The deputy stands in for Q1's head over the whole of November (the rules clock's month).
    org::insert_delegation(
        conn,
        &org::NewDelegation {
            unit_id: f.q1.id,
            acting_person_id: f.q1_deputy.id,
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            valid_until: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            note: Some("Quyền Chủ tịch Quận 1"),
        },
    )
    .unwrap();
    let client = |conn: &mut PgConnection, id: &str, scopes: &[&str]| {
        service_clients::insert(
            conn,
            &NewServiceClient {
                client_id: id,
                secret_hash: &password::hash("secret-secret-3").unwrap(),
                name: id,
                unit_id: Some(f.q1.id),
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            },
        )
        .unwrap()
        .id
    };
    let svc_write = client(conn, "svc-write", &["org_read", "org_write"]);
    let svc_all = client(
        conn,
        "svc-all",
        &[
            "org_read",
            "org_write",
            "evaluations_read",
            "results_read",
            "export",
        ],
    );
    let staff_bd_account = accounts::find_by_username(conn, "staff.bd")
        .unwrap()
        .unwrap()
        .id;
    Seats {
        q2a,
        q2_head,
        head_q2a,
        staff_q2,
        staff_q2_account,
        staff_bd_account,
        svc_write,
        svc_all,
    }
}
