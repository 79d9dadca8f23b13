//! Name-search indexes that a large SQLite import drops and rebuilds. Maintaining
//! three random-order name indexes row by row took 36 s of a million-person import;
//! building them once afterwards, by sorting, takes 6 s. PostgreSQL keeps them: it
//! loads concurrently and fast enough, and dropping an index there would lock out
//! every other office while the import runs.

use sqlx::AssertSqlSafe;

use crate::{backend::Store, db::Arg, error::Result};

/// Each deferrable index with the statement that builds it. The same definitions
/// are in the first migration; a test holds them equal.
pub(crate) const NAME_SEARCH_INDEXES: &[(&str, &str)] = &[
    (
        "persons_name_key",
        "create index if not exists persons_name_key on persons (name_key, id)",
    ),
    (
        "persons_given_family_key",
        "create index if not exists persons_given_family_key on persons (given_family_key, id)",
    ),
    (
        "persons_family_given_key",
        "create index if not exists persons_family_given_key on persons (family_given_key, id)",
    ),
];

/// Below this many incoming persons an import keeps the indexes: maintaining them
/// row by row costs little there.
const DEFER_FROM_PERSONS: u64 = 10_000;

impl Store {
    /// Before an import of `incoming_persons` rows: on SQLite, when the file is large
    /// and at least as big as the registry it joins, drops the name-search indexes
    /// so the import appends rows without maintaining them. Returns whether it did;
    /// the caller then calls [`Store::rebuild_search_indexes`] when the import ends.
    /// Name search keeps working meanwhile, by scanning. A process killed before the
    /// rebuild leaves them missing until the next start, where `migrate` rebuilds them.
    #[tracing::instrument(skip(self))]
    pub async fn defer_search_indexes(&self, incoming_persons: u64) -> Result<bool> {
        if !self.is_sqlite() || incoming_persons < DEFER_FROM_PERSONS {
            return Ok(false);
        }
        let stored: Option<(i64,)> = self
            .fetch_optional("select count(*) from persons", vec![])
            .await?;
        if incoming_persons < stored.map_or(0, |(n,)| n.max(0) as u64) {
            return Ok(false);
        }
        let mut tx = self.begin().await?;
        for (name, _) in NAME_SEARCH_INDEXES {
            tx.execute(
                AssertSqlSafe(format!("drop index if exists {name}")),
                vec![],
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!("name-search indexes deferred until the import ends");
        Ok(true)
    }

    /// Builds any name-search index that is missing; a no-op when all exist.
    #[tracing::instrument(skip(self))]
    pub async fn rebuild_search_indexes(&self) -> Result<()> {
        if !self.is_sqlite() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for (_, create) in NAME_SEARCH_INDEXES {
            tx.execute(*create, vec![]).await?;
        }
        tx.commit().await
    }

    /// The name-search indexes that exist, each with its definition as the database
    /// reports it, so tests can hold a rebuild to the migration.
    pub async fn search_indexes_present(&self) -> Result<Vec<(String, String)>> {
        let sql = if self.is_sqlite() {
            "select name, sql from sqlite_master where type = 'index' and name in ($1, $2, $3) order by name"
        } else {
            "select cast(indexname as text), indexdef from pg_indexes where schemaname = current_schema() and indexname in ($1, $2, $3) order by indexname"
        };
        let names = NAME_SEARCH_INDEXES
            .iter()
            .map(|(n, _)| Arg::from(*n))
            .collect();
        self.fetch_all(sql, names).await
    }
}
