//! Creating, reading and editing households. Every write appends to the household's
//! history with who, when, before and after; nothing is overwritten without a trace.

use std::collections::HashMap;
use tadamun_domain::{
    access::{Access, Permission},
    audit::AuditAction,
    change::sensitive_changes,
    history::ChangeKind,
    household::{Household, HouseholdDraft},
    identity::Document,
    ids::{HouseholdId, PersonId, UserId},
    person::{Person, PersonDraft},
};

use sqlx::AssertSqlSafe;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{require, require_scope, scoped_args, visible_household},
    audit::append_audit,
    backend::Store,
    bulk::BulkTable,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::{DocumentRow, HouseholdRow, PersonRow},
    values::{
        DOCUMENT_COLUMNS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, document_row, household_fields,
        household_row, person_fields, person_row,
    },
};

macro_rules! household_columns {
    () => {
        "id, status, governorate_code, district_code, address, phone, alt_phone, dwelling_type, tenure, rooms, monthly_income, main_income_source, has_car, has_fridge, has_washing_machine, has_air_conditioner, has_computer, has_internet, extra, restricted, version, created_at, updated_at"
    };
}
macro_rules! person_columns {
    () => {
        "id, household_id, given_name, father_name, grandfather_name, family_name, latin_name, sex, birth_date, birth_date_approx, relationship, marital_status, education, work_status, wg_seeing, wg_hearing, wg_walking, wg_cognition, wg_self_care, wg_communication, date_of_death, version"
    };
}
pub(crate) use household_columns;
pub(crate) use person_columns;

/// `$1, $2, …, $n` for an `in (…)` list.
pub(crate) fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts a household row (members are inserted separately).
pub(crate) async fn insert_household_row(
    tx: &mut Tx,
    id: HouseholdId,
    h: &HouseholdDraft,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<()> {
    let mut table = BulkTable::new("households", HOUSEHOLD_COLUMNS);
    table.push(household_row(id, h, actor, now, None));
    table.write(tx).await
}

/// Inserts a person and their documents.
pub(crate) async fn insert_person_row(
    tx: &mut Tx,
    id: PersonId,
    household: HouseholdId,
    position: i64,
    p: &PersonDraft,
    now: OffsetDateTime,
) -> Result<()> {
    let mut person = BulkTable::new("persons", PERSON_COLUMNS);
    person.push(person_row(id, household, position, p, now));
    person.write(tx).await?;
    let mut documents = BulkTable::new("person_documents", DOCUMENT_COLUMNS);
    for d in &p.documents {
        documents.push(document_row(id, d, now));
    }
    documents.write(tx).await
}

/// Appends one history line for a change its actor made alone.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn append_history(
    tx: &mut Tx,
    household: HouseholdId,
    person: Option<PersonId>,
    kind: ChangeKind,
    actor: Option<UserId>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    now: OffsetDateTime,
) -> Result<()> {
    let approval = Approval {
        actor,
        approved_by: None,
    };
    insert_history(tx, household, person, kind, approval, before, after, now).await
}

/// A history entry naming both the maker and, for an approved change, the checker.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_history(
    tx: &mut Tx,
    household: HouseholdId,
    person: Option<PersonId>,
    kind: ChangeKind,
    approval: Approval,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    now: OffsetDateTime,
) -> Result<()> {
    tx.execute(
        "insert into household_history (household_id, person_id, kind, actor_id, approved_by, before_json, after_json, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        args![
            household.0,
            person.map(|p| p.0),
            kind.as_str(),
            approval.actor.map(|u| u.0),
            approval.approved_by.map(|u| u.0),
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
            now,
        ],
    )
    .await?;
    Ok(())
}

/// Adds `delta` to a household's count of living members.
pub(crate) async fn add_living_members(tx: &mut Tx, id: HouseholdId, delta: i64) -> Result<()> {
    tx.execute(
        "update households set living_members = living_members + $1 where id = $2",
        args![delta, id.0],
    )
    .await?;
    Ok(())
}

/// Raises the household's version from `expected`, or fails with `Conflict` when
/// someone else saved first.
pub(crate) async fn bump_version(
    tx: &mut Tx,
    id: HouseholdId,
    expected: i64,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<()> {
    let n = tx
        .execute(
            "update households set version = version + 1, updated_by = $1, updated_at = $2 where id = $3 and version = $4",
            args![actor.map(|u| u.0), now, id.0, expected],
        )
        .await?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict)
    }
}

pub(crate) fn snapshot<T: serde::Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

impl Store {
    /// Registers a new household with its members and documents, atomically, in a
    /// governorate of the caller's scope.
    #[tracing::instrument(skip_all, fields(governorate = %draft.governorate))]
    pub async fn create_household(
        &self,
        access: &Access,
        draft: &HouseholdDraft,
        now: OffsetDateTime,
    ) -> Result<HouseholdId> {
        require(access, Permission::HouseholdCreate)?;
        require_scope(access, &draft.governorate)?;
        let actor = access.user_id;
        let id = HouseholdId::new();
        let mut tx = self.begin().await?;
        insert_household_row(&mut tx, id, draft, actor, now).await?;
        for (i, m) in draft.members.iter().enumerate() {
            insert_person_row(&mut tx, PersonId::new(), id, i as i64, m, now).await?;
        }
        append_history(
            &mut tx,
            id,
            None,
            ChangeKind::Created,
            actor,
            None,
            snapshot(draft),
            now,
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::HouseholdCreated,
                "household",
                Some(id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A household the caller may see, with all its members (deceased ones included)
    /// and documents; `None` when it does not exist or is hidden from the caller.
    #[tracing::instrument(skip_all, fields(household = %id))]
    pub async fn get_household(
        &self,
        access: &Access,
        id: HouseholdId,
    ) -> Result<Option<Household>> {
        let Some(row) = self
            .fetch_optional::<HouseholdRow>(
                concat!(
                    "select ",
                    household_columns!(),
                    " from households h where h.id = $4 and ",
                    visible_household!()
                ),
                scoped_args(access, args![id.0]),
            )
            .await?
        else {
            return Ok(None);
        };
        let members = self
            .members_of(&[id.0])
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let household = row.into_household(members)?;
        if household.restricted {
            let entry = access.audit(
                AuditAction::RestrictedRecordRead,
                "household",
                Some(id.to_string()),
                crate::now(),
            );
            self.record_audit(&entry).await?;
        }
        Ok(Some(household))
    }

    /// Whether the caller may see the household (in scope, and granted if restricted).
    pub async fn household_visible(&self, access: &Access, id: HouseholdId) -> Result<bool> {
        match self.require_visible(access, id).await {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `NotFound` unless the caller may see the household.
    pub(crate) async fn require_visible(&self, access: &Access, id: HouseholdId) -> Result<()> {
        let row: Option<(i64,)> = self
            .fetch_optional(
                concat!(
                    "select count(*) from households h where h.id = $4 and ",
                    visible_household!()
                ),
                scoped_args(access, args![id.0]),
            )
            .await?;
        match row {
            Some((1,)) => Ok(()),
            _ => Err(StoreError::NotFound),
        }
    }

    /// Members of the given households, in household order, with their documents.
    /// Batched with `in (…)` lists so a page of households costs a few queries.
    pub(crate) async fn members_of(&self, households: &[Uuid]) -> Result<Vec<(Uuid, Person)>> {
        let mut out = Vec::new();
        for chunk in households.chunks(500) {
            let list = placeholders(chunk.len());
            let ids: Vec<Arg> = chunk.iter().map(|id| Arg::from(*id)).collect();
            let persons: Vec<PersonRow> = self
                .fetch_all(AssertSqlSafe(format!(concat!("select ", person_columns!(), " from persons where household_id in ({}) and deleted_at is null order by household_id, position, id"), list)), ids.clone())
                .await?;
            let docs: Vec<DocumentRow> = self
                .fetch_all(
                    AssertSqlSafe(format!("select d.person_id, d.doc_type, d.number from person_documents d join persons p on p.id = d.person_id where p.household_id in ({list}) and p.deleted_at is null order by d.created_at, d.id")),
                    ids,
                )
                .await?;
            let mut by_person: HashMap<Uuid, Vec<Document>> = HashMap::new();
            for d in docs {
                by_person
                    .entry(d.person_id)
                    .or_default()
                    .push(d.into_document()?);
            }
            for p in persons {
                let documents = by_person.remove(&p.id).unwrap_or_default();
                out.push((p.household_id, p.into_person(documents)?));
            }
        }
        Ok(out)
    }

    /// Saves an edit made from `expected_version`. `member_ids[i]` names the stored
    /// person that `draft.members[i]` edits, or `None` for a member added now. Members
    /// left out of the edit are kept: people leave a household by a life-cycle event
    /// (death, split), never by deletion. An edit that moves the household, changes
    /// its head or corrects a document number is refused with `NeedsApproval`: it
    /// must go through a change request.
    #[tracing::instrument(skip_all, fields(household = %id))]
    pub async fn update_household(
        &self,
        access: &Access,
        id: HouseholdId,
        expected_version: i64,
        draft: &HouseholdDraft,
        member_ids: &[Option<PersonId>],
        now: OffsetDateTime,
    ) -> Result<()> {
        let before = self
            .get_household(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::HouseholdEdit)?;
        require_scope(access, &draft.governorate)?;
        let sensitive = sensitive_changes(&before, draft, member_ids);
        if !sensitive.is_empty() {
            return Err(StoreError::NeedsApproval(sensitive));
        }
        let mut tx = self.begin().await?;
        apply_edit(
            &mut tx,
            &before,
            expected_version,
            draft,
            member_ids,
            Approval {
                actor: access.user_id,
                approved_by: None,
            },
            now,
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::HouseholdUpdated,
                "household",
                Some(id.to_string()),
                now,
            )
            .with_change(Some(&before.to_draft()), Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }
}

/// Who made a change, and who approved it when it needed a second person.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Approval {
    pub actor: Option<UserId>,
    pub approved_by: Option<UserId>,
}

/// Writes an edit of `before` inside the caller's transaction.
pub(crate) async fn apply_edit(
    tx: &mut Tx,
    before: &Household,
    expected_version: i64,
    draft: &HouseholdDraft,
    member_ids: &[Option<PersonId>],
    approval: Approval,
    now: OffsetDateTime,
) -> Result<()> {
    let id = before.id;
    bump_version(tx, id, expected_version, approval.actor, now).await?;
    let mut values = household_fields(draft);
    values.push(id.0.into());
    tx.execute(
        "update households set governorate_code = $1, district_code = $2, address = $3, phone = $4, alt_phone = $5, dwelling_type = $6, tenure = $7, rooms = $8, monthly_income = $9, main_income_source = $10, \
         has_car = $11, has_fridge = $12, has_washing_machine = $13, has_air_conditioner = $14, has_computer = $15, has_internet = $16, extra = $17 where id = $18",
        values,
    )
    .await?;
    let next_position = before.members.len() as i64;
    for (i, member) in draft.members.iter().enumerate() {
        match member_ids.get(i).copied().flatten() {
            Some(pid) if before.members.iter().any(|m| m.id == pid) => {
                update_person_row(tx, pid, member, now).await?
            }
            Some(_) => return Err(StoreError::NotFound),
            None => {
                insert_person_row(
                    tx,
                    PersonId::new(),
                    id,
                    next_position + i as i64,
                    member,
                    now,
                )
                .await?;
                add_living_members(tx, id, 1).await?;
            }
        }
    }
    insert_history(
        tx,
        id,
        None,
        ChangeKind::Updated,
        approval,
        snapshot(&before.to_draft()),
        snapshot(draft),
        now,
    )
    .await
}

/// Rewrites a person's fields and the documents the edit names.
pub(crate) async fn update_person_row(
    tx: &mut Tx,
    id: PersonId,
    p: &PersonDraft,
    now: OffsetDateTime,
) -> Result<()> {
    let mut values = person_fields(p);
    values.extend(args![now, id.0]);
    tx.execute(
        "update persons set given_name = $1, father_name = $2, grandfather_name = $3, family_name = $4, latin_name = $5, name_key = $6, given_family_key = $7, family_given_key = $8, sex = $9, birth_date = $10, birth_date_approx = $11, \
         relationship = $12, marital_status = $13, education = $14, work_status = $15, wg_seeing = $16, wg_hearing = $17, wg_walking = $18, wg_cognition = $19, wg_self_care = $20, wg_communication = $21, \
         version = version + 1, updated_at = $22 where id = $23",
        values,
    )
    .await?;
    // An edit names documents by type: it replaces the number of each type it carries
    // and keeps the person's other documents (a form shows one ID, a person may hold
    // several). The history entry keeps the numbers that were replaced.
    for d in &p.documents {
        tx.execute(
            "delete from person_documents where person_id = $1 and doc_type = $2 and number <> $3",
            args![id.0, d.doc_type.as_str(), d.number.as_str()],
        )
        .await?;
        tx.execute(
            // Someone else's number still fails the unique constraint, as it should.
            "insert into person_documents (id, person_id, doc_type, number, created_at, updated_at) select $1, $2, $3, $4, $5, $5 \
             where not exists (select 1 from person_documents where person_id = $2 and doc_type = $3 and number = $4)",
            args![Uuid::now_v7(), id.0, d.doc_type.as_str(), d.number.as_str(), now],
        )
        .await?;
    }
    Ok(())
}
