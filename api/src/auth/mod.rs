//! Sign-in: password hashing, access tokens (JWT), refresh tokens, lockout, and the extractors
//! every protected route uses.

pub mod extractor;
pub mod jwt;
pub mod lockout;
pub mod password;
pub mod refresh;

pub use extractor::{CurrentUser, SignedIn};
