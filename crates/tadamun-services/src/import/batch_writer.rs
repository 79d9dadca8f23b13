//! The import's writer tasks: load prepared batches while the importer parses, checks
//! and builds the next one, so the database and the CPU work overlap.
//!
//! Documents are checked against the registry by the database's unique index, not by
//! a lookup per batch. When the index refuses a batch, its transaction is dropped, its
//! documents are looked up, and the households holding registered ones become row
//! errors. In `ValidRows` the rest of the batch is written again; in `AllOrNothing`
//! the run is lost anyway, so later batches are only checked. Files of new people, the
//! common case, pay no lookups at all.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use tadamun_domain::ids::{ImportRunId, UserId};
use tadamun_store::{
    Store, StoreError,
    import::{ImportBatch, ImportErrorRecord, ImportMode, ImportWriter},
};
use tokio::{
    sync::{Mutex, mpsc},
    task::JoinHandle,
};

use super::{Pending, document_error};

/// What the writers hand back when they stop.
#[derive(Default)]
pub(super) struct Written {
    /// Households written: committed in `ValidRows`, pending the final commit in
    /// `AllOrNothing`.
    pub households: u64,
    /// The all-or-nothing transaction, still open: the importer commits or drops it.
    pub open: Option<ImportWriter>,
    /// Why a writer stopped early, if one did; batches committed before it stay.
    pub error: Option<StoreError>,
    /// Households refused because a document is already registered to someone.
    pub errors: Vec<ImportErrorRecord>,
    /// An all-or-nothing run met a registered document: nothing more is written.
    refused: bool,
}

impl Written {
    fn absorb(&mut self, other: Written) {
        self.households += other.households;
        self.errors.extend(other.errors);
        self.error = self.error.take().or(other.error);
        self.open = self.open.take().or(other.open);
        self.refused |= other.refused;
    }
}

/// Who and what the batches are written for.
#[derive(Clone)]
pub(super) struct WriteTarget {
    pub store: Store,
    pub mode: ImportMode,
    pub run: ImportRunId,
    pub sha256: String,
    pub actor: Option<UserId>,
    /// Source rows of each finished batch (written, or refused), for the progress bar.
    pub finished_rows: mpsc::UnboundedSender<u64>,
}

/// Households with their rows already built, so the writer only writes.
pub(super) struct WriteJob {
    pending: Vec<Pending>,
    rows: ImportBatch,
}

impl WriteJob {
    pub fn new(target: &WriteTarget, pending: Vec<Pending>) -> Self {
        let rows = build_rows(target, &pending);
        Self { pending, rows }
    }
}

fn build_rows(target: &WriteTarget, pending: &[Pending]) -> ImportBatch {
    ImportBatch::new(
        target.run,
        &target.sha256,
        target.actor,
        tadamun_store::now(),
        pending.iter().map(|p| (p.first_row, &p.draft)),
    )
}

/// Where the importer sends batches; the tasks behind it start on first use.
pub(super) struct BatchWriter {
    sender: Option<mpsc::Sender<WriteJob>>,
    tasks: Vec<JoinHandle<Written>>,
    stop: Arc<AtomicBool>,
}

/// An importer that stops without [`BatchWriter::finish`] (a panic, a dropped future)
/// stops its writers too: each finishes the statement it is in, rolls its batch back
/// instead of committing, and takes no more. Aborting the tasks instead would cut a
/// query in half and hand a broken connection back to the pool.
impl Drop for BatchWriter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl BatchWriter {
    /// One writer per concurrent bulk transaction the database takes well. An
    /// all-or-nothing run is one transaction, so it always has one writer.
    pub fn start(target: WriteTarget) -> Self {
        let writers = match target.mode {
            ImportMode::ValidRows => target.store.bulk_writers(),
            ImportMode::AllOrNothing => 1,
        };
        // One batch waiting per writer keeps them busy without piling up memory.
        let (sender, receiver) = mpsc::channel(writers);
        let receiver = Arc::new(Mutex::new(receiver));
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = (0..writers)
            .map(|_| {
                tokio::spawn(write_batches(
                    target.clone(),
                    receiver.clone(),
                    stop.clone(),
                ))
            })
            .collect();
        Self {
            sender: Some(sender),
            tasks,
            stop,
        }
    }

    /// Queues a batch. `Err` means every writer stopped: call [`Self::finish`] for why.
    pub async fn send(&self, job: WriteJob) -> Result<(), ()> {
        match &self.sender {
            Some(sender) => sender.send(job).await.map_err(|_| ()),
            None => Err(()),
        }
    }

    /// Waits until every queued batch is written.
    pub async fn finish(mut self) -> Written {
        self.sender = None;
        let mut written = Written::default();
        for task in std::mem::take(&mut self.tasks) {
            match task.await {
                Ok(w) => written.absorb(w),
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => {
                    written.error = written.error.take().or(Some(StoreError::Corrupt(format!(
                        "import writer cancelled: {e}"
                    ))))
                }
            }
        }
        written
    }
}

async fn write_batches(
    target: WriteTarget,
    jobs: Arc<Mutex<mpsc::Receiver<WriteJob>>>,
    stop: Arc<AtomicBool>,
) -> Written {
    let mut written = Written::default();
    loop {
        // Held only while waiting, so the other writers take the next batches.
        let job = jobs.lock().await.recv().await;
        let Some(job) = job else { break };
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if let Err(e) = write_one(&target, job, &mut written, &stop).await {
            written.error = Some(e);
            // Closing stops the importer and the other writers at their next batch.
            jobs.lock().await.close();
            break;
        }
    }
    written
}

async fn write_one(
    target: &WriteTarget,
    job: WriteJob,
    written: &mut Written,
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    let rows = job.pending.iter().map(|p| p.rows.len() as u64).sum();
    if written.refused {
        refuse_registered(target, job.pending, &mut written.errors).await?;
    } else {
        write_or_refuse(target, job, written, stop).await?;
    }
    // The importer may have stopped listening; progress is not worth an error.
    let _ = target.finished_rows.send(rows);
    Ok(())
}

async fn write_or_refuse(
    target: &WriteTarget,
    job: WriteJob,
    written: &mut Written,
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    let mut writer = match written.open.take() {
        Some(w) => w,
        None => open_writer(target).await?,
    };
    match writer.insert_batch(job.rows).await {
        Ok(_) if stop.load(Ordering::SeqCst) => {
            // The importer is gone: dropping the writer rolls the batch back.
            return Err(StoreError::Corrupt("the import stopped".into()));
        }
        Ok(n) => {
            written.households += n;
            match target.mode {
                // Each batch is its own transaction: a crash keeps what was committed.
                ImportMode::ValidRows => {
                    writer.commit().await?;
                }
                ImportMode::AllOrNothing => written.open = Some(writer),
            }
        }
        Err(e) if e.is_document_clash() => {
            // Dropping the spoilt transaction undoes this batch, and in `AllOrNothing`
            // the whole run, which its error rows now reject.
            drop(writer);
            let keep = refuse_registered(target, job.pending, &mut written.errors).await?;
            match target.mode {
                ImportMode::AllOrNothing => {
                    written.refused = true;
                    written.households = 0;
                }
                ImportMode::ValidRows if !keep.is_empty() => {
                    let mut retry = open_writer(target).await?;
                    written.households += retry.insert_batch(build_rows(target, &keep)).await?;
                    retry.commit().await?;
                }
                ImportMode::ValidRows => {}
            }
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

async fn open_writer(target: &WriteTarget) -> Result<ImportWriter, StoreError> {
    target
        .store
        .import_writer(
            target.run,
            &target.sha256,
            target.actor,
            tadamun_store::now(),
        )
        .await
}

/// Reports the households holding a document already in the registry and returns
/// the others.
async fn refuse_registered(
    target: &WriteTarget,
    pending: Vec<Pending>,
    errors: &mut Vec<ImportErrorRecord>,
) -> Result<Vec<Pending>, StoreError> {
    let documents: Vec<_> = pending
        .iter()
        .flat_map(|p| p.draft.members.iter().flat_map(|m| m.documents.clone()))
        .collect();
    let registered = target.store.existing_documents(&documents).await?;
    let mut keep = Vec::with_capacity(pending.len());
    for p in pending {
        let before = errors.len();
        for (i, member) in p.draft.members.iter().enumerate() {
            for d in member.documents.iter().filter(|d| registered.contains(d)) {
                errors.push(document_error(
                    &p,
                    i,
                    "document-registered",
                    format!(
                        "document {} is already registered to another person",
                        d.number
                    ),
                ));
            }
        }
        if errors.len() == before {
            keep.push(p);
        }
    }
    Ok(keep)
}
