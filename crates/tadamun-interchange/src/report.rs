//! The error report a clerk downloads after an import: one line per row error, opened
//! in Excel next to the file they are fixing.

use std::io::Write;

use crate::{cells::neutralise, error::RowError, writer::BOM};

/// Writes `row,column,household_ref,code,message` as CSV, UTF-8 with a BOM so Excel
/// shows the Arabic in refs and messages.
pub fn write_error_report_csv(errors: &[RowError], mut out: impl Write) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(["row", "column", "household_ref", "code", "message"])?;
    for e in errors {
        // Refs and messages quote what the file held, which may look like a formula.
        let row = e.row.to_string();
        let cells = [
            row.as_str(),
            &e.column,
            e.household_ref.as_deref().unwrap_or_default(),
            &e.code,
            &e.message,
        ];
        csv.write_record(cells.map(|c| neutralise(c).into_owned()))?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_has_a_bom_a_header_and_one_line_per_error() {
        let errors = [
            RowError::new(
                3,
                "birth_date",
                Some("أسرة-1"),
                "invalid-date",
                "'yesterday' is not a date like 1990-05-31",
            ),
            RowError::new(
                7,
                "household_ref",
                Some("=cmd"),
                "household-not-contiguous",
                "seen before",
            ),
        ];
        let mut out = Vec::new();
        write_error_report_csv(&errors, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = text.strip_prefix('\u{FEFF}').expect("BOM");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "row,column,household_ref,code,message");
        assert_eq!(
            lines[1],
            "3,birth_date,أسرة-1,invalid-date,'yesterday' is not a date like 1990-05-31"
        );
        assert_eq!(
            lines[2],
            "7,household_ref,'=cmd,household-not-contiguous,seen before"
        );
    }
}
