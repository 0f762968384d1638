//! Yearly results (DESIGN 2.6, issue 11): a person's year and a publishing unit's year, computed
//! by `domain::rollup` from the decided months, and the quota on A applied to the unit's year.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::access::{Mode, Target};
use domain::quota::{self, QuotaMember};
use domain::rank::{KnockOut, Rank};
use domain::rollup::{self, MonthResult, RollupPolicy};
use domain::{Period, PersonId};
use persistence::models::evaluations::Evaluation;
use persistence::models::org::Person;
use persistence::queries::evaluations as store;
use persistence::queries::{org, rules};
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto::evaluations::TotalsView;
use crate::dto::people::PersonSummary;
use crate::dto::search::UnitBrief;
use crate::dto::yearly::{KnockOutView, PersonYear, UnitYear, UnitYearRow, YearMonth, YearQuota};
use crate::error::{ApiError, request_error};
use crate::exports::list_pdf::{Align, Column};
use crate::scope;
use crate::services::exports::{self, ListExport};
use crate::services::workflow::{bands, evaluation_target, is_knocked_out, parse_rank, to_json};

/// Years the system can hold.
pub fn check_year(year: i32) -> Result<i32, ApiError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(request_error("year"))
    }
}

fn decided(e: &Evaluation) -> bool {
    matches!(e.state.as_str(), "decided" | "published")
}

fn knock_outs(e: &Evaluation) -> Vec<KnockOut> {
    serde_json::from_value(e.knock_outs.clone()).unwrap_or_default()
}

/// A month as the roll-up sees it: worked when an evaluation exists, counted once decided.
fn month_result(e: &Evaluation) -> Option<MonthResult> {
    let period: Period = e.period.parse().ok()?;
    let totals: TotalsView = serde_json::from_value(e.totals.clone()).unwrap_or_default();
    Some(MonthResult {
        period,
        decided_total: if decided(e) { totals.decider } else { None },
        worked: true,
        knock_outs: if decided(e) {
            knock_outs(e)
        } else {
            Vec::new()
        },
    })
}

/// The year of one person from their evaluations (by period).
fn year_of(evaluations: &[&Evaluation]) -> (Vec<MonthResult>, Option<rollup::YearResult>) {
    let months: Vec<MonthResult> = evaluations.iter().filter_map(|e| month_result(e)).collect();
    let result = rollup::year_result(&RollupPolicy::default(), &bands(), &months);
    (months, result)
}

/// A person's year, from the months the caller may read (the others are counted as hidden and
/// left out). 404 when the caller may read neither the person nor any of their months.
pub fn person_year(
    conn: &mut PgConnection,
    caller: &Caller,
    person_id: Uuid,
    year: i32,
) -> Result<PersonYear, ApiError> {
    let person = org::find_person(conn, person_id).map_err(|_| ApiError::NotFound)?;
    let all = store::of_people_in_year(conn, &[person.id], year)?;
    let mut readable = Vec::new();
    let mut units = HashMap::new();
    for e in &all {
        if let std::collections::hash_map::Entry::Vacant(slot) = units.entry(e.unit_id) {
            slot.insert(org::unit(conn, e.unit_id)?);
        }
        let unit = &units[&e.unit_id];
        if caller.may(Mode::Read, &evaluation_target(e, unit)?) {
            readable.push(e);
        }
    }
    if readable.is_empty() {
        let unit = org::unit(conn, person.unit_id)?;
        if !caller.may(Mode::Read, &scope::person_target(&person, &unit)?) {
            return Err(ApiError::NotFound);
        }
    }
    let (_, result) = year_of(&readable);
    let months = readable
        .iter()
        .map(|e| {
            let totals: TotalsView = serde_json::from_value(e.totals.clone()).unwrap_or_default();
            YearMonth {
                period: e.period.clone(),
                state: e.state.clone(),
                decided_total: if decided(e) { totals.decider } else { None },
                rank_final: parse_rank(&e.rank_final),
                counted: decided(e) && totals.decider.is_some(),
                knocked_out: is_knocked_out(&e.flags),
            }
        })
        .collect();
    Ok(PersonYear {
        person: PersonSummary::of(&person)?,
        year,
        months,
        months_hidden: u32::try_from(all.len() - readable.len()).unwrap_or(u32::MAX),
        months_counted: result.as_ref().map_or(0, |r| r.months_counted),
        min_months: RollupPolicy::default().min_months,
        average: result.as_ref().map(|r| r.average),
        rank_by_points: result.as_ref().map(|r| r.rank.by_points),
        rank: result.as_ref().map(|r| r.rank.rank),
        knocked_out_by: result
            .and_then(|r| r.rank.knocked_out_by)
            .map(|k| KnockOutView {
                code: k.code,
                evidence_ref: k.evidence_ref,
            }),
    })
}

/// A publishing unit's year: everyone it decided that year, each with their whole year (all
/// their months, wherever decided), and the quota on A applied over the unit as one group with
/// the policy in force (`quota::suggest`: the highest averages keep A). Export rights on the
/// unit only (404 otherwise), like the unit summary.
pub fn unit_year(
    conn: &mut PgConnection,
    caller: &Caller,
    unit_id: Uuid,
    year: i32,
) -> Result<UnitYear, ApiError> {
    let unit = org::unit(conn, unit_id).map_err(|_| ApiError::NotFound)?;
    if !caller.may(Mode::Read, &Target::Export(unit.scope()?)) {
        return Err(ApiError::NotFound);
    }
    let people: Vec<Person> = store::people_of_publishing_unit_in_year(conn, unit.id, year)?;
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let evaluations = store::of_people_in_year(conn, &ids, year)?;
    let mut results = Vec::with_capacity(people.len());
    for person in &people {
        let own: Vec<&Evaluation> = evaluations
            .iter()
            .filter(|e| e.person_id == person.id)
            .collect();
        let (_, result) = year_of(&own);
        results.push((person, result));
    }
    let members: Vec<QuotaMember> = results
        .iter()
        .filter_map(|(person, result)| {
            result.as_ref().map(|r| QuotaMember {
                person_id: PersonId(person.id),
                total: r.average,
                qualified: r.rank.rank,
                final_rank: r.rank.rank,
            })
        })
        .collect();
    let policy = rules::quota_policy(conn)?;
    let override_ = rules::quota_override(conn, unit.id)?;
    let headcount = u32::try_from(members.len()).unwrap_or(u32::MAX);
    let suggested: HashMap<PersonId, (Rank, bool)> =
        quota::suggest(&policy, override_.as_ref(), headcount, &members)
            .into_iter()
            .map(|s| (s.person_id, (s.rank, s.lowered_by_quota)))
            .collect();
    let finals: Vec<QuotaMember> = members
        .iter()
        .map(|m| QuotaMember {
            final_rank: suggested.get(&m.person_id).map_or(m.final_rank, |s| s.0),
            ..m.clone()
        })
        .collect();
    let outcome = quota::evaluate(&policy, override_.as_ref(), headcount, &finals);
    let mut rows = Vec::with_capacity(results.len());
    for (person, result) in results {
        let suggestion = suggested.get(&PersonId(person.id));
        rows.push(UnitYearRow {
            person: PersonSummary::of(person)?,
            months_counted: result.as_ref().map_or(0, |r| r.months_counted),
            average: result.as_ref().map(|r| r.average),
            rank_qualified: result.as_ref().map(|r| r.rank.rank),
            rank: suggestion.map(|s| s.0),
            lowered_by_quota: suggestion.is_some_and(|s| s.1),
            knocked_out: result
                .as_ref()
                .is_some_and(|r| r.rank.knocked_out_by.is_some()),
        });
    }
    Ok(UnitYear {
        unit: UnitBrief::of(&unit),
        year,
        quota: YearQuota {
            policy: to_json(&outcome.applied)?,
            headcount,
            max_a: outcome.max_a,
            used_a: outcome.used_a,
            ranked_b: outcome.ranked_b,
        },
        people: rows,
    })
}

/// A person's year as a list in the official layout (XLSX or PDF), stamped: one line per month
/// the caller may read, then the average, the months counted and the year's rank.
pub fn person_year_list(
    conn: &mut PgConnection,
    caller: &Caller,
    id: Uuid,
    year: i32,
    now: DateTime<Utc>,
) -> Result<(ListExport, Uuid), ApiError> {
    use crate::exports::table::Cell;
    let answer = person_year(conn, caller, id, year)?;
    let unit = org::unit(conn, answer.person.unit_id)?;
    let rank = |r: Option<Rank>| {
        r.map_or(Cell::Empty, |r| {
            Cell::text(crate::services::workflow::rank_name(r))
        })
    };
    let rows = answer
        .months
        .iter()
        .map(|m| {
            let month = m.period.parse::<Period>().map_or_else(
                |_| m.period.clone(),
                |p| format!("{:02}/{}", p.month(), p.year()),
            );
            vec![
                Cell::text(month),
                Cell::text(crate::services::search::state_label(&m.state)),
                Cell::number(m.decided_total.and_then(|p| p.to_string().parse().ok())),
                rank(m.rank_final),
                Cell::text(if m.counted { "Có" } else { "Không" }),
                Cell::text(if m.knocked_out {
                    "Không hoàn thành nhiệm vụ do vi phạm"
                } else {
                    ""
                }),
            ]
        })
        .collect();
    let average = answer
        .average
        .map_or_else(|| "chưa có".to_owned(), |a| a.to_string().replace('.', ","));
    let mut closing = vec![format!(
        "Điểm bình quân: {average} ({} tháng được tính, tối thiểu {} tháng)",
        answer.months_counted, answer.min_months
    )];
    closing.push(format!(
        "Xếp loại năm (trước khi áp dụng chỉ tiêu của đơn vị): {}",
        answer.rank.map_or_else(
            || "chưa đủ điều kiện".to_owned(),
            crate::services::workflow::rank_name
        )
    ));
    if let Some(k) = &answer.knocked_out_by {
        let label = domain::rank::default_knock_out_rules()
            .into_iter()
            .find(|rule| rule.code == k.code)
            .map_or_else(|| k.code.clone(), |rule| rule.label_vi);
        closing.push(format!(
            "Không hoàn thành nhiệm vụ: {label} (căn cứ: {})",
            k.evidence_ref
        ));
    }
    if answer.months_hidden > 0 {
        closing.push(format!(
            "{} tháng không thuộc quyền xem của người xuất không được liệt kê và không tính vào bình quân.",
            answer.months_hidden
        ));
    }
    Ok((
        ListExport {
            issuer: unit.name,
            title: format!("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM {year}"),
            subtitle: vec![format!(
                "{} – {}",
                answer.person.full_name, answer.person.position.title
            )],
            columns: PERSON_COLUMNS.to_vec(),
            rows,
            closing,
            stamp: exports::stamp(conn, caller, now)?,
            sheet: format!("Năm {year}"),
            file_stem: format!("ket-qua-nam-{year}-{}", answer.person.id),
            now,
        },
        unit.id,
    ))
}

const PERSON_COLUMNS: [Column; 6] = [
    Column::new("Tháng", 1.0, Align::Center),
    Column::new("Trạng thái", 2.0, Align::Left),
    Column::new("Tổng điểm (cấp có thẩm quyền)", 1.4, Align::Center),
    Column::new("Xếp loại", 1.8, Align::Center),
    Column::new("Tính vào bình quân", 1.2, Align::Center),
    Column::new("Ghi chú", 2.6, Align::Left),
];

/// A unit's year as a list in the official layout (XLSX or PDF), stamped.
pub fn unit_year_list(
    conn: &mut PgConnection,
    caller: &Caller,
    id: Uuid,
    year: i32,
    now: DateTime<Utc>,
) -> Result<ListExport, ApiError> {
    let answer = unit_year(conn, caller, id, year)?;
    Ok(ListExport {
        issuer: answer.unit.name.clone(),
        title: format!("DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM {year}"),
        subtitle: vec![format!(
            "{} (chỉ tiêu A: tối đa {}, đã xếp {})",
            answer.unit.name, answer.quota.max_a, answer.quota.used_a
        )],
        columns: EXPORT_COLUMNS.to_vec(),
        rows: (1u64..)
            .zip(&answer.people)
            .map(|(number, row)| export_cells(number, row))
            .collect(),
        closing: vec![exports::rank_tally(answer.people.iter().map(|p| p.rank))],
        stamp: exports::stamp(conn, caller, now)?,
        sheet: format!("Năm {year}"),
        file_stem: format!("ket-qua-nam-{year}-{}", answer.unit.code),
        now,
    })
}

/// The columns of an exported unit year.
pub const EXPORT_COLUMNS: [Column; 8] = [
    Column::new("STT", 0.5, Align::Center),
    Column::new("Họ và tên", 2.6, Align::Left),
    Column::new("Chức vụ, chức danh", 2.4, Align::Left),
    Column::new("Số tháng được tính", 1.0, Align::Center),
    Column::new("Điểm bình quân", 1.2, Align::Center),
    Column::new("Xếp loại theo điểm", 1.6, Align::Center),
    Column::new("Xếp loại", 1.6, Align::Center),
    Column::new("Ghi chú", 2.4, Align::Left),
];

/// One exported line of a unit's year.
pub fn export_cells(number: u64, row: &UnitYearRow) -> Vec<crate::exports::table::Cell> {
    use crate::exports::table::Cell;
    let rank = |r: Option<Rank>| {
        r.map_or(Cell::Empty, |r| {
            Cell::text(crate::services::workflow::rank_name(r))
        })
    };
    let note = if row.lowered_by_quota {
        "Đủ điều kiện A, xếp B do chỉ tiêu"
    } else if row.knocked_out {
        "Không hoàn thành nhiệm vụ do vi phạm trong năm"
    } else {
        ""
    };
    vec![
        Cell::Number(number as f64),
        Cell::text(&row.person.full_name),
        Cell::text(&row.person.position.title),
        Cell::Number(f64::from(row.months_counted)),
        Cell::number(row.average.and_then(|p| p.to_string().parse().ok())),
        rank(row.rank_qualified),
        rank(row.rank),
        Cell::text(note),
    ]
}
