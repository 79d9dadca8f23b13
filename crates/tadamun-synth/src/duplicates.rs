//! Synthetic ground truth for identity resolution: persons drawn from the household
//! generator, then duplicated through the channels that make duplicates in a real
//! registry, each with its own corruption profile, plus hard negatives (twins,
//! siblings, cousins, a grandson named after his grandfather, namesakes) that a
//! resolver must keep apart. Every row carries its truth.

use rand::SeedableRng;
use tadamun_domain::person::Sex;

use crate::{
    SynthConfig,
    draw::{Rng, between, chance, pick, unit},
    generate, names,
};

/// How hard the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// The ID number is on ≥ 90% of duplicates, few Latin names.
    Easy,
    /// ID missing or wrong on 30–40% of duplicates, 10% of duplicates in Latin script.
    Realistic,
    /// No ID number anywhere.
    Hard,
}

impl Tier {
    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "easy" => Some(Tier::Easy),
            "realistic" => Some(Tier::Realistic),
            "hard" => Some(Tier::Hard),
            _ => None,
        }
    }
}

/// One output row: the dedup input columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonRow {
    pub record_id: String,
    pub given_name: String,
    pub father_name: String,
    pub grandfather_name: String,
    pub family_name: String,
    pub full_name: String,
    pub sex: &'static str,
    pub birth_date: String,
    pub national_id: String,
    pub phone: String,
    pub governorate: String,
    pub household_id: String,
}

/// What made a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Original,
    /// Registered again at another office: Arabic spelling variants, date slips.
    Reregistration,
    /// Imported from another system: Latin script, three-part or one-field names.
    Import,
    /// A legitimate update filed as a new record: moved, new phone.
    Update,
    /// Deliberate double registration: altered names, date and ID.
    Double,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Original => "original",
            Channel::Reregistration => "reregistration",
            Channel::Import => "import",
            Channel::Update => "update",
            Channel::Double => "double",
        }
    }
}

/// Hard-negative classes: a different person who resembles an existing one.
pub const HARD_NEGATIVES: [&str; 5] = ["twin", "sibling", "cousin", "grandson", "namesake"];

/// The truth of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthRow {
    pub record_id: String,
    pub entity_id: u64,
    pub channel: Channel,
    /// Empty, or one of `HARD_NEGATIVES`.
    pub hard_negative: &'static str,
    /// For a hard negative, the entity it resembles.
    pub anchor_entity: Option<u64>,
}

/// A person before corruption.
#[derive(Debug, Clone)]
struct Entity {
    id: u64,
    given: String,
    father: String,
    grandfather: String,
    family: String,
    sex: Sex,
    /// (year, month, day)
    birth: (i32, u8, u8),
    national_id: String,
    phone: String,
    governorate: String,
    household: String,
}

/// Generates about `persons` rows of `tier` from `seed`.
pub fn generate_duplicates(
    base: &SynthConfig,
    persons: usize,
    tier: Tier,
) -> Vec<(PersonRow, TruthRow)> {
    let mut rng = Rng::seed_from_u64(base.seed ^ 0x00D0_B1E5);
    // About 4.6 persons per household; duplicates and negatives add ~17%.
    let households = (persons as f64 / 4.6 / 1.17).ceil() as usize;
    let config = SynthConfig {
        households,
        ..base.clone()
    };
    let mut out = Vec::with_capacity(persons + persons / 5);
    let mut next_entity = 0u64;
    let mut next_household = 0u64;
    for h in generate(&config) {
        next_household += 1;
        let household = format!("h{next_household}");
        let phone = h
            .draft
            .phone
            .as_ref()
            .map_or(String::new(), |p| p.as_str().to_owned());
        for m in &h.draft.members {
            let d = m.birth_date.date;
            next_entity += 1;
            let e = Entity {
                id: next_entity,
                given: m.name.given.as_str().to_owned(),
                father: m.name.father.as_str().to_owned(),
                grandfather: m
                    .name
                    .grandfather
                    .as_ref()
                    .map_or(String::new(), |g| g.as_str().to_owned()),
                family: m.name.family.as_str().to_owned(),
                sex: m.sex,
                birth: (d.year(), d.month() as u8, d.day()),
                national_id: m
                    .documents
                    .first()
                    .map_or(String::new(), |doc| doc.number.clone()),
                phone: phone.clone(),
                governorate: h.draft.governorate.as_str().to_owned(),
                household: household.clone(),
            };
            emit(&mut out, &mut rng, tier, &e, Channel::Original, "", None);
            if chance(&mut rng, 0.12) {
                let copies = if chance(&mut rng, 0.2) { 2 } else { 1 };
                for _ in 0..copies {
                    let channel = pick_channel(&mut rng, tier);
                    let mut dup = e.clone();
                    corrupt(&mut rng, tier, channel, &mut dup, &mut next_household);
                    emit(&mut out, &mut rng, tier, &dup, channel, "", None);
                }
            }
            if chance(&mut rng, 0.05) {
                let class = pick(&mut rng, &HARD_NEGATIVES);
                next_entity += 1;
                let neg = hard_negative(&mut rng, class, &e, next_entity, &mut next_household);
                emit(
                    &mut out,
                    &mut rng,
                    tier,
                    &neg,
                    Channel::Original,
                    class,
                    Some(e.id),
                );
            }
        }
    }
    out
}

fn pick_channel(rng: &mut Rng, tier: Tier) -> Channel {
    // Imports carry the Latin names: ~10% of duplicates in the realistic tier.
    let import = match tier {
        Tier::Easy => 0.04,
        Tier::Realistic => 0.12,
        Tier::Hard => 0.15,
    };
    let x = unit(rng);
    if x < import {
        Channel::Import
    } else if x < import + (1.0 - import) * 0.45 {
        Channel::Reregistration
    } else if x < import + (1.0 - import) * 0.75 {
        Channel::Update
    } else {
        Channel::Double
    }
}

fn scrambled_id(n: usize, salt: u64) -> String {
    let mut z = (n as u64) ^ salt;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    format!("r{:012x}", (z ^ (z >> 31)) & 0xFFFF_FFFF_FFFF)
}

fn emit(
    out: &mut Vec<(PersonRow, TruthRow)>,
    rng: &mut Rng,
    tier: Tier,
    e: &Entity,
    channel: Channel,
    hard_negative: &'static str,
    anchor: Option<u64>,
) {
    let record_id = scrambled_id(out.len(), 0x5EED);
    let (y, m, d) = e.birth;
    let mut row = PersonRow {
        record_id: record_id.clone(),
        given_name: e.given.clone(),
        father_name: e.father.clone(),
        grandfather_name: e.grandfather.clone(),
        family_name: e.family.clone(),
        full_name: String::new(),
        sex: match e.sex {
            Sex::Male => "M",
            Sex::Female => "F",
        },
        birth_date: if y == 0 {
            String::new()
        } else {
            format!("{y:04}-{m:02}-{d:02}")
        },
        national_id: e.national_id.clone(),
        phone: e.phone.clone(),
        governorate: e.governorate.clone(),
        household_id: e.household.clone(),
    };
    match tier {
        Tier::Hard => row.national_id.clear(),
        Tier::Realistic if channel == Channel::Original && chance(rng, 0.1) => {
            row.national_id.clear()
        }
        _ => {}
    }
    // One-field names come from imports.
    if channel == Channel::Import && chance(rng, 0.5) {
        row.full_name = [
            &row.given_name,
            &row.father_name,
            &row.grandfather_name,
            &row.family_name,
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
        row.given_name.clear();
        row.father_name.clear();
        row.grandfather_name.clear();
        row.family_name.clear();
    }
    out.push((
        row,
        TruthRow {
            record_id,
            entity_id: e.id,
            channel,
            hard_negative,
            anchor_entity: anchor,
        },
    ));
}

/// Applies a channel's corruption profile to a copy of the entity.
fn corrupt(rng: &mut Rng, tier: Tier, channel: Channel, e: &mut Entity, next_household: &mut u64) {
    *next_household += 1;
    e.household = format!("h{next_household}");
    match channel {
        Channel::Reregistration => {
            for part in [
                &mut e.given,
                &mut e.father,
                &mut e.grandfather,
                &mut e.family,
            ] {
                if chance(rng, 0.35) {
                    *part = arabic_variant(rng, part);
                }
            }
            if chance(rng, 0.15) {
                e.grandfather.clear();
            }
            slip_date(rng, e, 0.25);
            if chance(rng, 0.4) {
                e.phone = new_phone(rng);
            }
        }
        Channel::Import => {
            e.grandfather = if chance(rng, 0.6) {
                String::new()
            } else {
                romanise(rng, &e.grandfather)
            };
            e.given = romanise(rng, &e.given);
            e.father = romanise(rng, &e.father);
            e.family = romanise(rng, &e.family);
            if chance(rng, 0.15) {
                e.birth = (e.birth.0, 1, 1);
            }
            slip_date(rng, e, 0.1);
            if chance(rng, 0.5) {
                e.phone.clear();
            }
        }
        Channel::Update => {
            if chance(rng, 0.7) {
                e.phone = new_phone(rng);
            }
            if chance(rng, 0.5) {
                e.governorate =
                    pick(rng, &["JO-AM", "JO-IR", "JO-ZA", "JO-BA", "JO-MA"]).to_owned();
            }
            if chance(rng, 0.1) {
                e.given = arabic_variant(rng, &e.given);
            }
        }
        Channel::Double => {
            for part in [&mut e.given, &mut e.father, &mut e.family] {
                if chance(rng, 0.4) {
                    *part = arabic_variant(rng, part);
                }
            }
            if chance(rng, 0.5) {
                e.grandfather.clear();
            }
            slip_date(rng, e, 0.5);
            e.phone = new_phone(rng);
        }
        Channel::Original => {}
    }
    corrupt_id(rng, tier, channel, e);
}

fn corrupt_id(rng: &mut Rng, tier: Tier, channel: Channel, e: &mut Entity) {
    // (missing, one-digit typo, someone else's number)
    let (missing, typo, wrong) = match (tier, channel) {
        (Tier::Hard, _) => (1.0, 0.0, 0.0),
        (Tier::Easy, Channel::Double) => (0.08, 0.04, 0.0),
        (Tier::Easy, _) => (0.04, 0.02, 0.0),
        (Tier::Realistic, Channel::Double) => (0.35, 0.1, 0.1),
        (Tier::Realistic, _) => (0.2, 0.08, 0.06),
    };
    let x = unit(rng);
    if e.national_id.is_empty() {
    } else if x < missing {
        e.national_id.clear();
    } else if x < missing + typo {
        let mut digits: Vec<u8> = e.national_id.bytes().collect();
        let i = between(rng, 0, digits.len() as i32 - 2) as usize;
        if chance(rng, 0.5) {
            digits.swap(i, i + 1);
        } else {
            digits[i] = b'0' + ((digits[i] - b'0' + between(rng, 1, 9) as u8) % 10);
        }
        e.national_id = String::from_utf8(digits).unwrap_or_default();
    } else if x < missing + typo + wrong {
        e.national_id = (0..e.national_id.len())
            .map(|_| char::from(b'0' + between(rng, 0, 9) as u8))
            .collect();
    }
}

fn new_phone(rng: &mut Rng) -> String {
    format!(
        "+9627{}{:07}",
        pick(rng, &[7, 8, 9]),
        between(rng, 0, 9_999_999)
    )
}

/// A clerk's date slip with probability `p`: day/month swapped, a day off, a year off.
fn slip_date(rng: &mut Rng, e: &mut Entity, p: f64) {
    if !chance(rng, p) {
        return;
    }
    let (y, m, d) = e.birth;
    e.birth = match between(rng, 0, 2) {
        0 if d <= 12 => (y, d, m),
        1 => (y, m, if d >= 28 { d - 1 } else { d + 1 }),
        _ => (y + if chance(rng, 0.5) { 1 } else { -1 }, m, d),
    };
}

/// One spelling variant a clerk might type.
fn arabic_variant(rng: &mut Rng, name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    match between(rng, 0, 5) {
        0 => name.replace(['أ', 'إ', 'آ'], "ا"),
        1 => name.replace('ة', "ه").replace('ى', "ي"),
        2 if name.contains(' ') => name.replacen(' ', "", 1),
        3 if name.starts_with("ال") => name.trim_start_matches("ال").to_owned(),
        4 => {
            // One letter replaced by a look-alike or a neighbour on the keyboard.
            let chars: Vec<char> = name.chars().collect();
            let i = between(rng, 0, chars.len() as i32 - 1) as usize;
            let sub = match chars[i] {
                'ح' => 'خ',
                'س' => 'ص',
                'ت' => 'ط',
                'د' => 'ذ',
                'ر' => 'ز',
                'ي' => 'ى',
                'ن' => 'ت',
                c => c,
            };
            let mut c = chars;
            c[i] = sub;
            c.into_iter().collect()
        }
        _ => name.replace('أ', "ا").replace('ة', "ه"),
    }
}

/// A Latin spelling as another system might export it: vowels guessed, the article
/// written several ways, compounds split or joined.
pub fn romanise(rng: &mut Rng, name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let mut words = Vec::new();
    for w in name.split(' ') {
        let (prefix, body) = if let Some(rest) = w.strip_prefix("ال") {
            (pick(rng, &["Al-", "El-", "Al ", "al", ""]), rest)
        } else if let Some(rest) = w.strip_prefix("عبد") {
            (
                pick(rng, &["Abd ", "Abdel-", "Abdul ", "Abd al-"]),
                rest.trim_start_matches("ال"),
            )
        } else {
            ("", w)
        };
        let mut s = String::new();
        let chars: Vec<char> = body.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let latin: &str = match c {
                'ا' | 'أ' | 'إ' | 'آ' | 'ى' => pick(rng, &["a", "a", "e"]),
                'ب' => "b",
                'ت' | 'ط' => "t",
                'ث' => "th",
                'ج' => pick(rng, &["j", "j", "g"]),
                'ح' | 'ه' => "h",
                'خ' => "kh",
                'د' | 'ض' => "d",
                'ذ' => "dh",
                'ر' => "r",
                'ز' | 'ظ' => "z",
                'س' | 'ص' => pick(rng, &["s", "s", "ss"]),
                'ش' => "sh",
                'ع' | 'ء' | 'ئ' | 'ؤ' => pick(rng, &["", "a", "'"]),
                'غ' => "gh",
                'ف' => "f",
                'ق' => pick(rng, &["q", "k"]),
                'ك' => "k",
                'ل' => "l",
                'م' => "m",
                'ن' => "n",
                'و' => pick(rng, &["w", "ou", "o", "u"]),
                'ي' => pick(rng, &["y", "i", "ee", "ei"]),
                'ة' => pick(rng, &["a", "ah"]),
                _ => "",
            };
            s.push_str(latin);
            // Short vowels are not written in Arabic; a transliterator guesses them.
            let consonant = !matches!(c, 'ا' | 'و' | 'ي' | 'ى' | 'ة' | 'ع');
            let next_consonant = chars
                .get(i + 1)
                .is_some_and(|n| !matches!(n, 'ا' | 'و' | 'ي' | 'ى' | 'ة'));
            if consonant && next_consonant && chance(rng, 0.7) {
                s.push_str(pick(rng, &["a", "e", "o", "u", "i"]));
            }
        }
        let mut cased: Vec<char> = s.chars().collect();
        if let Some(first) = cased.first_mut() {
            *first = first.to_ascii_uppercase();
        }
        words.push(format!("{prefix}{}", cased.into_iter().collect::<String>()));
    }
    words.join(" ")
}

fn pool(sex: Sex) -> &'static [&'static str] {
    match sex {
        Sex::Male => names::MALE_COMMON,
        Sex::Female => names::FEMALE_COMMON,
    }
}

fn other_name(rng: &mut Rng, sex: Sex, not: &str) -> String {
    loop {
        let n = pick(rng, pool(sex));
        if n != not {
            return n.to_owned();
        }
    }
}

/// A different person who resembles `e` in the way `class` describes.
fn hard_negative(
    rng: &mut Rng,
    class: &str,
    e: &Entity,
    id: u64,
    next_household: &mut u64,
) -> Entity {
    let mut n = e.clone();
    n.id = id;
    n.national_id = if e.national_id.is_empty() {
        String::new()
    } else {
        (0..e.national_id.len())
            .map(|_| char::from(b'0' + between(rng, 0, 9) as u8))
            .collect()
    };
    let (y, m, d) = e.birth;
    match class {
        "twin" => {
            if chance(rng, 0.5) {
                n.sex = if e.sex == Sex::Male {
                    Sex::Female
                } else {
                    Sex::Male
                };
            }
            n.given = other_name(rng, n.sex, &e.given);
        }
        "sibling" => {
            n.given = other_name(rng, n.sex, &e.given);
            n.birth = (
                y + between(rng, 1, 8) * if chance(rng, 0.5) { 1 } else { -1 },
                between(rng, 1, 12) as u8,
                between(rng, 1, 28) as u8,
            );
        }
        "cousin" => {
            // Cousins are often named after the same grandfather.
            n.father = other_name(rng, Sex::Male, &e.father);
            n.birth = (
                y + between(rng, -3, 3),
                between(rng, 1, 12) as u8,
                between(rng, 1, 28) as u8,
            );
            *next_household += 1;
            n.household = format!("h{next_household}");
            n.phone = new_phone(rng);
        }
        "grandson" => {
            n.sex = Sex::Male;
            n.given = e.given.clone();
            n.grandfather = e.given.clone();
            n.father = other_name(rng, Sex::Male, &e.father);
            n.birth = (y + between(rng, 40, 60), m, d);
            if chance(rng, 0.5) {
                *next_household += 1;
                n.household = format!("h{next_household}");
            }
        }
        _ => {
            // Unrelated namesake in the same governorate.
            if chance(rng, 0.5) {
                n.father = other_name(rng, Sex::Male, &e.father);
            }
            n.grandfather = other_name(rng, Sex::Male, &e.grandfather);
            n.birth = (
                y + between(rng, -15, 15),
                between(rng, 1, 12) as u8,
                between(rng, 1, 28) as u8,
            );
            *next_household += 1;
            n.household = format!("h{next_household}");
            n.phone = new_phone(rng);
        }
    }
    n
}
