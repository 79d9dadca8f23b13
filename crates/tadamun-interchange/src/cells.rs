//! Small fixes to single cells that spreadsheets make necessary: formula injection on
//! the way out, and phone numbers that lost their leading zero on the way in.

use std::borrow::Cow;

use tadamun_domain::{country::Country, phone::Phone};

/// A cell starting with one of these is a formula to Excel (CSV injection).
fn starts_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Prefixes a `'` to a text cell Excel would run as a formula; [`unneutralised`] takes
/// it off again, so an exported file still reads back to the same values.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

pub(crate) fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

/// A phone number typed into a number cell loses its leading `0` (`791234567`), or its
/// `+` (`962791234567`); both are unambiguous, so they are put back.
pub(crate) fn repaired_phone(cell: &str) -> Option<String> {
    let digits = cell.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        8 | 9 if !digits.starts_with('0') => Some(format!("0{digits}")),
        11 | 12
            if ["962", "970", "972"]
                .iter()
                .any(|cc| digits.starts_with(cc)) =>
        {
            Some(format!("+{digits}"))
        }
        _ => None,
    }
}

/// A phone as written to a file: national (`0791234567`) when it is the country's own,
/// because Excel keeps a leading zero it drops rather than a `+` it turns into a
/// number in scientific notation.
pub(crate) fn phone_cell(phone: &Phone, country: Country) -> String {
    let own = format!("+{}", country.dialling_code());
    match phone.as_str().strip_prefix(&own) {
        Some(national) => format!("0{national}"),
        None => phone.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for value in ["=HYPERLINK(\"x\")", "+962791234567", "-5", "@SUM(A1)"] {
            let cell = neutralise(value);
            assert!(cell.starts_with('\''));
            assert_eq!(unneutralised(&cell), value);
        }
        assert_eq!(neutralise("الحي الشرقي"), "الحي الشرقي");
        assert_eq!(unneutralised("'quoted"), "'quoted");
    }

    #[test]
    fn phones_typed_as_numbers_get_their_zero_back() {
        let fix = |s: &str| repaired_phone(s).unwrap_or_else(|| s.to_owned());
        assert_eq!(fix("791234567"), "0791234567");
        assert_eq!(fix("65356789"), "065356789");
        assert_eq!(fix("962791234567"), "+962791234567");
        assert_eq!(fix("0791234567"), "0791234567");
        assert_eq!(fix("079 123 4567"), "079 123 4567");
        assert_eq!(fix("123"), "123");
    }

    #[test]
    fn own_country_phones_are_written_nationally() {
        let jo = Phone::parse(Country::Jordan, "0791234567").unwrap();
        assert_eq!(phone_cell(&jo, Country::Jordan), "0791234567");
        let il = Phone::parse(Country::Palestine, "+972591234567").unwrap();
        assert_eq!(phone_cell(&il, Country::Palestine), "+972591234567");
    }
}
