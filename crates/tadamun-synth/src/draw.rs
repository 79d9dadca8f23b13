//! Small sampling helpers over one seeded RNG, so every choice in the generator draws
//! from the same reproducible stream.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// The generator's RNG: fast, seedable, and stable across platforms.
pub(crate) type Rng = ChaCha8Rng;

/// True with probability `p` (clamped to [0, 1]).
pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// A uniform integer in `lo..=hi`.
pub(crate) fn between(rng: &mut Rng, lo: i32, hi: i32) -> i32 {
    rng.random_range(lo..=hi)
}

/// A uniform float in `[0, 1)`.
pub(crate) fn unit(rng: &mut Rng) -> f64 {
    rng.random::<f64>()
}

/// An index below `len` biased towards the start: real name frequencies are
/// heavy-headed, and the lists are ordered from most to least common.
pub(crate) fn skewed(rng: &mut Rng, len: usize, skew: f64) -> usize {
    let i = (unit(rng).powf(skew) * len as f64) as usize;
    i.min(len - 1)
}

/// One of `items`, with probability proportional to its weight.
pub(crate) fn weighted<T: Copy>(rng: &mut Rng, items: &[(T, f64)]) -> T {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut x = unit(rng) * total;
    for &(item, w) in items {
        if x < w {
            return item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// An approximately standard normal draw (Irwin–Hall with four uniforms): cheap, and
/// bounded, which keeps family sizes and ages in range.
pub(crate) fn normal(rng: &mut Rng) -> f64 {
    let s: f64 = (0..4).map(|_| unit(rng)).sum();
    (s - 2.0) * 3f64.sqrt()
}

/// Any element of a non-empty slice.
pub(crate) fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.random_range(..items.len())]
}
