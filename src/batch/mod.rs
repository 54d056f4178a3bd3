//! A run: inputs to documents, documents to output files.
//!
//! Walks the inputs, maps each input path to its output paths, converts the
//! documents in parallel (`-j 1` is a plain loop: `stream.rs`), writes
//! each file whole (a temp file in the same folder, then a rename), and
//! delivers one outcome per document in input order, as each is ready,
//! for the summary.

mod download;
mod inputs;
mod migrate;
mod plan;
mod progress;
mod report;
mod shard;
mod sink;
mod stream;

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use inputs::{Inputs, Items, Stdin};
use migrate::{DocLinks, Migration};
use plan::Plan;
use progress::Progress;
use report::Report;
use sink::{Flow, Sink};
use unpress::document::Source;
use unpress::error::Error;
use unpress::read::wxr::{self, WxrOptions};
use unpress::write::Format;
use unpress::write::epub::{Chapter, EpubOptions};
use unpress::{
    Options, PARALLEL_FORMATS_FROM, clean_metadata, read, rewrite_comments, rewrite_document,
};

pub(crate) use download::DownloadOptions;
pub use migrate::UploadsArg;
pub use shard::Shard;
pub use sink::write_atomic;

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
    /// Print no warnings and no summary.
    pub quiet: bool,
    /// Show a progress bar on standard error (the binary sets it when
    /// standard error is a terminal).
    pub progress: bool,
    /// No colours (`NO_COLOR`).
    pub plain: bool,
    /// Flush every output file to the disk before it takes its name
    /// (`--fsync`).
    pub fsync: bool,
    pub options: Options,
    /// How WordPress exports are read (`--status`, `--post-type`, ...).
    pub wxr: WxrOptions,
    /// Read every input as a WordPress export (`--wxr`), not only the
    /// `.xml` files that look like one.
    pub force_wxr: bool,
    /// How a book is made (`--to epub`: `--title`, `--cover`, ...).
    pub epub: EpubOptions,
    /// Local copies of the sites' uploads (`--uploads`).
    pub uploads: Vec<UploadsArg>,
    /// `--download-images`: how uploads that are not local are fetched.
    pub download: Option<DownloadOptions>,
    /// `--report FILE`: every document's record, and the summary, as JSON.
    pub report: Option<PathBuf>,
    /// `--redirects FILE`: the old addresses in a server's form.
    pub redirects: Option<PathBuf>,
    /// `--shard K/N`: convert only this shard's documents
    /// (docs/scaling.md).
    pub shard: Option<Shard>,
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
    /// With `--site`: documents written but not published (drafts,
    /// private, password-protected), as the site will not show them.
    pub unpublished: usize,
    /// Warnings by kind (`report::kind_of`).
    pub kinds: std::collections::BTreeMap<&'static str, usize>,
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
    let Inputs {
        mut items,
        exports: mut export_paths,
        errors,
    } = inputs::collect_items(config)?;
    let mut summary = Summary::default();
    // With --shard, what belongs to no document is shard 1's.
    let unplaced = config.shard.is_none_or(|s| s.is_first());
    for e in errors.iter().filter(|_| unplaced) {
        report_error(err, e);
        summary.failed += 1;
    }
    let mut stdin_post = None;
    let mut spooled = None;
    if items.stdin().is_some() {
        match inputs::read_stdin(stdin, config)? {
            Stdin::Post(buf) => stdin_post = Some(buf),
            Stdin::Export(tmp) => {
                items.remove_stdin();
                export_paths.push(tmp.path().to_path_buf());
                spooled = Some(tmp);
            }
            Stdin::Failed(e) => {
                items.remove_stdin();
                if unplaced {
                    report_error(err, &e);
                    summary.failed += 1;
                }
            }
        }
    }
    let exports = scan_exports(config, &export_paths, spooled.as_ref(), &mut summary, err);
    if items.is_empty() && exports.is_empty() && summary.failed == 0 {
        return Err(UsageError(format!(
            "no document to convert: folders are searched for files ending in .{}",
            EXTENSIONS.join(", .")
        )));
    }
    let total = items.len()
        + exports
            .iter()
            .map(wxr::Export::document_count)
            .sum::<usize>();
    // `--uploads DIR` without its URL packages a book's images too, for
    // the uploads prefixes the exports' attachments name: known now that
    // the exports are scanned, before any chapter is made.
    let with_uploads;
    let config = if formats == [Format::Epub] && config.uploads.iter().any(|u| u.url.is_none()) {
        let mut c = config.clone();
        for upload in config.uploads.iter().filter(|u| u.url.is_none()) {
            for (prefix, scheme) in migrate::export_prefixes(&exports) {
                c.epub
                    .assets
                    .push((format!("{scheme}://{prefix}"), upload.dir.clone()));
            }
        }
        with_uploads = c;
        &with_uploads
    } else {
        config
    };
    let plan = Plan::new(config, &formats, &items, &exports, err)?;
    let migration = Migration::new(config, &plan, &formats, &items, &exports, err)?;
    let progress = Progress::new(
        config.progress && !config.quiet,
        config.plain,
        plan.converted(),
    );
    let mut err = progress.around(err);
    let err: &mut dyn Write = &mut err;
    let mut run = Run {
        config,
        formats: &formats,
        plan: &plan,
        sink: Sink::open(config, &formats)?,
        summary,
        out,
        err,
        progress: progress.clone(),
        migration: migration.as_ref(),
        report: config.report.as_deref().map(Report::create).transpose()?,
    };
    let stopped = run.files(&items, stdin_post.as_deref()) == Flow::Stop
        || exports
            .iter()
            .enumerate()
            .any(|(index, export)| run.export(index, export) == Flow::Stop);
    progress.finish();
    if stopped {
        return Ok(run.summary);
    }
    let Run {
        sink,
        mut summary,
        out,
        err,
        report,
        ..
    } = run;
    if sink.close(config, &exports, items.is_empty(), &mut summary, out, err) == Flow::Stop {
        return Ok(summary);
    }
    let aggregate = formats.iter().any(|f| f.is_aggregate());
    if !config.quiet && (config.out.is_some() || aggregate || total > 1) {
        let _ = writeln!(
            err,
            "{} converted, {} failed",
            summary.converted, summary.failed
        );
        if !summary.kinds.is_empty() {
            let kinds: Vec<String> = summary
                .kinds
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            let _ = writeln!(err, "warnings: {}", kinds.join(", "));
        }
    }
    if let Some(report) = report {
        let copied = migration.as_ref().map_or(0, Migration::copied);
        // Skipped items are told once, by shard 1's report.
        let told = if unplaced { &exports[..] } else { &[] };
        match report.finish(&summary, told, copied) {
            Ok(path) if !config.quiet => {
                let _ = writeln!(err, "report: {}", path.display());
            }
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(err, "unpress: the report cannot be written: {e}");
                summary.failed += 1;
            }
        }
    }
    if let (Some(site), Some(root)) = (config.options.markdown.site, &config.out) {
        site_notes(config, site, root, &exports, &summary, err)?;
    }
    if let Some(m) = &migration {
        let redirects = m
            .write_redirects()
            .map_err(|e| UsageError(format!("cannot write the redirects: {e}")))?;
        if let Some(path) = &config.redirects {
            m.write_redirects_to(path).map_err(|e| {
                UsageError(format!(
                    "--redirects {}: cannot write it: {e}",
                    path.display()
                ))
            })?;
        }
        if !config.quiet {
            if m.copied() > 0 {
                let _ = writeln!(err, "{} uploaded files copied", m.copied());
            }
            if let Some(path) = redirects {
                let _ = writeln!(
                    err,
                    "old addresses and their new paths: {} (docs/migration.md shows it as server rules)",
                    path.display()
                );
            }
        }
    }
    Ok(summary)
}

/// The first pass over every export: the small maps and the count of
/// documents, before anything is written. An export spooled from standard
/// input is named `<stdin>` in messages.
fn scan_exports(
    config: &Config,
    paths: &[PathBuf],
    spooled: Option<&tempfile::NamedTempFile>,
    summary: &mut Summary,
    err: &mut dyn Write,
) -> Vec<wxr::Export> {
    let mut exports = Vec::new();
    for path in paths {
        let shown = match spooled {
            Some(tmp) if tmp.path() == path.as_path() => Path::new("<stdin>"),
            _ => path.as_path(),
        };
        match wxr::scan_as(path, shown, &config.wxr) {
            Ok(export) => exports.push(export),
            Err(e) if config.shard.is_none_or(|s| s.is_first()) => {
                report_error(err, &e);
                summary.failed += 1;
            }
            Err(_) => {}
        }
    }
    exports
}

/// A run in progress: documents in parallel, outcomes delivered in input
/// order, a bounded number of documents in memory at a time.
struct Run<'a> {
    config: &'a Config,
    formats: &'a [Format],
    plan: &'a Plan,
    sink: Sink,
    summary: Summary,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    progress: Progress,
    migration: Option<&'a Migration>,
    report: Option<Report>,
}

impl Run<'_> {
    fn deliver(&mut self, outcome: Outcome) -> Flow {
        self.progress.inc(1);
        if let Some(report) = &mut self.report
            && let Err(e) = report.document(&outcome)
        {
            let _ = writeln!(self.err, "unpress: the report cannot be written: {e}");
            self.report = None;
        }
        self.sink.deliver(
            outcome,
            &mut self.summary,
            self.config.quiet,
            &mut *self.out,
            &mut *self.err,
        )
    }

    /// The files and folders' documents (and a post on stdin).
    fn files(&mut self, items: &Items, stdin_post: Option<&[u8]>) -> Flow {
        let (config, formats, plan) = (self.config, self.formats, self.plan);
        let migration = self.migration;
        let convert = |index: usize| -> Outcome {
            let source = items.source(index);
            let doc = match &source {
                Source::File(p) => read::read_file(p, &config.options.read),
                other => read::read_bytes(
                    other.clone(),
                    stdin_post.unwrap_or_default(),
                    &config.options.read,
                ),
            };
            let place = |format| plan.item_path(index, format);
            let doc = match (doc, migration) {
                (Ok(mut d), Some(m)) => {
                    m.prepare_item(index, &mut d);
                    Ok(d)
                }
                (doc, _) => doc,
            };
            let links = migration.map(|m| m.for_document(outputs_of(formats, &place)));
            finish(source, doc, &place, formats, config, links.as_ref())
        };
        let numbered = (0..items.len()).filter(|&index| plan.converts_item(index));
        stream::convert_in_order(config.jobs, numbered, &convert, |o| self.deliver(o))
    }

    /// One export's documents, streamed from its second pass.
    fn export(&mut self, index: usize, export: &wxr::Export) -> Flow {
        let (config, formats, plan) = (self.config, self.formats, self.plan);
        let migration = self.migration;
        if !config.quiet {
            for w in export.warnings() {
                let _ = writeln!(
                    self.err,
                    "unpress: warning: {}: {w}",
                    export.shown().display()
                );
            }
        }
        let documents = match export.documents() {
            Ok(d) => d,
            Err(e) => {
                report_error(&mut *self.err, &e);
                self.summary.failed += 1;
                return Flow::Go;
            }
        };
        let convert = |entry: Result<wxr::WxrDocument, Error>| -> Outcome {
            match entry {
                Ok(d) => {
                    let place = |format| plan.export_path(index, &d.rel, format);
                    let mut doc = d.document;
                    let links = migration.map(|m| {
                        m.prepare(index, &d.rel, &mut doc);
                        m.for_document(outputs_of(formats, &place))
                    });
                    finish(
                        doc.source.clone(),
                        Ok(doc),
                        &place,
                        formats,
                        config,
                        links.as_ref(),
                    )
                }
                Err(e) => Outcome::failed(Source::File(export.shown().to_path_buf()), e),
            }
        };
        // With --shard: this shard's documents, and the broken items for
        // shard 1.
        let unplaced = config.shard.is_none_or(|s| s.is_first());
        let documents = documents.filter(|entry| match entry {
            Ok(d) => plan.converts_export(index, &d.rel),
            Err(_) => unplaced,
        });
        if stream::convert_in_order(config.jobs, documents, &convert, |o| self.deliver(o))
            == Flow::Stop
        {
            return Flow::Stop;
        }
        if !config.quiet {
            let _ = writeln!(self.err, "{}", export_summary(export));
        }
        Flow::Go
    }
}

impl Summary {
    fn tally(&mut self, outcome: &Outcome, quiet: bool, err: &mut dyn Write) {
        if !quiet {
            for w in outcome
                .warnings
                .iter()
                .filter(|w| !report::is_note(report::kind_of(w)))
            {
                let _ = writeln!(err, "unpress: warning: {}: {w}", outcome.source);
            }
        }
        for w in &outcome.warnings {
            *self.kinds.entry(report::kind_of(w)).or_default() += 1;
        }
        match &outcome.error {
            Some(e) => {
                report_error(err, e);
                self.failed += 1;
            }
            None => {
                self.converted += 1;
                self.unpublished += usize::from(outcome.unpublished);
            }
        }
    }
}

fn report_error(err: &mut dyn Write, e: &Error) {
    let _ = writeln!(err, "unpress: {e}");
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
    /// Written for a site, which will not publish it.
    unpublished: bool,
    /// The files written.
    outputs: Vec<PathBuf>,
    /// What the migration did with its URLs.
    moved: report::MovedNotes,
}

impl Outcome {
    fn failed(source: Source, error: Error) -> Outcome {
        Outcome {
            source,
            warnings: Vec::new(),
            error: Some(error),
            stream: None,
            chapter: None,
            unpublished: false,
            outputs: Vec::new(),
            moved: None,
        }
    }
}

/// Converts a document that was read (or failed to be) and writes it
/// where the plan says: its files, or its text for the one output stream.
fn finish(
    source: Source,
    doc: Result<unpress::Document, Error>,
    place: &dyn Fn(Format) -> Option<PathBuf>,
    formats: &[Format],
    config: &Config,
    links: Option<&DocLinks<'_>>,
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
                unpublished: false,
                outputs: Vec::new(),
                moved: None,
            },
            Err(e) => Outcome::failed(source, e),
        };
    }
    let markdown = &config.options.markdown;
    let unpublished = markdown.site.is_some()
        && doc
            .as_ref()
            .is_ok_and(|d| !unpress::site::is_public(d, markdown.publish_listed));
    let relocate = links.map(|l| l as &dyn unpress::relocate::Relocate);
    let outputs = match doc.and_then(|doc| {
        let convert = || unpress::convert_document_with(&doc, formats, &config.options, relocate);
        // A large document's formats are written in parallel, on the
        // pool; a small one's on this thread (docs/performance.md).
        if config.jobs != 1 && formats.len() > 1 && doc.body.len() >= PARALLEL_FORMATS_FROM {
            stream::on_pool(config.jobs, convert)
        } else {
            convert()
        }
    }) {
        Ok(mut o) => {
            o.warnings
                .extend(links.map(DocLinks::warnings).unwrap_or_default());
            o
        }
        Err(e) => return Outcome::failed(source, e),
    };
    let mut outcome = Outcome {
        source,
        warnings: outputs.warnings,
        error: None,
        stream: None,
        chapter: None,
        unpublished,
        outputs: Vec::new(),
        moved: links.map(DocLinks::moved),
    };
    for (format, text) in outputs.files {
        let Some(path) = place(format) else {
            // No output folder: the one document goes to the one stream.
            outcome.stream = Some(text);
            return outcome;
        };
        if let Err(error) = write_atomic(&path, text.as_bytes(), config.fsync) {
            outcome.error = Some(Error::Write { path, error });
            return outcome;
        }
        outcome.outputs.push(path);
    }
    outcome
}

/// After a run for a site: the settings file it needs (never its own
/// configuration), and what it will not publish.
fn site_notes(
    config: &Config,
    site: unpress::Site,
    root: &Path,
    exports: &[wxr::Export],
    summary: &Summary,
    err: &mut dyn Write,
) -> Result<(), UsageError> {
    // Jekyll's collections: the `_type/` folders other post types went to.
    let collections: Vec<String> = exports
        .iter()
        .flat_map(wxr::Export::planned)
        .filter_map(|rel| rel.iter().next()?.to_str()?.strip_prefix('_'))
        .filter(|c| !matches!(*c, "posts" | "drafts"))
        .map(str::to_owned)
        .collect();
    let snippet =
        unpress::site::Snippet::new(site, config.options.markdown.keep_html, &collections);
    // Plan::new checked this path with every other output.
    let path = root.join(site.settings_file());
    write_atomic(&path, snippet.text.as_bytes(), config.fsync).map_err(|e| {
        UsageError(format!(
            "{}: cannot write the site settings: {e}",
            path.display()
        ))
    })?;
    if !config.quiet {
        let _ = writeln!(
            err,
            "{site}: settings for the converted content in {}; use them with: {}",
            path.display(),
            snippet.usage
        );
        if summary.unpublished > 0 {
            let _ = writeln!(
                err,
                "{site}: {} documents are not published (drafts, private or password-protected); name the statuses to publish with --status",
                summary.unpublished
            );
        }
    }
    Ok(())
}

/// A document's output files, by format.
fn outputs_of(
    formats: &[Format],
    place: &dyn Fn(Format) -> Option<PathBuf>,
) -> Vec<(Format, PathBuf)> {
    formats
        .iter()
        .filter_map(|&f| place(f).map(|p| (f, p)))
        .collect()
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
        export.shown().display(),
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

fn resolve_formats(config: &Config) -> Result<Vec<Format>, UsageError> {
    let mut formats = config.formats.clone();
    if formats.is_empty() {
        formats = if config.out.is_some() && config.options.markdown.site.is_none() {
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
