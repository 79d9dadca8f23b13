//! One query text, two databases: arguments as a small value enum, and a pool or
//! transaction that binds them for whichever backend is live. Store modules call
//! `fetch_all`/`execute` here and never match on the backend themselves, except in
//! named escape hatches (bulk load).

use sqlx::{FromRow, Postgres, SqlSafeStr, Sqlite, postgres::PgRow, sqlite::SqliteRow};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{
    backend::{Backend, Store},
    error::Result,
};

/// One bound value. Both backends can encode every variant.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(bool),
    Date(Option<Date>),
    Time(Option<OffsetDateTime>),
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),+ $(,)?) => {
        $(impl From<$t> for Arg { fn from($v: $t) -> Self { $e } })+
    };
}

arg_from! {
    Uuid => |v| Arg::Uuid(Some(v)),
    Option<Uuid> => |v| Arg::Uuid(v),
    String => |v| Arg::Text(Some(v)),
    &str => |v| Arg::Text(Some(v.to_owned())),
    &String => |v| Arg::Text(Some(v.clone())),
    Option<String> => |v| Arg::Text(v),
    Option<&str> => |v| Arg::Text(v.map(str::to_owned)),
    i64 => |v| Arg::Int(Some(v)),
    Option<i64> => |v| Arg::Int(v),
    f64 => |v| Arg::Float(Some(v)),
    bool => |v| Arg::Bool(v),
    Date => |v| Arg::Date(Some(v)),
    Option<Date> => |v| Arg::Date(v),
    OffsetDateTime => |v| Arg::Time(Some(v)),
    Option<OffsetDateTime> => |v| Arg::Time(v),
}

/// Builds a `Vec<Arg>` from values of mixed types: `args![id, name, now]`.
macro_rules! args {
    ($($v:expr),* $(,)?) => { vec![$($crate::db::Arg::from($v)),*] };
}
pub(crate) use args;

/// Binds `args` onto a query of either backend; `$time` turns a time into what that
/// backend stores.
macro_rules! bind_all {
    ($query:expr, $args:expr, $time:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                Arg::Uuid(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
                Arg::Float(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Time(v) => q.bind($time(v)),
            };
        }
        q
    }};
}

const SQLITE_TIME: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
);

/// SQLite keeps times as text and compares them as text. sqlx writes RFC 3339 with the
/// fraction trimmed (`…:05Z`, `…:05.5Z`), which sorts wrongly within a second; a fixed
/// six-digit fraction in UTC sorts in time order and keeps what PostgreSQL keeps.
/// sqlx reads either form back.
fn sqlite_time_opt(t: Option<OffsetDateTime>) -> Option<String> {
    t.map(sqlite_time)
}

pub(crate) fn sqlite_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(SQLITE_TIME).unwrap_or_else(|_| t.to_string())
}

fn pg_time(t: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    t
}

/// A row type both backends can decode.
pub(crate) trait Row:
    Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>
{
}
impl<T> Row for T where T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>
{}

impl Store {
    /// Runs a read on SQLite's reader pool (or the Postgres pool).
    pub(crate) async fn fetch_all<T: Row>(
        &self,
        sql: impl SqlSafeStr,
        args: Vec<Arg>,
    ) -> Result<Vec<T>> {
        Ok(match &self.backend {
            Backend::Sqlite { readers, .. } => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args, sqlite_time_opt)
                    .fetch_all(readers)
                    .await?
            }
            Backend::Postgres(pool) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args, pg_time)
                    .fetch_all(pool)
                    .await?
            }
        })
    }

    pub(crate) async fn fetch_optional<T: Row>(
        &self,
        sql: impl SqlSafeStr,
        args: Vec<Arg>,
    ) -> Result<Option<T>> {
        Ok(match &self.backend {
            Backend::Sqlite { readers, .. } => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args, sqlite_time_opt)
                    .fetch_optional(readers)
                    .await?
            }
            Backend::Postgres(pool) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args, pg_time)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }

    /// Opens a write transaction (on SQLite's single writer).
    pub(crate) async fn begin(&self) -> Result<Tx> {
        Ok(match &self.backend {
            Backend::Sqlite { writer, .. } => Tx::Sqlite(writer.begin().await?),
            Backend::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

/// A write transaction on either backend. Dropping it without `commit` rolls back, so
/// an error anywhere leaves nothing half-written.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn execute(&mut self, sql: impl SqlSafeStr, args: Vec<Arg>) -> Result<u64> {
        Ok(match self {
            Tx::Sqlite(tx) => bind_all!(sqlx::query::<Sqlite>(sql), args, sqlite_time_opt)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => bind_all!(sqlx::query::<Postgres>(sql), args, pg_time)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// Rows read inside the transaction, seeing its own writes.
    pub async fn fetch_all<T: Row>(
        &mut self,
        sql: impl SqlSafeStr,
        args: Vec<Arg>,
    ) -> Result<Vec<T>> {
        Ok(match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args, sqlite_time_opt)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args, pg_time)
                    .fetch_all(&mut **tx)
                    .await?
            }
        })
    }

    /// A read inside the transaction, e.g. `update … returning` to lock a row first.
    pub async fn fetch_optional<T: Row>(
        &mut self,
        sql: impl SqlSafeStr,
        args: Vec<Arg>,
    ) -> Result<Option<T>> {
        Ok(match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args, sqlite_time_opt)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args, pg_time)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        })
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn sqlite_times_sort_as_text_in_time_order() {
        let times = [
            datetime!(2026-03-01 08:59:59.999999 UTC),
            datetime!(2026-03-01 09:00:00 UTC),
            datetime!(2026-03-01 09:00:00.1 UTC),
            datetime!(2026-03-01 09:00:00.100001 UTC),
            datetime!(2026-03-01 12:00:00.5 +03:00),
            datetime!(2026-03-01 09:00:00.6 UTC),
        ];
        let texts: Vec<String> = times.iter().map(|t| super::sqlite_time(*t)).collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(texts, sorted);
        assert_eq!(texts[1], "2026-03-01T09:00:00.000000Z");
    }
}
