//! Jaro–Winkler similarity on `char`s. Byte-level string functions count an Arabic
//! letter as two bytes and see a one-letter typo as two edits; here one letter is one
//! unit.

/// Jaro similarity of two char slices, in [0, 1].
fn jaro(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    // Names fit on the stack; the batch resolver calls this tens of millions of times.
    let (mut used_buf, mut match_buf) = ([false; 64], ['\0'; 64]);
    let (mut used_heap, mut match_heap) = (Vec::new(), Vec::new());
    let (b_used, a_match): (&mut [bool], &mut [char]) = if b.len() <= 64 && a.len() <= 64 {
        (&mut used_buf[..b.len()], &mut match_buf[..a.len()])
    } else {
        used_heap.resize(b.len(), false);
        match_heap.resize(a.len(), '\0');
        (&mut used_heap[..], &mut match_heap[..])
    };
    let mut m = 0;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == ca {
                b_used[j] = true;
                a_match[m] = ca;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let b_match = b
        .iter()
        .zip(b_used.iter())
        .filter(|(_, u)| **u)
        .map(|(c, _)| *c);
    let transpositions = a_match[..m]
        .iter()
        .zip(b_match)
        .filter(|(x, y)| *x != y)
        .count()
        / 2;
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

/// Jaro–Winkler similarity of two strings compared letter by letter, in [0, 1]: 1 for
/// equal strings, with a bonus for a shared prefix of up to four letters.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    jaro_winkler_chars(&a, &b)
}

/// [`jaro_winkler`] on names already split into chars, for callers that compare the
/// same words many times.
pub fn jaro_winkler_chars(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    let j = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    j + prefix * 0.1 * (1.0 - j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_names_score_one_and_disjoint_names_zero() {
        assert_eq!(jaro_winkler("محمد", "محمد"), 1.0);
        assert_eq!(jaro_winkler("abc", "xyz"), 0.0);
    }

    #[test]
    fn the_textbook_pair_scores_as_published() {
        // Winkler's example: MARTHA / MARHTA = 0.961.
        assert!((jaro_winkler("MARTHA", "MARHTA") - 0.9611).abs() < 1e-3);
    }

    #[test]
    fn a_one_letter_arabic_typo_costs_one_letter_not_two_bytes() {
        let s = jaro_winkler("ابراهيم", "ابرهيم");
        assert!(s > 0.9, "{s}");
    }

    proptest! {
        #[test]
        fn similarity_is_symmetric_and_bounded(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let x = jaro_winkler(&a, &b);
            prop_assert!((0.0..=1.0 + 1e-9).contains(&x));
            prop_assert!((x - jaro_winkler(&b, &a)).abs() < 1e-9);
        }

        #[test]
        fn the_char_slice_form_agrees_with_the_string_form(a in "\\PC{0,70}", b in "\\PC{0,70}") {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            prop_assert_eq!(jaro_winkler(&a, &b), jaro_winkler_chars(&ca, &cb));
        }
    }
}
