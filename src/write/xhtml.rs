//! XHTML: a full EPUB 3 content document (profile in docs/xhtml.md).
//!
//! XML declaration, `<!DOCTYPE html>`, the XHTML and EPUB namespaces,
//! identical `lang` and `xml:lang`, `dir="rtl"` for right-to-left languages,
//! a non-empty `<title>`, and the content in a `<section epub:type="chapter">`
//! under the title as `<h1>` (EPUB 3.3 §6.1 "XHTML content documents").
//!
//! The Fragment is shared with the other formats, so what only XHTML needs
//! happens here, while writing, in one walk over [`Fragment::edges`] (no
//! recursion, no copy of the tree). The element and attribute policy lives
//! in `profile.rs`: obsolete elements are renamed or unwrapped,
//! attributes outside the allowlist go, ids become unique XML names and
//! the links to them follow, list items and figure captions are put where
//! their content model allows them.
//!
//! A book ([`super::epub`]) writes its chapters with the same walk and a
//! [`Resolver`] that decides what each image, media element and link
//! becomes inside the package.

mod comments;
mod profile;

use std::collections::{HashMap, HashSet};

pub use comments::{Comment, collect as collect_comments};

use super::text;
use crate::document::{Document, Source};
use crate::html::fragment::{Edge, Element, Fragment, Namespace, NodeData, NodeId};
use crate::html::serialize::{self as html, Flavor};
use profile::Action;

/// What a reference in a chapter becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Written with this URL (the same one, cleaned, or a package path).
    Url(String),
    /// An image or media element that cannot be shown: a link to this URL
    /// takes its place. For a link (`a href`), the URL is kept.
    Link(String),
    /// Nothing to point to: an image becomes its label as text, a link
    /// keeps its text and loses its `href`.
    Text,
}

/// The kind of reference a [`Resolver`] is asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `img src`.
    Image,
    /// `audio`/`video` `src`, `source src`, `video poster`, `track src`.
    Media,
    /// `a href`, and `cite` on quotes and edits.
    Link,
}

/// Decides what a URL in the document becomes (see [`Target`]).
pub type Resolver<'a> = &'a dyn Fn(Kind, &str) -> Target;

/// How the XHTML writer writes a document: the options of `--to xhtml`,
/// and of a book's chapters.
#[derive(Clone, Debug, Default)]
pub struct XhtmlOptions {
    /// Write an export item's approved comments after the content
    /// (`--comments`); left out by default.
    pub comments: bool,
    /// A stylesheet linked from the head (a book's `style.css`).
    pub stylesheet: Option<String>,
}

/// What the caller of the writer decides for one call, beside the
/// options: not settings a user chooses, but answers the caller already
/// has.
#[derive(Clone, Copy, Default)]
pub struct Hooks<'a> {
    /// What images, media and links become; `None` keeps every URL (the
    /// per-document form, where remote images stay as they are). A book
    /// packages images through it.
    pub resolver: Option<Resolver<'a>>,
    /// The document's language when the caller resolved it already (for
    /// several formats at once); `None` resolves it here.
    pub lang: Option<&'a str>,
}

/// What writing a document found, for the book's manifest and report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub xhtml: String,
    pub title: String,
    pub lang: String,
    /// Has inline SVG (manifest property `svg`, EPUB 3.3 §5.6.3).
    pub svg: bool,
    /// Has MathML (manifest property `mathml`).
    pub mathml: bool,
    /// Images and media that became links or text.
    pub unavailable: usize,
    /// Images written as `<img>` with an empty `alt` (in a book: packaged
    /// images without alternative text, which decide the package's
    /// `alternativeText` feature).
    pub empty_alt: usize,
}

/// Writes the per-document content document (`--to xhtml`), without
/// comments.
pub fn write(doc: &Document, f: &Fragment, opts: &XhtmlOptions) -> String {
    write_with(doc, f, opts, &Hooks::default()).xhtml
}

/// Writes the content document with the caller's hooks.
pub fn write_with(doc: &Document, f: &Fragment, opts: &XhtmlOptions, hooks: &Hooks<'_>) -> Written {
    write_with_comments(doc, f, opts, hooks, &[])
}

/// Writes the content document, then the item's approved comments in a
/// `<section class="comments">` of the chapter (see [`Comment`] and docs/xhtml.md).
pub fn write_with_comments(
    doc: &Document,
    f: &Fragment,
    opts: &XhtmlOptions,
    hooks: &Hooks<'_>,
    comments: &[Comment],
) -> Written {
    let lang = match hooks.lang {
        Some(known) => known.to_owned(),
        None => text::language(doc, f).0,
    };
    let title = title_of(doc, f);
    let mut out = String::with_capacity(doc.body.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    out.push_str(" lang=\"");
    html::escape(&lang, true, Flavor::Xhtml, &mut out);
    out.push_str("\" xml:lang=\"");
    html::escape(&lang, true, Flavor::Xhtml, &mut out);
    out.push('"');
    if crate::lang::is_rtl(&lang) {
        out.push_str(" dir=\"rtl\"");
    }
    out.push_str(">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    html::escape(&title, false, Flavor::Xhtml, &mut out);
    out.push_str("</title>\n");
    if let Some(css) = &opts.stylesheet {
        out.push_str("<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        html::escape(css, true, Flavor::Xhtml, &mut out);
        out.push_str("\"/>\n");
    }
    // DPUB-ARIA's role beside the epub:type it matches (EPUB Accessibility
    // Techniques 1.1 §3.1: assistive technologies read roles, not
    // epub:type).
    out.push_str("</head>\n<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\">\n<h1>");
    html::escape(&title, false, Flavor::Xhtml, &mut out);
    out.push_str("</h1>\n");
    let mut taken = HashSet::new();
    let mut writer = Writer::new(f, hooks, &mut taken);
    writer.outline(2);
    writer.write_blocks(&mut out);
    let mut found = Found {
        svg: writer.svg,
        mathml: writer.mathml,
        unavailable: writer.unavailable,
        empty_alt: writer.empty_alt,
    };
    if !comments.is_empty() {
        comments::write(comments, hooks, &mut taken, &mut found, &mut out);
    }
    out.push_str("</section>\n</body>\n</html>\n");
    Written {
        xhtml: out,
        title,
        lang,
        svg: found.svg,
        mathml: found.mathml,
        unavailable: found.unavailable,
        empty_alt: found.empty_alt,
    }
}

/// What the walks over the content and the comments found.
struct Found {
    svg: bool,
    mathml: bool,
    unavailable: usize,
    empty_alt: usize,
}

/// Serializes the subtree at `id` as XML under the XHTML profile, with the
/// per-document hooks (used by `html::write_node` for its XML flavour).
pub fn write_node(f: &Fragment, id: NodeId, out: &mut String) {
    Writer::new(f, &Hooks::default(), &mut HashSet::new()).write(id, out);
}

/// The title: the metadata's, else the first heading's text, else the file
/// name, else "Untitled" (documents without metadata, such as the
/// Gutenberg block fixtures, get one of the fallbacks). White space runs
/// become one space: a title is one line.
pub fn title_of(doc: &Document, f: &Fragment) -> String {
    title_candidate(doc, f)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_candidate(doc: &Document, f: &Fragment) -> String {
    if let Some(t) = doc
        .meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return t.to_owned();
    }
    let heading = f
        .descendants(f.root())
        .find(|&n| {
            matches!(
                f.element(n).map(|e| e.name.as_str()),
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            )
        })
        .map(|h| text::plain_text(f, h))
        .filter(|t| !t.is_empty());
    if let Some(h) = heading {
        return h;
    }
    if let Source::File(p) = &doc.source
        && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
        && !stem.trim().is_empty()
    {
        return stem.to_owned();
    }
    "Untitled".to_owned()
}

/// One walk's state: what the profile decided before the walk (ids, which
/// subtrees hold block content) and what the walk found.
struct Writer<'a> {
    f: &'a Fragment,
    hooks: &'a Hooks<'a>,
    shape: profile::Shape,
    /// The id each element writes (unique XML names).
    ids: HashMap<NodeId, String>,
    /// Original id -> written id of its first bearer, for `href="#..."`.
    targets: HashMap<String, String>,
    /// Headings written at another level than their own (see
    /// [`Writer::outline`]).
    levels: HashMap<NodeId, &'static str>,
    svg: bool,
    mathml: bool,
    unavailable: usize,
    empty_alt: usize,
}

const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/// The level of a heading element's name (`h3` -> 3).
fn heading_level(name: &str) -> Option<usize> {
    HEADINGS.iter().position(|h| *h == name).map(|i| i + 1)
}

impl<'a> Writer<'a> {
    /// `taken` holds the ids already written in the document (the
    /// content's, when the comments are written after it).
    fn new(f: &'a Fragment, hooks: &'a Hooks<'a>, taken: &mut HashSet<String>) -> Writer<'a> {
        let mut ids = HashMap::new();
        let mut targets = HashMap::new();
        for edge in f.edges(f.root()) {
            match edge {
                Edge::Open(n) => {
                    let Some(e) = f.element(n) else { continue };
                    if e.namespace != Namespace::Html {
                        continue;
                    }
                    let given = e
                        .attr("id")
                        .or_else(|| e.attr("name").filter(|_| e.is("a")))
                        .map(str::trim)
                        .filter(|v| !v.is_empty());
                    if let Some(given) = given {
                        let id = profile::unique_id(given, taken);
                        targets
                            .entry(given.to_owned())
                            .or_insert_with(|| id.clone());
                        ids.insert(n, id);
                    }
                }
                Edge::Close(_) => {}
            }
        }
        Writer {
            f,
            hooks,
            shape: profile::Shape::new(f),
            ids,
            targets,
            levels: HashMap::new(),
            svg: false,
            mathml: false,
            unavailable: 0,
            empty_alt: 0,
        }
    }

    /// Shifts the headings so that the first is at level `first` and none
    /// is more than one level under the heading it follows (WCAG 2.2
    /// technique G141, axe's `heading-order`): a post's headings start at
    /// whatever the theme used (`<h3>`, once `<h6>`) under a chapter title
    /// that is the `<h1>`. Each heading takes one more than the nearest
    /// earlier heading of a smaller original level (2 below none), so
    /// siblings stay siblings and the relative outline is kept; `h6` is the
    /// floor, as HTML has no `h7`.
    fn outline(&mut self, first: usize) {
        let f = self.f;
        // (original level, written level) of the open outline.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for n in f.descendants(f.root()) {
            let Some(e) = f.element(n) else { continue };
            if e.namespace != Namespace::Html {
                continue;
            }
            let Action::Keep(name) = profile::action(f, n, e, &self.shape) else {
                continue;
            };
            let Some(level) = heading_level(name) else {
                continue;
            };
            while stack.last().is_some_and(|&(orig, _)| orig >= level) {
                stack.pop();
            }
            let written = stack.last().map_or(first, |&(_, w)| w + 1).min(6);
            stack.push((level, written));
            if written != level {
                self.levels.insert(n, HEADINGS[written - 1]);
            }
        }
    }

    fn resolve(&self, kind: Kind, url: &str) -> Target {
        let clean = profile::clean_url(url);
        match self.hooks.resolver {
            Some(r) => r(kind, &clean),
            None => Target::Url(clean),
        }
    }

    /// What the element at `n` is written as.
    fn action(&self, n: NodeId, e: &Element) -> Action {
        if e.is("a") && self.hooks.resolver.is_some() && self.links_to_own_image(n, e) {
            return Action::Unwrap;
        }
        match profile::action(self.f, n, e, &self.shape) {
            Action::Keep(name) if heading_level(name).is_some() => {
                Action::Keep(self.levels.get(&n).copied().unwrap_or(name))
            }
            // An empty header cell heads nothing (a table's top-left
            // corner): a data cell, so that a screen reader announces no
            // nameless header (axe's `empty-table-header`).
            Action::Keep("th") if self.is_empty_cell(n) => Action::Keep("td"),
            other => other,
        }
    }

    /// Whether a cell holds nothing to read: no text, no image.
    fn is_empty_cell(&self, n: NodeId) -> bool {
        let f = self.f;
        f.descendants(n).all(|d| match f.data(d) {
            NodeData::Text(t) => t.trim().is_empty(),
            NodeData::Element(e) => !matches!(e.name.as_str(), "img" | "svg" | "math"),
            _ => true,
        })
    }

    /// Whether `n` is written inside a link (one not unwrapped).
    fn in_link(&self, n: NodeId) -> bool {
        let f = self.f;
        f.ancestors(n).any(|a| {
            f.element(a).is_some_and(|e| {
                e.is("a") && !(self.hooks.resolver.is_some() && self.links_to_own_image(a, e))
            })
        })
    }

    /// A link whose only content is an image and whose `href` is that
    /// image (or its full-size original, as WordPress's "link to media
    /// file" writes it): in a book it leads nowhere the reader is not
    /// already (the image is packaged, or becomes a link to that URL
    /// itself), and to a screen reader it is a link named only by the
    /// image's alt text, or by nothing. Written as the image alone.
    fn links_to_own_image(&self, n: NodeId, e: &Element) -> bool {
        let f = self.f;
        let Some(href) = e.attr("href") else {
            return false;
        };
        let mut img = None;
        for c in f.children(n) {
            match f.data(c) {
                NodeData::Text(t) if t.trim().is_empty() => {}
                NodeData::Element(child) if child.is("img") && img.is_none() => img = Some(child),
                _ => return false,
            }
        }
        img.and_then(|i| i.attr("src"))
            .is_some_and(|src| same_image(src, href))
    }

    /// Writes the whole fragment: one top-level block a line, for people
    /// reading the file (text between blocks keeps its own white space),
    /// ending with a newline.
    fn write_blocks(&mut self, out: &mut String) {
        let f = self.f;
        for child in f.children(f.root()) {
            let before = out.len();
            self.write(child, out);
            if out.len() > before && f.element(child).is_some() && !out.ends_with('\n') {
                out.push('\n');
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }

    /// Writes the subtree at `top`.
    fn write(&mut self, top: NodeId, out: &mut String) {
        let f = self.f;
        // A subtree being left out: its edges are ignored until it closes.
        let mut skip: Option<NodeId> = None;
        for edge in f.edges(top) {
            match edge {
                Edge::Open(n) => {
                    if skip.is_some() {
                        continue;
                    }
                    if n != top && profile::opens_list_item(f, n) {
                        out.push_str("<li>");
                    }
                    match f.data(n) {
                        // A foreign element whose name XML cannot say (the
                        // tree builder keeps what a browser keeps) is written
                        // as its content.
                        NodeData::Element(e)
                            if e.namespace != Namespace::Html && html::is_xml_name(&e.name) =>
                        {
                            self.foreign_open(n, e, out);
                        }
                        NodeData::Element(e) if e.namespace != Namespace::Html => {}
                        NodeData::Element(e) => match self.action(n, e) {
                            Action::Keep(name) => {
                                if !self.open(n, e, name, out) {
                                    skip = Some(n);
                                }
                            }
                            Action::Unwrap => {}
                            Action::Drop => skip = Some(n),
                        },
                        NodeData::Text(t) => html::escape(t, false, Flavor::Xhtml, out),
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    match skip {
                        Some(s) if s == n => skip = None,
                        Some(_) => continue,
                        None => self.close(n, out),
                    }
                    if n != top && profile::closes_list_item(f, n) {
                        out.push_str("</li>");
                    }
                }
            }
        }
    }

    fn close(&self, n: NodeId, out: &mut String) {
        let f = self.f;
        let Some(e) = f.element(n) else { return };
        if e.namespace != Namespace::Html {
            if html::is_xml_name(&e.name) && f.first_child(n).is_some() {
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
            return;
        }
        if let Action::Keep(name) = self.action(n, e)
            && !crate::html::elements::is_void(name)
        {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }

    /// An SVG or MathML element: as parsed (the sanitizer made it inert),
    /// with its namespace declared where it starts.
    fn foreign_open(&mut self, n: NodeId, e: &Element, out: &mut String) {
        let f = self.f;
        out.push('<');
        out.push_str(&e.name);
        let is_root = f
            .parent(n)
            .and_then(|p| f.element(p))
            .is_none_or(|p| p.namespace != e.namespace);
        if is_root {
            match e.namespace {
                Namespace::Svg => {
                    self.svg = true;
                    out.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
                }
                Namespace::MathMl => {
                    self.mathml = true;
                    out.push_str(" xmlns=\"http://www.w3.org/1998/Math/MathML\"");
                }
                Namespace::Html => {}
            }
        }
        let mut seen = HashSet::new();
        for (name, value) in &e.attrs {
            if !html::is_xml_name(name)
                || name.contains(':')
                || name == "xmlns"
                || name == "id"
                || !seen.insert(name.as_str())
            {
                continue;
            }
            push_attr(out, name, value);
        }
        if let Some(id) = self.ids.get(&n) {
            push_attr(out, "id", id);
        }
        out.push_str(if f.first_child(n).is_none() {
            "/>"
        } else {
            ">"
        });
    }

    /// Writes the start tag of an HTML element kept as `name`. Returns
    /// false when the element was replaced whole (an image that cannot be
    /// shown, a media player in a book) and its subtree must be skipped.
    fn open(&mut self, n: NodeId, e: &Element, name: &str, out: &mut String) -> bool {
        let f = self.f;
        if e.is("img") {
            return self.image(n, e, out);
        }
        if (e.is("audio") || e.is("video")) && self.hooks.resolver.is_some() {
            self.media(n, e, out);
            return false;
        }
        out.push('<');
        out.push_str(name);
        if let Some(id) = self.ids.get(&n) {
            push_attr(out, "id", id);
        }
        for (attr, value) in &e.attrs {
            let Some(value) = profile::attribute(name, attr, value) else {
                continue;
            };
            match attr.as_str() {
                "href" => {
                    let href = if let Some(frag) = value.strip_prefix('#') {
                        self.fragment_target(frag).map(|id| format!("#{id}"))
                    } else {
                        match self.resolve(Kind::Link, &value) {
                            Target::Url(u) | Target::Link(u) => Some(u),
                            Target::Text => None,
                        }
                    };
                    if let Some(h) = href {
                        push_attr(out, "href", &h);
                    }
                }
                "cite" => {
                    if let Target::Url(u) = self.resolve(Kind::Link, &value) {
                        push_attr(out, "cite", &u);
                    }
                }
                "src" | "poster" => match self.resolve(Kind::Media, &value) {
                    Target::Url(u) => push_attr(out, attr, &u),
                    Target::Link(_) | Target::Text => {}
                },
                "lang" => {
                    push_attr(out, "lang", &value);
                    push_attr(out, "xml:lang", &value);
                }
                _ => push_attr(out, attr, &value),
            }
        }
        let void = crate::html::elements::is_void(name);
        out.push_str(if void { "/>" } else { ">" });
        if void && f.first_child(n).is_some() {
            // A void element never has children in a parsed tree; if a
            // rule gave it some, they are not written.
            return false;
        }
        true
    }

    /// The written id for `href="#frag"`, if an element has it (raw or
    /// percent-decoded: `#%E4%B8%AD` targets `id="中"`).
    fn fragment_target(&self, frag: &str) -> Option<&str> {
        self.targets
            .get(frag)
            .or_else(|| {
                self.targets
                    .get(crate::html::url::percent_decode(frag).as_ref())
            })
            .map(String::as_str)
    }

    fn image(&mut self, n: NodeId, e: &Element, out: &mut String) -> bool {
        let f = self.f;
        let src = e.attr("src").map(str::trim).unwrap_or_default();
        let alt = e.attr("alt").map(str::trim).unwrap_or_default();
        let target = if src.is_empty() {
            Target::Text
        } else {
            self.resolve(Kind::Image, src)
        };
        let url = match target {
            Target::Url(u) => u,
            Target::Link(remote) => {
                // The `a` around it, if it only linked to this same image,
                // was unwrapped: this link is the image's own.
                self.unavailable += 1;
                let label = image_label(f, n, alt);
                // The fallback word is English, whatever the chapter's
                // language (WCAG 2.2 SC 3.1.2, language of parts).
                let lang = if label.is_none() {
                    " lang=\"en\" xml:lang=\"en\""
                } else {
                    ""
                };
                let label = label.unwrap_or_else(|| "Image".to_owned());
                // Inside a link already: no nested `a` (HTML §4.5.1).
                if self.in_link(n) {
                    out.push_str("<span class=\"remote-image\"");
                    out.push_str(lang);
                    out.push('>');
                    html::escape(&label, false, Flavor::Xhtml, out);
                    out.push_str("</span>");
                } else {
                    out.push_str("<a class=\"remote-image\" href=\"");
                    html::escape(&remote, true, Flavor::Xhtml, out);
                    out.push('"');
                    out.push_str(lang);
                    out.push('>');
                    html::escape(&label, false, Flavor::Xhtml, out);
                    out.push_str("</a>");
                }
                return false;
            }
            Target::Text => {
                if !src.is_empty() {
                    self.unavailable += 1;
                }
                html::escape(alt, false, Flavor::Xhtml, out);
                return false;
            }
        };
        out.push_str("<img");
        if let Some(id) = self.ids.get(&n) {
            push_attr(out, "id", id);
        }
        push_attr(out, "src", &url);
        push_attr(out, "alt", alt);
        if alt.is_empty() {
            self.empty_alt += 1;
        }
        for (attr, value) in &e.attrs {
            if matches!(attr.as_str(), "src" | "alt") {
                continue;
            }
            if let Some(value) = profile::attribute("img", attr, value) {
                push_attr(out, attr, &value);
            }
        }
        out.push_str("/>");
        false
    }

    /// An `audio` or `video` in a book: a link to its source (the package
    /// holds no remote media), or its fallback text.
    fn media(&mut self, n: NodeId, e: &Element, out: &mut String) {
        let f = self.f;
        let src = e.attr("src").map(str::to_owned).or_else(|| {
            f.children(n)
                .filter_map(|c| f.element(c))
                .find(|c| c.is("source"))
                .and_then(|c| c.attr("src"))
                .map(str::to_owned)
        });
        let label = if e.is("audio") { "Audio" } else { "Video" };
        self.unavailable += 1;
        match src.map(|s| self.resolve(Kind::Link, &s)) {
            Some(Target::Url(u) | Target::Link(u)) if !self.in_link(n) => {
                out.push_str("<a class=\"remote-media\" href=\"");
                html::escape(&u, true, Flavor::Xhtml, out);
                out.push_str("\">");
                out.push_str(label);
                out.push_str(": ");
                html::escape(&file_name(&u), false, Flavor::Xhtml, out);
                out.push_str("</a>");
            }
            _ => out.push_str(label),
        }
    }
}

/// The text that stands for an image that cannot be shown: what the image
/// says (its alt text), else what its figure's caption says, else "Image"
/// (a link that reads as `IMG_2041.jpg` tells a listener nothing: WCAG 2.2
/// SC 2.4.4, link purpose). `None` for that last, which the caller writes.
fn image_label(f: &Fragment, img: NodeId, alt: &str) -> Option<String> {
    if !alt.is_empty() {
        return Some(alt.to_owned());
    }
    f.ancestors(img)
        .find(|&a| f.is(a, "figure"))
        .and_then(|fig| f.children(fig).find(|&c| f.is(c, "figcaption")))
        .map(|c| {
            text::plain_text(f, c)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
}

/// Whether two URLs name the same image: equal without scheme, query and
/// fragment, once WordPress's size suffix (`-300x200` before the
/// extension) is taken off both.
fn same_image(a: &str, b: &str) -> bool {
    fn key(url: &str) -> String {
        let url = url.trim();
        let rest = url
            .split_once("://")
            .map_or_else(|| url.strip_prefix("//").unwrap_or(url), |(_, r)| r);
        let path = rest.split(['?', '#']).next().unwrap_or(rest);
        let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
        let stem = match stem.rsplit_once('-') {
            Some((base, size))
                if size.split_once('x').is_some_and(|(w, h)| {
                    !w.is_empty()
                        && !h.is_empty()
                        && w.bytes().all(|b| b.is_ascii_digit())
                        && h.bytes().all(|b| b.is_ascii_digit())
                }) =>
            {
                base
            }
            _ => stem,
        };
        format!("{stem}.{ext}")
    }
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a != "." && a == b
}

/// The last path segment of a URL (`.../2-1.jpg?w=770` -> `2-1.jpg`).
fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    if name.is_empty() {
        url.to_owned()
    } else {
        crate::html::url::percent_decode(name).into_owned()
    }
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    html::escape(value, true, Flavor::Xhtml, out);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::fragment::Element;
    use crate::{Format, Options, convert};

    #[test]
    fn xml_self_closes_and_drops_images_without_src() {
        let mut f = Fragment::new();
        let p = f.create(NodeData::Element(Element::html("p")));
        f.append(f.root(), p);
        f.append_text(p, "a\u{a0}&b\u{1}");
        let img = f.create(NodeData::Element(Element::html("img")));
        f.append(p, img);
        let mut out = String::new();
        write_node(&f, p, &mut out);
        assert_eq!(out, "<p>a\u{a0}&amp;b</p>");
    }

    fn xhtml(html: &str) -> String {
        let out = convert(html, &[Format::Xhtml], &Options::default()).unwrap_or_default();
        let x = out.get(Format::Xhtml).unwrap_or_default();
        let start = x.find("</h1>\n").map_or(0, |i| i + 6);
        let end = x.find("</section>").unwrap_or(x.len());
        x[start..end].trim().to_owned()
    }

    #[test]
    fn duplicate_ids_are_renamed_and_links_follow() {
        let x = xhtml(
            "<p id=\"a\">x</p><p id=\"a\">y</p><p id=\"1b\">z</p><a href=\"#a\">1</a> <a href=\"#1b\">2</a> <a href=\"#nowhere\">3</a>",
        );
        assert!(x.contains("<p id=\"a\">x</p>"), "{x}");
        assert!(x.contains("<p id=\"a-2\">y</p>"), "{x}");
        assert!(x.contains("<p id=\"id-1b\">z</p>"), "{x}");
        assert!(x.contains("<a href=\"#a\">1</a>"), "{x}");
        assert!(x.contains("<a href=\"#id-1b\">2</a>"), "{x}");
        assert!(x.contains("<a>3</a>"), "{x}");
    }

    #[test]
    fn obsolete_markup_is_renamed_or_unwrapped() {
        let x = xhtml(
            "<center>c</center><p><font color=red>f</font> <big>b</big> <tt>t</tt> <strike>s</strike> <acronym title=x>A</acronym></p><dir><li>d</li></dir>",
        );
        assert_eq!(
            x,
            "<div>c</div>\n<p>f b <code>t</code> <s>s</s> <abbr title=\"x\">A</abbr></p>\n<ul><li>d</li></ul>"
        );
    }

    #[test]
    fn blocks_never_sit_in_phrasing_elements() {
        let x = xhtml("<h2>a<div>b</div></h2><ul>text<li>x</li></ul><span><p>in span</p></span>");
        assert!(x.contains("<div>a<div>b</div></div>"), "{x}");
        assert!(x.contains("<ul><li>text</li><li>x</li></ul>"), "{x}");
        assert!(!x.contains("<span>"), "{x}");
    }

    #[test]
    fn remote_images_become_links_in_a_book() {
        let mut f = Fragment::new();
        let fig = f.create(NodeData::Element(Element::html("figure")));
        f.append(f.root(), fig);
        let mut img = Element::html("img");
        img.set_attr("src", "https://x.org/a/pic.jpg?w=3");
        img.set_attr("alt", "A cat");
        let img = f.create(NodeData::Element(img));
        f.append(fig, img);
        let resolver = |_: Kind, u: &str| Target::Link(u.to_owned());
        let hooks = Hooks {
            resolver: Some(&resolver),
            lang: None,
        };
        let doc = Document::from_html(Source::Text, "");
        let w = write_with(&doc, &f, &XhtmlOptions::default(), &hooks);
        assert!(
            w.xhtml.contains("<figure><a class=\"remote-image\" href=\"https://x.org/a/pic.jpg?w=3\">A cat</a></figure>"),
            "{}",
            w.xhtml
        );
        assert_eq!(w.unavailable, 1);
        assert!(!w.xhtml.contains("<img"));
    }

    #[test]
    fn headings_start_under_the_title_and_never_skip_a_level() {
        let levels = |html: &str| -> Vec<String> {
            let x = xhtml(html);
            x.match_indices("<h")
                .map(|(i, _)| x[i + 1..i + 3].to_owned())
                .collect()
        };
        assert_eq!(levels("<h3>a</h3><p>x</p><h3>b</h3>"), ["h2", "h2"]);
        assert_eq!(levels("<h4>a</h4><h6>b</h6><h5>c</h5>"), ["h2", "h3", "h3"]);
        assert_eq!(
            levels("<h2>a</h2><h4>b</h4><h3>c</h3><h2>d</h2>"),
            ["h2", "h3", "h3", "h2"]
        );
        assert_eq!(
            levels("<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5><h6>f</h6>"),
            ["h2", "h3", "h4", "h5", "h6", "h6"]
        );
        assert_eq!(
            xhtml("<table><tr><th> </th><th>b</th></tr></table>"),
            "<table><tbody><tr><td> </td><th>b</th></tr></tbody></table>"
        );
        // A heading written as a div (it holds a block) takes no level.
        assert_eq!(levels("<h2>a<div>b</div></h2><h4>c</h4>"), ["h2"]);
    }

    #[test]
    fn wide_and_deep_trees_write_without_rescanning() {
        let mut f = Fragment::new();
        let dl = f.create(NodeData::Element(Element::html("dl")));
        f.append(f.root(), dl);
        for i in 0..40_000 {
            let item = f.create(NodeData::Element(Element::html(if i % 2 == 0 {
                "dt"
            } else {
                "dd"
            })));
            f.append(dl, item);
            f.append_text(item, "x");
        }
        let mut at = f.root();
        for _ in 0..100_000 {
            let span = f.create(NodeData::Element(Element::html("span")));
            f.append(at, span);
            at = span;
        }
        let div = f.create(NodeData::Element(Element::html("div")));
        f.append(at, div);
        let doc = Document::from_html(Source::Text, "");
        let x = write(&doc, &f, &XhtmlOptions::default());
        assert_eq!(x.matches("<dt>").count(), 20_000);
        // Every span holds a block: all unwrapped.
        assert!(!x.contains("<span>"));
    }
}
