//! Computed indicator values, as the store returns them and pages and the portal read
//! them: raw counts per governorate (the portal suppresses small cells, not us), rates
//! per 1,000 covered, and need against supply.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::catalogue::{HOUSEHOLDS, IndicatorCatalogue, POPULATION, Unit};
use crate::{area::GovernorateCode, partner::SupplyCell};

/// How old the unsettled grievances of a governorate are, in whole days on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GrievanceAge {
    pub count: i64,
    /// The lower median when the count is even.
    pub median_days: i64,
    pub oldest_days: i64,
}

impl GrievanceAge {
    /// From the ages in days, any order; `None` when there are none.
    pub fn from_days(mut days: Vec<i64>) -> Option<Self> {
        if days.is_empty() {
            return None;
        }
        days.sort_unstable();
        Some(Self {
            count: days.len() as i64,
            median_days: days[(days.len() - 1) / 2],
            oldest_days: days[days.len() - 1],
        })
    }
}

/// One governorate's indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GovernorateIndicators {
    pub governorate: GovernorateCode,
    pub name_ar: String,
    pub name_en: String,
    /// Indicator code → raw count; `None` where it cannot be computed (no targeting
    /// run has decided on a household of this governorate).
    pub counts: BTreeMap<String, Option<i64>>,
    pub grievance_age: Option<GrievanceAge>,
}

impl GovernorateIndicators {
    pub fn count(&self, code: &str) -> Option<i64> {
        self.counts.get(code).copied().flatten()
    }

    /// Per 1,000 persons covered (person and grievance units) or households covered.
    pub fn rate_per_1000(&self, catalogue: &IndicatorCatalogue, code: &str) -> Option<f64> {
        let unit = catalogue.get(code)?.unit;
        let base = self.count(if unit == Unit::Household {
            HOUSEHOLDS
        } else {
            POPULATION
        })?;
        let n = self.count(code)?;
        (base > 0).then(|| n as f64 * 1000.0 / base as f64)
    }
}

/// The targeting run poverty indicators come from: the latest registry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunBasis {
    pub run_id: uuid::Uuid,
    pub programme_key: String,
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
}

/// Every governorate's indicators on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IndicatorTable {
    #[schema(value_type = String, format = Date)]
    pub today: Date,
    pub latest_run: Option<RunBasis>,
    pub governorates: Vec<GovernorateIndicators>,
}

impl IndicatorTable {
    pub fn governorate(&self, code: &GovernorateCode) -> Option<&GovernorateIndicators> {
        self.governorates.iter().find(|g| &g.governorate == code)
    }
}

/// Need against supply for one service type in one governorate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NeedSupply {
    pub service: String,
    /// The indicator measuring the need; `None`: the registry has no measure.
    pub indicator: Option<String>,
    /// People in need; `None` without a measure or where it cannot be computed.
    pub need: Option<i64>,
    pub organisations: i64,
    /// Partner capacity, people per year.
    pub capacity: i64,
}

impl NeedSupply {
    /// People in need beyond capacity (0 when capacity covers the need).
    pub fn gap(&self) -> Option<i64> {
        self.need.map(|n| (n - self.capacity).max(0))
    }

    /// Capacity as a share of need, in percent (capped at 100); `None` without need.
    pub fn coverage_percent(&self) -> Option<i64> {
        match self.need {
            Some(0) => Some(100),
            Some(n) => Some((self.capacity.saturating_mul(100) / n).min(100)),
            None => None,
        }
    }
}

/// Need against supply for every catalogued service in one governorate, in need
/// mapping order, from its indicators and the service map's cells.
pub fn need_supply(
    catalogue: &IndicatorCatalogue,
    indicators: &GovernorateIndicators,
    supply: &[SupplyCell],
) -> Vec<NeedSupply> {
    catalogue
        .needs
        .iter()
        .map(|n| {
            let cells = supply
                .iter()
                .filter(|c| c.service == n.service && c.governorate == indicators.governorate);
            let (organisations, capacity) = cells.fold((0, 0), |(o, c), cell| {
                (o + cell.organisations, c + cell.capacity)
            });
            NeedSupply {
                service: n.service.clone(),
                indicator: n.indicator.clone(),
                need: n.indicator.as_deref().and_then(|c| indicators.count(c)),
                organisations,
                capacity,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gov(counts: &[(&str, Option<i64>)]) -> GovernorateIndicators {
        GovernorateIndicators {
            governorate: GovernorateCode::parse("JO-IR").unwrap(),
            name_ar: "إربد".into(),
            name_en: "Irbid".into(),
            counts: counts.iter().map(|(c, v)| (c.to_string(), *v)).collect(),
            grievance_age: None,
        }
    }

    #[test]
    fn the_median_of_grievance_ages_is_the_lower_middle_and_the_oldest_the_largest() {
        assert_eq!(GrievanceAge::from_days(vec![]), None);
        let a = GrievanceAge::from_days(vec![9, 1, 4, 30]).unwrap();
        assert_eq!((a.count, a.median_days, a.oldest_days), (4, 4, 30));
    }

    #[test]
    fn rates_are_per_1000_of_the_units_denominator() {
        let c = IndicatorCatalogue::builtin();
        let g = gov(&[
            ("population", Some(2000)),
            ("households", Some(400)),
            ("elderly_65", Some(50)),
            ("female_headed", Some(40)),
            ("poor_households", None),
        ]);
        assert_eq!(g.rate_per_1000(c, "elderly_65"), Some(25.0));
        assert_eq!(g.rate_per_1000(c, "female_headed"), Some(100.0));
        assert_eq!(g.rate_per_1000(c, "poor_households"), None);
    }

    #[test]
    fn need_against_supply_gives_the_gap_and_says_when_there_is_no_measure() {
        let c = IndicatorCatalogue::builtin();
        let g = gov(&[("elderly_65_alone", Some(120))]);
        let cell = |service: &str, capacity| SupplyCell {
            governorate: g.governorate.clone(),
            service: service.into(),
            organisations: 1,
            capacity,
        };
        let rows = need_supply(
            c,
            &g,
            &[
                cell("elderly_care", 50),
                cell("elderly_care", 20),
                cell("legal_aid", 10),
            ],
        );
        let elderly = rows.iter().find(|r| r.service == "elderly_care").unwrap();
        assert_eq!(
            (
                elderly.need,
                elderly.capacity,
                elderly.organisations,
                elderly.gap()
            ),
            (Some(120), 70, 2, Some(50))
        );
        assert_eq!(elderly.coverage_percent(), Some(58));
        let legal = rows.iter().find(|r| r.service == "legal_aid").unwrap();
        assert_eq!(
            (legal.indicator.as_deref(), legal.gap(), legal.capacity),
            (None, None, 10)
        );
    }
}
