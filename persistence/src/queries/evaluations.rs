//! Evaluations, their events and revisions, publications, commendations, quota group names and
//! idempotency keys.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::accounts::Account;
use crate::models::evaluations::{Evaluation, EvaluationChanges, MonthLine, NewEvaluation};
use crate::models::org::Person;
use crate::models::sessions::Session;
use crate::prepared::kept;
use crate::queries::audit::AuditActor;
use crate::queries::sessions::AccessState;
use crate::schema::{
    accounts, commendations, evaluation_events, evaluation_revisions, evaluations, org_version,
    people, publications, quota_group_forms, sessions, units,
};

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<Evaluation, PersistenceError> {
    Ok(evaluations::table
        .find(id)
        .select(Evaluation::as_select())
        .first(conn)?)
}

pub fn find_for_update(conn: &mut PgConnection, id: Uuid) -> Result<Evaluation, PersistenceError> {
    Ok(evaluations::table
        .find(id)
        .select(Evaluation::as_select())
        .for_update()
        .first(conn)?)
}

pub fn of_person(
    conn: &mut PgConnection,
    person_id: Uuid,
    period: &str,
) -> Result<Option<Evaluation>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::person_id.eq(person_id))
        .filter(evaluations::period.eq(period))
        .select(Evaluation::as_select())
        .first(conn)
        .optional()?)
}

/// An evaluation with its history, oldest first.
pub type WithHistory = (Evaluation, Vec<EventRow>);

/// [`find`] with the evaluation's history, oldest first (a read of an evaluation always shows
/// it), together with the [`AccessState`] of `account_id`'s session `session_id` (`None` when
/// the session does not exist), in one statement: reading an evaluation is the most frequent
/// request, and its caller's session is checked on every request (issue 13: one round trip
/// instead of three). `None` when the evaluation does not exist.
pub fn find_with_history_for(
    conn: &mut PgConnection,
    id: Uuid,
    account_id: Uuid,
    session_id: Uuid,
) -> Result<Option<(WithHistory, Option<AccessState>)>, PersistenceError> {
    let found = with_access_state(account_id, session_id)
        .filter(evaluations::id.eq(id))
        .select(row_with_access_state())
        .get_result(conn)
        .optional()?;
    found.map(with_history_and_access).transpose()
}

/// [`of_person`] for the person of `account_id`, with its history and [`AccessState`] as
/// [`find_with_history_for`] reads them: a person's own evaluation of the month. `None` when the
/// session does not exist, the account has no person, or the month is not open for them yet.
pub fn of_account_with_history_for(
    conn: &mut PgConnection,
    account_id: Uuid,
    session_id: Uuid,
    period: &str,
) -> Result<Option<(WithHistory, Option<AccessState>)>, PersistenceError> {
    // The account as joined: no session, no row (and the caller is then read alone).
    let found = with_access_state(account_id, session_id)
        .filter(evaluations::person_id.nullable().eq(accounts::person_id))
        .filter(evaluations::period.eq(period))
        .select(row_with_access_state())
        .get_result(conn)
        .optional()?;
    found.map(with_history_and_access).transpose()
}

/// How a workflow step reads its evaluation ([`find_for_step_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRead {
    /// Locked until the transaction ends: for a step that writes more than the evaluation (a
    /// decision's webhooks, a correction's revision and quota), all of it against one state.
    Locked,
    /// As it stands, in a statement of its own: for a step whose one write
    /// ([`update_with_event`]) applies only if the version read has not moved, so the step
    /// needs neither a lock nor a transaction (two round trips fewer than `BEGIN`, the lock and
    /// `COMMIT`). Sound only while every write to `evaluations` raises `version` (steps,
    /// [`publish_all`], [`move_to`] do): a write that did not would be overwritten unseen.
    AsItStands,
}

/// [`find`] with the statuses of its month's plan items (what the scores' completion share is
/// computed from; read as the statement starts, before a lock's wait: a plan edit committed
/// during that wait is not seen, as plan edits never lock the evaluation) and the
/// [`AccessState`] of `account_id`'s session `session_id`, as [`find_with_history_for`] reads
/// it: a workflow step reads what it needs in one round trip. [`StepRead::Locked`] locks only
/// the evaluation's row, not the caller's session or account (a leader's steps on many
/// evaluations at once do not wait for each other).
#[allow(clippy::type_complexity)]
pub fn find_for_step_for(
    conn: &mut PgConnection,
    id: Uuid,
    account_id: Uuid,
    session_id: Uuid,
    read: StepRead,
) -> Result<Option<(Evaluation, Vec<String>, Option<AccessState>)>, PersistenceError> {
    type Row = (
        Evaluation,
        Vec<String>,
        Option<Account>,
        Option<Session>,
        Option<i64>,
    );
    let query = with_access_state(account_id, session_id)
        .filter(evaluations::id.eq(id))
        .select((
            Evaluation::as_select(),
            PlanStatusesOfRow,
            Option::<Account>::as_select(),
            Option::<Session>::as_select(),
            org_version::table
                .select(org_version::version)
                .single_value(),
        ));
    let found = match read {
        StepRead::Locked => LockEvaluation(query).get_result::<Row>(conn),
        StepRead::AsItStands => query.get_result::<Row>(conn),
    }
    .optional()?;
    found
        .map(|(evaluation, plan, account, session, version)| {
            Ok((evaluation, plan, access_state(account, session, version)?))
        })
        .transpose()
}

/// The statuses of the plan items of the `evaluations` row's person and month, as
/// [`HistoryOfRow`] is its history (a type of its own: its text never varies).
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct PlanStatusesOfRow;

impl Expression for PlanStatusesOfRow {
    type SqlType = diesel::sql_types::Array<diesel::sql_types::Text>;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for PlanStatusesOfRow {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql(
            "ARRAY(SELECT p.status FROM plan_items p \
             WHERE p.person_id = evaluations.person_id AND p.period = evaluations.period)",
        );
        Ok(())
    }
}

impl<QS> AppearsOnTable<QS> for PlanStatusesOfRow {}
impl<QS> SelectableExpression<QS> for PlanStatusesOfRow {}
impl<GB> diesel::expression::ValidGrouping<GB> for PlanStatusesOfRow {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

/// `query FOR UPDATE OF evaluations`. Written here because diesel's `for_update()` has no `OF`:
/// it would lock the joined session and account too, and PostgreSQL refuses to lock the
/// nullable side of a `LEFT JOIN`.
#[derive(Debug, Clone, Copy)]
struct LockEvaluation<Q>(Q);

impl<Q: diesel::query_builder::QueryFragment<diesel::pg::Pg>>
    diesel::query_builder::QueryFragment<diesel::pg::Pg> for LockEvaluation<Q>
{
    fn walk_ast<'b>(
        &'b self,
        mut pass: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        self.0.walk_ast(pass.reborrow())?;
        pass.push_sql(" FOR UPDATE OF \"evaluations\"");
        Ok(())
    }
}

impl<Q: diesel::query_builder::Query> diesel::query_builder::Query for LockEvaluation<Q> {
    type SqlType = Q::SqlType;
}

// The inner statement's id: kept prepared and found by type, as diesel's own `for_update()`.
impl<Q: diesel::query_builder::QueryId> diesel::query_builder::QueryId for LockEvaluation<Q> {
    type QueryId = LockEvaluation<Q::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = Q::HAS_STATIC_QUERY_ID;
}

impl<Q, Conn> RunQueryDsl<Conn> for LockEvaluation<Q> {}

/// `evaluations` with, on every row, the account and session an access token names (or
/// NULLs): the FROM of [`find_with_history_for`].
#[diesel::dsl::auto_type]
fn with_access_state(account_id: Uuid, session_id: Uuid) -> _ {
    let session_named = sessions::id
        .eq(session_id)
        .and(sessions::account_id.eq(account_id));
    let account_of_session = accounts::id.eq(sessions::account_id);
    evaluations::table
        .left_join(sessions::table.on(session_named))
        .left_join(accounts::table.on(account_of_session))
}

/// What [`find_with_history_for`] selects from [`with_access_state`].
#[allow(clippy::type_complexity)]
fn row_with_access_state() -> (
    diesel::dsl::AsSelect<Evaluation, diesel::pg::Pg>,
    HistoryOfRow,
    diesel::dsl::AsSelect<Option<Account>, diesel::pg::Pg>,
    diesel::dsl::AsSelect<Option<Session>, diesel::pg::Pg>,
    diesel::dsl::SingleValue<diesel::dsl::Select<org_version::table, org_version::version>>,
) {
    (
        Evaluation::as_select(),
        history_of_row(),
        Option::<Account>::as_select(),
        Option::<Session>::as_select(),
        org_version::table
            .select(org_version::version)
            .single_value(),
    )
}

/// One row of [`row_with_access_state`], its history decoded and its access state whole or
/// `None`.
#[allow(clippy::type_complexity)]
fn with_history_and_access(
    (evaluation, history, account, session, version): (
        Evaluation,
        Vec<EventTuple>,
        Option<Account>,
        Option<Session>,
        Option<i64>,
    ),
) -> Result<(WithHistory, Option<AccessState>), PersistenceError> {
    Ok((
        (evaluation, history_from(history)?),
        access_state(account, session, version)?,
    ))
}

/// The [`AccessState`] a LEFT JOIN read: `None` when the session does not exist.
fn access_state(
    account: Option<Account>,
    session: Option<Session>,
    version: Option<i64>,
) -> Result<Option<AccessState>, PersistenceError> {
    let (Some(account), Some(session)) = (account, session) else {
        return Ok(None);
    };
    let version =
        version.ok_or_else(|| PersistenceError::Corrupt("org_version has no row".to_owned()))?;
    Ok(Some((account, session, version)))
}

/// The columns of [`EventRow`], in its order, as SQL types.
type EventFields = (
    diesel::sql_types::Int8,
    diesel::sql_types::Uuid,
    diesel::sql_types::Timestamptz,
    diesel::sql_types::Nullable<diesel::sql_types::Uuid>,
    diesel::sql_types::Text,
    diesel::sql_types::Text,
    diesel::sql_types::Text,
    diesel::sql_types::Text,
    diesel::sql_types::Nullable<diesel::sql_types::Text>,
    diesel::sql_types::Int4,
);

/// An evaluation's history as an array of records, one per event in [`EVENT_COLUMNS`]' order,
/// rather than one more statement or a `jsonb_agg`: PostgreSQL sends records in binary, which
/// costs it less than building JSON, and the API nothing to parse (pgbench on the city: 25–35%
/// more reads a second than two statements, docs/benchmarks.md).
type HistorySql = diesel::sql_types::Array<diesel::pg::sql_types::Record<EventFields>>;

/// One event as [`HistorySql`] reads it.
type EventTuple = <EventRow as Queryable<EventFields, diesel::pg::Pg>>::Row;

/// The events of a [`HistorySql`] array.
fn history_from(records: Vec<EventTuple>) -> Result<Vec<EventRow>, PersistenceError> {
    records
        .into_iter()
        .map(|record| {
            <EventRow as Queryable<EventFields, diesel::pg::Pg>>::build(record)
                .map_err(|e| PersistenceError::Corrupt(format!("evaluation history: {e}")))
        })
        .collect()
}

/// The history of the `evaluations` row a statement reads, as [`HistorySql`].
fn history_of_row() -> HistoryOfRow {
    HistoryOfRow
}

/// [`history_of_row`]'s expression. A type of its own rather than `dsl::sql`: its text never
/// varies, so the statements that select it have a static id, and diesel finds them in its
/// statement cache by type. An SQL literal would make diesel build each statement's whole text
/// at every call to look it up (issue 13: 5% of the API's CPU in a step, `construct_sql`).
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct HistoryOfRow;

impl Expression for HistoryOfRow {
    type SqlType = HistorySql;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for HistoryOfRow {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql("ARRAY(SELECT h FROM (SELECT ");
        out.push_sql(EVENT_COLUMNS);
        out.push_sql(
            " FROM evaluation_events WHERE evaluation_id = evaluations.id) h ORDER BY h.id)",
        );
        Ok(())
    }
}

// It names `evaluations.id`: it appears on (and is selected from) whatever reads evaluations.
impl<QS> AppearsOnTable<QS> for HistoryOfRow {}
impl<QS> SelectableExpression<QS> for HistoryOfRow {}
impl<GB> diesel::expression::ValidGrouping<GB> for HistoryOfRow {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

/// Creates the evaluation unless it exists (two first reads at once create one); returns it.
pub fn create(
    conn: &mut PgConnection,
    new: &NewEvaluation<'_>,
) -> Result<Evaluation, PersistenceError> {
    diesel::insert_into(evaluations::table)
        .values(new)
        .on_conflict((evaluations::person_id, evaluations::period))
        .do_nothing()
        .execute(conn)?;
    of_person(conn, new.person_id, new.period)?.ok_or(PersistenceError::NotFound)
}

/// A workflow step as its history records it; the state it leads to and the revision are the
/// written row's (see [`update_with_event`]).
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub at: DateTime<Utc>,
    pub account_id: Option<Uuid>,
    pub transition: &'a str,
    pub from_state: &'a str,
    pub acted_as: &'a str,
    pub reason: Option<&'a str>,
    pub audit: StepAudit<'a>,
}

/// The audit trail's entry of a step, appended to `audit_pending` by the step's own statement
/// ([`update_with_event`]; linked into the trail once committed, as [`super::audit::append`]'s):
/// who, the action, and the unit it is filed under. Its `before` and `after` are the evaluation's
/// brief before and after the step: state, version, revision, totals, final rank, and the
/// step's reason.
#[derive(Debug, Clone, Copy)]
pub struct StepAudit<'a> {
    actor: &'a AuditActor,
    action: &'a str,
    unit_id: Uuid,
    chain: i16,
}

impl<'a> StepAudit<'a> {
    pub fn new(actor: &'a AuditActor, action: &'a str, unit_id: Uuid) -> Self {
        StepAudit {
            actor,
            action,
            unit_id,
            chain: super::audit::chain_of(actor),
        }
    }
}

/// Writes changes if the stored version is still `expected_version`, with the step's history
/// event and audit entry, and returns the evaluation with its whole history, oldest first;
/// `None` (and no event, no entry) when the version moved on. The entry's `before` is the row as
/// this statement found it: at `expected_version`, the row the step checked, whether it read it
/// locked or as it stood ([`find_for_step_for`]). One statement, so it commits whole even
/// outside a transaction.
///
/// One statement, not four (update, event, audit entry, history): a save or a decision is a
/// handful of round trips, and a locked step pays each with the row locked (docs/benchmarks.md).
pub fn update_with_event(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    changes: &EvaluationChanges,
    step: &Step<'_>,
) -> Result<Option<(Evaluation, Vec<EventRow>)>, PersistenceError> {
    let written: Option<(Evaluation, Vec<EventTuple>)> =
        write_with_event(id, expected_version, changes, step)
            .get_result(conn)
            .optional()?;
    written
        .map(|(evaluation, history)| Ok((evaluation, history_from(history)?)))
        .transpose()
}

/// The statement of [`update_with_event`], the only maker of a [`WriteWithEvent`] (a function
/// of its own so that a test reads its text).
fn write_with_event<'a>(
    id: Uuid,
    expected_version: i32,
    changes: &'a EvaluationChanges,
    step: &'a Step<'a>,
) -> WriteWithEvent<
    'a,
    impl diesel::query_builder::QueryFragment<diesel::pg::Pg>
    + diesel::query_builder::Query<
        SqlType = diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<Evaluation, diesel::pg::Pg>>,
    >,
> {
    let update = diesel::update(
        evaluations::table
            .find(id)
            .filter(evaluations::version.eq(expected_version)),
    )
    .set((
        changes,
        evaluations::version.eq(expected_version + 1),
        evaluations::updated_at.eq(step.at),
    ))
    .returning(Evaluation::as_returning());
    WriteWithEvent { update, step }
}

/// `WITH updated AS (update), event AS (INSERT … SELECT … FROM updated), audit AS (INSERT INTO
/// audit_pending … SELECT … FROM updated JOIN evaluations found …) SELECT updated.*, history FROM
/// updated`: the event and the entry are written only when the update was (the event's state and
/// revision the row's; the entry's `before` the row as the statement found it, its `after` the
/// updated row), and the history comes back as records ([`HistorySql`]), the events stored before
/// the statement and the one it inserts (a statement does not see its own CTE's rows in the
/// table). Diesel has no writing CTEs; its own update is written inside, so the changeset and
/// binds stay diesel's.
struct WriteWithEvent<'a, U> {
    update: U,
    step: &'a Step<'a>,
}

/// An evaluation's brief in the audit trail (the columns of [`StepAudit`]'s brief), of the row
/// `alias`, with the step's `reason`.
fn push_brief<'b>(
    out: &mut diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    alias: &str,
    reason: &'b Option<&'b str>,
) -> QueryResult<()> {
    out.push_sql("jsonb_build_object(");
    for column in ["state", "version", "revision", "totals", "rank_final"] {
        out.push_sql("'");
        out.push_sql(column);
        out.push_sql("', ");
        out.push_sql(alias);
        out.push_sql(".");
        out.push_sql(column);
        out.push_sql(", ");
    }
    out.push_sql("'reason', ");
    out.push_bind_param::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(reason)?;
    out.push_sql(")");
    Ok(())
}

/// The columns of [`EventRow`], in its order.
const EVENT_COLUMNS: &str = "id, evaluation_id, at, account_id, transition, from_state, to_state, acted_as, reason, revision";

impl<U> diesel::query_builder::QueryFragment<diesel::pg::Pg> for WriteWithEvent<'_, U>
where
    U: diesel::query_builder::QueryFragment<diesel::pg::Pg>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
        let step = self.step;
        out.push_sql("WITH updated AS (");
        self.update.walk_ast(out.reborrow())?;
        out.push_sql(
            "), event AS (INSERT INTO evaluation_events (evaluation_id, at, account_id, \
             transition, from_state, to_state, acted_as, reason, revision) SELECT updated.id, ",
        );
        out.push_bind_param::<Timestamptz, _>(&step.at)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<SqlUuid>, _>(&step.account_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&step.transition)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&step.from_state)?;
        out.push_sql(", updated.state, ");
        out.push_bind_param::<Text, _>(&step.acted_as)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&step.reason)?;
        out.push_sql(" , updated.revision FROM updated RETURNING ");
        out.push_sql(EVENT_COLUMNS);
        // The entry's `before` reads the row as the statement found it: every part of a
        // statement sees the same snapshot, so not its own UPDATE (PostgreSQL's manual, "Data-
        // Modifying Statements in WITH"); the version check makes it the row the step read.
        let audit = &step.audit;
        out.push_sql(
            "), audit AS (INSERT INTO audit_pending (chain, at, actor_account_id, \
             actor_client_id, ip, action, entity, entity_id, unit_id, before, after) SELECT ",
        );
        out.push_bind_param::<diesel::sql_types::SmallInt, _>(&audit.chain)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamptz, _>(&step.at)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<SqlUuid>, _>(&audit.actor.account_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<SqlUuid>, _>(&audit.actor.client_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&audit.actor.ip)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&audit.action)?;
        out.push_sql(", 'evaluation', updated.id::text, ");
        out.push_bind_param::<SqlUuid, _>(&audit.unit_id)?;
        out.push_sql(", ");
        push_brief(&mut out, "found", &step.reason)?;
        out.push_sql(", ");
        push_brief(&mut out, "updated", &step.reason)?;
        out.push_sql(
            " FROM updated JOIN evaluations found ON found.id = updated.id\
             ) SELECT updated.*, ARRAY(SELECT h FROM (SELECT ",
        );
        out.push_sql(EVENT_COLUMNS);
        out.push_sql(
            " FROM evaluation_events WHERE evaluation_id = updated.id \
             UNION ALL SELECT * FROM event) h ORDER BY h.id) FROM updated",
        );
        Ok(())
    }

    // Diesel's UPDATE says it may not be kept (a changeset that skips `None` changes its text);
    // this one's text never varies (see its `QueryId`).
    fn is_safe_to_cache_prepared(&self, _backend: &diesel::pg::Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<U: diesel::query_builder::Query> diesel::query_builder::Query for WriteWithEvent<'_, U> {
    type SqlType = (U::SqlType, HistorySql);
}

/// Found in the connection's statement cache by its type, without building its text again on
/// every step (a tenth of the API's work for a save, docs/benchmarks.md): its text never varies,
/// as [`write_with_event`] is its only maker and [`EvaluationChanges`] writes every column (the
/// test `a_steps_write_has_one_text_whatever_the_values` holds it to that). Two texts under one
/// type would run one under the other's prepared statement.
impl<U> diesel::query_builder::QueryId for WriteWithEvent<'_, U> {
    type QueryId = WriteWithEvent<'static, ()>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<U, Conn> RunQueryDsl<Conn> for WriteWithEvent<'_, U> {}

/// A step in an evaluation's history.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = evaluation_events, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub id: i64,
    pub evaluation_id: Uuid,
    pub at: DateTime<Utc>,
    pub account_id: Option<Uuid>,
    pub transition: String,
    pub from_state: String,
    pub to_state: String,
    pub acted_as: String,
    pub reason: Option<String>,
    pub revision: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = evaluation_events)]
pub struct NewEvent<'a> {
    pub evaluation_id: Uuid,
    pub at: DateTime<Utc>,
    pub account_id: Option<Uuid>,
    pub transition: &'a str,
    pub from_state: &'a str,
    pub to_state: &'a str,
    pub acted_as: &'a str,
    pub reason: Option<&'a str>,
    pub revision: i32,
}

/// Publishes decided evaluations at once (one statement, not one per evaluation: a unit of
/// 5,000 people publishes in well under a second), each only if it is still at the version
/// given; returns how many were. With their history events.
pub fn publish_all(
    conn: &mut PgConnection,
    decided: &[(Uuid, i32, i32)],
    account_id: Option<Uuid>,
    acted_as: &str,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    use diesel::sql_types::{Array, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
    let ids: Vec<Uuid> = decided.iter().map(|d| d.0).collect();
    let versions: Vec<i32> = decided.iter().map(|d| d.1).collect();
    let published = diesel::sql_query(
        "UPDATE evaluations e SET state = 'published', published_at = $3, version = e.version + 1, updated_at = $3
         FROM unnest($1, $2) AS d(id, version)
         WHERE e.id = d.id AND e.version = d.version AND e.state = 'decided'",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<Integer>, _>(&versions)
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;
    let revisions: Vec<i32> = decided.iter().map(|d| d.2).collect();
    diesel::sql_query(
        "INSERT INTO evaluation_events (evaluation_id, at, account_id, transition, from_state, to_state, acted_as, revision)
         SELECT d.id, $3, $4, 'publish', 'decided', 'published', $5, d.revision FROM unnest($1, $2) AS d(id, revision)",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<Integer>, _>(&revisions)
    .bind::<Timestamptz, _>(now)
    .bind::<Nullable<SqlUuid>, _>(account_id)
    .bind::<Text, _>(acted_as)
    .execute(conn)?;
    Ok(published)
}

pub fn add_event(conn: &mut PgConnection, event: &NewEvent<'_>) -> Result<(), PersistenceError> {
    kept(
        diesel::insert_into(evaluation_events::table)
            .values(event)
            .returning(evaluation_events::id),
    )
    .get_result::<i64>(conn)?;
    Ok(())
}

pub fn events(
    conn: &mut PgConnection,
    evaluation_id: Uuid,
) -> Result<Vec<EventRow>, PersistenceError> {
    Ok(evaluation_events::table
        .filter(evaluation_events::evaluation_id.eq(evaluation_id))
        .order(evaluation_events::id)
        .select(EventRow::as_select())
        .load(conn)?)
}

/// Keeps a whole earlier revision before a correction replaces it.
pub fn keep_revision(
    conn: &mut PgConnection,
    evaluation: &Evaluation,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let snapshot =
        serde_json::to_value(evaluation).map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
    diesel::insert_into(evaluation_revisions::table)
        .values((
            evaluation_revisions::evaluation_id.eq(evaluation.id),
            evaluation_revisions::revision.eq(evaluation.revision),
            evaluation_revisions::snapshot.eq(snapshot),
            evaluation_revisions::replaced_at.eq(now),
            evaluation_revisions::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}

/// An earlier revision: (revision, snapshot, replaced_at, reason).
pub type RevisionRow = (i32, serde_json::Value, DateTime<Utc>, String);

/// Earlier revisions, oldest first.
pub fn revisions(
    conn: &mut PgConnection,
    evaluation_id: Uuid,
) -> Result<Vec<RevisionRow>, PersistenceError> {
    Ok(evaluation_revisions::table
        .filter(evaluation_revisions::evaluation_id.eq(evaluation_id))
        .order(evaluation_revisions::revision)
        .select((
            evaluation_revisions::revision,
            evaluation_revisions::snapshot,
            evaluation_revisions::replaced_at,
            evaluation_revisions::reason,
        ))
        .load(conn)?)
}

/// Filters for `GET /evaluations`.
#[derive(Debug, Clone, Default)]
pub struct EvaluationFilter {
    pub period: Option<String>,
    /// Evaluations of people whose unit lies under this path.
    pub within_path: Option<String>,
    pub state: Option<String>,
    pub rank: Option<String>,
    /// Only those where this person reviews or decides.
    pub evaluator: Option<Uuid>,
}

/// Evaluations matching, with their people, ordered by id, after `after`; the caller checks
/// access on each. `visible_paths` / `everything` narrow what is loaded.
pub fn list(
    conn: &mut PgConnection,
    filter: &EvaluationFilter,
    narrow: &super::org::Visibility,
    person: Option<Uuid>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<(Evaluation, Person)>, PersistenceError> {
    let mut query = evaluations::table
        .inner_join(people::table.on(people::id.eq(evaluations::person_id)))
        .inner_join(units::table.on(units::id.eq(evaluations::unit_id)))
        .select((Evaluation::as_select(), Person::as_select()))
        .order(evaluations::id)
        .limit(limit)
        .into_boxed::<diesel::pg::Pg>();
    if !narrow.everything {
        let unit_ids = units::table
            .filter(super::org::visible_units(narrow))
            .select(units::id)
            .into_boxed::<diesel::pg::Pg>();
        let me = person.unwrap_or(Uuid::nil());
        query = query.filter(
            evaluations::unit_id
                .eq_any(unit_ids)
                .or(evaluations::person_id.eq(me))
                .or(evaluations::reviewer_id.eq(me))
                .or(evaluations::decider_id.eq(me)),
        );
    }
    if let Some(period) = &filter.period {
        query = query.filter(evaluations::period.eq(period.clone()));
    }
    if let Some(path) = &filter.within_path {
        query = query.filter(units::path.like(format!("{path}%")));
    }
    if let Some(state) = &filter.state {
        query = query.filter(evaluations::state.eq(state.clone()));
    }
    if let Some(rank) = &filter.rank {
        query = query.filter(evaluations::rank_final.eq(rank.clone()));
    }
    if let Some(evaluator) = filter.evaluator {
        query = query.filter(
            evaluations::reviewer_id
                .eq(evaluator)
                .or(evaluations::decider_id.eq(evaluator)),
        );
    }
    if let Some(after) = after {
        query = query.filter(evaluations::id.gt(after));
    }
    Ok(query.load(conn)?)
}

/// The evaluations a publishing unit publishes for a period.
pub fn of_publishing_unit(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
) -> Result<Vec<MonthLine>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::publishing_unit_id.eq(unit_id))
        .filter(evaluations::period.eq(period))
        .select(MonthLine::as_select())
        .load(conn)?)
}

/// The unit and the departments under it, however nested, up to the next publishing unit.
fn own_units(conn: &mut PgConnection, unit_id: Uuid) -> Result<Vec<Uuid>, PersistenceError> {
    let path: String = units::table.find(unit_id).select(units::path).first(conn)?;
    let mut subtree: Vec<(Uuid, Option<Uuid>, String, String)> = units::table
        .filter(units::path.like(format!("{path}%")))
        .select((units::id, units::parent_id, units::level, units::path))
        .load(conn)?;
    subtree.sort_by_key(|(_, _, _, p)| p.len());
    let mut ids = vec![unit_id];
    for (id, parent, level, _) in subtree {
        if level == "department" && parent.is_some_and(|p| ids.contains(&p)) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Everyone active whose post lies in the publishing unit itself or its departments.
pub fn members_of_publishing_unit(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Vec<Person>, PersistenceError> {
    let ids = own_units(conn, unit_id)?;
    Ok(people::table
        .filter(people::unit_id.eq_any(ids))
        .filter(people::active.eq(true))
        .order((people::full_name, people::id))
        .select(Person::as_select())
        .load(conn)?)
}

/// The heads of the units right below a publishing unit (below it or its departments): by
/// default their decider is this unit's head (Điều 10; DESIGN 2.4 rule 6).
pub fn heads_of_units_below(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Vec<Person>, PersistenceError> {
    let own = own_units(conn, unit_id)?;
    let below: Vec<Uuid> = units::table
        .filter(units::parent_id.eq_any(&own))
        .filter(units::level.ne("department"))
        .select(units::id)
        .load(conn)?;
    Ok(people::table
        .filter(people::unit_id.eq_any(below))
        .filter(people::position_category.eq("head"))
        .filter(people::active.eq(true))
        .order((people::full_name, people::id))
        .select(Person::as_select())
        .load(conn)?)
}

/// Names of merged quota groups: form code → group name.
pub fn quota_group_names(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Vec<(i16, String)>, PersistenceError> {
    Ok(quota_group_forms::table
        .filter(quota_group_forms::unit_id.eq(unit_id))
        .select((quota_group_forms::form_code, quota_group_forms::group_name))
        .load(conn)?)
}

pub fn set_quota_groups(
    conn: &mut PgConnection,
    unit_id: Uuid,
    groups: &[(i16, String)],
) -> Result<(), PersistenceError> {
    diesel::delete(quota_group_forms::table.filter(quota_group_forms::unit_id.eq(unit_id)))
        .execute(conn)?;
    for (code, name) in groups {
        diesel::insert_into(quota_group_forms::table)
            .values((
                quota_group_forms::unit_id.eq(unit_id),
                quota_group_forms::form_code.eq(code),
                quota_group_forms::group_name.eq(name),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When the unit published the period, if it has.
pub fn publication(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
) -> Result<Option<DateTime<Utc>>, PersistenceError> {
    Ok(publications::table
        .filter(publications::unit_id.eq(unit_id))
        .filter(publications::period.eq(period))
        .select(publications::published_at)
        .first(conn)
        .optional()?)
}

pub fn add_publication(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Uuid, PersistenceError> {
    Ok(diesel::insert_into(publications::table)
        .values((
            publications::unit_id.eq(unit_id),
            publications::period.eq(period),
            publications::published_at.eq(now),
            publications::published_by.eq(by),
        ))
        .returning(publications::id)
        .get_result(conn)?)
}

/// The summary frozen at publication, with its revision, if the unit published the period and
/// a snapshot was taken.
pub fn snapshot(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
) -> Result<Option<(serde_json::Value, i32)>, PersistenceError> {
    Ok(publications::table
        .filter(publications::unit_id.eq(unit_id))
        .filter(publications::period.eq(period))
        .select((publications::snapshot, publications::snapshot_revision))
        .first::<(Option<serde_json::Value>, i32)>(conn)
        .optional()?
        .and_then(|(snapshot, revision)| snapshot.map(|s| (s, revision))))
}

/// Writes the frozen summary: at publication (revision 1), or after a correction (the next
/// revision).
pub fn set_snapshot(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
    snapshot: &serde_json::Value,
    revision: i32,
) -> Result<(), PersistenceError> {
    diesel::update(
        publications::table
            .filter(publications::unit_id.eq(unit_id))
            .filter(publications::period.eq(period)),
    )
    .set((
        publications::snapshot.eq(snapshot),
        publications::snapshot_revision.eq(revision),
    ))
    .execute(conn)?;
    Ok(())
}

/// The commendation list: (person, reason).
pub fn commendations(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
) -> Result<Vec<(Uuid, String)>, PersistenceError> {
    Ok(commendations::table
        .filter(commendations::unit_id.eq(unit_id))
        .filter(commendations::period.eq(period))
        .order(commendations::created_at)
        .select((commendations::person_id, commendations::reason))
        .load(conn)?)
}

pub fn set_commendations(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
    list: &[(Uuid, String)],
) -> Result<(), PersistenceError> {
    diesel::delete(
        commendations::table
            .filter(commendations::unit_id.eq(unit_id))
            .filter(commendations::period.eq(period)),
    )
    .execute(conn)?;
    for (person, reason) in list {
        diesel::insert_into(commendations::table)
            .values((
                commendations::unit_id.eq(unit_id),
                commendations::period.eq(period),
                commendations::person_id.eq(person),
                commendations::reason.eq(reason),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A person's evaluations not yet published, oldest period first.
pub fn unpublished_of_person(
    conn: &mut PgConnection,
    person_id: Uuid,
) -> Result<Vec<Evaluation>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::person_id.eq(person_id))
        .filter(evaluations::state.ne("published"))
        .order(evaluations::period)
        .select(Evaluation::as_select())
        .for_update()
        .load(conn)?)
}

/// Where a transferred evaluation goes.
#[derive(Debug, Clone)]
pub struct Destination {
    pub unit_id: Uuid,
    pub form_code: i16,
    pub form_version: i32,
    pub form_extension: Option<serde_json::Value>,
}

/// Moves an evaluation to a new unit (a transfer), with its form and whatever `changes` say.
pub fn move_to(
    conn: &mut PgConnection,
    evaluation: &Evaluation,
    to: &Destination,
    changes: &EvaluationChanges,
    now: DateTime<Utc>,
) -> Result<Evaluation, PersistenceError> {
    Ok(diesel::update(evaluations::table.find(evaluation.id))
        .set((
            changes,
            evaluations::unit_id.eq(to.unit_id),
            evaluations::form_code.eq(to.form_code),
            evaluations::form_version.eq(to.form_version),
            evaluations::form_extension.eq(&to.form_extension),
            evaluations::version.eq(evaluation.version + 1),
            evaluations::updated_at.eq(now),
        ))
        .returning(Evaluation::as_returning())
        .get_result(conn)?)
}

/// People placed in named quota groups of a unit: person → group name.
pub fn quota_group_people(
    conn: &mut PgConnection,
    unit_id: Uuid,
) -> Result<Vec<(Uuid, String)>, PersistenceError> {
    use crate::schema::quota_group_people as qgp;
    Ok(qgp::table
        .filter(qgp::unit_id.eq(unit_id))
        .select((qgp::person_id, qgp::group_name))
        .load(conn)?)
}

pub fn set_quota_group_people(
    conn: &mut PgConnection,
    unit_id: Uuid,
    people: &[(Uuid, String)],
) -> Result<(), PersistenceError> {
    use crate::schema::quota_group_people as qgp;
    diesel::delete(qgp::table.filter(qgp::unit_id.eq(unit_id))).execute(conn)?;
    for (person, name) in people {
        diesel::insert_into(qgp::table)
            .values((
                qgp::unit_id.eq(unit_id),
                qgp::person_id.eq(person),
                qgp::group_name.eq(name),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When the unit sent its commendation list up, if it has.
pub fn commendations_sent(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
) -> Result<Option<DateTime<Utc>>, PersistenceError> {
    Ok(publications::table
        .filter(publications::unit_id.eq(unit_id))
        .filter(publications::period.eq(period))
        .select(publications::commendations_sent_at)
        .first::<Option<DateTime<Utc>>>(conn)
        .optional()?
        .flatten())
}

/// Marks the list sent; it is not edited afterwards.
pub fn send_commendations(
    conn: &mut PgConnection,
    unit_id: Uuid,
    period: &str,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(
        publications::table
            .filter(publications::unit_id.eq(unit_id))
            .filter(publications::period.eq(period)),
    )
    .set((
        publications::commendations_sent_at.eq(now),
        publications::commendations_sent_by.eq(by),
    ))
    .execute(conn)?;
    Ok(())
}

/// The evaluations of these people for a period, wherever they are published.
pub fn of_people(
    conn: &mut PgConnection,
    person_ids: &[Uuid],
    period: &str,
) -> Result<Vec<Evaluation>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::person_id.eq_any(person_ids))
        .filter(evaluations::period.eq(period))
        .select(Evaluation::as_select())
        .load(conn)?)
}

/// Of these people, those with an evaluation for the period published by another unit than
/// `unit_id` (two columns: a unit's month reads no scores it does not show).
pub fn evaluated_elsewhere(
    conn: &mut PgConnection,
    person_ids: &[Uuid],
    period: &str,
    unit_id: Uuid,
) -> Result<Vec<Uuid>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::person_id.eq_any(person_ids))
        .filter(evaluations::period.eq(period))
        .filter(evaluations::publishing_unit_id.ne(unit_id))
        .select(evaluations::person_id)
        .load(conn)?)
}

/// These people's evaluations in a year (`YYYY-MM` periods starting with it), by period.
pub fn of_people_in_year(
    conn: &mut PgConnection,
    person_ids: &[Uuid],
    year: i32,
) -> Result<Vec<Evaluation>, PersistenceError> {
    Ok(evaluations::table
        .filter(evaluations::person_id.eq_any(person_ids))
        .filter(evaluations::period.like(format!("{year:04}-%")))
        .order((evaluations::person_id, evaluations::period))
        .select(Evaluation::as_select())
        .load(conn)?)
}

/// The people a publishing unit published or decided in a year, by name.
pub fn people_of_publishing_unit_in_year(
    conn: &mut PgConnection,
    unit_id: Uuid,
    year: i32,
) -> Result<Vec<Person>, PersistenceError> {
    Ok(people::table
        .filter(
            people::id.eq_any(
                evaluations::table
                    .filter(evaluations::publishing_unit_id.eq(unit_id))
                    .filter(evaluations::period.like(format!("{year:04}-%")))
                    .filter(evaluations::state.eq_any(["decided", "published"]))
                    .select(evaluations::person_id),
            ),
        )
        .order((people::full_name, people::id))
        .select(Person::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes with every optional field set, or none.
    fn changes(set: bool) -> EvaluationChanges {
        let text = |value: &str| set.then(|| value.to_owned());
        let at = set.then(Utc::now);
        EvaluationChanges {
            state: "draft".to_owned(),
            publishing_unit_id: Uuid::nil(),
            reviewer_id: set.then(Uuid::nil),
            decider_id: set.then(Uuid::nil),
            chain_rule: "department_staff_large".to_owned(),
            scores: serde_json::json!([]),
            totals: serde_json::json!({}),
            comments: serde_json::json!({}),
            completion: serde_json::json!({}),
            knock_outs: serde_json::json!([]),
            rank_self: text("A"),
            rank_by_points: text("A"),
            rank_final: text("B"),
            adjust_reason: text("Tỷ lệ loại A"),
            flags: if set {
                vec![Some("adjusted".to_owned())]
            } else {
                vec![]
            },
            self_submitted_at: at,
            reviewed_at: at,
            decided_at: at,
            published_at: at,
            revision: 1,
        }
    }

    /// `WriteWithEvent` is kept prepared by its type: sound only while its text is the same
    /// whatever the values, every optional field set or none, with a reason or without.
    #[test]
    fn a_steps_write_has_one_text_whatever_the_values() {
        let actor = AuditActor::default();
        let text = |set: bool, reason: Option<&str>| {
            let changes = changes(set);
            let step = Step {
                at: Utc::now(),
                account_id: set.then(Uuid::nil),
                transition: "save_self",
                from_state: "draft",
                acted_as: "self",
                reason,
                audit: StepAudit::new(&actor, "evaluation.save_self", Uuid::nil()),
            };
            let statement = write_with_event(Uuid::nil(), 1, &changes, &step);
            let shown = diesel::debug_query::<diesel::pg::Pg, _>(&statement).to_string();
            shown
                .split(" -- binds:")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let none = text(false, None);
        assert_eq!(none, text(true, Some("lý do")));
        for column in [
            "\"rank_final\" = $",
            "\"decided_at\" = $",
            "\"reviewer_id\" = $",
        ] {
            assert!(none.contains(column), "{column} in {none}");
        }
    }
}
