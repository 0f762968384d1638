use actix_web::{HttpResponse, get, web};
use persistence::queries::accounts;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{AccountPage, AccountView, may_manage, refuse_service_clients};
use crate::auth::Caller;
use crate::db;
use crate::dto;
use crate::error::{ApiError, Problem};
use crate::scope;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountQuery {
    /// Part of the username.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<i64>,
}

/// Accounts the caller manages, by username, keyset-paged.
#[utoipa::path(
    tag = "accounts",
    params(AccountQuery),
    security(("bearer_auth" = [])),
    responses(
        (status = 200, body = AccountPage),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: service clients manage no account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    refuse_service_clients(&caller)?;
    let query = query.into_inner();
    let limit = dto::page_limit(query.limit);
    let page = db::run(&state.pool, move |conn| {
        let visibility = scope::account_visibility(conn, &caller.actor)?;
        let text = query.q.as_deref().filter(|q| !q.trim().is_empty());
        let (rows, next_cursor) = dto::keyset_page(
            conn,
            limit,
            query.cursor,
            |conn, after: Option<&String>, n| {
                let rows = accounts::list(conn, &visibility, text, after.map(String::as_str), n)?;
                let ids: Vec<_> = rows.iter().map(|a| a.id).collect();
                let roles = accounts::roles_of(conn, &ids)?;
                Ok::<_, ApiError>(
                    rows.into_iter()
                        .map(|account| {
                            let own: Vec<_> = roles
                                .iter()
                                .filter(|r| r.account_id == account.id)
                                .cloned()
                                .collect();
                            (account, own)
                        })
                        .collect::<Vec<_>>(),
                )
            },
            |(account, _)| account.username.clone(),
            |conn, (account, own)| may_manage(conn, &caller, account, own),
        )?;
        let items = rows
            .iter()
            .map(|(account, own)| AccountView::build(account, own))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AccountPage { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
