//! Statistics of published ranks (issue 11; Điều 14): counts and shares by unit, month, post
//! category, form, bloc or level, read from the pre-counted `rank_counts`. Anyone who may read a
//! unit's published results may read its statistics; where the caller may not also export a
//! group's data (read its people's results one by one), cells of fewer than 5 people are hidden.

use std::collections::{BTreeMap, HashMap};

use diesel::PgConnection;
use domain::access::{Mode, Target};
use persistence::queries::org;
use persistence::queries::stats::{self as store, RankCell, StatsGroup};
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto::search::UnitBrief;
use crate::dto::stats::{
    CompletionRow, CompletionStats, RankCounts, RankShares, RankStats, RankStatsRow, StepCompletion,
};
use crate::error::{ApiError, request_error};

/// Fewest people a cell may show to a caller who may not read their results.
pub const SMALL_CELL: u32 = 5;

/// Recounts a publishing unit's month (call after publishing it or correcting one of its
/// published evaluations).
pub fn recount(
    conn: &mut PgConnection,
    period: &str,
    publishing_unit_id: Uuid,
) -> Result<(), ApiError> {
    Ok(store::recount(conn, period, publishing_unit_id)?)
}

/// Reads `unit`, `period`, `category`, `form`, `bloc` or `level`.
pub fn parse_group(text: &str) -> Result<StatsGroup, ApiError> {
    Ok(match text {
        "unit" => StatsGroup::ChildUnit,
        "period" => StatsGroup::Period,
        "category" => StatsGroup::Category,
        "form" => StatsGroup::Form,
        "bloc" => StatsGroup::Bloc,
        "level" => StatsGroup::Level,
        _ => return Err(request_error("group_by")),
    })
}

/// The rank distribution under `unit_id` by `group`.
pub fn ranks(
    conn: &mut PgConnection,
    caller: &Caller,
    unit_id: Uuid,
    group: (StatsGroup, String),
    from: Option<String>,
    to: Option<String>,
) -> Result<RankStats, ApiError> {
    let root = org::unit(conn, unit_id).map_err(|_| ApiError::NotFound)?;
    let root_scope = root.scope()?;
    if !caller.may(Mode::Read, &Target::PublishedResults(root_scope.clone())) {
        return Err(ApiError::NotFound);
    }
    let full = caller.may(Mode::Read, &Target::Export(root_scope));
    let cells = store::rank_cells(conn, &root.path, group.0, from.as_deref(), to.as_deref())?;
    let mut by_key: BTreeMap<String, Vec<RankCell>> = BTreeMap::new();
    for cell in cells {
        let key = if group.0 == StatsGroup::ChildUnit && cell.key.is_empty() {
            root.id.to_string()
        } else {
            cell.key.clone()
        };
        by_key.entry(key).or_default().push(cell);
    }
    // Units by id, for labels and each child's own export right.
    let mut units = HashMap::new();
    if group.0 == StatsGroup::ChildUnit {
        let ids: Vec<Uuid> = by_key.keys().filter_map(|k| k.parse().ok()).collect();
        for unit in org::units_by_ids(conn, &ids)? {
            units.insert(unit.id.to_string(), unit);
        }
    }
    let mut rows = Vec::with_capacity(by_key.len());
    for (key, cells) in by_key {
        let unit = units.get(&key);
        let full_row = full
            || match unit {
                Some(u) => caller.may(Mode::Read, &Target::Export(u.scope()?)),
                None => false,
            };
        let label = match unit {
            Some(u) => u.name.clone(),
            None => group_label(group.0, &key),
        };
        rows.push(row(key, label, &cells, full_row));
    }
    Ok(RankStats {
        unit: UnitBrief::of(&root),
        group_by: group.1,
        period_from: from,
        period_to: to,
        rows,
    })
}

/// A group's name as the lists print it (Vietnamese).
pub fn group_label(group: StatsGroup, key: &str) -> String {
    let known = match (group, key) {
        (StatsGroup::Category, "head") => "Cấp trưởng",
        (StatsGroup::Category, "deputy") => "Cấp phó",
        (StatsGroup::Category, "staff") => "Công chức, viên chức",
        (StatsGroup::Category, "contract") => "Lao động hợp đồng",
        (StatsGroup::Bloc, "party") => "Khối Đảng",
        (StatsGroup::Bloc, "government") => "Khối Chính quyền",
        (StatsGroup::Bloc, "elected") => "Đoàn ĐBQH và HĐND",
        (StatsGroup::Bloc, "front") => "MTTQ và các đoàn thể",
        (StatsGroup::Level, "city") => "Cấp thành phố",
        (StatsGroup::Level, "agency") => "Sở, ban, ngành",
        (StatsGroup::Level, "district") => "Quận, huyện, thị xã",
        (StatsGroup::Level, "commune") => "Xã, phường, thị trấn",
        (StatsGroup::Level, "department") => "Phòng, ban",
        _ => "",
    };
    match group {
        _ if !known.is_empty() => known.to_owned(),
        StatsGroup::Form => format!("Mẫu số {key}"),
        StatsGroup::Period => match key.split_once('-') {
            Some((year, month)) => format!("Tháng {month}/{year}"),
            None => key.to_owned(),
        },
        _ => key.to_owned(),
    }
}

fn row(key: String, label: String, cells: &[RankCell], full: bool) -> RankStatsRow {
    let count = |rank: &str| -> u32 {
        cells
            .iter()
            .filter(|c| c.rank == rank)
            .map(|c| u32::try_from(c.n).unwrap_or(u32::MAX))
            .sum()
    };
    let counts = [count("A"), count("B"), count("C"), count("D")];
    let total: u32 = counts.iter().sum();
    let qualified: u32 = cells
        .iter()
        .map(|c| u32::try_from(c.qualified_a_ranked_b).unwrap_or(u32::MAX))
        .sum();
    let small = |n: u32| n > 0 && n < SMALL_CELL;
    let hidden = !full && (counts.iter().any(|n| small(*n)) || small(total));
    let shown = |n: u32| if !full && small(n) { None } else { Some(n) };
    let share = |n: u32| {
        (!hidden && total > 0).then(|| (f64::from(n) * 1000.0 / f64::from(total)).round() / 10.0)
    };
    RankStatsRow {
        key,
        label,
        total: (!hidden).then_some(total),
        counts: RankCounts {
            a: shown(counts[0]),
            b: shown(counts[1]),
            c: shown(counts[2]),
            d: shown(counts[3]),
        },
        shares: RankShares {
            a: share(counts[0]),
            b: share(counts[1]),
            c: share(counts[2]),
            d: share(counts[3]),
        },
        qualified_a_ranked_b: if hidden { None } else { Some(qualified) },
        small_cells_hidden: hidden,
    }
}

/// Each step of a month against its deadline, per publishing unit under `unit_id` (its own month
/// included), with each unit's own calendar (Điều 12, overrides of the unit and its ancestors).
/// For those who may export the unit's data (404 otherwise).
pub fn completion(
    conn: &mut PgConnection,
    caller: &Caller,
    unit_id: Uuid,
    period: domain::Period,
) -> Result<CompletionStats, ApiError> {
    let root = org::unit(conn, unit_id).map_err(|_| ApiError::NotFound)?;
    if !caller.may(Mode::Read, &Target::Export(root.scope()?)) {
        return Err(ApiError::NotFound);
    }
    let key = period.to_string();
    let units = store::publishing_units_in(conn, &root.path, &key)?;
    let overrides = persistence::queries::rules::period_overrides(conn, period)?;
    let mut calendars = HashMap::new();
    let mut deadlines = Vec::with_capacity(units.len());
    for (id, path) in &units {
        let chain: Vec<domain::UnitId> = persistence::convert::path_ids(path)?
            .into_iter()
            .map(domain::UnitId)
            .collect();
        let calendar = domain::calendar::resolve(period, &overrides, &chain);
        deadlines.push(store::Deadlines {
            unit_id: *id,
            self_closes: calendar.self_closes.to_utc(),
            decision_closes: calendar.decision_closes.to_utc(),
            publication_closes: calendar.publication_closes.to_utc(),
        });
        calendars.insert(*id, calendar);
    }
    let counted: HashMap<Uuid, store::Completion> = store::completion(conn, &key, &deadlines)?
        .into_iter()
        .map(|c| (c.unit_id, c))
        .collect();
    let ids: Vec<Uuid> = units.iter().map(|(id, _)| *id).collect();
    let names: HashMap<Uuid, persistence::models::org::Unit> = org::units_by_ids(conn, &ids)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let mut rows = Vec::with_capacity(units.len());
    for (id, _) in &units {
        let (Some(c), Some(unit), Some(calendar)) =
            (counted.get(id), names.get(id), calendars.get(id))
        else {
            continue;
        };
        let step = |expected: i64, done: i64, on_time: i64, deadline| StepCompletion {
            expected: n(expected),
            done: n(done),
            on_time: n(on_time),
            deadline,
        };
        rows.push(CompletionRow {
            unit: UnitBrief::of(unit),
            evaluations: n(c.evaluations),
            self_assessed: step(
                c.evaluations,
                c.self_assessed,
                c.self_assessed_on_time,
                calendar.self_closes,
            ),
            reviewed: step(
                c.to_review,
                c.reviewed,
                c.reviewed_on_time,
                calendar.decision_closes,
            ),
            decided: step(
                c.evaluations,
                c.decided,
                c.decided_on_time,
                calendar.decision_closes,
            ),
            published: step(
                c.evaluations,
                c.published,
                c.published_on_time,
                calendar.publication_closes,
            ),
        });
    }
    Ok(CompletionStats {
        unit: UnitBrief::of(&root),
        period: key,
        rows,
    })
}

/// The month's completion as a list in the official layout (XLSX or PDF), stamped: one line per
/// publishing unit with each step done and done on time, and the publication deadline.
pub fn completion_list(
    conn: &mut PgConnection,
    caller: &Caller,
    unit_id: Uuid,
    period: domain::Period,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::services::exports::ListExport, ApiError> {
    use crate::exports::list_pdf::{Align, Column};
    use crate::exports::table::Cell;
    let answer = completion(conn, caller, unit_id, period)?;
    let count = |n: u32| Cell::Number(f64::from(n));
    let rows = (1u32..)
        .zip(&answer.rows)
        .map(|(number, row)| {
            let mut cells = vec![
                count(number),
                Cell::text(&row.unit.name),
                count(row.evaluations),
            ];
            for step in [
                &row.self_assessed,
                &row.reviewed,
                &row.decided,
                &row.published,
            ] {
                cells.push(Cell::text(format!("{}/{}", step.done, step.expected)));
                cells.push(count(step.on_time));
            }
            cells.push(Cell::text(
                row.published.deadline.format("%H:%M %d/%m/%Y").to_string(),
            ));
            cells
        })
        .collect();
    let number = |title| Column::new(title, 1.0, Align::Center);
    Ok(crate::services::exports::ListExport {
        issuer: answer.unit.name.clone(),
        title: format!(
            "TIẾN ĐỘ ĐÁNH GIÁ, XẾP LOẠI THÁNG {:02}/{}",
            period.month(),
            period.year()
        ),
        subtitle: vec![answer.unit.name.clone()],
        columns: vec![
            Column::new("STT", 0.5, Align::Center),
            Column::new("Đơn vị", 3.0, Align::Left),
            number("Số phiếu"),
            number("Đã tự đánh giá"),
            number("Tự đánh giá đúng hạn"),
            number("Đã nhận xét"),
            number("Nhận xét đúng hạn"),
            number("Đã quyết định"),
            number("Quyết định đúng hạn"),
            number("Đã công khai"),
            number("Công khai đúng hạn"),
            Column::new("Hạn công khai", 1.4, Align::Center),
        ],
        rows,
        closing: vec![
            "Số đã làm trên số phải làm; việc làm trong thời hạn được gia hạn riêng tính là đã làm, không tính là đúng hạn.".to_owned(),
        ],
        stamp: crate::services::exports::stamp(conn, caller, now)?,
        sheet: "Tiến độ".to_owned(),
        file_stem: format!("tien-do-{}-{period}", answer.unit.code),
        now,
    })
}
