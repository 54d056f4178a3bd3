//! A run: inputs to documents, documents to output files.
//!
//! Walks the inputs, maps each input path to its output paths, converts the
//! documents in parallel (`-j 1` is a plain loop), writes each file whole
//! (a temp file in the same folder, then a rename), and collects one outcome
//! per document in input order for the summary.

mod plan;

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document::Source;
use crate::error::Error;
use crate::read::wxr::{self, WxrOptions};
use crate::write::Format;
use crate::write::epub::{self, Chapter, EpubOptions};
use crate::{Options, clean_metadata, convert_document, read, rewrite_comments, rewrite_document};
use plan::Plan;

/// File extensions read from folders.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm", "xhtml", "txt"];

/// One command-line input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `-`, or no input at all.
    Stdin,
    /// A file or a folder.
    Path(PathBuf),
}

/// A resolved run.
#[derive(Clone, Debug)]
pub struct Config {
    pub inputs: Vec<Input>,
    /// Requested formats; empty means the default (md to stdout, md, json
    /// and xhtml with `-o`).
    pub formats: Vec<Format>,
    pub out: Option<PathBuf>,
    /// Worker threads; 0 = all cores, 1 = a plain sequential loop.
    pub jobs: usize,
    pub quiet: bool,
    pub options: Options,
    /// How WordPress exports are read (`--status`, `--post-type`, ...).
    pub wxr: WxrOptions,
    /// Read every input as a WordPress export (`--wxr`), not only the
    /// `.xml` files that look like one.
    pub force_wxr: bool,
    /// How a book is made (`--to epub`: `--title`, `--cover`, ...).
    pub epub: EpubOptions,
}

/// A mistake in how unpress was called: nothing was converted (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What a run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub converted: usize,
    pub failed: usize,
}

/// One document to convert, and where it goes.
#[derive(Debug)]
struct Item {
    source: Source,
    /// The output path relative to the output folder, without the format's
    /// extension and folder.
    rel: PathBuf,
}

/// Runs a batch. Per-document failures are reported on `err` and counted;
/// only usage errors stop the run before anything is written.
pub fn run(
    config: &Config,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Summary, UsageError> {
    let formats = resolve_formats(config)?;
    let aggregate = formats.iter().any(|f| f.is_aggregate());
    let Inputs {
        mut items,
        exports: export_paths,
        errors: walk_errors,
    } = collect_items(config)?;
    let mut stdin_bytes = None;
    let mut spooled = None;
    let mut stdin_error = None;
    if let Some(at) = items.iter().position(|i| i.source == Source::Stdin) {
        match read_stdin(stdin, config)? {
            Stdin::Post(buf) => stdin_bytes = Some(buf),
            Stdin::Export(tmp) => {
                items.remove(at);
                spooled = Some(tmp);
            }
            Stdin::Failed(e) => {
                items.remove(at);
                stdin_error = Some(e);
            }
        }
    }
    let mut summary = Summary::default();
    for e in walk_errors.iter().chain(&stdin_error) {
        report_error(err, e);
        summary.failed += 1;
    }
    // The first pass over every export: the small maps and the count of
    // documents, before anything is written.
    let mut exports = Vec::new();
    let mut export_sources: Vec<PathBuf> = export_paths;
    if let Some(tmp) = &spooled {
        export_sources.push(tmp.path().to_path_buf());
    }
    for path in &export_sources {
        match wxr::scan(path, &config.wxr) {
            Ok(export) => {
                // A spooled export is shown as what the user gave: stdin.
                let shown = match &spooled {
                    Some(tmp) if tmp.path() == path.as_path() => PathBuf::from("<stdin>"),
                    _ => path.clone(),
                };
                exports.push((export, shown));
            }
            Err(e) => {
                report_error(err, &e);
                summary.failed += 1;
            }
        }
    }
    let export_docs: usize = exports.iter().map(|(e, _)| e.document_count()).sum();
    if items.is_empty() && exports.is_empty() && summary.failed == 0 {
        return Err(UsageError(format!(
            "no document to convert: folders are searched for files ending in .{}",
            EXTENSIONS.join(", .")
        )));
    }
    let total = items.len() + export_docs;
    let plan = Plan::new(config, &formats, &items, &exports, err)?;
    let mut sink = match config.out.as_deref() {
        Some(path) if formats == [Format::Epub] => Sink::Book {
            path: path.to_path_buf(),
            chapters: Vec::new(),
        },
        out if aggregate => Sink::Aggregate(AggregateSink::open(out)?),
        _ => Sink::Stdout,
    };

    // Documents in parallel, outcomes in input order, a bounded number of
    // documents in memory at a time.
    let convert_one = |(index, item): &(usize, &Item)| -> Outcome {
        let doc = match &item.source {
            Source::File(p) => read::read_file(p, &config.options.read),
            other => read::read_bytes(
                other.clone(),
                stdin_bytes.as_deref().unwrap_or_default(),
                &config.options.read,
            ),
        };
        let place = |format| plan.item_path(*index, format);
        finish(item.source.clone(), doc, &place, &formats, config)
    };
    let numbered: Vec<(usize, &Item)> = items.iter().enumerate().collect();
    for chunk in numbered.chunks(CHUNK) {
        for outcome in map_items(config.jobs, chunk, &convert_one) {
            if sink.deliver(outcome, &mut summary, config.quiet, out, err) == Flow::Stop {
                return Ok(summary);
            }
        }
    }
    for (export_index, (export, shown)) in exports.iter().enumerate() {
        let rename = |text: String| {
            text.replace(
                &export.path().display().to_string(),
                &shown.display().to_string(),
            )
        };
        if !config.quiet {
            for w in export.warnings() {
                let _ = writeln!(
                    err,
                    "unpress: warning: {}: {}",
                    shown.display(),
                    rename(w.clone())
                );
            }
        }
        let documents = match export.documents() {
            Ok(d) => d,
            Err(e) => {
                report_error(err, &e);
                summary.failed += 1;
                continue;
            }
        };
        let mut documents = documents.peekable();
        while documents.peek().is_some() {
            let chunk: Vec<Result<wxr::WxrDocument, Error>> =
                documents.by_ref().take(CHUNK).collect();
            let convert_entry = |entry: &Result<wxr::WxrDocument, Error>| -> Outcome {
                match entry {
                    Ok(d) => {
                        let mut doc = d.document.clone();
                        if let Source::Item(item) = &mut doc.source {
                            item.path = shown.clone();
                        }
                        let place = |format| plan.export_path(export_index, &d.rel, format);
                        finish(doc.source.clone(), Ok(doc), &place, &formats, config)
                    }
                    Err(e) => Outcome::failed(Source::File(shown.clone()), clone_error(e, &rename)),
                }
            };
            for outcome in map_items(config.jobs, &chunk, &convert_entry) {
                if sink.deliver(outcome, &mut summary, config.quiet, out, err) == Flow::Stop {
                    return Ok(summary);
                }
            }
        }
        if !config.quiet {
            let _ = writeln!(err, "{}", rename(export_summary(export)));
        }
    }
    if let Sink::Book { path, chapters } = sink {
        let opts = book_options(config, &exports, items.is_empty());
        write_book(&path, chapters, &opts, &mut summary, config.quiet, err);
    } else if let Sink::Aggregate(agg) = sink {
        let name = agg.name();
        if let Err(e) = agg.finish().and_then(|()| out.flush()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                report_error(
                    err,
                    &Error::Write {
                        path: name,
                        error: e,
                    },
                );
                summary.failed += 1;
            }
            return Ok(summary);
        }
    }
    if !config.quiet && (config.out.is_some() || aggregate || total > 1) {
        let _ = writeln!(
            err,
            "{} converted, {} failed",
            summary.converted, summary.failed
        );
    }
    Ok(summary)
}

impl Summary {
    fn tally(&mut self, outcome: &Outcome, quiet: bool, err: &mut dyn Write) {
        if !quiet {
            for w in &outcome.warnings {
                let _ = writeln!(err, "unpress: warning: {}: {w}", outcome.source);
            }
        }
        match &outcome.error {
            Some(e) => {
                report_error(err, e);
                self.failed += 1;
            }
            None => self.converted += 1,
        }
    }
}

fn report_error(err: &mut dyn Write, e: &Error) {
    let _ = writeln!(err, "unpress: {e}");
}

fn map_items<T, F>(jobs: usize, items: &[T], f: &F) -> Vec<Outcome>
where
    T: Sync,
    F: Fn(&T) -> Outcome + Sync,
{
    match jobs {
        1 => items.iter().map(f).collect(),
        0 => items.par_iter().map(f).collect(),
        n => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
            Ok(pool) => pool.install(|| items.par_iter().map(f).collect()),
            Err(_) => items.par_iter().map(f).collect(),
        },
    }
}

/// The result of one document.
struct Outcome {
    source: Source,
    warnings: Vec<String>,
    error: Option<Error>,
    /// What goes to the one output stream (stdout or the aggregate file).
    stream: Option<String>,
    /// The document written as a chapter, for a book (`--to epub`).
    chapter: Option<Box<Chapter>>,
}

impl Outcome {
    fn failed(source: Source, error: Error) -> Outcome {
        Outcome {
            source,
            warnings: Vec::new(),
            error: Some(error),
            stream: None,
            chapter: None,
        }
    }
}

/// What came on standard input.
enum Stdin {
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
fn read_stdin(stdin: &mut dyn Read, config: &Config) -> Result<Stdin, UsageError> {
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

/// Converts a document that was read (or failed to be) and writes it
/// where the plan says: its files, or its text for the one output stream.
fn finish(
    source: Source,
    doc: Result<crate::Document, Error>,
    place: &dyn Fn(Format) -> Option<PathBuf>,
    formats: &[Format],
    config: &Config,
) -> Outcome {
    if formats == [Format::Epub] {
        return match doc.and_then(|doc| {
            let comments = rewrite_comments(&doc, &config.options)?;
            let doc = clean_metadata(&doc, &config.options);
            let (fragment, warnings) = rewrite_document(&doc, &config.options)?;
            let chapter = Chapter::with_comments(&doc, &fragment, &comments, &config.epub);
            Ok((chapter, warnings))
        }) {
            Ok((chapter, warnings)) => Outcome {
                source,
                warnings,
                error: None,
                stream: None,
                chapter: Some(Box::new(chapter)),
            },
            Err(e) => Outcome::failed(source, e),
        };
    }
    let outputs = match doc.and_then(|doc| convert_document(&doc, formats, &config.options)) {
        Ok(o) => o,
        Err(e) => return Outcome::failed(source, e),
    };
    let mut outcome = Outcome {
        source,
        warnings: outputs.warnings,
        error: None,
        stream: None,
        chapter: None,
    };
    for (format, text) in outputs.files {
        let Some(path) = place(format) else {
            // No output folder: the one document goes to the one stream.
            outcome.stream = Some(text);
            return outcome;
        };
        if let Err(error) = write_atomic(&path, text.as_bytes()) {
            outcome.error = Some(Error::Write { path, error });
            return outcome;
        }
    }
    outcome
}

/// How many documents are converted at a time: enough to keep every core
/// busy, few enough that memory does not grow with the batch.
const CHUNK: usize = 64;

/// Whether the run goes on after an output.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Go,
    /// The reader of stdout went away, or the one stream cannot be written.
    Stop,
}

/// Where outcomes' text goes: stdout (one document), the aggregate
/// stream, or the chapters of a book, kept in input order until the book
/// is made. Per-document files are written by the workers.
enum Sink {
    Stdout,
    Aggregate(AggregateSink),
    Book {
        path: PathBuf,
        chapters: Vec<Chapter>,
    },
}

impl Sink {
    fn deliver(
        &mut self,
        outcome: Outcome,
        summary: &mut Summary,
        quiet: bool,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Flow {
        summary.tally(&outcome, quiet, err);
        if let (Sink::Book { chapters, .. }, Some(chapter)) = (&mut *self, outcome.chapter) {
            chapters.push(*chapter);
            return Flow::Go;
        }
        let Some(text) = outcome.stream else {
            return Flow::Go;
        };
        let (result, name) = match self {
            Sink::Stdout => (
                out.write_all(text.as_bytes()).and_then(|()| out.flush()),
                PathBuf::from("<stdout>"),
            ),
            Sink::Aggregate(agg) => (agg.write(text.as_bytes(), out), agg.name()),
            Sink::Book { .. } => return Flow::Go,
        };
        match result {
            Ok(()) => Flow::Go,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Flow::Stop,
            Err(error) => {
                report_error(err, &Error::Write { path: name, error });
                summary.failed += 1;
                Flow::Stop
            }
        }
    }
}

/// The book's options: the run's, with the title of the export's site
/// when the inputs are exports only and `--title` is not given.
fn book_options(
    config: &Config,
    exports: &[(wxr::Export, PathBuf)],
    only_exports: bool,
) -> EpubOptions {
    let mut opts = config.epub.clone();
    if opts.title.is_none() && only_exports {
        opts.title = exports
            .iter()
            .find_map(|(e, _)| e.channel.title.clone())
            .filter(|t| !t.trim().is_empty());
    }
    opts
}

/// Makes the book from the chapters and writes it whole. A book with no
/// chapter (every document failed) is not written.
fn write_book(
    path: &Path,
    chapters: Vec<Chapter>,
    opts: &EpubOptions,
    summary: &mut Summary,
    quiet: bool,
    err: &mut dyn Write,
) {
    let count = chapters.len();
    let result = epub::build(chapters, opts)
        .map_err(|error| Error::Book {
            path: path.to_path_buf(),
            error,
        })
        .and_then(|book| {
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| write_atomic(path, &book.bytes))
                .map(|()| book)
                .map_err(|error| Error::Write {
                    path: path.to_path_buf(),
                    error,
                })
        });
    match result {
        Ok(book) => {
            if !quiet {
                for w in &book.warnings {
                    let _ = writeln!(err, "unpress: warning: {w}");
                }
                let _ = writeln!(
                    err,
                    "{}: {count} chapters, {} bytes, {} remote images linked",
                    path.display(),
                    book.bytes.len(),
                    book.remote_images_linked
                );
            }
        }
        Err(e) => {
            report_error(err, &e);
            summary.failed += 1;
        }
    }
}

/// One export's line in the summary: its documents, what the rules
/// skipped, and its comments.
fn export_summary(export: &wxr::Export) -> String {
    let skipped: Vec<String> = export
        .skipped()
        .iter()
        .map(|(why, n)| format!("{n} {why}"))
        .collect();
    format!(
        "{}: {} documents, {} comments{}{}",
        export.path().display(),
        export.document_count(),
        export.comment_count(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!("; skipped: {}", skipped.join(", "))
        },
        if export.bad_items() > 0 {
            format!("; {} bad items", export.bad_items())
        } else {
            String::new()
        },
    )
}

/// Errors are not `Clone` (they hold `io::Error`s); an item's read error
/// is re-made with the same message to travel to the worker.
fn clone_error(e: &Error, rename: &dyn Fn(String) -> String) -> Error {
    match e {
        Error::Wxr { at, message } => Error::Wxr {
            at: crate::error::Position {
                source: match &at.source {
                    Source::File(p) => Source::File(PathBuf::from(rename(p.display().to_string()))),
                    other => other.clone(),
                },
                line_col: at.line_col,
            },
            message: rename(message.clone()),
        },
        other => Error::Wxr {
            at: crate::error::Position {
                source: other.input().cloned().unwrap_or(Source::Stdin),
                line_col: None,
            },
            message: rename(other.to_string()),
        },
    }
}

/// Writes a file whole: a temp file in the same folder, then a rename, so a
/// reader never sees half a file and a failure leaves nothing behind. The
/// folder exists: the plan made it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = temp_builder().tempfile_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data().ok();
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary output files: hidden names in the output's folder, and the
/// permissions of a file the user creates (0666 less the umask; a
/// temporary file alone would be 0600).
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".unpress-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

fn resolve_formats(config: &Config) -> Result<Vec<Format>, UsageError> {
    let mut formats = config.formats.clone();
    if formats.is_empty() {
        formats = if config.out.is_some() {
            vec![Format::Markdown, Format::Json, Format::Xhtml]
        } else {
            vec![Format::Markdown]
        };
    }
    let mut seen = HashSet::new();
    formats.retain(|f| seen.insert(*f));
    if let Some(one) = formats.iter().find(|f| f.is_aggregate())
        && formats.len() > 1
    {
        let others: Vec<String> = formats
            .iter()
            .filter(|f| *f != one)
            .map(Format::to_string)
            .collect();
        return Err(UsageError(format!(
            "{one} writes one {} for all documents and cannot be mixed with {} in one run; run unpress once per format",
            if *one == Format::Epub {
                "book"
            } else {
                "stream"
            },
            others.join(", ")
        )));
    }
    if formats == [Format::Epub] && config.out.is_none() {
        return Err(UsageError(
            "--to epub writes a book file; name it with -o, e.g. -o book.epub".into(),
        ));
    }
    Ok(formats)
}

/// The inputs, expanded.
struct Inputs {
    /// Documents (posts, pages), each with its relative output path.
    items: Vec<Item>,
    /// WordPress exports.
    exports: Vec<PathBuf>,
    /// What could not be walked.
    errors: Vec<Error>,
}

/// Expands the inputs into documents and exports.
fn collect_items(config: &Config) -> Result<Inputs, UsageError> {
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

/// The one stream of an aggregate format: stdout, or a file written whole.
enum AggregateSink {
    Stdout,
    File {
        path: PathBuf,
        tmp: tempfile::NamedTempFile,
    },
}

impl AggregateSink {
    fn open(path: Option<&Path>) -> Result<AggregateSink, UsageError> {
        let Some(path) = path else {
            return Ok(AggregateSink::Stdout);
        };
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .and_then(|()| temp_builder().tempfile_in(parent))
            .map(|tmp| AggregateSink::File {
                path: path.to_path_buf(),
                tmp,
            })
            .map_err(|e| UsageError(format!("{}: cannot write: {e}", path.display())))
    }

    fn name(&self) -> PathBuf {
        match self {
            AggregateSink::Stdout => PathBuf::from("<stdout>"),
            AggregateSink::File { path, .. } => path.clone(),
        }
    }

    fn write(&mut self, bytes: &[u8], stdout: &mut dyn Write) -> io::Result<()> {
        match self {
            AggregateSink::Stdout => stdout.write_all(bytes),
            AggregateSink::File { tmp, .. } => tmp.write_all(bytes),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            AggregateSink::Stdout => Ok(()),
            AggregateSink::File { path, tmp } => tmp.persist(path).map(|_| ()).map_err(|e| e.error),
        }
    }
}
