//! Turning the bytes of a CSV file into UTF-8 text. Arabic offices send UTF-8 (with or
//! without the BOM Excel adds) and Windows-1256, the encoding of "CSV" saved by an
//! Arabic Windows Excel; European Excel writes `;` instead of `,`.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

/// CSV text ready for the `csv` reader.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// UTF-8 bytes; the text starts at `start` (past a UTF-8 BOM, which is kept in place
    /// rather than copying a large file to drop three bytes).
    pub(crate) bytes: Vec<u8>,
    pub(crate) start: usize,
    pub(crate) encoding: &'static Encoding,
    pub(crate) delimiter: u8,
}

impl Decoded {
    pub(crate) fn text(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

/// BOM ⇒ that encoding; valid UTF-8 ⇒ UTF-8; anything else ⇒ Windows-1256, which maps
/// every byte to a character, so decoding never fails.
pub(crate) fn decode(bytes: Vec<u8>) -> Decoded {
    let (bytes, start, encoding) = match Encoding::for_bom(&bytes) {
        Some((enc, bom)) if enc == UTF_8 => (bytes, bom, UTF_8),
        // UTF-16, as Excel's "Unicode text" export writes it.
        Some((enc, bom)) => (
            enc.decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned()
                .into_bytes(),
            0,
            enc,
        ),
        None if std::str::from_utf8(&bytes).is_ok() => (bytes, 0, UTF_8),
        None => (
            WINDOWS_1256
                .decode_without_bom_handling(&bytes)
                .0
                .into_owned()
                .into_bytes(),
            0,
            WINDOWS_1256,
        ),
    };
    let delimiter = detect_delimiter(&bytes[start..]);
    Decoded {
        bytes,
        start,
        encoding,
        delimiter,
    }
}

/// `,` unless the header line has none but has `;` (European Excel) or tabs
/// (Excel's "Unicode text").
fn detect_delimiter(text: &[u8]) -> u8 {
    let end = text.iter().position(|b| *b == b'\n').unwrap_or(text.len());
    let header = &text[..end];
    if header.contains(&b',') {
        b','
    } else if header.contains(&b';') {
        b';'
    } else if header.contains(&b'\t') {
        b'\t'
    } else {
        b','
    }
}

/// Number of non-blank lines after the header, counting a quoted cell that spans lines
/// once. Cheap enough to run before streaming, for a progress bar.
pub(crate) fn count_data_rows(text: &[u8]) -> usize {
    let mut in_quotes = false;
    let mut has_content = false;
    let mut lines = 0usize;
    for &b in text {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                has_content = true;
            }
            b'\n' if !in_quotes => {
                lines += usize::from(has_content);
                has_content = false;
            }
            b'\r' | b' ' => {}
            _ => has_content = true,
        }
    }
    lines += usize::from(has_content);
    lines.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "الاسم,العنوان\nمحمد,إربد\n";

    #[test]
    fn utf8_is_kept_as_it_is() {
        let d = decode(ARABIC.as_bytes().to_vec());
        assert_eq!(d.text(), ARABIC.as_bytes());
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn a_utf8_bom_is_skipped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(ARABIC.as_bytes());
        let d = decode(bytes);
        assert_eq!(d.text(), ARABIC.as_bytes());
    }

    #[test]
    fn windows_1256_arabic_is_decoded() {
        let (encoded, _, unmappable) = WINDOWS_1256.encode(ARABIC);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&encoded).is_err());
        let d = decode(encoded.into_owned());
        assert_eq!(d.text(), ARABIC.as_bytes());
        assert_eq!(d.encoding, WINDOWS_1256);
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(ARABIC.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(bytes).text(), ARABIC.as_bytes());
    }

    #[test]
    fn the_delimiter_comes_from_the_header_line() {
        assert_eq!(detect_delimiter(b"a,b;c\n1;2"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(detect_delimiter(b"a\n"), b',');
    }

    #[test]
    fn data_rows_are_counted_without_blank_lines_or_quoted_line_breaks() {
        assert_eq!(count_data_rows(b"h1,h2\r\n1,2\r\n\r\n\"a\nb\",3\n4,5"), 3);
        assert_eq!(count_data_rows(b"h1,h2\n"), 0);
        assert_eq!(count_data_rows(b""), 0);
    }
}
