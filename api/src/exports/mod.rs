//! Documents in the official layouts: the unit summary list as XLSX and the individual form as
//! PDF (Điều 13.2). Builders take plain data and return bytes; routes load, check and audit.

pub mod form_pdf;
pub mod stats_xlsx;
pub mod summary_xlsx;
pub mod table;
