//! Field comparators: each turns a pair of values into an agreement level, so the
//! model can learn how much each level says. Names are compared on letters and on the
//! cross-script skeleton, dates know clerks' typical slips, numbers know typos.

use tadamun_arabic::jaro_winkler_chars;

use crate::record::{Dataset, NONE, PARTS, Person, Token};

/// The compared fields, in pattern order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Given,
    Father,
    Grandfather,
    Family,
    Birth,
    NationalId,
    Phone,
    Sex,
    Governorate,
    Household,
}

pub const FIELDS: [Field; 10] = [
    Field::Given,
    Field::Father,
    Field::Grandfather,
    Field::Family,
    Field::Birth,
    Field::NationalId,
    Field::Phone,
    Field::Sex,
    Field::Governorate,
    Field::Household,
];

/// Level meaning "one side is missing": contributes no evidence.
pub const NULL: u8 = 7;

impl Field {
    /// Number of agreement levels (0 = disagree … levels-1 = exact).
    pub const fn levels(self) -> usize {
        match self {
            Field::Given | Field::Father | Field::Grandfather | Field::Family => 4,
            Field::Birth => 5,
            Field::NationalId | Field::Phone => 3,
            Field::Sex | Field::Governorate | Field::Household => 2,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Field::Given => "given name",
            Field::Father => "father's name",
            Field::Grandfather => "grandfather's name",
            Field::Family => "family name",
            Field::Birth => "birth date",
            Field::NationalId => "national ID",
            Field::Phone => "phone",
            Field::Sex => "sex",
            Field::Governorate => "governorate",
            Field::Household => "household",
        }
    }

    pub const fn name_ar(self) -> &'static str {
        match self {
            Field::Given => "الاسم الأول",
            Field::Father => "اسم الأب",
            Field::Grandfather => "اسم الجد",
            Field::Family => "اسم العائلة",
            Field::Birth => "تاريخ الميلاد",
            Field::NationalId => "الرقم الوطني",
            Field::Phone => "الهاتف",
            Field::Sex => "الجنس",
            Field::Governorate => "المحافظة",
            Field::Household => "الأسرة",
        }
    }
}

/// A pair's levels, 3 bits per field, in `FIELDS` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(pub u32);

impl Pattern {
    pub fn level(self, f: usize) -> u8 {
        ((self.0 >> (3 * f)) & 7) as u8
    }

    pub fn levels(self) -> [u8; 10] {
        std::array::from_fn(|f| self.level(f))
    }

    pub fn from_levels(levels: &[u8; 10]) -> Self {
        Pattern(
            levels
                .iter()
                .enumerate()
                .fold(0, |acc, (i, &l)| acc | (u32::from(l) << (3 * i))),
        )
    }
}

/// Names: 3 same key; 2 one letter replaced or two neighbours swapped (same script),
/// or the same skeleton (across scripts); 1 close (Jaro–Winkler ≥ 0.88 on letters, or
/// on skeletons across scripts); 0 different. Within one script the skeleton is not
/// enough: محمد and محمود share one.
///
/// `established` says both spellings are names in their own right (each common in the
/// batch): أنس and أوس, رنا and رشا are one letter apart but two people, while a typo
/// is rare beside the name it spoils.
pub fn name_level(a: Option<&Token>, b: Option<&Token>, same_token: bool, established: bool) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return NULL;
    };
    if same_token {
        return 3;
    }
    if a.latin == b.latin {
        if !established && one_slip(&a.chars, &b.chars) {
            return 2;
        }
        return u8::from(jaro_winkler_chars(&a.chars, &b.chars) >= 0.88);
    }
    if a.skeleton == b.skeleton && !a.skeleton_text.is_empty() {
        return 2;
    }
    u8::from(jaro_winkler_chars(&a.skeleton_chars, &b.skeleton_chars) >= 0.88)
}

/// Records a spelling needs, and its share of the other's count, to count as a name
/// of its own rather than a typo (a typo is a fraction of a percent of its original).
const ESTABLISHED_MIN: u32 = 20;
const ESTABLISHED_SHARE: u32 = 50;

/// Whether tokens `a` and `b` at name position `pos` are both established names.
pub fn established(d: &Dataset, pos: usize, a: u32, b: u32) -> bool {
    let count = |t: u32| d.token_counts[pos].get(t as usize).copied().unwrap_or(0);
    let (ca, cb) = (count(a), count(b));
    let (lo, hi) = (ca.min(cb), ca.max(cb));
    lo >= ESTABLISHED_MIN && lo.saturating_mul(ESTABLISHED_SHARE) >= hi
}

/// Same length, and one letter differs or two neighbours are swapped.
fn one_slip<T: PartialEq + Copy>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() || a.len() < 3 {
        return false;
    }
    // The first two differing positions; a third means more than one slip.
    let mut diff = [usize::MAX; 2];
    let mut n = 0;
    for i in 0..a.len() {
        if a[i] != b[i] {
            if n == 2 {
                return false;
            }
            diff[n] = i;
            n += 1;
        }
    }
    n == 1
        || (n == 2
            && diff[1] == diff[0] + 1
            && a[diff[0]] == b[diff[1]]
            && a[diff[1]] == b[diff[0]])
}

/// Dates: 4 equal, 3 day and month swapped or one day off, 2 one keystroke away (one
/// digit of the day or month wrong, or a year off with the same day and month), or
/// the same year where one date is 1 January (the usual stand-in for "only the year is
/// known"), 1 within two years, 0 else. The same month with an unrelated day is no
/// slip: at national scale that is what a namesake born the same month looks like.
pub fn date_level(a: u32, b: u32) -> u8 {
    if a == 0 || b == 0 {
        return NULL;
    }
    if a == b {
        return 4;
    }
    let (ya, ma, da) = (a / 10000, a / 100 % 100, a % 100);
    let (yb, mb, db) = (b / 10000, b / 100 % 100, b % 100);
    if ya == yb && ma == db && da == mb {
        return 3;
    }
    if ya == yb && ma == mb && da.abs_diff(db) == 1 {
        return 3;
    }
    let year_only = a % 10000 == 101 || b % 10000 == 101;
    let one_digit = |x: u32, y: u32| (x / 10 == y / 10) != (x % 10 == y % 10);
    if (ya == yb && ((ma == mb && one_digit(da, db)) || (da == db && one_digit(ma, mb))))
        || (ya == yb && year_only)
        || (ya.abs_diff(yb) == 1 && ma == mb && da == db)
    {
        return 2;
    }
    if ya.abs_diff(yb) <= 2 {
        return 1;
    }
    0
}

/// Numbers: `top` equal, `top - 1` one digit wrong or two neighbours swapped, 0 else.
pub fn number_level(a: u64, la: u8, b: u64, lb: u8, top: u8) -> u8 {
    if la == 0 || lb == 0 {
        return NULL;
    }
    if a == b && la == lb {
        return top;
    }
    if la != lb {
        return 0;
    }
    let (da, db) = (digits_of(a, la), digits_of(b, lb));
    let n = la as usize;
    if one_slip(&da[..n], &db[..n]) || (n < 3 && one_digit_short(&da[..n], &db[..n])) {
        top - 1
    } else {
        0
    }
}

/// `one_slip` for numbers too short for it (it wants three letters, for names).
fn one_digit_short(a: &[u8], b: &[u8]) -> bool {
    let diff = a.iter().zip(b).filter(|(x, y)| x != y).count();
    diff == 1 || (diff == 2 && a.len() == 2 && a[0] == b[1] && a[1] == b[0])
}

fn digits_of(mut n: u64, len: u8) -> [u8; 18] {
    let mut out = [0u8; 18];
    for i in (0..len as usize).rev() {
        out[i] = (n % 10) as u8;
        n /= 10;
    }
    out
}

fn phone_len(p: u64) -> u8 {
    if p == 0 { 0 } else { 9 }
}

/// All levels of a pair.
pub fn compare(d: &Dataset, a: &Person, b: &Person) -> [u8; 10] {
    let mut l = [NULL; 10];
    for (i, level) in l.iter_mut().enumerate().take(PARTS) {
        let (x, y) = (a.names[i], b.names[i]);
        *level = name_level(
            d.token(x),
            d.token(y),
            x == y,
            x != NONE && y != NONE && established(d, i, x, y),
        );
    }
    l[4] = date_level(a.birth, b.birth);
    l[5] = number_level(a.nid, a.nid_len, b.nid, b.nid_len, 2);
    l[6] = number_level(a.phone, phone_len(a.phone), b.phone, phone_len(b.phone), 2);
    l[7] = if a.sex == 0 || b.sex == 0 {
        NULL
    } else {
        u8::from(a.sex == b.sex)
    };
    l[8] = if a.governorate == 0 || b.governorate == 0 {
        NULL
    } else {
        u8::from(a.governorate == b.governorate)
    };
    l[9] = if a.household == NONE || b.household == NONE {
        NULL
    } else {
        u8::from(a.household == b.household)
    };
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: u32 = 19_900_312;

    #[test]
    fn a_day_month_swap_is_nearly_as_good_as_equal() {
        assert_eq!(date_level(D, D), 4);
        assert_eq!(date_level(D, 19_901_203), 3);
        assert_eq!(date_level(D, 19_900_313), 3);
    }

    #[test]
    fn a_year_off_with_the_same_day_is_a_slip_and_ten_years_is_not() {
        assert_eq!(date_level(D, 19_910_312), 2);
        assert_eq!(date_level(D, 19_910_701), 1);
        assert_eq!(date_level(D, 20_000_312), 0);
        assert_eq!(date_level(D, 0), NULL);
        assert_eq!(
            date_level(D, 19_900_101),
            2,
            "1 January stands for a known year only"
        );
    }

    #[test]
    fn a_day_one_keystroke_off_is_a_slip_and_another_day_that_month_is_not() {
        assert_eq!(date_level(D, 19_900_315), 2, "12 → 15: one digit");
        assert_eq!(date_level(D, 19_900_322), 2, "12 → 22: one digit");
        assert_eq!(
            date_level(D, 19_900_327),
            1,
            "12 → 27: a namesake's birthday"
        );
        assert_eq!(date_level(D, 19_900_812), 2, "March → August: one digit");
        assert_eq!(date_level(D, 19_901_127), 1);
    }

    #[test]
    fn two_common_names_one_letter_apart_are_two_names_not_a_typo() {
        let mut d = Dataset::default();
        for i in 0..40 {
            token(&mut d, if i % 2 == 0 { "أنس" } else { "أوس" });
        }
        let typo = token(&mut d, "انص");
        d.finish();
        let (anas, aws) = (d.persons[0].names[0], d.persons[1].names[0]);
        assert!(established(&d, 0, anas, aws));
        let l = |x, y| name_level(d.token(x), d.token(y), x == y, established(&d, 0, x, y));
        assert_eq!(l(anas, aws), 0);
        assert_eq!(
            l(anas, typo),
            2,
            "a rare spelling beside a common one is a typo"
        );
    }

    #[test]
    fn one_wrong_digit_or_a_swap_is_a_typo_and_two_wrong_digits_are_not() {
        assert_eq!(number_level(9_871_234_567, 10, 9_871_234_567, 10, 2), 2);
        assert_eq!(number_level(9_871_234_567, 10, 9_871_234_568, 10, 2), 1);
        assert_eq!(number_level(9_871_234_567, 10, 9_871_234_576, 10, 2), 1);
        assert_eq!(number_level(9_871_234_567, 10, 9_871_234_599, 10, 2), 0);
        assert_eq!(number_level(9_871_234_567, 10, 0, 0, 2), NULL);
    }

    fn token(d: &mut Dataset, name: &str) -> u32 {
        let r = crate::record::InputRecord {
            record_id: name.into(),
            given_name: name.into(),
            ..Default::default()
        };
        d.push(&r).unwrap();
        d.persons.last().unwrap().names[0]
    }

    fn level(a: &str, b: &str) -> u8 {
        let mut d = Dataset::default();
        let (x, y) = (token(&mut d, a), token(&mut d, b));
        name_level(d.token(x), d.token(y), x == y, false)
    }

    #[test]
    fn names_that_share_a_skeleton_in_one_script_are_not_a_slip() {
        assert_eq!(level("محمد", "محمود"), 1);
        assert_eq!(level("محمد", "مُحمّد"), 3);
        assert_eq!(level("ابراهيم", "ابراحيم"), 2);
    }

    #[test]
    fn a_latin_spelling_meets_its_arabic_name_at_the_skeleton_level() {
        assert_eq!(level("Mohammed", "محمد"), 2);
        assert_eq!(level("Mahmoud", "محمود"), 2);
        assert_eq!(level("Khaled", "سمير"), 0);
        // Known coarseness: across scripts محمد and Mahmoud share the skeleton m-h-m-d.
        assert_eq!(level("Mahmoud", "محمد"), 2);
    }

    #[test]
    fn patterns_round_trip_their_levels() {
        let levels = [3, 2, 1, 0, 4, 2, NULL, 1, 0, 1];
        let p = Pattern::from_levels(&levels);
        for (i, &l) in levels.iter().enumerate() {
            assert_eq!(p.level(i), l);
        }
        assert_eq!(p.levels(), levels);
    }
}
