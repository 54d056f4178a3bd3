//! The library's errors: each names the input (and line/column where known)
//! and says what to do. `main` prints them as `unpress: <this>`.

use std::io;
use std::path::PathBuf;

use crate::document::Source;
use crate::rewrite::RewriteError;
use crate::write::epub::EpubError;

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The input.
    pub source: Source,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        Ok(())
    }
}

/// Everything that can fail for one document (or one output file).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read (missing, unreadable, over
    /// `--max-bytes`, not a regular file).
    #[error("{input}: cannot read: {error}")]
    Read {
        /// The input.
        input: Source,
        /// Why.
        error: io::Error,
    },

    /// An input that is not UTF-8.
    #[error(
        "{at}: not UTF-8 (byte offset {offset}); convert the file to UTF-8 first, e.g. with iconv"
    )]
    NotUtf8 {
        /// Where the first byte that is not UTF-8 is.
        at: Position,
        /// Its byte offset.
        offset: usize,
    },

    /// Front matter that is not YAML, or never closed.
    #[error("{at}: front matter: {message}")]
    FrontMatter {
        /// Where.
        at: Position,
        /// What is wrong and what to do.
        message: String,
    },

    /// A WordPress export that cannot be read here: a bad item (skipped,
    /// the others are converted) or a broken channel.
    #[error("{at}: {message}")]
    Wxr {
        /// Where in the export.
        at: Position,
        /// What is wrong and what to do.
        message: String,
    },

    /// The body could not be rewritten (over a budget).
    #[error("{input}: {error}")]
    Rewrite {
        /// The input.
        input: Source,
        /// Why.
        error: RewriteError,
    },

    /// An output file could not be written.
    #[error("{}: cannot write: {error}", path.display())]
    Write {
        /// The output file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },

    /// A book (`--to epub`) that could not be made; nothing was written.
    #[error("{}: {error}", path.display())]
    Book {
        /// The book's file.
        path: PathBuf,
        /// Why.
        error: EpubError,
    },

    /// A format that is not written one document at a time (an EPUB is
    /// made by [`crate::build_book`] from many documents).
    #[error(
        "{0} is a book of many documents, not a per-document format; build it with unpress::build_book (Chapter::new, then build_book)"
    )]
    NotPerDocument(crate::write::Format),
}

impl Error {
    /// The input this error is about.
    pub fn input(&self) -> Option<&Source> {
        match self {
            Error::Read { input, .. } | Error::Rewrite { input, .. } => Some(input),
            Error::NotUtf8 { at, .. } | Error::FrontMatter { at, .. } | Error::Wxr { at, .. } => {
                Some(&at.source)
            }
            Error::Write { .. } | Error::Book { .. } | Error::NotPerDocument(_) => None,
        }
    }
}
