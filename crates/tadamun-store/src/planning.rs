//! Planning groups in storage: the groups of each governorate, their members and
//! terms, and who sees and acts on which. `bylaws` keeps the versioned bylaws and
//! their votes; `meetings` the meetings, decisions and action items; `portal` what
//! anyone may read (public decisions) and each user's own action items.
//!
//! Visibility: a member linked to a user sees their group; ministry staff with
//! `planning.read` see the groups of their scope (a partner's staff never by scope).
//! What a caller may not see is `NotFound`. Managing a group (members, terms, bylaws)
//! needs `planning.manage` over its governorate; recording meetings, decisions and
//! action items also falls to the group's secretary of the day. `adoption` keeps the
//! priority weights a group adopted by a decision, with the ranking as computed;
//! `plan` the annual plan (objectives, activities) and the national roll-up.

pub mod adoption;
pub mod bylaws;
pub mod meetings;
pub mod plan;
pub mod portal;

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{OrganisationId, PlanningGroupId, PlanningMemberId, PlanningTermId, UserId},
    planning::{GroupDraft, MemberDraft, MemberKind, MemberRole, Term, TermDraft, check_term},
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

/// "Group `g` is visible": `$1` national scope, `$2` user id, `$3` may read by scope.
/// Queries number their own parameters from `$4`.
macro_rules! visible_group {
    () => {
        "(($3 and ($1 or g.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2))) \
         or exists (select 1 from planning_members vm where vm.group_id = g.id and vm.user_id = $2))"
    };
}

/// The three parameters of [`visible_group!`] followed by `rest`.
pub(crate) fn group_args(access: &Access, rest: Vec<Arg>) -> Vec<Arg> {
    let partner_only = !access.is_system()
        && access.can(Permission::PartnerSubmit)
        && !access.can(Permission::PartnerManage);
    let by_scope = access.can(Permission::PlanningRead) && !partner_only;
    let mut all = args![
        access.is_system() || access.scope.is_national(),
        access.user_id.map(|u| u.0),
        by_scope
    ];
    all.extend(rest);
    all
}

pub(crate) fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

pub(crate) fn gov(s: &str) -> Result<GovernorateCode> {
    GovernorateCode::parse(s).map_err(|e| corrupt("governorate", e))
}

/// A stored planning group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlanningGroup {
    pub id: PlanningGroupId,
    #[serde(flatten)]
    pub draft: GroupDraft,
    pub created_at: OffsetDateTime,
}

impl PlanningGroup {
    /// The name in the reader's language; the Arabic when there is no English.
    pub fn name(&self, arabic: bool) -> &str {
        match (&self.draft.name_en, arabic) {
            (Some(en), false) => en,
            _ => &self.draft.name_ar,
        }
    }
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: Uuid,
    governorate_code: String,
    name_ar: String,
    name_en: Option<String>,
    created_at: OffsetDateTime,
}

impl GroupRow {
    fn into_group(self) -> Result<PlanningGroup> {
        Ok(PlanningGroup {
            id: PlanningGroupId(self.id),
            draft: GroupDraft {
                governorate: gov(&self.governorate_code)?,
                name_ar: self.name_ar,
                name_en: self.name_en,
            },
            created_at: self.created_at,
        })
    }
}

/// A group as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupSummary {
    pub group: PlanningGroup,
    /// Members whose term covers today.
    pub members: i64,
    pub last_meeting: Option<Date>,
    pub open_actions: i64,
    pub overdue_actions: i64,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    g: GroupRow,
    members: i64,
    last_meeting: Option<Date>,
    open_actions: i64,
    overdue_actions: i64,
}

/// One member with their terms, newest first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberView {
    pub id: PlanningMemberId,
    pub name: String,
    pub kind: MemberKind,
    pub organisation: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub user: Option<UserId>,
    pub username: Option<String>,
    pub title: Option<String>,
    pub terms: Vec<Term>,
}

impl MemberView {
    /// The role of the term covering `day`, if any.
    pub fn role_on(&self, day: Date) -> Option<MemberRole> {
        self.terms
            .iter()
            .find(|t| t.term.covers(day))
            .map(|t| t.term.role)
    }
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: Uuid,
    name: String,
    kind: String,
    organisation_id: Option<Uuid>,
    organisation_name: Option<String>,
    user_id: Option<Uuid>,
    username: Option<String>,
    title: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TermRow {
    id: Uuid,
    member_id: Uuid,
    role: String,
    starts_on: Date,
    ends_on: Option<Date>,
}

impl TermRow {
    pub(crate) fn into_term(self) -> Result<Term> {
        Ok(Term {
            id: PlanningTermId(self.id),
            member: PlanningMemberId(self.member_id),
            term: TermDraft {
                role: MemberRole::parse(&self.role).map_err(|e| corrupt("role", e))?,
                starts_on: self.starts_on,
                ends_on: self.ends_on,
            },
        })
    }
}

/// What the caller may do in one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GroupRights {
    /// Members, terms and bylaws.
    pub manage: bool,
    /// Meetings, decisions and action items.
    pub record: bool,
}

impl Store {
    /// Creates a group in a governorate of the caller's scope (`planning.manage`).
    #[tracing::instrument(skip_all)]
    pub async fn create_planning_group(
        &self,
        access: &Access,
        draft: &GroupDraft,
        now: OffsetDateTime,
    ) -> Result<PlanningGroupId> {
        require(access, Permission::PlanningManage)?;
        require_scope(access, &draft.governorate)?;
        let known: Option<(String,)> = self
            .fetch_optional(
                "select code from areas where code = $1 and level = 'governorate'",
                args![draft.governorate.as_str()],
            )
            .await?;
        if known.is_none() {
            return Err(invalid(
                "governorate",
                "unknown-governorate",
                "not a governorate of this country",
            ));
        }
        let id = PlanningGroupId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into planning_groups (id, country, governorate_code, name_ar, name_en, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)",
            args![id.0, draft.governorate.country_code(), draft.governorate.as_str(), draft.name_ar.as_str(), draft.name_en.as_deref(), now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PlanningGroupCreated,
                "planning_group",
                Some(id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The groups the caller may see, by governorate then name, with today's figures.
    pub async fn list_planning_groups(
        &self,
        access: &Access,
        governorate: Option<&GovernorateCode>,
        today: Date,
    ) -> Result<Vec<GroupSummary>> {
        let rows: Vec<SummaryRow> = self
            .fetch_all(
                concat!(
                    "select g.id, g.governorate_code, g.name_ar, g.name_en, g.created_at, \
                     (select count(distinct t.member_id) from planning_terms t where t.group_id = g.id and t.starts_on <= $5 and (t.ends_on is null or t.ends_on >= $5)) as members, \
                     (select max(m.held_on) from planning_meetings m where m.group_id = g.id) as last_meeting, \
                     (select count(*) from planning_action_items a where a.group_id = g.id and a.status in ('open', 'in_progress')) as open_actions, \
                     (select count(*) from planning_action_items a where a.group_id = g.id and a.status in ('open', 'in_progress') and a.due_on < $5) as overdue_actions \
                     from planning_groups g where ",
                    visible_group!(),
                    " and ($4 is null or g.governorate_code = $4) order by g.governorate_code, g.name_ar, g.id"
                ),
                group_args(access, args![governorate.map(|g| g.as_str()), today]),
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(GroupSummary {
                    group: r.g.into_group()?,
                    members: r.members,
                    last_meeting: r.last_meeting,
                    open_actions: r.open_actions,
                    overdue_actions: r.overdue_actions,
                })
            })
            .collect()
    }

    /// A group the caller may see.
    pub async fn get_planning_group(
        &self,
        access: &Access,
        id: PlanningGroupId,
    ) -> Result<Option<PlanningGroup>> {
        let row: Option<GroupRow> = self
            .fetch_optional(
                concat!(
                    "select g.id, g.governorate_code, g.name_ar, g.name_en, g.created_at from planning_groups g where g.id = $4 and ",
                    visible_group!()
                ),
                group_args(access, args![id.0]),
            )
            .await?;
        row.map(GroupRow::into_group).transpose()
    }

    /// The group if visible, or `NotFound`.
    pub(crate) async fn visible_group(
        &self,
        access: &Access,
        id: PlanningGroupId,
    ) -> Result<PlanningGroup> {
        self.get_planning_group(access, id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// What the caller may do in a group they see, on `today`.
    pub async fn planning_rights(
        &self,
        access: &Access,
        id: PlanningGroupId,
        today: Date,
    ) -> Result<GroupRights> {
        let group = self.visible_group(access, id).await?;
        let manage =
            access.can(Permission::PlanningManage) && access.covers(&group.draft.governorate);
        let secretary = match access.user_id {
            Some(user) => {
                let row: Option<(Uuid,)> = self
                    .fetch_optional(
                        "select t.id from planning_terms t join planning_members m on m.id = t.member_id \
                         where m.group_id = $1 and m.user_id = $2 and t.role = 'secretary' and t.starts_on <= $3 and (t.ends_on is null or t.ends_on >= $3)",
                        args![id.0, user.0, today],
                    )
                    .await?;
                row.is_some()
            }
            None => false,
        };
        Ok(GroupRights {
            manage,
            record: manage || secretary,
        })
    }

    /// The group, refusing a caller who may not manage it.
    pub(crate) async fn managed_group(
        &self,
        access: &Access,
        id: PlanningGroupId,
    ) -> Result<PlanningGroup> {
        let group = self.visible_group(access, id).await?;
        require(access, Permission::PlanningManage)?;
        require_scope(access, &group.draft.governorate)?;
        Ok(group)
    }

    /// The group, refusing a caller who may not record in it on `today`.
    pub(crate) async fn recordable_group(
        &self,
        access: &Access,
        id: PlanningGroupId,
        today: Date,
    ) -> Result<PlanningGroup> {
        let group = self.visible_group(access, id).await?;
        if !self.planning_rights(access, id, today).await?.record {
            return Err(StoreError::Forbidden(
                "only planners of the governorate and the group's secretary record meetings".into(),
            ));
        }
        Ok(group)
    }

    /// Every stored term of the group.
    pub(crate) async fn group_terms(&self, group: PlanningGroupId) -> Result<Vec<Term>> {
        let rows: Vec<TermRow> = self.fetch_all(TERMS_SQL, args![group.0]).await?;
        rows.into_iter().map(TermRow::into_term).collect()
    }

    /// Adds a member with their first term. A named organisation must be in the
    /// registry; a named user must exist and sit on the group once.
    #[tracing::instrument(skip_all, fields(group = %group))]
    pub async fn add_planning_member(
        &self,
        access: &Access,
        group: PlanningGroupId,
        draft: &MemberDraft,
        now: OffsetDateTime,
    ) -> Result<PlanningMemberId> {
        self.managed_group(access, group).await?;
        let mut errors = FieldErrors::default();
        if let Some(org) = draft.organisation {
            let found: Option<(Uuid,)> = self
                .fetch_optional("select id from organisations where id = $1", args![org.0])
                .await?;
            if found.is_none() {
                errors.push(FieldError::new(
                    "organisation",
                    "unknown-organisation",
                    "no organisation of the partner registry has this id",
                ));
            }
        }
        let mut user = None;
        if let Some(name) = &draft.username {
            let found: Option<(Uuid,)> = self
                .fetch_optional("select id from users where username = $1", args![name])
                .await?;
            match found {
                None => errors.push(FieldError::new(
                    "username",
                    "unknown-user",
                    "no user has this name",
                )),
                Some((id,)) => {
                    let taken: Option<(Uuid,)> = self
                        .fetch_optional(
                            "select id from planning_members where group_id = $1 and user_id = $2",
                            args![group.0, id],
                        )
                        .await?;
                    if taken.is_some() {
                        errors.push(FieldError::new(
                            "username",
                            "user-already-member",
                            "this user is already a member of the group",
                        ));
                    }
                    user = Some(id);
                }
            }
        }
        let id = PlanningMemberId::new();
        let mut tx = self.begin().await?;
        if let Err(e) = check_term(&locked_group_terms(&mut tx, group).await?, id, &draft.term) {
            errors.0.extend(e.0);
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        tx.execute(
            "insert into planning_members (id, group_id, name, kind, organisation_id, user_id, title, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            args![id.0, group.0, draft.name.as_str(), draft.kind.as_str(), draft.organisation.map(|o| o.0), user, draft.title.as_deref(), now],
        )
        .await?;
        insert_term(&mut tx, group, id, &draft.term, now).await?;
        let entry = access
            .audit(
                AuditAction::PlanningMemberAdded,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gives a member another term, refused when it overlaps theirs or a held seat.
    #[tracing::instrument(skip_all, fields(group = %group))]
    pub async fn add_planning_term(
        &self,
        access: &Access,
        group: PlanningGroupId,
        member: PlanningMemberId,
        term: &TermDraft,
        now: OffsetDateTime,
    ) -> Result<PlanningTermId> {
        self.managed_group(access, group).await?;
        let found: Option<(Uuid,)> = self
            .fetch_optional(
                "select id from planning_members where id = $1 and group_id = $2",
                args![member.0, group.0],
            )
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin().await?;
        check_term(&locked_group_terms(&mut tx, group).await?, member, term)
            .map_err(StoreError::Invalid)?;
        let id = insert_term(&mut tx, group, member, term, now).await?;
        let entry = access
            .audit(
                AuditAction::PlanningTermAdded,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "member": member, "term": term })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The members of a group the caller sees, by name, with their terms.
    pub async fn planning_members(
        &self,
        access: &Access,
        group: PlanningGroupId,
    ) -> Result<Vec<MemberView>> {
        self.visible_group(access, group).await?;
        let rows: Vec<MemberRow> = self
            .fetch_all(
                "select m.id, m.name, m.kind, m.organisation_id, o.name_ar as organisation_name, m.user_id, u.username, m.title \
                 from planning_members m left join organisations o on o.id = m.organisation_id left join users u on u.id = m.user_id \
                 where m.group_id = $1 order by m.name, m.id",
                args![group.0],
            )
            .await?;
        let terms = self.group_terms(group).await?;
        rows.into_iter()
            .map(|r| {
                Ok(MemberView {
                    id: PlanningMemberId(r.id),
                    kind: MemberKind::parse(&r.kind).map_err(|e| corrupt("kind", e))?,
                    terms: terms
                        .iter()
                        .filter(|t| t.member.0 == r.id)
                        .cloned()
                        .collect(),
                    name: r.name,
                    organisation: r.organisation_id.map(OrganisationId),
                    organisation_name: r.organisation_name,
                    user: r.user_id.map(UserId),
                    username: r.username,
                    title: r.title,
                })
            })
            .collect()
    }
}

async fn insert_term(
    tx: &mut crate::db::Tx,
    group: PlanningGroupId,
    member: PlanningMemberId,
    term: &TermDraft,
    now: OffsetDateTime,
) -> Result<PlanningTermId> {
    let id = PlanningTermId::new();
    tx.execute(
        "insert into planning_terms (id, group_id, member_id, role, starts_on, ends_on, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id.0, group.0, member.0, term.role.as_str(), term.starts_on, term.ends_on, now],
    )
    .await?;
    Ok(id)
}

const TERMS_SQL: &str = "select id, member_id, role, starts_on, ends_on from planning_terms where group_id = $1 order by starts_on desc, id";

/// The group's terms inside the write that adds one, after taking the group's row lock
/// (PostgreSQL; SQLite's single writer serialises anyway), so two clerks cannot both
/// see a seat free and both fill it.
async fn locked_group_terms(tx: &mut Tx, group: PlanningGroupId) -> Result<Vec<Term>> {
    tx.execute(
        "update planning_groups set id = id where id = $1",
        args![group.0],
    )
    .await?;
    let rows: Vec<TermRow> = tx.fetch_all(TERMS_SQL, args![group.0]).await?;
    rows.into_iter().map(TermRow::into_term).collect()
}
