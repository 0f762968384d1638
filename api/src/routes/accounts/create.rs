use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use domain::access::Mode;
use persistence::models::accounts::NewAccount;
use persistence::queries::accounts;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    AccountView, AccountWithPassword, RoleBody, account_conflict, grants, refuse_service_clients,
};
use crate::auth::Caller;
use crate::db;
use crate::error::unknown_person;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::seed::one_time_password;
use crate::state::AppState;

/// A new account: personal (`person_id`) or functional (roles, optionally a holder).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewAccountRequest {
    #[validate(
        length(min = 3, max = 64),
        custom(function = "crate::routes::valid_code")
    )]
    #[schema(
        min_length = 3,
        max_length = 64,
        pattern = "^[A-Za-z0-9._-]+$",
        example = "nguyenvana"
    )]
    pub username: String,
    pub person_id: Option<Uuid>,
    pub holder_person_id: Option<Uuid>,
    #[serde(default)]
    #[validate(nested)]
    pub roles: Vec<RoleBody>,
    pub valid_until: Option<DateTime<Utc>>,
}

/// Create an account; answers its one-time password once.
#[utoipa::path(
    tag = "accounts",
    request_body = NewAccountRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = AccountWithPassword),
        (status = 403, description = "`forbidden`: a role the caller may not grant, or a service client", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`username_taken`, `person_has_account`, `unit_admin_exists`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_person`, `decision_required`, `role_scope`, `empty_account`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    refuse_service_clients(&caller)?;
    let request = validated(body)?;
    let initial = one_time_password();
    // Hashing is bounded like sign-in (auth::throttle), off the async workers.
    let hash = state.sign_in.hash(initial.clone()).await?;
    let now = Utc::now();
    let created = db::transaction(&state.pool, move |conn| {
        if request.person_id.is_none() && request.roles.is_empty() {
            return Err(ApiError::field(
                "person_id",
                "empty_account",
                "Tài khoản cần gắn với một người hoặc có ít nhất một vai trò.",
                "An account needs a person or at least one role.",
            ));
        }
        for (field, person) in [
            ("person_id", request.person_id),
            ("holder_person_id", request.holder_person_id),
        ] {
            if let Some(person_id) = person {
                let (person, unit) =
                    org::person_with_unit(conn, person_id).map_err(|_| unknown_person(field))?;
                if !caller.may(Mode::Act, &scope::person_target(&person, &unit)?) {
                    return Err(unknown_person(field));
                }
            }
        }
        let roles = grants(conn, &caller, &request.roles)?;
        let account = accounts::create(
            conn,
            &NewAccount {
                username: request.username.trim(),
                password_hash: &hash,
                person_id: request.person_id,
                must_change_password: true,
            },
            &[],
        )
        .map_err(account_conflict)?;
        accounts::replace_roles(conn, account.id, &roles).map_err(account_conflict)?;
        let account = accounts::update(
            conn,
            account.id,
            &accounts::AccountChanges {
                holder_person_id: Some(request.holder_person_id),
                valid_until: Some(request.valid_until),
                ..Default::default()
            },
        )?;
        let view = AccountView::build(&account, &accounts::roles(conn, account.id)?)?;
        let unit = roles.iter().find_map(|r| r.unit_id);
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("account.create", "account", account.id)
                .unit(unit)
                .after(&view)],
            now,
        )?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(AccountWithPassword {
        account: created,
        one_time_password: Some(initial),
    }))
}
