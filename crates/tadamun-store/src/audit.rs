//! The audit log in the database: appending entries to the hash chain inside the
//! caller's transaction, streaming the whole chain through the domain's verifier, and
//! the auditor's search. Hashing and the rules of the chain live in
//! `tadamun_domain::audit`; this module only stores and reads.
//!
//! Appends serialise on the single `audit_head` row: `update … returning` locks it (on
//! PostgreSQL other writers wait for the commit; SQLite has one writer anyway), so each
//! entry is numbered and hashed from the head the previous append left.

use tadamun_domain::{
    audit::{
        AuditAction, AuditBreak, AuditRecord, AuditVerdict, BreakKind, ChainHead, ChainVerifier,
        GENESIS_HASH, NewAuditEntry, chain_hash,
    },
    ids::UserId,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    backend::Store,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
};

/// Entries read per page when verifying: bounded memory at any log size.
const VERIFY_PAGE: i64 = 10_000;
/// The most entries one search page returns.
pub const MAX_PAGE: i64 = 10_000;

const COLUMNS: &str = "seq, at, actor_id, actor_name, source_ip, action, object_type, object_id, before_json, after_json, prev_hash, hash";

/// Which way a search walks the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AuditOrder {
    /// Highest `seq` first: what an auditor looks at first.
    #[default]
    NewestFirst,
    /// Lowest `seq` first: chronological, for exports.
    OldestFirst,
}

/// The auditor's search. Every field narrows the result; the default matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Exact actor name (the username, or what was typed at a failed login).
    pub actor_name: Option<String>,
    pub actor_id: Option<UserId>,
    pub action: Option<AuditAction>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Entries at or after this instant.
    pub from: Option<OffsetDateTime>,
    /// Entries strictly before this instant.
    pub until: Option<OffsetDateTime>,
    pub order: AuditOrder,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: OffsetDateTime,
    actor_id: Option<Uuid>,
    actor_name: String,
    source_ip: Option<String>,
    action: String,
    object_type: String,
    object_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    /// The record, or the action text when this version does not know it.
    fn into_record(self) -> std::result::Result<AuditRecord, (i64, String)> {
        let action = AuditAction::parse(&self.action).map_err(|_| (self.seq, self.action))?;
        Ok(AuditRecord {
            seq: self.seq,
            entry: NewAuditEntry {
                at: self.at,
                actor_id: self.actor_id.map(UserId),
                actor_name: self.actor_name,
                source_ip: self.source_ip,
                action,
                object_type: self.object_type,
                object_id: self.object_id,
                before_json: self.before_json,
                after_json: self.after_json,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

const LOCK_HEAD: &str = "update audit_head set updated_at = $1 where id = 1 returning seq, hash";

/// Appends one entry inside the caller's transaction and returns its number. Call it
/// last before `commit`: from here to the commit, every other append waits.
#[tracing::instrument(skip_all, fields(action = %entry.action))]
pub(crate) async fn append_audit(tx: &mut Tx, entry: &NewAuditEntry) -> Result<i64> {
    let now = crate::now();
    let head: Option<(i64, String)> = tx.fetch_optional(LOCK_HEAD, args![now]).await?;
    let (last_seq, prev_hash) = match head {
        Some(head) => head,
        None => {
            // The very first append: create the head. Concurrent first appends on
            // PostgreSQL wait on the key and then lock the row like any other.
            tx.execute(
                "insert into audit_head (id, seq, hash, created_at, updated_at) values (1, 0, $1, $2, $2) on conflict (id) do nothing",
                args![GENESIS_HASH, now],
            )
            .await?;
            tx.fetch_optional(LOCK_HEAD, args![now])
                .await?
                .ok_or(StoreError::NotFound)?
        }
    };
    let seq = last_seq + 1;
    // Stored and hashed at the precision both databases keep.
    let mut entry = entry.clone();
    entry.at = entry
        .at
        .replace_nanosecond(entry.at.nanosecond() / 1_000 * 1_000)
        .unwrap_or(entry.at);
    let hash = chain_hash(&prev_hash, seq, &entry);
    tx.execute(
        "insert into audit_log (seq, at, actor_id, actor_name, source_ip, action, object_type, object_id, before_json, after_json, prev_hash, hash, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        args![
            seq,
            entry.at,
            entry.actor_id.map(|a| a.0),
            entry.actor_name,
            entry.source_ip,
            entry.action.as_str(),
            entry.object_type,
            entry.object_id,
            entry.before_json,
            entry.after_json,
            prev_hash,
            hash.clone(),
            now,
        ],
    )
    .await?;
    tx.execute(
        "update audit_head set seq = $1, hash = $2, updated_at = $3 where id = 1",
        args![seq, hash, now],
    )
    .await?;
    Ok(seq)
}

/// Feeds one page to the verifier; the first break, if any.
fn check_page(verifier: &mut ChainVerifier, page: Vec<AuditRow>) -> Option<AuditBreak> {
    for row in page {
        let record = match row.into_record() {
            Ok(r) => r,
            Err((seq, action)) => {
                return Some(AuditBreak {
                    seq,
                    kind: BreakKind::Edited,
                    detail: format!(
                        "entry {seq} has an unknown action '{action}' (edited, or written by a newer tadamun)"
                    ),
                });
            }
        };
        if let Err(b) = verifier.push(&record) {
            return Some(b);
        }
    }
    None
}

/// The `where` clause of a search, with its arguments. Only fixed column names and
/// numbered placeholders go into the text; values are always bound.
fn filter_sql(filter: &AuditFilter, args: &mut Vec<Arg>) -> String {
    let mut clauses: Vec<String> = Vec::new();
    let mut add = |clause: &str, arg: Arg| {
        args.push(arg);
        clauses.push(format!("{clause} ${}", args.len()));
    };
    if let Some(v) = &filter.actor_name {
        add("actor_name =", v.into());
    }
    if let Some(v) = filter.actor_id {
        add("actor_id =", v.0.into());
    }
    if let Some(v) = filter.action {
        add("action =", v.as_str().into());
    }
    if let Some(v) = &filter.object_type {
        add("object_type =", v.into());
    }
    if let Some(v) = &filter.object_id {
        add("object_id =", v.into());
    }
    if let Some(v) = filter.from {
        add("at >=", v.into());
    }
    if let Some(v) = filter.until {
        add("at <", v.into());
    }
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" where {}", clauses.join(" and "))
    }
}

impl Store {
    /// Appends one entry in its own transaction (logins, reads, exports: events with no
    /// other write to join). Returns the entry's number.
    #[tracing::instrument(skip_all, fields(action = %entry.action))]
    pub async fn record_audit(&self, entry: &NewAuditEntry) -> Result<i64> {
        let mut tx = self.begin().await?;
        let seq = append_audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// The head row: the last entry's number and hash, `None` before the first append.
    pub async fn audit_head(&self) -> Result<Option<ChainHead>> {
        let row: Option<(i64, String)> = self
            .fetch_optional("select seq, hash from audit_head where id = 1", vec![])
            .await?;
        Ok(row.map(|(seq, hash)| ChainHead { seq, hash }))
    }

    /// Checks the whole chain, streaming it in pages of 10,000 by `seq`, and reports the
    /// first break. Safe while others append: the head is read after the entries, and
    /// entries appended meanwhile are read too before the end is judged.
    #[tracing::instrument(skip_all)]
    pub async fn verify_audit_chain(&self) -> Result<AuditVerdict> {
        self.verify_audit_chain_paged(VERIFY_PAGE).await
    }

    async fn verify_audit_chain_paged(&self, page_size: i64) -> Result<AuditVerdict> {
        let mut verifier = ChainVerifier::new();
        loop {
            let page = self
                .audit_page_after(verifier.last_seq(), page_size)
                .await?;
            if page.is_empty() {
                let last = verifier.last_seq();
                // Read after the entries, so it covers every entry seen.
                let head = self.audit_head().await?;
                return Ok(match head {
                    Some(head) if head.seq > last => {
                        // The head's entries were committed with it, so they are visible
                        // now unless they are gone; or they were appended while we read.
                        if !self.audit_page_after(last, page_size).await?.is_empty() {
                            continue;
                        }
                        verifier.finish(&head)
                    }
                    Some(head) => verifier.finish(&head),
                    None if last == 0 => verifier.finish(&ChainHead {
                        seq: 0,
                        hash: GENESIS_HASH.to_owned(),
                    }),
                    None => AuditVerdict::Broken(AuditBreak {
                        seq: last + 1,
                        kind: BreakKind::Truncated,
                        detail: format!(
                            "the log's head row is missing: entries after {last} may have been removed"
                        ),
                    }),
                });
            }
            // Hashing a page is CPU work: keep it off the async workers.
            let span = tracing::Span::current();
            let checked = tokio::task::spawn_blocking(move || {
                let _entered = span.enter();
                let broken = check_page(&mut verifier, page);
                (verifier, broken)
            })
            .await;
            let broken;
            (verifier, broken) =
                checked.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
            if let Some(b) = broken {
                return Ok(AuditVerdict::Broken(b));
            }
        }
    }

    async fn audit_page_after(&self, after_seq: i64, page_size: i64) -> Result<Vec<AuditRow>> {
        self.fetch_all(
            "select seq, at, actor_id, actor_name, source_ip, action, object_type, object_id, before_json, after_json, prev_hash, hash from audit_log where seq > $1 order by seq limit $2",
            args![after_seq, page_size],
        )
        .await
    }

    /// One page of the auditor's search, in `filter.order`, continuing after the entry
    /// numbered `after_seq` (the last `seq` of the previous page). `limit` is capped at
    /// `MAX_PAGE`.
    #[tracing::instrument(skip_all, fields(after_seq, limit))]
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
        after_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRecord>> {
        let mut args = Vec::new();
        let mut sql = format!(
            "select {COLUMNS} from audit_log{}",
            filter_sql(filter, &mut args)
        );
        let (cmp, order) = match filter.order {
            AuditOrder::NewestFirst => ("<", "desc"),
            AuditOrder::OldestFirst => (">", "asc"),
        };
        if let Some(after) = after_seq {
            args.push(after.into());
            let joiner = if args.len() == 1 { " where" } else { " and" };
            sql.push_str(&format!("{joiner} seq {cmp} ${}", args.len()));
        }
        args.push(limit.clamp(1, MAX_PAGE).into());
        sql.push_str(&format!(" order by seq {order} limit ${}", args.len()));
        let rows: Vec<AuditRow> = self.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
        rows.into_iter()
            .map(|r| {
                r.into_record().map_err(|(seq, action)| {
                    corrupt("audit_log.action", format!("entry {seq}: '{action}'"))
                })
            })
            .collect()
    }

    /// How many entries match the filter (its order is ignored).
    pub async fn count_audit_entries(&self, filter: &AuditFilter) -> Result<i64> {
        let mut args = Vec::new();
        let sql = format!(
            "select count(*) from audit_log{}",
            filter_sql(filter, &mut args)
        );
        let (n,): (i64,) = self
            .fetch_optional(sqlx::AssertSqlSafe(sql), args)
            .await?
            .unwrap_or((0,));
        Ok(n)
    }
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use super::*;
    use crate::testing::{drop_audit_triggers, execute_raw, on_both};

    fn entry(i: i64) -> NewAuditEntry {
        NewAuditEntry {
            at: crate::now(),
            actor_id: None,
            actor_name: "system".into(),
            source_ip: None,
            action: AuditAction::ImportCommitted,
            object_type: "import".into(),
            object_id: Some(i.to_string()),
            before_json: None,
            after_json: None,
        }
    }

    #[tokio::test]
    async fn verification_streams_a_log_longer_than_one_page_on_both_databases() {
        on_both(|store| async move {
            for i in 1..=23 {
                store.record_audit(&entry(i)).await.unwrap();
            }
            for page in [1, 5, 22, 23, 24] {
                assert!(
                    matches!(
                        store.verify_audit_chain_paged(page).await.unwrap(),
                        AuditVerdict::Intact { entries: 23, head_seq: 23, .. }
                    ),
                    "page size {page}"
                );
            }
            drop_audit_triggers(&store).await;
            execute_raw(&store, "update audit_log set object_id = 'x' where seq = 17")
                .await
                .unwrap();
            for page in [1, 5, 16, 17, 100] {
                let v = store.verify_audit_chain_paged(page).await.unwrap();
                assert!(
                    matches!(&v, AuditVerdict::Broken(b) if b.seq == 17 && b.kind == BreakKind::Edited),
                    "page size {page}: {v:?}"
                );
            }
        })
        .await;
    }

    #[tokio::test]
    async fn verifying_while_others_append_sees_an_intact_log_on_both_databases() {
        on_both(|store| async move {
            let writers: Vec<_> = (0..4)
                .map(|t| {
                    let store = store.clone();
                    tokio::spawn(async move {
                        for i in 0..40 {
                            store.record_audit(&entry(t * 100 + i)).await.unwrap();
                        }
                    })
                })
                .collect();
            let mut checks = 0;
            while !writers.iter().all(|w| w.is_finished()) || checks == 0 {
                let v = store.verify_audit_chain_paged(3).await.unwrap();
                assert!(matches!(v, AuditVerdict::Intact { .. }), "{v:?}");
                checks += 1;
            }
            for w in writers {
                w.await.unwrap();
            }
            assert!(matches!(
                store.verify_audit_chain_paged(3).await.unwrap(),
                AuditVerdict::Intact { entries: 160, .. }
            ));
        })
        .await;
    }
}
