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
use persistence::queries::{accounts, org, service_clients};
use uuid::Uuid;

use super::extractor::{authenticate_in, bearer_token};
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
        let claims = state.jwt.decode(&bearer_token(req)?)?;
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
        let CallerToken {
            claims,
            ip,
            today,
            caches,
        } = self;
        if claims.typ == SERVICE {
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
            return Ok(Caller {
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
            });
        }
        let (signed_in, account, version) = authenticate_in(conn, &claims, chrono::Utc::now())?;
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
/// reads its caller inside its transaction.
pub enum Who {
    Read(Caller),
    Token(CallerToken),
}

impl Who {
    /// The caller, read on `conn` when only its token is known.
    pub fn resolve(self, conn: &mut PgConnection) -> Result<Caller, ApiError> {
        match self {
            Who::Read(caller) => Ok(caller),
            Who::Token(token) => token.resolve(conn),
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
