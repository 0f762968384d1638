//! Rules and periods (API.md "Rules and periods"): criteria forms, the quota policy, the
//! post rules of Điều 10.1, period calendars and personal extensions.

mod evaluators;
mod forms;
mod periods;
mod quota;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(forms::list_forms)
        .service(forms::get_form)
        .service(forms::list_form_versions)
        .service(forms::add_form_version)
        .service(forms::get_unit_form)
        .service(forms::get_unit_extension)
        .service(forms::put_unit_extension)
        .service(quota::get_quota_policy)
        .service(quota::put_quota_policy)
        .service(quota::put_quota_override)
        .service(quota::delete_quota_override)
        .service(evaluators::get_evaluator_rules)
        .service(evaluators::put_evaluator_rules)
        .service(periods::get_period)
        .service(periods::patch_period)
        .service(periods::add_extension);
}
