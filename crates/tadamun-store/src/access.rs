//! Roles, each user's roles and area scope, and the `Access` a request acts with.
//! Also the visibility rule every household query shares: inside the caller's scope,
//! and, for a restricted household, only for the users and roles granted on it.

use std::collections::BTreeSet;

use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole, Permission, Role},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{HouseholdId, UserId},
};
use time::OffsetDateTime;

use crate::{
    audit::append_audit,
    backend::Store,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// The SQL condition "household `h` is visible to the viewer". Scoped queries bind the
/// viewer as `$1` (national scope), `$2` (user id) and `$3` (sees every restricted
/// record), from [`viewer_args`], and number their own parameters from `$4`.
macro_rules! visible_household {
    () => {
        "($1 or h.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
         and (h.restricted = false or $3 or exists (select 1 from record_grants g where g.household_id = h.id \
         and (g.user_id = $2 or g.role_code in (select ur.role_code from user_roles ur where ur.user_id = $2))))"
    };
}
pub(crate) use visible_household;

/// The three viewer parameters of [`visible_household!`].
pub(crate) fn viewer_args(access: &Access) -> Vec<Arg> {
    args![
        access.scope.is_national(),
        access.user_id.map(|u| u.0),
        access.is_system()
    ]
}

/// `args` after the viewer's three.
pub(crate) fn scoped_args(access: &Access, rest: Vec<Arg>) -> Vec<Arg> {
    let mut all = viewer_args(access);
    all.extend(rest);
    all
}

fn permissions_text(permissions: &BTreeSet<Permission>) -> String {
    permissions
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Unknown names are skipped: a permission removed from the code must not lock a role out.
fn parse_permissions(text: &str) -> BTreeSet<Permission> {
    text.split_whitespace()
        .filter_map(|p| Permission::parse(p).ok())
        .collect()
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    code: String,
    name_ar: String,
    name_en: String,
    permissions: String,
    requires_two_factor: bool,
}

impl From<RoleRow> for Role {
    fn from(r: RoleRow) -> Self {
        Role {
            code: r.code,
            name_ar: r.name_ar,
            name_en: r.name_en,
            permissions: parse_permissions(&r.permissions),
            requires_two_factor: r.requires_two_factor,
        }
    }
}

/// A user's roles and scope, as an administrator sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grants {
    pub roles: BTreeSet<String>,
    pub scope: AreaScope,
}

impl Store {
    /// Adds the built-in roles that are missing; existing rows, perhaps edited by an
    /// administrator, are left alone.
    pub async fn ensure_builtin_roles(&self, now: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        for role in BuiltinRole::ALL {
            let d = role.definition();
            tx.execute(
                "insert into roles (code, name_ar, name_en, permissions, requires_two_factor, created_at, updated_at) \
                 select $1, $2, $3, $4, $5, $6, $6 where not exists (select 1 from roles where code = $1)",
                args![d.code, d.name_ar, d.name_en, permissions_text(&d.permissions), d.requires_two_factor, now],
            )
            .await?;
        }
        tx.commit().await
    }

    pub async fn roles(&self) -> Result<Vec<Role>> {
        let rows: Vec<RoleRow> = self
            .fetch_all(
                "select code, name_ar, name_en, permissions, requires_two_factor from roles order by code",
                vec![],
            )
            .await?;
        Ok(rows.into_iter().map(Role::from).collect())
    }

    /// Replaces a role's permissions and 2FA rule.
    pub async fn update_role(
        &self,
        code: &str,
        permissions: &BTreeSet<Permission>,
        requires_two_factor: bool,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update roles set permissions = $1, requires_two_factor = $2, updated_at = $3 where code = $4",
                args![permissions_text(permissions), requires_two_factor, now, code],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await
    }

    /// Sets a user's roles and scope at once, replacing what they had.
    pub async fn set_grants(
        &self,
        user: UserId,
        grants: &Grants,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        write_grants(&mut tx, user, grants, now).await?;
        tx.commit().await
    }

    pub async fn grants(&self, user: UserId) -> Result<Grants> {
        let roles: Vec<(String,)> = self
            .fetch_all(
                "select role_code from user_roles where user_id = $1 order by role_code",
                args![user.0],
            )
            .await?;
        let national: Option<(bool,)> = self
            .fetch_optional(
                "select national_scope from users where id = $1",
                args![user.0],
            )
            .await?;
        let (national,) = national.ok_or(StoreError::NotFound)?;
        let scope = if national {
            AreaScope::National
        } else {
            let codes: Vec<(String,)> = self
                .fetch_all(
                    "select governorate_code from user_governorates where user_id = $1 order by governorate_code",
                    args![user.0],
                )
                .await?;
            AreaScope::Governorates(
                codes
                    .into_iter()
                    .map(|(c,)| {
                        GovernorateCode::parse(&c).map_err(|e| corrupt("governorate_code", e))
                    })
                    .collect::<Result<_>>()?,
            )
        };
        Ok(Grants {
            roles: roles.into_iter().map(|(r,)| r).collect(),
            scope,
        })
    }

    /// What an active user may do and where, read fresh from the database; `None` for
    /// an unknown or deactivated user.
    pub async fn user_access(
        &self,
        user: UserId,
        source_ip: Option<String>,
    ) -> Result<Option<Access>> {
        let row: Option<(String, bool)> = self
            .fetch_optional(
                "select username, active from users where id = $1",
                args![user.0],
            )
            .await?;
        let Some((username, true)) = row else {
            return Ok(None);
        };
        let grants = self.grants(user).await?;
        let perms: Vec<(String,)> = self
            .fetch_all(
                "select r.permissions from roles r join user_roles ur on ur.role_code = r.code where ur.user_id = $1",
                args![user.0],
            )
            .await?;
        Ok(Some(Access {
            user_id: Some(user),
            actor_name: username,
            source_ip,
            roles: grants.roles,
            permissions: perms.iter().flat_map(|(p,)| parse_permissions(p)).collect(),
            scope: grants.scope,
        }))
    }

    /// Whether any of the user's roles demands two-factor login.
    pub async fn user_requires_two_factor(&self, user: UserId) -> Result<bool> {
        let row: Option<(i64,)> = self
            .fetch_optional(
                "select count(*) from roles r join user_roles ur on ur.role_code = r.code \
                 where ur.user_id = $1 and r.requires_two_factor",
                args![user.0],
            )
            .await?;
        Ok(row.is_some_and(|(n,)| n > 0))
    }

    /// Marks a household restricted (or not) and names who may still read it: users
    /// and roles. The caller must see the household.
    pub async fn set_restriction(
        &self,
        access: &Access,
        household: HouseholdId,
        restricted: bool,
        users: &[UserId],
        roles: &[String],
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::HouseholdRestrict)?;
        let mut tx = self.begin().await?;
        let visible: Option<(i64,)> = tx
            .fetch_optional(
                concat!(
                    "select count(*) from households h where h.id = $4 and ",
                    visible_household!()
                ),
                scoped_args(access, args![household.0]),
            )
            .await?;
        if visible.is_none_or(|(n,)| n != 1) {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            "update households set restricted = $1, updated_at = $2 where id = $3",
            args![restricted, now, household.0],
        )
        .await?;
        tx.execute(
            "delete from record_grants where household_id = $1",
            args![household.0],
        )
        .await?;
        for user in users {
            tx.execute(
                "insert into record_grants (household_id, user_id, created_at, updated_at) values ($1, $2, $3, $3)",
                args![household.0, user.0, now],
            )
            .await?;
        }
        for role in roles {
            tx.execute(
                "insert into record_grants (household_id, role_code, created_at, updated_at) values ($1, $2, $3, $3)",
                args![household.0, role.as_str(), now],
            )
            .await?;
        }
        let entry = access
            .audit(AuditAction::HouseholdRestricted, "household", Some(household.to_string()), now)
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "restricted": restricted, "users": users, "roles": roles })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Whether a household is restricted, for callers that must audit its reads.
    pub async fn is_restricted(&self, household: HouseholdId) -> Result<bool> {
        let row: Option<(bool,)> = self
            .fetch_optional(
                "select restricted from households where id = $1",
                args![household.0],
            )
            .await?;
        Ok(row.is_some_and(|(r,)| r))
    }
}

pub(crate) async fn write_grants(
    tx: &mut Tx,
    user: UserId,
    grants: &Grants,
    now: OffsetDateTime,
) -> Result<()> {
    tx.execute("delete from user_roles where user_id = $1", args![user.0])
        .await?;
    tx.execute(
        "delete from user_governorates where user_id = $1",
        args![user.0],
    )
    .await?;
    for role in &grants.roles {
        tx.execute(
            "insert into user_roles (user_id, role_code, created_at, updated_at) values ($1, $2, $3, $3)",
            args![user.0, role.as_str(), now],
        )
        .await?;
    }
    let national = match &grants.scope {
        AreaScope::National => true,
        AreaScope::Governorates(codes) => {
            for code in codes {
                tx.execute(
                    "insert into user_governorates (user_id, governorate_code, created_at, updated_at) values ($1, $2, $3, $3)",
                    args![user.0, code.as_str(), now],
                )
                .await?;
            }
            false
        }
    };
    let n = tx
        .execute(
            "update users set national_scope = $1, updated_at = $2 where id = $3",
            args![national, now, user.0],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Refuses a caller without the permission.
pub(crate) fn require(access: &Access, permission: Permission) -> Result<()> {
    if access.can(permission) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "needs permission {}",
            permission.as_str()
        )))
    }
}

/// Refuses a write into a governorate outside the caller's scope.
pub(crate) fn require_scope(access: &Access, governorate: &GovernorateCode) -> Result<()> {
    if access.covers(governorate) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "governorate {} is outside your area",
            governorate.as_str()
        )))
    }
}
