//! Accounts made from the command line: the operator, and the demo organisation of `scripts/run`.
//!
//! The demo writes through the same persistence functions as the API. The org issue's endpoints
//! will take over people and units; this stays the one place that knows the demo's contents.

use diesel::{Connection, PgConnection};
use domain::Period;
use persistence::models::accounts::NewAccount;
use persistence::models::org::{NewPerson, NewUnit, Unit};
use persistence::queries::audit::AuditActor;
use persistence::queries::{accounts, org};
use rand::Rng;
use rand::distr::Alphanumeric;
use uuid::Uuid;

use crate::auth::password;
use crate::services::opening;

/// The password of every demo account (printed by `scripts/run`; demo data only).
pub const DEMO_PASSWORD: &str = "DanhGia@2026";

/// A sign-in that the demo prints.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: String,
    pub who: String,
}

/// Creates an operator account with a one-time password (generated when `password` is None).
/// Returns the password to show once; the account must change it at first sign-in.
pub fn create_operator(
    conn: &mut PgConnection,
    username: &str,
    password: Option<String>,
) -> anyhow::Result<String> {
    let password = password.unwrap_or_else(one_time_password);
    let hash = password::hash(&password)?;
    conn.transaction(|conn| {
        if accounts::exists_by_username(conn, username)? {
            anyhow::bail!("the username {username:?} is taken");
        }
        accounts::create(
            conn,
            &NewAccount {
                username,
                password_hash: &hash,
                person_id: None,
                must_change_password: true,
            },
            &[("operator", None, None)],
        )?;
        Ok(())
    })?;
    Ok(password)
}

/// A random 14-character password to be shown once.
pub fn one_time_password() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(14)
        .map(char::from)
        .collect()
}

struct DemoPerson<'a> {
    username: String,
    full_name: String,
    unit: Uuid,
    category: &'a str,
    title: &'a str,
    form_code: i16,
}

/// What `seed-demo` left in place.
#[derive(Debug, Clone)]
pub struct Demo {
    /// The sign-ins to print.
    pub logins: Vec<DemoLogin>,
    /// The month opened for the district.
    pub period: Period,
    /// Draft evaluations created by this run (0 when the month was already open).
    pub opened: usize,
}

/// Loads the demo organisation once (a district, its departments, one of 22 people, leaders and
/// functional accounts) and opens `period` for the district "HK" and its departments, as
/// `POST /units/{id}/evaluations` does, so that everyone has a draft evaluation. Later calls
/// change nothing.
pub fn seed_demo(conn: &mut PgConnection, period: Period) -> anyhow::Result<Demo> {
    let hash = password::hash(DEMO_PASSWORD)?;
    conn.transaction(|conn| {
        let district = match org::find_unit_by_code(conn, "HK")? {
            Some(district) => district,
            None => {
                insert_demo(conn, &hash)?;
                org::find_unit_by_code(conn, "HK")?
                    .ok_or_else(|| anyhow::anyhow!("the demo district HK is missing"))?
            }
        };
        let month = opening::open_month(
            conn,
            district.id,
            period,
            &AuditActor::default(),
            chrono::Utc::now(),
        )?;
        Ok(Demo {
            logins: demo_logins(),
            period,
            opened: month.opened,
        })
    })
}

const DEPARTMENTS: &[(&str, &str, usize)] = &[
    // (code, name, staff besides head and deputies)
    ("HK-VP", "Văn phòng HĐND và UBND quận", 4),
    ("HK-NV", "Phòng Nội vụ", 3),
    ("HK-TCKH", "Phòng Tài chính - Kế hoạch", 3),
    ("HK-QLDT", "Phòng Quản lý đô thị", 19),
];

fn insert_demo(conn: &mut PgConnection, hash: &str) -> anyhow::Result<()> {
    let city = org::insert_unit(
        conn,
        &NewUnit {
            code: "HN",
            name: "Thành phố Hà Nội",
            level: "city",
            bloc: "government",
            parent_id: None,
        },
    )?;
    let district = org::insert_unit(
        conn,
        &NewUnit {
            code: "HK",
            name: "UBND quận Hoàn Kiếm",
            level: "district",
            bloc: "government",
            parent_id: Some(city.id),
        },
    )?;

    let mut names = demo_names();
    let mut people = vec![
        DemoPerson {
            username: "chutich.hk".into(),
            full_name: names.next_name(),
            unit: district.id,
            category: "head",
            title: "Chủ tịch UBND quận",
            form_code: 9,
        },
        DemoPerson {
            username: "phochutich1.hk".into(),
            full_name: names.next_name(),
            unit: district.id,
            category: "deputy",
            title: "Phó Chủ tịch UBND quận",
            form_code: 10,
        },
        DemoPerson {
            username: "phochutich2.hk".into(),
            full_name: names.next_name(),
            unit: district.id,
            category: "deputy",
            title: "Phó Chủ tịch UBND quận",
            form_code: 10,
        },
    ];
    for &(code, name, staff) in DEPARTMENTS {
        let department = org::insert_unit(
            conn,
            &NewUnit {
                code,
                name,
                level: "department",
                bloc: "government",
                parent_id: Some(district.id),
            },
        )?;
        let short = code.trim_start_matches("HK-").to_lowercase();
        let deputies = if staff >= 10 { 2 } else { 1 };
        people.push(DemoPerson {
            username: format!("truongphong.{short}"),
            full_name: names.next_name(),
            unit: department.id,
            category: "head",
            title: "Trưởng phòng",
            form_code: 12,
        });
        for n in 1..=deputies {
            people.push(DemoPerson {
                username: format!("phophong{n}.{short}"),
                full_name: names.next_name(),
                unit: department.id,
                category: "deputy",
                title: "Phó Trưởng phòng",
                form_code: 12,
            });
        }
        for n in 1..=staff {
            // The large department has two contract workers, the rest are civil servants.
            let contract = staff >= 10 && n > staff - 2;
            people.push(DemoPerson {
                username: format!("{short}.nv{n:02}"),
                full_name: names.next_name(),
                unit: department.id,
                category: if contract { "contract" } else { "staff" },
                title: if contract {
                    "Nhân viên hợp đồng"
                } else {
                    "Chuyên viên"
                },
                form_code: if contract { 19 } else { 15 },
            });
        }
    }
    let mut ids = std::collections::HashMap::new();
    let mut units_by_code = std::collections::HashMap::new();
    for (n, person) in people.iter().enumerate() {
        let external_id = format!("DEMO-{:04}", n + 1);
        let row = org::insert_person(
            conn,
            &NewPerson {
                external_id: Some(&external_id),
                full_name: &person.full_name,
                email: None,
                unit_id: person.unit,
                position_category: person.category,
                position_title: person.title,
                form_code: person.form_code,
                office: None,
            },
        )?;
        accounts::create(
            conn,
            &NewAccount {
                username: &person.username,
                password_hash: hash,
                person_id: Some(row.id),
                must_change_password: false,
            },
            &[],
        )?;
        ids.insert(person.username.clone(), row.id);
        units_by_code.insert(person.username.clone(), person.unit);
    }
    insert_city_leaders(conn, &city)?;
    let id = |username: &str| {
        ids.get(username)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo person {username} missing"))
    };
    // Deputy chairmen oversee departments; the deputies of the large department share its staff.
    let department = |username: &str| {
        units_by_code
            .get(username)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo person {username} missing"))
    };
    let qldt = department("truongphong.qldt")?;
    let tckh = department("truongphong.tckh")?;
    let vp = department("truongphong.vp")?;
    let nv = department("truongphong.nv")?;
    org::set_in_charge(conn, id("phochutich1.hk")?, Some(&[qldt, tckh]), None)?;
    org::set_in_charge(conn, id("phochutich2.hk")?, Some(&[vp, nv]), None)?;
    let staff: Vec<Uuid> = (1..=19)
        .map(|n| id(&format!("qldt.nv{n:02}")))
        .collect::<anyhow::Result<_>>()?;
    org::set_in_charge(conn, id("phophong1.qldt")?, None, Some(&staff[..10]))?;
    org::set_in_charge(conn, id("phophong2.qldt")?, None, Some(&staff[10..]))?;
    let holder = Some(id("vp.nv01")?);
    accounts::create(
        conn,
        &NewAccount {
            username: "quantri",
            password_hash: hash,
            person_id: None,
            must_change_password: false,
        },
        &[("operator", None, None)],
    )?;
    accounts::create(
        conn,
        &NewAccount {
            username: "quantri.hk",
            password_hash: hash,
            person_id: None,
            must_change_password: false,
        },
        &[("unit_admin", Some(district.id), None)],
    )?;
    let unit_admin = accounts::find_by_username_for_update(conn, "quantri.hk")?
        .ok_or_else(|| anyhow::anyhow!("quantri.hk missing"))?;
    accounts::set_holder(conn, unit_admin.id, holder, chrono::Utc::now())?;
    accounts::create(
        conn,
        &NewAccount {
            username: "tonghop.hk",
            password_hash: hash,
            person_id: None,
            must_change_password: false,
        },
        &[("aggregator", Some(district.id), None)],
    )?;
    let aggregator = accounts::find_by_username_for_update(conn, "tonghop.hk")?
        .ok_or_else(|| anyhow::anyhow!("tonghop.hk missing"))?;
    accounts::set_holder(conn, aggregator.id, holder, chrono::Utc::now())?;
    accounts::create(
        conn,
        &NewAccount {
            username: "sonoivu",
            password_hash: hash,
            person_id: None,
            must_change_password: false,
        },
        &[("bloc_admin", None, Some("government"))],
    )?;
    Ok(())
}

/// City leaders without sign-ins, tagged with their Điều 10.1 offices (invented names): the
/// Chủ tịch UBND TP decides for the district chairman (rule 6, parent head) and, by post rule,
/// for the head of a sở; the Phó Bí thư Thường trực decides for the Bí thư quận ủy. Both are
/// evaluated outside the system (by the central level).
fn insert_city_leaders(conn: &mut PgConnection, city: &Unit) -> anyhow::Result<()> {
    let unit = |conn: &mut PgConnection, code, name, level, bloc, parent: Option<Uuid>| {
        org::insert_unit(
            conn,
            &NewUnit {
                code,
                name,
                level,
                bloc,
                parent_id: parent,
            },
        )
    };
    let party = unit(conn, "HN-TU", "Thành ủy Hà Nội", "city", "party", None)?;
    let district_party = unit(
        conn,
        "HK-QU",
        "Quận ủy Hoàn Kiếm",
        "district",
        "party",
        Some(party.id),
    )?;
    let so = unit(
        conn,
        "HN-SNV",
        "Sở Nội vụ",
        "agency",
        "government",
        Some(city.id),
    )?;
    let leaders = [
        (
            "DEMO-CITY-1",
            "Tạ Minh Khôi",
            city.id,
            "head",
            "Chủ tịch UBND Thành phố",
            6,
            "chu_tich_ubnd_tp",
        ),
        (
            "DEMO-CITY-2",
            "Kiều Thu Hằng",
            party.id,
            "deputy",
            "Phó Bí thư Thường trực Thành ủy",
            3,
            "pho_bi_thu_thuong_truc",
        ),
        (
            "DEMO-CITY-3",
            "Lạc Văn Tùng",
            district_party.id,
            "head",
            "Bí thư Quận ủy",
            9,
            "bi_thu_quan_uy",
        ),
        (
            "DEMO-CITY-4",
            "Mẫn Ngọc Diệp",
            so.id,
            "head",
            "Giám đốc Sở Nội vụ",
            6,
            "giam_doc_so",
        ),
    ];
    for (external_id, full_name, unit_id, category, title, form_code, office) in leaders {
        org::insert_person(
            conn,
            &NewPerson {
                external_id: Some(external_id),
                full_name,
                email: None,
                unit_id,
                position_category: category,
                position_title: title,
                form_code,
                office: Some(office),
            },
        )?;
    }
    Ok(())
}

fn demo_logins() -> Vec<DemoLogin> {
    [
        ("quantri", "Vận hành hệ thống (operator)"),
        ("sonoivu", "Quản trị khối chính quyền (Sở Nội vụ)"),
        ("quantri.hk", "Quản trị đơn vị UBND quận Hoàn Kiếm"),
        ("tonghop.hk", "Tổng hợp đánh giá UBND quận Hoàn Kiếm"),
        ("chutich.hk", "Chủ tịch UBND quận"),
        ("phochutich1.hk", "Phó Chủ tịch UBND quận"),
        ("truongphong.qldt", "Trưởng phòng Quản lý đô thị (22 người)"),
        ("phophong1.qldt", "Phó Trưởng phòng Quản lý đô thị"),
        ("qldt.nv01", "Chuyên viên Phòng Quản lý đô thị"),
        ("qldt.nv19", "Nhân viên hợp đồng Phòng Quản lý đô thị"),
    ]
    .into_iter()
    .map(|(username, who)| DemoLogin {
        username: username.into(),
        who: who.into(),
    })
    .collect()
}

/// Deterministic, varied Vietnamese names for the demo.
struct Names {
    n: usize,
}

fn demo_names() -> Names {
    Names { n: 0 }
}

impl Names {
    fn next_name(&mut self) -> String {
        const FAMILY: &[&str] = &[
            "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
        ];
        const MIDDLE: &[&str] = &[
            "Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh", "Quốc",
        ];
        const GIVEN: &[&str] = &[
            "An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Long",
            "Mai", "Nam", "Phương", "Quang", "Sơn", "Thảo", "Trang", "Tuấn", "Yến", "Khánh",
            "Huyền", "Đạt",
        ];
        let n = self.n;
        self.n += 1;
        format!(
            "{} {} {}",
            FAMILY[n % FAMILY.len()],
            MIDDLE[(n / 2) % MIDDLE.len()],
            GIVEN[(n * 7) % GIVEN.len()]
        )
    }
}
