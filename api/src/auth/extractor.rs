//! Extractors for signed-in callers. Every protected route takes one of them:
//! [`CurrentUser`] normally, [`SignedIn`] only where a pending password change is allowed.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use persistence::models::accounts::Account;
use persistence::queries::sessions::{self, AccessState};
use uuid::Uuid;

use super::jwt::{ACCESS, AccessClaims};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// A caller with a valid access token whose account is active and whose session is open.
/// Checked against the database on every request, so logout, revocation and refresh-token
/// reuse end access at once.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account_id: Uuid,
    pub session_id: Uuid,
    pub username: String,
    pub must_change_password: bool,
}

/// A [`SignedIn`] caller who has no pending forced password change.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub SignedIn);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))
            .and_then(|state| Ok((verified_claims(req, &state)?, state)));
        Box::pin(async move {
            let (claims, state) = checked?;
            authenticate_account(&state, claims).await
        })
    }
}

/// Checks that the account and session a person's token names are still good.
pub(crate) async fn authenticate_account(
    state: &AppState,
    claims: AccessClaims,
) -> Result<SignedIn, ApiError> {
    db::run(&state.pool, move |conn| {
        authenticate_in(conn, &claims, Utc::now()).map(|(signed_in, ..)| signed_in)
    })
    .await
}

/// [`authenticate_account`] on a connection the caller already holds (one checkout per
/// request); also returns the account, for what the caller reads next, and the organisation's
/// version read with it.
pub(crate) fn authenticate_in(
    conn: &mut PgConnection,
    claims: &AccessClaims,
    now: DateTime<Utc>,
) -> Result<(SignedIn, Account, i64), ApiError> {
    if claims.typ != ACCESS {
        return Err(ApiError::Unauthenticated);
    }
    let found = sessions::access_state(conn, claims.sub, claims.sid)?;
    check_access(claims, found, now)
}

/// Whether `found`, the [`AccessState`] read for the session `claims` name (`None` when it does
/// not exist), lets the token in: an access token, an open session, an active account.
pub(crate) fn check_access(
    claims: &AccessClaims,
    found: Option<AccessState>,
    now: DateTime<Utc>,
) -> Result<(SignedIn, Account, i64), ApiError> {
    let Some((account, session, org_version)) = found.filter(|_| claims.typ == ACCESS) else {
        return Err(ApiError::Unauthenticated);
    };
    let open = session.revoked_at.is_none() && session.expires_at > now;
    let valid = account.status == "active" && account.valid_until.is_none_or(|until| until > now);
    if !open || !valid {
        return Err(ApiError::Unauthenticated);
    }
    let signed_in = SignedIn {
        account_id: account.id,
        session_id: session.id,
        username: account.username.clone(),
        must_change_password: account.must_change_password,
    };
    Ok((signed_in, account, org_version))
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        Box::pin(async move {
            let signed_in = signed_in.await?;
            if signed_in.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(CurrentUser(signed_in))
        })
    }
}

/// The claims of the request's bearer token, its signature and expiry checked once per request:
/// the service-call middleware and the caller's extractor both need them, and checking a token
/// is a tenth of a read's work (docs/benchmarks.md). Kept in the request's extensions.
pub(crate) fn verified_claims(
    req: &HttpRequest,
    state: &AppState,
) -> Result<AccessClaims, ApiError> {
    if let Some(claims) = req.extensions().get::<AccessClaims>() {
        return Ok(claims.clone());
    }
    let claims = state.jwt.decode(&bearer_token(req)?)?;
    req.extensions_mut().insert(claims.clone());
    Ok(claims)
}

pub(crate) fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthenticated)?;
    let (scheme, token) = value.split_once(' ').ok_or(ApiError::Unauthenticated)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::Unauthenticated);
    }
    Ok(token.trim().to_owned())
}
