//! Writes a synthetic persons file in the `tadamun dedup` layout with its truth file,
//! for the evaluator and the Splink benchmark.
//!
//! `cargo run --release -p tadamun-resolve --example synth_duplicates -- \
//!    --persons 100000 --tier realistic --seed 1 --out persons.csv --truth truth.csv`

use tadamun_domain::country::Country;
use tadamun_synth::{
    SynthConfig,
    duplicates::{Tier, generate_duplicates},
};

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_owned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let persons: usize = arg(&args, "--persons", "10000").parse()?;
    let tier =
        Tier::parse(&arg(&args, "--tier", "realistic")).ok_or("--tier easy|realistic|hard")?;
    let seed: u64 = arg(&args, "--seed", "1").parse()?;
    let config = SynthConfig {
        seed,
        households: 0,
        country: Country::Jordan,
        today: time::macros::date!(2026 - 01 - 15),
    };
    let rows = generate_duplicates(&config, persons, tier);
    let mut out = csv::Writer::from_path(arg(&args, "--out", "persons.csv"))?;
    out.write_record(tadamun_resolve::csv_io::COLUMNS)?;
    let mut truth = csv::Writer::from_path(arg(&args, "--truth", "truth.csv"))?;
    truth.write_record([
        "record_id",
        "entity_id",
        "channel",
        "hard_negative",
        "anchor_entity",
    ])?;
    for (p, t) in &rows {
        out.write_record([
            &p.record_id,
            &p.given_name,
            &p.father_name,
            &p.grandfather_name,
            &p.family_name,
            &p.full_name,
            p.sex,
            &p.birth_date,
            &p.national_id,
            &p.phone,
            &p.governorate,
            &p.household_id,
        ])?;
        truth.write_record([
            t.record_id.clone(),
            t.entity_id.to_string(),
            t.channel.as_str().to_owned(),
            t.hard_negative.to_owned(),
            t.anchor_entity.map_or(String::new(), |a| a.to_string()),
        ])?;
    }
    out.flush()?;
    truth.flush()?;
    eprintln!("wrote {} records", rows.len());
    Ok(())
}
