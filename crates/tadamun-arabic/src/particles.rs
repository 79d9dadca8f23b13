//! Words around a name that are not the name: honorifics (الحاج، الشيخ، د.), the
//! connectors بن/ابن/بنت between parts, the article ال and its family forms آل, بني/بنو,
//! in Arabic and in Latin script. `match_key` drops them; `parse_full_name` splits what
//! is left into the four parts.

use crate::{latin, name_key};

/// Titles a clerk may type before a name; never part of the identity.
const HONORIFICS: &[&str] = &[
    "الحاج",
    "الحاجه",
    "حاج",
    "حاجه",
    "الشيخ",
    "الشيخه",
    "شيخ",
    "د",
    "دكتور",
    "الدكتور",
    "الدكتوره",
    "السيد",
    "السيده",
    "المرحوم",
    "المرحومه",
    "م",
    "المهندس",
    "الاستاذ",
    "الاستاذه",
    "haj",
    "hajj",
    "hajji",
    "al-haj",
    "alhaj",
    "el-haj",
    "sheikh",
    "shaikh",
    "sheikha",
    "dr",
    "mr",
    "mrs",
    "ms",
    "eng",
    "prof",
];

/// Connectors "son/daughter of" between name parts.
const CONNECTORS: &[&str] = &["بن", "ابن", "بنت", "bin", "ibn", "ben", "bint"];

/// Tribal particles that are often dropped or written apart: بني صخر / صخر.
const TRIBAL: &[&str] = &["بني", "بنو", "beni", "bani", "banu", "bny"];

/// Given names that begin with the letters ال without carrying the article.
const NOT_ARTICLE: &[&str] = &["الياس", "الهام", "اليسار", "اليسا", "الين", "الاء", "الا"];

/// Whether a folded Arabic word starts with the article (and has a name after it).
fn strip_article(mut word: &str) -> &str {
    while !NOT_ARTICLE.contains(&word)
        && let Some(rest) = word.strip_prefix("ال")
        && rest.chars().count() >= 2
    {
        word = rest;
    }
    word
}

/// The words of a name with honorifics, connectors, tribal particles and articles
/// removed and compounds joined, in order. Repeated until nothing changes (dropping a
/// word can bring a compound's halves together), so the result is idempotent.
pub fn name_words(input: &str) -> Vec<String> {
    let mut words = words_once(input);
    // Every pass removes or joins words, so a handful of passes always suffices.
    for _ in 0..8 {
        let again = words_once(&words.join(" "));
        if again == words {
            break;
        }
        words = again;
    }
    words
}

fn words_once(input: &str) -> Vec<String> {
    let key = name_key(input);
    let mut words: Vec<String> = Vec::new();
    for w in latin::join_latin(key.split(' ').filter(|w| !w.is_empty())) {
        // A lone article or آل ("آل سعود") is a particle, not a name.
        if w == "ال" || w == "al" || w == "el" || w == "ul" {
            continue;
        }
        if words.is_empty() && HONORIFICS.contains(&w.as_str()) {
            continue;
        }
        if CONNECTORS.contains(&w.as_str()) && !words.is_empty() {
            continue;
        }
        if TRIBAL.contains(&w.as_str()) {
            continue;
        }
        let w = if latin::is_latin(&w) {
            latin::strip_article(&w).to_owned()
        } else {
            strip_article(&w).to_owned()
        };
        if !w.is_empty() {
            words.push(w);
        }
    }
    words
}

/// The matching key of a name: `name_key` plus particles and honorifics removed. Not
/// the stored search key (that is `name_key`, whose output must not change).
pub fn match_key(input: &str) -> String {
    name_words(input).join(" ")
}

/// A one-field full name split into the four parts of a patrilineal name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedName {
    pub given: String,
    pub father: String,
    pub grandfather: String,
    pub family: String,
}

/// Splits "محمد بن علي بن حسن الزعبي" or "Mohammad Ali Al-Zoubi" into parts, keeping
/// compounds whole. Four or more words: given, father, grandfather, the rest is the
/// family; three: given, father, family; two: given, family.
pub fn parse_full_name(input: &str) -> ParsedName {
    let mut w = name_words(input).into_iter();
    let n = w.len();
    let mut next = || w.next().unwrap_or_default();
    match n {
        0 => ParsedName::default(),
        1 => ParsedName {
            given: next(),
            ..ParsedName::default()
        },
        2 => ParsedName {
            given: next(),
            family: next(),
            ..ParsedName::default()
        },
        3 => ParsedName {
            given: next(),
            father: next(),
            family: next(),
            ..ParsedName::default()
        },
        _ => {
            let (given, father, grandfather) = (next(), next(), next());
            let family: Vec<String> = w.collect();
            ParsedName {
                given,
                father,
                grandfather,
                family: family.join(" "),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honorifics_and_connectors_are_dropped() {
        assert_eq!(match_key("الحاج محمد بن علي"), "محمد علي");
        assert_eq!(match_key("د. سمير خليل"), "سمير خليل");
        assert_eq!(match_key("الشيخ عبد الله"), "عبدالله");
    }

    #[test]
    fn the_article_and_family_particles_are_dropped() {
        assert_eq!(match_key("الزعبي"), match_key("زعبي"));
        assert_eq!(match_key("آل سعود"), "سعود");
        assert_eq!(match_key("بني هاني"), match_key("هاني"));
        assert_eq!(match_key("بنو هاشم"), "هاشم");
    }

    #[test]
    fn names_that_begin_with_al_letters_keep_them() {
        assert_eq!(match_key("إلياس"), "الياس");
        assert_eq!(match_key("علي"), "علي");
    }

    #[test]
    fn a_full_name_parses_into_four_parts_keeping_compounds() {
        let p = parse_full_name("عبد الله بن محمد بن عبد الرحمن آل الشيخ");
        assert_eq!(p.given, "عبدالله");
        assert_eq!(p.father, "محمد");
        assert_eq!(p.grandfather, "عبدالرحمن");
        assert_eq!(p.family, "شيخ");
        let p = parse_full_name("أحمد نور الدين الزعبي");
        assert_eq!(
            (p.given.as_str(), p.father.as_str(), p.family.as_str()),
            ("احمد", "نورالدين", "زعبي")
        );
        assert!(p.grandfather.is_empty());
    }

    #[test]
    fn a_latin_full_name_parses_too() {
        let p = parse_full_name("Mohammad Abdel Rahman Al-Zoubi");
        assert_eq!(p.given, "mohammad");
        assert_eq!(p.father, "abdrahman");
        assert_eq!(p.family, "zoubi");
    }
}
