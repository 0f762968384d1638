//! The OpenAPI document: collected from the route annotations, with bearer auth.
//! `api openapi` prints it as YAML; the committed `openapi.yaml` is compared with it by a test.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::{Problem, ProblemField};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Đánh giá, xếp loại CBCCVC hằng tháng",
        description = "Monthly evaluation and ranking of public servants (cán bộ, công chức, viên chức, lao động hợp đồng). Errors are application/problem+json with a stable `code`; messages are Vietnamese by default and English with `Accept-Language: en`.",
        license(name = "AGPL-3.0-or-later"),
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem, ProblemField)),
    tags(
        (name = "auth", description = "Sign-in, tokens and the caller's identity"),
        (name = "organisation", description = "Units, people, posts, evaluator chains and hand-overs"),
        (name = "accounts", description = "Accounts, roles and their life cycle"),
        (name = "rules", description = "Criteria forms, the quota policy, period calendars and extensions"),
        (name = "evaluations", description = "The monthly evaluation: self-assessment, review, decision, return, adjustment, correction"),
        (name = "results", description = "Unit summaries, quota, publication, results and commendations"),
        (name = "operations", description = "Health checks"),
        (name = "imports", description = "Bulk import of people from CSV or XLSX"),
        (name = "service-clients", description = "Integrations (HR systems) with client credentials"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer_auth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The whole document, as the running server serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = crate::startup::mount_routes(App::new().into_utoipa_app()).split_for_parts();
    api
}

/// The document as YAML, exactly as committed in `openapi.yaml`.
pub fn yaml() -> anyhow::Result<String> {
    document()
        .to_yaml()
        .map_err(|error| anyhow::anyhow!("cannot write the OpenAPI document as YAML: {error}"))
}
