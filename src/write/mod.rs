//! write/: one file per format, each a function of the Document and its
//! Fragment. No writer re-parses HTML; each walks the Fragment.

pub mod epub;
pub mod json;
pub mod markdown;
pub mod text;
pub mod xhtml;

use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Json,
    Xhtml,
    /// JSON Lines: one JSON object per document, in one stream.
    Jsonl,
    /// One EPUB 3 book of all documents, written to the file `-o` names
    /// (see [`epub`]).
    Epub,
}

impl Format {
    /// The file extension (and the subfolder name when several formats are
    /// written).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Xhtml => "xhtml",
            Format::Jsonl => "jsonl",
            Format::Epub => "epub",
        }
    }

    /// Aggregate formats write one stream (or one file) for all documents.
    pub fn is_aggregate(self) -> bool {
        matches!(self, Format::Jsonl | Format::Epub)
    }

    /// Formats whose output is text, one per document
    /// ([`crate::convert_document`] writes them); an EPUB is a binary
    /// book made from many documents.
    pub fn is_per_document(self) -> bool {
        !matches!(self, Format::Epub)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "xhtml" => Ok(Format::Xhtml),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "epub" => Ok(Format::Epub),
            other => Err(format!(
                "unknown format '{other}'; use md, json, xhtml, jsonl or epub"
            )),
        }
    }
}
