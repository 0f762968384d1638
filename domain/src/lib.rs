//! Pure rules of the monthly evaluation (DESIGN.md sections 2 and 3).
//!
//! No I/O, no database, no web framework, no clock: callers pass `now`.
//! The regulation implemented is Quy chế 2021-QĐ/TU (cited as "Điều N") with the
//! forms of Quyết định 1841-QĐ/TU; see `domain/README.md` for the module map.
#![warn(missing_docs)]

pub mod access;
pub mod alerts;
pub mod calendar;
pub mod chain;
pub mod criteria;
pub mod forms;
pub mod ids;
pub mod org;
pub mod period;
pub mod plan;
pub mod quota;
pub mod rank;
pub mod rollup;
pub mod score;
pub mod scoring;
pub mod workflow;

pub use ids::{PersonId, UnitId};
pub use period::Period;
pub use score::Points;
