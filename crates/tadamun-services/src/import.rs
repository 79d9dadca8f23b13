//! Importing a household file: parse every row, check documents against the file and
//! the registry, and commit. `ValidRows` commits whole batches and reports bad rows;
//! `AllOrNothing` writes everything in one transaction or nothing at all. Rows already
//! imported from the same file (by content hash and row) are skipped, so a re-run after
//! a crash completes the file without duplicates.

use std::collections::HashSet;

use tadamun_domain::{
    access::Access, audit::AuditAction, country_pack::CountryPack, household::HouseholdDraft,
    identity::Document, ids::UserId,
};
use tadamun_interchange::{FileFormat, HouseholdReader, RowError, sha256_hex};
use tadamun_store::{
    Store, StoreError,
    import::{ImportCounts, ImportErrorRecord, ImportMode, ImportRun, ImportStatus, ImportWriter},
};

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
}

/// Why an import could not run at all (as opposed to bad rows, which are reported).
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file cannot be read as a household file; the message names the column or line.
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

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

/// Runs an import. `progress(done_rows, total_rows)` is called as batches are written.
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
    let mut import = Importer {
        store,
        mode: request.mode,
        already: store.imported_source_rows(&sha).await?,
        seen_documents: HashSet::new(),
        errors: Vec::new(),
        counts: ImportCounts::default(),
        writer: None,
        batch: Vec::new(),
        batch_size: request.batch_size.max(1),
        done_rows: 0,
        total,
        progress,
        run_id,
        sha: sha.clone(),
        actor: request.access.user_id,
        access: request.access,
    };
    let outcome = import.consume(reader).await;
    let Importer {
        errors,
        mut counts,
        writer,
        ..
    } = import;
    let status = match outcome {
        Err(e) => {
            drop(writer);
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
            drop(writer);
            counts.imported = 0;
            ImportStatus::Rejected
        }
        Ok(()) => {
            if let Some(w) = writer {
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
    if counts.imported > 0 {
        store.refresh_statistics().await?;
    }
    let run = store
        .import_run(&tadamun_domain::access::Access::system("import"), run_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(ImportReport { run, errors })
}

struct Importer<'a> {
    store: &'a Store,
    mode: ImportMode,
    already: HashSet<i64>,
    seen_documents: HashSet<Document>,
    errors: Vec<ImportErrorRecord>,
    counts: ImportCounts,
    /// The open transaction: one per batch in `ValidRows`, one per file in `AllOrNothing`.
    writer: Option<ImportWriter>,
    batch: Vec<Pending>,
    batch_size: usize,
    done_rows: u64,
    total: u64,
    progress: &'a (dyn Fn(u64, u64) + Sync),
    run_id: tadamun_domain::ids::ImportRunId,
    sha: String,
    actor: Option<UserId>,
    access: &'a Access,
}

impl Importer<'_> {
    async fn consume(&mut self, reader: HouseholdReader) -> Result<(), StoreError> {
        for item in reader {
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
                        continue;
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
        }
        self.flush().await
    }

    /// Checks the batch's documents, writes the clean households, and in `ValidRows`
    /// mode commits them.
    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let documents: Vec<Document> = batch
            .iter()
            .flat_map(|p| {
                p.draft
                    .members
                    .iter()
                    .flat_map(|m| m.documents.iter().cloned())
            })
            .collect();
        let registered = self.store.existing_documents(&documents).await?;
        let mut clean = Vec::with_capacity(batch.len());
        for pending in batch {
            self.done_rows += pending.rows.len() as u64;
            let mut ok = true;
            for (i, member) in pending.draft.members.iter().enumerate() {
                for d in &member.documents {
                    let reason = if registered.contains(d) {
                        Some((
                            "document-registered",
                            format!(
                                "document {} is already registered to another person",
                                d.number
                            ),
                        ))
                    } else if !self.seen_documents.insert(d.clone()) {
                        Some((
                            "document-repeated",
                            format!("document {} appears earlier in this file", d.number),
                        ))
                    } else {
                        None
                    };
                    if let Some((code, message)) = reason {
                        ok = false;
                        self.errors.push(ImportErrorRecord {
                            row: pending
                                .rows
                                .get(i)
                                .copied()
                                .unwrap_or(pending.first_row as u64)
                                as i64,
                            column: "id_number".into(),
                            household_ref: Some(pending.household_ref.clone()),
                            code: code.into(),
                            message,
                        });
                    }
                }
            }
            if ok {
                clean.push((pending.first_row, pending.draft));
            }
        }
        // An all-or-nothing run with errors will roll back: stop writing, keep checking.
        let doomed = self.mode == ImportMode::AllOrNothing && !self.errors.is_empty();
        if !clean.is_empty() && !doomed {
            if self.writer.is_none() {
                self.writer = Some(
                    self.store
                        .import_writer(self.run_id, &self.sha, self.actor, tadamun_store::now())
                        .await?,
                );
            }
            if let Some(w) = self.writer.as_mut() {
                self.counts.imported += w.insert(&clean).await? as i64;
            }
            if self.mode == ImportMode::ValidRows
                && let Some(w) = self.writer.take()
            {
                w.commit().await?;
            }
        }
        (self.progress)(self.done_rows.min(self.total), self.total);
        Ok(())
    }
}
