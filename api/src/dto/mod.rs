//! DTOs shared by several resources (and by `services`), and their vocabulary, spelled as API.md does. Each maps to its
//! domain type; rows store the same snake_case names.

pub mod evaluations;
pub mod exports;
pub mod people;
pub mod results;
pub mod search;
pub mod stats;
pub mod yearly;

use persistence::PersistenceError;
use persistence::convert::parse_enum;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    City,
    Agency,
    District,
    Commune,
    Department,
}

/// Political-system bloc ("khối").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bloc {
    Party,
    Government,
    Elected,
    Front,
}

/// Category of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PositionCategory {
    Head,
    Deputy,
    Staff,
    Contract,
}

/// The stored (and API) name of one of these values.
pub fn name<T: Serialize>(value: T) -> String {
    persistence::convert::enum_name(&value)
}

/// Reads a stored name into one of these values.
pub fn parse<T: serde::de::DeserializeOwned>(stored: &str) -> Result<T, PersistenceError> {
    parse_enum(stored)
}

/// Page size: 50 by default, at most 500.
pub fn page_limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, 500)
}

/// The decision handing a unit admin account to a new holder (Điều 7.5: "phải được thực hiện
/// bằng quyết định của cấp có thẩm quyền"), like the one granting it.
pub fn handover_decision(
    number: Option<&str>,
    date: Option<chrono::NaiveDate>,
) -> Result<(&str, chrono::NaiveDate), crate::error::ApiError> {
    match (number.map(str::trim).filter(|n| !n.is_empty()), date) {
        (Some(number), Some(date)) => Ok((number, date)),
        _ => Err(crate::error::ApiError::field(
            "decision_number",
            "decision_required",
            "Giao tài khoản quản trị đơn vị cho người khác phải có quyết định (số và ngày).",
            "Handing a unit admin account to another holder needs a decision (number and date).",
        )),
    }
}

/// One page of a keyset-paged list whose rows the access policy checks after the query.
///
/// `fetch(conn, after, n)` loads up to `n` rows after the key `after`, in key order; `keep`
/// says whether the caller may see a row. Batches are fetched until `limit` rows are kept and
/// one more visible row shows that more follow, or the rows run out. The cursor returned is the
/// key of the last row *returned*, never of a row the policy hid, and is given only while more
/// visible rows follow.
pub fn keyset_page<T, K, E, F>(
    conn: &mut diesel::PgConnection,
    limit: i64,
    start: Option<K>,
    mut fetch: impl FnMut(&mut diesel::PgConnection, Option<&K>, i64) -> Result<Vec<T>, F>,
    key_of: impl Fn(&T) -> K,
    mut keep: impl FnMut(&mut diesel::PgConnection, &T) -> Result<bool, E>,
) -> Result<(Vec<T>, Option<K>), E>
where
    E: From<F>,
{
    let wanted = usize::try_from(limit).unwrap_or(0);
    // One row more than a page: when the query and the policy agree, one query decides.
    let batch = limit.saturating_add(1).max(20);
    let batch_len = usize::try_from(batch).unwrap_or(usize::MAX);
    let mut kept: Vec<T> = Vec::new();
    let mut after = start;
    loop {
        let rows = fetch(conn, after.as_ref(), batch)?;
        let exhausted = rows.len() < batch_len;
        for row in rows {
            after = Some(key_of(&row));
            if keep(conn, &row)? {
                if kept.len() >= wanted {
                    let next = kept.last().map(&key_of);
                    return Ok((kept, next));
                }
                kept.push(row);
            }
        }
        if exhausted {
            return Ok((kept, None));
        }
    }
}
