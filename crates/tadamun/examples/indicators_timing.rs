//! Benchmark: every governorate indicator (`governorate_indicators`, the public
//! portal's call) over a loaded registry, timed RUNS times; prints the wall time of
//! each run and the persons counted, so a 1M-person goal (under 5 s) can be checked.
//!
//! cargo run --release -p tadamun --example indicators_timing -- DATABASE_URL [RUNS]

use std::time::Instant;

use tadamun_store::{DatabaseUrl, Store};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: indicators_timing DATABASE_URL [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let store = Store::connect(&DatabaseUrl::new(url)).await?;
    let today = tadamun_store::now().date();
    for run in 1..=runs {
        let started = Instant::now();
        let table = store.governorate_indicators("JO", today).await?;
        let took = started.elapsed();
        let persons: i64 = table
            .governorates
            .iter()
            .filter_map(|g| g.count("population"))
            .sum();
        let households: i64 = table
            .governorates
            .iter()
            .filter_map(|g| g.count("households"))
            .sum();
        println!(
            "run={run} wall_ms={} governorates={} persons={persons} households={households}",
            took.as_millis(),
            table.governorates.len()
        );
    }
    store.close().await;
    Ok(())
}
