//! Attributes: only what carries meaning survives.
//!
//! Kept on HTML elements: `href`, `src`, `alt`, `title`, `lang`, `dir`,
//! `colspan`, `rowspan`, `start`, `reversed`, `cite`, `datetime`,
//! `class="language-*"` on `code` (the lol_html pass already reduced it),
//! and `id` when a link in the document targets it. Everything else
//! (presentation, tracking, editor state) goes. SVG and MathML attributes
//! are the sanitizer's business.

use std::collections::HashSet;

use crate::rewrite::fragment::{Fragment, Namespace, NodeData, NodeId};

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
        .map(str::to_owned)
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
        e.attrs.retain(|(name, value)| {
            // An empty value says nothing, except an empty alt (a
            // decorative image) and an empty href or src (this page).
            (!value.trim().is_empty() || matches!(name.as_str(), "alt" | "href" | "src"))
                && KEPT.contains(&name.as_str())
                || (name == "id" && targets.contains(value))
                || (name == "class"
                    && is_code
                    && value
                        .split_ascii_whitespace()
                        .all(|c| c.starts_with("language-")))
        });
    }
}
