//! The citizen's status lookup without a login: what they type to find their record.
//! One field takes either a grievance reference or their national ID number; the
//! second factor (a receipt code, or the code printed on a decision letter) is checked
//! by the store against each kind of record that key may find.

use crate::{
    FieldError,
    country::Country,
    grievance::GrievanceRef,
    identity::{Document, DocumentType},
};

/// What the citizen's first field named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupKey {
    /// A grievance reference such as `2026-000123`.
    Grievance(GrievanceRef),
    /// A national ID number: finds the citizen's grievances (and, later, their
    /// household's latest decision).
    IdNumber(String),
}

impl LookupKey {
    /// A reference has a dash or slash in it; anything else is read as an ID number.
    pub fn parse(raw: &str, country: Country) -> Result<Self, FieldError> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(FieldError::required("key"));
        }
        if t.contains(['-', '/', '\u{2010}', '\u{2013}']) {
            return GrievanceRef::parse(t)
                .map(Self::Grievance)
                .map_err(|e| FieldError {
                    field: "key".into(),
                    ..e
                });
        }
        Document::parse(DocumentType::national_for(country), t)
            .map(|d| Self::IdNumber(d.number))
            .map_err(|_| {
                FieldError::new(
                    "key",
                    "invalid-lookup-key",
                    "enter a grievance reference (2026-000123) or a national ID number",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_field_takes_a_reference_or_an_id_number() {
        assert_eq!(
            LookupKey::parse("٢٠٢٦-٠٠٠٠١٢", Country::Jordan).unwrap(),
            LookupKey::Grievance(GrievanceRef {
                year: 2026,
                number: 12
            })
        );
        assert_eq!(
            LookupKey::parse(" 9801234567 ", Country::Jordan).unwrap(),
            LookupKey::IdNumber("9801234567".into())
        );
        for bad in ["", "12", "2026-x"] {
            assert_eq!(
                LookupKey::parse(bad, Country::Jordan).unwrap_err().field,
                "key"
            );
        }
    }
}
