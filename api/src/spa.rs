//! The built web app (`STATIC_DIR`) at `/`: its files as they are, and `index.html` for every
//! other page address so that the app's own routes (`/danh-gia/2026-11`) load it.
//!
//! Registered after every API route, so those win; addresses under the API's prefixes never
//! reach it and keep their problem+json 404. Hashed build output under `/assets/` is cached for
//! good; `index.html` is revalidated on every load so a new release is picked up at once.

use std::path::Path;

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard::{self, GuardContext};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

use crate::error::ApiError;

/// Prefixes that belong to the API side, never to the app.
const RESERVED: &[&str] = &["/api", "/api-docs", "/swagger-ui", "/health", "/metrics"];

/// Cache-Control of the hashed build output under `/assets/`.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of `index.html`: revalidate every time.
pub const NO_CACHE: &str = "no-cache";

/// Whether `path` is under one of the API's prefixes.
fn is_reserved(path: &str) -> bool {
    RESERVED.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// GET or HEAD of an address outside the API's prefixes.
fn is_page_request(ctx: &GuardContext<'_>) -> bool {
    matches!(ctx.head().method, Method::GET | Method::HEAD) && !is_reserved(ctx.head().uri.path())
}

/// The files of `dir` at `/`, with `index.html` for anything that is not a file.
pub fn files(dir: &Path) -> Files {
    let root = dir.to_path_buf();
    let index = dir.join("index.html");
    Files::new("/", dir)
        .guard(guard::fn_guard(is_page_request))
        // The root and folders are pages of the app too; `index.html` itself goes the same way
        // so it always carries its Cache-Control.
        .path_filter(move |path, _| {
            !(path.as_os_str().is_empty()
                || path == Path::new("index.html")
                || root.join(path).is_dir())
        })
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move { Ok(serve_index(req, &index).await) }
        }))
}

/// `index.html`, except for a missing build file under `/assets/` (a 404: HTML in its place
/// would only confuse the browser).
async fn serve_index(req: ServiceRequest, index: &Path) -> ServiceResponse {
    let (req, _) = req.into_parts();
    if req.path().starts_with("/assets/") {
        return ServiceResponse::from_err(ApiError::NotFound, req);
    }
    let path = index.to_path_buf();
    match actix_web::web::block(move || NamedFile::open(path)).await {
        Ok(Ok(file)) => {
            let mut response = file.into_response(&req);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
            ServiceResponse::new(req, response)
        }
        Ok(Err(error)) => {
            tracing::error!(%error, path = %index.display(), "cannot read the app's index.html");
            ServiceResponse::from_err(ApiError::NotFound, req)
        }
        Err(error) => {
            tracing::error!(%error, path = %index.display(), "cannot read the app's index.html");
            ServiceResponse::from_err(ApiError::NotFound, req)
        }
    }
}

/// Marks successful answers under `/assets/` as cacheable for a year (their names change with
/// their content). Other answers are left as they are.
pub async fn cache_assets(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let assets = req.path().starts_with("/assets/");
    let mut response = next.call(req).await?;
    if assets
        && (response.status().is_success() || response.status() == 304)
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::is_reserved;

    #[test]
    fn the_api_prefixes_are_reserved_and_nothing_else() {
        for path in [
            "/api",
            "/api/v1/nope",
            "/api-docs/openapi.json",
            "/swagger-ui/",
            "/health/live",
            "/metrics",
        ] {
            assert!(is_reserved(path), "{path}");
        }
        for path in [
            "/",
            "/danh-gia/2026-11",
            "/apiary",
            "/assets/x.js",
            "/healthy",
        ] {
            assert!(!is_reserved(path), "{path}");
        }
    }
}
