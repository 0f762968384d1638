//! Builds the HTTP server: middleware, routes, OpenAPI and Swagger UI.

use std::net::TcpListener;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{App, HttpMessage, HttpResponse, HttpServer, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use anyhow::Context;
use secrecy::ExposeSecret;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, UtoipaApp, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::{ApiError, json_error, request_error};
use crate::i18n::{self, Lang};
use crate::openapi::ApiDoc;
use crate::routes;
use crate::state::AppState;

/// A bound, not yet running server.
pub struct Application {
    server: Server,
    port: u16,
}

impl Application {
    /// Connects the pool and binds the listener (port 0 picks a free port).
    pub fn build(config: &Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Clock::from_start(config.rules_clock_at))
    }

    /// Like [`Application::build`], with the clock business rules read (tests fix it).
    pub fn build_with_clock(config: &Config, clock: Clock) -> anyhow::Result<Self> {
        persistence::queries::audit::set_checkpoint_key(
            config.audit_checkpoint_key.expose_secret().as_bytes(),
        );
        let trusted_proxies = web::Data::new(config.trusted_proxies.clone());
        let pool = persistence::build_pool(
            config.database_url.expose_secret(),
            config.database_pool_size,
            config.database_acquire_timeout,
        )
        .context("cannot connect to the database")?;
        let state = web::Data::new(AppState::new(pool, config, clock)?);
        let metrics = PrometheusMetricsBuilder::new("danhgia")
            .endpoint("/metrics")
            .build()
            .map_err(|error| anyhow::anyhow!("cannot set up metrics: {error}"))?;
        let listener = TcpListener::bind(config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let max_json_bytes = config.max_json_bytes;
        let static_dir = config.static_dir.clone();
        let mut server = HttpServer::new(move || {
            app(
                state.clone(),
                metrics.clone(),
                max_json_bytes,
                static_dir.clone(),
            )
            .app_data(trusted_proxies.clone())
        })
        .listen(listener)?;
        if config.workers > 0 {
            server = server.workers(config.workers);
        }
        Ok(Self {
            server: server.run(),
            port,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn app(
    state: web::Data<AppState>,
    metrics: PrometheusMetrics,
    max_json_bytes: usize,
    static_dir: Option<std::path::PathBuf>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, openapi) = mount_routes(
        App::new()
            .app_data(state)
            .app_data(
                web::JsonConfig::default()
                    .limit(max_json_bytes)
                    .error_handler(|error, _| json_error(error).into()),
            )
            .app_data(
                web::PathConfig::default().error_handler(|error, _| request_error(error).into()),
            )
            .app_data(
                web::QueryConfig::default().error_handler(|error, _| request_error(error).into()),
            )
            .wrap(actix_web::middleware::from_fn(
                crate::auth::service_audit::record_service_calls,
            ))
            .wrap_fn(|req, srv| {
                use actix_web::dev::Service;
                let lang = Lang::from_headers(req.headers());
                let request_id = req.extensions().get::<RequestId>().copied();
                let response = srv.call(req);
                i18n::scope(lang, async move {
                    let mut response = response.await?;
                    if let Some(id) =
                        request_id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok())
                    {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), id);
                    }
                    Ok(response)
                })
            })
            .wrap(actix_web::middleware::from_fn(move |req, next| {
                crate::idempotency::hash_body(req, next, max_json_bytes)
            }))
            .wrap(TracingLogger::default())
            .wrap(actix_web::middleware::Condition::new(
                static_dir.is_some(),
                actix_web::middleware::from_fn(crate::spa::cache_assets),
            ))
            .wrap(metrics)
            .wrap(security_headers())
            .into_utoipa_app(),
    )
    .split_for_parts();
    let openapi = crate::openapi::with_common_problems(openapi);
    app.service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/api-docs/openapi.json", openapi))
        .service(web::redirect("/swagger-ui", "/swagger-ui/"))
        // Last, so that every route above wins; GETs outside the API's prefixes only.
        .configure(|cfg| {
            if let Some(dir) = &static_dir {
                cfg.service(crate::spa::files(dir));
            }
        })
        .default_service(web::to(not_found))
}

/// The policy for every answer: scripts, styles and data only from this origin (Swagger UI's
/// inline styles and data: icons allowed), never framed, no referrer to other sites.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// Security headers on every response, errors and Swagger UI included (issue 9.8).
fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// Every documented route, on any app; the server and the OpenAPI generator share it.
pub fn mount_routes<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.openapi(ApiDoc::openapi())
        .service(scope("/api/v1").configure(routes::configure_api))
        .configure(routes::configure_root)
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
