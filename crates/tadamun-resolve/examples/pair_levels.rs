//! Writes every compared pair that scored at least `review`, with its field levels and
//! whether the truth says it is one person, so guard and threshold changes can be tried
//! offline on a big file: `--input persons.csv --truth truth.csv --output levels.csv`.

use std::{collections::HashMap, fs::File, io::Write};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let d = tadamun_resolve::csv_io::read_persons(File::open(
        arg(&args, "--input").ok_or("--input")?,
    )?)?;
    let mut truth: HashMap<String, (u64, String, String)> = HashMap::new();
    for r in csv::Reader::from_path(arg(&args, "--truth").ok_or("--truth")?)?.records() {
        let r = r?;
        truth.insert(
            r[0].to_owned(),
            (r[1].parse()?, r[3].to_owned(), r[4].to_owned()),
        );
    }
    let config = tadamun_resolve::DedupConfig::default();
    let out = tadamun_resolve::dedup(&d, &config);
    let mut w = std::io::BufWriter::new(File::create(arg(&args, "--output").ok_or("--output")?)?);
    writeln!(
        w,
        "a,b,score,band,same,class,l0,l1,l2,l3,l4,l5,l6,l7,l8,l9,f0,f1,f2,f3,same_cluster,cross"
    )?;
    for e in &out.pairs {
        if f64::from(e.score) < config.thresholds.review {
            continue;
        }
        let (pa, pb) = (&d.persons[e.a as usize], &d.persons[e.b as usize]);
        let levels = tadamun_resolve::compare::compare(&d, pa, pb);
        let (ta, tb) = (&truth[&*d.ids[e.a as usize]], &truth[&*d.ids[e.b as usize]]);
        let class = if ta.1.is_empty() || ta.2 != tb.0.to_string() {
            if !tb.1.is_empty() && tb.2 == ta.0.to_string() {
                tb.1.as_str()
            } else {
                ""
            }
        } else {
            ta.1.as_str()
        };
        // Name frequencies per position (per million records) of record a's tokens.
        let f: Vec<String> = (0..4)
            .map(|i| format!("{:.0}", d.frequency(i, pa.names[i]) * 1e6))
            .collect();
        writeln!(
            w,
            "{},{},{:.2},{},{},{},{},{},{},{}",
            e.a,
            e.b,
            e.score,
            e.band.as_str(),
            u8::from(ta.0 == tb.0),
            class,
            levels.map(|l| l.to_string()).join(","),
            f.join(","),
            u8::from(out.clusters[e.a as usize] == out.clusters[e.b as usize]),
            u8::from(
                (0..4).any(|i| match (d.token(pa.names[i]), d.token(pb.names[i])) {
                    (Some(x), Some(y)) => x.latin != y.latin,
                    _ => false,
                })
            )
        )?;
    }
    Ok(())
}
