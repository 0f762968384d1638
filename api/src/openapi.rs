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
        (name = "search", description = "Search, statistics and yearly results across units and months"),
        (name = "operations", description = "Health checks and the scheduler's periodic jobs"),
        (name = "notifications", description = "Alerts received in the app, and what each person wants to receive"),
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
    with_common_problems(api)
}

/// Adds to every operation the problem answers that the shared layers give, where the route's
/// own annotation does not already name them: the extractors (400 malformed body, 413, 415,
/// 422 field or parameter errors), sign-in (401, 403 while a password change is pending, 404
/// outside scope), the sign-in limits (429) and `Idempotency-Key` (409, 422). Done once here
/// rather than on each of the ~80 annotations, so a new route cannot forget them (utoipa
/// collects the paths after `Modify` runs, hence a pass over the finished document).
pub fn with_common_problems(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::{Operation, ParameterIn};
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};

    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    Content::new(Some(Ref::from_schema_name("Problem"))),
                )
                .build(),
        )
    };
    let add = |path: &str, operation: &mut Operation| {
        let parameters: Vec<(String, bool)> = operation
            .parameters
            .iter()
            .flatten()
            .filter_map(|p| match p {
                RefOr::T(p) => Some((
                    p.name.clone(),
                    matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query),
                )),
                RefOr::Ref(_) => None,
            })
            .collect();
        let mut wanted: Vec<(&str, &str)> = Vec::new();
        if parameters
            .iter()
            .any(|(_, in_path_or_query)| *in_path_or_query)
        {
            wanted.push((
                "422",
                "`validation_failed`: a parameter that cannot be read",
            ));
        }
        if operation.request_body.is_some() {
            wanted.push(("400", "`malformed_body`: a body that cannot be read"));
            wanted.push(("413", "`payload_too_large`"));
            wanted.push(("415", "`unsupported_media_type`"));
            wanted.push(("422", "`validation_failed`: field errors in `errors`"));
        }
        if operation.security.is_some() {
            wanted.push(("401", "`unauthorized`: no valid access token"));
            wanted.push(("403", "`forbidden`, or `password_change_required`"));
            wanted.push((
                "404",
                "`not_found`: nothing of that id within the caller's scope",
            ));
        }
        if parameters.iter().any(|(name, _)| name == "Idempotency-Key") {
            wanted.push((
                "409",
                "`request_in_progress`: the same key is being answered",
            ));
            wanted.push(("422", "`idempotency_key_reused`, `invalid_key`"));
        }
        if path.starts_with("/api/v1/auth/") {
            wanted.push(("429", "`too_many_requests`: see `Retry-After`"));
        }
        for (status, description) in wanted {
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| problem(description));
        }
    };
    for (path, item) in api.paths.paths.iter_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            add(path, operation);
        }
    }
    api
}

/// The document as YAML, exactly as committed in `openapi.yaml`.
pub fn yaml() -> anyhow::Result<String> {
    document()
        .to_yaml()
        .map_err(|error| anyhow::anyhow!("cannot write the OpenAPI document as YAML: {error}"))
}
