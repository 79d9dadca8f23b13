//! TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of skew) through
//! `totp-rs`, the enrolment QR code as inline SVG (markup, so the CSP's ban on inline
//! script is kept), and one-time recovery codes of which only salted hashes are stored.

use sha2::{Digest, Sha256};
use tadamun_domain::ids::UserId;
use totp_rs::{Algorithm, Secret, Totp};

/// The issuer shown in authenticator apps.
const ISSUER: &str = "tadamun";
/// Recovery codes issued at enrolment.
pub(crate) const RECOVERY_CODES: usize = 10;
/// Unambiguous letters and digits (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A fresh 160-bit secret, base32 as authenticator apps take it.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::fill(&mut bytes);
    Secret::new_stack(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let raw = Secret::try_from_base32(secret).ok()?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_secret(raw)
        .with_account_name(account.replace(':', "_"))
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The time step a code matches (within one step either side), or `None`.
pub(crate) fn check(secret: &str, code: &str, unix_time: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = totp(secret, "x")?.check(&code, u64::try_from(unix_time).ok()?)?;
    i64::try_from(step).ok()
}

/// The `otpauth://` URL drawn as an SVG QR code, without the XML prologue so it can
/// sit inside the page.
pub(crate) fn qr_svg(secret: &str, account: &str) -> Option<String> {
    let url = totp(secret, account)?.to_url().ok()?;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    Some(match svg.find("<svg") {
        Some(i) => svg[i..].to_owned(),
        None => svg,
    })
}

/// New recovery codes, written `xxxxx-xxxxx` (about 49 bits each).
pub(crate) fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::fill(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What the database keeps of a recovery code: SHA-256 salted with the user id, of the
/// code lower-cased without dashes or spaces (so it can be typed either way).
pub(crate) fn recovery_hash(user: UserId, code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut h = Sha256::new();
    h.update(b"tadamun.recovery.v1\0");
    h.update(user.0.as_bytes());
    h.update(normal.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_from_the_secret_matches_its_step_and_a_wrong_one_does_not() {
        let secret = new_secret();
        let t = totp(&secret, "admin").unwrap();
        let now = 1_700_000_000;
        let code = t.generate(now as u64).to_string();
        assert_eq!(check(&secret, &code, now), Some(now / 30));
        assert_eq!(check(&secret, "000000x", now), None);
        assert_eq!(check(&secret, &code, now + 3600), None, "an old code");
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = qr_svg(&new_secret(), "admin").unwrap();
        assert!(svg.starts_with("<svg") && !svg.contains("<script"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_the_same_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(
            codes
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            RECOVERY_CODES
        );
        let user = UserId::new();
        let c = &codes[0];
        assert_eq!(
            recovery_hash(user, c),
            recovery_hash(user, &c.replace('-', " ").to_uppercase())
        );
        assert_ne!(recovery_hash(user, c), recovery_hash(UserId::new(), c));
    }
}
