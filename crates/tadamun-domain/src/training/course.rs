//! A training course: a stable code, Arabic and English titles, a description, its
//! hours, and how long the certificate it leads to stays valid. Also the two pure
//! rules of a certificate: its number and its expiry from the completion date.

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use super::{text, whole_number};
use crate::{FieldError, FieldErrors, ids::CourseId};

/// The longest certificate validity accepted: ten years.
pub const MAX_VALIDITY_MONTHS: i64 = 120;

/// A course code: 2 to 20 upper-case ASCII letters, digits or `-`, e.g. `CM-101`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourseCode(String);

impl CourseCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::required("code"));
        }
        let ok = (2..=20).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
            && !code.starts_with('-');
        if ok {
            Ok(Self(code))
        } else {
            Err(FieldError::new(
                "code",
                "invalid-course-code",
                format!("'{raw}' must be 2 to 20 Latin letters, digits or '-'"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CourseCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<CourseCode> for String {
    fn from(c: CourseCode) -> String {
        c.0
    }
}

/// How long a certificate stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validity {
    NoExpiry,
    Months(u32),
}

impl Validity {
    pub fn months(self) -> Option<i64> {
        match self {
            Self::NoExpiry => None,
            Self::Months(m) => Some(i64::from(m)),
        }
    }
}

/// A course as a form sends it: every value a string. A blank validity means the
/// certificate never expires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawCourse {
    pub code: String,
    pub title_ar: String,
    pub title_en: String,
    pub description: String,
    pub hours: String,
    pub validity_months: String,
}

/// A checked course, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDraft {
    pub code: CourseCode,
    pub title_ar: String,
    pub title_en: Option<String>,
    pub description: String,
    pub hours: i64,
    pub validity: Validity,
}

/// A stored course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub id: CourseId,
    #[serde(flatten)]
    pub draft: CourseDraft,
    pub version: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Course {
    /// The title in the reader's language; the Arabic when there is no English.
    pub fn title(&self, arabic: bool) -> &str {
        self.draft.title(arabic)
    }
}

impl CourseDraft {
    pub fn title(&self, arabic: bool) -> &str {
        match (&self.title_en, arabic) {
            (Some(en), false) => en,
            _ => &self.title_ar,
        }
    }

    /// Back to raw form, to fill an edit form.
    pub fn to_raw(&self) -> RawCourse {
        RawCourse {
            code: self.code.as_str().to_owned(),
            title_ar: self.title_ar.clone(),
            title_en: self.title_en.clone().unwrap_or_default(),
            description: self.description.clone(),
            hours: self.hours.to_string(),
            validity_months: self
                .validity
                .months()
                .map(|m| m.to_string())
                .unwrap_or_default(),
        }
    }
}

fn has_arabic_letter(s: &str) -> bool {
    s.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

impl RawCourse {
    /// Checks every field, reporting all errors at once.
    pub fn parse(&self) -> Result<CourseDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = errors.take(CourseCode::parse(&self.code));
        let title_ar = errors
            .take(text(&self.title_ar, "title_ar", true, 200))
            .flatten();
        if title_ar.as_deref().is_some_and(|t| !has_arabic_letter(t)) {
            errors.push(FieldError::new(
                "title_ar",
                "arabic-name-required",
                "the Arabic title must be written in Arabic letters",
            ));
        }
        let title_en = errors
            .take(text(&self.title_en, "title_en", false, 200))
            .flatten();
        let description = errors
            .take(text(&self.description, "description", false, 2000))
            .flatten();
        let hours = errors.take(whole_number(&self.hours, "hours", 1..=1000));
        let validity = if self.validity_months.trim().is_empty() {
            Some(Validity::NoExpiry)
        } else {
            errors
                .take(whole_number(
                    &self.validity_months,
                    "validity_months",
                    1..=MAX_VALIDITY_MONTHS,
                ))
                .map(|m| Validity::Months(m as u32))
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CourseDraft {
            code: code.expect("checked"),
            title_ar: title_ar.expect("checked"),
            title_en,
            description: description.unwrap_or_default(),
            hours: hours.expect("checked"),
            validity: validity.expect("checked"),
        })
    }
}

/// The day a certificate stops being valid: the completion date moved on by the
/// course's validity in calendar months (the 31st becomes the month's last day).
/// Valid while `today < expiry`; `None` never expires.
pub fn certificate_expiry(completed_on: Date, validity: Validity) -> Option<Date> {
    let months = validity.months()?;
    let total = i64::from(completed_on.year()) * 12 + i64::from(u8::from(completed_on.month())) - 1
        + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let day = completed_on.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// A certificate's number: the course code, the year of completion and eight hex
/// digits from the random tail of the enrolment's id, e.g. `CM-101-2026-3FA2C91B`.
/// The store's unique index has the final word.
pub fn certificate_number(code: &CourseCode, completed_on: Date, enrolment: Uuid) -> String {
    let hex = enrolment.simple().to_string().to_ascii_uppercase();
    format!(
        "{}-{}-{}",
        code.as_str(),
        completed_on.year(),
        &hex[hex.len() - 8..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn raw() -> RawCourse {
        RawCourse {
            code: " cm-101 ".into(),
            title_ar: "إدارة  الحالة".into(),
            title_en: "Case management".into(),
            description: "".into(),
            hours: "١٢".into(),
            validity_months: "24".into(),
        }
    }

    #[test]
    fn a_well_formed_course_parses_with_code_upper_cased_and_digits_folded() {
        let c = raw().parse().unwrap();
        assert_eq!(c.code.as_str(), "CM-101");
        assert_eq!(c.title_ar, "إدارة الحالة");
        assert_eq!(c.hours, 12);
        assert_eq!(c.validity, Validity::Months(24));
        let mut r = raw();
        r.validity_months = " ".into();
        assert_eq!(r.parse().unwrap().validity, Validity::NoExpiry);
        assert_eq!(c.to_raw().parse().unwrap(), c);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let r = RawCourse {
            code: "ح-1".into(),
            title_ar: "Case".into(),
            title_en: "x".repeat(201),
            description: "".into(),
            hours: "0".into(),
            validity_months: "121".into(),
        };
        let e = r.parse().unwrap_err();
        let fields: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("code", "invalid-course-code"),
                ("title_ar", "arabic-name-required"),
                ("title_en", "too-long"),
                ("hours", "out-of-range"),
                ("validity_months", "out-of-range"),
            ]
        );
        let e = RawCourse::default().parse().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["code", "title_ar", "hours"]);
    }

    #[test]
    fn a_certificate_expires_whole_months_after_completion_clamped_to_the_month_end() {
        let m = Validity::Months;
        assert_eq!(
            certificate_expiry(date!(2026 - 03 - 15), m(12)),
            Some(date!(2027 - 03 - 15))
        );
        assert_eq!(
            certificate_expiry(date!(2026 - 01 - 31), m(1)),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            certificate_expiry(date!(2027 - 11 - 30), m(3)),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            certificate_expiry(date!(2026 - 03 - 15), Validity::NoExpiry),
            None
        );
    }

    #[test]
    fn a_certificate_number_names_course_and_year() {
        let id = Uuid::parse_str("0190a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b").unwrap();
        let code = CourseCode::parse("psea").unwrap();
        assert_eq!(
            certificate_number(&code, date!(2026 - 05 - 01), id),
            "PSEA-2026-3E4F5A6B"
        );
    }

    proptest! {
        #[test]
        fn expiry_is_always_after_completion_and_within_the_months(
            days in 0i64..20_000, months in 1u32..=120
        ) {
            let start = date!(2000 - 01 - 01) + time::Duration::days(days);
            let end = certificate_expiry(start, Validity::Months(months)).unwrap();
            prop_assert!(end > start);
            let span = (end - start).whole_days();
            prop_assert!(span >= i64::from(months) * 28 && span <= i64::from(months) * 31);
        }

        #[test]
        fn course_codes_never_panic_and_parse_upper_case(s in "\\PC{0,30}") {
            if let Ok(c) = CourseCode::parse(&s) {
                prop_assert_eq!(c.as_str(), c.as_str().to_ascii_uppercase());
            }
        }
    }
}
