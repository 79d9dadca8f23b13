//! Staff users and their display preferences.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;

text_enum!(
    /// UI language. Arabic is the default.
    Locale, "locale" { Arabic => "ar", English => "en" }
);

impl Locale {
    pub fn is_rtl(self) -> bool {
        self == Locale::Arabic
    }
}

text_enum!(
    /// How numbers are written: Western digits by default, Arabic-Indic on request.
    DigitStyle, "digits" { Western => "western", ArabicIndic => "arabic_indic" }
);

/// A staff user as the application sees it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub locale: Locale,
    pub digits: DigitStyle,
}

/// Usernames are 3 to 32 lower-case ASCII letters, digits, dots, dashes or underscores.
pub fn parse_username(raw: &str) -> Result<String, crate::FieldError> {
    let u = raw.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(crate::FieldError::new(
            "username",
            "invalid-username",
            "3 to 32 letters, digits, dots, dashes or underscores",
        ))
    }
}
