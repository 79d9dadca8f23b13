//! Rewrites a persons file for byte-based tools (Splink on DuckDB): one-field names
//! parsed into four parts, each part normalised and written one Arabic letter per
//! ASCII character. Other columns are copied as they are.
//!
//! `--input persons.csv --output persons.ascii.csv`

use tadamun_arabic::{parse_full_name, transliterate};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let mut r = csv::Reader::from_path(arg(&args, "--input").ok_or("--input")?)?;
    let headers = r.headers()?.clone();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let parts: Vec<Option<usize>> = [
        "given_name",
        "father_name",
        "grandfather_name",
        "family_name",
    ]
    .iter()
    .map(|n| col(n))
    .collect();
    let full = col("full_name");
    let mut w = csv::Writer::from_path(arg(&args, "--output").ok_or("--output")?)?;
    w.write_record(&headers)?;
    for row in r.records() {
        let row = row?;
        let mut out: Vec<String> = row.iter().map(str::to_owned).collect();
        let empty = parts
            .iter()
            .all(|p| p.is_none_or(|i| row[i].trim().is_empty()));
        if let (true, Some(f)) = (empty, full) {
            let p = parse_full_name(&row[f]);
            for (slot, value) in parts
                .iter()
                .zip([p.given, p.father, p.grandfather, p.family])
            {
                if let Some(i) = slot {
                    out[*i] = value;
                }
            }
            out[f].clear();
        }
        for i in parts.iter().flatten() {
            out[*i] = transliterate(&out[*i]).replace(' ', "");
        }
        w.write_record(&out)?;
    }
    w.flush()?;
    Ok(())
}
