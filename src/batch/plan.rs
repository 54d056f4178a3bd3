//! Where every output goes: the one owner of output paths.
//!
//! Every relative output path, whether it comes from a file's own name in
//! an input folder or from an export's slugs, dates and post types, is
//! decided here, once, before anything is written:
//!
//! - each component is an ordinary name (`file_name::unsafe_component`):
//!   never absolute, empty, `.` or `..`, never a separator or NUL, never a
//!   name Windows reserves (`con` becomes `con_`), so no path leaves the
//!   output folder;
//! - two documents never share an output: collisions are resolved on the
//!   final names (compared case-insensitively, for case-insensitive file
//!   systems), across folders and exports alike, and reported;
//! - no output is an input: every output path is checked against every
//!   input (files, folder contents, exports, a book's cover and asset
//!   folders), by identity, so symlinks and hard links do not hide one;
//! - the output folders are made once, and each is checked, after
//!   symlinks are resolved, to be inside the output folder.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::hash::{BuildHasher, RandomState};
use std::io::Write;
use std::path::{Path, PathBuf};

use hashbrown::HashTable;

use super::inputs::Items;
use super::{Config, Shard, UsageError};
use unpress::Site;
use unpress::file_name::{unreserved, unsafe_component};
use unpress::read::wxr;
use unpress::write::Format;

/// The decided output paths of a run.
pub(super) struct Plan {
    /// The output folder; `None` when the run writes one stream or stdout.
    dir: Option<PathBuf>,
    subfolders: bool,
    /// Every final stem, input items' first: item `i`'s is name `i`
    /// unless it was renamed.
    names: Names,
    /// How many input items were named.
    items: usize,
    /// Input items renamed (their stem was another's): index -> name.
    renamed: HashMap<usize, usize>,
    /// Per export: the reader's name of an item -> its final stem, for the
    /// items that had to be renamed.
    exports: Vec<HashMap<PathBuf, PathBuf>>,
    /// `--shard K/N`: which of the planned documents this run converts.
    shard: Option<Shard>,
    /// How many documents this run converts.
    converted: usize,
}

impl Plan {
    /// Decides every output path, checks them, and makes the folders.
    pub fn new(
        config: &Config,
        formats: &[Format],
        items: &Items,
        exports: &[wxr::Export],
        err: &mut dyn Write,
    ) -> Result<Plan, UsageError> {
        let inputs = InputSet::new(config, items, exports);
        if let Some(redirects) = &config.redirects {
            inputs.refuse(redirects).map_err(|_| {
                UsageError(format!(
                    "--redirects {} is an input; choose another file",
                    redirects.display()
                ))
            })?;
        }
        if let Some(report) = &config.report {
            inputs.refuse(report).map_err(|_| {
                UsageError(format!(
                    "--report {} is an input; choose another file",
                    report.display()
                ))
            })?;
        }
        let aggregate = formats.iter().any(|f| f.is_aggregate());
        if aggregate {
            if let Some(out) = &config.out {
                refuse_folder_as_file(out, formats[0])?;
                inputs.refuse(out).map_err(|_| {
                    UsageError(format!(
                        "-o {} is an input; choose another output file",
                        out.display()
                    ))
                })?;
            }
            return Plan::stream(config, items, exports);
        }
        let total = items.len()
            + exports
                .iter()
                .map(wxr::Export::document_count)
                .sum::<usize>();
        let Some(dir) = config.out.clone() else {
            if total > 1 {
                return Err(UsageError(format!(
                    "{total} documents cannot all go to standard output; write them to a folder with -o DIR, or to one stream with --to jsonl"
                )));
            }
            if formats.len() > 1 {
                return Err(UsageError(
                    "several formats cannot all go to standard output; write them to a folder with -o DIR, or choose one with --to".into(),
                ));
            }
            return Plan::stream(config, items, exports);
        };
        if dir.is_file() {
            return Err(UsageError(format!(
                "-o {} is a file; for md, json and xhtml, -o names a folder",
                dir.display()
            )));
        }
        let mut plan = Plan::named(config, items, exports, err)?;
        plan.dir = Some(dir.clone());
        plan.subfolders = formats.len() > 1;
        // Every output, checked before anything is written; the folders
        // of the documents this run converts made. In an output folder
        // that is new or empty no output exists yet, so none can be an
        // input: one look instead of a `stat` per output.
        let fresh = is_new_or_empty(&dir);
        let mut folders = HashSet::new();
        for stem in plan.names.all() {
            for &format in formats {
                let path = plan.join(&dir, stem, format);
                if !fresh {
                    inputs.refuse(&path)?;
                }
                if let Some(parent) = path.parent()
                    && plan.converts(stem)
                {
                    folders.insert(parent.to_path_buf());
                }
            }
        }
        if let Some(site) = config.options.markdown.site {
            inputs.refuse(&dir.join(site.settings_file()))?;
        }
        if plan.shard.is_some() {
            // A shard with no document still writes the side files.
            folders.insert(dir.clone());
        }
        make_folders(&dir, folders)?;
        Ok(plan)
    }

    /// Every document named, in a plan with no output folder yet.
    fn named(
        config: &Config,
        items: &Items,
        exports: &[wxr::Export],
        err: &mut dyn Write,
    ) -> Result<Plan, UsageError> {
        let mut names = Names::default();
        let renamed = names.items(items, config, err);
        let mut export_stems = Vec::with_capacity(exports.len());
        for export in exports {
            export_stems.push(names.export(export, err)?);
        }
        let mut plan = Plan {
            dir: None,
            subfolders: false,
            names,
            items: items.len(),
            renamed,
            exports: export_stems,
            shard: config.shard,
            converted: 0,
        };
        plan.converted = plan.names.all().filter(|stem| plan.converts(stem)).count();
        Ok(plan)
    }

    /// A plan for one stream (stdout, jsonl, a book). With `--shard`, the
    /// documents are named as for a folder, so that a document goes to the
    /// same shard whatever the format; the naming's warnings are the
    /// folder run's, not this one's.
    fn stream(config: &Config, items: &Items, exports: &[wxr::Export]) -> Result<Plan, UsageError> {
        if config.shard.is_some() {
            return Plan::named(config, items, exports, &mut std::io::sink());
        }
        Ok(Plan {
            dir: None,
            subfolders: false,
            names: Names::default(),
            items: 0,
            renamed: HashMap::new(),
            exports: Vec::new(),
            shard: None,
            converted: items.len()
                + exports
                    .iter()
                    .map(wxr::Export::document_count)
                    .sum::<usize>(),
        })
    }

    /// True when the document with the final stem `stem` is this run's to
    /// convert (always, without `--shard`).
    fn converts(&self, stem: &Path) -> bool {
        self.shard.is_none_or(|s| s.owns(stem))
    }

    /// True when input item `index` is this run's to convert.
    pub fn converts_item(&self, index: usize) -> bool {
        self.shard.is_none() || self.item_stem(index).is_some_and(|s| self.converts(s))
    }

    /// Input item `index`'s final stem.
    fn item_stem(&self, index: usize) -> Option<&Path> {
        if index >= self.items {
            return None;
        }
        let id = self.renamed.get(&index).copied().unwrap_or(index);
        Some(Path::new(self.names.get(id)))
    }

    /// True when the item an export's reader named `rel` is this run's to
    /// convert.
    pub fn converts_export(&self, export: usize, rel: &Path) -> bool {
        self.shard.is_none() || self.converts(self.export_stem(export, rel))
    }

    /// How many documents this run converts: all of them, or its shard's.
    pub fn converted(&self) -> usize {
        self.converted
    }

    fn export_stem<'a>(&'a self, export: usize, rel: &'a Path) -> &'a Path {
        self.exports
            .get(export)
            .and_then(|m| m.get(rel))
            .map_or(rel, PathBuf::as_path)
    }

    /// Where input item `index` is written in `format`.
    pub fn item_path(&self, index: usize, format: Format) -> Option<PathBuf> {
        let dir = self.dir.as_deref()?;
        Some(self.join(dir, self.item_stem(index)?, format))
    }

    /// Where the item an export's reader named `rel` is written.
    pub fn export_path(&self, export: usize, rel: &Path, format: Format) -> Option<PathBuf> {
        let dir = self.dir.as_deref()?;
        Some(self.join(dir, self.export_stem(export, rel), format))
    }

    fn join(&self, dir: &Path, stem: &Path, format: Format) -> PathBuf {
        // Each string made at its final size: growing them was a tenth of
        // what writing a small document's file cost.
        let ext = format.extension();
        let stem = stem.as_os_str();
        let mut file = std::ffi::OsString::with_capacity(stem.len() + 1 + ext.len());
        file.push(stem);
        file.push(".");
        file.push(ext);
        let mut path = PathBuf::with_capacity(dir.as_os_str().len() + ext.len() + file.len() + 2);
        path.push(dir);
        if self.subfolders {
            path.push(ext);
        }
        path.push(file);
        path
    }
}

/// The final stems given so far, compared case-insensitively (as
/// `str::to_lowercase` makes them), held compactly: one string, and a
/// table of their numbers (a planning over 40,000 documents held each
/// name three times, with a lower-cased copy, in about 300 bytes; this
/// is about 50).
#[derive(Default)]
struct Names {
    text: String,
    /// Where name `i` ends in `text`.
    ends: Vec<usize>,
    /// The names given, by number, hashed by their lower-cased form.
    taken: HashTable<usize>,
    /// Names written down but not given (an input's stem that another
    /// shares: each of them is renamed), sorted.
    dropped: Vec<usize>,
    state: RandomState,
}

impl Names {
    fn get(&self, id: usize) -> &str {
        let start = id.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.text[start..self.ends[id]]
    }

    fn hash(state: &RandomState, name: &str) -> u64 {
        state.hash_one(name.to_lowercase())
    }

    /// Writes `name` down as the next number, without giving it.
    fn write(&mut self, name: &str) -> usize {
        self.text.push_str(name);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// Gives name `id` (known to be free).
    fn give(&mut self, id: usize) {
        let Names {
            text,
            ends,
            taken,
            state,
            ..
        } = self;
        let get = |id: usize| {
            let start = id.checked_sub(1).map_or(0, |i| ends[i]);
            &text[start..ends[id]]
        };
        taken.insert_unique(Names::hash(state, get(id)), id, |&i| {
            Names::hash(state, get(i))
        });
    }

    /// Gives `stem` when no name given so far is the same (ignoring case).
    fn take(&mut self, stem: &str) -> bool {
        let key = stem.to_lowercase();
        let hash = self.state.hash_one(&key);
        if self
            .taken
            .find(hash, |&id| self.get(id).to_lowercase() == key)
            .is_some()
        {
            return false;
        }
        let id = self.write(stem);
        self.give(id);
        true
    }

    /// Every name given, in the order given.
    fn all(&self) -> impl Iterator<Item = &Path> {
        let mut dropped = self.dropped.iter().peekable();
        (0..self.ends.len())
            .filter(move |&id| dropped.next_if_eq(&&id).is_none())
            .map(|id| Path::new(self.get(id)))
    }

    /// The stems of files and folder contents: the path relative to the
    /// input folder without its extension (`a/b.html` -> `a/b`), each
    /// component made safe. Two inputs that map to one stem (`a.html` and
    /// `a.md`) each keep their old extension in the name (`a-html`,
    /// `a-md`). Item `i`'s stem is name `i`; returns the items renamed.
    fn items(
        &mut self,
        items: &Items,
        config: &Config,
        err: &mut dyn Write,
    ) -> HashMap<usize, usize> {
        let site = config.options.markdown.site;
        for i in 0..items.len() {
            let stem = item_stem(items.rel(i));
            let stem = match site {
                Some(site) => site_stem(site, &stem, || item_day(items.path(i), config)),
                None => stem,
            };
            self.write(&stem.to_string_lossy());
        }
        // Each stem given unless an earlier one is the same; the stems
        // that meet another are grouped (no list per document) and given
        // up, so that a renamed input never takes the name of another.
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in 0..items.len() {
            let key = self.get(i).to_lowercase();
            let hash = self.state.hash_one(&key);
            let same = |&id: &usize| self.get(id).to_lowercase() == key;
            match self.taken.find(hash, same) {
                Some(&first) => groups.entry(key).or_insert_with(|| vec![first]).push(i),
                None => self.give(i),
            }
        }
        for (key, group) in &groups {
            let hash = self.state.hash_one(key);
            if let Ok(entry) = self.taken.find_entry(hash, |&id| id == group[0]) {
                entry.remove();
            }
            self.dropped.extend(group);
        }
        self.dropped.sort_unstable();
        let mut renamed = HashMap::new();
        for group in groups.values() {
            for &i in group {
                let ext = items
                    .rel(i)
                    .extension()
                    .and_then(OsStr::to_str)
                    .unwrap_or("file");
                let stem = PathBuf::from(self.get(i));
                let base = stem
                    .file_name()
                    .map(|b| b.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "document".into());
                let mut candidate = stem.with_file_name(format!("{base}-{ext}"));
                let mut n = 2;
                while !self.take(&candidate.to_string_lossy()) {
                    candidate = stem.with_file_name(format!("{base}-{ext}-{n}"));
                    n += 1;
                }
                let _ = writeln!(
                    err,
                    "unpress: warning: {}: another input has the same output name; writing it as {}",
                    items.source(i),
                    candidate.display()
                );
                renamed.insert(i, self.ends.len() - 1);
            }
        }
        renamed
    }

    /// The stems of one export's items: the reader's names, checked again,
    /// and renamed `-2`, `-3`... when an earlier input or export took one.
    fn export(
        &mut self,
        export: &wxr::Export,
        err: &mut dyn Write,
    ) -> Result<HashMap<PathBuf, PathBuf>, UsageError> {
        let shown = export.shown();
        let mut renamed = HashMap::new();
        for rel in export.planned() {
            if let Some(why) = unsafe_component(rel) {
                // The reader makes only safe names; this is the last guard.
                return Err(UsageError(format!(
                    "{}: an item's output path {} is unsafe ({why}); please report this",
                    shown.display(),
                    rel.display()
                )));
            }
            let base = rel.as_os_str().to_string_lossy();
            if self.take(&base) {
                if let std::borrow::Cow::Owned(name) = base {
                    // Not UTF-8: written under the name given.
                    renamed.insert(rel.to_path_buf(), PathBuf::from(name));
                }
                continue;
            }
            let mut n = 2;
            let mut candidate = format!("{base}-{n}");
            while !self.take(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            let _ = writeln!(
                err,
                "unpress: warning: {}: {} is already the output of another input; writing this item as {}",
                shown.display(),
                rel.display(),
                candidate
            );
            renamed.insert(rel.to_path_buf(), PathBuf::from(candidate));
        }
        Ok(renamed)
    }
}

/// A file's path relative to its input folder, without the extension,
/// with every component an ordinary name. Only the last extension goes
/// (`release-1.2.md` -> `release-1.2`).
fn item_stem(rel: &Path) -> PathBuf {
    let mut stem = PathBuf::new();
    let parts: Vec<&OsStr> = rel.iter().collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = if last {
            Path::new(part).file_stem().unwrap_or(part)
        } else {
            part
        };
        stem.push(safe_existing_name(name));
    }
    if stem.as_os_str().is_empty() {
        stem.push("document");
    }
    stem
}

/// Where a site generator reads a post file (docs/sites.md): Hugo
/// `content/posts/`, Hexo `source/_posts/`, Jekyll `_posts/` with the
/// date in the name (taken from the front matter when the name has none;
/// without any date, the post is a page, which Jekyll publishes).
fn site_stem(site: Site, stem: &Path, day: impl FnOnce() -> Option<wxr::Day>) -> PathBuf {
    match site {
        Site::Hugo => Path::new("content/posts").join(stem),
        Site::Hexo => Path::new("source/_posts").join(stem),
        Site::Jekyll => {
            let name = stem
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dated = wxr::Day::parse(&name).is_some() && name.as_bytes().get(10) == Some(&b'-');
            if dated {
                return Path::new("_posts").join(stem);
            }
            match day() {
                Some(day) => Path::new("_posts")
                    .join(stem)
                    .with_file_name(format!("{day}-{name}")),
                None => stem.join("index"),
            }
        }
    }
}

/// A post file's date, from its front matter: read once more, before
/// the run, only for Jekyll, which needs the date in the file's name.
fn item_day(path: Option<PathBuf>, config: &Config) -> Option<wxr::Day> {
    let doc = unpress::read::read_file(&path?, &config.options.read).ok()?;
    wxr::Day::parse(doc.meta.date.as_deref()?)
}

/// A component of a real file's path, as little changed as can be: names
/// that are fine on the file system that holds them stay as they are,
/// but never `.`/`..`, a backslash (a separator on Windows) or a name
/// Windows reserves.
fn safe_existing_name(name: &OsStr) -> String {
    let text = name.to_string_lossy().replace('\\', "-");
    match text.as_str() {
        "" | "." | ".." => "document".into(),
        t => unreserved(t),
    }
}

/// Every input of a run, by file identity.
///
/// Made only when an output file already exists (a run into a folder of
/// an earlier run): into a new folder, nothing needs it, and the table
/// and one `stat` per input (a few hundred bytes per document, most of
/// the planning's memory) are saved.
struct InputSet<'a> {
    config: &'a Config,
    items: &'a Items,
    exports: &'a [wxr::Export],
    files: std::cell::OnceCell<HashMap<FileId, String>>,
    /// Folders whose files the run reads (`--assets`): nothing is written
    /// into them.
    folders: Vec<(PathBuf, String)>,
}

impl<'a> InputSet<'a> {
    fn new(config: &'a Config, items: &'a Items, exports: &'a [wxr::Export]) -> InputSet<'a> {
        let folders = config
            .epub
            .assets
            .iter()
            .filter_map(|(_, dir)| {
                let canon = dir.canonicalize().ok()?;
                Some((canon, dir.display().to_string()))
            })
            .collect();
        InputSet {
            config,
            items,
            exports,
            files: std::cell::OnceCell::new(),
            folders,
        }
    }

    fn files(&self) -> &HashMap<FileId, String> {
        self.files.get_or_init(|| self.identify())
    }

    fn identify(&self) -> HashMap<FileId, String> {
        let (config, items, exports) = (self.config, self.items, self.exports);
        let mut files = HashMap::new();
        let mut add = |path: &Path, shown: String| {
            if let Some(id) = FileId::of(path) {
                files.entry(id).or_insert(shown);
            }
        };
        for p in (0..items.len()).filter_map(|i| items.path(i)) {
            add(&p, p.display().to_string());
        }
        for export in exports {
            add(export.path(), export.shown().display().to_string());
        }
        if let Some(cover) = &config.epub.cover {
            add(cover, format!("the cover {}", cover.display()));
        }
        files
    }

    /// An error when writing `path` would replace an input.
    fn refuse(&self, path: &Path) -> Result<(), UsageError> {
        let Some(id) = FileId::of(path) else {
            return Ok(());
        };
        if let Some(input) = self.files().get(&id) {
            return Err(UsageError(format!(
                "writing {} would overwrite the input {input}; choose another output with -o",
                path.display()
            )));
        }
        if let Ok(canon) = path.canonicalize()
            && let Some((_, shown)) = self.folders.iter().find(|(f, _)| canon.starts_with(f))
        {
            return Err(UsageError(format!(
                "writing {} would overwrite a file of the assets folder {shown}; choose another output with -o",
                path.display()
            )));
        }
        Ok(())
    }
}

/// What names one file whatever the path: device and inode on Unix (a
/// symlink or a hard link to an input is that input), the canonical path
/// elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

impl FileId {
    /// The identity of an existing file; `None` when nothing is there.
    fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FileId::Inode(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            path.canonicalize().ok().map(FileId::Path)
        }
    }
}

/// True when nothing is at `dir`, or an empty folder is: nothing under
/// it exists. A symlink, even to an empty folder, is not taken as empty.
fn is_new_or_empty(dir: &Path) -> bool {
    match std::fs::symlink_metadata(dir) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(meta) if meta.is_dir() => {
            std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
        }
        Ok(_) => false,
    }
}

/// `-o` names one file for an aggregate format, never a folder.
fn refuse_folder_as_file(out: &Path, format: Format) -> Result<(), UsageError> {
    if out.is_dir() {
        return Err(UsageError(format!(
            "-o {} is a folder; {format} writes one file, so -o names that file (e.g. -o {}/all.{format})",
            out.display(),
            out.display()
        )));
    }
    Ok(())
}

/// Makes the output folders once, shallowest first, and checks that each
/// one, with symlinks resolved, is inside the output folder: a link left
/// in an output tree (`post -> /etc`) is refused, not written through.
fn make_folders(dir: &Path, folders: HashSet<PathBuf>) -> Result<(), UsageError> {
    let cannot = |path: &Path, e: std::io::Error| {
        UsageError(format!(
            "{}: cannot make the output folder: {e}",
            path.display()
        ))
    };
    if folders.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    let root = dir.canonicalize().map_err(|e| cannot(dir, e))?;
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| (f.components().count(), f.clone()));
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| cannot(folder, e))?;
        let canon = folder.canonicalize().map_err(|e| cannot(folder, e))?;
        if !canon.starts_with(&root) {
            return Err(UsageError(format!(
                "{} leads outside the output folder (to {}); remove that link or choose another output with -o",
                folder.display(),
                canon.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a missing path or an empty folder (not a link to one) lets
    /// the plan skip the per-output check against the inputs.
    #[test]
    fn only_a_new_or_empty_folder_is_fresh() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        assert!(is_new_or_empty(&root.join("missing")));
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(is_new_or_empty(&root.join("empty")));
        std::fs::create_dir(root.join("full")).unwrap();
        std::fs::write(root.join("full/a.md"), "x").unwrap();
        assert!(!is_new_or_empty(&root.join("full")));
        assert!(!is_new_or_empty(&root.join("full/a.md")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("empty"), root.join("link")).unwrap();
            assert!(!is_new_or_empty(&root.join("link")));
        }
    }

    #[test]
    fn stems_drop_only_the_last_extension() {
        assert_eq!(
            item_stem(Path::new("a/release-1.2.md")),
            PathBuf::from("a/release-1.2")
        );
        assert_eq!(item_stem(Path::new("con.md")), PathBuf::from("con_"));
        assert_eq!(item_stem(Path::new("aux/x.html")), PathBuf::from("aux_/x"));
    }

    /// Stems of real file names, however odd, are ordinary names only.
    #[test]
    fn any_file_name_makes_a_safe_stem() {
        let names = [
            "a.md",
            ".md",
            "..md",
            "con.md",
            "CON",
            "aux.1.html",
            "a\\b.md",
            "nul.",
            "com9.txt",
            "lpt1.md",
            "x.y.z.md",
            "é.md",
            "name with spaces.htm",
            "..",
            ".",
        ];
        for dir in ["", "sub", "con", "a\\b", "deep/er"] {
            for name in names {
                let rel = Path::new(dir).join(name);
                let stem = item_stem(&rel);
                assert_eq!(unsafe_component(&stem), None, "{rel:?} -> {stem:?}");
            }
        }
    }
}
