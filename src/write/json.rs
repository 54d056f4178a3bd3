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
    emit(&document(doc, f, warnings, lang, map), true)
}

/// The document as one line of JSON Lines.
pub fn write_line(
    doc: &Document,
    f: &Fragment,
    warnings: &[String],
    lang: Option<&(String, bool)>,
    map: &FrontMatterMap,
) -> String {
    emit(&document(doc, f, warnings, lang, map), false)
}

/// The object as `serde_json::to_string_pretty` (`pretty`) or
/// `serde_json::to_string` writes it, byte for byte, and a newline.
/// Written here because serde_json escapes a string a byte at a time,
/// a fifth of the JSON writer's time (the body's HTML and text are most
/// of a document's bytes); [`Emitter::string`] copies the runs between
/// the bytes that change eight at a time. tests/it/json_emitter.rs
/// compares the two.
fn emit(d: &JsonDocument<'_>, pretty: bool) -> String {
    let mut e = Emitter {
        out: String::with_capacity(2 * (d.html.len() + d.text.len()) + 1024),
        pretty,
        depth: 0,
        has_value: false,
    };
    e.begin('{');
    e.field("schema_version");
    e.number(d.schema_version);
    e.field("source");
    e.string(&d.source);
    e.field("body_format");
    e.string(match d.body_format {
        BodyKind::Html => "html",
        BodyKind::Markdown => "markdown",
    });
    e.field("front_matter");
    match &d.front_matter {
        Some(map) => e.object(map),
        None => e.null(),
    }
    for (key, value) in [
        ("title", d.title),
        ("date", d.date),
        ("updated", d.updated),
        ("author", d.author),
        ("description", d.description),
    ] {
        e.field(key);
        e.optional(value);
    }
    e.field("categories");
    e.strings(d.categories);
    e.field("tags");
    e.strings(d.tags);
    e.field("slug");
    e.optional(d.slug);
    e.field("lang");
    e.string(&d.lang);
    e.field("lang_detected");
    e.out
        .push_str(if d.lang_detected { "true" } else { "false" });
    e.field("html");
    e.string(&d.html);
    e.field("text");
    e.string(&d.text);
    e.field("word_count");
    e.number(d.word_count);
    e.field("images");
    e.begin('[');
    for image in &d.images {
        e.item();
        e.begin('{');
        e.field("src");
        e.string(&image.src);
        e.field("alt");
        e.string(&image.alt);
        e.field("caption");
        e.optional(image.caption.as_deref());
        e.end('}');
    }
    e.end(']');
    e.field("links");
    e.begin('[');
    for link in &d.links {
        e.item();
        e.begin('{');
        e.field("href");
        e.string(&link.href);
        e.field("text");
        e.string(&link.text);
        e.end('}');
    }
    e.end(']');
    e.field("headings");
    e.begin('[');
    for heading in &d.headings {
        e.item();
        e.begin('{');
        e.field("level");
        e.number(heading.level);
        e.field("text");
        e.string(&heading.text);
        e.end('}');
    }
    e.end(']');
    e.field("excerpt");
    e.optional(d.excerpt.as_deref());
    e.field("excerpt_html");
    e.optional(d.excerpt_html.as_deref());
    e.field("warnings");
    e.strings(d.warnings);
    e.end('}');
    e.out.push('\n');
    e.out
}

/// serde_json's `PrettyFormatter` (two spaces a level) or
/// `CompactFormatter`, writing into one string.
struct Emitter {
    out: String,
    pretty: bool,
    depth: usize,
    /// Whether the object or array being written has a member yet (as
    /// serde_json keeps it: one flag, set again when a member ends).
    has_value: bool,
}

impl Emitter {
    fn begin(&mut self, bracket: char) {
        self.depth += 1;
        self.has_value = false;
        self.out.push(bracket);
    }

    fn end(&mut self, bracket: char) {
        self.depth -= 1;
        if self.pretty && self.has_value {
            self.newline();
        }
        self.out.push(bracket);
        // The member this container was is written.
        self.has_value = true;
    }

    /// Before a member of an object or an array: the separator.
    fn item(&mut self) {
        if self.has_value {
            self.out.push(',');
        }
        if self.pretty {
            self.newline();
        }
        self.has_value = true;
    }

    /// A key from the input (a front matter's), escaped.
    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// One of the schema's keys, which nothing needs to escape.
    fn field(&mut self, name: &'static str) {
        debug_assert!(!name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
        self.item();
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    fn newline(&mut self) {
        const SPACES: &str = "                                ";
        self.out.push('\n');
        let mut left = 2 * self.depth;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    fn null(&mut self) {
        self.out.push_str("null");
    }

    fn number(&mut self, n: impl std::fmt::Display) {
        use std::fmt::Write;
        let _ = write!(self.out, "{n}");
    }

    fn optional(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    fn strings(&mut self, items: &[String]) {
        self.begin('[');
        for s in items {
            self.item();
            self.string(s);
        }
        self.end(']');
    }

    fn object(&mut self, map: &Map<String, Value>) {
        self.begin('{');
        for (key, value) in map {
            self.key(key);
            self.value(value);
        }
        self.end('}');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            // serde_json's own digits (integers, and floats through ryu).
            Value::Number(n) => self.out.push_str(&n.to_string()),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.begin('[');
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.end(']');
            }
            Value::Object(map) => self.object(map),
        }
    }

    /// A JSON string as serde_json escapes it: `"` and `\\` with a
    /// backslash, the controls below U+0020 as `\b` `\t` `\n` `\f` `\r`
    /// or `\u00xx`, everything else as it is. Eight bytes are tested at
    /// once for one that changes (SWAR), and the first of them found from
    /// the mask.
    fn string(&mut self, s: &str) {
        let out = &mut self.out;
        out.push('"');
        let bytes = s.as_bytes();
        let mut kept = 0; // where the text not yet copied starts
        let mut at = 0;
        while at < bytes.len() {
            if let Some(chunk) = bytes.get(at..at + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let mask = escapes(u64::from_le_bytes(word));
                if mask == 0 {
                    at += 8;
                    continue;
                }
                // The lowest byte flagged changes; bytes above it may be
                // flagged falsely, and are tested again from there.
                at += (mask.trailing_zeros() / 8) as usize;
            }
            let b = bytes[at];
            let escaped: &str = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                0x0c => "\\f",
                b'\r' => "\\r",
                0x00..=0x1f => "",
                _ => {
                    at += 1;
                    continue;
                }
            };
            out.push_str(&s[kept..at]);
            if escaped.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                out.push_str(escaped);
            }
            at += 1;
            kept = at;
        }
        out.push_str(&s[kept..]);
        out.push('"');
    }
}

/// The high bit of each byte of `w` (eight bytes of a string, the first
/// lowest) that is below 0x20, `"` or `\\`, and possibly of bytes above
/// the first such: a subtraction that borrows sets the bits above it.
/// The lowest bit set is always a byte that changes; 0 when none does.
fn escapes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n at most 0x80): subtracting n borrows into its
    // high bit while its own high bit is clear.
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
    below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5c), 1)
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
