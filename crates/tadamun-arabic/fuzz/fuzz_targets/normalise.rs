//! Fuzz target: any text must normalise without panicking, every matching key must be
//! idempotent, and similarity must stay in [0, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;
use tadamun_arabic::{jaro_winkler, match_key, name_key, name_skeleton, parse_full_name, transliterate};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let key = name_key(s);
    assert_eq!(name_key(&key), key);
    let m = match_key(s);
    assert_eq!(match_key(&m), m);
    assert_eq!(name_skeleton(&m), name_skeleton(s));
    let _ = parse_full_name(s);
    let t = transliterate(s);
    assert!(t.is_ascii());
    let j = jaro_winkler(s, &m);
    assert!((0.0..=1.0 + 1e-9).contains(&j));
});
