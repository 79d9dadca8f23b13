//! Money in integer minor units: fils for the Jordanian dinar, agorot for the shekel.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{FieldError, country::Country};

/// An amount in minor units. The currency comes from the deployment's country.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// The currency a country pays benefits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    /// Digits after the decimal point: 3 for JOD, 2 for ILS.
    pub decimals: u32,
}

impl Currency {
    pub fn of(country: Country) -> Self {
        match country {
            Country::Jordan => Self {
                code: "JOD",
                decimals: 3,
            },
            Country::Palestine => Self {
                code: "ILS",
                decimals: 2,
            },
        }
    }
}

impl Money {
    /// Parses "12", "12.5" or "12.500" (and Arabic-Indic digits) into minor units.
    pub fn parse(currency: Currency, raw: &str, field: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                field,
                "invalid-amount",
                format!("'{raw}' is not an amount in {}", currency.code),
            )
        };
        let s: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                '٫' => '.',
                c => crate::phone::to_ascii_digit(c).unwrap_or(c),
            })
            .filter(|c| *c != ',' && *c != '٬')
            .collect();
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > currency.decimals as usize
        {
            return Err(err());
        }
        let scale = 10_i64.pow(currency.decimals);
        let whole: i64 = whole.parse().map_err(|_| err())?;
        let frac_padded = format!("{frac:0<width$}", width = currency.decimals as usize);
        let frac: i64 = if frac_padded.is_empty() {
            0
        } else {
            frac_padded.parse().map_err(|_| err())?
        };
        whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac))
            .map(Money)
            .ok_or_else(err)
    }

    /// Formats in major units with the currency's decimals, e.g. `12.500`.
    pub fn format(self, currency: Currency) -> String {
        let scale = 10_i64.pow(currency.decimals);
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / scale as u64,
            abs % scale as u64,
            width = currency.decimals as usize
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const JOD: Currency = Currency {
        code: "JOD",
        decimals: 3,
    };

    #[test]
    fn amounts_parse_to_minor_units() {
        assert_eq!(Money::parse(JOD, "12", "income").unwrap(), Money(12_000));
        assert_eq!(Money::parse(JOD, "12.5", "income").unwrap(), Money(12_500));
        assert_eq!(Money::parse(JOD, "١٢٫٥", "income").unwrap(), Money(12_500));
        assert_eq!(
            Money::parse(JOD, "1,250.750", "income").unwrap(),
            Money(1_250_750)
        );
    }

    #[test]
    fn bad_amounts_name_the_field() {
        for bad in ["", "-5", "1.2345", "abc", "1.2.3"] {
            assert_eq!(
                Money::parse(JOD, bad, "income").unwrap_err().field,
                "income",
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_round_trips(minor in 0i64..10_000_000_000) {
            let m = Money(minor);
            prop_assert_eq!(Money::parse(JOD, &m.format(JOD), "x").unwrap(), m);
        }
    }
}
