//! Attributes: only what carries meaning survives.
//!
//! Kept on HTML elements: `href`, `src`, `alt`, `title`, `lang`, `dir`,
//! `colspan`, `rowspan`, `start`, `reversed`, `cite`, `datetime`, `open` on
//! `details`,
//! `class="language-*"` on `code` (the lol_html pass already reduced it),
//! and `id` when a link in the document targets it (as written or
//! percent-encoded: `#caf%C3%A9` targets `café`; an old `<a name>` anchor
//! that a link targets becomes an `id`). Everything else
//! (presentation, tracking, editor state) goes. SVG and MathML attributes
//! are the sanitizer's business. An `<a>` left with no attribute is
//! unwrapped: its content stays.

use std::collections::HashSet;

use crate::html::fragment::{Fragment, Namespace, NodeData, NodeId};
use crate::html::url::percent_decode;

use super::Context;

const KEPT: &[&str] = &[
    "href", "src", "alt", "title", "lang", "dir", "colspan", "rowspan", "start", "reversed",
    "cite", "datetime",
];

/// The attributes pass.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    let targets: HashSet<String> = f
        .descendants(f.root())
        .filter_map(|n| f.element(n))
        .filter_map(|e| e.attr("href"))
        .filter_map(|h| h.strip_prefix('#'))
        .flat_map(|t| [t.to_owned(), percent_decode(t).into_owned()])
        .collect();
    let nodes: Vec<NodeId> = f.descendants(f.root()).collect();
    for id in nodes {
        let NodeData::Element(e) = f.data_mut(id) else {
            continue;
        };
        if e.namespace != Namespace::Html {
            continue;
        }
        let is_code = e.name == "code";
        let is_details = e.name == "details";
        if e.name == "a"
            && e.attr("id").is_none()
            && let Some(name) = e.attr("name").filter(|n| targets.contains(*n))
        {
            let name = name.to_owned();
            e.attrs.push(("id".into(), name));
        }
        e.attrs.retain(|(name, value)| {
            // An empty value says nothing, except an empty alt (a
            // decorative image), an empty href or src (this page), and a
            // boolean attribute, whose presence is its value (HTML
            // §2.3.2: `<ol reversed>` and `reversed=""` are the same).
            (!value.trim().is_empty()
                || matches!(name.as_str(), "alt" | "href" | "src" | "reversed"))
                && KEPT.contains(&name.as_str())
                || (name == "open" && is_details)
                || (name == "id" && targets.contains(value))
                || (name == "class"
                    && is_code
                    && value
                        .split_ascii_whitespace()
                        .all(|c| c.starts_with("language-")))
        });
        // One spelling for a boolean attribute, whichever the source used.
        for (name, value) in &mut e.attrs {
            if name == "reversed" || name == "open" {
                value.clone_from(name);
            }
        }
        // A link with no attribute left links nowhere and anchors nothing
        // (a button block without a link writes `<a class=...>Text</a>`):
        // its content is all it carries.
        if e.name == "a" && e.attrs.is_empty() {
            f.unwrap(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Options, convert};

    fn xhtml(html: &str) -> String {
        let out = convert(html, &[Format::Xhtml], &Options::default()).unwrap();
        out.get(Format::Xhtml).unwrap().to_owned()
    }

    #[test]
    fn ids_stay_when_a_link_targets_them_as_written_or_encoded() {
        let x = xhtml(
            "<p><a href=\"#caf%C3%A9\">to</a> <a href=\"#plain\">p</a></p>\
             <h2 id=\"café\">A</h2><h2 id=\"plain\">B</h2><h2 id=\"lonely\">C</h2>",
        );
        assert!(x.contains("<h2 id=\"café\">A</h2>"), "{x}");
        assert!(x.contains("<h2 id=\"plain\">B</h2>"), "{x}");
        assert!(x.contains("<h2>C</h2>"), "{x}");
    }

    #[test]
    fn boolean_attributes_stay_however_written() {
        for ol in [
            "<ol reversed>",
            "<ol reversed=\"\">",
            "<ol reversed=\"reversed\">",
        ] {
            let x = xhtml(&format!("{ol}<li>b</li><li>a</li></ol>"));
            assert!(x.contains("<ol reversed=\"reversed\">"), "{ol}: {x}");
        }
        let x = xhtml("<details open><summary>S</summary><p>body</p></details>");
        assert!(x.contains("<details open=\"open\">"), "{x}");
        // Markdown has no reversed list: the writer keeps it as HTML.
        let out = convert(
            "<ol reversed><li>b</li></ol>",
            &[Format::Markdown],
            &Options::default(),
        );
        let md = out.unwrap().get(Format::Markdown).unwrap().to_owned();
        assert!(md.contains("<ol reversed=\"reversed\">"), "{md}");
        let x = xhtml("<div open><p>not a details</p></div>");
        assert!(!x.contains("open="), "{x}");
    }

    #[test]
    fn a_targeted_name_anchor_becomes_an_id() {
        let x = xhtml(
            "<p><a name=\"top\"></a>Top <a name=\"unused\">u</a></p><p><a href=\"#top\">back</a></p>",
        );
        assert!(x.contains("<a id=\"top\"></a>Top"), "{x}");
        // An `<a name>` nothing links to is left with no attribute: it goes,
        // its text stays.
        assert!(x.contains("Top u</p>"), "{x}");
        assert!(!x.contains("name="), "{x}");
    }
}
