//! Benchmark: score N synthetic households (default 1,000,000) with a pack programme's
//! PMT and eligibility rules and build every decision record with its Arabic and
//! English explanation, in memory. Usage: `score [jo|ps] [N]`.

use std::{collections::BTreeMap, time::Instant};

use tadamun_domain::{country::Country, country_pack::CountryPack, ids::HouseholdId};
use tadamun_synth::{SynthConfig, generate};
use tadamun_targeting::{
    assess::Applicant,
    decision::{self, Outcome},
    programme::pack_programmes,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let country = match args.get(1).map(String::as_str) {
        Some("ps") => Country::Palestine,
        _ => Country::Jordan,
    };
    let n: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let today = time::macros::date!(2026 - 01 - 15);
    let t = Instant::now();
    let applicants: Vec<Applicant> = generate(&SynthConfig {
        seed: 42,
        households: n,
        country,
        today,
    })
    .enumerate()
    .map(|(i, h)| Applicant {
        id: HouseholdId(uuid::Uuid::from_u128(i as u128 + 1)),
        household: h.draft,
    })
    .collect();
    eprintln!("generated {n} households in {:.2?}", t.elapsed());
    let pack = CountryPack::builtin(country);
    let programme = pack_programmes(country).expect("pack programmes parse")[0]
        .compile(&pack)
        .expect("pack programmes compile");
    if std::env::var_os("PHASES").is_some() {
        let mut bare = pack_programmes(country).expect("parse")[0].clone();
        let rules = std::mem::take(&mut bare.eligibility.all);
        for keep in 0..=rules.len() {
            bare.eligibility.all = rules[..keep].to_vec();
            let p = bare.compile(&pack).expect("compiles");
            let t = Instant::now();
            let a = decision::assess_all(&p, &applicants, today, false);
            eprintln!(
                "assess_all with {keep} rules: {:.3} s for {}",
                t.elapsed().as_secs_f64(),
                a.len()
            );
        }
        for detail in [false, true] {
            let t = Instant::now();
            let a = decision::assess_all(&programme, &applicants, today, detail);
            eprintln!(
                "assess_all(detail={detail}): {:.3} s for {}",
                t.elapsed().as_secs_f64(),
                a.len()
            );
        }
    }
    let t = Instant::now();
    let records = decision::decide(&programme, &applicants, today);
    let elapsed = t.elapsed();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for r in &records {
        *outcomes.entry(format!("{:?}", r.outcome)).or_default() += 1;
    }
    let text: usize = records
        .iter()
        .map(|r| r.explanation_ar.len() + r.explanation_en.len())
        .sum();
    println!(
        "decide {} ({}): {n} households, {} decision records with explanations in {:.3} s; outcomes {outcomes:?}; {text} bytes of explanation",
        programme.definition.key,
        country,
        records.len(),
        elapsed.as_secs_f64()
    );
    for outcome in [
        Outcome::Eligible,
        Outcome::NotEligible,
        Outcome::WaitingList,
        Outcome::NotDecidable,
    ] {
        if let Some(r) = records.iter().find(|r| r.outcome == outcome) {
            println!("  {}\n  {}", r.explanation_en, r.explanation_ar);
        }
    }
}
