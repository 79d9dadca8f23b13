//! Priority weights adopted by a planning group: the ranking is recomputed here from
//! the current indicators (the same computation the priorities preview shows) and
//! stored as JSON exactly as computed, with the indicator basis, the decision that
//! adopted it, who and when. Adoptions are never edited (a trigger refuses it); the
//! newest for a group and year is in force.

use std::collections::BTreeMap;

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{AdoptionId, DecisionId, PlanningGroupId, UserId},
    indicator::{
        IndicatorCatalogue, IndicatorTable, RankedPriority, Weights, need_supply, rank,
        ranking::governorate_candidates,
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

/// One stored adoption, with its decision's text and meeting day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Adoption {
    pub id: AdoptionId,
    pub group: PlanningGroupId,
    pub governorate: GovernorateCode,
    pub year: i32,
    pub weights: Weights,
    /// The ranking exactly as computed when adopted.
    pub ranking: Vec<RankedPriority>,
    pub table_day: Date,
    pub run_id: Option<Uuid>,
    pub decision: DecisionId,
    pub decision_text: String,
    pub meeting_held_on: Date,
    pub adopted_by: Option<UserId>,
    pub adopted_by_name: Option<String>,
    pub adopted_at: OffsetDateTime,
}

impl Adoption {
    /// The service codes of the ranking's candidates, best first.
    pub fn candidates(&self) -> Vec<String> {
        self.ranking.iter().map(|r| r.key.clone()).collect()
    }
}

#[derive(sqlx::FromRow)]
struct AdoptionRow {
    id: Uuid,
    group_id: Uuid,
    governorate_code: String,
    year: i64,
    weights_json: String,
    ranking_json: String,
    table_day: Date,
    run_id: Option<Uuid>,
    decision_id: Uuid,
    decision_text: String,
    held_on: Date,
    adopted_by: Option<Uuid>,
    adopted_by_name: Option<String>,
    adopted_at: OffsetDateTime,
}

impl AdoptionRow {
    fn into_adoption(self) -> Result<Adoption> {
        Ok(Adoption {
            id: AdoptionId(self.id),
            group: PlanningGroupId(self.group_id),
            governorate: gov(&self.governorate_code)?,
            year: i32::try_from(self.year).map_err(|e| corrupt("year", e))?,
            weights: serde_json::from_str(&self.weights_json).map_err(|e| corrupt("weights", e))?,
            ranking: serde_json::from_str(&self.ranking_json).map_err(|e| corrupt("ranking", e))?,
            table_day: self.table_day,
            run_id: self.run_id,
            decision: DecisionId(self.decision_id),
            decision_text: self.decision_text,
            meeting_held_on: self.held_on,
            adopted_by: self.adopted_by.map(UserId),
            adopted_by_name: self.adopted_by_name,
            adopted_at: self.adopted_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DecisionCheck {
    group_id: Uuid,
    quorum_met: bool,
    votes_for: i64,
    votes_against: i64,
}

fn decision_error(code: &'static str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::from(FieldError::new(
        "decision", code, message,
    )))
}

impl Store {
    /// One governorate's ranked priorities under `weights`, from the indicators on
    /// `today` and the supply of accredited partners. Values are normalised over every
    /// governorate of the country, whatever the caller's scope, so a planner of one
    /// governorate gets the same scores (and stores the same snapshot) as a national
    /// one; only the asked governorate's candidates are returned, and it must be in the
    /// caller's scope. The preview and the adoption both use it.
    #[tracing::instrument(skip_all, fields(governorate = %governorate))]
    pub async fn priority_ranking(
        &self,
        access: &Access,
        governorate: &GovernorateCode,
        weights: &Weights,
        today: Date,
    ) -> Result<(IndicatorTable, Vec<RankedPriority>)> {
        require(access, Permission::PlanningRead)?;
        if !access.covers(governorate) {
            return Err(StoreError::NotFound);
        }
        let table = self
            .governorate_indicators(governorate.country_code(), today)
            .await?;
        if table.governorate(governorate).is_none() {
            return Err(StoreError::NotFound);
        }
        // Accredited supply is public (the transparency portal lists it), so the
        // country-wide comparison reads it for every governorate.
        // Read once, compared with each governorate's need.
        let supply = self
            .service_supply(&Access::system("priority ranking"), table.today, true)
            .await?;
        let catalogue = IndicatorCatalogue::builtin();
        let needs: BTreeMap<_, _> = table
            .governorates
            .iter()
            .map(|g| (g.governorate.clone(), need_supply(catalogue, g, &supply)))
            .collect();
        let candidates = governorate_candidates(catalogue, &table, &needs, governorate);
        let ranking = rank(candidates, weights);
        Ok((table, ranking))
    }

    /// Adopts `weights` for the group's governorate and `year` by one of the group's
    /// decisions (taken at a meeting with quorum, and carried). Needs the right to
    /// manage the group. The indicators are those of `now`'s day. Returns the stored
    /// adoption.
    #[tracing::instrument(skip_all, fields(group = %group, year))]
    pub async fn adopt_priority_weights(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: i32,
        decision: DecisionId,
        weights: &Weights,
        now: OffsetDateTime,
    ) -> Result<Adoption> {
        let today = now.date();
        let g = self.managed_group(access, group).await?;
        let found: Option<DecisionCheck> = self
            .fetch_optional(
                "select d.group_id, m.quorum_met, d.votes_for, d.votes_against from planning_decisions d \
                 join planning_meetings m on m.id = d.meeting_id where d.id = $1",
                args![decision.0],
            )
            .await?;
        match found {
            None => {
                return Err(decision_error(
                    "unknown-decision",
                    "no recorded decision has this id",
                ));
            }
            Some(d) if d.group_id != group.0 => {
                return Err(decision_error(
                    "decision-of-another-group",
                    "the decision was taken by another planning group",
                ));
            }
            Some(d) if !d.quorum_met => {
                return Err(decision_error(
                    "decision-without-quorum",
                    "the decision was taken at a meeting without quorum",
                ));
            }
            Some(d) if d.votes_for <= d.votes_against => {
                return Err(decision_error(
                    "decision-not-carried",
                    "the decision was not carried",
                ));
            }
            Some(_) => {}
        }
        let governorate = g.draft.governorate.clone();
        let (table, ranking) = self
            .priority_ranking(access, &governorate, weights, today)
            .await?;
        let run_id = table.latest_run.as_ref().map(|r| r.run_id);
        let weights_json = serde_json::to_string(weights).map_err(|e| corrupt("weights", e))?;
        let ranking_json = serde_json::to_string(&ranking).map_err(|e| corrupt("ranking", e))?;
        let id = AdoptionId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into planning_priority_adoptions (id, group_id, governorate_code, year, weights_json, ranking_json, table_day, run_id, decision_id, adopted_by, adopted_at, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)",
            args![id.0, group.0, governorate.as_str(), i64::from(year), weights_json, ranking_json, table.today, run_id, decision.0, access.user_id.map(|u| u.0), now],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PriorityWeightsAdopted,
                "planning_group",
                Some(group.to_string()),
                now,
            )
            .with_change(
                None::<&()>,
                Some(&serde_json::json!({
                    "adoption": id,
                    "year": year,
                    "decision": decision,
                    "weights": weights,
                    "table_day": table.today,
                    "run_id": run_id,
                })),
            );
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        self.priority_adoptions(access, group, Some(year))
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(StoreError::NotFound)
    }

    /// The group's adoptions (of one year, or all), newest first: the first of a year
    /// is in force, the others superseded.
    pub async fn priority_adoptions(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: Option<i32>,
    ) -> Result<Vec<Adoption>> {
        self.visible_group(access, group).await?;
        let rows: Vec<AdoptionRow> = self
            .fetch_all(
                "select a.id, a.group_id, a.governorate_code, a.year, a.weights_json, a.ranking_json, a.table_day, a.run_id, \
                 a.decision_id, d.text as decision_text, m.held_on, a.adopted_by, u.display_name as adopted_by_name, a.adopted_at \
                 from planning_priority_adoptions a join planning_decisions d on d.id = a.decision_id \
                 join planning_meetings m on m.id = d.meeting_id left join users u on u.id = a.adopted_by \
                 where a.group_id = $1 and ($2 is null or a.year = $2) order by a.year desc, a.adopted_at desc, a.id desc",
                args![group.0, year.map(i64::from)],
            )
            .await?;
        rows.into_iter().map(AdoptionRow::into_adoption).collect()
    }

    /// The adoption in force for the group and year, if any.
    pub async fn adoption_in_force(
        &self,
        access: &Access,
        group: PlanningGroupId,
        year: i32,
    ) -> Result<Option<Adoption>> {
        Ok(self
            .priority_adoptions(access, group, Some(year))
            .await?
            .into_iter()
            .next())
    }
}
