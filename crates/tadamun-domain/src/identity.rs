//! Identity documents: a (type, number) pair validated by the issuing country's rules.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{FieldError, country::Country, phone::to_ascii_digit};

/// The kinds of document the registry keeps. Refugee and foreigner documents are kept
/// alongside national ones, because many poor households hold only those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Jordan's 10-digit national number (الرقم الوطني).
    JordanNationalNumber,
    /// Palestine's 9-digit identity number with a check digit (رقم الهوية).
    PalestinianId,
    /// UNRWA refugee registration card (بطاقة لاجئ).
    UnrwaRefugeeCard,
    /// UNHCR asylum-seeker or refugee certificate.
    UnhcrCertificate,
    /// A foreigner's personal number or residence permit.
    ForeignerId,
    Passport,
}

impl DocumentType {
    pub const ALL: [DocumentType; 6] = [
        Self::JordanNationalNumber,
        Self::PalestinianId,
        Self::UnrwaRefugeeCard,
        Self::UnhcrCertificate,
        Self::ForeignerId,
        Self::Passport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::JordanNationalNumber => "jordan_national_number",
            Self::PalestinianId => "palestinian_id",
            Self::UnrwaRefugeeCard => "unrwa_refugee_card",
            Self::UnhcrCertificate => "unhcr_certificate",
            Self::ForeignerId => "foreigner_id",
            Self::Passport => "passport",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                FieldError::new(
                    "id_type",
                    "unknown-document-type",
                    format!("unknown document type '{s}'"),
                )
            })
    }

    /// The national document of a country: what a citizen's "ID number" means there.
    pub fn national_for(country: Country) -> Self {
        match country {
            Country::Jordan => Self::JordanNationalNumber,
            Country::Palestine => Self::PalestinianId,
        }
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document number that passed its type's validation, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Document {
    pub doc_type: DocumentType,
    pub number: String,
}

impl Document {
    pub fn parse(doc_type: DocumentType, raw: &str) -> Result<Self, FieldError> {
        let number = match doc_type {
            DocumentType::JordanNationalNumber => {
                let d = digits_only(raw, "id_number")?;
                if d.len() != 10 {
                    return Err(FieldError::new(
                        "id_number",
                        "invalid-national-id",
                        format!(
                            "a Jordanian national number has 10 digits, '{raw}' has {}",
                            d.len()
                        ),
                    ));
                }
                d
            }
            DocumentType::PalestinianId => {
                let d = digits_only(raw, "id_number")?;
                if d.len() != 9 {
                    return Err(FieldError::new(
                        "id_number",
                        "invalid-national-id",
                        format!("a Palestinian ID has 9 digits, '{raw}' has {}", d.len()),
                    ));
                }
                if !palestinian_check_digit_ok(&d) {
                    return Err(FieldError::new(
                        "id_number",
                        "invalid-check-digit",
                        format!("the check digit of '{raw}' is wrong"),
                    ));
                }
                d
            }
            DocumentType::UnrwaRefugeeCard
            | DocumentType::UnhcrCertificate
            | DocumentType::ForeignerId
            | DocumentType::Passport => {
                let canonical: String = raw
                    .trim()
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '/'))
                    .map(|c| to_ascii_digit(c).unwrap_or(c).to_ascii_uppercase())
                    .collect();
                if !(4..=20).contains(&canonical.len())
                    || !canonical.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    return Err(FieldError::new(
                        "id_number",
                        "invalid-document-number",
                        format!("'{raw}' must be 4 to 20 letters or digits"),
                    ));
                }
                canonical
            }
        };
        Ok(Self { doc_type, number })
    }
}

fn digits_only(raw: &str, field: &str) -> Result<String, FieldError> {
    raw.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| {
            to_ascii_digit(c).ok_or_else(|| {
                FieldError::new(
                    field,
                    "digits-only",
                    format!("'{raw}' must contain digits only"),
                )
            })
        })
        .collect()
}

/// The Luhn-style check used by Palestinian (and Israeli) ID numbers: digits weighted
/// 1,2,1,2…, two-digit products summed by their digits, total divisible by 10.
pub fn palestinian_check_digit_ok(nine_digits: &str) -> bool {
    let sum: u32 = nine_digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let p = u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 2 };
            p / 10 + p % 10
        })
        .sum();
    nine_digits.len() == 9 && sum.is_multiple_of(10)
}

/// Completes eight digits with the check digit that makes a valid Palestinian ID.
pub fn palestinian_id_with_check_digit(eight_digits: &str) -> String {
    (0..=9)
        .map(|d| format!("{eight_digits}{d}"))
        .find(|candidate| palestinian_check_digit_ok(candidate))
        .unwrap_or_else(|| format!("{eight_digits}0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn jordanian_numbers_need_ten_digits() {
        assert_eq!(
            Document::parse(DocumentType::JordanNationalNumber, "9851012345")
                .unwrap()
                .number,
            "9851012345"
        );
        assert_eq!(
            Document::parse(DocumentType::JordanNationalNumber, "٩٨٥١٠١٢٣٤٥")
                .unwrap()
                .number,
            "9851012345"
        );
        let e = Document::parse(DocumentType::JordanNationalNumber, "985101234").unwrap_err();
        assert_eq!(e.code, "invalid-national-id");
        assert_eq!(
            Document::parse(DocumentType::JordanNationalNumber, "98510123a5")
                .unwrap_err()
                .code,
            "digits-only"
        );
    }

    #[test]
    fn palestinian_ids_check_their_last_digit() {
        let id = palestinian_id_with_check_digit("40012345");
        assert!(Document::parse(DocumentType::PalestinianId, &id).is_ok());
        let last = id.as_bytes()[8] - b'0';
        let wrong = format!("{}{}", &id[..8], (last + 1) % 10);
        assert_eq!(
            Document::parse(DocumentType::PalestinianId, &wrong)
                .unwrap_err()
                .code,
            "invalid-check-digit"
        );
    }

    #[test]
    fn other_documents_are_canonicalised() {
        assert_eq!(
            Document::parse(DocumentType::Passport, " n 12-345 ")
                .unwrap()
                .number,
            "N12345"
        );
        assert!(Document::parse(DocumentType::UnrwaRefugeeCard, "12").is_err());
    }

    proptest! {
        #[test]
        fn every_completed_palestinian_id_is_valid(eight in "[0-9]{8}") {
            let id = palestinian_id_with_check_digit(&eight);
            prop_assert!(palestinian_check_digit_ok(&id));
            prop_assert_eq!(Document::parse(DocumentType::PalestinianId, &id).unwrap().number, id);
        }

        #[test]
        fn a_single_digit_typo_is_caught(eight in "[0-9]{8}", pos in 0usize..9, delta in 1u8..10) {
            let id = palestinian_id_with_check_digit(&eight);
            let mut bytes = id.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(!palestinian_check_digit_ok(&typo));
        }
    }
}
