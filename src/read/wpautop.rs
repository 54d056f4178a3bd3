//! WordPress's `wpautop()` and `shortcode_unautop()`, as `the_content`
//! applies them to classic-editor posts.
//!
//! WordPress stores classic posts without `<p>`: the editor's blank lines
//! are the paragraphs, and `wpautop()` (wp-includes/formatting.php) adds the
//! markup at display time. A WXR export carries the stored text, so a reader
//! that skips this step loses every paragraph. WordPress runs it only when the
//! content has no block markup (`do_blocks()` removes the `wpautop` filter
//! when `has_blocks()` finds `<!-- wp:`); see [`needs_autop`].
//!
//! This is a step-by-step port of `wpautop( $text, $br = true )` as of
//! WordPress 6.x. Every step names the PHP expression it follows. The regular
//! expressions are replaced by small scanners; where PCRE semantics matter
//! (greedy runs, prefix matches of block names, case sensitivity) the
//! comments say so. PHP's `\s` is ASCII white space plus vertical tab.

/// The block elements of `$allblocks` in `wpautop()`.
const ALL_BLOCKS: &[&str] = &[
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "menu",
    "summary",
];

/// The tags before which a `<br />` is dropped (the second-to-last step).
const BR_BEFORE: &[&str] = &[
    "p", "li", "div", "dl", "dd", "dt", "th", "pre", "td", "ul", "ol",
];

/// Core's registered shortcodes, the ones `shortcode_unautop()` knows
/// (wp-includes/media.php and class-wp-embed.php register them).
pub const CORE_SHORTCODES: &[&str] = &[
    "audio",
    "caption",
    "embed",
    "gallery",
    "playlist",
    "video",
    "wp_caption",
];

/// True when WordPress would run `wpautop()` on this content: it has no
/// block markup (`has_blocks()` looks for `<!-- wp:`).
pub fn needs_autop(content: &str) -> bool {
    !content.contains("<!-- wp:")
}

/// `wpautop( $text )` followed by `shortcode_unautop()` for the core
/// shortcodes: what a classic post looks like after `the_content`, before
/// shortcodes run.
pub fn autop(text: &str) -> String {
    shortcode_unautop(&wpautop(text), CORE_SHORTCODES)
}

fn is_space(b: u8) -> bool {
    // PCRE's \s: space, \t, \n, \v, \f, \r.
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Replaces double line breaks with paragraphs and single ones with
/// `<br />`, as `wpautop( $text, true )` does.
pub fn wpautop(text: &str) -> String {
    // `if ( trim( $text ) === '' ) return '';`
    if text
        .trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
        .is_empty()
    {
        return String::new();
    }
    // "Just to make things a little easier, pad the end."
    let mut text = format!("{text}\n");

    // "Pre tags shouldn't be touched by autop": each `<pre>...</pre>` is
    // swapped for a placeholder and put back at the end.
    let mut pre_tags: Vec<(String, String)> = Vec::new();
    if text.contains("<pre") {
        let mut parts: Vec<&str> = text.split("</pre>").collect();
        let last = parts.pop().unwrap_or("");
        let mut out = String::with_capacity(text.len());
        for part in parts {
            match part.find("<pre") {
                // "Malformed HTML?": a `</pre>` without its `<pre`.
                None => out.push_str(part),
                Some(start) => {
                    let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
                    pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
                    out.push_str(&part[..start]);
                    out.push_str(&name);
                }
            }
        }
        out.push_str(last);
        text = out;
    }

    // `preg_replace( '|<br\s*/?>\s*<br\s*/?>|', "\n\n", $text )`
    text = replace_double_br(&text);
    // "Add a double line break above block-level opening tags":
    // `!(<$allblocks[\s/>])!` -> "\n\n$1" (case-sensitive).
    text = blocks_open_spacing(&text);
    // "Add a double line break below block-level closing tags":
    // `!(</$allblocks>)!` -> "$1\n\n".
    text = blocks_close_spacing(&text);
    // `!(<hr\s*?/?>)!` -> "$1\n\n"
    text = hr_spacing(&text);
    // "Standardize newline characters".
    text = text.replace("\r\n", "\n").replace('\r', "\n");
    // "Find newlines in all elements and add placeholders":
    // `wp_replace_in_html_tags( $text, array( "\n" => ' <!-- wpnl --> ' ) )`.
    text = newlines_in_tags(&text);

    // "Collapse line breaks before and after <option> elements".
    if text.contains("<option") {
        text = collapse(&text, |s, i| open_tag_at(s, i, "option"), true, false);
        text = collapse(&text, |s, i| literal_at(s, i, "</option>"), false, true);
    }
    // "Collapse line breaks inside <object> elements, before <param> and
    // <embed> elements".
    if text.contains("</object>") {
        text = collapse(&text, |s, i| open_tag_at(s, i, "object"), false, true);
        text = collapse(&text, |s, i| literal_at(s, i, "</object>"), true, false);
        text = collapse(
            &text,
            |s, i| any_tag_at(s, i, "param", true).or_else(|| any_tag_at(s, i, "embed", true)),
            true,
            true,
        );
    }
    // "Collapse line breaks inside <audio> and <video> elements, before and
    // after <source> and <track> elements" (the bracket forms are the
    // `[audio]`/`[video]` shortcodes).
    if text.contains("<source") || text.contains("<track") {
        text = collapse(&text, media_open_at, false, true);
        text = collapse(&text, media_close_at, true, false);
        text = collapse(
            &text,
            |s, i| open_tag_at(s, i, "source").or_else(|| open_tag_at(s, i, "track")),
            true,
            true,
        );
    }
    // "Collapse line breaks before and after <figcaption> elements".
    if text.contains("<figcaption") {
        text = collapse(&text, |s, i| open_tag_at(s, i, "figcaption"), true, false);
        text = collapse(&text, |s, i| literal_at(s, i, "</figcaption>"), false, true);
    }

    // "Remove more than two contiguous line breaks": `/\n\n+/` -> "\n\n".
    text = squeeze_newlines(&text);

    // "Split up the contents into an array of strings, separated by double
    // line breaks" (`/\n\s*\n/`, empty pieces dropped), and wrap each in <p>.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for paragraph in split_paragraphs(&text) {
        out.push_str("<p>");
        out.push_str(paragraph.trim_matches('\n'));
        out.push_str("</p>\n");
    }
    text = out;

    // "Under certain strange conditions it could create a P of entirely
    // whitespace": `|<p>\s*</p>|` -> ''.
    text = remove_empty_p(&text);
    // "Add a closing <p> inside <div>, <address>, or <form> tag if missing":
    // `!<p>([^<]+)</(div|address|form)>!` -> '<p>$1</p></$2>'.
    text = close_p_in_div(&text);
    // "If an opening or closing block element tag is wrapped in a <p>,
    // unwrap it": `!<p>\s*(</?$allblocks[^>]*>)\s*</p>!` -> '$1'.
    text = unwrap_block_in_p(&text);
    // "In some cases <li> may get wrapped in <p>, fix them":
    // `|<p>(<li.+?)</p>|` -> '$1'.
    text = unwrap_li(&text);
    // "If a <blockquote> is wrapped with a <p>, move it inside":
    // `|<p><blockquote([^>]*)>|i` -> '<blockquote$1><p>'.
    text = move_blockquote(&text);
    text = text.replace("</blockquote></p>", "</p></blockquote>");
    // "If an opening or closing block element tag is preceded by an opening
    // <p> tag, remove it": `!<p>\s*(</?$allblocks[^>]*>)!` -> '$1'.
    text = drop_p_before_block(&text);
    // "... followed by a closing <p> tag, remove it":
    // `!(</?$allblocks[^>]*>)\s*</p>!` -> '$1'.
    text = drop_p_after_block(&text);

    // "Optionally insert line breaks" ($br = true).
    // "Replace newlines that shouldn't be touched with a placeholder":
    // `/<(script|style|svg|math).*?<\/\1>/s`.
    text = preserve_newlines_in_raw(&text);
    // "Normalize <br>".
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    // "Replace any new line characters that aren't preceded by a <br /> with
    // a <br />": `|(?<!<br />)\s*\n|` -> "<br />\n".
    text = newlines_to_br(&text);
    text = text.replace("<WPPreserveNewline />", "\n");

    // "If a <br /> tag is after an opening or closing block tag, remove it":
    // `!(</?$allblocks[^>]*>)\s*<br />!` -> '$1'.
    text = drop_br_after_block(&text);
    // "If a <br /> tag is before a subset of opening or closing block tags,
    // remove it": `!<br />(\s*</?(?:p|li|div|...)[^>]*>)!` -> '$1'.
    text = drop_br_before_block(&text);
    // `|\n</p>$|` -> '</p>'
    if text.ends_with("\n</p>") {
        let cut = text.len() - "\n</p>".len();
        text.truncate(cut);
        text.push_str("</p>");
    }

    // "Replace placeholder <pre> tags with their original content": in one
    // pass (a `replacen` per tag read the whole text once per `<pre>`).
    if !pre_tags.is_empty() {
        text = restore_pre_tags(&text, &pre_tags);
    }
    // "Restore newlines in all elements."
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(" <!-- wpnl --> ", "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// Each placeholder of `pre_tags` replaced, at its first place, by its
/// original: what `replacen(name, original, 1)` for each in turn gives
/// when no original holds a placeholder's text.
fn restore_pre_tags(text: &str, pre_tags: &[(String, String)]) -> String {
    const PREFIX: &str = "<pre wp-pre-tag-";
    let mut out =
        String::with_capacity(text.len() + pre_tags.iter().map(|t| t.1.len()).sum::<usize>());
    let mut done = vec![false; pre_tags.len()];
    let mut copied = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), PREFIX) {
        if at < copied {
            continue;
        }
        let digits = text[at + PREFIX.len()..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let Ok(n) = text[at + PREFIX.len()..at + PREFIX.len() + digits].parse::<usize>() else {
            continue;
        };
        let Some((name, original)) = pre_tags.get(n) else {
            continue;
        };
        if done[n] || !text[at..].starts_with(name.as_str()) {
            continue;
        }
        done[n] = true;
        out.push_str(&text[copied..at]);
        out.push_str(original);
        copied = at + name.len();
    }
    out.push_str(&text[copied..]);
    out
}

/// `shortcode_unautop()`: a paragraph that holds only a registered
/// shortcode (optionally with its content and closing tag) loses its
/// `<p>`, so `[gallery]` alone on its line does not end up inside a `<p>`.
pub fn shortcode_unautop(text: &str, tags: &[&str]) -> String {
    let mut marks = Marks::new(text);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if b[i] == b'<'
            && let Some((start, end, close)) = lone_shortcode_at(text, i, tags, &mut marks)
        {
            out.push_str(&text[start..end]);
            i = close;
            continue;
        }
        let ch = next_char_len(text, i);
        out.push_str(&text[i..i + ch]);
        i += ch;
    }
    out
}

/// At `<p>`: the byte range of a shortcode that fills the paragraph, and
/// the end of the `</p>`.
fn lone_shortcode_at(
    text: &str,
    i: usize,
    tags: &[&str],
    marks: &mut Marks,
) -> Option<(usize, usize, usize)> {
    let mut j = literal_at(text, i, "<p>")?;
    j = skip_unautop_spaces(text, j);
    let b = text.as_bytes();
    if b.get(j) != Some(&b'[') {
        return None;
    }
    let start = j;
    let name_end = j
        + 1
        + text[j + 1..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
            .count();
    let name = &text[j + 1..name_end];
    // `($tagregexp)(?![\w-])`: the whole name must be a registered one.
    if !tags.contains(&name) {
        return None;
    }
    let open_end = marks.next(b"]", name_end)? + 1;
    let self_closing = b[open_end - 2] == b'/';
    let closing = format!("[/{name}]");
    // With the content and closing tag first, then the opening tag alone
    // (PCRE backtracks out of the optional group).
    let mut candidates = Vec::with_capacity(2);
    if !self_closing && let Some(k) = marks.next(closing.as_bytes(), open_end) {
        candidates.push(k + closing.len());
    }
    candidates.push(open_end);
    for end in candidates {
        let k = skip_unautop_spaces(text, end);
        if let Some(close) = literal_at(text, k, "</p>") {
            return Some((start, end, close));
        }
    }
    None
}

/// The next place of a needle at or after a position, remembered: the
/// places asked for only move forward, so each needle's search reads the
/// text once (a `find` from every `<p>[caption` read to the end when no
/// `[/caption]` came).
struct Marks<'a> {
    text: &'a str,
    found: std::collections::HashMap<Vec<u8>, Option<usize>>,
}

impl<'a> Marks<'a> {
    fn new(text: &'a str) -> Marks<'a> {
        Marks {
            text,
            found: std::collections::HashMap::new(),
        }
    }

    /// The first `needle` at or after `from`.
    fn next(&mut self, needle: &[u8], from: usize) -> Option<usize> {
        if let Some(&known) = self.found.get(needle) {
            match known {
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let at = memchr::memmem::find(self.text.as_bytes().get(from..)?, needle).map(|k| from + k);
        self.found.insert(needle.to_vec(), at);
        at
    }
}

/// `wp_spaces_regexp()`: `[\r\n\t ]|\xC2\xA0|&nbsp;`.
fn skip_unautop_spaces(text: &str, mut j: usize) -> usize {
    loop {
        let rest = &text[j..];
        if rest.starts_with(['\r', '\n', '\t', ' ']) {
            j += 1;
        } else if rest.starts_with('\u{a0}') {
            j += '\u{a0}'.len_utf8();
        } else if rest.starts_with("&nbsp;") {
            j += 6;
        } else {
            return j;
        }
    }
}

fn next_char_len(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(1, char::len_utf8)
}

/// The end of `lit` if `text` has it at `i`.
fn literal_at(text: &str, i: usize, lit: &str) -> Option<usize> {
    text[i..].starts_with(lit).then_some(i + lit.len())
}

/// The end of `[^>]*>` from `j`: the first `>`.
fn to_gt(text: &str, j: usize) -> Option<usize> {
    text[j..].find('>').map(|k| j + k + 1)
}

/// `<name[^>]*>` at `i`: the end. The name is a prefix match, as in the
/// PHP patterns (`<option` also matches `<optionx`).
fn open_tag_at(text: &str, i: usize, name: &str) -> Option<usize> {
    let j = literal_at(text, i, "<")?;
    let j = literal_at(text, j, name)?;
    to_gt(text, j)
}

/// `</?name[^>]*>` (with `slash`) at `i`.
fn any_tag_at(text: &str, i: usize, name: &str, slash: bool) -> Option<usize> {
    let mut j = literal_at(text, i, "<")?;
    if slash && text[j..].starts_with('/') {
        j += 1;
    }
    let j = literal_at(text, j, name)?;
    to_gt(text, j)
}

/// `[<\[](?:audio|video)[^>\]]*[>\]]`
fn media_open_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    if !matches!(b.get(i), Some(b'<' | b'[')) {
        return None;
    }
    let j = literal_at(text, i + 1, "audio").or_else(|| literal_at(text, i + 1, "video"))?;
    let k = text[j..].find(['>', ']'])?;
    Some(j + k + 1)
}

/// `[<\[]/(?:audio|video)[>\]]`
fn media_close_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    if !matches!(b.get(i), Some(b'<' | b'[')) || b.get(i + 1) != Some(&b'/') {
        return None;
    }
    let j = literal_at(text, i + 2, "audio").or_else(|| literal_at(text, i + 2, "video"))?;
    matches!(b.get(j), Some(b'>' | b']')).then_some(j + 1)
}

/// A block tag as `</?$allblocks[^>]*>` matches it: `<`, an optional `/`, a
/// name of `$allblocks` as a *prefix* (so `<param>` and `<track>` count, as
/// they do in WordPress), up to the first `>`.
fn block_tag_at(text: &str, i: usize) -> Option<usize> {
    names_tag_at(text, i, ALL_BLOCKS)
}

fn names_tag_at(text: &str, i: usize, names: &[&str]) -> Option<usize> {
    let mut j = literal_at(text, i, "<")?;
    if text[j..].starts_with('/') {
        j += 1;
    }
    let rest = &text[j..];
    if !names.iter().any(|n| rest.starts_with(n)) {
        return None;
    }
    to_gt(text, j)
}

/// The name run after `<` or `</` at `j` and what follows it.
fn name_run(text: &str, j: usize) -> (&str, Option<u8>) {
    let len = text[j..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    (&text[j..j + len], text.as_bytes().get(j + len).copied())
}

fn replace_double_br(text: &str) -> String {
    let br_at = |i: usize| -> Option<usize> {
        let mut j = literal_at(text, i, "<br")?;
        j = skip_space(text, j);
        if text[j..].starts_with('/') {
            j += 1;
        }
        literal_at(text, j, ">")
    };
    scan_replace(text, |_, i| {
        let first = br_at(i)?;
        let second = br_at(skip_space(text, first))?;
        Some((second, "\n\n".to_owned()))
    })
}

fn skip_space(text: &str, mut j: usize) -> usize {
    let b = text.as_bytes();
    while j < b.len() && is_space(b[j]) {
        j += 1;
    }
    j
}

fn blocks_open_spacing(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<")?;
        let (name, next) = name_run(s, j);
        // `<$allblocks[\s/>]`: with backtracking over the alternatives, the
        // whole name run must be a block name followed by \s, / or >.
        let ok = ALL_BLOCKS.contains(&name)
            && next.is_some_and(|c| is_space(c) || c == b'/' || c == b'>');
        ok.then(|| {
            (
                j + name.len() + 1,
                format!("\n\n{}", &s[i..j + name.len() + 1]),
            )
        })
    })
}

fn blocks_close_spacing(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "</")?;
        let (name, next) = name_run(s, j);
        (ALL_BLOCKS.contains(&name) && next == Some(b'>')).then(|| {
            let end = j + name.len() + 1;
            (end, format!("{}\n\n", &s[i..end]))
        })
    })
}

fn hr_spacing(text: &str) -> String {
    scan_replace(text, |s, i| {
        let mut j = literal_at(s, i, "<hr")?;
        j = skip_space(s, j);
        if s[j..].starts_with('/') {
            j += 1;
        }
        let end = literal_at(s, j, ">")?;
        Some((end, format!("{}\n\n", &s[i..end])))
    })
}

/// `wp_replace_in_html_tags()` with `wp_html_split()`: inside comments,
/// CDATA sections and tags (`<` up to the next `>`, or the end), newlines
/// become ` <!-- wpnl --> `.
fn newlines_in_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(k) = text[i..].find('<') {
        let lt = i + k;
        out.push_str(&text[i..lt]);
        let rest = &text[lt..];
        let end = if let Some(r) = rest.strip_prefix("<!--") {
            r.find("-->").map_or(text.len(), |e| lt + 4 + e + 3)
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            r.find("]]>").map_or(text.len(), |e| lt + 9 + e + 3)
        } else {
            rest.find('>').map_or(text.len(), |e| lt + e + 1)
        };
        out.push_str(&text[lt..end].replace('\n', " <!-- wpnl --> "));
        i = end;
    }
    out.push_str(&text[i..]);
    out
}

/// Removes the white space before (`before`) and/or after (`after`) each
/// match of `at`: `\s*(token)` and `(token)\s*` in the PHP patterns.
fn collapse(
    text: &str,
    at: impl Fn(&str, usize) -> Option<usize>,
    before: bool,
    after: bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if matches!(b[i], b'<' | b'[')
            && let Some(end) = at(text, i)
        {
            if before {
                let keep = out
                    .trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8))
                    .len();
                out.truncate(keep);
            }
            out.push_str(&text[i..end]);
            i = if after { skip_space(text, end) } else { end };
            continue;
        }
        let ch = next_char_len(text, i);
        out.push_str(&text[i..i + ch]);
        i += ch;
    }
    out
}

fn squeeze_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c == '\n' {
            run += 1;
            if run <= 2 {
                out.push(c);
            }
        } else {
            run = 0;
            out.push(c);
        }
    }
    out
}

/// `preg_split( '/\n\s*\n/', $text, -1, PREG_SPLIT_NO_EMPTY )`: a separator
/// runs from a newline through the last newline of the white space after it.
fn split_paragraphs(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            let run_end = skip_space(text, i + 1);
            if let Some(last) = text[i + 1..run_end].rfind('\n') {
                pieces.push(&text[start..i]);
                start = i + 1 + last + 1;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    pieces.push(&text[start..]);
    pieces.retain(|p| !p.is_empty());
    pieces
}

fn remove_empty_p(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = skip_space(s, literal_at(s, i, "<p>")?);
        let end = literal_at(s, j, "</p>")?;
        Some((end, String::new()))
    })
}

fn close_p_in_div(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<p>")?;
        let k = j + s[j..].find('<')?;
        if k == j {
            return None;
        }
        for tag in ["div", "address", "form"] {
            let close = format!("</{tag}>");
            if let Some(end) = literal_at(s, k, &close) {
                return Some((end, format!("<p>{}</p>{close}", &s[j..k])));
            }
        }
        None
    })
}

fn unwrap_block_in_p(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = skip_space(s, literal_at(s, i, "<p>")?);
        let k = block_tag_at(s, j)?;
        let end = literal_at(s, skip_space(s, k), "</p>")?;
        Some((end, s[j..k].to_owned()))
    })
}

fn unwrap_li(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<p>")?;
        if !s[j..].starts_with("<li") {
            return None;
        }
        // `.+?` does not cross a newline (no /s flag) and needs one char.
        let line = &s[j..s[j..].find('\n').map_or(s.len(), |n| j + n)];
        let k = line.get(4..)?.find("</p>")? + 4;
        Some((j + k + 4, s[j..j + k].to_owned()))
    })
}

fn move_blockquote(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<p>")?;
        let head = s.get(j..j + 11)?;
        if !head.eq_ignore_ascii_case("<blockquote") {
            return None;
        }
        let end = to_gt(s, j + 11)?;
        Some((end, format!("<blockquote{}<p>", &s[j + 11..end])))
    })
}

fn drop_p_before_block(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = skip_space(s, literal_at(s, i, "<p>")?);
        let k = block_tag_at(s, j)?;
        Some((k, s[j..k].to_owned()))
    })
}

fn drop_p_after_block(text: &str) -> String {
    scan_replace(text, |s, i| {
        let k = block_tag_at(s, i)?;
        let end = literal_at(s, skip_space(s, k), "</p>")?;
        Some((end, s[i..k].to_owned()))
    })
}

fn preserve_newlines_in_raw(text: &str) -> String {
    const NAMES: [&str; 4] = ["script", "style", "svg", "math"];
    // Where each closing tag was last found missing: it is missing after
    // any later start too (else every unclosed `<svg` read to the end).
    let missing_from = std::cell::Cell::new([usize::MAX; 4]);
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<")?;
        let k = NAMES.iter().position(|n| s[j..].starts_with(n))?;
        if missing_from.get()[k] <= j {
            return None;
        }
        let close = format!("</{}>", NAMES[k]);
        let Some(found) = s[j..].find(&close) else {
            let mut m = missing_from.get();
            m[k] = j;
            missing_from.set(m);
            return None;
        };
        let end = j + found + close.len();
        Some((end, s[i..end].replace('\n', "<WPPreserveNewline />")))
    })
}

fn newlines_to_br(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut i = 0;
    while i < b.len() {
        if is_space(b[i]) && !text[..i].ends_with("<br />") {
            let run_end = skip_space(text, i);
            if let Some(last) = text[i..run_end].rfind('\n') {
                out.push_str("<br />\n");
                i += last + 1;
                continue;
            }
        }
        let ch = next_char_len(text, i);
        out.push_str(&text[i..i + ch]);
        i += ch;
    }
    out
}

fn drop_br_after_block(text: &str) -> String {
    scan_replace(text, |s, i| {
        let k = block_tag_at(s, i)?;
        let end = literal_at(s, skip_space(s, k), "<br />")?;
        Some((end, s[i..k].to_owned()))
    })
}

fn drop_br_before_block(text: &str) -> String {
    scan_replace(text, |s, i| {
        let j = literal_at(s, i, "<br />")?;
        let k = skip_space(s, j);
        let end = names_tag_at(s, k, BR_BEFORE)?;
        Some((end, s[j..end].to_owned()))
    })
}

/// Left to right, non-overlapping, like `preg_replace`: where `at` matches
/// at a `<` it returns the match end and the replacement.
fn scan_replace(text: &str, at: impl Fn(&str, usize) -> Option<(usize, String)>) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<'
            && let Some((end, with)) = at(text, i)
        {
            out.push_str(&with);
            i = end;
            continue;
        }
        let ch = next_char_len(text, i);
        out.push_str(&text[i..i + ch]);
        i += ch;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations below are what WordPress's wpautop() returns for the same
    // input (tests/phpunit/tests/formatting/wpAutop.php and by hand).

    #[test]
    fn blank_lines_make_paragraphs_and_single_newlines_breaks() {
        assert_eq!(
            wpautop("first line\nsecond line\n\nnext paragraph"),
            "<p>first line<br />\nsecond line</p>\n<p>next paragraph</p>\n"
        );
    }

    #[test]
    fn empty_and_blank_input() {
        assert_eq!(wpautop(""), "");
        assert_eq!(wpautop("  \n\t\n"), "");
    }

    #[test]
    fn pre_is_untouched() {
        let code = "<pre>a\n\nb\nc</pre>";
        assert_eq!(
            wpautop(&format!("text\n\n{code}\n\nmore")),
            format!("<p>text</p>\n{code}\n<p>more</p>\n")
        );
    }

    #[test]
    fn block_elements_get_no_paragraph() {
        assert_eq!(
            wpautop("<div>x</div>\n\n<h2>Title</h2>\ntext"),
            "<div>x</div>\n<h2>Title</h2>\n<p>text</p>\n"
        );
        assert_eq!(
            wpautop("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
        assert_eq!(
            wpautop("<blockquote>quoted</blockquote>"),
            "<blockquote><p>quoted</p></blockquote>\n"
        );
    }

    #[test]
    fn existing_paragraphs_are_kept_once() {
        assert_eq!(wpautop("<p>one</p>\n\ntwo"), "<p>one</p>\n<p>two</p>\n");
    }

    #[test]
    fn newlines_inside_tags_stay_newlines() {
        assert_eq!(
            wpautop("<a\nhref=\"x\">link</a> text"),
            "<p><a\nhref=\"x\">link</a> text</p>\n"
        );
    }

    #[test]
    fn double_br_becomes_a_paragraph_break() {
        assert_eq!(wpautop("a<br /><br>b"), "<p>a</p>\n<p>b</p>\n");
    }

    #[test]
    fn script_newlines_are_preserved() {
        assert_eq!(
            wpautop("<script>var a;\nvar b;</script>"),
            "<p><script>var a;\nvar b;</script></p>\n"
        );
    }

    #[test]
    fn lone_shortcodes_lose_their_paragraph() {
        assert_eq!(autop("[gallery ids=\"1,2\"]"), "[gallery ids=\"1,2\"]\n");
        assert_eq!(
            autop("text\n\n[caption id=\"a\"]<img src=\"x\" /> Cap[/caption]\n\nmore"),
            "<p>text</p>\n[caption id=\"a\"]<img src=\"x\" /> Cap[/caption]\n<p>more</p>\n"
        );
        // An unknown shortcode keeps its paragraph, as in WordPress.
        assert_eq!(autop("[unknown]"), "<p>[unknown]</p>\n");
        // A shortcode with text around it stays in the paragraph.
        assert_eq!(autop("see [gallery]"), "<p>see [gallery]</p>\n");
    }

    #[test]
    fn hr_and_crlf() {
        assert_eq!(wpautop("a\r\n<hr />\r\nb"), "<p>a</p>\n<hr />\n<p>b</p>\n");
    }

    #[test]
    fn blocks_detection() {
        assert!(needs_autop("plain\n\ntext"));
        assert!(!needs_autop(
            "<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->"
        ));
    }

    #[test]
    fn option_and_figcaption_collapse() {
        assert_eq!(
            wpautop("<select>\n<option>a</option>\n<option>b</option>\n</select>"),
            "<p><select><option>a</option><option>b</option></select></p>\n"
        );
    }

    // The cases below follow tests/phpunit/tests/formatting/wpAutop.php.

    #[test]
    fn element_sanity() {
        assert_eq!(
            wpautop("Hello <a\nhref='world'>"),
            "<p>Hello <a\nhref='world'></p>\n"
        );
        assert_eq!(
            wpautop("Hello <!-- a\nhref='world' -->"),
            "<p>Hello <!-- a\nhref='world' --></p>\n"
        );
        assert_eq!(
            wpautop("Hello <![CDATA[ a\nhref='world' ]]>"),
            "<p>Hello <![CDATA[ a\nhref='world' ]]></p>\n"
        );
    }

    #[test]
    fn inline_elements_stay_inline() {
        for tag in ["span", "em", "strong", "a", "code", "abbr", "q", "sub"] {
            let input = format!("<{tag}>foo</{tag}>");
            assert_eq!(wpautop(&input).trim(), format!("<p>{input}</p>"), "{tag}");
        }
    }

    #[test]
    fn block_elements_are_blocks() {
        for tag in [
            "table", "div", "ul", "ol", "dl", "form", "h3", "section", "figure", "address",
        ] {
            let input = format!("<{tag}>foo</{tag}>");
            let out = wpautop(&input);
            assert!(!out.starts_with("<p>"), "{tag}: {out}");
        }
    }

    #[test]
    fn input_elements_are_inline() {
        let s = "Username: <input type=\"text\" id=\"username\" name=\"username\" /><br />\nPassword: <input type=\"password\" id=\"password1\" name=\"password1\" />";
        assert_eq!(wpautop(s).trim(), format!("<p>{s}</p>"));
    }

    #[test]
    fn existing_breaks_are_not_doubled() {
        assert_eq!(
            wpautop("line 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5").trim(),
            "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>"
        );
        assert_eq!(
            wpautop("line 1<br>\n<br/>\nline 2<br/>\n<br />\n").trim(),
            "<p>line 1</p>\n<p>line 2</p>"
        );
    }

    #[test]
    fn text_before_a_block_is_a_paragraph() {
        assert_eq!(wpautop("a\n<div>b</div>").trim(), "<p>a</p>\n<div>b</div>");
    }

    #[test]
    fn source_and_track_collapse_inside_media() {
        let s = "<video class=\"wp-video-shortcode\">\n<source src=\"a.mp4\" />\n<track src=\"a.vtt\" />\n</video>";
        assert_eq!(
            wpautop(s).trim(),
            "<p><video class=\"wp-video-shortcode\"><source src=\"a.mp4\" /><track src=\"a.vtt\" /></video></p>"
        );
    }

    #[test]
    fn several_pre_blocks() {
        let s = "<pre>a\n\nb</pre>\n\nmid\n\n<pre>c\nd</pre>";
        assert_eq!(
            wpautop(s),
            "<pre>a\n\nb</pre>\n<p>mid</p>\n<pre>c\nd</pre>\n"
        );
    }
}
