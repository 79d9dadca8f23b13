//! Candidate generation: several blocking keys, each catching duplicates the others
//! miss (a wrong ID, a new phone, a date slip, a missing family name). A block larger
//! than `cap` (a big clan, محمد in a city) is not compared all-to-all: its records are
//! sorted by birth date and each meets only its `window` neighbours, so work stays
//! linear however skewed the names are.

use rayon::prelude::*;

use crate::record::{Dataset, NONE, Person};

/// Block size limits.
#[derive(Debug, Clone, Copy)]
pub struct BlockingLimits {
    /// Blocks up to this size are compared all-to-all.
    pub cap: usize,
    /// In larger blocks each record meets this many neighbours in birth-date order.
    pub window: usize,
}

impl Default for BlockingLimits {
    fn default() -> Self {
        BlockingLimits { cap: 16, window: 6 }
    }
}

fn mix(mut h: u64, v: u64) -> u64 {
    // SplitMix64 finaliser over a running hash: cheap and well spread.
    h ^= v.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_add(h << 6);
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

fn hash(kind: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(0, kind), |h, &p| mix(h, p))
}

/// Keys one person can have.
const MAX_KEYS: usize = 8;

/// The blocking keys of one person (at most eight; absent fields give no key).
fn keys(d: &Dataset, p: &Person, out: &mut Vec<u64>) {
    let sk = |i: usize| {
        let t = p.names[i];
        (t != NONE).then(|| u64::from(d.tokens[t as usize].skeleton))
    };
    let (g, f, gf, fam) = (sk(0), sk(1), sk(2), sk(3));
    let year = (p.birth != 0).then(|| u64::from(p.birth / 10000));
    let date = (p.birth != 0).then_some(u64::from(p.birth));
    if p.nid_len > 0 {
        out.push(hash(1, &[p.nid]));
        // The last half catches a typo in the first. The first half is no key: it
        // encodes the birth year, so with the given name it made blocks of everyone
        // so named born that year (3.5M of 12.4M pairs at 1M, for 0.01% recall); a
        // typo in the last half is caught by the name and date keys.
        let s = p.nid.to_string();
        let b = &s[s.len() / 2..];
        if let Some(g) = g {
            out.push(hash(3, &[b.parse().unwrap_or(0), g]));
        }
    }
    // A household shares one phone: alone it makes every sibling a candidate.
    if p.phone != 0 {
        out.push(hash(4, &[p.phone, g.unwrap_or(0)]));
    }
    if let (Some(g), Some(fam), Some(y)) = (g, fam, year) {
        out.push(hash(5, &[g, fam, y]));
    }
    if let (Some(g), Some(f), Some(gf)) = (g, f, gf) {
        out.push(hash(6, &[g, f, gf]));
    }
    if let (Some(g), Some(f), Some(fam)) = (g, f, fam) {
        out.push(hash(7, &[g, f, fam]));
    }
    if let (Some(fam), Some(date)) = (fam, date) {
        out.push(hash(8, &[fam, date]));
    }
    if let (Some(g), Some(date)) = (g, date) {
        out.push(hash(9, &[g, date]));
    }
}

/// Candidate pairs `(lo, hi)` as `lo << 32 | hi`, sorted and unique.
pub fn candidate_pairs(d: &Dataset, limits: BlockingLimits) -> Vec<u64> {
    // A fixed number of slots per record, written in place (no doubling while
    // concatenating); absent keys stay `u64::MAX`, sort to the end and are cut off.
    let mut entries: Vec<(u64, u32)> = vec![(u64::MAX, u32::MAX); d.len() * MAX_KEYS];
    entries
        .par_chunks_mut(MAX_KEYS)
        .zip(d.persons.par_iter())
        .enumerate()
        .for_each_init(
            || Vec::with_capacity(MAX_KEYS),
            |ks, (i, (slots, p))| {
                ks.clear();
                keys(d, p, ks);
                for (slot, &k) in slots.iter_mut().zip(ks.iter()) {
                    *slot = (k, i as u32);
                }
            },
        );
    entries.par_sort_unstable();
    let present = entries.partition_point(|e| e.1 != u32::MAX);
    entries.truncate(present);
    // Block boundaries, then pairs per block in parallel.
    let mut starts = vec![0usize];
    for i in 1..entries.len() {
        if entries[i].0 != entries[i - 1].0 {
            starts.push(i);
        }
    }
    starts.push(entries.len());
    let mut pairs: Vec<u64> = starts
        .par_windows(2)
        .fold(Vec::new, |mut acc, w| {
            let block: Vec<u32> = entries[w[0]..w[1]].iter().map(|e| e.1).collect();
            block_pairs(d, block, limits, &mut acc);
            acc
        })
        .reduce(Vec::new, |mut a, mut b| {
            a.append(&mut b);
            a
        });
    drop(entries);
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

fn pair(a: u32, b: u32) -> u64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

fn block_pairs(d: &Dataset, mut block: Vec<u32>, limits: BlockingLimits, out: &mut Vec<u64>) {
    if block.len() <= limits.cap {
        for i in 0..block.len() {
            for j in i + 1..block.len() {
                if block[i] != block[j] {
                    out.push(pair(block[i], block[j]));
                }
            }
        }
        return;
    }
    block.sort_unstable_by_key(|&r| (d.persons[r as usize].birth, r));
    for i in 0..block.len() {
        for j in i + 1..(i + 1 + limits.window).min(block.len()) {
            out.push(pair(block[i], block[j]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::InputRecord;

    fn person(id: usize, given: &str, family: &str, birth: &str) -> InputRecord {
        InputRecord {
            record_id: id.to_string(),
            given_name: given.into(),
            father_name: "علي".into(),
            family_name: family.into(),
            birth_date: birth.into(),
            ..InputRecord::default()
        }
    }

    #[test]
    fn an_arabic_record_and_its_latin_copy_become_candidates() {
        let d = Dataset::from_records(&[
            person(0, "محمد", "الزعبي", "1980-01-02"),
            person(1, "Mohammed", "Al-Zoubi", "1980-01-02"),
            person(2, "خالد", "حداد", "1970-05-05"),
        ])
        .unwrap();
        let pairs = candidate_pairs(&d, BlockingLimits::default());
        assert_eq!(pairs, vec![1]);
    }

    #[test]
    fn no_person_has_more_keys_than_the_slots_kept_for_them() {
        let mut r = person(0, "محمد", "الزعبي", "1980-01-02");
        r.grandfather_name = "حسن".into();
        r.national_id = "9801234567".into();
        r.phone = "0791234567".into();
        let d = Dataset::from_records(&[r]).unwrap();
        let mut ks = Vec::new();
        keys(&d, &d.persons[0], &mut ks);
        assert_eq!(ks.len(), MAX_KEYS);
    }

    #[test]
    fn a_huge_block_yields_linear_not_quadratic_pairs() {
        let recs: Vec<InputRecord> = (0..2000)
            .map(|i| person(i, "محمد", "الزعبي", &format!("19{:02}-01-01", i % 100)))
            .collect();
        let d = Dataset::from_records(&recs).unwrap();
        let limits = BlockingLimits::default();
        let pairs = candidate_pairs(&d, limits);
        // Every key block is windowed: at most keys × n × window pairs, not n²/2.
        assert!(pairs.len() <= 8 * 2000 * limits.window, "{}", pairs.len());
        assert!(pairs.len() >= 2000);
    }
}
