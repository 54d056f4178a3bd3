//! The inputs of a run: files and folders walked into documents, exports
//! recognised, standard input read within the budget.

use std::ffi::OsStr;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Config, EXTENSIONS, Input, Item, UsageError};
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
    pub items: Vec<Item>,
    /// WordPress exports.
    pub exports: Vec<PathBuf>,
    /// What could not be walked.
    pub errors: Vec<Error>,
}

/// Expands the inputs into documents and exports.
pub(super) fn collect_items(config: &Config) -> Result<Inputs, UsageError> {
    let out_canon = config.out.as_deref().and_then(|o| o.canonicalize().ok());
    let mut items = Vec::new();
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
                items.push(Item {
                    source: Source::Stdin,
                    rel: PathBuf::from("stdin"),
                });
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
                    walk_folder(p, out_canon.as_deref(), &mut items, &mut errors);
                } else if config.force_wxr || looks_like_export(p) {
                    exports.push(p.clone());
                } else {
                    let name = p
                        .file_name()
                        .map(PathBuf::from)
                        .unwrap_or_else(|| PathBuf::from("document"));
                    items.push(Item {
                        source: Source::File(p.clone()),
                        rel: name,
                    });
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

fn walk_folder(dir: &Path, skip: Option<&Path>, items: &mut Vec<Item>, errors: &mut Vec<Error>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            let is_out = e.file_type().is_dir()
                && skip.is_some_and(|s| e.path().canonicalize().ok().as_deref() == Some(s));
            !hidden && !is_out
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let ext = e
                    .path()
                    .extension()
                    .and_then(OsStr::to_str)
                    .map(str::to_ascii_lowercase);
                if !ext.is_some_and(|x| EXTENSIONS.contains(&x.as_str())) {
                    continue;
                }
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                items.push(Item {
                    source: Source::File(e.path().to_path_buf()),
                    rel,
                });
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                errors.push(Error::Read {
                    input: Source::File(path),
                    error: e
                        .into_io_error()
                        .unwrap_or_else(|| io::Error::other("cannot walk the folder")),
                });
            }
        }
    }
}
