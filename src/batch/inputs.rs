//! The inputs of a run: files and folders walked into documents, exports
//! recognised, standard input read within the budget.

use std::ffi::{OsStr, OsString};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Config, EXTENSIONS, Input, UsageError};
use unpress::document::Source;
use unpress::error::Error;
use unpress::read::{self, wxr};

/// What came on standard input.
pub(super) enum Stdin {
    /// One post, at most `--max-bytes` long.
    Post(Vec<u8>),
    /// An export, spooled to a temporary file (reading one takes two
    /// passes).
    Export(tempfile::NamedTempFile),
    /// A post that could not be read (over `--max-bytes`).
    Failed(Error),
}

/// Reads standard input without ever holding more than `--max-bytes` (a
/// post) or one buffer (an export, copied to a temporary file): the first
/// bytes tell which it is.
pub(super) fn read_stdin(stdin: &mut dyn Read, config: &Config) -> Result<Stdin, UsageError> {
    let cannot = |e: io::Error| UsageError(format!("cannot read standard input: {e}"));
    let mut head = Vec::new();
    (&mut *stdin)
        .take(wxr::HEAD as u64)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    if head.len() < wxr::HEAD && head.iter().all(u8::is_ascii_whitespace) {
        return Err(UsageError(
            "standard input is empty; give a file or folder to convert, or pipe a post in (see unpress --help)".into(),
        ));
    }
    let whole = head.as_slice().chain(stdin);
    if config.force_wxr || wxr::is_wxr_head(&head) {
        return wxr::spool(&mut { whole })
            .map(Stdin::Export)
            .map_err(|e| UsageError(format!("standard input: cannot read the export: {e}")));
    }
    match read::read_limited(whole, config.options.read.max_bytes) {
        Ok(buf) => Ok(Stdin::Post(buf)),
        Err(error) if error.kind() == io::ErrorKind::FileTooLarge => {
            Ok(Stdin::Failed(Error::Read {
                input: Source::Stdin,
                error,
            }))
        }
        Err(e) => Err(cannot(e)),
    }
}

/// The inputs, expanded.
pub(super) struct Inputs {
    /// Documents (posts, pages), each with its relative output path.
    pub items: Items,
    /// WordPress exports.
    pub exports: Vec<PathBuf>,
    /// What could not be walked.
    pub errors: Vec<Error>,
}

/// The documents of a run's files and folders, in order, held compactly:
/// a folder's relative paths in one string, the folder once. A run over
/// an archive of 40,000 posts holds about 40 bytes a post here, where a
/// pair of paths a post took about 180 (the planning's peak memory
/// otherwise grew with the number of documents: docs/performance.md).
#[derive(Default)]
pub(super) struct Items {
    /// Where the items from each index on come from.
    roots: Vec<(usize, Root)>,
    /// Every relative path that is UTF-8, one after the other.
    rels: String,
    /// Where each item's relative path ends in `rels`.
    ends: Vec<usize>,
    /// The relative paths that are not UTF-8 (their span in `rels` is
    /// empty), by item index.
    odd: std::collections::BTreeMap<usize, PathBuf>,
}

/// Where a run of items comes from.
enum Root {
    Stdin,
    /// One file named on the command line, as named.
    File(PathBuf),
    /// A folder: an item's file is the folder joined with its relative path.
    Folder(PathBuf),
}

impl Items {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Item `index`'s path relative to its folder (a file's name, `stdin`).
    pub fn rel(&self, index: usize) -> &Path {
        if let Some(odd) = self.odd.get(&index) {
            return odd;
        }
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        Path::new(&self.rels[start..self.ends[index]])
    }

    fn root(&self, index: usize) -> &Root {
        let at = self.roots.partition_point(|(first, _)| *first <= index);
        &self.roots[at - 1].1
    }

    /// The file item `index` is read from; `None` for standard input.
    pub fn path(&self, index: usize) -> Option<PathBuf> {
        match self.root(index) {
            Root::Stdin => None,
            Root::File(p) => Some(p.clone()),
            Root::Folder(dir) => Some(dir.join(self.rel(index))),
        }
    }

    pub fn source(&self, index: usize) -> Source {
        self.path(index).map_or(Source::Stdin, Source::File)
    }

    /// The index of the item read from standard input.
    pub fn stdin(&self) -> Option<usize> {
        self.roots
            .iter()
            .find(|(_, root)| matches!(root, Root::Stdin))
            .map(|(first, _)| *first)
    }

    /// Takes the standard input's item out (it was an export, or could
    /// not be read); the items after it move up one.
    pub fn remove_stdin(&mut self) {
        let Some(at) = self
            .roots
            .iter()
            .position(|(_, r)| matches!(r, Root::Stdin))
        else {
            return;
        };
        let (index, _) = self.roots.remove(at);
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        let len = self.ends[index] - start;
        self.rels.replace_range(start..self.ends[index], "");
        self.ends.remove(index);
        for end in &mut self.ends[index..] {
            *end -= len;
        }
        self.odd = std::mem::take(&mut self.odd)
            .into_iter()
            .map(|(i, p)| (if i > index { i - 1 } else { i }, p))
            .collect();
        for (first, _) in &mut self.roots[at..] {
            *first -= 1;
        }
    }

    fn begin(&mut self, root: Root) {
        self.roots.push((self.len(), root));
    }

    fn push(&mut self, rel: &Path) {
        match rel.to_str() {
            Some(text) => self.rels.push_str(text),
            None => {
                self.odd.insert(self.len(), rel.to_path_buf());
            }
        }
        self.ends.push(self.rels.len());
    }
}

/// Expands the inputs into documents and exports.
pub(super) fn collect_items(config: &Config) -> Result<Inputs, UsageError> {
    let out_canon = config.out.as_deref().and_then(|o| o.canonicalize().ok());
    let mut items = Items::default();
    let mut errors = Vec::new();
    let mut exports = Vec::new();
    let mut stdin_seen = false;
    for input in &config.inputs {
        match input {
            Input::Stdin => {
                if stdin_seen {
                    return Err(UsageError(
                        "standard input (-) can be named only once".into(),
                    ));
                }
                stdin_seen = true;
                items.begin(Root::Stdin);
                items.push(Path::new("stdin"));
            }
            Input::Path(p) => {
                let meta = std::fs::metadata(p).map_err(|e| {
                    UsageError(format!(
                        "{}: {}; check the path",
                        p.display(),
                        io_reason(&e)
                    ))
                })?;
                if let (Some(out), true) = (&out_canon, meta.is_dir())
                    && p.canonicalize().ok().as_ref() == Some(out)
                {
                    return Err(UsageError(format!(
                        "-o {} is the input folder itself; write to another folder (e.g. -o {}-out)",
                        p.display(),
                        p.display()
                    )));
                }
                if !meta.is_dir() && !meta.is_file() {
                    return Err(UsageError(format!(
                        "{}: {}",
                        p.display(),
                        read::not_a_file(&meta)
                    )));
                }
                if meta.is_dir() {
                    items.begin(Root::Folder(p.clone()));
                    walk_folder(p, out_canon.as_deref(), &mut items, &mut errors);
                } else if config.force_wxr || looks_like_export(p) {
                    exports.push(p.clone());
                } else {
                    items.begin(Root::File(p.clone()));
                    items.push(p.file_name().map_or(Path::new("document"), Path::new));
                }
            }
        }
    }
    Ok(Inputs {
        items,
        exports,
        errors,
    })
}

/// A `.xml` file whose root is an RSS channel with the WordPress export
/// namespace (or a namespace-less one with `wp:` items) is an export.
fn looks_like_export(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        && wxr::is_wxr(path).unwrap_or(false)
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Adds a folder's documents to `items`, depth first, each folder's
/// entries in the order of their names' bytes; hidden names (`.git`,
/// `.draft.md`) and the output folder are left out, and symlinks are not
/// followed (a link to a folder or a file is not read: no loop, nothing
/// outside the folder). Errors name the folder or file and go on.
fn walk_folder(dir: &Path, skip: Option<&Path>, items: &mut Items, errors: &mut Vec<Error>) {
    // The folders being listed, deepest last; iterative, so that a deep
    // tree cannot exhaust the stack.
    let mut stack = vec![Listing::of(dir, PathBuf::new(), errors)];
    while let Some(top) = stack.last_mut() {
        let Some((rel, is_dir)) = top.next() else {
            stack.pop();
            continue;
        };
        if !is_dir {
            items.push(&rel);
            continue;
        }
        let path = dir.join(&rel);
        if skip.is_some_and(|s| path.canonicalize().ok().as_deref() == Some(s)) {
            continue;
        }
        stack.push(Listing::of(&path, rel, errors));
    }
}

/// One folder's entries worth walking (sub-folders, and files with a
/// document's extension), sorted by name, their names in one string.
struct Listing {
    /// The folder's path relative to the walked folder.
    rel: PathBuf,
    names: String,
    /// Each entry: its name's span in `names` (or its index in `odd`),
    /// and whether it is a folder; sorted, then taken from the front.
    entries: std::vec::IntoIter<(Name, bool)>,
    odd: Vec<OsString>,
}

/// An entry's name: a span of `Listing::names`, or one of `odd` (not
/// UTF-8, or past 4 GiB of names). 32-bit, for the listing of a folder
/// of a million posts is the walk's peak memory.
#[derive(Clone, Copy)]
enum Name {
    Text(u32, u32),
    Odd(u32),
}

impl Listing {
    fn of(path: &Path, rel: PathBuf, errors: &mut Vec<Error>) -> Listing {
        let mut names = String::new();
        let mut odd = Vec::new();
        let mut entries = Vec::new();
        let mut failed = |path: PathBuf, error: io::Error| {
            errors.push(Error::Read {
                input: Source::File(path),
                error,
            });
        };
        match std::fs::read_dir(path) {
            Err(e) => failed(path.to_path_buf(), e),
            Ok(dir) => {
                for entry in dir {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            failed(path.to_path_buf(), e);
                            continue;
                        }
                    };
                    let file_name = entry.file_name();
                    if file_name.to_str().is_some_and(|n| n.starts_with('.')) {
                        continue;
                    }
                    let kind = match entry.file_type() {
                        Ok(kind) => kind,
                        Err(e) => {
                            failed(entry.path(), e);
                            continue;
                        }
                    };
                    let wanted = kind.is_dir() || (kind.is_file() && is_document(&file_name));
                    if !wanted {
                        continue;
                    }
                    let span = file_name.to_str().and_then(|text| {
                        let start = u32::try_from(names.len()).ok()?;
                        let end = u32::try_from(names.len() + text.len()).ok()?;
                        names.push_str(text);
                        Some(Name::Text(start, end))
                    });
                    let name = match span {
                        Some(name) => name,
                        None => match u32::try_from(odd.len()) {
                            Ok(i) => {
                                odd.push(file_name);
                                Name::Odd(i)
                            }
                            Err(_) => {
                                let too_many = io::Error::other("more entries than can be listed");
                                failed(path.to_path_buf(), too_many);
                                break;
                            }
                        },
                    };
                    entries.push((name, kind.is_dir()));
                }
            }
        }
        let bytes = |name: &Name| -> &[u8] {
            match *name {
                Name::Text(start, end) => &names.as_bytes()[start as usize..end as usize],
                Name::Odd(i) => odd[i as usize].as_encoded_bytes(),
            }
        };
        // Names in one folder are distinct: no need for a stable sort
        // (and its buffer).
        entries.sort_unstable_by(|a, b| bytes(&a.0).cmp(bytes(&b.0)));
        Listing {
            rel,
            names,
            entries: entries.into_iter(),
            odd,
        }
    }

    /// The next entry's path relative to the walked folder, and whether
    /// it is a folder.
    fn next(&mut self) -> Option<(PathBuf, bool)> {
        let (name, is_dir) = self.entries.next()?;
        let name = match name {
            Name::Text(start, end) => OsStr::new(&self.names[start as usize..end as usize]),
            Name::Odd(i) => self.odd[i as usize].as_os_str(),
        };
        Some((self.rel.join(name), is_dir))
    }
}

fn is_document(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items keep their relative paths and files, in order, through the
    /// removal of standard input's; a name that is not UTF-8 is kept as is.
    #[test]
    fn items_keep_their_paths_when_stdin_is_taken_out() {
        let mut items = Items::default();
        items.begin(Root::File(PathBuf::from("x/one.html")));
        items.push(Path::new("one.html"));
        items.begin(Root::Stdin);
        items.push(Path::new("stdin"));
        items.begin(Root::Folder(PathBuf::from("posts")));
        items.push(Path::new("a.md"));
        #[cfg(unix)]
        let odd = {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(OsStr::from_bytes(b"sub/\xff.md"))
        };
        #[cfg(not(unix))]
        let odd = PathBuf::from("sub/odd.md");
        items.push(&odd);
        items.push(Path::new("b/c.md"));
        assert_eq!(items.stdin(), Some(1));
        assert_eq!(items.source(1), Source::Stdin);
        items.remove_stdin();
        assert_eq!(items.stdin(), None);
        assert_eq!(items.len(), 4);
        let rels: Vec<&Path> = (0..items.len()).map(|i| items.rel(i)).collect();
        assert_eq!(
            rels,
            [
                Path::new("one.html"),
                Path::new("a.md"),
                &odd,
                Path::new("b/c.md")
            ]
        );
        let paths: Vec<Option<PathBuf>> = (0..items.len()).map(|i| items.path(i)).collect();
        assert_eq!(
            paths,
            [
                Some(PathBuf::from("x/one.html")),
                Some(PathBuf::from("posts/a.md")),
                Some(Path::new("posts").join(&odd)),
                Some(PathBuf::from("posts/b/c.md")),
            ]
        );
    }
}
