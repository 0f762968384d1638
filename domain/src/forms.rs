//! The 19 default criteria forms of Điều 11, shipped as data (`domain/forms/*.json`).
//!
//! The official texts of QĐ 1841-QĐ/TU are not public: these forms follow the Hanoi framework
//! (DESIGN 2.1: I. 20, II. 70 = 20 + 50 by completion band, III. bonus 10) and are marked
//! `editable_default`, to be replaced by the official text without a code change.

use crate::criteria::{Form, FormCode, FormError};
use chrono::NaiveDate;

/// File name and JSON text of each default form, in code order.
pub const DEFAULT_FORM_SOURCES: [(&str, &str); 19] = [
    (
        "01-pho-truong-doan-dbqh-dbqh-chuyen-trach.json",
        include_str!("../forms/01-pho-truong-doan-dbqh-dbqh-chuyen-trach.json"),
    ),
    (
        "02-pho-chu-tich-hdnd-ubnd-thanh-pho.json",
        include_str!("../forms/02-pho-chu-tich-hdnd-ubnd-thanh-pho.json"),
    ),
    (
        "03-lanh-dao-ban-dang-vptu-mttq-doan-the-tp.json",
        include_str!("../forms/03-lanh-dao-ban-dang-vptu-mttq-doan-the-tp.json"),
    ),
    (
        "04-lanh-dao-phong-thuoc-ban-dang-vptu-mttq-doan-the-tp.json",
        include_str!("../forms/04-lanh-dao-phong-thuoc-ban-dang-vptu-mttq-doan-the-tp.json"),
    ),
    (
        "05-cong-chuc-vien-chuc-ban-dang-vptu-mttq-doan-the-tp.json",
        include_str!("../forms/05-cong-chuc-vien-chuc-ban-dang-vptu-mttq-doan-the-tp.json"),
    ),
    (
        "06-lanh-dao-so-ban-nganh.json",
        include_str!("../forms/06-lanh-dao-so-ban-nganh.json"),
    ),
    (
        "07-lanh-dao-phong-thuoc-so-ban-nganh.json",
        include_str!("../forms/07-lanh-dao-phong-thuoc-so-ban-nganh.json"),
    ),
    (
        "08-cong-chuc-vien-chuc-so-ban-nganh.json",
        include_str!("../forms/08-cong-chuc-vien-chuc-so-ban-nganh.json"),
    ),
    (
        "09-thuong-truc-quan-huyen-thi-uy.json",
        include_str!("../forms/09-thuong-truc-quan-huyen-thi-uy.json"),
    ),
    (
        "10-pho-chu-tich-hdnd-ubnd-quan-huyen.json",
        include_str!("../forms/10-pho-chu-tich-hdnd-ubnd-quan-huyen.json"),
    ),
    (
        "11-lanh-dao-khoi-dang-mttq-doan-the-quan-huyen.json",
        include_str!("../forms/11-lanh-dao-khoi-dang-mttq-doan-the-quan-huyen.json"),
    ),
    (
        "12-lanh-dao-phong-thuoc-ubnd-quan-huyen.json",
        include_str!("../forms/12-lanh-dao-phong-thuoc-ubnd-quan-huyen.json"),
    ),
    (
        "13-lanh-dao-xa-phuong-thi-tran.json",
        include_str!("../forms/13-lanh-dao-xa-phuong-thi-tran.json"),
    ),
    (
        "14-hieu-truong-giam-doc-trung-tam-gdnn-gdtx.json",
        include_str!("../forms/14-hieu-truong-giam-doc-trung-tam-gdnn-gdtx.json"),
    ),
    (
        "15-cong-chuc-vien-chuc-quan-huyen.json",
        include_str!("../forms/15-cong-chuc-vien-chuc-quan-huyen.json"),
    ),
    (
        "16-thuong-truc-dang-uy-khoi-dang-uy-truc-thuoc.json",
        include_str!("../forms/16-thuong-truc-dang-uy-khoi-dang-uy-truc-thuoc.json"),
    ),
    (
        "17-lanh-dao-phong-thuoc-dang-uy-khoi.json",
        include_str!("../forms/17-lanh-dao-phong-thuoc-dang-uy-khoi.json"),
    ),
    (
        "18-cong-chuc-vien-chuc-dang-uy-khoi.json",
        include_str!("../forms/18-cong-chuc-vien-chuc-dang-uy-khoi.json"),
    ),
    (
        "19-lao-dong-hop-dong.json",
        include_str!("../forms/19-lao-dong-hop-dong.json"),
    ),
];

/// Why a form file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Not valid JSON for a form.
    #[error("{file}: {message}")]
    Json {
        /// File name.
        file: String,
        /// Parser message.
        message: String,
    },
    /// Parsed but invalid.
    #[error("{file}: {errors:?}")]
    Invalid {
        /// File name.
        file: String,
        /// Every problem found.
        errors: Vec<FormError>,
    },
}

/// Parse and validate one form from JSON (the format of `domain/forms/*.json`; also what an
/// admin imports).
pub fn parse_form(file: &str, json: &str) -> Result<Form, LoadError> {
    let form: Form = serde_json::from_str(json).map_err(|e| LoadError::Json {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    form.validate().map_err(|errors| LoadError::Invalid {
        file: file.to_owned(),
        errors,
    })?;
    Ok(form)
}

/// The 19 default forms (Điều 11), parsed and validated, in code order.
pub fn default_forms() -> Result<Vec<Form>, LoadError> {
    DEFAULT_FORM_SOURCES
        .iter()
        .map(|(file, json)| parse_form(file, json))
        .collect()
}

/// The version of form `code` in force on `date`: the latest `effective_from` not after it.
pub fn form_in_force(forms: &[Form], code: FormCode, date: NaiveDate) -> Option<&Form> {
    forms
        .iter()
        .filter(|f| f.code == code && f.effective_from <= date)
        .max_by_key(|f| (f.effective_from, f.version))
}
