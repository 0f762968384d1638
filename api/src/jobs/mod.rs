//! Work that runs in the background after the request that started it has been answered.

pub mod import_file;
pub mod import_people;
