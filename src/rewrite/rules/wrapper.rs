//! Wrappers: a `<div>` that says nothing is unwrapped.
//!
//! - A `<div>` that wraps the whole body (mirrored posts often arrive as
//!   `<div> ... </div>`) goes, whatever its attributes, again while there
//!   is one.
//! - A `<div>` left with no attribute at all (this pass runs after
//!   `attributes`, which keeps `lang`, `dir` and a targeted `id`) carries
//!   nothing either: themes and old editors wrap images, code and text in
//!   `<div style=...>`, which Markdown can only repeat as HTML. Its children
//!   stay. Text and inline elements directly inside it become a paragraph
//!   when they would otherwise run into their neighbours (the div has
//!   siblings, or block children beside them), and stay as they are when
//!   the div was alone in a list item, a cell or a figure. Where no
//!   paragraph may stand (a heading, a list item) and text sits beside the
//!   div, the div stays: it is all that keeps the two apart.

use crate::html::fragment::{Element, Fragment, NodeData, NodeId};

use super::Context;
use crate::html::elements::{is_block, is_section};

/// The wrapper pass.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    while let Some(div) = only_child_div(f) {
        f.unwrap(div);
    }
    // Innermost first: an outer div then sees its inner one's paragraphs.
    let bare: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| {
            f.element(n)
                .is_some_and(|e| e.is("div") && e.attrs.is_empty())
        })
        .collect();
    for div in bare.into_iter().rev() {
        if in_flow(f, div) {
            if needs_paragraphs(f, div) {
                wrap_inline_runs(f, div);
            }
        } else if f.parent(div).is_some_and(|p| {
            f.children(p)
                .any(|c| c != div && !is_blank(f, c) && is_inline(f, c))
        }) {
            // `<h2>a<div>b</div></h2>`, `<li>text<div>more</div></li>`: the
            // div is all that keeps its text apart, and no paragraph may
            // stand there.
            continue;
        }
        f.unwrap(div);
    }
}

fn only_child_div(f: &Fragment) -> Option<NodeId> {
    let mut found = None;
    for child in f.children(f.root()) {
        if let Some(t) = f.text(child) {
            if t.trim().is_empty() {
                continue;
            }
            return None;
        }
        if found.is_some() || !f.is(child, "div") {
            return None;
        }
        found = Some(child);
    }
    found
}

fn is_blank(f: &Fragment, n: NodeId) -> bool {
    match f.data(n) {
        NodeData::Text(t) => t.trim().is_empty(),
        NodeData::Comment(_) => true,
        _ => false,
    }
}

fn is_inline(f: &Fragment, n: NodeId) -> bool {
    match f.data(n) {
        NodeData::Text(_) | NodeData::Comment(_) => true,
        NodeData::Element(e) => !is_block(&e.name) && !e.is("table") && !e.is("hr"),
        _ => false,
    }
}

/// True when the div's parent holds flow content (the body, a section, a
/// quote), where paragraphs may stand.
fn in_flow(f: &Fragment, div: NodeId) -> bool {
    f.parent(div).is_some_and(|p| {
        p == f.root()
            || f.element(p)
                .is_some_and(|e| is_section(&e.name) || e.is("details"))
    })
}

/// True when the inline content of a div in flow must become paragraphs
/// to stay apart from what is around it: the div has a sibling or a block
/// child.
fn needs_paragraphs(f: &Fragment, div: NodeId) -> bool {
    let has_sibling = f
        .parent(div)
        .is_some_and(|p| f.children(p).any(|c| c != div && !is_blank(f, c)));
    let has_block = f.children(div).any(|c| !is_inline(f, c));
    has_sibling || has_block
}

/// Each run of inline children that holds more than white space goes into
/// a `<p>`.
fn wrap_inline_runs(f: &mut Fragment, div: NodeId) {
    let children: Vec<NodeId> = f.children(div).collect();
    let mut run: Vec<NodeId> = Vec::new();
    let flush = |f: &mut Fragment, run: &mut Vec<NodeId>| {
        if run.iter().any(|&n| !is_blank(f, n)) {
            let p = f.create(NodeData::Element(Element::html("p")));
            f.insert_before(run[0], p);
            for n in run.drain(..) {
                f.detach(n);
                f.append(p, n);
            }
        }
        run.clear();
    };
    for c in children {
        if is_inline(f, c) {
            run.push(c);
        } else {
            flush(f, &mut run);
        }
    }
    flush(f, &mut run);
}

#[cfg(test)]
mod tests {
    use super::super::rewritten_html as body;

    #[test]
    fn a_div_around_the_whole_body_goes() {
        assert_eq!(
            body("<div class=\"post\"> <p>a</p> <p>b</p> </div>"),
            "<p>a</p> <p>b</p>"
        );
    }

    /// zh-appleboy-install-php-5-6-or-5-5-on-debian.md of
    /// wp-exported-jekyll-posts: a centring div around a linked image (which
    /// `lone-images` already made a figure), and bare divs around
    /// highlighter blocks.
    #[test]
    fn divs_left_without_attributes_go() {
        assert_eq!(
            body(
                "<p>a</p><div style=\"margin:0 auto; text-align:center\"><a href=\"https://e.x/\"><img src=\"https://e.x/a.png\" alt=\"A\"></a></div><div>\n  <pre class=\"brush: bash\">ls</pre>\n</div><p>b</p>"
            ),
            "<p>a</p><figure><a href=\"https://e.x/\"><img src=\"https://e.x/a.png\" alt=\"A\"></a></figure>\n  <pre><code class=\"language-bash\">ls</code></pre>\n<p>b</p>"
        );
        // Text beside blocks becomes its own paragraph.
        assert_eq!(
            body("<p>x</p><div>one <em>two</em><p>three</p>four</div>"),
            "<p>x</p><p>one <em>two</em></p><p>three</p><p>four</p>"
        );
        // Alone in a list item, the text stays as it is; beside text, the
        // div keeps them apart.
        assert_eq!(
            body("<ul><li><div>item</div></li><li>a<div>b</div></li></ul>"),
            "<ul><li>item</li><li>a<div>b</div></li></ul>"
        );
        // A language, a direction or a targeted id is worth a div.
        assert_eq!(
            body(
                "<p><a href=\"#n\">n</a></p><div lang=\"fr\"><p>oui</p></div><div id=\"n\"><p>x</p></div>"
            ),
            "<p><a href=\"#n\">n</a></p><div lang=\"fr\"><p>oui</p></div><div id=\"n\"><p>x</p></div>"
        );
    }
}
