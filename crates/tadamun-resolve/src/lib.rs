//! Identity resolution without a database: batch deduplication of person records and
//! the real-time duplicate check, with comparators that understand Arabic names.
//!
//! The batch pipeline ([`dedup`]):
//! 1. [`record`]: records interned (each distinct name spelled once, normalised once).
//! 2. [`blocking`]: candidate pairs from several keys, big blocks windowed.
//! 3. [`compare`]: each pair becomes a pattern of agreement levels.
//! 4. [`em`]: Fellegi–Sunter `u` from random pairs, `m` by EM on the candidates.
//! 5. [`score`]: weights with term-frequency adjustment, household context, bands.
//! 6. [`cluster`]: majority-linkage clustering that does not chain relatives.
//!
//! [`realtime::check`] scores one incoming record against given candidates and says
//! why, in plain language. Only [`csv_io`] reads or writes files.

pub mod blocking;
pub mod cluster;
pub mod compare;
pub mod csv_io;
pub mod em;
pub mod realtime;
pub mod record;
pub mod score;

use rayon::prelude::*;

pub use blocking::BlockingLimits;
pub use em::Model;
pub use record::{Dataset, InputRecord};
pub use score::{Band, Thresholds};

use crate::cluster::Edge;

/// Tuning of a batch run; the defaults are what `tadamun dedup` uses.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    pub limits: BlockingLimits,
    pub thresholds: Thresholds,
    /// Random pairs sampled to measure `u`.
    pub u_samples: usize,
    pub em_iterations: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            limits: BlockingLimits::default(),
            thresholds: Thresholds::default(),
            u_samples: 500_000,
            em_iterations: 25,
        }
    }
}

/// The result of a batch run.
#[derive(Debug)]
pub struct Outcome {
    /// Per record: the index of its cluster's first record.
    pub clusters: Vec<u32>,
    /// The compared pairs with their score and band: every pair scoring at least
    /// `csv_io::PAIRS_FLOOR`, and every pair between two records that each have a
    /// match (what clustering reads). Other non-matches are dropped: at ten million
    /// records they are most of the 100M+ candidates.
    pub pairs: Vec<Edge>,
    pub model: Model,
    /// Candidate pairs compared.
    pub candidates: usize,
    /// Wall time of each stage, for profiling at scale.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// Deduplicates a dataset on the current rayon pool.
pub fn dedup(d: &Dataset, config: &DedupConfig) -> Outcome {
    let mut stages = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        stages.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let candidates = blocking::candidate_pairs(d, config.limits);
    lap("blocking");
    let model = em::estimate_u(d, config.u_samples);
    lap("u");
    let pats = em::patterns(d, &candidates);
    lap("patterns");
    // A small file keeps the hand-set weights and scores without name frequencies: in
    // four records every shared name looks "common".
    let learn = d.len() >= em::MIN_RECORDS_TO_LEARN;
    let mut model = if learn {
        em::train(model, &pats, config.em_iterations)
    } else {
        model
    };
    model.lambda = em::prior_for(d.len());
    lap("em");
    // Pass 1: a score and band per candidate (5 bytes each, not a 16-byte edge).
    let (scores, bands): (Vec<f32>, Vec<Band>) = candidates
        .par_iter()
        .zip(pats.par_iter())
        .map(|(&p, pat)| {
            let (a, b) = ((p >> 32) as u32, (p & 0xFFFF_FFFF) as u32);
            let levels = pat.levels();
            let s = score::score_levels(d, &model, &config.thresholds, a, b, &levels, learn, false);
            (s.score as f32, s.band)
        })
        .unzip();
    drop(pats);
    let compared = candidates.len();
    // Pass 2: keep the pairs anyone reads: those written to pairs.csv, and those the
    // clusterer consults (between two records that each have a match).
    let mut active = vec![false; d.len()];
    for (&p, &band) in candidates.iter().zip(&bands) {
        if band == Band::Match {
            active[(p >> 32) as usize] = true;
            active[(p & 0xFFFF_FFFF) as usize] = true;
        }
    }
    let pairs: Vec<Edge> = candidates
        .par_iter()
        .zip(scores.par_iter().zip(bands.par_iter()))
        .filter_map(|(&p, (&score, &band))| {
            let (a, b) = ((p >> 32) as u32, (p & 0xFFFF_FFFF) as u32);
            let kept = score >= csv_io::PAIRS_FLOOR || (active[a as usize] && active[b as usize]);
            kept.then_some(Edge { a, b, score, band })
        })
        .collect();
    drop((candidates, scores, bands, active));
    lap("scoring");
    let clusters = cluster::cluster(d.len(), &pairs);
    lap("clustering");
    Outcome {
        clusters,
        pairs,
        model,
        candidates: compared,
        stages,
    }
}
