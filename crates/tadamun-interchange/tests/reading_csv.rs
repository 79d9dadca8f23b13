//! Reading CSV files: encodings, delimiters, row numbers, and every kind of bad input a
//! clerk's file can have.

mod common;

use common::*;
use encoding_rs::WINDOWS_1256;
use tadamun_domain::{identity::DocumentType, person::Relationship};
use tadamun_interchange::{FileError, FileFormat, HouseholdReader};

fn open(text: &str) -> Result<HouseholdReader, FileError> {
    HouseholdReader::new(text.as_bytes(), FileFormat::Csv, &jordan(), TODAY)
}

fn assert_good_households(
    results: &[Result<tadamun_interchange::ParsedHousehold, Vec<tadamun_interchange::RowError>>],
) {
    assert_eq!(results.len(), 2, "{results:?}");
    let h1 = results[0].as_ref().unwrap();
    assert_eq!(h1.household_ref, "H1");
    assert_eq!((h1.first_row, h1.rows.clone()), (2, vec![2, 3]));
    assert_eq!(h1.draft.governorate.as_str(), "JO-IR");
    assert_eq!(h1.draft.address, "الحي الشرقي");
    assert_eq!(h1.draft.members[0].name.full(), "محمد أحمد علي الزعبي");
    assert_eq!(h1.draft.members[1].relationship, Relationship::Spouse);
    assert!(h1.draft.members[1].birth_date.approximate);
    assert!(h1.draft.socio.assets.fridge && h1.draft.socio.assets.car);
    assert_eq!(h1.draft.extra["nationality"], "jordanian");
    assert_eq!(h1.draft.phone.as_ref().unwrap().as_str(), "+962791234567");
    assert_eq!(
        h1.draft.members[0].documents[0].doc_type,
        DocumentType::JordanNationalNumber
    );
    let h2 = results[1].as_ref().unwrap();
    assert_eq!((h2.household_ref.as_str(), h2.first_row), ("H2", 4));
    assert!(h2.draft.members[0].documents.is_empty());
}

#[test]
fn a_good_utf8_file_gives_its_households() {
    assert_good_households(&read_csv(&good_csv()));
}

#[test]
fn a_utf8_file_with_a_bom_reads_the_same() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(good_csv().as_bytes());
    let reader = HouseholdReader::new(&bytes, FileFormat::Csv, &jordan(), TODAY).unwrap();
    assert_eq!(reader.encoding(), Some("UTF-8"));
    assert_good_households(&reader.collect::<Vec<_>>());
}

#[test]
fn a_windows_1256_file_from_arabic_excel_reads_the_same() {
    let text = good_csv();
    let (bytes, _, unmappable) = WINDOWS_1256.encode(&text);
    assert!(!unmappable);
    let reader = HouseholdReader::new(&bytes, FileFormat::Csv, &jordan(), TODAY).unwrap();
    assert_eq!(reader.encoding(), Some("windows-1256"));
    assert_good_households(&reader.collect::<Vec<_>>());
}

#[test]
fn a_semicolon_file_from_european_excel_reads_the_same() {
    let text = good_csv()
        .replace(',', ";")
        .replace("fridge;car", "\"fridge;car\"");
    assert_good_households(&read_csv(&text));
}

#[test]
fn crlf_line_ends_and_quoted_cells_read_the_same() {
    let text = good_csv()
        .replace("\n", "\r\n")
        .replace("الحي الشرقي", "\"الحي الشرقي\"");
    assert_good_households(&read_csv(&text));
}

#[test]
fn headers_are_matched_in_any_case_and_order_with_spaces() {
    let mut lines: Vec<String> = good_csv().lines().map(str::to_owned).collect();
    lines[0] = lines[0]
        .split(',')
        .map(|h| format!(" {} ", h.to_uppercase()))
        .collect::<Vec<_>>()
        .join(",");
    assert_good_households(&read_csv(&lines.join("\n")));
}

#[test]
fn row_numbers_count_blank_lines_but_not_line_breaks_inside_a_quoted_cell() {
    for end in ["\n", "\r\n", "\r"] {
        let text = [
            HEADER,
            &format!("H1,JO-IR,\"الحي{end}الشرقي\",,,,محمد,أحمد,,الزعبي,M,1980-03-15,head,"),
            "",
            "H2,JO-AM,جبل النزهة,,,,خالد,سعيد,,العمري,M,yesterday,head,",
            "",
            "H3,JO-AM,جبل النزهة,,,,خالد,سعيد,,العمري,M,tomorrow,head,",
        ]
        .join(end);
        let results = read_csv(&format!("{end}{text}"));
        assert_eq!(results[0].as_ref().unwrap().draft.address, "الحي الشرقي");
        // Excel shows the quoted address on row 3, below the leading blank row.
        let expected = [
            place(5, "birth_date", "invalid-date"),
            place(7, "birth_date", "invalid-date"),
        ];
        assert_eq!(error_places(&results), expected, "line end {end:?}");
    }
}

#[test]
fn total_rows_counts_the_data_rows_for_a_progress_bar() {
    assert_eq!(open(&good_csv()).unwrap().total_rows(), 3);
}

#[test]
fn an_empty_file_is_a_file_error() {
    for text in ["", "\u{FEFF}", "\n\n", " , ,\n"] {
        assert!(matches!(open(text), Err(FileError::Empty)), "{text:?}");
    }
}

#[test]
fn a_header_without_data_rows_is_a_file_error() {
    assert!(matches!(open(HEADER), Err(FileError::NoDataRows)));
    let e = open(&format!("{HEADER}\r\n,,,,,,,,,,,,,\r\n")).unwrap_err();
    assert_eq!(e.code(), "file-no-data");
    assert_eq!(e.to_string(), "the file has a header row but no data rows");
}

#[test]
fn a_missing_required_column_is_a_file_error_naming_it() {
    let text = good_csv().replace("birth_date", "birthday");
    let e = open(&text).unwrap_err();
    // The unknown column is reported first: it is often the misspelt required one.
    assert!(
        matches!(&e, FileError::UnknownColumn { column, position: 12, .. } if column == "birthday"),
        "{e:?}"
    );
    let e = open("household_ref,governorate,address,given_name,father_name,family_name,birth_date\nH1,JO-IR,إربد,محمد,أحمد,الزعبي,1980-03-15").unwrap_err();
    assert_eq!(e.code(), "missing-column");
    assert_eq!(
        e.to_string(),
        "required column(s) missing from the header row: sex, relationship"
    );
}

#[test]
fn an_unknown_column_is_a_file_error_naming_it_and_suggesting_the_right_one() {
    let e = open(&good_csv().replace("given_name", "givn_name")).unwrap_err();
    assert_eq!(e.code(), "unknown-column");
    assert_eq!(
        e.to_string(),
        "unknown column 'givn_name' (column 7 of the header row); did you mean 'given_name'?"
    );
    let e = open(&good_csv().replace("extra.nationality", "extra.colour")).unwrap_err();
    assert!(
        e.to_string().starts_with("unknown column 'extra.colour'"),
        "{e}"
    );
}

#[test]
fn a_spreadsheet_named_csv_is_read_as_a_spreadsheet_and_text_named_xlsx_is_refused() {
    let e = HouseholdReader::new(good_csv().as_bytes(), FileFormat::Xlsx, &jordan(), TODAY)
        .unwrap_err();
    assert_eq!(e.code(), "file-unreadable");
}

#[test]
fn a_row_with_too_few_or_too_many_cells_is_an_error_on_that_row() {
    let short = good_csv_with(3, "H2,JO-AM,جبل النزهة,,,,خالد,سعيد,,العمري,M,1970-01-01");
    assert_eq!(
        error_places(&read_csv(&short)),
        [place(4, "", "wrong-column-count")]
    );
    let long = good_csv_with(
        3,
        "H2,JO-AM,جبل, النزهة,,,,خالد,سعيد,,العمري,M,1970-01-01,head,",
    );
    let results = read_csv(&long);
    assert!(results[0].is_ok());
    let e = &errors_of(&results)[0];
    assert_eq!(
        (e.row, e.code.as_str(), e.household_ref.as_deref()),
        (4, "wrong-column-count", Some("H2"))
    );
    assert!(
        e.message.contains("15 cells but the header row has 14"),
        "{}",
        e.message
    );
}

#[test]
fn empty_columns_without_a_name_are_ignored() {
    let text = good_csv()
        .lines()
        .map(|l| format!("{l},,"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(read_csv(&text).iter().filter(|r| r.is_ok()).count(), 2);
}

#[test]
fn bad_dates_and_unknown_governorates_are_placed_on_their_row_and_column() {
    let text = [
        HEADER,
        "H1,JO-XX,الحي الشرقي,0791234567,,jordanian,محمد,أحمد,علي,الزعبي,M,1980-03-15,head,9801012345",
        "H1,,,,,,فاطمة,حسن,,الزعبي,F,15/03/1985,spouse,98520",
        "H2,PS-NBS,جبل النزهة,,,,خالد,سعيد,,العمري,M,2030-01-01,head,",
    ]
    .join("\n");
    let results = read_csv(&text);
    assert_eq!(
        error_places(&results),
        [
            place(2, "governorate", "unknown-governorate"),
            place(3, "birth_date", "invalid-date"),
            place(3, "id_number", "invalid-national-id"),
            place(4, "governorate", "unknown-governorate"),
            place(4, "birth_date", "date-in-future"),
        ]
    );
    let first = &errors_of(&results)[0];
    assert_eq!(first.household_ref.as_deref(), Some("H1"));
    assert_eq!(first.message, "JO-XX is not a governorate of Jordan");
}

#[test]
fn household_fields_catalogue_fields_and_member_rules_are_placed_on_the_first_row() {
    let text = [
        HEADER,
        "H1,JO-IR,الحي الشرقي,12,boat,martian,محمد,أحمد,علي,الزعبي,M,1980-03-15,head,9801012345",
        "H1,,,,,,فاطمة,حسن,,الزعبي,F,1985,head,9852012345",
    ]
    .join("\n");
    let errors = error_places(&read_csv(&text));
    assert_eq!(
        errors,
        [
            place(2, "phone", "invalid-phone"),
            place(2, "assets", "unknown-choice"),
            place(2, "extra.nationality", "unknown-choice")
        ]
    );
    let one_head = read_csv(&good_csv().replace("spouse", "head"));
    assert_eq!(
        error_places(&one_head),
        [place(2, "relationship", "one-head")]
    );
}

#[test]
fn the_same_document_twice_in_a_household_is_placed_on_the_second_person() {
    let errors = error_places(&read_csv(&good_csv().replace("9852012345", "9801012345")));
    assert_eq!(errors, [place(3, "id_number", "duplicate-document")]);
}

#[test]
fn a_household_value_that_differs_on_a_later_row_is_an_error_on_that_row() {
    let results = read_csv(&good_csv_with(
        2,
        "H1,JO-AM,الحي الشرقي,,,,فاطمة,حسن,,الزعبي,F,1985,spouse,9852012345",
    ));
    let e = &errors_of(&results)[0];
    assert_eq!(
        (e.row, e.column.as_str(), e.code.as_str()),
        (3, "governorate", "household-value-differs")
    );
    assert_eq!(
        e.message,
        "'JO-AM' differs from 'JO-IR' on row 2, the household's first row; leave it empty or repeat the same value"
    );
    assert!(results[1].is_ok());
    let repeated = read_csv(&good_csv_with(
        2,
        "H1,JO-IR,الحي الشرقي,0791234567,fridge;car,jordanian,فاطمة,حسن,,الزعبي,F,1985,spouse,9852012345",
    ));
    assert!(repeated[0].is_ok(), "{repeated:?}");
    let late = error_places(&read_csv(&good_csv_with(
        3,
        "H2,JO-AM,جبل النزهة,,,,خالد,سعيد,,العمري,M,1970-01-01,head,\nH2,,,,,syrian,سعاد,سعيد,,العمري,F,1975-01-01,spouse,",
    )));
    assert_eq!(
        late,
        [place(5, "extra.nationality", "household-value-differs")]
    );
}

#[test]
fn a_household_split_in_two_is_an_error_where_it_reappears() {
    let text = format!(
        "{}\nH1,,,,,,سارة,محمد,أحمد,الزعبي,F,2010-06-01,daughter,",
        good_csv()
    );
    let results = read_csv(&text);
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let e = &errors_of(&results)[0];
    assert_eq!(
        (e.row, e.column.as_str(), e.code.as_str()),
        (5, "household_ref", "household-not-contiguous")
    );
    assert!(e.message.contains("starting at row 2"), "{}", e.message);
}

#[test]
fn a_row_without_a_household_ref_is_an_error_on_its_own() {
    let results = read_csv(&good_csv_with(
        2,
        ",,,,,,فاطمة,حسن,,الزعبي,F,1985,spouse,9852012345",
    ));
    assert_eq!(results.len(), 3);
    assert_eq!(
        error_places(&results),
        [place(3, "household_ref", "required")]
    );
    assert_eq!(errors_of(&results)[0].household_ref, None);
}

#[test]
fn missing_person_values_are_each_reported() {
    let errors = error_places(&read_csv(&good_csv_with(
        3,
        "H2,JO-AM,جبل النزهة,,,,,سعيد,,,X,,,",
    )));
    assert_eq!(
        errors,
        [
            place(4, "given_name", "required"),
            place(4, "family_name", "required"),
            place(4, "sex", "unknown-choice"),
            place(4, "birth_date", "required"),
            place(4, "relationship", "required"),
        ]
    );
}

#[test]
fn a_value_under_a_column_without_a_name_is_an_error() {
    let text = good_csv()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 3 {
                format!("{l},oops")
            } else {
                format!("{l},")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        error_places(&read_csv(&text)),
        [place(4, "column 15", "cell-without-header")]
    );
}

#[test]
fn a_cell_guarded_against_formulas_reads_without_its_quote() {
    let results = read_csv(
        &good_csv()
            .replace("جبل النزهة", "'=جبل النزهة")
            .replace("0791234567", "'+962791234567"),
    );
    assert_eq!(results[1].as_ref().unwrap().draft.address, "=جبل النزهة");
    assert_eq!(
        results[0]
            .as_ref()
            .unwrap()
            .draft
            .phone
            .as_ref()
            .unwrap()
            .as_str(),
        "+962791234567"
    );
}

#[test]
fn a_phone_that_lost_its_leading_zero_in_excel_is_repaired() {
    let results = read_csv(&good_csv().replace("0791234567", "791234567"));
    assert_eq!(
        results[0]
            .as_ref()
            .unwrap()
            .draft
            .phone
            .as_ref()
            .unwrap()
            .as_str(),
        "+962791234567"
    );
}

#[test]
fn optional_columns_may_be_left_out() {
    let text = "household_ref,governorate,address,given_name,father_name,family_name,sex,birth_date,relationship\nH1,JO-IR,إربد,محمد,أحمد,الزعبي,M,1980-03-15,head";
    let results = read_csv(text);
    assert_eq!(results.len(), 1);
    assert!(results[0].is_ok(), "{results:?}");
}

#[test]
fn other_documents_are_read_after_the_id_number_and_checked() {
    let file = |head_others: &str, spouse_others: &str| {
        [
            "household_ref,governorate,address,given_name,father_name,family_name,sex,birth_date,relationship,id_number,other_documents".to_owned(),
            format!("H1,JO-IR,إربد,محمد,أحمد,الزعبي,M,1980-03-15,head,9801012345,{head_others}"),
            format!("H1,,,فاطمة,حسن,الزعبي,F,1985,spouse,9852012345,{spouse_others}"),
        ]
        .join("\n")
    };
    let results = read_csv(&file("unrwa_refugee_card:1234-5678", ""));
    let h1 = results[0].as_ref().unwrap_or_else(|e| panic!("{e:?}"));
    let numbers: Vec<&str> = h1.draft.members[0]
        .documents
        .iter()
        .map(|d| d.number.as_str())
        .collect();
    assert_eq!(numbers, ["9801012345", "12345678"]);

    let bad = read_csv(&file("unrwa:1234-5678; 12", ""));
    assert_eq!(
        error_places(&bad),
        [
            place(2, "other_documents", "unknown-document-type"),
            place(2, "other_documents", "invalid-document-list")
        ]
    );
    let twice = read_csv(&file(
        "unrwa_refugee_card:1234-5678",
        "unrwa_refugee_card:12345678",
    ));
    assert_eq!(
        error_places(&twice),
        [place(3, "other_documents", "duplicate-document")]
    );
}

#[test]
fn a_household_ref_on_too_many_rows_is_one_error_not_a_memory_hog() {
    let good = good_csv();
    let member = "H1,,,,,,سارة,محمد,,الزعبي,F,2010-06-01,daughter,";
    let lines: Vec<&str> = good
        .lines()
        .take(2)
        .chain(std::iter::repeat_n(member, 150))
        .collect();
    let results = read_csv(&lines.join("\n"));
    assert_eq!(results.len(), 1);
    let e = &errors_of(&results)[0];
    assert_eq!((e.row, e.code.as_str()), (2, "household-too-large"));
    assert!(e.message.contains("151 rows"), "{}", e.message);
}

#[test]
fn a_row_cut_short_before_its_household_ref_is_a_column_count_error() {
    let text = "governorate,address,given_name,father_name,family_name,sex,birth_date,relationship,household_ref\nJO-IR,إربد,محمد,أحمد,الزعبي,M,1980-03-15,head,H1\nJO-IR,إربد,محمد";
    assert_eq!(
        error_places(&read_csv(text)),
        [place(3, "", "wrong-column-count")]
    );
}

#[test]
fn file_formats_come_from_the_extension() {
    assert_eq!(
        FileFormat::from_file_name("Households.CSV"),
        Some(FileFormat::Csv)
    );
    assert_eq!(
        FileFormat::from_file_name("أسر إربد.xlsx"),
        Some(FileFormat::Xlsx)
    );
    assert_eq!(
        FileFormat::from_file_name("old.xls"),
        Some(FileFormat::Xlsx)
    );
    assert_eq!(FileFormat::from_file_name("households.pdf"), None);
    assert_eq!(FileFormat::from_file_name("households"), None);
}
