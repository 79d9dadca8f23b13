//! The only module that touches files: reads `persons.csv` (columns in any order,
//! unknown ones ignored) and writes `clusters.csv` and `pairs.csv`.

use std::{
    fs::File,
    io::{self, BufReader, BufWriter},
    path::Path,
};

use crate::{
    cluster::Edge,
    record::{Dataset, FxMap, RecordRef},
};

/// A problem with the input, naming the line (1 is the header).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("line 1: the header has no record_id column")]
    NoRecordId,
    #[error("line {line}: duplicate record_id {id:?} (first seen on line {first})")]
    DuplicateId { line: u64, id: String, first: u64 },
    #[error("line {line}: empty record_id")]
    EmptyId { line: u64 },
    #[error("line {line}: {problem}")]
    Field {
        line: u64,
        problem: crate::record::FieldProblem,
    },
    #[error("line {line}: {source}")]
    Csv { line: u64, source: csv::Error },
}

/// The input columns `tadamun dedup` reads, in the order generators write them.
pub const COLUMNS: [&str; 12] = [
    "record_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "full_name",
    "sex",
    "birth_date",
    "national_id",
    "phone",
    "governorate",
    "household_id",
];

/// Why a file run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{path}: {source}")]
    Input { path: String, source: InputError },
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("thread pool: {0}")]
    Threads(String),
}

/// Counts for the command's closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSummary {
    pub records: usize,
    pub clusters: usize,
    pub matched_pairs: usize,
    pub review_pairs: usize,
}

/// `tadamun dedup`: reads `input`, writes `output` (and `pairs`), on `threads` threads
/// (all cores when `None`).
pub fn dedup_files(
    input: &Path,
    output: &Path,
    pairs: Option<&Path>,
    threads: Option<usize>,
) -> Result<RunSummary, RunError> {
    let io_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| RunError::Io { path, source }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let file = File::open(input).map_err(io_err(input))?;
    let d = read_persons(BufReader::with_capacity(1 << 20, file)).map_err(|source| {
        RunError::Input {
            path: input.display().to_string(),
            source,
        }
    })?;
    let outcome = pool.install(|| crate::dedup(&d, &crate::DedupConfig::default()));
    let out = BufWriter::new(File::create(output).map_err(io_err(output))?);
    write_clusters(out, &d, &outcome.clusters).map_err(io_err(output))?;
    if let Some(p) = pairs {
        let out = BufWriter::new(File::create(p).map_err(io_err(p))?);
        write_pairs(out, &d, &outcome.pairs).map_err(io_err(p))?;
    }
    let mut roots = outcome.clusters.clone();
    roots.sort_unstable();
    roots.dedup();
    let count = |b| outcome.pairs.iter().filter(|e| e.band == b).count();
    Ok(RunSummary {
        records: d.len(),
        clusters: roots.len(),
        matched_pairs: count(crate::Band::Match),
        review_pairs: count(crate::Band::Review),
    })
}

/// Reads a persons CSV into a dataset.
pub fn read_persons(input: impl io::Read) -> Result<Dataset, InputError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|source| InputError::Csv { line: 1, source })?
        .clone();
    let index: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').trim() == *c)
        })
        .collect();
    if index[0].is_none() {
        return Err(InputError::NoRecordId);
    }
    let mut d = Dataset::default();
    let mut seen: FxMap<Box<str>, u64> = FxMap::default();
    let mut row = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(source) => return Err(InputError::Csv { line, source }),
        }
        let line = row.position().map_or(line, |p| p.line());
        let get = |i: usize| index[i].and_then(|c| row.get(c)).unwrap_or("");
        let r = RecordRef {
            record_id: get(0).trim(),
            given_name: get(1),
            father_name: get(2),
            grandfather_name: get(3),
            family_name: get(4),
            full_name: get(5),
            sex: get(6),
            birth_date: get(7),
            national_id: get(8),
            phone: get(9),
            governorate: get(10),
            household_id: get(11),
        };
        if r.record_id.is_empty() {
            return Err(InputError::EmptyId { line });
        }
        if let Some(&first) = seen.get(r.record_id) {
            return Err(InputError::DuplicateId {
                line,
                id: r.record_id.to_owned(),
                first,
            });
        }
        seen.insert(r.record_id.into(), line);
        d.push_ref(&r)
            .map_err(|problem| InputError::Field { line, problem })?;
    }
    d.finish();
    Ok(d)
}

/// Writes `record_id,cluster_id`, every record once, in input order. A cluster is
/// named by the record id of its first record.
pub fn write_clusters(out: impl io::Write, d: &Dataset, clusters: &[u32]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["record_id", "cluster_id"])?;
    for (i, &c) in clusters.iter().enumerate() {
        w.write_record([&*d.ids[i], &*d.ids[c as usize]])?;
    }
    w.flush()
}

/// Non-match pairs scoring below this are not written: at a million records the
/// candidates run to tens of millions, nearly all plain strangers.
pub const PAIRS_FLOOR: f32 = -5.0;

/// Writes `left_id,right_id,score,band` for every compared pair scoring at least
/// `PAIRS_FLOOR` (all `match` and `review` pairs, and the near misses).
pub fn write_pairs(out: impl io::Write, d: &Dataset, pairs: &[Edge]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["left_id", "right_id", "score", "band"])?;
    for e in pairs.iter().filter(|e| e.score >= PAIRS_FLOOR) {
        w.write_record([
            &*d.ids[e.a as usize],
            &*d.ids[e.b as usize],
            &format!("{:.2}", e.score),
            e.band.as_str(),
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_may_come_in_any_order_and_unknown_ones_are_ignored() {
        let csv = "colour,family_name,record_id,given_name\nred,الزعبي,a1,أحمد\n";
        let d = read_persons(csv.as_bytes()).unwrap();
        assert_eq!(&*d.ids[0], "a1");
        assert_ne!(d.persons[0].names[0], crate::record::NONE);
    }

    #[test]
    fn a_missing_record_id_column_is_an_error_naming_the_header_line() {
        let e = read_persons("given_name\nأحمد\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "line 1: the header has no record_id column");
    }

    #[test]
    fn a_duplicate_record_id_names_both_lines() {
        let e = read_persons("record_id,given_name\na,x\nb,y\na,z\n".as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 4: duplicate record_id \"a\" (first seen on line 2)"
        );
    }

    #[test]
    fn a_bad_date_names_its_line_and_field() {
        let e = read_persons("record_id,birth_date\na,1990-13-01\n".as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with("line 2: birth_date:"), "{e}");
    }
}
