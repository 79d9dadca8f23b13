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
    /// The cells as one buffer: rows of a household repeat its household columns,
    /// and only the values the domain needs are copied out.
    pub(crate) cells: StringRecord,
    /// Cells that could not be turned into text (an Excel `#N/A`), by position.
    pub(crate) bad_cells: Vec<(usize, String)>,
}

impl SourceRow {
    /// The cell at `position`, empty past the end of a short row.
    pub(crate) fn cell(&self, position: usize) -> &str {
        self.cells.get(position).unwrap_or("")
    }

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
                Self::Xlsx(s) => s.next_row(),
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
    /// Where the text starts in the bytes (past a BOM): the reader's byte 0.
    offset: usize,
    /// Row of the previous record; 0 before the first.
    previous_row: u64,
    failed: bool,
}

impl CsvSource {
    pub(crate) fn new(decoded: Decoded) -> Self {
        let offset = decoded.start;
        let mut cursor = Cursor::new(decoded.bytes);
        cursor.set_position(offset as u64);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(decoded.delimiter)
            .from_reader(cursor);
        Self {
            reader,
            record: StringRecord::new(),
            offset,
            previous_row: 0,
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
                // Rows are counted from the line breaks between records rather than
                // taken from csv's line numbers, which drift on CRLF files and count the
                // breaks inside a quoted cell (Excel shows such a cell on one row). csv
                // places a record just after the previous one's terminator, before the
                // rest of a CRLF and any blank lines.
                let text = self.reader.get_ref().get_ref();
                let position =
                    self.offset + self.record.position().map_or(0, |p| p.byte() as usize);
                let mut start = position;
                while matches!(text.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let row = if self.previous_row == 0 {
                    1 + line_breaks(text, self.offset..start)
                } else {
                    // From the previous record's terminator, so that break counts too.
                    self.previous_row
                        + line_breaks(text, position.saturating_sub(1).max(self.offset)..start)
                };
                self.previous_row = row;
                Some(Ok(SourceRow {
                    row,
                    cells: self.record.clone(),
                    bad_cells: Vec::new(),
                }))
            }
            Err(e) => {
                // The text is valid UTF-8 by now, so this is rare; stop rather than guess.
                self.failed = true;
                Some(Err(RowError::new(
                    self.previous_row + 1,
                    "",
                    None,
                    "unreadable-row",
                    format!("the CSV cannot be read from here on: {e}"),
                )))
            }
        }
    }
}

/// Line breaks in `text[range]` as a text editor counts them: `\n`, `\r\n`, or a lone
/// `\r` (old Mac Excel). A `\r` is judged by the byte after it even past the range, so
/// ranges that tile the text count each break once.
fn line_breaks(text: &[u8], range: std::ops::Range<usize>) -> u64 {
    let slice = &text[range.clone()];
    let mut breaks = slice.iter().filter(|b| **b == b'\n').count();
    let mut from = 0;
    while let Some(p) = slice[from..].iter().position(|b| *b == b'\r') {
        let i = range.start + from + p;
        breaks += usize::from(text.get(i + 1) != Some(&b'\n'));
        from += p + 1;
    }
    breaks as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_count_each_ending_once() {
        let text = b"a\nb\r\nc\rd";
        assert_eq!(line_breaks(text, 0..text.len()), 3);
        assert_eq!(
            line_breaks(text, 0..4) + line_breaks(text, 4..text.len()),
            3
        );
        assert_eq!(line_breaks(b"abc", 0..3), 0);
    }
}
