//! A planning group's bylaws in storage: proposals, the vote at a meeting that puts one
//! in force (superseding the one before, in the same transaction) or rejects it, and
//! the history. The unique index on the group's in-force version keeps "one text in
//! force" true even against two votes at once.

use tadamun_domain::{
    access::Access,
    audit::AuditAction,
    ids::{BylawsId, MeetingId, PlanningGroupId},
    planning::{BylawsDraft, BylawsStatus, Quorum, RawBylawsVote, Votes},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::invalid;
use crate::{
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// One version of a group's bylaws.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BylawsVersion {
    pub id: BylawsId,
    pub version_number: i64,
    pub draft: BylawsDraft,
    pub status: BylawsStatus,
    pub proposed_on: Date,
    /// The meeting that voted, and the votes; `None` while proposed.
    pub meeting: Option<MeetingId>,
    pub votes: Option<Votes>,
    pub in_force_from: Option<Date>,
    pub in_force_until: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct BylawsRow {
    id: Uuid,
    version_number: i64,
    text: String,
    quorum_percent: i64,
    quorum_plus: i64,
    meetings_per_year: i64,
    status: String,
    proposed_on: Date,
    meeting_id: Option<Uuid>,
    votes_for: Option<i64>,
    votes_against: Option<i64>,
    votes_abstain: Option<i64>,
    in_force_from: Option<Date>,
    in_force_until: Option<Date>,
}

impl BylawsRow {
    fn into_version(self) -> Result<BylawsVersion> {
        let votes = match (self.votes_for, self.votes_against, self.votes_abstain) {
            (Some(f), Some(a), Some(s)) => Some(Votes {
                votes_for: f,
                votes_against: a,
                votes_abstain: s,
            }),
            _ => None,
        };
        Ok(BylawsVersion {
            id: BylawsId(self.id),
            version_number: self.version_number,
            draft: BylawsDraft {
                text: self.text,
                quorum: Quorum {
                    percent: self.quorum_percent,
                    plus: self.quorum_plus,
                },
                meetings_per_year: self.meetings_per_year,
            },
            status: BylawsStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            proposed_on: self.proposed_on,
            meeting: self.meeting_id.map(MeetingId),
            votes,
            in_force_from: self.in_force_from,
            in_force_until: self.in_force_until,
        })
    }
}

impl Store {
    /// Files a proposal (a first text or an amendment) for discussion and a vote.
    #[tracing::instrument(skip_all, fields(group = %group))]
    pub async fn propose_bylaws(
        &self,
        access: &Access,
        group: PlanningGroupId,
        draft: &BylawsDraft,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<BylawsId> {
        self.managed_group(access, group).await?;
        let id = BylawsId::new();
        let mut tx = self.begin().await?;
        let next: Vec<(i64,)> = tx
            .fetch_all(
                "select cast(coalesce(max(version_number), 0) + 1 as bigint) from planning_bylaws where group_id = $1",
                args![group.0],
            )
            .await?;
        let version = next.first().map(|(n,)| *n).unwrap_or(1);
        tx.execute(
            "insert into planning_bylaws (id, group_id, version_number, text, quorum_percent, quorum_plus, meetings_per_year, status, proposed_on, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8, $9, $9)",
            args![id.0, group.0, version, draft.text.as_str(), draft.quorum.percent, draft.quorum.plus, draft.meetings_per_year, today, now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::BylawsProposed,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the vote on a proposal at one of the group's meetings. Carried (more
    /// for than against) at a meeting with its quorum, the proposal is in force from
    /// the meeting day and the version before it is superseded; otherwise it is
    /// rejected. A vote at a meeting without quorum is refused.
    #[tracing::instrument(skip_all, fields(group = %group))]
    pub async fn vote_on_bylaws(
        &self,
        access: &Access,
        group: PlanningGroupId,
        bylaws: BylawsId,
        raw: &RawBylawsVote,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<BylawsStatus> {
        self.recordable_group(access, group, today).await?;
        let meeting = MeetingId::parse(&raw.meeting).map_err(|_| {
            invalid(
                "meeting",
                "required",
                "choose the meeting at which the vote was taken",
            )
        })?;
        let facts: Option<(Date, i64, bool)> = self
            .fetch_optional(
                "select held_on, attended, quorum_met from planning_meetings where id = $1 and group_id = $2",
                args![meeting.0, group.0],
            )
            .await?;
        let Some((held_on, attended, quorum_met)) = facts else {
            return Err(invalid(
                "meeting",
                "unknown-meeting",
                "not a meeting of this group",
            ));
        };
        let vote = raw
            .parse(held_on, attended, quorum_met)
            .map_err(StoreError::Invalid)?;
        let status = if vote.approved {
            BylawsStatus::InForce
        } else {
            BylawsStatus::Rejected
        };
        let mut tx = self.begin().await?;
        if vote.approved {
            tx.execute(
                "update planning_bylaws set status = 'superseded', in_force_until = $1, updated_at = $2 where group_id = $3 and status = 'in_force'",
                args![held_on, now, group.0],
            )
            .await?;
        }
        let n = tx
            .execute(
                "update planning_bylaws set status = $1, meeting_id = $2, votes_for = $3, votes_against = $4, votes_abstain = $5, \
                 in_force_from = $6, updated_at = $7 where id = $8 and group_id = $9 and status = 'proposed'",
                args![
                    status.as_str(),
                    meeting.0,
                    vote.votes.votes_for,
                    vote.votes.votes_against,
                    vote.votes.votes_abstain,
                    vote.approved.then_some(held_on),
                    now,
                    bylaws.0,
                    group.0
                ],
            )
            .await?;
        if n != 1 {
            // Gone, another group's, or voted on already.
            return Err(StoreError::Conflict);
        }
        let entry = access
            .audit(
                AuditAction::BylawsVoted,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "bylaws": bylaws, "vote": vote, "status": status })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Every version of a group's bylaws, newest first.
    pub async fn planning_bylaws(
        &self,
        access: &Access,
        group: PlanningGroupId,
    ) -> Result<Vec<BylawsVersion>> {
        self.visible_group(access, group).await?;
        self.group_bylaws(group).await
    }

    pub(crate) async fn group_bylaws(&self, group: PlanningGroupId) -> Result<Vec<BylawsVersion>> {
        let rows: Vec<BylawsRow> = self
            .fetch_all(
                "select id, version_number, text, quorum_percent, quorum_plus, meetings_per_year, status, proposed_on, meeting_id, \
                 votes_for, votes_against, votes_abstain, in_force_from, in_force_until from planning_bylaws where group_id = $1 order by version_number desc",
                args![group.0],
            )
            .await?;
        rows.into_iter().map(BylawsRow::into_version).collect()
    }
}
