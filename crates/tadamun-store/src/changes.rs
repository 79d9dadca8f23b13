//! Maker-checker change requests: filed by one user, decided by another with the
//! approver's permission and a scope over every governorate the change touches. An
//! approval applies the change and closes the request in one transaction.

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    change::{
        ChangePayload, ChangeRequest, ChangeRequestKind, ChangeRequestStatus, sensitive_changes,
    },
    history::ChangeKind,
    household::{Household, HouseholdStatus},
    ids::{HouseholdId, PersonId, UserId},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{require, require_scope, scoped_args, visible_household},
    audit::append_audit,
    backend::Store,
    db::{Tx, args},
    error::{Result, StoreError},
    households::person_columns,
    households::{
        Approval, add_living_members, apply_edit, bump_version, insert_history, snapshot,
    },
    rows::{DocumentRow, PersonRow, corrupt},
};

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    household_id: Uuid,
    kind: String,
    governorate_code: String,
    target_governorate_code: Option<String>,
    payload_json: String,
    before_json: String,
    after_json: String,
    reason: String,
    status: String,
    requested_by: Uuid,
    requested_by_name: String,
    decided_by: Option<Uuid>,
    decided_by_name: Option<String>,
    decided_at: Option<OffsetDateTime>,
    decision_note: Option<String>,
    created_at: OffsetDateTime,
}

impl RequestRow {
    fn into_request(self) -> Result<ChangeRequest> {
        let json = |s: &str, what: &str| -> Result<serde_json::Value> {
            serde_json::from_str(s).map_err(|e| corrupt(what, e))
        };
        let gov = |s: &str| GovernorateCode::parse(s).map_err(|e| corrupt("governorate", e));
        Ok(ChangeRequest {
            id: self.id,
            household_id: HouseholdId(self.household_id),
            kind: ChangeRequestKind::parse(&self.kind).map_err(|e| corrupt("kind", e))?,
            governorate: gov(&self.governorate_code)?,
            target_governorate: self
                .target_governorate_code
                .as_deref()
                .map(gov)
                .transpose()?,
            payload: serde_json::from_str(&self.payload_json).map_err(|e| corrupt("payload", e))?,
            before: json(&self.before_json, "before")?,
            after: json(&self.after_json, "after")?,
            reason: self.reason,
            status: ChangeRequestStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            requested_by: UserId(self.requested_by),
            requested_by_name: self.requested_by_name,
            decided_by: self.decided_by.map(UserId),
            decided_by_name: self.decided_by_name,
            decided_at: self.decided_at,
            decision_note: self.decision_note,
            created_at: self.created_at,
        })
    }
}

macro_rules! request_select {
    () => {
        "select c.id, c.household_id, c.kind, c.governorate_code, c.target_governorate_code, c.payload_json, c.before_json, c.after_json, c.reason, c.status, \
         c.requested_by, r.display_name as requested_by_name, c.decided_by, d.display_name as decided_by_name, c.decided_at, c.decision_note, c.created_at \
         from change_requests c join users r on r.id = c.requested_by left join users d on d.id = c.decided_by join households h on h.id = c.household_id where "
    };
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

/// What a payload changes, as the approver will see it.
struct Described {
    kind: ChangeRequestKind,
    target: Option<GovernorateCode>,
    before: serde_json::Value,
    after: serde_json::Value,
}

/// What a request needs besides its own household: the household holding the record
/// a merge keeps, when that is another one, and the record an unmerge restores.
struct Context {
    household: Household,
    keep_household: Option<Household>,
    merged: Option<MergedRecord>,
}

impl Context {
    /// The household the kept record of a merge or unmerge belongs to.
    fn keep_side(&self) -> &Household {
        self.keep_household.as_ref().unwrap_or(&self.household)
    }
}

/// A record merged into another, as an unmerge finds it.
struct MergedRecord {
    person: tadamun_domain::person::Person,
    merged_into: PersonId,
    /// Documents the merge moved to the kept record (empty for merges made before
    /// they were recorded).
    moved_documents: Vec<Uuid>,
    /// The merge removed the household's last member and dissolved it.
    dissolved_household: bool,
}

#[derive(sqlx::FromRow)]
struct MergedRow {
    merged_into: Uuid,
    keep_household: Uuid,
}

/// A checked request, ready to be written.
pub(crate) struct FiledChange {
    pub id: Uuid,
    args: Vec<crate::db::Arg>,
    entry: tadamun_domain::audit::NewAuditEntry,
}

impl FiledChange {
    pub(crate) async fn insert(&self, tx: &mut Tx) -> Result<()> {
        tx.execute(
            "insert into change_requests (id, household_id, kind, governorate_code, target_governorate_code, payload_json, before_json, after_json, reason, status, requested_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $11)",
            self.args.clone(),
        )
        .await?;
        append_audit(tx, &self.entry).await?;
        Ok(())
    }
}

fn describe(ctx: &Context, payload: &ChangePayload) -> Result<Described> {
    let household = &ctx.household;
    let member = |id: &PersonId| {
        household
            .members
            .iter()
            .find(|m| m.id == *id)
            .ok_or_else(|| invalid("person", "not-a-member", "not a member of this household"))
    };
    match payload {
        ChangePayload::Edit {
            draft, member_ids, ..
        } => {
            let kind = *sensitive_changes(household, draft, member_ids)
                .first()
                .ok_or_else(|| {
                    invalid(
                        "change",
                        "nothing-to-approve",
                        "this edit needs no approval; save it directly",
                    )
                })?;
            Ok(Described {
                kind,
                target: (draft.governorate != household.governorate)
                    .then(|| draft.governorate.clone()),
                before: serde_json::to_value(household.to_draft()).unwrap_or_default(),
                after: serde_json::to_value(draft).unwrap_or_default(),
            })
        }
        ChangePayload::DeletePerson { person } => {
            let p = member(person)?;
            if household.head().is_some_and(|h| h.id == *person) {
                return Err(invalid(
                    "person",
                    "head-cannot-be-deleted",
                    "change the head before deleting this person",
                ));
            }
            Ok(Described {
                kind: ChangeRequestKind::DeletePerson,
                target: None,
                before: serde_json::to_value(p).unwrap_or_default(),
                after: serde_json::Value::Null,
            })
        }
        ChangePayload::MergePersons { keep, remove } => {
            if keep == remove {
                return Err(invalid(
                    "remove",
                    "same-person",
                    "choose two different records",
                ));
            }
            let r = member(remove)?;
            let k = ctx
                .keep_side()
                .members
                .iter()
                .find(|m| m.id == *keep)
                .ok_or_else(|| invalid("keep", "not-found", "the record to keep was not found"))?;
            // A head goes only with the household: one registered twice whole.
            if household.head().is_some_and(|h| h.id == *remove) && household.members.len() > 1 {
                return Err(invalid(
                    "remove",
                    "head-cannot-be-deleted",
                    "keep the head's record and merge the other into it",
                ));
            }
            let mut merged = k.clone();
            for d in &r.draft.documents {
                if !merged.draft.documents.contains(d) {
                    merged.draft.documents.push(d.clone());
                }
            }
            Ok(Described {
                kind: ChangeRequestKind::MergePersons,
                target: other_governorate(ctx),
                before: serde_json::json!({ "keep": k, "remove": r }),
                after: serde_json::to_value(merged).unwrap_or_default(),
            })
        }
        ChangePayload::UnmergePerson { person } => {
            let m = ctx
                .merged
                .as_ref()
                .filter(|m| m.person.id == *person)
                .ok_or_else(|| {
                    invalid("person", "not-merged", "this record is not a merged one")
                })?;
            Ok(Described {
                kind: ChangeRequestKind::UnmergePerson,
                target: other_governorate(ctx),
                before: serde_json::json!({ "merged": m.person, "merged_into": m.merged_into }),
                after: serde_json::to_value(&m.person).unwrap_or_default(),
            })
        }
        // Filed on the organisation by `partners::accreditation`, never on a household.
        ChangePayload::Accreditation { .. } => Err(invalid(
            "change",
            "not-a-household-change",
            "an accreditation change is filed on the organisation",
        )),
    }
}

/// The kept record's governorate when it is not the request's own.
fn other_governorate(ctx: &Context) -> Option<GovernorateCode> {
    ctx.keep_household
        .as_ref()
        .map(|k| k.governorate.clone())
        .filter(|g| *g != ctx.household.governorate)
}

/// The person deciding a change request: someone with `change.approve` who is not its
/// requester. Every maker-checker decision (household changes, accreditations) asks here.
pub(crate) fn approver(access: &Access, requested_by: UserId) -> Result<UserId> {
    require(access, Permission::ChangeApprove)?;
    let approver = access
        .user_id
        .ok_or_else(|| StoreError::Forbidden("a decision needs a person".into()))?;
    if approver == requested_by {
        return Err(StoreError::Forbidden(
            "nobody approves their own request".into(),
        ));
    }
    Ok(approver)
}

impl Store {
    /// Loads what `describe` and `apply` need for a payload on this household.
    async fn change_context(
        &self,
        access: &Access,
        household: Household,
        payload: &ChangePayload,
    ) -> Result<Context> {
        let mut ctx = Context {
            household,
            keep_household: None,
            merged: None,
        };
        let keep = match payload {
            ChangePayload::MergePersons { keep, .. } => {
                let row: Option<(Uuid,)> = self
                    .fetch_optional(
                        "select household_id from persons where id = $1 and deleted_at is null",
                        args![keep.0],
                    )
                    .await?;
                row.map(|(h,)| HouseholdId(h))
            }
            ChangePayload::UnmergePerson { person } => {
                let row: Option<MergedRow> = self
                    .fetch_optional(
                        "select p.merged_into, k.household_id as keep_household from persons p join persons k on k.id = p.merged_into \
                         where p.id = $1 and p.household_id = $2",
                        args![person.0, ctx.household.id.0],
                    )
                    .await?;
                match row {
                    Some(r) => {
                        ctx.merged = Some(self.merged_record(*person, r.merged_into).await?);
                        Some(HouseholdId(r.keep_household))
                    }
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(k) = keep.filter(|k| *k != ctx.household.id) {
            // The requester and the approver must see both records.
            ctx.keep_household = Some(
                self.get_household(access, k)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            );
        }
        Ok(ctx)
    }

    async fn merged_record(&self, person: PersonId, merged_into: Uuid) -> Result<MergedRecord> {
        let row: PersonRow = self
            .fetch_optional(
                concat!("select ", person_columns!(), " from persons where id = $1"),
                args![person.0],
            )
            .await?
            .ok_or(StoreError::NotFound)?;
        let docs: Vec<DocumentRow> = self
            .fetch_all(
                "select person_id, doc_type, number from person_documents where person_id = $1 order by created_at, id",
                args![person.0],
            )
            .await?;
        let documents = docs
            .into_iter()
            .map(DocumentRow::into_document)
            .collect::<Result<Vec<_>>>()?;
        let merge: Option<(Option<String>,)> = self
            .fetch_optional(
                "select after_json from household_history where person_id = $1 and kind = 'persons_merged' order by id desc limit 1",
                args![person.0],
            )
            .await?;
        let after = merge
            .and_then(|(j,)| j)
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
            .unwrap_or_default();
        Ok(MergedRecord {
            person: row.into_person(documents)?,
            merged_into: PersonId(merged_into),
            moved_documents: serde_json::from_value(after["moved_documents"].clone())
                .unwrap_or_default(),
            dissolved_household: after["dissolved_household"].as_bool().unwrap_or(false),
        })
    }

    /// Files a change that needs a second person's approval. Returns the request id.
    pub async fn request_change(
        &self,
        access: &Access,
        household_id: HouseholdId,
        payload: &ChangePayload,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        let filed = self
            .prepare_change(access, household_id, payload, reason, now)
            .await?;
        let mut tx = self.begin().await?;
        filed.insert(&mut tx).await?;
        tx.commit().await?;
        Ok(filed.id)
    }

    /// Checks a change request and describes it, reading only; `FiledChange::insert`
    /// writes it inside the caller's transaction.
    pub(crate) async fn prepare_change(
        &self,
        access: &Access,
        household_id: HouseholdId,
        payload: &ChangePayload,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<FiledChange> {
        let household = self
            .get_household(access, household_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::ChangeRequest)?;
        let requester = access
            .user_id
            .ok_or_else(|| StoreError::Forbidden("a change request needs a person".into()))?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid(
                "reason",
                "required",
                "say why the change is needed",
            ));
        }
        let ctx = self.change_context(access, household, payload).await?;
        let d = describe(&ctx, payload)?;
        let id = Uuid::now_v7();
        let entry = access
            .audit(
                AuditAction::ChangeRequested,
                "change_request",
                Some(id.to_string()),
                now,
            )
            .with_change(
                Some(&d.before),
                Some(&serde_json::json!({
                    "household": household_id,
                    "kind": d.kind,
                    "reason": reason,
                    "after": d.after,
                })),
            );
        let args = args![
            id,
            household_id.0,
            d.kind.as_str(),
            ctx.household.governorate.as_str(),
            d.target.as_ref().map(|g| g.as_str()),
            serde_json::to_string(payload).map_err(|e| corrupt("payload", e))?,
            d.before.to_string(),
            d.after.to_string(),
            reason,
            requester.0,
            now
        ];
        Ok(FiledChange { id, args, entry })
    }

    /// A request on a household the caller may see.
    pub async fn change_request(&self, access: &Access, id: Uuid) -> Result<Option<ChangeRequest>> {
        let row: Option<RequestRow> = self
            .fetch_optional(
                concat!(request_select!(), "c.id = $4 and ", visible_household!()),
                scoped_args(access, args![id]),
            )
            .await?;
        row.map(RequestRow::into_request).transpose()
    }

    /// Requests with this status on households the caller may see, oldest first.
    pub async fn change_requests(
        &self,
        access: &Access,
        status: ChangeRequestStatus,
        limit: i64,
    ) -> Result<Vec<ChangeRequest>> {
        let rows: Vec<RequestRow> = self
            .fetch_all(
                concat!(
                    request_select!(),
                    "c.status = $4 and ",
                    visible_household!(),
                    " order by c.created_at, c.id limit $5"
                ),
                scoped_args(access, args![status.as_str(), limit.clamp(1, 500)]),
            )
            .await?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    /// Every request on one household, newest first.
    pub async fn household_change_requests(
        &self,
        access: &Access,
        household: HouseholdId,
    ) -> Result<Vec<ChangeRequest>> {
        let rows: Vec<RequestRow> = self
            .fetch_all(
                concat!(
                    request_select!(),
                    "c.household_id = $4 and ",
                    visible_household!(),
                    " order by c.created_at desc, c.id desc"
                ),
                scoped_args(access, args![household.0]),
            )
            .await?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    /// Approves (applying the change) or rejects a pending request. Refused to the
    /// requester themself, to a caller without the approver's permission, and when
    /// any governorate the change touches is outside the caller's scope.
    pub async fn decide_change_request(
        &self,
        access: &Access,
        id: Uuid,
        approve: bool,
        note: &str,
        now: OffsetDateTime,
    ) -> Result<ChangeRequestStatus> {
        let request = self
            .change_request(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let approver = approver(access, request.requested_by)?;
        require_scope(access, &request.governorate)?;
        if let Some(target) = &request.target_governorate {
            require_scope(access, target)?;
        }
        if request.status != ChangeRequestStatus::Pending {
            return Err(StoreError::Conflict);
        }
        let status = if approve {
            ChangeRequestStatus::Approved
        } else {
            ChangeRequestStatus::Rejected
        };
        // Read before the transaction: an in-memory SQLite has one connection for both.
        let household = self
            .get_household(access, request.household_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let ctx = self
            .change_context(access, household, &request.payload)
            .await?;
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update change_requests set status = $1, decided_by = $2, decided_at = $3, decision_note = $4, updated_at = $3 where id = $5 and status = 'pending'",
                args![status.as_str(), approver.0, now, note.trim(), id],
            )
            .await?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        if approve {
            let approval = Approval {
                actor: Some(request.requested_by),
                approved_by: Some(approver),
            };
            apply(&mut tx, &ctx, &request.payload, approval, now).await?;
            let applied = access
                .audit(
                    AuditAction::ChangeApplied,
                    "household",
                    Some(ctx.household.id.to_string()),
                    now,
                )
                .with_change(Some(&request.before), Some(&request.after));
            append_audit(&mut tx, &applied).await?;
        }
        let action = if approve {
            AuditAction::ChangeApproved
        } else {
            AuditAction::ChangeRejected
        };
        let decided = access
            .audit(action, "change_request", Some(id.to_string()), now)
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "household": request.household_id,
                    "kind": request.kind,
                    "requested_by": request.requested_by_name,
                    "note": note.trim(),
                })),
            );
        append_audit(&mut tx, &decided).await?;
        tx.commit().await?;
        Ok(status)
    }
}

/// Applies an approved payload inside the decision's transaction.
async fn apply(
    tx: &mut Tx,
    ctx: &Context,
    payload: &ChangePayload,
    approval: Approval,
    now: OffsetDateTime,
) -> Result<()> {
    let household = &ctx.household;
    match payload {
        ChangePayload::Edit {
            version,
            draft,
            member_ids,
        } => apply_edit(tx, household, *version, draft, member_ids, approval, now).await,
        ChangePayload::DeletePerson { person } => {
            let p = describe_member(household, person)?;
            bump_version(tx, household.id, household.version, approval.actor, now).await?;
            mark_removed(tx, household.id, p, None, now).await?;
            insert_history(
                tx,
                household.id,
                Some(*person),
                ChangeKind::PersonDeleted,
                approval,
                snapshot(p),
                None,
                now,
            )
            .await
        }
        ChangePayload::MergePersons { keep, remove } => {
            let r = describe_member(household, remove)?;
            let keeper = ctx.keep_side();
            describe_member(keeper, keep)?;
            bump_version(tx, household.id, household.version, approval.actor, now).await?;
            if keeper.id != household.id {
                bump_version(tx, keeper.id, keeper.version, approval.actor, now).await?;
            }
            // Documents the kept record lacks move to it; duplicates go with the removed
            // one. Their ids are kept in history so an unmerge can return them.
            let moved: Vec<(Uuid,)> = tx
                .fetch_all(
                    "select id from person_documents where person_id = $1 \
                     and doc_type not in (select doc_type from person_documents where person_id = $2) order by id",
                    args![remove.0, keep.0],
                )
                .await?;
            let moved: Vec<Uuid> = moved.into_iter().map(|(id,)| id).collect();
            for id in &moved {
                tx.execute(
                    "update person_documents set person_id = $1, updated_at = $2 where id = $3",
                    args![keep.0, now, *id],
                )
                .await?;
            }
            mark_removed(tx, household.id, r, Some(*keep), now).await?;
            let dissolved = household.members.len() == 1;
            if dissolved {
                set_status(tx, household.id, HouseholdStatus::Dissolved).await?;
            }
            insert_history(
                tx,
                household.id,
                Some(*remove),
                ChangeKind::PersonsMerged,
                approval,
                snapshot(r),
                Some(serde_json::json!({
                    "merged_into": keep.0,
                    "moved_documents": moved,
                    "dissolved_household": dissolved,
                })),
                now,
            )
            .await?;
            if keeper.id != household.id {
                insert_history(
                    tx,
                    keeper.id,
                    Some(*keep),
                    ChangeKind::PersonsMerged,
                    approval,
                    None,
                    Some(serde_json::json!({ "received_from": remove.0, "household": household.id, "moved_documents": moved })),
                    now,
                )
                .await?;
            }
            Ok(())
        }
        ChangePayload::UnmergePerson { person } => {
            let m = ctx
                .merged
                .as_ref()
                .filter(|m| m.person.id == *person)
                .ok_or(StoreError::Conflict)?;
            let keeper = ctx.keep_side();
            bump_version(tx, household.id, household.version, approval.actor, now).await?;
            if keeper.id != household.id {
                bump_version(tx, keeper.id, keeper.version, approval.actor, now).await?;
            }
            let n = tx
                .execute(
                    "update persons set deleted_at = null, merged_into = null, version = version + 1, updated_at = $1 where id = $2 and merged_into = $3",
                    args![now, person.0, m.merged_into.0],
                )
                .await?;
            if n != 1 {
                return Err(StoreError::Conflict);
            }
            for id in &m.moved_documents {
                tx.execute(
                    "update person_documents set person_id = $1, updated_at = $2 where id = $3 and person_id = $4",
                    args![person.0, now, *id, m.merged_into.0],
                )
                .await?;
            }
            if m.person.date_of_death.is_none() {
                add_living_members(tx, household.id, 1).await?;
            }
            if m.dissolved_household {
                set_status(tx, household.id, HouseholdStatus::Active).await?;
            }
            let after = serde_json::json!({ "separated_from": m.merged_into.0, "returned_documents": m.moved_documents });
            insert_history(
                tx,
                household.id,
                Some(*person),
                ChangeKind::PersonsUnmerged,
                approval,
                None,
                Some(after.clone()),
                now,
            )
            .await?;
            if keeper.id != household.id {
                insert_history(
                    tx,
                    keeper.id,
                    Some(m.merged_into),
                    ChangeKind::PersonsUnmerged,
                    approval,
                    None,
                    Some(after),
                    now,
                )
                .await?;
            }
            crate::duplicates::mark_different(tx, *person, m.merged_into, now).await
        }
        ChangePayload::Accreditation { .. } => Err(StoreError::Conflict),
    }
}

async fn set_status(tx: &mut Tx, household: HouseholdId, status: HouseholdStatus) -> Result<()> {
    tx.execute(
        "update households set status = $1 where id = $2",
        args![status.as_str(), household.0],
    )
    .await?;
    Ok(())
}

fn describe_member<'a>(
    household: &'a Household,
    id: &PersonId,
) -> Result<&'a tadamun_domain::person::Person> {
    household
        .members
        .iter()
        .find(|m| m.id == *id)
        .ok_or(StoreError::Conflict)
}

async fn mark_removed(
    tx: &mut Tx,
    household: HouseholdId,
    person: &tadamun_domain::person::Person,
    merged_into: Option<PersonId>,
    now: OffsetDateTime,
) -> Result<()> {
    tx.execute(
        "update persons set deleted_at = $1, merged_into = $2, version = version + 1, updated_at = $1 where id = $3",
        args![now, merged_into.map(|p| p.0), person.id.0],
    )
    .await?;
    if person.date_of_death.is_none() {
        add_living_members(tx, household, -1).await?;
    }
    Ok(())
}
