//! Shared test data: a small Jordanian file with Arabic content, and helpers to read a
//! file to the end.

#![allow(dead_code)]

use tadamun_domain::{country::Country, country_pack::CountryPack};
use tadamun_interchange::{FileFormat, HouseholdReader, ParsedHousehold, RowError};
use time::{Date, macros::date};

pub const TODAY: Date = date!(2026 - 11 - 23);

pub fn jordan() -> CountryPack {
    CountryPack::builtin(Country::Jordan)
}

pub fn palestine() -> CountryPack {
    CountryPack::builtin(Country::Palestine)
}

pub const HEADER: &str = "household_ref,governorate,address,phone,assets,extra.nationality,given_name,father_name,grandfather_name,family_name,sex,birth_date,relationship,id_number";

/// Two households: H1 with a head and a spouse (approximate birth year), H2 a head alone.
pub fn good_csv() -> String {
    [
        HEADER,
        "H1,JO-IR,الحي الشرقي,0791234567,fridge;car,jordanian,محمد,أحمد,علي,الزعبي,M,1980-03-15,head,9801012345",
        "H1,,,,,,فاطمة,حسن,,الزعبي,F,1985,spouse,9852012345",
        "H2,JO-AM,جبل النزهة,,,,خالد,سعيد,,العمري,M,1970-01-01,head,",
    ]
    .join("\n")
}

/// Replaces line `n` (0 is the header) of the good file.
pub fn good_csv_with(n: usize, line: &str) -> String {
    let mut lines: Vec<String> = good_csv().lines().map(str::to_owned).collect();
    lines[n] = line.to_owned();
    lines.join("\n")
}

pub fn read(bytes: &[u8], format: FileFormat) -> Vec<Result<ParsedHousehold, Vec<RowError>>> {
    HouseholdReader::new(bytes, format, &jordan(), TODAY)
        .expect("the header is valid")
        .collect()
}

pub fn read_csv(text: &str) -> Vec<Result<ParsedHousehold, Vec<RowError>>> {
    read(text.as_bytes(), FileFormat::Csv)
}

/// Every row error of a file, in order.
pub fn errors_of(results: &[Result<ParsedHousehold, Vec<RowError>>]) -> Vec<RowError> {
    results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .flatten()
        .cloned()
        .collect()
}

/// `(row, column, code)` of every row error, the shape most tests check.
pub fn error_places(
    results: &[Result<ParsedHousehold, Vec<RowError>>],
) -> Vec<(u64, String, String)> {
    errors_of(results)
        .into_iter()
        .map(|e| (e.row, e.column, e.code))
        .collect()
}

pub fn place(row: u64, column: &str, code: &str) -> (u64, String, String) {
    (row, column.to_owned(), code.to_owned())
}
