//! Cycle periods: the month or quarter a payment is for (`2026-12`, `2026-Q4`), with
//! their first and last days, so batches and re-issues name the cycle they pay.

use std::fmt;

use serde::{Deserialize, Serialize};
use tadamun_domain::FieldError;
use time::{Date, Month};

use crate::programme::Cycle;

/// One cycle of a programme. Ordered by start within one kind; a programme has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CyclePeriod {
    Month { year: i32, month: u8 },
    Quarter { year: i32, quarter: u8 },
}

impl CyclePeriod {
    /// The period of `cycle` that contains `date`.
    pub fn containing(cycle: Cycle, date: Date) -> Self {
        let (year, month) = (date.year(), u8::from(date.month()));
        match cycle {
            Cycle::Monthly => Self::Month { year, month },
            Cycle::Quarterly => Self::Quarter {
                year,
                quarter: (month - 1) / 3 + 1,
            },
        }
    }

    pub fn cycle(self) -> Cycle {
        match self {
            Self::Month { .. } => Cycle::Monthly,
            Self::Quarter { .. } => Cycle::Quarterly,
        }
    }

    /// First day.
    pub fn start(self) -> Date {
        let (year, month) = self.first_month();
        Date::from_calendar_date(year, month_of(month), 1).expect("day 1 exists")
    }

    /// Last day, inclusive.
    pub fn end(self) -> Date {
        self.next()
            .start()
            .previous_day()
            .expect("within time's range")
    }

    pub fn contains(self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }

    pub fn next(self) -> Self {
        self.shifted(1)
    }

    pub fn previous(self) -> Self {
        self.shifted(-1)
    }

    fn first_month(self) -> (i32, u8) {
        match self {
            Self::Month { year, month } => (year, month),
            Self::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
        }
    }

    fn shifted(self, by: i32) -> Self {
        let (year, index, per_year) = match self {
            Self::Month { year, month } => (year, i32::from(month) - 1, 12),
            Self::Quarter { year, quarter } => (year, i32::from(quarter) - 1, 4),
        };
        let total = year * per_year + index + by;
        let (year, index) = (
            total.div_euclid(per_year),
            total.rem_euclid(per_year) as u8 + 1,
        );
        match self {
            Self::Month { .. } => Self::Month { year, month: index },
            Self::Quarter { .. } => Self::Quarter {
                year,
                quarter: index,
            },
        }
    }

    /// Parses `2026-12` (a month) or `2026-Q4` (a quarter; `q4` too).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                "cycle",
                "invalid-cycle",
                format!("'{raw}' is not a cycle such as 2026-12 or 2026-Q4"),
            )
        };
        let (year, rest) = raw.trim().split_once('-').ok_or_else(err)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        let number = |s: &str, max: u8| -> Result<u8, FieldError> {
            let digits_only =
                !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
            let n: u8 = s.parse().ok().filter(|_| digits_only).ok_or_else(err)?;
            (1..=max).contains(&n).then_some(n).ok_or_else(err)
        };
        match rest.strip_prefix(['Q', 'q']) {
            Some(q) => Ok(Self::Quarter {
                year,
                quarter: number(q, 4)?,
            }),
            None if rest.len() == 2 => Ok(Self::Month {
                year,
                month: number(rest, 12)?,
            }),
            None => Err(err()),
        }
    }
}

fn month_of(n: u8) -> Month {
    Month::try_from(n).expect("1..=12 by construction")
}

impl fmt::Display for CyclePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

impl TryFrom<String> for CyclePeriod {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<CyclePeriod> for String {
    fn from(c: CyclePeriod) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn months_and_quarters_parse_and_format() {
        let december = CyclePeriod::parse("2026-12").unwrap();
        assert_eq!(
            december,
            CyclePeriod::Month {
                year: 2026,
                month: 12
            }
        );
        assert_eq!(december.to_string(), "2026-12");
        let q4 = CyclePeriod::parse("2026-q4").unwrap();
        assert_eq!(q4.to_string(), "2026-Q4");
        for bad in [
            "", "2026", "2026-13", "2026-0", "2026-1", "2026-Q5", "2026-Q0", "26-01", "2026-+1",
        ] {
            assert_eq!(
                CyclePeriod::parse(bad).unwrap_err().code,
                "invalid-cycle",
                "{bad}"
            );
        }
    }

    #[test]
    fn periods_know_their_days() {
        let feb = CyclePeriod::containing(Cycle::Monthly, date!(2028 - 02 - 10));
        assert_eq!(
            (feb.start(), feb.end()),
            (date!(2028 - 02 - 01), date!(2028 - 02 - 29))
        );
        let q4 = CyclePeriod::containing(Cycle::Quarterly, date!(2026 - 11 - 23));
        assert_eq!(q4.to_string(), "2026-Q4");
        assert_eq!(
            (q4.start(), q4.end()),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(q4.next().to_string(), "2027-Q1");
        assert_eq!(
            CyclePeriod::parse("2027-01")
                .unwrap()
                .previous()
                .to_string(),
            "2026-12"
        );
    }

    proptest! {
        #[test]
        fn every_day_lies_in_exactly_its_period(days in 0i64..40_000, quarterly: bool) {
            let day = date!(2000 - 01 - 01) + time::Duration::days(days);
            let cycle = if quarterly { Cycle::Quarterly } else { Cycle::Monthly };
            let p = CyclePeriod::containing(cycle, day);
            prop_assert!(p.contains(day));
            prop_assert!(!p.next().contains(day) && !p.previous().contains(day));
            prop_assert_eq!(p.next().start(), p.end().next_day().unwrap());
            prop_assert_eq!(p.next().previous(), p);
            prop_assert_eq!(CyclePeriod::parse(&p.to_string()).unwrap(), p);
        }
    }
}
