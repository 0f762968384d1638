//! `/evaluations`: the monthly evaluation of one person (API.md "Evaluations"; Điều 12–13).
//! Every write checks actor, state and calendar with `domain::workflow`, scope with
//! `domain::access`, uses `If-Match` against the evaluation's version and writes the change,
//! its history event and its audit entry in one transaction.

mod adjust;
mod correct;
mod decide;
mod get;
mod list;
mod mine;
mod return_;
mod review;
mod self_assessment;

use actix_web::HttpResponse;
use actix_web::http::header::{ETAG, HeaderMap, IF_MATCH};
use utoipa_actix_web::service_config::ServiceConfig;

pub use crate::dto::evaluations::*;
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(mine::my_evaluation)
        .service(list::list_evaluations)
        .service(get::get_evaluation)
        .service(self_assessment::save_self)
        .service(self_assessment::submit_self)
        .service(review::save_review)
        .service(review::submit_review)
        .service(decide::decide)
        .service(return_::return_evaluation)
        .service(adjust::adjust)
        .service(correct::correct);
}

/// The version named by `If-Match` (`"3"` or `W/"3"`), if any.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i32>, ApiError> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ApiError::VersionConflict)?;
    let digits = text.trim().trim_start_matches("W/").trim_matches('"');
    digits
        .parse()
        .map(Some)
        .map_err(|_| ApiError::VersionConflict)
}

/// The answer for an evaluation: its view with the version as `ETag`.
pub fn respond(view: EvaluationView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((ETAG, etag(view.version)))
        .json(view)
}
