//! Residue: what WordPress leaves in a body that is not content.
//!
//! - `<!--more-->` (with or without custom text: WordPress matches
//!   `<!--more(.*?)?-->`) and `<span id="more-N"></span>` (what
//!   `the_content()` leaves in feeds and mirrors) become one
//!   [`Marker::More`]; `<!--nextpage-->` becomes [`Marker::NextPage`].
//! - Every other comment goes.
//! - Paragraphs with nothing but white space, `&nbsp;` and `<br>` go (the
//!   classic editor leaves `<p>&nbsp;</p>` as spacing).

use crate::rewrite::fragment::{Fragment, Marker, NodeData, NodeId};

use super::Context;

/// The residue pass.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    let nodes: Vec<NodeId> = f.descendants(f.root()).collect();
    for id in nodes {
        let marker = match f.data(id) {
            NodeData::Comment(text) => marker_of_comment(text),
            NodeData::Element(e) if e.is("span") && e.attr("id").is_some_and(is_more_id) => {
                if f.text_content(id).trim().is_empty() {
                    Some(Marker::More)
                } else {
                    None
                }
            }
            _ => continue,
        };
        match marker {
            Some(m) => {
                let node = f.create(NodeData::Marker(m));
                f.insert_before(id, node);
                f.detach(id);
                lift_out_of_paragraph(f, node);
            }
            None => {
                if matches!(f.data(id), NodeData::Comment(_)) {
                    f.detach(id);
                }
            }
        }
    }
    drop_empty_paragraphs(f);
}

/// Removes every comment left, whatever rules are on: writers never see one.
pub fn drop_comments(f: &mut Fragment) {
    let comments: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| matches!(f.data(n), NodeData::Comment(_)))
        .collect();
    for c in comments {
        f.detach(c);
    }
}

fn marker_of_comment(text: &str) -> Option<Marker> {
    let t = text.trim();
    let word_end = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    if let Some(rest) = t.strip_prefix("more") {
        return word_end(rest).then_some(Marker::More);
    }
    if let Some(rest) = t.strip_prefix("nextpage") {
        return word_end(rest).then_some(Marker::NextPage);
    }
    None
}

fn is_more_id(id: &str) -> bool {
    id.strip_prefix("more-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A marker that opens or closes a paragraph is moved out of it, so that it
/// stands between blocks; a paragraph left empty goes.
fn lift_out_of_paragraph(f: &mut Fragment, marker: NodeId) {
    let Some(p) = f.parent(marker).filter(|&p| f.is(p, "p")) else {
        return;
    };
    let blank = |f: &Fragment, n: Option<NodeId>| {
        n.is_none_or(|n| f.text(n).is_some_and(|t| t.trim().is_empty()))
    };
    let at_start = f
        .children(p)
        .take_while(|&c| c != marker)
        .all(|c| blank(f, Some(c)));
    let at_end = {
        let mut after = f.next_sibling(marker);
        let mut all_blank = true;
        while let Some(n) = after {
            if !blank(f, Some(n)) {
                all_blank = false;
                break;
            }
            after = f.next_sibling(n);
        }
        all_blank
    };
    if at_start {
        f.detach(marker);
        f.insert_before(p, marker);
    } else if at_end {
        f.detach(marker);
        f.insert_after(p, marker);
    }
    if is_empty_paragraph(f, p) {
        f.detach(p);
    }
}

fn is_empty_paragraph(f: &Fragment, p: NodeId) -> bool {
    f.descendants(p).skip(1).all(|n| match f.data(n) {
        NodeData::Text(t) => t.chars().all(|c| c.is_whitespace() || c == '\u{a0}'),
        NodeData::Element(e) => e.is("br"),
        NodeData::Comment(_) => true,
        _ => false,
    })
}

fn drop_empty_paragraphs(f: &mut Fragment) {
    let empty: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "p") && is_empty_paragraph(f, n))
        .collect();
    for p in empty {
        f.detach(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_words() {
        assert_eq!(marker_of_comment("more"), Some(Marker::More));
        assert_eq!(
            marker_of_comment("more [CONTINUAR LENDO]"),
            Some(Marker::More)
        );
        assert_eq!(marker_of_comment(" nextpage "), Some(Marker::NextPage));
        assert_eq!(marker_of_comment("moreover"), None);
        assert_eq!(marker_of_comment("wp:more"), None);
        assert!(is_more_id("more-744667"));
        assert!(!is_more_id("more-"));
    }
}
