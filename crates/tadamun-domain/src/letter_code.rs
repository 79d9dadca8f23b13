//! The code printed on a decision letter: with the ID number, the citizen's second
//! factor for the status lookup. Ten characters from an alphabet without look-alikes
//! (no 0/O, 1/I/L), about 50 bits; only its SHA-256 is stored.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH: usize = 10;

/// A letter code, canonical: upper case, no separators.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterCode(String);

impl std::fmt::Debug for LetterCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LetterCode(…)")
    }
}

impl LetterCode {
    /// A code from 16 random bytes the caller draws (31^10 < 2^128, so the bias of
    /// taking digits of one big number is negligible).
    pub fn from_random(bytes: [u8; 16]) -> Self {
        let mut n = u128::from_le_bytes(bytes);
        let code = (0..LENGTH)
            .map(|_| {
                let c = ALPHABET[(n % 31) as usize] as char;
                n /= 31;
                c
            })
            .collect();
        LetterCode(code)
    }

    /// What a citizen typed: case, spaces and dashes do not matter. `None` when it
    /// cannot be a letter code.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(LetterCode(code))
    }

    /// As printed: two groups of five.
    pub fn printed(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }

    /// What the store keeps.
    pub fn sha256_hex(&self) -> String {
        Sha256::digest(self.0.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_printed_code_parses_back_however_it_is_typed(bytes in any::<[u8; 16]>()) {
            let code = LetterCode::from_random(bytes);
            let typed = format!(" {} ", code.printed().to_lowercase());
            let parsed = LetterCode::parse(&typed).expect("parses");
            prop_assert_eq!(parsed.sha256_hex(), code.sha256_hex());
        }
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_not_codes() {
        assert!(
            LetterCode::parse("ABCDE-FGHJ0").is_none(),
            "zero is not in the alphabet"
        );
        assert!(LetterCode::parse("ABCDE").is_none());
        assert!(
            LetterCode::parse("123456789012").is_none(),
            "a grievance receipt is not a letter code"
        );
        assert!(LetterCode::parse("abcde-fghjk").is_some());
    }
}
