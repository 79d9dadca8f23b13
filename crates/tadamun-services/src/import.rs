//! Importing a household file: parse, check against the registry, commit.

use tadamun_domain::{country_pack::CountryPack, ids::UserId};
use tadamun_store::{
    Store, StoreError,
    import::{ImportErrorRecord, ImportMode, ImportRun},
};

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub mode: ImportMode,
    pub actor: Option<UserId>,
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

/// Runs an import. `progress(done_rows, total_rows)` is called as batches commit.
pub async fn run_import(store: &Store, pack: &CountryPack, request: ImportRequest<'_>, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<ImportReport, ImportFailure> {
    let _ = (store, pack, request, progress);
    todo!("being written")
}
