//! Plain text of a Fragment, and word counts.

use crate::document::Document;
use crate::html::elements::is_block;
use crate::html::fragment::{Edge, Fragment, NodeData, NodeId};

/// The document's language and whether it was detected: declared, else
/// detected from its prose (see [`crate::lang`]). Code is left out of the
/// sample: shell commands in a Chinese post are not English.
pub fn language(doc: &Document, f: &Fragment) -> (String, bool) {
    if let Some(tag) = doc.meta.lang.as_deref().and_then(crate::lang::normalize) {
        return (tag, false);
    }
    crate::lang::resolve(None, &prose_sample(f))
}

/// Text outside `pre`, `code`, `kbd` and `samp`, words separated by
/// spaces, at least as much as the detector reads: its 1,024 characters
/// take at most 4 KiB.
pub fn prose_sample(f: &Fragment) -> String {
    const ENOUGH: usize = 4 * crate::lang::SAMPLE;
    let mut out = String::new();
    let mut code_depth = 0usize;
    let is_code = |n: NodeId| {
        f.element(n)
            .is_some_and(|e| matches!(e.name.as_str(), "pre" | "code" | "kbd" | "samp"))
    };
    for edge in f.edges(f.root()) {
        match edge {
            Edge::Open(n) if is_code(n) => code_depth += 1,
            Edge::Close(n) if is_code(n) => code_depth = code_depth.saturating_sub(1),
            Edge::Open(n) if code_depth == 0 => {
                if let NodeData::Text(t) = f.data(n) {
                    out.push_str(t);
                    out.push(' ');
                    if out.len() >= ENOUGH {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The visible text: blocks separated by blank lines, `<br>` as a newline,
/// white space collapsed outside `<pre>`.
pub fn plain_text(f: &Fragment, id: NodeId) -> String {
    text_of(f, id, None)
}

/// The plain text of a caption: [`plain_text`] without the figures nested
/// in it, which have captions of their own (each text is then in one
/// caption only, however deep figures nest).
pub fn caption_text(f: &Fragment, id: NodeId) -> String {
    text_of(f, id, Some(&["figure"]))
}

/// The plain text of a heading: [`plain_text`] without the headings
/// nested in it (through a `<div>`: HTML allows it), which are listed on
/// their own. Each text is then in one heading only: 100,000 nested
/// headings made a JSON file 130 times its input.
pub fn heading_text(f: &Fragment, id: NodeId) -> String {
    text_of(f, id, Some(&["h1", "h2", "h3", "h4", "h5", "h6"]))
}

/// The text of the subtree at `id`, leaving out the subtrees of the
/// elements named in `skip` below it.
fn text_of(f: &Fragment, id: NodeId, skip: Option<&[&str]>) -> String {
    let mut out = String::new();
    // A text's collapsed white space, one buffer for all of them.
    let mut collapsed = String::new();
    let mut pre_depth = 0usize;
    let mut pending_break = 0u8; // 0 none, 1 newline, 2 blank line
    let push_break = |level: u8, pending: &mut u8| *pending = (*pending).max(level);
    let mut edges = f.edges(id);
    while let Some(edge) = edges.next() {
        match edge {
            Edge::Open(n) => match f.data(n) {
                NodeData::Element(e) => {
                    if n != id && skip.is_some_and(|names| names.contains(&e.name.as_str())) {
                        edges.skip_subtree(n);
                    }
                    if e.is("br") {
                        push_break(1, &mut pending_break);
                    } else if is_block(&e.name) || e.is("tr") {
                        push_break(
                            if e.is("li") || e.is("tr") { 1 } else { 2 },
                            &mut pending_break,
                        );
                    }
                    if e.is("pre") {
                        pre_depth += 1;
                    }
                    if (e.is("td") || e.is("th"))
                        && !out.ends_with('\n')
                        && !out.is_empty()
                        && pending_break == 0
                    {
                        out.push('\t');
                    }
                }
                NodeData::Text(t) => {
                    let piece = if pre_depth > 0 {
                        t.as_str()
                    } else {
                        collapsed.clear();
                        collapse_keep_edges(t, &mut collapsed);
                        collapsed.as_str()
                    };
                    if piece.is_empty()
                        || (pre_depth == 0
                            && piece == " "
                            && (out.is_empty() || out.ends_with([' ', '\n']) || pending_break > 0))
                    {
                        continue;
                    }
                    if !out.is_empty() && pending_break > 0 {
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push_str(if pending_break == 2 { "\n\n" } else { "\n" });
                    }
                    pending_break = 0;
                    if out.is_empty() || out.ends_with('\n') {
                        out.push_str(piece.trim_start());
                    } else {
                        out.push_str(piece);
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(e) = f.element(n) {
                    if e.is("pre") {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if is_block(&e.name) {
                        push_break(if e.is("li") { 1 } else { 2 }, &mut pending_break);
                    }
                }
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// `t` with each run of white space (but U+00A0) as one space, pushed to
/// `out`.
fn collapse_keep_edges(t: &str, out: &mut String) {
    let mut space = false;
    // Where the run of text being copied began.
    let mut run = 0;
    for (i, c) in t.char_indices() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push_str(&t[run..i]);
                space = true;
            }
        } else if space {
            out.push(' ');
            space = false;
            run = i;
        }
    }
    if space {
        out.push(' ');
    } else {
        out.push_str(&t[run..]);
    }
}

/// Counts words the way a reader would: a run of letters or digits is a
/// word in scripts that space their words; each Han, Hiragana or Katakana
/// character is a word of its own (Chinese and Japanese do not space words,
/// and a character is the unit their word counts use).
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        // No ASCII character is CJK: the common case asks one question.
        if !c.is_ascii() && is_cjk_char(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() || (in_word && matches!(c, '\'' | '’' | '-' | '_')) {
            if !in_word {
                count += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
    }
    count
}

/// Han ideographs, kana, and their punctuation-free extensions.
pub fn is_cjk_char(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK Extension A
        | '\u{4e00}'..='\u{9fff}' // CJK Unified Ideographs
        | '\u{f900}'..='\u{faff}' // Compatibility Ideographs
        | '\u{20000}'..='\u{3134f}' // Extensions B-G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_across_scripts() {
        assert_eq!(word_count("Hello, world! It's 2022."), 4);
        assert_eq!(word_count("联合国呼吁"), 5);
        assert_eq!(word_count("PHP 5.6 版本"), 5);
        assert_eq!(word_count(""), 0);
    }

    /// The count with its ASCII shortcut is the plain one, on every pair
    /// and triple of letters, digits, joiners, CJK, spaces and punctuation
    /// of one to four bytes.
    #[test]
    fn the_ascii_shortcut_counts_the_same() {
        let by_character = |text: &str| {
            let (mut count, mut in_word) = (0, false);
            for c in text.chars() {
                if is_cjk_char(c) {
                    count += 1;
                    in_word = false;
                } else if c.is_alphanumeric() || (in_word && matches!(c, '\'' | '’' | '-' | '_'))
                {
                    count += usize::from(!in_word);
                    in_word = true;
                } else {
                    in_word = false;
                }
            }
            count
        };
        let pieces = [
            "a", "Z", "7", "'", "’", "-", "_", " ", ",", "\n", "é", "ß", "٣", "中", "あ", "ア",
            "😀", "𠀀", "\u{a0}", "—", "Ω",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(word_count(&text), by_character(&text), "{text:?}");
                }
            }
        }
    }

    /// Every element laid out as a block ends a line of the text: obsolete
    /// and interactive blocks too (this gave "onetwothree").
    #[test]
    fn center_and_summary_are_blocks_in_the_text() {
        use crate::html::fragment::{Element, NodeData};
        let mut f = Fragment::new();
        for (name, text) in [("center", "one"), ("center", "two"), ("summary", "three")] {
            let e = f.create(NodeData::Element(Element::html(name)));
            f.append(f.root(), e);
            f.append_text(e, text);
        }
        assert_eq!(plain_text(&f, f.root()), "one\n\ntwo\n\nthree");
    }

    /// A heading's text is its own: a heading nested in it (through a
    /// `<div>`) is left out, so that 100,000 nested headings do not
    /// repeat their text 100,000 times over.
    #[test]
    fn a_heading_text_leaves_out_nested_headings() {
        use crate::html::fragment::{Element, NodeData};
        let mut f = Fragment::new();
        let h1 = f.create(NodeData::Element(Element::html("h1")));
        f.append(f.root(), h1);
        f.append_text(h1, "a");
        let div = f.create(NodeData::Element(Element::html("div")));
        f.append(h1, div);
        let h2 = f.create(NodeData::Element(Element::html("h2")));
        f.append(div, h2);
        f.append_text(h2, "b");
        f.append_text(div, "c");
        assert_eq!(heading_text(&f, h1), "a\n\nc");
        assert_eq!(heading_text(&f, h2), "b");
        assert_eq!(plain_text(&f, h1), "a\n\nb\n\nc");
    }
}
