//! Synthetic ground truth for targeting: a household's true monthly consumption per
//! adult equivalent, in major units (dinars, shekels). It follows the latent welfare
//! that also drove income, assets and housing, plus noise a proxy means test cannot
//! see, so a PMT recovers it only in part, as in real surveys.

use tadamun_domain::{area::GovernorateCode, country::Country};
use time::Date;

use crate::SynthHousehold;

/// Gaza's governorates, where prices and incomes are lower.
const GAZA: [&str; 5] = ["PS-NGZ", "PS-GZA", "PS-DEB", "PS-KYS", "PS-RFH"];

/// OECD-modified adult equivalents (1, 0.5, 0.3 for children up to 13).
pub fn adult_equivalents(h: &SynthHousehold, today: Date) -> f64 {
    let children = h
        .draft
        .members
        .iter()
        .filter(|m| m.birth_date.age_on(today) <= 13)
        .count();
    let adults = h.draft.members.len() - children;
    let (adults, children) = if adults == 0 {
        (1, children.saturating_sub(1))
    } else {
        (adults, children)
    };
    1.0 + 0.5 * (adults - 1) as f64 + 0.3 * children as f64
}

/// A standard normal draw fixed by the household's own data, so the truth is the same
/// on every call without changing the generator's random stream.
fn noise(h: &SynthHousehold) -> f64 {
    let mut x = h.welfare.to_bits() ^ (h.draft.members.len() as u64).rotate_left(17);
    for m in &h.draft.members {
        x ^= (m.birth_date.date.to_julian_day() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x = x.rotate_left(23);
    }
    // Two SplitMix64 outputs through Box-Muller.
    let mut next = || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let (u1, u2) = (next().max(1e-12), next());
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Monthly consumption per adult equivalent in the country's major unit.
pub fn true_consumption(h: &SynthHousehold, country: Country, today: Date) -> f64 {
    let gov: &GovernorateCode = &h.draft.governorate;
    // Median-ish consumption per adult equivalent of the registry's population.
    let base: f64 = match country {
        Country::Jordan => 95.0,
        Country::Palestine if GAZA.contains(&gov.as_str()) => 420.0,
        Country::Palestine => 900.0,
    };
    let assets = h.draft.socio.assets.flags().iter().filter(|a| **a).count() as f64;
    let log = base.ln() + 1.5 * (h.welfare - 0.4) + 0.03 * (assets - 3.0)
        - 0.04 * (adult_equivalents(h, today) - 2.5)
        + 0.25 * noise(h);
    log.exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SynthConfig, generate};

    fn sample(country: Country) -> Vec<SynthHousehold> {
        generate(&SynthConfig {
            seed: 11,
            households: 2_000,
            country,
            today: time::macros::date!(2026 - 01 - 15),
        })
        .collect()
    }

    #[test]
    fn true_consumption_is_positive_and_repeatable() {
        let today = time::macros::date!(2026 - 01 - 15);
        for h in sample(Country::Palestine) {
            let c = true_consumption(&h, Country::Palestine, today);
            assert!(c > 0.0 && c.is_finite());
            assert_eq!(c, true_consumption(&h, Country::Palestine, today));
        }
    }

    #[test]
    fn better_off_households_consume_more_on_average() {
        let today = time::macros::date!(2026 - 01 - 15);
        let hs = sample(Country::Jordan);
        let mean = |pick: &dyn Fn(&SynthHousehold) -> bool| {
            let v: Vec<f64> = hs
                .iter()
                .filter(|h| pick(h))
                .map(|h| true_consumption(h, Country::Jordan, today))
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let with_car = mean(&|h| h.draft.socio.assets.car);
        let without = mean(&|h| !h.draft.socio.assets.car);
        assert!(with_car > without * 1.1, "{with_car} vs {without}");
    }
}
