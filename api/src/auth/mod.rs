//! Sign-in: password hashing, access tokens (JWT), refresh tokens, lockout, and the extractors
//! every protected route uses.

pub mod caller;
pub mod extractor;
pub mod jwt;
pub mod lockout;
pub mod password;
pub mod refresh;
pub mod service_audit;
pub mod service_client;
pub mod throttle;

pub use caller::{Caller, CallerToken, Who};
pub use extractor::{CurrentUser, SignedIn};
