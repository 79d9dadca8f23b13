//! Rows of text out of a CSV or XLSX file, numbered as a person sees them, so the
//! household reader does not care which format it reads.

use std::io::Cursor;

use csv::StringRecord;

use crate::{decode::Decoded, error::RowError, xlsx::XlsxSource};

/// One non-blank row of the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceRow {
    /// Row number as in Excel: the header is 1.
    pub(crate) row: u64,
    pub(crate) cells: Vec<String>,
    /// Cells that could not be turned into text (an Excel `#N/A`), by position.
    pub(crate) bad_cells: Vec<(usize, String)>,
}

impl SourceRow {
    fn is_blank(&self) -> bool {
        self.bad_cells.is_empty() && self.cells.iter().all(|c| c.trim().is_empty())
    }
}

pub(crate) enum Source {
    Csv(CsvSource),
    Xlsx(XlsxSource),
}

impl Source {
    /// The next row that is not blank; `Err` only for a CSV the parser gives up on.
    pub(crate) fn next_row(&mut self) -> Option<Result<SourceRow, RowError>> {
        loop {
            let row = match self {
                Self::Csv(s) => s.next_row(),
                Self::Xlsx(s) => s.next_row().map(Ok),
            }?;
            match row {
                Ok(r) if r.is_blank() => continue,
                other => return Some(other),
            }
        }
    }
}

/// Streams records from the decoded text; only one record is held at a time.
pub(crate) struct CsvSource {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: StringRecord,
    /// Line breaks inside quoted cells so far: Excel shows such a cell on one row, so
    /// they are taken off the text line number.
    inner_line_breaks: u64,
    failed: bool,
}

impl CsvSource {
    pub(crate) fn new(decoded: Decoded) -> Self {
        let mut cursor = Cursor::new(decoded.bytes);
        cursor.set_position(decoded.start as u64);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(decoded.delimiter)
            .from_reader(cursor);
        Self {
            reader,
            record: StringRecord::new(),
            inner_line_breaks: 0,
            failed: false,
        }
    }

    fn next_row(&mut self) -> Option<Result<SourceRow, RowError>> {
        if self.failed {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, csv::Position::line);
                let row = line.saturating_sub(self.inner_line_breaks);
                self.inner_line_breaks += self
                    .record
                    .as_slice()
                    .bytes()
                    .filter(|b| *b == b'\n')
                    .count() as u64;
                Some(Ok(SourceRow {
                    row,
                    cells: self.record.iter().map(str::to_owned).collect(),
                    bad_cells: Vec::new(),
                }))
            }
            Err(e) => {
                // The text is valid UTF-8 by now, so this is rare; stop rather than guess.
                self.failed = true;
                let row = e
                    .position()
                    .map_or(0, |p| p.line().saturating_sub(self.inner_line_breaks));
                Some(Err(RowError::new(
                    row,
                    "",
                    None,
                    "unreadable-row",
                    format!("the CSV cannot be read from here on: {e}"),
                )))
            }
        }
    }
}
