//! Benchmark: the registration-time duplicate check against a loaded registry, one
//! person at a time (probe by the store's keys, then scoring by the resolver).
//! Half the persons are registered ones typed again (hamza dropped, no ID number),
//! half are new synthetic people whose names collide with the registry's clans.
//!
//! cargo run --release -p tadamun --example duplicate_check_latency -- DATABASE_URL HOUSEHOLDS SEED [CHECKS]

use std::time::Instant;

use tadamun_domain::{
    country::Country,
    household::HouseholdDraft,
    person::{NamePart, PersonDraft},
};
use tadamun_services::duplicates::check_household;
use tadamun_store::{DatabaseUrl, Store};
use tadamun_synth::{SynthConfig, generate};

fn strip_hamza(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

/// The person as a one-member household, as a clerk would start typing it.
fn one_person(h: &HouseholdDraft, p: &PersonDraft, retyped: bool) -> HouseholdDraft {
    let mut p = p.clone();
    if retyped {
        p.documents.clear();
        if let Ok(g) = NamePart::parse("given_name", &strip_hamza(p.name.given.as_str())) {
            p.name.given = g;
        }
    }
    let mut d = h.clone();
    d.members = vec![p];
    d
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: duplicate_check_latency DATABASE_URL HOUSEHOLDS SEED [CHECKS]"
    );
    let households: usize = args[2].parse()?;
    let seed: u64 = args[3].parse()?;
    let wanted: usize = args.get(4).map(|q| q.parse()).transpose()?.unwrap_or(2_000);
    let store = Store::connect(&DatabaseUrl::new(&args[1])).await?;
    let system = tadamun_domain::access::Access::system("bench");
    let today = time::OffsetDateTime::now_utc().date();
    let stride = (households / (wanted / 2).max(1)).max(1);
    let mut drafts = Vec::with_capacity(wanted);
    for (registered_seed, retyped) in [(seed, true), (seed + 1_000, false)] {
        for (i, h) in generate(&SynthConfig {
            seed: registered_seed,
            households,
            country: Country::Jordan,
            today,
        })
        .enumerate()
        .step_by(stride)
        .take(wanted / 2)
        {
            let p = &h.draft.members[i % h.draft.members.len()];
            drafts.push((retyped, one_person(&h.draft, p, retyped)));
        }
    }
    for (_, d) in drafts.iter().take(50) {
        check_household(&store, &system, d, None).await?;
    }
    let mut micros = Vec::with_capacity(drafts.len());
    let (mut found_retyped, mut retyped, mut found_new) = (0, 0, 0);
    for (was_registered, d) in &drafts {
        let t = Instant::now();
        let found = check_household(&store, &system, d, None).await?;
        micros.push(t.elapsed().as_micros() as u64);
        if *was_registered {
            retyped += 1;
            found_retyped += usize::from(!found.is_empty());
        } else {
            found_new += usize::from(!found.is_empty());
        }
    }
    micros.sort_unstable();
    let pct = |p: f64| {
        micros[((micros.len() as f64 * p).ceil() as usize).clamp(1, micros.len()) - 1] as f64
            / 1000.0
    };
    println!(
        "backend={} checks={} p50_ms={:.2} p95_ms={:.2} p99_ms={:.2} max_ms={:.2} retyped_found={}/{} new_with_candidates={}/{}",
        store.backend_name(),
        micros.len(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0),
        found_retyped,
        retyped,
        found_new,
        micros.len() - retyped
    );
    Ok(())
}
