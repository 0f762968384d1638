use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use domain::access::Mode;
use persistence::queries::org;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::Position;
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

/// A post a person held ("quá trình công tác"): where, what, from when until when, and why it
/// changed (the decision of a transfer or a change of post).
#[derive(Debug, Serialize, ToSchema)]
pub struct PostView {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub position: Position,
    pub started_at: DateTime<Utc>,
    /// Absent for the post held now.
    pub ended_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// A person's posts, oldest first, the current one last.
#[utoipa::path(
    tag = "organisation",
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = Vec<PostView>),
        (status = 404, description = "`not_found`: no such person within your scope", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/posts")]
pub async fn list_posts(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let posts = db::run(&state.pool, move |conn| {
        let (person, unit) = org::person_with_unit(conn, id)?;
        caller.require(Mode::Read, &scope::person_target(&person, &unit)?)?;
        let rows = org::post_history(conn, id)?;
        let mut unit_ids: Vec<Uuid> = rows.iter().map(|r| r.unit_id).collect();
        unit_ids.sort();
        unit_ids.dedup();
        let units = org::units_by_ids(conn, &unit_ids)?;
        rows.into_iter()
            .map(|row| {
                let unit_name = units
                    .iter()
                    .find(|u| u.id == row.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                Ok(PostView {
                    unit_id: row.unit_id,
                    unit_name,
                    position: Position {
                        category: dto::parse(&row.position_category)?,
                        title: row.position_title,
                        form_code: row.form_code,
                        office: row.office,
                    },
                    started_at: row.started_at,
                    ended_at: row.ended_at,
                    reason: row.reason,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(posts))
}
