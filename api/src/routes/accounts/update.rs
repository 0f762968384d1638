use actix_web::{HttpResponse, patch, web};
use chrono::{DateTime, Utc};
use domain::access::Mode;
use persistence::queries::accounts::{self, AccountChanges};
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::{org, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    AccountStatus, AccountView, AccountWithPassword, RoleBody, account_conflict, grants, may_manage,
};
use crate::auth::{Caller, password};
use crate::db;
use crate::dto;
use crate::error::unknown_person;
use crate::error::{ApiError, Problem};
use crate::routes::validated;
use crate::scope;
use crate::seed::one_time_password;
use crate::state::AppState;

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AccountPatch {
    /// `restricted` or `revoked` end its sessions and tokens at once; `active` restores it.
    pub status: Option<AccountStatus>,
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub status_reason: Option<String>,
    /// Extend ("gia hạn") or limit the account's validity.
    pub valid_until: Option<DateTime<Utc>>,
    /// Replaces the roles (each must be one the caller may grant).
    #[validate(nested)]
    pub roles: Option<Vec<RoleBody>>,
    /// Hands a functional account to another person.
    pub holder_person_id: Option<Uuid>,
    /// Sets a new one-time password (answered once) and ends the account's sessions.
    #[serde(default)]
    pub reset_password: bool,
}

/// Restrict, revoke, restore, extend, re-grant, hand over or reset an account.
#[utoipa::path(
    tag = "accounts",
    request_body = AccountPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = AccountWithPassword),
        (status = 403, description = "`forbidden`: a role the caller may not grant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`unit_admin_exists`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/accounts/{id}")]
pub async fn update_account(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<AccountPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let patch = validated(body)?;
    let new_password = patch.reset_password.then(one_time_password);
    let new_hash = new_password.as_deref().map(password::hash).transpose()?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let account = accounts::find_for_update(conn, id)?;
        let roles = accounts::roles(conn, id)?;
        if !may_manage(conn, &caller, &account, &roles)? {
            return Err(ApiError::NotFound);
        }
        let before = AccountView::build(&account, &roles)?;
        if let Some(holder) = patch.holder_person_id {
            let (person, unit) = org::person_with_unit(conn, holder)
                .map_err(|_| unknown_person("holder_person_id"))?;
            if !caller.may(Mode::Act, &scope::person_target(&person, &unit)?) {
                return Err(unknown_person("holder_person_id"));
            }
        }
        if let Some(new_roles) = &patch.roles {
            let grants = grants(conn, &caller, new_roles)?;
            accounts::replace_roles(conn, id, &grants).map_err(account_conflict)?;
        }
        let updated = accounts::update(
            conn,
            id,
            &AccountChanges {
                status: patch.status.map(dto::name),
                status_reason: patch.status_reason.clone().map(Some),
                valid_until: patch.valid_until.map(Some),
                holder_person_id: patch.holder_person_id.map(Some),
                updated_at: Some(now),
            },
        )?;
        let ends_sessions = matches!(
            patch.status,
            Some(AccountStatus::Restricted | AccountStatus::Revoked)
        ) || patch
            .holder_person_id
            .is_some_and(|h| Some(h) != account.holder_person_id)
            || new_hash.is_some();
        if let Some(hash) = &new_hash {
            accounts::reset_password(conn, id, hash, now)?;
        }
        if ends_sessions {
            sessions::revoke_all_of_account(conn, id, None, "account_changed", now)?;
        }
        let updated = if new_hash.is_some() {
            accounts::find(conn, id)?
        } else {
            updated
        };
        let after = AccountView::build(&updated, &accounts::roles(conn, id)?)?;
        let mut entry = AuditEntry::new("account.update", "account", id)
            .unit(roles.iter().find_map(|r| r.unit_id))
            .before(&before)
            .after(&after);
        if new_hash.is_some() {
            entry.action = "account.password_reset".to_owned();
        }
        audit::append(conn, &caller.audit, &[entry], now)?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(AccountWithPassword {
        account: view,
        one_time_password: new_password,
    }))
}
