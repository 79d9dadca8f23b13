//! The judgement of sign-in attempts, shared by the login pages and the API: the
//! password step (with the delay and lockout) and the second step (a TOTP code or a
//! recovery code). Every attempt is audited; a refusal never says which check failed,
//! and an unknown name costs the same argon2 time as a known one.

use tadamun_domain::login::SessionStage;
use tadamun_store::login::LoginRecord;

use crate::{auth, error::AppResult, state::AppState, two_factor};

/// What the password step decided.
pub(crate) enum PasswordStep {
    Refused,
    /// The password was right; the session starts at `stage`.
    Passed {
        record: LoginRecord,
        stage: SessionStage,
    },
}

/// Judges a username and password typed from `ip`.
#[tracing::instrument(skip_all, fields(username = %username))]
pub(crate) async fn password_step(
    state: &AppState,
    username: &str,
    password: String,
    ip: Option<String>,
) -> AppResult<PasswordStep> {
    let record = state.store.login_record(username).await?;
    let hash = record
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_owned());
    // Always verified, even when the attempt will be refused anyway: same timing.
    let ok = auth::verify_blocking(hash, password).await?;
    let now = tadamun_store::now();
    let store = &state.store;
    let refused = |id, reason| store.record_login_refused(id, username, ip.clone(), reason, now);
    let Some(record) = record else {
        refused(None, "unknown-user").await?;
        return Ok(PasswordStep::Refused);
    };
    let id = Some(record.user.id);
    let reason = if !record.active {
        Some("inactive")
    } else if record.is_locked(now) {
        Some("locked")
    } else if record.must_wait(now) {
        Some("too-soon")
    } else {
        None
    };
    if let Some(reason) = reason {
        refused(id, reason).await?;
        return Ok(PasswordStep::Refused);
    }
    if !ok {
        store
            .record_login_failure(record.user.id, username, ip, "password", now)
            .await?;
        return Ok(PasswordStep::Refused);
    }
    let stage = if record.two_factor {
        SessionStage::PasswordOk
    } else if store.user_requires_two_factor(record.user.id).await? {
        SessionStage::Enrol
    } else {
        SessionStage::Full
    };
    store
        .record_login_success(
            &record.user,
            "password",
            stage == SessionStage::Full,
            ip,
            now,
        )
        .await?;
    Ok(PasswordStep::Passed { record, stage })
}

/// Judges the second step for a user whose password passed: six digits are a TOTP
/// code (each time step accepted once), anything else a recovery code (each used
/// once). A failure counts towards the lockout like a wrong password. Returns the
/// step's name when it passed.
#[tracing::instrument(skip_all, fields(user = %record.user.id.0))]
pub(crate) async fn second_step(
    state: &AppState,
    record: &LoginRecord,
    code: &str,
    ip: Option<String>,
) -> AppResult<Option<&'static str>> {
    let store = &state.store;
    let now = tadamun_store::now();
    let user = &record.user;
    if !record.active || record.must_wait(now) {
        store
            .record_login_refused(Some(user.id), &user.username, ip, "too-soon", now)
            .await?;
        return Ok(None);
    }
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let passed = if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let step = match store.totp_secret(user.id).await? {
            Some((secret, _)) => two_factor::check(&secret, &digits, now.unix_timestamp()),
            None => None,
        };
        match step {
            Some(step) if store.accept_totp_step(user.id, step, now).await? => Some("totp"),
            _ => None,
        }
    } else {
        let hash = two_factor::recovery_hash(user.id, code);
        store
            .use_recovery_code(user.id, &hash, now)
            .await?
            .then_some("recovery_code")
    };
    match passed {
        Some(step) => {
            store
                .record_login_success(user, step, true, ip, now)
                .await?;
        }
        None => {
            store
                .record_login_failure(user.id, &user.username, ip, "two_factor", now)
                .await?;
        }
    }
    Ok(passed)
}
