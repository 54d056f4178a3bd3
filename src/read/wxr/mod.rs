//! WordPress exports (WXR): every post, page and custom post type of an
//! export becomes a [`Document`], streamed, one item at a time.
//!
//! ```no_run
//! use std::path::Path;
//! use unpress::read::wxr::{self, WxrOptions};
//!
//! # fn main() -> Result<(), unpress::error::Error> {
//! let path = Path::new("export.xml");
//! let opts = WxrOptions::default();
//! let export = wxr::scan(path, &opts)?;          // pass 1: the small maps
//! for entry in export.documents()? {             // pass 2: one item at a time
//!     match entry {
//!         Ok(doc) => println!("{} -> {}", doc.document.source, doc.rel.display()),
//!         Err(e) => eprintln!("{e}"),            // a bad item: the rest go on
//!     }
//! }
//! println!("skipped: {:?}", export.skipped());
//! # Ok(()) }
//! ```
//!
//! - [`is_wxr`] sniffs a file: an RSS root with the WordPress export
//!   namespace (1.0 to 1.2), or a namespace-less RSS whose items use `wp:`
//!   or `content:encoded` (the fragments Hexo's migrator reads).
//! - [`scan`] is the first streaming pass. Posts may use attachments,
//!   authors and terms that come later in the file (in 64-block-test-data.xml
//!   items 14-23 show images whose attachments are items 64-72), so this
//!   pass builds the media map (attachment id -> URL, alt, caption,
//!   description), the authors (login -> display name), the terms, the site
//!   (title, link, language, base URL), counts by type and status, and
//!   assigns every kept item its output path (so names and collisions do not
//!   depend on the second pass) and old permalink -> new path.
//! - [`Export::documents`] is the second pass: one [`WxrDocument`] per kept
//!   item, in file order. A bad item is an `Err` naming file, line and
//!   column, and the iteration goes on. Memory is the largest item plus the
//!   maps.
//! - An export on stdin: [`spool`] copies it to a temporary file first.
//!
//! Rules, as in WordPress: attachments are not documents but feed the media
//! map; `nav_menu_item`, `revision`, `customize_changeset`, `wp_*` and other
//! internal types are skipped; `trash`, `auto-draft` and `inherit` statuses
//! are skipped; everything else converts, with `draft: true` unless
//! published. All skips are counted by reason in [`Export::skipped`].
//!
//! The front matter of each document: see `docs/wxr.md`. Approved comments
//! are under the key [`COMMENTS_KEY`].

mod build;
mod channel;
mod footnotes;
mod item;
mod layout;
mod serialized;
mod split;
mod xml;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::document::COMMENTS_KEY;
pub use channel::{Author, ChannelInfo, Term};
pub use layout::{Day, Layout};

use crate::document::{Document, Media, MediaMap, Source, Uploads};
use crate::error::{Error, Position};
use crate::read::ReadOptions;
use channel::ChannelParser;
use item::{RawItem, non_empty};
use layout::{NameParts, Names};
use split::{DoctypeScan, Kind, Pos, Segment, Splitter};

/// How to read an export.
#[derive(Clone, Debug, Default)]
pub struct WxrOptions {
    /// Convert only items with these statuses (`--status`); `None`: all
    /// that the rules keep.
    pub statuses: Option<Vec<String>>,
    /// Convert only these post types (`--post-type`).
    pub post_types: Option<Vec<String>>,
    /// Keep `_private` post meta in `custom_fields` too.
    pub private_meta: bool,
    /// Leave password-protected items out: the site shows their content
    /// to no one without the password (a book's default).
    pub public_only: bool,
    /// Where documents go under the output folder (`--layout`, `--site`).
    pub layout: Layout,
    /// With a site layout: every converted document is published, drafts
    /// too (`--status` named the statuses), so none goes to `_drafts/`.
    pub publish_listed: bool,
    /// How bodies and dates are read.
    pub read: ReadOptions,
}

/// One converted item and where it goes.
#[derive(Clone, Debug)]
pub struct WxrDocument {
    pub document: Document,
    /// The output path relative to the output folder, without extension:
    /// `post/hello-world`, `page/about`.
    pub rel: PathBuf,
}

/// Post types that are WordPress's own machinery, not content.
const SKIP_TYPES: &[&str] = &[
    "nav_menu_item",
    "revision",
    "customize_changeset",
    "custom_css",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_global_styles",
    "wp_navigation",
    "wp_template",
    "wp_template_part",
    "wp_font_family",
    "wp_font_face",
];

/// Statuses never converted: deleted, never saved, or a revision's.
const SKIP_STATUSES: &[&str] = &["trash", "auto-draft", "inherit"];

/// What the rules do with an item.
enum Fate {
    Media,
    Skip(String),
    Document,
}

fn fate(item: &RawItem, opts: &WxrOptions) -> Fate {
    let post_type = item.post_type();
    let status = item.status();
    if post_type == "attachment" {
        return Fate::Media;
    }
    if SKIP_TYPES.contains(&post_type) || post_type.starts_with("wp_") {
        return Fate::Skip(format!("type {post_type}"));
    }
    if SKIP_STATUSES.contains(&status) {
        return Fate::Skip(format!("status {status}"));
    }
    if let Some(types) = &opts.post_types
        && !types.iter().any(|t| t == post_type)
    {
        return Fate::Skip(format!("--post-type leaves out {post_type}"));
    }
    if let Some(statuses) = &opts.statuses
        && !statuses.iter().any(|s| s == status)
    {
        return Fate::Skip(format!("--status leaves out {status}"));
    }
    if opts.public_only
        && item
            .post_password
            .as_deref()
            .is_some_and(|p| !p.trim().is_empty())
    {
        return Fate::Skip(
            "password-protected (name the statuses with --status to include them)".into(),
        );
    }
    Fate::Document
}

/// A kept item's addresses: where it was on the old site, where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The output path, relative, without extension (as [`Export::planned`]).
    pub rel: PathBuf,
    /// `wp:post_id`: the old site answered `?p=ID` (`?page_id=ID`) with it.
    pub id: Option<u64>,
    /// `post`, `page` or a custom type.
    pub post_type: String,
    /// `<link>`: the old permalink.
    pub link: Option<String>,
    /// `<guid>`, often `https://site/?p=ID`.
    pub guid: Option<String>,
    /// `_wp_old_slug` values: slugs the item had before.
    pub old_slugs: Vec<String>,
    /// Published without a password (or its status was named with
    /// `--status` for a site): its addresses may be told.
    pub public: bool,
}

/// The first pass over an export: its maps, counts and output names.
#[derive(Debug)]
pub struct Export {
    path: PathBuf,
    /// What messages call the export: its path, or `<stdin>` for one
    /// spooled from standard input.
    shown: PathBuf,
    opts: WxrOptions,
    pub channel: ChannelInfo,
    /// The channel's `<language>` in BCP 47 form.
    pub lang: Option<String>,
    pub authors: BTreeMap<String, Author>,
    pub terms: Vec<Term>,
    pub media: MediaMap,
    /// The attachments' URLs, handed to every document of the export.
    pub uploads: Arc<Uploads>,
    counts: BTreeMap<(String, String), usize>,
    skipped: BTreeMap<String, usize>,
    /// By item number (0-based): the output path of a kept item.
    plans: Vec<Option<PathBuf>>,
    addresses: Vec<Address>,
    bad_items: usize,
    comments: usize,
    warnings: Vec<String>,
}

impl Export {
    /// Items skipped by rule or filter, counted by reason (`attachment`,
    /// `type nav_menu_item`, `status trash`, `--status leaves out draft`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What messages and document sources call the export (`<stdin>` for
    /// one spooled from standard input).
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Items skipped by rule, counted by reason.
    pub fn skipped(&self) -> &BTreeMap<String, usize> {
        &self.skipped
    }

    /// Every well-formed item, counted by (post type, status).
    pub fn counts(&self) -> &BTreeMap<(String, String), usize> {
        &self.counts
    }

    /// The number of items that become documents.
    pub fn document_count(&self) -> usize {
        self.plans.iter().filter(|p| p.is_some()).count()
    }

    /// Items that could not be read (each is an `Err` of [`documents`]).
    ///
    /// [`documents`]: Export::documents
    pub fn bad_items(&self) -> usize {
        self.bad_items
    }

    /// Approved comments over all converted items.
    pub fn comment_count(&self) -> usize {
        self.comments
    }

    /// The output names of the items that become documents, in file
    /// order: `post/hello-world`, `page/about`.
    pub fn planned(&self) -> impl Iterator<Item = &Path> {
        self.plans.iter().flatten().map(PathBuf::as_path)
    }

    /// Where each kept item was on the old site and where it goes, in
    /// file order: what a migration's link map is made of.
    pub fn addresses(&self) -> &[Address] {
        &self.addresses
    }

    /// Things about the whole export worth telling (no items at all...).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The second pass: one entry per kept item, in file order, and an
    /// `Err` for each bad item or broken piece of channel.
    pub fn documents(&self) -> Result<Documents<'_>, Error> {
        let file = File::open(&self.path).map_err(|error| Error::Read {
            input: Source::File(self.shown.clone()),
            error,
        })?;
        Ok(Documents {
            export: self,
            splitter: Splitter::new(file, self.opts.read.max_bytes),
            channel: ChannelParser::default(),
            ordinal: 0,
            pending: VecDeque::new(),
            saw_unclosed: false,
            done: false,
        })
    }

    fn error_at(&self, at: Pos, message: String) -> Error {
        Error::Wxr {
            at: Position {
                source: Source::File(self.shown.clone()),
                line_col: Some((at.line, at.col)),
            },
            message,
        }
    }
}

fn read_error(path: &Path, error: io::Error) -> Error {
    Error::Read {
        input: Source::File(path.to_path_buf()),
        error,
    }
}

/// True when the file looks like a WordPress export (see [`is_wxr_head`]).
pub fn is_wxr(path: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(HEAD);
    File::open(path)?.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(is_wxr_head(&head))
}

/// How much of a file [`is_wxr_head`] wants.
pub const HEAD: usize = 64 * 1024;

/// True when the first bytes of a file are a WordPress export: the root
/// element is `<rss>`, and either the WordPress export namespace is
/// declared, or no `wp` prefix is declared and the items use `wp:` or
/// `content:encoded` anyway.
pub fn is_wxr_head(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let Some(root) = root_element(&text) else {
        return false;
    };
    if root != "rss" {
        return false;
    }
    if text.contains("wordpress.org/export/1.") {
        return true;
    }
    // Namespace-less: the prefixes are used without being declared.
    (!text.contains("xmlns:wp=") && text.contains("<wp:"))
        || (!text.contains("xmlns:content=") && text.contains("<content:encoded"))
}

/// The name of the first element, after the declaration, comments,
/// processing instructions and a DOCTYPE.
fn root_element(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = &r[declaration_end(r)?..];
        } else {
            let r = rest.strip_prefix('<')?;
            let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(&r[..end]);
        }
    }
}

/// The index just after the `>` that ends a `<!DOCTYPE ...>` (given
/// without its `<!`): an internal subset `[...]` may hold `>` in entity
/// declarations and comments, and quoted strings may hold anything.
fn declaration_end(text: &str) -> Option<usize> {
    DoctypeScan::default().feed(text.as_bytes())
}

/// Copies an export read from stdin (or any reader) to a temporary file,
/// which both passes then read. The file is deleted when dropped. A NUL
/// byte (never allowed in XML) stops the copy with an error: an endless
/// stream of zeros is refused at once, not copied until the disk is full.
pub fn spool(reader: &mut dyn Read) -> io::Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new()?;
    let mut buf = vec![0u8; 256 * 1024];
    let mut offset = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(at) = memchr::memchr(0, &buf[..n]) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a NUL byte at offset {}: this is not an XML export",
                    offset + at as u64
                ),
            ));
        }
        file.as_file_mut().write_all(&buf[..n])?;
        offset += n as u64;
    }
    Ok(file)
}

/// The first pass: reads the whole export once, keeping only the maps.
pub fn scan(path: &Path, opts: &WxrOptions) -> Result<Export, Error> {
    scan_as(path, path, opts)
}

/// [`scan`], with messages and document sources naming the export
/// `shown` (`<stdin>` for an export spooled from standard input).
pub fn scan_as(path: &Path, shown: &Path, opts: &WxrOptions) -> Result<Export, Error> {
    let file = File::open(path).map_err(|error| Error::Read {
        input: Source::File(shown.to_path_buf()),
        error,
    })?;
    let mut splitter = Splitter::new(file, opts.read.max_bytes);
    let mut channel = ChannelParser::default();
    let mut export = Export {
        path: path.to_path_buf(),
        shown: shown.to_path_buf(),
        opts: opts.clone(),
        channel: ChannelInfo::default(),
        lang: None,
        authors: BTreeMap::new(),
        terms: Vec::new(),
        media: MediaMap::new(),
        uploads: Arc::default(),
        counts: BTreeMap::new(),
        skipped: BTreeMap::new(),
        plans: Vec::new(),
        addresses: Vec::new(),
        bad_items: 0,
        comments: 0,
        warnings: Vec::new(),
    };
    let mut kept = Vec::new();
    let mut channel_errors = 0;
    while let Some(seg) = splitter.next_segment().map_err(|e| read_error(shown, e))? {
        match seg.kind {
            Kind::Channel => channel_errors += channel.feed(&seg).len(),
            Kind::Unclosed => {
                export.plans.push(None);
                export.bad_items += 1;
            }
            Kind::Item => match item::parse(&seg.bytes, channel.scopes()) {
                Ok(item) => {
                    if let Some(k) = plan(&mut export, &item, opts, seg.start.line) {
                        kept.push(k);
                    }
                    export.plans.push(None);
                }
                Err(_) => {
                    export.plans.push(None);
                    export.bad_items += 1;
                }
            },
        }
    }
    name_items(&mut export, kept, opts.layout);
    export.channel = channel.info;
    export.lang = export
        .channel
        .language
        .as_deref()
        .map(crate::read::front_matter::bcp47)
        .filter(|l| !l.is_empty());
    export.authors = channel.authors;
    export.terms = channel.terms;
    export.uploads = Arc::new(Uploads::from_media(&export.media));
    if export.plans.is_empty() {
        // A broken channel is reported by the second pass; say nothing twice.
        if channel_errors == 0 {
            export
                .warnings
                .push("the export has no items: no post or page to convert".into());
        }
    } else if export.document_count() == 0 && export.bad_items == 0 {
        export.warnings.push(format!(
            "none of the {} item(s) is a post or page to convert (skipped: {})",
            export.plans.len(),
            export
                .skipped
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(export)
}

/// Counts an item, files attachments in the media map, and names kept
/// items.
fn plan(export: &mut Export, item: &RawItem, opts: &WxrOptions, line: usize) -> Option<Kept> {
    *export
        .counts
        .entry((item.post_type().to_owned(), item.status().to_owned()))
        .or_default() += 1;
    match fate(item, opts) {
        Fate::Media => {
            if let Some(id) = item.id() {
                export.media.insert(id, media(item));
            }
            *export.skipped.entry("attachment".into()).or_default() += 1;
            None
        }
        Fate::Skip(reason) => {
            *export.skipped.entry(reason).or_default() += 1;
            None
        }
        Fate::Document => {
            let date = non_empty(&item.post_date);
            let day = date.and_then(Day::parse);
            if let (Some(date), None, Layout::DateFolders | Layout::DatePrefix) =
                (date, day, opts.layout)
                && !date.starts_with("0000-00-00")
            {
                export.warnings.push(format!(
                    "the item on line {line} has the post date {:?}, which is not a date (YYYY-MM-DD); its file is named without one",
                    crate::file_name::cut(date, 40)
                ));
            }
            export.comments += item
                .comments
                .iter()
                .filter(|c| non_empty(&c.approved) == Some("1"))
                .count();
            Some(Kept {
                index: export.plans.len(),
                line,
                post_type: item.post_type().to_owned(),
                slug: non_empty(&item.post_name).map(str::to_owned),
                title: non_empty(&item.title).map(str::to_owned),
                id: item.id(),
                parent: non_empty(&item.post_parent)
                    .and_then(|p| p.parse().ok())
                    .filter(|p| *p != 0),
                day,
                draft: crate::site::is_draft_status(item.status()) && !opts.publish_listed,
                public: opts.publish_listed
                    || (item.status() == "publish" && non_empty(&item.post_password).is_none()),
                link: non_empty(&item.link).map(str::to_owned),
                guid: non_empty(&item.guid).map(str::to_owned),
                old_slugs: item
                    .meta
                    .iter()
                    .filter(|(k, v)| k == "_wp_old_slug" && !v.trim().is_empty())
                    .map(|(_, v)| v.trim().to_owned())
                    .collect(),
            })
        }
    }
}

/// A kept item, named once every item is known (a page's parent may come
/// after it in the file).
struct Kept {
    /// Its number among the export's items (0-based).
    index: usize,
    /// The line its `<item>` starts on.
    line: usize,
    post_type: String,
    slug: Option<String>,
    title: Option<String>,
    id: Option<u64>,
    parent: Option<u64>,
    day: Option<Day>,
    draft: bool,
    link: Option<String>,
    guid: Option<String>,
    old_slugs: Vec<String>,
    public: bool,
}

/// Names the kept items in file order: each page with the names of its
/// ancestors (for the site layouts), and the old addresses of each.
fn name_items(export: &mut Export, kept: Vec<Kept>, layout: Layout) {
    fn parts_of(k: &Kept) -> NameParts<'_> {
        NameParts {
            post_type: &k.post_type,
            slug: k.slug.as_deref(),
            title: k.title.as_deref(),
            id: k.id,
            ordinal: k.index + 1,
            day: k.day,
            draft: k.draft,
            parents: Vec::new(),
            has_children: false,
        }
    }
    let pages: HashMap<u64, (&Kept, String)> = kept
        .iter()
        .filter(|k| k.post_type == "page")
        .filter_map(|k| Some((k.id?, (k, Names::base(&parts_of(k))))))
        .collect();
    let parents: std::collections::HashSet<u64> = pages
        .values()
        .filter_map(|(k, _)| k.parent)
        .filter(|p| pages.contains_key(p))
        .collect();
    let mut names = Names::default();
    if layout == Layout::Site(crate::site::Site::Hugo) {
        // A section's list page has the folder's URL: no page takes it.
        names.reserve("content/posts");
        for k in kept
            .iter()
            .filter(|k| !matches!(k.post_type.as_str(), "post" | "page"))
        {
            if let Some(folder) = crate::file_name::safe_name(&k.post_type) {
                names.reserve(&format!("content/{folder}"));
            }
        }
    }
    for k in &kept {
        let mut parts = parts_of(k);
        if k.post_type == "page" {
            parts.has_children = k.id.is_some_and(|id| parents.contains(&id));
            // Ancestors, nearest first, with a guard against cycles and
            // absurd depth.
            let mut at = k.parent;
            let mut seen = vec![k.id];
            while let Some(id) = at
                && parts.parents.len() < 16
                && !seen.contains(&Some(id))
                && let Some((parent, name)) = pages.get(&id)
            {
                parts.parents.push(name.clone());
                seen.push(Some(id));
                at = parent.parent;
            }
            parts.parents.reverse();
        }
        let rel = names.assign(&parts, layout);
        if names.renamed() {
            export.warnings.push(format!(
                "the item on line {} has the output name of an earlier item; written as {} (with its own URL)",
                k.line,
                rel.display()
            ));
        }
        export.addresses.push(Address {
            rel: rel.clone(),
            id: k.id,
            post_type: k.post_type.clone(),
            link: k.link.clone(),
            guid: k.guid.clone(),
            old_slugs: k.old_slugs.clone(),
            public: k.public,
        });
        export.plans[k.index] = Some(rel);
    }
}

/// An attachment as the media map keeps it.
fn media(item: &RawItem) -> Media {
    let url = non_empty(&item.attachment_url)
        .or_else(|| non_empty(&item.guid))
        .unwrap_or_default();
    Media {
        url: url.to_owned(),
        alt: item
            .meta("_wp_attachment_image_alt")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        caption: non_empty(&item.excerpt).unwrap_or_default().to_owned(),
        description: non_empty(&item.content).unwrap_or_default().to_owned(),
        parent: non_empty(&item.post_parent)
            .and_then(|p| p.parse().ok())
            .filter(|p| *p != 0),
        page: non_empty(&item.link).unwrap_or_default().to_owned(),
    }
}

/// The second pass, as an iterator (see [`Export::documents`]).
pub struct Documents<'a> {
    export: &'a Export,
    splitter: Splitter<File>,
    channel: ChannelParser,
    ordinal: usize,
    pending: VecDeque<Result<WxrDocument, Error>>,
    saw_unclosed: bool,
    done: bool,
}

impl Documents<'_> {
    fn segment(&mut self, seg: Segment) {
        let export = self.export;
        match seg.kind {
            Kind::Channel => {
                for (at, message) in self.channel.feed(&seg) {
                    self.pending.push_back(Err(export.error_at(at, message)));
                }
            }
            Kind::Unclosed => {
                self.ordinal += 1;
                self.saw_unclosed = true;
                let message = format!(
                    "item {} has no </item> (the export is cut short or broken here); it was skipped",
                    self.ordinal
                );
                self.pending
                    .push_back(Err(export.error_at(seg.start, message)));
            }
            Kind::Item => {
                self.ordinal += 1;
                let rel = export.plans.get(self.ordinal - 1).cloned().flatten();
                match item::parse(&seg.bytes, self.channel.scopes()) {
                    Err(e) => {
                        let at = seg.start.advance(&seg.bytes, e.offset);
                        let message = format!("item {} skipped: {}", self.ordinal, e.message);
                        self.pending.push_back(Err(export.error_at(at, message)));
                    }
                    Ok(item) => {
                        if let Some(rel) = rel {
                            let document = build::document(
                                item,
                                export,
                                &export.opts,
                                &export.shown,
                                seg.start.line,
                                &rel,
                            );
                            self.pending.push_back(Ok(WxrDocument { document, rel }));
                        }
                    }
                }
            }
        }
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<WxrDocument, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(entry) = self.pending.pop_front() {
                return Some(entry);
            }
            if self.done {
                return None;
            }
            match self.splitter.next_segment() {
                Ok(Some(seg)) => self.segment(seg),
                Ok(None) => {
                    self.done = true;
                    if !self.saw_unclosed
                        && let Some((at, message)) = self.channel.unclosed()
                    {
                        self.pending
                            .push_back(Err(self.export.error_at(at, message)));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(read_error(&self.export.shown, e)));
                }
            }
        }
    }
}
