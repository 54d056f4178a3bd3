//! How a body was written, and rendering a Markdown body to HTML the way its
//! site generator did.
//!
//! The rule (`--body auto`): `.html`, `.htm` and `.xhtml` bodies are HTML;
//! `.md` and `.markdown` bodies are Markdown with raw HTML; anything else
//! (`.txt`, stdin) is HTML when its first non-blank character is `<`, else
//! Markdown.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::document::BodyKind;

/// `--body`: how to read bodies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyMode {
    /// Decide by file extension, then by the first character.
    #[default]
    Auto,
    Html,
    Markdown,
}

/// Decides how a body is written.
pub fn kind(mode: BodyMode, path: Option<&Path>, body: &str) -> BodyKind {
    match mode {
        BodyMode::Html => return BodyKind::Html,
        BodyMode::Markdown => return BodyKind::Markdown,
        BodyMode::Auto => {}
    }
    let ext = path
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => BodyKind::Html,
        Some("md" | "markdown") => BodyKind::Markdown,
        _ if body.trim_start().starts_with('<') => BodyKind::Html,
        _ => BodyKind::Markdown,
    }
}

/// Renders a Markdown body to HTML: CommonMark with the GFM extensions that
/// Jekyll (kramdown GFM) and Hexo (marked) turn on by default: tables,
/// strikethrough and task lists. Raw HTML passes through untouched, and a
/// block-level element that starts a line is read to its end tag, as
/// kramdown reads it (`html_block`), not only to the next blank line.
pub fn markdown_to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let protected = super::html_block::protect(markdown);
    let events = Parser::new_ext(&protected.markdown, options)
        .into_offset_iter()
        .map(|(event, range)| {
            let raw = match &event {
                Event::Html(text) | Event::InlineHtml(text) => protected.raw_for(range, text),
                _ => None,
            };
            match raw {
                Some(raw) => Event::Html(CowStr::from(format!("{raw}\n"))),
                None => event,
            }
        });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_by_extension_then_first_character() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        assert_eq!(
            kind(BodyMode::Auto, p("a.md").as_deref(), "<div>"),
            BodyKind::Markdown
        );
        assert_eq!(
            kind(BodyMode::Auto, p("a.HTM").as_deref(), "# x"),
            BodyKind::Html
        );
        assert_eq!(
            kind(BodyMode::Auto, p("a.txt").as_deref(), "\n  <div>"),
            BodyKind::Html
        );
        assert_eq!(
            kind(BodyMode::Auto, p("a.txt").as_deref(), "# x"),
            BodyKind::Markdown
        );
        assert_eq!(kind(BodyMode::Auto, None, "text"), BodyKind::Markdown);
        assert_eq!(
            kind(BodyMode::Html, p("a.md").as_deref(), "# x"),
            BodyKind::Html
        );
    }

    #[test]
    fn markdown_keeps_raw_html_and_renders_tables() {
        let html = markdown_to_html(
            "## H\n\n<div class=\"wp-caption\">x</div>\n\n|a|b|\n|-|-|\n|1|2|\n\n[r][1]\n\n [1]: http://e.x/\n",
        );
        assert!(html.contains("<h2>H</h2>"));
        assert!(html.contains("<div class=\"wp-caption\">x</div>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<a href=\"http://e.x/\">r</a>"));
    }
}
