//! Test helpers: HTML to a Fragment (through html5ever, until the balancer
//! lands), CommonMark to HTML (through comrak, a judge independent of the
//! pulldown-cmark that unpress reads Markdown with), and the normalization
//! under which two HTML documents count as the same.
#![allow(dead_code)]

use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, local_name, ns, parse_document};
use markup5ever_rcdom::{Handle, NodeData as Dom, RcDom};
use unpress::rewrite::fragment::{Element, Fragment, Namespace, NodeData, NodeId};

fn parse(html: &str) -> RcDom {
    parse_document(RcDom::default(), ParseOpts::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("reading from a string cannot fail")
}

/// The `<body>` of a parsed document.
fn body(dom: &RcDom) -> Option<Handle> {
    let html = dom
        .document
        .children
        .borrow()
        .iter()
        .find(|n| matches!(&n.data, Dom::Element { name, .. } if name.local == local_name!("html")))
        .cloned()?;
    html.children
        .borrow()
        .iter()
        .find(|n| matches!(&n.data, Dom::Element { name, .. } if name.local == local_name!("body")))
        .cloned()
}

/// Builds a Fragment from the children of `<body>` as html5ever parses
/// `html`, iteratively. Comments are dropped (the residue rule does that in
/// the real pipeline).
pub fn fragment_from_html(html: &str) -> Fragment {
    let dom = parse(html);
    let mut f = Fragment::new();
    let Some(body) = body(&dom) else { return f };
    let mut stack: Vec<(Handle, NodeId)> = Vec::new();
    for c in body.children.borrow().iter().rev() {
        stack.push((Rc::clone(c), f.root()));
    }
    while let Some((h, parent)) = stack.pop() {
        match &h.data {
            Dom::Text { contents } => f.append_text(parent, &contents.borrow()),
            Dom::Element { name, attrs, .. } => {
                let namespace = if name.ns == ns!(svg) {
                    Namespace::Svg
                } else if name.ns == ns!(mathml) {
                    Namespace::MathMl
                } else {
                    Namespace::Html
                };
                let el = Element {
                    name: name.local.to_string(),
                    namespace,
                    attrs: attrs
                        .borrow()
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                };
                let id = f.create(NodeData::Element(el));
                f.append(parent, id);
                for c in h.children.borrow().iter().rev() {
                    stack.push((Rc::clone(c), id));
                }
            }
            _ => {}
        }
    }
    f
}

/// CommonMark (with GFM tables) to HTML, raw HTML passed through.
pub fn render(md: &str) -> String {
    comrak::markdown_to_html(md, &comrak_options())
}

/// The same with GFM's strikethrough on too: what GitHub and other GFM
/// renderers read. unpress's Markdown must render the same through both.
pub fn render_gfm(md: &str) -> String {
    let mut o = comrak_options();
    o.extension.strikethrough = true;
    comrak::markdown_to_html(md, &o)
}

fn comrak_options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.render.r#unsafe = true;
    o
}

/// Whether the Markdown holds raw HTML (an HTML block or inline HTML), as
/// comrak parses it.
pub fn has_raw_html(md: &str) -> bool {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, &comrak_options());
    root.descendants().any(|n| {
        matches!(
            n.data.borrow().value,
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
        )
    })
}

/// Elements around which whitespace does not render.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
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
    "nav",
    "ol",
    "p",
    "pre",
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
    "ul",
];

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

enum Piece {
    Tag { text: String, block: bool },
    Text(String),
    Pre(String),
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The normalization under which HTML counts as unchanged: parsed by
/// html5ever (so entity forms, quoting and implied tags agree), comments
/// dropped, attributes sorted, whitespace runs collapsed to one space
/// outside `<pre>`, and whitespace next to block-level tags (and `<br>`)
/// removed.
pub fn normalize_html(html: &str) -> String {
    let dom = parse(html);
    let Some(body) = body(&dom) else {
        return String::new();
    };
    let mut pieces: Vec<Piece> = Vec::new();
    // (node, entered): a second visit closes the element.
    let mut stack: Vec<(Handle, bool, usize)> = Vec::new();
    for c in body.children.borrow().iter().rev() {
        stack.push((Rc::clone(c), false, 0));
    }
    while let Some((h, entered, pre)) = stack.pop() {
        match &h.data {
            Dom::Text { contents } => {
                let t = contents.borrow().to_string();
                pieces.push(if pre > 0 {
                    Piece::Pre(escape(&t, false))
                } else {
                    Piece::Text(t)
                });
            }
            Dom::Element { name, attrs, .. } => {
                let local = name.local.to_string();
                let block = BLOCKS.contains(&local.as_str());
                if entered {
                    pieces.push(Piece::Tag {
                        text: format!("</{local}>"),
                        block,
                    });
                    continue;
                }
                let mut a: Vec<(String, String)> = attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                // An image without alt is an image with an empty one (a
                // Markdown image always has one); URLs compare percent-
                // decoded (renderers percent-encode what they write).
                if local == "img" && !a.iter().any(|(n, _)| n == "alt") {
                    a.push(("alt".into(), String::new()));
                }
                for (n, v) in &mut a {
                    if n == "href" || n == "src" {
                        *v = percent_decode(v);
                    }
                }
                a.sort();
                let mut tag = format!("<{local}");
                for (n, v) in a {
                    tag.push_str(&format!(" {n}=\"{}\"", escape(&v, true)));
                }
                tag.push('>');
                pieces.push(Piece::Tag { text: tag, block });
                let inner = pre + usize::from(local == "pre" || local == "textarea");
                stack.push((Rc::clone(&h), true, pre));
                for c in h.children.borrow().iter().rev() {
                    stack.push((Rc::clone(c), false, inner));
                }
            }
            _ => {}
        }
    }
    // Merge text pieces split by dropped comments.
    let mut merged: Vec<Piece> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => merged.push(p),
        }
    }
    let mut out = String::new();
    for k in 0..merged.len() {
        match &merged[k] {
            Piece::Tag { text, .. } => out.push_str(text),
            Piece::Pre(t) => out.push_str(t),
            Piece::Text(t) => {
                let mut s = String::new();
                let mut ws = false;
                for c in t.chars() {
                    if c.is_ascii_whitespace() {
                        ws = true;
                    } else {
                        if ws {
                            s.push(' ');
                        }
                        ws = false;
                        s.push(c);
                    }
                }
                if ws {
                    s.push(' ');
                }
                let block_before =
                    k == 0 || matches!(merged[k - 1], Piece::Tag { block: true, .. });
                let block_after = matches!(
                    merged.get(k + 1),
                    None | Some(Piece::Tag { block: true, .. })
                );
                let mut s = s.as_str();
                if block_before {
                    s = s.trim_start_matches(' ');
                }
                if block_after {
                    s = s.trim_end_matches(' ');
                }
                out.push_str(&escape(s, false));
            }
        }
    }
    out
}
