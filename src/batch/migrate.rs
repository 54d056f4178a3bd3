//! A migration's map (docs/migration.md): where each converted document
//! and each uploaded file goes, and the relocation of every URL of a
//! document's outputs to those places.
//!
//! - **Documents**: every kept item of every export is found by its old
//!   permalink's path, by `?p=ID` / `?page_id=ID` (and its GUID), on the
//!   old site's hosts or root-relative. A link to one becomes its new URL:
//!   with `--site`, the path the document keeps on the new site (its old
//!   permalink's path, pinned in its front matter; `Post::url`); without,
//!   the relative path to its output file in the same format. A link to
//!   the old site that leads to no converted document is left as it is and
//!   reported.
//! - **Uploads** (`--uploads [URL=]DIR`): a URL under the uploads prefix
//!   (`https://site/wp-content/uploads/`, `https://x.files.wordpress.com/`,
//!   taken from the export's attachment URLs when not given) names a file
//!   under DIR. It is copied once into the output (`static/uploads/` for
//!   Hugo, `assets/uploads/` for Jekyll, `source/uploads/` for Hexo,
//!   `assets/` otherwise), keeping its year/month path so same-named files
//!   never collide; identical files are stored once (hard links); a resized copy
//!   (`photo-300x200.jpg`) is replaced by its original when DIR has it. A
//!   file that is not there is reported, and its reference stays.
//!
//! Every path here is made of checked components: an upload's path never
//! leaves DIR (symlinks resolved), a copy never leaves the output folder,
//! and a URL written into front matter is made of percent-encoded
//! segments only.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::download::{Downloader, Fetched};
use super::inputs::Items;
use super::plan::Plan;
use super::{Config, UsageError, write_atomic};
use unpress::Site;
use unpress::file_name::unsafe_component;
use unpress::read::wxr;
use unpress::relocate::{Relocate, UrlKind};
use unpress::url::percent_decode;
use unpress::write::Format;

/// `--uploads [URL=]DIR`: a local copy of the site's uploads folder, and
/// the URL it stands for (taken from the exports when not given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadsArg {
    pub url: Option<String>,
    pub dir: PathBuf,
}

/// A URL path segment's characters that are percent-encoded: controls,
/// space and everything that means something in a URL or in HTML.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'&')
    .add(b'+')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'$')
    .add(b',');

/// The map of a run.
pub(super) struct Migration {
    site: Option<Site>,
    root: PathBuf,
    fsync: bool,
    /// The old site's hosts, lower case (`example.org`, `www.example.org`).
    hosts: HashSet<String>,
    targets: Vec<Target>,
    /// (export, reader's name) -> target.
    by_rel: HashMap<(usize, PathBuf), usize>,
    /// A folder's post, by its index among the run's items -> target.
    by_item: HashMap<usize, usize>,
    /// An old permalink's path (decoded, no trailing slash) -> target.
    by_path: HashMap<String, usize>,
    /// A post id -> target.
    by_id: HashMap<u64, usize>,
    uploads: Vec<Upload>,
    assets: Mutex<Assets>,
    /// `--download-images`: what is not in an uploads folder is fetched.
    downloader: Option<Downloader>,
}

/// A converted document.
struct Target {
    /// Its output file in each format.
    outputs: Vec<(Format, PathBuf)>,
    /// Its path on the new site (`--site`).
    url: Option<String>,
    aliases: Vec<String>,
    /// Its old addresses, for the redirects.
    old: Vec<String>,
    /// Shown on the site: an unpublished document's addresses are not
    /// written where the site would publish them.
    public: bool,
}

/// What a folder's post says about its old address.
struct FolderAddress {
    /// `permalink`: a root-relative path (Jekyll's exporter, Hexo's
    /// relative form gets a `/`) or a URL.
    permalink: Option<String>,
    /// `guid`: often `https://site/?p=ID`.
    guid: Option<String>,
    /// `id`: the WordPress post id.
    id: Option<u64>,
    public: bool,
}

/// A post file's address, from its front matter (`None` without one).
fn folder_address(path: &Path, config: &Config) -> Option<FolderAddress> {
    let bytes = unpress::read::read_limited_file(path, config.options.read.max_bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let yaml = unpress::read::front_matter::split(text).ok()?.yaml?;
    let fm = unpress::yaml::parse_front_matter(yaml).ok()?;
    let string = |k: &str| {
        fm.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let permalink = string("permalink").map(|p| {
        if p.starts_with('/') || p.contains("://") {
            p
        } else {
            format!("/{p}")
        }
    });
    let flag = |k: &str| fm.get(k).and_then(serde_json::Value::as_bool);
    Some(FolderAddress {
        permalink,
        guid: string("guid"),
        id: fm.get("id").and_then(serde_json::Value::as_u64),
        public: flag("draft") != Some(true) && flag("published") != Some(false),
    })
}

/// An uploads folder and the URL prefix it stands for.
struct Upload {
    /// `host/path/` without scheme, host in lower case.
    prefix: String,
    /// The local copy; `None` when files are only downloaded.
    dir: Option<PathBuf>,
    /// `http` or `https`, as the prefix was written: what a root-relative
    /// reference is fetched with.
    scheme: &'static str,
}

/// The files copied so far.
#[derive(Default)]
struct Assets {
    /// A source file -> where its copy is, relative to the output folder.
    copied: HashMap<PathBuf, Result<PathBuf, String>>,
    /// A file's SHA-256 -> its copy: identical files are stored once.
    by_content: HashMap<[u8; 32], PathBuf>,
    /// Copies made, for the summary.
    count: usize,
}

/// A URL taken apart, for lookups.
struct Parsed<'a> {
    /// Lower case; `None` for a root-relative URL.
    host: Option<Cow<'a, str>>,
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

impl<'a> Parsed<'a> {
    /// An absolute http(s), protocol-relative or root-relative URL;
    /// `None` for anything else (relative paths, `mailto:`, `#x`).
    fn of(url: &'a str) -> Option<Parsed<'a>> {
        let url = url.trim();
        let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
        let (host, path_query) = if let Some(after) = strip_scheme(rest) {
            let end = after.find(['/', '?']).unwrap_or(after.len());
            let host = after[..end].rsplit('@').next().unwrap_or("");
            // Most hosts are lower-case ASCII already: borrowed as they are.
            let host = if host
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                Cow::Borrowed(host)
            } else {
                Cow::Owned(host.to_lowercase())
            };
            if host.is_empty() {
                return None;
            }
            (Some(host), &after[end..])
        } else if rest.starts_with('/') && !rest.starts_with("//") {
            (None, rest)
        } else {
            return None;
        };
        let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
        Some(Parsed {
            host,
            path,
            query,
            fragment,
        })
    }
}

/// `https://x` -> `x`; also `http:` and `//x`.
fn strip_scheme(url: &str) -> Option<&str> {
    let has = |scheme: &str| {
        url.as_bytes()
            .get(..scheme.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    if has("https://") {
        Some(&url[8..])
    } else if has("http://") {
        Some(&url[7..])
    } else {
        url.strip_prefix("//")
    }
}

/// A path's key: decoded, without trailing slashes, `/` for the home.
fn path_key(path: &str) -> String {
    let decoded = collapse_slashes(&percent_decode(path));
    let trimmed = decoded.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// `?p=12`, `?page_id=12`, `?attachment_id=` is not a document.
fn query_id(query: &str) -> Option<u64> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        matches!(k, "p" | "page_id")
            .then(|| v.parse().ok())
            .flatten()
    })
}

/// The segments of an old path, each checked: what may become a path on
/// the new site. `None` when one is not an ordinary name.
fn safe_segments(path: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(path);
    let segments: Vec<String> = decoded
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let ok = !segments.is_empty()
        && segments.iter().all(|s| {
            s != "."
                && s != ".."
                && !s.contains('\\')
                && !s.chars().any(char::is_control)
                && s.len() <= 255
        });
    ok.then_some(segments)
}

/// Segments as a root-relative URL path: ASCII that means something in a
/// URL, in HTML or in YAML percent-encoded, and every other character
/// that is not a letter or digit; letters of other scripts kept
/// (the generators encode them where they must, and a Greek path stays
/// readable).
fn url_path(segments: &[String], trailing_slash: bool) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        for c in s.chars() {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf);
            if c.is_ascii() {
                out.extend(utf8_percent_encode(bytes, SEGMENT));
            } else if c.is_alphanumeric() {
                out.push(c);
            } else {
                // Other scripts' letters stay; anything else (a bidi
                // override, a no-break space, a symbol) is encoded.
                out.extend(utf8_percent_encode(bytes, SEGMENT));
            }
        }
    }
    if trailing_slash || out.is_empty() {
        out.push('/');
    }
    out
}

impl Migration {
    /// The map of a run that writes to a folder; `None` otherwise.
    pub fn new(
        config: &Config,
        plan: &Plan,
        formats: &[Format],
        items: &Items,
        exports: &[wxr::Export],
        err: &mut dyn Write,
    ) -> Result<Option<Migration>, UsageError> {
        let Some(root) = config.out.clone() else {
            return Ok(None);
        };
        if formats.iter().any(|f| !f.is_per_document()) {
            return Ok(None);
        }
        let site = config.options.markdown.site;
        let mut m = Migration {
            site,
            root,
            fsync: config.fsync,
            hosts: HashSet::new(),
            targets: Vec::new(),
            by_rel: HashMap::new(),
            by_item: HashMap::new(),
            by_path: HashMap::new(),
            by_id: HashMap::new(),
            uploads: Vec::new(),
            assets: Mutex::default(),
            downloader: match &config.download {
                Some(opts) => Some(
                    Downloader::new(opts.clone())
                        .map_err(|e| UsageError(format!("--download-images: {e:#}")))?,
                ),
                None => None,
            },
        };
        // The paths the generator gives its own pages (taxonomy lists,
        // sections, pagination): a document pinned there would lose to it.
        let own: &[&str] = match site {
            Some(Site::Hugo) => &["/", "/posts/", "/categories/", "/tags/", "/page/"],
            Some(Site::Hexo) => &["/", "/archives/", "/categories/", "/tags/", "/page/"],
            Some(Site::Jekyll) | None => &["/"],
        };
        let mut taken: HashSet<String> = own.iter().map(|p| (*p).to_owned()).collect();
        for (e, export) in exports.iter().enumerate() {
            let channel = &export.channel;
            for url in [
                &channel.link,
                &channel.base_site_url,
                &channel.base_blog_url,
            ]
            .into_iter()
            .flatten()
            {
                if let Some(Parsed {
                    host: Some(host), ..
                }) = Parsed::of(url)
                {
                    m.hosts.insert(host.into_owned());
                }
            }
            for addr in export.addresses() {
                m.add(e, addr, plan, formats, &mut taken);
            }
        }
        // A folder's posts, for a site: their addresses come from their
        // front matter (read once more, before the run).
        if site.is_some() {
            for index in 0..items.len() {
                if let Some(path) = items.path(index)
                    && let Some(addr) = folder_address(&path, config)
                {
                    m.add_item(index, &addr, plan, formats, &mut taken);
                }
            }
        }
        m.uploads = uploads(config, exports, err)?;
        Ok(Some(m))
    }

    fn add(
        &mut self,
        export: usize,
        addr: &wxr::Address,
        plan: &Plan,
        formats: &[Format],
        taken: &mut HashSet<String>,
    ) {
        let t = self.targets.len();
        let outputs: Vec<(Format, PathBuf)> = formats
            .iter()
            .filter_map(|&f| plan.export_path(export, &addr.rel, f).map(|p| (f, p)))
            .collect();
        if let Some(id) = addr.id {
            self.by_id.entry(id).or_insert(t);
        }
        let mut old = Vec::new();
        let mut pinned_from = None;
        for url in [&addr.link, &addr.guid].into_iter().flatten() {
            old.push(url.clone());
            if let Some(p) = Parsed::of(url) {
                match query_id(p.query) {
                    Some(id) => {
                        self.by_id.entry(id).or_insert(t);
                    }
                    None if p.query.is_empty() && path_key(p.path) != "/" => {
                        self.by_path.entry(path_key(p.path)).or_insert(t);
                        if pinned_from.is_none() && Some(url) == addr.link.as_ref() {
                            pinned_from = Some(p.path.to_owned());
                        }
                    }
                    None => {}
                }
            }
        }
        let mut url = None;
        let mut aliases = Vec::new();
        if let Some(site) = self.site {
            let md = outputs.first().map(|(_, p)| p.as_path());
            let own = pinned_from.as_deref().and_then(|path| {
                let segments = safe_segments(path)?;
                Some((url_path(&segments, true), segments))
            });
            let fallback = md
                .and_then(|p| p.strip_prefix(&self.root).ok())
                .map(|p| fallback_path(site, p))
                .unwrap_or_else(|| "/document/".to_owned());
            let chosen = match &own {
                Some((path, _)) if taken.insert(path.to_lowercase()) => path.clone(),
                _ => {
                    let mut candidate = fallback.clone();
                    let mut n = 2;
                    while !taken.insert(candidate.to_lowercase()) {
                        candidate = format!("{}-{n}/", fallback.trim_end_matches('/'));
                        n += 1;
                    }
                    candidate
                }
            };
            // Old slugs: the old path with its last segment replaced.
            if let Some((_, segments)) = &own {
                for slug in &addr.old_slugs {
                    let mut s = segments.clone();
                    if let Some(last) = s.last_mut() {
                        *last = percent_decode(slug).into_owned();
                    }
                    if safe_segments(&s.join("/")).is_some() {
                        // A link to the old slug's address leads here too.
                        self.by_path.entry(path_key(&s.join("/"))).or_insert(t);
                        let alias = url_path(&s, true);
                        if alias != chosen && taken.insert(alias.to_lowercase()) {
                            aliases.push(alias);
                        }
                    }
                }
            }
            url = Some(chosen);
        }
        self.by_rel.insert((export, addr.rel.clone()), t);
        self.targets.push(Target {
            outputs,
            url,
            aliases,
            old,
            public: addr.public,
        });
    }

    /// A folder's post: found by its old permalink and GUID (`?p=ID`),
    /// pinned at its permalink's path when it is a plain one.
    fn add_item(
        &mut self,
        index: usize,
        addr: &FolderAddress,
        plan: &Plan,
        formats: &[Format],
        taken: &mut HashSet<String>,
    ) {
        let t = self.targets.len();
        let outputs: Vec<(Format, PathBuf)> = formats
            .iter()
            .filter_map(|&f| plan.item_path(index, f).map(|p| (f, p)))
            .collect();
        if let Some(id) = addr.id {
            self.by_id.entry(id).or_insert(t);
        }
        let mut old = Vec::new();
        if let Some(guid) = &addr.guid
            && let Some(p) = Parsed::of(guid)
        {
            if let Some(host) = &p.host {
                self.hosts.insert(host.to_string());
            }
            if let Some(id) = query_id(p.query) {
                self.by_id.entry(id).or_insert(t);
            }
            old.push(guid.clone());
        }
        let own = addr.permalink.as_deref().and_then(|link| {
            let p = Parsed::of(link)?;
            if let Some(host) = &p.host {
                self.hosts.insert(host.to_string());
            }
            old.push(link.to_owned());
            let key = path_key(p.path);
            (key != "/").then(|| self.by_path.entry(key).or_insert(t));
            let segments = safe_segments(p.path)?;
            Some(url_path(&segments, true))
        });
        let url = self.site.map(|site| {
            let fallback = outputs
                .first()
                .and_then(|(_, p)| p.strip_prefix(&self.root).ok())
                .map(|p| fallback_path(site, p))
                .unwrap_or_else(|| "/document/".to_owned());
            match own {
                Some(path) if taken.insert(path.to_lowercase()) => path,
                _ => {
                    let mut candidate = fallback.clone();
                    let mut n = 2;
                    while !taken.insert(candidate.to_lowercase()) {
                        candidate = format!("{}-{n}/", fallback.trim_end_matches('/'));
                        n += 1;
                    }
                    candidate
                }
            }
        });
        self.by_item.insert(index, t);
        self.targets.push(Target {
            outputs,
            url,
            aliases: Vec::new(),
            old,
            public: addr.public,
        });
    }

    /// Sets what the run decided about a folder's post: its path on the
    /// new site.
    pub fn prepare_item(&self, index: usize, doc: &mut unpress::Document) {
        if let Some(&t) = self.by_item.get(&index) {
            doc.meta.url = self.targets[t].url.clone();
        }
    }

    /// Sets what the run decided about an export's document: its URL and
    /// aliases on the new site.
    pub fn prepare(&self, export: usize, rel: &Path, doc: &mut unpress::Document) {
        let Some(&t) = self.by_rel.get(&(export, rel.to_path_buf())) else {
            return;
        };
        let target = &self.targets[t];
        if let Some(post) = doc.post.as_mut() {
            post.url = target.url.clone();
            post.aliases = target.aliases.clone();
        }
    }

    /// The relocation of one document's URLs; `here` its own outputs.
    pub fn for_document(&self, here: Vec<(Format, PathBuf)>) -> DocLinks<'_> {
        DocLinks {
            m: self,
            here,
            notes: Mutex::default(),
        }
    }

    /// Copies made.
    pub fn copied(&self) -> usize {
        self.assets.lock().map(|a| a.count).unwrap_or(0)
    }

    /// The old addresses of every published document with the path it
    /// has now: (from, to, kept). With `--site` only (the paths are the
    /// site's). Every `from` is rebuilt from checked segments, re-encoded,
    /// with no query but `p=ID` / `page_id=ID`: a crafted permalink brings
    /// no quote, space or semicolon into a server's configuration.
    fn redirect_rows(&self) -> Vec<(String, String, bool)> {
        let mut rows = Vec::new();
        if self.site.is_none() {
            return rows;
        }
        for t in self.targets.iter().filter(|t| t.public) {
            let Some(to) = &t.url else { continue };
            let mut seen = HashSet::new();
            for from in t.old.iter().chain(&t.aliases) {
                let Some(p) = Parsed::of(from) else { continue };
                let mut from = match safe_segments(p.path) {
                    Some(segments) => url_path(&segments, p.path.ends_with('/')),
                    None if path_key(p.path) == "/" => "/".to_owned(),
                    None => continue,
                };
                if !p.query.is_empty() {
                    let Some(id) = query_id(p.query) else {
                        continue;
                    };
                    let key = if p.query.contains("page_id=") {
                        "page_id"
                    } else {
                        "p"
                    };
                    from.push_str(&format!("?{key}={id}"));
                }
                if !seen.insert(path_key(&from)) {
                    continue;
                }
                let kept = path_key(&from) == path_key(to);
                rows.push((from, to.clone(), kept));
            }
        }
        rows
    }

    /// `redirects.csv` under the output folder (`--site`): every row of
    /// [`Migration::redirect_rows`], status `301` or `kept`.
    pub fn write_redirects(&self) -> Result<Option<PathBuf>, std::io::Error> {
        if self.site.is_none() || self.targets.is_empty() {
            return Ok(None);
        }
        let rows = self.redirect_rows();
        if rows.is_empty() {
            // No document had an old address (a folder of posts without
            // permalinks): nothing to redirect.
            return Ok(None);
        }
        let path = self.root.join("redirects.csv");
        let text = redirects_as(RedirectsFormat::Csv, &rows);
        write_atomic(&path, text.as_bytes(), self.fsync)?;
        Ok(Some(path))
    }

    /// `--redirects FILE`: the same rows in the form FILE's name says.
    pub fn write_redirects_to(&self, path: &Path) -> Result<(), std::io::Error> {
        let format = RedirectsFormat::of(path);
        let text = redirects_as(format, &self.redirect_rows());
        write_atomic(path, text.as_bytes(), self.fsync)
    }

    /// The document an old-site URL names.
    fn document(&self, p: &Parsed<'_>) -> Option<&Target> {
        if let Some(id) = query_id(p.query) {
            return self.by_id.get(&id).map(|&t| &self.targets[t]);
        }
        self.by_path
            .get(&path_key(p.path))
            .map(|&t| &self.targets[t])
    }

    fn is_old_site(&self, p: &Parsed<'_>) -> bool {
        match &p.host {
            None => true,
            Some(h) => self.hosts.contains(h.as_ref()),
        }
    }

    /// The upload a URL names: its folder and the file's path under it.
    fn upload(&self, p: &Parsed<'_>) -> Option<(&Upload, String)> {
        if self.uploads.is_empty() {
            return None;
        }
        let key = match &p.host {
            Some(h) => format!("{h}{}", p.path),
            None => p.path.to_owned(),
        };
        self.uploads.iter().find_map(|u| {
            let rest = match &p.host {
                Some(_) => key.strip_prefix(u.prefix.as_str())?,
                // Root-relative: the prefix's path on the old site.
                None if self.hosts.iter().any(|h| u.prefix.starts_with(h.as_str())) => {
                    let path = &u.prefix[u.prefix.find('/')?..];
                    key.strip_prefix(path)?
                }
                None => return None,
            };
            Some((u, percent_decode(rest).into_owned()))
        })
    }

    /// The copy of an uploaded file, made on first use: where it is,
    /// relative to the output folder, or why there is none. `url` is the
    /// reference as written, for a download.
    fn asset(
        &self,
        upload: &Upload,
        rel: &str,
        kind: UrlKind,
        url: &str,
    ) -> Result<PathBuf, String> {
        let mut rel_path = PathBuf::from(rel);
        if rel.is_empty() || unsafe_component(&rel_path).is_some() {
            return Err(format!("{rel:?} is not a file name unpress copies"));
        }
        let local = upload.dir.as_deref().and_then(|dir| {
            let mut source = dir.join(&rel_path);
            if kind != UrlKind::Link
                && let Some(original) = original_of(&source)
                && original.is_file()
            {
                source = original;
            }
            let canon = source.canonicalize().ok()?;
            (canon.starts_with(dir) && canon.is_file()).then(|| {
                rel_path = canon.strip_prefix(dir).unwrap_or(&rel_path).to_path_buf();
                canon
            })
        });
        let source = match (local, &self.downloader) {
            (Some(source), _) => source,
            (None, Some(downloader)) => match downloader.fetch(&absolute(url, upload)) {
                Fetched::File(path) => path,
                Fetched::Failed(why) => return Err(why),
            },
            (None, None) => {
                return Err(match &upload.dir {
                    Some(dir) => format!("not in {}", dir.display()),
                    None => "not local".to_owned(),
                });
            }
        };
        let mut assets = self.assets.lock().map_err(|_| "a copy failed".to_owned())?;
        if let Some(done) = assets.copied.get(&source) {
            return done.clone();
        }
        let result = self.copy(&source, &rel_path, &mut assets);
        assets.copied.insert(source, result.clone());
        result
    }

    /// Copies `source` to its place under the output folder. A file
    /// identical to one copied already (same SHA-256) is stored once: its
    /// place is a hard link to the first copy, so every reference keeps
    /// its own name and the output does not depend on which document came
    /// first (or which shard, or which thread); a plain copy where the
    /// file system has no hard links.
    fn copy(&self, source: &Path, rel: &Path, assets: &mut Assets) -> Result<PathBuf, String> {
        let bytes = std::fs::read(source).map_err(|e| format!("cannot read it: {e}"))?;
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        let dest = self.asset_folder().join(rel);
        let path = self.root.join(&dest);
        if path.canonicalize().ok().as_deref() == Some(source) {
            // The uploads folder is inside the site already.
            assets
                .by_content
                .entry(digest)
                .or_insert_with(|| dest.clone());
            return Ok(dest);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot make its folder: {e}"))?;
            let root = self.root.canonicalize().map_err(|e| e.to_string())?;
            let canon = parent.canonicalize().map_err(|e| e.to_string())?;
            if !canon.starts_with(&root) {
                return Err(format!(
                    "{} leads outside the output folder",
                    parent.display()
                ));
            }
        }
        if let Some(first) = assets.by_content.get(&digest)
            && link_atomic(&self.root.join(first), &path).is_ok()
        {
            return Ok(dest);
        }
        write_atomic(&path, &bytes, self.fsync).map_err(|e| format!("cannot copy it: {e}"))?;
        assets.count += 1;
        assets
            .by_content
            .entry(digest)
            .or_insert_with(|| dest.clone());
        Ok(dest)
    }

    /// Where copies go, relative to the output folder.
    fn asset_folder(&self) -> PathBuf {
        PathBuf::from(match self.site {
            Some(Site::Hugo) => "static/uploads",
            Some(Site::Jekyll) => "assets/uploads",
            Some(Site::Hexo) => "source/uploads",
            None => "assets",
        })
    }

    /// A copy's URL on the site (`--site`).
    fn asset_url(&self, dest: &Path) -> String {
        let under_static = match self.site {
            Some(Site::Hugo) => dest.strip_prefix("static").unwrap_or(dest),
            Some(Site::Hexo) => dest.strip_prefix("source").unwrap_or(dest),
            _ => dest,
        };
        let segments: Vec<String> = under_static
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        url_path(&segments, false)
    }
}

/// What a Hugo, Jekyll or Hexo site calls a document when its old path
/// cannot be kept: its output path, without the content folder, the
/// date prefix and the index file name.
fn fallback_path(site: Site, md: &Path) -> String {
    let mut segments: Vec<String> = md
        .with_extension("")
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    if matches!(site, Site::Hugo | Site::Hexo)
        && segments
            .first()
            .is_some_and(|s| s == "content" || s == "source")
    {
        segments.remove(0);
    }
    if segments
        .last()
        .is_some_and(|s| s == "index" || s == "_index")
    {
        segments.pop();
    }
    for s in &mut segments {
        if let Some(rest) = s.strip_prefix('_') {
            *s = rest.to_owned();
        }
    }
    if let Some(last) = segments.last_mut()
        && wxr::Day::parse(last).is_some()
        && last.as_bytes().get(10) == Some(&b'-')
    {
        *last = last[11..].to_owned();
    }
    url_path(&segments, true)
}

/// An upload's URL as the old site served it: a root-relative one on the
/// uploads prefix's host.
fn absolute(url: &str, upload: &Upload) -> String {
    let url = url.trim();
    if url.starts_with('/') && !url.starts_with("//") {
        let host = upload.prefix.split('/').next().unwrap_or_default();
        return format!("{}://{host}{url}", upload.scheme);
    }
    if let Some(rest) = url.strip_prefix("//") {
        return format!("{}://{rest}", upload.scheme);
    }
    url.to_owned()
}

/// `to` as a hard link to `from`, made under a temp name and renamed: a
/// reader never sees a half-made file.
fn link_atomic(from: &Path, to: &Path) -> std::io::Result<()> {
    let dir = to.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".unpress-link")
        .make_in(dir, |p| std::fs::hard_link(from, p))?;
    tmp.persist(to).map_err(|e| e.error)?;
    Ok(())
}

/// `photo-300x200.jpg` -> `photo.jpg`, when the name ends so.
fn original_of(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if base.is_empty() || !digits(w) || !digits(h) {
        return None;
    }
    let mut name = base.to_owned();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        name.push('.');
        name.push_str(ext);
    }
    Some(path.with_file_name(name))
}

/// The forms `--redirects FILE` writes, by the file's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RedirectsFormat {
    Csv,
    Json,
    /// An nginx `map` block.
    Nginx,
    /// Netlify's and Cloudflare Pages' `_redirects`.
    Netlify,
    /// Apache's `.htaccess`.
    Apache,
}

impl RedirectsFormat {
    /// `.csv`, `.json`, `.conf`/`.map`/`.nginx`, `_redirects`,
    /// `.htaccess`; CSV otherwise.
    pub fn of(path: &Path) -> RedirectsFormat {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if name == "_redirects" {
            return RedirectsFormat::Netlify;
        }
        if name == ".htaccess" || name.ends_with(".htaccess") {
            return RedirectsFormat::Apache;
        }
        match name.rsplit_once('.').map(|(_, e)| e) {
            Some("json") => RedirectsFormat::Json,
            Some("conf" | "map" | "nginx") => RedirectsFormat::Nginx,
            _ => RedirectsFormat::Csv,
        }
    }
}

/// The rows in one form. Server forms leave out the kept rows (no rule
/// needed); their paths are plain (see `redirect_rows`).
fn redirects_as(format: RedirectsFormat, rows: &[(String, String, bool)]) -> String {
    let moved = rows.iter().filter(|(_, _, kept)| !kept);
    let mut out = String::new();
    match format {
        RedirectsFormat::Csv => {
            out.push_str("from,to,status\n");
            for (from, to, kept) in rows {
                let status = if *kept { "kept" } else { "301" };
                out.push_str(&format!("{},{},{status}\n", csv_field(from), csv_field(to)));
            }
        }
        RedirectsFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(from, to, kept)| {
                    serde_json::json!({"from": from, "to": to, "status": if *kept { "kept" } else { "301" }})
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
        RedirectsFormat::Nginx => {
            out.push_str("# Written by unpress: old addresses -> new paths. In a server block:\n");
            out.push_str("#   if ($unpress_redirect) { return 301 $unpress_redirect; }\n");
            out.push_str("map $request_uri $unpress_redirect {\n    default \"\";\n");
            for (from, to, _) in moved {
                out.push_str(&format!("    \"{from}\" \"{to}\";\n"));
            }
            out.push_str("}\n");
        }
        RedirectsFormat::Netlify => {
            for (from, to, _) in moved {
                match from.split_once('?') {
                    Some((path, query)) => out.push_str(&format!("{path} {query} {to} 301\n")),
                    None => out.push_str(&format!("{from} {to} 301\n")),
                }
            }
        }
        RedirectsFormat::Apache => {
            out.push_str("# Written by unpress: old addresses -> new paths.\nRewriteEngine On\n");
            for (from, to, _) in moved {
                match from.split_once('?') {
                    Some((path, query)) => {
                        let path = path.trim_start_matches('/');
                        out.push_str(&format!(
                            "RewriteCond %{{QUERY_STRING}} ^{query}$\nRewriteRule ^{path}$ {to}? [R=301,L]\n"
                        ));
                    }
                    None => out.push_str(&format!("Redirect 301 {from} {to}\n")),
                }
            }
        }
    }
    out
}

/// `//a//b/` -> `/a/b/`.
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c != '/' || !out.ends_with('/') {
            out.push(c);
        }
    }
    out
}

/// A CSV field, quoted when it must be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The uploads folders of the run, each with its URL prefix.
fn uploads(
    config: &Config,
    exports: &[wxr::Export],
    err: &mut dyn Write,
) -> Result<Vec<Upload>, UsageError> {
    let mut out = Vec::new();
    if config.uploads.is_empty() && config.download.is_some() {
        // Nothing local: every upload the exports name is downloaded.
        for (prefix, scheme) in export_prefixes(exports) {
            out.push(Upload {
                prefix,
                dir: None,
                scheme,
            });
        }
        return Ok(out);
    }
    for arg in &config.uploads {
        let dir = arg.dir.canonicalize().map_err(|e| {
            UsageError(format!(
                "--uploads {}: {e}; give the folder that holds the site's uploads (wp-content/uploads)",
                arg.dir.display()
            ))
        })?;
        if !dir.is_dir() {
            return Err(UsageError(format!(
                "--uploads {}: not a folder",
                arg.dir.display()
            )));
        }
        let prefixes: Vec<(String, &'static str)> = match &arg.url {
            Some(url) => match Parsed::of(url) {
                Some(Parsed {
                    host: Some(host),
                    path,
                    ..
                }) => vec![(
                    format!("{host}{}/", path.trim_end_matches('/')),
                    scheme_of(url),
                )],
                _ => {
                    return Err(UsageError(format!(
                        "--uploads {url}={}: the URL must be http(s)://host/path",
                        arg.dir.display()
                    )));
                }
            },
            None => export_prefixes(exports),
        };
        if prefixes.is_empty() {
            let _ = writeln!(
                err,
                "unpress: warning: --uploads {}: no export names an uploads URL; give it as --uploads URL={}",
                arg.dir.display(),
                arg.dir.display()
            );
        }
        for (prefix, scheme) in prefixes {
            out.push(Upload {
                prefix,
                dir: Some(dir.clone()),
                scheme,
            });
        }
    }
    Ok(out)
}

/// The uploads prefixes the exports' attachment URLs share:
/// `host/…/wp-content/uploads/`, or `host/` for WordPress.com's
/// `*.files.wordpress.com`.
pub(super) fn export_prefixes(exports: &[wxr::Export]) -> Vec<(String, &'static str)> {
    let mut found: Vec<(String, &'static str)> = Vec::new();
    for media in exports.iter().flat_map(|e| e.media.values()) {
        let Some(Parsed {
            host: Some(host),
            path,
            ..
        }) = Parsed::of(&media.url)
        else {
            continue;
        };
        let prefix = if let Some(at) = path.find("/wp-content/uploads/") {
            format!("{host}{}", &path[..at + "/wp-content/uploads/".len()])
        } else if host.ends_with(".files.wordpress.com") {
            format!("{host}/")
        } else {
            continue;
        };
        if !found.iter().any(|(p, _)| *p == prefix) {
            found.push((prefix, scheme_of(&media.url)));
        }
    }
    found
}

/// `http` for an `http:` URL, `https` for anything else.
fn scheme_of(url: &str) -> &'static str {
    if url
        .trim()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("http:"))
    {
        "http"
    } else {
        "https"
    }
}

/// One document's relocation, and what it noticed.
pub(super) struct DocLinks<'a> {
    m: &'a Migration,
    here: Vec<(Format, PathBuf)>,
    notes: Mutex<Notes>,
}

#[derive(Default)]
struct Notes {
    missing: Vec<String>,
    left: Vec<String>,
    localized: HashSet<String>,
    rewritten: HashSet<String>,
}

/// What a document's relocation did, for the run's report.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub(super) struct Moved {
    /// Uploads it references that are now local (distinct URLs).
    pub uploads_localized: usize,
    /// Uploads not found, with the reason.
    pub uploads_missing: Vec<String>,
    /// Links to converted documents, now to their new places.
    pub links_rewritten: usize,
    /// Links to the old site that lead to no converted document.
    pub links_left: Vec<String>,
}

impl DocLinks<'_> {
    /// What is worth telling about this document: uploads not found,
    /// links to the old site that lead to no converted document.
    pub fn warnings(&self) -> Vec<String> {
        let Ok(notes) = self.notes.lock() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let list = |v: &[String]| {
            let shown: Vec<&str> = v.iter().take(5).map(String::as_str).collect();
            let more = v.len().saturating_sub(5);
            format!(
                "{}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        };
        if !notes.missing.is_empty() {
            // Every one: each is a file to find before the old host goes.
            out.push(format!(
                "{} uploaded file(s) not found, left pointing at the old site: {}",
                notes.missing.len(),
                notes.missing.join(", ")
            ));
        }
        if !notes.left.is_empty() {
            out.push(format!(
                "{} link(s) to the old site lead to no converted document, left as they are: {}",
                notes.left.len(),
                list(&notes.left)
            ));
        }
        out
    }

    /// What the relocation did.
    pub fn moved(&self) -> Moved {
        let Ok(n) = self.notes.lock() else {
            return Moved::default();
        };
        Moved {
            uploads_localized: n.localized.len(),
            uploads_missing: n.missing.clone(),
            links_rewritten: n.rewritten.len(),
            links_left: n.left.clone(),
        }
    }

    fn count(&self, local: bool, url: &str) {
        if let Ok(mut n) = self.notes.lock() {
            let set = if local {
                &mut n.localized
            } else {
                &mut n.rewritten
            };
            if !set.contains(url) {
                set.insert(url.to_owned());
            }
        }
    }

    fn note(&self, missing: bool, url: &str) {
        if let Ok(mut n) = self.notes.lock() {
            let v = if missing { &mut n.missing } else { &mut n.left };
            if !v.iter().any(|u| u == url) {
                v.push(url.to_owned());
            }
        }
    }

    fn here(&self, format: Format) -> Option<&Path> {
        self.here
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, p)| p.as_path())
    }

    fn with_fragment(url: String, p: &Parsed<'_>) -> String {
        if p.fragment.is_empty() {
            url
        } else {
            format!("{url}#{}", p.fragment)
        }
    }
}

impl Relocate for DocLinks<'_> {
    fn relocate(&self, url: &str, kind: UrlKind, format: Format) -> Option<String> {
        let p = Parsed::of(url)?;
        let m = self.m;
        if let Some((upload, rel)) = m.upload(&p) {
            return match m.asset(upload, &rel, kind, url) {
                Ok(dest) => {
                    self.count(true, url);
                    Some(match m.site {
                        Some(_) => m.asset_url(&dest),
                        None => relative(self.here(format)?, &m.root.join(dest)),
                    })
                }
                Err(why) => {
                    self.note(true, &format!("{url} ({why})"));
                    None
                }
            };
        }
        if kind != UrlKind::Link || !m.is_old_site(&p) {
            return None;
        }
        let Some(target) = m.document(&p) else {
            if path_key(p.path) != "/" || !p.query.is_empty() {
                self.note(false, url);
            }
            return None;
        };
        let new = match &target.url {
            Some(site_url) => site_url.clone(),
            None => {
                let to = target
                    .outputs
                    .iter()
                    .find(|(f, _)| *f == format)
                    .map(|(_, p)| p)?;
                relative(self.here(format)?, to)
            }
        };
        self.count(false, url);
        Some(DocLinks::with_fragment(new, &p))
    }
}

/// The relative URL from the file `from` to the file `to`, percent-encoded.
fn relative(from: &Path, to: &Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let to_parts: Vec<_> = to.iter().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut segments: Vec<String> =
        std::iter::repeat_n("..".to_owned(), from_dir.len() - common).collect();
    segments.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.to_string_lossy().into_owned()),
    );
    segments
        .iter()
        .map(|s| {
            if s == ".." {
                s.clone()
            } else {
                utf8_percent_encode(s, SEGMENT).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_come_apart() {
        let p = Parsed::of("https://Example.org/2019/03/a/?x=1#top").expect("parsed");
        assert_eq!(p.host.as_deref(), Some("example.org"));
        assert_eq!((p.path, p.query, p.fragment), ("/2019/03/a/", "x=1", "top"));
        assert!(Parsed::of("/about/").is_some_and(|p| p.host.is_none()));
        for (url, host) in [
            ("HTTPS://A.example/x", "a.example"),
            ("Http://b.example", "b.example"),
            ("//c.example/", "c.example"),
            ("http://user@d.example/", "d.example"),
        ] {
            assert_eq!(
                Parsed::of(url).and_then(|p| p.host).as_deref(),
                Some(host),
                "{url}"
            );
        }
        for not in [
            "httpé://x/",
            "ftp://e.example/",
            "about/",
            "#x",
            "mailto:a@b",
            "javascript:x",
            "//",
            "https://",
        ] {
            assert!(Parsed::of(not).is_none(), "{not}");
        }
        assert_eq!(query_id("p=12"), Some(12));
        assert_eq!(query_id("page_id=7&x"), Some(7));
        assert_eq!(query_id("attachment_id=7"), None);
    }

    #[test]
    fn old_paths_become_site_paths_only_when_every_segment_is_a_name() {
        assert_eq!(
            safe_segments("/2019/03/caf%C3%A9/").map(|s| url_path(&s, true)),
            Some("/2019/03/café/".to_owned())
        );
        assert_eq!(
            safe_segments("/a%20b/%3Cscript%3E/").map(|s| url_path(&s, true)),
            Some("/a%20b/%3Cscript%3E/".to_owned())
        );
        for bad in ["/", "/../etc/", "/a/%2e%2e/b", "/a%5Cb/", "/a%00b/"] {
            assert_eq!(safe_segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn fallback_paths_drop_what_only_files_need() {
        let f = |site, p: &str| fallback_path(site, Path::new(p));
        assert_eq!(f(Site::Hugo, "content/posts/a.md"), "/posts/a/");
        assert_eq!(f(Site::Hugo, "content/about/_index.md"), "/about/");
        assert_eq!(f(Site::Jekyll, "_posts/2019-03-04-a.md"), "/posts/a/");
        assert_eq!(f(Site::Jekyll, "about/index.md"), "/about/");
        assert_eq!(f(Site::Hexo, "source/_drafts/a.md"), "/drafts/a/");
    }

    #[test]
    fn redirects_take_the_form_the_file_name_says() {
        let rows = vec![
            ("/2019/03/a/".to_owned(), "/2019/03/a/".to_owned(), true),
            ("/?p=10".to_owned(), "/2019/03/a/".to_owned(), false),
            ("/old-a/".to_owned(), "/2019/03/a/".to_owned(), false),
        ];
        let f = |name: &str| redirects_as(RedirectsFormat::of(Path::new(name)), &rows);
        assert_eq!(
            f("r.csv"),
            "from,to,status\n/2019/03/a/,/2019/03/a/,kept\n/?p=10,/2019/03/a/,301\n/old-a/,/2019/03/a/,301\n"
        );
        assert_eq!(
            f("_redirects"),
            "/ p=10 /2019/03/a/ 301\n/old-a/ /2019/03/a/ 301\n"
        );
        assert!(f("site.conf").contains("    \"/old-a/\" \"/2019/03/a/\";\n"));
        let apache = f(".htaccess");
        assert!(
            apache.contains(
                "RewriteCond %{QUERY_STRING} ^p=10$\nRewriteRule ^$ /2019/03/a/? [R=301,L]\n"
            ),
            "{apache}"
        );
        assert!(apache.contains("Redirect 301 /old-a/ /2019/03/a/\n"));
        let json: serde_json::Value = serde_json::from_str(&f("r.json")).expect("JSON");
        assert_eq!(json[1]["from"], "/?p=10");
        assert_eq!(json[0]["status"], "kept");
    }

    #[test]
    fn resized_names_lead_to_the_original() {
        let o = |p: &str| original_of(Path::new(p));
        assert_eq!(
            o("u/2019/03/a-300x200.jpg"),
            Some(PathBuf::from("u/2019/03/a.jpg"))
        );
        assert_eq!(o("u/a-b-1024x768.png"), Some(PathBuf::from("u/a-b.png")));
        assert_eq!(o("u/a-300.jpg"), None);
        assert_eq!(o("u/-300x200.jpg"), None);
        assert_eq!(o("u/a-300xb.jpg"), None);
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(
            r("out/md/post/a.md", "out/md/page/b c.md"),
            "../page/b%20c.md"
        );
        assert_eq!(r("out/post/a.md", "out/post/b.md"), "b.md");
        assert_eq!(
            r("out/a.md", "out/assets/2019/03/x.jpg"),
            "assets/2019/03/x.jpg"
        );
    }
}
