//! Alerts (Điều 5.4), run by the scheduler: the reminders due at an instant, from each
//! publishing unit's calendar and each evaluation's state (`domain::alerts`), gathered per
//! person, cause and level into one notification each ("3 phiếu chờ đồng chí nhận xét"), and
//! delivered once: in the app, and by e-mail to those who want it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use diesel::PgConnection;
use domain::Period;
use domain::alerts::{self, Alert, Cause, EvaluationFacts, Recipient};
use domain::calendar::{HANOI, PeriodCalendar};
use persistence::queries::alerts as store;
use persistence::queries::notifications::{self, NewNotification};
use uuid::Uuid;

use crate::error::ApiError;

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlertRun {
    /// Evaluations not yet published that were looked at.
    pub evaluations: usize,
    /// Notifications due (new or sent before).
    pub due: usize,
    /// Notifications created now.
    pub created: usize,
}

/// One notification being gathered: how many items it covers, the earliest deadline, the unit.
struct Gathered {
    items: usize,
    deadline: DateTime<FixedOffset>,
    unit_id: Uuid,
}

/// Computes and delivers the alerts due at `rules_now` (the instant the calendar rules see) for
/// the current month and the one before, and those of accounts expiring after `now` (accounts
/// expire in real time).
pub fn run(
    conn: &mut PgConnection,
    rules_now: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<AlertRun, ApiError> {
    let local = rules_now.with_timezone(&HANOI);
    let current = Period::containing(local.date_naive())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("period of {local}: {e}")))?;
    let mut run = AlertRun::default();
    let mut rows = Vec::new();
    for period in [current.previous(), current] {
        let (evaluations, gathered) = period_alerts(conn, period, local)?;
        run.evaluations += evaluations;
        for ((person, cause, level), g) in gathered {
            rows.push(notification(person, cause, level, period, &g, now));
        }
    }
    for (person, username, valid_until) in
        store::expiring_accounts(conn, now, now + alerts::ACCOUNT_EXPIRY_NOTICE)?
    {
        let until = valid_until.with_timezone(&HANOI);
        if alerts::for_account(until, now.with_timezone(&HANOI)).is_some() {
            rows.push(NewNotification {
                person_id: person,
                cause: "account_expiring".to_owned(),
                period: until.date_naive().to_string(),
                level: 0,
                unit_id: None,
                title: "Tài khoản sắp hết hạn".to_owned(),
                body: format!(
                    "Tài khoản {username} hết hạn sử dụng lúc {}. Đề nghị đồng chí liên hệ quản trị đơn vị để gia hạn nếu còn cần dùng.",
                    until.format("%H:%M ngày %d/%m/%Y")
                ),
                link: None,
                created_at: now,
            });
        }
    }
    run.due = rows.len();
    run.created = notifications::deliver(conn, &rows, now)?;
    Ok(run)
}

type Key = (Uuid, Cause, u8);

/// The alerts of one period, gathered per recipient, cause and level.
fn period_alerts(
    conn: &mut PgConnection,
    period: Period,
    now: DateTime<FixedOffset>,
) -> Result<(usize, BTreeMap<Key, Gathered>), ApiError> {
    let facts = store::facts(conn, &period.to_string())?;
    if facts.is_empty() {
        return Ok((0, BTreeMap::new()));
    }
    let overrides = persistence::queries::rules::period_overrides(conn, period)?;
    let mut calendars: HashMap<Uuid, PeriodCalendar> = HashMap::new();
    for row in &facts {
        if let std::collections::hash_map::Entry::Vacant(slot) =
            calendars.entry(row.publishing_unit_id)
        {
            let chain: Vec<domain::UnitId> = persistence::convert::path_ids(&row.unit_path)?
                .into_iter()
                .map(domain::UnitId)
                .collect();
            slot.insert(domain::calendar::resolve(period, &overrides, &chain));
        }
    }
    let units: Vec<Uuid> = calendars.keys().copied().collect();
    let heads: HashMap<Uuid, Uuid> = store::heads(conn, &units, now.date_naive())?
        .into_iter()
        .collect();
    // A unit may have several administrators: each is told.
    let mut admins: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (unit, person) in store::admins(conn, &units)? {
        admins.entry(unit).or_default().push(person);
    }
    let admins_of = |unit: &Uuid| admins.get(unit).cloned().unwrap_or_default();

    let mut gathered: BTreeMap<Key, Gathered> = BTreeMap::new();
    let mut add = |person: Option<Uuid>, alert: Alert, unit_id: Uuid, items: usize| {
        let Some(person) = person else { return };
        let entry = gathered
            .entry((person, alert.cause, alert.level))
            .or_insert(Gathered {
                items: 0,
                deadline: alert.deadline,
                unit_id,
            });
        entry.items += items;
        entry.deadline = entry.deadline.min(alert.deadline);
    };
    let mut unpublished: HashMap<Uuid, usize> = HashMap::new();
    for row in &facts {
        let unit = row.publishing_unit_id;
        *unpublished.entry(unit).or_default() += 1;
        let Ok(state) = persistence::convert::parse_enum(&row.state) else {
            continue;
        };
        let due = alerts::for_evaluation(
            &calendars[&unit],
            now,
            EvaluationFacts {
                state,
                has_reviewer: row.reviewer_id.is_some(),
                has_plan: row.has_plan,
                self_extended_until: row.self_extended_until.map(|u| u.with_timezone(&HANOI)),
            },
        );
        for alert in due {
            let people = match alert.recipient {
                Recipient::Person => vec![row.person_id],
                Recipient::Reviewer => row.reviewer_id.into_iter().collect(),
                Recipient::Decider => row.decider_id.into_iter().collect(),
                Recipient::UnitHead => heads.get(&unit).copied().into_iter().collect(),
                Recipient::UnitAdmin => admins_of(&unit),
            };
            for person in people {
                add(Some(person), alert, unit, 1);
            }
        }
    }
    let with_decisions: std::collections::HashSet<Uuid> = facts
        .iter()
        .filter(|row| row.state == "decided")
        .map(|row| row.publishing_unit_id)
        .collect();
    for (unit, waiting) in unpublished {
        for alert in alerts::for_unpublished_unit(&calendars[&unit], now) {
            let people = match alert.recipient {
                Recipient::UnitAdmin => admins_of(&unit),
                _ => heads.get(&unit).copied().into_iter().collect(),
            };
            for person in people {
                add(Some(person), alert, unit, waiting);
            }
        }
        // Only units with decisions can be over quota; their month is summed as publication
        // would check it.
        let head = heads.get(&unit).copied();
        if let Some(alert) = alerts::for_group_over_quota(&calendars[&unit], now)
            && let Some(head) = head
            && with_decisions.contains(&unit)
            // Summing a unit's month is the costly part of a run: not again once told.
            && !notifications::exists(
                conn,
                head,
                &cause_name(Cause::GroupOverQuota),
                &period.to_string(),
                0,
            )?
        {
            let record = persistence::queries::org::unit(conn, unit)?;
            let month = crate::services::results::unit_month(conn, &record, period)?;
            let over = month.groups.iter().filter(|g| g.quota.over_quota).count();
            if over > 0 {
                add(Some(head), alert, unit, over);
            }
        }
    }
    Ok((facts.len(), gathered))
}

/// The stored name of a cause.
pub fn cause_name(cause: Cause) -> String {
    serde_json::to_value(cause)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The notification's Vietnamese title, text and link.
fn notification(
    person: Uuid,
    cause: Cause,
    level: u8,
    period: Period,
    g: &Gathered,
    now: DateTime<Utc>,
) -> NewNotification {
    let month = format!("{:02}/{}", period.month(), period.year());
    let deadline = g.deadline.format("%H:%M ngày %d/%m/%Y");
    let n = g.items;
    let late = if level > 0 { " (đã quá hạn)" } else { "" };
    let (title, body, link) = match cause {
        Cause::PlanMissing => (
            format!("Chưa nhập kế hoạch công tác tháng {month}"),
            format!(
                "Đồng chí chưa nhập kế hoạch công tác tháng {month}; hạn nhập đã hết lúc {deadline}. Kế hoạch là căn cứ để tự đánh giá cuối tháng."
            ),
            format!("/cong-viec/{period}"),
        ),
        Cause::SelfWindowOpen => (
            format!("Đã mở tự đánh giá tháng {month}"),
            format!("Đồng chí tự đánh giá, chấm điểm tháng {month} trước {deadline}."),
            format!("/danh-gia/{period}"),
        ),
        Cause::SelfClosingSoon => (
            format!("Sắp hết hạn tự đánh giá tháng {month}"),
            format!("Đồng chí chưa gửi phiếu tự đánh giá tháng {month}; hạn gửi là {deadline}."),
            format!("/danh-gia/{period}"),
        ),
        Cause::SelfMissed if level == 0 => (
            format!("Đã hết hạn tự đánh giá tháng {month}"),
            format!(
                "Phiếu tự đánh giá tháng {month} của đồng chí chưa được gửi trước {deadline}. Cấp có thẩm quyền vẫn xếp loại đồng chí; nếu có lý do chính đáng, đề nghị gia hạn với quản trị đơn vị."
            ),
            format!("/danh-gia/{period}"),
        ),
        Cause::SelfMissed => (
            format!("{n} người chưa tự đánh giá tháng {month}"),
            format!(
                "{n} người do đồng chí xếp loại chưa gửi phiếu tự đánh giá tháng {month} trước {deadline}. Đồng chí vẫn xếp loại được cho họ."
            ),
            "/xu-ly".to_owned(),
        ),
        Cause::ReviewWaiting => (
            format!("{n} phiếu tháng {month} chờ nhận xét{late}"),
            if level == 0 {
                format!(
                    "{n} phiếu tự đánh giá tháng {month} đang chờ đồng chí nhận xét, đánh giá; hạn là {deadline}."
                )
            } else {
                format!(
                    "{n} phiếu tự đánh giá tháng {month} đã quá hạn nhận xét ({deadline}) mà người nhận xét chưa làm. Đề nghị đồng chí đôn đốc hoặc xử lý."
                )
            },
            "/xu-ly".to_owned(),
        ),
        Cause::DecisionWaiting => (
            format!("{n} phiếu tháng {month} chờ xếp loại{late}"),
            if level == 0 {
                format!(
                    "{n} phiếu tháng {month} đang chờ đồng chí quyết định xếp loại; hạn là {deadline}."
                )
            } else {
                format!(
                    "{n} phiếu tháng {month} đã quá hạn quyết định xếp loại ({deadline}) mà chưa được xếp loại. Đề nghị đồng chí đôn đốc hoặc xử lý."
                )
            },
            "/xu-ly".to_owned(),
        ),
        Cause::UnitUnpublished => (
            format!("Đơn vị chưa công khai kết quả tháng {month}{late}"),
            format!(
                "Đơn vị còn {n} phiếu tháng {month} chưa công khai; hạn công khai là {deadline}."
            ),
            format!("/don-vi/{}/tong-hop/{period}", g.unit_id),
        ),
        Cause::GroupOverQuota => (
            format!("{n} nhóm vượt chỉ tiêu loại A tháng {month}"),
            format!(
                "{n} nhóm đối tượng của đơn vị có số người xếp loại A vượt chỉ tiêu tháng {month}. Đơn vị chỉ công khai được sau khi điều chỉnh; hạn công khai là {deadline}."
            ),
            format!("/don-vi/{}/tong-hop/{period}", g.unit_id),
        ),
        Cause::AccountExpiring => (
            "Tài khoản sắp hết hạn".to_owned(),
            format!("Tài khoản của đồng chí hết hạn lúc {deadline}."),
            "/".to_owned(),
        ),
    };
    NewNotification {
        person_id: person,
        cause: cause_name(cause),
        period: period.to_string(),
        level: i16::from(level),
        unit_id: Some(g.unit_id),
        title,
        body,
        link: Some(link),
        created_at: now,
    }
}
