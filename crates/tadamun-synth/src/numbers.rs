//! Document numbers that look random but never collide: each is a serial number
//! passed through a keyed bijection (a small Feistel network with cycle walking), so
//! uniqueness across the whole registry holds by construction, with no set to check.

use tadamun_domain::{
    country::Country,
    identity::{Document, DocumentType, palestinian_id_with_check_digit},
    person::Sex,
};

/// A keyed permutation of `0..n`.
#[derive(Debug, Clone)]
pub(crate) struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    pub(crate) fn new(seed: u64, n: u64) -> Self {
        let bits = 64 - (n - 1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        let mut state = seed ^ 0x5DEE_CE66_D1CE_4E5B;
        let keys = [(); 4].map(|_| {
            state = splitmix(state);
            state
        });
        Self { n, half_bits, keys }
    }

    /// The image of `x < n`. The Feistel network permutes `0..2^(2·half_bits)`;
    /// stepping again until the value falls below `n` keeps it a bijection of `0..n`.
    pub(crate) fn apply(&self, x: u64) -> u64 {
        debug_assert!(x < self.n);
        let mask = (1u64 << self.half_bits) - 1;
        let mut v = x;
        loop {
            let (mut left, mut right) = (v >> self.half_bits, v & mask);
            for key in self.keys {
                (left, right) = (right, left ^ (splitmix(right ^ key) & mask));
            }
            v = (left << self.half_bits) | right;
            if v < self.n {
                return v;
            }
        }
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Serial counters, one per prefix bucket, all scrambled by one permutation.
#[derive(Debug, Clone)]
struct Serials {
    permutation: Permutation,
    next: Vec<u64>,
}

impl Serials {
    fn new(seed: u64, capacity: u64, buckets: usize) -> Self {
        Self {
            permutation: Permutation::new(seed, capacity),
            next: vec![0; buckets],
        }
    }

    fn take(&mut self, bucket: usize) -> u64 {
        let n = self.next[bucket];
        assert!(
            n < self.permutation.n,
            "tadamun-synth ran out of document serials in one prefix"
        );
        self.next[bucket] += 1;
        // Each bucket starts at its own point of the cycle, so the first man born in
        // 1980 and the first born in 1981 do not share a serial.
        let start = splitmix(bucket as u64 ^ self.permutation.keys[0]) % self.permutation.n;
        self.permutation.apply((n + start) % self.permutation.n)
    }
}

/// Issues every document of one generated registry.
#[derive(Debug, Clone)]
pub(crate) struct Numbering {
    country: Country,
    /// Jordan: bucket per birth year (1900..2100) and sex; Palestine: per first digit.
    national: Serials,
    unrwa: Serials,
    unhcr: Serials,
}

impl Numbering {
    pub(crate) fn new(seed: u64, country: Country) -> Self {
        let national = match country {
            Country::Jordan => Serials::new(seed, 1_000_000, 200 * 2),
            Country::Palestine => Serials::new(seed, 10_000_000, 10),
        };
        Self {
            country,
            national,
            unrwa: Serials::new(seed.rotate_left(17), 10_000_000, 1),
            unhcr: Serials::new(seed.rotate_left(31), 1_000_000, 1),
        }
    }

    /// The country's national number. Jordan: a plausible shape of 9 (born in the
    /// 1900s) or 2 (born since 2000), two digits of the birth year, a sex digit and a
    /// six-digit serial. Palestine: 4 or 9 for the West Bank, 8 or 9 for Gaza, seven
    /// digits and the check digit.
    pub(crate) fn national(&mut self, birth_year: i32, sex: Sex, gaza: bool) -> Document {
        let raw = match self.country {
            Country::Jordan => {
                let year = birth_year.clamp(1900, 2099);
                let sex_digit = if sex == Sex::Male { 1 } else { 2 };
                let bucket = (year - 1900) as usize * 2 + sex_digit - 1;
                let century = if year < 2000 { 9 } else { 2 };
                format!(
                    "{century}{:02}{sex_digit}{:06}",
                    year % 100,
                    self.national.take(bucket)
                )
            }
            Country::Palestine => {
                let first = match (gaza, birth_year < 1995) {
                    (false, false) => 4,
                    (true, false) => 8,
                    (_, true) => 9,
                };
                palestinian_id_with_check_digit(&format!("{first}{:07}", self.national.take(first)))
            }
        };
        Document::parse(DocumentType::national_for(self.country), &raw)
            .expect("generated national numbers are valid")
    }

    /// A new family registration number for an UNRWA card; members are numbered in it.
    pub(crate) fn unrwa_family(&mut self) -> u64 {
        self.unrwa.take(0)
    }

    /// A member's UNRWA registration: the family's number and a two-digit member index.
    pub(crate) fn unrwa(&self, family: u64, member: usize) -> Document {
        let field = match self.country {
            Country::Jordan => 2,
            Country::Palestine => 3,
        };
        let raw = format!("{field}{family:07}-{:02}", member % 100);
        Document::parse(DocumentType::UnrwaRefugeeCard, &raw)
            .expect("generated UNRWA numbers are valid")
    }

    /// A new UNHCR case number for a refugee household.
    pub(crate) fn unhcr_case(&mut self) -> u64 {
        self.unhcr.take(0)
    }

    /// A member's UNHCR individual number: office, year, case and member index.
    pub(crate) fn unhcr(&self, case: u64, year: i32, member: usize) -> Document {
        let raw = format!("945-{:02}C{case:06}-{:02}", year % 100, member % 100);
        Document::parse(DocumentType::UnhcrCertificate, &raw)
            .expect("generated UNHCR numbers are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_is_a_bijection() {
        let p = Permutation::new(7, 100_000);
        let mut seen = vec![false; 100_000];
        for x in 0..100_000 {
            let y = p.apply(x) as usize;
            assert!(!seen[y], "{x} collides");
            seen[y] = true;
        }
    }

    #[test]
    fn consecutive_serials_do_not_look_consecutive() {
        let p = Permutation::new(1, 10_000_000);
        let gaps: Vec<i64> = (0..5)
            .map(|x| p.apply(x + 1) as i64 - p.apply(x) as i64)
            .collect();
        assert!(gaps.iter().all(|g| g.abs() > 1), "{gaps:?}");
    }

    #[test]
    fn palestinian_numbers_pass_their_check_digit() {
        let mut n = Numbering::new(3, Country::Palestine);
        for year in [1950, 2001, 2020] {
            let d = n.national(year, Sex::Female, year == 2020);
            assert_eq!(d.number.len(), 9);
        }
    }
}
