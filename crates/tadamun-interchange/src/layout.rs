//! The column layout of a household file: which columns exist, which are required,
//! and how a header row maps onto them. Reading and writing share this one list so
//! an exported file always reads back.

use std::collections::HashMap;

use tadamun_domain::country_pack::CountryPack;

use crate::error::FileError;

/// Prefix of the columns that carry a country pack's catalogue fields.
pub const EXTRA_PREFIX: &str = "extra.";

/// Separator of the asset names in `assets`, and of the documents in `other_documents`.
pub const LIST_SEPARATOR: char = ';';

/// Separator of a document's type and number in `other_documents`.
pub const DOCUMENT_SEPARATOR: char = ':';

/// Number of fixed columns.
const FIELD_COUNT: usize = 33;

/// A fixed column of the layout. The discriminant is the column's index in [`Field::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    HouseholdRef,
    Governorate,
    District,
    Address,
    Phone,
    AltPhone,
    DwellingType,
    Tenure,
    Rooms,
    MonthlyIncome,
    MainIncomeSource,
    Assets,
    GivenName,
    FatherName,
    GrandfatherName,
    FamilyName,
    LatinName,
    Sex,
    BirthDate,
    BirthDateApprox,
    Relationship,
    MaritalStatus,
    Education,
    WorkStatus,
    WgSeeing,
    WgHearing,
    WgWalking,
    WgCognition,
    WgSelfCare,
    WgCommunication,
    IdType,
    IdNumber,
    OtherDocuments,
}

/// One row of the layout's documentation: column name, Arabic meaning, English meaning.
#[derive(Debug, Clone, Copy)]
pub struct FieldDoc {
    pub name: &'static str,
    pub arabic: &'static str,
    pub english: &'static str,
}

const fn doc(name: &'static str, arabic: &'static str, english: &'static str) -> FieldDoc {
    FieldDoc {
        name,
        arabic,
        english,
    }
}

/// The documentation of every fixed column, in [`Field::ALL`] order.
const DOCS: [FieldDoc; FIELD_COUNT] = [
    doc(
        "household_ref",
        "رقم مرجعي للأسرة في الملف",
        "Reference that groups the rows of one household in this file",
    ),
    doc("governorate", "المحافظة", "Governorate code, e.g. JO-IR"),
    doc(
        "district",
        "اللواء / القضاء",
        "District code of the governorate, e.g. JO-IR-01",
    ),
    doc("address", "العنوان", "Address as written"),
    doc(
        "phone",
        "رقم الهاتف",
        "Phone number, national (079…) or international (+962…)",
    ),
    doc("alt_phone", "رقم هاتف بديل", "Second phone number"),
    doc(
        "dwelling_type",
        "نوع المسكن",
        "house, apartment, tent, caravan, shared, other",
    ),
    doc("tenure", "حيازة المسكن", "owned, rented, free, informal"),
    doc(
        "rooms",
        "عدد الغرف",
        "Rooms excluding kitchen and bathroom, 0 to 50",
    ),
    doc(
        "monthly_income",
        "الدخل الشهري",
        "Declared monthly income in the country's currency, e.g. 250.500",
    ),
    doc(
        "main_income_source",
        "مصدر الدخل الرئيسي",
        "wages, self_employment, pension, assistance, remittances, agriculture, none",
    ),
    doc(
        "assets",
        "الممتلكات",
        "Assets owned, separated by ';': car, fridge, washing_machine, air_conditioner, computer, internet",
    ),
    doc("given_name", "الاسم الأول", "Given name"),
    doc("father_name", "اسم الأب", "Father's name"),
    doc(
        "grandfather_name",
        "اسم الجد",
        "Grandfather's name (optional)",
    ),
    doc("family_name", "اسم العائلة", "Family name"),
    doc(
        "latin_name",
        "الاسم بالأحرف اللاتينية",
        "Name in Latin letters as on a passport",
    ),
    doc("sex", "الجنس", "M or F"),
    doc(
        "birth_date",
        "تاريخ الميلاد",
        "YYYY-MM-DD, or YYYY alone when only the year is known",
    ),
    doc(
        "birth_date_approx",
        "تاريخ الميلاد تقريبي",
        "1 when the birth date is approximate",
    ),
    doc(
        "relationship",
        "صلة القرابة برب الأسرة",
        "head, spouse, son, daughter, father, mother, brother, sister, grandchild, grandparent, child_in_law, other_relative, non_relative",
    ),
    doc(
        "marital_status",
        "الحالة الاجتماعية",
        "single, married, divorced, widowed",
    ),
    doc(
        "education",
        "المستوى التعليمي",
        "none, literate, primary, secondary, diploma, university",
    ),
    doc(
        "work_status",
        "الحالة العملية",
        "employed, self_employed, unemployed, student, homemaker, retired, unable_to_work, child",
    ),
    doc(
        "wg_seeing",
        "صعوبة في الرؤية",
        "Washington Group: seeing, 1 (no difficulty) to 4 (cannot do at all)",
    ),
    doc(
        "wg_hearing",
        "صعوبة في السمع",
        "Washington Group: hearing, 1 to 4",
    ),
    doc(
        "wg_walking",
        "صعوبة في المشي أو صعود الدرج",
        "Washington Group: walking or climbing steps, 1 to 4",
    ),
    doc(
        "wg_cognition",
        "صعوبة في التذكر أو التركيز",
        "Washington Group: remembering or concentrating, 1 to 4",
    ),
    doc(
        "wg_self_care",
        "صعوبة في العناية الذاتية",
        "Washington Group: self-care, 1 to 4",
    ),
    doc(
        "wg_communication",
        "صعوبة في التواصل",
        "Washington Group: communicating, 1 to 4",
    ),
    doc(
        "id_type",
        "نوع الوثيقة",
        "Document type; empty means the country's national number",
    ),
    doc(
        "id_number",
        "رقم الوثيقة",
        "Document number, e.g. the national number",
    ),
    doc(
        "other_documents",
        "وثائق أخرى",
        "Further documents as type:number, separated by ';', e.g. unrwa_refugee_card:1234-5678",
    ),
];

impl Field {
    pub const ALL: [Field; FIELD_COUNT] = [
        Self::HouseholdRef,
        Self::Governorate,
        Self::District,
        Self::Address,
        Self::Phone,
        Self::AltPhone,
        Self::DwellingType,
        Self::Tenure,
        Self::Rooms,
        Self::MonthlyIncome,
        Self::MainIncomeSource,
        Self::Assets,
        Self::GivenName,
        Self::FatherName,
        Self::GrandfatherName,
        Self::FamilyName,
        Self::LatinName,
        Self::Sex,
        Self::BirthDate,
        Self::BirthDateApprox,
        Self::Relationship,
        Self::MaritalStatus,
        Self::Education,
        Self::WorkStatus,
        Self::WgSeeing,
        Self::WgHearing,
        Self::WgWalking,
        Self::WgCognition,
        Self::WgSelfCare,
        Self::WgCommunication,
        Self::IdType,
        Self::IdNumber,
        Self::OtherDocuments,
    ];

    /// Columns a file must have; the others may be left out.
    pub const REQUIRED: [Field; 9] = [
        Self::HouseholdRef,
        Self::Governorate,
        Self::Address,
        Self::GivenName,
        Self::FatherName,
        Self::FamilyName,
        Self::Sex,
        Self::BirthDate,
        Self::Relationship,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The column name in a header row, also the `RawPerson`/`RawHousehold` field name.
    pub fn name(self) -> &'static str {
        DOCS[self.index()].name
    }

    pub fn doc(self) -> FieldDoc {
        DOCS[self.index()]
    }

    /// Household-level columns are read from a household's first row; person columns
    /// from every row.
    pub fn is_household_level(self) -> bool {
        self.index() <= Self::Assets.index()
    }

    pub fn is_required(self) -> bool {
        Self::REQUIRED.contains(&self)
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A column as written: a fixed field or a catalogue field of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Fixed(Field),
    /// The pack's catalogue key, e.g. `nationality` for the header `extra.nationality`.
    Extra(String),
}

impl Column {
    pub fn header(&self) -> String {
        match self {
            Self::Fixed(f) => f.name().to_owned(),
            Self::Extra(key) => format!("{EXTRA_PREFIX}{key}"),
        }
    }
}

/// Every column in the order files are written: the fixed fields, then the pack's
/// catalogue fields. Also the header of an empty template.
pub fn columns(pack: &CountryPack) -> Vec<Column> {
    Field::ALL
        .into_iter()
        .map(Column::Fixed)
        .chain(pack.fields.iter().map(|f| Column::Extra(f.key.clone())))
        .collect()
}

/// The header row a file is written with.
pub fn header_row(pack: &CountryPack) -> Vec<String> {
    columns(pack).iter().map(Column::header).collect()
}

/// How a file's header row maps onto the layout.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Position in the file of each fixed field, by [`Field::index`].
    fixed: [Option<usize>; FIELD_COUNT],
    /// Catalogue key and position in the file of each `extra.` column present.
    pub(crate) extras: Vec<(String, usize)>,
    /// Number of cells in the header row.
    pub(crate) width: usize,
    /// Positions whose header cell is empty: allowed, but they must stay empty.
    pub(crate) blank: Vec<usize>,
}

impl Layout {
    /// Matches header cells case-insensitively after trimming, in any order.
    pub(crate) fn from_header<S: AsRef<str>>(
        cells: &[S],
        pack: &CountryPack,
    ) -> Result<Self, FileError> {
        let mut layout = Layout {
            fixed: [None; FIELD_COUNT],
            extras: Vec::new(),
            width: cells.len(),
            blank: Vec::new(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (position, raw) in cells.iter().enumerate() {
            let name = normalise_header(raw.as_ref());
            if name.is_empty() {
                layout.blank.push(position);
                continue;
            }
            if let Some(first) = seen.insert(name.clone(), position) {
                return Err(FileError::DuplicateColumn {
                    column: name,
                    first: first + 1,
                    second: position + 1,
                });
            }
            if let Some(field) = Field::from_name(&name) {
                layout.fixed[field.index()] = Some(position);
            } else if let Some(key) = name
                .strip_prefix(EXTRA_PREFIX)
                .and_then(|k| pack.fields.iter().find(|f| f.key.eq_ignore_ascii_case(k)))
            {
                layout.extras.push((key.key.clone(), position));
            } else {
                let suggestion = closest_column(&name, pack);
                return Err(FileError::UnknownColumn {
                    column: raw.as_ref().trim().to_owned(),
                    position: position + 1,
                    suggestion,
                });
            }
        }
        let missing: Vec<String> = Field::REQUIRED
            .iter()
            .filter(|f| layout.fixed[f.index()].is_none())
            .map(|f| f.name().to_owned())
            .collect();
        if !missing.is_empty() {
            return Err(FileError::MissingColumns { columns: missing });
        }
        Ok(layout)
    }

    /// Position of a fixed field in the file, if the file has that column.
    pub(crate) fn position(&self, field: Field) -> Option<usize> {
        self.fixed[field.index()]
    }

    /// The file's header name of the column at `position`, in the layout's spelling.
    pub(crate) fn column_name(&self, position: usize) -> String {
        if let Some(i) = self.fixed.iter().position(|p| *p == Some(position)) {
            return Field::ALL[i].name().to_owned();
        }
        if let Some((key, _)) = self.extras.iter().find(|(_, p)| *p == position) {
            return format!("{EXTRA_PREFIX}{key}");
        }
        format!("column {}", position + 1)
    }
}

/// Trims spaces and the invisible marks spreadsheets leave (BOM, direction marks), and
/// lower-cases, so `Given_Name ` matches `given_name`.
fn normalise_header(raw: &str) -> String {
    raw.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{200B}')
    })
    .to_lowercase()
}

/// The known column nearest to a misspelt one, when it is close enough to be a typo.
fn closest_column(name: &str, pack: &CountryPack) -> Option<String> {
    header_row(pack)
        .into_iter()
        .map(|candidate| (edit_distance(name, &candidate), candidate))
        .filter(|(d, candidate)| *d <= 2.max(candidate.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; headers are short, so the simple version does.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::country::Country;

    fn jordan() -> CountryPack {
        CountryPack::builtin(Country::Jordan)
    }

    #[test]
    fn field_order_matches_the_documentation() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(Field::from_name(f.name()), Some(*f));
        }
        assert!(Field::Assets.is_household_level());
        assert!(!Field::GivenName.is_household_level());
    }

    #[test]
    fn headers_match_in_any_order_and_case() {
        let header = [
            " Family_Name",
            "GIVEN_NAME",
            "father_name",
            "sex",
            "birth_date",
            "relationship",
            "address",
            "governorate",
            "Household_Ref",
            "Extra.Nationality",
        ];
        let layout = Layout::from_header(&header, &jordan()).unwrap();
        assert_eq!(layout.position(Field::GivenName), Some(1));
        assert_eq!(layout.position(Field::HouseholdRef), Some(8));
        assert_eq!(layout.extras, vec![("nationality".to_owned(), 9)]);
        assert_eq!(layout.column_name(9), "extra.nationality");
    }

    #[test]
    fn a_misspelt_column_is_refused_with_a_suggestion() {
        let mut header = header_row(&jordan());
        header[18] = "birth_dat".into();
        match Layout::from_header(&header, &jordan()) {
            Err(FileError::UnknownColumn {
                column,
                position,
                suggestion,
            }) => {
                assert_eq!(
                    (column.as_str(), position, suggestion.as_deref()),
                    ("birth_dat", 19, Some("birth_date"))
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_catalogue_field_of_another_country_is_an_unknown_column() {
        let mut header = header_row(&jordan());
        header.push("extra.refugee_camp".into());
        assert!(matches!(
            Layout::from_header(&header, &jordan()),
            Err(FileError::UnknownColumn { .. })
        ));
    }

    #[test]
    fn every_missing_required_column_is_named() {
        let header = [
            "household_ref",
            "governorate",
            "address",
            "given_name",
            "father_name",
            "family_name",
            "sex",
        ];
        match Layout::from_header(&header, &jordan()) {
            Err(FileError::MissingColumns { columns }) => {
                assert_eq!(columns, ["birth_date", "relationship"])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_column_given_twice_is_refused() {
        let mut header = header_row(&jordan());
        header.push("Phone".into());
        assert!(matches!(
            Layout::from_header(&header, &jordan()),
            Err(FileError::DuplicateColumn { first: 5, .. })
        ));
    }

    #[test]
    fn the_layout_document_names_every_column() {
        let text = include_str!("../LAYOUT.md");
        for f in Field::ALL {
            assert!(
                text.contains(&format!("| `{}`", f.name())),
                "LAYOUT.md lacks {}",
                f.name()
            );
            assert!(
                text.contains(f.doc().arabic),
                "LAYOUT.md lacks the Arabic of {}",
                f.name()
            );
        }
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("sex", "sex"), 0);
        assert_eq!(edit_distance("sx", "sex"), 1);
        assert_eq!(edit_distance("given", "gvien"), 2);
    }
}
