//! Unit tests of the tree builder: the cases a blog post meets, checked
//! against the trees html5ever builds (see tests/html5lib.rs for the full
//! oracle run).

use super::*;
use crate::html::fragment::Edge;

/// A compact serialization: `<p>a<b>b</b></p>`, foreign names prefixed.
fn html(input: &str) -> String {
    let f = balance(input, &Budget::default()).expect("balance");
    serialize(&f)
}

pub(crate) fn serialize(f: &Fragment) -> String {
    let mut out = String::new();
    for edge in f.edges(f.root()) {
        match edge {
            Edge::Open(id) => match f.data(id) {
                NodeData::Element(e) => {
                    out.push('<');
                    match e.namespace {
                        Namespace::Svg => out.push_str("svg "),
                        Namespace::MathMl => out.push_str("math "),
                        Namespace::Html => {}
                    }
                    out.push_str(&e.name);
                    for (n, v) in &e.attrs {
                        out.push_str(&format!(" {n}=\"{v}\""));
                    }
                    out.push('>');
                }
                NodeData::Text(t) => out.push_str(t),
                NodeData::Comment(c) => out.push_str(&format!("<!--{c}-->")),
                _ => {}
            },
            Edge::Close(id) => {
                if let Some(e) = f.element(id)
                    && !T::of(&e.name).is_void()
                {
                    out.push_str(&format!("</{}>", e.name));
                }
            }
        }
    }
    out
}

#[test]
fn paragraphs_close_each_other() {
    assert_eq!(html("<p>a<p>b"), "<p>a</p><p>b</p>");
    assert_eq!(html("<p>a<div>b</div>"), "<p>a</p><div>b</div>");
    assert_eq!(html("a</p>x"), "a<p></p>x");
    // Before the body starts, a stray end tag is ignored (as html5ever does).
    assert_eq!(html("</p>x"), "x");
}

#[test]
fn lists_and_definitions_imply_ends() {
    assert_eq!(html("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
    assert_eq!(
        html("<dl><dt>a<dd>b<dt>c</dl>"),
        "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>"
    );
}

#[test]
fn adoption_agency() {
    assert_eq!(html("<b>1<p>2</b>3</p>"), "<b>1</b><p><b>2</b>3</p>");
    assert_eq!(html("<b><i></b></i>"), "<b><i></i></b>");
    assert_eq!(html("<a>1<a>2"), "<a>1</a><a>2</a>");
    assert_eq!(html("<b>x<p>y"), "<b>x<p>y</p></b>");
    assert_eq!(html("<p><b>x</p><p>y"), "<p><b>x</b></p><p><b>y</b></p>");
}

#[test]
fn stray_end_tags_and_br() {
    assert_eq!(html("a</div>b</br>c"), "ab<br>c");
    assert_eq!(html("<img src=x>t"), "<img src=\"x\">t");
}

#[test]
fn tables_get_tbody_and_foster_parenting() {
    assert_eq!(
        html("<table><tr><td>a</td></tr></table>"),
        "<table><tbody><tr><td>a</td></tr></tbody></table>"
    );
    assert_eq!(
        html("<table>x<tr><td>y</table>"),
        "x<table><tbody><tr><td>y</td></tr></tbody></table>"
    );
    assert_eq!(
        html("<!DOCTYPE html><p>a<table><td>b</table>"),
        "<p>a</p><table><tbody><tr><td>b</td></tr></tbody></table>"
    );
    // Quirks mode (no DOCTYPE): the table stays in the paragraph.
    assert_eq!(html("<p>a<table></table>"), "<p>a<table></table></p>");
}

#[test]
fn headings_do_not_nest() {
    assert_eq!(html("<h1>a<h2>b</h1>c"), "<h1>a</h1><h2>b</h2>c");
}

#[test]
fn raw_text_and_entities() {
    assert_eq!(
        html("x<script>a<b>&amp;</script>x"),
        "x<script>a<b>&amp;</script>x"
    );
    // At the very start, a script goes to the head: not body content.
    assert_eq!(html("<script>s</script>x"), "x");
    assert_eq!(
        html("<textarea>\nx&lt;</textarea>"),
        "<textarea>x<</textarea>"
    );
    assert_eq!(html("<pre>\n\nx</pre>"), "<pre>\nx</pre>");
    assert_eq!(html("a&amp;b&notit;&#x41;&#128;"), "a&b¬it;A€");
    assert_eq!(
        html("<a href='?a=1&copy=2&amp;b'>"),
        "<a href=\"?a=1&copy=2&b\"></a>"
    );
}

#[test]
fn foreign_content() {
    assert_eq!(
        html("<svg viewbox='0 0 1 1'><foreignobject><p>x</p></foreignobject></svg>"),
        "<svg svg viewBox=\"0 0 1 1\"><svg foreignObject><p>x</p></foreignObject></svg>"
    );
    assert_eq!(html("<svg><p>x"), "<svg svg></svg><p>x</p>");
    assert_eq!(
        html("<math><mi>x</mi></math>"),
        "<math math><math mi>x</mi></math>"
    );
}

#[test]
fn whole_pages_give_their_body() {
    assert_eq!(
        html("<html><head><title>T</title><meta charset=utf-8></head><body><p>x</p></body></html>"),
        "<p>x</p>"
    );
    assert_eq!(html("<title>T</title>text"), "text");
    assert_eq!(html("</body>after"), "after");
}

#[test]
fn noscript_content_is_markup() {
    assert_eq!(
        html("x<noscript><img src=a></noscript>"),
        "x<noscript><img src=\"a\"></noscript>"
    );
    // At the start, <noscript> is a head element and the image ends it.
    assert_eq!(html("<noscript><img src=a></noscript>"), "<img src=\"a\">");
}

#[test]
fn comments_are_kept() {
    assert_eq!(html("a<!--more-->b"), "a<!--more-->b");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 100_000;
    // Past MAX_DEPTH open elements, a start tag closes the current node
    // first: the tree (its root counted) is MAX_DEPTH deep.
    let f = balance(&format!("{}x", "<div>".repeat(n)), &Budget::default()).expect("divs");
    assert_eq!(f.depth(), super::MAX_DEPTH);
    assert!(f.text_content(f.root()).contains('x'));
    let f = balance(&"<b>".repeat(n), &Budget::default()).expect("bs");
    assert!(f.depth() > 100 && f.depth() < super::MAX_DEPTH);
    let f = balance(&"<p><span>".repeat(n), &Budget::default()).expect("p span");
    assert_eq!(f.depth(), 3);
    // Without a text node at the bottom, one level less.
    let f = balance(&"<span>".repeat(n), &Budget::default()).expect("spans");
    assert_eq!(f.depth(), super::MAX_DEPTH - 1);
    // Below the cap, nothing changes.
    let f = balance(&"<div>".repeat(400), &Budget::default()).expect("divs");
    assert_eq!(f.depth(), 401);
}

#[test]
fn budget_is_enforced() {
    let small = Budget {
        max_input_bytes: 10,
        max_nodes: 100,
    };
    assert!(matches!(
        balance("<p>0123456789", &small),
        Err(RewriteError::TooLarge { .. })
    ));
    let few = Budget {
        max_input_bytes: 1 << 20,
        max_nodes: 50,
    };
    assert_eq!(
        balance(&"<p>x".repeat(100), &few).err(),
        Some(RewriteError::TooManyNodes { limit: 50 })
    );
}
