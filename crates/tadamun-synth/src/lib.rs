//! Seeded generator of realistic synthetic Arabic household registries: the demo's
//! data, the tests' fixtures and the benchmarks' load, all from one deterministic
//! stream.
//!
//! ```
//! use tadamun_domain::country::Country;
//! use tadamun_synth::{SynthConfig, generate};
//!
//! let config = SynthConfig { seed: 7, households: 3, country: Country::Jordan, today: time::macros::date!(2026 - 01 - 15) };
//! let households: Vec<_> = generate(&config).collect();
//! assert_eq!(households.len(), 3);
//! ```
//!
//! Households are produced one at a time, so a million persons never sit in memory.
//! Every value is built through the domain's parse constructors, so each draft is one
//! a clerk could have typed.

mod clans;
pub mod consumption;
mod context;
mod draw;
pub mod duplicates;
mod family;
mod names;
mod numbers;
mod people;
mod places;
mod regions;
mod socio;

use std::collections::BTreeMap;

use rand::SeedableRng;
use tadamun_domain::{country::Country, household::HouseholdDraft, identity::Document};
use time::Date;

use crate::{
    context::{Context, Origin},
    draw::{Rng, between, chance, pick, unit},
    numbers::Numbering,
    socio::Setting,
};

pub use family::HouseholdKind;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    /// Same seed, same registry.
    pub seed: u64,
    pub households: usize,
    pub country: Country,
    /// Ages and birth dates are reckoned from this day, so output does not drift with
    /// the clock.
    pub today: Date,
}

/// A household's refugee registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refugee {
    No,
    /// Palestine refugees with UNRWA cards; `national` when they also hold the
    /// country's national document.
    Unrwa {
        national: bool,
    },
    /// Syrian refugees with UNHCR certificates only.
    Unhcr,
}

/// One generated household with the ground truth that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthHousehold {
    pub draft: HouseholdDraft,
    pub kind: HouseholdKind,
    pub refugee: Refugee,
    /// Latent standard of living in [0, 1] (higher is better off) that drove income,
    /// assets and housing: the truth a proxy means test tries to recover.
    pub welfare: f64,
}

/// The stream of households. It knows its length, for progress bars.
#[derive(Debug)]
pub struct Generator {
    ctx: Context,
    rng: Rng,
    numbering: Numbering,
    remaining: usize,
}

/// Generates `config.households` households lazily, one at a time.
///
/// Document serials are scrambled counters; they run out (and the generator panics)
/// only beyond several million households, far above any demo or benchmark.
pub fn generate(config: &SynthConfig) -> Generator {
    Generator {
        ctx: Context::new(config.country, config.today),
        rng: Rng::seed_from_u64(config.seed),
        numbering: Numbering::new(config.seed, config.country),
        remaining: config.households,
    }
}

impl Iterator for Generator {
    type Item = SynthHousehold;

    fn next(&mut self) -> Option<SynthHousehold> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(self.household())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Generator {}

impl Generator {
    fn household(&mut self) -> SynthHousehold {
        let (ctx, rng) = (&self.ctx, &mut self.rng);
        let gov = &ctx.governorates[ctx.governorate(rng)];
        let p = gov.profile;
        let refugee = if chance(rng, p.unrwa) {
            Refugee::Unrwa {
                national: !chance(rng, p.unrwa_only),
            }
        } else if chance(rng, p.unhcr) {
            Refugee::Unhcr
        } else {
            Refugee::No
        };
        let origin = match refugee {
            Refugee::Unrwa { .. } => Origin::PalestineRefugee,
            Refugee::Unhcr => Origin::Syrian,
            Refugee::No => Origin::Local,
        };
        let setting = match refugee {
            Refugee::Unrwa { .. } if !gov.camps.is_empty() && chance(rng, 0.45) => {
                Setting::RefugeeCamp(pick(rng, gov.camps))
            }
            Refugee::Unhcr if !gov.syrian_camps.is_empty() && chance(rng, 0.5) => {
                Setting::SyrianCamp(pick(rng, gov.syrian_camps))
            }
            _ => Setting::Ordinary,
        };
        let (kind, layout) = family::lay_out(ctx, rng, gov, origin);
        // A registry's applicants lean poor; the governorate and the household's
        // situation bend the curve without piling anyone up at its ends.
        let penalty = match (kind, refugee) {
            (_, Refugee::Unhcr) => 0.15,
            (HouseholdKind::FemaleHeaded, _) => 0.08,
            (_, Refugee::Unrwa { national: false }) => 0.1,
            (HouseholdKind::SingleElderly, _) => 0.05,
            _ => 0.0,
        };
        let welfare = unit(rng).powf(1.25 * (1.0 - 2.0 * (p.welfare_shift - penalty)).max(0.3));

        // Refugee registrations are per family, with members numbered inside.
        let unrwa_family =
            matches!(refugee, Refugee::Unrwa { .. }).then(|| self.numbering.unrwa_family());
        let unhcr_case = (refugee == Refugee::Unhcr)
            .then(|| (self.numbering.unhcr_case(), between(rng, 12, 19)));
        let has_national = matches!(refugee, Refugee::No | Refugee::Unrwa { national: true });
        let mut members = Vec::with_capacity(layout.len());
        for (i, m) in layout.into_iter().enumerate() {
            // Some infants are not yet registered.
            let registered = ctx.age(m.birth_jd) >= 1 || !chance(rng, 0.3);
            let mut documents: Vec<Document> = Vec::with_capacity(2);
            if registered {
                if has_national {
                    documents.push(
                        self.numbering
                            .national(ctx.year_of(m.birth_jd), m.sex, p.gaza),
                    );
                }
                if let Some(family) = unrwa_family {
                    documents.push(self.numbering.unrwa(family, i + 1));
                }
                if let Some((case, year)) = unhcr_case {
                    documents.push(self.numbering.unhcr(case, year, i + 1));
                }
            }
            members.push(people::finish(ctx, rng, m, welfare, documents));
        }
        let socio = socio::socio(ctx, rng, gov, welfare, setting, refugee, &members);
        let address = socio::address(ctx, rng, gov, setting);
        let phone = chance(rng, 0.93).then(|| socio::phone(ctx, rng));
        let alt_phone =
            (phone.is_some() && chance(rng, 0.15 + 0.2 * welfare)).then(|| socio::phone(ctx, rng));
        SynthHousehold {
            draft: HouseholdDraft {
                governorate: gov.code.clone(),
                district: None,
                address,
                phone,
                alt_phone,
                socio,
                extra: BTreeMap::new(),
                members,
            },
            kind,
            refugee,
            welfare,
        }
    }
}
