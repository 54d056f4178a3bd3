//! Character references, as the HTML5 tokenizer resolves them
//! (WHATWG HTML § 13.2.5.72 "Character reference state" and following).
//!
//! The named table is the full WHATWG list from the `entities` crate, turned
//! once into a map. Matching is "longest prefix that names an entity", which
//! is what makes `&notit;` read as `¬it;` and `&amp` (no semicolon) work for
//! the legacy names that the table lists without one.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Longest entity name in the table, `;` included (`&CounterClockwiseContourIntegral;`).
const MAX_NAME: usize = 32;

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .filter_map(|e| Some((e.entity.strip_prefix('&')?, e.characters)))
            .collect()
    })
}

/// A resolved reference: the text it stands for and how many bytes of the
/// input (after the `&`) it used.
pub struct CharRef {
    /// What the reference stands for.
    pub text: CharText,
    /// How many bytes of the input it takes, after the `&`.
    pub len: usize,
}

/// The replacement text: a table string or one computed character.
pub enum CharText {
    /// A named reference's text (some stand for two characters).
    Static(&'static str),
    /// A numeric reference's character.
    Char(char),
}

impl CharText {
    /// Appends the text to `out`.
    pub fn push_to(&self, out: &mut String) {
        match self {
            CharText::Static(s) => out.push_str(s),
            CharText::Char(c) => out.push(*c),
        }
    }
}

/// Resolves the character reference that starts just after an `&`:
/// `rest` is the input after the `&`. `None` means "not a reference": the
/// caller keeps the `&` as text and goes on scanning after it.
///
/// `in_attribute` is the HTML5 special case: a named reference without `;`
/// followed by `=` or an alphanumeric is left alone in attribute values
/// (`href="?a=1&copy=2"` keeps `&copy`).
pub fn resolve(rest: &str, in_attribute: bool) -> Option<CharRef> {
    let bytes = rest.as_bytes();
    match bytes.first()? {
        b'#' => numeric(rest),
        b if b.is_ascii_alphanumeric() => named(rest, in_attribute),
        _ => None,
    }
}

fn named(rest: &str, in_attribute: bool) -> Option<CharRef> {
    let bytes = rest.as_bytes();
    let run = bytes
        .iter()
        .take(MAX_NAME)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let table = table();
    // The full run with its `;` first, then ever shorter prefixes without.
    if bytes.get(run) == Some(&b';')
        && let Some(text) = rest.get(..run + 1).and_then(|k| table.get(k))
    {
        return Some(CharRef {
            text: CharText::Static(text),
            len: run + 1,
        });
    }
    for len in (1..=run).rev() {
        let Some(text) = rest.get(..len).and_then(|k| table.get(k)) else {
            continue;
        };
        if in_attribute
            && bytes
                .get(len)
                .is_some_and(|&b| b == b'=' || b.is_ascii_alphanumeric())
        {
            return None;
        }
        return Some(CharRef {
            text: CharText::Static(text),
            len,
        });
    }
    None
}

fn numeric(rest: &str) -> Option<CharRef> {
    let bytes = rest.as_bytes();
    let (radix, start) = match bytes.get(1) {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let digits = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| match radix {
            16 => b.is_ascii_hexdigit(),
            _ => b.is_ascii_digit(),
        })
        .count();
    if digits == 0 {
        return None;
    }
    let mut value: u32 = 0;
    for &b in bytes.get(start..start + digits).unwrap_or_default() {
        let d = char::from(b).to_digit(radix).unwrap_or(0);
        // Saturate: anything past U+10FFFF ends up as U+FFFD anyway.
        value = value.saturating_mul(radix).saturating_add(d);
    }
    let mut len = start + digits;
    if bytes.get(len) == Some(&b';') {
        len += 1;
    }
    Some(CharRef {
        text: CharText::Char(numeric_char(value)),
        len,
    })
}

/// § 13.2.5.80 "Numeric character reference end state": NUL, surrogates and
/// values past Unicode become U+FFFD; C1 controls are read as windows-1252.
fn numeric_char(value: u32) -> char {
    const REPLACEMENT: char = '\u{FFFD}';
    if value == 0 {
        return REPLACEMENT;
    }
    if (0x80..=0x9F).contains(&value) {
        let mapped = match value {
            0x80 => 0x20AC,
            0x82 => 0x201A,
            0x83 => 0x0192,
            0x84 => 0x201E,
            0x85 => 0x2026,
            0x86 => 0x2020,
            0x87 => 0x2021,
            0x88 => 0x02C6,
            0x89 => 0x2030,
            0x8A => 0x0160,
            0x8B => 0x2039,
            0x8C => 0x0152,
            0x8E => 0x017D,
            0x91 => 0x2018,
            0x92 => 0x2019,
            0x93 => 0x201C,
            0x94 => 0x201D,
            0x95 => 0x2022,
            0x96 => 0x2013,
            0x97 => 0x2014,
            0x98 => 0x02DC,
            0x99 => 0x2122,
            0x9A => 0x0161,
            0x9B => 0x203A,
            0x9C => 0x0153,
            0x9E => 0x017E,
            0x9F => 0x0178,
            other => other,
        };
        return char::from_u32(mapped).unwrap_or(REPLACEMENT);
    }
    char::from_u32(value).unwrap_or(REPLACEMENT)
}

/// Decodes every character reference in `text`, as the tokenizer does in
/// text (`in_attribute` false) or in an attribute value (true). For the
/// places that see raw markup: lol_html hands attribute values and RCDATA
/// over undecoded.
pub fn decode(text: &str, in_attribute: bool) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match resolve(after, in_attribute) {
            Some(r) => {
                r.text.push_to(&mut out);
                rest = &after[r.len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rest: &str, attr: bool) -> Option<(String, usize)> {
        resolve(rest, attr).map(|r| {
            let mut s = String::new();
            r.text.push_to(&mut s);
            (s, r.len)
        })
    }

    #[test]
    fn named_with_and_without_semicolon() {
        assert_eq!(text("amp;x", false), Some(("&".into(), 4)));
        assert_eq!(text("ampx", false), Some(("&".into(), 3)));
        assert_eq!(text("notit;", false), Some(("¬".into(), 3)));
        assert_eq!(text("notin;", false), Some(("∉".into(), 6)));
        assert_eq!(text("bogus;", false), None);
    }

    #[test]
    fn attribute_special_case() {
        assert_eq!(text("copy=2", true), None);
        assert_eq!(text("copy=2", false), Some(("©".into(), 4)));
        assert_eq!(text("copy;=2", true), Some(("©".into(), 5)));
    }

    #[test]
    fn numeric_edge_cases() {
        assert_eq!(text("#x41;", false), Some(("A".into(), 5)));
        assert_eq!(text("#65", false), Some(("A".into(), 3)));
        assert_eq!(text("#0;", false), Some(("\u{FFFD}".into(), 3)));
        assert_eq!(text("#x110000;", false), Some(("\u{FFFD}".into(), 9)));
        assert_eq!(text("#xD800;", false), Some(("\u{FFFD}".into(), 7)));
        assert_eq!(text("#x80;", false), Some(("€".into(), 5)));
        assert_eq!(
            text("#99999999999999999999", false).map(|t| t.0),
            Some("\u{FFFD}".into())
        );
        assert_eq!(text("#;", false), None);
        assert_eq!(text("#x;", false), None);
    }
}
