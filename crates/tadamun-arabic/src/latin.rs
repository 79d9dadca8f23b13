//! Latin-script names as other systems export them (Mohammad Abdel-Rahman Al-Zoubi):
//! joining compounds written apart (Abd al-Rahman, Nour El-Din, Abu Bakr) and the
//! article glued to a family name (Alzoubi). Input is already lower-cased and folded
//! by `normalize_letters`, so hyphens are spaces.

/// Whether a folded word is written in Latin letters (ASCII is enough: the folding
/// keeps letters as typed, and transliterations use ASCII).
pub fn is_latin(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
}

/// Words that open a compound name and take the next word with them.
const ABD: &[&str] = &[
    "abd", "abdel", "abdul", "abdal", "abdol", "abdu", "abdi", "abdoul",
];
const ABU: &[&str] = &["abu", "abou", "abo", "um", "umm", "om", "oum"];
/// Articles written apart inside a compound (Abd al-Rahman, Nour el-Din, Abd ar-Razzaq).
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "il", "ad", "ed", "ud", "ar", "er", "ur", "as", "es", "us", "an", "en", "at",
    "et", "az", "ez", "ash", "esh", "ath", "adh",
];
/// Second words of compounds, joined to the word before: Nour Eddin, Saif Allah.
const TAILS: &[&str] = &[
    "din", "deen", "dine", "eddin", "eddine", "uddin", "addin", "iddin", "allah", "ullah", "alla",
    "illah", "lah",
];

/// Joins Latin compounds into one word; Arabic words pass through unchanged (their
/// compounds are joined by `name_key`). Canonical heads: "abd", "abu".
pub fn join_latin<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let words: Vec<&str> = words.collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let head = if ABD.contains(&w) {
            Some("abd")
        } else if ABU.contains(&w) {
            Some("abu")
        } else {
            None
        };
        if let Some(head) = head
            && i + 1 < words.len()
        {
            let mut j = i + 1;
            if ARTICLES.contains(&words[j]) && j + 1 < words.len() {
                j += 1;
            }
            out.push(format!("{head}{}", words[j]));
            i = j + 1;
            continue;
        }
        // "nour el din": the article goes with the tail.
        if ARTICLES.contains(&w)
            && i + 1 < words.len()
            && TAILS.contains(&words[i + 1])
            && let Some(prev) = out.last_mut()
        {
            prev.push_str(words[i + 1]);
            i += 2;
            continue;
        }
        if TAILS.contains(&w)
            && let Some(prev) = out.last_mut()
            && is_latin(prev)
        {
            prev.push_str(w);
            i += 1;
            continue;
        }
        out.push(w.to_owned());
        i += 1;
    }
    out
}

/// Strips an article glued to a Latin word (alzoubi → zoubi), keeping short names
/// such as Ali, Alaa or Elias whole.
pub fn strip_article(mut word: &str) -> &str {
    while let Some(rest) = word.strip_prefix("al").or_else(|| word.strip_prefix("el"))
        && rest.len() >= 4
    {
        word = rest;
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(s: &str) -> Vec<String> {
        join_latin(s.split(' '))
    }

    #[test]
    fn abd_compounds_join_whatever_the_spelling() {
        assert_eq!(joined("abdel rahman"), ["abdrahman"]);
        assert_eq!(joined("abd al rahman"), ["abdrahman"]);
        assert_eq!(joined("abdul rahman ali"), ["abdrahman", "ali"]);
        assert_eq!(joined("abu bakr"), ["abubakr"]);
    }

    #[test]
    fn din_and_allah_tails_join_the_word_before() {
        assert_eq!(joined("nour el din"), ["nourdin"]);
        assert_eq!(joined("nour eddin"), ["noureddin"]);
        assert_eq!(joined("saif allah"), ["saifallah"]);
    }

    #[test]
    fn a_glued_article_is_stripped_from_long_words_only() {
        assert_eq!(strip_article("alzoubi"), "zoubi");
        assert_eq!(strip_article("ali"), "ali");
        assert_eq!(strip_article("elias"), "elias");
    }
}
