//! Phone numbers, stored in E.164 form so "0791234567" and "+962 79 123 4567" meet.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{FieldError, country::Country};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "+962791234567")]
pub struct Phone(String);

impl Phone {
    /// Parses a number typed in national (`079…`) or international (`+962…`, `00962…`)
    /// form, with any spaces, dashes and Arabic-Indic digits.
    pub fn parse(country: Country, raw: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                "phone",
                "invalid-phone",
                format!("'{raw}' is not a valid phone number"),
            )
        };
        let mut digits = String::new();
        let mut plus = false;
        for c in raw.trim().chars() {
            match c {
                '+' if digits.is_empty() => plus = true,
                ' ' | '-' | '(' | ')' | '.' | '\u{200E}' | '\u{200F}' => {}
                c => match to_ascii_digit(c) {
                    Some(d) => digits.push(d),
                    None => return Err(err()),
                },
            }
        }
        let international = if plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("{}{rest}", country.dialling_code())
        } else {
            return Err(err());
        };
        // Palestinian mobiles also run on Israeli networks (+972).
        let national = ["962", "970", "972"]
            .iter()
            .find_map(|cc| international.strip_prefix(cc))
            .ok_or_else(err)?;
        if !(8..=9).contains(&national.len()) || national.starts_with('0') {
            return Err(err());
        }
        Ok(Self(format!("+{international}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Western, Arabic-Indic and Persian digits as ASCII.
pub fn to_ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10),
        '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
        _ => None,
    }
}

impl TryFrom<String> for Phone {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        // Stored values are already international; the country only matters for `0…`.
        Self::parse(Country::Jordan, &s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_and_international_forms_meet() {
        let a = Phone::parse(Country::Jordan, "079 123 4567").unwrap();
        let b = Phone::parse(Country::Jordan, "+962-79-123-4567").unwrap();
        let c = Phone::parse(Country::Jordan, "٠٧٩١٢٣٤٥٦٧").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a.as_str(), "+962791234567");
    }

    #[test]
    fn palestinian_numbers_take_their_own_code() {
        assert_eq!(
            Phone::parse(Country::Palestine, "0599123456")
                .unwrap()
                .as_str(),
            "+970599123456"
        );
    }

    #[test]
    fn garbage_is_rejected_with_the_field_named() {
        for bad in [
            "",
            "abc",
            "12345",
            "0791",
            "+1 555 123 4567",
            "07912345678901",
        ] {
            let e = Phone::parse(Country::Jordan, bad).unwrap_err();
            assert_eq!(e.field, "phone", "{bad}");
        }
    }

    proptest! {
        #[test]
        fn a_stored_phone_parses_back_to_itself(n in "7[789][0-9]{7}") {
            let p = Phone::parse(Country::Jordan, &format!("0{n}")).unwrap();
            prop_assert_eq!(Phone::parse(Country::Palestine, p.as_str()).unwrap(), p);
        }
    }
}
