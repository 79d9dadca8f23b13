//! What the policy simulator reads and keeps beside the registry: synthetic ground
//! truth (true consumption, which only generated households have), the households a
//! programme covers read at `programme.read` level (a simulation writes nothing and
//! reports counts), and which of a list of households the caller may open.

use std::collections::HashMap;

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    ids::HouseholdId,
};
use tadamun_targeting::{assess::Applicant, programme::ProgrammeVersion};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    access::{require, scoped_args, visible_household},
    backend::Store,
    bulk::BulkTable,
    db::{Arg, args},
    error::{Result, StoreError},
    programmes::{placeholders_from, require_coverage},
};

const TRUTH_COLUMNS: &[&str] = &[
    "household_id",
    "consumption_per_ae",
    "created_at",
    "updated_at",
];

/// Ids asked about per statement: well under SQLite's parameter limit.
const IDS_PER_QUERY: usize = 500;

impl Store {
    /// Records the true monthly consumption per adult equivalent of synthetic
    /// households (major units), all in one transaction. Only synthetic seeding calls
    /// this; a household recorded before is refused (`Duplicate`), since the truth of a
    /// generated household never changes.
    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    pub async fn record_synthetic_truth(
        &self,
        access: &Access,
        rows: &[(HouseholdId, f64)],
        now: OffsetDateTime,
    ) -> Result<u64> {
        require(access, Permission::HouseholdImport)?;
        if let Some((id, _)) = rows.iter().find(|(_, c)| !(c.is_finite() && *c > 0.0)) {
            return Err(StoreError::Invalid(FieldErrors::from(FieldError::new(
                "consumption_per_ae",
                "invalid-number",
                format!("household {id}: true consumption must be a positive number"),
            ))));
        }
        let mut table = BulkTable::new("synthetic_truth", TRUTH_COLUMNS);
        for (id, c) in rows {
            table.push(args![id.0, *c, now, now]);
        }
        let mut tx = self.begin().await?;
        table.write(&mut tx).await?;
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// Up to `limit` rows of synthetic ground truth after `after`, by household id.
    #[tracing::instrument(skip_all)]
    pub async fn synthetic_truth_page(
        &self,
        access: &Access,
        after: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<(HouseholdId, f64)>> {
        require(access, Permission::ProgrammeRead)?;
        let rows: Vec<(Uuid, f64)> = self
            .fetch_all(
                "select household_id, consumption_per_ae from synthetic_truth where household_id > $1 order by household_id limit $2",
                args![
                    after.map(|h| h.0).unwrap_or(Uuid::nil()),
                    limit.clamp(1, 50_000)
                ],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, c)| (HouseholdId(id), c))
            .collect())
    }

    /// The households created from the import file `sha256`, with their source rows:
    /// how seeding finds the ids of the synthetic households it just loaded.
    pub async fn imported_households(
        &self,
        access: &Access,
        sha256: &str,
    ) -> Result<Vec<(i64, HouseholdId)>> {
        require(access, Permission::HouseholdImport)?;
        let rows: Vec<(i64, Uuid)> = self
            .fetch_all(
                "select source_row, id from households where source_sha256 = $1 order by source_row",
                args![sha256],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(row, id)| (row, HouseholdId(id)))
            .collect())
    }

    /// The households a run of `definition` would score, for the simulator: the same
    /// households as [`Store::applicants_page`] (restricted ones too, since they count),
    /// but at `programme.read`, because a simulation writes nothing and shows only
    /// counts and the households the caller may see. The caller's area must still
    /// cover the programme.
    #[tracing::instrument(skip_all)]
    pub async fn simulation_applicants_page(
        &self,
        access: &Access,
        definition: &ProgrammeVersion,
        after: Option<HouseholdId>,
        until: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<Applicant>> {
        require(access, Permission::ProgrammeRead)?;
        require_coverage(access, definition)?;
        self.scoring_page(definition, after, until, limit).await
    }

    /// Which of `ids` the caller may see (area and need-to-know), with the head's full
    /// name, so a list drawn from a simulation names and links only households the
    /// caller may open (scoring reads no names).
    #[tracing::instrument(skip_all, fields(ids = ids.len()))]
    pub async fn visible_household_heads(
        &self,
        access: &Access,
        ids: &[HouseholdId],
    ) -> Result<HashMap<HouseholdId, String>> {
        let mut seen = HashMap::new();
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let list = placeholders_from(4, chunk.len());
            let rows: Vec<(Uuid, Option<String>)> = self
                .fetch_all(
                    AssertSqlSafe(format!(
                        "select h.id, (select p.given_name || ' ' || p.father_name || coalesce(' ' || p.grandfather_name, '') || ' ' || p.family_name \
                         from persons p where p.household_id = h.id and p.relationship = 'head' and p.deleted_at is null order by p.position limit 1) \
                         from households h where h.id in ({list}) and {}",
                        visible_household!()
                    )),
                    scoped_args(access, chunk.iter().map(|h| Arg::from(h.0)).collect()),
                )
                .await?;
            seen.extend(
                rows.into_iter()
                    .map(|(id, name)| (HouseholdId(id), name.unwrap_or_default())),
            );
        }
        Ok(seen)
    }
}
