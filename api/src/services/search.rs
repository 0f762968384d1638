//! Search across evaluations (issue 11; Điều 7.2–7.4 "chức năng tổng hợp"): scoped like every
//! other read. SQL narrows what is loaded by the caller's roles (a bloc admin's bloc, an admin's
//! or aggregator's subtree, a head's unit, the caller's own and those they review or decide);
//! every loaded row is then checked with `domain::access`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::PgConnection;
use domain::access::Mode;
use persistence::queries::org::{self, PersonFilter};
use persistence::queries::search::{
    self as store, EvaluationSearch, SearchKey, SearchOrder, SearchSort,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto;
use crate::dto::people::PersonSummary;
use crate::dto::search::{
    EvaluationHit, EvaluationSearchPage, PersonHit, PersonSearchPage, UnitBrief,
};
use crate::error::{ApiError, request_error};
use crate::scope;
use crate::services::workflow::{
    evaluation_target, is_knocked_out, is_late, lowered_by_quota, parse_rank, totals,
};

/// The sort of a search, as the API spells it (`period`, `-total`, …).
pub type Sort = SearchOrder;

/// Reads `period`, `name`, `total` or `unit`, with `-` before it for descending.
pub fn parse_sort(text: Option<&str>) -> Result<Sort, ApiError> {
    let text = text.unwrap_or("period");
    let (descending, name) = match text.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, text),
    };
    let by = match name {
        "period" => SearchSort::Period,
        "name" => SearchSort::Name,
        "total" => SearchSort::Total,
        "unit" => SearchSort::UnitCode,
        _ => return Err(request_error("sort")),
    };
    Ok(Sort { by, descending })
}

fn sort_name(sort: Sort) -> String {
    let name = match sort.by {
        SearchSort::Period => "period",
        SearchSort::Name => "name",
        SearchSort::Total => "total",
        SearchSort::UnitCode => "unit",
    };
    if sort.descending {
        format!("-{name}")
    } else {
        name.to_owned()
    }
}

/// What a cursor holds: the sort it was made for, and the last row's key and id.
#[derive(Serialize, Deserialize)]
struct Cursor {
    s: String,
    k: String,
    id: Uuid,
}

fn encode_cursor(sort: Sort, key: &SearchKey) -> String {
    let cursor = Cursor {
        s: sort_name(sort),
        k: key.key.clone(),
        id: key.id,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
}

/// A cursor made for another sort is refused: its key would compare with the wrong column.
fn decode_cursor(sort: Sort, text: &str) -> Result<SearchKey, ApiError> {
    let cursor: Cursor = URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|c: &Cursor| c.s == sort_name(sort))
        .ok_or_else(|| request_error("cursor"))?;
    if sort.by == SearchSort::Total && cursor.k.parse::<f64>().is_err() {
        return Err(request_error("cursor"));
    }
    Ok(SearchKey {
        key: cursor.k,
        id: cursor.id,
    })
}

/// One page of the evaluations the caller may read that match `search`.
pub fn evaluations(
    conn: &mut PgConnection,
    caller: &Caller,
    search: &EvaluationSearch,
    sort: Sort,
    cursor: Option<&str>,
    limit: i64,
) -> Result<EvaluationSearchPage, ApiError> {
    let start = cursor.map(|c| decode_cursor(sort, c)).transpose()?;
    let visibility = scope::evaluation_visibility(conn, &caller.actor)?;
    let (rows, next) = dto::keyset_page(
        conn,
        limit,
        start,
        |conn, after: Option<&SearchKey>, n| {
            let page = store::Page {
                order: sort,
                after,
                limit: Some(n),
            };
            store::evaluations(conn, search, &visibility, caller.person_id, page)
        },
        |(evaluation, _, _, key)| SearchKey {
            key: key.clone(),
            id: evaluation.id,
        },
        |_, (evaluation, _, unit, _)| {
            Ok::<_, ApiError>(caller.may(Mode::Read, &evaluation_target(evaluation, unit)?))
        },
    )?;
    let items = rows
        .into_iter()
        .map(|(evaluation, person, unit, _)| hit(evaluation, &person, &unit))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(EvaluationSearchPage {
        items,
        next_cursor: next.map(|key| encode_cursor(sort, &key)),
    })
}

/// An evaluation as search shows it.
fn hit(
    evaluation: persistence::models::evaluations::Evaluation,
    person: &persistence::models::org::Person,
    unit: &persistence::models::org::Unit,
) -> Result<EvaluationHit, ApiError> {
    let rank_by_points = parse_rank(&evaluation.rank_by_points);
    let rank_final = parse_rank(&evaluation.rank_final);
    Ok(EvaluationHit {
        id: evaluation.id,
        person: PersonSummary::of(person)?,
        unit: UnitBrief::of(unit),
        totals: totals(&evaluation),
        rank_self: parse_rank(&evaluation.rank_self),
        rank_by_points,
        rank_final,
        qualified_a_ranked_b: lowered_by_quota(rank_by_points, rank_final, &evaluation.flags),
        knocked_out: is_knocked_out(&evaluation.flags),
        late: is_late(&evaluation.flags),
        period: evaluation.period,
        state: evaluation.state,
        form_code: evaluation.form_code,
    })
}

/// One page of the people the caller may read that match `filter`, by name.
pub fn people(
    conn: &mut PgConnection,
    caller: &Caller,
    filter: &PersonFilter,
    cursor: Option<&str>,
    limit: i64,
) -> Result<PersonSearchPage, ApiError> {
    let by_name = Sort {
        by: SearchSort::Name,
        descending: false,
    };
    let start = cursor
        .map(|c| decode_cursor(by_name, c))
        .transpose()?
        .map(|k| (k.key, k.id));
    let visibility = scope::people_visibility(conn, &caller.actor)?;
    let (rows, next) = dto::keyset_page(
        conn,
        limit,
        start,
        |conn, after: Option<&(String, Uuid)>, n| {
            let after = after.map(|(name, id)| (name.as_str(), *id));
            org::list_people(conn, &visibility, filter, after, n)
        },
        |(person, _)| (person.full_name.clone(), person.id),
        |_, (person, unit)| {
            Ok::<_, ApiError>(
                scope::person_target(person, unit).is_ok_and(|t| caller.may(Mode::Read, &t)),
            )
        },
    )?;
    let items = rows
        .iter()
        .map(|(person, unit)| {
            Ok::<_, ApiError>(PersonHit {
                person: PersonSummary::of(person)?,
                external_id: person.external_id.clone(),
                active: person.active,
                unit: UnitBrief::of(unit),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PersonSearchPage {
        items,
        next_cursor: next.map(|(key, id)| encode_cursor(by_name, &SearchKey { key, id })),
    })
}

/// Rows handed over at a time when a whole search is exported.
const EXPORT_CHUNK: usize = 1_000;

/// The title of an exported search.
/// An official list's title starts with "DANH SÁCH" (Nghị định 30/2020/NĐ-CP).
const PDF_TITLE: &str = "DANH SÁCH PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG THEO KẾT QUẢ TÌM KIẾM";
const EXPORT_TITLE: &str = "KẾT QUẢ TÌM KIẾM PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG";

/// The title, stamp and columns of an exported search.
pub fn export_heading(
    conn: &mut PgConnection,
    caller: &Caller,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::exports::table::Heading, ApiError> {
    Ok(crate::exports::table::Heading {
        title: EXPORT_TITLE.to_owned(),
        stamp: crate::services::exports::stamp(conn, caller, now)?,
        columns: EXPORT_COLUMNS.to_vec(),
    })
}

/// The issuing unit of an exported list: the unit of the person exporting; for a functional
/// account, the unit of its role (unit admin, aggregator), else its holder's unit; none for a
/// connected system.
pub fn export_issuer(conn: &mut PgConnection, caller: &Caller) -> Result<String, ApiError> {
    use domain::access::Role;
    let person_unit = |conn: &mut PgConnection, id| -> Result<String, ApiError> {
        Ok(persistence::queries::org::person_with_unit(conn, id)?
            .1
            .name)
    };
    if let Some(id) = caller.person_id {
        return person_unit(conn, id);
    }
    let role_unit = caller.actor.roles.iter().find_map(|role| match role {
        Role::UnitAdmin { unit_id } | Role::Aggregator { unit_id } => Some(*unit_id),
        _ => None,
    });
    match (role_unit, caller.holder_person_id) {
        (Some(id), _) => Ok(persistence::queries::org::unit(conn, id.0)?.name),
        (None, Some(holder)) => person_unit(conn, holder),
        (None, None) => Ok(String::new()),
    }
}

/// The exported search as a PDF list: the same columns and rows as the XLSX, on landscape A4.
pub fn export_pdf(
    issuer: &str,
    heading: &crate::exports::table::Heading,
    rows: Vec<Vec<crate::exports::table::Cell>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, ApiError> {
    use crate::exports::list_pdf::{self, Align, Column, ListDocument};
    // Share of the width of each of EXPORT_COLUMNS: names, posts and units get the room.
    const LAYOUT: [(f32, Align); 14] = [
        (0.5, Align::Center),
        (1.8, Align::Left),
        (1.6, Align::Left),
        (1.8, Align::Left),
        (0.8, Align::Center),
        (1.1, Align::Left),
        (0.6, Align::Center),
        (0.8, Align::Right),
        (0.8, Align::Right),
        (0.8, Align::Right),
        (0.9, Align::Left),
        (0.9, Align::Left),
        (0.9, Align::Left),
        (1.4, Align::Left),
    ];
    let columns = EXPORT_COLUMNS
        .iter()
        .zip(LAYOUT)
        .map(|(title, (weight, align))| Column::new(title, weight, align))
        .collect();
    let closing = vec![format!("Tổng số: {} phiếu.", rows.len())];
    list_pdf::build(&ListDocument {
        issuer: issuer.to_owned(),
        title: PDF_TITLE.to_owned(),
        subtitle: Vec::new(),
        place_date: list_pdf::place_date(now.with_timezone(&domain::calendar::HANOI).date_naive()),
        columns,
        rows,
        closing,
        signatures: ["NGƯỜI LẬP DANH SÁCH", "THỦ TRƯỞNG ĐƠN VỊ"],
        stamp: heading.stamp.clone(),
    })
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
}

/// Most rows an XLSX export holds (a spreadsheet's practical limit); narrow the search or use
/// the CSV beyond it.
pub const XLSX_MAX_ROWS: u64 = 200_000;

/// Most rows a PDF export holds: a list to print and sign (about 150 pages), built in memory.
pub const PDF_MAX_ROWS: u64 = 5_000;

/// 422 `too_many_rows`: the search has more rows than a file of its format holds (`limit`).
pub fn too_many_rows(limit: u64) -> ApiError {
    ApiError::Validation(vec![crate::error::FieldError::new(
        "query",
        "too_many_rows",
        &format!(
            "Kết quả có hơn {limit} dòng, quá nhiều cho tệp này: hãy thu hẹp điều kiện tìm kiếm hoặc xuất CSV."
        ),
        &format!("More than {limit} rows for this file: narrow the search or export CSV."),
    )])
}

/// How many evaluations the search may export: those SQL finds visible (the access policy
/// may still leave a few out, so this is an upper bound).
pub fn count(
    conn: &mut PgConnection,
    caller: &Caller,
    search: &EvaluationSearch,
) -> Result<i64, ApiError> {
    let visibility = scope::evaluation_visibility(conn, &caller.actor)?;
    Ok(store::count(conn, search, &visibility, caller.person_id)?)
}

/// Runs a whole search as one statement read row by row, each row checked with the policy like
/// any other read, handing `each` the rows in chunks; returns the number of rows.
pub fn each_chunk(
    conn: &mut PgConnection,
    caller: &Caller,
    search: &EvaluationSearch,
    sort: Sort,
    mut each: impl FnMut(&[EvaluationHit]) -> Result<(), ApiError>,
) -> Result<u64, ApiError> {
    let visibility = scope::evaluation_visibility(conn, &caller.actor)?;
    let mut chunk = Vec::with_capacity(EXPORT_CHUNK);
    let mut rows = 0u64;
    store::each_evaluation(
        conn,
        search,
        &visibility,
        caller.person_id,
        sort,
        &mut |(evaluation, person, unit, _)| {
            if !caller.may(Mode::Read, &evaluation_target(&evaluation, &unit)?) {
                return Ok(());
            }
            chunk.push(hit(evaluation, &person, &unit)?);
            rows += 1;
            if chunk.len() == EXPORT_CHUNK {
                each(&chunk)?;
                chunk.clear();
            }
            Ok::<_, ApiError>(())
        },
    )?;
    if !chunk.is_empty() {
        each(&chunk)?;
    }
    Ok(rows)
}

/// The columns of an exported search.
pub const EXPORT_COLUMNS: [&str; 14] = [
    "STT",
    "Họ và tên",
    "Chức vụ, chức danh",
    "Đơn vị",
    "Tháng",
    "Trạng thái",
    "Mẫu phiếu",
    "Tự chấm (điểm)",
    "Người nhận xét (điểm)",
    "Cấp có thẩm quyền (điểm)",
    "Tự xếp loại",
    "Xếp loại theo điểm",
    "Xếp loại",
    "Ghi chú",
];

/// An evaluation's state in Vietnamese.
pub fn state_label(state: &str) -> &'static str {
    match state {
        "draft" => "Đang soạn",
        "self_submitted" => "Đã gửi tự đánh giá",
        "reviewed" => "Đã nhận xét, đánh giá",
        "decided" => "Đã quyết định xếp loại",
        "published" => "Đã công khai",
        _ => "Khác",
    }
}

/// One exported row.
pub fn export_cells(number: u64, hit: &EvaluationHit) -> Vec<crate::exports::table::Cell> {
    use crate::exports::table::Cell;
    let points = |p: Option<domain::Points>| p.and_then(|p| p.to_string().parse::<f64>().ok());
    let rank = |r: Option<domain::rank::Rank>| {
        r.map_or(Cell::Empty, |r| {
            Cell::text(crate::services::workflow::rank_name(r))
        })
    };
    let mut notes = Vec::new();
    if hit.qualified_a_ranked_b {
        notes.push("Đủ điều kiện A, xếp B do chỉ tiêu");
    }
    if hit.knocked_out {
        notes.push("Không hoàn thành nhiệm vụ do vi phạm");
    }
    if hit.late {
        notes.push("Thực hiện sau thời hạn (được gia hạn)");
    }
    let (year, month) = hit.period.split_once('-').unwrap_or((&hit.period, ""));
    vec![
        Cell::Number(number as f64),
        Cell::text(&hit.person.full_name),
        Cell::text(&hit.person.position.title),
        Cell::text(&hit.unit.name),
        Cell::text(format!("{month}/{year}")),
        Cell::text(state_label(&hit.state)),
        Cell::Number(f64::from(hit.form_code)),
        Cell::number(points(hit.totals.self_total)),
        Cell::number(points(hit.totals.reviewer)),
        Cell::number(points(hit.totals.decider)),
        rank(hit.rank_self),
        rank(hit.rank_by_points),
        rank(hit.rank_final),
        Cell::text(notes.join("; ")),
    ]
}
