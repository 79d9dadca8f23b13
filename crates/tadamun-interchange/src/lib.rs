//! Household files: the column layout shared by `tadamun import`, the web import page
//! and export, with its CSV/XLSX reader and writers. Files and bytes only; no database.
//!
//! Read a file with [`HouseholdReader`], which yields one parsed household or its row
//! errors at a time; write one with [`write_households_csv`] or
//! [`write_households_xlsx`]; give the clerk [`write_error_report_csv`].
//!
//! Payments: [`write_payments_csv`] and [`write_payments_xlsx`] write a provider's
//! payment file ([`payment_columns`]); [`read_reconciliation`] reads its answer.
//!
//! Memory: a CSV is parsed one household at a time from the bytes given (hand them
//! over with [`HouseholdReader::from_vec`] to avoid a copy); an `.xlsx` sheet is
//! streamed by a thread that owns the workbook. The XLSX writer streams rows to a
//! temporary file (rust_xlsxwriter's constant-memory mode) and returns the finished
//! workbook's bytes.
//!
#![doc = include_str!("../LAYOUT.md")]

mod cells;
mod decode;
mod documents;
mod error;
pub mod layout;
mod payment_file;
mod reader;
mod reconciliation;
mod render;
mod report;
mod source;
mod writer;
mod xlsx;

use sha2::{Digest, Sha256};

pub use error::{FileError, RowError, WriteError};
pub use layout::{Column, Field};
pub use payment_file::{PaymentColumn, payment_columns, write_payments_csv, write_payments_xlsx};
pub use reader::{FileFormat, HouseholdReader, ParsedHousehold};
pub use reconciliation::{ReconciliationFileError, read_reconciliation};
pub use report::write_error_report_csv;
pub use writer::{XLSX_MAX_DATA_ROWS, write_households_csv, write_households_xlsx};

/// Lower-case hex SHA-256 of a file, to record which file an import came from and to
/// notice the same file imported twice.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
