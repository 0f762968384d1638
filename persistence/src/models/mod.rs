//! Row types, one module per table family. They mirror the tables; conversion to domain and API
//! types happens at the edges that use them.

pub mod accounts;
pub mod evaluations;
pub mod exports;
pub mod imports;
pub mod org;
pub mod service_clients;
pub mod sessions;
