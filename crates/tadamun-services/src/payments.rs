//! Payments across files and the store: an approved batch written as the provider's
//! file (CSV or XLSX) and only then marked exported, and a provider's reconciliation
//! file read, hashed and applied all or nothing.

use tadamun_domain::{
    access::Access, country_pack::CountryPack, ids::PaymentBatchId, money::Currency,
};
use tadamun_interchange::{
    FileFormat, ReconciliationFileError, WriteError, read_reconciliation, sha256_hex,
    write_payments_csv, write_payments_xlsx,
};
use tadamun_store::{
    Store, StoreError,
    payments::{BatchSummary, ReconciliationReport},
};
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum PaymentFailure {
    /// The reconciliation file cannot be read, or rows of it are bad: each is named.
    #[error(transparent)]
    File(#[from] ReconciliationFileError),
    /// The payment file cannot be written (a line lacks its account or phone).
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A payment file, ready to download.
#[derive(Debug, Clone)]
pub struct PaymentFile {
    pub batch: BatchSummary,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub lines: u64,
}

/// Writes an approved batch's file for its provider. The batch becomes exported only
/// once the whole file is written, so a line without its payee detail changes nothing.
#[tracing::instrument(skip_all, fields(batch = %id.0))]
pub async fn export_batch(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    id: PaymentBatchId,
    format: FileFormat,
    rtl: bool,
    now: OffsetDateTime,
) -> Result<PaymentFile, PaymentFailure> {
    let (batch, instructions) = store.payment_instructions(access, id, pack.country).await?;
    let currency = Currency::of(pack.country);
    let (bytes, lines, extension) = match format {
        FileFormat::Csv => {
            let mut bytes = Vec::new();
            let n = write_payments_csv(&mut bytes, batch.provider, currency, &instructions)?;
            (bytes, n, "csv")
        }
        FileFormat::Xlsx => {
            let bytes = write_payments_xlsx(batch.provider, currency, &instructions, rtl)?;
            (bytes, instructions.len() as u64, "xlsx")
        }
    };
    let batch = store.mark_payment_batch_exported(access, id, now).await?;
    Ok(PaymentFile {
        file_name: format!(
            "payments-{}-{}-{}.{extension}",
            batch.programme_key,
            batch.cycle,
            batch.provider.as_str()
        ),
        batch,
        bytes,
        lines,
    })
}

/// Reads a provider's reconciliation file and applies it. The same bytes twice, an
/// unknown reference, an amount that differs or a change to a settled payment
/// refuses the whole file, naming the rows.
#[tracing::instrument(skip_all, fields(file_name, bytes = bytes.len()))]
pub async fn import_reconciliation(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    file_name: &str,
    bytes: &[u8],
    now: OffsetDateTime,
) -> Result<ReconciliationReport, PaymentFailure> {
    let currency = Currency::of(pack.country);
    // A spreadsheet is also recognised by its bytes, whatever its name.
    let name = file_name.to_ascii_lowercase();
    let format = if [".xlsx", ".xls", ".ods"].iter().any(|e| name.ends_with(e)) {
        FileFormat::Xlsx
    } else {
        FileFormat::Csv
    };
    let rows = read_reconciliation(bytes, format, currency)?;
    Ok(store
        .import_reconciliation(access, file_name, &sha256_hex(bytes), &rows, currency, now)
        .await?)
}
