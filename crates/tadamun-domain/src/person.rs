//! Persons: the four-part Arabic name, sex, birth date, disability and ID documents.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, FieldErrors, identity::Document, ids::PersonId};

/// One part of a name: trimmed, single-spaced, letters only (Arabic or Latin), at most
/// 40 characters. Compound parts such as "عبد الله" keep their inner space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct NamePart(String);

impl NamePart {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if cleaned.is_empty() {
            return Err(FieldError::required(field));
        }
        if cleaned.chars().count() > 40 {
            return Err(FieldError::new(
                field,
                "too-long",
                "a name part has at most 40 characters",
            ));
        }
        let allowed = |c: char| {
            c.is_alphabetic()
                || c == ' '
                || c == '-'
                || c == '\''
                || ('\u{064B}'..='\u{065F}').contains(&c)
                || c == '\u{0640}'
        };
        if !cleaned.chars().all(allowed) {
            return Err(FieldError::new(
                field,
                "letters-only",
                format!("'{raw}' must contain letters only"),
            ));
        }
        Ok(Self(cleaned))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The four-part Arabic name: given, father, grandfather, family (الاسم الرباعي).
/// The grandfather's name is optional because older records often lack it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonName {
    pub given: NamePart,
    pub father: NamePart,
    pub grandfather: Option<NamePart>,
    pub family: NamePart,
}

impl PersonName {
    /// Four empty parts, for reads that never show, match or store a name: scoring
    /// reads a million households and needs none. `parse` never makes one.
    pub fn withheld() -> Self {
        Self {
            given: NamePart(String::new()),
            father: NamePart(String::new()),
            grandfather: None,
            family: NamePart(String::new()),
        }
    }

    pub fn parse(
        given: &str,
        father: &str,
        grandfather: &str,
        family: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let given = errors.take(NamePart::parse("given_name", given));
        let father = errors.take(NamePart::parse("father_name", father));
        let grandfather = if grandfather.trim().is_empty() {
            Some(None)
        } else {
            errors.take(NamePart::parse("grandfather_name", grandfather).map(Some))
        };
        let family = errors.take(NamePart::parse("family_name", family));
        match (given, father, grandfather, family) {
            (Some(given), Some(father), Some(grandfather), Some(family)) if errors.is_empty() => {
                Ok(Self {
                    given,
                    father,
                    grandfather,
                    family,
                })
            }
            _ => Err(errors),
        }
    }

    /// The name as written: "محمد أحمد علي الزعبي".
    pub fn full(&self) -> String {
        let mut parts = vec![self.given.as_str(), self.father.as_str()];
        if let Some(g) = &self.grandfather {
            parts.push(g.as_str());
        }
        parts.push(self.family.as_str());
        parts.join(" ")
    }

    /// Search key of the whole name, in order.
    pub fn full_key(&self) -> String {
        tadamun_arabic::name_key(&self.full())
    }

    /// Search key starting from the family name, for clerks who search by family:
    /// "family given father".
    pub fn family_given_key(&self) -> String {
        tadamun_arabic::name_key(&format!(
            "{} {} {}",
            self.family.as_str(),
            self.given.as_str(),
            self.father.as_str()
        ))
    }

    /// Search key of given and family name only: what clerks type most often.
    pub fn given_family_key(&self) -> String {
        tadamun_arabic::name_key(&format!("{} {}", self.given.as_str(), self.family.as_str()))
    }
}

text_enum!(
    /// Sex as recorded on the ID document.
    Sex, "sex" { Male => "M", Female => "F" }
);

text_enum!(
    /// Relationship of a member to the head of household (رب الأسرة).
    Relationship, "relationship" {
        Head => "head",
        Spouse => "spouse",
        Son => "son",
        Daughter => "daughter",
        Father => "father",
        Mother => "mother",
        Brother => "brother",
        Sister => "sister",
        Grandchild => "grandchild",
        Grandparent => "grandparent",
        SonOrDaughterInLaw => "child_in_law",
        OtherRelative => "other_relative",
        NonRelative => "non_relative",
    }
);

text_enum!(
    MaritalStatus, "marital_status" {
        Single => "single",
        Married => "married",
        Divorced => "divorced",
        Widowed => "widowed",
    }
);

text_enum!(
    /// Highest level of education completed.
    Education, "education" {
        None => "none",
        Literate => "literate",
        Primary => "primary",
        Secondary => "secondary",
        Diploma => "diploma",
        University => "university",
    }
);

text_enum!(
    WorkStatus, "work_status" {
        Employed => "employed",
        SelfEmployed => "self_employed",
        Unemployed => "unemployed",
        Student => "student",
        Homemaker => "homemaker",
        Retired => "retired",
        UnableToWork => "unable_to_work",
        Child => "child",
    }
);

/// A birth date, exact or approximate (only the year is known, which is common for
/// older people and refugees). Approximate dates are stored as 1 July of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BirthDate {
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    pub approximate: bool,
}

impl BirthDate {
    /// Accepts `YYYY-MM-DD`, or `YYYY` alone (approximate). `today` bounds the date.
    pub fn parse(raw: &str, approximate: bool, today: Date) -> Result<Self, FieldError> {
        let raw = raw.trim();
        let err = |m: String| FieldError::new("birth_date", "invalid-date", m);
        let (date, approximate) = if raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) {
            let year: i32 = raw
                .parse()
                .map_err(|_| err(format!("'{raw}' is not a year")))?;
            (
                Date::from_calendar_date(year, time::Month::July, 1)
                    .map_err(|_| err(format!("'{raw}' is not a year")))?,
                true,
            )
        } else {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            (
                Date::parse(raw, format)
                    .map_err(|_| err(format!("'{raw}' is not a date like 1990-05-31")))?,
                approximate,
            )
        };
        if date > today {
            return Err(FieldError::new(
                "birth_date",
                "date-in-future",
                "the birth date is in the future",
            ));
        }
        if today.year() - date.year() > 120 {
            return Err(FieldError::new(
                "birth_date",
                "date-too-old",
                "the birth date is more than 120 years ago",
            ));
        }
        Ok(Self { date, approximate })
    }

    /// Age in whole years on `on`.
    pub fn age_on(&self, on: Date) -> i32 {
        let mut age = on.year() - self.date.year();
        if (on.month() as u8, on.day()) < (self.date.month() as u8, self.date.day()) {
            age -= 1;
        }
        age
    }
}

text_enum!(
    /// One answer of the Washington Group short set.
    Difficulty, "washington_group" {
        NoDifficulty => "1",
        SomeDifficulty => "2",
        ALotOfDifficulty => "3",
        CannotDoAtAll => "4",
    }
);

/// The Washington Group short set: six domains of functioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WashingtonGroup {
    pub seeing: Option<Difficulty>,
    pub hearing: Option<Difficulty>,
    pub walking: Option<Difficulty>,
    pub cognition: Option<Difficulty>,
    pub self_care: Option<Difficulty>,
    pub communication: Option<Difficulty>,
}

impl WashingtonGroup {
    pub const DOMAINS: [&'static str; 6] = [
        "seeing",
        "hearing",
        "walking",
        "cognition",
        "self_care",
        "communication",
    ];

    pub fn answers(&self) -> [Option<Difficulty>; 6] {
        [
            self.seeing,
            self.hearing,
            self.walking,
            self.cognition,
            self.self_care,
            self.communication,
        ]
    }

    pub fn from_answers(a: [Option<Difficulty>; 6]) -> Self {
        Self {
            seeing: a[0],
            hearing: a[1],
            walking: a[2],
            cognition: a[3],
            self_care: a[4],
            communication: a[5],
        }
    }

    /// The WG recommended cut-off: at least "a lot of difficulty" in any domain.
    pub fn has_disability(&self) -> bool {
        self.answers()
            .iter()
            .flatten()
            .any(|d| *d >= Difficulty::ALotOfDifficulty)
    }

    pub fn is_answered(&self) -> bool {
        self.answers().iter().any(Option::is_some)
    }
}

/// A person as entered on a form or import row, already parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonDraft {
    pub name: PersonName,
    /// Optional Latin-script name as on a passport.
    pub latin_name: Option<String>,
    pub sex: Sex,
    pub birth_date: BirthDate,
    pub relationship: Relationship,
    pub marital_status: Option<MaritalStatus>,
    pub education: Option<Education>,
    pub work_status: Option<WorkStatus>,
    pub disability: WashingtonGroup,
    pub documents: Vec<Document>,
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Person {
    pub id: PersonId,
    #[serde(flatten)]
    pub draft: PersonDraft,
    /// Set when a death has been recorded; the person stays in the history.
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_death: Option<Date>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names_are_trimmed_and_single_spaced() {
        let n = PersonName::parse("  عبد   الله ", "أحمد", "", "الزعبي").unwrap();
        assert_eq!(n.full(), "عبد الله أحمد الزعبي");
        assert_eq!(n.given_family_key(), "عبدالله الزعبي");
    }

    #[test]
    fn missing_and_bad_parts_are_all_reported() {
        let e = PersonName::parse("", "أحمد1", "", "").unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["given_name", "father_name", "family_name"]);
    }

    #[test]
    fn birth_dates_can_be_approximate_years() {
        let today = date!(2026 - 11 - 23);
        let b = BirthDate::parse("1950", false, today).unwrap();
        assert!(b.approximate);
        assert_eq!(b.age_on(today), 76);
        assert_eq!(
            BirthDate::parse("2030-01-01", false, today)
                .unwrap_err()
                .code,
            "date-in-future"
        );
        assert_eq!(
            BirthDate::parse("31/05/1990", false, today)
                .unwrap_err()
                .field,
            "birth_date"
        );
    }

    #[test]
    fn age_counts_whole_years() {
        let b = BirthDate {
            date: date!(2000 - 12 - 01),
            approximate: false,
        };
        assert_eq!(b.age_on(date!(2026 - 11 - 30)), 25);
        assert_eq!(b.age_on(date!(2026 - 12 - 01)), 26);
    }

    #[test]
    fn washington_group_uses_the_a_lot_cut_off() {
        let mut wg = WashingtonGroup {
            walking: Some(Difficulty::SomeDifficulty),
            ..Default::default()
        };
        assert!(!wg.has_disability());
        wg.seeing = Some(Difficulty::ALotOfDifficulty);
        assert!(wg.has_disability());
    }
}
