//! unpress: get content out of WordPress-style HTML.
//!
//! The pipeline is read -> rewrite -> write: a reader turns an input into a
//! [`Document`], the rewrite builds its cleaned [`Fragment`] (one lol_html
//! pass, a balancer, then passes over the tree), and each writer turns the
//! two into one format. The formats of a document are written in parallel.
//!
//! ```
//! use unpress::{convert, Format, Options};
//!
//! let post = "---\ntitle: Hello\n---\n<div><p>One <b>two</b></p>\
//!     <p><img src=\"a.jpg\" loading=\"lazy\" alt=\"\"></p></div>";
//! let out = convert(post, &[Format::Markdown, Format::Xhtml], &Options::default()).unwrap();
//! assert!(out.get(Format::Markdown).unwrap().starts_with("---\ntitle: Hello\n---\n"));
//! assert!(out.get(Format::Xhtml).unwrap().contains("<figure><img src=\"a.jpg\" alt=\"\"/></figure>"));
//! ```

#![warn(missing_docs)]

pub mod document;
pub mod error;
pub mod html;

// The stages and the helpers behind them: public for the binary and the
// tests, not part of the documented, stable surface (the items re-exported
// below are).
#[doc(hidden)]
pub mod file_name;
#[doc(hidden)]
pub mod lang;
#[doc(hidden)]
pub mod mapping;
#[doc(hidden)]
pub mod read;
pub mod relocate;
#[doc(hidden)]
pub mod rewrite;
pub mod site;
#[doc(hidden)]
pub mod wordpress;
#[doc(hidden)]
pub mod write;
#[doc(hidden)]
pub mod yaml;

#[doc(hidden)]
pub use html::url;

pub use document::{Comment, Document, Meta, Post, Source};
pub use error::{Error, Position};
pub use html::fragment::Fragment;
pub use mapping::FrontMatterMap;
pub use read::ReadOptions;
/// The WordPress export (WXR) reader: two streaming passes, one document
/// per kept item. See [`wxr::scan`].
pub use read::wxr;
pub use rewrite::rules::{Rule, RuleSet};
pub use rewrite::{Budget, RewriteOptions};
pub use site::Site;
pub use write::Format;
pub use write::epub::{Book, Chapter, ChapterOrder, EpubOptions, build as build_book};
pub use write::markdown::{FigureStyle, MarkdownOptions};
pub use write::xhtml::XhtmlOptions;

use std::borrow::Cow;

/// Everything that decides how a document is converted.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// How inputs are read.
    pub read: ReadOptions,
    /// How bodies are rewritten: rules, budgets.
    pub rewrite: RewriteOptions,
    /// How Markdown is written.
    pub markdown: MarkdownOptions,
    /// How XHTML is written.
    pub xhtml: XhtmlOptions,
    /// The front matter's categories, tags and authors renamed, and its
    /// keys renamed, dropped and added (a configuration file's
    /// `[front_matter]`, docs/config.md); the default changes nothing.
    pub front_matter: FrontMatterMap,
}

/// The converted forms of one document.
#[derive(Clone, Debug, Default)]
pub struct Outputs {
    /// One entry per requested format, in the order requested.
    pub files: Vec<(Format, String)>,
    /// What the reader and the rules had to say.
    pub warnings: Vec<String>,
}

impl Outputs {
    /// The output in `format`, if it was requested.
    pub fn get(&self, format: Format) -> Option<&str> {
        self.files
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, s)| s.as_str())
    }
}

/// Reads one post (front matter and body, a page or a fragment) given as
/// text into a [`Document`]: the first stage of [`convert`].
///
/// ```
/// let doc = unpress::read_document("---\ntitle: Hi\n---\n<p>x</p>", &Default::default()).unwrap();
/// assert_eq!(doc.meta.title.as_deref(), Some("Hi"));
/// assert_eq!(doc.body, "<p>x</p>");
/// ```
pub fn read_document(input: &str, opts: &read::ReadOptions) -> Result<Document, Error> {
    read::read_str(Source::Text, input, opts)
}

/// Converts one post (front matter and body, a page or a fragment) given
/// as text.
pub fn convert(input: &str, formats: &[Format], opts: &Options) -> Result<Outputs, Error> {
    let doc = read_document(input, &opts.read)?;
    convert_document(&doc, formats, opts)
}

/// The body size, in bytes, from which the formats of one document are
/// written in parallel (measured: docs/performance.md).
#[doc(hidden)]
pub const PARALLEL_FORMATS_FROM: usize = 64 * 1024;

/// Rewrites a document once and writes it in every requested format, the
/// formats of a large document in parallel when called on a rayon pool's
/// thread (a caller off any pool, such as the batch's `-j 1` loop, starts
/// none).
///
/// ```
/// use unpress::{Format, Options, convert_document, read_document};
///
/// let doc = read_document("<p>One <b>two</b></p>", &Default::default()).unwrap();
/// let out = convert_document(&doc, &[Format::Json], &Options::default()).unwrap();
/// let json: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
/// assert_eq!(json["text"], "One two");
/// ```
/// [`Format::Epub`] is refused ([`Error::NotPerDocument`]): a book is
/// made from many documents by [`write::epub`].
pub fn convert_document(
    doc: &Document,
    formats: &[Format],
    opts: &Options,
) -> Result<Outputs, Error> {
    convert_document_with(doc, formats, opts, None)
}

/// [`convert_document`], with the URLs of each format's output moved
/// where `relocate` says (a migration's internal links and local images:
/// [`relocate`]).
pub fn convert_document_with(
    doc: &Document,
    formats: &[Format],
    opts: &Options,
    relocate: Option<&dyn relocate::Relocate>,
) -> Result<Outputs, Error> {
    if let Some(&format) = formats.iter().find(|f| !f.is_per_document()) {
        return Err(Error::NotPerDocument(format));
    }
    // The comments are rewritten from the document as read: each text
    // goes through the body's whole pipeline (an embedded video becomes
    // a link rather than nothing), and the XHTML writes names as text.
    let comments = if formats.contains(&Format::Xhtml) {
        rewrite_comments(doc, opts)?
    } else {
        Vec::new()
    };
    let doc = &*clean_metadata(doc, opts);
    let (fragment, warnings) = rewrite_document(doc, opts)?;
    let fragment = &fragment;
    // The language is resolved once when several writers state it
    // (detection is the costliest step of writing JSON and XHTML).
    let stating = formats
        .iter()
        .filter(|f| matches!(f, Format::Json | Format::Jsonl | Format::Xhtml))
        .count();
    let lang = (stating > 1).then(|| write::text::language(doc, fragment));
    let lang = lang.as_ref();
    let mut files: Vec<(Format, String)> = formats.iter().map(|&f| (f, String::new())).collect();
    // What the Markdown's target could not keep (`--site hugo` without
    // raw HTML): the writer's own warnings, after the rewrite's.
    let markdown_warnings = std::sync::Mutex::new(Vec::new());
    let write_one = |format: Format, out: &mut String| {
        let (doc, fragment) = relocate::for_format(doc, fragment, relocate, format);
        let (doc, fragment) = (&*doc, &*fragment);
        *out = match format {
            Format::Markdown => {
                let (md, w) = write::markdown::write_with_warnings(
                    doc,
                    fragment,
                    &opts.markdown,
                    &opts.front_matter,
                );
                if let Ok(mut all) = markdown_warnings.lock() {
                    all.extend(w);
                }
                md
            }
            Format::Json => write::json::write(doc, fragment, &warnings, lang, &opts.front_matter),
            Format::Jsonl => {
                write::json::write_line(doc, fragment, &warnings, lang, &opts.front_matter)
            }
            Format::Xhtml => {
                let hooks = write::xhtml::Hooks {
                    lang: lang.map(|(tag, _)| tag.as_str()),
                    ..Default::default()
                };
                write::xhtml::write_with_comments(doc, fragment, &opts.xhtml, &hooks, &comments)
                    .xhtml
            }
            Format::Epub => unreachable!("refused above"),
        }
    };
    // A hand-off to the thread pool costs more than writing a small
    // document: formats go in parallel only for large ones (the threshold
    // is measured: docs/performance.md), and never with one format. Only
    // a caller already on a pool gets one: `rayon::scope` from any other
    // thread would start the global pool, and `-j 1` promises one thread.
    let on_pool = rayon::current_thread_index().is_some();
    if files.len() == 1 || doc.body.len() < PARALLEL_FORMATS_FROM || !on_pool {
        for (format, out) in files.iter_mut() {
            write_one(*format, out);
        }
    } else {
        rayon::scope(|s| {
            for (format, out) in files.iter_mut() {
                let format = *format;
                s.spawn(move |_| write_one(format, out));
            }
        });
    }
    let mut warnings = warnings;
    warnings.extend(markdown_warnings.into_inner().unwrap_or_default());
    Ok(Outputs { files, warnings })
}

/// The document with every field outside its body (front matter, typed
/// metadata, an export's comments) cleaned by the body's sanitizer, as
/// [`rewrite::metadata`] says, then its categories, tags and authors
/// renamed as [`Options::front_matter`] says; the document itself when
/// nothing needed it. [`convert_document`] calls it once per document; whoever writes
/// through [`rewrite_document`] directly (a book's chapters) calls it
/// first and writes the document it returns.
pub fn clean_metadata<'d>(doc: &'d Document, opts: &Options) -> Cow<'d, Document> {
    let cleaned = rewrite::metadata::clean(doc, &opts.rewrite.budget);
    opts.front_matter.map_values(cleaned)
}

/// An export item's approved comments for the XHTML (and a book's
/// chapter) when `--comments` asks for them, each rewritten like a body;
/// their warnings are not the post's. Empty otherwise. Given the document
/// as read, not [`clean_metadata`]'s: a text is sanitized here with the
/// rest of the pipeline, which keeps an embed as a link where the
/// front matter's cleaning (the sanitizer alone) drops it.
pub fn rewrite_comments(
    doc: &Document,
    opts: &Options,
) -> Result<Vec<write::xhtml::Comment>, Error> {
    if !opts.xhtml.comments {
        return Ok(Vec::new());
    }
    write::xhtml::collect_comments(doc, |html| {
        rewrite::rewrite(html, &opts.rewrite).map(|r| r.fragment)
    })
    .map_err(|error| Error::Rewrite {
        input: doc.source.clone(),
        error,
    })
}

/// The rewrite step of one document: its cleaned Fragment, and the
/// reader's and the rules' warnings. The fields outside the body are
/// [`clean_metadata`]'s.
pub fn rewrite_document(doc: &Document, opts: &Options) -> Result<(Fragment, Vec<String>), Error> {
    let rewritten = rewrite::rewrite_with(&doc.body, &opts.rewrite, doc.uploads.as_deref())
        .map_err(|error| Error::Rewrite {
            input: doc.source.clone(),
            error,
        })?;
    let mut warnings = doc.warnings.clone();
    warnings.extend(rewritten.warnings);
    Ok((rewritten.fragment, warnings))
}
