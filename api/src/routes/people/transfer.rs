use actix_web::{HttpResponse, post, web};
use chrono::{Duration, Utc};
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org::{self, PostFields};
use persistence::queries::{accounts, sessions};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{PersonView, Position};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::{ApiError, Problem, vietnam};
use crate::error::{unknown_person, unknown_unit};
use crate::routes::validated;
use crate::scope;
use crate::state::AppState;

/// The new post, and who takes over the duties of the old one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct TransferRequest {
    pub unit_id: Uuid,
    #[validate(nested)]
    pub position: Position,
    /// Takes over the functional accounts (unit admin, aggregator) the person held; without
    /// one, those accounts are left without a holder and their units are reported.
    pub successor_person_id: Option<Uuid>,
    /// Number of the decision handing a unit admin account the person held to the successor
    /// (Điều 7.5); required when there is one to hand over.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub decision_number: Option<String>,
    /// Date of that decision.
    pub decision_date: Option<chrono::NaiveDate>,
    /// The decision or reason, kept in the post history and the audit trail.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// `dry_run=true` previews the transfer: the answer says what would move, nothing changes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TransferQuery {
    #[serde(default)]
    pub dry_run: bool,
}

/// What the hand-over did (Điều 20.4), or with `dry_run` what it would do.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferResult {
    pub person: PersonView,
    /// Fields in charge, delegations and explicit assignments that rested on the old post.
    pub ended_in_charge: usize,
    pub ended_delegations: usize,
    pub ended_assignments: usize,
    /// Unit-scoped roles removed from the person's own account.
    pub removed_roles: Vec<String>,
    /// Functional accounts handed to the successor, or left without a holder.
    pub handed_over_accounts: Vec<HandedOver>,
    /// Units whose admin account now has no holder.
    pub units_lacking_admin: Vec<Uuid>,
    /// Open evaluations that followed the person to the new post (decided ones stay).
    pub moved_evaluations: Vec<MovedEvaluation>,
}

/// An open evaluation moved by the transfer.
#[derive(Debug, Serialize, ToSchema)]
pub struct MovedEvaluation {
    pub id: Uuid,
    pub period: String,
    /// The new post has another criteria form: the evaluation started over as a draft.
    pub restarted: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandedOver {
    pub account_id: Uuid,
    pub username: String,
    pub to_person_id: Option<Uuid>,
}

/// Move a person to a new post and hand over the duties of the old one, in one transaction.
/// With `dry_run=true` the same checks and steps run and are rolled back: the answer shows
/// what would end, move and change hands before the transfer is confirmed.
#[utoipa::path(
    tag = "organisation",
    params(TransferQuery),
    request_body = TransferRequest,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = TransferResult),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_unit`, `unknown_person`, `decision_required`, `form_does_not_fit_post`, `unknown_office`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people/{id}/transfer")]
pub async fn transfer_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<TransferQuery>,
    body: web::Json<TransferRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let request = validated(body)?;
    let now = Utc::now();
    // Rights of the old post end with the day before the transfer (Vietnam's calendar).
    let last_day = (now.with_timezone(&vietnam()) - Duration::days(1)).date_naive();
    let transfer = move |conn: &mut diesel::PgConnection| {
        let (person, old_unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Act, &scope::person_target(&person, &old_unit)?)?;
        // Nobody moves themself, through a personal or a functional account they hold.
        if caller.acts_as_person(id) {
            return Err(ApiError::Forbidden);
        }
        let new_unit = org::unit(conn, request.unit_id).map_err(|_| unknown_unit("unit_id"))?;
        if !new_unit.active || !caller.may(Mode::Act, &scope::unit_target(&new_unit)?) {
            return Err(unknown_unit("unit_id"));
        }
        if let Some(successor) = request.successor_person_id {
            let (other, other_unit) = org::person_with_unit(conn, successor)
                .map_err(|_| unknown_person("successor_person_id"))?;
            if successor == id
                || !other.active
                || !caller.may(Mode::Act, &scope::person_target(&other, &other_unit)?)
            {
                return Err(unknown_person("successor_person_id"));
            }
        }
        super::check_form_fits(
            conn,
            request.position.category,
            request.position.form_code,
            "position.form_code",
        )?;
        let before = PersonView::load(conn, &person)?;
        let (ended_in_charge, ended_delegations, ended_assignments) =
            org::end_post_rights(conn, id, last_day)?;
        let reason = request
            .reason
            .clone()
            .unwrap_or_else(|| "transfer".to_owned());
        let moved = org::change_post(
            conn,
            id,
            &PostFields {
                unit_id: new_unit.id,
                category: dto::name(request.position.category),
                title: request.position.title.trim().to_owned(),
                form_code: request.position.form_code,
                office: request.position.office.clone(),
            },
            &reason,
            now,
        )
        .map_err(super::external_id_taken)?;
        crate::services::webhooks::person_transferred(conn, &moved, &old_unit, &new_unit, now)?;

        let mut removed_roles = Vec::new();
        if let Some(own) = accounts::of_person(conn, id)? {
            removed_roles = accounts::remove_unit_roles(conn, own.id)?
                .into_iter()
                .map(|r| r.role)
                .collect();
        }
        let mut handed_over_accounts = Vec::new();
        let mut units_lacking_admin = Vec::new();
        for account in accounts::held_by(conn, id)? {
            let holds_unit_admin = accounts::roles(conn, account.id)?
                .iter()
                .any(|r| r.role == "unit_admin");
            if holds_unit_admin && request.successor_person_id.is_some() {
                let (number, date) = dto::handover_decision(
                    request.decision_number.as_deref(),
                    request.decision_date,
                )?;
                accounts::record_unit_admin_decision(conn, account.id, number, date)?;
            }
            accounts::set_holder(conn, account.id, request.successor_person_id, now)?;
            // The old holder knew the password: end its sessions either way.
            sessions::revoke_all_of_account(conn, account.id, None, "handed_over", now)?;
            if request.successor_person_id.is_none() {
                units_lacking_admin.extend(
                    accounts::roles(conn, account.id)?
                        .into_iter()
                        .filter(|r| r.role == "unit_admin")
                        .filter_map(|r| r.unit_id),
                );
            }
            handed_over_accounts.push(HandedOver {
                account_id: account.id,
                username: account.username,
                to_person_id: request.successor_person_id,
            });
        }
        let moved_evaluations =
            move_open_evaluations(conn, &moved, &new_unit, &caller, &reason, now)?;
        let result = TransferResult {
            person: PersonView::load(conn, &moved)?,
            ended_in_charge,
            ended_delegations,
            ended_assignments,
            removed_roles,
            handed_over_accounts,
            units_lacking_admin,
            moved_evaluations,
        };
        audit::append(
            conn,
            &caller.audit,
            &[
                AuditEntry::new("person.transfer", "person", id)
                    .unit(Some(old_unit.id))
                    .before(&before)
                    .after(&result),
                AuditEntry::new("person.transfer_in", "person", id)
                    .unit(Some(new_unit.id))
                    .after(&result.person),
            ],
            now,
        )?;
        Ok(result)
    };
    let result = if query.dry_run {
        db::rehearse(&state.pool, transfer).await?
    } else {
        db::transaction(&state.pool, transfer).await?
    };
    Ok(HttpResponse::Ok().json(result))
}

/// Open evaluations follow the person to the new post (`domain::workflow::on_transfer`): new
/// unit, form and evaluators; a new form restarts them as drafts.
fn move_open_evaluations(
    conn: &mut diesel::PgConnection,
    person: &persistence::models::org::Person,
    new_unit: &persistence::models::org::Unit,
    caller: &Caller,
    reason: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<MovedEvaluation>, ApiError> {
    use domain::workflow::{self, State, TransferEffect};
    use persistence::convert::parse_enum;
    use persistence::queries::evaluations as store;

    let publishing = org::publishing_unit(conn, new_unit)?;
    let mut moved = Vec::new();
    for evaluation in store::unpublished_of_person(conn, person.id)? {
        let state: State = parse_enum(&evaluation.state)?;
        let effect = workflow::on_transfer(state, evaluation.form_code != person.form_code);
        if effect == TransferEffect::Stays {
            continue;
        }
        let period: domain::Period = evaluation
            .period
            .parse()
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("bad stored period")))?;
        let form = persistence::queries::rules::forms_in_force(conn, period.first_day())?
            .into_iter()
            .find(|f| i16::from(f.code.get()) == person.form_code)
            .ok_or_else(|| {
                ApiError::field(
                    "position.form_code",
                    "no_form_in_force",
                    "Mẫu phiếu của vị trí mới chưa có hiệu lực cho kỳ đang mở.",
                    "The new post's form is not in force for the open period.",
                )
            })?;
        let mut changes = evaluation.changes();
        crate::services::workflow::refresh_chain(conn, None, &mut changes, person.id, period)?;
        let restarted = effect == TransferEffect::FollowsAsNewDraft;
        if restarted {
            changes.state = "draft".to_owned();
            changes.scores = serde_json::json!([]);
            changes.totals = serde_json::json!({});
            changes.comments = serde_json::json!({});
            changes.rank_self = None;
            changes.self_submitted_at = None;
            changes.reviewed_at = None;
            changes.flags = Vec::new();
        }
        let version = i32::try_from(form.version).unwrap_or(1);
        let extension =
            persistence::queries::rules::form_extension(conn, publishing.id, person.form_code)?
                .filter(|ext| form.extend(ext).is_ok())
                .and_then(|ext| serde_json::to_value(ext).ok());
        let to = store::Destination {
            unit_id: new_unit.id,
            form_code: person.form_code,
            form_version: version,
            form_extension: extension,
        };
        let updated = store::move_to(conn, &evaluation, &to, &changes, now)?;
        store::add_event(
            conn,
            &store::NewEvent {
                evaluation_id: evaluation.id,
                at: now,
                account_id: caller.audit.account_id,
                transition: "transfer",
                from_state: &evaluation.state,
                to_state: &updated.state,
                acted_as: "administrator",
                reason: Some(reason),
                revision: updated.revision,
            },
        )?;
        moved.push(MovedEvaluation {
            id: evaluation.id,
            period: evaluation.period.clone(),
            restarted,
        });
    }
    Ok(moved)
}
