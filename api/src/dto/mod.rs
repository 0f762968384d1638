//! DTOs shared by several resources (and by `services`), and their vocabulary, spelled as API.md does. Each maps to its
//! domain type; rows store the same snake_case names.

pub mod evaluations;
pub mod people;
pub mod results;

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

/// A page of a keyset-paged list: `next_cursor` is given while more may follow.
pub fn next_cursor<T>(items: &[T], limit: i64, cursor_of: impl Fn(&T) -> String) -> Option<String> {
    if i64::try_from(items.len()).unwrap_or(i64::MAX) < limit {
        return None;
    }
    items.last().map(cursor_of)
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
