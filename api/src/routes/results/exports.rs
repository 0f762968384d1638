use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use domain::access::Mode;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::org;
use uuid::Uuid;

use super::summary::PeriodParam;
use crate::auth::Caller;
use crate::db;
use crate::dto::evaluations::TotalsView;
use crate::error::{ApiError, Problem};
use crate::exports::{form_pdf, summary_xlsx};
use crate::jobs::import_file::XLSX_MIME;
use crate::routes::attachment;
use crate::services::calendar::parse_period;
use crate::services::results::{not_publishing, recorded_month, require_summary_access};
use crate::services::workflow as flow;
use crate::state::AppState;

fn points(p: Option<domain::Points>) -> Option<f64> {
    p.and_then(|p| p.to_string().parse().ok())
}

/// The unit summary list as XLSX (Điều 13.2), grouped by quota group; every export is audited.
#[utoipa::path(
    tag = "results",
    params(PeriodParam),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The XLSX file", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/summary.xlsx")]
pub async fn export_summary_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PeriodParam>,
) -> Result<HttpResponse, ApiError> {
    let period = parse_period(&query.period)?;
    let id = id.into_inner();
    let now = Utc::now();
    let (bytes, code) = db::transaction(&state.pool, move |conn| {
        let unit = org::unit(conn, id)?;
        require_summary_access(conn, &caller, &unit, period)?;
        if unit.level == "department" {
            return Err(not_publishing());
        }
        let month = recorded_month(conn, &unit, period)?;
        let groups: Vec<summary_xlsx::Group> = month
            .groups
            .iter()
            .map(|g| summary_xlsx::Group {
                name: g.name.clone(),
                max_a: g.quota.max_a,
                used_a: g.quota.used_a,
                lines: g
                    .members
                    .iter()
                    .map(|m| summary_xlsx::Line {
                        full_name: m.person.full_name.clone(),
                        title: m.person.position.title.clone(),
                        self_total: points(m.totals.self_total),
                        rank_self: m.rank_self.map(flow::rank_name),
                        reviewer_total: points(m.totals.reviewer),
                        decider_total: points(m.totals.decider),
                        rank_final: m.rank_final.map(flow::rank_name),
                        note: if m.qualified_a {
                            "Đủ điều kiện A, xếp B do chỉ tiêu".to_owned()
                        } else if !matches!(m.state.as_str(), "decided" | "published") {
                            format!("Chưa quyết định ({})", m.state)
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            })
            .collect();
        let label = format!("{:02}/{}", period.month(), period.year());
        let bytes = summary_xlsx::build(&unit.name, &label, &groups)?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("export.summary_xlsx", "unit", id)
                .unit(Some(id))
                .after(serde_json::json!({"period": period.to_string(), "bytes": bytes.len()}))],
            now,
        )?;
        Ok((bytes, unit.code))
    })
    .await?;
    Ok(attachment(
        XLSX_MIME,
        &format!("tong-hop-{code}-{}.xlsx", query.period),
        bytes,
    ))
}

/// The individual form with its three columns as PDF; every export is audited.
#[utoipa::path(
    tag = "evaluations",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, description = "The PDF file", content_type = "application/pdf"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evaluations/{id}/form.pdf")]
pub async fn export_form_pdf(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let now = Utc::now();
    let caches = state.caches.clone();
    let bytes = db::transaction(&state.pool, move |conn| {
        let mut l = flow::load(conn, &caches, caller.org_version, id)?;
        flow::follow_the_org(conn, &caches, &mut l)?;
        caller.require(Mode::Read, &flow::target(&l)?)?;
        let publishing = org::unit(conn, l.evaluation.publishing_unit_id)?;
        let lines = flow::lines(&l.evaluation);
        let by_id: HashMap<&str, &crate::dto::evaluations::ScoreLine> = lines
            .iter()
            .map(|line| (line.criterion_id.as_str(), line))
            .collect();
        let flat = l.form.flatten();
        let parents: HashMap<&str, Option<&str>> = flat
            .iter()
            .map(|c| (c.id.as_str(), c.parent_id.as_deref()))
            .collect();
        let depth = |id: &str| {
            let mut depth = 0;
            let mut current = parents.get(id).copied().flatten();
            while let Some(parent) = current {
                depth += 1;
                current = parents.get(parent).copied().flatten();
            }
            depth
        };
        let show = |p: Option<domain::Points>| p.map(|p| p.to_string()).unwrap_or_default();
        let rows = flat
            .iter()
            .map(|c| {
                let line = by_id.get(c.id.as_str());
                let is_group = flat
                    .iter()
                    .any(|other| other.parent_id.as_deref() == Some(c.id.as_str()));
                form_pdf::Row {
                    label: format!("{}. {}", c.id, c.label),
                    depth: depth(&c.id),
                    max_points: c.max_points.to_string(),
                    self_points: show(line.and_then(|l| l.self_points)),
                    reviewer: show(line.and_then(|l| l.reviewer)),
                    decider: show(line.and_then(|l| l.decider)),
                    bold: is_group,
                }
            })
            .collect();
        let totals: TotalsView = flow::totals(&l.evaluation);
        let comments = flow::comments(&l.evaluation);
        let rank_final = flow::parse_rank(&l.evaluation.rank_final)
            .map(|r| format!("{} — {}", flow::rank_name(r), r.label_vi()))
            .unwrap_or_else(|| "chưa quyết định".to_owned());
        let doc = form_pdf::FormDocument {
            form_title: l.form.title.clone(),
            unit_name: publishing.name.clone(),
            person_name: l.person.full_name.clone(),
            position: l.person.position_title.clone(),
            month_label: format!("{:02}/{}", l.period.month(), l.period.year()),
            rows,
            totals: [
                show(totals.self_total),
                show(totals.reviewer),
                show(totals.decider),
            ],
            rank_self: flow::parse_rank(&l.evaluation.rank_self)
                .map(|r| format!("{} — {}", flow::rank_name(r), r.label_vi()))
                .unwrap_or_default(),
            rank_final,
            comments: [
                ("Ý kiến cá nhân", comments.self_comment),
                ("Ý kiến người nhận xét", comments.reviewer),
                ("Ý kiến cấp có thẩm quyền", comments.decider),
            ]
            .into_iter()
            .filter_map(|(who, text)| text.map(|t| (who.to_owned(), t)))
            .collect(),
            footer: format!(
                "Mẫu phiếu số {} (phiên bản {}), phiếu lần {}, trạng thái: {}",
                l.evaluation.form_code,
                l.evaluation.form_version,
                l.evaluation.revision,
                crate::services::search::state_label(&l.evaluation.state).to_lowercase()
            ),
        };
        let bytes =
            form_pdf::build(&doc).map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))?;
        audit::append(
            conn,
            &caller.audit,
            &[AuditEntry::new("export.form_pdf", "evaluation", id)
                .unit(Some(publishing.id))
                .after(serde_json::json!({"bytes": bytes.len()}))],
            now,
        )?;
        Ok(bytes)
    })
    .await?;
    Ok(attachment(
        "application/pdf",
        &format!("phieu-danh-gia-{id}.pdf"),
        bytes,
    ))
}
