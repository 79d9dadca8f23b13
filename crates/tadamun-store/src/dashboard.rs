//! Counts for the home dashboard: households and persons by governorate.

use serde::Serialize;
use tadamun_domain::access::Access;

use crate::{
    access::{scoped_args, visible_household},
    backend::Store,
    error::Result,
};

/// One governorate's line on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GovernorateCount {
    pub code: String,
    pub name_ar: String,
    pub name_en: String,
    pub households: i64,
    pub persons: i64,
}

#[derive(sqlx::FromRow)]
struct CountRow {
    code: String,
    name_ar: String,
    name_en: String,
    households: i64,
    persons: i64,
}

impl Store {
    /// Active households and living persons per governorate of the caller's scope,
    /// including governorates with none; households the caller may not see are not
    /// counted.
    #[tracing::instrument(skip_all)]
    pub async fn counts_by_governorate(
        &self,
        access: &Access,
        country: &str,
    ) -> Result<Vec<GovernorateCount>> {
        let rows: Vec<CountRow> = self
            .fetch_all(
                concat!(
                    "select a.code, a.name_ar, a.name_en, count(h.id) as households, cast(coalesce(sum(h.living_members), 0) as bigint) as persons \
                     from areas a left join households h on h.governorate_code = a.code and h.status = 'active' and ",
                    visible_household!(),
                    " where a.country = $4 and a.level = 'governorate' \
                     and ($1 or a.code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
                     group by a.code, a.name_ar, a.name_en order by a.code"
                ),
                scoped_args(access, crate::db::args![country]),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| GovernorateCount {
                code: r.code,
                name_ar: r.name_ar,
                name_en: r.name_en,
                households: r.households,
                persons: r.persons,
            })
            .collect())
    }
}
