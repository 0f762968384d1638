//! `/evaluator-rules`: the post rules of Điều 10.1 (DESIGN 2.4 rule 6), which office decides
//! which; seeded by migration, editable by operators.

use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use domain::chain::{PostRule, check_post_rules};
use domain::org::Office;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::chain as store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::state::AppState;

/// One post rule (Điều 10.1): the holder of a post tagged `office` is decided by the holder of
/// the first office of `decided_by` that someone holds; an empty `decided_by` means the office
/// is evaluated outside the system, by the central level (`evaluated_outside`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EvaluatorRule {
    /// The office evaluated, e.g. `giam_doc_so`.
    #[schema(example = "giam_doc_so")]
    pub office: String,
    /// The deciding offices, in order of preference, e.g. `["chu_tich_ubnd_tp"]`.
    #[schema(example = json!(["chu_tich_ubnd_tp"]))]
    pub decided_by: Vec<String>,
    /// True when `decided_by` is empty (read only; ignored in a `PUT`).
    #[serde(default)]
    pub evaluated_outside: bool,
}

impl From<&PostRule> for EvaluatorRule {
    fn from(rule: &PostRule) -> Self {
        Self {
            office: rule.office.code().to_owned(),
            decided_by: rule
                .decided_by
                .iter()
                .map(|o| o.code().to_owned())
                .collect(),
            evaluated_outside: rule.decided_by.is_empty(),
        }
    }
}

/// The rule table and the office codes a post may carry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvaluatorRules {
    /// The rules, one per office.
    pub rules: Vec<EvaluatorRule>,
    /// Every known office code (read only; ignored in a `PUT`).
    #[serde(default)]
    pub offices: Vec<String>,
}

impl EvaluatorRules {
    fn of(rules: &[PostRule]) -> Self {
        Self {
            rules: rules.iter().map(EvaluatorRule::from).collect(),
            offices: Office::ALL.iter().map(|o| o.code().to_owned()).collect(),
        }
    }
}

fn unknown_office(field: &str, code: &str) -> FieldError {
    FieldError::new(
        field,
        "unknown_office",
        &format!("Không có chức danh \"{code}\" trong danh sách của Điều 10.1."),
        &format!("Unknown office \"{code}\"."),
    )
}

/// Reads a table sent by an operator: every code known, one rule per office, no office deciding
/// itself; every problem is reported as a field error.
fn parse(body: &EvaluatorRules) -> Result<Vec<PostRule>, ApiError> {
    let mut errors = Vec::new();
    let mut rules = Vec::with_capacity(body.rules.len());
    for (i, rule) in body.rules.iter().enumerate() {
        let office = Office::from_code(&rule.office);
        if office.is_none() {
            errors.push(unknown_office(&format!("rules[{i}].office"), &rule.office));
        }
        let mut decided_by = Vec::with_capacity(rule.decided_by.len());
        for (j, code) in rule.decided_by.iter().enumerate() {
            match Office::from_code(code) {
                Some(o) => decided_by.push(o),
                None => errors.push(unknown_office(&format!("rules[{i}].decided_by[{j}]"), code)),
            }
        }
        if let Some(office) = office {
            rules.push((i, PostRule { office, decided_by }));
        }
    }
    if errors.is_empty() {
        let plain: Vec<PostRule> = rules.iter().map(|(_, r)| r.clone()).collect();
        if let Err((k, problem)) = check_post_rules(&plain) {
            let i = rules.get(k).map_or(k, |(i, _)| *i);
            errors.push(match problem {
                domain::chain::PostRuleError::Duplicate(_) => FieldError::new(
                    &format!("rules[{i}].office"),
                    "duplicate_office",
                    "Mỗi chức danh chỉ có một quy tắc.",
                    "Each office has one rule.",
                ),
                domain::chain::PostRuleError::SelfDecided(_) => FieldError::new(
                    &format!("rules[{i}].decided_by"),
                    "decides_itself",
                    "Một chức danh không tự đánh giá chính mình.",
                    "An office cannot decide itself.",
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(rules.into_iter().map(|(_, r)| r).collect())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The post rules of Điều 10.1 in force (any signed-in caller).
#[utoipa::path(
    tag = "rules",
    security(("bearer_auth" = [])),
    responses((status = 200, body = EvaluatorRules))
)]
#[get("/evaluator-rules")]
pub async fn get_evaluator_rules(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let rules = db::run(&state.pool, |conn| Ok(store::post_rules(conn)?)).await?;
    Ok(HttpResponse::Ok().json(EvaluatorRules::of(&rules)))
}

/// Replace the post rules (operators; audited). Offices left out get no post rule: their
/// holders follow the default rules (the parent unit's head).
#[utoipa::path(
    tag = "rules",
    request_body = EvaluatorRules,
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = EvaluatorRules),
        (status = 404, description = "`not_found`: operators only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (`unknown_office`, `duplicate_office`, `decides_itself`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/evaluator-rules")]
pub async fn put_evaluator_rules(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<EvaluatorRules>,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    let rules = parse(&body)?;
    let now = Utc::now();
    let stored = db::transaction(&state.pool, move |conn| {
        let before = store::post_rules(conn)?;
        store::set_post_rules(conn, &rules, caller.audit.account_id)?;
        let after = store::post_rules(conn)?;
        audit::append(
            conn,
            &caller.audit,
            &[
                AuditEntry::new("evaluator_rules.update", "evaluator_rules", "dieu_10_1")
                    .before(EvaluatorRules::of(&before).rules)
                    .after(EvaluatorRules::of(&after).rules),
            ],
            now,
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(EvaluatorRules::of(&stored)))
}
