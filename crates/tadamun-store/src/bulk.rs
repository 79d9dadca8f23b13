//! The bulk-load escape hatch: many rows into one table inside a transaction.
//! PostgreSQL gets `COPY … FROM STDIN` (text format); SQLite gets multi-row inserts
//! sized under its bound-parameter limit. Callers build rows once as `Arg`s.

use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::{
    db::{Arg, Tx, sqlite_time},
    error::Result,
};

/// Rows for one table, built once and written by whichever backend is live.
pub(crate) struct BulkTable {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Arg>>,
}

/// SQLite allows 32766 bound parameters per statement; stay well under it.
const SQLITE_MAX_PARAMS: usize = 30_000;

impl BulkTable {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Self {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of {}", self.table);
        self.rows.push(row);
    }

    /// Writes every row in the open transaction.
    pub async fn write(mut self, tx: &mut Tx) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        match tx {
            Tx::Postgres(pg) => {
                let statement = format!(
                    "copy {} ({}) from stdin",
                    self.table,
                    self.columns.join(", ")
                );
                let mut copy = pg.copy_in_raw(&statement).await?;
                let mut buf = String::with_capacity(1 << 20);
                let mut times = TimeText::default();
                for row in &self.rows {
                    for (i, arg) in row.iter().enumerate() {
                        if i > 0 {
                            buf.push('\t');
                        }
                        match arg {
                            Arg::Time(Some(t)) => buf.push_str(times.get(*t, rfc3339)),
                            _ => copy_text(arg, &mut buf),
                        }
                    }
                    buf.push('\n');
                    if buf.len() > (1 << 20) {
                        copy.send(std::mem::take(&mut buf).into_bytes()).await?;
                    }
                }
                if !buf.is_empty() {
                    copy.send(buf.into_bytes()).await?;
                }
                copy.finish().await?;
            }
            Tx::Sqlite(_) => {
                let mut times = TimeText::default();
                for arg in self.rows.iter_mut().flatten() {
                    if let Arg::Time(Some(t)) = arg {
                        *arg = Arg::Text(Some(times.get(*t, sqlite_time).to_owned()));
                    }
                }
                let per_statement = (SQLITE_MAX_PARAMS / self.columns.len()).max(1);
                let mut full_sql: Option<String> = None;
                let mut rows = self.rows.into_iter().peekable();
                while rows.peek().is_some() {
                    let chunk: Vec<Vec<Arg>> = rows.by_ref().take(per_statement).collect();
                    let sql = if chunk.len() == per_statement {
                        full_sql
                            .get_or_insert_with(|| {
                                insert_sql(self.table, self.columns, per_statement)
                            })
                            .clone()
                    } else {
                        insert_sql(self.table, self.columns, chunk.len())
                    };
                    tx.execute(AssertSqlSafe(sql), chunk.into_iter().flatten().collect())
                        .await?;
                }
            }
        }
        Ok(())
    }
}

/// Each distinct time formatted once: a run's rows share their timestamps, and a
/// million formattings cost more than the rest of a row.
#[derive(Default)]
struct TimeText {
    last: Option<(OffsetDateTime, String)>,
}

impl TimeText {
    fn get(&mut self, t: OffsetDateTime, format: impl Fn(OffsetDateTime) -> String) -> &str {
        if self.last.as_ref().is_none_or(|(at, _)| *at != t) {
            self.last = Some((t, format(t)));
        }
        &self.last.as_ref().expect("just set").1
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `insert into t (a, b) values (?, ?), (?, ?), …` for `rows` rows. SQLite only:
/// anonymous `?` parameters, because SQLite looks up each *named* parameter (`$n`)
/// with a linear scan, which makes binding a 30,000-parameter statement quadratic.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let tuple = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "insert into {table} ({}) values {}",
        columns.join(", "),
        vec![tuple; rows].join(", ")
    )
}

/// One value in COPY text format: `\N` for NULL, with backslash, tab and newlines escaped.
fn copy_text(arg: &Arg, buf: &mut String) {
    use std::fmt::Write;
    match arg {
        Arg::Uuid(Some(u)) => {
            buf.push_str(
                u.hyphenated()
                    .encode_lower(&mut uuid::Uuid::encode_buffer()),
            );
        }
        Arg::Text(Some(s)) => {
            // Most values (a decision record is 530 bytes) hold nothing to escape:
            // the text between the bytes COPY would misread is copied whole.
            let mut rest = s.as_str();
            while let Some(at) = rest.find(['\\', '\t', '\n', '\r']) {
                buf.push_str(&rest[..at]);
                buf.push_str(match rest.as_bytes()[at] {
                    b'\\' => "\\\\",
                    b'\t' => "\\t",
                    b'\n' => "\\n",
                    _ => "\\r",
                });
                rest = &rest[at + 1..];
            }
            buf.push_str(rest);
        }
        Arg::Int(Some(n)) => {
            let _ = write!(buf, "{n}");
        }
        Arg::Float(Some(f)) => {
            let _ = write!(buf, "{f}");
        }
        Arg::Bool(b) => buf.push(if *b { 't' } else { 'f' }),
        Arg::Date(Some(d)) => {
            let _ = write!(buf, "{d}");
        }
        Arg::Time(Some(t)) => buf.push_str(&rfc3339(*t)),
        Arg::Uuid(None)
        | Arg::Text(None)
        | Arg::Int(None)
        | Arg::Float(None)
        | Arg::Date(None)
        | Arg::Time(None) => buf.push_str("\\N"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_sql_repeats_one_tuple_per_row() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 2),
            "insert into t (a, b) values (?, ?), (?, ?)"
        );
    }

    #[test]
    fn copy_text_escapes_what_copy_would_misread() {
        let mut buf = String::new();
        copy_text(&Arg::Text(Some("a\tb\\c\nd\r".into())), &mut buf);
        assert_eq!(buf, "a\\tb\\\\c\\nd\\r");
        buf.clear();
        copy_text(&Arg::Text(Some("سطر\nواحد".into())), &mut buf);
        assert_eq!(buf, "سطر\\nواحد");
        buf.clear();
        let id = uuid::Uuid::from_u128(0x01A2_52F2_A724_7653_A802_7048_6DC4_91AC);
        copy_text(&Arg::Uuid(Some(id)), &mut buf);
        assert_eq!(buf, "01a252f2-a724-7653-a802-70486dc491ac");
        buf.clear();
        copy_text(&Arg::Text(None), &mut buf);
        assert_eq!(buf, "\\N");
    }
}
