//! Grievances and appeals in storage: filing (with the citizen's reference and the
//! hashed receipt code), the scoped work queue, assignment to staff in scope, notes,
//! status changes, escalation of overdue grievances, and the citizen's lookup.
//!
//! Scope: a grievance outside the caller's governorates does not exist for them; a
//! restricted one is seen only by its assignee, its filer and holders of
//! `grievance.restricted`. Every write is audited in its own transaction, and every
//! read of a restricted grievance is audited.

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    grievance::{
        GrievanceCategory, GrievanceChannel, GrievanceDraft, GrievanceRef, GrievanceStatus,
        ReceiptCode, is_overdue, needs_escalation,
    },
    ids::{GrievanceId, HouseholdId, UserId},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{require, require_scope},
    audit::append_audit,
    backend::Store,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// "Grievance `g` is visible to the viewer": `$1` national scope, `$2` user id, `$3`
/// sees every restricted grievance. Queries number their own parameters from `$4`.
macro_rules! visible_grievance {
    () => {
        "($1 or g.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
         and (g.restricted = false or $3 or g.assigned_to = $2 or g.filed_by = $2)"
    };
}

macro_rules! grievance_select {
    () => {
        "select g.id, g.ref_year, g.ref_number, g.channel, g.category, g.status, g.governorate_code, g.household_id, g.decision_id, \
         g.complainant_name, g.complainant_id_number, g.complainant_phone, g.description, g.restricted, g.filed_by, f.display_name as filed_by_name, \
         g.assigned_to, a.display_name as assigned_to_name, g.due_at, g.escalated_at, g.resolution, g.settled_at, g.version, g.created_at, g.updated_at \
         from grievances g left join users f on f.id = g.filed_by left join users a on a.id = g.assigned_to where "
    };
}

fn viewer(access: &Access) -> Vec<Arg> {
    args![
        access.scope.is_national(),
        access.user_id.map(|u| u.0),
        access.is_system() || access.can(Permission::GrievanceRestricted)
    ]
}

fn invalid(field: &str, code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(field, code, message)))
}

/// A grievance as staff see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Grievance {
    pub id: GrievanceId,
    /// The citizen's reference, `2026-000123`.
    pub reference: String,
    pub channel: GrievanceChannel,
    pub category: GrievanceCategory,
    pub status: GrievanceStatus,
    pub governorate: String,
    pub household_id: Option<HouseholdId>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub decision_id: Option<Uuid>,
    pub complainant_name: String,
    pub complainant_id_number: Option<String>,
    pub complainant_phone: Option<String>,
    pub description: String,
    pub restricted: bool,
    pub filed_by: Option<UserId>,
    pub filed_by_name: Option<String>,
    pub assigned_to: Option<UserId>,
    pub assigned_to_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: OffsetDateTime,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub escalated_at: Option<OffsetDateTime>,
    /// The answer given to the citizen, shown in the status lookup.
    pub resolution: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub settled_at: Option<OffsetDateTime>,
    pub version: i64,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl Grievance {
    pub fn is_overdue(&self, now: OffsetDateTime) -> bool {
        is_overdue(self.status, self.due_at, now)
    }
}

#[derive(sqlx::FromRow)]
struct GrievanceRow {
    id: Uuid,
    ref_year: i64,
    ref_number: i64,
    channel: String,
    category: String,
    status: String,
    governorate_code: String,
    household_id: Option<Uuid>,
    decision_id: Option<Uuid>,
    complainant_name: String,
    complainant_id_number: Option<String>,
    complainant_phone: Option<String>,
    description: String,
    restricted: bool,
    filed_by: Option<Uuid>,
    filed_by_name: Option<String>,
    assigned_to: Option<Uuid>,
    assigned_to_name: Option<String>,
    due_at: OffsetDateTime,
    escalated_at: Option<OffsetDateTime>,
    resolution: Option<String>,
    settled_at: Option<OffsetDateTime>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl GrievanceRow {
    fn into_grievance(self) -> Result<Grievance> {
        Ok(Grievance {
            id: GrievanceId(self.id),
            reference: GrievanceRef {
                year: self.ref_year as i32,
                number: self.ref_number,
            }
            .to_string(),
            channel: GrievanceChannel::parse(&self.channel).map_err(|e| corrupt("channel", e))?,
            category: GrievanceCategory::parse(&self.category)
                .map_err(|e| corrupt("category", e))?,
            status: GrievanceStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            governorate: self.governorate_code,
            household_id: self.household_id.map(HouseholdId),
            decision_id: self.decision_id,
            complainant_name: self.complainant_name,
            complainant_id_number: self.complainant_id_number,
            complainant_phone: self.complainant_phone,
            description: self.description,
            restricted: self.restricted,
            filed_by: self.filed_by.map(UserId),
            filed_by_name: self.filed_by_name,
            assigned_to: self.assigned_to.map(UserId),
            assigned_to_name: self.assigned_to_name,
            due_at: self.due_at,
            escalated_at: self.escalated_at,
            resolution: self.resolution,
            settled_at: self.settled_at,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// One entry of a grievance's history, oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct GrievanceEvent {
    /// `filed`, `note`, `assigned`, `status` or `escalated`.
    pub kind: String,
    pub actor_name: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub assigned_to_name: Option<String>,
    pub body: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// What filing gave back: the receipt the citizen takes away. The code is not stored
/// and cannot be shown again.
#[derive(Debug, Clone)]
pub struct Filed {
    pub id: GrievanceId,
    pub reference: GrievanceRef,
}

/// Which grievances a list shows.
#[derive(Debug, Clone, Default)]
pub struct GrievanceFilter {
    pub status: Option<GrievanceStatus>,
    pub category: Option<GrievanceCategory>,
    /// Only those unsettled and past due at this time.
    pub overdue_at: Option<OffsetDateTime>,
    pub household: Option<HouseholdId>,
}

/// Where the next page starts: the last row's due time and id (the list runs most
/// urgent first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrievanceCursor {
    pub due_at: OffsetDateTime,
    pub id: Uuid,
}

impl GrievanceCursor {
    pub fn encode(&self) -> String {
        format!(
            "{}.{}",
            self.due_at.unix_timestamp_nanos() / 1000,
            self.id.simple()
        )
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (micros, id) = s.split_once('.')?;
        let micros: i128 = micros.parse().ok()?;
        Some(Self {
            due_at: OffsetDateTime::from_unix_timestamp_nanos(micros * 1000).ok()?,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

/// A grievance's status as the citizen sees it: no names, no notes, no description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrievanceStatusView {
    pub reference: GrievanceRef,
    /// `None` for a restricted grievance: its subject is not repeated on a public page.
    pub category: Option<GrievanceCategory>,
    pub status: GrievanceStatus,
    pub filed_at: OffsetDateTime,
    pub due_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub resolution: Option<String>,
}

/// How many overdue grievances one escalation pass takes in one transaction.
pub const ESCALATION_BATCH: i64 = 500;

/// One line of a grievance's history: what happened and what changed.
struct Event<'a> {
    kind: &'static str,
    from: Option<GrievanceStatus>,
    to: Option<GrievanceStatus>,
    assigned: Option<UserId>,
    body: Option<&'a str>,
}

async fn add_event(
    tx: &mut Tx,
    grievance: GrievanceId,
    access: &Access,
    event: Event<'_>,
    now: OffsetDateTime,
) -> Result<()> {
    let Event {
        kind,
        from,
        to,
        assigned,
        body,
    } = event;
    tx.execute(
        "insert into grievance_events (grievance_id, kind, actor_id, actor_name, from_status, to_status, assigned_to, body, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        args![
            grievance.0,
            kind,
            access.user_id.map(|u| u.0),
            access.actor_name.as_str(),
            from.map(|s| s.as_str()),
            to.map(|s| s.as_str()),
            assigned.map(|u| u.0),
            body,
            now
        ],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Files a grievance for a citizen. With a household, the grievance takes the
    /// household's governorate (which the caller must see); without, the governorate
    /// given, which must be in the caller's area. `code` is the receipt code the
    /// caller will show once; only its hash is stored.
    #[tracing::instrument(skip_all)]
    pub async fn file_grievance(
        &self,
        access: &Access,
        draft: &GrievanceDraft,
        code: &ReceiptCode,
        now: OffsetDateTime,
    ) -> Result<Filed> {
        require(access, Permission::GrievanceHandle)?;
        // An appeal names a decision about the household it is filed for.
        if let Some(decision) = draft.decision {
            let about: Option<(Uuid,)> = self
                .fetch_optional(
                    "select household_id from decisions where id = $1",
                    args![decision],
                )
                .await?;
            match (about, draft.household) {
                (Some((h,)), Some(household)) if h == household.0 => {}
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        "decision_id",
                        "decision-elsewhere",
                        "the decision is about another household",
                    ));
                }
                (Some(_), None) => {
                    return Err(invalid(
                        "household_id",
                        "required",
                        "an appeal names the household the decision is about",
                    ));
                }
                (None, _) => {
                    return Err(invalid("decision_id", "not-found", "no such decision"));
                }
            }
        }
        let governorate = match draft.household {
            Some(h) => {
                let row: Option<(String,)> = self
                    .fetch_optional(
                        concat!(
                            "select h.governorate_code from households h where h.id = $4 and ",
                            crate::access::visible_household!()
                        ),
                        crate::access::scoped_args(access, args![h.0]),
                    )
                    .await?;
                let (code,) =
                    row.ok_or_else(|| invalid("household_id", "not-found", "no such household"))?;
                let code = GovernorateCode::parse(&code).map_err(|e| corrupt("governorate", e))?;
                if draft.governorate.as_ref().is_some_and(|g| *g != code) {
                    return Err(invalid(
                        "governorate",
                        "household-elsewhere",
                        "the household is registered in another governorate",
                    ));
                }
                code
            }
            None => draft
                .governorate
                .clone()
                .ok_or_else(|| invalid("governorate", "required", "this field is required"))?,
        };
        require_scope(access, &governorate)?;
        let known: Option<(i64,)> = self
            .fetch_optional(
                "select count(*) from areas where code = $1",
                args![governorate.as_str()],
            )
            .await?;
        if known.is_none_or(|(n,)| n == 0) {
            return Err(invalid(
                "governorate",
                "invalid-governorate",
                "not a governorate of this country",
            ));
        }
        let id = GrievanceId::new();
        let year = now.year();
        let mut tx = self.begin().await?;
        let (number,): (i64,) = tx
            .fetch_optional(
                "insert into grievance_counters (year, last_number, created_at, updated_at) values ($1, 1, $2, $2) \
                 on conflict (year) do update set last_number = grievance_counters.last_number + 1, updated_at = $2 \
                 returning last_number",
                args![i64::from(year), now],
            )
            .await?
            .ok_or_else(|| StoreError::Corrupt("grievance counter".into()))?;
        let reference = GrievanceRef { year, number };
        tx.execute(
            "insert into grievances (id, ref_year, ref_number, channel, category, status, governorate_code, household_id, decision_id, \
             complainant_name, complainant_id_number, complainant_phone, description, restricted, receipt_code_sha256, filed_by, due_at, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
            args![
                id.0,
                i64::from(year),
                number,
                draft.channel.as_str(),
                draft.category.as_str(),
                governorate.as_str(),
                draft.household.map(|h| h.0),
                draft.decision,
                draft.complainant_name.as_str(),
                draft.complainant_id_number.clone(),
                draft.complainant_phone.as_ref().map(|p| p.as_str().to_owned()),
                draft.description.as_str(),
                draft.restricted,
                code.hash(id),
                access.user_id.map(|u| u.0),
                draft.category.due_at(now),
                now
            ],
        )
        .await?;
        add_event(
            &mut tx,
            id,
            access,
            Event {
                kind: "filed",
                from: None,
                to: Some(GrievanceStatus::Open),
                assigned: None,
                body: None,
            },
            now,
        )
        .await?;
        // The audit entry says what was filed, not who complained or what they said.
        let entry = access
            .audit(
                AuditAction::GrievanceFiled,
                "grievance",
                Some(id.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "reference": reference.to_string(),
                    "channel": draft.channel,
                    "category": draft.category,
                    "governorate": governorate,
                    "household_id": draft.household,
                    "decision_id": draft.decision,
                    "restricted": draft.restricted,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(Filed { id, reference })
    }

    /// A grievance the caller may see (`None` otherwise). Reading a restricted one is
    /// audited.
    #[tracing::instrument(skip_all, fields(grievance = %id))]
    pub async fn get_grievance(
        &self,
        access: &Access,
        id: GrievanceId,
    ) -> Result<Option<Grievance>> {
        require(access, Permission::GrievanceHandle)?;
        let row: Option<GrievanceRow> = self
            .fetch_optional(
                concat!(grievance_select!(), "g.id = $4 and ", visible_grievance!()),
                [viewer(access), args![id.0]].concat(),
            )
            .await?;
        let Some(g) = row.map(GrievanceRow::into_grievance).transpose()? else {
            return Ok(None);
        };
        if g.restricted {
            let entry = access.audit(
                AuditAction::RestrictedGrievanceRead,
                "grievance",
                Some(id.to_string()),
                crate::now(),
            );
            self.record_audit(&entry).await?;
        }
        Ok(Some(g))
    }

    /// The grievance's history, oldest first; empty when the caller may not see it.
    pub async fn grievance_events(
        &self,
        access: &Access,
        id: GrievanceId,
    ) -> Result<Vec<GrievanceEvent>> {
        require(access, Permission::GrievanceHandle)?;
        self.fetch_all(
            concat!(
                "select e.kind, e.actor_name, e.from_status, e.to_status, u.display_name as assigned_to_name, e.body, e.created_at \
                 from grievance_events e join grievances g on g.id = e.grievance_id left join users u on u.id = e.assigned_to \
                 where e.grievance_id = $4 and ",
                visible_grievance!(),
                " order by e.id"
            ),
            [viewer(access), args![id.0]].concat(),
        )
        .await
    }

    /// Grievances the caller may see, most urgent (earliest due) first, a page at a
    /// time: pass the last row's cursor as `after`. Restricted rows in a list are not
    /// audited one by one; opening one is.
    #[tracing::instrument(skip_all)]
    pub async fn list_grievances(
        &self,
        access: &Access,
        filter: &GrievanceFilter,
        after: Option<GrievanceCursor>,
        limit: i64,
    ) -> Result<Vec<Grievance>> {
        require(access, Permission::GrievanceHandle)?;
        let rows: Vec<GrievanceRow> = self
            .fetch_all(
                concat!(
                    grievance_select!(),
                    visible_grievance!(),
                    " and ($4 is null or g.status = $4) and ($5 is null or g.category = $5) \
                     and ($6 is null or (g.due_at <= $6 and g.status in ('open', 'assigned', 'in_progress', 'escalated'))) \
                     and ($7 is null or g.household_id = $7) \
                     and ($8 is null or g.due_at > $8 or (g.due_at = $8 and g.id > $9)) \
                     order by g.due_at, g.id limit $10"
                ),
                [
                    viewer(access),
                    args![
                        filter.status.map(|s| s.as_str()),
                        filter.category.map(|c| c.as_str()),
                        Arg::Time(filter.overdue_at),
                        filter.household.map(|h| h.0),
                        Arg::Time(after.map(|c| c.due_at)),
                        after.map(|c| c.id),
                        limit.clamp(1, 500)
                    ],
                ]
                .concat(),
            )
            .await?;
        rows.into_iter().map(GrievanceRow::into_grievance).collect()
    }

    /// Reads a grievance for a change inside `tx`: `NotFound` unless the caller may see it.
    async fn grievance_for_change(
        &self,
        tx: &mut Tx,
        access: &Access,
        id: GrievanceId,
    ) -> Result<Grievance> {
        let row: Option<GrievanceRow> = tx
            .fetch_optional(
                concat!(grievance_select!(), "g.id = $4 and ", visible_grievance!()),
                [viewer(access), args![id.0]].concat(),
            )
            .await?;
        row.ok_or(StoreError::NotFound)?.into_grievance()
    }

    /// Assigns a grievance to a staff member who handles grievances in its governorate.
    /// A handler may take an unassigned grievance themselves; assigning anyone else, or
    /// reassigning, needs `grievance.supervise`.
    #[tracing::instrument(skip_all, fields(grievance = %id))]
    pub async fn assign_grievance(
        &self,
        access: &Access,
        id: GrievanceId,
        assignee: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::GrievanceHandle)?;
        let target = self.user_access(assignee, None).await?;
        let mut tx = self.begin().await?;
        let g = self.grievance_for_change(&mut tx, access, id).await?;
        let taking_it = access.user_id == Some(assignee) && g.assigned_to.is_none();
        if !taking_it {
            require(access, Permission::GrievanceSupervise)?;
        }
        let target =
            target.ok_or_else(|| invalid("assignee", "unknown-user", "no such active user"))?;
        if !target.can(Permission::GrievanceHandle) {
            return Err(invalid(
                "assignee",
                "cannot-handle",
                "this user does not handle grievances",
            ));
        }
        let governorate =
            GovernorateCode::parse(&g.governorate).map_err(|e| corrupt("governorate", e))?;
        if !target.covers(&governorate) {
            return Err(invalid(
                "assignee",
                "outside-scope",
                "this user does not work in the grievance's governorate",
            ));
        }
        let status = g
            .status
            .after_assignment()
            .map_err(|e| StoreError::Invalid(e.into()))?;
        let n = tx
            .execute(
                "update grievances set assigned_to = $1, status = $2, version = version + 1, updated_at = $3 where id = $4 and version = $5",
                args![assignee.0, status.as_str(), now, id.0, g.version],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::Conflict);
        }
        add_event(
            &mut tx,
            id,
            access,
            Event {
                kind: "assigned",
                from: Some(g.status),
                to: Some(status),
                assigned: Some(assignee),
                body: None,
            },
            now,
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::GrievanceAssigned,
                "grievance",
                Some(id.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({ "assigned_to": g.assigned_to, "status": g.status })),
                Some(&serde_json::json!({ "assigned_to": assignee, "status": status })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Adds a note to a grievance's history. Notes are never edited or removed.
    pub async fn add_grievance_note(
        &self,
        access: &Access,
        id: GrievanceId,
        body: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::GrievanceHandle)?;
        let body = note_text("note", body)?;
        let mut tx = self.begin().await?;
        let g = self.grievance_for_change(&mut tx, access, id).await?;
        add_event(
            &mut tx,
            id,
            access,
            Event {
                kind: "note",
                from: None,
                to: None,
                assigned: None,
                body: Some(&body),
            },
            now,
        )
        .await?;
        tx.execute(
            "update grievances set updated_at = $1 where id = $2",
            args![now, g.id.0],
        )
        .await?;
        let entry = access.audit(
            AuditAction::GrievanceNoted,
            "grievance",
            Some(id.to_string()),
            now,
        );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Moves a grievance along its life cycle. Its assignee or a supervisor may; a
    /// resolution or rejection needs the answer for the citizen (`text`), other moves
    /// take `text` as an optional note.
    #[tracing::instrument(skip_all, fields(grievance = %id, to = %to))]
    pub async fn change_grievance_status(
        &self,
        access: &Access,
        id: GrievanceId,
        to: GrievanceStatus,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        require(access, Permission::GrievanceHandle)?;
        let mut tx = self.begin().await?;
        let g = self.grievance_for_change(&mut tx, access, id).await?;
        if g.assigned_to.is_none_or(|a| Some(a) != access.user_id) {
            require(access, Permission::GrievanceSupervise)?;
        }
        g.status
            .check_move(to)
            .map_err(|e| StoreError::Invalid(e.into()))?;
        let settles = matches!(to, GrievanceStatus::Resolved | GrievanceStatus::Rejected);
        let text = text.trim();
        let note = if settles {
            Some(note_text("resolution", text)?)
        } else if text.is_empty() {
            None
        } else {
            Some(note_text("note", text)?)
        };
        let n = if settles {
            tx.execute(
                "update grievances set status = $1, resolution = $2, settled_at = $3, version = version + 1, updated_at = $3 where id = $4 and version = $5",
                args![to.as_str(), note.clone(), now, id.0, g.version],
            )
            .await?
        } else {
            // Reopening clears the settlement time; closing keeps it.
            tx.execute(
                "update grievances set status = $1, settled_at = case when $1 = 'in_progress' then null else settled_at end, \
                 version = version + 1, updated_at = $2 where id = $3 and version = $4",
                args![to.as_str(), now, id.0, g.version],
            )
            .await?
        };
        if n == 0 {
            return Err(StoreError::Conflict);
        }
        add_event(
            &mut tx,
            id,
            access,
            Event {
                kind: "status",
                from: Some(g.status),
                to: Some(to),
                assigned: None,
                body: note.as_deref(),
            },
            now,
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::GrievanceStatusChanged,
                "grievance",
                Some(id.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({ "status": g.status })),
                Some(&serde_json::json!({ "status": to })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// Escalates, as of `now`, the unsettled grievances in the caller's view whose SLA
    /// has passed, at most [`ESCALATION_BATCH`] in one transaction; returns how many.
    /// Call again while it returns a full batch.
    #[tracing::instrument(skip_all)]
    pub async fn escalate_overdue_grievances(
        &self,
        access: &Access,
        now: OffsetDateTime,
    ) -> Result<usize> {
        require(access, Permission::GrievanceSupervise)?;
        let mut tx = self.begin().await?;
        let candidates: Vec<(Uuid, String, OffsetDateTime, i64)> = tx
            .fetch_all(
                concat!(
                    "select g.id, g.status, g.due_at, g.version from grievances g where g.escalated_at is null and g.due_at <= $4 and ",
                    visible_grievance!(),
                    " order by g.due_at, g.id limit $5"
                ),
                [viewer(access), args![now, ESCALATION_BATCH]].concat(),
            )
            .await?;
        let mut escalated = 0;
        for (id, status, due_at, version) in candidates {
            let status = GrievanceStatus::parse(&status).map_err(|e| corrupt("status", e))?;
            // The SQL narrows; the domain's rule decides.
            if !needs_escalation(status, due_at, false, now) {
                continue;
            }
            let n = tx
                .execute(
                    "update grievances set status = 'escalated', escalated_at = $1, version = version + 1, updated_at = $1 where id = $2 and version = $3",
                    args![now, id, version],
                )
                .await?;
            if n == 0 {
                continue;
            }
            let gid = GrievanceId(id);
            add_event(
                &mut tx,
                gid,
                access,
                Event {
                    kind: "escalated",
                    from: Some(status),
                    to: Some(GrievanceStatus::Escalated),
                    assigned: None,
                    body: None,
                },
                now,
            )
            .await?;
            let entry = access
                .audit(
                    AuditAction::GrievanceEscalated,
                    "grievance",
                    Some(gid.to_string()),
                    now,
                )
                .with_change(
                    Some(&serde_json::json!({ "status": status })),
                    Some(&serde_json::json!({ "status": GrievanceStatus::Escalated })),
                );
            append_audit(&mut tx, &entry).await?;
            escalated += 1;
        }
        tx.commit().await?;
        Ok(escalated)
    }

    /// The citizen's lookup by reference and receipt code: `None` when either is wrong,
    /// alike. The hash is computed even for an unknown reference, so both take as long.
    pub(crate) async fn lookup_grievance_by_reference(
        &self,
        reference: GrievanceRef,
        code: &ReceiptCode,
    ) -> Result<Option<(GrievanceId, GrievanceStatusView)>> {
        let rows = self
            .lookup_rows(
                "where g.ref_year = $1 and g.ref_number = $2 limit 1",
                args![i64::from(reference.year), reference.number],
            )
            .await?;
        Ok(matching(rows, code))
    }

    /// The citizen's lookup by national ID number and receipt code: the latest of their
    /// grievances whose code matches.
    pub(crate) async fn lookup_grievance_by_id_number(
        &self,
        id_number: &str,
        code: &ReceiptCode,
    ) -> Result<Option<(GrievanceId, GrievanceStatusView)>> {
        let rows = self
            .lookup_rows(
                "where g.complainant_id_number = $1 order by g.created_at desc limit $2",
                args![id_number, 20i64],
            )
            .await?;
        Ok(matching(rows, code))
    }

    async fn lookup_rows(&self, tail: &'static str, args: Vec<Arg>) -> Result<Vec<LookupRow>> {
        let sql = format!(
            "select g.id, g.ref_year, g.ref_number, g.category, g.status, g.restricted, g.receipt_code_sha256, \
             g.created_at, g.due_at, g.updated_at, g.resolution from grievances g {tail}"
        );
        self.fetch_all(sqlx::AssertSqlSafe(sql), args).await
    }
}

#[derive(sqlx::FromRow)]
struct LookupRow {
    id: Uuid,
    ref_year: i64,
    ref_number: i64,
    category: String,
    status: String,
    restricted: bool,
    receipt_code_sha256: String,
    created_at: OffsetDateTime,
    due_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    resolution: Option<String>,
}

fn matching(
    rows: Vec<LookupRow>,
    code: &ReceiptCode,
) -> Option<(GrievanceId, GrievanceStatusView)> {
    if rows.is_empty() {
        // Same work as a wrong code.
        let _ = code.matches(GrievanceId(Uuid::nil()), "");
        return None;
    }
    let row = rows
        .into_iter()
        .find(|r| code.matches(GrievanceId(r.id), &r.receipt_code_sha256))?;
    let status = GrievanceStatus::parse(&row.status).ok()?;
    Some((
        GrievanceId(row.id),
        GrievanceStatusView {
            reference: GrievanceRef {
                year: row.ref_year as i32,
                number: row.ref_number,
            },
            category: if row.restricted {
                None
            } else {
                GrievanceCategory::parse(&row.category).ok()
            },
            status,
            filed_at: row.created_at,
            due_at: row.due_at,
            updated_at: row.updated_at,
            // The answer is the citizen's only once it is given.
            resolution: status.is_settled().then_some(row.resolution).flatten(),
        },
    ))
}

const NOTE_MAX: usize = 4000;

fn note_text(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Invalid(FieldError::required(field).into()));
    }
    if t.chars().count() > NOTE_MAX {
        return Err(invalid(field, "too-long", "at most 4000 characters"));
    }
    Ok(t.to_owned())
}
