//! Passwords: the policy (`tadamun_domain::password`) as a field error, and argon2id
//! hashing and verifying. Both are deliberately slow, so handlers use the `_blocking`
//! wrappers, which run them on the blocking pool inside the caller's tracing span and
//! never on the async runtime's worker threads.

use argon2::{
    Argon2,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};
use tadamun_domain::password::NewPassword;

use crate::error::AppError;

/// Hashes a password to a PHC string (`$argon2id$v=19$…`) with a random salt.
/// The CLI calls this to create users.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string. A malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Runs slow, CPU-bound work on the blocking pool, keeping the current span.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(f))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// [`hash_password`] off the async threads.
pub(crate) async fn hash_blocking(password: &NewPassword) -> Result<String, AppError> {
    let password = password.expose().to_owned();
    blocking(move || hash_password(&password))
        .await?
        .map_err(AppError::Internal)
}

/// [`verify_password`] off the async threads.
pub(crate) async fn verify_blocking(hash: String, password: String) -> Result<bool, AppError> {
    blocking(move || verify_password(&hash, &password)).await
}

/// A hash of a password nobody has, verified when the username is unknown so a login
/// attempt takes as long whether or not the user exists.
pub(crate) fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, only spends time").unwrap_or_default())
}

/// What the sessions table stores for a token: for tools and tests that create
/// sessions directly.
pub fn session_token_hash(token: &str) -> String {
    crate::session::token_hash(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse"));
        assert!(!verify_password(&h, "wrong horse"));
        assert!(!verify_password("garbage", "correct horse"));
    }
}
