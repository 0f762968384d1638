//! `/accounts`: personal and functional accounts, their roles and life cycle (Điều 3.10–3.11,
//! Điều 7, Điều 20.4). Who may manage which account is `domain::access::may_grant` plus the
//! person policy; an account outside that answers 404.

mod create;
mod list;
mod update;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::PgConnection;
use domain::access::{self, Mode};
use persistence::models::accounts::{Account, AccountRole};
use persistence::queries::accounts::RoleGrant;
use persistence::queries::org;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::dto::Bloc;
use crate::error::ApiError;
use crate::scope;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_accounts)
        .service(create::create_account)
        .service(update::update_account);
}

/// Life-cycle state of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    /// Suspended ("hạn chế"): cannot sign in; its tokens stop working at once.
    Restricted,
    /// Withdrawn ("thu hồi"): cannot sign in; its tokens stop working at once.
    Revoked,
}

/// A role name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Operator,
    BlocAdmin,
    UnitAdmin,
    Aggregator,
}

/// A role over a unit subtree or a bloc, with the decision granting a unit admin role.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct RoleBody {
    pub role: RoleName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bloc: Option<Bloc>,
    /// Number of the decision assigning the unit admin account (required for `unit_admin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub decision_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<NaiveDate>,
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: Uuid,
    pub username: String,
    /// Set for a personal account.
    pub person_id: Option<Uuid>,
    /// For a functional account: the person who currently holds it.
    pub holder_person_id: Option<Uuid>,
    pub status: AccountStatus,
    pub status_reason: Option<String>,
    pub roles: Vec<RoleBody>,
    pub must_change_password: bool,
    pub valid_until: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// An account with its one-time password, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountWithPassword {
    pub account: AccountView,
    /// Give it to the holder; it must be changed at first sign-in. Never shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_time_password: Option<String>,
}

/// A page of accounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountPage {
    pub items: Vec<AccountView>,
    pub next_cursor: Option<String>,
}

impl AccountView {
    pub fn build(account: &Account, roles: &[AccountRole]) -> Result<Self, ApiError> {
        Ok(Self {
            id: account.id,
            username: account.username.clone(),
            person_id: account.person_id,
            holder_person_id: account.holder_person_id,
            status: crate::dto::parse(&account.status)?,
            status_reason: account.status_reason.clone(),
            roles: roles
                .iter()
                .map(|r| {
                    Ok(RoleBody {
                        role: crate::dto::parse(&r.role)?,
                        unit_id: r.unit_id,
                        bloc: r.bloc.as_deref().map(crate::dto::parse).transpose()?,
                        decision_number: r.decision_number.clone(),
                        decision_date: r.decision_date,
                    })
                })
                .collect::<Result<_, persistence::PersistenceError>>()?,
            must_change_password: account.must_change_password,
            valid_until: account.valid_until,
            locked_until: account.locked_until,
        })
    }
}

/// The domain role a body names, with where it applies; checks its shape.
fn domain_role(
    conn: &mut PgConnection,
    body: &RoleBody,
) -> Result<(access::Role, Option<domain::org::UnitScope>), ApiError> {
    let needs_unit = || {
        ApiError::field(
            "roles",
            "role_scope",
            "Vai trò này cần đơn vị (unit_id).",
            "This role needs a unit_id.",
        )
    };
    Ok(match body.role {
        RoleName::Operator => (access::Role::Operator, None),
        RoleName::BlocAdmin => {
            let bloc = body.bloc.ok_or_else(|| {
                ApiError::field(
                    "roles",
                    "role_scope",
                    "Quản trị khối cần khối (bloc).",
                    "A bloc admin role needs a bloc.",
                )
            })?;
            (
                access::Role::BlocAdmin {
                    bloc: persistence::convert::parse_enum(&crate::dto::name(bloc))?,
                },
                None,
            )
        }
        RoleName::UnitAdmin | RoleName::Aggregator => {
            let unit_id = body.unit_id.ok_or_else(needs_unit)?;
            let unit = org::unit(conn, unit_id).map_err(|_| crate::error::unknown_unit("roles"))?;
            let role = if body.role == RoleName::UnitAdmin {
                access::Role::UnitAdmin {
                    unit_id: domain::UnitId(unit_id),
                }
            } else {
                access::Role::Aggregator {
                    unit_id: domain::UnitId(unit_id),
                }
            };
            (role, Some(unit.scope()?))
        }
    })
}

/// Checks every role can be granted by the caller and turns them into grants. A unit admin
/// role needs its decision (Điều 3.10).
fn grants(
    conn: &mut PgConnection,
    caller: &Caller,
    roles: &[RoleBody],
) -> Result<Vec<RoleGrant>, ApiError> {
    roles
        .iter()
        .map(|body| {
            let (role, unit) = domain_role(conn, body)?;
            if !access::may_grant(&caller.actor, &role, unit.as_ref()) {
                return Err(ApiError::Forbidden);
            }
            if body.role == RoleName::UnitAdmin
                && (body.decision_number.is_none() || body.decision_date.is_none())
            {
                return Err(ApiError::field(
                    "roles",
                    "decision_required",
                    "Tài khoản quản trị đơn vị phải được giao bằng quyết định (số và ngày).",
                    "A unit admin account is assigned by a decision (number and date).",
                ));
            }
            Ok(RoleGrant {
                role: crate::dto::name(body.role),
                unit_id: if matches!(body.role, RoleName::UnitAdmin | RoleName::Aggregator) {
                    body.unit_id
                } else {
                    None
                },
                bloc: if body.role == RoleName::BlocAdmin {
                    body.bloc.map(crate::dto::name)
                } else {
                    None
                },
                decision_number: body.decision_number.clone(),
                decision_date: body.decision_date,
            })
        })
        .collect()
}

/// Whether the caller may see and manage an account: it may grant every role the account
/// holds, and act on the person of a personal account. Accounts with neither roles nor a
/// person are the operator's alone.
pub fn may_manage(
    conn: &mut PgConnection,
    caller: &Caller,
    account: &Account,
    roles: &[AccountRole],
) -> Result<bool, ApiError> {
    if !access::may_manage_accounts(&caller.actor) {
        return Ok(false);
    }
    if caller.is_operator() {
        return Ok(true);
    }
    if roles.is_empty() && account.person_id.is_none() {
        return Ok(false);
    }
    for row in roles {
        let role = row.to_domain()?;
        let unit = match row.unit_id {
            Some(id) => Some(org::unit(conn, id)?.scope()?),
            None => None,
        };
        if !access::may_grant(&caller.actor, &role, unit.as_ref()) {
            return Ok(false);
        }
    }
    if let Some(person_id) = account.person_id {
        let (person, unit) = org::person_with_unit(conn, person_id)?;
        if !caller.may(Mode::Act, &scope::person_target(&person, &unit)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Service clients are refused on every `/accounts` route, whatever their scopes (403): an
/// integration that could issue accounts or reset passwords could sign in as a unit head.
fn refuse_service_clients(caller: &Caller) -> Result<(), ApiError> {
    if access::may_manage_accounts(&caller.actor) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Maps account constraints to clear 409s.
pub fn account_conflict(error: persistence::PersistenceError) -> ApiError {
    use persistence::PersistenceError::Constraint;
    match error {
        Constraint(name) if name == "accounts_username_key" => ApiError::conflict(
            "username_taken",
            "Tên đăng nhập đã được dùng.",
            "The username is taken.",
        ),
        Constraint(name) if name == "accounts_person_id_key" => ApiError::conflict(
            "person_has_account",
            "Người này đã có tài khoản cá nhân.",
            "This person already has a personal account.",
        ),
        Constraint(name) if name == "account_roles_one_admin_per_unit" => ApiError::conflict(
            "unit_admin_exists",
            "Mỗi đơn vị chỉ có một tài khoản quản trị.",
            "A unit has exactly one admin account.",
        ),
        other => other.into(),
    }
}
