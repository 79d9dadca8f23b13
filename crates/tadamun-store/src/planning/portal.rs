//! What planning groups show outside their own page: the decisions marked public
//! (for the transparency portal, needing no signed-in user), a user's own open
//! action items (for the dashboard), and a group's health from its stored facts.

use tadamun_domain::{
    access::Access,
    area::GovernorateCode,
    country::Country,
    ids::{DecisionId, MeetingId, PlanningGroupId},
    planning::{
        ActionFacts, ActionStatus, BylawsStatus, GroupHealth, HealthInput, MeetingFacts,
        MemberKind, PartnerSpan, group_health,
    },
};
use time::Date;
use uuid::Uuid;

use super::{
    gov,
    meetings::{ActionItemView, ActionRow, action_columns},
};
use crate::{backend::Store, db::args, error::Result, rows::corrupt};

/// A decision anyone may read: the group, where and when, and the text as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicDecision {
    pub id: DecisionId,
    pub group: PlanningGroupId,
    pub group_name_ar: String,
    pub group_name_en: Option<String>,
    pub governorate: GovernorateCode,
    pub meeting: MeetingId,
    pub held_on: Date,
    pub text: String,
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    id: Uuid,
    group_id: Uuid,
    name_ar: String,
    name_en: Option<String>,
    governorate_code: String,
    meeting_id: Uuid,
    held_on: Date,
    text: String,
}

impl Store {
    /// Every public decision of the country's groups, newest first. Needs no caller:
    /// the transparency portal shows these to anyone.
    pub async fn public_decisions(&self, country: Country) -> Result<Vec<PublicDecision>> {
        let rows: Vec<PublicRow> = self
            .fetch_all(
                "select d.id, g.id as group_id, g.name_ar, g.name_en, g.governorate_code, d.meeting_id, m.held_on, d.text \
                 from planning_decisions d join planning_groups g on g.id = d.group_id join planning_meetings m on m.id = d.meeting_id \
                 where d.is_public = $1 and g.country = $2 order by m.held_on desc, g.governorate_code, d.position",
                args![true, country.code()],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(PublicDecision {
                    id: DecisionId(r.id),
                    group: PlanningGroupId(r.group_id),
                    group_name_ar: r.name_ar,
                    group_name_en: r.name_en,
                    governorate: gov(&r.governorate_code)?,
                    meeting: MeetingId(r.meeting_id),
                    held_on: r.held_on,
                    text: r.text,
                })
            })
            .collect()
    }

    /// The caller's own pending action items, in every group they sit on, by due day.
    pub async fn my_action_items(
        &self,
        access: &Access,
        today: Date,
    ) -> Result<Vec<ActionItemView>> {
        let Some(user) = access.user_id else {
            return Ok(Vec::new());
        };
        let rows: Vec<ActionRow> = self
            .fetch_all(
                concat!(
                    "select ",
                    action_columns!(),
                    " where m.user_id = $1 and a.status in ('open', 'in_progress') order by a.due_on, a.id"
                ),
                args![user.0],
            )
            .await?;
        rows.into_iter().map(|r| r.into_view(today)).collect()
    }

    /// The group's health over the twelve months to `today`.
    pub async fn planning_group_health(
        &self,
        access: &Access,
        group: PlanningGroupId,
        today: Date,
    ) -> Result<GroupHealth> {
        self.visible_group(access, group).await?;
        let meetings: Vec<(Date, i64, i64)> = self
            .fetch_all(
                "select held_on, attended, members_on_day from planning_meetings where group_id = $1",
                args![group.0],
            )
            .await?;
        let actions: Vec<(Date, String, Option<Date>)> = self
            .fetch_all(
                "select due_on, status, done_on from planning_action_items where group_id = $1",
                args![group.0],
            )
            .await?;
        let partners: Vec<(Date, Option<Date>, i64)> = self
            .fetch_all(
                "select min(t.starts_on), max(t.ends_on), cast(sum(case when t.ends_on is null then 1 else 0 end) as bigint) \
                 from planning_terms t join planning_members m on m.id = t.member_id \
                 where t.group_id = $1 and m.kind = $2 group by t.member_id",
                args![group.0, MemberKind::Partner.as_str()],
            )
            .await?;
        let meetings_per_year = self
            .group_bylaws(group)
            .await?
            .into_iter()
            .find(|b| b.status == BylawsStatus::InForce)
            .map(|b| b.draft.meetings_per_year);
        let input = HealthInput {
            meetings_per_year,
            meetings: meetings
                .into_iter()
                .map(|(held_on, attended, members_on_day)| MeetingFacts {
                    held_on,
                    attended,
                    members_on_day,
                })
                .collect(),
            actions: actions
                .into_iter()
                .map(|(due_on, status, done_on)| {
                    Ok(ActionFacts {
                        due_on,
                        status: ActionStatus::parse(&status).map_err(|e| corrupt("status", e))?,
                        done_on,
                    })
                })
                .collect::<Result<_>>()?,
            // A member with an open-ended term has not left.
            partners: partners
                .into_iter()
                .map(|(starts_on, ends_on, open)| PartnerSpan {
                    starts_on,
                    ends_on: if open > 0 { None } else { ends_on },
                })
                .collect(),
        };
        Ok(group_health(&input, today))
    }
}
