//! The annual plan in storage: objectives serving a priority of the adoption in
//! force, activities under them (a partner organisation or the directorate, a budget,
//! a status and progress, edited under a version), one group's plan with its figures,
//! and the national roll-up by governorate. Writing needs the right to record in the
//! group (its governorate's planners and the secretary of the day); reading, seeing it.

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{ActivityId, AdoptionId, ObjectiveId, OrganisationId, PlanningGroupId},
    money::Money,
    planning::{
        ActivityDraft, ActivityFacts, ActivityProgress, ActivityStatus, ObjectiveDraft,
        PlanFigures, RawObjective, ResponsibleParty, is_activity_overdue,
    },
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::gov;
use crate::{
    access::require,
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// An objective of the plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObjectiveView {
    pub id: ObjectiveId,
    pub year: i32,
    pub adoption: AdoptionId,
    #[serde(flatten)]
    pub draft: ObjectiveDraft,
}

#[derive(sqlx::FromRow)]
struct ObjectiveRow {
    id: Uuid,
    year: i64,
    adoption_id: Uuid,
    priority: String,
    text: String,
}

/// An activity with its responsible party's name and whether it is overdue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActivityView {
    pub id: ActivityId,
    pub objective: ObjectiveId,
    pub group: PlanningGroupId,
    pub text: String,
    pub responsible: ResponsibleParty,
    pub organisation_name: Option<String>,
    pub budget: Money,
    pub status: ActivityStatus,
    pub progress: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub overdue: bool,
    pub version: i64,
}

impl ActivityView {
    pub fn facts(&self) -> ActivityFacts {
        ActivityFacts {
            status: self.status,
            progress: self.progress,
            budget: self.budget,
            ends_on: self.ends_on,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: Uuid,
    objective_id: Uuid,
    group_id: Uuid,
    text: String,
    organisation_id: Option<Uuid>,
    organisation_name: Option<String>,
    budget_minor: i64,
    status: String,
    progress: i64,
    starts_on: Date,
    ends_on: Date,
    version: i64,
}

macro_rules! activity_columns {
    () => {
        "a.id, a.objective_id, a.group_id, a.text, a.organisation_id, o.name_ar as organisation_name, a.budget_minor, \
         a.status, a.progress, a.starts_on, a.ends_on, a.version \
         from planning_activities a left join organisations o on o.id = a.organisation_id"
    };
}

impl ActivityRow {
    fn into_view(self, today: Date) -> Result<ActivityView> {
        let status = ActivityStatus::parse(&self.status).map_err(|e| corrupt("status", e))?;
        Ok(ActivityView {
            id: ActivityId(self.id),
            objective: ObjectiveId(self.objective_id),
            group: PlanningGroupId(self.group_id),
            text: self.text,
            responsible: match self.organisation_id {
                Some(o) => ResponsibleParty::Organisation(OrganisationId(o)),
                None => ResponsibleParty::Directorate,
            },
            organisation_name: self.organisation_name,
            budget: Money(self.budget_minor),
            overdue: is_activity_overdue(self.ends_on, status, today),
            status,
            progress: self.progress,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            version: self.version,
        })
    }
}

/// One group's plan for a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnnualPlan {
    pub objectives: Vec<ObjectiveView>,
    /// By objective, then start day.
    pub activities: Vec<ActivityView>,
    pub figures: PlanFigures,
}

/// One governorate's line of the national roll-up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GovernorateRollup {
    pub governorate: GovernorateCode,
    pub name_ar: String,
    pub name_en: String,
    pub figures: PlanFigures,
}

#[derive(sqlx::FromRow)]
struct RollupActivityRow {
    governorate_code: String,
    status: String,
    progress: i64,
    budget_minor: i64,
    ends_on: Date,
}

#[derive(sqlx::FromRow)]
struct RollupObjectiveRow {
    governorate_code: String,
    name_ar: String,
    name_en: String,
    objectives: i64,
}

impl Store {
    /// Adds an objective serving a priority of the adoption in force for the year.
    #[tracing::instrument(skip_all, fields(group = %group, year))]
    pub async fn add_plan_objective(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: i32,
        raw: &RawObjective,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<ObjectiveId> {
        self.recordable_group(access, group, today).await?;
        let adoption = self.adoption_in_force(access, group, year).await?;
        let candidates = adoption
            .as_ref()
            .map(|a| a.candidates())
            .unwrap_or_default();
        let draft = raw.parse(&candidates).map_err(StoreError::Invalid)?;
        let adoption = adoption.expect("candidates come from an adoption");
        let id = ObjectiveId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into planning_objectives (id, group_id, year, adoption_id, priority, text, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            args![id.0, group.0, i64::from(year), adoption.id.0, draft.priority.as_str(), draft.text.as_str(), access.user_id.map(|u| u.0), now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PlanObjectiveAdded,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({ "objective": id, "year": year, "draft": draft })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds an activity under one of the year's objectives of the group.
    #[tracing::instrument(skip_all, fields(group = %group, year))]
    pub async fn add_plan_activity(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: i32,
        draft: &ActivityDraft,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<ActivityId> {
        self.recordable_group(access, group, today).await?;
        let mut errors = FieldErrors::default();
        let objective: Option<(Uuid,)> = self
            .fetch_optional(
                "select id from planning_objectives where id = $1 and group_id = $2 and year = $3",
                args![draft.objective.0, group.0, i64::from(year)],
            )
            .await?;
        if objective.is_none() {
            errors.push(FieldError::new(
                "objective",
                "unknown-objective",
                "not an objective of this plan",
            ));
        }
        let organisation = match draft.responsible {
            ResponsibleParty::Organisation(org) => {
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
                Some(org.0)
            }
            ResponsibleParty::Directorate => None,
        };
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let id = ActivityId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into planning_activities (id, objective_id, group_id, text, organisation_id, directorate, budget_minor, status, progress, starts_on, ends_on, version, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12)",
            args![id.0, draft.objective.0, group.0, draft.text.as_str(), organisation, organisation.is_none(), draft.budget.0, draft.progress.status.as_str(), draft.progress.progress, draft.starts_on, draft.ends_on, now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PlanActivityAdded,
                "planning_activity",
                Some(id.to_string()),
                now,
            )
            .with_change(None::<&()>, Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One activity the caller may see.
    pub async fn plan_activity(
        &self,
        access: &Access,
        activity: ActivityId,
        today: Date,
    ) -> Result<ActivityView> {
        let row: Option<ActivityRow> = self
            .fetch_optional(
                concat!("select ", activity_columns!(), " where a.id = $1"),
                args![activity.0],
            )
            .await?;
        let view = row.ok_or(StoreError::NotFound)?.into_view(today)?;
        self.visible_group(access, view.group).await?;
        Ok(view)
    }

    /// The plan year of an objective the caller may see.
    pub async fn objective_year(&self, access: &Access, objective: ObjectiveId) -> Result<i32> {
        let row: Option<(Uuid, i64)> = self
            .fetch_optional(
                "select group_id, year from planning_objectives where id = $1",
                args![objective.0],
            )
            .await?;
        let (group, year) = row.ok_or(StoreError::NotFound)?;
        self.visible_group(access, PlanningGroupId(group)).await?;
        i32::try_from(year).map_err(|e| corrupt("year", e))
    }

    /// Moves an activity's status and progress, from the `version` read; a stale
    /// version is `Conflict`.
    #[tracing::instrument(skip_all, fields(activity = %activity))]
    pub async fn update_activity_progress(
        &self,
        access: &Access,
        activity: ActivityId,
        version: i64,
        progress: &ActivityProgress,
        today: Date,
        now: OffsetDateTime,
    ) -> Result<()> {
        let before = self.plan_activity(access, activity, today).await?;
        self.recordable_group(access, before.group, today).await?;
        let mut tx = self.begin().await?;
        let n = tx
            .execute(
                "update planning_activities set status = $1, progress = $2, version = version + 1, updated_at = $3 where id = $4 and version = $5",
                args![progress.status.as_str(), progress.progress, now, activity.0, version],
            )
            .await?;
        if n != 1 {
            return Err(StoreError::Conflict);
        }
        let entry = access
            .audit(
                AuditAction::PlanActivityUpdated,
                "planning_activity",
                Some(activity.to_string()),
                now,
            )
            .with_change(
                Some(&serde_json::json!({ "status": before.status, "progress": before.progress })),
                Some(progress),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The group's plan for `year`: objectives, activities and figures on `today`.
    pub async fn annual_plan(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: i32,
        today: Date,
    ) -> Result<AnnualPlan> {
        self.visible_group(access, group).await?;
        let rows: Vec<ObjectiveRow> = self
            .fetch_all(
                "select id, year, adoption_id, priority, text from planning_objectives where group_id = $1 and year = $2 order by created_at, id",
                args![group.0, i64::from(year)],
            )
            .await?;
        let objectives = rows
            .into_iter()
            .map(|r| {
                Ok(ObjectiveView {
                    id: ObjectiveId(r.id),
                    year: i32::try_from(r.year).map_err(|e| corrupt("year", e))?,
                    adoption: AdoptionId(r.adoption_id),
                    draft: ObjectiveDraft {
                        priority: r.priority,
                        text: r.text,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rows: Vec<ActivityRow> = self
            .fetch_all(
                concat!(
                    "select ",
                    activity_columns!(),
                    " join planning_objectives p on p.id = a.objective_id where a.group_id = $1 and p.year = $2 \
                     order by p.created_at, p.id, a.starts_on, a.id"
                ),
                args![group.0, i64::from(year)],
            )
            .await?;
        let activities = rows
            .into_iter()
            .map(|r| r.into_view(today))
            .collect::<Result<Vec<_>>>()?;
        let facts: Vec<ActivityFacts> = activities.iter().map(ActivityView::facts).collect();
        let figures = PlanFigures::of(objectives.len() as i64, &facts, today);
        Ok(AnnualPlan {
            objectives,
            activities,
            figures,
        })
    }

    /// The year's plans added up per governorate of the caller's scope (national
    /// callers see all), for the governorates with at least one objective.
    #[tracing::instrument(skip_all, fields(year))]
    pub async fn national_plan_rollup(
        &self,
        access: &Access,
        year: i32,
        today: Date,
    ) -> Result<Vec<GovernorateRollup>> {
        require(access, Permission::PlanningRead)?;
        let national = access.is_system() || access.scope.is_national();
        let user = access.user_id.map(|u| u.0);
        let objectives: Vec<RollupObjectiveRow> = self
            .fetch_all(
                "select g.governorate_code, a.name_ar, a.name_en, count(*) as objectives from planning_objectives o \
                 join planning_groups g on g.id = o.group_id join areas a on a.code = g.governorate_code \
                 where o.year = $3 and ($1 or g.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
                 group by g.governorate_code, a.name_ar, a.name_en order by g.governorate_code",
                args![national, user, i64::from(year)],
            )
            .await?;
        let activities: Vec<RollupActivityRow> = self
            .fetch_all(
                "select g.governorate_code, a.status, a.progress, a.budget_minor, a.ends_on from planning_activities a \
                 join planning_objectives o on o.id = a.objective_id join planning_groups g on g.id = a.group_id \
                 where o.year = $3 and ($1 or g.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2))",
                args![national, user, i64::from(year)],
            )
            .await?;
        objectives
            .into_iter()
            .map(|o| {
                let facts = activities
                    .iter()
                    .filter(|a| a.governorate_code == o.governorate_code)
                    .map(|a| {
                        Ok(ActivityFacts {
                            status: ActivityStatus::parse(&a.status)
                                .map_err(|e| corrupt("status", e))?,
                            progress: a.progress,
                            budget: Money(a.budget_minor),
                            ends_on: a.ends_on,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(GovernorateRollup {
                    governorate: gov(&o.governorate_code)?,
                    figures: PlanFigures::of(o.objectives, &facts, today),
                    name_ar: o.name_ar,
                    name_en: o.name_en,
                })
            })
            .collect()
    }
}
