//! [`Caller`]: any authenticated caller (a person's account or a service client) together with
//! what the domain access policy needs to decide for it. Routes outside `/auth` and `/me` take
//! this extractor and ask [`Caller::may`] before they read or change anything; the hottest reads
//! take [`CallerToken`] and resolve it on the connection of their own work.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::Arc;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use chrono::NaiveDate;
use diesel::PgConnection;
use domain::access::{self, Actor, Mode, PersonalPost, Role, ServiceScope, Target};
use domain::{PersonId, UnitId};
use persistence::convert::parse_enum;
use persistence::queries::audit::AuditActor;
use persistence::queries::sessions::{self, AccessState};
use persistence::queries::{accounts, org, service_clients};
use uuid::Uuid;

use super::extractor::{check_access, verified_claims};
use super::jwt::{AccessClaims, SERVICE};
use crate::db;
use crate::error::ApiError;
use crate::services::cache::{Caches, CallerFacts};
use crate::state::AppState;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Roles and personal post, as the access policy sees them.
    pub actor: Actor,
    /// Who to record in the audit trail.
    pub audit: AuditActor,
    /// The person behind a personal account.
    pub person_id: Option<Uuid>,
    /// For a functional account (unit admin, aggregator): the person who holds it.
    pub holder_person_id: Option<Uuid>,
    /// The organisation's version read when the caller was authenticated (`None` for a service
    /// client): the request takes what is cached at it and need not read it again.
    pub org_version: Option<i64>,
}

impl Caller {
    /// Whether the access policy lets this caller read or act on `target`.
    pub fn may(&self, mode: Mode, target: &Target) -> bool {
        access::allows(&self.actor, mode, target)
    }

    /// `Ok` when allowed; otherwise 404, so nothing outside the caller's scope is revealed.
    pub fn require(&self, mode: Mode, target: &Target) -> Result<(), ApiError> {
        if self.may(mode, target) {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    }

    /// Whether this caller acts as `person`, for every self-check ("nobody decides about
    /// themself", Điều 10): the person of a personal account or the holder of a functional
    /// account; never a service client.
    pub fn acts_as_person(&self, person: Uuid) -> bool {
        self.person_id == Some(person) || self.holder_person_id == Some(person)
    }

    /// Whether the caller holds the powers of the head of publishing unit `unit`: its head, or
    /// its acting head while a delegation lasts (DESIGN 2.4 rule 7).
    pub fn heads(&self, unit: Uuid) -> bool {
        self.actor
            .post
            .as_ref()
            .is_some_and(|p| p.heads(UnitId(unit)))
    }

    /// `Ok` for the operator role.
    pub fn is_operator(&self) -> bool {
        self.actor.roles.iter().any(|r| matches!(r, Role::Operator))
    }

    /// 403 `forbidden` unless the caller is an operator (operations: jobs, backups).
    pub fn require_operator(&self) -> Result<(), crate::error::ApiError> {
        if self.is_operator() {
            Ok(())
        } else {
            Err(crate::error::ApiError::Forbidden)
        }
    }
}

/// A request's verified token whose caller is not read yet: the hottest routes (an evaluation's
/// reads and its workflow's steps, see [`Who`]) read it on the connection of their own work
/// ([`CallerToken::resolve`]), one pool checkout and one hop to the blocking threads per request
/// instead of two. Every other route takes [`Caller`], which is this token resolved on a
/// connection of its own.
#[derive(Clone)]
pub struct CallerToken {
    claims: AccessClaims,
    ip: Option<String>,
    today: NaiveDate,
    caches: Arc<Caches>,
}

impl FromRequest for CallerToken {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(CallerToken::of(req))
    }
}

impl CallerToken {
    /// The request's token, its signature and expiry checked.
    fn of(req: &HttpRequest) -> Result<Self, ApiError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))?;
        let claims = verified_claims(req, state)?;
        // Delegations follow the rules clock, like every other date of the month.
        let today = state
            .clock
            .now()
            .with_timezone(&domain::calendar::HANOI)
            .date_naive();
        Ok(CallerToken {
            claims,
            ip: crate::client_ip::of(req),
            today,
            caches: state.caches.clone(),
        })
    }

    /// The caller this token names, read on `conn`: a service client, or the session and
    /// account (every time: a revoked session or account ends access at once), then the roles
    /// and post (kept while the organisation does not change).
    pub fn resolve(self, conn: &mut PgConnection) -> Result<Caller, ApiError> {
        if self.claims.typ == SERVICE {
            return self.service_client(conn);
        }
        let found = sessions::access_state(conn, self.claims.sub, self.claims.sid)?;
        self.person_account(conn, found)
    }

    /// [`CallerToken::resolve`] and the row the request reads, in one statement: `read(conn,
    /// account_id, session_id)` reads the row (`None` when it does not exist) with the
    /// [`AccessState`] of the session the token names. The most frequent requests (an
    /// evaluation's reads and steps) take their caller and their row in one round trip. When
    /// the row does not exist, the caller is read alone, so a caller who may not ask at all
    /// gets 401 rather than 404. A service client (whose token names no session) is read as
    /// `resolve` reads it.
    pub fn resolve_with<T>(
        self,
        conn: &mut PgConnection,
        read: impl ReadWithSession<T>,
    ) -> Resolved<T> {
        let (account_id, session_id) = (self.claims.sub, self.claims.sid);
        let Some((row, found)) = read(conn, account_id, session_id)? else {
            return Ok((self.resolve(conn)?, None));
        };
        let caller = if self.claims.typ == SERVICE {
            self.service_client(conn)?
        } else {
            self.person_account(conn, found)?
        };
        Ok((caller, Some(row)))
    }

    fn service_client(self, conn: &mut PgConnection) -> Result<Caller, ApiError> {
        let CallerToken { claims, ip, .. } = self;
        let client =
            service_clients::find(conn, claims.sub).map_err(|_| ApiError::Unauthenticated)?;
        if client.status != "active" {
            return Err(ApiError::Unauthenticated);
        }
        let scopes = client
            .scopes
            .iter()
            .flatten()
            .filter_map(|s| parse_enum::<ServiceScope>(s).ok())
            .collect();
        Ok(Caller {
            actor: Actor {
                roles: vec![Role::ServiceClient {
                    unit_id: client.unit_id.map(UnitId),
                    scopes,
                }],
                post: None,
            },
            audit: AuditActor {
                account_id: None,
                client_id: Some(client.id),
                ip,
            },
            person_id: None,
            holder_person_id: None,
            org_version: None,
        })
    }

    /// The caller of a person's account (personal or functional), from its session and account
    /// as read (`found`): checked every time, then its roles and post (cached).
    fn person_account(
        self,
        conn: &mut PgConnection,
        found: Option<AccessState>,
    ) -> Result<Caller, ApiError> {
        let CallerToken {
            claims,
            ip,
            today,
            caches,
        } = self;
        let (signed_in, account, version) = check_access(&claims, found, chrono::Utc::now())?;
        if signed_in.must_change_password {
            return Err(ApiError::PasswordChangeRequired);
        }
        let account_id = account.id;
        let key = (account_id, account.person_id, today);
        let facts = caches.caller(version, key, || {
            let roles = accounts::roles(conn, account_id)?
                .iter()
                .map(|r| r.to_domain())
                .collect::<Result<Vec<_>, _>>()?;
            let post = match account.person_id {
                Some(person_id) => {
                    let person = org::find_person(conn, person_id)?;
                    let unit = org::unit(conn, person.unit_id)?;
                    let publishing = org::publishing_unit(conn, &unit)?;
                    Some(PersonalPost {
                        person_id: PersonId(person.id),
                        unit_id: UnitId(unit.id),
                        publishing_unit_id: UnitId(publishing.id),
                        is_unit_head: person.position_category == "head"
                            && publishing.id == unit.id,
                        acting_head_of: org::acting_head_of(conn, person.id, today)?
                            .into_iter()
                            .map(UnitId)
                            .collect(),
                    })
                }
                None => None,
            };
            Ok(CallerFacts { roles, post })
        })?;
        Ok(Caller {
            actor: Actor {
                roles: facts.roles,
                post: facts.post,
            },
            audit: AuditActor {
                account_id: Some(account_id),
                client_id: None,
                ip,
            },
            person_id: account.person_id,
            holder_person_id: account.holder_person_id,
            org_version: Some(version),
        })
    }
}

/// Who makes a request: a caller already read, or a verified token to read on the connection of
/// the request's own work ([`CallerToken::resolve`]), one pool checkout and one hop to the
/// blocking threads fewer. The workflow's steps take it: a step without an `Idempotency-Key`
/// reads its caller in the statement that reads its evaluation.
#[derive(Clone)]
pub enum Who {
    Read(Caller),
    Token(CallerToken),
}

/// What [`CallerToken::resolve_with`] reads: a row (`None` when it does not exist), and the
/// access state of the session `(account_id, session_id)` read in the same statement.
pub trait ReadWithSession<T>:
    FnOnce(&mut PgConnection, Uuid, Uuid) -> Result<Option<(T, Option<AccessState>)>, ApiError>
{
}

impl<T, F> ReadWithSession<T> for F where
    F: FnOnce(&mut PgConnection, Uuid, Uuid) -> Result<Option<(T, Option<AccessState>)>, ApiError>
{
}

/// The caller, and the row read with it (`None` when it does not exist).
pub type Resolved<T> = Result<(Caller, Option<T>), ApiError>;

impl Who {
    /// The caller, read on `conn` when only its token is known.
    pub fn resolve(self, conn: &mut PgConnection) -> Result<Caller, ApiError> {
        match self {
            Who::Read(caller) => Ok(caller),
            Who::Token(token) => token.resolve(conn),
        }
    }

    /// [`CallerToken::resolve_with`]; a caller already read only reads the row (for a session
    /// that does not exist, whose access state it ignores).
    pub fn resolve_with<T>(
        self,
        conn: &mut PgConnection,
        read: impl ReadWithSession<T>,
    ) -> Resolved<T> {
        match self {
            Who::Read(caller) => {
                let row = read(conn, Uuid::nil(), Uuid::nil())?.map(|(row, _)| row);
                Ok((caller, row))
            }
            Who::Token(token) => token.resolve_with(conn, read),
        }
    }
}

impl From<Caller> for Who {
    fn from(caller: Caller) -> Self {
        Who::Read(caller)
    }
}

impl From<CallerToken> for Who {
    fn from(token: CallerToken) -> Self {
        Who::Token(token)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = CallerToken::of(req);
        let pool = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.pool.clone());
        Box::pin(async move {
            let token = token?;
            let pool =
                pool.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState missing")))?;
            db::run(&pool, move |conn| token.resolve(conn)).await
        })
    }
}
