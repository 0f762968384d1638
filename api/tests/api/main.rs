//! HTTP tests: each starts the real server on port 0 against its own fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod alerts;
mod audit_trail;
mod auth;
mod backups;
mod cursors;
mod errors;
mod faults;
mod fixture;
mod hardening;
mod helpers;
mod imports;
mod monthly;
mod operations;
mod org;
mod post_rules;
mod rules;
mod scope_matrix;
mod search;
mod seed;
mod service_clients;
mod spa;
mod webhooks;
