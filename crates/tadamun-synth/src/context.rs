//! Everything the generator reads but never changes: the country pack's governorates
//! with their weights and clans, and the name lists parsed once through the domain's
//! constructors so each person only clones ready-made parts.

use tadamun_domain::{
    area::GovernorateCode,
    country::Country,
    country_pack::CountryPack,
    money::Currency,
    person::{NamePart, Sex},
};
use time::Date;

use crate::{
    clans,
    draw::{Rng, chance, skewed, unit},
    names, places,
    regions::{self, Profile},
};

/// Where a family's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The governorate's clans and the country's shared names.
    Local,
    /// Palestine refugees in Jordan: towns of origin and Palestinian names.
    PalestineRefugee,
    /// Syrian refugees in Jordan.
    Syrian,
}

/// A governorate ready to draw from.
#[derive(Debug)]
pub(crate) struct Gov {
    pub code: GovernorateCode,
    pub local_clans: Vec<NamePart>,
    pub local_share: f64,
    pub profile: Profile,
    pub localities: &'static [&'static str],
    pub camps: &'static [&'static str],
    pub syrian_camps: &'static [&'static str],
}

#[derive(Debug)]
pub(crate) struct Context {
    pub country: Country,
    pub currency: Currency,
    pub today: Date,
    pub today_jd: i32,
    pub governorates: Vec<Gov>,
    /// Cumulative population shares, for picking a governorate.
    cumulative: Vec<f64>,
    male: [Vec<NamePart>; 3],
    female: [Vec<NamePart>; 3],
    national_clans: Vec<NamePart>,
    refugee_clans: Vec<NamePart>,
    syrian_clans: Vec<NamePart>,
    pub streets: &'static [&'static str],
}

fn parse_all(field: &str, lists: &[&[&str]]) -> Vec<NamePart> {
    lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|n| NamePart::parse(field, n).expect("built-in names are valid name parts"))
        .collect()
}

/// Days per year, for turning ages into Julian day offsets.
pub(crate) const YEAR: f64 = 365.2425;

impl Context {
    pub(crate) fn new(country: Country, today: Date) -> Self {
        let pack = CountryPack::builtin(country);
        let total: f64 = pack
            .governorates
            .iter()
            .map(|g| g.population.max(1) as f64)
            .sum();
        let mut acc = 0.0;
        let mut cumulative = Vec::new();
        let mut governorates = Vec::new();
        for g in &pack.governorates {
            acc += g.population.max(1) as f64 / total;
            cumulative.push(acc);
            governorates.push(Gov {
                code: pack.governorate(&g.code).expect("pack governorates parse"),
                local_clans: parse_all("family_name", &[clans::local(&g.code)]),
                local_share: clans::local_share(&g.code),
                profile: regions::profile(&g.code),
                localities: places::localities(&g.code),
                camps: places::camps(&g.code),
                syrian_camps: places::syrian_camps(&g.code),
            });
        }
        let (national, refugee, streets): (&[&[&str]], &[&[&str]], _) = match country {
            Country::Jordan => (
                &[clans::JO_NATIONAL],
                &[clans::JO_REFUGEE_ORIGIN, clans::PS_NATIONAL],
                places::JO_STREETS,
            ),
            Country::Palestine => (
                &[clans::PS_NATIONAL],
                &[clans::PS_NATIONAL],
                places::PS_STREETS,
            ),
        };
        Self {
            country,
            currency: Currency::of(country),
            today,
            today_jd: today.to_julian_day(),
            governorates,
            cumulative,
            male: [names::MALE_OLD, names::MALE_COMMON, names::MALE_YOUNG]
                .map(|l| parse_all("given_name", &[l])),
            female: [names::FEMALE_OLD, names::FEMALE_COMMON, names::FEMALE_YOUNG]
                .map(|l| parse_all("given_name", &[l])),
            national_clans: parse_all("family_name", national),
            refugee_clans: parse_all("family_name", refugee),
            syrian_clans: parse_all("family_name", &[clans::SYRIAN]),
            streets,
        }
    }

    /// A governorate, in proportion to population.
    pub(crate) fn governorate(&self, rng: &mut Rng) -> usize {
        let x = unit(rng);
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.governorates.len() - 1)
    }

    /// A given name fashionable for someone born in `year`.
    pub(crate) fn given(&self, rng: &mut Rng, sex: Sex, year: i32) -> NamePart {
        let lists = if sex == Sex::Male {
            &self.male
        } else {
            &self.female
        };
        // Older, common and newer names mix differently by generation.
        let (old, young) = match year {
            ..1970 => (0.55, 0.0),
            1970..2000 => (0.1, 0.05),
            _ => (0.0, 0.55),
        };
        let x = unit(rng);
        let list = if x < old {
            &lists[0]
        } else if x < old + young {
            &lists[2]
        } else {
            // محمد is by far the commonest name of Arab men.
            if sex == Sex::Male && chance(rng, 0.06) {
                return lists[1][0].clone();
            }
            &lists[1]
        };
        list[skewed(rng, list.len(), 1.4)].clone()
    }

    /// A family name for a new family line in a governorate.
    pub(crate) fn family(&self, rng: &mut Rng, gov: &Gov, origin: Origin) -> NamePart {
        let list = match origin {
            Origin::Syrian => &self.syrian_clans,
            Origin::PalestineRefugee if self.country == Country::Jordan => &self.refugee_clans,
            _ if !gov.local_clans.is_empty() && chance(rng, gov.local_share) => {
                return gov.local_clans[skewed(rng, gov.local_clans.len(), 1.6)].clone();
            }
            _ => &self.national_clans,
        };
        list[skewed(rng, list.len(), 1.6)].clone()
    }

    /// The Julian day of birth of someone aged `age` whole years today.
    pub(crate) fn born_aged(&self, rng: &mut Rng, age: i32) -> i32 {
        self.today_jd - (f64::from(age) * YEAR + unit(rng) * (YEAR - 1.0)) as i32
    }

    /// Whole years between a Julian day of birth and today, counted as on a calendar
    /// (as `BirthDate::age_on` does).
    pub(crate) fn age(&self, birth_jd: i32) -> i32 {
        let Ok(born) = Date::from_julian_day(birth_jd) else {
            return 0;
        };
        let mut age = self.today.year() - born.year();
        if (self.today.month() as u8, self.today.day()) < (born.month() as u8, born.day()) {
            age -= 1;
        }
        age
    }

    /// The calendar year of a Julian day.
    pub(crate) fn year_of(&self, jd: i32) -> i32 {
        Date::from_julian_day(jd).map_or(self.today.year(), |d| d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_name_parses() {
        for country in Country::ALL {
            let ctx = Context::new(country, time::macros::date!(2026 - 01 - 01));
            assert!(
                ctx.governorates.iter().all(|g| !g.local_clans.is_empty()),
                "{country}: a governorate lacks clans"
            );
            assert!(
                ctx.governorates.iter().all(|g| !g.localities.is_empty()),
                "{country}: a governorate lacks towns"
            );
        }
    }

    #[test]
    fn the_name_lists_are_large_enough_to_look_real() {
        let distinct = |lists: &[&[&str]]| {
            lists
                .iter()
                .flat_map(|l| l.iter())
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        assert!(distinct(&[names::MALE_OLD, names::MALE_COMMON, names::MALE_YOUNG]) >= 80);
        assert!(distinct(&[names::FEMALE_OLD, names::FEMALE_COMMON, names::FEMALE_YOUNG]) >= 80);
        let codes = |c: Country| {
            CountryPack::builtin(c)
                .governorates
                .into_iter()
                .map(|g| g.code)
                .collect::<Vec<_>>()
        };
        let jo: Vec<&[&str]> = codes(Country::Jordan)
            .iter()
            .map(|c| clans::local(c))
            .chain([clans::JO_NATIONAL])
            .collect();
        let ps: Vec<&[&str]> = codes(Country::Palestine)
            .iter()
            .map(|c| clans::local(c))
            .chain([clans::PS_NATIONAL])
            .collect();
        assert!(
            distinct(&jo) >= 150,
            "Jordan has {} family names",
            distinct(&jo)
        );
        assert!(
            distinct(&ps) >= 150,
            "Palestine has {} family names",
            distinct(&ps)
        );
        for compound in ["عبد الله", "عبد الرحمن", "نور الدين"] {
            assert!(names::MALE_COMMON.contains(&compound));
        }
    }
}
