//! Markdown: YAML front matter, then CommonMark with GFM tables.
//! (Placeholder: replaced by the real writer.)

use crate::document::Document;
use crate::rewrite::fragment::Fragment;

/// Options of the Markdown writer.
#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {}

/// Writes a document as Markdown: front matter (none when the document has
/// no metadata), then the content.
pub fn write(doc: &Document, fragment: &Fragment, _opts: &MarkdownOptions) -> String {
    let mut out = String::new();
    if doc.has_metadata() {
        out.push_str("---\n");
        out.push_str(&crate::yaml::to_yaml(&doc.output_front_matter()));
        out.push_str("---\n\n");
    }
    out.push_str(&fragment.text_content(fragment.root()));
    out.push('\n');
    out
}
