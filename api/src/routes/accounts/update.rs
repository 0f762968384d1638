use actix_web::{HttpResponse, patch, web};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Mode;
use persistence::queries::accounts::{self, AccountChanges};
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::{org, sessions};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    AccountStatus, AccountView, AccountWithPassword, RoleBody, account_conflict, grants,
    may_manage, refuse_service_clients,
};
use crate::auth::Caller;
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
    /// Hands a functional account to another person. Handing a unit admin account over needs
    /// the decision that does it (`decision_number`, `decision_date`; Điều 7.5).
    pub holder_person_id: Option<Uuid>,
    /// Number of the decision handing a unit admin account to `holder_person_id`.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub decision_number: Option<String>,
    /// Date of that decision.
    pub decision_date: Option<NaiveDate>,
    /// Sets a new one-time password (answered once) and ends the account's sessions.
    #[serde(default)]
    pub reset_password: bool,
}

/// Restrict, revoke, restore, extend, re-grant, hand over or reset an account.
///
/// Nobody restricts, revokes, ends or strips the roles of their own account (403
/// `own_account`), and the last active operator cannot be restricted, revoked, ended or
/// demoted (409 `last_operator`): `api create-operator` on the server is the recovery path.
/// Handing a unit admin account to a new holder needs the decision (Điều 7.5).
#[utoipa::path(
    tag = "accounts",
    request_body = AccountPatch,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = AccountWithPassword),
        (status = 403, description = "`forbidden`: a role the caller may not grant, or a service client; `own_account`: restricting, revoking or demoting one's own account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`unit_admin_exists`, `last_operator`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`decision_required`, `unknown_person`, `role_scope`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/accounts/{id}")]
pub async fn update_account(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<AccountPatch>,
) -> Result<HttpResponse, ApiError> {
    refuse_service_clients(&caller)?;
    let id = id.into_inner();
    let patch = validated(body)?;
    let new_password = patch.reset_password.then(one_time_password);
    let new_hash = match &new_password {
        Some(password) => Some(state.sign_in.hash(password.clone()).await?),
        None => None,
    };
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let account = accounts::find_for_update(conn, id)?;
        let roles = accounts::roles(conn, id)?;
        if !may_manage(conn, &caller, &account, &roles)? {
            return Err(ApiError::NotFound);
        }
        let before = AccountView::build(&account, &roles)?;
        check_no_lockout(conn, &caller, &account, &roles, &patch, now)?;
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
        let new_holder = patch
            .holder_person_id
            .filter(|h| Some(*h) != account.holder_person_id);
        if new_holder.is_some() {
            let holds_unit_admin = accounts::roles(conn, id)?
                .iter()
                .any(|r| r.role == "unit_admin");
            if holds_unit_admin {
                let (number, date) =
                    dto::handover_decision(patch.decision_number.as_deref(), patch.decision_date)?;
                accounts::record_unit_admin_decision(conn, id, number, date)?;
            }
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

/// The system cannot lock itself out: nobody restricts, revokes, ends or strips the roles of
/// their own account, and the last active operator keeps the operator role and stays active.
fn check_no_lockout(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    account: &persistence::models::accounts::Account,
    roles: &[persistence::models::accounts::AccountRole],
    patch: &AccountPatch,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let disables = matches!(
        patch.status,
        Some(AccountStatus::Restricted | AccountStatus::Revoked)
    ) || patch.valid_until.is_some_and(|until| until <= now);
    let kept = |row: &persistence::models::accounts::AccountRole| {
        patch.roles.as_ref().is_none_or(|new| {
            new.iter().any(|body| {
                dto::name(body.role) == row.role
                    && match body.role {
                        super::RoleName::UnitAdmin | super::RoleName::Aggregator => {
                            body.unit_id == row.unit_id
                        }
                        super::RoleName::BlocAdmin => body.bloc.map(dto::name) == row.bloc,
                        super::RoleName::Operator => true,
                    }
            })
        })
    };
    let strips = roles.iter().any(|row| !kept(row));
    let is_operator = roles.iter().any(|r| r.role == "operator");
    let loses_operator = roles.iter().any(|r| r.role == "operator" && !kept(r));
    if account.status == "active" && is_operator && (disables || loses_operator) {
        // Serialises operator changes, so two operators cannot demote each other at once.
        accounts::lock_operator_changes(conn)?;
        if accounts::other_active_operators(conn, account.id, now)? == 0 {
            return Err(ApiError::conflict(
                "last_operator",
                "Đây là tài khoản vận hành cuối cùng còn hoạt động; không thể hạn chế, thu hồi hoặc bỏ vai trò vận hành. Tạo tài khoản vận hành khác trước (api create-operator).",
                "This is the last active operator; it cannot be restricted, revoked or demoted. Create another operator first (api create-operator).",
            ));
        }
    }
    if caller.audit.account_id == Some(account.id) && (disables || strips) {
        return Err(ApiError::Refused {
            status: actix_web::http::StatusCode::FORBIDDEN,
            code: "own_account",
            message_vi:
                "Không ai được tự hạn chế, thu hồi hoặc bớt vai trò của chính tài khoản mình."
                    .to_owned(),
            message_en: "Nobody may restrict, revoke or strip the roles of their own account."
                .to_owned(),
        });
    }
    Ok(())
}
