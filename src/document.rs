//! The Document: what every reader produces and every writer reads, beside
//! the [`Fragment`](crate::html::fragment::Fragment).
//!
//! A Document is where the content came from, its metadata (the front matter
//! kept whole and in order, plus typed fields) and its HTML body, before any
//! rewrite.

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

/// The largest input read for one document, and the largest HTML body
/// rewritten, by default (`--max-bytes`): 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A file, as named on the command line or found in a folder.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// A string handed to the library.
    Text,
    /// One item of a WordPress export (WXR). Boxed: errors carry a Source,
    /// and they stay small.
    Item(Box<ItemSource>),
}

/// Where a WXR item is: the export file, the line its `<item>` starts on,
/// its post type and its output name. Displayed as
/// `export.xml:123 (post hello-world)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemSource {
    /// The export file (or `<stdin>`).
    pub path: PathBuf,
    /// The line the item's `<item>` starts on.
    pub line: usize,
    /// The item's post type (`post`, `page`, a custom type).
    pub post_type: String,
    /// The item's output name (its slug, made safe).
    pub name: String,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Stdin => f.write_str("<stdin>"),
            Source::Text => f.write_str("<text>"),
            Source::Item(item) => write!(
                f,
                "{}:{} ({} {})",
                item.path.display(),
                item.line,
                item.post_type,
                item.name
            ),
        }
    }
}

/// An attachment of a WordPress export: what `[gallery ids=...]`,
/// `[caption]` and featured images resolve through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Media {
    /// The file's URL (`wp:attachment_url`).
    pub url: String,
    /// Its alternative text (`_wp_attachment_image_alt`).
    pub alt: String,
    /// Its caption (the attachment's excerpt).
    pub caption: String,
    /// Its description (the attachment's content).
    pub description: String,
    /// The post the attachment belongs to (`wp:post_parent`), if any.
    pub parent: Option<u64>,
    /// The attachment page (`<link>`): WordPress's page showing the file,
    /// which a gallery "linked to attachment pages" links to.
    pub page: String,
}

/// Attachments by post id.
pub type MediaMap = std::collections::HashMap<u64, Media>;

/// The URLs of an export's attachments (`wp:attachment_url`): the files as
/// uploaded. A URL among them is an original even when its name ends like a
/// resized copy (`photo-1200x400.jpg`), so the `image-urls` rule leaves it
/// alone. Compared without scheme, query or fragment: a post may link the
/// same file over `https` or with `?w=300`.
///
/// It also knows each attachment's page (`<link>`, such as
/// `https://site/2010/09/10/post/canola2/`) and the file it shows: those
/// pages are not converted, so a link to one would be dead after migration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uploads {
    files: HashSet<String>,
    pages: std::collections::HashMap<String, String>,
    /// Attachment id -> its alternative text, when it has one (an `<img
    /// class="wp-image-N">` without alt gets it: issue 16).
    alts: std::collections::HashMap<u64, String>,
    /// The same, by file (`upload_key`), for images without the class.
    file_alts: std::collections::HashMap<String, String>,
}

impl Uploads {
    /// The attachment URLs of a media map.
    pub fn from_media(media: &MediaMap) -> Uploads {
        Uploads {
            files: media
                .values()
                .map(|m| upload_key(&m.url))
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
            pages: media
                .values()
                .filter(|m| !m.url.trim().is_empty())
                .map(|m| (page_key(&m.page), m.url.trim().to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .collect(),
            alts: media
                .iter()
                .filter(|(_, m)| !m.alt.trim().is_empty())
                .map(|(id, m)| (*id, m.alt.trim().to_owned()))
                .collect(),
            file_alts: media
                .values()
                .filter(|m| !m.alt.trim().is_empty() && !upload_key(&m.url).is_empty())
                .map(|m| (upload_key(&m.url).to_owned(), m.alt.trim().to_owned()))
                .collect(),
        }
    }

    /// The alternative text of attachment `id` (`_wp_attachment_image_alt`),
    /// else of the attachment whose file `url` is.
    pub fn alt(&self, id: Option<u64>, url: &str) -> Option<&str> {
        id.and_then(|id| self.alts.get(&id))
            .or_else(|| self.file_alts.get(upload_key(url)))
            .map(String::as_str)
    }

    /// True when `url` names one of the uploaded files.
    pub fn contains(&self, url: &str) -> bool {
        self.files.contains(upload_key(url))
    }

    /// The file an attachment page shows, when `url` is one.
    pub fn file_of_page(&self, url: &str) -> Option<&str> {
        let key = page_key(url);
        if key.is_empty() {
            return None;
        }
        self.pages.get(&key).map(String::as_str)
    }
}

/// An attachment page's URL without scheme, fragment or trailing slash
/// (`.../canola2/` and `.../canola2` are the same page). The query stays:
/// with plain permalinks the page is `https://site/?attachment_id=611`,
/// and without its query that would be the site's home.
fn page_key(url: &str) -> String {
    let url = url.trim();
    let rest = url
        .split_once("://")
        .map_or_else(|| url.strip_prefix("//").unwrap_or(url), |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.trim_end_matches('/');
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// `https://host/a.jpg?w=3#x` -> `host/a.jpg`.
fn upload_key(url: &str) -> &str {
    let url = url.trim();
    let rest = url
        .split_once("://")
        .map_or_else(|| url.strip_prefix("//").unwrap_or(url), |(_, r)| r);
    rest.split(['?', '#']).next().unwrap_or(rest)
}

/// How the body was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// HTML (`.html`, an export's content, stdin starting with `<`).
    Html,
    /// Markdown with raw HTML (`.md`), rendered to HTML by the reader.
    Markdown,
}

/// Typed metadata, taken from the front matter or the HTML page head.
/// Dates are normalized (see `read::date`): RFC 3339 when the source named a
/// zone, the same local form without a zone when it did not.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Meta {
    /// The title, as text.
    pub title: Option<String>,
    /// When it was published.
    pub date: Option<String>,
    /// When it was last changed.
    pub updated: Option<String>,
    /// The author's name.
    pub author: Option<String>,
    /// A summary, as text (`description`, `excerpt` or `summary`).
    pub description: Option<String>,
    /// Category names.
    pub categories: Vec<String>,
    /// Tag names.
    pub tags: Vec<String>,
    /// The slug the document had.
    pub slug: Option<String>,
    /// A BCP 47 tag (`zh-CN`), when the source declared one.
    pub lang: Option<String>,
    /// The path a run pinned for a post of a folder on the new site
    /// (`--site`: its old permalink's), in the form of [`Post::url`]. Set
    /// by the run, never read from the input; not part of the JSON.
    #[serde(skip)]
    pub url: Option<String>,
}

/// What a WordPress export says about one item, typed: the reader fills
/// it, writers decide what to print ([`Post::front_matter`] is the
/// portable form every format writes today).
///
/// Serialized (for the metadata cleaner and for writers that want a
/// value) under the front matter's key names (`type`, not `post_type`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Post {
    /// The title as text (WordPress stores it as HTML).
    pub title: Option<String>,
    /// Normalized (`read::date`): UTC from `post_date_gmt` when known.
    pub date: Option<String>,
    /// Normalized like `date`, from `post_modified_gmt`.
    pub updated: Option<String>,
    /// The local time WordPress showed (`post_date`) with the site's
    /// offset at the time (RFC 3339), when both dates are known: the day
    /// of the old permalink. Site targets write it; the portable front
    /// matter keeps `date` in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_date: Option<String>,
    /// `updated` the same way, from `post_modified`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_updated: Option<String>,
    /// The author's display name.
    pub author: Option<String>,
    /// Categories (`category` terms).
    pub categories: Vec<Term>,
    /// Tags (`post_tag` terms, and WXR 1.0's `tag`).
    pub tags: Vec<Term>,
    /// Other taxonomies, by name, in file order.
    pub taxonomies: Vec<(String, Vec<Term>)>,
    /// The slug, percent-decoded.
    pub slug: Option<String>,
    /// `publish`, `draft`, `private`, `pending`, `future`...
    pub status: String,
    #[serde(rename = "type")]
    /// `post`, `page` or a custom post type.
    pub post_type: String,
    /// The post id (`wp:post_id`).
    pub id: Option<u64>,
    /// The parent post's id (child pages, attachments).
    pub parent: Option<u64>,
    /// The page order (`wp:menu_order`), when not 0.
    pub menu_order: Option<i64>,
    /// `open` or `closed`.
    pub comment_status: Option<String>,
    /// Stuck to the front page.
    pub sticky: bool,
    /// The password itself is never read out of the export.
    pub password_protected: bool,
    /// The old permalink (`<link>`).
    pub link: Option<String>,
    /// The item's GUID (often `https://site/?p=ID`).
    pub guid: Option<String>,
    /// Earlier slugs (`_wp_old_slug`), for redirects.
    pub old_slugs: Vec<String>,
    /// The path the document has on the new site, when the run decides
    /// it (`--site`: its old permalink's path, kept): a root-relative
    /// path of percent-encoded segments, `/2019/03/04/slug/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Other paths on the new site that lead to it (its old slugs' paths,
    /// an old path it could not keep), in the same form as `url`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The post format (`gallery`, `aside`...).
    pub format: Option<String>,
    /// The featured image (`_thumbnail_id`'s attachment).
    pub featured_image: Option<Image>,
    /// Public post meta; PHP-serialized values read into structures.
    pub custom_fields: Map<String, Value>,
    /// HTML, as WordPress stores it.
    pub excerpt: Option<String>,
    /// The export's language (BCP 47).
    pub lang: Option<String>,
}

/// A category, tag or other term: its name as text and its slug.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Term {
    /// The name, as text.
    pub name: String,
    /// The slug (percent-decoded for categories and tags).
    pub slug: String,
}

/// An image an item names (its featured image).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Image {
    /// The file's URL.
    pub url: String,
    /// Its alternative text, when it has one.
    pub alt: Option<String>,
}

/// An approved comment of an export item.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Comment {
    /// The comment id.
    pub id: Option<u64>,
    /// As WordPress shows it (a pingback's is the linking page's title).
    pub author: Option<String>,
    /// The author's site; cleaned like a link.
    pub author_url: Option<String>,
    /// Normalized like a post's date.
    pub date: Option<String>,
    /// HTML, with paragraphs (WordPress runs wpautop on comment text).
    pub text: String,
    /// The comment it answers.
    pub parent: Option<u64>,
    /// `pingback` or `trackback`; `None` for a comment.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

impl Post {
    /// The front matter every format writes for an export item, in this
    /// order: title, date, updated, author, categories and their slugs,
    /// tags and theirs, slug, status, type, id, parent, menu order,
    /// comment status, sticky, password-protected, link, format, other
    /// taxonomies, featured image, custom fields, excerpt, lang, and
    /// `draft: true` unless published. Empty values are left out.
    pub fn front_matter(&self) -> Map<String, Value> {
        let mut fm = Map::new();
        let text = |s: &str| Value::String(s.to_owned());
        let names = |v: &[Term]| Value::Array(v.iter().map(|t| text(&t.name)).collect());
        let slugs = |v: &[Term]| Value::Array(v.iter().map(|t| text(&t.slug)).collect());
        let mut put = |k: &str, v: Value| {
            fm.insert(k.to_owned(), v);
        };
        let opt = |v: &Option<String>| v.as_deref().map(text);
        if let Some(v) = opt(&self.title) {
            put("title", v);
        }
        if let Some(v) = opt(&self.date) {
            put("date", v);
        }
        if let Some(v) = opt(&self.updated) {
            put("updated", v);
        }
        if let Some(v) = opt(&self.author) {
            put("author", v);
        }
        if !self.categories.is_empty() {
            put("categories", names(&self.categories));
            put("category_slugs", slugs(&self.categories));
        }
        if !self.tags.is_empty() {
            put("tags", names(&self.tags));
            put("tag_slugs", slugs(&self.tags));
        }
        if let Some(v) = opt(&self.slug) {
            put("slug", v);
        }
        put("status", text(&self.status));
        put("type", text(&self.post_type));
        if let Some(id) = self.id {
            put("id", Value::from(id));
        }
        if let Some(parent) = self.parent {
            put("parent", Value::from(parent));
        }
        if let Some(order) = self.menu_order {
            put("menu_order", Value::from(order));
        }
        if let Some(v) = opt(&self.comment_status) {
            put("comment_status", v);
        }
        if self.sticky {
            put("sticky", Value::Bool(true));
        }
        if self.password_protected {
            put("password_protected", Value::Bool(true));
        }
        if let Some(v) = opt(&self.link) {
            put("link", v);
        }
        if let Some(v) = opt(&self.format) {
            put("format", v);
        }
        if !self.taxonomies.is_empty() {
            let map = self
                .taxonomies
                .iter()
                .map(|(tax, terms)| (tax.clone(), names(terms)))
                .collect();
            put("taxonomies", Value::Object(map));
        }
        if let Some(image) = &self.featured_image {
            let mut m = Map::new();
            m.insert("url".into(), text(&image.url));
            if let Some(alt) = &image.alt {
                m.insert("alt".into(), text(alt));
            }
            put("featured_image", Value::Object(m));
        }
        if !self.custom_fields.is_empty() {
            put("custom_fields", Value::Object(self.custom_fields.clone()));
        }
        if let Some(v) = opt(&self.excerpt) {
            put("excerpt", v);
        }
        if let Some(v) = opt(&self.lang) {
            put("lang", v);
        }
        if self.status != "publish" {
            put("draft", Value::Bool(true));
        }
        fm
    }
}

impl Comment {
    /// The comment as a front matter value: id, author, author_url,
    /// date, text, parent, type; empty ones left out.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(id) = self.id {
            m.insert("id".into(), Value::from(id));
        }
        if let Some(a) = &self.author {
            m.insert("author".into(), Value::String(a.clone()));
        }
        if let Some(u) = &self.author_url {
            m.insert("author_url".into(), Value::String(u.clone()));
        }
        if let Some(d) = &self.date {
            m.insert("date".into(), Value::String(d.clone()));
        }
        m.insert("text".into(), Value::String(self.text.clone()));
        if let Some(p) = self.parent {
            m.insert("parent".into(), Value::from(p));
        }
        if let Some(k) = &self.kind {
            m.insert("type".into(), Value::String(k.clone()));
        }
        Value::Object(m)
    }
}

/// The key under which an export item's comments are written in front
/// matter (JSON always; Markdown with `--comments`).
pub const COMMENTS_KEY: &str = "comments";

/// One document, as read.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where the document came from.
    pub source: Source,
    /// The front matter exactly as given, keys in their order; `None` when
    /// the input had none (a bare HTML fragment, or an export item, whose
    /// fields are typed in [`Document::post`]).
    pub front_matter: Option<Map<String, Value>>,
    /// What an export says about the item; `None` for other inputs.
    pub post: Option<Box<Post>>,
    /// An export item's approved comments, in file order.
    pub comments: Vec<Comment>,
    /// Front matter values that the writers print in place of the given
    /// ones (normalized dates), by key.
    pub normalized: Vec<(String, Value)>,
    /// Typed metadata every writer reads (title, date, ...).
    pub meta: Meta,
    /// How the body was written in the input.
    pub body_kind: BodyKind,
    /// The body as HTML (a Markdown body is rendered to HTML by the reader).
    pub body: String,
    /// Things worth telling the user that did not stop the conversion.
    pub warnings: Vec<String>,
    /// For an export item: the export's attachment URLs, shared by its
    /// documents. `None` for every other input.
    pub uploads: Option<Arc<Uploads>>,
}

impl Document {
    /// A document with an HTML body and no metadata.
    pub fn from_html(source: Source, body: impl Into<String>) -> Document {
        Document {
            source,
            front_matter: None,
            post: None,
            comments: Vec::new(),
            normalized: Vec::new(),
            meta: Meta::default(),
            body_kind: BodyKind::Html,
            body: body.into(),
            warnings: Vec::new(),
            uploads: None,
        }
    }

    /// True when there is no metadata at all: no front matter and nothing
    /// taken from a page head. Such a document gets no front matter block.
    pub fn has_metadata(&self) -> bool {
        self.front_matter.is_some() || self.post.is_some() || self.meta != Meta::default()
    }

    /// The front matter as the input gave it: the post's own, or the one
    /// an export item's typed fields make ([`Post::front_matter`]).
    pub fn given_front_matter(&self) -> Option<std::borrow::Cow<'_, Map<String, Value>>> {
        match (&self.front_matter, &self.post) {
            (Some(fm), _) => Some(std::borrow::Cow::Borrowed(fm)),
            (None, Some(post)) => Some(std::borrow::Cow::Owned(post.front_matter())),
            (None, None) => None,
        }
    }

    /// The comments as a front matter value (a list of maps), or `None`
    /// when there are none.
    pub fn comments_value(&self) -> Option<Value> {
        (!self.comments.is_empty())
            .then(|| Value::Array(self.comments.iter().map(Comment::to_value).collect()))
    }

    /// The front matter as the writers print it: the given keys in order,
    /// with normalized values in place; for a page without front matter, the
    /// typed metadata.
    pub fn output_front_matter(&self) -> Map<String, Value> {
        match self.given_front_matter() {
            Some(given) => {
                let mut out = given.into_owned();
                for (key, value) in &self.normalized {
                    if let Some(slot) = out.get_mut(key) {
                        *slot = value.clone();
                    }
                }
                out
            }
            None => meta_as_front_matter(&self.meta),
        }
    }
}

fn meta_as_front_matter(meta: &Meta) -> Map<String, Value> {
    let mut out = Map::new();
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.insert(k.to_owned(), Value::String(v.clone()));
        }
    };
    put("title", &meta.title);
    put("date", &meta.date);
    put("updated", &meta.updated);
    put("author", &meta.author);
    put("description", &meta.description);
    put("slug", &meta.slug);
    put("lang", &meta.lang);
    let list = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
    if !meta.categories.is_empty() {
        out.insert("categories".into(), list(&meta.categories));
    }
    if !meta.tags.is_empty() {
        out.insert("tags".into(), list(&meta.tags));
    }
    out
}
