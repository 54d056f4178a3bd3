//! JSON: one object per document; schema in docs/json.md.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::text;
use crate::document::{BodyKind, Document};
use crate::html::fragment::{Edge, Fragment, Marker, NodeData, NodeId};
use crate::html::serialize as html;
use crate::mapping::FrontMatterMap;

/// The schema version of the object: raised when a field changes meaning or
/// goes away (adding a field does not raise it).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonDocument<'a> {
    schema_version: u32,
    source: String,
    body_format: BodyKind,
    /// The front matter as given (dates not normalized; unsafe markup and
    /// URLs cleaned: `rewrite::metadata`), or null.
    front_matter: Option<Map<String, Value>>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    author: Option<&'a str>,
    description: Option<&'a str>,
    categories: &'a [String],
    tags: &'a [String],
    slug: Option<&'a str>,
    lang: String,
    lang_detected: bool,
    html: String,
    text: String,
    word_count: usize,
    images: Vec<Image>,
    links: Vec<Link>,
    headings: Vec<Heading>,
    /// The text before the `<!--more-->` marker, when there is one.
    excerpt: Option<String>,
    /// The same, as clean HTML.
    excerpt_html: Option<String>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Image {
    src: String,
    alt: String,
    caption: Option<String>,
}

#[derive(Serialize)]
struct Link {
    href: String,
    text: String,
}

#[derive(Serialize)]
struct Heading {
    level: u8,
    text: String,
}

/// The document as a JSON value. `lang` is the document's language and
/// whether it was detected, when the caller resolved it already (for
/// several formats at once); `None` resolves it here.
pub fn to_value(
    doc: &Document,
    f: &Fragment,
    warnings: &[String],
    lang: Option<&(String, bool)>,
    map: &FrontMatterMap,
) -> Value {
    serde_json::to_value(document(doc, f, warnings, lang, map)).unwrap_or(Value::Null)
}

/// The object's fields, serialized straight into the output by
/// [`write`] (no `Value` tree in between: with `preserve_order` that
/// tree cost as much again as the writing) and by [`to_value`].
fn document<'a>(
    doc: &'a Document,
    f: &Fragment,
    warnings: &'a [String],
    lang: Option<&(String, bool)>,
    map: &FrontMatterMap,
) -> JsonDocument<'a> {
    let text = text::plain_text(f, f.root());
    let (lang, lang_detected) = match lang {
        Some(known) => known.clone(),
        None => text::language(doc, f),
    };
    let mut images = Vec::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    // Each figure's caption text, computed once. A caption repeated for
    // each of a figure's images is bounded in all by the document's text
    // (twice over, plus 64 KiB): a crafted figure of 100,000 images under
    // one long caption would otherwise write it 100,000 times, and nested
    // figures would read their captions again at every level.
    let mut captions: HashMap<NodeId, Option<String>> = HashMap::new();
    let mut caption_budget = text.len().saturating_mul(2).saturating_add(64 << 10);
    for n in f.descendants(f.root()) {
        let NodeData::Element(e) = f.data(n) else {
            continue;
        };
        if e.is("img") {
            let caption = f.ancestors(n).find(|&a| f.is(a, "figure")).and_then(|fig| {
                let caption = captions.entry(fig).or_insert_with(|| {
                    f.children(fig)
                        .find(|&c| f.is(c, "figcaption"))
                        .map(|c| text::caption_text(f, c))
                        .filter(|c| !c.is_empty())
                });
                let left = caption_budget.checked_sub(caption.as_ref()?.len())?;
                caption_budget = left;
                caption.clone()
            });
            images.push(Image {
                src: e.attr("src").unwrap_or_default().to_owned(),
                alt: e.attr("alt").unwrap_or_default().to_owned(),
                caption,
            });
        } else if e.is("a")
            && let Some(href) = e.attr("href")
        {
            links.push(Link {
                href: href.to_owned(),
                text: text::plain_text(f, n),
            });
        } else if let Some(level) =
            heading_level(&e.name).filter(|_| e.namespace == crate::html::fragment::Namespace::Html)
        {
            headings.push(Heading {
                level,
                text: text::heading_text(f, n),
            });
        }
    }
    let excerpt = excerpt(f);
    let m = &doc.meta;
    JsonDocument {
        schema_version: SCHEMA_VERSION,
        source: doc.source.to_string(),
        body_format: doc.body_kind,
        front_matter: front_matter(doc, map),
        title: m.title.as_deref(),
        date: m.date.as_deref(),
        updated: m.updated.as_deref(),
        author: m.author.as_deref(),
        description: m.description.as_deref(),
        categories: &m.categories,
        tags: &m.tags,
        slug: m.slug.as_deref(),
        lang,
        lang_detected,
        html: html::inner(f, f.root()),
        word_count: text::word_count(&text),
        text,
        images,
        links,
        headings,
        excerpt: excerpt.as_ref().map(|(text, _)| text.clone()),
        excerpt_html: excerpt.map(|(_, html)| html),
        warnings,
    }
}

/// The document as pretty JSON, with a final newline.
pub fn write(
    doc: &Document,
    f: &Fragment,
    warnings: &[String],
    lang: Option<&(String, bool)>,
    map: &FrontMatterMap,
) -> String {
    let mut s =
        serde_json::to_string_pretty(&document(doc, f, warnings, lang, map)).unwrap_or_default();
    s.push('\n');
    s
}

/// The document as one line of JSON Lines.
pub fn write_line(
    doc: &Document,
    f: &Fragment,
    warnings: &[String],
    lang: Option<&(String, bool)>,
    map: &FrontMatterMap,
) -> String {
    let mut s = serde_json::to_string(&document(doc, f, warnings, lang, map)).unwrap_or_default();
    s.push('\n');
    s
}

/// The content before the first top-level `<!--more-->` marker, as text
/// and HTML. (The residue rule lifts a marker out of its paragraph, so it
/// stands between blocks.)
fn excerpt(f: &Fragment) -> Option<(String, String)> {
    let marker = f
        .children(f.root())
        .find(|&c| matches!(f.data(c), NodeData::Marker(Marker::More)))?;
    let mut html = String::new();
    let mut before = Fragment::new();
    for child in f.children(f.root()).take_while(|&c| c != marker) {
        html::write_node(f, child, &mut html);
        copy_subtree(f, child, &mut before);
    }
    let text = text::plain_text(&before, before.root());
    Some((text, html.trim().to_owned()))
}

/// Copies the subtree at `id` of `from` under the root of `to`, walking
/// edges (no recursion).
fn copy_subtree(from: &Fragment, id: NodeId, to: &mut Fragment) {
    let mut parents = vec![to.root()];
    for edge in from.edges(id) {
        match edge {
            Edge::Open(n) => {
                let copy = to.create(from.data(n).clone());
                let parent = *parents.last().unwrap_or(&to.root());
                to.append(parent, copy);
                parents.push(copy);
            }
            Edge::Close(_) => {
                parents.pop();
            }
        }
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The front matter as given, with an export item's comments after the
/// other keys (the JSON always has them), mapped as the configuration
/// says (docs/config.md).
fn front_matter(doc: &Document, map: &FrontMatterMap) -> Option<Map<String, Value>> {
    let mut fm = doc.given_front_matter()?.into_owned();
    if let Some(comments) = doc.comments_value() {
        fm.insert(crate::document::COMMENTS_KEY.into(), comments);
    }
    map.map_keys(&mut fm);
    Some(fm)
}
