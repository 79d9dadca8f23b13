//! Records as the resolver holds them: every name part interned once as a token (its
//! matching key, skeleton and letters), dates packed, numbers as digits. Ten million
//! persons then cost tens of bytes each, not a dozen heap strings.

use std::collections::HashMap;

use tadamun_arabic::{is_latin, match_key, parse_full_name, word_skeleton};

/// One input row, as text. Empty strings are "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputRecord {
    pub record_id: String,
    pub given_name: String,
    pub father_name: String,
    pub grandfather_name: String,
    pub family_name: String,
    /// Used when the four parts are all empty.
    pub full_name: String,
    pub sex: String,
    pub birth_date: String,
    pub national_id: String,
    pub phone: String,
    pub governorate: String,
    pub household_id: String,
}

/// One input row, borrowed (see [`InputRecord`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordRef<'a> {
    pub record_id: &'a str,
    pub given_name: &'a str,
    pub father_name: &'a str,
    pub grandfather_name: &'a str,
    pub family_name: &'a str,
    pub full_name: &'a str,
    pub sex: &'a str,
    pub birth_date: &'a str,
    pub national_id: &'a str,
    pub phone: &'a str,
    pub governorate: &'a str,
    pub household_id: &'a str,
}

/// FxHash (rustc's) with a finaliser: interning and the id check hash tens of millions
/// of short strings, which SipHash makes the slowest part of reading a file. No
/// untrusted party chooses these keys to collide.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // Fx's last multiply leaves the low bits (the bucket index) weak for keys
        // like r0123456789ab; a finaliser spreads them.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl FxHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The token id meaning "no value".
pub const NONE: u32 = u32::MAX;

/// A distinct name word: its matching key and its cross-script skeleton (as an id for
/// equality and as text for similarity).
#[derive(Debug, Clone)]
pub struct Token {
    pub key: Box<str>,
    pub skeleton: u32,
    pub skeleton_text: Box<str>,
    pub latin: bool,
    /// `key` and `skeleton_text` as chars, split once for the comparators.
    pub chars: Box<[char]>,
    pub skeleton_chars: Box<[char]>,
}

/// The name-part positions, in column order.
pub const PARTS: usize = 4;

/// One person, compact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// Token ids for given, father, grandfather, family (`NONE` if empty).
    pub names: [u32; PARTS],
    /// 0 unknown, 1 male, 2 female.
    pub sex: u8,
    /// `year * 10000 + month * 100 + day`, 0 when unknown.
    pub birth: u32,
    /// National ID digits as a number with its length, 0 when absent.
    pub nid: u64,
    pub nid_len: u8,
    pub phone: u64,
    pub governorate: u16,
    pub household: u32,
}

/// A parse problem in one field of one record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

/// All records of a run with their shared token tables.
#[derive(Debug, Default)]
pub struct Dataset {
    pub ids: Vec<Box<str>>,
    pub persons: Vec<Person>,
    pub tokens: Vec<Token>,
    /// Occurrences of each token per name position, for term-frequency weights.
    pub token_counts: [Vec<u32>; PARTS],
    /// Occurrences of each skeleton per name position (filled by `finish`): how often
    /// a Latin spelling's skeleton meets a stranger's name.
    pub skeleton_counts: [Vec<u32>; PARTS],
    skeletons: FxMap<Box<str>, u32>,
    by_key: FxMap<Box<str>, u32>,
    /// Raw field text → token, so repeated spellings are normalised once.
    raw_cache: FxMap<Box<str>, u32>,
    governorates: FxMap<Box<str>, u16>,
    households: FxMap<Box<str>, u32>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    pub fn token(&self, id: u32) -> Option<&Token> {
        (id != NONE).then(|| &self.tokens[id as usize])
    }

    /// Interns a normalised word (a `match_key` word or words).
    fn intern_key(&mut self, key: &str) -> u32 {
        if key.is_empty() {
            return NONE;
        }
        if let Some(&id) = self.by_key.get(key) {
            return id;
        }
        let sk = word_skeleton(key);
        let next = self.skeletons.len() as u32;
        let skeleton = *self.skeletons.entry(sk.clone().into()).or_insert(next);
        let id = self.tokens.len() as u32;
        self.tokens.push(Token {
            key: key.into(),
            skeleton,
            chars: key.chars().collect(),
            skeleton_chars: sk.chars().collect(),
            skeleton_text: sk.into(),
            latin: is_latin(key),
        });
        self.by_key.insert(key.into(), id);
        id
    }

    /// Interns one raw name part: its whole `match_key` becomes one token (a family
    /// name such as "بني هاني" or "ابو زيد" stays one value).
    fn intern_raw(&mut self, raw: &str) -> u32 {
        if raw.trim().is_empty() {
            return NONE;
        }
        if let Some(&id) = self.raw_cache.get(raw) {
            return id;
        }
        let key = match_key(raw).replace(' ', "");
        let id = self.intern_key(&key);
        self.raw_cache.insert(raw.into(), id);
        id
    }

    /// Adds one record; the caller checks id uniqueness (it knows the line number).
    pub fn push(&mut self, r: &InputRecord) -> Result<(), FieldProblem> {
        self.push_ref(&RecordRef {
            record_id: &r.record_id,
            given_name: &r.given_name,
            father_name: &r.father_name,
            grandfather_name: &r.grandfather_name,
            family_name: &r.family_name,
            full_name: &r.full_name,
            sex: &r.sex,
            birth_date: &r.birth_date,
            national_id: &r.national_id,
            phone: &r.phone,
            governorate: &r.governorate,
            household_id: &r.household_id,
        })
    }

    /// [`Dataset::push`] on borrowed fields: the CSV reader passes its row as is,
    /// without twelve strings per record.
    pub fn push_ref(&mut self, r: &RecordRef<'_>) -> Result<(), FieldProblem> {
        let mut names = [
            self.intern_raw(r.given_name),
            self.intern_raw(r.father_name),
            self.intern_raw(r.grandfather_name),
            self.intern_raw(r.family_name),
        ];
        if names.iter().all(|&n| n == NONE) && !r.full_name.trim().is_empty() {
            let p = parse_full_name(r.full_name);
            names = [
                self.intern_key(&p.given),
                self.intern_key(&p.father),
                self.intern_key(&p.grandfather),
                self.intern_key(&p.family.replace(' ', "")),
            ];
        }
        for (pos, &n) in names.iter().enumerate() {
            if n != NONE {
                let counts = &mut self.token_counts[pos];
                if counts.len() <= n as usize {
                    counts.resize(self.tokens.len().max(n as usize + 1), 0);
                }
                counts[n as usize] += 1;
            }
        }
        let sex = match r.sex.trim() {
            "" => 0,
            "M" | "m" | "ذكر" => 1,
            "F" | "f" | "أنثى" | "انثى" => 2,
            other => {
                return Err(FieldProblem {
                    field: "sex",
                    message: format!("expected M or F, got {other:?}"),
                });
            }
        };
        let birth = parse_date(r.birth_date.trim()).map_err(|message| FieldProblem {
            field: "birth_date",
            message,
        })?;
        let (nid, nid_len) = digits(r.national_id);
        let (phone, phone_len) = digits(r.phone);
        // Phones compare on their last nine digits: +962 7…, 07… and 7… meet.
        let phone = if phone_len > 9 {
            phone % 1_000_000_000
        } else {
            phone
        };
        let next_gov = self.governorates.len() as u16;
        let governorate = match r.governorate.trim() {
            "" => 0,
            g => *self.governorates.entry(g.into()).or_insert(next_gov + 1),
        };
        let next_hh = self.households.len() as u32;
        let household = match r.household_id.trim() {
            "" => NONE,
            h => *self.households.entry(h.into()).or_insert(next_hh),
        };
        self.ids.push(r.record_id.into());
        self.persons.push(Person {
            names,
            sex,
            birth,
            nid,
            nid_len,
            phone,
            governorate,
            household,
        });
        Ok(())
    }

    /// Builds a dataset from records in memory (tests, the real-time check).
    pub fn from_records(records: &[InputRecord]) -> Result<Self, (usize, FieldProblem)> {
        let mut d = Dataset::default();
        for (i, r) in records.iter().enumerate() {
            d.push(r).map_err(|e| (i, e))?;
        }
        d.finish();
        Ok(d)
    }

    /// Pads the count tables once all records are in.
    pub fn finish(&mut self) {
        for counts in &mut self.token_counts {
            counts.resize(self.tokens.len(), 0);
        }
        for pos in 0..PARTS {
            let mut sk = vec![0u32; self.skeletons.len()];
            for (t, &c) in self.token_counts[pos].iter().enumerate() {
                sk[self.tokens[t].skeleton as usize] += c;
            }
            self.skeleton_counts[pos] = sk;
        }
    }

    /// Share of records whose name part `pos` has skeleton `s`.
    pub fn skeleton_frequency(&self, pos: usize, s: u32) -> f64 {
        let n = self.skeleton_counts[pos]
            .get(s as usize)
            .copied()
            .unwrap_or(0);
        n.max(1) as f64 / self.len().max(1) as f64
    }

    /// Share of records whose name part `pos` is token `t`.
    pub fn frequency(&self, pos: usize, t: u32) -> f64 {
        let n = self.token_counts[pos].get(t as usize).copied().unwrap_or(0);
        n.max(1) as f64 / self.len().max(1) as f64
    }
}

/// Digits of an ID or phone, Arabic-Indic digits included, as (number, length).
fn digits(raw: &str) -> (u64, u8) {
    let mut n: u64 = 0;
    let mut len = 0u8;
    for c in raw.chars() {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            '٠'..='٩' => c as u64 - '٠' as u64,
            '۰'..='۹' => c as u64 - '۰' as u64,
            _ => continue,
        };
        if len < 18 {
            n = n * 10 + d;
            len += 1;
        }
    }
    (n, len)
}

/// YYYY-MM-DD → packed, empty → 0.
fn parse_date(s: &str) -> Result<u32, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let bad = || format!("expected YYYY-MM-DD, got {s:?}");
    let mut it = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    let (y, m, d): (u32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if y.to_string().len() != 4 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(y * 10000 + m * 100 + d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> InputRecord {
        InputRecord {
            record_id: id.into(),
            ..InputRecord::default()
        }
    }

    #[test]
    fn spelling_variants_of_a_part_share_one_token() {
        let mut a = rec("1");
        a.given_name = "أحمد".into();
        a.family_name = "الزعبي".into();
        let mut b = rec("2");
        b.given_name = "احمد".into();
        b.family_name = "زعبي".into();
        let d = Dataset::from_records(&[a, b]).unwrap();
        assert_eq!(d.persons[0].names, d.persons[1].names);
    }

    #[test]
    fn a_full_name_fills_the_four_parts() {
        let mut a = rec("1");
        a.full_name = "محمد بن علي بن حسن الزعبي".into();
        let d = Dataset::from_records(&[a]).unwrap();
        let keys: Vec<&str> = d.persons[0]
            .names
            .iter()
            .map(|&t| d.token(t).map_or("", |t| &t.key))
            .collect();
        assert_eq!(keys, ["محمد", "علي", "حسن", "زعبي"]);
    }

    #[test]
    fn a_bad_birth_date_names_its_field() {
        let mut a = rec("1");
        a.birth_date = "12/03/1990".into();
        let (row, e) = Dataset::from_records(&[a]).unwrap_err();
        assert_eq!((row, e.field), (0, "birth_date"));
    }

    #[test]
    fn phones_in_local_and_international_form_meet() {
        let mut a = rec("1");
        a.phone = "+962 79 123 4567".into();
        let mut b = rec("2");
        b.phone = "0791234567".into();
        let d = Dataset::from_records(&[a, b]).unwrap();
        assert_eq!(d.persons[0].phone, d.persons[1].phone);
    }
}
