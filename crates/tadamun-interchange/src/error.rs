//! Errors of reading and writing household files: file-level errors that stop an
//! import, and row errors that reject one household and are listed in the error report.

use std::fmt;

use serde::Serialize;

/// A problem with the whole file: nothing can be imported until it is fixed.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty: it needs a header row naming the columns")]
    Empty,
    #[error("the file has a header row but no data rows")]
    NoDataRows,
    #[error("the file cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("required column(s) missing from the header row: {}", columns.join(", "))]
    MissingColumns { columns: Vec<String> },
    #[error("unknown column '{column}' (column {position} of the header row){}", suggestion.as_ref().map(|s| format!("; did you mean '{s}'?")).unwrap_or_default())]
    UnknownColumn {
        column: String,
        position: usize,
        suggestion: Option<String>,
    },
    #[error("column '{column}' appears twice in the header row (columns {first} and {second})")]
    DuplicateColumn {
        column: String,
        first: usize,
        second: usize,
    },
}

impl FileError {
    /// Stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "file-empty",
            Self::NoDataRows => "file-no-data",
            Self::Unreadable { .. } => "file-unreadable",
            Self::MissingColumns { .. } => "missing-column",
            Self::UnknownColumn { .. } => "unknown-column",
            Self::DuplicateColumn { .. } => "duplicate-column",
        }
    }
}

/// One problem on one row of the file, as a person sees it in Excel: row 1 is the
/// header, the first household's first person is row 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u64,
    /// The column's header name, e.g. `birth_date` or `extra.nationality`; empty when the
    /// whole row is at fault.
    pub column: String,
    pub household_ref: Option<String>,
    /// Stable code for the UI to translate, e.g. `invalid-date` or `unknown-governorate`.
    pub code: String,
    /// English explanation.
    pub message: String,
}

impl RowError {
    pub(crate) fn new(
        row: u64,
        column: impl Into<String>,
        household_ref: Option<&str>,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            row,
            column: column.into(),
            household_ref: household_ref.map(str::to_owned),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RowError {}

/// A failure to write a file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the XLSX file: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(
        "an XLSX sheet holds at most {max} data rows; this export needs more, so use CSV or export one governorate at a time"
    )]
    TooManyRowsForXlsx { max: u64 },
    #[error("household '{household_ref}' has no members, so it would have no row")]
    NoMembers { household_ref: String },
    #[error("a household has an empty household_ref")]
    EmptyRef,
    #[error("household_ref '{household_ref}' is used by two households")]
    DuplicateRef { household_ref: String },
    #[error("payment {reference} has no {column}, which this provider's file needs")]
    MissingPayee {
        reference: String,
        column: &'static str,
    },
}
