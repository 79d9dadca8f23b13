//! Shared fixtures: synthetic applicants and the built-in packs' programmes.
#![allow(dead_code)]

use tadamun_domain::{country::Country, country_pack::CountryPack, ids::HouseholdId};
use tadamun_synth::{SynthConfig, SynthHousehold, generate};
use tadamun_targeting::{
    assess::Applicant,
    programme::{CompiledProgramme, ProgrammeVersion, pack_programmes},
};
use time::Date;

pub const TODAY: Date = time::macros::date!(2026 - 01 - 15);

pub fn synth(country: Country, n: usize, seed: u64) -> Vec<SynthHousehold> {
    generate(&SynthConfig {
        seed,
        households: n,
        country,
        today: TODAY,
    })
    .collect()
}

pub fn applicants(country: Country, n: usize, seed: u64) -> Vec<Applicant> {
    synth(country, n, seed)
        .into_iter()
        .enumerate()
        .map(|(i, h)| Applicant {
            id: HouseholdId(uuid::Uuid::from_u128(i as u128 + 1)),
            household: h.draft,
        })
        .collect()
}

pub fn pack(country: Country) -> CountryPack {
    CountryPack::builtin(country)
}

pub fn example(country: Country) -> ProgrammeVersion {
    pack_programmes(country).expect("the pack's programmes parse")[0].clone()
}

pub fn compile(country: Country, p: &ProgrammeVersion) -> CompiledProgramme {
    p.compile(&pack(country)).expect("the programme compiles")
}
