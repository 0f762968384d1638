//! `GET /me`: who the caller is.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, FixedOffset};
use persistence::queries::{accounts, org};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::db;
use crate::dto::people::Position;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// The caller's account, roles and person, and the time the rules see.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub account: MeAccount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<MePerson>,
    /// "Now" for the rules (calendar windows), Hanoi time (+07:00). The real time in production;
    /// a demo may start it elsewhere (`RULES_CLOCK_AT`). Clients read this month from here, not
    /// from their own clock.
    #[schema(example = "2026-11-21T09:00:00+07:00")]
    pub rules_now: DateTime<FixedOffset>,
    /// The month `rules_now` falls in (`YYYY-MM`, Hanoi time): the period to show by default.
    #[schema(example = "2026-11", pattern = r"^\d{4}-(0[1-9]|1[0-2])$")]
    pub current_period: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeAccount {
    pub id: Uuid,
    pub username: String,
    pub must_change_password: bool,
    pub roles: Vec<MeRole>,
}

/// A role over a unit subtree or a bloc.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeRole {
    /// `operator`, `bloc_admin`, `unit_admin` or `aggregator`.
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// `party`, `government`, `elected` or `front`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bloc: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MePerson {
    pub id: Uuid,
    pub full_name: String,
    pub unit_id: Uuid,
    pub position: Position,
}

/// Who am I: the signed-in account, its roles and its person.
///
/// Allowed while a password change is pending, so a client can show the change form.
#[utoipa::path(
    tag = "auth",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = MeResponse),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: SignedIn) -> Result<HttpResponse, ApiError> {
    let rules_now = state.clock.now_in_hanoi();
    let response = db::run(&state.pool, move |conn| {
        let account = accounts::find(conn, caller.account_id)?;
        let roles = accounts::roles(conn, account.id)?;
        let person = account
            .person_id
            .map(|id| org::find_person(conn, id))
            .transpose()?;
        Ok(MeResponse {
            account: MeAccount {
                id: account.id,
                username: account.username,
                must_change_password: account.must_change_password,
                roles: roles
                    .into_iter()
                    .map(|r| MeRole {
                        role: r.role,
                        unit_id: r.unit_id,
                        bloc: r.bloc,
                    })
                    .collect(),
            },
            person: match person {
                Some(p) => Some(MePerson {
                    id: p.id,
                    full_name: p.full_name,
                    unit_id: p.unit_id,
                    position: Position {
                        category: crate::dto::parse(&p.position_category)?,
                        title: p.position_title,
                        form_code: p.form_code,
                        office: p.office,
                    },
                }),
                None => None,
            },
            rules_now,
            current_period: rules_now.format("%Y-%m").to_string(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(response))
}
