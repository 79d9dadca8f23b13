//! Login sessions kept in the database, so they survive restarts and can be revoked.
//! Only a hash of the cookie token is stored: a leaked database cannot log anyone in.

use tadamun_domain::{ids::UserId, user::User};
use time::OffsetDateTime;

use crate::{backend::Store, db::args, error::Result};

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute("insert into sessions (token_hash, user_id, expires_at, created_at, updated_at) values ($1, $2, $3, $4, $4)", args![token_hash, user.0, expires_at, now]).await?;
        tx.commit().await
    }

    /// The user of a live session, or `None` when unknown or expired.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<User>> {
        let row: Option<(uuid::Uuid,)> = self
            .fetch_optional(
                "select user_id from sessions where token_hash = $1 and expires_at > $2",
                args![token_hash, now],
            )
            .await?;
        match row {
            Some((id,)) => self.user_by_id(UserId(id)).await,
            None => Ok(None),
        }
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "delete from sessions where token_hash = $1",
            args![token_hash],
        )
        .await?;
        tx.commit().await
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute("delete from sessions where expires_at <= $1", args![now])
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
