//! Exporting the registry in the import layout (CSV, or XLSX set right-to-left for
//! Arabic), page by page so millions of persons never sit in memory at once for CSV.

use std::io::Write;

use tadamun_domain::{
    access::Access, audit::AuditAction, country_pack::CountryPack, household::HouseholdDraft,
    ids::HouseholdId,
};
use tadamun_store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    File(String),
}

const PAGE: i64 = 1_000;

/// Pulls pages from the store on demand. Runs on a blocking thread, where waiting on
/// the async store is allowed.
fn households(
    store: Store,
    access: Access,
    handle: tokio::runtime::Handle,
) -> impl Iterator<Item = Result<(String, HouseholdDraft), StoreError>> {
    let mut after: Option<HouseholdId> = None;
    let mut page = Vec::new().into_iter();
    let mut finished = false;
    std::iter::from_fn(move || {
        loop {
            if let Some(h) = page.next() {
                return Some(Ok(h));
            }
            if finished {
                return None;
            }
            match handle.block_on(store.households_page(&access, after, PAGE)) {
                Err(e) => {
                    finished = true;
                    return Some(Err(e));
                }
                Ok(list) => {
                    finished = (list.len() as i64) < PAGE;
                    after = list.last().map(|h| h.id);
                    page = list
                        .into_iter()
                        .map(|h| (h.id.to_string(), h.to_draft()))
                        .collect::<Vec<_>>()
                        .into_iter();
                }
            }
        }
    })
}

/// Runs `write` over every household on a blocking thread; a store error stops it.
async fn with_households<T: Send + 'static>(
    store: &Store,
    access: &Access,
    write: impl FnOnce(&mut dyn Iterator<Item = (String, HouseholdDraft)>) -> Result<T, String>
    + Send
    + 'static,
) -> Result<T, ExportError> {
    let store = store.clone();
    let access = access.clone();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut failure = None;
        let mut rows =
            households(store, access, handle).map_while(|r| r.map_err(|e| failure = Some(e)).ok());
        let result = write(&mut rows);
        match failure {
            Some(e) => Err(ExportError::Store(e)),
            None => result.map_err(ExportError::File),
        }
    })
    .await
    .map_err(|e| ExportError::File(format!("export task failed: {e}")))?
}

/// Writes every active household the caller may see as CSV to `out`; returns the
/// writer and the number of person rows.
pub async fn export_csv_to<W: Write + Send + 'static>(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    out: W,
) -> Result<(W, u64), ExportError> {
    let pack = pack.clone();
    let (out, n) = with_households(store, access, move |rows| {
        let mut out = out;
        let n = tadamun_interchange::write_households_csv(&mut out, rows, &pack)
            .map_err(|e| e.to_string())?;
        Ok((out, n))
    })
    .await?;
    record_export(store, access, "csv", n).await?;
    Ok((out, n))
}

/// Every export is in the audit log: who took how many persons' data, in which form.
async fn record_export(
    store: &Store,
    access: &Access,
    format: &str,
    persons: u64,
) -> Result<(), ExportError> {
    let entry = access
        .audit(
            AuditAction::ExportDownloaded,
            "households",
            None,
            tadamun_store::now(),
        )
        .with_change(
            None::<&()>,
            Some(
                &serde_json::json!({ "format": format, "persons": persons, "scope": access.scope }),
            ),
        );
    store.record_audit(&entry).await?;
    Ok(())
}

/// The registry as CSV bytes.
pub async fn export_csv(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
) -> Result<Vec<u8>, ExportError> {
    Ok(export_csv_to(store, access, pack, Vec::new()).await?.0)
}

/// The registry as an XLSX workbook; `rtl` sets the sheet right-to-left.
pub async fn export_xlsx(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    rtl: bool,
) -> Result<Vec<u8>, ExportError> {
    let pack = pack.clone();
    let (bytes, persons) = with_households(store, access, move |rows| {
        let mut persons = 0u64;
        let mut counted = rows.inspect(|(_, h)| persons += h.members.len() as u64);
        let bytes = tadamun_interchange::write_households_xlsx(&mut counted, &pack, rtl)
            .map_err(|e| e.to_string())?;
        Ok((bytes, persons))
    })
    .await?;
    record_export(store, access, "xlsx", persons).await?;
    Ok(bytes)
}
