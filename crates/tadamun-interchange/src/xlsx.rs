//! Reading the first worksheet of a spreadsheet with calamine, turning typed cells back
//! into the text a CSV would hold: `9801012345`, not `9801012345.0`; dates as
//! `YYYY-MM-DD`. An `.xlsx` sheet is streamed row by row, so a million-row sheet does
//! not need gigabytes; old `.xls` and `.ods` files are read whole.

use std::{
    io::Cursor,
    sync::mpsc::{Receiver, SyncSender, sync_channel},
};

use calamine::{Data, DataRef, Range, Reader, Xlsx, open_workbook_auto_from_rs};
use csv::StringRecord;

use crate::{
    error::{FileError, RowError},
    source::SourceRow,
};

/// The start of every zip file: XLSX and ODS are zips.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The start of an OLE compound file: the old binary XLS.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Rows the sheet thread sends at once: one hand-over per row would spend the time
/// waking threads.
const ROWS_PER_BATCH: usize = 256;
/// Batches read ahead: enough to keep both threads busy, few enough to keep memory flat.
const BATCHES_IN_FLIGHT: usize = 4;

/// Whether the bytes are a spreadsheet rather than text, whatever the file is called.
pub(crate) fn looks_like_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

/// A row as the sheet has it: Excel row number and cells from column A, each the cell's
/// text or why it has none.
#[derive(Debug)]
struct SheetRow {
    row: u64,
    cells: Vec<Result<String, String>>,
}

/// What the sheet thread sends.
enum Message {
    /// The sheet opened; how many rows it says it has below the first.
    Opened {
        data_rows: usize,
    },
    Rows(Vec<SheetRow>),
    Done,
    Failed(String),
}

enum Rows {
    /// calamine's cell reader borrows the workbook, so a thread owns both and sends
    /// rows over a bounded channel.
    Streamed {
        receiver: Receiver<Message>,
        batch: std::vec::IntoIter<SheetRow>,
        finished: bool,
    },
    /// `.xls` and `.ods`, which calamine reads only whole.
    Whole { range: Range<Data>, next: usize },
}

pub(crate) struct XlsxSource {
    rows: Rows,
    data_rows: usize,
    /// Cells of the header row; `None` until it is read. Rows are cut or padded to it.
    width: Option<usize>,
    /// Row number of the last row given, to place a failure after it.
    last_row: u64,
}

impl XlsxSource {
    pub(crate) fn open(bytes: &[u8]) -> Result<Self, FileError> {
        let unreadable = |reason: String| FileError::Unreadable { reason };
        if !looks_like_spreadsheet(bytes) {
            return Err(unreadable(
                "it is not an XLSX spreadsheet; if it is a CSV file, name it .csv".into(),
            ));
        }
        let no_sheet = || unreadable("the workbook has no worksheet".into());
        let book = match Xlsx::new(Cursor::new(bytes.to_vec())) {
            Ok(book) => book,
            // Old .xls and .ods files still turn up; calamine reads them too, whole.
            Err(xlsx_error) => {
                let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
                    .map_err(|_| unreadable(xlsx_error.to_string()))?;
                let range = book
                    .worksheet_range_at(0)
                    .ok_or_else(no_sheet)?
                    .map_err(|e| unreadable(e.to_string()))?;
                let data_rows = range.height().saturating_sub(1);
                return Ok(Self {
                    rows: Rows::Whole { range, next: 0 },
                    data_rows,
                    width: None,
                    last_row: 0,
                });
            }
        };
        let sheet = book.sheet_names().into_iter().next().ok_or_else(no_sheet)?;
        let (sender, receiver) = sync_channel(BATCHES_IN_FLIGHT);
        std::thread::spawn(move || stream_sheet(book, &sheet, &sender));
        match receiver.recv() {
            Ok(Message::Opened { data_rows }) => Ok(Self {
                rows: Rows::Streamed {
                    receiver,
                    batch: Vec::new().into_iter(),
                    finished: false,
                },
                data_rows,
                width: None,
                last_row: 0,
            }),
            Ok(Message::Failed(reason)) => Err(unreadable(reason)),
            _ => Err(unreadable("the worksheet could not be opened".into())),
        }
    }

    /// Rows below the first, as the sheet declares them, for a progress bar.
    pub(crate) fn data_rows(&self) -> usize {
        self.data_rows
    }

    pub(crate) fn next_row(&mut self) -> Option<Result<SourceRow, RowError>> {
        let sheet_row = match &mut self.rows {
            Rows::Streamed { batch, .. } if batch.len() > 0 => batch.next().expect("checked"),
            Rows::Streamed { finished: true, .. } => return None,
            Rows::Streamed {
                receiver,
                batch,
                finished,
            } => match receiver.recv() {
                Ok(Message::Rows(rows)) => {
                    *batch = rows.into_iter();
                    return self.next_row();
                }
                Ok(Message::Done) => {
                    *finished = true;
                    return None;
                }
                failure => {
                    *finished = true;
                    let reason = match failure {
                        Ok(Message::Failed(reason)) => reason,
                        _ => "the sheet reader stopped".into(),
                    };
                    let message = format!("the spreadsheet cannot be read from here on: {reason}");
                    return Some(Err(RowError::new(
                        self.last_row + 1,
                        "",
                        None,
                        "unreadable-row",
                        message,
                    )));
                }
            },
            Rows::Whole { range, next } => {
                let r = *next;
                if r >= range.height() {
                    return None;
                }
                *next += 1;
                let (first_row, first_column) = range.start().unwrap_or((0, 0));
                let leading = (0..first_column).map(|_| Ok(String::new()));
                let cells = leading
                    .chain(
                        (0..range.width())
                            .map(|c| cell_text(range.get((r, c)).unwrap_or(&Data::Empty))),
                    )
                    .collect();
                SheetRow {
                    row: u64::from(first_row) + r as u64 + 1,
                    cells,
                }
            }
        };
        self.last_row = sheet_row.row;
        Some(Ok(self.shape(sheet_row)))
    }

    /// Fits a row to the header: empty cells Excel did not store are filled in, and a
    /// value beyond the last named column becomes a bad cell rather than vanishing.
    fn shape(&mut self, sheet_row: SheetRow) -> SourceRow {
        let is_empty = |c: &Result<String, String>| matches!(c, Ok(s) if s.trim().is_empty());
        let used = sheet_row
            .cells
            .iter()
            .rposition(|c| !is_empty(c))
            .map_or(0, |i| i + 1);
        let width = match self.width {
            Some(width) => width,
            // The first row with a value is the header.
            None if used > 0 => *self.width.insert(used),
            None => used,
        };
        let mut row = SourceRow {
            row: sheet_row.row,
            cells: StringRecord::with_capacity(64, width),
            bad_cells: Vec::new(),
        };
        let mut cells = sheet_row.cells.into_iter();
        for position in 0..width.max(used) {
            match cells.next().unwrap_or(Ok(String::new())) {
                Ok(text) if position < width => row.cells.push_field(&text),
                Ok(text) if text.trim().is_empty() => {}
                Ok(_) => row.bad_cells.push((
                    position,
                    "this cell has a value but its column has no name in the header row".into(),
                )),
                Err(problem) => {
                    row.bad_cells.push((position, problem));
                    if position < width {
                        row.cells.push_field("");
                    }
                }
            }
        }
        row
    }
}

/// The sheet thread: streams the first worksheet's rows until done, failed, or the
/// household reader is dropped (the send fails).
fn stream_sheet(mut book: Xlsx<Cursor<Vec<u8>>>, sheet: &str, to: &SyncSender<Message>) {
    let mut cells = match book.worksheet_cells_reader(sheet) {
        Ok(cells) => cells,
        Err(e) => {
            let _ = to.send(Message::Failed(e.to_string()));
            return;
        }
    };
    let dimensions = cells.dimensions();
    let data_rows = (dimensions.end.0.saturating_sub(dimensions.start.0)) as usize;
    if to.send(Message::Opened { data_rows }).is_err() {
        return;
    }
    let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
    let mut current: Option<SheetRow> = None;
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                let (r, c) = cell.get_position();
                let row = u64::from(r) + 1;
                if current.as_ref().is_some_and(|cur| cur.row != row) {
                    batch.push(current.take().expect("checked above"));
                    if batch.len() == ROWS_PER_BATCH {
                        let full =
                            std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH));
                        if to.send(Message::Rows(full)).is_err() {
                            return;
                        }
                    }
                }
                let cur = current.get_or_insert_with(|| SheetRow {
                    row,
                    cells: Vec::new(),
                });
                let c = c as usize;
                if cur.cells.len() <= c {
                    cur.cells.resize(c + 1, Ok(String::new()));
                }
                cur.cells[c] = match cell.get_value() {
                    // Most cells are text: copy it once, not through `Data`.
                    DataRef::SharedString(text) => Ok((*text).to_owned()),
                    DataRef::String(text) => Ok(text.clone()),
                    other => cell_text(&Data::from(other.clone())),
                };
            }
            Ok(None) => break,
            Err(e) => {
                let _ = to.send(Message::Failed(e.to_string()));
                return;
            }
        }
    }
    batch.extend(current);
    if !batch.is_empty() && to.send(Message::Rows(batch)).is_err() {
        return;
    }
    let _ = to.send(Message::Done);
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
