//! Escaping for CommonMark 0.31.2, only where a parser would misread.
//!
//! Inline text is escaped in [`text`] with the characters around it in view
//! (section 6.2: a `*` between spaces or a `_` inside a word opens nothing);
//! what can only start a block is escaped per line in [`line_start`], once a
//! paragraph's lines are known (sections 4 and 5: headings, quotes, list
//! markers, setext underlines, thematic breaks, fences).
//!
//! The Markdown is also read by GFM renderers (GitHub, comrak, markdown-it
//! with its defaults), so text never turns into what GFM adds: a run of one
//! or two `~` that could open or close strikethrough is escaped, and a line
//! that could be a table's delimiter row under another line is escaped at
//! its start.

/// Whether `c` counts as whitespace for the flanking rules (Unicode
/// whitespace; the edges of a line count as whitespace too).
pub(super) fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `c` is a Unicode punctuation character as CommonMark 0.31.2
/// defines it (general categories P and S). std has no category tables, so
/// this lists the blocks where P and S live; letters inside them (such as
/// U+3005 IDEOGRAPHIC ITERATION MARK) are left out.
pub(super) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let u = c as u32;
    matches!(u,
        0xA1..=0xA9 | 0xAB..=0xAC | 0xAE..=0xB1 | 0xB4 | 0xB6..=0xB8 | 0xBB | 0xBF | 0xD7 | 0xF7
        | 0x2C2..=0x2C5 | 0x2D2..=0x2DF
        | 0x37E | 0x387 | 0x55A..=0x55F | 0x589..=0x58A
        | 0x5BE | 0x5C0 | 0x5C3 | 0x5C6 | 0x5F3..=0x5F4
        | 0x60C..=0x60D | 0x61B | 0x61E..=0x61F | 0x66A..=0x66D | 0x6D4
        | 0x964..=0x965 | 0x970 | 0xE3F | 0xE4F | 0xE5A..=0xE5B
        | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x207A..=0x207E | 0x208A..=0x208E | 0x20A0..=0x20C0
        | 0x2100..=0x2101 | 0x2103..=0x2106 | 0x2108..=0x2109 | 0x2114 | 0x2116..=0x2118
        | 0x211E..=0x2123 | 0x2125 | 0x2127 | 0x2129 | 0x212E | 0x213A..=0x213B
        | 0x2140..=0x2144 | 0x214A..=0x214D | 0x214F
        | 0x2190..=0x2426 | 0x2440..=0x244A | 0x249C..=0x24E9 | 0x2500..=0x2775
        | 0x2794..=0x2BFF | 0x2CF9..=0x2CFC | 0x2CFE..=0x2CFF | 0x2E00..=0x2E5D
        | 0x2E80..=0x2FFB
        | 0x3001..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x3036..=0x3037 | 0x303D..=0x303F
        | 0x309B..=0x309C | 0x30A0 | 0x30FB
        | 0x3190..=0x3191 | 0x3196..=0x319F | 0x31C0..=0x31E3 | 0x3200..=0x321E
        | 0x322A..=0x3247 | 0x3250 | 0x3260..=0x327F | 0x328A..=0x32B0 | 0x32C0..=0x33FF
        | 0x4DC0..=0x4DFF | 0xA490..=0xA4C6 | 0xA4FE..=0xA4FF | 0xA60D..=0xA60F
        | 0xFD3E..=0xFD3F | 0xFE10..=0xFE19 | 0xFE30..=0xFE52 | 0xFE54..=0xFE66
        | 0xFE68..=0xFE6B | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65 | 0xFFE0..=0xFFE6 | 0xFFE8..=0xFFEE | 0xFFFC..=0xFFFD
        | 0x1F000..=0x1FAFF
    )
}

/// Section 6.2: a delimiter run between `prev` and `next` is left-flanking
/// (it can open) or right-flanking (it can close).
pub(super) fn left_flanking(prev: char, next: char) -> bool {
    !is_ws(next) && (!is_punct(next) || is_ws(prev) || is_punct(prev))
}

pub(super) fn right_flanking(prev: char, next: char) -> bool {
    !is_ws(prev) && (!is_punct(prev) || is_ws(next) || is_punct(next))
}

/// Whether `s` starts with an entity or numeric character reference
/// (`&copy;`, `&#123;`, `&#x1F;`): CommonMark would decode it (section 2.5).
pub(super) fn entity_like(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return false;
    }
    let mut i = 1;
    let numeric = b.get(1) == Some(&b'#');
    if numeric {
        i += 1;
        if matches!(b.get(2), Some(b'x' | b'X')) {
            i += 1;
        }
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_alphanumeric() && i - start < 32 {
        i += 1;
    }
    i > start && b.get(i) == Some(&b';')
}

/// Escapes inline text (no whitespace handling; see `inline`). `in_link`:
/// the text is inside link text or alt text, where `]` would close it.
pub(super) fn text(s: &str, in_link: bool, out: &mut String) {
    // Most text has none of the characters below: copied as it is, with
    // no table of its characters built (a byte 0xa0 is the end of
    // U+00A0, or of another character, which the slow path copies).
    if !s.bytes().any(|b| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'&' | b'~' | 0xa0
        )
    }) {
        out.push_str(s);
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        // Neighbours beyond this text node are unknown: assume the worst.
        let ws = |c: Option<char>| c.is_some_and(is_ws);
        let word = |c: Option<char>| c.is_some_and(|c| !is_ws(c) && !is_punct(c));
        match c {
            // A backslash escapes only ASCII punctuation, and makes a hard
            // break before a line end (section 2.4, 6.7).
            '\\' if next.is_none_or(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            // Between two spaces a `*` is neither left- nor right-flanking.
            '*' if !(ws(prev) && ws(next)) => out.push_str("\\*"),
            // Inside a word a `_` neither opens nor closes (section 6.2).
            '_' if !(ws(prev) && ws(next) || word(prev) && word(next)) => out.push_str("\\_"),
            '[' if in_link || could_link(&chars[k..]) => out.push_str("\\["),
            ']' if in_link => out.push_str("\\]"),
            // `<` starts raw HTML or an autolink only before these. A
            // reference, not a backslash: text that a line of raw HTML
            // before it pulls into an HTML block is raw HTML too, where a
            // backslash is a backslash and `<k` a tag; `&lt;` and `&amp;`
            // read the same in a paragraph and in an HTML block.
            '<' if next.is_none_or(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) => {
                out.push_str("&lt;")
            }
            '&' if entity_like(&s[at..]) => out.push_str("&amp;"),
            '~' if could_strike(&chars, k) => out.push_str("\\~"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
}

/// Whether the `~` at `k` belongs to a run that a GFM renderer could read
/// as strikethrough: one or two tildes (three or more never strike, GFM
/// section 6.5) that are left- or right-flanking. Beyond this text the
/// neighbours are unknown: a letter is assumed, the worst case.
fn could_strike(chars: &[(usize, char)], k: usize) -> bool {
    let start = chars[..k]
        .iter()
        .rev()
        .take_while(|&&(_, c)| c == '~')
        .count();
    let end = chars[k..].iter().take_while(|&&(_, c)| c == '~').count();
    if start + end > 2 {
        return false;
    }
    let prev = (k - start).checked_sub(1).map_or('a', |j| chars[j].1);
    let next = chars.get(k + end).map_or('a', |&(_, c)| c);
    left_flanking(prev, next) || right_flanking(prev, next)
}

/// Whether a `[` (first of `rest`) could start a link, so it needs an
/// escape. Text in brackets is a link only when `(`, `[` or `:` follows the
/// `]` (an inline link, a full or collapsed reference, a definition) or
/// when a definition of that label exists (a shortcut reference; this
/// writer only defines numeric labels, in reference-link mode). Anything
/// else, e.g. an unknown WordPress shortcode `[contact-form id="1"]`, stays
/// as it was written. When the `]` is not in this text, assume the worst.
fn could_link(rest: &[(usize, char)]) -> bool {
    let Some(close) = rest
        .iter()
        .skip(1)
        .position(|&(_, c)| c == ']' || c == '[')
        .map(|p| p + 1)
    else {
        return true;
    };
    if rest[close].1 == '[' {
        return true;
    }
    let label = &rest[1..close];
    if label.is_empty() || label.iter().all(|&(_, c)| c.is_ascii_digit() || c == '^') {
        return true;
    }
    // At the end of this text, what follows is another element's output:
    // it starts with a delimiter (`*`, `` ` ``, `[`, `<`) or is text, and
    // text nodes next to each other are merged in the Fragment, so `](`
    // cannot form across the boundary.
    rest.get(close + 1)
        .is_some_and(|&(_, next)| matches!(next, '(' | '[' | ':'))
}

/// Text for Hugo, whose page lexer reads `{{<` and `{{%` as the start of
/// a shortcode anywhere in the content, before Markdown (an unknown or
/// unclosed one fails the build): a backslash before the `<` or `%`,
/// which Goldmark then reads as the character itself.
pub(super) fn hugo_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("{{<") && !s.contains("{{%") {
        return s.into();
    }
    s.replace("{{<", "{{\\<").replace("{{%", "{{\\%").into()
}

/// Code for Hugo, where a backslash would show: `{{< x >}}` as Hugo's
/// own escape, `{{</* x */>}}`, which it shows as `{{< x >}}`
/// (pagelexer_shortcode.go, `lexShortcodeComment`); an opener with no
/// closer after it gets a zero-width space after its `{{`, the one
/// change that shows nothing.
pub(super) fn hugo_code(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("{{<") && !s.contains("{{%") {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    loop {
        let next = [("{{<", ">}}"), ("{{%", "%}}")]
            .into_iter()
            .filter_map(|(open, close)| rest.find(open).map(|at| (at, open, close)))
            .min_by_key(|&(at, _, _)| at);
        let Some((at, open, close)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.find(close) {
            Some(end) => {
                out.push_str(open);
                out.push_str("/*");
                out.push_str(&after[..end]);
                out.push_str("*/");
                out.push_str(close);
                rest = &after[end + 3..];
            }
            None => {
                out.push_str("{{\u{200b}");
                out.push_str(&open[2..]);
                rest = after;
            }
        }
    }
    out.into()
}

/// A value of a Hugo shortcode parameter: a raw string in backticks,
/// which Hugo reads up to the next backtick, line breaks and `>}}`
/// included (`lexShortCodeParamRawStringVal`); with a backtick inside, a
/// quoted string with `\"` for its quotes, when it has no backslash
/// (Hugo drops every backslash of a quoted value that escapes a quote).
/// `None` when neither can hold it.
pub(super) fn shortcode_value(v: &str) -> Option<String> {
    let v = v.replace(['\n', '\r'], " ");
    if !v.contains('`') {
        return Some(format!("`{v}`"));
    }
    if !v.contains('\\') {
        return Some(format!("\"{}\"", v.replace('"', "\\\"")));
    }
    None
}

/// kramdown's own syntax in text (Jekyll): `{:` opens an attribute list
/// and `{::` an extension (both removed from the page), `$$` delimits
/// math. A backslash before `{` or `$` is a kramdown escape.
pub(super) fn kramdown_text(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("{:") && !s.contains("$$") {
        return s.into();
    }
    s.replace("{:", "\\{:").replace("$$", "\\$\\$").into()
}

/// Escapes what would start a block at the beginning of a paragraph line.
pub(super) fn line_start(line: &str) -> String {
    let b = line.as_bytes();
    let Some(&first) = b.first() else {
        return String::new();
    };
    let after = |n: usize| b.get(n).is_none_or(|c| *c == b' ' || *c == b'\t');
    let trimmed = line.trim_end_matches([' ', '\t']);
    // A line of one repeated character: a setext underline (`=`, `-`) or a
    // thematic break (`-`, `_`, `*`, possibly spaced) (sections 4.1, 4.3).
    if matches!(first, b'=' | b'-' | b'_' | b'*')
        && trimmed
            .bytes()
            .all(|c| c == first || c == b' ' || c == b'\t')
    {
        return format!("\\{line}");
    }
    match first {
        // ATX heading: 1-6 `#` then a space or the end (section 4.2).
        b'#' => {
            let n = b.iter().take_while(|&&c| c == b'#').count();
            if n <= 6 && after(n) {
                return format!("\\{line}");
            }
        }
        b'>' => return format!("\\{line}"),
        // Bullet list marker (section 5.2).
        b'-' | b'+' | b'*' if after(1) => return format!("\\{line}"),
        // Ordered list marker: up to 9 digits, then `.` or `)`.
        b'0'..=b'9' => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if n <= 9 && matches!(b.get(n), Some(b'.' | b')')) && after(n + 1) {
                return format!("{}\\{}", &line[..n], &line[n..]);
            }
        }
        // Tilde fence (backticks are always escaped inline). Three tildes
        // are escaped whole: `\~~~` would leave `~~`, which strikes in GFM.
        b'~' if line.starts_with("~~~") => {
            let n = b.iter().take_while(|&&c| c == b'~').count();
            return match n {
                3 => format!("\\~\\~\\~{}", &line[3..]),
                _ => format!("\\{line}"),
            };
        }
        _ => {}
    }
    line.to_owned()
}

/// Escapes a paragraph line (not its first) that a GFM renderer would read
/// as the delimiter row of a table, with the line above as its header
/// (`---|---`, `:-:`, `|:--|`; GFM section 4.10). The header's cell count is
/// not compared: `|` inside code spans counts there too, and such lines are
/// rare in text. An escaped first character breaks the row's pattern.
pub(super) fn delimiter_row(line: String) -> String {
    if is_delimiter_row(&line) {
        format!("\\{line}")
    } else {
        line
    }
}

/// `|? cell (| cell)* |?`, each cell `:?-+:?` with spaces or tabs around.
fn is_delimiter_row(line: &str) -> bool {
    let b = line.trim_end_matches([' ', '\t']).as_bytes();
    let mut i = usize::from(b.first() == Some(&b'|'));
    let spaces = |i: &mut usize| {
        while b.get(*i).is_some_and(|c| matches!(c, b' ' | b'\t')) {
            *i += 1;
        }
    };
    loop {
        spaces(&mut i);
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        let dashes = b[i.min(b.len())..]
            .iter()
            .take_while(|&&c| c == b'-')
            .count();
        if dashes == 0 {
            return false;
        }
        i += dashes;
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        spaces(&mut i);
        match b.get(i) {
            None => return true,
            Some(b'|') if i + 1 == b.len() => return true,
            Some(b'|') => i += 1,
            Some(_) => return false,
        }
    }
}

/// A link destination (section 6.3): bare when it can be, else in `<...>`.
pub(super) fn destination(url: &str) -> String {
    if url.is_empty() {
        return "<>".to_owned();
    }
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    let pointy = !balanced
        || depth != 0
        || url.starts_with('<')
        || url.chars().any(|c| c == ' ' || c.is_control());
    let mut out = String::with_capacity(url.len() + 2);
    if pointy {
        out.push('<');
    }
    for (at, c) in url.char_indices() {
        let next = url[at + c.len_utf8()..].chars().next();
        match c {
            '\\' if next.is_none_or(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '<' | '>' if pointy => {
                out.push('\\');
                out.push(c);
            }
            // As a reference itself, not `\\&`: some renderers (comrak)
            // decode the entity after the backslash.
            '&' if entity_like(&url[at..]) => out.push_str("&amp;"),
            // Line endings may not appear in a destination.
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            _ => out.push(c),
        }
    }
    if pointy {
        out.push('>');
    }
    out
}

/// A link title in double quotes (section 6.3).
pub(super) fn title(t: &str) -> String {
    let mut out = String::with_capacity(t.len() + 2);
    out.push('"');
    for (at, c) in t.char_indices() {
        let next = t[at + c.len_utf8()..].chars().next();
        match c {
            '"' => out.push_str("\\\""),
            '\\' if next.is_none_or(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '&' if entity_like(&t[at..]) => out.push_str("&amp;"),
            // A line break inside a title could start a block on the next
            // line; the character reference keeps it on one line.
            '\n' => out.push_str("&#10;"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A code span holding `code` exactly (section 6.1): a backtick string
/// whose length matches no run inside, padded when the content starts or
/// ends with a backtick or would lose a stripped space. Line endings become
/// spaces (a renderer does the same) so that no line of a paragraph starts
/// inside a code span. Empty code has no code-span form: `None`.
pub(super) fn code_span(code: &str) -> Option<String> {
    if code.is_empty() {
        return None;
    }
    let code: String = code
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut runs = Vec::new();
    let mut n = 0;
    for c in code.chars() {
        if c == '`' {
            n += 1;
        } else if n > 0 {
            runs.push(n);
            n = 0;
        }
    }
    if n > 0 {
        runs.push(n);
    }
    let mut len = 1;
    while runs.contains(&len) {
        len += 1;
    }
    let fence = "`".repeat(len);
    let all_space = code.chars().all(|c| c == ' ');
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (!all_space && code.starts_with(' ') && code.ends_with(' '));
    let sp = if pad { " " } else { "" };
    Some(format!("{fence}{sp}{code}{sp}{fence}"))
}

/// A fence for a code block (section 4.5): longer than any run of the fence
/// character inside, backticks unless the info string holds one.
pub(super) fn fence(code: &str, info: &str) -> String {
    let ch = if info.contains('`') { '~' } else { '`' };
    let mut longest = 0;
    let mut n = 0;
    for c in code.chars() {
        if c == ch {
            n += 1;
            longest = longest.max(n);
        } else {
            n = 0;
        }
    }
    std::iter::repeat_n(ch, (longest + 1).max(3)).collect()
}

/// Whether a URL is safe to keep in a link (`image`: in an `<img src>`):
/// the sanitizer's rule, so the Markdown obeys exactly what the Fragment
/// obeys.
pub(super) fn is_safe_url(url: &str, image: bool) -> bool {
    let (element, attr) = if image { ("img", "src") } else { ("a", "href") };
    crate::html::url::is_safe_url(element, attr, url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        text(s, false, &mut out);
        out
    }

    #[test]
    fn escapes_only_what_would_be_misread() {
        assert_eq!(esc("a * b"), "a * b");
        assert_eq!(esc("a *b*"), "a \\*b\\*");
        assert_eq!(esc("snake_case_name"), "snake_case_name");
        assert_eq!(esc("_x_"), "\\_x\\_");
        assert_eq!(esc("a < b"), "a < b");
        assert_eq!(esc("<div>"), "&lt;div>");
        assert_eq!(esc("AT&T &amp; &#123;"), "AT&T &amp;amp; &amp;#123;");
        assert_eq!(esc("C:\\dir"), "C:\\dir");
        assert_eq!(esc("a\\*"), "a\\\\\\*");
        assert_eq!(esc("[1] x]"), "\\[1] x]");
        assert_eq!(esc("a\u{a0}b"), "a&nbsp;b");
    }

    #[test]
    fn tildes_that_could_strike_are_escaped() {
        assert_eq!(esc("~~gone~~"), "\\~\\~gone\\~\\~");
        assert_eq!(esc("about ~5 km"), "about \\~5 km");
        assert_eq!(esc("a~b"), "a\\~b");
        // Between spaces a run flanks nothing; three or more never strike.
        assert_eq!(esc("a ~ b ~~ c"), "a ~ b ~~ c");
        assert_eq!(esc("x ~~~y~~~"), "x ~~~y~~~");
        assert_eq!(line_start("~~~"), "\\~\\~\\~");
        assert_eq!(line_start("~~~~ x"), "\\~~~~ x");
    }

    #[test]
    fn delimiter_rows_are_escaped() {
        for row in ["---|---", ":-:", "|:--|", "-: | :-", "| --- |", "-|-"] {
            assert_eq!(delimiter_row(row.to_owned()), format!("\\{row}"), "{row}");
        }
        for text in ["a|b", "|", ":", ":-)", "--x|--", "| a |"] {
            assert_eq!(delimiter_row(text.to_owned()), text, "{text}");
        }
    }

    #[test]
    fn escapes_block_starts_per_line() {
        assert_eq!(line_start("# not a heading"), "\\# not a heading");
        assert_eq!(line_start("#hashtag"), "#hashtag");
        assert_eq!(line_start("1. one"), "1\\. one");
        assert_eq!(line_start("2024) x"), "2024\\) x");
        assert_eq!(line_start("1.5 million"), "1.5 million");
        assert_eq!(line_start("- a"), "\\- a");
        assert_eq!(line_start("-1"), "-1");
        assert_eq!(line_start("==="), "\\===");
        assert_eq!(line_start("> q"), "\\> q");
        assert_eq!(line_start("+"), "\\+");
    }

    #[test]
    fn code_spans_pick_backticks_and_padding() {
        assert_eq!(code_span("a").as_deref(), Some("`a`"));
        assert_eq!(code_span("a`b").as_deref(), Some("``a`b``"));
        assert_eq!(code_span("`a").as_deref(), Some("`` `a ``"));
        assert_eq!(code_span(" a ").as_deref(), Some("`  a  `"));
        assert_eq!(code_span(" ").as_deref(), Some("` `"));
        assert_eq!(code_span(""), None);
    }

    #[test]
    fn destinations_and_titles() {
        assert_eq!(destination("/a b"), "</a b>");
        assert_eq!(destination("/a(b)"), "/a(b)");
        assert_eq!(destination("/a(b"), "</a(b>");
        assert_eq!(destination(""), "<>");
        assert_eq!(title("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn unsafe_schemes_are_refused() {
        assert!(!is_safe_url(" JaVa\tScript:alert(1)", false));
        assert!(!is_safe_url("data:text/html,x", true));
        assert!(is_safe_url("data:image/png;base64,AAAA", true));
        assert!(!is_safe_url("data:image/png;base64,AAAA", false));
        assert!(is_safe_url("https://example.com/", false));
    }

    #[test]
    fn cjk_punctuation_is_punctuation() {
        assert!(is_punct('，'));
        assert!(is_punct('“'));
        assert!(is_punct('。'));
        assert!(!is_punct('注'));
        assert!(!is_punct('々'));
    }
}
