//! Benchmark: Arabic name, ID and phone search latency against a loaded registry.
//! Queries are rebuilt from the same synthetic seed as the imported file, typed the way
//! clerks type them (hamza dropped, ta marbuta as ha, family name first, …).
//!
//! cargo run --release -p tadamun --example search_latency -- DATABASE_URL HOUSEHOLDS SEED [QUERIES]

use std::time::Instant;

use tadamun_domain::country::Country;
use tadamun_store::{DatabaseUrl, Store};
use tadamun_synth::{SynthConfig, generate};

fn strip_hamza(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            c => c,
        })
        .collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: search_latency DATABASE_URL HOUSEHOLDS SEED [QUERIES]"
    );
    let households: usize = args[2].parse()?;
    let seed: u64 = args[3].parse()?;
    let wanted: usize = args.get(4).map(|q| q.parse()).transpose()?.unwrap_or(2_000);
    let store = Store::connect(&DatabaseUrl::new(&args[1])).await?;
    let system = tadamun_domain::access::Access::system("bench");
    let today = time::OffsetDateTime::now_utc().date();
    let stride = (households / wanted).max(1);
    let mut queries = Vec::with_capacity(wanted);
    for (i, h) in generate(&SynthConfig {
        seed,
        households,
        country: Country::Jordan,
        today,
    })
    .enumerate()
    .step_by(stride)
    {
        let m = &h.draft.members[i % h.draft.members.len()];
        let n = &m.name;
        let q = match i % 10 {
            0..=3 => strip_hamza(&format!("{} {}", n.given.as_str(), n.family.as_str())),
            4..=6 => n.full(),
            7 | 8 => format!("{} {}", n.family.as_str(), n.given.as_str()),
            _ => m
                .documents
                .first()
                .map(|d| d.number.clone())
                .unwrap_or_else(|| n.full()),
        };
        queries.push(q);
    }
    // Warm caches the way a running server's would be.
    for q in queries.iter().take(50) {
        store.search_persons(&system, q, None, 20).await?;
    }
    let mut micros = Vec::with_capacity(queries.len());
    let mut empty = 0;
    for q in &queries {
        let t = Instant::now();
        let page = store.search_persons(&system, q, None, 20).await?;
        micros.push(t.elapsed().as_micros() as u64);
        empty += usize::from(page.hits.is_empty());
    }
    micros.sort_unstable();
    let pct = |p: f64| {
        micros[((micros.len() as f64 * p).ceil() as usize).clamp(1, micros.len()) - 1] as f64
            / 1000.0
    };
    println!(
        "backend={} queries={} p50_ms={:.2} p95_ms={:.2} p99_ms={:.2} max_ms={:.2} empty_results={}",
        store.backend_name(),
        micros.len(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0),
        empty
    );
    Ok(())
}
