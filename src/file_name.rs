//! Safe file names: what any string from an input (a slug, a title, a
//! post type, a file's own name) must become before it is part of an
//! output path. Shared by the export reader, which names items, and the
//! batch, which owns the final paths and checks every component again.

use std::path::{Component, Path};

/// The longest file name (without extension) made from data, in bytes:
/// file systems allow 255, and the extension and a `-NN` suffix need room.
pub const MAX_NAME: usize = 120;

/// The longest path component written at all, in bytes (most file systems).
pub const MAX_COMPONENT: usize = 255;

/// A single safe path component, or `None` when nothing usable is left.
pub fn safe_name(raw: &str) -> Option<String> {
    let mapped: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .filter(|&c| !invisible(c))
        .collect();
    // Leading dots would hide the file (or make `..`); trailing dots and
    // spaces are dropped by Windows.
    let trimmed = mapped.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    let name = cut(trimmed, MAX_NAME);
    let name = name.trim_end_matches(['.', ' ', '-']);
    if name.is_empty() {
        return None;
    }
    Some(unreserved(name))
}

/// Bidi overrides and isolates, marks, zero-width space and BOM: invisible
/// in a listing, and able to make `gpj.exe` look like `exe.jpg` (the
/// wordpress-importer's wxr-utf-8-challenges.xml slug has U+202E). ZWJ and
/// ZWNJ stay: emoji sequences and Persian or Indic words need them.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
pub fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

/// `name`, or when Windows reserves it, the name with `_` after its stem
/// (`con` -> `con_`, `aux.1.txt` -> `aux_.1.txt`): Windows reserves the
/// stem whatever the extension.
pub fn unreserved(name: &str) -> String {
    if !is_reserved(name) {
        return name.to_owned();
    }
    match name.split_once('.') {
        Some((stem, rest)) => format!("{stem}_.{rest}"),
        None => format!("{name}_"),
    }
}

/// Names Windows reserves, with or without an extension (`con.txt`).
pub fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Why a relative output path is not safe, or `None` when every component
/// is an ordinary name: not absolute, not empty, not `.` or `..`, no NUL
/// or separator, not a name Windows reserves, at most [`MAX_COMPONENT`]
/// bytes. An ordinary component cannot leave the folder it is joined to.
pub fn unsafe_component(rel: &Path) -> Option<String> {
    if rel.as_os_str().is_empty() {
        return Some("the path is empty".into());
    }
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return Some(format!("{:?} is not a plain name", c.as_os_str()));
        };
        let bytes = name.as_encoded_bytes();
        if bytes.is_empty() || bytes.contains(&0) || bytes.contains(&b'/') || bytes.contains(&b'\\')
        {
            return Some(format!("{name:?} holds a separator or NUL"));
        }
        if bytes.len() > MAX_COMPONENT {
            return Some(format!("a name is {} bytes long", bytes.len()));
        }
        if name.to_str().is_some_and(is_reserved) {
            return Some(format!("{name:?} is a name Windows reserves"));
        }
    }
    None
}
