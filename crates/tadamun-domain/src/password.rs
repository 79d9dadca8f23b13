//! The password policy, in one place for the web forms, the API and the command line:
//! at least 12 characters, and not one of the common passwords shipped with the
//! project (`data/common-passwords.txt`, compared case-insensitively).

use std::{collections::HashSet, sync::LazyLock};

use crate::FieldError;

/// The shortest password accepted, in characters (not bytes: Arabic counts fairly).
pub const MIN_LENGTH: usize = 12;

/// zxcvbn's 30,000 most common passwords; the first line names source and licence.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A password that passed the policy. Only its hash is ever stored.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    /// Checks the policy; errors name the field `password`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.chars().count() < MIN_LENGTH {
            return Err(FieldError::new(
                "password",
                "password-too-short",
                format!("the password must have at least {MIN_LENGTH} characters"),
            ));
        }
        if is_common(raw) {
            return Err(FieldError::new(
                "password",
                "password-common",
                "this password is on the list of common passwords; choose another",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Whether the password, ignoring case and surrounding spaces, is a common one.
pub fn is_common(raw: &str) -> bool {
    COMMON.contains(raw.trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused_naming_the_field() {
        let e = NewPassword::parse("short pass").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("password", "password-too-short")
        );
        // Eleven Arabic letters are eleven characters, though many more bytes.
        assert!(NewPassword::parse("كلمةمرورقصي").is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for p in ["1qaz2wsx3edc", "QWERTY123456", "LeaveMeAlone"] {
            let e = NewPassword::parse(p).unwrap_err();
            assert_eq!(e.code, "password-common", "{p}");
        }
        assert!(COMMON.len() > 29_000, "the shipped list is loaded");
    }

    #[test]
    fn a_long_uncommon_password_passes_and_is_not_printed() {
        let p = NewPassword::parse("correct horse battery").unwrap();
        assert_eq!(p.expose(), "correct horse battery");
        assert!(!format!("{p:?}").contains("horse"));
    }
}
