//! Writing households in the layout, for export and for synthetic files: CSV (UTF-8 with
//! a BOM so Excel shows Arabic) and XLSX (right to left for Arabic users).

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook};
use tadamun_domain::{
    country_pack::{CountryPack, FieldKind},
    household::HouseholdDraft,
    money::Currency,
};

use crate::{
    cells::neutralise,
    error::WriteError,
    layout::{Column, Field, header_row},
    render::Renderer,
};

/// The UTF-8 byte order mark: without it Excel reads a CSV as the local code page.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Data rows an XLSX sheet can hold below its header row (Excel's limit is 1,048,576).
pub const XLSX_MAX_DATA_ROWS: u64 = 1_048_575;

/// Writes the households as CSV, one row per member, and returns the number of rows.
/// No households gives the header alone: an empty template.
pub fn write_households_csv(
    mut out: impl Write,
    households: impl IntoIterator<Item = (String, HouseholdDraft)>,
    pack: &CountryPack,
) -> Result<u64, WriteError> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(header_row(pack))?;
    let mut renderer = Renderer::new(pack);
    let mut rows = 0;
    for (household_ref, draft) in households {
        for cells in renderer.rows(&household_ref, &draft)? {
            csv.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
            rows += 1;
        }
    }
    csv.flush()?;
    Ok(rows)
}

/// Writes the households as an XLSX workbook of one sheet, right to left when `rtl`.
/// The header is bold and frozen; IDs, phones, refs and dates are text cells so Excel
/// keeps leading zeros and does not reformat dates. More than
/// [`XLSX_MAX_DATA_ROWS`] rows is an error.
pub fn write_households_xlsx(
    households: impl IntoIterator<Item = (String, HouseholdDraft)>,
    pack: &CountryPack,
    rtl: bool,
) -> Result<Vec<u8>, WriteError> {
    write_xlsx_up_to(households, pack, rtl, XLSX_MAX_DATA_ROWS)
}

/// How a column's cells are written in XLSX.
enum CellKind {
    Text,
    /// Text in a column formatted as text, so values typed later stay text too.
    KeptText,
    Number,
    Money,
}

fn cell_kind(column: &Column, pack: &CountryPack) -> CellKind {
    match column {
        Column::Fixed(
            Field::HouseholdRef
            | Field::Phone
            | Field::AltPhone
            | Field::IdNumber
            | Field::BirthDate,
        ) => CellKind::KeptText,
        Column::Fixed(Field::Rooms) => CellKind::Number,
        Column::Fixed(Field::MonthlyIncome) => CellKind::Money,
        Column::Extra(key)
            if pack
                .fields
                .iter()
                .any(|f| &f.key == key && matches!(f.kind, FieldKind::Integer { .. })) =>
        {
            CellKind::Number
        }
        Column::Fixed(_) | Column::Extra(_) => CellKind::Text,
    }
}

pub(crate) fn write_xlsx_up_to(
    households: impl IntoIterator<Item = (String, HouseholdDraft)>,
    pack: &CountryPack,
    rtl: bool,
    max_rows: u64,
) -> Result<Vec<u8>, WriteError> {
    let mut book = Workbook::new();
    // Constant-memory mode streams rows to a temporary file: a national export stays
    // around a hundred MB instead of several GB.
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("households")?;
    sheet.set_right_to_left(rtl);
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let decimals = Currency::of(pack.country).decimals as usize;
    let money = Format::new().set_num_format(format!("0.{}", "0".repeat(decimals)));
    let mut renderer = Renderer::new(pack);
    let kinds: Vec<CellKind> = renderer
        .columns
        .iter()
        .map(|c| cell_kind(c, pack))
        .collect();
    for (c, name) in (0u16..).zip(header_row(pack)) {
        sheet.write_string_with_format(0, c, name, &bold)?;
        sheet.set_column_width(c, 16)?;
        if matches!(kinds[usize::from(c)], CellKind::KeptText) {
            sheet.set_column_format(c, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 0;
    for (household_ref, draft) in households {
        for cells in renderer.rows(&household_ref, &draft)? {
            if u64::from(row) >= max_rows {
                return Err(WriteError::TooManyRowsForXlsx { max: max_rows });
            }
            row += 1;
            for ((c, cell), kind) in (0u16..).zip(cells).zip(&kinds) {
                if cell.is_empty() {
                    continue;
                }
                // Numbers only where they are exact and useful to sum; the rest is text.
                match (kind, cell.parse::<f64>()) {
                    (CellKind::Number, Ok(n)) => sheet.write_number(row, c, n)?,
                    (CellKind::Money, Ok(n)) if n < 1e12 => {
                        sheet.write_number_with_format(row, c, n, &money)?
                    }
                    (CellKind::KeptText, _) => {
                        sheet.write_string_with_format(row, c, cell, &text)?
                    }
                    _ => sheet.write_string(row, c, cell)?,
                };
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::{
        country::Country,
        household::{RawHousehold, RawPerson},
    };
    use time::macros::date;

    fn household() -> HouseholdDraft {
        let head = RawPerson {
            given_name: "محمد".into(),
            father_name: "أحمد".into(),
            family_name: "الزعبي".into(),
            sex: "M".into(),
            birth_date: "1980-03-15".into(),
            relationship: "head".into(),
            ..Default::default()
        };
        let raw = RawHousehold {
            governorate: "JO-IR".into(),
            address: "إربد".into(),
            members: vec![head],
            ..Default::default()
        };
        raw.parse(
            &CountryPack::builtin(Country::Jordan),
            date!(2026 - 11 - 23),
        )
        .unwrap()
    }

    #[test]
    fn an_xlsx_export_beyond_the_sheet_limit_is_a_clear_error() {
        let pack = CountryPack::builtin(Country::Jordan);
        let three = (0..3).map(|i| (format!("H{i}"), household()));
        let e = write_xlsx_up_to(three, &pack, true, 2).unwrap_err();
        assert!(matches!(e, WriteError::TooManyRowsForXlsx { max: 2 }));
        assert!(e.to_string().contains("use CSV"), "{e}");
        assert!(
            write_xlsx_up_to(
                (0..2).map(|i| (format!("H{i}"), household())),
                &pack,
                false,
                2
            )
            .is_ok()
        );
    }

    #[test]
    fn the_xlsx_limit_is_excels_less_the_header() {
        assert_eq!(XLSX_MAX_DATA_ROWS + 1, 1_048_576);
    }
}
