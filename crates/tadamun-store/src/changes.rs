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
    household::Household,
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
    households::{
        Approval, add_living_members, apply_edit, bump_version, insert_history, snapshot,
    },
    rows::corrupt,
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

fn describe(household: &Household, payload: &ChangePayload) -> Result<Described> {
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
            let (k, r) = (member(keep)?, member(remove)?);
            if household.head().is_some_and(|h| h.id == *remove) {
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
                target: None,
                before: serde_json::json!({ "keep": k, "remove": r }),
                after: serde_json::to_value(merged).unwrap_or_default(),
            })
        }
    }
}

impl Store {
    /// Files a change that needs a second person's approval. Returns the request id.
    pub async fn request_change(
        &self,
        access: &Access,
        household_id: HouseholdId,
        payload: &ChangePayload,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
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
        let d = describe(&household, payload)?;
        let id = Uuid::now_v7();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into change_requests (id, household_id, kind, governorate_code, target_governorate_code, payload_json, before_json, after_json, reason, status, requested_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $11)",
            args![
                id,
                household_id.0,
                d.kind.as_str(),
                household.governorate.as_str(),
                d.target.as_ref().map(|g| g.as_str()),
                serde_json::to_string(payload).map_err(|e| corrupt("payload", e))?,
                d.before.to_string(),
                d.after.to_string(),
                reason,
                requester.0,
                now
            ],
        )
        .await?;
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
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
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
        require(access, Permission::ChangeApprove)?;
        let approver = access
            .user_id
            .ok_or_else(|| StoreError::Forbidden("a decision needs a person".into()))?;
        if approver == request.requested_by {
            return Err(StoreError::Forbidden(
                "nobody approves their own request".into(),
            ));
        }
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
            apply(&mut tx, &household, &request.payload, approval, now).await?;
            let applied = access
                .audit(
                    AuditAction::ChangeApplied,
                    "household",
                    Some(household.id.to_string()),
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
    household: &Household,
    payload: &ChangePayload,
    approval: Approval,
    now: OffsetDateTime,
) -> Result<()> {
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
            describe_member(household, keep)?;
            bump_version(tx, household.id, household.version, approval.actor, now).await?;
            // Documents the kept record lacks move to it; duplicates go with the removed one.
            tx.execute(
                "update person_documents set person_id = $1, updated_at = $2 where person_id = $3 \
                 and doc_type not in (select doc_type from person_documents where person_id = $1)",
                args![keep.0, now, remove.0],
            )
            .await?;
            mark_removed(tx, household.id, r, Some(*keep), now).await?;
            insert_history(
                tx,
                household.id,
                Some(*remove),
                ChangeKind::PersonsMerged,
                approval,
                snapshot(r),
                Some(serde_json::json!({ "merged_into": keep.0 })),
                now,
            )
            .await
        }
    }
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
