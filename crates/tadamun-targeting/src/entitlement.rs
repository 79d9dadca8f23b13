//! Entitlement formulas in integer minor units: flat, per capita with a floor and a
//! ceiling, or a share of the poverty gap. No floating point touches an amount except
//! the predicted consumption a gap is measured from, rounded once.

use serde::{Deserialize, Serialize};
use tadamun_domain::money::Money;

/// How much an eligible household receives per cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    Flat {
        amount: Money,
    },
    /// `per_member × members`, within `[min, max]`.
    PerCapita {
        per_member: Money,
        min: Money,
        max: Money,
    },
    /// `share_bp / 10000` of the gap between the household's poverty line and its
    /// consumption (predicted by the PMT, else declared income), within `[min, max]`.
    PovertyGapShare {
        share_bp: u32,
        min: Money,
        max: Money,
    },
}

/// What a formula needs to know about one household, all in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    /// Members counted: the household, or its eligible members in individual programmes.
    pub members: i64,
    pub poverty_line: Money,
    /// Monthly consumption (predicted) or income (declared), when known.
    pub resources: Option<Money>,
}

impl Formula {
    pub fn check(&self) -> Result<(), String> {
        let (min, max) = match *self {
            Formula::Flat { amount } if amount.0 < 0 => {
                return Err("a flat amount cannot be negative".into());
            }
            Formula::Flat { .. } => return Ok(()),
            Formula::PerCapita { per_member, .. } if per_member.0 < 0 => {
                return Err("per_member cannot be negative".into());
            }
            Formula::PovertyGapShare { share_bp, .. } if share_bp > 10_000 => {
                return Err(format!("share_bp is at most 10000 (100%), not {share_bp}"));
            }
            Formula::PerCapita { min, max, .. } | Formula::PovertyGapShare { min, max, .. } => {
                (min, max)
            }
        };
        if min.0 < 0 || min > max {
            return Err(format!(
                "need 0 <= min <= max, got min {} and max {}",
                min.0, max.0
            ));
        }
        Ok(())
    }

    /// The amount for one cycle, or why it cannot be computed.
    pub fn amount(&self, b: &Basis) -> Result<Money, String> {
        match *self {
            Formula::Flat { amount } => Ok(amount),
            Formula::PerCapita {
                per_member,
                min,
                max,
            } => {
                let raw = per_member.0.saturating_mul(b.members.max(0));
                Ok(Money(raw.clamp(min.0, max.0)))
            }
            Formula::PovertyGapShare { share_bp, min, max } => {
                let resources = b
                    .resources
                    .ok_or("the poverty gap needs consumption or income, which is missing")?;
                let gap = (b.poverty_line.0 - resources.0).max(0) as i128;
                // Round half up, in integers.
                let share = ((gap * share_bp as i128 + 5_000) / 10_000) as i64;
                Ok(Money(share.clamp(min.0, max.0)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis(members: i64, line: i64, resources: Option<i64>) -> Basis {
        Basis {
            members,
            poverty_line: Money(line),
            resources: resources.map(Money),
        }
    }

    #[test]
    fn a_flat_amount_is_the_same_for_everyone() {
        let f = Formula::Flat {
            amount: Money(50_000),
        };
        assert_eq!(f.amount(&basis(1, 0, None)), Ok(Money(50_000)));
        assert_eq!(f.amount(&basis(9, 0, None)), Ok(Money(50_000)));
    }

    #[test]
    fn per_capita_amounts_stay_between_the_minimum_and_maximum() {
        let f = Formula::PerCapita {
            per_member: Money(15_000),
            min: Money(40_000),
            max: Money(100_000),
        };
        assert_eq!(f.amount(&basis(1, 0, None)), Ok(Money(40_000)));
        assert_eq!(f.amount(&basis(4, 0, None)), Ok(Money(60_000)));
        assert_eq!(f.amount(&basis(12, 0, None)), Ok(Money(100_000)));
    }

    #[test]
    fn a_poverty_gap_share_pays_part_of_the_gap_rounded_half_up() {
        let f = Formula::PovertyGapShare {
            share_bp: 5_000,
            min: Money(0),
            max: Money(1_000_000),
        };
        assert_eq!(
            f.amount(&basis(3, 200_001, Some(100_000))),
            Ok(Money(50_001))
        );
        // No gap, nothing to pay.
        assert_eq!(f.amount(&basis(3, 100_000, Some(150_000))), Ok(Money(0)));
        assert!(f.amount(&basis(3, 100_000, None)).is_err());
    }

    #[test]
    fn a_formula_with_min_above_max_is_refused() {
        let f = Formula::PerCapita {
            per_member: Money(1),
            min: Money(10),
            max: Money(5),
        };
        assert!(f.check().unwrap_err().contains("min"));
        let share = Formula::PovertyGapShare {
            share_bp: 12_000,
            min: Money(0),
            max: Money(1),
        };
        assert!(share.check().unwrap_err().contains("10000"));
    }
}
