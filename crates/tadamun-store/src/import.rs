//! Household imports: run records, error reports, idempotency by file and source row,
//! and the bulk writer that commits whole batches (or one all-or-nothing transaction).

use std::collections::HashSet;

use serde::Serialize;
use sqlx::AssertSqlSafe;
use tadamun_domain::{
    access::Access,
    history::ChangeKind,
    household::HouseholdDraft,
    identity::Document,
    ids::{HouseholdId, ImportRunId, PersonId, UserId},
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    backend::Store,
    bulk::BulkTable,
    db::{Arg, Tx, args},
    error::{Result, StoreError},
    rows::corrupt,
    values::{
        DOCUMENT_COLUMNS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, Source, document_row, household_row,
        person_row,
    },
};

/// How an import treats bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Any bad row rejects the whole file; nothing is written.
    AllOrNothing,
    /// Valid households are committed in batches; bad rows are reported.
    ValidRows,
}

impl ImportMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AllOrNothing => "all_or_nothing",
            Self::ValidRows => "valid_rows",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "all_or_nothing" => Some(Self::AllOrNothing),
            "valid_rows" => Some(Self::ValidRows),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Running,
    /// Everything valid was committed.
    Completed,
    /// All-or-nothing run with errors: nothing was committed.
    Rejected,
    /// Stopped by a system error; committed batches stay and a re-run completes them.
    Failed,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [Self::Running, Self::Completed, Self::Rejected, Self::Failed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The record of one import run.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ImportRun {
    pub id: ImportRunId,
    pub file_name: String,
    pub file_sha256: String,
    pub mode: ImportMode,
    pub status: ImportStatus,
    pub total_rows: i64,
    pub imported_households: i64,
    pub skipped_households: i64,
    pub error_rows: i64,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// One line of an import's error report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportErrorRecord {
    pub row: i64,
    pub column: String,
    pub household_ref: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: Uuid,
    file_name: String,
    file_sha256: String,
    mode: String,
    status: String,
    total_rows: i64,
    imported_households: i64,
    skipped_households: i64,
    error_rows: i64,
    created_at: OffsetDateTime,
}

impl RunRow {
    fn into_run(self) -> Result<ImportRun> {
        Ok(ImportRun {
            id: ImportRunId(self.id),
            mode: ImportMode::parse(&self.mode)
                .ok_or_else(|| corrupt("import mode", &self.mode))?,
            status: ImportStatus::parse(&self.status)
                .ok_or_else(|| corrupt("import status", &self.status))?,
            file_name: self.file_name,
            file_sha256: self.file_sha256,
            total_rows: self.total_rows,
            imported_households: self.imported_households,
            skipped_households: self.skipped_households,
            error_rows: self.error_rows,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ErrorRow {
    row_number: i64,
    column_name: String,
    household_ref: Option<String>,
    code: String,
    message: String,
}

const RUN_COLUMNS: &str = "id, file_name, file_sha256, mode, status, total_rows, imported_households, skipped_households, error_rows, created_at";

/// Outcome counts for finishing a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub imported: i64,
    pub skipped: i64,
}

impl Store {
    #[tracing::instrument(skip_all, fields(file = file_name))]
    pub async fn start_import_run(
        &self,
        file_name: &str,
        sha256: &str,
        mode: ImportMode,
        total_rows: i64,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<ImportRunId> {
        let id = ImportRunId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "insert into import_runs (id, file_name, file_sha256, mode, status, total_rows, actor_id, created_at, updated_at) values ($1, $2, $3, $4, 'running', $5, $6, $7, $7)",
            args![id.0, file_name, sha256, mode.as_str(), total_rows, actor.map(|u| u.0), now],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Closes a run with its status, counts and the full error report.
    #[tracing::instrument(skip_all, fields(run = %id))]
    pub async fn finish_import_run(
        &self,
        id: ImportRunId,
        status: ImportStatus,
        counts: ImportCounts,
        errors: &[ImportErrorRecord],
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let error_rows = errors.iter().map(|e| e.row).collect::<HashSet<_>>().len() as i64;
        let n = tx
            .execute(
                "update import_runs set status = $1, imported_households = $2, skipped_households = $3, error_rows = $4, updated_at = $5 where id = $6",
                args![status.as_str(), counts.imported, counts.skipped, error_rows, now, id.0],
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let mut table = BulkTable::new(
            "import_errors",
            &[
                "run_id",
                "row_number",
                "column_name",
                "household_ref",
                "code",
                "message",
                "created_at",
                "updated_at",
            ],
        );
        for e in errors {
            table.push(args![
                id.0,
                e.row,
                e.column.as_str(),
                e.household_ref.as_deref(),
                e.code.as_str(),
                e.message.as_str(),
                now,
                now
            ]);
        }
        table.write(&mut tx).await?;
        tx.commit().await
    }

    /// A run the caller may see: their own, or any for a national-scope caller (an
    /// error report quotes rows from every governorate in the file).
    pub async fn import_run(&self, access: &Access, id: ImportRunId) -> Result<Option<ImportRun>> {
        let row: Option<RunRow> = self
            .fetch_optional(
                AssertSqlSafe(format!(
                    "select {RUN_COLUMNS} from import_runs where id = $3 and ($1 or actor_id = $2)"
                )),
                args![
                    access.scope.is_national(),
                    access.user_id.map(|u| u.0),
                    id.0
                ],
            )
            .await?;
        row.map(RunRow::into_run).transpose()
    }

    /// The latest runs the caller may see.
    pub async fn recent_import_runs(&self, access: &Access, limit: i64) -> Result<Vec<ImportRun>> {
        let rows: Vec<RunRow> = self
            .fetch_all(
                AssertSqlSafe(format!("select {RUN_COLUMNS} from import_runs where ($1 or actor_id = $2) order by created_at desc, id desc limit $3")),
                args![access.scope.is_national(), access.user_id.map(|u| u.0), limit],
            )
            .await?;
        rows.into_iter().map(RunRow::into_run).collect()
    }

    pub async fn import_errors(&self, id: ImportRunId) -> Result<Vec<ImportErrorRecord>> {
        let rows: Vec<ErrorRow> = self
            .fetch_all("select row_number, column_name, household_ref, code, message from import_errors where run_id = $1 order by row_number, id", args![id.0])
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| ImportErrorRecord {
                row: r.row_number,
                column: r.column_name,
                household_ref: r.household_ref,
                code: r.code,
                message: r.message,
            })
            .collect())
    }

    /// Source rows of this file already committed by earlier runs: a re-run skips them.
    pub async fn imported_source_rows(&self, sha256: &str) -> Result<HashSet<i64>> {
        let rows: Vec<(i64,)> = self
            .fetch_all(
                "select source_row from households where source_sha256 = $1",
                args![sha256],
            )
            .await?;
        Ok(rows.into_iter().map(|(r,)| r).collect())
    }

    /// Which of these documents are already registered to someone.
    pub async fn existing_documents(&self, documents: &[Document]) -> Result<HashSet<Document>> {
        let mut found = HashSet::new();
        for chunk in documents.chunks(500) {
            let sql = format!(
                "select doc_type, number from person_documents where number in ({})",
                crate::households::placeholders(chunk.len())
            );
            let rows: Vec<(String, String)> = self
                .fetch_all(
                    AssertSqlSafe(sql),
                    chunk.iter().map(|d| Arg::from(d.number.as_str())).collect(),
                )
                .await?;
            for (t, n) in rows {
                if let Some(d) = chunk
                    .iter()
                    .find(|d| d.doc_type.as_str() == t && d.number == n)
                {
                    found.insert(d.clone());
                }
            }
        }
        Ok(found)
    }

    /// Opens a bulk writer for one import run. Everything inserted through it commits
    /// together, so callers choose the batch: one writer per batch for `ValidRows`, one
    /// for the whole file for `AllOrNothing`.
    pub async fn import_writer(
        &self,
        run: ImportRunId,
        sha256: &str,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<ImportWriter> {
        Ok(ImportWriter {
            tx: self.begin().await?,
            run,
            sha256: sha256.to_owned(),
            actor,
            now,
            inserted: 0,
        })
    }
}

/// A transaction that bulk-loads households; dropped without `commit`, it writes nothing.
pub struct ImportWriter {
    tx: Tx,
    run: ImportRunId,
    sha256: String,
    actor: Option<UserId>,
    now: OffsetDateTime,
    inserted: u64,
}

const HISTORY_BULK_COLUMNS: &[&str] = &[
    "household_id",
    "kind",
    "actor_id",
    "after_json",
    "created_at",
    "updated_at",
];

/// Households turned into rows, ready to load. Building them is pure CPU work, so an
/// import builds the next batch while the database writes the previous one.
pub struct ImportBatch {
    households: BulkTable,
    persons: BulkTable,
    documents: BulkTable,
    history: BulkTable,
}

impl ImportBatch {
    /// Rows for households imported by `run` from the file `sha256`, each tagged with
    /// its source row so a re-run skips it.
    pub fn new<'h>(
        run: ImportRunId,
        sha256: &str,
        actor: Option<UserId>,
        now: OffsetDateTime,
        households: impl IntoIterator<Item = (i64, &'h HouseholdDraft)>,
    ) -> Self {
        let actor_id = actor.map(|u| u.0);
        let mut batch = Self {
            households: BulkTable::new("households", HOUSEHOLD_COLUMNS),
            persons: BulkTable::new("persons", PERSON_COLUMNS),
            documents: BulkTable::new("person_documents", DOCUMENT_COLUMNS),
            history: BulkTable::new("household_history", HISTORY_BULK_COLUMNS),
        };
        for (source_row, h) in households {
            let id = HouseholdId::new();
            let source = Source {
                sha256,
                row: source_row,
            };
            batch
                .households
                .push(household_row(id, h, actor, now, Some(source)));
            for (position, p) in h.members.iter().enumerate() {
                let pid = PersonId::new();
                batch
                    .persons
                    .push(person_row(pid, id, position as i64, p, now));
                for d in &p.documents {
                    batch.documents.push(document_row(pid, d, now));
                }
            }
            let after =
                serde_json::json!({ "import_run": run.0, "source_row": source_row }).to_string();
            batch.history.push(args![
                id.0,
                ChangeKind::Imported.as_str(),
                actor_id,
                after,
                now,
                now
            ]);
        }
        batch
    }

    /// How many households the batch holds.
    pub fn len(&self) -> usize {
        self.households.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.households.rows.is_empty()
    }
}

impl ImportWriter {
    /// Inserts households with their source rows. Returns how many were inserted.
    pub async fn insert(&mut self, households: &[(i64, HouseholdDraft)]) -> Result<u64> {
        let batch = ImportBatch::new(
            self.run,
            &self.sha256,
            self.actor,
            self.now,
            households.iter().map(|(row, h)| (*row, h)),
        );
        self.insert_batch(batch).await
    }

    /// Inserts a batch built ahead with [`ImportBatch::new`].
    ///
    /// Documents are not looked up before writing: the unique index on
    /// `(number, doc_type)` is the check. When it refuses a row the error satisfies
    /// [`StoreError::is_document_clash`] and the transaction is spoilt: drop it (which
    /// undoes everything written through it), find the registered documents with
    /// [`Store::existing_documents`], and write the rest through a new writer. A
    /// savepoint per batch would avoid redoing earlier batches, but SQLite copies every
    /// page a savepoint touches into its sub-journal, which doubled the time of a
    /// million-person import.
    pub async fn insert_batch(&mut self, batch: ImportBatch) -> Result<u64> {
        let n = batch.len() as u64;
        batch.households.write(&mut self.tx).await?;
        batch.persons.write(&mut self.tx).await?;
        batch.documents.write(&mut self.tx).await?;
        batch.history.write(&mut self.tx).await?;
        self.inserted += n;
        Ok(n)
    }

    pub fn inserted(&self) -> u64 {
        self.inserted
    }

    pub async fn commit(self) -> Result<u64> {
        self.tx.commit().await?;
        Ok(self.inserted)
    }
}
