//! Raw HTML in the Markdown: what CommonMark cannot say is written as HTML
//! that it passes through (sections 4.6 and 6.6).
//!
//! Two uses: tags around Markdown (`<sub>x</sub>`, or a `<div>` line, blank
//! line, Markdown, blank line, `</div>`), and whole subtrees serialized as
//! one HTML block (a table with colspan, a `<dl>`). An HTML block ends at a
//! blank line (conditions 6 and 7), so a serialized block never holds one.

use crate::html::fragment::{Edge, Element, Fragment, Marker, Namespace, NodeData, NodeId};
use crate::html::serialize::{Flavor, escape};

/// Tag names that start an HTML block which can interrupt a paragraph
/// (conditions 1 and 6 of section 4.6). The writer treats these elements as
/// blocks: a line starting with one of them is raw HTML, never Markdown.
const BLOCK_NAMES: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    // Condition 1: raw text until the end tag.
    "pre",
    "script",
    "style",
    "textarea",
];

/// Void elements: no end tag, no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Whether `text` starts an HTML block of CommonMark's condition 6: `<` or
/// `</`, a block-level tag name, then white space, `>`, `/>` or the end.
pub(super) fn opens_block(text: &str) -> bool {
    let rest = text.strip_prefix('<').unwrap_or("");
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..len].to_ascii_lowercase();
    let after = &rest[len..];
    len > 0
        && BLOCK_NAMES.contains(&name.as_str())
        && (after.is_empty()
            || after.starts_with([' ', '\t', '\n', '>'])
            || after.starts_with("/>"))
}

/// Whether `text` starts an HTML block of CommonMark's condition 1: `<pre`,
/// `<script`, `<style` or `<textarea` (any case), then white space, `>`
/// or the end of the line. It ends at the first line holding one of their
/// end tags.
pub(super) fn opens_condition_1(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let after = &rest[len..];
    ["pre", "script", "style", "textarea"]
        .iter()
        .any(|n| rest[..len].eq_ignore_ascii_case(n))
        && (after.is_empty() || after.starts_with([' ', '\t', '\n', '>']))
}

pub(super) fn is_block(e: &Element) -> bool {
    e.namespace == Namespace::Html && BLOCK_NAMES.contains(&e.name.as_str())
}

pub(super) fn is_void(e: &Element) -> bool {
    e.namespace == Namespace::Html && VOID.contains(&e.name.as_str())
}

/// Whether the node is an element that the writer treats as a block.
pub(super) fn is_block_node(f: &Fragment, id: NodeId) -> bool {
    f.element(id).is_some_and(is_block)
}

/// Whether any node below `id` is a block element.
pub(super) fn has_block_descendant(f: &Fragment, id: NodeId) -> bool {
    f.descendants(id).skip(1).any(|n| is_block_node(f, n))
}

/// Whether every child of `id` is a block element or blank text, and there
/// is at least one block: such an element can wrap Markdown.
pub(super) fn wraps_blocks(f: &Fragment, id: NodeId) -> bool {
    let mut any = false;
    for c in f.children(id) {
        match f.data(c) {
            NodeData::Text(t) if t.chars().all(char::is_whitespace) => {}
            NodeData::Comment(_) => {}
            NodeData::Element(e) if is_block(e) => any = true,
            NodeData::Marker(_) => any = true,
            _ => return false,
        }
    }
    any
}

/// A CommonMark raw-HTML tag name: `[A-Za-z][A-Za-z0-9-]*` (section 6.6).
fn valid_name(name: &str) -> bool {
    let mut cs = name.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// An attribute name CommonMark accepts: `[A-Za-z_:][A-Za-z0-9_.:-]*`.
fn valid_attr_name(name: &str) -> bool {
    let mut cs = name.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
}

/// Whether the element can be written as a raw tag at all.
pub(super) fn writable(e: &Element) -> bool {
    valid_name(&e.name)
}

fn push_attr_value(v: &str, out: &mut String) {
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // A newline inside a tag could end an HTML block or start one.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
}

/// The start tag of `e`, with unsafe URLs dropped. Void elements get the
/// `/>` that CommonMark renderers write.
pub(super) fn open_tag(e: &Element) -> String {
    let mut out = String::new();
    out.push('<');
    out.push_str(&e.name);
    for (name, value) in &e.attrs {
        if !valid_attr_name(name) {
            continue;
        }
        if matches!(
            name.as_str(),
            "href" | "src" | "cite" | "action" | "formaction" | "poster"
        ) && !crate::html::url::is_safe_url(&e.name, name, value)
        {
            continue;
        }
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        push_attr_value(value, &mut out);
        out.push('"');
    }
    if is_void(e) {
        out.push_str(" />");
    } else {
        out.push('>');
    }
    out
}

pub(super) fn close_tag(e: &Element) -> String {
    format!("</{}>", e.name)
}

/// Text escaped as the HTML serializer escapes it (`&`, `<`, `>`, and
/// no-break spaces as `&nbsp;`, which a Markdown reader would not show).
fn push_text(t: &str, out: &mut String) {
    escape(t, false, Flavor::Html, out);
}

fn push_char(c: char, out: &mut String) {
    push_text(c.encode_utf8(&mut [0; 4]), out);
}

/// How a serialized subtree will be placed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// An HTML block: lines allowed, blank lines never.
    Block,
    /// A later part of an HTML block: like `Block`, but an inline element
    /// needs no line of its own.
    Run,
    /// Inside a paragraph: one line.
    Inline,
}

/// Serializes the subtree at `id` as HTML, walking it without recursion.
///
/// `guard` is the writer's guard against front matter read from the body
/// (see `Writer::guard_line`): a line of text can then be escaped with a
/// character reference, which raw text does not decode, so an `<xmp>`
/// whose text has a line starting with `---` or `;;;` is written as the
/// `<pre>` it renders as (the XHTML profile renames it the same way).
pub(super) fn serialize(f: &Fragment, id: NodeId, place: Place, guard: bool) -> String {
    let mut out = String::new();
    // How many `<pre>`-like ancestors the current text has (whitespace
    // there is content), and raw-text ancestors (no escaping).
    let mut pre = 0usize;
    let mut raw = 0usize;
    // The `<xmp>` elements written as `<pre>`.
    let mut as_pre: Vec<NodeId> = Vec::new();
    // An HTML block that starts with `<pre>`, `<script>`, `<style>` or
    // `<textarea>` (condition 1) ends at the first line holding one of
    // their end tags: after a nested one, the rest stays on its line.
    let block = place != Place::Inline;
    let mut place = place;
    for edge in f.edges(id) {
        match edge {
            Edge::Open(n) => match f.data(n) {
                NodeData::Element(e) => {
                    if !writable(e) {
                        continue;
                    }
                    if guard && e.is("xmp") && starts_a_fence_line(&f.text_content(n)) {
                        let mut renamed = e.clone();
                        renamed.name = "pre".into();
                        out.push_str(&open_tag(&renamed));
                        as_pre.push(n);
                        pre += 1;
                        continue;
                    }
                    out.push_str(&open_tag(e));
                    if e.is("pre") || e.is("textarea") || e.is("listing") {
                        pre += 1;
                    }
                    if is_raw_text(e) {
                        raw += 1;
                    }
                    if n == id && place == Place::Block && !is_block(e) {
                        // Condition 7: a start tag alone on its line.
                        out.push('\n');
                    }
                }
                NodeData::Text(t) => {
                    if raw > 0 && place == Place::Inline {
                        // Raw text has no character references: its
                        // newlines become spaces on the block's last line.
                        out.push_str(&t.replace(['\n', '\r'], " "));
                    } else if raw > 0 {
                        out.push_str(t);
                    } else if pre > 0 {
                        push_pre_text(f, n, t, place, &mut out);
                    } else {
                        push_collapsed(t, place, &mut out);
                    }
                }
                NodeData::Marker(m) => out.push_str(marker(*m)),
                NodeData::Comment(_) | NodeData::Root => {}
            },
            Edge::Close(n) => {
                if let NodeData::Element(e) = f.data(n) {
                    if !writable(e) {
                        continue;
                    }
                    if as_pre.last() == Some(&n) {
                        as_pre.pop();
                        pre = pre.saturating_sub(1);
                        out.push_str("</pre>");
                        continue;
                    }
                    if e.is("pre") || e.is("textarea") || e.is("listing") {
                        pre = pre.saturating_sub(1);
                    }
                    if is_raw_text(e) {
                        raw = raw.saturating_sub(1);
                    }
                    if !is_void(e) {
                        out.push_str(&close_tag(e));
                    }
                    if n != id && ends_condition_1(e) && place != Place::Inline {
                        place = Place::Inline;
                    }
                }
            }
        }
    }
    if block {
        // Belt and braces: a blank line would end the HTML block early
        // (also before a nested `</pre>`, after which `place` is inline).
        let mut kept = String::with_capacity(out.len());
        for line in out.split('\n') {
            if line.trim().is_empty() {
                continue;
            }
            if !kept.is_empty() {
                kept.push('\n');
            }
            kept.push_str(line);
        }
        out = kept;
    }
    out
}

/// Text as it is written in an HTML block.
pub(super) fn text_html(t: &str) -> String {
    let mut out = String::new();
    push_collapsed(t, Place::Run, &mut out);
    out
}

/// Text outside `<pre>`: whitespace runs collapse (HTML renders them as one
/// space); a run holding a newline stays a newline in a block.
fn push_collapsed(t: &str, place: Place, out: &mut String) {
    let mut ws: Option<bool> = None;
    for c in t.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            let nl = c == '\n' || c == '\r';
            ws = Some(ws.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = ws.take() {
            out.push(if nl && place != Place::Inline {
                '\n'
            } else {
                ' '
            });
        }
        push_char(c, out);
    }
    if let Some(nl) = ws {
        out.push(if nl && place != Place::Inline {
            '\n'
        } else {
            ' '
        });
    }
}

/// Text inside `<pre>`: kept exactly. A newline that would leave a blank
/// line, or any newline inline, becomes `&#10;`; a leading newline too,
/// since a parser drops a literal one right after `<pre>`.
fn push_pre_text(f: &Fragment, n: NodeId, t: &str, place: Place, out: &mut String) {
    // An `<xmp>` written as `<pre>` (in `serialize`) loses a leading
    // newline to the parser the same way.
    let first_in_pre = f.prev_sibling(n).is_none()
        && f.parent(n)
            .is_some_and(|p| f.is(p, "pre") || f.is(p, "xmp"));
    let mut rest = t;
    if first_in_pre && rest.starts_with('\n') {
        out.push_str("&#10;");
        rest = &rest[1..];
    }
    let segments: Vec<&str> = rest.split('\n').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        push_text(seg, out);
        if i < last {
            if place == Place::Inline || seg.trim().is_empty() {
                out.push_str("&#10;");
            } else {
                out.push('\n');
            }
        }
    }
}

/// Whether some line of `text` (after its first) starts with `---` or
/// `;;;`: where Hexo looks for the end of front matter (see
/// `Writer::guard_line`).
pub(super) fn starts_a_fence_line(text: &str) -> bool {
    text.split('\n')
        .skip(1)
        .any(|l| l.starts_with("---") || l.starts_with(";;;"))
}

/// The elements whose end tag ends an HTML block of CommonMark's
/// condition 1 (section 4.6).
fn ends_condition_1(e: &Element) -> bool {
    e.namespace == Namespace::Html
        && ["pre", "script", "style", "textarea"].contains(&e.name.as_str())
}

/// Elements whose content an HTML parser reads as raw text: written back
/// unescaped, as parsed.
fn is_raw_text(e: &Element) -> bool {
    e.namespace == Namespace::Html
        && [
            "script", "style", "noscript", "xmp", "iframe", "noembed", "noframes",
        ]
        .contains(&e.name.as_str())
}

pub(super) fn marker(m: Marker) -> &'static str {
    match m {
        Marker::More => "<!--more-->",
        Marker::NextPage => "<!--nextpage-->",
    }
}
