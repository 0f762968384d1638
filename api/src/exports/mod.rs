//! Documents in the official layouts: the unit summary list as XLSX, the individual form as PDF,
//! lists (commendations, yearly results) as PDF, and any table as CSV or XLSX (Điều 13.2).
//! Builders take plain data and return bytes; routes load, check and audit.

pub mod form_pdf;
pub mod list_pdf;
pub mod pdf;
pub mod stats_xlsx;
pub mod summary_xlsx;
pub mod table;
