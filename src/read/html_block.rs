//! HTML blocks in a Markdown body, read the way kramdown (Jekyll) reads them:
//! a block-level element that starts a line runs to its matching end tag,
//! whatever blank lines and indentation it has inside.
//!
//! CommonMark ends such a block at the first blank line (HTML block
//! condition 6), so an exported `<table>` laid out with whitespace-only lines
//! between indented `<td>`s becomes a one-row table followed by indented code
//! blocks showing `<td>` tags. kramdown's `parse_block_html` instead takes a
//! tag that is not a span element, at the start of a line (up to three
//! spaces in), and reads it to its end tag; with its default
//! `parse_block_html: false` the content is raw HTML, not Markdown.
//!
//! How: before pulldown-cmark renders, each such block is swapped for a
//! one-line placeholder comment (an HTML block that can interrupt a
//! paragraph and ends on its own line); while rendering, the placeholder's
//! event is swapped back for the raw HTML. Link reference definitions and
//! everything else stay in one document.
//!
//! Left to CommonMark: lines inside fenced code; indented lines (code, or
//! list content); span elements (`<a>`, `<img>`, `<span>`...); void and
//! self-closed tags; an element whose end tag is never found; an element
//! with `markdown="1"` (kramdown's switch for Markdown inside HTML), whose
//! content CommonMark then reads as Markdown wherever blank lines separate
//! it from the tags.

use memchr::{memchr, memmem};

/// Span elements (kramdown's `HTML_SPAN_ELEMENTS`, plus `script`,
/// `style` and `textarea`, which CommonMark already reads to their end tag)
/// and void elements: not taken as a block.
const NOT_BLOCKS: &[&str] = &[
    "a", "abbr", "acronym", "area", "b", "base", "bdi", "bdo", "big", "br", "button", "cite",
    "code", "col", "data", "del", "dfn", "em", "embed", "font", "hr", "i", "img", "input", "ins",
    "kbd", "label", "link", "mark", "meta", "option", "param", "q", "rb", "rbc", "rp", "rt", "rtc",
    "ruby", "s", "samp", "script", "select", "small", "source", "span", "strike", "strong",
    "style", "sub", "sup", "textarea", "time", "track", "tt", "u", "var", "wbr",
];

/// The placeholder's text: an HTML comment on its own line.
const MARK: &str = "<!--unpress-html-block-";

/// A Markdown body with its HTML blocks set aside.
#[derive(Debug, Default)]
pub struct Protected {
    /// The Markdown, each block replaced by a placeholder line.
    pub markdown: String,
    /// Each placeholder's byte offset in `markdown` and the raw HTML it
    /// stands for, in order.
    pub blocks: Vec<(usize, String)>,
}

impl Protected {
    /// The raw HTML for an HTML event covering `range` whose text is
    /// `text`, when that event is one of the placeholders.
    pub fn raw_for(&self, range: std::ops::Range<usize>, text: &str) -> Option<&str> {
        let i = self.blocks.partition_point(|(at, _)| *at < range.start);
        let (at, raw) = self.blocks.get(i)?;
        (*at < range.end && text.trim().starts_with(MARK)).then_some(raw.as_str())
    }
}

/// Sets the HTML blocks of `markdown` aside (see the module docs).
pub fn protect(markdown: &str) -> Protected {
    let bytes = markdown.as_bytes();
    let mut out = Protected {
        markdown: String::with_capacity(markdown.len()),
        blocks: Vec::new(),
    };
    // Work bound: end-tag searches that fail scan to the end of the text;
    // after this many bytes of searching, the rest is left to CommonMark.
    let mut budget = markdown.len().saturating_mul(8).saturating_add(1 << 20);
    let mut fence: Option<(u8, usize)> = None;
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1);
        let line = &markdown[pos..line_end];
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line[indent..];
        if let Some((ch, len)) = fence {
            if indent < 4 && closes_fence(rest, ch, len) {
                fence = None;
            }
        } else if indent < 4 {
            if let Some(open) = opens_fence(rest) {
                fence = Some(open);
            } else if let Some(end) = block_end(markdown, pos + indent, &mut budget) {
                let id = out.blocks.len();
                out.markdown.push_str(&line[..indent]);
                out.blocks.push((
                    out.markdown.len(),
                    markdown[pos + indent..end].trim_end().to_owned(),
                ));
                out.markdown.push_str(MARK);
                out.markdown.push_str(&id.to_string());
                out.markdown.push_str("-->\n");
                // What follows the end tag on its line is read as a line
                // of its own (kramdown goes on parsing after the tag).
                pos = skip_blank_rest(bytes, end);
                continue;
            }
        }
        out.markdown.push_str(line);
        pos = line_end;
    }
    out
}

/// A fence opening: three or more backticks (with no backtick in the info
/// string) or tildes.
fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    (len >= 3 && !(ch == b'`' && rest[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(rest: &str, ch: u8, len: usize) -> bool {
    let n = rest.bytes().take_while(|&b| b == ch).count();
    n >= len && rest[n..].trim().is_empty()
}

/// When a block-level start tag begins at `at`, the end of its element
/// (after the matching end tag).
fn block_end(text: &str, at: usize, budget: &mut usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'<') {
        return None;
    }
    let name = tag_name(bytes, at + 1)?;
    let lower = name.to_ascii_lowercase();
    if NOT_BLOCKS.contains(&lower.as_str()) {
        return None;
    }
    let (tag_end, self_closed) = start_tag_end(bytes, at + 1 + name.len())?;
    if self_closed || has_markdown_attr(&text[at..tag_end]) {
        return None;
    }
    matching_end(bytes, tag_end, name, budget)
}

/// The ASCII tag name at `from`: a letter, then letters, digits and `-`.
fn tag_name(bytes: &[u8], from: usize) -> Option<&str> {
    if !bytes.get(from)?.is_ascii_alphabetic() {
        return None;
    }
    let len = bytes[from..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    std::str::from_utf8(&bytes[from..from + len]).ok()
}

/// The end of a start tag whose name ends at `from`, and whether it is
/// self-closed (`/>`); `None` when the name runs on (`<divx`) or the tag is
/// never closed. Quoted attribute values may hold `>`.
fn start_tag_end(bytes: &[u8], from: usize) -> Option<(usize, bool)> {
    match bytes.get(from)? {
        b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' => {}
        _ => return None,
    }
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => i += 1 + memchr(q, &bytes[i + 1..])? + 1,
            b'>' => return Some((i + 1, i > from && bytes[i - 1] == b'/')),
            _ => i += 1,
        }
    }
    None
}

/// Whether a start tag carries kramdown's `markdown` attribute with a value
/// other than `0` (Markdown inside the element).
fn has_markdown_attr(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    let Some(at) = lower
        .find(" markdown=")
        .or_else(|| lower.find("\nmarkdown="))
    else {
        return false;
    };
    let value = lower[at + 10..].trim_start_matches(['"', '\'']);
    !value.starts_with('0')
}

/// The end of the end tag that closes `name`, opened just before `from`,
/// counting nested elements of the same name; comments are skipped.
fn matching_end(bytes: &[u8], from: usize, name: &str, budget: &mut usize) -> Option<usize> {
    // The search stops where the budget does: a spent budget scans nothing
    // (checking it only afterwards let every later line scan to the end).
    let bytes = &bytes[..from.saturating_add(*budget).min(bytes.len())];
    let mut depth = 1usize;
    let mut i = from;
    let found = loop {
        let Some(off) = memchr(b'<', &bytes[i..]) else {
            break None;
        };
        let at = i + off;
        let after = &bytes[at + 1..];
        if after.starts_with(b"!--") {
            match memmem::find(&after[3..], b"-->") {
                Some(end) => i = at + 4 + end + 3,
                None => break None,
            }
        } else if after.first() == Some(&b'/') {
            match tag_name(bytes, at + 2) {
                Some(n) if n.eq_ignore_ascii_case(name) => {
                    let end = at + 2 + n.len();
                    let Some(gt) = memchr(b'>', &bytes[end..]) else {
                        break None;
                    };
                    if !bytes[end..end + gt].iter().all(u8::is_ascii_whitespace) {
                        i = at + 1;
                        continue;
                    }
                    i = end + gt + 1;
                    depth -= 1;
                    if depth == 0 {
                        break Some(i);
                    }
                }
                _ => i = at + 1,
            }
        } else if let Some(n) = tag_name(bytes, at + 1) {
            match start_tag_end(bytes, at + 1 + n.len()) {
                Some((end, self_closed)) => {
                    if !self_closed && n.eq_ignore_ascii_case(name) {
                        depth += 1;
                    }
                    i = end;
                }
                None => i = at + 1,
            }
        } else {
            i = at + 1;
        }
    };
    let scanned = found.unwrap_or(bytes.len()) - from;
    *budget -= scanned;
    found
}

/// Past the spaces, tabs and one line end that follow `at`; `at` itself
/// when other text follows on the line.
fn skip_blank_rest(bytes: &[u8], at: usize) -> usize {
    let blank = bytes[at..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t' || b == b'\r')
        .count();
    match bytes.get(at + blank) {
        None => bytes.len(),
        Some(b'\n') => at + blank + 1,
        Some(_) => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(md: &str) -> Vec<String> {
        protect(md).blocks.into_iter().map(|(_, r)| r).collect()
    }

    #[test]
    fn a_block_runs_to_its_end_tag_across_blank_lines() {
        let md = "Chart;\n\n<table class=\"t\">\n  <tr>\n    <td>\n      a\n    </td>\n    \n    <td>b</td>\n  </tr>\n</table>\n\nAfter *this*.\n";
        let p = protect(md);
        assert_eq!(
            raws(md),
            [
                "<table class=\"t\">\n  <tr>\n    <td>\n      a\n    </td>\n    \n    <td>b</td>\n  </tr>\n</table>"
            ]
        );
        assert_eq!(
            p.markdown,
            "Chart;\n\n<!--unpress-html-block-0-->\n\nAfter *this*.\n"
        );
    }

    #[test]
    fn nesting_of_the_same_name_is_counted() {
        let md = "<div a=\"x>y\">\n\n<div>\n\ninner\n</div>\n\n</div>\ntail\n";
        assert_eq!(
            raws(md),
            ["<div a=\"x>y\">\n\n<div>\n\ninner\n</div>\n\n</div>"]
        );
        assert!(protect(md).markdown.ends_with("-->\ntail\n"));
    }

    #[test]
    fn text_after_the_end_tag_is_a_line_of_its_own() {
        let p = protect("<div>a</div><div id=\"b\"></div>\n");
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(
            p.markdown,
            "<!--unpress-html-block-0-->\n<!--unpress-html-block-1-->\n"
        );
    }

    #[test]
    fn left_to_commonmark() {
        for md in [
            "```\n<div>\n\n</div>\n```\n",
            "~~~~\n<div>\n~~~\n\n</div>\n~~~~\n",
            "    <div>\n\n    </div>\n",
            "<span>\n\n</span>\n",
            "<div>\n\nnever closed\n",
            "<div markdown=\"1\">\n\n*md*\n\n</div>\n",
            "<hr/>\n",
            "text <div>\n\n</div>\n",
            "<divx>\n",
        ] {
            let p = protect(md);
            assert!(p.blocks.is_empty(), "{md:?}");
            assert_eq!(p.markdown, md);
        }
        // markdown="0" is raw, as without it.
        assert_eq!(raws("<div markdown=\"0\">\n\n*x*\n</div>\n").len(), 1);
    }

    #[test]
    fn comments_and_other_end_tags_do_not_close() {
        let md = "<section>\n<!-- </section> -->\n</sectionx>\n</section >\n";
        assert_eq!(
            raws(md),
            ["<section>\n<!-- </section> -->\n</sectionx>\n</section >"]
        );
    }

    #[test]
    fn placeholders_are_found_by_offset() {
        let p = protect("x\n\n<div>\n\n</div>\n");
        let at = p.blocks[0].0;
        assert_eq!(
            p.raw_for(at..at + 30, "<!--unpress-html-block-0-->\n"),
            Some("<div>\n\n</div>")
        );
        assert_eq!(p.raw_for(0..2, "<!--unpress-html-block-0-->"), None);
    }
}
