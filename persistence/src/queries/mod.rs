//! Queries grouped by aggregate. Each function takes a connection so callers choose the
//! transaction.

pub mod accounts;
pub mod alerts;
pub mod audit;
pub mod backups;
pub mod chain;
pub mod evaluations;
pub mod exports;
pub mod idempotency;
pub mod imports;
pub mod notifications;
pub mod org;
pub mod plans;
pub mod rules;
pub mod scheduler;
pub mod search;
pub mod service_clients;
pub mod sessions;
pub mod stats;
pub mod webhooks;

diesel::define_sql_function! {
    /// SQL `lower(text)`, for case-insensitive matches that use the `lower(...)` indexes.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
