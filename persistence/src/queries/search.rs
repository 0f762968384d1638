//! Search across evaluations (`GET /search/evaluations`): any combination of filters, a sort and
//! keyset paging on (sort key, id). The sort keys are SQL expressions, so the cursor carries the
//! last row's key as text and the query compares the `(key, id)` pair with it.

use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use uuid::Uuid;

use super::org::{Visibility, escape_like, visible_units};
use crate::PersistenceError;
use crate::models::evaluations::Evaluation;
use crate::models::org::{Person, Unit};
use crate::schema::{evaluations, people, units};

/// Filters of an evaluation search; every field narrows, `None` or empty means any.
#[derive(Debug, Clone, Default)]
pub struct EvaluationSearch {
    /// People whose unit lies under this materialised path.
    pub within_path: Option<String>,
    /// First and last period (`YYYY-MM`), inclusive.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub states: Vec<String>,
    pub ranks_final: Vec<String>,
    pub ranks_by_points: Vec<String>,
    pub ranks_self: Vec<String>,
    pub position_categories: Vec<String>,
    pub form_codes: Vec<i16>,
    pub blocs: Vec<String>,
    pub levels: Vec<String>,
    /// Qualified for A by points, ranked B by the quota ("đủ điều kiện A, xếp B do chỉ tiêu").
    pub qualified_a_ranked_b: Option<bool>,
    pub knocked_out: Option<bool>,
    /// A step done after its deadline, under a personal extension (flag `extended`).
    pub late: Option<bool>,
    /// Part of the name, or the external id, case-insensitive.
    pub text: Option<String>,
    /// Only evaluations this person reviews or decides.
    pub evaluator: Option<Uuid>,
}

/// What a search is ordered by; every order ends with the evaluation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchSort {
    Period,
    Name,
    /// The decided total (none counts as -1).
    Total,
    UnitCode,
}

impl SearchSort {
    /// The key as text (what the cursor carries) and as the value compared.
    fn key_text(self) -> &'static str {
        match self {
            SearchSort::Period => "evaluations.period",
            SearchSort::Name => "lower(people.full_name)",
            SearchSort::Total => "COALESCE((evaluations.totals->>'decider')::numeric, -1)::text",
            SearchSort::UnitCode => "lower(units.code)",
        }
    }

    /// The key as it is ordered (numbers as numbers).
    fn key_ordered(self) -> &'static str {
        match self {
            SearchSort::Total => "COALESCE((evaluations.totals->>'decider')::numeric, -1)",
            other => other.key_text(),
        }
    }

    /// How the cursor's text is read back into the key's type.
    fn cast(self) -> &'static str {
        match self {
            SearchSort::Total => "::numeric",
            _ => "::text",
        }
    }
}

/// A sort and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOrder {
    pub by: SearchSort,
    pub descending: bool,
}

/// A page position: the last row's sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    pub key: String,
    pub id: Uuid,
}

/// One found evaluation with its person, their unit and the row's sort key.
pub type Found = (Evaluation, Person, Unit, String);

/// Evaluations matching the search, visible as far as SQL can tell (`narrow`, plus the caller's
/// own and those they review or decide), in order after `after`, at most `limit`. The caller
/// checks each row with the access policy.
pub fn evaluations(
    conn: &mut PgConnection,
    search: &EvaluationSearch,
    narrow: &Visibility,
    me: Option<Uuid>,
    page: Page<'_>,
) -> Result<Vec<Found>, PersistenceError> {
    let mut rows = Vec::new();
    scan(conn, search, narrow, me, page, &mut |row| {
        rows.push(row);
        Ok::<_, PersistenceError>(())
    })?;
    Ok(rows)
}

/// Every evaluation matching the search, in order, from one statement read row by row (an
/// export: memory stays flat, and the rows are not sorted again for every page).
pub fn each_evaluation<E: From<PersistenceError>>(
    conn: &mut PgConnection,
    search: &EvaluationSearch,
    narrow: &Visibility,
    me: Option<Uuid>,
    order: SearchOrder,
    each: &mut dyn FnMut(Found) -> Result<(), E>,
) -> Result<(), E> {
    let page = Page {
        order,
        after: None,
        limit: None,
    };
    scan(conn, search, narrow, me, page, each)
}

/// A sort, where to start and how many rows.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub order: SearchOrder,
    pub after: Option<&'a SearchKey>,
    pub limit: Option<i64>,
}

fn scan<E: From<PersistenceError>>(
    conn: &mut PgConnection,
    search: &EvaluationSearch,
    narrow: &Visibility,
    me: Option<Uuid>,
    page: Page<'_>,
    each: &mut dyn FnMut(Found) -> Result<(), E>,
) -> Result<(), E> {
    let Page {
        order,
        after,
        limit,
    } = page;
    let SearchOrder {
        by: sort,
        descending,
    } = order;
    let direction = if descending { "DESC" } else { "ASC" };
    let mut query = filtered(search, narrow, me)
        .select((
            Evaluation::as_select(),
            Person::as_select(),
            Unit::as_select(),
            sql::<Text>(sort.key_text()),
        ))
        .order_by(sql::<Text>(&format!(
            "{} {direction}, evaluations.id {direction}",
            sort.key_ordered()
        )));
    if let Some(limit) = limit {
        query = query.limit(limit);
    }
    if let Some(after) = after {
        let comparison = if descending { "<" } else { ">" };
        query = query.filter(
            sql::<Bool>(&format!(
                "({}, evaluations.id) {comparison} (",
                sort.key_ordered()
            ))
            .bind::<Text, _>(after.key.clone())
            .sql(&format!("{}, ", sort.cast()))
            .bind::<diesel::sql_types::Uuid, _>(after.id)
            .sql(")"),
        );
    }
    let rows = query
        .load_iter::<Found, diesel::pg::PgRowByRowLoadingMode>(conn)
        .map_err(PersistenceError::from)?;
    for row in rows {
        each(row.map_err(PersistenceError::from)?)?;
    }
    Ok(())
}

/// How many evaluations match the search, visible as far as SQL can tell (an upper bound of
/// what the access policy lets through: an export's progress).
pub fn count(
    conn: &mut PgConnection,
    search: &EvaluationSearch,
    narrow: &Visibility,
    me: Option<Uuid>,
) -> Result<i64, PersistenceError> {
    Ok(filtered(search, narrow, me)
        .select(diesel::dsl::count_star())
        .get_result(conn)?)
}

type Joined = diesel::dsl::InnerJoinOn<
    diesel::dsl::InnerJoinOn<
        evaluations::table,
        people::table,
        diesel::dsl::Eq<people::id, evaluations::person_id>,
    >,
    units::table,
    diesel::dsl::Eq<units::id, evaluations::unit_id>,
>;

/// Evaluations with their person and unit, narrowed by the search and the visibility.
fn filtered<'a>(
    search: &EvaluationSearch,
    narrow: &Visibility,
    me: Option<Uuid>,
) -> diesel::dsl::IntoBoxed<'a, Joined, Pg> {
    let mut query = evaluations::table
        .inner_join(people::table.on(people::id.eq(evaluations::person_id)))
        .inner_join(units::table.on(units::id.eq(evaluations::unit_id)))
        .into_boxed::<Pg>();
    if !narrow.everything {
        let unit_ids = units::table
            .filter(visible_units(narrow))
            .select(units::id)
            .into_boxed::<Pg>();
        let me = me.unwrap_or(Uuid::nil());
        query = query.filter(
            evaluations::unit_id
                .eq_any(unit_ids)
                .or(evaluations::person_id.eq(me))
                .or(evaluations::reviewer_id.eq(me))
                .or(evaluations::decider_id.eq(me)),
        );
    }
    if let Some(path) = &search.within_path {
        query = query.filter(units::path.like(format!("{}%", escape_like(path))));
    }
    if let Some(from) = &search.period_from {
        query = query.filter(evaluations::period.ge(from.clone()));
    }
    if let Some(to) = &search.period_to {
        query = query.filter(evaluations::period.le(to.clone()));
    }
    if !search.states.is_empty() {
        query = query.filter(evaluations::state.eq_any(search.states.clone()));
    }
    if !search.ranks_final.is_empty() {
        query = query.filter(evaluations::rank_final.eq_any(search.ranks_final.clone()));
    }
    if !search.ranks_by_points.is_empty() {
        query = query.filter(evaluations::rank_by_points.eq_any(search.ranks_by_points.clone()));
    }
    if !search.ranks_self.is_empty() {
        query = query.filter(evaluations::rank_self.eq_any(search.ranks_self.clone()));
    }
    if !search.position_categories.is_empty() {
        query = query.filter(people::position_category.eq_any(search.position_categories.clone()));
    }
    if !search.form_codes.is_empty() {
        query = query.filter(evaluations::form_code.eq_any(search.form_codes.clone()));
    }
    if !search.blocs.is_empty() {
        query = query.filter(units::bloc.eq_any(search.blocs.clone()));
    }
    if !search.levels.is_empty() {
        query = query.filter(units::level.eq_any(search.levels.clone()));
    }
    if let Some(wanted) = search.qualified_a_ranked_b {
        let condition = "(evaluations.rank_by_points = 'A' AND evaluations.rank_final = 'B' \
             AND NOT ('knocked_out' = ANY(evaluations.flags)))";
        query = query.filter(sql::<Bool>(&negated(condition, wanted)));
    }
    if let Some(wanted) = search.knocked_out {
        query = query.filter(sql::<Bool>(&negated(
            "('knocked_out' = ANY(evaluations.flags))",
            wanted,
        )));
    }
    if let Some(wanted) = search.late {
        query = query.filter(sql::<Bool>(&negated(
            "('extended' = ANY(evaluations.flags))",
            wanted,
        )));
    }
    if let Some(text) = &search.text {
        let pattern = format!("%{}%", escape_like(text));
        query = query.filter(
            people::full_name
                .ilike(pattern)
                .or(people::external_id.ilike(escape_like(text))),
        );
    }
    if let Some(evaluator) = search.evaluator {
        query = query.filter(
            evaluations::reviewer_id
                .eq(evaluator)
                .or(evaluations::decider_id.eq(evaluator)),
        );
    }
    query
}

/// A condition, or its negation (rows where it is not true, NULLs included).
fn negated(condition: &str, wanted: bool) -> String {
    if wanted {
        condition.to_owned()
    } else {
        format!("({condition}) IS NOT TRUE")
    }
}
