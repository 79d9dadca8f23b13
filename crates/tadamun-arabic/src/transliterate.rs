//! One Arabic letter to one ASCII character, for tools whose string functions work
//! on bytes (DuckDB, so Splink): after folding, a one-letter typo is a one-byte edit.
//! A Buckwalter-like table with letters only, so nothing needs quoting in SQL or CSV.

fn ascii(c: char) -> char {
    match c {
        'ا' => 'A',
        'ب' => 'b',
        'ت' => 't',
        'ث' => 'v',
        'ج' => 'j',
        'ح' => 'H',
        'خ' => 'x',
        'د' => 'd',
        'ذ' => 'V',
        'ر' => 'r',
        'ز' => 'z',
        'س' => 's',
        'ش' => 'c',
        'ص' => 'S',
        'ض' => 'D',
        'ط' => 'T',
        'ظ' => 'Z',
        'ع' => 'E',
        'غ' => 'g',
        'ف' => 'f',
        'ق' => 'q',
        'ك' => 'k',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        'ه' => 'h',
        'و' => 'w',
        'ي' => 'y',
        c if c.is_ascii() => c,
        _ => '?',
    }
}

/// The name's `match_key` written one letter per ASCII character. Latin input comes
/// out lower-cased; letters outside the table become `?`.
pub fn transliterate(input: &str) -> String {
    crate::match_key(input).chars().map(ascii).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_arabic_letter_becomes_one_ascii_character() {
        assert_eq!(transliterate("محمد"), "mHmd");
        assert_eq!(transliterate("أحمد الزعبي"), "AHmd zEby");
        assert_eq!(transliterate("محمد").len(), "محمد".chars().count());
    }

    #[test]
    fn spelling_variants_transliterate_alike() {
        assert_eq!(transliterate("فاطمة"), transliterate("فاطمه"));
        assert_eq!(transliterate("عبد الله"), transliterate("عبدالله"));
    }
}
