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
    #[error("{input}: cannot read: {error}")]
    Read { input: Source, error: io::Error },

    #[error(
        "{at}: not UTF-8 (byte offset {offset}); convert the file to UTF-8 first, e.g. with iconv"
    )]
    NotUtf8 { at: Position, offset: usize },

    #[error("{at}: front matter: {message}")]
    FrontMatter { at: Position, message: String },

    /// A WordPress export that cannot be read here: a bad item (skipped,
    /// the others are converted) or a broken channel.
    #[error("{at}: {message}")]
    Wxr { at: Position, message: String },

    #[error("{input}: {error}")]
    Rewrite { input: Source, error: RewriteError },

    #[error("{}: cannot write: {error}", path.display())]
    Write { path: PathBuf, error: io::Error },

    /// A book (`--to epub`) that could not be made; nothing was written.
    #[error("{}: {error}", path.display())]
    Book { path: PathBuf, error: EpubError },

    /// A format that is not written one document at a time (an EPUB is
    /// made by [`crate::write::epub`] from many documents).
    #[error(
        "{0} is a book of many documents, not a per-document format; build it with write::epub (Chapter::new, then build)"
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
