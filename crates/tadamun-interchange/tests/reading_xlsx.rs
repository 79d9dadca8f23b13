//! Reading XLSX files as clerks make them: numbers where text was meant, real date
//! cells, a header that does not start on row 1.

mod common;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tadamun_interchange::{FileError, FileFormat, HouseholdReader};

/// A sheet with the header on `header_row` (0-based) and one household typed the way
/// Excel stores it: ID, phone and rooms as numbers, the birth date as a date cell.
fn typed_workbook(header_row: u32, birth_date_as_date: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "Household_Ref",
        "governorate",
        "address",
        "phone",
        "rooms",
        "given_name",
        "father_name",
        "family_name",
        "sex",
        "birth_date",
        "relationship",
        "id_number",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(header_row, c, h).unwrap();
    }
    let r = header_row + 1;
    sheet.write_number(r, 0, 17).unwrap();
    sheet.write_string(r, 1, "JO-IR").unwrap();
    sheet.write_string(r, 2, "إربد، الحي الشرقي").unwrap();
    sheet.write_number(r, 3, 791_234_567).unwrap();
    sheet.write_number(r, 4, 3).unwrap();
    for (c, v) in [
        (5, "محمد"),
        (6, "أحمد"),
        (7, "الزعبي"),
        (8, "M"),
        (10, "head"),
    ] {
        sheet.write_string(r, c, v).unwrap();
    }
    if birth_date_as_date {
        let date = ExcelDateTime::from_ymd(1980, 3, 15).unwrap();
        sheet
            .write_datetime_with_format(r, 9, &date, &Format::new().set_num_format("dd/mm/yyyy"))
            .unwrap();
    } else {
        sheet.write_string(r, 9, "yesterday").unwrap();
    }
    sheet.write_number(r, 11, 9_801_012_345_f64).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn numbers_and_dates_typed_in_excel_read_as_the_text_they_stand_for() {
    let results = read(&typed_workbook(0, true), FileFormat::Xlsx);
    let h = results[0].as_ref().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(h.household_ref, "17");
    assert_eq!(h.draft.address, "إربد، الحي الشرقي");
    assert_eq!(h.draft.phone.as_ref().unwrap().as_str(), "+962791234567");
    assert_eq!(h.draft.socio.rooms, Some(3));
    assert_eq!(
        h.draft.members[0].birth_date.date,
        time::macros::date!(1980 - 03 - 15)
    );
    assert_eq!(h.draft.members[0].documents[0].number, "9801012345");
}

#[test]
fn rows_are_numbered_as_excel_shows_them_even_below_empty_rows() {
    let results = read(&typed_workbook(2, false), FileFormat::Xlsx);
    assert_eq!(
        error_places(&results),
        [place(4, "birth_date", "invalid-date")]
    );
    let reader = HouseholdReader::new(
        &typed_workbook(2, false),
        FileFormat::Xlsx,
        &jordan(),
        TODAY,
    )
    .unwrap();
    assert_eq!((reader.total_rows(), reader.encoding()), (1, None));
}

#[test]
fn a_spreadsheet_sent_with_a_csv_name_is_still_read() {
    let results = read(&typed_workbook(0, true), FileFormat::Csv);
    assert!(results[0].is_ok());
}

#[test]
fn an_empty_sheet_and_a_header_only_sheet_are_file_errors() {
    let mut book = Workbook::new();
    book.add_worksheet();
    let empty = book.save_to_buffer().unwrap();
    assert!(matches!(
        HouseholdReader::new(&empty, FileFormat::Xlsx, &jordan(), TODAY),
        Err(FileError::Empty)
    ));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(HEADER.split(',')) {
        sheet.write_string(0, c, h).unwrap();
    }
    let header_only = book.save_to_buffer().unwrap();
    assert!(matches!(
        HouseholdReader::new(&header_only, FileFormat::Xlsx, &jordan(), TODAY),
        Err(FileError::NoDataRows)
    ));
}

#[test]
fn a_corrupt_workbook_is_a_file_error() {
    let mut bytes = typed_workbook(0, true);
    bytes.truncate(bytes.len() / 2);
    let e = HouseholdReader::new(&bytes, FileFormat::Xlsx, &jordan(), TODAY).unwrap_err();
    assert_eq!(e.code(), "file-unreadable");
}

#[test]
fn an_unknown_column_in_a_sheet_is_a_file_error() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(HEADER.replace("family_name", "surname").split(',')) {
        sheet.write_string(0, c, h).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let e = HouseholdReader::new(&bytes, FileFormat::Xlsx, &jordan(), TODAY).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown column 'surname' (column 10 of the header row)"
    );
}

#[test]
fn a_value_beyond_the_last_named_column_is_an_error_not_dropped() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        HEADER.to_owned(),
        good_csv().lines().nth(3).unwrap().to_owned(),
    ];
    for (r, line) in (0u32..).zip(&rows) {
        for (c, cell) in (0u16..).zip(line.split(',')) {
            sheet.write_string(r, c, cell).unwrap();
        }
    }
    sheet.write_string(1, 16, "ملاحظة").unwrap();
    let results = read(&book.save_to_buffer().unwrap(), FileFormat::Xlsx);
    assert_eq!(
        error_places(&results),
        [place(2, "column 17", "cell-error")]
    );
}
