//! Times the generator and prints the registry's shape, to check speed and realism:
//! `cargo run --release -p tadamun-synth --example synth_speed -- 200000 JO`.

use std::time::Instant;

use tadamun_domain::{
    country::Country,
    person::{Relationship, Sex},
};
use tadamun_synth::{Refugee, SynthConfig, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let households = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let country = args
        .next()
        .and_then(|a| Country::parse(&a).ok())
        .unwrap_or(Country::Jordan);
    let today = time::macros::date!(2026 - 01 - 15);
    let config = SynthConfig {
        seed: 42,
        households,
        country,
        today,
    };

    let start = Instant::now();
    let (
        mut persons,
        mut under_15,
        mut over_65,
        mut female_heads,
        mut answered,
        mut some,
        mut disabled,
    ) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut refugees, mut no_document) = (0usize, 0usize);
    let mut bands = [0usize; 18];
    let mut male_names = std::collections::HashMap::<String, usize>::new();
    let mut by_kind = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for h in generate(&config) {
        persons += h.draft.members.len();
        let e = by_kind.entry(format!("{:?}", h.kind)).or_default();
        e.0 += 1;
        e.1 += h.draft.members.len();
        if h.draft.head().sex == Sex::Female {
            female_heads += 1;
        }
        if h.refugee != Refugee::No {
            refugees += 1;
        }
        for m in &h.draft.members {
            let age = m.birth_date.age_on(today);
            under_15 += usize::from(age < 15);
            bands[(age / 5).clamp(0, 17) as usize] += 1;
            if m.sex == Sex::Male {
                *male_names
                    .entry(m.name.given.as_str().to_owned())
                    .or_default() += 1;
            }
            over_65 += usize::from(age >= 65);
            no_document += usize::from(m.documents.is_empty());
            if m.disability.is_answered() {
                answered += 1;
                some += usize::from(
                    m.disability
                        .answers()
                        .iter()
                        .flatten()
                        .any(|d| d.as_str() != "1"),
                );
                disabled += usize::from(m.disability.has_disability());
            }
            debug_assert!(m.relationship != Relationship::Head || age >= 18);
        }
    }
    let elapsed = start.elapsed();
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
    println!(
        "{households} households, {persons} persons in {:.2?} ({:.0} households/s)",
        elapsed,
        households as f64 / elapsed.as_secs_f64()
    );
    println!("mean size {:.2}", persons as f64 / households.max(1) as f64);
    println!(
        "under 15: {:.1}%, 65 and over: {:.1}%",
        pct(under_15, persons),
        pct(over_65, persons)
    );
    println!(
        "female heads: {:.1}%, refugee households: {:.1}%",
        pct(female_heads, households),
        pct(refugees, households)
    );
    println!(
        "aged 5+: some difficulty {:.1}%, disability {:.1}%",
        pct(some, answered),
        pct(disabled, answered)
    );
    let bands: Vec<String> = bands
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{}:{:.1}", i * 5, pct(*n, persons)))
        .collect();
    println!("age bands (%): {}", bands.join(" "));
    let males: usize = male_names.values().sum();
    let mut top: Vec<(String, usize)> = male_names.into_iter().collect();
    top.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let top: Vec<String> = top
        .iter()
        .take(6)
        .map(|(n, c)| format!("{n} {:.1}%", pct(*c, males)))
        .collect();
    println!("commonest male names: {}", top.join(", "));
    for (kind, (n, size)) in &by_kind {
        println!(
            "  {kind}: {:.1}% of households, mean size {:.2}",
            pct(*n, households),
            *size as f64 / *n as f64
        );
    }
    println!(
        "persons without a document: {:.2}%",
        pct(no_document, persons)
    );
}
