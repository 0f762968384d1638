//! Units' results (API.md "Units' results"): the summary by quota group with the live quota
//! meter, publication, the published results and the commendation list (Điều 12.4, 13).

mod commendations;
mod exports;
mod groups;
mod open_month;
mod publications;
mod published;
mod summary;

use utoipa_actix_web::service_config::ServiceConfig;

pub use crate::dto::results::{GroupSummary, MemberRow, QuotaView};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(summary::unit_summary)
        .service(publications::publish)
        .service(published::unit_results)
        .service(commendations::get_commendations)
        .service(commendations::export_commendations_xlsx)
        .service(commendations::export_commendations_pdf)
        .service(commendations::put_commendations)
        .service(commendations::send_commendations)
        .service(exports::export_summary_xlsx)
        .service(exports::export_form_pdf)
        .service(open_month::open_month)
        .service(groups::get_groups)
        .service(groups::put_groups);
}
