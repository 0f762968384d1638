//! Use cases shared by several routes: they decide with `domain`, read and write through
//! `persistence` (inside the caller's transaction) and know nothing of HTTP. Routes call them;
//! they never call routes.

pub mod alerts;
pub mod cache;
pub mod calendar;
pub mod commendations;
pub mod evaluations;
pub mod exports;
pub mod opening;
pub mod plans;
pub mod publication;
pub mod results;
pub mod search;
pub mod stats;
pub mod webhooks;
pub mod workflow;
pub mod yearly;
