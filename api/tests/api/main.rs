//! HTTP tests: each starts the real server on port 0 against its own fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod errors;
mod helpers;
mod imports;
mod operations;
mod seed;
mod service_clients;
