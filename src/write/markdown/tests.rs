//! Unit tests of the writer on hand-built Fragments (the round trips
//! through comrak live in tests/it/roundtrip.rs).

use super::*;
use crate::document::{Document, Source};
use crate::html::fragment::Element;

fn el(f: &mut Fragment, parent: NodeId, name: &str) -> NodeId {
    let id = f.create(NodeData::Element(Element::html(name)));
    f.append(parent, id);
    id
}

/// A new element at the top level.
fn top(f: &mut Fragment, name: &str) -> NodeId {
    let root = f.root();
    el(f, root, name)
}

fn md(f: &Fragment) -> String {
    write_fragment(f, &MarkdownOptions::default())
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    const DEPTH: usize = 100_000;
    for name in ["blockquote", "div", "span", "em", "ul"] {
        let mut f = Fragment::new();
        let mut at = f.root();
        for _ in 0..DEPTH {
            at = el(&mut f, at, name);
            if name == "ul" {
                at = el(&mut f, at, "li");
            }
        }
        f.append_text(at, "deep");
        let out = md(&f);
        assert!(out.contains("deep"), "{name}");
    }
}

#[test]
fn no_metadata_no_front_matter() {
    let mut f = Fragment::new();
    let p = top(&mut f, "p");
    f.append_text(p, "hi");
    let doc = Document::from_html(Source::Text, "<p>hi</p>");
    assert_eq!(write(&doc, &f, &MarkdownOptions::default()), "hi\n");
}

/// The guard of a file without front matter (`Writer::guard_line`): no
/// line at the margin starts like a fence, and the first line not like an
/// opening one; a list item's lines are not at the margin. With front
/// matter, or through `write_fragment`, the same content is written as
/// before.
#[test]
fn without_front_matter_no_line_reads_as_a_fence() {
    let mut f = Fragment::new();
    for text in ["{\"title\": 1}", "---x", "a\n;;;"] {
        let p = top(&mut f, "p");
        f.append_text(p, text);
    }
    top(&mut f, "hr");
    let pre = top(&mut f, "pre");
    let code = el(&mut f, pre, "code");
    f.append_text(code, "a\n---\n");
    let ul = top(&mut f, "ul");
    let li = el(&mut f, ul, "li");
    el(&mut f, li, "hr");
    let doc = Document::from_html(Source::Text, "");
    let opts = MarkdownOptions::default();
    assert_eq!(
        write(&doc, &f, &opts),
        "\\{\"title\": 1}\n\n\\---x\n\na\n\\;;;\n\n***\n\n<pre><code>a\n&#45;--\n</code></pre>\n\n- ***\n"
    );
    assert_eq!(
        write_fragment(&f, &opts),
        "{\"title\": 1}\n\n---x\n\na\n;;;\n\n---\n\n```\na\n---\n```\n\n- ***\n"
    );
}

#[test]
fn front_matter_keeps_order_and_reads_back() {
    let mut f = Fragment::new();
    let p = top(&mut f, "p");
    f.append_text(p, "body");
    let mut doc = Document::from_html(Source::Text, "");
    let fm = crate::yaml::parse_front_matter(
        "title: 'a: b # c'\ndate: Sat, 08 Jan 2022 02:36:26 GMT\nauthor: '@me'\ncategories: [新闻, x]\n",
    )
    .unwrap_or_default();
    doc.front_matter = Some(fm.clone());
    doc.normalized = vec![("date".into(), "2022-01-08T02:36:26Z".into())];
    let out = write(&doc, &f, &MarkdownOptions::default());
    let rest = out.strip_prefix("---\n").unwrap_or_default();
    let (yaml, body) = rest.split_once("---\n").unwrap_or_default();
    assert_eq!(body, "\nbody\n");
    let back = crate::yaml::parse_front_matter(yaml).unwrap_or_default();
    let keys: Vec<&String> = back.keys().collect();
    assert_eq!(keys, ["title", "date", "author", "categories"]);
    assert_eq!(back["title"], fm["title"]);
    assert_eq!(back["date"], "2022-01-08T02:36:26Z");
}

#[test]
fn more_marker_on_its_own_line() {
    let mut f = Fragment::new();
    let p = top(&mut f, "p");
    f.append_text(p, "intro");
    let m = f.create(NodeData::Marker(Marker::More));
    f.append(p, m);
    f.append_text(p, "rest");
    let n = f.create(NodeData::Marker(Marker::NextPage));
    let root = f.root();
    f.append(root, n);
    assert_eq!(md(&f), "intro\n\n<!--more-->\n\nrest\n\n<!--nextpage-->\n");
}

#[test]
fn empty_fragment_is_empty() {
    assert_eq!(md(&Fragment::new()), "");
}

#[test]
fn heading_closing_hashes_are_escaped() {
    let mut f = Fragment::new();
    let h = top(&mut f, "h2");
    f.append_text(h, "C #");
    let h = top(&mut f, "h3");
    f.append_text(h, "C#");
    assert_eq!(md(&f), "## C \\#\n\n### C#\n");
}
