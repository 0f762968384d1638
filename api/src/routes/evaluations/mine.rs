use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use domain::PersonId;
use persistence::models::evaluations::NewEvaluation;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::evaluations as store;
use persistence::queries::{chain as snapshot, org, rules};
use serde::Deserialize;
use utoipa::IntoParams;

use super::EvaluationView;
use super::flow::{respond, view};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::routes::rules::parse_period;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineQuery {
    #[param(example = "2026-11")]
    pub period: String,
}

/// The caller's own evaluation for a month, created as `draft` on first read with the form of
/// their post in force on the month's first day and the evaluators of the chain.
#[utoipa::path(
    tag = "evaluations",
    params(MineQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluationView, headers(("ETag" = String, description = "The version to send back in If-Match"))),
        (status = 404, description = "`not_found`: the account has no person", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evaluations/mine")]
pub async fn my_evaluation(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MineQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    let person_id = caller.person_id.ok_or(ApiError::NotFound)?;
    let now = Utc::now();
    let view = db::transaction(&state.pool, move |conn| {
        let key = period.to_string();
        let evaluation = match store::of_person(conn, person_id, &key)? {
            Some(existing) => existing,
            None => {
                let (person, unit) = org::person_with_unit(conn, person_id)?;
                let publishing = org::publishing_unit(conn, &unit)?;
                let forms = rules::forms_in_force(conn, period.first_day())?;
                let form = forms
                    .iter()
                    .find(|f| i16::from(f.code.get()) == person.form_code)
                    .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no form {} in force", person.form_code)))?;
                // The unit's extension is kept with the evaluation; one that no longer fits
                // the form in force is left out rather than blocking the month.
                let extension = rules::form_extension(conn, publishing.id, person.form_code)?
                    .filter(|ext| form.extend(ext).is_ok())
                    .and_then(|ext| serde_json::to_value(ext).ok());
                let chain = domain::chain::resolve(&snapshot::snapshot_for(conn, person_id)?, PersonId(person_id), period).ok();
                let created = store::create(
                    conn,
                    &NewEvaluation {
                        person_id,
                        period: &key,
                        unit_id: unit.id,
                        publishing_unit_id: publishing.id,
                        form_code: person.form_code,
                        form_version: i32::try_from(form.version).unwrap_or(1),
                        state: "draft",
                        reviewer_id: chain.as_ref().and_then(|c| c.reviewer.map(|r| r.0)),
                        decider_id: chain.as_ref().map(|c| c.decider.0),
                        form_extension: extension,
                        chain_rule: &chain.as_ref().map_or_else(|| "no_decider".to_owned(), |c| c.rule_code()),
                    },
                )?;
                audit::append(
                    conn,
                    &caller.audit,
                    &[AuditEntry::new("evaluation.create", "evaluation", created.id).unit(Some(publishing.id)).after(serde_json::json!({"period": key, "person_id": person_id, "form_code": created.form_code, "form_version": created.form_version}))],
                    now,
                )?;
                created
            }
        };
        view(conn, &evaluation)
    })
    .await?;
    Ok(respond(view))
}
