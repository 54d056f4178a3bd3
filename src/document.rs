//! The Document: what every reader produces and every writer reads, beside
//! the [`Fragment`](crate::rewrite::fragment::Fragment).
//!
//! A Document is where the content came from, its metadata (the front matter
//! kept whole and in order, plus typed fields) and its HTML body, before any
//! rewrite.

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

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
    pub path: PathBuf,
    pub line: usize,
    pub post_type: String,
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
    pub url: String,
    pub alt: String,
    pub caption: String,
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
        }
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
    Html,
    Markdown,
}

/// Typed metadata, taken from the front matter or the HTML page head.
/// Dates are normalized (see `read::date`): RFC 3339 when the source named a
/// zone, the same local form without a zone when it did not.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    /// A BCP 47 tag (`zh-CN`), when the source declared one.
    pub lang: Option<String>,
}

/// One document, as read.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: Source,
    /// The front matter exactly as given, keys in their order; `None` when
    /// the input had none (a bare HTML fragment).
    pub front_matter: Option<Map<String, Value>>,
    /// Front matter values that the writers print in place of the given
    /// ones (normalized dates), by key.
    pub normalized: Vec<(String, Value)>,
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
        self.front_matter.is_some() || self.meta != Meta::default()
    }

    /// The front matter as the writers print it: the given keys in order,
    /// with normalized values in place; for a page without front matter, the
    /// typed metadata.
    pub fn output_front_matter(&self) -> Map<String, Value> {
        match &self.front_matter {
            Some(given) => {
                let mut out = given.clone();
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
