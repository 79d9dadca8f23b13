//! A session of a course (dates, place, governorate, trainer, capacity) and the steps
//! of one trainee's enrolment in it: enrolled, attended, completed. Completion needs
//! attendance; the store adds the checks that need rows (capacity, who is enrolled).

use serde::{Deserialize, Serialize};
use time::Date;

use super::{text, whole_number};
use crate::{
    FieldError, FieldErrors, area::GovernorateCode, country_pack::CountryPack,
    partner::accreditation::parse_date,
};

/// The most trainees one session takes.
pub const MAX_CAPACITY: i64 = 500;

/// A session as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawSession {
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub governorate: String,
    pub trainer: String,
    pub capacity: String,
}

/// A checked session, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDraft {
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
    pub governorate: GovernorateCode,
    pub trainer: String,
    pub capacity: i64,
}

impl RawSession {
    /// Checks every field against the country pack, reporting all errors at once. A
    /// session may last one day (end on its start) but never end before it starts.
    pub fn parse(&self, pack: &CountryPack) -> Result<SessionDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = |raw: &str, field: &str| match raw.trim() {
            "" => Err(FieldError::required(field)),
            d => parse_date(d, field),
        };
        let starts_on = errors.take(date(&self.starts_on, "starts_on"));
        let ends_on = errors.take(date(&self.ends_on, "ends_on"));
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.push(FieldError::new(
                "ends_on",
                "ends-before-start",
                "the session cannot end before it starts",
            ));
        }
        let place = errors.take(text(&self.place, "place", true, 200)).flatten();
        let governorate = if self.governorate.trim().is_empty() {
            errors.push(FieldError::required("governorate"));
            None
        } else {
            errors.take(pack.governorate(&self.governorate))
        };
        let trainer = errors
            .take(text(&self.trainer, "trainer", true, 200))
            .flatten();
        let capacity = errors.take(whole_number(&self.capacity, "capacity", 1..=MAX_CAPACITY));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SessionDraft {
            starts_on: starts_on.expect("checked"),
            ends_on: ends_on.expect("checked"),
            place: place.expect("checked"),
            governorate: governorate.expect("checked"),
            trainer: trainer.expect("checked"),
            capacity: capacity.expect("checked"),
        })
    }
}

/// The day a trainee completed, typed as `YYYY-MM-DD` (Arabic-Indic digits too).
pub fn parse_completion_date(raw: &str) -> Result<Date, FieldError> {
    match raw.trim() {
        "" => Err(FieldError::required("completed_on")),
        d => parse_date(d, "completed_on"),
    }
}

text_enum!(
    /// Where one trainee's enrolment stands.
    EnrolmentStatus, "status" {
        Enrolled => "enrolled",
        Attended => "attended",
        Completed => "completed",
    }
);

impl EnrolmentStatus {
    /// Marking attendance: only an enrolment not yet completed.
    pub fn attend(self) -> Result<Self, FieldError> {
        match self {
            Self::Completed => Err(FieldError::new(
                "username",
                "already-completed",
                "this trainee has completed the session already",
            )),
            _ => Ok(Self::Attended),
        }
    }

    /// Completing: only after attendance, and only once.
    pub fn complete(self) -> Result<Self, FieldError> {
        match self {
            Self::Enrolled => Err(FieldError::new(
                "username",
                "not-attended",
                "mark the trainee's attendance before completing",
            )),
            Self::Attended => Ok(Self::Completed),
            Self::Completed => Err(FieldError::new(
                "username",
                "already-completed",
                "this trainee has completed the session already",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use time::macros::date;

    fn raw() -> RawSession {
        RawSession {
            starts_on: "2026-05-10".into(),
            ends_on: "٢٠٢٦-٠٥-١٢".into(),
            place: "مديرية إربد".into(),
            governorate: "jo-ir".into(),
            trainer: "ليلى حداد".into(),
            capacity: "20".into(),
        }
    }

    #[test]
    fn a_well_formed_session_parses() {
        let s = raw().parse(&CountryPack::builtin(Country::Jordan)).unwrap();
        assert_eq!(s.ends_on, date!(2026 - 05 - 12));
        assert_eq!(s.governorate.as_str(), "JO-IR");
        assert_eq!(s.capacity, 20);
    }

    #[test]
    fn a_session_ending_before_it_starts_and_other_bad_fields_are_named() {
        let mut r = raw();
        r.ends_on = "2026-05-09".into();
        r.governorate = "PS-NBS".into();
        r.trainer = " ".into();
        r.capacity = "0".into();
        let e = r.parse(&CountryPack::builtin(Country::Jordan)).unwrap_err();
        let fields: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("ends_on", "ends-before-start"),
                ("governorate", "unknown-governorate"),
                ("trainer", "required"),
                ("capacity", "out-of-range"),
            ]
        );
        r.starts_on = "10/5/2026".into();
        let e = r.parse(&CountryPack::builtin(Country::Jordan)).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("starts_on", "invalid-date")
        );
    }

    #[test]
    fn completion_needs_attendance_and_happens_once() {
        use EnrolmentStatus::*;
        assert_eq!(Enrolled.complete().unwrap_err().code, "not-attended");
        assert_eq!(Enrolled.attend(), Ok(Attended));
        assert_eq!(Attended.complete(), Ok(Completed));
        assert_eq!(Completed.complete().unwrap_err().code, "already-completed");
        assert_eq!(Completed.attend().unwrap_err().code, "already-completed");
    }
}
