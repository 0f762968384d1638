//! Access tokens: HS256 JWTs naming the account (`sub`) and the sign-in session (`sid`).
//! Only HS256 is accepted, so `alg: none` and algorithm swaps fail verification.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;

const ISSUER: &str = "danhgia";
/// `aud` of every token we issue; a token for another audience (another service sharing the
/// key by mistake) is refused.
pub const AUDIENCE: &str = "danhgia-api";
/// `typ` of a person's access token (it names a sign-in session in `sid`).
pub const ACCESS: &str = "access";
/// `typ` of a service client's token (`sub` is the client; no session).
pub const SERVICE: &str = "service";

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub typ: String,
}

/// Keys and lifetime for access tokens.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: chrono::Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: std::time::Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl: chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::minutes(15)),
        }
    }

    /// Seconds an access token lives.
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl.num_seconds()
    }

    /// Signs an access token for `account` in `session`.
    pub fn issue(
        &self,
        account: Uuid,
        session: Uuid,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let claims = AccessClaims {
            sub: account,
            sid: session,
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            typ: ACCESS.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("signing a token failed: {error}")))
    }

    /// Signs a service client's token.
    pub fn issue_service(&self, client: Uuid, now: DateTime<Utc>) -> Result<String, ApiError> {
        let claims = AccessClaims {
            sub: client,
            sid: Uuid::nil(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            typ: SERVICE.to_owned(),
        };
        self.sign_claims(&claims)
    }

    /// The claims of any valid, unexpired token of ours (person or service).
    pub fn decode(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| ApiError::Unauthenticated)?;
        if data.claims.typ != ACCESS && data.claims.typ != SERVICE {
            return Err(ApiError::Unauthenticated);
        }
        Ok(data.claims)
    }

    /// Signs arbitrary claims with this key (tests forge expired or altered tokens with it).
    pub fn sign_claims(&self, claims: &AccessClaims) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("signing a token failed: {error}")))
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(
            b"0123456789abcdef0123456789abcdef",
            std::time::Duration::from_secs(900),
        )
    }

    #[test]
    fn round_trip() {
        let (account, session) = (Uuid::new_v4(), Uuid::new_v4());
        let token = keys().issue(account, session, Utc::now()).unwrap();
        let claims = keys().decode(&token).unwrap();
        assert_eq!((claims.sub, claims.sid), (account, session));
    }

    #[test]
    fn refuses_expired_tampered_foreign_and_unsigned_tokens() {
        let keys = keys();
        let now = Utc::now();
        let expired = keys
            .issue(
                Uuid::new_v4(),
                Uuid::new_v4(),
                now - chrono::Duration::hours(1),
            )
            .unwrap();
        assert!(keys.decode(&expired).is_err());

        let token = keys.issue(Uuid::new_v4(), Uuid::new_v4(), now).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        payload["sub"] = serde_json::json!(Uuid::new_v4());
        parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
        assert!(keys.decode(&parts.join(".")).is_err());

        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert!(
            keys.decode(&format!("{none_header}.{}.", parts[1]))
                .is_err()
        );

        // Our key, but another audience or none at all.
        let mut claims = keys.decode(&token).unwrap();
        claims.aud = "another-service".to_owned();
        assert!(keys.decode(&keys.sign_claims(&claims).unwrap()).is_err());
        let mut bare: serde_json::Value = serde_json::to_value(&claims).unwrap();
        bare.as_object_mut().unwrap().remove("aud");
        let unaudienced = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &bare,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .unwrap();
        assert!(keys.decode(&unaudienced).is_err());

        let other = JwtKeys::new(
            b"another-secret-another-secret-xx",
            std::time::Duration::from_secs(900),
        );
        assert!(
            keys.decode(&other.issue(Uuid::new_v4(), Uuid::new_v4(), now).unwrap())
                .is_err()
        );
    }
}
