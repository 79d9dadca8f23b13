//! What signing in writes: failure counters with their delay and lockout, success,
//! the TOTP secret and its last accepted step, and one-time recovery codes. Every
//! change is audited in the same transaction. The rules (how long a delay lasts) are
//! `tadamun_domain::login`'s; hashing and TOTP arithmetic are the web layer's.

use tadamun_domain::{
    access::Access,
    audit::{AuditAction, NewAuditEntry},
    ids::UserId,
    login::{LOCK_AFTER, Penalty, penalty},
    user::{DigitStyle, Locale, User},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    audit::append_audit,
    backend::Store,
    db::{Arg, args},
    error::{Result, StoreError},
    rows::corrupt,
    sessions::actor_entry,
};

/// What the login form needs to judge an attempt.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub user: User,
    pub password_hash: String,
    pub active: bool,
    pub failed_logins: i64,
    /// The progressive delay: attempts before this time are not judged.
    pub next_login_at: Option<OffsetDateTime>,
    pub locked_until: Option<OffsetDateTime>,
    /// Whether a TOTP secret is enrolled (a second step is due).
    pub two_factor: bool,
}

impl LoginRecord {
    pub fn is_locked(&self, now: OffsetDateTime) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }

    /// Whether an attempt now comes before the delay is over (or during a lockout).
    pub fn must_wait(&self, now: OffsetDateTime) -> bool {
        self.is_locked(now) || self.next_login_at.is_some_and(|t| t > now)
    }
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    id: Uuid,
    username: String,
    display_name: String,
    password_hash: String,
    locale: String,
    digits: String,
    active: bool,
    failed_logins: i64,
    next_login_at: Option<OffsetDateTime>,
    locked_until: Option<OffsetDateTime>,
    two_factor: bool,
}

macro_rules! select_login {
    () => {
        "select id, username, display_name, password_hash, locale, digits, active, failed_logins, next_login_at, locked_until, (totp_secret is not null) as two_factor from users"
    };
}

impl LoginRow {
    fn into_record(self) -> Result<LoginRecord> {
        Ok(LoginRecord {
            user: User {
                id: UserId(self.id),
                username: self.username,
                display_name: self.display_name,
                locale: Locale::parse(&self.locale).map_err(|e| corrupt("locale", e))?,
                digits: DigitStyle::parse(&self.digits).map_err(|e| corrupt("digits", e))?,
            },
            password_hash: self.password_hash,
            active: self.active,
            failed_logins: self.failed_logins,
            next_login_at: self.next_login_at,
            locked_until: self.locked_until,
            two_factor: self.two_factor,
        })
    }
}

/// An audit entry about a user's own login, or an unknown name's.
pub(crate) fn audit_entry(
    actor_id: Option<UserId>,
    actor_name: &str,
    source_ip: Option<String>,
    action: AuditAction,
    object_type: &str,
    object_id: Option<String>,
    now: OffsetDateTime,
) -> NewAuditEntry {
    NewAuditEntry {
        at: now,
        actor_id,
        actor_name: actor_name.to_owned(),
        source_ip,
        action,
        object_type: object_type.to_owned(),
        object_id,
        before_json: None,
        after_json: None,
    }
}

fn json(value: serde_json::Value) -> Option<String> {
    Some(value.to_string())
}

impl Store {
    pub async fn login_record(&self, username: &str) -> Result<Option<LoginRecord>> {
        let row: Option<LoginRow> = self
            .fetch_optional(
                concat!(select_login!(), " where username = $1"),
                args![username],
            )
            .await?;
        row.map(LoginRow::into_record).transpose()
    }

    pub async fn login_record_by_id(&self, id: UserId) -> Result<Option<LoginRecord>> {
        let row: Option<LoginRow> = self
            .fetch_optional(concat!(select_login!(), " where id = $1"), args![id.0])
            .await?;
        row.map(LoginRow::into_record).transpose()
    }

    /// Counts a wrong password or code against a known user, sets the delay or the
    /// lockout it earns, and records `login_failed` (and `login_locked` when this
    /// failure locks the account).
    #[tracing::instrument(skip_all, fields(user = %user.0))]
    pub async fn record_login_failure(
        &self,
        user: UserId,
        typed_name: &str,
        source_ip: Option<String>,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Penalty> {
        let mut tx = self.begin().await?;
        let row: Option<(i64,)> = tx
            .fetch_optional(
                "update users set failed_logins = failed_logins + 1, updated_at = $1 where id = $2 returning failed_logins",
                args![now, user.0],
            )
            .await?;
        let (failures,) = row.ok_or(StoreError::NotFound)?;
        let p = penalty(failures, now);
        tx.execute(
            "update users set next_login_at = $1, locked_until = $2 where id = $3",
            vec![
                Arg::Time(p.next_attempt_at),
                Arg::Time(p.locked_until),
                Arg::from(user.0),
            ],
        )
        .await?;
        let mut entry = audit_entry(
            None,
            typed_name,
            source_ip.clone(),
            AuditAction::LoginFailed,
            "user",
            Some(user.0.to_string()),
            now,
        );
        entry.after_json = json(serde_json::json!({ "reason": reason, "failures": failures }));
        append_audit(&mut tx, &entry).await?;
        if failures == LOCK_AFTER {
            let mut locked = entry.clone();
            locked.action = AuditAction::LoginLocked;
            locked.after_json = json(serde_json::json!({
                "failures": failures,
                "locked_until": p.locked_until.map(|t| t.unix_timestamp()),
            }));
            append_audit(&mut tx, &locked).await?;
        }
        tx.commit().await?;
        Ok(p)
    }

    /// Records an attempt refused without counting it: an unknown name, an inactive
    /// or locked account, or one made before the delay was over.
    pub async fn record_login_refused(
        &self,
        user: Option<UserId>,
        typed_name: &str,
        source_ip: Option<String>,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut entry = audit_entry(
            None,
            typed_name,
            source_ip,
            AuditAction::LoginFailed,
            "user",
            user.map(|u| u.0.to_string()),
            now,
        );
        entry.after_json = json(serde_json::json!({ "reason": reason }));
        self.record_audit(&entry).await.map(|_| ())
    }

    /// A login step passed (`password`, `totp`, `recovery_code`, `enrolment`). When
    /// the login is complete the failure counters are reset.
    pub async fn record_login_success(
        &self,
        user: &User,
        step: &str,
        complete: bool,
        source_ip: Option<String>,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        if complete {
            tx.execute(
                "update users set failed_logins = 0, next_login_at = null, locked_until = null, updated_at = $1 where id = $2",
                args![now, user.id.0],
            )
            .await?;
        }
        let mut entry = audit_entry(
            Some(user.id),
            &user.username,
            source_ip,
            AuditAction::LoginSucceeded,
            "user",
            Some(user.id.0.to_string()),
            now,
        );
        entry.after_json = json(serde_json::json!({ "step": step, "complete": complete }));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Lifts a lockout and forgets the failures.
    pub async fn unlock_user(
        &self,
        actor: &Access,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set failed_logins = 0, next_login_at = null, locked_until = null, updated_at = $1 where id = $2",
                args![now, user.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let mut entry = actor_entry(actor, AuditAction::UserUpdated, "user", user.0, now);
        entry.after_json = json(serde_json::json!({ "unlocked": true }));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    // ---- two-factor ----

    /// The secret being enrolled, kept until a code confirms it.
    pub async fn pending_totp_secret(&self, user: UserId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> = self
            .fetch_optional(
                "select totp_pending_secret from users where id = $1",
                args![user.0],
            )
            .await?;
        Ok(row.and_then(|(s,)| s))
    }

    pub async fn set_pending_totp_secret(
        &self,
        user: UserId,
        secret: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "update users set totp_pending_secret = $1, updated_at = $2 where id = $3",
            args![secret, now, user.0],
        )
        .await?;
        tx.commit().await
    }

    /// Makes the pending secret the user's, replaces their recovery codes with these
    /// hashes and records `two_factor_enrolled`. `Conflict` if the pending secret
    /// changed meanwhile (enrolment restarted in another tab).
    #[tracing::instrument(skip_all, fields(user = %user.id.0))]
    pub async fn enable_totp(
        &self,
        user: &User,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[String],
        source_ip: Option<String>,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = $1, totp_last_step = $2, updated_at = $1 where id = $3 and totp_pending_secret = $4",
                args![now, step, user.id.0, secret],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::Conflict);
        }
        write_recovery_codes(&mut tx, user.id, recovery_code_hashes, now).await?;
        let mut entry = audit_entry(
            Some(user.id),
            &user.username,
            source_ip,
            AuditAction::TwoFactorEnrolled,
            "user",
            Some(user.id.0.to_string()),
            now,
        );
        entry.after_json =
            json(serde_json::json!({ "recovery_codes": recovery_code_hashes.len() }));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// The enrolled secret and the last step accepted, if 2FA is on.
    pub async fn totp_secret(&self, user: UserId) -> Result<Option<(String, Option<i64>)>> {
        let row: Option<(Option<String>, Option<i64>)> = self
            .fetch_optional(
                "select totp_secret, totp_last_step from users where id = $1",
                args![user.0],
            )
            .await?;
        Ok(row.and_then(|(s, step)| s.map(|s| (s, step))))
    }

    /// Accepts a TOTP time step once: false if it (or a later one) was used before.
    pub async fn accept_totp_step(
        &self,
        user: UserId,
        step: i64,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set totp_last_step = $1, updated_at = $2 where id = $3 and totp_secret is not null and (totp_last_step is null or totp_last_step < $1)",
                args![step, now, user.0],
            )
            .await?;
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Spends a recovery code: true the first time, false after (or if unknown).
    pub async fn use_recovery_code(
        &self,
        user: UserId,
        code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update recovery_codes set used_at = $1, updated_at = $1 where user_id = $2 and code_hash = $3 and used_at is null",
                args![now, user.0, code_hash],
            )
            .await?;
        tx.commit().await?;
        Ok(n == 1)
    }

    pub async fn unused_recovery_codes(&self, user: UserId) -> Result<i64> {
        let row: Option<(i64,)> = self
            .fetch_optional(
                "select count(*) from recovery_codes where user_id = $1 and used_at is null",
                args![user.0],
            )
            .await?;
        Ok(row.map_or(0, |(n,)| n))
    }

    /// Turns a user's 2FA off (a lost phone): secret and recovery codes are gone; if
    /// their roles demand 2FA they enrol again at their next login.
    #[tracing::instrument(skip_all, fields(user = %user.0))]
    pub async fn reset_two_factor(
        &self,
        actor: &Access,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, totp_last_step = null, updated_at = $1 where id = $2",
                args![now, user.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            "delete from recovery_codes where user_id = $1",
            args![user.0],
        )
        .await?;
        let entry = actor_entry(actor, AuditAction::TwoFactorReset, "user", user.0, now);
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }
}

async fn write_recovery_codes(
    tx: &mut crate::db::Tx,
    user: UserId,
    hashes: &[String],
    now: OffsetDateTime,
) -> Result<()> {
    tx.execute(
        "delete from recovery_codes where user_id = $1",
        args![user.0],
    )
    .await?;
    for hash in hashes {
        tx.execute(
            "insert into recovery_codes (user_id, code_hash, created_at, updated_at) values ($1, $2, $3, $3)",
            args![user.0, hash.as_str(), now],
        )
        .await?;
    }
    Ok(())
}
