//! EPUB 3.3: one book from many documents (`--to epub -o book.epub`).
//!
//! Two steps, so that a batch converts documents in parallel and keeps in
//! memory no more than the book itself:
//!
//! 1. [`Chapter::new`] (in each worker): writes the document's content
//!    document with the XHTML profile and a resolver that packages local
//!    images, and turns every image it cannot package into a link to its
//!    URL (EPUB 3.3 §3.6: a remote image is not allowed in a content
//!    document without the `remote-resources` property and a manifest
//!    entry; a link is). The fragment can be dropped afterwards.
//! 2. [`build`]: orders the chapters, writes the package document, the
//!    navigation document, a stylesheet and a cover page, and zips it all
//!    (EPUB 3.3 §4 "Open Container Format").
//!
//! ```
//! use unpress::{Chapter, EpubOptions, Options, build_book, read_document, rewrite_document};
//!
//! let doc = read_document("---\ntitle: One\ndate: 2020-01-02\n---\n<p>Hi</p>",
//!     &Default::default()).unwrap();
//! let (fragment, _warnings) = rewrite_document(&doc, &Options::default()).unwrap();
//! let opts = EpubOptions::default();
//! let book = build_book(vec![Chapter::new(&doc, &fragment, &opts)], &opts).unwrap();
//! assert_eq!(&book.bytes[30..38], b"mimetype");
//! ```
//!
//! Determinism: the same inputs give the same bytes. Nothing reads the
//! clock: dcterms:modified is the newest document date (1980-01-01 when no
//! document has one), every zip entry carries that time, entries are in a
//! fixed order, and dc:identifier is a hash of the content (never of
//! paths). See docs/epub.md.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::xhtml::{self, Comment, Hooks, Kind, Target, XhtmlOptions};
use crate::document::{Document, Source};
use crate::html::fragment::Fragment;
use crate::html::serialize::{self as html, Flavor};

/// The order of the chapters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChapterOrder {
    /// Oldest first; documents without a date follow, in input order.
    #[default]
    Date,
    /// As the inputs were given.
    Input,
}

/// How to make a book.
#[derive(Clone, Debug, Default)]
pub struct EpubOptions {
    /// `--title`; else the title of the only (or the first) chapter.
    pub title: Option<String>,
    /// `--cover`: an image file (JPEG, PNG, GIF or WebP).
    pub cover: Option<PathBuf>,
    /// `--order date|input`.
    pub order: ChapterOrder,
    /// `--assets URL_PREFIX=DIR`: remote images under a prefix are looked
    /// up in a folder (`https://site/wp-content/uploads/` = `./uploads`).
    pub assets: Vec<(String, PathBuf)>,
    /// The folder relative image paths are resolved from; default: the
    /// folder of each document's file.
    pub base_dir: Option<PathBuf>,
    /// `--a11y-claim CONFORMANCE=CERTIFIER`: the conformance claim
    /// (`dcterms:conformsTo`) and who made it (`a11y:certifiedBy`). A
    /// converter cannot check a book against WCAG by itself, so without
    /// it no claim is made.
    pub a11y_claim: Option<(String, String)>,
}

/// A finished book.
#[derive(Clone, Debug)]
pub struct Book {
    /// The EPUB file.
    pub bytes: Vec<u8>,
    /// Remote images (and media) written as links, not packaged.
    pub remote_images_linked: usize,
    /// What the builder had to say (images not found, ...).
    pub warnings: Vec<String>,
}

/// Why a book could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("no document to put in the book")]
    Empty,
    #[error("--cover {}: cannot read: {error}", path.display())]
    Cover {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("--cover {}: not a JPEG, PNG, GIF or WebP image", path.display())]
    CoverType { path: PathBuf },
    #[error("cannot write the EPUB container: {0}")]
    Zip(String),
}

/// One document, written and ready to be packaged.
#[derive(Clone, Debug)]
pub struct Chapter {
    source: String,
    xhtml: String,
    title: String,
    lang: String,
    date: Option<jiff::Timestamp>,
    modified: Option<jiff::Timestamp>,
    author: Option<String>,
    svg: bool,
    mathml: bool,
    /// Packaged images written without alternative text.
    empty_alt: usize,
    /// Packaged images: package path -> bytes.
    images: BTreeMap<String, Vec<u8>>,
    /// A local `headimg`/featured image, for the cover.
    cover: Option<(String, Vec<u8>)>,
    remote_linked: usize,
    warnings: Vec<String>,
}

/// Front matter keys that name a post's featured image.
const COVER_KEYS: &[&str] = &["cover", "headimg", "featured_image", "image", "thumbnail"];

/// Largest image file packaged, in bytes.
const MAX_IMAGE: u64 = 64 << 20;

impl Chapter {
    /// Writes `doc` as a chapter: its images packaged when they are local
    /// (or found through `opts.assets`), linked otherwise.
    pub fn new(doc: &Document, fragment: &Fragment, opts: &EpubOptions) -> Chapter {
        Chapter::with_comments(doc, fragment, &[], opts)
    }

    /// [`Chapter::new`], with an export item's comments after the content
    /// (`--comments`; see [`crate::rewrite_comments`]).
    pub fn with_comments(
        doc: &Document,
        fragment: &Fragment,
        comments: &[Comment],
        opts: &EpubOptions,
    ) -> Chapter {
        let base = opts.base_dir.clone().or_else(|| match &doc.source {
            Source::File(p) => Some(p.parent().unwrap_or(Path::new(".")).to_path_buf()),
            // A post piped in: its relative images are where unpress runs.
            Source::Stdin => Some(PathBuf::from(".")),
            // An export's relative URLs are the site's, not local files.
            _ => None,
        });
        // An export's item links to its page on the site: root-relative
        // URLs (`/wp-content/uploads/a.jpg`) are the site's.
        let origin = match &doc.source {
            Source::Item(_) => doc
                .post
                .as_ref()
                .and_then(|p| p.link.as_deref())
                .and_then(site_origin),
            _ => None,
        };
        let images = RefCell::new(Images {
            base,
            origin,
            assets: &opts.assets,
            loaded: BTreeMap::new(),
            cache: BTreeMap::new(),
            used: Vec::new(),
            warnings: Vec::new(),
        });
        let resolver = |kind: Kind, url: &str| images.borrow_mut().resolve(kind, url);
        let lang = chapter_language(doc, fragment);
        let hooks = Hooks {
            resolver: Some(&resolver),
            lang: Some(&lang),
        };
        let chapter = XhtmlOptions {
            comments: !comments.is_empty(),
            stylesheet: Some("style.css".into()),
        };
        let written = xhtml::write_with_comments(doc, fragment, &chapter, &hooks, comments);
        let cover_name = doc.given_front_matter().and_then(|fm| {
            COVER_KEYS
                .iter()
                .filter_map(|k| fm.get(*k))
                // A URL, or an export's `featured_image: {url, alt}`.
                .filter_map(|v| v.as_str().or_else(|| v.get("url")?.as_str()))
                .find_map(|url| images.borrow_mut().load(url))
        });
        let mut images = images.into_inner();
        let cover = cover_name.and_then(|n| images.loaded.get(&n).map(|b| (n, b.clone())));
        let used = std::mem::take(&mut images.used);
        images.loaded.retain(|name, _| used.contains(name));
        // Remote images written as links are counted for the book's
        // report ([`Book::remote_images_linked`]), not warned one by one.
        let warnings = images.warnings;
        let m = &doc.meta;
        Chapter {
            source: doc.source.to_string(),
            xhtml: written.xhtml,
            title: written.title,
            lang: written.lang,
            date: m.date.as_deref().and_then(instant),
            modified: [m.date.as_deref(), m.updated.as_deref()]
                .into_iter()
                .flatten()
                .filter_map(instant)
                .max(),
            author: m.author.clone().filter(|a| !a.trim().is_empty()),
            svg: written.svg,
            mathml: written.mathml,
            empty_alt: written.empty_alt,
            images: images.loaded,
            cover,
            remote_linked: written.unavailable,
            warnings,
        }
    }

    /// The chapter's title (the `<h1>` and the table of contents entry).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What the chapter had to say (missing images, links).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// The language of a chapter. An export's items all declare the site's
/// `<language>`, which says what the site is mostly written in, not what
/// each post is: a Greek post on an English site is Greek. So a chapter
/// from an export is detected from its own text, and the declared tag
/// stays when detection is unsure or finds the same language (it may say
/// more: `en-US`). A document that declares its own language (front
/// matter, `<html lang>`) is taken at its word.
fn chapter_language(doc: &Document, fragment: &Fragment) -> String {
    let (declared, detected) = super::text::language(doc, fragment);
    if detected || !matches!(doc.source, Source::Item(_)) {
        return declared;
    }
    // The same call with nothing declared: detection from the prose alone.
    let undeclared = Document::from_html(Source::Text, "");
    let (own, _) = super::text::language(&undeclared, fragment);
    let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    if own != "und" && primary(&own) != primary(&declared) {
        own
    } else {
        declared
    }
}

/// A chapter's image lookups.
struct Images<'a> {
    base: Option<PathBuf>,
    /// `https://host` of an export's site, for root-relative URLs.
    origin: Option<String>,
    assets: &'a [(String, PathBuf)],
    /// Package path -> bytes of every image read.
    loaded: BTreeMap<String, Vec<u8>>,
    /// URL -> package path, or `None` when not found locally.
    cache: BTreeMap<String, Option<String>>,
    /// Package paths the chapter refers to.
    used: Vec<String>,
    warnings: Vec<String>,
}

impl Images<'_> {
    fn resolve(&mut self, kind: Kind, url: &str) -> Target {
        let rooted;
        let url = match &self.origin {
            Some(origin) if url.starts_with('/') && !url.starts_with("//") => {
                rooted = format!("{origin}{url}");
                rooted.as_str()
            }
            _ => url,
        };
        let absolute = has_scheme(url) || url.starts_with("//");
        let remote = if let Some(rest) = url.strip_prefix("//") {
            format!("https://{rest}")
        } else {
            url.to_owned()
        };
        match kind {
            // A link leaves the book: only absolute URLs point somewhere
            // (EPUB 3.3 §3.7: a relative one must name a packaged file).
            // A scheme outside the IANA registry (a typo such as
            // `ttps://` in the block test data) is a warning in epubcheck
            // (HTM-025): the link keeps its text and loses its `href`.
            Kind::Link | Kind::Media => {
                if absolute && registered_scheme(&remote) {
                    Target::Url(remote)
                } else {
                    if absolute {
                        self.warnings
                            .push(format!("link {url}: unknown URL scheme; kept as text"));
                    }
                    Target::Text
                }
            }
            Kind::Image => {
                if let Some(name) = self.load(url) {
                    if !self.used.contains(&name) {
                        self.used.push(name.clone());
                    }
                    return Target::Url(name);
                }
                let lower = remote.to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    if let Some((prefix, dir)) = self
                        .assets
                        .iter()
                        .find(|(p, _)| remote.starts_with(p.as_str()))
                    {
                        self.warnings.push(format!(
                            "image {url}: not in {} (--assets {prefix}={}); linked",
                            dir.display(),
                            dir.display()
                        ));
                    }
                    Target::Link(remote)
                } else {
                    if !lower.starts_with("data:") {
                        self.warnings
                            .push(format!("image {url}: not found; written as its alt text"));
                    }
                    Target::Text
                }
            }
        }
    }

    /// Finds `url` on disk and reads it; returns its package path.
    fn load(&mut self, url: &str) -> Option<String> {
        if let Some(hit) = self.cache.get(url) {
            return hit.clone();
        }
        let found = self.locate(url).and_then(|path| read_image(&path).ok());
        let name = found.map(|(bytes, ext)| {
            let name = package_name(&bytes, ext);
            self.loaded.entry(name.clone()).or_insert(bytes);
            name
        });
        self.cache.insert(url.to_owned(), name.clone());
        name
    }

    fn locate(&self, url: &str) -> Option<PathBuf> {
        let clean = |rest: &str| -> Option<PathBuf> {
            let path = rest.split(['?', '#']).next().unwrap_or(rest);
            let path = PathBuf::from(crate::html::url::percent_decode(path).as_ref());
            // Never outside the folder: no `..`, no absolute path.
            path.components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
                .then_some(path)
        };
        if has_scheme(url) || url.starts_with("//") {
            let url = url
                .strip_prefix("//")
                .map_or_else(|| url.to_owned(), |r| format!("https://{r}"));
            return self.assets.iter().find_map(|(prefix, dir)| {
                let rest = url.strip_prefix(prefix.as_str())?;
                let p = dir.join(clean(rest.trim_start_matches('/'))?);
                // A link inside the folder that leads out of it is not
                // followed: only the folder's own files are packaged.
                let canon = p.canonicalize().ok()?;
                let root = dir.canonicalize().ok()?;
                (canon.starts_with(&root) && canon.is_file()).then_some(p)
            });
        }
        let p = self
            .base
            .as_ref()?
            .join(clean(url.trim_start_matches('/'))?);
        p.is_file().then_some(p)
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn site_origin(link: &str) -> Option<String> {
    let (scheme, rest) = link.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

/// Schemes a link in a book may use: those of epubcheck 5.3's list of
/// registered URI schemes (`URISchemes`, HTM-025) that a link in a post
/// can sensibly use.
fn registered_scheme(url: &str) -> bool {
    const SCHEMES: &[&str] = &[
        "http", "https", "mailto", "tel", "ftp", "tftp", "news", "snews", "nntp", "irc", "xmpp",
        "urn", "sip", "sips", "rtsp", "gopher", "telnet", "tag", "info", "im", "pres", "ldap",
        "imap", "pop", "fax", "modem", "tv", "wais",
    ];
    url.split_once(':')
        .is_some_and(|(s, _)| SCHEMES.iter().any(|k| s.eq_ignore_ascii_case(k)))
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Reads an image and tells its type from its first bytes (the extension
/// may lie, and epubcheck compares the manifest's type with the content).
fn read_image(path: &Path) -> std::io::Result<(Vec<u8>, &'static str)> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_IMAGE {
        return Err(std::io::Error::other("too large"));
    }
    let bytes = std::fs::read(path)?;
    let ext = image_type(&bytes).ok_or_else(|| std::io::Error::other("not an image"))?;
    Ok((bytes, ext))
}

/// The extension of a core media type image (EPUB 3.3 §3.2), by magic.
fn image_type(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("gif")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

fn media_type(ext: &str) -> &'static str {
    match ext {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "css" => "text/css",
        _ => "application/xhtml+xml",
    }
}

/// Images are named after their content: the same picture used twice is
/// packaged once, and no input path leaks into the book.
fn package_name(bytes: &[u8], ext: &str) -> String {
    format!("images/{}.{ext}", &hex(&Sha256::digest(bytes))[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A normalized date (RFC 3339, or local without a zone: read as UTC, and
/// documented so) as an instant.
fn instant(date: &str) -> Option<jiff::Timestamp> {
    if let Ok(ts) = date.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let utc = jiff::tz::TimeZone::UTC;
    if let Ok(dt) = date.parse::<jiff::civil::DateTime>() {
        return dt.to_zoned(utc).ok().map(|z| z.timestamp());
    }
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned(utc).ok())
        .map(|z| z.timestamp())
}

/// Makes the book.
pub fn build(mut chapters: Vec<Chapter>, opts: &EpubOptions) -> Result<Book, EpubError> {
    if chapters.is_empty() {
        return Err(EpubError::Empty);
    }
    if opts.order == ChapterOrder::Date {
        // Stable: equal dates and undated chapters keep input order.
        chapters.sort_by_key(|c| (c.date.is_none(), c.date));
    }
    let mut warnings: Vec<String> = Vec::new();
    for c in &chapters {
        warnings.extend(c.warnings.iter().map(|w| format!("{}: {w}", c.source)));
    }
    let remote_images_linked = chapters.iter().map(|c| c.remote_linked).sum();
    if remote_images_linked > 0 {
        warnings.push(format!(
            "{remote_images_linked} remote image(s) or media are linked, not packaged; to package them, give --assets URL_PREFIX=DIR"
        ));
    }
    let modified = chapters
        .iter()
        .filter_map(|c| c.modified)
        .max()
        .unwrap_or(jiff::Timestamp::from_second(315_532_800).unwrap_or_default());
    let title = opts
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| chapters[0].title.clone());
    let languages = languages(&chapters);
    let primary = languages.first().cloned().unwrap_or_else(|| "und".into());
    let mut creators: Vec<String> = Vec::new();
    for a in chapters.iter().filter_map(|c| c.author.as_ref()) {
        if !creators.contains(a) {
            creators.push(a.clone());
        }
    }

    // Images: every chapter's, and the cover.
    let mut images: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for c in &mut chapters {
        images.append(&mut c.images);
    }
    let cover = match &opts.cover {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|error| EpubError::Cover {
                path: path.clone(),
                error,
            })?;
            let ext =
                image_type(&bytes).ok_or_else(|| EpubError::CoverType { path: path.clone() })?;
            Some((package_name(&bytes, ext), bytes))
        }
        None => chapters.iter_mut().find_map(|c| c.cover.take()),
    };
    let cover_name = cover.as_ref().map(|(n, _)| n.clone());
    if let Some((name, bytes)) = cover {
        images.entry(name).or_insert(bytes);
    }

    let width = chapters.len().to_string().len().max(3);
    let names: Vec<String> = (1..=chapters.len())
        .map(|i| format!("chapter-{i:0width$}.xhtml"))
        .collect();

    // dc:identifier: a hash of what the book holds (EPUB 3.3 §5.5.3.1.1
    // asks for an identifier that stays the same for the same book).
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    for c in &chapters {
        h.update([0]);
        h.update(c.xhtml.as_bytes());
    }
    for (name, bytes) in &images {
        h.update([0]);
        h.update(name.as_bytes());
        h.update(bytes);
    }
    let identifier = uuid_urn(&h.finalize());

    let modified_text = modified.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let access = Access {
        images: images.len(),
        empty_alt: chapters.iter().map(|c| c.empty_alt).sum(),
        animated: images.values().filter(|b| is_animated(b)).count(),
        claim: opts.a11y_claim.as_ref(),
    };
    let opf = package_document(&PackageInfo {
        identifier: &identifier,
        title: &title,
        languages: &languages,
        creators: &creators,
        modified: &modified_text,
        chapters: &chapters,
        names: &names,
        images: &images,
        cover: cover_name.as_deref(),
        access: &access,
    });
    let nav = nav_document(&title, &primary, &chapters, &names, cover_name.is_some());

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert(
        "META-INF/container.xml".into(),
        CONTAINER.as_bytes().to_vec(),
    );
    files.insert("EPUB/package.opf".into(), opf.into_bytes());
    files.insert("EPUB/nav.xhtml".into(), nav.into_bytes());
    files.insert("EPUB/style.css".into(), STYLESHEET.as_bytes().to_vec());
    if let Some(name) = &cover_name {
        files.insert(
            "EPUB/cover.xhtml".into(),
            cover_page(&title, &primary, name).into_bytes(),
        );
    }
    for (c, name) in chapters.into_iter().zip(&names) {
        files.insert(format!("EPUB/{name}"), c.xhtml.into_bytes());
    }
    for (name, bytes) in images {
        files.insert(format!("EPUB/{name}"), bytes);
    }
    let bytes = zip_book(files, modified).map_err(|e| EpubError::Zip(e.to_string()))?;
    Ok(Book {
        bytes,
        remote_images_linked,
        warnings,
    })
}

/// The chapters' languages, most chapters first (ties: first in the
/// spine); `und` only when nothing else is known. The first is the
/// book's (EPUB 3.3 §5.5.3.1.3: the first dc:language is the primary).
fn languages(chapters: &[Chapter]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in chapters.iter().filter(|c| c.lang != "und") {
        match counts.iter_mut().find(|(l, _)| *l == c.lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.lang.clone(), 1)),
        }
    }
    // Stable: equal counts stay in spine order.
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let langs: Vec<String> = counts.into_iter().map(|(l, _)| l).collect();
    if langs.is_empty() {
        vec!["und".into()]
    } else {
        langs
    }
}

/// A name-based UUID (RFC 9562 version 8: custom, from a SHA-256).
fn uuid_urn(hash: &[u8]) -> String {
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// Figures and captions, and the links that stand for remote images.
const STYLESHEET: &str = "\
figure { margin: 1em 0; text-align: center; }
figure img, img { max-width: 100%; height: auto; }
figcaption { margin-top: 0.3em; font-size: 0.9em; font-style: italic; }
figure figure { display: inline-block; margin: 0.3em; vertical-align: top; }
a.remote-image, a.remote-media, span.remote-image { display: block; padding: 0.5em; border: 1px dashed #999; }
blockquote { margin: 1em 1.5em; }
pre { white-space: pre-wrap; }
table { border-collapse: collapse; }
td, th { padding: 0.2em 0.4em; border: 1px solid #999; }
.cover { margin: 0; text-align: center; }
";

struct PackageInfo<'a> {
    identifier: &'a str,
    title: &'a str,
    languages: &'a [String],
    creators: &'a [String],
    modified: &'a str,
    chapters: &'a [Chapter],
    names: &'a [String],
    images: &'a BTreeMap<String, Vec<u8>>,
    cover: Option<&'a str>,
    access: &'a Access<'a>,
}

/// What the package says about the book's accessibility.
struct Access<'a> {
    /// Packaged images (the cover included).
    images: usize,
    /// Of those, written without alternative text.
    empty_alt: usize,
    /// Of those, animated (GIF, APNG, WebP with more than one frame).
    animated: usize,
    claim: Option<&'a (String, String)>,
}

impl Access<'_> {
    /// The accessibility metadata (EPUB Accessibility 1.1 §2.1 and the
    /// DAISY Accessibility Metadata guide, schema.org terms), each entry
    /// only what unpress knows of the book:
    ///
    /// - `accessMode`: `textual`, and `visual` when images are packaged
    ///   (a remote image is a link: text).
    /// - `accessModeSufficient`: `textual` when no packaged image lacks
    ///   alternative text; with images, `textual,visual` as well.
    /// - `accessibilityFeature`: the navigation document's table of
    ///   contents, headings that follow the outline, one reading order
    ///   (the spine); `alternativeText` only when every packaged image
    ///   has one.
    /// - `accessibilityHazard`: `none`, unless an animated image is
    ///   packaged (it may flash: unpress cannot tell, so `unknown`). No
    ///   audio or video is ever packaged (docs/epub.md).
    /// - `accessibilitySummary`: the same in words.
    /// - a conformance claim only when the user makes one (`--a11y-claim`).
    fn metadata(&self, o: &mut String) {
        let esc = |s: &str| {
            let mut out = String::new();
            html::escape(s, false, Flavor::Xhtml, &mut out);
            out
        };
        let meta = |o: &mut String, property: &str, value: &str| {
            o.push_str(&format!("<meta property=\"{property}\">{value}</meta>\n"));
        };
        meta(o, "schema:accessMode", "textual");
        if self.images > 0 {
            meta(o, "schema:accessMode", "visual");
            meta(o, "schema:accessModeSufficient", "textual,visual");
        }
        if self.empty_alt == 0 {
            meta(o, "schema:accessModeSufficient", "textual");
        }
        for feature in ["structuralNavigation", "tableOfContents", "readingOrder"] {
            meta(o, "schema:accessibilityFeature", feature);
        }
        if self.images > 0 && self.empty_alt == 0 {
            meta(o, "schema:accessibilityFeature", "alternativeText");
        }
        if self.animated > 0 {
            meta(o, "schema:accessibilityHazard", "unknown");
        } else {
            meta(o, "schema:accessibilityHazard", "none");
        }
        meta(o, "schema:accessibilitySummary", &esc(&self.summary()));
        if let Some((conformance, certifier)) = self.claim {
            meta(o, "dcterms:conformsTo", &esc(conformance));
            meta(o, "a11y:certifiedBy", &esc(certifier));
        }
    }

    fn summary(&self) -> String {
        let mut s = String::from(
            "Converted from web pages by unpress. A table of contents lists every chapter; each chapter is one document in reading order, its title the first heading and its headings nested without skipping a level.",
        );
        s.push(' ');
        s.push_str(&match (self.images, self.empty_alt) {
            (0, _) => "No image is packaged: images on the web are links with their alternative text or caption.".to_owned(),
            (n, 0) => format!("Every packaged image ({n}) has alternative text."),
            (n, m) => format!("{m} of the {n} packaged images have no alternative text."),
        });
        if self.animated > 0 {
            s.push_str(&format!(
                " {} animated image(s) are packaged; whether they flash was not checked.",
                self.animated
            ));
        }
        match self.claim {
            Some((conformance, certifier)) => s.push_str(&format!(
                " Conformance claimed: {conformance}, by {certifier}."
            )),
            None => s.push_str(" No conformance to an accessibility standard is claimed."),
        }
        s
    }
}

/// Whether an image file is animated, as each format marks it: a GIF's
/// looping application extension (`NETSCAPE2.0`, which animated GIF
/// encoders write), an `acTL` chunk before `IDAT` (APNG), an `ANIM`
/// chunk in an extended WebP.
fn is_animated(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    match image_type(bytes) {
        Some("gif") => has(b"NETSCAPE2.0") || has(b"ANIMEXTS1.0"),
        Some("png") => {
            let idat = bytes.windows(4).position(|w| w == b"IDAT");
            let actl = bytes.windows(4).position(|w| w == b"acTL");
            matches!((actl, idat), (Some(a), Some(i)) if a < i)
        }
        Some("webp") => bytes.get(12..16) == Some(b"VP8X") && has(b"ANIM"),
        _ => false,
    }
}

/// The package document (EPUB 3.3 §5).
fn package_document(p: &PackageInfo<'_>) -> String {
    let esc = |s: &str| {
        let mut out = String::new();
        html::escape(s, true, Flavor::Xhtml, &mut out);
        out
    };
    let primary = p.languages.first().map_or("und", String::as_str);
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"{}\"{}>\n",
        esc(primary),
        if crate::lang::is_rtl(primary) { " dir=\"rtl\"" } else { "" }
    ));
    o.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    o.push_str(&format!(
        "<dc:identifier id=\"book-id\">{}</dc:identifier>\n",
        p.identifier
    ));
    o.push_str(&format!("<dc:title>{}</dc:title>\n", esc(p.title)));
    for l in p.languages {
        o.push_str(&format!("<dc:language>{}</dc:language>\n", esc(l)));
    }
    for c in p.creators {
        o.push_str(&format!("<dc:creator>{}</dc:creator>\n", esc(c)));
    }
    o.push_str(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>\n",
        p.modified
    ));
    p.access.metadata(&mut o);
    o.push_str("</metadata>\n<manifest>\n");
    o.push_str("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    o.push_str("<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");
    if p.cover.is_some() {
        o.push_str(
            "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
        );
    }
    for (c, name) in p.chapters.iter().zip(p.names) {
        let props: Vec<&str> = [(c.svg, "svg"), (c.mathml, "mathml")]
            .into_iter()
            .filter_map(|(on, p)| on.then_some(p))
            .collect();
        o.push_str(&format!(
            "<item id=\"{}\" href=\"{name}\" media-type=\"application/xhtml+xml\"{}/>\n",
            name.trim_end_matches(".xhtml"),
            if props.is_empty() {
                String::new()
            } else {
                format!(" properties=\"{}\"", props.join(" "))
            }
        ));
    }
    for name in p.images.keys() {
        let ext = name.rsplit('.').next().unwrap_or_default();
        let stem = name
            .trim_start_matches("images/")
            .split('.')
            .next()
            .unwrap_or_default();
        o.push_str(&format!(
            "<item id=\"img-{stem}\" href=\"{name}\" media-type=\"{}\"{}/>\n",
            media_type(ext),
            if p.cover == Some(name.as_str()) {
                " properties=\"cover-image\""
            } else {
                ""
            }
        ));
    }
    o.push_str("</manifest>\n");
    o.push_str(&format!(
        "<spine{}>\n",
        if crate::lang::is_rtl(primary) {
            " page-progression-direction=\"rtl\""
        } else {
            ""
        }
    ));
    if p.cover.is_some() {
        o.push_str("<itemref idref=\"cover\"/>\n");
    }
    for name in p.names {
        o.push_str(&format!(
            "<itemref idref=\"{}\"/>\n",
            name.trim_end_matches(".xhtml")
        ));
    }
    o.push_str("</spine>\n</package>\n");
    o
}

/// The head of the book's own XHTML documents (nav, cover).
fn page_head(o: &mut String, title: &str, lang: &str) {
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    o.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    o.push_str(&format!(" lang=\"{lang}\" xml:lang=\"{lang}\""));
    if crate::lang::is_rtl(lang) {
        o.push_str(" dir=\"rtl\"");
    }
    o.push_str(">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    html::escape(title, false, Flavor::Xhtml, o);
    o.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n",
    );
}

/// The navigation document (EPUB 3.3 §7): a table of contents, each entry
/// in its chapter's language.
///
/// The toc carries DPUB-ARIA's `doc-toc` beside its epub:type; a hidden
/// landmarks nav (EPUB 3.3 §7.4.3) points at the cover and the first
/// chapter, for reading systems that offer "go to". (Not at the toc: the
/// navigation document is not in the spine, and a landmark must be, RSC-011.)
fn nav_document(
    title: &str,
    lang: &str,
    chapters: &[Chapter],
    names: &[String],
    cover: bool,
) -> String {
    let mut o = String::new();
    page_head(&mut o, title, lang);
    o.push_str("<body>\n<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>");
    html::escape(title, false, Flavor::Xhtml, &mut o);
    o.push_str("</h1>\n<ol>\n");
    for (c, name) in chapters.iter().zip(names) {
        o.push_str("<li");
        if c.lang != lang {
            o.push_str(&format!(" lang=\"{0}\" xml:lang=\"{0}\"", c.lang));
            if crate::lang::is_rtl(&c.lang) != crate::lang::is_rtl(lang) {
                o.push_str(if crate::lang::is_rtl(&c.lang) {
                    " dir=\"rtl\""
                } else {
                    " dir=\"ltr\""
                });
            }
        }
        o.push_str(&format!("><a href=\"{name}\">"));
        html::escape(&c.title, false, Flavor::Xhtml, &mut o);
        o.push_str("</a></li>\n");
    }
    o.push_str("</ol>\n</nav>\n");
    // The labels are English whatever the book's language.
    o.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" lang=\"en\" xml:lang=\"en\">\n<h2>Landmarks</h2>\n<ol>\n");
    if cover {
        o.push_str("<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
    }
    if let Some(first) = names.first() {
        o.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{first}\">Start of content</a></li>\n"
        ));
    }
    o.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    o
}

fn cover_page(title: &str, lang: &str, image: &str) -> String {
    let mut o = String::new();
    page_head(&mut o, title, lang);
    // DPUB-ARIA's `doc-cover` names the image, so epub:type goes with it.
    o.push_str(
        "<body>\n<section class=\"cover\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"",
    );
    html::escape(image, true, Flavor::Xhtml, &mut o);
    o.push_str("\" alt=\"");
    html::escape(title, true, Flavor::Xhtml, &mut o);
    o.push_str("\"/>\n</section>\n</body>\n</html>\n");
    o
}

/// Zips the book: `mimetype` first, stored, without extra fields (EPUB 3.3
/// §4.2.3 / OCF ZIP container), then the other files in name order, each
/// stamped with the book's dcterms:modified (clamped to what a zip can
/// say, 1980-2107). Each file's bytes are freed once written.
fn zip_book(
    mut files: BTreeMap<String, Vec<u8>>,
    modified: jiff::Timestamp,
) -> zip::result::ZipResult<Vec<u8>> {
    let total: usize = files.values().map(Vec::len).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 2 + 1024)));
    let civil = modified.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let time = zip::DateTime::from_date_and_time(
        civil.year().clamp(1980, 2107) as u16,
        civil.month() as u8,
        civil.day() as u8,
        civil.hour() as u8,
        civil.minute() as u8,
        civil.second() as u8,
    )
    .unwrap_or_default();
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    zip.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )?;
    zip.write_all(b"application/epub+zip")?;
    while let Some((name, bytes)) = files.pop_first() {
        // Images are compressed already; deflating them again buys nothing.
        let method = if name.starts_with("EPUB/images/") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(name, base.compression_method(method))?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_names() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("/x"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(image_type(b"<svg"), None);
        let u = uuid_urn(&[0xab; 32]);
        assert_eq!(u, "urn:uuid:abababab-abab-8bab-abab-abababababab");
        assert_eq!(
            instant("2019-03-04T10:20:30").map(|t| t.as_second()),
            instant("2019-03-04T10:20:30Z").map(|t| t.as_second())
        );
        assert!(instant("2015-06-01").is_some());
    }
}
