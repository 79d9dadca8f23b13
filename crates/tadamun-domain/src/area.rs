//! Areas: country, then governorate (محافظة), then optional district.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{FieldError, country::Country};

/// An ISO 3166-2 subdivision code such as `JO-IR` or `PS-NBS`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "JO-IR")]
pub struct GovernorateCode(String);

impl GovernorateCode {
    /// Accepts `JO-IR`, `jo-ir` and surrounding spaces; checks the shape only.
    /// Whether the code exists is the country pack's question.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let upper = s.trim().to_ascii_uppercase();
        let err = || {
            FieldError::new(
                "governorate",
                "invalid-governorate",
                format!("'{s}' is not a governorate code like JO-IR"),
            )
        };
        let (country, sub) = upper.split_once('-').ok_or_else(err)?;
        let ok = country.len() == 2
            && country.bytes().all(|b| b.is_ascii_uppercase())
            && (1..=3).contains(&sub.len())
            && sub.bytes().all(|b| b.is_ascii_alphanumeric());
        if ok { Ok(Self(upper)) } else { Err(err()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country prefix, e.g. `JO`.
    pub fn country_code(&self) -> &str {
        &self.0[..2]
    }

    pub fn belongs_to(&self, country: Country) -> bool {
        self.country_code() == country.code()
    }
}

impl TryFrom<String> for GovernorateCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<GovernorateCode> for String {
    fn from(c: GovernorateCode) -> String {
        c.0
    }
}

impl fmt::Display for GovernorateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The level of an area in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Governorate,
    District,
}

impl AreaLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Governorate => "governorate",
            Self::District => "district",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "governorate" => Some(Self::Governorate),
            "district" => Some(Self::District),
            _ => None,
        }
    }
}

/// A governorate or district, with its names and reference population.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Area {
    pub code: String,
    pub country: String,
    pub level: AreaLevel,
    /// The governorate of a district; `None` for a governorate.
    pub parent_code: Option<String>,
    pub name_ar: String,
    pub name_en: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
}

impl Area {
    pub fn name(&self, arabic: bool) -> &str {
        if arabic { &self.name_ar } else { &self.name_en }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_upper_cased_and_trimmed() {
        assert_eq!(GovernorateCode::parse(" jo-ir ").unwrap().as_str(), "JO-IR");
        assert!(
            GovernorateCode::parse("PS-NBS")
                .unwrap()
                .belongs_to(Country::Palestine)
        );
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for bad in ["", "JO", "JOIR", "J-IR", "JO-ABCD", "JO-", "١٢-IR"] {
            assert!(GovernorateCode::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_a_parsed_code_is_stable(c in "[a-zA-Z]{2}-[a-zA-Z0-9]{1,3}") {
            let code = GovernorateCode::parse(&c).unwrap();
            prop_assert_eq!(GovernorateCode::parse(code.as_str()).unwrap(), code);
        }
    }
}
