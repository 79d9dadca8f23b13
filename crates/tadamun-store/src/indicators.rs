//! Governorate indicators computed from the registry: the catalogue's filters compiled
//! into one scan of persons and one of households (`compile.rs`), plus the unsettled
//! grievances and their age. `governorate_indicators` needs no signed-in user (the
//! transparency portal publishes it, suppressing small cells itself);
//! `indicators_for` is the staff version, inside the caller's governorate scope.
//! Aggregates count restricted households too: a count names no one.

mod compile;

use std::collections::BTreeMap;

use sqlx::{AssertSqlSafe, FromRow, Row as _, postgres::PgRow, sqlite::SqliteRow};
use tadamun_domain::{
    access::{Access, Permission},
    area::GovernorateCode,
    indicator::{
        GovernorateIndicators, GrievanceAge, Indicator, IndicatorCatalogue, IndicatorTable,
        NeedSupply, Unit, need_supply, values::RunBasis,
    },
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    access::require,
    backend::Store,
    db::args,
    error::{Result, StoreError},
};
use compile::Query;

/// A governorate and its counts, however many columns the scan has.
struct CountsRow {
    governorate: String,
    counts: Vec<i64>,
}

macro_rules! counts_from_row {
    ($row:ty) => {
        impl<'r> FromRow<'r, $row> for CountsRow {
            fn from_row(row: &'r $row) -> sqlx::Result<Self> {
                let mut counts = Vec::with_capacity(row.len().saturating_sub(1));
                for i in 1..row.len() {
                    counts.push(row.try_get::<Option<i64>, _>(i)?.unwrap_or(0));
                }
                Ok(Self {
                    governorate: row.try_get(0)?,
                    counts,
                })
            }
        }
    };
}
counts_from_row!(SqliteRow);
counts_from_row!(PgRow);

#[derive(sqlx::FromRow)]
struct AreaRow {
    code: String,
    name_ar: String,
    name_en: String,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: Uuid,
    programme_key: String,
    as_of: Date,
}

#[derive(sqlx::FromRow)]
struct OpenGrievanceRow {
    governorate_code: String,
    created_at: OffsetDateTime,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("indicators: {e}"))
}

impl Store {
    /// Every governorate's indicators for `country` on `today`, with no user: raw
    /// counts for the public portal.
    #[tracing::instrument(skip_all, fields(country))]
    pub async fn governorate_indicators(
        &self,
        country: &str,
        today: Date,
    ) -> Result<IndicatorTable> {
        self.compute_indicators(true, None, country, today).await
    }

    /// The indicators of the governorates in the caller's scope.
    #[tracing::instrument(skip_all, fields(country))]
    pub async fn indicators_for(
        &self,
        access: &Access,
        country: &str,
        today: Date,
    ) -> Result<IndicatorTable> {
        require(access, Permission::PlanningRead)?;
        self.compute_indicators(
            access.scope.is_national(),
            access.user_id.map(|u| u.0),
            country,
            today,
        )
        .await
    }

    /// Need against partner supply for each catalogued service in one governorate of
    /// the caller's scope; with `accredited_only`, supply only from organisations
    /// accredited on the table's day.
    #[tracing::instrument(skip_all, fields(governorate = %governorate))]
    pub async fn need_against_supply(
        &self,
        access: &Access,
        table: &IndicatorTable,
        governorate: &GovernorateCode,
        accredited_only: bool,
    ) -> Result<Vec<NeedSupply>> {
        require(access, Permission::PlanningRead)?;
        let Some(ind) = table.governorate(governorate) else {
            return Err(StoreError::NotFound);
        };
        let supply = self
            .service_supply(access, table.today, accredited_only)
            .await?;
        Ok(need_supply(IndicatorCatalogue::builtin(), ind, &supply))
    }

    async fn latest_registry_run(&self) -> Result<Option<RunBasis>> {
        let row: Option<RunRow> = self
            .fetch_optional(
                "select r.id, v.programme_key, r.as_of from decision_runs r join programme_versions v on v.id = r.programme_version_id \
                 where r.kind = 'registry' order by r.created_at desc, r.id desc limit 1",
                args![],
            )
            .await?;
        Ok(row.map(|r| RunBasis {
            run_id: r.id,
            programme_key: r.programme_key,
            as_of: r.as_of,
        }))
    }

    async fn compute_indicators(
        &self,
        national: bool,
        user: Option<Uuid>,
        country: &str,
        today: Date,
    ) -> Result<IndicatorTable> {
        let catalogue = IndicatorCatalogue::builtin();
        let areas: Vec<AreaRow> = self
            .fetch_all(
                "select a.code, a.name_ar, a.name_en from areas a where a.country = $3 and a.level = 'governorate' \
                 and ($1 or a.code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) order by a.code",
                args![national, user, country],
            )
            .await?;
        let latest_run = self.latest_registry_run().await?;
        let run = latest_run.as_ref().map(|r| r.run_id);
        let mut counts: BTreeMap<String, BTreeMap<String, Option<i64>>> = BTreeMap::new();
        let mut run_households: BTreeMap<String, i64> = BTreeMap::new();
        let computable = |unit: Unit| -> Vec<_> {
            catalogue
                .indicators
                .iter()
                .filter(|i| i.unit == unit && (run.is_some() || !i.filter.needs_run()))
                .collect()
        };
        let (person_indicators, household_indicators) =
            (computable(Unit::Person), computable(Unit::Household));
        let scan = |unit: Unit, indicators: &[&Indicator]| {
            let mut q = Query::new(national, user, country);
            q.sql = compile::scan(unit, indicators, run, &mut q, today);
            self.fetch_all::<CountsRow>(AssertSqlSafe(q.sql), q.args)
        };
        // The two scans run side by side on two connections: each is one pass over
        // its table. They may see the registry a moment apart, which counts allow.
        let (person_rows, household_rows) = tokio::try_join!(
            scan(Unit::Person, &person_indicators),
            scan(Unit::Household, &household_indicators)
        )?;
        for (unit, computable, rows) in [
            (Unit::Person, &person_indicators, person_rows),
            (Unit::Household, &household_indicators, household_rows),
        ] {
            for row in rows {
                let entry = counts.entry(row.governorate.clone()).or_default();
                for (ind, n) in computable.iter().zip(&row.counts) {
                    entry.insert(ind.code.clone(), Some(*n));
                }
                if unit == Unit::Household {
                    run_households.insert(row.governorate, row.counts.last().copied().unwrap_or(0));
                }
            }
        }
        let open: Vec<OpenGrievanceRow> = self
            .fetch_all(
                concat!(
                    "select h.governorate_code, h.created_at from grievances h \
                     where h.status in ('open', 'assigned', 'in_progress', 'escalated') and ",
                    "($1 or h.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
                     and h.governorate_code in (select a.code from areas a where a.country = $3 and a.level = 'governorate')"
                ),
                args![national, user, country],
            )
            .await?;
        let mut ages: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for g in open {
            let days = (today - g.created_at.date()).whole_days().max(0);
            ages.entry(g.governorate_code).or_default().push(days);
        }
        let mut governorates = Vec::with_capacity(areas.len());
        for a in areas {
            let found = counts.remove(&a.code).unwrap_or_default();
            let decided = run_households.get(&a.code).copied().unwrap_or(0);
            let age = GrievanceAge::from_days(ages.remove(&a.code).unwrap_or_default());
            let values = catalogue
                .indicators
                .iter()
                .map(|ind| {
                    let v = match ind.unit {
                        Unit::Grievance => Some(age.map_or(0, |a| a.count)),
                        _ if ind.filter.needs_run() && decided == 0 => None,
                        _ => Some(found.get(&ind.code).copied().flatten().unwrap_or(0)),
                    };
                    (ind.code.clone(), v)
                })
                .collect();
            governorates.push(GovernorateIndicators {
                governorate: GovernorateCode::parse(&a.code).map_err(corrupt)?,
                name_ar: a.name_ar,
                name_en: a.name_en,
                counts: values,
                grievance_age: age,
            });
        }
        Ok(IndicatorTable {
            today,
            latest_run,
            governorates,
        })
    }
}
