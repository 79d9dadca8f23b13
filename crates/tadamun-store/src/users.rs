//! Staff users. Password hashes are stored and compared elsewhere; the store only keeps
//! the PHC string.

use tadamun_domain::{
    ids::UserId,
    user::{DigitStyle, Locale, User},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{Grants, write_grants},
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// A user with the password hash, for login only.
#[derive(Debug, Clone)]
pub struct UserWithHash {
    pub user: User,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    password_hash: String,
    locale: String,
    digits: String,
}

impl UserRow {
    fn into_user(self) -> Result<UserWithHash> {
        Ok(UserWithHash {
            user: User {
                id: UserId(self.id),
                username: self.username,
                display_name: self.display_name,
                locale: Locale::parse(&self.locale).map_err(|e| corrupt("locale", e))?,
                digits: DigitStyle::parse(&self.digits).map_err(|e| corrupt("digits", e))?,
            },
            password_hash: self.password_hash,
        })
    }
}

impl Store {
    /// Creates a user with their roles and scope; a taken username is
    /// `StoreError::Duplicate`.
    #[tracing::instrument(skip_all, fields(username = %username))]
    pub async fn create_user(
        &self,
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
        tx.commit().await?;
        Ok(id)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserWithHash>> {
        let row: Option<UserRow> = self
            .fetch_optional("select id, username, display_name, password_hash, locale, digits from users where username = $1", args![username])
            .await?;
        row.map(UserRow::into_user).transpose()
    }

    pub async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let row: Option<UserRow> = self.fetch_optional("select id, username, display_name, password_hash, locale, digits from users where id = $1", args![id.0]).await?;
        Ok(row.map(UserRow::into_user).transpose()?.map(|u| u.user))
    }

    pub async fn set_password_hash(
        &self,
        id: UserId,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update users set password_hash = $1, updated_at = $2 where id = $3",
                args![password_hash, now, id.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await
    }

    /// Remembers a user's language and digit style across sessions and devices.
    pub async fn set_user_preferences(
        &self,
        id: UserId,
        locale: Locale,
        digits: DigitStyle,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "update users set locale = $1, digits = $2, updated_at = $3 where id = $4",
            args![locale.as_str(), digits.as_str(), now, id.0],
        )
        .await?;
        let name: Option<(String,)> = tx
            .fetch_optional("select username from users where id = $1", args![id.0])
            .await?;
        let (actor_name,) = name.ok_or(StoreError::NotFound)?;
        // Every write is audited, even a user's own display preferences.
        let entry = tadamun_domain::audit::NewAuditEntry {
            at: now,
            actor_id: Some(id),
            actor_name,
            source_ip: None,
            action: tadamun_domain::audit::AuditAction::UserUpdated,
            object_type: "user".into(),
            object_id: Some(id.to_string()),
            before_json: None,
            after_json: Some(
                serde_json::json!({ "locale": locale.as_str(), "digits": digits.as_str() })
                    .to_string(),
            ),
        };
        crate::audit::append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    pub async fn count_users(&self) -> Result<i64> {
        let (n,): (i64,) = self
            .fetch_optional("select count(*) from users", vec![])
            .await?
            .unwrap_or((0,));
        Ok(n)
    }
}
