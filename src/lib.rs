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

pub mod batch;
pub mod cli;
pub mod document;
pub mod error;
pub mod lang;
pub mod read;
pub mod rewrite;
pub mod write;
pub mod yaml;

pub use document::{Document, Source};
pub use error::Error;
pub use rewrite::fragment::Fragment;
pub use write::Format;

use read::ReadOptions;
use rewrite::RewriteOptions;
use write::markdown::MarkdownOptions;
use write::xhtml::XhtmlOptions;

/// Everything that decides how a document is converted.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub read: ReadOptions,
    pub rewrite: RewriteOptions,
    pub markdown: MarkdownOptions,
    pub xhtml: XhtmlOptions,
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

/// Converts one post (front matter and body, a page or a fragment) given
/// as text.
pub fn convert(input: &str, formats: &[Format], opts: &Options) -> Result<Outputs, Error> {
    let doc = read::read_str(Source::Text, input, &opts.read)?;
    convert_document(&doc, formats, opts)
}

/// Rewrites a document once and writes it in every requested format, the
/// formats in parallel.
pub fn convert_document(
    doc: &Document,
    formats: &[Format],
    opts: &Options,
) -> Result<Outputs, Error> {
    let rewritten = rewrite::rewrite(&doc.body, &opts.rewrite).map_err(|error| Error::Rewrite {
        input: doc.source.clone(),
        error,
    })?;
    let mut warnings = doc.warnings.clone();
    warnings.extend(rewritten.warnings);
    let fragment = &rewritten.fragment;
    // An export item's comments (`--comments`) go through the same rewrite
    // as the body; their warnings are not the post's.
    let comments = if opts.xhtml.comments && formats.contains(&Format::Xhtml) {
        write::xhtml::collect_comments(doc, |html| {
            rewrite::rewrite(html, &opts.rewrite).map(|r| r.fragment)
        })
        .map_err(|error| Error::Rewrite {
            input: doc.source.clone(),
            error,
        })?
    } else {
        Vec::new()
    };
    let mut files: Vec<(Format, String)> = formats.iter().map(|&f| (f, String::new())).collect();
    let write_one = |format: Format, out: &mut String| {
        *out = match format {
            Format::Markdown => write::markdown::write(doc, fragment, &opts.markdown),
            Format::Json => write::json::write(doc, fragment, &warnings),
            Format::Jsonl => write::json::write_line(doc, fragment, &warnings),
            Format::Xhtml => {
                let settings = write::xhtml::Settings::default();
                write::xhtml::write_with_comments(doc, fragment, &settings, &comments).xhtml
            }
        }
    };
    if files.len() == 1 {
        let (format, out) = &mut files[0];
        write_one(*format, out);
    } else {
        rayon::scope(|s| {
            for (format, out) in files.iter_mut() {
                let format = *format;
                s.spawn(move |_| write_one(format, out));
            }
        });
    }
    Ok(Outputs { files, warnings })
}
