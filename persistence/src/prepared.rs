//! [`kept`]: a statement kept prepared on its connection although diesel would not keep it.
//!
//! Diesel keeps a statement prepared only when nothing in it could change its SQL from one call
//! to the next as far as its types tell: every UPDATE, every INSERT that writes `DEFAULT` and
//! every `sql_query` is parsed and planned again by PostgreSQL on each call. On the hot write
//! path (a save runs four of them) that parsing and planning was a tenth of the database's CPU
//! (`bench/`: pgbench on the same statements does about 40% more unprepared than prepared).
//! The wrapper keys diesel's own statement cache on the SQL text and its bind types, so each
//! distinct text is prepared once per connection. No library offers this; it is small enough
//! to keep here.
//!
//! Read the statement's rows (`get_result`, `load`), do not `execute` it: diesel executes a
//! reference to the query, which answers for itself that it cannot be kept. A statement run
//! for its effect is given a `RETURNING`.
//!
//! Use it only where the text takes a few fixed shapes (a changeset whose optional fields come
//! and go is fine; a list of binds whose length follows the data is not: each length would be
//! a statement of its own, kept for the connection's life). A statement whose text never varies
//! is better given a static `QueryId` instead (as `queries::evaluations::WriteWithEvent`): diesel
//! then finds it by its type, without building its text on every call to look it up.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// `query`, kept prepared on the connection under its SQL text.
pub fn kept<Q>(query: Q) -> Kept<Q> {
    Kept(query)
}

/// See [`kept`].
#[derive(Debug, Clone, Copy)]
pub struct Kept<Q>(Q);

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Kept<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    // Diesel asks this before it caches; the cache key is the SQL text (`QueryId` below), so a
    // statement whose text varies is kept once per text, never run under another's plan.
    fn is_safe_to_cache_prepared(&self, _backend: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

/// No static id: diesel then keys the cache on the SQL text and the bind types.
impl<Q> QueryId for Kept<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Kept<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Kept<Q> {}
