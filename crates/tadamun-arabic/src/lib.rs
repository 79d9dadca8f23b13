//! Arabic name normalisation: turns spelling variants of a name into one search key.
//!
//! Clerks type the same name many ways: hamza seats (أحمد / احمد), ta marbuta or ha
//! (فاطمة / فاطمه), alef maqsura or ya (مصطفى / مصطفي), with or without diacritics and
//! tatweel, compounds joined or split (عبد الله / عبدالله). The key folds all of these.
//! Everything here works on `char`s, never on UTF-8 bytes, and performs no IO.
//!
//! Two families of functions:
//! - **Stored search keys** (`normalize_letters`, `name_key`): their output is kept in
//!   databases, so it never changes.
//! - **Matching** (for identity resolution): `match_key` and `name_words` also drop
//!   honorifics (الحاج، الشيخ، د.), the connectors بن/ابن/بنت, the article ال and
//!   family particles آل, بني/بنو, and join Latin compounds (Abdel-Rahman, Nour El-Din);
//!   `parse_full_name` splits a one-field name into four parts; `name_skeleton` is a
//!   consonant key shared by Arabic and Latin spellings (see `skeleton` for why a
//!   skeleton); `jaro_winkler` compares letters; `transliterate` writes one ASCII
//!   character per Arabic letter for byte-based tools.
//!
//! ```
//! use tadamun_arabic::{match_key, name_skeleton, parse_full_name};
//! assert_eq!(match_key("الحاج عبد الله بن علي الزعبي"), "عبدالله علي زعبي");
//! assert_eq!(name_skeleton("Mohammed Al-Zoubi"), name_skeleton("مُحمّد الزعبي"));
//! assert_eq!(parse_full_name("احمد محمد سالم بني هاني").family, "هاني");
//! ```

mod latin;
mod particles;
mod similarity;
mod skeleton;
mod transliterate;

pub use latin::is_latin;
pub use particles::{ParsedName, match_key, name_words, parse_full_name};
pub use similarity::{jaro_winkler, jaro_winkler_chars};
pub use skeleton::{name_skeleton, word_skeleton};
pub use transliterate::transliterate;

/// Folds one character to its canonical letter, or `None` when it carries no identity
/// (diacritics, tatweel, bidi marks).
fn fold_char(c: char) -> Option<char> {
    match c {
        // Hamza seats and madda all become bare alef.
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Some('ا'),
        'ؤ' => Some('و'),
        'ئ' | 'ى' | 'ی' | 'ې' => Some('ي'),
        'ة' => Some('ه'),
        'ک' => Some('ك'),
        // Lone hamza on the line is dropped: "مسؤول"/"مسئول"/"مسول" should meet.
        'ء' => None,
        // Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => None,
        // Bidi and zero-width controls pasted from other systems.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => None,
        '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10),
        '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
        c if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '،' || c == ',' => {
            Some(' ')
        }
        c => Some(c.to_lowercase().next().unwrap_or(c)),
    }
}

/// Normalises letters and spacing only: the form shown back in "did you mean" hints
/// and the base of every key.
pub fn normalize_letters(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.chars().filter_map(fold_char) {
        if c == ' ' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// First words of compounds that are one name: "عبد الله", "ابو بكر".
const COMPOUND_HEADS: &[&str] = &["عبد", "ابو", "ابي", "ام"];
/// Second words of compounds that are one name: "نور الدين", "فتح الله".
const COMPOUND_TAILS: &[&str] = &["الدين", "الله", "الرحمن", "الاسلام"];

/// The search key of a name: normalised letters with compound names joined, so that
/// "عبد الله" and "عبدالله" give the same key. Word order is kept.
pub fn name_key(input: &str) -> String {
    let mut words: Vec<String> = normalize_letters(input)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    // Joining can create a new head ("عبد عبد الله"), so repeat until nothing joins;
    // that makes the key idempotent. Each pass shortens the list, so it ends.
    while let Some(i) = (0..words.len().saturating_sub(1)).find(|&i| {
        COMPOUND_HEADS.contains(&words[i].as_str())
            || COMPOUND_TAILS.contains(&words[i + 1].as_str())
    }) {
        let next = words.remove(i + 1);
        words[i].push_str(&next);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Spellings a clerk may type for one name (same script, so same match key).
    const VARIANTS: &[&[&str]] = &[
        &["أحمد", "احمد", "أَحْمَد", "احـمد"],
        &["عبد الله", "عبدالله", "عبد اللّه", "الشيخ عبد الله"],
        &["أبو بكر", "ابوبكر", "ابو بكر"],
        &["نور الدين", "نورالدين", "نور  الدين"],
        &["فاطمة", "فاطمه", "الحاجة فاطمة"],
        &["مصطفى", "مصطفي"],
        &["محمد بن علي", "محمد ابن علي", "محمد علي"],
        &["الزعبي", "زعبي", "آل الزعبي"],
        &["بني هاني", "هاني", "بنو هاني"],
        &[
            "Abdel Rahman",
            "Abd al-Rahman",
            "abd el rahman",
            "Abdul Rahman",
        ],
    ];

    #[test]
    fn hamza_seats_fold_to_bare_alef() {
        assert_eq!(name_key("أحمد"), name_key("احمد"));
        assert_eq!(name_key("إبراهيم"), "ابراهيم");
        assert_eq!(name_key("آمنة"), "امنه");
    }

    #[test]
    fn ta_marbuta_and_alef_maqsura_fold() {
        assert_eq!(name_key("فاطمة"), name_key("فاطمه"));
        assert_eq!(name_key("مصطفى"), name_key("مصطفي"));
    }

    #[test]
    fn diacritics_and_tatweel_are_ignored() {
        assert_eq!(name_key("مُحَمَّد"), "محمد");
        assert_eq!(name_key("محـــمد"), "محمد");
    }

    #[test]
    fn compounds_match_joined_or_split() {
        assert_eq!(name_key("عبد الله"), name_key("عبدالله"));
        assert_eq!(name_key("نور الدين"), name_key("نورالدين"));
        assert_eq!(name_key("أبو بكر"), name_key("ابوبكر"));
    }

    #[test]
    fn spacing_and_digits_are_canonical() {
        assert_eq!(normalize_letters("  محمد   علي "), "محمد علي");
        assert_eq!(normalize_letters("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalize_letters("۱۲"), "12");
    }

    #[test]
    fn repeated_compound_heads_stay_idempotent() {
        let key = name_key("عبد عبد الله");
        assert_eq!(name_key(&key), key);
    }

    proptest! {
        #[test]
        fn normalising_twice_changes_nothing(s in "\\PC{0,40}") {
            let once = name_key(&s);
            prop_assert_eq!(name_key(&once), once.clone());
            let letters = normalize_letters(&s);
            prop_assert_eq!(normalize_letters(&letters), letters);
        }

        #[test]
        fn matching_keys_are_idempotent(s in "\\PC{0,40}") {
            let once = match_key(&s);
            prop_assert_eq!(match_key(&once), once.clone());
            let sk = name_skeleton(&s);
            prop_assert_eq!(name_skeleton(&once), sk);
        }

        #[test]
        fn arabic_like_input_is_idempotent(s in "[ ابتجحدرسعفقكلمنهويأإآةىال]{0,30}|(عبد|ال|بن|بني|الحاج|الدين| ){0,8}") {
            let once = match_key(&s);
            prop_assert_eq!(match_key(&once), once.clone());
        }

        #[test]
        fn listed_spelling_variants_share_a_match_key(
            i in 0usize..VARIANTS.len(), j in 0usize..4, k in 0usize..4,
        ) {
            let set = VARIANTS[i];
            let (a, b) = (set[j % set.len()], set[k % set.len()]);
            prop_assert_eq!(match_key(a), match_key(b));
            prop_assert_eq!(name_skeleton(a), name_skeleton(b));
        }

        #[test]
        fn hamza_variants_share_a_key(prefix in "[اأإآ]", rest in "[بتثجحخدذرزسشصضطظعغفقكلمنهوي]{1,8}") {
            let bare = format!("ا{rest}");
            prop_assert_eq!(name_key(&format!("{prefix}{rest}")), name_key(&bare));
        }
    }
}
