//! Statistics from `rank_counts`, the published final ranks counted per month, publishing unit,
//! unit, post category and form (issue 11): a few rows per unit instead of every evaluation.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use crate::PersistenceError;

/// Recounts a publishing unit's month from its published evaluations (after a publication, or
/// a correction of a published evaluation), in the caller's transaction.
pub fn recount(
    conn: &mut PgConnection,
    period: &str,
    publishing_unit_id: Uuid,
) -> Result<(), PersistenceError> {
    diesel::sql_query("DELETE FROM rank_counts WHERE period = $1 AND publishing_unit_id = $2")
        .bind::<Text, _>(period)
        .bind::<SqlUuid, _>(publishing_unit_id)
        .execute(conn)?;
    diesel::sql_query(format!(
        "{COUNT_PUBLISHED} WHERE e.period = $1 AND e.publishing_unit_id = $2 AND {PUBLISHED} {GROUPED}"
    ))
    .bind::<Text, _>(period)
    .bind::<SqlUuid, _>(publishing_unit_id)
    .execute(conn)?;
    Ok(())
}

/// Recounts whole periods (the scheduler's nightly `stats` job: the counts are kept in step by
/// publication and corrections; this rebuilds them from the evaluations, in one transaction).
/// Returns the rows written.
pub fn rebuild(conn: &mut PgConnection, periods: &[String]) -> Result<usize, PersistenceError> {
    conn.transaction(|conn| {
        diesel::sql_query("DELETE FROM rank_counts WHERE period = ANY($1)")
            .bind::<diesel::sql_types::Array<Text>, _>(periods)
            .execute(conn)?;
        Ok(diesel::sql_query(format!(
            "{COUNT_PUBLISHED} WHERE e.period = ANY($1) AND {PUBLISHED} {GROUPED}"
        ))
        .bind::<diesel::sql_types::Array<Text>, _>(periods)
        .execute(conn)?)
    })
}

/// The published final ranks counted per month, publishing unit, unit, category and form.
const COUNT_PUBLISHED: &str = "INSERT INTO rank_counts \
     SELECT e.period, e.publishing_unit_id, e.unit_id, p.position_category, e.form_code, \
            e.rank_final, \
            count(*) FILTER (WHERE e.rank_by_points = 'A' AND e.rank_final = 'B' \
                               AND NOT ('knocked_out' = ANY (e.flags))), \
            count(*) \
     FROM evaluations e JOIN people p ON p.id = e.person_id";
const PUBLISHED: &str = "e.state = 'published' AND e.rank_final IS NOT NULL";
const GROUPED: &str = "GROUP BY 1, 2, 3, 4, 5, 6";

/// What the counts are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsGroup {
    /// The direct children of the root (each with its subtree); the root's own people have the
    /// empty key.
    ChildUnit,
    Period,
    Category,
    Form,
    Bloc,
    Level,
}

impl StatsGroup {
    fn key(self) -> &'static str {
        match self {
            StatsGroup::ChildUnit => {
                "CASE WHEN u.path = $1 THEN '' \
                 ELSE substring(u.path FROM char_length($1) + 1 FOR 36) END"
            }
            StatsGroup::Period => "c.period",
            StatsGroup::Category => "c.position_category",
            StatsGroup::Form => "c.form_code::text",
            StatsGroup::Bloc => "u.bloc",
            StatsGroup::Level => "u.level",
        }
    }
}

/// One cell: the people of a group with a rank.
#[derive(Debug, Clone, QueryableByName)]
pub struct RankCell {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = Text)]
    pub rank: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
    #[diesel(sql_type = BigInt)]
    pub qualified_a_ranked_b: i64,
}

/// Published final ranks of the people of the units under `root_path` (its own included), by
/// group and rank, over the periods from `from` to `to` (inclusive, `YYYY-MM`).
pub fn rank_cells(
    conn: &mut PgConnection,
    root_path: &str,
    group: StatsGroup,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<RankCell>, PersistenceError> {
    let query = format!(
        "SELECT {key} AS key, c.rank, sum(c.n)::bigint AS n, \
                sum(c.qualified_a_ranked_b)::bigint AS qualified_a_ranked_b \
         FROM rank_counts c JOIN units u ON u.id = c.unit_id \
         WHERE u.path LIKE $1 || '%' \
           AND ($2::text IS NULL OR c.period >= $2) AND ($3::text IS NULL OR c.period <= $3) \
         GROUP BY 1, 2 ORDER BY 1, 2",
        key = group.key()
    );
    Ok(diesel::sql_query(query)
        .bind::<Text, _>(root_path)
        .bind::<Nullable<Text>, _>(from)
        .bind::<Nullable<Text>, _>(to)
        .load(conn)?)
}

/// The publishing units under `root_path` (itself included) with evaluations in `period`, with
/// their paths (for their calendars).
pub fn publishing_units_in(
    conn: &mut PgConnection,
    root_path: &str,
    period: &str,
) -> Result<Vec<(Uuid, String)>, PersistenceError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
        #[diesel(sql_type = Text)]
        path: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT u.id, u.path FROM units u \
         WHERE u.path LIKE $1 || '%' \
           AND EXISTS (SELECT 1 FROM evaluations e \
                       WHERE e.publishing_unit_id = u.id AND e.period = $2) \
         ORDER BY u.path",
    )
    .bind::<Text, _>(root_path)
    .bind::<Text, _>(period)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id, r.path)).collect())
}

/// The deadlines of one publishing unit's month.
#[derive(Debug, Clone)]
pub struct Deadlines {
    pub unit_id: Uuid,
    pub self_closes: chrono::DateTime<chrono::Utc>,
    pub decision_closes: chrono::DateTime<chrono::Utc>,
    pub publication_closes: chrono::DateTime<chrono::Utc>,
}

/// How far a publishing unit's month got, and how much of it on time.
#[derive(Debug, Clone, QueryableByName)]
pub struct Completion {
    #[diesel(sql_type = SqlUuid)]
    pub unit_id: Uuid,
    #[diesel(sql_type = BigInt)]
    pub evaluations: i64,
    #[diesel(sql_type = BigInt)]
    pub self_assessed: i64,
    #[diesel(sql_type = BigInt)]
    pub self_assessed_on_time: i64,
    /// Evaluations with a reviewer.
    #[diesel(sql_type = BigInt)]
    pub to_review: i64,
    #[diesel(sql_type = BigInt)]
    pub reviewed: i64,
    #[diesel(sql_type = BigInt)]
    pub reviewed_on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub decided: i64,
    #[diesel(sql_type = BigInt)]
    pub decided_on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub published: i64,
    #[diesel(sql_type = BigInt)]
    pub published_on_time: i64,
}

/// Each step's count and on-time count for these publishing units' month, against each unit's
/// own deadlines (steps close at their instant, exclusive).
pub fn completion(
    conn: &mut PgConnection,
    period: &str,
    deadlines: &[Deadlines],
) -> Result<Vec<Completion>, PersistenceError> {
    use diesel::sql_types::{Array, Timestamptz};
    let ids: Vec<Uuid> = deadlines.iter().map(|d| d.unit_id).collect();
    let column = |f: fn(&Deadlines) -> chrono::DateTime<chrono::Utc>| -> Vec<_> {
        deadlines.iter().map(f).collect()
    };
    Ok(diesel::sql_query(
        "SELECT d.unit_id, count(e.id) AS evaluations, \
           count(e.self_submitted_at) AS self_assessed, \
           count(*) FILTER (WHERE e.self_submitted_at < d.self_closes) AS self_assessed_on_time, \
           count(e.reviewer_id) AS to_review, \
           count(e.reviewed_at) FILTER (WHERE e.reviewer_id IS NOT NULL) AS reviewed, \
           count(*) FILTER (WHERE e.reviewer_id IS NOT NULL AND e.reviewed_at < d.decision_closes) \
             AS reviewed_on_time, \
           count(e.decided_at) AS decided, \
           count(*) FILTER (WHERE e.decided_at < d.decision_closes) AS decided_on_time, \
           count(e.published_at) AS published, \
           count(*) FILTER (WHERE e.published_at < d.publication_closes) AS published_on_time \
         FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) \
              AS d(unit_id, self_closes, decision_closes, publication_closes) \
         JOIN evaluations e ON e.publishing_unit_id = d.unit_id AND e.period = $1 \
         GROUP BY d.unit_id",
    )
    .bind::<Text, _>(period)
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Array<Timestamptz>, _>(column(|d| d.self_closes))
    .bind::<Array<Timestamptz>, _>(column(|d| d.decision_closes))
    .bind::<Array<Timestamptz>, _>(column(|d| d.publication_closes))
    .load(conn)?)
}
