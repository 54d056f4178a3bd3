//! read/: every kind of input becomes the same [`Document`].
//!
//! A post (YAML front matter + HTML or Markdown body), a whole HTML page, or
//! a bare fragment; from a file, stdin, or a string.

pub mod body;
pub mod date;
pub mod front_matter;
mod html_block;
pub mod html_page;
pub mod shortcode;
pub mod wpautop;
pub mod wxr;

use std::path::Path;

use jiff::tz::TimeZone;

pub use body::BodyMode;

use crate::document::{BodyKind, Document, Meta, Source};
use crate::error::{Error, Position};

/// How to read inputs.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// How bodies are written (`--body`): by extension and first character, or forced.
    pub body: BodyMode,
    /// The zone of dates written without one (`--timezone`).
    pub timezone: Option<TimeZone>,
    /// The largest input read for one document (`--max-bytes`): a file, a
    /// post on stdin, or one item of an export. At most one byte more is
    /// ever read before it is refused, so a huge file or `/dev/zero`
    /// costs no memory.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            body: BodyMode::default(),
            timezone: None,
            max_bytes: crate::document::DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads a file into a Document. Only regular files are read (a FIFO or a
/// device could block or never end), and at most `max_bytes`.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Document, Error> {
    let source = Source::File(path.to_path_buf());
    let bytes = read_limited_file(path, opts.max_bytes).map_err(|error| Error::Read {
        input: source.clone(),
        error,
    })?;
    read_bytes(source, &bytes, opts)
}

/// The bytes of a regular file of at most `max` bytes.
pub fn read_limited_file(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    // The size the file says it has: one read of it, not the doubling
    // reads of an unknown length (seven system calls for a 3 KB post).
    let hint = usize::try_from(meta.len()).unwrap_or(max).min(max);
    read_limited_into(file, max, Vec::with_capacity(hint.saturating_add(1)))
}

/// Reads at most `max` bytes; more is an error that says how to raise the
/// limit. Reads `max + 1` bytes at most, never the rest.
pub fn read_limited(reader: impl std::io::Read, max: usize) -> std::io::Result<Vec<u8>> {
    read_limited_into(reader, max, Vec::new())
}

fn read_limited_into(
    reader: impl std::io::Read,
    max: usize,
    mut bytes: Vec<u8>,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    reader
        .take(max.saturating_add(1) as u64)
        .read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("more than {max} bytes, the limit for one document; raise it with --max-bytes"),
        ));
    }
    Ok(bytes)
}

/// The error for an input that is not a regular file: what it is instead.
pub fn not_a_file(meta: &std::fs::Metadata) -> std::io::Error {
    let ft = meta.file_type();
    let what = if ft.is_dir() {
        "a folder"
    } else {
        special_kind(&ft)
    };
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "{what}, not a regular file; unpress reads files, folders, and standard input given as -"
        ),
    )
}

#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads bytes (a file's or stdin's) into a Document.
pub fn read_bytes(source: Source, bytes: &[u8], opts: &ReadOptions) -> Result<Document, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        Error::NotUtf8 {
            at: Position {
                source: source.clone(),
                line_col: Some(line_col(bytes, offset)),
            },
            offset,
        }
    })?;
    read_str(source, text, opts)
}

/// Reads text into a Document.
pub fn read_str(source: Source, text: &str, opts: &ReadOptions) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = front_matter::split(text).map_err(|unclosed| Error::FrontMatter {
        at: Position {
            source: source.clone(),
            line_col: Some((unclosed.line, 1)),
        },
        message:
            "the '---' that opens the front matter is never closed; add a line '---' after the YAML"
                .into(),
    })?;
    let path = match &source {
        Source::File(p) => Some(p.as_path()),
        _ => None,
    };
    let body_kind = body::kind(opts.body, path, split.body);
    let mut warnings = Vec::new();
    let (front_matter, meta, normalized) = match split.yaml {
        Some(yaml) => {
            let map = crate::yaml::parse_front_matter(yaml).map_err(|e| Error::FrontMatter {
                at: Position {
                    source: source.clone(),
                    line_col: e
                        .line
                        .map(|l| (split.yaml_line + l - 1, e.column.unwrap_or(1))),
                },
                message: format!(
                    "{}; fix the YAML between the '---' lines",
                    shift_lines(&e.message, split.yaml_line - 1)
                ),
            })?;
            let (meta, normalized) =
                front_matter::typed(&map, opts.timezone.as_ref(), &mut warnings);
            (Some(map), meta, normalized)
        }
        None if body_kind == BodyKind::Html && html_page::is_page(split.body) => (
            None,
            html_page::head_meta(split.body, &mut warnings),
            Vec::new(),
        ),
        None => (None, Meta::default(), Vec::new()),
    };
    // Shortcodes are expanded here, for every input kind, before any HTML
    // rule. A Markdown body has its code shortcodes expanded before it is
    // rendered (so their content is not cut into paragraphs) and the rest
    // after (so code spans and blocks protect what they show).
    let html = match body_kind {
        BodyKind::Html => split.body.to_owned(),
        BodyKind::Markdown => body::markdown_to_html(&shortcode::expand_code_markdown(split.body)),
    };
    let body = shortcode::expand(&html, None, None, &mut warnings);
    Ok(Document {
        source,
        front_matter,
        post: None,
        comments: Vec::new(),
        normalized,
        meta,
        body_kind,
        body,
        warnings,
        uploads: None,
    })
}

/// serde_yaml counts lines from the start of the front matter block; the
/// user counts from the start of the file.
fn shift_lines(message: &str, by: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// The 1-based line and column (in bytes) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_names_the_offset() {
        let err = read_bytes(
            Source::Stdin,
            b"---\ntitle: x\n---\n<p>caf\xe9</p>",
            &ReadOptions::default(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("<stdin>:4:7: not UTF-8 (byte offset 23)"),
            "{msg}"
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let err = read_str(
            Source::Stdin,
            "\n---\ntitle: ok\ncategories: [a\n---\nx",
            &ReadOptions::default(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("<stdin>:"), "{msg}");
        assert!(msg.contains("front matter"), "{msg}");
    }

    #[test]
    fn fragment_without_metadata() {
        let doc = read_str(Source::Stdin, "<p>hi</p>", &ReadOptions::default()).unwrap();
        assert!(!doc.has_metadata());
        assert_eq!(doc.body, "<p>hi</p>");
    }
}
