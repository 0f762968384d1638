//! Search across evaluations and people (issue 11): what leaders, aggregators and bloc
//! administrators read, with any combination of filters.

mod evaluations;
mod people;
mod stats;
mod yearly;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(evaluations::search_evaluations)
        .service(evaluations::export_evaluations_csv)
        .service(evaluations::export_evaluations_xlsx)
        .service(evaluations::start_evaluations_export)
        .service(people::search_people)
        .service(stats::rank_stats)
        .service(stats::rank_stats_xlsx)
        .service(stats::completion_stats)
        .service(stats::completion_stats_xlsx)
        // Before the JSON routes, whose `{year}` would also take "2026.xlsx".
        .service(yearly::person_year_xlsx)
        .service(yearly::person_year_pdf)
        .service(yearly::person_year)
        .service(yearly::unit_year_xlsx)
        .service(yearly::unit_year_pdf)
        .service(yearly::unit_year);
}

/// A comma-separated list of allowed words (`A,B`), or an error naming the parameter.
pub(crate) fn list_of(
    text: Option<&str>,
    allowed: &[&str],
    name: &str,
) -> Result<Vec<String>, crate::error::ApiError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|word| {
            let word = word.trim();
            if allowed.contains(&word) {
                Ok(word.to_owned())
            } else {
                Err(crate::error::request_error(name))
            }
        })
        .collect()
}

pub(crate) const STATES: &[&str] = &[
    "draft",
    "self_submitted",
    "reviewed",
    "decided",
    "published",
];
pub(crate) const RANKS: &[&str] = &["A", "B", "C", "D"];
pub(crate) const CATEGORIES: &[&str] = &["head", "deputy", "staff", "contract"];
pub(crate) const BLOCS: &[&str] = &["party", "government", "elected", "front"];
pub(crate) const LEVELS: &[&str] = &["city", "agency", "district", "commune", "department"];

/// Criteria form numbers, 1–19 (`form=12,15`).
pub(crate) fn form_codes(text: Option<&str>) -> Result<Vec<i16>, crate::error::ApiError> {
    const FORMS: &[&str] = &[
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19",
    ];
    list_of(text, FORMS, "form")?
        .iter()
        .map(|f| {
            f.parse::<i16>()
                .map_err(|_| crate::error::request_error("form"))
        })
        .collect()
}
