//! Meetings in storage: recording one (agenda, attendance, minutes, decisions, action
//! items) in one transaction after the domain has checked it against the group's
//! terms and bylaws on the day; reading meetings, decisions and action items back;
//! and moving an action item along.

use tadamun_domain::{
    access::Access,
    audit::AuditAction,
    ids::{ActionItemId, DecisionId, MeetingId, PlanningGroupId, PlanningMemberId},
    planning::{
        ActionStatus, BylawsStatus, MeetingContext, RawMeeting, TermDraft, Votes, is_overdue,
    },
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// A recorded meeting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MeetingView {
    pub id: MeetingId,
    pub held_on: Date,
    pub agenda: Vec<String>,
    pub attended: Vec<PlanningMemberId>,
    pub minutes: Option<String>,
    pub members_on_day: i64,
    pub quorum_required: i64,
    pub quorum_met: bool,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: Uuid,
    held_on: Date,
    minutes: Option<String>,
    members_on_day: i64,
    quorum_required: i64,
    quorum_met: bool,
}

/// A decision with its meeting's day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecisionView {
    pub id: DecisionId,
    pub meeting: MeetingId,
    pub held_on: Date,
    pub text: String,
    pub votes: Votes,
    pub public: bool,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: Uuid,
    meeting_id: Uuid,
    held_on: Date,
    text: String,
    votes_for: i64,
    votes_against: i64,
    votes_abstain: i64,
    is_public: bool,
}

/// An action item with its owner and whether it is overdue on the day asked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActionItemView {
    pub id: ActionItemId,
    pub group: PlanningGroupId,
    pub group_name_ar: String,
    pub group_name_en: Option<String>,
    pub meeting: MeetingId,
    pub text: String,
    pub owner: PlanningMemberId,
    pub owner_name: String,
    pub due_on: Date,
    pub status: ActionStatus,
    pub done_on: Option<Date>,
    pub overdue: bool,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActionRow {
    id: Uuid,
    group_id: Uuid,
    group_name_ar: String,
    group_name_en: Option<String>,
    meeting_id: Uuid,
    text: String,
    owner_member_id: Uuid,
    owner_name: String,
    due_on: Date,
    status: String,
    done_on: Option<Date>,
    version: i64,
}

macro_rules! action_columns {
    () => {
        "a.id, a.group_id, g.name_ar as group_name_ar, g.name_en as group_name_en, a.meeting_id, a.text, a.owner_member_id, \
         m.name as owner_name, a.due_on, a.status, a.done_on, a.version \
         from planning_action_items a join planning_groups g on g.id = a.group_id join planning_members m on m.id = a.owner_member_id"
    };
}
pub(crate) use action_columns;

impl ActionRow {
    pub(crate) fn into_view(self, today: Date) -> Result<ActionItemView> {
        let status = ActionStatus::parse(&self.status).map_err(|e| corrupt("status", e))?;
        Ok(ActionItemView {
            id: ActionItemId(self.id),
            group: PlanningGroupId(self.group_id),
            group_name_ar: self.group_name_ar,
            group_name_en: self.group_name_en,
            meeting: MeetingId(self.meeting_id),
            text: self.text,
            owner: PlanningMemberId(self.owner_member_id),
            owner_name: self.owner_name,
            overdue: is_overdue(self.due_on, status, today),
            due_on: self.due_on,
            status,
            done_on: self.done_on,
            version: self.version,
        })
    }
}

impl Store {
    /// The group's members' terms and the bylaws that have been in force, for
    /// checking a meeting.
    pub(crate) async fn meeting_context(&self, group: PlanningGroupId) -> Result<MeetingContext> {
        let terms = self.group_terms(group).await?;
        let mut members: Vec<(PlanningMemberId, Vec<TermDraft>)> = Vec::new();
        for t in terms {
            match members.iter_mut().find(|(m, _)| *m == t.member) {
                Some((_, list)) => list.push(t.term),
                None => members.push((t.member, vec![t.term])),
            }
        }
        let bylaws = self
            .group_bylaws(group)
            .await?
            .into_iter()
            .filter(|b| matches!(b.status, BylawsStatus::InForce | BylawsStatus::Superseded))
            .filter_map(|b| Some((b.in_force_from?, b.in_force_until, b.draft.quorum)))
            .rev()
            .collect();
        Ok(MeetingContext { members, bylaws })
    }

    /// Records a held meeting with everything decided at it, or names every bad field.
    #[tracing::instrument(skip_all, fields(group = %group))]
    pub async fn record_meeting(
        &self,
        access: &Access,
        group: PlanningGroupId,
        raw: &RawMeeting,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<MeetingId> {
        self.recordable_group(access, group, today).await?;
        let ctx = self.meeting_context(group).await?;
        let m = raw.parse(&ctx, today).map_err(StoreError::Invalid)?;
        let id = MeetingId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into planning_meetings (id, group_id, held_on, minutes, members_on_day, quorum_required, attended, quorum_met, recorded_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            args![id.0, group.0, m.held_on, m.minutes.as_deref(), m.members_on_day, m.quorum_required, m.attended.len() as i64, m.quorum_met(), access.user_id.map(|u| u.0), now],
        )
        .await?;
        for (i, item) in m.agenda.iter().enumerate() {
            tx.execute(
                "insert into planning_agenda_items (meeting_id, position, text, created_at, updated_at) values ($1, $2, $3, $4, $4)",
                args![id.0, i as i64, item.as_str(), now],
            )
            .await?;
        }
        for member in &m.attended {
            tx.execute(
                "insert into planning_attendance (meeting_id, member_id, created_at, updated_at) values ($1, $2, $3, $3)",
                args![id.0, member.0, now],
            )
            .await?;
        }
        for (i, d) in m.decisions.iter().enumerate() {
            tx.execute(
                "insert into planning_decisions (id, group_id, meeting_id, position, text, votes_for, votes_against, votes_abstain, is_public, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
                args![DecisionId::new().0, group.0, id.0, i as i64, d.text.as_str(), d.votes.votes_for, d.votes.votes_against, d.votes.votes_abstain, d.public, now],
            )
            .await?;
        }
        for a in &m.actions {
            tx.execute(
                "insert into planning_action_items (id, group_id, meeting_id, text, owner_member_id, due_on, status, version, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, 'open', 1, $7, $7)",
                args![ActionItemId::new().0, group.0, id.0, a.text.as_str(), a.owner.0, a.due_on, now],
            )
            .await?;
        }
        let entry = access
            .audit(
                AuditAction::MeetingRecorded,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(&m));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The group's meetings, newest first, with agenda and attendance.
    pub async fn planning_meetings(
        &self,
        access: &Access,
        group: PlanningGroupId,
    ) -> Result<Vec<MeetingView>> {
        self.visible_group(access, group).await?;
        let rows: Vec<MeetingRow> = self
            .fetch_all(
                "select id, held_on, minutes, members_on_day, quorum_required, quorum_met from planning_meetings where group_id = $1 order by held_on desc, id desc",
                args![group.0],
            )
            .await?;
        let agenda: Vec<(Uuid, String)> = self
            .fetch_all(
                "select a.meeting_id, a.text from planning_agenda_items a join planning_meetings m on m.id = a.meeting_id where m.group_id = $1 order by a.meeting_id, a.position",
                args![group.0],
            )
            .await?;
        let attendance: Vec<(Uuid, Uuid)> = self
            .fetch_all(
                "select a.meeting_id, a.member_id from planning_attendance a join planning_meetings m on m.id = a.meeting_id where m.group_id = $1",
                args![group.0],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| MeetingView {
                id: MeetingId(r.id),
                held_on: r.held_on,
                agenda: agenda
                    .iter()
                    .filter(|(m, _)| *m == r.id)
                    .map(|(_, t)| t.clone())
                    .collect(),
                attended: attendance
                    .iter()
                    .filter(|(m, _)| *m == r.id)
                    .map(|(_, p)| PlanningMemberId(*p))
                    .collect(),
                minutes: r.minutes,
                members_on_day: r.members_on_day,
                quorum_required: r.quorum_required,
                quorum_met: r.quorum_met,
            })
            .collect())
    }

    /// The group's decisions, newest meeting first.
    pub async fn planning_decisions(
        &self,
        access: &Access,
        group: PlanningGroupId,
    ) -> Result<Vec<DecisionView>> {
        self.visible_group(access, group).await?;
        let rows: Vec<DecisionRow> = self
            .fetch_all(
                "select d.id, d.meeting_id, m.held_on, d.text, d.votes_for, d.votes_against, d.votes_abstain, d.is_public \
                 from planning_decisions d join planning_meetings m on m.id = d.meeting_id where d.group_id = $1 order by m.held_on desc, d.meeting_id, d.position",
                args![group.0],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| DecisionView {
                id: DecisionId(r.id),
                meeting: MeetingId(r.meeting_id),
                held_on: r.held_on,
                text: r.text,
                votes: Votes {
                    votes_for: r.votes_for,
                    votes_against: r.votes_against,
                    votes_abstain: r.votes_abstain,
                },
                public: r.is_public,
            })
            .collect())
    }

    /// The group's action items by due day, each flagged overdue as of `today`.
    pub async fn planning_action_items(
        &self,
        access: &Access,
        group: PlanningGroupId,
        today: Date,
    ) -> Result<Vec<ActionItemView>> {
        self.visible_group(access, group).await?;
        let rows: Vec<ActionRow> = self
            .fetch_all(
                concat!(
                    "select ",
                    action_columns!(),
                    " where a.group_id = $1 order by a.due_on, a.id"
                ),
                args![group.0],
            )
            .await?;
        rows.into_iter().map(|r| r.into_view(today)).collect()
    }

    /// Moves an action item to another status, from the `version` read. Its owner,
    /// the group's secretary and the governorate's planners may.
    #[tracing::instrument(skip_all, fields(action = %action))]
    pub async fn set_action_status(
        &self,
        access: &Access,
        action: ActionItemId,
        version: i64,
        raw_status: &str,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<ActionStatus> {
        let row: Option<ActionRow> = self
            .fetch_optional(
                concat!("select ", action_columns!(), " where a.id = $1"),
                args![action.0],
            )
            .await?;
        let item = row.ok_or(StoreError::NotFound)?.into_view(today)?;
        self.visible_group(access, item.group).await?;
        let owner: Option<(Option<Uuid>,)> = self
            .fetch_optional(
                "select user_id from planning_members where id = $1",
                args![item.owner.0],
            )
            .await?;
        let is_owner = access
            .user_id
            .is_some_and(|u| owner.and_then(|(o,)| o) == Some(u.0));
        if !is_owner
            && !self
                .planning_rights(access, item.group, today)
                .await?
                .record
        {
            return Err(StoreError::Forbidden(
                "only the owner, the secretary or a planner moves an action item".into(),
            ));
        }
        let next =
            ActionStatus::parse_change(raw_status, item.status).map_err(StoreError::Invalid)?;
        let done_on = (next == ActionStatus::Done).then_some(today);
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update planning_action_items set status = $1, done_on = $2, version = version + 1, updated_at = $3 where id = $4 and version = $5",
                args![next.as_str(), done_on, now, action.0, version],
            )
            .await?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        let entry = access
            .audit(
                AuditAction::ActionItemStatusChanged,
                "planning_action_item",
                Some(action.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({ "status": item.status })),
                Some(&serde_json::json!({ "status": next, "done_on": done_on })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(next)
    }
}
