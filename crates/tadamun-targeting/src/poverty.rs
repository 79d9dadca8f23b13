//! The poverty-line table of a programme: what `poverty_line(governorate, size)`
//! returns in rules, and what the poverty-gap entitlement measures against.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tadamun_domain::money::Money;

fn one() -> f64 {
    1.0
}

/// Monthly poverty lines in minor units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PovertyLines {
    /// Line per person for governorates not listed below.
    pub per_capita: Money,
    /// Per-person lines for particular governorates, by code.
    #[serde(default)]
    pub by_governorate: BTreeMap<String, Money>,
    /// The household line is `per_capita × size^size_elasticity`; below 1 it allows for
    /// economies of scale in larger households.
    #[serde(default = "one")]
    pub size_elasticity: f64,
}

impl PovertyLines {
    pub fn household_line(&self, governorate: &str, size: i64) -> Result<Money, String> {
        if size < 1 {
            return Err(format!("a household has at least one member, not {size}"));
        }
        let per_capita = self
            .by_governorate
            .get(governorate)
            .copied()
            .unwrap_or(self.per_capita);
        let line = per_capita.0 as f64 * (size as f64).powf(self.size_elasticity);
        Ok(Money(line.round() as i64))
    }

    pub fn check(&self) -> Result<(), String> {
        if self.per_capita.0 <= 0 || self.by_governorate.values().any(|m| m.0 <= 0) {
            return Err("poverty lines must be positive amounts".into());
        }
        if !(0.0..=1.0).contains(&self.size_elasticity) {
            return Err(format!(
                "size_elasticity must be between 0 and 1, not {}",
                self.size_elasticity
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines() -> PovertyLines {
        PovertyLines {
            per_capita: Money(68_000),
            by_governorate: BTreeMap::from([("JO-AM".to_owned(), Money(80_000))]),
            size_elasticity: 1.0,
        }
    }

    #[test]
    fn the_household_line_grows_with_size_and_uses_the_governorate_line() {
        let l = lines();
        assert_eq!(l.household_line("JO-IR", 3), Ok(Money(204_000)));
        assert_eq!(l.household_line("JO-AM", 2), Ok(Money(160_000)));
    }

    #[test]
    fn economies_of_scale_lower_the_line_of_large_households() {
        let l = PovertyLines {
            size_elasticity: 0.5,
            ..lines()
        };
        assert_eq!(l.household_line("JO-IR", 4), Ok(Money(136_000)));
    }

    #[test]
    fn an_empty_household_has_no_line() {
        assert!(lines().household_line("JO-IR", 0).is_err());
    }
}
