//! Importing a household file: parse every row, check documents against the file and
//! the registry (through its unique index, see `batch_writer`), and commit. `ValidRows` commits whole batches and reports bad rows;
//! `AllOrNothing` writes everything in one transaction or nothing at all. Rows already
//! imported from the same file (by content hash and row) are skipped, so a re-run after
//! a crash completes the file without duplicates.
//! On SQLite a file as large as the registry loads with the name-search indexes
//! deferred (`Store::defer_search_indexes`) and rebuilt once at the end.
//! A small file's households then go through the duplicate check, and what it finds is
//! queued for review.

mod batch_writer;

use crate::duplicates;

use std::collections::HashSet;

use tadamun_domain::{
    access::Access, audit::AuditAction, country_pack::CountryPack, duplicate::DuplicateSource,
    household::HouseholdDraft, identity::Document,
};
use tadamun_interchange::{FileFormat, HouseholdReader, RowError, sha256_hex};
use tadamun_store::{
    Store, StoreError,
    import::{ImportCounts, ImportErrorRecord, ImportMode, ImportRun, ImportStatus},
};

use batch_writer::{BatchWriter, WriteJob, WriteTarget, Written};

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub mode: ImportMode,
    /// Who imports: their rows must lie in their area, and the run is audited.
    pub access: &'a Access,
    /// Households per committed batch in `ValidRows` mode.
    pub batch_size: usize,
}

/// The finished run and its error report.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub run: ImportRun,
    pub errors: Vec<ImportErrorRecord>,
    /// Pairs the duplicate check queued for review; `None` when nothing was imported,
    /// or the file was too large to check household by household (over
    /// [`DUPLICATE_CHECK_LIMIT`]): `tadamun scan-duplicates` covers it.
    pub duplicates_queued: Option<u64>,
}

/// Imports of up to this many households run the registration check on each one.
pub const DUPLICATE_CHECK_LIMIT: i64 = 2_000;

/// Why an import could not run at all (as opposed to bad rows, which are reported).
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file cannot be read as a household file; the message names the column or line.
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One household from the reader: parsed, or rejected with its row errors.
type ReadItem = Result<tadamun_interchange::ParsedHousehold, Vec<RowError>>;
/// Households parsed ahead are handed over in chunks, a few chunks at most, so the
/// parser stays ahead of the writer without holding the file's households in memory.
const PARSED_CHUNK_SIZE: usize = 512;
const PARSED_CHUNKS: usize = 16;

fn record(e: RowError) -> ImportErrorRecord {
    ImportErrorRecord {
        row: e.row as i64,
        column: e.column,
        household_ref: e.household_ref,
        code: e.code,
        message: e.message,
    }
}

/// Households waiting to be written, with what is needed to report on them.
struct Pending {
    household_ref: String,
    first_row: i64,
    rows: Vec<u64>,
    draft: HouseholdDraft,
}

/// Runs an import. `progress(done_rows, total_rows)` is called as batches are handed
/// to the writers, with the rows finished so far (committed, skipped or refused).
#[tracing::instrument(skip_all, fields(file = request.file_name, mode = request.mode.as_str()))]
pub async fn run_import(
    store: &Store,
    pack: &CountryPack,
    request: ImportRequest<'_>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport, ImportFailure> {
    let now = tadamun_store::now();
    let format = FileFormat::from_file_name(request.file_name).ok_or_else(|| {
        ImportFailure::File(format!(
            "{}: unsupported file type; use .csv or .xlsx",
            request.file_name
        ))
    })?;
    let reader = HouseholdReader::new(request.bytes, format, pack, now.date())
        .map_err(|e| ImportFailure::File(e.to_string()))?;
    let total = reader.total_rows() as u64;
    let deferred = store.defer_search_indexes(total).await?;
    let request_access = request.access;
    let outcome = import_rows(store, request, reader, total, progress).await;
    if deferred {
        // Batches committed before a failure need the indexes as much as a full run.
        let rebuilt = store.rebuild_search_indexes().await;
        if outcome.is_ok() {
            rebuilt?;
        }
    }
    let mut outcome = outcome;
    if let Ok(report) = outcome.as_mut()
        && report.run.imported_households > 0
    {
        store.refresh_statistics().await?;
        if report.run.imported_households <= DUPLICATE_CHECK_LIMIT {
            report.duplicates_queued =
                Some(check_imported(store, request_access, &report.run.file_sha256).await?);
        }
    }
    outcome
}

/// Runs the registration check on every household a file brought in (against the
/// rest of the registry, the file's other households included) and queues the pairs.
async fn check_imported(store: &Store, access: &Access, sha256: &str) -> Result<u64, StoreError> {
    let now = tadamun_store::now();
    let mut queued = 0;
    let mut after = None;
    loop {
        let page = store
            .households_page_from(access, Some(sha256), after, 500)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for h in &page {
            let draft = h.to_draft();
            let found = duplicates::check_household(store, access, &draft, Some(h.id)).await?;
            if !found.is_empty() {
                queued +=
                    duplicates::queue_found(store, access, h, &found, DuplicateSource::Import, now)
                        .await?;
            }
        }
    }
    Ok(queued)
}

/// The import proper, once the file is known to be readable.
async fn import_rows(
    store: &Store,
    request: ImportRequest<'_>,
    reader: HouseholdReader,
    total: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport, ImportFailure> {
    let now = tadamun_store::now();
    let sha = sha256_hex(request.bytes);
    let run_id = store
        .start_import_run(
            request.file_name,
            &sha,
            request.mode,
            total as i64,
            request.access.user_id,
            now,
        )
        .await?;
    let (finished_rows, written_rows) = tokio::sync::mpsc::unbounded_channel();
    let mut import = Importer {
        written_rows,
        mode: request.mode,
        already: store.imported_source_rows(&sha).await?,
        seen_documents: HashSet::new(),
        errors: Vec::new(),
        counts: ImportCounts::default(),
        target: WriteTarget {
            store: store.clone(),
            mode: request.mode,
            run: run_id,
            sha256: sha.clone(),
            actor: request.access.user_id,
            finished_rows,
        },
        writer: None,
        batch: Vec::new(),
        batch_size: request.batch_size.max(1),
        done_rows: 0,
        total,
        progress,
        access: request.access,
    };
    let outcome = import.consume(reader).await;
    let written = match import.writer.take() {
        Some(w) => w.finish().await,
        None => Written::default(),
    };
    import.report_progress();
    let Importer {
        mut errors,
        mut counts,
        ..
    } = import;
    counts.imported = written.households as i64;
    // Documents the registry already held, found by the writer.
    errors.extend(written.errors);
    errors.sort_by_key(|e| e.row);
    let outcome = match (outcome, written.error) {
        // The writer's own error is the cause; the importer only saw it stop.
        (_, Some(e)) | (Err(e), None) => Err(e),
        (Ok(()), None) => Ok(()),
    };
    let open = written.open;
    let status = match outcome {
        Err(e) => {
            // An open all-or-nothing transaction rolls back as it drops.
            if open.is_some() {
                counts.imported = 0;
            }
            drop(open);
            tracing::error!(error = %e, "import stopped");
            let _ = store
                .finish_import_run(
                    run_id,
                    ImportStatus::Failed,
                    counts,
                    &errors,
                    tadamun_store::now(),
                )
                .await;
            return Err(e.into());
        }
        Ok(()) if request.mode == ImportMode::AllOrNothing && !errors.is_empty() => {
            // Dropping the open transaction rolls every row back.
            drop(open);
            counts.imported = 0;
            ImportStatus::Rejected
        }
        Ok(()) => {
            if let Some(w) = open {
                w.commit().await?;
            }
            ImportStatus::Completed
        }
    };
    store
        .finish_import_run(run_id, status, counts, &errors, tadamun_store::now())
        .await?;
    let entry = request
        .access
        .audit(
            AuditAction::ImportCommitted,
            "import_run",
            Some(run_id.to_string()),
            tadamun_store::now(),
        )
        .with_change(
            None::<&()>,
            Some(&serde_json::json!({
                "file": request.file_name,
                "sha256": sha,
                "status": status.as_str(),
                "imported_households": counts.imported,
                "skipped_households": counts.skipped,
                "error_rows": errors.len(),
            })),
        );
    store.record_audit(&entry).await?;
    let run = store
        .import_run(&tadamun_domain::access::Access::system("import"), run_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(ImportReport {
        run,
        errors,
        duplicates_queued: None,
    })
}

struct Importer<'a> {
    /// Rows of batches the writers have finished.
    written_rows: tokio::sync::mpsc::UnboundedReceiver<u64>,
    mode: ImportMode,
    already: HashSet<i64>,
    seen_documents: HashSet<Document>,
    errors: Vec<ImportErrorRecord>,
    counts: ImportCounts,
    target: WriteTarget,
    /// The writer task, started with the first clean batch.
    writer: Option<BatchWriter>,
    batch: Vec<Pending>,
    batch_size: usize,
    done_rows: u64,
    total: u64,
    progress: &'a (dyn Fn(u64, u64) + Sync),
    access: &'a Access,
}

impl Importer<'_> {
    /// Parses on a blocking thread while this task writes, so reading the file and
    /// loading the database overlap instead of taking turns.
    async fn consume(&mut self, reader: HouseholdReader) -> Result<(), StoreError> {
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<ReadItem>>(PARSED_CHUNKS);
        let parser = tokio::task::spawn_blocking(move || {
            let mut reader = reader;
            loop {
                let chunk: Vec<ReadItem> = reader.by_ref().take(PARSED_CHUNK_SIZE).collect();
                // A closed channel means the writer stopped on an error: stop parsing too.
                if chunk.is_empty() || sender.blocking_send(chunk).is_err() {
                    break;
                }
            }
        });
        while let Some(chunk) = receiver.recv().await {
            for item in chunk {
                self.take(item).await?;
            }
        }
        // A parser panic is a bug in the reader: surface it rather than a short import.
        if let Err(e) = parser.await
            && e.is_panic()
        {
            std::panic::resume_unwind(e.into_panic());
        }
        self.flush().await
    }

    /// Files one household: an error row, a skip, or a place in the next batch.
    async fn take(&mut self, item: ReadItem) -> Result<(), StoreError> {
        match item {
            Err(row_errors) => {
                self.done_rows += row_errors
                    .iter()
                    .map(|e| e.row)
                    .collect::<HashSet<_>>()
                    .len() as u64;
                self.errors.extend(row_errors.into_iter().map(record));
            }
            Ok(parsed) if !self.access.covers(&parsed.draft.governorate) => {
                self.done_rows += parsed.rows.len() as u64;
                self.errors.push(ImportErrorRecord {
                    row: parsed.first_row as i64,
                    column: "governorate".into(),
                    household_ref: Some(parsed.household_ref),
                    code: "governorate-out-of-scope".into(),
                    message: format!(
                        "governorate {} is outside your area",
                        parsed.draft.governorate.as_str()
                    ),
                });
            }
            Ok(parsed) => {
                let first_row = parsed.first_row as i64;
                if self.already.contains(&first_row) {
                    self.counts.skipped += 1;
                    self.done_rows += parsed.rows.len() as u64;
                    return Ok(());
                }
                self.batch.push(Pending {
                    household_ref: parsed.household_ref,
                    first_row,
                    rows: parsed.rows,
                    draft: parsed.draft,
                });
                if self.batch.len() >= self.batch_size {
                    self.flush().await?;
                }
            }
        }
        Ok(())
    }

    /// Checks the batch's documents against the file, and hands the clean households
    /// to the writer. Documents already in the registry are caught by the writer, from
    /// the database's unique index, so the common case costs no lookups.
    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let mut clean = Vec::with_capacity(batch.len());
        for pending in batch {
            let mut ok = true;
            for (i, member) in pending.draft.members.iter().enumerate() {
                for d in &member.documents {
                    if !self.seen_documents.insert(d.clone()) {
                        ok = false;
                        self.errors.push(document_error(
                            &pending,
                            i,
                            "document-repeated",
                            format!("document {} appears earlier in this file", d.number),
                        ));
                    }
                }
            }
            if ok {
                clean.push(pending);
            } else {
                self.done_rows += pending.rows.len() as u64;
            }
        }
        // An all-or-nothing run with errors will roll back: stop writing, keep checking.
        let doomed = self.mode == ImportMode::AllOrNothing && !self.errors.is_empty();
        if !clean.is_empty() && !doomed {
            let job = WriteJob::new(&self.target, clean);
            let writer = self
                .writer
                .get_or_insert_with(|| BatchWriter::start(self.target.clone()));
            if writer.send(job).await.is_err() {
                // Stop reading; `run_import` reports the writer's own error.
                return Err(StoreError::Corrupt("the import writer stopped".into()));
            }
        }
        self.report_progress();
        Ok(())
    }

    /// Counts the rows the writers have finished and tells the caller: progress means
    /// rows committed (or refused), not rows handed over.
    fn report_progress(&mut self) {
        while let Ok(rows) = self.written_rows.try_recv() {
            self.done_rows += rows;
        }
        (self.progress)(self.done_rows.min(self.total), self.total);
    }
}

/// The report line for a document of `pending`'s member `member`, on that member's row.
fn document_error(
    pending: &Pending,
    member: usize,
    code: &str,
    message: String,
) -> ImportErrorRecord {
    ImportErrorRecord {
        row: pending
            .rows
            .get(member)
            .copied()
            .unwrap_or(pending.first_row as u64) as i64,
        column: "id_number".into(),
        household_ref: Some(pending.household_ref.clone()),
        code: code.into(),
        message,
    }
}
