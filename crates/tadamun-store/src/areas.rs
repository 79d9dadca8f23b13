//! Areas (governorates and districts), loaded from the deployment's country pack.

use tadamun_domain::{
    area::{Area, AreaLevel},
    country_pack::CountryPack,
};
use time::OffsetDateTime;

use crate::{backend::Store, db::args, error::Result, rows::corrupt};

#[derive(sqlx::FromRow)]
struct AreaRow {
    code: String,
    country: String,
    level: String,
    parent_code: Option<String>,
    name_ar: String,
    name_en: String,
    population: Option<i64>,
    population_year: Option<i64>,
}

impl Store {
    /// Inserts or refreshes the pack's areas. Run at start-up; idempotent.
    #[tracing::instrument(skip_all, fields(country = %pack.country))]
    pub async fn sync_areas(&self, pack: &CountryPack, now: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        for a in pack.areas() {
            tx.execute(
                "insert into areas (code, country, level, parent_code, name_ar, name_en, population, population_year, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                 on conflict (code) do update set name_ar = excluded.name_ar, name_en = excluded.name_en, population = excluded.population, \
                 population_year = excluded.population_year, updated_at = excluded.updated_at",
                args![a.code, a.country, a.level.as_str(), a.parent_code, a.name_ar, a.name_en, a.population, a.population_year.map(i64::from), now],
            )
            .await?;
        }
        tx.commit().await
    }

    /// The country's governorates and districts, governorates first, by code.
    pub async fn list_areas(&self, country: &str) -> Result<Vec<Area>> {
        let rows: Vec<AreaRow> = self
            .fetch_all(
                "select code, country, level, parent_code, name_ar, name_en, population, population_year from areas where country = $1 order by level desc, code",
                args![country],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Area {
                    level: AreaLevel::parse(&r.level)
                        .ok_or_else(|| corrupt("area level", &r.level))?,
                    code: r.code,
                    country: r.country,
                    parent_code: r.parent_code,
                    name_ar: r.name_ar,
                    name_en: r.name_en,
                    population: r.population,
                    population_year: r.population_year.map(|y| y as i32),
                })
            })
            .collect()
    }
}
