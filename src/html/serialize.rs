//! Serializing the Fragment as HTML (the JSON's `html`, what rules
//! compare), and the escaping both syntaxes share. One walk, no
//! recursion. The XML syntax of the XHTML writer, with its EPUB profile,
//! is write/xhtml.rs.

use super::elements::is_void;
use crate::html::fragment::{Edge, Fragment, Namespace, NodeData, NodeId};

/// Which syntax to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// HTML5 syntax: void elements without a slash.
    Html,
    /// XML syntax (XHTML, EPUB 3): void elements self-closed, only the five
    /// XML entities, no characters XML forbids, every `img` with an `alt`.
    Xhtml,
}

/// Serializes the children of `id` (not `id` itself) as HTML.
pub fn inner(f: &Fragment, id: NodeId) -> String {
    let mut out = String::new();
    for child in f.children(id) {
        write_node(f, child, &mut out);
    }
    out
}

/// Serializes the subtree at `id` into `out` as HTML.
pub fn write_node(f: &Fragment, id: NodeId, out: &mut String) {
    let flavor = Flavor::Html;
    for edge in f.edges(id) {
        match edge {
            Edge::Open(n) => match f.data(n) {
                NodeData::Element(e) => {
                    out.push('<');
                    out.push_str(&e.name);
                    for (name, value) in &e.attrs {
                        out.push(' ');
                        out.push_str(name);
                        out.push_str("=\"");
                        escape(value, true, flavor, out);
                        out.push('"');
                    }
                    out.push('>');
                }
                NodeData::Text(t) => escape(t, false, flavor, out),
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(e) = f.element(n)
                    && !(e.namespace == Namespace::Html && is_void(&e.name))
                {
                    out.push_str("</");
                    out.push_str(&e.name);
                    out.push('>');
                }
            }
        }
    }
}

/// Escapes text or an attribute value. In XML, characters that XML 1.0
/// forbids (most C0 controls, U+FFFE/U+FFFF) are dropped.
/// The text is scanned a byte at a time, and the text between two
/// characters that change is copied in one piece: every character that
/// changes is ASCII or starts with the byte 0xC2 (U+0080-U+00BF) or 0xEF
/// (U+F000-U+FFFF), and in UTF-8 neither byte is ever part of another
/// character. (Decoding each character was a twentieth of a three-format
/// run.)
pub fn escape(text: &str, attribute: bool, flavor: Flavor, out: &mut String) {
    let bytes = text.as_bytes();
    let xml = flavor == Flavor::Xhtml;
    let may_change = if xml {
        &MAY_CHANGE_XML
    } else {
        &MAY_CHANGE_HTML
    };
    let mut kept = 0; // where the text not yet copied starts
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if !may_change[usize::from(b)] {
            at += 1;
            continue;
        }
        let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
        let (instead, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attribute => ("&quot;", 1),
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            0x00..=0x1f | 0x7f if xml => ("", 1),
            // U+00A0, and the C1 controls U+0080-U+009F.
            0xc2 if !xml && next(1) == 0xa0 => ("&nbsp;", 2),
            0xc2 if xml && (0x80..=0x9f).contains(&next(1)) => ("", 2),
            // U+FFFE and U+FFFF.
            0xef if xml && next(1) == 0xbf && matches!(next(2), 0xbe | 0xbf) => ("", 3),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[kept..at]);
        out.push_str(instead);
        at += len;
        kept = at;
    }
    out.push_str(&text[kept..]);
}

/// The bytes that start a character [`escape`] may change, in HTML.
static MAY_CHANGE_HTML: [bool; 256] = may_change(false);

/// The same in XML, which also drops control characters.
static MAY_CHANGE_XML: [bool; 256] = may_change(true);

const fn may_change(xml: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'&' | b'<' | b'>' | b'"' | 0xc2)
            || (xml && matches!(b as u8, 0x00..=0x1f | 0x7f | 0xef));
        b += 1;
    }
    table
}

/// Whether `name` is an XML `Name` (XML 1.0 §2.3), ASCII-strict for the
/// start and lenient for non-ASCII letters.
pub fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_' || first == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::fragment::Element;

    /// XML 1.0 `Char`, minus the discouraged C1 controls: what [`escape`]
    /// keeps in XML, as the tests check.
    fn is_xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }

    #[test]
    fn html_keeps_what_xml_refuses() {
        let mut f = Fragment::new();
        let em = f.create(NodeData::Element(Element::html("em")));
        f.append(f.root(), em);
        f.append_text(em, "x<y\u{a0}\u{1}");
        let br = f.create(NodeData::Element(Element::html("br")));
        f.append(f.root(), br);
        assert_eq!(inner(&f, f.root()), "<em>x&lt;y&nbsp;\u{1}</em><br>");
        let mut xml = String::new();
        escape("x<y\u{a0}\u{1}", false, Flavor::Xhtml, &mut xml);
        assert_eq!(xml, "x&lt;y\u{a0}");
    }

    /// Copying runs gives what escaping each character gives: every
    /// character that changes, at the start, the end and side by side,
    /// beside one- to four-byte characters, in both flavors.
    #[test]
    fn escaping_runs_is_escaping_each_character() {
        let one_by_one = |text: &str, attribute: bool, flavor: Flavor| {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if attribute => out.push_str("&quot;"),
                    '\u{a0}' if flavor == Flavor::Html => out.push_str("&nbsp;"),
                    c if flavor == Flavor::Xhtml && !is_xml_char(c) => {}
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "&",
            "<",
            ">",
            "\"",
            "'",
            "\u{a0}",
            "\u{1}",
            "\u{7f}",
            "\u{85}",
            "\u{fffe}",
            "a",
            "é",
            "中",
            "😀",
            "\t",
            "\n",
            "\r",
            "\u{1f}",
            " ",
            "\u{80}",
            "\u{9f}",
            "\u{a1}",
            "\u{bf}",
            "\u{ef}",
            "\u{ffff}",
            "\u{fffd}",
            "\u{f8ff}",
            "\u{ffbe}",
            "\u{10ffff}",
        ];
        let mut texts = vec![String::new()];
        for a in pieces {
            for b in pieces {
                texts.push(format!("{a}{b}"));
                texts.push(format!("x{a}yy{b}z"));
            }
        }
        for text in &texts {
            for attribute in [false, true] {
                for flavor in [Flavor::Html, Flavor::Xhtml] {
                    let mut out = String::new();
                    escape(text, attribute, flavor, &mut out);
                    assert_eq!(out, one_by_one(text, attribute, flavor), "{text:?}");
                }
            }
        }
    }
}
