//! Small URL helpers shared by the rules and the writers.

use std::borrow::Cow;

/// Decodes `%xx` escapes; a byte sequence that is not UTF-8 afterwards
/// becomes U+FFFD (what a browser shows). Text without `%` is borrowed.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(String::from_utf8_lossy(&decode_bytes(s)).into_owned())
}

/// Decodes `%xx` escapes when the result is UTF-8 (a WordPress slug);
/// otherwise the text is kept as written.
pub fn percent_decode_or_keep(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    String::from_utf8(decode_bytes(s)).unwrap_or_else(|_| s.to_owned())
}

fn decode_bytes(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|&h| char::from(h).to_digit(16));
        if b == b'%'
            && let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, percent_decode_or_keep};

    #[test]
    fn decodes_escapes_and_keeps_the_rest() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(percent_decode_or_keep("%e4%bd%a0"), "你");
        assert_eq!(percent_decode_or_keep("%FF"), "%FF");
    }
}
