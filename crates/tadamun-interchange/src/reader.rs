//! The household reader: groups a file's rows into households, parses each with the
//! domain's rules, and reports every problem at the row and column a person can find
//! in Excel. CSV is streamed one household at a time, so a million rows need little
//! memory beyond the file itself.

use std::{borrow::Cow, collections::HashMap};

use serde::Serialize;
use tadamun_domain::{
    FieldError,
    country_pack::CountryPack,
    household::{HouseholdDraft, RawHousehold, RawPerson},
};
use time::Date;

use crate::{
    cells,
    decode::{count_data_rows, decode},
    documents::{parse_other_documents, repeated_documents},
    error::{FileError, RowError},
    layout::{EXTRA_PREFIX, Field, LIST_SEPARATOR, Layout},
    source::{CsvSource, Source, SourceRow},
    xlsx::{XlsxSource, looks_like_spreadsheet},
};

/// More rows than this under one household_ref is a mistake in the file, not a family.
const MAX_MEMBERS: usize = 100;

/// The two file formats of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FileFormat {
    Csv,
    /// An Excel workbook; older `.xls` and OpenDocument `.ods` files are read too.
    Xlsx,
}

impl FileFormat {
    /// The format a file name's extension says, case-insensitively.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Self::Csv),
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// One household read from the file and parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedHousehold {
    pub household_ref: String,
    /// Row of the household's first person, where its household columns were read.
    pub first_row: u64,
    /// Row of each member, in the order of `draft.members`.
    pub rows: Vec<u64>,
    pub draft: HouseholdDraft,
}

/// Reads households from a CSV or XLSX file, one at a time.
///
/// Each item is one household: parsed, or rejected with all its row errors. A rejected
/// household does not stop the others.
pub struct HouseholdReader {
    source: Source,
    layout: Layout,
    pack: CountryPack,
    today: Date,
    total_rows: usize,
    encoding: Option<&'static str>,
    /// A row read past the end of the previous household: the start of the next one.
    pending: Option<Result<SourceRow, RowError>>,
    /// First row of every household_ref met so far, to catch a household split in two.
    seen: HashMap<String, u64>,
}

impl std::fmt::Debug for HouseholdReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HouseholdReader")
            .field("total_rows", &self.total_rows)
            .field("encoding", &self.encoding)
            .finish_non_exhaustive()
    }
}

impl HouseholdReader {
    /// Opens a file and checks its header row. The bytes are copied; use
    /// [`HouseholdReader::from_vec`] to hand over a large CSV without the copy.
    ///
    /// Content wins over the name: a spreadsheet sent as `.csv` is read as a spreadsheet.
    pub fn new(
        bytes: &[u8],
        format: FileFormat,
        pack: &CountryPack,
        today: Date,
    ) -> Result<Self, FileError> {
        if format == FileFormat::Xlsx || looks_like_spreadsheet(bytes) {
            let xlsx = XlsxSource::open(bytes)?;
            let total = xlsx.data_rows();
            Self::start(Source::Xlsx(xlsx), total, None, pack, today)
        } else {
            Self::from_vec(bytes.to_vec(), format, pack, today)
        }
    }

    /// As [`HouseholdReader::new`], taking ownership of the bytes.
    pub fn from_vec(
        bytes: Vec<u8>,
        format: FileFormat,
        pack: &CountryPack,
        today: Date,
    ) -> Result<Self, FileError> {
        if format == FileFormat::Xlsx || looks_like_spreadsheet(&bytes) {
            return Self::new(&bytes, FileFormat::Xlsx, pack, today);
        }
        let decoded = decode(bytes);
        let total = count_data_rows(decoded.text());
        let encoding = decoded.encoding.name();
        Self::start(
            Source::Csv(CsvSource::new(decoded)),
            total,
            Some(encoding),
            pack,
            today,
        )
    }

    fn start(
        mut source: Source,
        total_rows: usize,
        encoding: Option<&'static str>,
        pack: &CountryPack,
        today: Date,
    ) -> Result<Self, FileError> {
        let header = match source.next_row() {
            None => return Err(FileError::Empty),
            Some(Err(e)) => return Err(FileError::Unreadable { reason: e.message }),
            Some(Ok(header)) => header,
        };
        let names: Vec<&str> = header.cells.iter().collect();
        let layout = Layout::from_header(&names, pack)?;
        let mut reader = Self {
            source,
            layout,
            pack: pack.clone(),
            today,
            total_rows,
            encoding,
            pending: None,
            seen: HashMap::new(),
        };
        reader.pending = Some(reader.source.next_row().ok_or(FileError::NoDataRows)?);
        Ok(reader)
    }

    /// Data rows in the file (blank rows included), for a progress bar; compare with
    /// the last of [`ParsedHousehold::rows`].
    pub fn total_rows(&self) -> usize {
        self.total_rows
    }

    /// The text encoding a CSV was read in (`UTF-8`, `windows-1256`, `UTF-16LE`);
    /// `None` for a spreadsheet.
    pub fn encoding(&self) -> Option<&'static str> {
        self.encoding
    }

    /// The row put back by the previous household, or the next row of the file.
    fn next_source_row(&mut self) -> Option<Result<SourceRow, RowError>> {
        self.pending.take().or_else(|| self.source.next_row())
    }

    /// A cell with what a spreadsheet did to it undone: the `'` guarding a formula, the
    /// leading zero a phone typed as a number lost.
    fn cell<'r>(&self, row: &'r SourceRow, position: usize) -> Cow<'r, str> {
        let text = cells::unneutralised(row.cell(position));
        let is_phone = [Field::Phone, Field::AltPhone]
            .into_iter()
            .any(|f| self.layout.position(f) == Some(position));
        match is_phone.then(|| cells::repaired_phone(text)).flatten() {
            Some(fixed) => Cow::Owned(fixed),
            None => Cow::Borrowed(text),
        }
    }

    fn household_ref_of<'r>(&self, row: &'r SourceRow) -> &'r str {
        self.layout
            .position(Field::HouseholdRef)
            .map_or("", |p| cells::unneutralised(row.cell(p)).trim())
    }

    /// Turns a group of contiguous rows sharing a household_ref into a household.
    fn build(
        &self,
        household_ref: String,
        group: Vec<SourceRow>,
    ) -> Result<ParsedHousehold, Vec<RowError>> {
        let href = Some(household_ref.as_str());
        let mut errors = self.shape_errors(&group, href);
        if errors.iter().any(|e| e.code == "wrong-column-count") {
            // Cells have shifted; their values would only add misleading errors.
            return Err(errors);
        }
        errors.extend(self.household_value_errors(&group, href));
        let rows: Vec<u64> = group.iter().map(|r| r.row).collect();
        let (raw, other_documents) = self.raw_household(&group);
        let mut more_documents = Vec::with_capacity(other_documents.len());
        for (i, cell) in other_documents.iter().enumerate() {
            match parse_other_documents(cell) {
                Ok(documents) => more_documents.push(documents),
                Err(field_errors) => {
                    let member = format!("members[{i}]");
                    errors.extend(
                        field_errors
                            .into_iter()
                            .map(|e| self.row_error(e.within(&member), &rows, href)),
                    );
                    more_documents.push(Vec::new());
                }
            }
        }
        match raw.parse(&self.pack, self.today) {
            Ok(mut draft) if errors.is_empty() => {
                for (member, documents) in draft.members.iter_mut().zip(more_documents) {
                    member.documents.extend(documents);
                }
                let repeats = repeated_documents(&draft.members);
                if repeats.is_empty() {
                    return Ok(ParsedHousehold {
                        household_ref,
                        first_row: rows[0],
                        rows,
                        draft,
                    });
                }
                errors.extend(repeats.into_iter().map(|(i, column, message)| {
                    RowError::new(rows[i], column, href, "duplicate-document", message)
                }));
            }
            Ok(_) => {}
            Err(field_errors) => errors.extend(
                field_errors
                    .0
                    .into_iter()
                    .map(|e| self.row_error(e, &rows, href)),
            ),
        }
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }

    /// Cells a row has too few or too many of, and cells that are not text.
    fn shape_errors(&self, group: &[SourceRow], href: Option<&str>) -> Vec<RowError> {
        let width = self.layout.width;
        let mut errors = Vec::new();
        for r in group {
            for (position, problem) in &r.bad_cells {
                errors.push(RowError::new(
                    r.row,
                    self.layout.column_name(*position),
                    href,
                    "cell-error",
                    problem.clone(),
                ));
            }
            // Strict, even for empty extra cells: an unquoted delimiter in an address
            // shifts every later cell, and the row may still look plausible.
            if r.cells.len() != width {
                let message = format!(
                    "this row has {} cells but the header row has {width}; a cell may be missing, or a value may contain the delimiter without quotes",
                    r.cells.len()
                );
                errors.push(RowError::new(
                    r.row,
                    "",
                    href,
                    "wrong-column-count",
                    message,
                ));
                continue;
            }
            for &position in &self.layout.blank {
                if !r.cell(position).trim().is_empty() {
                    let message =
                        "this cell has a value but its column has no name in the header row";
                    errors.push(RowError::new(
                        r.row,
                        format!("column {}", position + 1),
                        href,
                        "cell-without-header",
                        message,
                    ));
                }
            }
        }
        errors
    }

    /// Household columns are read from the first row; later rows may only repeat them.
    fn household_value_errors(&self, group: &[SourceRow], href: Option<&str>) -> Vec<RowError> {
        let fixed = Field::ALL
            .into_iter()
            .filter(|f| f.is_household_level() && *f != Field::HouseholdRef)
            .filter_map(|f| self.layout.position(f).map(|p| (f.name().to_owned(), p)));
        let extras = self
            .layout
            .extras
            .iter()
            .map(|(key, p)| (format!("{EXTRA_PREFIX}{key}"), *p));
        let (first, rest) = group.split_first().expect("a group has its first row");
        let mut errors = Vec::new();
        for (column, position) in fixed.chain(extras) {
            let expected = self.cell(first, position);
            let expected = expected.trim();
            for r in rest {
                let value = self.cell(r, position);
                let value = value.trim();
                if !value.is_empty() && value != expected {
                    let message = if expected.is_empty() {
                        format!(
                            "'{value}' is given on a later row of the household, but its first row (row {}) leaves {column} empty; household columns are read from the first row",
                            first.row
                        )
                    } else {
                        format!(
                            "'{value}' differs from '{expected}' on row {}, the household's first row; leave it empty or repeat the same value",
                            first.row
                        )
                    };
                    errors.push(RowError::new(
                        r.row,
                        column.clone(),
                        href,
                        "household-value-differs",
                        message,
                    ));
                }
            }
        }
        errors
    }

    /// The text of the group as the domain's raw household, with each member's
    /// `other_documents` cell beside it.
    fn raw_household(&self, group: &[SourceRow]) -> (RawHousehold, Vec<String>) {
        let take = |row: &SourceRow, field: Field| {
            self.layout
                .position(field)
                .map(|p| self.cell(row, p).into_owned())
                .unwrap_or_default()
        };
        let first = &group[0];
        let assets = take(first, Field::Assets)
            .split([LIST_SEPARATOR, ',', '،'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        let extra = self
            .layout
            .extras
            .iter()
            .filter(|(_, p)| !first.cell(*p).trim().is_empty())
            .map(|(key, p)| (key.clone(), self.cell(first, *p).into_owned()))
            .collect();
        let mut raw = RawHousehold {
            governorate: take(first, Field::Governorate),
            district: take(first, Field::District),
            address: take(first, Field::Address),
            phone: take(first, Field::Phone),
            alt_phone: take(first, Field::AltPhone),
            dwelling_type: take(first, Field::DwellingType),
            tenure: take(first, Field::Tenure),
            rooms: take(first, Field::Rooms),
            monthly_income: take(first, Field::MonthlyIncome),
            main_income_source: take(first, Field::MainIncomeSource),
            assets,
            extra,
            members: Vec::with_capacity(group.len()),
        };
        let mut other_documents = Vec::with_capacity(group.len());
        for row in group {
            other_documents.push(take(row, Field::OtherDocuments));
            raw.members.push(RawPerson {
                given_name: take(row, Field::GivenName),
                father_name: take(row, Field::FatherName),
                grandfather_name: take(row, Field::GrandfatherName),
                family_name: take(row, Field::FamilyName),
                latin_name: take(row, Field::LatinName),
                sex: take(row, Field::Sex),
                birth_date: take(row, Field::BirthDate),
                birth_date_approx: take(row, Field::BirthDateApprox),
                relationship: take(row, Field::Relationship),
                marital_status: take(row, Field::MaritalStatus),
                education: take(row, Field::Education),
                work_status: take(row, Field::WorkStatus),
                wg_seeing: take(row, Field::WgSeeing),
                wg_hearing: take(row, Field::WgHearing),
                wg_walking: take(row, Field::WgWalking),
                wg_cognition: take(row, Field::WgCognition),
                wg_self_care: take(row, Field::WgSelfCare),
                wg_communication: take(row, Field::WgCommunication),
                id_type: take(row, Field::IdType),
                id_number: take(row, Field::IdNumber),
            });
        }
        (raw, other_documents)
    }

    /// Places a domain error at the row and column it came from: `members[i].x` on the
    /// i-th person's row, column `x`; household fields on the first row; catalogue
    /// fields in their `extra.` column; rules across members in `relationship`.
    fn row_error(&self, e: FieldError, rows: &[u64], href: Option<&str>) -> RowError {
        let first = rows[0];
        let member = e
            .field
            .strip_prefix("members[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(i, sub)| {
                Some((
                    rows.get(i.parse::<usize>().ok()?)?,
                    sub.trim_start_matches('.'),
                ))
            });
        let (row, column) = match (member, e.field.as_str()) {
            (Some((row, "")), _) => (*row, Field::Relationship.name().to_owned()),
            (Some((row, sub)), _) => (*row, sub.to_owned()),
            (None, "members") => (first, Field::Relationship.name().to_owned()),
            // The domain names the enum, the layout names the column.
            (None, "income_source") => (first, Field::MainIncomeSource.name().to_owned()),
            (None, f)
                if Field::from_name(f).is_none() && self.pack.fields.iter().any(|d| d.key == f) =>
            {
                (first, format!("{EXTRA_PREFIX}{f}"))
            }
            (None, f) => (first, f.to_owned()),
        };
        RowError::new(row, column, href, e.code, e.message)
    }
}

impl Iterator for HouseholdReader {
    type Item = Result<ParsedHousehold, Vec<RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let first = match self.next_source_row()? {
            Ok(row) => row,
            Err(e) => return Some(Err(vec![e])),
        };
        let household_ref = self.household_ref_of(&first).to_owned();
        if household_ref.is_empty() {
            // A row cut short may have lost its ref; say so rather than ask for one.
            let mut errors = self.shape_errors(std::slice::from_ref(&first), None);
            if errors.iter().all(|e| e.code != "wrong-column-count") {
                let message = "every row needs a household_ref; rows of one household share it";
                errors.push(RowError::new(
                    first.row,
                    Field::HouseholdRef.name(),
                    None,
                    "required",
                    message,
                ));
            }
            return Some(Err(errors));
        }
        let mut group = vec![first];
        let mut rows_in_group = 1usize;
        while let Some(next) = self.next_source_row() {
            match next {
                Ok(row) if self.household_ref_of(&row) == household_ref => {
                    // Past any real household size the ref column is wrong; keep counting
                    // but stop holding rows, so one bad ref cannot fill the memory.
                    rows_in_group += 1;
                    if group.len() < MAX_MEMBERS {
                        group.push(row);
                    }
                }
                other => {
                    self.pending = Some(other);
                    break;
                }
            }
        }
        if rows_in_group > MAX_MEMBERS {
            self.seen.insert(household_ref.clone(), group[0].row);
            let message = format!(
                "household_ref '{household_ref}' is on {rows_in_group} rows in a row, but a household has at most {MAX_MEMBERS} members; is the household_ref column filled in correctly?"
            );
            return Some(Err(vec![RowError::new(
                group[0].row,
                Field::HouseholdRef.name(),
                Some(&household_ref),
                "household-too-large",
                message,
            )]));
        }
        if let Some(earlier) = self.seen.get(&household_ref) {
            let message = format!(
                "household_ref '{household_ref}' was already used by the household starting at row {earlier}; the rows of a household must be together (sort the file by household_ref)"
            );
            return Some(Err(vec![RowError::new(
                group[0].row,
                Field::HouseholdRef.name(),
                Some(&household_ref),
                "household-not-contiguous",
                message,
            )]));
        }
        self.seen.insert(household_ref.clone(), group[0].row);
        Some(self.build(household_ref, group))
    }
}
