//! XHTML: a full EPUB 3 content document (profile in docs/xhtml.md).
//!
//! XML declaration, `<!DOCTYPE html>`, the XHTML and EPUB namespaces,
//! identical `lang` and `xml:lang`, `dir="rtl"` for right-to-left languages,
//! a non-empty `<title>`, and the content in a `<section epub:type="chapter">`
//! under the title as `<h1>`. The serializer keeps it well-formed: only the
//! five XML entities, no characters XML forbids, every `img` with an `alt`.

use super::html::{self, Flavor};
use super::text;
use crate::document::{Document, Source};
use crate::rewrite::fragment::Fragment;

/// Writes the content document.
pub fn write(doc: &Document, f: &Fragment) -> String {
    let body_text = text::plain_text(f, f.root());
    let (lang, _) = crate::lang::resolve(doc.meta.lang.as_deref(), &body_text);
    let title = title_of(doc, f);
    let mut out = String::with_capacity(doc.body.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    out.push_str(" lang=\"");
    html::escape(&lang, true, Flavor::Xhtml, &mut out);
    out.push_str("\" xml:lang=\"");
    html::escape(&lang, true, Flavor::Xhtml, &mut out);
    out.push('"');
    if crate::lang::is_rtl(&lang) {
        out.push_str(" dir=\"rtl\"");
    }
    out.push_str(">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    html::escape(&title, false, Flavor::Xhtml, &mut out);
    out.push_str("</title>\n</head>\n<body>\n<section epub:type=\"chapter\">\n<h1>");
    html::escape(&title, false, Flavor::Xhtml, &mut out);
    out.push_str("</h1>\n");
    for child in f.children(f.root()) {
        let before = out.len();
        html::write_node(f, child, Flavor::Xhtml, &mut out);
        // One top-level block a line, for people reading the file; text
        // between blocks keeps its own white space.
        if out.len() > before && f.element(child).is_some() && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// The title: the metadata's, else the first heading's text, else the file
/// name, else "Untitled".
pub fn title_of(doc: &Document, f: &Fragment) -> String {
    if let Some(t) = doc
        .meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return t.to_owned();
    }
    let heading = f
        .descendants(f.root())
        .find(|&n| {
            matches!(
                f.element(n).map(|e| e.name.as_str()),
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            )
        })
        .map(|h| text::plain_text(f, h))
        .filter(|t| !t.is_empty());
    if let Some(h) = heading {
        return h;
    }
    if let Source::File(p) = &doc.source
        && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
    {
        return stem.to_owned();
    }
    "Untitled".to_owned()
}
