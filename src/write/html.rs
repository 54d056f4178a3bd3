//! Serializing the Fragment as HTML (for the JSON's `html`) or XML (for the
//! XHTML content document). One walk, two flavours; no recursion.

use crate::rewrite::fragment::{Edge, Fragment, Namespace, NodeData, NodeId};

/// Which syntax to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// HTML5 syntax: void elements without a slash.
    Html,
    /// XML syntax (XHTML, EPUB 3): void elements self-closed, only the five
    /// XML entities, no characters XML forbids, every `img` with an `alt`.
    Xhtml,
}

/// HTML void elements (HTML §13.1.2): no end tag, no content.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Serializes the children of `id` (not `id` itself).
pub fn inner(f: &Fragment, id: NodeId, flavor: Flavor) -> String {
    let mut out = String::new();
    for child in f.children(id) {
        write_node(f, child, flavor, &mut out);
    }
    out
}

/// Serializes the subtree at `id` into `out`.
pub fn write_node(f: &Fragment, id: NodeId, flavor: Flavor, out: &mut String) {
    // Elements whose name XML cannot say (the tree builder keeps what a
    // browser keeps, e.g. `<foo<bar>`) are written as their content, so the
    // output is always well-formed.
    let writable = |n: NodeId| match f.element(n) {
        Some(e) => flavor == Flavor::Html || is_xml_name(&e.name),
        None => true,
    };
    // Raw-text parents (HTML flavour) take their text unescaped.
    for edge in f.edges(id) {
        match edge {
            Edge::Open(n) => match f.data(n) {
                NodeData::Element(e) if writable(n) => {
                    out.push('<');
                    out.push_str(&e.name);
                    if flavor == Flavor::Xhtml {
                        let is_foreign_root = e.namespace != Namespace::Html
                            && f.parent(n)
                                .and_then(|p| f.element(p))
                                .is_none_or(|p| p.namespace != e.namespace);
                        if is_foreign_root {
                            out.push_str(match e.namespace {
                                Namespace::Svg => " xmlns=\"http://www.w3.org/2000/svg\"",
                                Namespace::MathMl => {
                                    " xmlns=\"http://www.w3.org/1998/Math/MathML\""
                                }
                                Namespace::Html => "",
                            });
                        }
                    }
                    let mut has_alt = false;
                    for (name, value) in &e.attrs {
                        if flavor == Flavor::Xhtml
                            && (!is_xml_name(name) || name.contains(':') || name == "xmlns")
                        {
                            continue;
                        }
                        has_alt |= name == "alt";
                        out.push(' ');
                        out.push_str(name);
                        out.push_str("=\"");
                        escape(value, true, flavor, out);
                        out.push('"');
                    }
                    if flavor == Flavor::Xhtml && e.is("img") && !has_alt {
                        out.push_str(" alt=\"\"");
                    }
                    let void = e.namespace == Namespace::Html && is_void(&e.name);
                    if flavor == Flavor::Xhtml
                        && (void || (e.namespace != Namespace::Html && f.first_child(n).is_none()))
                    {
                        out.push_str("/>");
                    } else {
                        out.push('>');
                    }
                }
                NodeData::Text(t) => escape(t, false, flavor, out),
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(e) = f.element(n)
                    && writable(n)
                {
                    let void = e.namespace == Namespace::Html && is_void(&e.name);
                    let self_closed = flavor == Flavor::Xhtml
                        && e.namespace != Namespace::Html
                        && f.first_child(n).is_none();
                    if !void && !self_closed {
                        out.push_str("</");
                        out.push_str(&e.name);
                        out.push('>');
                    }
                }
            }
        }
    }
}

/// Escapes text or an attribute value. In XML, characters that XML 1.0
/// forbids (most C0 controls, U+FFFE/U+FFFF) are dropped.
pub fn escape(text: &str, attribute: bool, flavor: Flavor, out: &mut String) {
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
}

/// XML 1.0 `Char`, minus the discouraged C1 controls.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
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
    use crate::rewrite::fragment::Element;

    #[test]
    fn xml_flavour_self_closes_and_adds_alt() {
        let mut f = Fragment::new();
        let p = f.create(NodeData::Element(Element::html("p")));
        f.append(f.root(), p);
        f.append_text(p, "a\u{a0}&b\u{1}");
        let img = f.create(NodeData::Element(Element::html("img")));
        f.append(p, img);
        assert_eq!(
            inner(&f, f.root(), Flavor::Xhtml),
            "<p>a\u{a0}&amp;b<img alt=\"\"/></p>"
        );
        assert_eq!(
            inner(&f, f.root(), Flavor::Html),
            "<p>a&nbsp;&amp;b\u{1}<img></p>"
        );
    }
}
