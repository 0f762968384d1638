//! argon2id password hashes (PHC strings) and the password policy.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::FieldError;

/// Hashes a password with argon2id and a random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing failed: {error}"))
}

/// Whether `password` matches the stored hash; an unreadable hash never matches.
pub fn verify(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the time of one verification, so an unknown username answers as slowly as a wrong
/// password and does not reveal which usernames exist.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: LazyLock<Option<String>> = LazyLock::new(|| hash("not a real password").ok());
    if let Some(dummy) = DUMMY.as_deref() {
        let _ = verify(password, dummy);
    }
}

/// Smallest accepted password length.
pub const MIN_LENGTH: usize = 10;
const MAX_LENGTH: usize = 128;

/// The password policy for a new password: length, letters and digits, not the username, not
/// the current password.
pub fn check_new(new_password: &str, username: &str, current_password: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let field = "new_password";
    let length = new_password.chars().count();
    if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
        errors.push(FieldError::new(
            field,
            "length",
            &format!("Mật khẩu phải có từ {MIN_LENGTH} đến {MAX_LENGTH} ký tự."),
            &format!("The password must have {MIN_LENGTH} to {MAX_LENGTH} characters."),
        ));
    }
    let has_letter = new_password.chars().any(char::is_alphabetic);
    let has_digit = new_password.chars().any(|c| c.is_ascii_digit());
    if !has_letter || !has_digit {
        errors.push(FieldError::new(
            field,
            "too_simple",
            "Mật khẩu phải có cả chữ và số.",
            "The password must contain both letters and digits.",
        ));
    }
    if !username.is_empty()
        && new_password
            .to_lowercase()
            .contains(&username.to_lowercase())
    {
        errors.push(FieldError::new(
            field,
            "contains_username",
            "Mật khẩu không được chứa tên đăng nhập.",
            "The password must not contain the username.",
        ));
    }
    if new_password == current_password {
        errors.push(FieldError::new(
            field,
            "unchanged",
            "Mật khẩu mới phải khác mật khẩu hiện tại.",
            "The new password must differ from the current one.",
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let stored = hash("Mật-khẩu-2026").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("Mật-khẩu-2026", &stored));
        assert!(!verify("mật-khẩu-2026", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn policy_names_each_problem() {
        let codes = |new: &str| -> Vec<String> {
            check_new(new, "nguyenvana", "Old-password-1")
                .into_iter()
                .map(|e| e.code)
                .collect()
        };
        assert_eq!(codes("short1"), ["length"]);
        assert_eq!(codes("onlyletters-long"), ["too_simple"]);
        assert_eq!(codes("nguyenvana-2026"), ["contains_username"]);
        assert_eq!(codes("Old-password-1"), ["unchanged"]);
        assert!(codes("Hà-Nội-2026-mới").is_empty());
    }
}
