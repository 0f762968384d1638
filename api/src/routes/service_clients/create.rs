use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{Scope, ServiceClientView};
use crate::auth::Caller;
use crate::auth::service_client::{self, ClientSpec};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::state::AppState;

/// A new service client.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateServiceClientRequest {
    /// 3–64 ASCII letters, digits, `.`, `_` or `-`.
    #[validate(length(min = 3, max = 64))]
    #[schema(min_length = 3, max_length = 64, example = "hrm-sonoivu")]
    pub client_id: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        example = "Phần mềm quản lý cán bộ Sở Nội vụ"
    )]
    pub name: String,
    #[validate(length(min = 1))]
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// Limit the client to this unit's subtree; absent: everywhere.
    pub unit_id: Option<Uuid>,
}

/// The created client and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedServiceClient {
    pub client: ServiceClientView,
    /// Keep it safe: only a hash is stored, it cannot be shown again.
    pub client_secret: String,
}

/// Create a service client (operators only); the answer holds its secret, once.
#[utoipa::path(
    tag = "service-clients",
    request_body = CreateServiceClientRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = CreatedServiceClient),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: the client id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/service-clients")]
pub async fn create_service_client(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateServiceClientRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_operator()?;
    let request = validated(body)?;
    let spec = ClientSpec {
        client_id: request.client_id,
        name: request.name,
        scopes: request.scopes.into_iter().map(Into::into).collect(),
        unit_id: request.unit_id,
    };
    let actor = caller.audit.clone();
    let (client, secret) = db::transaction(&state.pool, move |conn| {
        service_client::create(conn, &spec, &actor, Utc::now())
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedServiceClient {
        client: client.into(),
        client_secret: secret,
    }))
}
