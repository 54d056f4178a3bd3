//! The front matter most posts have, read without a YAML parser: one
//! `key: value` a line, where a value is a scalar on that line or a list
//! of scalars, one `- item` a line.
//!
//! ```yaml
//! title: 'Post Format: Image (Caption)'
//! categories:
//!  - Classic
//!  - 'Post Formats'
//! comments: false
//! date: 2008-12-20T21:45:27+02:00
//! ```
//!
//! [`read`] gives exactly the map serde_yaml reads (the same keys in the
//! same order, the same types), or `None` for anything outside this
//! shape: a tab, a comment, a multi-line or escaped scalar, an anchor, a
//! tag, a flow collection, a nested map, a duplicate key, a float, a
//! character YAML refuses or reads as a line break. serde_yaml reads those,
//! so every error message and every rare case stays serde_yaml's. The
//! tests in `yaml.rs` compare the two readers on generated and crafted
//! blocks; `tests/it/corpus.rs` on every front matter of the corpus.

use serde_json::{Map, Value};
use std::num::ParseIntError;

/// The block as a map, when it has the simple shape; `None` otherwise.
pub(super) fn read(text: &str) -> Option<Map<String, Value>> {
    if !plain_characters(text) {
        return None;
    }
    let mut map = Map::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if is_blank(line) {
            continue;
        }
        let (key, rest) = key(line)?;
        if map.contains_key(key) {
            // serde_yaml refuses a duplicate key; let it say so.
            return None;
        }
        let rest = rest.trim_matches(' ');
        let value = if rest.is_empty() {
            list(&mut lines)?
        } else {
            scalar(rest)?
        };
        map.insert(key.to_owned(), value);
    }
    Some(map)
}

/// Whether every character is one YAML reads as itself: no control
/// character (a tab included, though YAML allows some), no `\r`, none of
/// YAML 1.1's other line breaks (NEL, LS, PS), no byte order mark or
/// non-character, none of the C1 controls libyaml refuses.
fn plain_characters(text: &str) -> bool {
    let ascii_ok = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    if text.bytes().all(ascii_ok) {
        return true;
    }
    text.chars().all(|c| {
        if c.is_ascii() {
            ascii_ok(c as u8)
        } else {
            !matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        }
    })
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// `key:` at the start of a line, then the end of the line or a space:
/// the key and the rest of the line. A key is a word (letters, digits,
/// `_`, `-`, starting with a letter or `_`) that YAML reads as a string.
fn key(line: &str) -> Option<(&str, &str)> {
    let end = line.find(':')?;
    let (key, rest) = (&line[..end], &line[end + 1..]);
    let first = *key.as_bytes().first()?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    // libyaml refuses a simple key over 1,024 characters.
    if !(first.is_ascii_alphabetic() || first == b'_')
        || key.len() > 128
        || !key.bytes().all(word)
        || special_word(key).is_some()
        || !(rest.is_empty() || rest.starts_with(' '))
    {
        return None;
    }
    Some((key, rest))
}

/// After `key:` with nothing else on its line: a list of `- item` lines
/// at one indentation, or null when the next key follows.
fn list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&line) = lines.peek() {
        if is_blank(line) {
            lines.next();
            continue;
        }
        let item = line.trim_start_matches(' ');
        let spaces = line.len() - item.len();
        let Some(item) = item.strip_prefix("- ") else {
            // An indented line that is not an item continues the value in
            // a way this reader does not follow (a map, a folded scalar).
            if spaces > 0 {
                return None;
            }
            break;
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        let item = item.trim_matches(' ');
        if item.is_empty() {
            return None;
        }
        items.push(scalar(item)?);
        lines.next();
    }
    Some(if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    })
}

/// A scalar that is the whole (trimmed, non-empty) rest of a line:
/// single-quoted, double-quoted without escapes, or plain.
fn scalar(s: &str) -> Option<Value> {
    match s.as_bytes()[0] {
        b'\'' => single_quoted(&s[1..]).map(Value::String),
        b'"' => {
            let inner = s[1..].strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_owned()))
        }
        _ => plain(s),
    }
}

/// The inside of `'...'` (the opening quote already taken), `''` read as
/// `'`; the closing quote must end the line.
fn single_quoted(s: &str) -> Option<String> {
    let inner = s.strip_suffix('\'')?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.find('\'') {
        // Inside, a quote is only ever doubled.
        if rest.as_bytes().get(at + 1) != Some(&b'\'') {
            return None;
        }
        out.push_str(&rest[..=at]);
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// A plain scalar on one line, typed the way serde_yaml types it. It
/// starts with a character that cannot be an indicator and holds no `: `
/// or ` #` (a mapping, a comment) and no trailing `:`.
fn plain(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    let starts = match b[0] {
        b'-' => b.get(1).is_some_and(u8::is_ascii_digit),
        c => c.is_ascii_alphanumeric() || !c.is_ascii() || b"/.+(_$~".contains(&c),
    };
    if !starts || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return None;
    }
    if let Some(word) = special_word(s) {
        return Some(word);
    }
    // A scalar that starts with a letter is never a number (`inf` and
    // `nan` parse as floats, but serde_yaml keeps only finite ones).
    if !b[0].is_ascii() || b[0].is_ascii_alphabetic() {
        return Some(Value::String(s.to_owned()));
    }
    if let Some(n) = parse_unsigned_int(s, u64::from_str_radix) {
        return Some(Value::from(n));
    }
    if let Some(n) = parse_negative_int(s, i64::from_str_radix) {
        return Some(Value::from(n));
    }
    // Wider integers and floats are left to serde_yaml.
    let wide = parse_unsigned_int(s, u128::from_str_radix).is_some()
        || parse_negative_int(s, i128::from_str_radix).is_some();
    if wide || (!digits_but_not_number(s) && is_float(s)) {
        return None;
    }
    Some(Value::String(s.to_owned()))
}

/// serde_yaml's null and boolean words.
fn special_word(s: &str) -> Option<Value> {
    match s {
        "null" | "Null" | "NULL" | "~" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

// serde_yaml 0.9.34's scalar resolution (src/de.rs, MIT or Apache-2.0),
// copied so that a plain scalar gets the type serde_yaml gives it.

fn parse_unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix)
            && let Ok(int) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

/// serde_yaml's `parse_f64(scalar).is_some()`.
fn is_float(scalar: &str) -> bool {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => scalar,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(
            scalar,
            "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
        )
        || unpositive.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Leading zeros then digits is a string in YAML 1.2 (`0123`).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The map as serde_yaml prints it, when every key and value has the
/// simple shape: scalars (no float) and lists of scalars, strings on one
/// line of characters libyaml prints as themselves. `None` otherwise, and
/// serde_yaml prints it. A string holding `<` is written as
/// [`super::to_yaml`] writes it, double-quoted with `\x3C`.
pub(super) fn write(map: &Map<String, Value>) -> Option<String> {
    if map.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(64 * map.len());
    for (key, value) in map {
        // libyaml writes a longer key as a complex key (`? key`).
        if key.len() > 128 && !key.contains('<') {
            return None;
        }
        string(key, &mut out)?;
        match value {
            Value::Array(items) if items.is_empty() => out.push_str(": []\n"),
            Value::Array(items) => {
                out.push_str(":\n");
                for item in items {
                    out.push_str("- ");
                    write_scalar(item, &mut out)?;
                    out.push('\n');
                }
            }
            value => {
                out.push_str(": ");
                write_scalar(value, &mut out)?;
                out.push('\n');
            }
        }
    }
    Some(out)
}

fn write_scalar(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if !n.is_f64() => out.push_str(&n.to_string()),
        Value::String(s) => string(s, out)?,
        _ => return None,
    }
    Some(())
}

/// A string as serde_yaml and libyaml print it: single-quoted when it
/// would read as another type (serde_yaml's choice) or cannot be plain
/// (libyaml's `yaml_emitter_analyze_scalar`), plain otherwise.
fn string(s: &str, out: &mut String) -> Option<()> {
    if s.contains('<') {
        out.push_str(&super::double_quoted(s));
        return Some(());
    }
    if !s.chars().all(prints_as_itself) {
        return None;
    }
    if reads_as_other_type(s) || !may_be_plain(s) {
        out.push('\'');
        let mut rest = s;
        while let Some(at) = rest.find('\'') {
            out.push_str(&rest[..=at]);
            out.push('\'');
            rest = &rest[at + 1..];
        }
        out.push_str(rest);
        out.push('\'');
    } else {
        out.push_str(s);
    }
    Some(())
}

/// libyaml's emitter prints a character as itself when it is printable
/// (its `IS_PRINTABLE`: no tab, no character past U+FFFF) and no line
/// break.
fn prints_as_itself(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// serde_yaml's `InferScalarStyle`: a string that would read back as
/// null, a boolean or a number, or with leading zeros, is quoted.
fn reads_as_other_type(s: &str) -> bool {
    // A letter first: only the null and boolean words (see `plain`).
    if s.as_bytes()
        .first()
        .is_some_and(|&b| !b.is_ascii() || b.is_ascii_alphabetic())
    {
        return special_word(s).is_some();
    }
    s.is_empty()
        || special_word(s).is_some()
        || digits_but_not_number(s)
        || parse_unsigned_int(s, u128::from_str_radix).is_some()
        || parse_negative_int(s, i128::from_str_radix).is_some()
        || is_float(s)
}

/// libyaml's `block_plain_allowed` for a non-empty string of printable
/// characters without line breaks: no space at either end, no document
/// marker, no indicator where it would be read as one.
fn may_be_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let blank_after = |i: usize| b.get(i + 1).is_none_or(|&n| n == b' ');
    if b[0] == b' ' || b[b.len() - 1] == b' ' || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let first_ok = match b[0] {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => false,
        b'?' | b':' | b'-' => !blank_after(0),
        _ => true,
    };
    first_ok
        && (1..b.len()).all(|i| match b[i] {
            b':' => !blank_after(i),
            b'#' => b[i - 1] != b' ',
            _ => true,
        })
}
