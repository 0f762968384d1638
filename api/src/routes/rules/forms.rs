use actix_web::{HttpResponse, get, post, put, web};
use chrono::{NaiveDate, Utc};
use domain::criteria::{CriterionKind, Form, FormCode};
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::rules;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, FieldError, Problem};
use crate::state::AppState;

/// A criteria form in force (API.md `GET /forms/{code}`).
#[derive(Debug, Serialize, ToSchema)]
pub struct FormView {
    #[schema(minimum = 1, maximum = 19)]
    pub code: u8,
    pub title: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    /// Shipped default, to be replaced by the official text (editable without a code change).
    pub editable_default: bool,
    pub criteria: Vec<CriterionView>,
}

/// One criterion of the flattened tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub parent_id: Option<String>,
    pub label: String,
    /// `score`, `completion_band`, `bonus` or `deduction`.
    #[schema(value_type = String, example = "score")]
    pub kind: CriterionKind,
    #[schema(value_type = f64, example = 10)]
    pub max_points: domain::Points,
}

impl From<&Form> for FormView {
    fn from(form: &Form) -> Self {
        Self {
            code: form.code.get(),
            title: form.title.clone(),
            version: form.version,
            effective_from: form.effective_from,
            editable_default: form.editable_default,
            criteria: form
                .flatten()
                .into_iter()
                .map(|c| CriterionView {
                    id: c.id,
                    parent_id: c.parent_id,
                    label: c.label,
                    kind: c.kind,
                    max_points: c.max_points,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormQuery {
    /// The date the forms must be in force on (default: today, Vietnam time).
    pub on: Option<NaiveDate>,
}

fn today(state: &AppState) -> NaiveDate {
    state
        .clock
        .now()
        .with_timezone(&domain::calendar::HANOI)
        .date_naive()
}

/// The version of each of the 19 forms in force.
#[utoipa::path(tag = "rules", params(FormQuery), security(("bearer_auth" = [])), responses((status = 200, body = Vec<FormView>)))]
#[get("/forms")]
pub async fn list_forms(
    state: web::Data<AppState>,
    _caller: Caller,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, ApiError> {
    let on = query.on.unwrap_or_else(|| today(&state));
    let forms = db::run(&state.pool, move |conn| {
        Ok(rules::forms_in_force(conn, on)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(forms.iter().map(FormView::from).collect::<Vec<_>>()))
}

/// One form in force, by code (1–19).
#[utoipa::path(
    tag = "rules",
    params(FormQuery),
    security(("bearer_auth" = [])),
    responses((status = 200, body = FormView), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"))
)]
#[get("/forms/{code}")]
pub async fn get_form(
    state: web::Data<AppState>,
    _caller: Caller,
    code: web::Path<u8>,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = FormCode::new(code.into_inner()).map_err(|_| ApiError::NotFound)?;
    let on = query.on.unwrap_or_else(|| today(&state));
    let forms = db::run(&state.pool, move |conn| {
        Ok(rules::forms_in_force(conn, on)?)
    })
    .await?;
    let form = forms
        .iter()
        .find(|f| f.code == code)
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(FormView::from(form)))
}

/// A stored version of a form: its criteria as shown, and its whole definition as stored (the
/// body `POST /forms/{code}/versions` takes, so a new version starts from an old one).
#[derive(Debug, Serialize, ToSchema)]
pub struct FormVersionView {
    #[serde(flatten)]
    pub form: FormView,
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
}

/// Every stored version of a form, oldest first (to read or compare them).
#[utoipa::path(
    tag = "rules",
    security(("bearer_auth" = [])),
    responses((status = 200, body = Vec<FormVersionView>), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"))
)]
#[get("/forms/{code}/versions")]
pub async fn list_form_versions(
    state: web::Data<AppState>,
    _caller: Caller,
    code: web::Path<u8>,
) -> Result<HttpResponse, ApiError> {
    let code = FormCode::new(code.into_inner()).map_err(|_| ApiError::NotFound)?;
    let forms = db::run(&state.pool, move |conn| {
        Ok(rules::form_versions(conn, i16::from(code.get()))?)
    })
    .await?;
    let versions = forms
        .iter()
        .map(|form| {
            Ok(FormVersionView {
                form: FormView::from(form),
                definition: serde_json::to_value(form)
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("form: {e}")))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(HttpResponse::Ok().json(versions))
}

/// Store a new version of a form (operators): the full form definition, validated (maxima sum
/// to 100, unique ids, kinds). Evaluations keep the version they were scored with.
#[utoipa::path(
    tag = "rules",
    request_body(content = Object, description = "A form definition as in domain/forms/*.json"),
    security(("bearer_auth" = [])),
    responses(
        (status = 201, body = FormView),
        (status = 404, description = "`not_found`: operators only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: each error names its criterion", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/forms/{code}/versions")]
pub async fn add_form_version(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<u8>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_operator() {
        return Err(ApiError::NotFound);
    }
    let code = FormCode::new(code.into_inner()).map_err(|_| ApiError::NotFound)?;
    let form: Form = serde_json::from_value(body.into_inner()).map_err(|e| {
        ApiError::field(
            "body",
            "invalid_form",
            &format!("Mẫu phiếu không hợp lệ: {e}"),
            &format!("Invalid form: {e}"),
        )
    })?;
    if form.code != code {
        return Err(ApiError::field(
            "code",
            "code_mismatch",
            "Mã mẫu phiếu không khớp đường dẫn.",
            "The form code does not match the path.",
        ));
    }
    if let Err(errors) = form.validate() {
        return Err(ApiError::Validation(
            errors
                .iter()
                .map(|e| {
                    let field = format!("criteria.{}", e.criterion_id().unwrap_or("form"));
                    FieldError::new(&field, "invalid_criterion", &e.to_string(), &e.to_string())
                })
                .collect(),
        ));
    }
    let now = Utc::now();
    let stored = db::transaction(&state.pool, move |conn| {
        let version = rules::add_form_version(conn, &form, caller.audit.account_id)?;
        let stored = rules::form_version(conn, i16::from(code.get()), version)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("form.version", "form", code.get()).after(FormView::from(&stored))],
            now,
        )?;
        Ok(stored)
    })
    .await?;
    Ok(HttpResponse::Created().json(FormView::from(&stored)))
}

/// The form a unit's people are scored with: the version in force and the unit's extension.
#[utoipa::path(
    tag = "rules",
    params(FormQuery),
    security(("bearer_auth" = [])),
    responses((status = 200, body = FormView), (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"))
)]
#[get("/units/{id}/forms/{code}")]
pub async fn get_unit_form(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(uuid::Uuid, u8)>,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, ApiError> {
    let (unit_id, code) = path.into_inner();
    let code = FormCode::new(code).map_err(|_| ApiError::NotFound)?;
    let on = query.on.unwrap_or_else(|| today(&state));
    let form = db::run(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, unit_id)?;
        caller.require(
            domain::access::Mode::Read,
            &crate::scope::unit_target(&unit)?,
        )?;
        let base = rules::forms_in_force(conn, on)?
            .into_iter()
            .find(|f| f.code == code)
            .ok_or(ApiError::NotFound)?;
        let extension = rules::form_extension(conn, unit_id, i16::from(code.get()))?;
        Ok(match extension {
            Some(ext) => base.extend(&ext).unwrap_or(base),
            None => base,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(FormView::from(&form)))
}

/// A unit's extension of a form as stored (`{sub_criteria, deductions}`, both empty when the
/// unit has none): the body `PUT` takes, to change it.
#[utoipa::path(
    tag = "rules",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "`{sub_criteria: [{parent_id, children: [...]}], deductions: [...]}`", body = Object),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/forms/{code}/extension")]
pub async fn get_unit_extension(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(uuid::Uuid, u8)>,
) -> Result<HttpResponse, ApiError> {
    let (unit_id, code) = path.into_inner();
    let code = FormCode::new(code).map_err(|_| ApiError::NotFound)?;
    let extension = db::run(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, unit_id)?;
        caller.require(
            domain::access::Mode::Read,
            &crate::scope::unit_target(&unit)?,
        )?;
        Ok(rules::form_extension(conn, unit_id, i16::from(code.get()))?.unwrap_or_default())
    })
    .await?;
    Ok(HttpResponse::Ok().json(extension))
}

/// Set a unit's extension of a form (its admins): detailed sub-criteria under existing
/// criteria (their maxima sum to the parent's) and a list of deductions. New evaluations use it.
#[utoipa::path(
    tag = "rules",
    request_body(content = Object, description = "`{sub_criteria: [{parent_id, children: [...]}], deductions: [...]}`"),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = FormView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: each error names its criterion", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/units/{id}/forms/{code}/extension")]
pub async fn put_unit_extension(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(uuid::Uuid, u8)>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let (unit_id, code) = path.into_inner();
    let code = FormCode::new(code).map_err(|_| ApiError::NotFound)?;
    let extension: domain::criteria::UnitExtension = serde_json::from_value(body.into_inner())
        .map_err(|e| {
            ApiError::field(
                "body",
                "invalid_extension",
                &format!("Phần bổ sung không hợp lệ: {e}"),
                &format!("Invalid extension: {e}"),
            )
        })?;
    let on = today(&state);
    let now = Utc::now();
    let form = db::transaction(&state.pool, move |conn| {
        let unit = persistence::queries::org::unit(conn, unit_id)?;
        caller.require(
            domain::access::Mode::Act,
            &crate::scope::unit_target(&unit)?,
        )?;
        let base = rules::forms_in_force(conn, on)?
            .into_iter()
            .find(|f| f.code == code)
            .ok_or(ApiError::NotFound)?;
        let extended = base
            .extend(&extension)
            .map_err(|errors| form_errors(&errors))?;
        rules::set_form_extension(
            conn,
            unit_id,
            i16::from(code.get()),
            &extension,
            caller.audit.account_id,
        )?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("form.extension", "unit", unit_id)
                .unit(Some(unit_id))
                .after(&extension)],
            now,
        )?;
        Ok(extended)
    })
    .await?;
    Ok(HttpResponse::Ok().json(FormView::from(&form)))
}

fn form_errors(errors: &[domain::criteria::FormError]) -> ApiError {
    ApiError::Validation(
        errors
            .iter()
            .map(|e| {
                let field = format!("criteria.{}", e.criterion_id().unwrap_or("form"));
                FieldError::new(&field, "invalid_criterion", &e.to_string(), &e.to_string())
            })
            .collect(),
    )
}
