//! The cross-script consonant skeleton: one ASCII key for a name word whether it was
//! typed in Arabic (محمد) or transliterated (Mohammad, Mohammed, Muhammad).
//!
//! Why a skeleton rather than transliterating Latin back to Arabic: Latin spellings
//! lose exactly the information a reverse map would need (vowels, ayn, hamza, the
//! emphatic/plain pairs ص/س, ط/ت, ح/ه), so we map *both* scripts down to what they
//! share: consonant classes, in order, with vowels and weak letters (ا و ي ع ء and
//! a e i o u w y) dropped, doubled letters collapsed (shadda is rarely typed), a
//! word-final h dropped (ة/ه and Fatimah/Fatima), and the article's lam removed inside
//! compounds (عبدالرحمن, Abdel-Rahman, Abderrahman). Variant tables in `latin.rs`
//! handle the rest (Abdel-/Abdul-/Abd al-, El-/Al-, Nour El-Din). The key is coarse by
//! design: it is used to find candidates and to compare across scripts, and the
//! resolver weighs it below an exact letter match.

/// Arabic compound tails whose article is silent in transliteration.
const AR_TAILS: &[&str] = &["الدين", "الله", "الرحمن", "الرحيم", "الاسلام"];
const AR_HEADS: &[&str] = &["عبد", "ابو", "ابي", "ام"];

fn arabic_class(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'b',
        'ت' | 'ط' => 't',
        'ث' => 'T',
        'ج' | 'چ' => 'j',
        'ح' | 'ه' => 'h',
        'خ' | 'ق' | 'ك' | 'گ' => 'k',
        'د' | 'ض' | 'ذ' => 'd',
        'ظ' | 'ز' => 'z',
        'س' | 'ص' => 's',
        'ش' => 'S',
        'غ' => 'G',
        'ف' | 'ڤ' => 'f',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        'ر' => 'r',
        '0'..='9' => c,
        _ => return None,
    })
}

/// Removes the article inside an Arabic compound: عبدالرحمن → عبدرحمن, نورالدين → نوردين.
fn drop_inner_article(word: &str) -> String {
    for head in AR_HEADS {
        if let Some(rest) = word.strip_prefix(head)
            && let Some(name) = rest.strip_prefix("ال")
            && !name.is_empty()
        {
            return format!("{head}{name}");
        }
    }
    for tail in AR_TAILS {
        if let Some(front) = word.strip_suffix(tail)
            && !front.is_empty()
        {
            return format!("{front}{}", &tail["ال".len()..]);
        }
    }
    word.to_owned()
}

/// Latin letters to the same classes, reading digraphs (sh, kh, gh, th, dh, ph, ch).
fn latin_classes(word: &str, out: &mut Vec<char>) {
    let w: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (class, step) = match (w[i], next) {
            ('s', Some('h')) | ('c', Some('h')) => (Some('S'), 2),
            ('k', Some('h')) => (Some('k'), 2),
            ('g', Some('h')) => (Some('G'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('d', Some('h')) => (Some('d'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            (c, _) => (
                match c {
                    'b' | 'p' => Some('b'),
                    't' => Some('t'),
                    'j' | 'g' => Some('j'),
                    'h' | '7' => Some('h'),
                    'k' | 'q' | 'c' | 'x' => Some('k'),
                    'd' => Some('d'),
                    'z' => Some('z'),
                    's' => Some('s'),
                    'f' | 'v' => Some('f'),
                    'l' => Some('l'),
                    'm' => Some('m'),
                    'n' => Some('n'),
                    'r' => Some('r'),
                    _ => None,
                },
                1,
            ),
        };
        out.extend(class);
        i += step;
    }
}

/// Latin compound heads after `latin::join_latin` ("abd", "abu"), then the article
/// glued after them (abdelaziz, abdulkarim, abderrahman).
fn latin_word_classes(word: &str, out: &mut Vec<char>) {
    for head in ["abd", "abu"] {
        if let Some(rest) = word.strip_prefix(head) {
            latin_classes(head, out);
            let mut r = rest;
            for art in ["al", "el", "ul", "il"] {
                if let Some(x) = r.strip_prefix(art)
                    && x.len() >= 3
                {
                    r = x;
                    break;
                }
            }
            latin_classes(r, out);
            return;
        }
    }
    // Tails: Nourdin, Noureddin, Saifallah keep one d/l for the article-less form.
    latin_classes(word, out);
}

/// The skeleton of one name word, in either script (already folded by the caller or
/// not: folding is applied here).
pub fn word_skeleton(word: &str) -> String {
    let folded = crate::normalize_letters(word);
    let mut classes: Vec<char> = Vec::with_capacity(folded.len());
    for w in folded.split(' ') {
        if crate::latin::is_latin(w) {
            latin_word_classes(w, &mut classes);
        } else {
            classes.extend(drop_inner_article(w).chars().filter_map(arabic_class));
        }
    }
    if classes.last() == Some(&'h') {
        classes.pop();
    }
    classes.dedup();
    classes.into_iter().collect()
}

/// The skeleton of a whole name: each word of `match_key` skeletonised, space-joined.
pub fn name_skeleton(input: &str) -> String {
    crate::particles::name_words(input)
        .iter()
        .map(|w| word_skeleton(w))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(variants: &[&str]) {
        let first = name_skeleton(variants[0]);
        for v in variants {
            assert_eq!(name_skeleton(v), first, "{v} vs {}", variants[0]);
        }
    }

    #[test]
    fn mohammad_in_every_spelling_meets_its_arabic_form() {
        same(&[
            "محمد",
            "Mohammad",
            "Mohammed",
            "Muhammad",
            "Mohamed",
            "Mohamad",
            "مُحَمَّد",
        ]);
    }

    #[test]
    fn abd_compounds_meet_across_scripts() {
        same(&[
            "عبد الرحمن",
            "عبدالرحمن",
            "Abdel-Rahman",
            "Abdul Rahman",
            "Abd al-Rahman",
            "Abdulrahman",
            "Abderrahman",
        ]);
        same(&["عبد الله", "Abdullah", "Abdallah", "Abd Allah", "Abdalla"]);
        same(&["عبد العزيز", "Abdelaziz", "Abdul-Aziz"]);
    }

    #[test]
    fn the_article_meets_across_scripts() {
        same(&[
            "الزعبي",
            "Al-Zoubi",
            "El-Zoubi",
            "Alzoubi",
            "Zoubi",
            "Al Zu'bi",
        ]);
    }

    #[test]
    fn common_names_meet_their_transliterations() {
        same(&["أحمد", "Ahmad", "Ahmed"]);
        same(&["يوسف", "Yousef", "Yusuf", "Youssef"]);
        same(&["حسين", "Hussein", "Hussain", "Husain"]);
        same(&["فاطمة", "Fatima", "Fatimah"]);
        same(&["خالد", "Khaled", "Khalid"]);
        same(&[
            "نور الدين",
            "Nour El-Din",
            "Nour Eddin",
            "Nureddin",
            "Nour al-Din",
        ]);
        same(&["مصطفى", "Mustafa", "Moustafa"]);
        same(&["عائشة", "Aisha", "Aicha", "Ayesha"]);
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        assert_ne!(name_skeleton("محمد"), name_skeleton("أحمد"));
        assert_ne!(name_skeleton("Khaled"), name_skeleton("Walid"));
        assert_ne!(name_skeleton("سالم"), name_skeleton("سليمان"));
    }
}
