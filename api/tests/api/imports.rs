//! API.md `POST /imports/people`, `GET /imports/{id}`: CSV and XLSX, idempotent upsert, all or
//! nothing, scope, progress job.

use std::time::Duration;

use actix_web::http::StatusCode;
use diesel::prelude::*;
use persistence::models::accounts::NewAccount;
use persistence::models::org::NewUnit;
use persistence::queries::accounts;
use persistence::queries::org;
use persistence::schema::{audit_log, people, post_history};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{Answer, TestApp, spawn_app};

pub const PASSWORD: &str = "Mat-khau-2026";
pub const CSV: &str = "text/csv";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const HEADER: &str = "external_id,full_name,email,unit_code,category,title,form_code";

/// Hà Nội > (Hoàn Kiếm > Phòng Nội vụ, Văn phòng), Ba Đình; all in the government bloc.
pub struct Org {
    pub hk: Uuid,
    pub hk_nv: Uuid,
    pub bd: Uuid,
}

pub fn create_org(app: &TestApp) -> Org {
    let mut conn = app.conn();
    let unit = |conn: &mut PgConnection, code: &str, level: &str, parent: Option<Uuid>| {
        org::insert_unit(
            conn,
            &NewUnit {
                code,
                name: code,
                level,
                bloc: "government",
                parent_id: parent,
            },
        )
        .unwrap()
        .id
    };
    let hn = unit(&mut conn, "HN", "city", None);
    let hk = unit(&mut conn, "HK", "district", Some(hn));
    let hk_nv = unit(&mut conn, "HK-NV", "department", Some(hk));
    unit(&mut conn, "HK-VP", "department", Some(hk));
    let bd = unit(&mut conn, "BD", "district", Some(hn));
    Org { hk, hk_nv, bd }
}

/// An account with roles (`("operator", None, None)`, `("unit_admin", Some(unit), None)`, ...),
/// signed in; returns its id and access token.
pub async fn account_with_roles(
    app: &TestApp,
    username: &str,
    roles: &[(&str, Option<Uuid>, Option<&str>)],
) -> (Uuid, String) {
    let hash = api::auth::password::hash(PASSWORD).unwrap();
    let id = accounts::create(
        &mut app.conn(),
        &NewAccount {
            username,
            password_hash: &hash,
            person_id: None,
            must_change_password: false,
        },
        roles,
    )
    .unwrap()
    .id;
    let (token, _) = app.tokens(username, PASSWORD).await;
    (id, token)
}

pub async fn send_raw(app: &TestApp, request: awc::ClientRequest, body: Vec<u8>) -> Answer {
    let mut response = request.send_body(body).await.expect("request sent");
    let body = response
        .body()
        .limit(10 * 1024 * 1024)
        .await
        .expect("body")
        .to_vec();
    let _ = app;
    Answer {
        status: response.status(),
        content_type: response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        headers: response.headers().clone(),
        body,
    }
}

/// Uploads a file; returns the answer (202 with the job, or a problem).
pub async fn upload(app: &TestApp, token: &str, content_type: &str, body: Vec<u8>) -> Answer {
    let request = app
        .client
        .post(app.url("/api/v1/imports/people"))
        .bearer_auth(token)
        .insert_header(("content-type", content_type))
        .timeout(Duration::from_secs(60));
    send_raw(app, request, body).await
}

/// Polls the job until it has ended.
pub async fn wait_for(app: &TestApp, token: &str, id: &str) -> Value {
    for _ in 0..1200 {
        let answer = app
            .get_with_token(&format!("/api/v1/imports/{id}"), token)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let job = answer.json();
        if job["status"] == "succeeded" || job["status"] == "failed" {
            return job;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not end");
}

/// Uploads and waits for the job's end.
pub async fn import(app: &TestApp, token: &str, content_type: &str, body: Vec<u8>) -> Value {
    let answer = upload(app, token, content_type, body).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text());
    let job = answer.json();
    let id = job["id"].as_str().unwrap().to_owned();
    assert_eq!(
        answer.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/v1/imports/{id}")
    );
    assert!(["pending", "running", "succeeded"].contains(&job["status"].as_str().unwrap()));
    wait_for(app, token, &id).await
}

pub fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text.into_bytes()
}

fn counts(job: &Value) -> (i64, i64, i64, i64) {
    (
        job["processed_rows"].as_i64().unwrap(),
        job["created_rows"].as_i64().unwrap(),
        job["updated_rows"].as_i64().unwrap(),
        job["unchanged_rows"].as_i64().unwrap(),
    )
}

fn people_count(app: &TestApp) -> i64 {
    people::table.count().get_result(&mut app.conn()).unwrap()
}

fn audit_count(app: &TestApp) -> i64 {
    audit_log::table
        .count()
        .get_result(&mut app.trail_conn())
        .unwrap()
}

fn person_id(app: &TestApp, external_id: &str) -> Uuid {
    people::table
        .filter(people::external_id.eq(external_id))
        .select(people::id)
        .first(&mut app.trail_conn())
        .unwrap()
}

const ROWS: [&str; 3] = [
    "NV-001,Nguyễn Văn An,an.nv@hanoi.gov.vn,HK-NV,head,Trưởng phòng,12",
    "NV-002,Trần Thị Bình,,HK-NV,staff,Chuyên viên,15",
    "NV-003,Lê Văn Cường,cuong@hanoi.gov.vn,hk-vp,contract,Nhân viên hợp đồng,19",
];

#[actix_web::test]
async fn csv_import_creates_then_changes_nothing_then_updates_only_what_changed() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    let job = import(&app, &token, CSV, csv(&ROWS)).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["file_name"], "import.csv");
    assert_eq!(job["total_rows"], 3);
    assert_eq!(counts(&job), (3, 3, 0, 0));
    assert_eq!(job["errors"], serde_json::json!([]));
    assert!(job["finished_at"].is_string());
    assert_eq!(people_count(&app), 3);
    let an = person_id(&app, "NV-001");
    let stored = org::find_person(&mut app.conn(), an).unwrap();
    assert_eq!(
        (
            stored.full_name.as_str(),
            stored.email.as_deref(),
            stored.unit_id,
            stored.position_category.as_str(),
            stored.form_code
        ),
        (
            "Nguyễn Văn An",
            Some("an.nv@hanoi.gov.vn"),
            org.hk_nv,
            "head",
            12
        )
    );
    let open_posts: i64 = post_history::table
        .filter(post_history::ended_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(open_posts, 3);
    // One audit entry per created person and one for the job.
    let job_id = job["id"].as_str().unwrap();
    let created: i64 = audit_log::table
        .filter(audit_log::entity.eq("person"))
        .filter(audit_log::action.eq("create"))
        .count()
        .get_result(&mut app.trail_conn())
        .unwrap();
    assert_eq!(created, 3);
    let job_entry: Value = audit_log::table
        .filter(audit_log::entity.eq("import"))
        .filter(audit_log::entity_id.eq(job_id))
        .select(audit_log::after)
        .first::<Option<Value>>(&mut app.trail_conn())
        .unwrap()
        .unwrap();
    assert_eq!(job_entry["counts"]["created_rows"], 3);

    // The same file again: nothing changes, nothing is audited.
    let audited = audit_count(&app);
    let again = import(&app, &token, CSV, csv(&ROWS)).await;
    assert_eq!(again["status"], "succeeded", "{again}");
    assert_eq!(counts(&again), (3, 0, 0, 3));
    assert_eq!(audit_count(&app), audited);
    assert_eq!(people_count(&app), 3);

    // A changed title: one update, and that person's post history has two rows.
    let mut changed = ROWS;
    changed[1] = "NV-002,Trần Thị Bình,,HK-NV,staff,Chuyên viên chính,15";
    let third = import(&app, &token, CSV, csv(&changed)).await;
    assert_eq!(counts(&third), (3, 0, 1, 2), "{third}");
    let binh = person_id(&app, "NV-002");
    let history: Vec<(String, bool)> = post_history::table
        .filter(post_history::person_id.eq(binh))
        .order(post_history::started_at)
        .select((
            post_history::position_title,
            post_history::ended_at.is_null(),
        ))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        history,
        [
            ("Chuyên viên".to_owned(), false),
            ("Chuyên viên chính".to_owned(), true)
        ]
    );
    let updates: Vec<(Option<Value>, Option<Value>)> = audit_log::table
        .filter(audit_log::entity_id.eq(binh.to_string()))
        .filter(audit_log::action.eq("update"))
        .select((audit_log::before, audit_log::after))
        .load(&mut app.trail_conn())
        .unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].0.as_ref().unwrap()["title"], "Chuyên viên");
    assert_eq!(
        updates[0].1.as_ref().unwrap()["person"]["title"],
        "Chuyên viên chính"
    );

    // A changed e-mail only: updated, but the post (and its history) stays.
    let mut changed_mail = changed;
    changed_mail[2] =
        "NV-003,Lê Văn Cường,cuong.lv@hanoi.gov.vn,HK-VP,contract,Nhân viên hợp đồng,19";
    let fourth = import(&app, &token, CSV, csv(&changed_mail)).await;
    assert_eq!(counts(&fourth), (3, 0, 1, 2), "{fourth}");
    let cuong_posts: i64 = post_history::table
        .filter(post_history::person_id.eq(person_id(&app, "NV-003")))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(cuong_posts, 1);
    assert_eq!(
        persistence::queries::audit::verify(&mut app.conn())
            .unwrap()
            .first_broken_id,
        None
    );
}

#[actix_web::test]
async fn xlsx_import_with_vietnamese_headers_works() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "Mã nhân sự",
        "Họ và tên",
        "Email",
        "Mã đơn vị",
        "Loại chức vụ",
        "Chức vụ",
        "Mẫu phiếu",
    ];
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let rows = [
        (
            "HR-1",
            "Phạm Thu Hà",
            "ha.pt@hanoi.gov.vn",
            "HK",
            "deputy",
            "Phó Chủ tịch",
            10.0,
        ),
        (
            "HR-2",
            "Đỗ Minh Đức",
            "",
            "BD",
            "staff",
            "Chuyên viên",
            15.0,
        ),
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, row.0).unwrap();
        sheet.write_string(r, 1, row.1).unwrap();
        if !row.2.is_empty() {
            sheet.write_string(r, 2, row.2).unwrap();
        }
        sheet.write_string(r, 3, row.3).unwrap();
        sheet.write_string(r, 4, row.4).unwrap();
        sheet.write_string(r, 5, row.5).unwrap();
        sheet.write_number(r, 6, row.6).unwrap();
    }
    // An external id typed as a number comes back as its digits.
    sheet.write_number(3, 0, 123456.0).unwrap();
    sheet.write_string(3, 1, "Vũ Văn Số").unwrap();
    sheet.write_string(3, 3, "HK-NV").unwrap();
    sheet.write_string(3, 4, "Hợp đồng").unwrap();
    sheet.write_string(3, 5, "Lái xe").unwrap();
    sheet.write_number(3, 6, 19.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let answer = app
        .send(
            app.client
                .post(app.url("/api/v1/imports/people?file_name=nhan-su.xlsx"))
                .bearer_auth(&token)
                .insert_header(("content-type", XLSX))
                .timeout(Duration::from_secs(60)),
            None,
        )
        .await;
    // (no body: refused before anything is stored)
    answer.problem(422, "validation_failed");

    let request = app
        .client
        .post(app.url("/api/v1/imports/people?file_name=nhan-su.xlsx"))
        .bearer_auth(&token)
        .insert_header(("content-type", XLSX));
    let answer = send_raw(&app, request, bytes).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text());
    let id = answer.json()["id"].as_str().unwrap().to_owned();
    let job = wait_for(&app, &token, &id).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["file_name"], "nhan-su.xlsx");
    assert_eq!(counts(&job), (3, 3, 0, 0));
    let ha = org::find_person(&mut app.conn(), person_id(&app, "HR-1")).unwrap();
    assert_eq!((ha.unit_id, ha.form_code), (org.hk, 10));
    let duc = org::find_person(&mut app.conn(), person_id(&app, "HR-2")).unwrap();
    assert_eq!((duc.unit_id, duc.email), (org.bd, None));
    let so = org::find_person(&mut app.conn(), person_id(&app, "123456")).unwrap();
    assert_eq!(so.position_category, "contract");
}

#[actix_web::test]
async fn a_file_with_a_bad_row_is_refused_whole_with_row_numbers_and_reasons() {
    let app = spawn_app().await;
    create_org(&app);
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    let job = import(
        &app,
        &token,
        CSV,
        csv(&[
            ROWS[0],
            "NV-009,Hoàng Văn Em,,HK-NV,staff,Chuyên viên,25",
            ROWS[2],
        ]),
    )
    .await;
    assert_eq!(job["status"], "failed", "{job}");
    assert_eq!(counts(&job), (0, 0, 0, 0));
    let errors = job["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{job}");
    assert_eq!(errors[0]["row"], 3);
    assert_eq!(errors[0]["field"], "form_code");
    assert_eq!(errors[0]["code"], "out_of_range");
    assert!(errors[0]["message"].as_str().unwrap().contains("25"));
    assert_eq!(people_count(&app), 0);
    assert_eq!(audit_count(&app), 0);

    // Every kind of problem is named, each with its row; still nothing is applied.
    let job = import(
        &app,
        &token,
        CSV,
        csv(&[
            ROWS[0],
            ",Không Mã,,HK-NV,staff,Chuyên viên,15",
            "NV-010,Sai Thư,khong-phai-email,HK-NV,staff,Chuyên viên,15",
            "NV-011,Sai Loại,,HK-NV,boss,Chuyên viên,15",
            "NV-012,Sai Đơn Vị,,XX-999,staff,Chuyên viên,15",
            "NV-001,Trùng Mã,,HK-NV,staff,Chuyên viên,15",
        ]),
    )
    .await;
    assert_eq!(job["status"], "failed");
    let found: Vec<(i64, String, String)> = job["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_i64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (3, "external_id", "required"),
        (4, "email", "invalid_email"),
        (5, "category", "invalid_category"),
        (6, "unit_code", "unknown_unit"),
        (7, "external_id", "duplicate_external_id"),
    ]
    .map(|(r, f, c)| (r, f.to_owned(), c.to_owned()));
    assert_eq!(found, expected);
    assert_eq!(people_count(&app), 0);

    // A missing column is an error of the header row; messages follow Accept-Language.
    let answer = send_raw(
        &app,
        app.client
            .post(app.url("/api/v1/imports/people"))
            .bearer_auth(&token)
            .insert_header(("content-type", CSV))
            .insert_header(("accept-language", "en")),
        b"external_id,full_name,unit_code,category,title\nA,B,HK,staff,x\n".to_vec(),
    )
    .await;
    let id = answer.json()["id"].as_str().unwrap().to_owned();
    wait_for(&app, &token, &id).await;
    let job = app
        .send(
            app.client
                .get(app.url(&format!("/api/v1/imports/{id}")))
                .bearer_auth(&token)
                .insert_header(("accept-language", "en")),
            None,
        )
        .await
        .json();
    assert_eq!(job["errors"][0]["row"], 1);
    assert_eq!(job["errors"][0]["field"], "form_code");
    assert_eq!(job["errors"][0]["code"], "missing_column");
    assert_eq!(
        job["errors"][0]["message"],
        "The header row lacks the column form_code."
    );
}

#[actix_web::test]
async fn a_unit_outside_the_admins_subtree_looks_like_an_unknown_unit() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, admin) =
        account_with_roles(&app, "quantri.hk", &[("unit_admin", Some(org.hk), None)]).await;

    let outside = import(
        &app,
        &admin,
        CSV,
        csv(&["NV-100,Ngoài Phạm Vi,,BD,staff,Chuyên viên,15"]),
    )
    .await;
    let unknown = import(
        &app,
        &admin,
        CSV,
        csv(&["NV-100,Ngoài Phạm Vi,,ZZ,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(outside["status"], "failed");
    let (a, b) = (&outside["errors"][0], &unknown["errors"][0]);
    assert_eq!(
        (&a["row"], &a["field"], &a["code"]),
        (&b["row"], &b["field"], &b["code"])
    );
    assert_eq!(a["code"], "unknown_unit");
    assert_eq!(
        a["message"].as_str().unwrap().replace("\"BD\"", "\"ZZ\""),
        b["message"].as_str().unwrap()
    );
    assert_eq!(people_count(&app), 0);

    // Inside the subtree it works; a person already stored outside it cannot be taken over.
    let inside = import(
        &app,
        &admin,
        CSV,
        csv(&["NV-100,Trong Phạm Vi,,HK-NV,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(inside["status"], "succeeded", "{inside}");
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let elsewhere = import(
        &app,
        &operator,
        CSV,
        csv(&["BD-1,Người Ba Đình,,BD,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(elsewhere["status"], "succeeded");
    let takeover = import(
        &app,
        &admin,
        CSV,
        csv(&["BD-1,Người Ba Đình,,HK-NV,staff,Chuyên viên,15"]),
    )
    .await;
    assert_eq!(takeover["status"], "failed");
    assert_eq!(takeover["errors"][0]["code"], "external_id_unavailable");
    let stored = org::find_person(&mut app.conn(), person_id(&app, "BD-1")).unwrap();
    assert_eq!(stored.unit_id, org.bd);
}

#[actix_web::test]
async fn someone_elses_import_is_not_found_unless_operator() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, hk_admin) =
        account_with_roles(&app, "quantri.hk", &[("unit_admin", Some(org.hk), None)]).await;
    let (_, bd_admin) =
        account_with_roles(&app, "quantri.bd", &[("unit_admin", Some(org.bd), None)]).await;
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    let job = import(&app, &hk_admin, CSV, csv(&ROWS)).await;
    let path = format!("/api/v1/imports/{}", job["id"].as_str().unwrap());
    app.get_with_token(&path, &bd_admin)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.get_with_token(&path, &operator).await.status,
        StatusCode::OK
    );
    app.get_with_token(&format!("/api/v1/imports/{}", Uuid::new_v4()), &operator)
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn who_may_upload_what() {
    let app = spawn_app().await;
    let org = create_org(&app);
    let (_, nobody) = account_with_roles(&app, "nhanvien", &[]).await;
    let (_, aggregator) =
        account_with_roles(&app, "tonghop.hk", &[("aggregator", Some(org.hk), None)]).await;
    let (_, operator) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;

    // No right to change org data anywhere: 404, and nothing is stored.
    upload(&app, &nobody, CSV, csv(&ROWS))
        .await
        .problem(404, "not_found");
    upload(&app, &aggregator, CSV, csv(&ROWS))
        .await
        .problem(404, "not_found");
    let answer = send_raw(
        &app,
        app.client.post(app.url("/api/v1/imports/people")),
        csv(&ROWS),
    )
    .await;
    answer.problem(401, "unauthorized");

    // Neither CSV nor XLSX.
    upload(&app, &operator, "application/json", b"{}".to_vec())
        .await
        .problem(415, "unsupported_file_type");

    // A multipart form with one file part.
    let boundary = "----danhgia-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"nhansu.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&csv(&ROWS));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let answer = upload(
        &app,
        &operator,
        &format!("multipart/form-data; boundary={boundary}"),
        body,
    )
    .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text());
    let id = answer.json()["id"].as_str().unwrap().to_owned();
    let job = wait_for(&app, &operator, &id).await;
    assert_eq!(job["file_name"], "nhansu.csv");
    assert_eq!(counts(&job), (3, 3, 0, 0), "{job}");

    // Over 64 MiB: 413 problem.
    let huge = vec![b'a'; 64 * 1024 * 1024 + 1];
    upload(&app, &operator, CSV, huge)
        .await
        .problem(413, "payload_too_large");
    let imports: i64 = persistence::schema::imports::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(imports, 1);
}

/// An import left running by a process that died (its heartbeat silent for a minute) is marked
/// failed; one whose heartbeat is recent is left alone.
#[actix_web::test]
async fn imports_interrupted_by_a_restart_are_marked_failed() {
    use diesel::prelude::*;

    let app = crate::helpers::spawn_app().await;
    let conn = &mut app.conn();
    let insert = |conn: &mut diesel::PgConnection, age: &str| -> uuid::Uuid {
        diesel::sql_query(format!(
            "INSERT INTO imports (kind, status, file_name, file_sha256, created_at, heartbeat_at) VALUES ('people', 'running', 'x.csv', '\\x00', now() - interval '2 hours', now() - interval '{age}') RETURNING id"
        ))
        .get_result::<IdRow>(conn)
        .unwrap()
        .id
    };
    let old = insert(conn, "2 minutes");
    let recent = insert(conn, "10 seconds");
    assert_eq!(
        api::jobs::fail_interrupted_imports(conn, chrono::Utc::now()).unwrap(),
        1
    );
    let status = |conn: &mut diesel::PgConnection, id: uuid::Uuid| -> (String, serde_json::Value) {
        persistence::schema::imports::table
            .find(id)
            .select((
                persistence::schema::imports::status,
                persistence::schema::imports::errors,
            ))
            .first(conn)
            .unwrap()
    };
    let (state, errors) = status(conn, old);
    assert_eq!(state, "failed");
    assert_eq!(errors[0]["code"], "interrupted");
    assert_eq!(status(conn, recent).0, "running");
}

#[derive(diesel::QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: uuid::Uuid,
}

/// A workbook of a few KB with values at A1 and XFD1048576: a dense reader would allocate 17
/// billion cells. Refused with 422 naming the limit, and no job is created.
#[actix_web::test]
async fn a_sparse_workbook_is_refused_at_the_column_or_row_limit() {
    let app = spawn_app().await;
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let sparse = |row: u32, column: u16| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "external_id").unwrap();
        sheet.write_string(row, column, "x").unwrap();
        workbook.save_to_buffer().unwrap()
    };
    let file = sparse(1_048_575, 16_383);
    assert!(file.len() < 16 * 1024);
    let answer = upload(&app, &token, XLSX, file).await;
    answer.problem(422, "too_many_columns");
    assert!(answer.text().contains("64"), "{}", answer.text());
    upload(&app, &token, XLSX, sparse(1_048_575, 0))
        .await
        .problem(422, "too_many_rows");
    let imports: i64 = persistence::schema::imports::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(imports, 0);
}

/// An XLSX (zip) whose sheet inflates 1000:1: refused from the entry's sizes before parsing.
#[actix_web::test]
async fn a_zip_bomb_is_refused_before_it_is_inflated() {
    use std::io::Write;
    let app = spawn_app().await;
    let (_, token) = account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..8 {
        zip.write_all(&block).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
    let answer = upload(&app, &token, XLSX, bomb).await;
    answer.problem(422, "archive_too_large");
    assert!(answer.text().contains("100:1"), "{}", answer.text());
}

/// One import at a time per caller: while one is pending, another answers 409; someone else
/// may still import.
#[actix_web::test]
async fn a_caller_has_one_import_at_a_time() {
    let app = spawn_app().await;
    create_org(&app);
    let (operator_id, operator) =
        account_with_roles(&app, "vanhanh", &[("operator", None, None)]).await;
    let (_, other) = account_with_roles(&app, "vanhanh2", &[("operator", None, None)]).await;
    diesel::sql_query(format!(
        "INSERT INTO imports (kind, status, file_name, file_sha256, created_by) VALUES ('people', 'running', 'x.csv', '\\x00', '{operator_id}')"
    ))
    .execute(&mut app.conn())
    .unwrap();
    upload(&app, &operator, CSV, csv(&ROWS))
        .await
        .problem(409, "import_in_progress");
    let job = import(&app, &other, CSV, csv(&ROWS)).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    // A job left by a dead process (its heartbeat silent for a minute) does not block its
    // starter: it is failed as interrupted.
    diesel::sql_query(
        "UPDATE imports SET heartbeat_at = now() - interval '2 minutes' WHERE status = 'running'",
    )
    .execute(&mut app.conn())
    .unwrap();
    let job = import(&app, &operator, CSV, csv(&ROWS)).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    use diesel::prelude::*;
    use persistence::schema::imports;
    let stale: String = imports::table
        .filter(imports::file_name.eq("x.csv"))
        .select(imports::status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(stale, "failed");
}

/// A job another server ended meanwhile (failed as interrupted while this one still held it)
/// must not be applied after all: the server that reported "nothing applied" would be wrong.
#[actix_web::test]
async fn an_import_ended_by_another_server_applies_nothing_and_keeps_its_reason() {
    use api::jobs::{import_file, import_people};
    use domain::access::{Actor, Role};

    let app = spawn_app().await;
    create_org(&app);
    let csv = format!("{HEADER}\nNV-1,Người Nhập Một,,HK-NV,staff,Chuyên viên,15\n");
    let table = import_file::read(
        import_file::FileFormat::Csv,
        csv.as_bytes(),
        &import_file::LIMITS,
    )
    .expect("a readable file");
    let job = diesel::sql_query(
        "INSERT INTO imports (kind, status, file_name, file_sha256, created_at, heartbeat_at, errors) VALUES ('people', 'failed', 'x.csv', '\\x00', now(), now(), '[{\"code\": \"interrupted\"}]') RETURNING id",
    )
    .get_result::<IdRow>(&mut app.conn())
    .unwrap()
    .id;
    let before = people_count(&app);
    import_people::run(
        &app.pool,
        import_people::ImportRequest {
            job_id: job,
            file_name: "x.csv".to_owned(),
            file_sha256: "00".to_owned(),
            table: Ok(table),
            actor: Actor {
                roles: vec![Role::Operator],
                post: None,
            },
            audit: persistence::queries::audit::AuditActor {
                account_id: None,
                client_id: None,
                ip: None,
            },
        },
    )
    .unwrap();
    assert_eq!(people_count(&app), before, "the ended job applied nothing");
    let (status, errors): (String, Value) = persistence::schema::imports::table
        .find(job)
        .select((
            persistence::schema::imports::status,
            persistence::schema::imports::errors,
        ))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(
        (status.as_str(), errors[0]["code"].as_str()),
        ("failed", Some("interrupted"))
    );
}
