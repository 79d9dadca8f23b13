//! Life-cycle events: birth, death, marriage, household split and moving. Each event is
//! one transaction that changes the registry, records the event, and appends history.

use tadamun_domain::{
    FieldErrors,
    access::{Access, Permission},
    audit::AuditAction,
    change::ChangeRequestKind,
    history::{ChangeKind, HistoryEntry, LifeEvent, RecordedEvent},
    household::HouseholdDraft,
    ids::{EventId, HouseholdId, PersonId, UserId},
    person::{MaritalStatus, PersonDraft, Relationship, Sex},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{require, require_scope},
    audit::append_audit,
    backend::Store,
    db::{Tx, args},
    error::{Result, StoreError},
    households::{
        add_living_members, append_history, bump_version, insert_household_row, insert_person_row,
        snapshot,
    },
    rows::corrupt,
};

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    household_id: Uuid,
    person_id: Option<Uuid>,
    kind: String,
    actor_id: Option<Uuid>,
    actor_name: Option<String>,
    approved_by_name: Option<String>,
    created_at: OffsetDateTime,
    before_json: Option<String>,
    after_json: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: Uuid,
    household_id: Uuid,
    event_json: String,
    recorded_by: Option<Uuid>,
    created_at: OffsetDateTime,
}

fn split_relationship(old: Relationship, sex: Sex) -> Relationship {
    match (old, sex) {
        (Relationship::SonOrDaughterInLaw, _) => Relationship::Spouse,
        (Relationship::Grandchild, Sex::Male) => Relationship::Son,
        (Relationship::Grandchild, Sex::Female) => Relationship::Daughter,
        _ => Relationship::OtherRelative,
    }
}

/// Adds a person to the household (a birth, or a spouse joining) and records it.
async fn add_member(
    tx: &mut Tx,
    household_id: HouseholdId,
    position: i64,
    person: &PersonDraft,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<()> {
    let pid = PersonId::new();
    insert_person_row(tx, pid, household_id, position, person, now).await?;
    add_living_members(tx, household_id, 1).await?;
    append_history(
        tx,
        household_id,
        Some(pid),
        ChangeKind::MemberAdded,
        actor,
        None,
        snapshot(person),
        now,
    )
    .await
}

impl Store {
    /// Records a life-cycle event against the household version the clerk saw.
    /// Returns the id of the new household when the event is a split.
    #[tracing::instrument(skip_all, fields(household = %household_id, kind = event.kind()))]
    pub async fn record_event(
        &self,
        access: &Access,
        household_id: HouseholdId,
        expected_version: i64,
        event: &LifeEvent,
        now: OffsetDateTime,
    ) -> Result<Option<HouseholdId>> {
        let household = self
            .get_household(access, household_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        require(access, Permission::HouseholdEvent)?;
        if let LifeEvent::Move { governorate, .. } = event
            && *governorate != household.governorate
        {
            // Moving to another governorate hands the family to another office.
            return Err(StoreError::NeedsApproval(vec![
                ChangeRequestKind::MoveHousehold,
            ]));
        }
        if let LifeEvent::Split { governorate, .. } = event {
            require_scope(access, governorate)?;
        }
        let actor = access.user_id;
        event
            .check(&household, now.date())
            .map_err(|e| StoreError::Invalid(FieldErrors::from(e)))?;
        let mut tx = self.begin().await?;
        bump_version(&mut tx, household_id, expected_version, actor, now).await?;
        let mut new_household = None;
        let member_snapshot = |id: &PersonId| {
            household
                .members
                .iter()
                .find(|m| m.id == *id)
                .and_then(snapshot)
        };
        match event {
            LifeEvent::Birth { child } => {
                let position = household.members.len() as i64;
                add_member(&mut tx, household_id, position, child, actor, now).await?;
            }
            LifeEvent::Death { person_id, date } => {
                tx.execute("update persons set date_of_death = $1, version = version + 1, updated_at = $2 where id = $3", args![*date, now, person_id.0]).await?;
                add_living_members(&mut tx, household_id, -1).await?;
                append_history(
                    &mut tx,
                    household_id,
                    Some(*person_id),
                    ChangeKind::Died,
                    actor,
                    member_snapshot(person_id),
                    Some(serde_json::json!({ "date_of_death": date.to_string() })),
                    now,
                )
                .await?;
            }
            LifeEvent::Marriage {
                person_id,
                date,
                incoming_spouse,
            } => {
                tx.execute("update persons set marital_status = $1, version = version + 1, updated_at = $2 where id = $3", args![MaritalStatus::Married.as_str(), now, person_id.0]).await?;
                append_history(&mut tx, household_id, Some(*person_id), ChangeKind::Married, actor, member_snapshot(person_id), Some(serde_json::json!({ "marital_status": "married", "date": date.to_string() })), now).await?;
                if let Some(spouse) = incoming_spouse {
                    let position = household.members.len() as i64;
                    add_member(&mut tx, household_id, position, spouse, actor, now).await?;
                }
            }
            LifeEvent::Split {
                members,
                new_head,
                governorate,
                address,
            } => {
                let leaving: Vec<_> = household
                    .members
                    .iter()
                    .filter(|m| members.contains(&m.id))
                    .collect();
                let draft = HouseholdDraft {
                    governorate: governorate.clone(),
                    district: None,
                    address: address.clone(),
                    phone: None,
                    alt_phone: None,
                    socio: Default::default(),
                    extra: Default::default(),
                    members: Vec::new(),
                };
                let new_id = HouseholdId::new();
                insert_household_row(&mut tx, new_id, &draft, actor, now).await?;
                for (position, m) in leaving.iter().enumerate() {
                    let relationship = if m.id == *new_head {
                        Relationship::Head
                    } else {
                        split_relationship(m.draft.relationship, m.draft.sex)
                    };
                    tx.execute(
                        "update persons set household_id = $1, relationship = $2, position = $3, version = version + 1, updated_at = $4 where id = $5",
                        args![new_id.0, relationship.as_str(), position as i64, now, m.id.0],
                    )
                    .await?;
                }
                add_living_members(&mut tx, household_id, -(leaving.len() as i64)).await?;
                add_living_members(&mut tx, new_id, leaving.len() as i64).await?;
                let moved = serde_json::json!({ "new_household": new_id.0, "members": members });
                append_history(
                    &mut tx,
                    household_id,
                    None,
                    ChangeKind::Split,
                    actor,
                    snapshot(&household.to_draft()),
                    Some(moved),
                    now,
                )
                .await?;
                append_history(
                    &mut tx,
                    new_id,
                    None,
                    ChangeKind::Split,
                    actor,
                    None,
                    Some(
                        serde_json::json!({ "from_household": household_id.0, "members": members }),
                    ),
                    now,
                )
                .await?;
                new_household = Some(new_id);
            }
            LifeEvent::Move {
                governorate,
                district,
                address,
            } => {
                tx.execute(
                    "update households set governorate_code = $1, district_code = $2, address = $3 where id = $4",
                    args![governorate.as_str(), district.as_deref(), address, household_id.0],
                )
                .await?;
                let before = serde_json::json!({ "governorate": household.governorate, "district": household.district, "address": household.address });
                let after = serde_json::json!({ "governorate": governorate, "district": district, "address": address });
                append_history(
                    &mut tx,
                    household_id,
                    None,
                    ChangeKind::Moved,
                    actor,
                    Some(before),
                    Some(after),
                    now,
                )
                .await?;
            }
        }
        tx.execute(
            "insert into life_events (id, household_id, kind, event_json, recorded_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)",
            args![EventId::new().0, household_id.0, event.kind(), serde_json::to_string(event).map_err(|e| corrupt("event", e))?, actor.map(|u| u.0), now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::HouseholdEventRecorded,
                "household",
                Some(household_id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(event));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(new_household)
    }

    /// The household's full history, oldest first, with the acting user's name.
    #[tracing::instrument(skip_all, fields(household = %id))]
    pub async fn household_history(
        &self,
        access: &Access,
        id: HouseholdId,
    ) -> Result<Vec<HistoryEntry>> {
        self.require_visible(access, id).await?;
        let rows: Vec<HistoryRow> = self
            .fetch_all(
                "select h.id, h.household_id, h.person_id, h.kind, h.actor_id, u.display_name as actor_name, a.display_name as approved_by_name, h.created_at, h.before_json, h.after_json \
                 from household_history h left join users u on u.id = h.actor_id left join users a on a.id = h.approved_by where h.household_id = $1 order by h.id",
                args![id.0],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                let json = |s: Option<String>| {
                    s.map(|s| serde_json::from_str(&s).map_err(|e| corrupt("history", e)))
                        .transpose()
                };
                Ok(HistoryEntry {
                    id: r.id,
                    household_id: HouseholdId(r.household_id),
                    person_id: r.person_id.map(PersonId),
                    kind: ChangeKind::parse(&r.kind).map_err(|e| corrupt("history kind", e))?,
                    actor: r.actor_id.map(UserId),
                    actor_name: r.actor_name,
                    approved_by_name: r.approved_by_name,
                    at: r.created_at,
                    before: json(r.before_json)?,
                    after: json(r.after_json)?,
                })
            })
            .collect()
    }

    /// The life-cycle events recorded for a household, oldest first.
    pub async fn household_events(
        &self,
        access: &Access,
        id: HouseholdId,
    ) -> Result<Vec<RecordedEvent>> {
        self.require_visible(access, id).await?;
        let rows: Vec<EventRow> = self
            .fetch_all("select id, household_id, event_json, recorded_by, created_at from life_events where household_id = $1 order by created_at, id", args![id.0])
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RecordedEvent {
                    id: EventId(r.id),
                    household_id: HouseholdId(r.household_id),
                    event: serde_json::from_str(&r.event_json).map_err(|e| corrupt("event", e))?,
                    recorded_by: r.recorded_by.map(UserId),
                    recorded_at: r.created_at,
                })
            })
            .collect()
    }
}
