//! rewrite/: from a Document's HTML body to the cleaned [`Fragment`](crate::html::fragment::Fragment).
//!
//! 1. [`local`]: one streaming lol_html pass for the rewrites that need no
//!    context (attributes, comments, renames decided on the spot);
//! 2. [`balance`]: the balancer tokenizes that output and builds the
//!    Fragment the way an HTML5 browser builds its tree;
//! 3. [`rules`]: passes over the Fragment for what needs context.
//!
//! Beside the body, [`metadata`] cleans the fields outside it (front
//! matter, typed metadata, an export's comments) with the same sanitizer.

use crate::document::Uploads;

pub mod balance;
pub mod local;
pub mod metadata;
pub mod rules;
mod tokenizer;

/// Per-document limits of our own: a document over them fails alone, with a
/// clear error, instead of taking the whole batch's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Largest HTML body accepted, in bytes.
    pub max_input_bytes: usize,
    /// Most nodes the Fragment may hold.
    pub max_nodes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_input_bytes: crate::document::DEFAULT_MAX_BYTES,
            max_nodes: 4_000_000,
        }
    }
}

/// Why a document's body could not be rewritten.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RewriteError {
    #[error("the HTML body is {size} bytes, over the limit of {limit}; raise it with --max-bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the HTML body makes more than {limit} nodes; raise the limit with --max-nodes")]
    TooManyNodes { limit: usize },
    #[error("the HTML rewriter failed: {0}")]
    Rewriter(String),
}

/// How to rewrite.
#[derive(Clone, Debug, Default)]
pub struct RewriteOptions {
    /// Which WordPress rules run (`--no-rule`, `--no-rules`).
    pub rules: rules::RuleSet,
    /// Per-document limits (`--max-bytes`, `--max-nodes`).
    pub budget: Budget,
    /// Feed lol_html in chunks of this many bytes (tests use it to prove
    /// that the output does not depend on chunking).
    pub chunk_size: Option<usize>,
}

/// The result of a rewrite.
#[derive(Debug)]
pub struct Rewritten {
    pub fragment: crate::html::fragment::Fragment,
    pub warnings: Vec<String>,
}

/// Rewrites an HTML body into its Fragment: the lol_html pass, the
/// balancer, then the passes of the rules that are on.
pub fn rewrite(html: &str, opts: &RewriteOptions) -> Result<Rewritten, RewriteError> {
    rewrite_with(html, opts, None)
}

/// [`rewrite`], knowing what the reader knows beyond the body: an export's
/// attachment URLs, which are originals whatever their names look like.
pub fn rewrite_with(
    html: &str,
    opts: &RewriteOptions,
    uploads: Option<&Uploads>,
) -> Result<Rewritten, RewriteError> {
    if html.len() > opts.budget.max_input_bytes {
        return Err(RewriteError::TooLarge {
            size: html.len(),
            limit: opts.budget.max_input_bytes,
        });
    }
    let local = local::rewrite(html, &opts.rules, opts.chunk_size, uploads)?;
    let mut fragment = balance::balance(&local, &opts.budget)?;
    let mut cx = rules::Context::default();
    rules::run(&mut fragment, &opts.rules, &mut cx);
    Ok(Rewritten {
        fragment,
        warnings: cx.warnings,
    })
}
