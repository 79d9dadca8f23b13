//! Reading a provider's reconciliation file (CSV or XLSX) into `ReconciliationRow`s:
//! columns `reference`, `status` (paid, failed, returned), `amount` in major units,
//! `date` and `reason` (needed for a return), in any order, other columns ignored (a
//! provider may send our payment file back with its columns added). Every bad cell
//! is reported at its row and column; one bad row refuses the file.

use tadamun_domain::{
    FieldError,
    money::{Currency, Money},
    payment::{PaymentReference, ReconciliationRow, ReportedStatus},
};
use time::{Date, macros::format_description};

use crate::{
    cells::unneutralised,
    decode::decode,
    error::{FileError, RowError},
    reader::FileFormat,
    source::{CsvSource, Source, SourceRow},
    xlsx::{XlsxSource, looks_like_spreadsheet},
};

/// Why a reconciliation file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReconciliationFileError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{} row error(s), the first: {}", .0.len(), .0[0])]
    Rows(Vec<RowError>),
}

/// The columns read, with the Arabic headers accepted for each.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("reference", &["المرجع", "رقم المرجع"]),
    ("status", &["الحالة"]),
    ("amount", &["المبلغ"]),
    ("date", &["التاريخ"]),
    ("reason", &["السبب"]),
];
const REQUIRED: usize = 4;

/// Reads every row, or says what is wrong with each bad one.
pub fn read_reconciliation(
    bytes: &[u8],
    format: FileFormat,
    currency: Currency,
) -> Result<Vec<ReconciliationRow>, ReconciliationFileError> {
    let mut source = if format == FileFormat::Xlsx || looks_like_spreadsheet(bytes) {
        Source::Xlsx(XlsxSource::open(bytes)?)
    } else {
        Source::Csv(CsvSource::new(decode(bytes.to_vec())))
    };
    let header = match source.next_row() {
        None => return Err(FileError::Empty.into()),
        Some(Err(e)) => return Err(FileError::Unreadable { reason: e.message }.into()),
        Some(Ok(header)) => header,
    };
    let positions = positions(&header)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    while let Some(next) = source.next_row() {
        match next
            .map_err(|e| vec![e])
            .and_then(|r| parse_row(&r, &positions, currency))
        {
            Ok(row) => rows.push(row),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(ReconciliationFileError::Rows(errors));
    }
    if rows.is_empty() {
        return Err(FileError::NoDataRows.into());
    }
    Ok(rows)
}

/// Where each of [`COLUMNS`] is in the file.
fn positions(header: &SourceRow) -> Result<[Option<usize>; 5], FileError> {
    let mut found = [None; 5];
    for (position, cell) in header.cells.iter().enumerate() {
        let name = cell.trim().trim_start_matches('\u{FEFF}').to_lowercase();
        let Some(i) = COLUMNS
            .iter()
            .position(|(en, ar)| *en == name || ar.contains(&name.as_str()))
        else {
            continue;
        };
        if let Some(first) = found[i] {
            return Err(FileError::DuplicateColumn {
                column: COLUMNS[i].0.to_owned(),
                first: first + 1,
                second: position + 1,
            });
        }
        found[i] = Some(position);
    }
    let missing: Vec<String> = (0..REQUIRED)
        .filter(|&i| found[i].is_none())
        .map(|i| COLUMNS[i].0.to_owned())
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(FileError::MissingColumns { columns: missing })
    }
}

fn parse_row(
    r: &SourceRow,
    positions: &[Option<usize>; 5],
    currency: Currency,
) -> Result<ReconciliationRow, Vec<RowError>> {
    let cell = |i: usize| positions[i].map_or("", |p| unneutralised(r.cell(p)).trim());
    let mut errors: Vec<RowError> = r
        .bad_cells
        .iter()
        .map(|(p, problem)| {
            RowError::new(
                r.row,
                format!("column {}", p + 1),
                None,
                "cell-error",
                problem.clone(),
            )
        })
        .collect();
    let row = r.row;
    let reference = take(
        &mut errors,
        row,
        PaymentReference::parse(cell(0)),
        "reference",
    );
    let status = take(&mut errors, row, parse_status(cell(1)), "status");
    let amount = take(
        &mut errors,
        row,
        Money::parse(currency, cell(2), "amount"),
        "amount",
    );
    let date = take(&mut errors, row, parse_date(cell(3)), "date");
    let reason = Some(cell(4)).filter(|s| !s.is_empty()).map(str::to_owned);
    if status == Some(ReportedStatus::Returned) && reason.is_none() {
        errors.push(RowError::new(
            r.row,
            "reason",
            None,
            "required",
            "a returned payment needs the provider's reason",
        ));
    }
    match (reference, status, amount, date) {
        (Some(reference), Some(status), Some(amount), Some(date)) if errors.is_empty() => {
            Ok(ReconciliationRow {
                row: r.row,
                reference,
                status,
                amount,
                date,
                reason,
            })
        }
        _ => Err(errors),
    }
}

/// A cell's value, or its error placed at the row and column.
fn take<T>(
    errors: &mut Vec<RowError>,
    row: u64,
    result: Result<T, FieldError>,
    column: &str,
) -> Option<T> {
    result
        .map_err(|e| errors.push(RowError::new(row, column, None, e.code, e.message)))
        .ok()
}

/// `paid`, `failed`, `returned` in any case, or the Arabic words.
fn parse_status(raw: &str) -> Result<ReportedStatus, FieldError> {
    match raw.to_lowercase().as_str() {
        "مدفوع" | "تم الدفع" => Ok(ReportedStatus::Paid),
        "فشل" | "فاشل" => Ok(ReportedStatus::Failed),
        "مرتجع" | "مردود" => Ok(ReportedStatus::Returned),
        lower => ReportedStatus::parse(lower),
    }
}

/// `YYYY-MM-DD` (also what a spreadsheet date cell reads as) or `DD/MM/YYYY`.
fn parse_date(raw: &str) -> Result<Date, FieldError> {
    Date::parse(raw, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(raw, format_description!("[day]/[month]/[year]")))
        .map_err(|_| {
            FieldError::new(
                "date",
                "invalid-date",
                format!("'{raw}' is not a date such as 2026-12-31"),
            )
        })
}
