//! Blocks: the block editor's (and older plugins') wrappers, turned into the
//! plain elements they stand for.
//!
//! In the lol_html pass:
//! - pullquotes (`figure.wp-block-pullquote > blockquote`) lose their
//!   figure, so they are block quotes like any quote (the `cite` stays);
//! - layout wrappers (columns, column, group, cover, media-text, buttons,
//!   and their inner containers) are unwrapped: their content stays; a
//!   button becomes a paragraph holding its link;
//!   an older cover's CSS background image becomes an `<img>` before it;
//! - spacers go; a file block becomes a paragraph with its link, without the
//!   duplicate "Download" button;
//! - highlighter `<pre>`s (`pre.brush: php`, SyntaxHighlighter Evolved;
//!   `pre.lang:php`, Crayon; `pre.wp-block-syntaxhighlighter-code`) get a
//!   `<code class="language-x">` inside them;
//! - a table block figure is marked, so that its caption can become the
//!   table's `<caption>`; preformatted blocks are marked, so that their
//!   text goes into a `<code>` (`<pre><code>`, like every code block);
//!   verse blocks are marked, so that they become paragraphs with line
//!   breaks (a poem is not code).
//!
//! Over the Fragment: a `<br>` inside `<pre>` is a newline (editors and
//! feeds write them); a `lang` naming a code block's programming language
//! becomes its `language-*` class; a highlighter's code table becomes its `<pre>`, and
//! the colouring markup inside a code block goes (`plain_code`); a table
//! figure's `figcaption` becomes the table's `<caption>`.

use lol_html::html_content::{ContentType, Element};

use crate::html::fragment::{Element as El, Fragment, NodeData, NodeId};

use super::{Context, ROLE};

/// Class tokens of wrappers whose content is all that matters.
const UNWRAP: &[&str] = &[
    "wp-block-columns",
    "wp-block-column",
    "wp-block-group",
    "wp-block-group__inner-container",
    "wp-block-cover",
    "wp-block-cover__inner-container",
    "wp-block-media-text",
    "wp-block-media-text__content",
    "wp-block-buttons",
    "wp-block-syntaxhighlighter-code",
    "wp_syntax",
    // wp_codebox's frame around its code table (see `code_table`).
    "wp_codebox",
];

/// The local part; returns a role for the tree passes when there is one.
pub fn local(el: &mut Element<'_, '_>, name: &str, class: &str) -> Option<&'static str> {
    let has = |token: &str| class.split_ascii_whitespace().any(|c| c == token);
    if has("wp-block-spacer") || has("wp-block-file__button") {
        el.remove();
        return None;
    }
    if has("wp-block-pullquote") && name == "figure" {
        el.remove_and_keep_content();
        return None;
    }
    // Cover blocks before WordPress 5.x's `<img>` inside them carried their
    // picture only as the wrapper's CSS background: it becomes an image
    // ahead of the overlay text, or it would go with the `style`.
    if name == "div"
        && has("wp-block-cover")
        && let Some(url) = el
            .get_attribute("style")
            .as_deref()
            .and_then(background_image)
    {
        el.prepend(
            &format!(
                "<figure><img src=\"{}\" alt=\"\"></figure>",
                url.replace('"', "&quot;")
            ),
            ContentType::Html,
        );
    }
    // A button is a link standing alone: a paragraph of its own, not
    // text run together with the next button.
    if name == "div" && has("wp-block-button") {
        let _ = el.set_tag_name("p");
        return None;
    }
    if name == "div" && UNWRAP.iter().any(|t| has(t)) {
        el.remove_and_keep_content();
        return None;
    }
    if has("wp-block-file") && name == "div" {
        let _ = el.set_tag_name("p");
        return None;
    }
    if has("wp-block-table") && name == "figure" {
        return Some("table");
    }
    // Preformatted blocks hold text laid out by hand: a code block keeps
    // it exactly, in every format. A verse block is a poem, not code: its
    // lines become a paragraph's line breaks (see `verse`).
    if name == "pre" && has("wp-block-verse") {
        return Some("verse");
    }
    if name == "pre" && has("wp-block-preformatted") {
        return Some("preformatted");
    }
    if name == "pre"
        && let Some(lang) = highlighter_language(class)
    {
        el.prepend(
            &format!("<code class=\"language-{lang}\" {ROLE}=\"highlighter\">"),
            ContentType::Html,
        );
        el.append("</code>", ContentType::Html);
    }
    None
}

/// The URL of `background-image:url(...)` (or `background:url(...)`) in a
/// raw `style` value, unquoted; its entities are left as written, for the
/// attribute it goes into.
fn background_image(style: &str) -> Option<&str> {
    let at = style.to_ascii_lowercase().find("background")?;
    let rest = &style[at..];
    let open = rest.find("url(")? + 4;
    let close = open + rest[open..].find(')')?;
    let mut url = rest[open..close].trim();
    for quote in ["&quot;", "&#34;", "&#39;", "&#039;", "\"", "'"] {
        if let Some(inner) = url.strip_prefix(quote).and_then(|u| u.strip_suffix(quote)) {
            url = inner.trim();
            break;
        }
    }
    (!url.is_empty() && !url.contains(['<', '>'])).then_some(url)
}

/// The language a highlighter class names: `brush: php; title: ;` or
/// `lang:php decode:true`, or a lone class that names a language (`php`). Only names made of letters, digits, `+`, `#`
/// and `-` are taken.
pub fn highlighter_language(class: &str) -> Option<String> {
    let lower = class.to_ascii_lowercase();
    let value = if let Some(at) = lower.find("brush:") {
        lower[at + 6..].trim_start().split([';', ' ']).next()
    } else if let Some(at) = lower.find("lang:") {
        lower[at + 5..].split([';', ' ']).next()
    } else {
        // GeSHi and wp_codebox: the class is the language (`<pre class="php">`).
        let mut tokens = lower.split_ascii_whitespace();
        let first = tokens.next();
        return first
            .filter(|_| tokens.next().is_none())
            .and_then(crate::wordpress::code_language)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
    }?;
    let value = value.trim();
    (!value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-')))
    .then(|| {
        match value {
            "js" | "jscript" => "javascript",
            "sh" | "shell" => "bash",
            "py" => "python",
            "rb" => "ruby",
            "c#" | "c-sharp" => "csharp",
            "plain" | "text" => "plaintext",
            other => other,
        }
        .to_owned()
    })
}

/// The blocks pass over the Fragment.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    let nodes: Vec<NodeId> = f.descendants(f.root()).collect();
    for id in nodes {
        if f.element(id)
            .is_some_and(|e| e.is("pre") && e.attr(ROLE) == Some("verse"))
        {
            // Before its children are visited: its breaks stay breaks.
            verse(f, id);
        } else if f.is(id, "br") && f.ancestors(id).any(|a| f.is(a, "pre")) {
            let newline = f.create(NodeData::Text("\n".into()));
            f.insert_before(id, newline);
            f.detach(id);
        } else if f.is(id, "table") && f.parent(id).is_some() {
            code_table(f, id);
        } else if f
            .element(id)
            .is_some_and(|e| e.is("pre") && e.attr(ROLE) == Some("preformatted"))
            && !f.children(id).any(|c| f.is(c, "code"))
        {
            let code = f.create(NodeData::Element(El::html("code")));
            f.reparent_children(id, code);
            f.append(id, code);
        } else if f
            .element(id)
            .is_some_and(|e| e.is("figure") && e.attr(ROLE) == Some("table"))
        {
            table_figure(f, id);
        } else if f
            .element(id)
            .is_some_and(|e| e.is("code") && e.attr(ROLE) == Some("highlighter"))
        {
            // The code element was put in after `<pre>`, so the newline that
            // HTML drops right after `<pre>` was not dropped: drop it now.
            if let Some(first) = f.first_child(id)
                && let NodeData::Text(t) = f.data_mut(first)
                && t.starts_with('\n')
            {
                t.remove(0);
            }
        }
    }
    let pres: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "pre"))
        .collect();
    for pre in pres {
        language_from_lang(f, pre);
        plain_code(f, pre);
    }
}

/// Syntax-highlighting plugins for the block editor write the code's
/// language as `lang` too (Code Syntax Block: `<pre class="wp-block-code">
/// <code lang="python" class="language-python">`; WP-Syntax: `<pre
/// lang="php">`). `lang` is for natural languages (HTML §3.2.6.2), and no
/// Markdown fence can carry it, so a code block with it was raw HTML. A
/// `lang` that names the block's programming language becomes its
/// `class="language-x"` (kept when one is there) and goes; one that is a
/// natural language (`lang="fr"`) stays.
fn language_from_lang(f: &mut Fragment, pre: NodeId) {
    let code = match f.children(pre).find(|&c| f.is(c, "code")) {
        Some(code) if f.children(pre).all(|c| c == code || is_blank(f, c)) => Some(code),
        _ => None,
    };
    for at in std::iter::once(pre).chain(code) {
        let Some(e) = f.element(at) else {
            continue;
        };
        let Some(lang) = e.attr("lang").map(|l| l.trim().to_ascii_lowercase()) else {
            continue;
        };
        let class = f
            .element(code.unwrap_or(at))
            .filter(|c| c.is("code"))
            .and_then(|c| c.attr("class"))
            .and_then(|c| {
                c.split_ascii_whitespace()
                    .find_map(|t| t.strip_prefix("language-"))
            })
            .map(str::to_ascii_lowercase);
        let named = code_language_of_lang(&lang);
        // Beside its class, a `lang` that says the same (`py` for
        // `language-python`) is that language whatever its length.
        let same = class
            .as_deref()
            .is_some_and(|c| c == lang || crate::wordpress::code_language(&lang) == Some(c));
        if !same && named.is_none() {
            continue;
        }
        if let Some(e) = f.element_mut(at) {
            e.remove_attr("lang");
        }
        if class.is_some() {
            continue;
        }
        let Some(name) = named.filter(|n| !n.is_empty()) else {
            continue;
        };
        let code = match code {
            Some(code) => code,
            None => {
                let code = f.create(NodeData::Element(El::html("code")));
                f.reparent_children(pre, code);
                f.append(pre, code);
                code
            }
        };
        if let Some(e) = f.element_mut(code) {
            e.set_attr("class", format!("language-{name}"));
        }
    }
}

/// Text of nothing but white space.
fn is_blank(f: &Fragment, n: NodeId) -> bool {
    f.text(n).is_some_and(|t| t.trim().is_empty())
}

/// The programming language a `lang` value names, as a `language-*` name
/// (`""` for plain text), or `None` for a natural language. A name the
/// highlighters' table knows counts from three letters (`php`, `css`,
/// `bash`); two-letter values are ISO 639-1 languages (`pl` is Polish, not
/// Perl) unless they match the class. A value that is no language tag at
/// all (`python`, `c++`, `typescript`: BCP 47 primary subtags have two or
/// three letters) is the language as written.
fn code_language_of_lang(lang: &str) -> Option<String> {
    let natural = crate::lang::normalize(lang).is_some();
    if natural && lang.len() < 3 {
        return None;
    }
    if let Some(name) = crate::wordpress::code_language(lang) {
        return Some(name.to_owned());
    }
    (!natural
        && lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-')))
    .then(|| lang.to_owned())
}

/// Highlighters (GeSHi, wp_codebox, SyntaxHighlighter's rendered output)
/// colour code with `<span style>`, `<font color>`, `<b>` and links to the
/// manual; once the code block has its language, that markup is noise, and
/// Markdown can only fence plain text. A `<code class="language-x">` keeps
/// its text alone. In a `<pre>` without a language only `<span>` and
/// `<font>` go (a verse or a hand-made layout may mean its `<em>`), and a
/// `<span>` that says a language or direction stays.
fn plain_code(f: &mut Fragment, pre: NodeId) {
    let code = f.children(pre).find(|&c| {
        f.element(c).is_some_and(|e| {
            e.is("code")
                && (e.attr(ROLE) == Some("highlighter")
                    || e.attr("class").is_some_and(|c| {
                        c.split_ascii_whitespace()
                            .any(|t| t.starts_with("language-"))
                    }))
        })
    });
    if let Some(code) = code {
        if f.children(code).all(|c| f.text(c).is_some()) {
            return;
        }
        let text = f.text_content(code);
        while let Some(c) = f.first_child(code) {
            f.detach(c);
        }
        f.append_text(code, &text);
        return;
    }
    let colours: Vec<NodeId> = f
        .descendants(pre)
        .filter(|&n| {
            f.element(n).is_some_and(|e| {
                (e.is("span") || e.is("font"))
                    && e.attr("lang").is_none()
                    && e.attr("dir").is_none()
            })
        })
        .collect();
    for n in colours {
        f.unwrap(n);
    }
}

/// A verse block (`<pre class="wp-block-verse">`) -> paragraphs, one per
/// stanza (lines split by a blank line), each line ended by a `<br>`; the
/// spaces that indent a line become no-break spaces, so that they stay;
/// inline markup (`<em>`, links) stays.
fn verse(f: &mut Fragment, pre: NodeId) {
    const NBSP: char = '\u{a0}';
    if let Some(e) = f.element_mut(pre) {
        e.name = "p".into();
        e.remove_attr(ROLE);
    }
    // Editors write the lines with newlines or with `<br>`s.
    let texts: Vec<NodeId> = f
        .descendants(pre)
        .filter(|&n| f.text(n).is_some() || f.is(n, "br"))
        .collect();
    let mut line_start = true;
    for t in texts {
        if f.is(t, "br") {
            line_start = true;
            continue;
        }
        let text = f.text(t).unwrap_or_default().replace("\r\n", "\n");
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                let br = f.create(NodeData::Element(El::html("br")));
                f.insert_before(t, br);
                line_start = true;
            }
            let line = if line.trim().is_empty() && (line_start || line.is_empty()) {
                // A line of nothing but spaces is a blank line.
                ""
            } else {
                line
            };
            if line.is_empty() {
                continue;
            }
            let mut out = String::with_capacity(line.len());
            let body = if line_start {
                let body = line.trim_start_matches([' ', '\t']);
                for c in line[..line.len() - body.len()].chars() {
                    let n = if c == '\t' { 4 } else { 1 };
                    out.extend(std::iter::repeat_n(NBSP, n));
                }
                body
            } else {
                line
            };
            out.push_str(body);
            line_start = false;
            let piece = f.create(NodeData::Text(out));
            f.insert_before(t, piece);
        }
        f.detach(t);
    }
    // A blank line (two breaks in a row) ends a stanza.
    let mut stanzas = vec![pre];
    let kids: Vec<NodeId> = f.children(pre).collect();
    let mut i = 0;
    while let Some(&k) = kids.get(i) {
        i += 1;
        if f.is(k, "br") && kids.get(i).is_some_and(|&n| f.is(n, "br")) {
            while kids.get(i - 1).is_some_and(|&n| f.is(n, "br")) {
                f.detach(kids[i - 1]);
                i += 1;
            }
            i -= 1;
            let next = f.create(NodeData::Element(El::html("p")));
            f.insert_after(stanzas[stanzas.len() - 1], next);
            stanzas.push(next);
            continue;
        }
        if let Some(&last) = stanzas.last().filter(|&&l| l != pre) {
            f.detach(k);
            f.append(last, k);
        }
    }
    // Breaks at a stanza's edges add no line; a stanza of nothing goes.
    for p in stanzas {
        while let Some(b) = f.last_child(p).filter(|&b| f.is(b, "br")) {
            f.detach(b);
        }
        while let Some(b) = f.first_child(p).filter(|&b| f.is(b, "br")) {
            f.detach(b);
        }
        if f.first_child(p).is_none() {
            f.detach(p);
        }
    }
}

/// Highlighter plugins (wp_codebox, GeSHi, Crayon) lay code out as a table:
/// one cell of line numbers, one cell holding the `<pre>`. A table whose
/// only content is one `<pre>` and numbers is that `<pre>`.
fn code_table(f: &mut Fragment, table: NodeId) {
    let is_numbers = |t: &str| t.chars().all(|c| c.is_whitespace() || c.is_ascii_digit());
    let pres: Vec<NodeId> = f
        .descendants(table)
        .filter(|&n| f.is(n, "pre") && !is_numbers(&f.text_content(n)))
        .collect();
    let [pre] = pres.as_slice() else {
        return;
    };
    let pre = *pre;
    let outside_pre_is_numbers = f
        .descendants(table)
        .filter(|&n| !f.ancestors(n).any(|a| a == pre) && n != pre)
        .filter_map(|n| f.text(n))
        .all(is_numbers);
    if !outside_pre_is_numbers {
        return;
    }
    f.detach(pre);
    f.insert_before(table, pre);
    f.detach(table);
}

/// `<figure><table/><figcaption/></figure>` -> `<table><caption/>...</table>`.
fn table_figure(f: &mut Fragment, figure: NodeId) {
    let Some(table) = f.children(figure).find(|&c| f.is(c, "table")) else {
        return;
    };
    if let Some(cap) = f.children(figure).find(|&c| f.is(c, "figcaption"))
        && !f.children(table).any(|c| f.is(c, "caption"))
    {
        let caption = f.create(NodeData::Element(El::html("caption")));
        f.reparent_children(cap, caption);
        match f.first_child(table) {
            Some(first) => f.insert_before(first, caption),
            None => f.append(table, caption),
        }
        f.detach(cap);
    }
    f.unwrap(figure);
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::rewritten_html as body;

    /// pt-gabrielf-...-fedora.md of wp-exported-jekyll-posts: wp_codebox
    /// around a GeSHi table.
    #[test]
    fn a_codebox_becomes_a_plain_code_block() {
        assert_eq!(
            body(
                "<div class=\"wp_codebox\">\n  <table>\n    <tr id=\"p936149\">\n      <td class=\"code\" id=\"p936code149\">\n        <pre class=\"bash\" style=\"font-family:monospace;\">yum <span style=\"color: #c20cb9; font-weight: bold;\">install</span> hplip</pre></td></tr></table></div>"
            ),
            "<pre><code class=\"language-bash\">yum install hplip</code></pre>"
        );
        assert_eq!(
            body(
                "<pre class=\"brush: php\"><font color=\"red\">echo</font> <a href=\"https://php.net/x\"><b>x</b></a>;<br>1</pre>"
            ),
            "<pre><code class=\"language-php\">echo x;\n1</code></pre>"
        );
        // Without a language only the colours go.
        assert_eq!(
            body(
                "<pre><span style=\"color:red\">a</span> <em>b</em> <span lang=\"fr\">c</span></pre>"
            ),
            "<pre>a <em>b</em> <span lang=\"fr\">c</span></pre>"
        );
    }

    /// Code Syntax Block's form of the block editor's code block: the
    /// language as `lang` and as a class. It was kept as raw HTML in
    /// Markdown, blank lines as `&#10;`.
    #[test]
    fn a_code_language_in_lang_becomes_the_class() {
        assert_eq!(
            body(
                "<pre class=\"wp-block-code\"><code lang=\"python\" class=\"language-python\">a\n\n\nb</code></pre>"
            ),
            "<pre><code class=\"language-python\">a\n\n\nb</code></pre>"
        );
        // `lang` alone; WP-Syntax's `<pre lang>`; a table name.
        assert_eq!(
            body("<pre class=\"wp-block-code\"><code lang=\"TypeScript\">x</code></pre>"),
            "<pre><code class=\"language-typescript\">x</code></pre>"
        );
        assert_eq!(
            body("<pre lang=\"php\" line=\"1\">echo <b>1</b>;</pre>"),
            "<pre><code class=\"language-php\">echo 1;</code></pre>"
        );
        assert_eq!(
            body("<pre><code lang=\"py\" class=\"language-python\">x</code></pre>"),
            "<pre><code class=\"language-python\">x</code></pre>"
        );
        // A natural language stays: code commented in French, Polish text.
        assert_eq!(
            body("<pre><code lang=\"fr\" class=\"language-c\">x</code></pre>"),
            "<pre><code lang=\"fr\" class=\"language-c\">x</code></pre>"
        );
        assert_eq!(body("<pre lang=\"pl\">x</pre>"), "<pre lang=\"pl\">x</pre>");
        // Inline code is not a code block: left as it is.
        assert_eq!(
            body("<p><code lang=\"python\">x</code></p>"),
            "<p><code lang=\"python\">x</code></p>"
        );
    }

    /// "Verse" of the block test data: a poem, not a code block.
    #[test]
    fn a_verse_is_paragraphs_with_line_breaks() {
        assert_eq!(
            body("<pre class=\"wp-block-verse\">Write a verse\nCode is poetry</pre>"),
            "<p>Write a verse<br>Code is poetry</p>"
        );
        assert_eq!(
            body(
                "<pre class=\"wp-block-verse\"><em>One\n  two</em>\n\n   \nThree <a href=\"#\">four</a>\n</pre>"
            ),
            "<p><em>One<br>&nbsp;&nbsp;two</em></p><p>Three <a href=\"#\">four</a></p>"
        );
        // "Block: Verse" of the theme unit test data writes `<br>`s.
        assert_eq!(
            body(
                "<pre class=\"wp-block-verse\">The Verse block<br><br>A block for haiku? <br>  Why not? <br>    Blocks</pre>"
            ),
            "<p>The Verse block</p><p>A block for haiku? <br>&nbsp;&nbsp;Why not? <br>&nbsp;&nbsp;&nbsp;&nbsp;Blocks</p>"
        );
        assert_eq!(body("<pre class=\"wp-block-verse\">x</pre>"), "<p>x</p>");
        // A preformatted block stays a code block.
        assert_eq!(
            body("<pre class=\"wp-block-preformatted\">a\n  b</pre>"),
            "<pre><code>a\n  b</code></pre>"
        );
    }

    /// "Block: Cover" of the theme unit test data: a cover of WordPress 5.0
    /// holds its picture only in `style`.
    #[test]
    fn an_old_cover_keeps_its_background_image() {
        assert_eq!(
            body(
                "<div class=\"wp-block-cover has-background-dim alignleft\" style=\"background-image:url(https://e.x/2008/06/a.jpg)\"><p class=\"wp-block-cover-text\">Overlay</p></div>"
            ),
            "<figure><img src=\"https://e.x/2008/06/a.jpg\" alt=\"\"></figure><p>Overlay</p>"
        );
        assert_eq!(
            background_image(
                "min-height:274px;background-image:url(&quot;a.jpg?x=1&amp;y=2&quot;)"
            ),
            Some("a.jpg?x=1&amp;y=2")
        );
        assert_eq!(background_image("background-color:#f4399d"), None);
        assert_eq!(
            background_image("background-image:url(\"x\"><script>\")"),
            None
        );
    }

    #[test]
    fn highlighter_languages() {
        assert_eq!(
            highlighter_language("brush: bash; title: ; notranslate").as_deref(),
            Some("bash")
        );
        assert_eq!(highlighter_language("brush:php").as_deref(), Some("php"));
        assert_eq!(
            highlighter_language("lang:js decode:true").as_deref(),
            Some("javascript")
        );
        assert_eq!(highlighter_language("bash").as_deref(), Some("bash"));
        assert_eq!(highlighter_language("entry-content"), None);
        assert_eq!(highlighter_language("brush: <x>"), None);
    }
}
