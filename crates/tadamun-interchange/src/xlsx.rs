//! Reading the first worksheet of a spreadsheet with calamine, turning typed cells back
//! into the text a CSV would hold: `9801012345`, not `9801012345.0`; dates as
//! `YYYY-MM-DD`. The sheet is read whole; a sheet holds at most about a million rows.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_auto_from_rs, open_workbook_from_rs};
use csv::StringRecord;

use crate::{error::FileError, source::SourceRow};

/// The start of every zip file: XLSX and ODS are zips.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The start of an OLE compound file: the old binary XLS.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether the bytes are a spreadsheet rather than text, whatever the file is called.
pub(crate) fn looks_like_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

pub(crate) struct XlsxSource {
    range: Range<Data>,
    next: usize,
    /// Excel row number of the range's first row: leading empty rows are not in it.
    first_row: u64,
}

impl XlsxSource {
    pub(crate) fn open(bytes: &[u8]) -> Result<Self, FileError> {
        if !looks_like_spreadsheet(bytes) {
            return Err(FileError::Unreadable {
                reason: "it is not an XLSX spreadsheet; if it is a CSV file, name it .csv".into(),
            });
        }
        let unreadable = |e: calamine::Error| FileError::Unreadable {
            reason: e.to_string(),
        };
        let range = match open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
            Ok(mut book) => book
                .worksheet_range_at(0)
                .map(|r| r.map_err(|e| unreadable(e.into()))),
            // Old .xls and .ods files still turn up; calamine reads them too.
            Err(xlsx_error) => match open_workbook_auto_from_rs(Cursor::new(bytes)) {
                Ok(mut book) => book.worksheet_range_at(0).map(|r| r.map_err(unreadable)),
                Err(_) => return Err(unreadable(xlsx_error.into())),
            },
        }
        .ok_or(FileError::Unreadable {
            reason: "the workbook has no worksheet".into(),
        })??;
        let first_row = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        Ok(Self {
            range,
            next: 0,
            first_row,
        })
    }

    /// Rows after the first (the header), blank or not.
    pub(crate) fn data_rows(&self) -> usize {
        self.range.height().saturating_sub(1)
    }

    pub(crate) fn next_row(&mut self) -> Option<SourceRow> {
        if self.next >= self.range.height() {
            return None;
        }
        let r = self.next;
        self.next += 1;
        let mut row = SourceRow {
            row: self.first_row + r as u64,
            cells: StringRecord::with_capacity(64, self.range.width()),
            bad_cells: Vec::new(),
        };
        for c in 0..self.range.width() {
            match cell_text(self.range.get((r, c)).unwrap_or(&Data::Empty)) {
                Ok(text) => row.cells.push_field(&text),
                Err(problem) => {
                    row.bad_cells.push((c, problem));
                    row.cells.push_field("");
                }
            }
        }
        Some(row)
    }
}

/// A cell as the text a person would type for it.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .split_once('T')
            .map_or(s.as_str(), |(date, _)| date)
            .to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell shows the spreadsheet error {e}")),
    })
}

/// Whole numbers without `.0`, so an ID number typed as a number reads as typed.
fn number_text(f: f64) -> String {
    // Below 2^53 every whole f64 is exact, so the cast loses nothing.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn whole_numbers_lose_their_decimal_point() {
        assert_eq!(
            cell_text(&Data::Float(9_801_012_345.0)).unwrap(),
            "9801012345"
        );
        assert_eq!(cell_text(&Data::Float(250.5)).unwrap(), "250.5");
        assert_eq!(cell_text(&Data::Int(3)).unwrap(), "3");
    }

    #[test]
    fn excel_dates_become_iso_dates() {
        // 29221 is 1980-01-01 in Excel's 1900 date system.
        let cell = Data::DateTime(ExcelDateTime::new(
            29_221.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(cell_text(&cell).unwrap(), "1980-01-01");
        assert_eq!(
            cell_text(&Data::DateTimeIso("1990-05-31T00:00:00".into())).unwrap(),
            "1990-05-31"
        );
    }

    #[test]
    fn error_cells_are_reported_not_read() {
        assert!(
            cell_text(&Data::Error(calamine::CellErrorType::NA))
                .unwrap_err()
                .contains("#N/A")
        );
    }

    #[test]
    fn text_is_not_taken_for_a_spreadsheet() {
        assert!(matches!(
            XlsxSource::open(b"household_ref,governorate\n"),
            Err(FileError::Unreadable { .. })
        ));
        assert!(matches!(
            XlsxSource::open(b"PK\x03\x04garbage"),
            Err(FileError::Unreadable { .. })
        ));
    }
}
