//! What the channel and item parsers share: namespaces, text decoding,
//! entity references and positions.
//!
//! - Names are matched by namespace, not by prefix: `<alt:post_id>` with
//!   `alt` bound to the WordPress export namespace is a post id, and
//!   `<wp:postmeta xmlns:wp="http://example.com/">` is not post meta
//!   (wordpress-importer's namespace-edge-cases.xml). A prefix that is not
//!   bound at all (the namespace-less Hexo fixtures) falls back to its
//!   conventional meaning (`wp:`, `content:`, `excerpt:`, `dc:`).
//! - Text is joined from every text, CDATA and reference event of an element
//!   (several CDATA sections make one value: the crazy-cdata fixtures).
//! - References: the five XML ones, character references, and HTML's named
//!   entities (`&nbsp;` in an export is common and not fatal). Anything else
//!   is kept as written, with a warning. Entities declared in a DOCTYPE are
//!   never expanded, and nothing is ever fetched: no XXE, no billion laughs.
//! - Characters that XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE,
//!   U+FFFF) are removed and counted.

use std::collections::HashMap;
use std::sync::OnceLock;

use quick_xml::events::{BytesRef, BytesStart};

/// The namespaces a WXR uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// No namespace: RSS's own elements (`title`, `link`, `item`...).
    Rss,
    /// `http://wordpress.org/export/1.x/`
    Wp,
    /// `http://wordpress.org/export/1.x/excerpt/`
    Excerpt,
    /// `http://purl.org/rss/1.0/modules/content/`
    Content,
    /// `http://purl.org/dc/elements/1.1/`
    Dc,
    Other,
}

/// What follows `http://wordpress.org/export/1.N/` in `uri`.
fn wp_version_rest(uri: &str) -> Option<&str> {
    let rest = uri
        .strip_prefix("http://wordpress.org/export/1.")
        .or_else(|| uri.strip_prefix("https://wordpress.org/export/1."))?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    rest[digits..].strip_prefix('/')
}

fn classify_uri(uri: &str) -> Ns {
    match wp_version_rest(uri) {
        Some("") => return Ns::Wp,
        Some("excerpt/") => return Ns::Excerpt,
        _ => {}
    }
    match uri {
        "" => Ns::Rss,
        "http://purl.org/rss/1.0/modules/content/" => Ns::Content,
        "http://purl.org/dc/elements/1.1/" => Ns::Dc,
        _ => Ns::Other,
    }
}

/// The prefix bindings in scope, innermost last; the empty prefix is the
/// default namespace.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    bindings: Vec<(Vec<u8>, Ns)>,
}

impl Scopes {
    /// The number of bindings: pass it to [`Scopes::truncate`] when the
    /// element that added bindings ends.
    pub fn len(&self) -> usize {
        self.bindings.len()
    }

    pub fn truncate(&mut self, len: usize) {
        self.bindings.truncate(len);
    }

    /// Adds the `xmlns` and `xmlns:p` declarations of a start tag.
    pub fn declare(&mut self, start: &BytesStart<'_>) {
        for attr in start.attributes().with_checks(false).flatten() {
            let key = attr.key.as_ref();
            let prefix: &[u8] = if key == b"xmlns" {
                b""
            } else if let Some(p) = key.strip_prefix(b"xmlns:") {
                p
            } else {
                continue;
            };
            let uri = String::from_utf8_lossy(&attr.value);
            self.bindings
                .push((prefix.to_vec(), classify_uri(uri.trim())));
        }
    }

    /// The namespace and local name of a qualified name.
    pub fn resolve<'n>(&self, qname: &'n [u8]) -> (Ns, &'n [u8]) {
        let (prefix, local): (&[u8], &[u8]) = match qname.iter().position(|&b| b == b':') {
            Some(i) => (&qname[..i], &qname[i + 1..]),
            None => (b"", qname),
        };
        let bound = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _)| p.as_slice() == prefix)
            .map(|(_, ns)| *ns);
        let ns = match (bound, prefix) {
            (Some(ns), _) => ns,
            (None, b"") => Ns::Rss,
            (None, b"wp") => Ns::Wp,
            (None, b"excerpt") => Ns::Excerpt,
            (None, b"content") => Ns::Content,
            (None, b"dc") => Ns::Dc,
            (None, _) => Ns::Other,
        };
        (ns, local)
    }
}

/// Problems met while decoding one item's (or the channel's) text, turned
/// into warnings at the end.
#[derive(Debug, Default)]
pub struct TextIssues {
    pub removed_controls: usize,
    pub not_utf8: usize,
    pub unknown_refs: Vec<String>,
}

impl TextIssues {
    pub fn into_warnings(self, warnings: &mut Vec<String>) {
        if self.removed_controls > 0 {
            warnings.push(format!(
                "removed {} control character(s) that XML forbids",
                self.removed_controls
            ));
        }
        if self.not_utf8 > 0 {
            warnings.push(format!(
                "{} piece(s) of text were not UTF-8; bad bytes became U+FFFD",
                self.not_utf8
            ));
        }
        if !self.unknown_refs.is_empty() {
            warnings.push(format!(
                "unknown entity reference(s) kept as written: {}",
                self.unknown_refs.join(" ")
            ));
        }
    }
}

/// True for the characters XML 1.0 allows (section 2.2, Char).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends raw text bytes (a text or CDATA event) to `out`.
pub fn push_bytes(out: &mut String, bytes: &[u8], issues: &mut TextIssues) {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            issues.not_utf8 += 1;
            String::from_utf8_lossy(bytes)
        }
    };
    push_str(out, &text, issues);
}

fn push_str(out: &mut String, text: &str, issues: &mut TextIssues) {
    if text.chars().all(xml_char) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if xml_char(c) {
            out.push(c);
        } else {
            issues.removed_controls += 1;
        }
    }
}

/// Appends what a `&...;` reference stands for.
pub fn push_ref(out: &mut String, r: &BytesRef<'_>, issues: &mut TextIssues) {
    let name = String::from_utf8_lossy(r);
    if r.is_char_ref() {
        match r.resolve_char_ref() {
            Ok(Some(c)) if xml_char(c) => out.push(c),
            Ok(Some(_)) | Err(_) => issues.removed_controls += 1,
            Ok(None) => {}
        }
        return;
    }
    match resolve_entity(&name) {
        Some(text) => out.push_str(text),
        None => {
            out.push('&');
            push_str(out, &name, issues);
            out.push(';');
            let shown = format!("&{name};");
            if issues.unknown_refs.len() < 5 && !issues.unknown_refs.contains(&shown) {
                issues.unknown_refs.push(shown);
            }
        }
    }
}

/// The five XML entities and HTML's named character references.
pub fn resolve_entity(name: &str) -> Option<&'static str> {
    static HTML: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    match name {
        "amp" => return Some("&"),
        "lt" => return Some("<"),
        "gt" => return Some(">"),
        "quot" => return Some("\""),
        "apos" => return Some("'"),
        _ => {}
    }
    let map = HTML.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .filter_map(|e| {
                let n = e.entity.strip_prefix('&')?.strip_suffix(';')?;
                Some((n, e.characters))
            })
            .collect()
    });
    map.get(name).copied()
}

/// An attribute's value with references resolved, or `None` when absent.
pub fn attribute(start: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let attr = start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)?;
    let raw = String::from_utf8_lossy(&attr.value).into_owned();
    Some(
        quick_xml::escape::unescape_with(&raw, resolve_entity)
            .map(|c| c.into_owned())
            .unwrap_or(raw),
    )
}

/// A quick-xml reader over one segment, configured for exports: end names
/// checked only when `check_ends` (an item is a whole element; the channel
/// arrives in pieces), a bare `&` kept as text, text never trimmed.
pub fn reader(bytes: &[u8], check_ends: bool) -> quick_xml::Reader<&[u8]> {
    let mut r = quick_xml::Reader::from_reader(bytes);
    let c = r.config_mut();
    c.check_end_names = check_ends;
    c.allow_unmatched_ends = !check_ends;
    c.allow_dangling_amp = true;
    c.trim_text(false);
    c.expand_empty_elements = false;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_uris() {
        assert_eq!(classify_uri("http://wordpress.org/export/1.0/"), Ns::Wp);
        assert_eq!(classify_uri("https://wordpress.org/export/1.2/"), Ns::Wp);
        assert_eq!(classify_uri("http://example.com/fake/"), Ns::Other);
        assert_eq!(
            classify_uri("http://wordpress.org/export/1.1/excerpt/"),
            Ns::Excerpt
        );
    }

    #[test]
    fn unbound_prefixes_fall_back_and_bound_ones_win() {
        let mut s = Scopes::default();
        assert_eq!(s.resolve(b"wp:post_id"), (Ns::Wp, &b"post_id"[..]));
        assert_eq!(s.resolve(b"title"), (Ns::Rss, &b"title"[..]));
        let tag = BytesStart::from_content(
            r#"x xmlns:wp="http://example.com/" xmlns:alt="http://wordpress.org/export/1.2/""#,
            1,
        );
        s.declare(&tag);
        assert_eq!(s.resolve(b"wp:post_id").0, Ns::Other);
        assert_eq!(s.resolve(b"alt:post_id").0, Ns::Wp);
        s.truncate(0);
        assert_eq!(s.resolve(b"wp:post_id").0, Ns::Wp);
    }

    #[test]
    fn entities_and_controls() {
        let mut out = String::new();
        let mut issues = TextIssues::default();
        push_bytes(&mut out, b"a\x01b\x0bc", &mut issues);
        push_ref(&mut out, &BytesRef::new("nbsp"), &mut issues);
        push_ref(&mut out, &BytesRef::new("#x41"), &mut issues);
        push_ref(&mut out, &BytesRef::new("#1"), &mut issues);
        push_ref(&mut out, &BytesRef::new("lol1"), &mut issues);
        assert_eq!(out, "abc\u{a0}A&lol1;");
        assert_eq!(issues.removed_controls, 3);
        assert_eq!(issues.unknown_refs, ["&lol1;"]);
    }
}
