//! Where a bank pays a beneficiary: an IBAN, checked with its mod-97 digits so a typo
//! is caught at registration rather than returned by the bank a month later, or a
//! bank's own account number where IBANs are not used.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum BankAccount {
    /// Upper case, without spaces.
    Iban(String),
    /// A bank's own account number: 4 to 34 letters and digits.
    Account(String),
}

impl BankAccount {
    /// Text starting with two letters is an IBAN and must pass its check digits;
    /// anything else is an account number. Spaces and dashes are dropped.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |message: String| FieldError::new("account", "invalid-account", message);
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{200E}' | '\u{200F}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !(4..=34).contains(&compact.len()) || !compact.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(err(format!("'{raw}' is not an IBAN or account number")));
        }
        let b = compact.as_bytes();
        if !(b[0].is_ascii_alphabetic() && b[1].is_ascii_alphabetic()) {
            return Ok(Self::Account(compact));
        }
        if compact.len() < 15 || !b[2].is_ascii_digit() || !b[3].is_ascii_digit() {
            return Err(err(format!("'{raw}' is not a complete IBAN")));
        }
        if iban_remainder(&compact) != 1 {
            return Err(err(format!(
                "'{raw}' fails the IBAN check digits: a character is mistyped"
            )));
        }
        Ok(Self::Iban(compact))
    }

    /// The IBAN of a country's basic bank account number, with its check digits
    /// computed: for test and synthetic data, and for banks that send the BBAN alone.
    pub fn iban(country: &str, bban: &str) -> Result<Self, FieldError> {
        let draft = format!("{country}00{bban}").to_ascii_uppercase();
        if draft.len() < 15 || !draft.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Self::parse(&draft);
        }
        let check = 98 - iban_remainder(&draft);
        Self::parse(&format!("{country}{check:02}{bban}"))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Iban(s) | Self::Account(s) => s,
        }
    }
}

/// ISO 13616: the first four characters moved to the end, letters as 10..35, mod 97.
fn iban_remainder(iban: &str) -> u32 {
    let (head, tail) = iban.split_at(4);
    tail.chars().chain(head.chars()).fold(0u32, |r, c| {
        let v = c.to_digit(36).expect("alphanumeric checked");
        if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        }
    })
}

impl fmt::Display for BankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for BankAccount {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<BankAccount> for String {
    fn from(a: BankAccount) -> String {
        match a {
            BankAccount::Iban(s) | BankAccount::Account(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ibans_parse_with_spaces_dropped() {
        let jo = BankAccount::parse("jo94 cbjo 0010 0000 0000 0131 0003 02").unwrap();
        assert_eq!(
            jo,
            BankAccount::Iban("JO94CBJO0010000000000131000302".into())
        );
        assert!(matches!(
            BankAccount::parse("PS92PALS000000000400123456702").unwrap(),
            BankAccount::Iban(_)
        ));
    }

    #[test]
    fn check_digits_are_computed_for_a_bban() {
        assert_eq!(
            BankAccount::iban("JO", "CBJO0010000000000131000302").unwrap(),
            BankAccount::Iban("JO94CBJO0010000000000131000302".into())
        );
        assert_eq!(
            BankAccount::iban("PS", "PALS000000000400123456702")
                .unwrap()
                .as_str(),
            "PS92PALS000000000400123456702"
        );
        assert!(BankAccount::iban("JO", "1").is_err());
    }

    #[test]
    fn a_mistyped_iban_is_refused() {
        let e = BankAccount::parse("JO94CBJO0010000000000131000303").unwrap_err();
        assert_eq!(e.code, "invalid-account");
        assert!(BankAccount::parse("JO9").is_err());
    }

    #[test]
    fn other_text_is_an_account_number() {
        assert_eq!(
            BankAccount::parse("0012-345678").unwrap(),
            BankAccount::Account("0012345678".into())
        );
        assert!(BankAccount::parse("12").is_err());
        assert!(BankAccount::parse("12/34/56").is_err());
    }
}
