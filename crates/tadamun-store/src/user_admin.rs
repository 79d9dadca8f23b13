//! What an administrator (or the user themself) changes about accounts: creating
//! users, roles and scope, activation, passwords. Each change is audited in the same
//! transaction, with the before and after where there is one.

use std::collections::BTreeSet;

use tadamun_domain::{
    access::{Access, AreaScope},
    audit::AuditAction,
    ids::UserId,
    user::{DigitStyle, Locale, User},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{Grants, write_grants},
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
    sessions::actor_entry,
};

/// A row of the administrator's user list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub user: User,
    pub active: bool,
    pub grants: Grants,
    pub two_factor: bool,
    pub locked_until: Option<OffsetDateTime>,
    pub failed_logins: i64,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    username: String,
    display_name: String,
    locale: String,
    digits: String,
    active: bool,
    two_factor: bool,
    locked_until: Option<OffsetDateTime>,
    failed_logins: i64,
}

macro_rules! select_summary {
    () => {
        "select id, username, display_name, locale, digits, active, (totp_secret is not null) as two_factor, locked_until, failed_logins from users"
    };
}

fn scope_json(scope: &AreaScope) -> serde_json::Value {
    match scope {
        AreaScope::National => serde_json::json!("national"),
        AreaScope::Governorates(g) => {
            serde_json::json!(g.iter().map(|c| c.as_str()).collect::<Vec<_>>())
        }
    }
}

impl Store {
    async fn summary(&self, row: SummaryRow) -> Result<UserSummary> {
        let grants = self.grants(UserId(row.id)).await?;
        Ok(UserSummary {
            user: User {
                id: UserId(row.id),
                username: row.username,
                display_name: row.display_name,
                locale: Locale::parse(&row.locale).map_err(|e| corrupt("locale", e))?,
                digits: DigitStyle::parse(&row.digits).map_err(|e| corrupt("digits", e))?,
            },
            active: row.active,
            grants,
            two_factor: row.two_factor,
            locked_until: row.locked_until,
            failed_logins: row.failed_logins,
        })
    }

    /// Every user, by username. Staff lists are small (hundreds), so no paging.
    pub async fn list_users(&self) -> Result<Vec<UserSummary>> {
        let rows: Vec<SummaryRow> = self
            .fetch_all(concat!(select_summary!(), " order by username"), vec![])
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.summary(row).await?);
        }
        Ok(out)
    }

    pub async fn user_summary(&self, id: UserId) -> Result<Option<UserSummary>> {
        let row: Option<SummaryRow> = self
            .fetch_optional(concat!(select_summary!(), " where id = $1"), args![id.0])
            .await?;
        match row {
            Some(row) => Ok(Some(self.summary(row).await?)),
            None => Ok(None),
        }
    }

    /// Creates a user on an administrator's behalf, recording `user_created`.
    #[tracing::instrument(skip_all, fields(username = %username))]
    pub async fn add_user(
        &self,
        actor: &Access,
        username: &str,
        display_name: &str,
        password_hash: &str,
        grants: &Grants,
        now: OffsetDateTime,
    ) -> Result<UserId> {
        let id = UserId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into users (id, username, display_name, password_hash, locale, digits, created_at, updated_at) values ($1, $2, $3, $4, 'ar', 'western', $5, $5)",
            args![id.0, username, display_name, password_hash, now],
        )
        .await?;
        write_grants(&mut tx, id, grants, now).await?;
        let mut entry = actor_entry(actor, AuditAction::UserCreated, "user", id.0, now);
        entry.after_json = Some(
            serde_json::json!({
                "username": username,
                "display_name": display_name,
                "roles": grants.roles,
                "scope": scope_json(&grants.scope),
            })
            .to_string(),
        );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a user's roles and scope, recording each role granted or revoked and
    /// a scope change, with before and after.
    #[tracing::instrument(skip_all, fields(user = %user.0))]
    pub async fn change_grants(
        &self,
        actor: &Access,
        user: UserId,
        grants: &Grants,
        now: OffsetDateTime,
    ) -> Result<()> {
        let before = self.grants(user).await?;
        let mut tx = self.begin().await?;
        write_grants(&mut tx, user, grants, now).await?;
        let roles = |set: &BTreeSet<String>| serde_json::json!({ "roles": set });
        let changes = grants
            .roles
            .difference(&before.roles)
            .map(|r| (AuditAction::RoleGranted, r))
            .chain(
                before
                    .roles
                    .difference(&grants.roles)
                    .map(|r| (AuditAction::RoleRevoked, r)),
            );
        for (action, role) in changes {
            let mut entry = actor_entry(actor, action, "user", user.0, now);
            entry.before_json = Some(roles(&before.roles).to_string());
            entry.after_json =
                Some(serde_json::json!({ "role": role, "roles": grants.roles }).to_string());
            append_audit(&mut tx, &entry).await?;
        }
        if before.scope != grants.scope {
            let mut entry = actor_entry(actor, AuditAction::ScopeChanged, "user", user.0, now);
            entry.before_json =
                Some(serde_json::json!({ "scope": scope_json(&before.scope) }).to_string());
            entry.after_json =
                Some(serde_json::json!({ "scope": scope_json(&grants.scope) }).to_string());
            append_audit(&mut tx, &entry).await?;
        }
        tx.commit().await
    }

    /// Deactivates (ending every session and token) or reactivates a user.
    #[tracing::instrument(skip_all, fields(user = %user.0, active))]
    pub async fn set_user_active(
        &self,
        actor: &Access,
        user: UserId,
        active: bool,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set active = $1, updated_at = $2 where id = $3",
                args![active, now, user.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        if !active {
            tx.execute("delete from sessions where user_id = $1", args![user.0])
                .await?;
        }
        let mut entry = actor_entry(actor, AuditAction::UserUpdated, "user", user.0, now);
        entry.before_json = Some(serde_json::json!({ "active": !active }).to_string());
        entry.after_json = Some(serde_json::json!({ "active": active }).to_string());
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Sets a new password hash, recording `password_changed` (never the hash).
    #[tracing::instrument(skip_all, fields(user = %user.0))]
    pub async fn change_password(
        &self,
        actor: &Access,
        user: UserId,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set password_hash = $1, updated_at = $2 where id = $3",
                args![password_hash, now, user.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = actor_entry(actor, AuditAction::PasswordChanged, "user", user.0, now);
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }
}
