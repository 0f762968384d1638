//! The HTTP API of the monthly evaluation platform: actix-web routes, sign-in, OpenAPI, and the
//! commands of the `api` binary. See README.md for what lives where.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod client_ip;
pub mod clock;
pub mod config;
pub mod db;
pub mod dto;
pub mod error;
pub mod exports;
pub mod i18n;
pub mod idempotency;
pub mod jobs;
pub mod openapi;
pub mod routes;
pub mod scope;
pub mod seed;
pub mod services;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
