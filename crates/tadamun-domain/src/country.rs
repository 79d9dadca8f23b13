//! The countries tadamun ships a country pack for.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldError;

/// A deployment's country. Adding one is a new country pack plus a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Country {
    #[serde(rename = "JO")]
    Jordan,
    #[serde(rename = "PS")]
    Palestine,
}

impl Country {
    pub const ALL: [Country; 2] = [Country::Jordan, Country::Palestine];

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim().to_ascii_uppercase().as_str() {
            "JO" | "JOR" | "JORDAN" => Ok(Self::Jordan),
            "PS" | "PSE" | "PALESTINE" => Ok(Self::Palestine),
            _ => Err(FieldError::new(
                "country",
                "unknown-country",
                format!("unknown country '{s}' (use JO or PS)"),
            )),
        }
    }

    /// ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Jordan => "JO",
            Self::Palestine => "PS",
        }
    }

    /// International dialling code, without the plus.
    pub fn dialling_code(self) -> &'static str {
        match self {
            Self::Jordan => "962",
            Self::Palestine => "970",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
