//! Fellegi–Sunter weights. `u` (how often levels occur between different people) and
//! `m` (how often between duplicates) are learnt by two-class EM on the candidate
//! pairs, starting from `u` measured on random pairs. Learning `u` on the candidates
//! rather than fixing it from random pairs matters: candidates already agree on their
//! blocking fields, so against random-pair `u` every candidate looks like a match and
//! EM collapses (λ → 1). Random pairs still give the exact-name collision rates that
//! the term-frequency adjustment needs. EM runs on the histogram of level patterns (a
//! few thousand distinct ones), so it costs nothing at any scale.

// Field and level indices address several parallel tables at once; ranges read best.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;

use rayon::prelude::*;

use crate::{
    compare::{FIELDS, NULL, Pattern, compare},
    record::{Dataset, PARTS},
};

/// Learnt probabilities per field and level (levels beyond a field's count unused).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Prior share of candidate pairs that are duplicates.
    pub lambda: f64,
    pub m: [[f64; 5]; 10],
    pub u: [[f64; 5]; 10],
    /// Chance that two random records share a name part exactly (Σ p²), per position:
    /// the base of the term-frequency adjustment.
    pub name_collision: [f64; PARTS],
}

impl Default for Model {
    /// Hand-set priors, used by the real-time check before any batch has been trained.
    fn default() -> Self {
        let mut m = [[0.0; 5]; 10];
        let mut u = [[0.0; 5]; 10];
        for (i, f) in FIELDS.iter().enumerate() {
            let n = f.levels();
            for l in 0..n {
                // Duplicates mostly agree exactly or nearly; strangers mostly disagree.
                m[i][l] = match l {
                    0 => 0.03,
                    l if l == n - 1 => 0.8,
                    l if l == n - 2 => 0.12,
                    _ => 0.05,
                };
                u[i][l] = if l == 0 { 0.9 } else { 0.1 / (n - 1) as f64 };
            }
        }
        // Duplicates often move, change phone and sit in another household.
        m[6] = [0.3, 0.05, 0.65, 0.0, 0.0];
        m[7] = [0.02, 0.98, 0.0, 0.0, 0.0];
        m[8] = [0.25, 0.75, 0.0, 0.0, 0.0];
        m[9] = [0.95, 0.05, 0.0, 0.0, 0.0];
        // Exact agreement between strangers is rare for numbers, common for sex.
        u[5] = [0.999_98, 0.000_01, 0.000_01, 0.0, 0.0];
        u[6] = [0.999_9, 0.000_05, 0.000_05, 0.0, 0.0];
        u[7] = [0.5, 0.5, 0.0, 0.0, 0.0];
        u[8] = [0.85, 0.15, 0.0, 0.0, 0.0];
        u[9] = [0.999_9, 0.000_1, 0.0, 0.0, 0.0];
        Model {
            lambda: 0.01,
            m,
            u,
            name_collision: [0.02, 0.02, 0.02, 0.01],
        }
    }
}

impl Model {
    /// log2(m/u) of one field at one level; 0 for a missing value.
    pub fn weight(&self, field: usize, level: u8) -> f64 {
        if level == NULL {
            return 0.0;
        }
        let l = level as usize;
        (self.m[field][l].max(1e-6) / self.u[field][l].max(1e-9))
            .log2()
            .clamp(-12.0, 22.0)
    }

    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }
}

/// A tiny deterministic generator for random pairs (no dependency needed).
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Below this many records a batch keeps the hand-set weights: neither `u`, `m` nor
/// name frequencies can be learnt from a handful of people.
pub const MIN_RECORDS_TO_LEARN: usize = 1000;

/// Measures `u` on `samples` random pairs and the exact-name collision rates.
pub fn estimate_u(d: &Dataset, samples: usize) -> Model {
    let mut model = Model::default();
    let n = d.len() as u64;
    // A few records say nothing about strangers; keep the priors.
    if n < MIN_RECORDS_TO_LEARN as u64 {
        return model;
    }
    let counts: Vec<[[u64; 8]; 10]> = (0..samples)
        .into_par_iter()
        .chunks(65_536)
        .map(|chunk| {
            let mut rng = SplitMix(chunk[0] as u64);
            let mut c = [[0u64; 8]; 10];
            for _ in chunk {
                let a = rng.next() % n;
                let b = rng.next() % n;
                if a == b {
                    continue;
                }
                let l = compare(d, &d.persons[a as usize], &d.persons[b as usize]);
                for (f, &lv) in l.iter().enumerate() {
                    c[f][lv as usize] += 1;
                }
            }
            c
        })
        .collect();
    for (f, field) in FIELDS.iter().enumerate() {
        let levels = field.levels();
        let seen: Vec<u64> = (0..levels)
            .map(|l| counts.iter().map(|c| c[f][l]).sum())
            .collect();
        let total: u64 = seen.iter().sum();
        if total == 0 {
            continue;
        }
        for l in 0..levels {
            // Half a pseudo-count keeps unseen levels finite.
            model.u[f][l] = (seen[l] as f64 + 0.5) / (total as f64 + 0.5 * levels as f64);
        }
    }
    let people = d.len() as f64;
    for pos in 0..PARTS {
        let named: f64 = d.token_counts[pos].iter().map(|&c| f64::from(c)).sum();
        if named > 0.0 {
            model.name_collision[pos] = d.token_counts[pos]
                .iter()
                .map(|&c| (f64::from(c) / people).powi(2))
                .sum::<f64>()
                .max(1e-9);
            model.u[pos][3] = model.name_collision[pos];
        }
    }
    model
}

/// The level pattern of every candidate pair, and their histogram.
pub fn patterns(d: &Dataset, pairs: &[u64]) -> Vec<Pattern> {
    pairs
        .par_iter()
        .map(|&p| {
            let (a, b) = ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize);
            Pattern::from_levels(&compare(d, &d.persons[a], &d.persons[b]))
        })
        .collect()
}

/// A training rule: the pairs it selects, and the fields it conditions on (those are
/// not learnt from it, since selecting on them biases their levels).
struct Rule {
    selects: fn(Pattern) -> bool,
    conditioned: &'static [usize],
}

const RULES: [Rule; 3] = [
    // Same birth date and given name: learns names, numbers, phone, places.
    Rule {
        selects: |p| p.level(4) == 4 && p.level(0) >= 2,
        conditioned: &[0, 4],
    },
    // Same national ID: learns everything else, the given name included.
    Rule {
        selects: |p| p.level(5) == 2,
        conditioned: &[5],
    },
    // Same given, father and family name: learns the date and the numbers.
    Rule {
        selects: |p| p.level(0) >= 2 && p.level(1) >= 2 && p.level(3) >= 2,
        conditioned: &[0, 1, 3],
    },
];

/// Learns `m` the way Splink does: EM with `u` fixed (from random pairs) on the
/// pairs each training rule selects, each field learnt only from rules that do not
/// condition on it, the estimates averaged. Fields no rule could learn keep their
/// prior. Two-class EM on all candidates is not used: it finds families (same
/// father, household and phone) as readily as duplicates.
pub fn train(mut model: Model, pats: &[Pattern], iterations: usize) -> Model {
    let mut sum = [[0.0f64; 5]; 10];
    let mut learnt = [0usize; 10];
    let mut lambdas = Vec::new();
    for rule in &RULES {
        let subset: Vec<Pattern> = pats
            .iter()
            .copied()
            .filter(|&p| (rule.selects)(p))
            .collect();
        if subset.len() < 50 {
            continue;
        }
        let (m, lambda) = em_fixed_u(&model, &subset, rule.conditioned, iterations);
        lambdas.push(lambda);
        for f in 0..FIELDS.len() {
            if !rule.conditioned.contains(&f) {
                learnt[f] += 1;
                for l in 0..5 {
                    sum[f][l] += m[f][l];
                }
            }
        }
    }
    for f in 0..FIELDS.len() {
        if learnt[f] > 0 {
            for l in 0..5 {
                model.m[f][l] = sum[f][l] / learnt[f] as f64;
            }
        }
    }
    // The prior share of duplicates among all candidates is not what any rule saw;
    // thresholds are set in score units against a fixed prior, scaled by `prior_for`.
    model.lambda = 0.01;
    let _ = lambdas;
    model
}

/// Records at which the fixed prior (λ = 0.01) was tuned.
pub const PRIOR_REFERENCE: usize = 100_000;

/// The prior for a batch of `n` records. A record's duplicates do not multiply with
/// the registry, but the strangers who share its name and birth year do: for the same
/// evidence the odds of a match fall as 1/n, so above the reference size the prior
/// falls with n (3.3 bits from 100k to 1M), and the match band keeps its precision.
pub fn prior_for(n: usize) -> f64 {
    0.01 * (PRIOR_REFERENCE as f64 / n.max(1) as f64).min(1.0)
}

fn em_fixed_u(
    model: &Model,
    pats: &[Pattern],
    conditioned: &[usize],
    iterations: usize,
) -> ([[f64; 5]; 10], f64) {
    let mut hist: HashMap<Pattern, u64> = HashMap::new();
    for &p in pats {
        *hist.entry(p).or_default() += 1;
    }
    let hist: Vec<(Pattern, f64)> = hist.into_iter().map(|(p, c)| (p, c as f64)).collect();
    let total: f64 = hist.iter().map(|h| h.1).sum();
    let mut m = Model::default().m;
    let mut lambda = 0.3;
    for _ in 0..iterations {
        let mut num = [[0.0f64; 5]; 10];
        let mut matched = 0.0;
        for &(p, count) in &hist {
            let mut wm = lambda;
            let mut wu = 1.0 - lambda;
            for f in 0..FIELDS.len() {
                let l = p.level(f);
                if l != NULL && !conditioned.contains(&f) {
                    wm *= m[f][l as usize].max(1e-12);
                    wu *= model.u[f][l as usize].max(1e-12);
                }
            }
            let r = wm / (wm + wu) * count;
            matched += r;
            for f in 0..FIELDS.len() {
                let l = p.level(f);
                if l != NULL {
                    num[f][l as usize] += r;
                }
            }
        }
        lambda = (matched / total).clamp(1e-6, 0.999);
        for (f, field) in FIELDS.iter().enumerate() {
            let levels = field.levels();
            let den: f64 = num[f][..levels].iter().sum();
            if den > 0.0 {
                for l in 0..levels {
                    m[f][l] = (num[f][l] + 1e-3) / (den + 1e-3 * levels as f64);
                }
            }
        }
    }
    (m, lambda)
}
