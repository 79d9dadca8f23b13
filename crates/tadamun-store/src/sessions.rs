//! Login sessions kept in the database, so they survive restarts and can be revoked.
//! Only a hash of the token is stored: a leaked database cannot log anyone in. Each
//! session has a kind (browser cookie or API bearer token), a stage (only `full` ones
//! reach pages and the API), an absolute expiry and, for browsers, an idle timeout.

use std::collections::BTreeSet;

use tadamun_domain::{
    access::{Access, Permission},
    audit::AuditAction,
    ids::UserId,
    login::{SessionKind, SessionStage},
    user::User,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::{
    backend::Store,
    db::{Arg, args},
    error::{Result, StoreError},
    login::audit_entry,
    rows::corrupt,
};

/// `last_seen_at` is refreshed at most this often, so reads do not all become writes.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// A session about to be opened.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user: UserId,
    pub kind: SessionKind,
    pub stage: SessionStage,
    /// Narrows an API token to these permissions; `None`: all the user's.
    pub permissions: Option<BTreeSet<Permission>>,
    pub user_agent: Option<String>,
    pub source_ip: Option<String>,
    pub absolute_expires_at: OffsetDateTime,
}

/// A stored session (never its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: Uuid,
    pub user_id: UserId,
    pub kind: SessionKind,
    pub stage: SessionStage,
    pub permissions: Option<BTreeSet<Permission>>,
    pub user_agent: Option<String>,
    pub source_ip: Option<String>,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
}

impl Session {
    /// The access of a token narrowed to some permissions keeps only those.
    pub fn narrow(&self, mut access: Access) -> Access {
        if let Some(allowed) = &self.permissions {
            access.permissions.retain(|p| allowed.contains(p));
        }
        access
    }
}

/// `select <every column> from sessions`, as a literal for `concat!`.
macro_rules! select_sessions {
    () => {
        "select id, user_id, kind, stage, permissions, user_agent, source_ip, created_at, last_seen_at, absolute_expires_at from sessions"
    };
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: Uuid,
    user_id: Uuid,
    kind: String,
    stage: String,
    permissions: Option<String>,
    user_agent: Option<String>,
    source_ip: Option<String>,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    absolute_expires_at: OffsetDateTime,
}

impl SessionRow {
    fn into_session(self) -> Result<Session> {
        Ok(Session {
            id: self.id,
            user_id: UserId(self.user_id),
            kind: SessionKind::parse(&self.kind).map_err(|e| corrupt("kind", e))?,
            stage: SessionStage::parse(&self.stage).map_err(|e| corrupt("stage", e))?,
            permissions: self.permissions.map(|p| {
                p.split_whitespace()
                    .filter_map(|p| Permission::parse(p).ok())
                    .collect()
            }),
            user_agent: self.user_agent,
            source_ip: self.source_ip,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            absolute_expires_at: self.absolute_expires_at,
        })
    }
}

/// The condition "alive at `$2`, idle cut-off `$3`" on a session row: before its
/// absolute expiry, and, for browsers, seen since the cut-off. API tokens have no
/// idle timeout: their expiry is short and stated when they are issued.
macro_rules! live {
    () => {
        "absolute_expires_at > $2 and (kind = 'api' or last_seen_at > $3)"
    };
}

impl Store {
    /// Opens a session, first deleting the one it replaces (the session id rotates at
    /// each login step). Returns the new session's public id.
    #[tracing::instrument(skip_all, fields(user = %new.user.0, stage = %new.stage))]
    pub async fn create_session(
        &self,
        new: &NewSession,
        replacing: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let permissions = new
            .permissions
            .as_ref()
            .map(|set| set.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" "));
        let mut tx = self.begin().await?;
        if let Some(old) = replacing {
            tx.execute("delete from sessions where token_hash = $1", args![old])
                .await?;
        }
        tx.execute(
            "insert into sessions (id, token_hash, user_id, kind, stage, permissions, user_agent, source_ip, last_seen_at, absolute_expires_at, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $9)",
            args![
                id,
                new.token_hash.as_str(),
                new.user.0,
                new.kind.as_str(),
                new.stage.as_str(),
                permissions,
                new.user_agent.clone(),
                new.source_ip.clone(),
                now,
                new.absolute_expires_at,
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The live session of a token, whatever its stage, or `None` when unknown,
    /// expired or idle for longer than `idle`.
    pub async fn live_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        idle: Duration,
    ) -> Result<Option<Session>> {
        let row: Option<SessionRow> = self
            .fetch_optional(
                concat!(select_sessions!(), " where token_hash = $1 and ", live!()),
                args![token_hash, now, now - idle],
            )
            .await?;
        row.map(SessionRow::into_session).transpose()
    }

    /// Records that a session was used, at most once a minute: a session seen less
    /// than a minute ago costs no write (on SQLite every write waits for the writer).
    pub async fn touch_session(&self, session: &Session, now: OffsetDateTime) -> Result<()> {
        if now - session.last_seen_at < TOUCH_EVERY {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        tx.execute(
            "update sessions set last_seen_at = $1, updated_at = $1 where id = $2",
            args![now, session.id],
        )
        .await?;
        tx.commit().await
    }

    /// The user of a session that has not reached its absolute expiry, whatever its
    /// stage (for remembering language preferences only).
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<User>> {
        let row: Option<(Uuid,)> = self
            .fetch_optional(
                "select user_id from sessions where token_hash = $1 and absolute_expires_at > $2",
                args![token_hash, now],
            )
            .await?;
        match row {
            Some((id,)) => self.user_by_id(UserId(id)).await,
            None => Ok(None),
        }
    }

    /// Deletes a session without a trace (an abandoned half-login).
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "delete from sessions where token_hash = $1",
            args![token_hash],
        )
        .await?;
        tx.commit().await
    }

    /// Signs out: deletes the session and records `logout`. Returns its user, if any.
    #[tracing::instrument(skip_all)]
    pub async fn logout(
        &self,
        token_hash: &str,
        source_ip: Option<String>,
        now: OffsetDateTime,
    ) -> Result<Option<UserId>> {
        let mut tx = self.begin().await?;
        let row: Option<(Uuid, Uuid, String)> = tx
            .fetch_optional(
                "select s.id, s.user_id, u.username from sessions s join users u on u.id = s.user_id where s.token_hash = $1",
                args![token_hash],
            )
            .await?;
        let Some((id, user, username)) = row else {
            return Ok(None);
        };
        tx.execute("delete from sessions where id = $1", args![id])
            .await?;
        let mut entry = audit_entry(
            Some(UserId(user)),
            &username,
            source_ip,
            AuditAction::Logout,
            "session",
            Some(id.to_string()),
            now,
        );
        entry.after_json = None;
        crate::audit::append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(Some(UserId(user)))
    }

    /// A user's live sessions, newest first.
    pub async fn user_sessions(
        &self,
        user: UserId,
        now: OffsetDateTime,
        idle: Duration,
    ) -> Result<Vec<Session>> {
        let rows: Vec<SessionRow> = self
            .fetch_all(
                concat!(
                    select_sessions!(),
                    " where user_id = $1 and ",
                    live!(),
                    " order by created_at desc, id desc"
                ),
                args![user.0, now, now - idle],
            )
            .await?;
        rows.into_iter().map(SessionRow::into_session).collect()
    }

    /// Revokes one of `user`'s sessions, recording who did it. An id that is not one
    /// of the user's sessions is `NotFound`.
    #[tracing::instrument(skip_all, fields(session = %id))]
    pub async fn revoke_session(
        &self,
        actor: &Access,
        user: UserId,
        id: Uuid,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "delete from sessions where id = $1 and user_id = $2",
                args![id, user.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let mut entry = actor_entry(actor, AuditAction::SessionRevoked, "session", id, now);
        entry.before_json = Some(serde_json::json!({ "user_id": user.0 }).to_string());
        crate::audit::append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Revokes every session and API token of `user` but `except`; returns how many.
    #[tracing::instrument(skip_all, fields(user = %user.0))]
    pub async fn revoke_user_sessions(
        &self,
        actor: &Access,
        user: UserId,
        except: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "delete from sessions where user_id = $1 and ($2 is null or id <> $2)",
                vec![Arg::from(user.0), Arg::Uuid(except)],
            )
            .await?;
        let mut entry = actor_entry(actor, AuditAction::SessionRevoked, "user", user.0, now);
        entry.after_json = Some(
            serde_json::json!({ "revoked": n, "kept": except.map(|e| e.to_string()) }).to_string(),
        );
        crate::audit::append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Removes expired and idle sessions; returns how many.
    pub async fn purge_expired_sessions(&self, now: OffsetDateTime, idle: Duration) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "delete from sessions where absolute_expires_at <= $1 or (kind = 'browser' and last_seen_at <= $2)",
                args![now, now - idle],
            )
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// An audit entry for something `actor` did to the object `id`.
pub(crate) fn actor_entry(
    actor: &Access,
    action: AuditAction,
    object_type: &str,
    id: impl ToString,
    now: OffsetDateTime,
) -> tadamun_domain::audit::NewAuditEntry {
    audit_entry(
        actor.user_id,
        &actor.actor_name,
        actor.source_ip.clone(),
        action,
        object_type,
        Some(id.to_string()),
        now,
    )
}
