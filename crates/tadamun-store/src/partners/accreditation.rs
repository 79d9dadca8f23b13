//! Accreditation changes, maker-checker: a clerk with `partner.manage` proposes one
//! (a `change_requests` row about the organisation, payload
//! `ChangePayload::Accreditation`), and a different person with `change.approve`
//! whose scope covers the head office approves or rejects it. Approval applies it in
//! the same transaction; every step is audited. One proposal waits at a time.

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    change::{ChangePayload, ChangeRequestKind, ChangeRequestStatus},
    ids::{OrganisationId, UserId},
    partner::{Accreditation, AccreditationChange, AccreditationStatus},
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::visible_organisation;
use crate::{
    access::{require, require_scope},
    audit::append_audit,
    backend::Store,
    changes::approver,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// A proposed accreditation change and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct AccreditationRequest {
    pub id: Uuid,
    pub organisation_id: OrganisationId,
    pub organisation_name_ar: String,
    pub organisation_name_en: Option<String>,
    pub governorate: GovernorateCode,
    /// The accreditation when the change was proposed.
    pub before: Accreditation,
    pub change: AccreditationChange,
    pub reason: String,
    pub status: ChangeRequestStatus,
    pub requested_by: UserId,
    pub requested_by_name: String,
    pub decided_by_name: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: Uuid,
    organisation_id: Uuid,
    name_ar: String,
    name_en: Option<String>,
    governorate_code: String,
    payload_json: String,
    before_json: String,
    reason: String,
    status: String,
    requested_by: Uuid,
    requested_by_name: String,
    decided_by_name: Option<String>,
    decided_at: Option<OffsetDateTime>,
    decision_note: Option<String>,
    created_at: OffsetDateTime,
}

impl RequestRow {
    fn into_request(self) -> Result<AccreditationRequest> {
        let change =
            match serde_json::from_str(&self.payload_json).map_err(|e| corrupt("payload", e))? {
                ChangePayload::Accreditation { change, .. } => change,
                _ => return Err(corrupt("payload", "not an accreditation change")),
            };
        Ok(AccreditationRequest {
            id: self.id,
            organisation_id: OrganisationId(self.organisation_id),
            organisation_name_ar: self.name_ar,
            organisation_name_en: self.name_en,
            governorate: GovernorateCode::parse(&self.governorate_code)
                .map_err(|e| corrupt("governorate", e))?,
            before: serde_json::from_str(&self.before_json).map_err(|e| corrupt("before", e))?,
            change,
            reason: self.reason,
            status: ChangeRequestStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            requested_by: UserId(self.requested_by),
            requested_by_name: self.requested_by_name,
            decided_by_name: self.decided_by_name,
            decided_at: self.decided_at,
            decision_note: self.decision_note,
            created_at: self.created_at,
        })
    }
}

macro_rules! request_select {
    () => {
        "select c.id, c.organisation_id, o.name_ar, o.name_en, o.governorate_code, c.payload_json, c.before_json, c.reason, c.status, \
         c.requested_by, r.display_name as requested_by_name, d.display_name as decided_by_name, c.decided_at, c.decision_note, c.created_at \
         from change_requests c join organisations o on o.id = c.organisation_id join users r on r.id = c.requested_by \
         left join users d on d.id = c.decided_by where c.kind = 'accreditation' and "
    };
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

impl Store {
    /// Proposes an accreditation change (checked by `AccreditationChange::parse`
    /// against the current one). Returns the request id.
    #[tracing::instrument(skip_all, fields(organisation = %organisation))]
    pub async fn request_accreditation(
        &self,
        access: &Access,
        organisation: OrganisationId,
        change: &AccreditationChange,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Uuid> {
        let org = self
            .get_organisation(access, organisation)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::PartnerManage)?;
        require_scope(access, &org.draft.governorate)?;
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
        let payload = ChangePayload::Accreditation {
            organisation,
            change: *change,
        };
        let id = Uuid::now_v7();
        let before = serde_json::to_value(org.accreditation).unwrap_or_default();
        let after = serde_json::to_value(change).unwrap_or_default();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into change_requests (id, household_id, organisation_id, kind, governorate_code, payload_json, before_json, after_json, reason, status, requested_by, created_at, updated_at) \
             values ($1, null, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $10)",
            args![
                id,
                organisation.0,
                ChangeRequestKind::Accreditation.as_str(),
                org.draft.governorate.as_str(),
                serde_json::to_string(&payload).map_err(|e| corrupt("payload", e))?,
                before.to_string(),
                after.to_string(),
                reason,
                requester.0,
                now
            ],
        )
        .await
        .map_err(|e| match e {
            StoreError::Duplicate { .. } => invalid(
                "status",
                "accreditation-pending",
                "a change of this accreditation already waits for approval",
            ),
            other => other,
        })?;
        let entry = access
            .audit(
                AuditAction::ChangeRequested,
                "change_request",
                Some(id.to_string()),
                now,
            )
            .with_change(
                Some(&before),
                Some(&serde_json::json!({
                    "organisation": organisation,
                    "kind": ChangeRequestKind::Accreditation,
                    "reason": reason,
                    "after": after,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One accreditation request on an organisation the caller may see.
    pub async fn accreditation_request(
        &self,
        access: &Access,
        id: Uuid,
    ) -> Result<Option<AccreditationRequest>> {
        require(access, Permission::PartnerRead)?;
        let viewer = self.organisation_viewer(access).await?;
        let row: Option<RequestRow> = self
            .fetch_optional(
                concat!(request_select!(), "c.id = $4 and ", visible_organisation!()),
                viewer.args(args![id]),
            )
            .await?;
        row.map(RequestRow::into_request).transpose()
    }

    /// Accreditation requests the caller may see, oldest first: with a status, or
    /// every one of an organisation (newest first) when `organisation` is given.
    pub async fn accreditation_requests(
        &self,
        access: &Access,
        organisation: Option<OrganisationId>,
        status: Option<ChangeRequestStatus>,
        limit: i64,
    ) -> Result<Vec<AccreditationRequest>> {
        require(access, Permission::PartnerRead)?;
        let viewer = self.organisation_viewer(access).await?;
        let rows: Vec<RequestRow> = self
            .fetch_all(
                concat!(
                    request_select!(),
                    visible_organisation!(),
                    " and ($4 is null or c.organisation_id = $4) and ($5 is null or c.status = $5) \
                     order by case when $4 is null then c.created_at end, c.created_at desc, c.id limit $6"
                ),
                viewer.args(args![
                    organisation.map(|o| o.0),
                    status.map(|s| s.as_str()),
                    limit.clamp(1, 500)
                ]),
            )
            .await?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    /// Approves (applying it) or rejects a pending accreditation change. Refused to
    /// the proposer, to a caller without `change.approve`, and outside their scope.
    #[tracing::instrument(skip_all, fields(request = %id, approve))]
    pub async fn decide_accreditation(
        &self,
        access: &Access,
        id: Uuid,
        approve: bool,
        note: &str,
        now: OffsetDateTime,
    ) -> Result<ChangeRequestStatus> {
        let request = self
            .accreditation_request(access, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let approver = approver(access, request.requested_by)?;
        require_scope(access, &request.governorate)?;
        if request.status != ChangeRequestStatus::Pending {
            return Err(StoreError::Conflict);
        }
        let today = now.date();
        if approve
            && request.change.status == AccreditationStatus::Accredited
            && request.change.expires_on.is_none_or(|d| d <= today)
        {
            return Err(invalid(
                "expires_on",
                "expiry-not-in-future",
                "the proposed expiry has passed; reject this and propose a new date",
            ));
        }
        let status = if approve {
            ChangeRequestStatus::Approved
        } else {
            ChangeRequestStatus::Rejected
        };
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
            let applied = request.change.applied();
            tx.execute(
                "update organisations set accreditation_status = $1, accreditation_expires_on = $2, version = version + 1, updated_at = $3 where id = $4",
                args![applied.status.as_str(), applied.expires_on, now, request.organisation_id.0],
            )
            .await?;
            let entry = access
                .audit(
                    AuditAction::ChangeApplied,
                    "organisation",
                    Some(request.organisation_id.to_string()),
                    now,
                )
                .with_change(Some(&request.before), Some(&applied));
            append_audit(&mut tx, &entry).await?;
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
                    "organisation": request.organisation_id,
                    "kind": ChangeRequestKind::Accreditation,
                    "requested_by": request.requested_by_name,
                    "note": note.trim(),
                })),
            );
        append_audit(&mut tx, &decided).await?;
        tx.commit().await?;
        Ok(status)
    }
}
