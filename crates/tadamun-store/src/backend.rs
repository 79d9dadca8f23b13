//! Choosing and opening the database from its URL, and running one query text on
//! either pool. SQLite is opened explicitly: WAL, a busy timeout, foreign keys on, one
//! writer connection and several readers, so writes never fight over the file lock.

use std::{fmt, str::FromStr, time::Duration};

use sqlx::{
    PgPool, SqlitePool,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::error::{Result, StoreError};

pub(crate) static SQLITE_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/postgres");

/// A database URL whose password never appears in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        match (self.0.find("://"), self.0.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let userinfo = &self.0[scheme_end + 3..at];
                match userinfo.split_once(':') {
                    Some((user, _)) => {
                        format!("{}{user}:***{}", &self.0[..scheme_end + 3], &self.0[at..])
                    }
                    None => self.0.clone(),
                }
            }
            _ => self.0.clone(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[derive(Clone)]
pub(crate) enum Backend {
    Sqlite {
        writer: SqlitePool,
        readers: SqlitePool,
    },
    Postgres(PgPool),
}

/// The storage facade. Cheap to clone; every clone shares the pools.
#[derive(Clone)]
pub struct Store {
    pub(crate) backend: Backend,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend_name())
            .finish()
    }
}

impl Store {
    /// Opens the database named by the URL: `sqlite://path/to/file.db` (created if
    /// missing), `sqlite::memory:`, or `postgres://user@host/db`.
    #[tracing::instrument(skip_all, fields(url = %url))]
    pub async fn connect(url: &DatabaseUrl) -> Result<Self> {
        let raw = url.expose();
        if raw.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(raw)
                .map_err(|e| StoreError::BadUrl(format!("{}: {e}", url.redacted())))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory");
            let in_memory = raw.contains(":memory:") || raw.contains("mode=memory");
            // The writer checkpoints the WAL every 100,000 pages (400 MB) rather than 1,000:
            // bulk imports dirty the same index pages batch after batch, and copying them
            // back at every commit cost a tenth of a million-person import. The size
            // limit gives the disk back after each checkpoint.
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(
                    options
                        .clone()
                        // Bulk imports touch index pages all over the file; 256 MiB
                        // (allocated only as pages are read) took a million-person
                        // import with every index kept from 79 s to 72 s (single runs).
                        .pragma("cache_size", "-262144")
                        .pragma("wal_autocheckpoint", "100000")
                        .pragma("journal_size_limit", "67108864"),
                )
                .await?;
            // An in-memory database is private to its connection, so readers share the writer.
            let readers = if in_memory {
                writer.clone()
            } else {
                // Readers map the file (up to SQLite's default ceiling, 2 GiB) instead of
                // copying each page through a read call: scanning a million persons for
                // the governorate indicators spent 1.5 s of 3.7 s in the kernel without.
                SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options.read_only(true).pragma("mmap_size", "2147418112"))
                    .await?
            };
            Ok(Self {
                backend: Backend::Sqlite { writer, readers },
            })
        } else if raw.starts_with("postgres:") || raw.starts_with("postgresql:") {
            // No JIT: the app's queries are short or run page by page, and compiling
            // each page of a national scoring read cost more than running it.
            let options = PgConnectOptions::from_str(raw)
                .map_err(|e| StoreError::BadUrl(format!("{}: {e}", url.redacted())))?
                .options([("jit", "off")]);
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Self {
                backend: Backend::Postgres(pool),
            })
        } else {
            Err(StoreError::BadUrl(format!(
                "{}: use sqlite://FILE or postgres://…",
                url.redacted()
            )))
        }
    }

    /// Applies pending migrations for the backend in use, then adds any built-in role
    /// the database lacks.
    #[tracing::instrument(skip_all)]
    pub async fn migrate(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => SQLITE_MIGRATIONS.run(writer).await?,
            Backend::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        // An import killed before it rebuilt the name-search indexes left them missing.
        self.rebuild_search_indexes().await?;
        self.ensure_builtin_roles(crate::now()).await
    }

    /// How many bulk-load transactions an import runs at once: SQLite has one writer;
    /// PostgreSQL maintains the indexes of concurrent `COPY`s on separate cores.
    pub fn bulk_writers(&self) -> usize {
        match self.backend {
            Backend::Sqlite { .. } => 1,
            Backend::Postgres(_) => 2,
        }
    }

    pub(crate) fn is_sqlite(&self) -> bool {
        matches!(self.backend, Backend::Sqlite { .. })
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        let _: Vec<(i64,)> = self.fetch_all("select cast(1 as bigint)", vec![]).await?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load. Without them PostgreSQL
    /// plans name search over a freshly imported million persons 20 times slower.
    /// A named per-backend escape hatch: `analyze` there, `pragma optimize` on SQLite.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_statistics(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                sqlx::query("pragma optimize").execute(writer).await?;
            }
            Backend::Postgres(pool) => {
                for table in [
                    "analyze households",
                    "analyze persons",
                    "analyze person_documents",
                ] {
                    sqlx::query(table).execute(pool).await?;
                }
            }
        }
        Ok(())
    }

    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite { writer, readers } => {
                readers.close().await;
                writer.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// The versions of both migration trees, for the lock-step test.
pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
    (
        SQLITE_MIGRATIONS.iter().map(|m| m.version).collect(),
        POSTGRES_MIGRATIONS.iter().map(|m| m.version).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_debug() {
        let url = DatabaseUrl::new("postgres://tadamun:s3cret@db.example/registry");
        assert_eq!(
            format!("{url:?}"),
            "DatabaseUrl(\"postgres://tadamun:***@db.example/registry\")"
        );
        assert!(!url.to_string().contains("s3cret"));
        assert_eq!(
            DatabaseUrl::new("sqlite://data/t.db").redacted(),
            "sqlite://data/t.db"
        );
    }

    #[test]
    fn both_migration_trees_have_the_same_versions() {
        let (sqlite, postgres) = migration_versions();
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }
}
