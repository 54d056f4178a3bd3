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

/// `%xx` decoded by the `percent-encoding` crate (the WHATWG URL
/// Standard's percent-decode: a `%` not followed by two hex digits stays).
fn decode_bytes(s: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(s).collect()
}

/// The host of an absolute http(s) URL, lower-cased, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

/// Schemes that run code when followed.
const DANGEROUS_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript", "mocha", "data"];

/// Image types a `data:` URL may have in `<img src>`: raster formats only
/// (an SVG image can carry script).
const DATA_IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Whether a URL may stay in attribute `attr` of element `element`: its
/// scheme is not one that runs code (javascript:, vbscript:, livescript:,
/// data: except raster images in `img src`), however it is disguised: case,
/// whitespace and control characters anywhere in the scheme, leftover HTML
/// character references (`&#58;`, `&colon;`) and percent-encoding (`%6A`),
/// even nested. The Markdown writer applies it to link and image
/// destinations too.
pub fn is_safe_url(element: &str, attr: &str, value: &str) -> bool {
    let decoded = decode_layers(value);
    let Some(scheme) = dangerous_scheme(&decoded) else {
        return true;
    };
    scheme == "data"
        && element.eq_ignore_ascii_case("img")
        && attr.eq_ignore_ascii_case("src")
        && data_media_type(&decoded).is_some_and(|t| DATA_IMAGE_TYPES.contains(&t.as_str()))
}

/// Undoes HTML character references and percent-encoding until nothing
/// changes (at most a few rounds: each one only shortens the text). A
/// URL without `&` or `%` (most of them) is its own decoding.
fn decode_layers(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '%']) {
        return Cow::Borrowed(value);
    }
    let mut current = value.to_owned();
    for _ in 0..4 {
        let next = percent_decode(&decode_references(&current)).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    Cow::Owned(current)
}

fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        match super::entities::resolve(after, false) {
            Some(r) => {
                r.text.push_to(&mut out);
                rest = after.get(r.len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of a decoded URL when it is one of [`DANGEROUS_SCHEMES`]:
/// lower-cased, with every character that cannot be part of a scheme
/// ignored (browsers strip tabs, newlines and leading controls; ignoring
/// more only makes us stricter). `None` for any other scheme, and when a
/// `/`, `?` or `#` comes before any `:` (the URL is relative). Read
/// without allocating: a scheme longer than the longest dangerous one is
/// none of them.
fn dangerous_scheme(url: &str) -> Option<&'static str> {
    const LONGEST: usize = 10;
    let mut scheme = [0u8; LONGEST];
    let mut len = 0;
    for b in url.bytes() {
        match b {
            b':' => {
                let scheme = scheme.get(..len)?;
                return DANGEROUS_SCHEMES
                    .iter()
                    .copied()
                    .find(|d| d.as_bytes() == scheme);
            }
            b'/' | b'?' | b'#' => return None,
            b if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') => {
                // One past the longest: then no dangerous scheme matches.
                if len < LONGEST {
                    scheme[len] = b.to_ascii_lowercase();
                }
                len += 1;
            }
            _ => {}
        }
    }
    None
}

/// The media type of a `data:` URL (`image/png` in `data:image/png;base64,..`).
fn data_media_type(url: &str) -> Option<String> {
    let after = url.get(url.find(':')? + 1..)?;
    let end = after.find([';', ',']).unwrap_or(after.len());
    let media: String = after
        .get(..end)?
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    Some(media.to_ascii_lowercase())
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
