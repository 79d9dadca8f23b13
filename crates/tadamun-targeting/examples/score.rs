//! Benchmark: score N synthetic households (default 1,000,000) with a pack programme's
//! PMT and eligibility rules and build every decision record in its stored form, in
//! memory, 10,000 at a time (as the store writes them); one record per outcome is read
//! back and worded in English and Arabic.
//! Usage: `score [jo|ps] [N] [every]`; `every` reports every rule in every record
//! (by default only the rules an outcome needed). Generation is not counted.

use std::{collections::BTreeMap, time::Instant};

use tadamun_domain::{country::Country, country_pack::CountryPack, ids::HouseholdId};
use tadamun_synth::{SynthConfig, generate};
use tadamun_targeting::{
    assess::{Applicant, RuleDetail},
    decision::{self, Outcome},
    programme::pack_programmes,
    stored,
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
    let detail = if args.get(3).is_some_and(|a| a == "every") {
        RuleDetail::Every
    } else {
        RuleDetail::Needed
    };
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
        let t = Instant::now();
        let a = decision::assess_all(&programme, &applicants, today, Some(detail));
        eprintln!("phase: scoring alone {:.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let placed = decision::place(&programme, &applicants, &a);
        eprintln!(
            "phase: selection {:.3} s ({} placed)",
            t.elapsed().as_secs_f64(),
            placed.0.len()
        );
    }
    let t = Instant::now();
    let mut outcomes: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut records = 0;
    let mut bytes = 0;
    let mut samples = Vec::new();
    let mut in_sink = std::time::Duration::ZERO;
    decision::decide_encoded_chunks(&programme, &applicants, today, detail, 10_000, |chunk| {
        let s = Instant::now();
        for r in &chunk {
            *outcomes.entry(r.outcome).or_default() += 1;
            bytes += r.record.len();
            if !samples.iter().any(|(o, _)| *o == r.outcome) {
                samples.push((r.outcome, r.clone()));
            }
        }
        records += chunk.len();
        in_sink += s.elapsed();
    });
    let elapsed = t.elapsed();
    eprintln!(
        "of which {:.3} s in the sink (counting records, one thread)",
        in_sink.as_secs_f64()
    );
    println!(
        "decide {} ({country}, rules {detail:?}): {n} households, {records} stored decision records in {:.3} s; outcomes {outcomes:?}; {bytes} bytes of records ({} a record)",
        programme.definition.key,
        elapsed.as_secs_f64(),
        bytes / records.max(1)
    );
    // The stored form read back and worded, as the household page does.
    for (_, r) in samples {
        let columns = stored::Columns {
            outcome: r.outcome,
            predicted: r.predicted,
            entitlement: r.entitlement,
        };
        let d = stored::decode(&r.record, &programme.definition, columns).expect("reads back");
        let currency = programme.currency;
        println!(
            "  {}\n  {}",
            d.explanation.english(currency),
            d.explanation.arabic(currency)
        );
    }
}
