//! The run's report (`--report FILE`, docs/report.md) and the kinds of
//! warnings the summary counts.
//!
//! The report is one JSON object: `documents`, one record per document in
//! input order, written as each is delivered (a batch of any size holds
//! none of them in memory), then `summary`, which adds up. It is written
//! to a temp file beside FILE and renamed at the end, like every output.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::migrate::Moved;
use super::{Outcome, Summary, UsageError};
use unpress::read::wxr;

/// The kinds of warnings, each with the words that mark its messages:
/// the first kind whose marker a message holds is its kind. One table,
/// in docs/report.md too.
const KINDS: &[(&str, &[&str])] = &[
    ("dynamic-blocks", &["dynamic blocks left out"]),
    ("shortcode", &["shortcode", "[gallery]", "[playlist]"]),
    ("flattened", &["Hugo Markdown:"]),
    ("page-break", &["<!--nextpage-->"]),
    ("raw-html", &["written as raw HTML"]),
    ("removed", &["the sanitizer removed"]),
    (
        "sanitized",
        &["unsafe markup", "could not be cleaned", "removed"],
    ),
    ("upload-missing", &["uploaded file(s) not found"]),
    ("link-left", &["lead to no converted document"]),
    ("media-linked", &["not packaged", "; linked"]),
    ("date", &["not a date"]),
    (
        "encoding",
        &["UTF-8", "control character", "entity reference"],
    ),
    ("naming", &["output name", "same output name"]),
    ("attachment", &["not an attachment", "featured image"]),
];

/// Kinds the report and the summary count but stderr does not show one
/// by one: what the portable Markdown does by design (raw HTML where
/// Markdown has no form) and what the sanitizer exists to remove.
pub(super) fn is_note(kind: &str) -> bool {
    matches!(kind, "raw-html" | "removed")
}

/// The kind of a warning message (`other` when none matches).
pub(super) fn kind_of(message: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(_, marks)| marks.iter().any(|m| message.contains(m)))
        .map_or("other", |(kind, _)| kind)
}

/// A report being written.
pub(super) struct Report {
    path: PathBuf,
    file: BufWriter<tempfile::NamedTempFile>,
    first: bool,
}

impl Report {
    /// Starts the report at `path` (written whole at the end).
    pub fn create(path: &Path) -> Result<Report, UsageError> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let cannot =
            |e: io::Error| UsageError(format!("--report {}: cannot write it: {e}", path.display()));
        let tmp = tempfile::Builder::new()
            .prefix(".unpress-report")
            .tempfile_in(dir)
            .map_err(cannot)?;
        let mut file = BufWriter::new(tmp);
        file.write_all(b"{\"version\":1,\"documents\":[")
            .map_err(cannot)?;
        Ok(Report {
            path: path.to_path_buf(),
            file,
            first: true,
        })
    }

    /// One document's record.
    pub fn document(&mut self, outcome: &Outcome) -> io::Result<()> {
        let status = match (&outcome.error, outcome.unpublished) {
            (Some(_), _) => "failed",
            (None, true) => "unpublished",
            (None, false) => "converted",
        };
        let warnings: Vec<Value> = outcome
            .warnings
            .iter()
            .map(|w| json!({"kind": kind_of(w), "message": w}))
            .collect();
        let mut record = json!({
            "source": outcome.source.to_string(),
            "status": status,
            "outputs": outcome.outputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "warnings": warnings,
        });
        if let Some(e) = &outcome.error {
            record["error"] = Value::String(e.to_string());
        }
        if let Some(moved) = &outcome.moved {
            record["moved"] = serde_json::to_value(moved).unwrap_or(Value::Null);
        }
        if !self.first {
            self.file.write_all(b",")?;
        }
        self.first = false;
        self.file.write_all(b"\n")?;
        serde_json::to_writer(&mut self.file, &record)?;
        Ok(())
    }

    /// The summary, and the file under its name.
    pub fn finish(
        mut self,
        summary: &Summary,
        exports: &[wxr::Export],
        copied: usize,
    ) -> io::Result<PathBuf> {
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        for export in exports {
            for (why, n) in export.skipped() {
                *skipped.entry(why.clone()).or_default() += n;
            }
        }
        let total = summary.converted + summary.failed;
        let summary = json!({
            "documents": total,
            "converted": summary.converted,
            "failed": summary.failed,
            "unpublished": summary.unpublished,
            "skipped_items": skipped,
            "warnings": summary.kinds,
            "uploads_copied": copied,
        });
        self.file.write_all(b"\n],\"summary\":")?;
        serde_json::to_writer(&mut self.file, &summary)?;
        self.file.write_all(b"}\n")?;
        let tmp = self.file.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(self.path)
    }
}

/// What a relocation did, when the run had a migration.
pub(super) type MovedNotes = Option<Moved>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_have_kinds() {
        for (message, kind) in [
            (
                "dynamic blocks left out (rendered by WordPress at view time): x",
                "dynamic-blocks",
            ),
            ("unknown shortcode [foo] kept as text", "shortcode"),
            ("Hugo Markdown: 2 tables lost structure", "flattened"),
            (
                "2 uploaded file(s) not found, left pointing at the old site: a",
                "upload-missing",
            ),
            (
                "1 link(s) to the old site lead to no converted document, left as they are: x",
                "link-left",
            ),
            (
                "the post has 3 pages (<!--nextpage-->); they are written one after another",
                "page-break",
            ),
            (
                "date 'x' is not a date unpress reads; kept as given",
                "date",
            ),
            (
                "3 block(s) written as raw HTML: Markdown has no form for them",
                "raw-html",
            ),
            ("the sanitizer removed 2 element(s): script (2)", "removed"),
            ("front matter 'x': unsafe markup; removed", "sanitized"),
            ("something new", "other"),
        ] {
            assert_eq!(kind_of(message), kind, "{message}");
        }
    }
}
