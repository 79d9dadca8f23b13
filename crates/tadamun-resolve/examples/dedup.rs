//! Runs the batch deduplication without the `tadamun` binary's database stack, for
//! quick tuning: `--input persons.csv --output clusters.csv [--pairs pairs.csv]
//! [--threads N] [--cap C --window W]`, with the time of each stage on stderr.

use std::{fs::File, io::BufWriter, time::Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(n) = arg(&args, "--threads") {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.parse()?)
            .build_global()?;
    }
    let t = Instant::now();
    let d = tadamun_resolve::csv_io::read_persons(File::open(
        arg(&args, "--input").ok_or("--input")?,
    )?)?;
    eprintln!(
        "read {} records, {} tokens in {:?}",
        d.len(),
        d.tokens.len(),
        t.elapsed()
    );
    let mut config = tadamun_resolve::DedupConfig::default();
    // Tuning knobs; the defaults are what `tadamun dedup` runs.
    if let Some(c) = arg(&args, "--cap") {
        config.limits.cap = c.parse()?;
    }
    if let Some(w) = arg(&args, "--window") {
        config.limits.window = w.parse()?;
    }
    let out = tadamun_resolve::dedup(&d, &config);
    eprintln!(
        "{} candidate pairs ({} kept), lambda {:.4}, in {:?}",
        out.candidates,
        out.pairs.len(),
        out.model.lambda,
        t.elapsed()
    );
    for (stage, took) in &out.stages {
        eprintln!("  {stage:<12} {took:?}");
    }
    for (f, field) in tadamun_resolve::compare::FIELDS.iter().enumerate() {
        let w: Vec<String> = (0..field.levels())
            .map(|l| format!("{:.1}", out.model.weight(f, l as u8)))
            .collect();
        eprintln!("  {:<20} {}", field.name(), w.join(" "));
    }
    tadamun_resolve::csv_io::write_clusters(
        BufWriter::new(File::create(arg(&args, "--output").ok_or("--output")?)?),
        &d,
        &out.clusters,
    )?;
    eprintln!("clusters written at {:?}", t.elapsed());
    if let Some(p) = arg(&args, "--pairs") {
        tadamun_resolve::csv_io::write_pairs(BufWriter::new(File::create(p)?), &d, &out.pairs)?;
    }
    eprintln!("done in {:?}", t.elapsed());
    Ok(())
}
