//! Where a run's output goes: files written whole, the one stream of an
//! aggregate format, or a book.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Config, Outcome, Summary, UsageError, report_error};
use unpress::error::Error;
use unpress::read::wxr;
use unpress::write::Format;
use unpress::write::epub::{self, Chapter, EpubOptions};

/// Whether the run goes on after an output.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Flow {
    Go,
    /// The reader of stdout went away, or the one stream cannot be written.
    Stop,
}

/// Where outcomes' text goes: stdout (one document), the aggregate
/// stream, or the chapters of a book, kept in input order until the book
/// is made. Per-document files are written by the workers.
pub(super) enum Sink {
    Stdout,
    Aggregate(AggregateSink),
    Book {
        path: PathBuf,
        chapters: Vec<Chapter>,
    },
}

impl Sink {
    /// The sink of a run: a book (`--to epub`), the one stream of an
    /// aggregate format, or standard output (one document).
    pub fn open(config: &Config, formats: &[Format]) -> Result<Sink, UsageError> {
        Ok(match config.out.as_deref() {
            Some(path) if formats == [Format::Epub] => Sink::Book {
                path: path.to_path_buf(),
                chapters: Vec::new(),
            },
            out if formats.iter().any(|f| f.is_aggregate()) => {
                Sink::Aggregate(AggregateSink::open(out)?)
            }
            _ => Sink::Stdout,
        })
    }

    /// Ends the run's output: makes the book, or closes the stream. False
    /// when the stream could not be written (the summary is not printed).
    pub fn close(
        self,
        config: &Config,
        exports: &[wxr::Export],
        only_exports: bool,
        summary: &mut Summary,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Flow {
        match self {
            Sink::Book { path, chapters } => {
                let opts = book_options(config, exports, only_exports);
                write_book(&path, chapters, &opts, config, summary, err);
            }
            Sink::Aggregate(agg) => {
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
                    return Flow::Stop;
                }
            }
            Sink::Stdout => {}
        }
        Flow::Go
    }

    pub fn deliver(
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
fn book_options(config: &Config, exports: &[wxr::Export], only_exports: bool) -> EpubOptions {
    let mut opts = config.epub.clone();
    if opts.title.is_none() && only_exports {
        opts.title = exports
            .iter()
            .find_map(|e| e.channel.title.clone())
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
    config: &Config,
    summary: &mut Summary,
    err: &mut dyn Write,
) {
    let quiet = config.quiet;
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
                .and_then(|()| write_atomic(path, &book.bytes, config.fsync))
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

/// Writes a file whole: a temp file in the same folder, then a rename, so a
/// reader never sees half a file and a failure (or a killed process) leaves
/// nothing behind. The folder exists: the plan made it. `fsync` also
/// flushes the file to the disk before the rename (`--fsync`): only a
/// power loss needs that, and it costs a disk round trip per file.
pub fn write_atomic(path: &Path, bytes: &[u8], fsync: bool) -> io::Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = temp_builder().tempfile_in(parent)?;
    tmp.write_all(bytes)?;
    if fsync {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary output files: hidden names in the output's folder, and the
/// permissions of a file the user creates (0666 less the umask; a
/// temporary file alone would be 0600).
pub(super) fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".unpress-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// The one stream of an aggregate format: stdout, or a file written whole.
pub(super) enum AggregateSink {
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
