//! Reading the registry out in pages for export, in a stable order (keyset by id), so
//! an export of millions streams without loading everything at once.

use std::collections::HashMap;

use tadamun_domain::{
    access::Access, audit::AuditAction, household::Household, ids::HouseholdId, person::Person,
};
use uuid::Uuid;

use crate::{
    access::{scoped_args, viewer_args, visible_household},
    backend::Store,
    db::args,
    error::Result,
    households::household_columns,
    rows::HouseholdRow,
};

impl Store {
    /// Up to `limit` active households after `after` (by id), with their members.
    #[tracing::instrument(skip_all, fields(limit))]
    pub async fn households_page(
        &self,
        access: &Access,
        after: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<Household>> {
        self.households_page_from(access, None, after, limit).await
    }

    /// Like [`Store::households_page`], only the households imported from the file with
    /// this SHA-256 (`None`: all), so an import can check what it brought in.
    pub async fn households_page_from(
        &self,
        access: &Access,
        source_sha256: Option<&str>,
        after: Option<HouseholdId>,
        limit: i64,
    ) -> Result<Vec<Household>> {
        let rows: Vec<HouseholdRow> = self
            .fetch_all(
                concat!(
                    "select ",
                    household_columns!(),
                    " from households h where h.status = 'active' and h.id > $4 and ($6 is null or h.source_sha256 = $6) and ",
                    visible_household!(),
                    " order by h.id limit $5"
                ),
                scoped_args(
                    access,
                    args![
                        after.map(|h| h.0).unwrap_or(Uuid::nil()),
                        limit.clamp(1, 10_000),
                        source_sha256
                    ],
                ),
            )
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut members: HashMap<Uuid, Vec<Person>> = HashMap::new();
        for (household, person) in self.members_of(&ids).await? {
            members.entry(household).or_default().push(person);
        }
        let page: Vec<Household> = rows
            .into_iter()
            .map(|row| {
                let mine = members.remove(&row.id).unwrap_or_default();
                row.into_household(mine)
            })
            .collect::<Result<_>>()?;
        for h in page.iter().filter(|h| h.restricted) {
            let entry = access
                .audit(
                    AuditAction::RestrictedRecordRead,
                    "household",
                    Some(h.id.to_string()),
                    crate::now(),
                )
                .with_change(None::<&()>, Some(&serde_json::json!({ "via": "export" })));
            self.record_audit(&entry).await?;
        }
        Ok(page)
    }

    /// Active households the caller may see: for progress bars and page counts.
    pub async fn count_households(&self, access: &Access) -> Result<i64> {
        let row: Option<(i64,)> = self
            .fetch_optional(
                concat!(
                    "select count(*) from households h where h.status = 'active' and ",
                    visible_household!()
                ),
                viewer_args(access),
            )
            .await?;
        Ok(row.map(|(n,)| n).unwrap_or(0))
    }
}
