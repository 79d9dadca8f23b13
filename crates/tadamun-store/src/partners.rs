//! The partner registry in storage: organisations with the governorates they serve
//! and their contacts, the partner staff linked to one organisation, and who sees and
//! edits what. `services` keeps their offers and the service map; `accreditation`
//! the maker-checker accreditation changes.
//!
//! Visibility: a user linked to an organisation (a partner's staff) sees only that
//! one; a caller who may only submit for a partner (`partner.submit` without
//! `partner.manage`) and has no link sees none; ministry staff see the organisations
//! registered in, or serving, a governorate of their scope. What a caller may not see
//! is `NotFound`. Edits also need the head office inside the scope (or the link).

pub mod accreditation;
pub mod services;

use std::collections::BTreeSet;

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{OrganisationId, UserId},
    partner::{
        Accreditation, AccreditationStatus, Contact, Email, Organisation, OrganisationDraft,
        OrganisationKind, RegistrationNumber,
    },
    phone::Phone,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::{require, require_scope},
    audit::append_audit,
    backend::Store,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// "Organisation `o` is visible": `$1` national scope, `$2` user id, `$3` the one
/// organisation a partner's staff member is limited to (null for ministry staff).
/// Queries number their own parameters from `$4`.
macro_rules! visible_organisation {
    () => {
        "(($3 is null and ($1 or o.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2) \
         or exists (select 1 from organisation_governorates og join user_governorates ug on ug.governorate_code = og.governorate_code \
         where og.organisation_id = o.id and ug.user_id = $2))) or o.id = $3)"
    };
}
pub(crate) use visible_organisation;

/// Who is looking, as the three parameters of [`visible_organisation!`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Viewer {
    national: bool,
    user: Option<Uuid>,
    /// The organisation a partner's staff member is limited to; the nil id (matching
    /// nothing) for a partner-only caller without a link.
    pub only: Option<Uuid>,
}

impl Viewer {
    pub fn args(&self, rest: Vec<Arg>) -> Vec<Arg> {
        let mut all = args![self.national, self.user, self.only];
        all.extend(rest);
        all
    }
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

/// A registration number already used in the country reads as a field error.
fn registration_clash(e: StoreError) -> StoreError {
    match e {
        StoreError::Duplicate { constraint } if constraint.contains("registration_number") => {
            invalid(
                "registration_number",
                "duplicate-registration-number",
                "another organisation of this country has this registration number",
            )
        }
        other => other,
    }
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: Uuid,
    kind: String,
    registration_number: String,
    name_ar: String,
    name_en: Option<String>,
    governorate_code: String,
    accreditation_status: String,
    accreditation_expires_on: Option<Date>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

macro_rules! organisation_columns {
    () => {
        "o.id, o.kind, o.registration_number, o.name_ar, o.name_en, o.governorate_code, o.accreditation_status, \
         o.accreditation_expires_on, o.version, o.created_at, o.updated_at"
    };
}

fn gov(s: &str) -> Result<GovernorateCode> {
    GovernorateCode::parse(s).map_err(|e| corrupt("governorate", e))
}

impl OrganisationRow {
    fn accreditation(&self) -> Result<Accreditation> {
        Ok(Accreditation {
            status: AccreditationStatus::parse(&self.accreditation_status)
                .map_err(|e| corrupt("accreditation_status", e))?,
            expires_on: self.accreditation_expires_on,
        })
    }

    fn into_organisation(
        self,
        served: BTreeSet<GovernorateCode>,
        contacts: Vec<Contact>,
    ) -> Result<Organisation> {
        Ok(Organisation {
            id: OrganisationId(self.id),
            accreditation: self.accreditation()?,
            draft: OrganisationDraft {
                kind: OrganisationKind::parse(&self.kind).map_err(|e| corrupt("kind", e))?,
                registration_number: RegistrationNumber::parse(&self.registration_number)
                    .map_err(|e| corrupt("registration_number", e))?,
                name_ar: self.name_ar,
                name_en: self.name_en,
                governorate: gov(&self.governorate_code)?,
                governorates_served: served,
                contacts,
            },
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    name: String,
    phone: Option<String>,
    email: Option<String>,
}

/// One organisation as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct OrganisationSummary {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub registration_number: String,
    pub name_ar: String,
    pub name_en: Option<String>,
    pub governorate: GovernorateCode,
    pub accreditation: Accreditation,
    /// Services offered, and their total capacity (people per year).
    pub services: i64,
    pub capacity: i64,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    o: OrganisationRow,
    search_key: String,
    services: i64,
    capacity: i64,
}

/// Which organisations a list shows. The status is the one that reads on `today`.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Words of a name (Arabic or English) or the registration number.
    pub query: Option<String>,
    pub kind: Option<OrganisationKind>,
    /// Registered in or serving this governorate.
    pub governorate: Option<GovernorateCode>,
    pub status: Option<AccreditationStatus>,
    /// Offering this catalogue service.
    pub service: Option<String>,
}

/// Where the next page starts: the last row's search key and id (lists run by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationCursor {
    pub key: String,
    pub id: Uuid,
}

impl OrganisationCursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.id.simple(), self.key)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (id, key) = s.split_once('.')?;
        Some(Self {
            key: key.to_owned(),
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

/// A page of organisations and where the next one starts.
#[derive(Debug, Clone)]
pub struct OrganisationPage {
    pub rows: Vec<OrganisationSummary>,
    pub next: Option<OrganisationCursor>,
}

/// `like` pattern for words typed: each character that `like` treats specially escaped.
fn like_pattern(query: &str) -> String {
    let key = tadamun_arabic::normalize_letters(query);
    let escaped: String = key
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// Whether a caller acts only for a partner: may submit for one but manages none.
fn partner_only(access: &Access) -> bool {
    !access.is_system()
        && access.can(Permission::PartnerSubmit)
        && !access.can(Permission::PartnerManage)
}

impl Store {
    /// The organisation a user acts for, when they are a partner's staff.
    pub async fn partner_organisation_of(&self, user: UserId) -> Result<Option<OrganisationId>> {
        let row: Option<(Uuid,)> = self
            .fetch_optional(
                "select organisation_id from partner_users where user_id = $1",
                args![user.0],
            )
            .await?;
        Ok(row.map(|(o,)| OrganisationId(o)))
    }

    pub(crate) async fn organisation_viewer(&self, access: &Access) -> Result<Viewer> {
        let link = match access.user_id {
            Some(u) => self.partner_organisation_of(u).await?,
            None => None,
        };
        let only = link
            .map(|o| o.0)
            .or_else(|| partner_only(access).then(Uuid::nil));
        Ok(Viewer {
            national: access.is_system() || access.scope.is_national(),
            user: access.user_id.map(|u| u.0),
            only,
        })
    }

    /// Registers an organisation, pending accreditation. Needs `partner.manage` and
    /// the head office inside the caller's scope.
    #[tracing::instrument(skip_all)]
    pub async fn create_organisation(
        &self,
        access: &Access,
        draft: &OrganisationDraft,
        now: OffsetDateTime,
    ) -> Result<OrganisationId> {
        require(access, Permission::PartnerManage)?;
        require_scope(access, &draft.governorate)?;
        self.check_governorates(draft).await?;
        let id = OrganisationId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into organisations (id, country, kind, registration_number, name_ar, name_en, search_key, governorate_code, accreditation_status, version, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 1, $9, $9)",
            args![
                id.0,
                draft.governorate.country_code(),
                draft.kind.as_str(),
                draft.registration_number.as_str(),
                draft.name_ar.as_str(),
                draft.name_en.as_deref(),
                draft.search_key(),
                draft.governorate.as_str(),
                now
            ],
        )
        .await
        .map_err(registration_clash)?;
        write_served_and_contacts(&mut tx, id, draft, now).await?;
        let entry = access
            .audit(
                AuditAction::OrganisationCreated,
                "organisation",
                Some(id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every governorate named must be a stored one (the pack's, synced at start-up).
    async fn check_governorates(&self, draft: &OrganisationDraft) -> Result<()> {
        let mut errors = FieldErrors::default();
        let all = std::iter::once(("governorate".to_owned(), &draft.governorate)).chain(
            draft
                .governorates_served
                .iter()
                .enumerate()
                .map(|(i, g)| (format!("governorates_served[{i}]"), g)),
        );
        for (field, g) in all {
            let found: Option<(String,)> = self
                .fetch_optional(
                    "select code from areas where code = $1 and level = 'governorate'",
                    args![g.as_str()],
                )
                .await?;
            if found.is_none() {
                errors.push(FieldError::new(
                    field,
                    "unknown-governorate",
                    "not a governorate of this country",
                ));
            }
        }
        errors.into_result(|| ()).map_err(StoreError::Invalid)
    }

    /// An organisation the caller may see.
    pub async fn get_organisation(
        &self,
        access: &Access,
        id: OrganisationId,
    ) -> Result<Option<Organisation>> {
        require(access, Permission::PartnerRead)?;
        let viewer = self.organisation_viewer(access).await?;
        let row: Option<OrganisationRow> = self
            .fetch_optional(
                concat!(
                    "select ",
                    organisation_columns!(),
                    " from organisations o where o.id = $4 and ",
                    visible_organisation!()
                ),
                viewer.args(args![id.0]),
            )
            .await?;
        let Some(row) = row else { return Ok(None) };
        let served: Vec<(String,)> = self
            .fetch_all(
                "select governorate_code from organisation_governorates where organisation_id = $1 order by governorate_code",
                args![id.0],
            )
            .await?;
        let contacts: Vec<ContactRow> = self
            .fetch_all(
                "select name, phone, email from organisation_contacts where organisation_id = $1 order by position",
                args![id.0],
            )
            .await?;
        let served = served.iter().map(|(g,)| gov(g)).collect::<Result<_>>()?;
        let contacts = contacts
            .into_iter()
            .map(|c| {
                Ok(Contact {
                    name: c.name,
                    phone: c
                        .phone
                        .map(Phone::try_from)
                        .transpose()
                        .map_err(|e| corrupt("phone", e))?,
                    email: c
                        .email
                        .map(Email::try_from)
                        .transpose()
                        .map_err(|e| corrupt("email", e))?,
                })
            })
            .collect::<Result<_>>()?;
        row.into_organisation(served, contacts).map(Some)
    }

    /// The organisation if the caller may edit it: visible, `partner.submit`, and
    /// either their own (a partner's staff) or registered inside their scope.
    pub(crate) async fn editable_organisation(
        &self,
        access: &Access,
        id: OrganisationId,
    ) -> Result<(Organisation, Viewer)> {
        let org = self
            .get_organisation(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::PartnerSubmit)?;
        let viewer = self.organisation_viewer(access).await?;
        if viewer.only.is_none() {
            require_scope(access, &org.draft.governorate)?;
        }
        Ok((org, viewer))
    }

    /// Saves an edit made from `version`. A partner's staff may not change what the
    /// ministry registered (kind, number, head office); a governorate that still has
    /// services cannot stop being served.
    #[tracing::instrument(skip_all, fields(organisation = %id))]
    pub async fn update_organisation(
        &self,
        access: &Access,
        id: OrganisationId,
        version: i64,
        draft: &OrganisationDraft,
        now: OffsetDateTime,
    ) -> Result<()> {
        let (before, viewer) = self.editable_organisation(access, id).await?;
        let mut errors = FieldErrors::default();
        if viewer.only.is_some() {
            let b = &before.draft;
            for (field, changed) in [
                ("kind", b.kind != draft.kind),
                (
                    "registration_number",
                    b.registration_number != draft.registration_number,
                ),
                ("governorate", b.governorate != draft.governorate),
            ] {
                if changed {
                    errors.push(FieldError::new(
                        field,
                        "set-by-ministry",
                        "only the ministry changes this",
                    ));
                }
            }
        } else {
            require_scope(access, &draft.governorate)?;
        }
        let offered: Vec<(String,)> = self
            .fetch_all(
                "select distinct governorate_code from organisation_services where organisation_id = $1 order by governorate_code",
                args![id.0],
            )
            .await?;
        for (g,) in offered {
            if !draft.governorates_served.iter().any(|s| s.as_str() == g) {
                errors.push(FieldError::new(
                    "governorates_served",
                    "governorate-has-services",
                    format!("services are offered in {g}; remove them first"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        self.check_governorates(draft).await?;
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update organisations set kind = $1, registration_number = $2, name_ar = $3, name_en = $4, search_key = $5, governorate_code = $6, \
                 version = version + 1, updated_at = $7 where id = $8 and version = $9",
                args![
                    draft.kind.as_str(),
                    draft.registration_number.as_str(),
                    draft.name_ar.as_str(),
                    draft.name_en.as_deref(),
                    draft.search_key(),
                    draft.governorate.as_str(),
                    now,
                    id.0,
                    version
                ],
            )
            .await
            .map_err(registration_clash)?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        tx.execute(
            "delete from organisation_governorates where organisation_id = $1",
            args![id.0],
        )
        .await?;
        tx.execute(
            "delete from organisation_contacts where organisation_id = $1",
            args![id.0],
        )
        .await?;
        write_served_and_contacts(&mut tx, id, draft, now).await?;
        let entry = access
            .audit(
                AuditAction::OrganisationUpdated,
                "organisation",
                Some(id.to_string()),
                now,
            )
            .with_change(Some(&before.draft), Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Organisations the caller may see, by name, a page at a time.
    pub async fn list_organisations(
        &self,
        access: &Access,
        filter: &OrganisationFilter,
        today: Date,
        after: Option<&OrganisationCursor>,
        limit: i64,
    ) -> Result<OrganisationPage> {
        require(access, Permission::PartnerRead)?;
        let viewer = self.organisation_viewer(access).await?;
        let limit = limit.clamp(1, 200);
        let rows: Vec<SummaryRow> = self
            .fetch_all(
                concat!(
                    "select ",
                    organisation_columns!(),
                    ", o.search_key, (select count(*) from organisation_services s where s.organisation_id = o.id) as services, \
                     (select cast(coalesce(sum(s.capacity), 0) as bigint) from organisation_services s where s.organisation_id = o.id) as capacity \
                     from organisations o where ",
                    visible_organisation!(),
                    " and ($4 is null or o.search_key like $4 escape '\\') \
                     and ($5 is null or o.kind = $5) \
                     and ($6 is null or o.governorate_code = $6 or exists (select 1 from organisation_governorates og where og.organisation_id = o.id and og.governorate_code = $6)) \
                     and ($7 is null or (case when o.accreditation_status = 'accredited' and o.accreditation_expires_on < $8 then 'expired' else o.accreditation_status end) = $7) \
                     and ($9 is null or exists (select 1 from organisation_services s where s.organisation_id = o.id and s.service_code = $9)) \
                     and ($10 is null or o.search_key > $10 or (o.search_key = $10 and o.id > $11)) \
                     order by o.search_key, o.id limit $12"
                ),
                viewer.args(args![
                    filter.query.as_deref().filter(|q| !q.trim().is_empty()).map(like_pattern),
                    filter.kind.map(|k| k.as_str()),
                    filter.governorate.as_ref().map(|g| g.as_str()),
                    filter.status.map(|s| s.as_str()),
                    today,
                    filter.service.as_deref(),
                    after.map(|c| c.key.clone()),
                    after.map(|c| c.id),
                    limit
                ]),
            )
            .await?;
        let next = (rows.len() as i64 == limit)
            .then(|| rows.last())
            .flatten()
            .map(|r| OrganisationCursor {
                key: r.search_key.clone(),
                id: r.o.id,
            });
        let rows = rows
            .into_iter()
            .map(|r| {
                Ok(OrganisationSummary {
                    accreditation: r.o.accreditation()?,
                    id: OrganisationId(r.o.id),
                    kind: OrganisationKind::parse(&r.o.kind).map_err(|e| corrupt("kind", e))?,
                    registration_number: r.o.registration_number,
                    name_ar: r.o.name_ar,
                    name_en: r.o.name_en,
                    governorate: gov(&r.o.governorate_code)?,
                    services: r.services,
                    capacity: r.capacity,
                })
            })
            .collect::<Result<_>>()?;
        Ok(OrganisationPage { rows, next })
    }

    /// Makes a user a partner's staff member for this organisation (replacing any
    /// earlier link). Needs `partner.manage` over the organisation's head office; the
    /// user must be one who may only submit for a partner.
    pub async fn link_partner_user(
        &self,
        access: &Access,
        organisation: OrganisationId,
        username: &str,
        now: OffsetDateTime,
    ) -> Result<UserId> {
        let org = self
            .get_organisation(access, organisation)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::PartnerManage)?;
        require_scope(access, &org.draft.governorate)?;
        let user: Option<(Uuid,)> = self
            .fetch_optional(
                "select id from users where username = $1",
                args![username.trim()],
            )
            .await?;
        let Some((user,)) = user else {
            return Err(invalid("username", "unknown-user", "no user has this name"));
        };
        // A link limits its user to one organisation: only for a partner's staff, so a
        // ministry clerk is never narrowed by mistake.
        let linked = self.user_access(UserId(user), None).await?;
        if !linked.as_ref().is_some_and(partner_only) {
            return Err(invalid(
                "username",
                "not-a-partner-user",
                "only a user with the partner role can be linked to an organisation",
            ));
        }
        let mut tx = self.begin().await?;
        tx.execute("delete from partner_users where user_id = $1", args![user])
            .await?;
        tx.execute(
            "insert into partner_users (user_id, organisation_id, created_at, updated_at) values ($1, $2, $3, $3)",
            args![user, organisation.0, now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PartnerUserLinked,
                "organisation",
                Some(organisation.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "user": user, "username": username.trim() })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(UserId(user))
    }

    /// Ends a partner staff member's link to this organisation (they then see no
    /// organisation). Needs `partner.manage` over the head office.
    pub async fn unlink_partner_user(
        &self,
        access: &Access,
        organisation: OrganisationId,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        let org = self
            .get_organisation(access, organisation)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::PartnerManage)?;
        require_scope(access, &org.draft.governorate)?;
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "delete from partner_users where user_id = $1 and organisation_id = $2",
                args![user.0, organisation.0],
            )
            .await?;
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        let entry = access
            .audit(
                AuditAction::PartnerUserUnlinked,
                "organisation",
                Some(organisation.to_string()),
                now,
            )
            .with_change(Some(&serde_json::json!({ "user": user })), None::<&()>);
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// The partner staff linked to an organisation the caller may see: id and name.
    pub async fn partner_users(
        &self,
        access: &Access,
        organisation: OrganisationId,
    ) -> Result<Vec<(UserId, String)>> {
        if self.get_organisation(access, organisation).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows: Vec<(Uuid, String)> = self
            .fetch_all(
                "select u.id, u.username from partner_users p join users u on u.id = p.user_id where p.organisation_id = $1 order by u.username",
                args![organisation.0],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| (UserId(id), name))
            .collect())
    }
}

async fn write_served_and_contacts(
    tx: &mut Tx,
    id: OrganisationId,
    draft: &OrganisationDraft,
    now: OffsetDateTime,
) -> Result<()> {
    for g in &draft.governorates_served {
        tx.execute(
            "insert into organisation_governorates (organisation_id, governorate_code, created_at, updated_at) values ($1, $2, $3, $3)",
            args![id.0, g.as_str(), now],
        )
        .await?;
    }
    for (i, c) in draft.contacts.iter().enumerate() {
        tx.execute(
            "insert into organisation_contacts (organisation_id, position, name, phone, email, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)",
            args![
                id.0,
                i as i64,
                c.name.as_str(),
                c.phone.as_ref().map(|p| p.as_str()),
                c.email.as_ref().map(|e| e.as_str()),
                now
            ],
        )
        .await?;
    }
    Ok(())
}
