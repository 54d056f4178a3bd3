//! Regression tests of what the fuzz targets (fuzz/, docs/fuzzing.md)
//! found, named after what broke, each with its reproducer minimized.

use unpress::{Format, Options};

use crate::support;

/// The letters and digits of the text a Markdown file shows once rendered
/// (comrak, raw HTML on, parsed back by html5ever).
fn rendered_letters(md: &str) -> String {
    let f = support::fragment_from_html(&support::render(md));
    f.text_content(f.root())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn markdown(html: &str) -> String {
    let out = unpress::convert(html, &[Format::Markdown], &Options::default()).expect("converts");
    out.get(Format::Markdown).unwrap_or_default().to_owned()
}

/// write_markdown, crash-794ac8b9: a `<pre>` inside a `<pre>` is written
/// as one raw HTML block, but CommonMark ends a `<pre>` HTML block at the
/// first line holding `</pre>`, the inner one's: the rest of the outer
/// block is read as Markdown, so `[x](https://e.x/u)` becomes a link (its
/// URL leaves the text) and `*y*` emphasis, once a line follows the
/// inner `</pre>`.
#[test]
fn nested_pre_keeps_its_text_in_markdown() {
    let md = markdown("<pre>a\n<pre>b</pre>\nc\n[x](https://e.x/u) *y*\nd</pre>");
    assert_eq!(rendered_letters(&md), "abcxhttpsexuyd", "{md}");
}

/// write_markdown, crash-c8ef066e and crash-96583d4a: the text of an
/// element whose name html5ever gives U+FFFD (a NUL in the tag name,
/// `<d\0>`) is written without its tags and without the line-start
/// escapes: `2.` then starts an ordered list (its text is lost), a line
/// of backticks opens a code fence that swallows the rest.
#[test]
fn text_in_an_element_with_an_invalid_name_keeps_its_line_starts_escaped() {
    let md = markdown("<d\0>2.\n<h4></h4>");
    assert_eq!(rendered_letters(&md), "2", "{md}");
    let md = markdown("<d\0>```h\n<blockquote>x</blockquote>");
    assert_eq!(rendered_letters(&md), "hx", "{md}");
}

/// The same inputs without the invalid name are escaped as they should
/// be: what the two tests above expect is what unpress does elsewhere.
#[test]
fn the_same_text_in_a_plain_element_keeps_its_line_starts_escaped() {
    let md = markdown("<p>2.</p><h4></h4>");
    assert_eq!(rendered_letters(&md), "2", "{md}");
    let md = markdown("<p>```h</p><blockquote>x</blockquote>");
    assert_eq!(rendered_letters(&md), "hx", "{md}");
    let md = markdown("<pre>a\n[x](https://e.x/u) *y*\n\nc</pre>");
    assert_eq!(rendered_letters(&md), "axhttpsexuyc", "{md}");
}

fn markdown_without_rules(html: &str) -> String {
    let mut opts = Options::default();
    opts.rewrite.rules = unpress::RuleSet::none();
    let out = unpress::convert(html, &[Format::Markdown], &opts).expect("converts");
    out.get(Format::Markdown).unwrap_or_default().to_owned()
}

/// write_markdown, crash-17d6b822 and six more of the run of 2026-12-07
/// (all minimized to this shape), with the rules off: a list item that
/// starts with raw HTML (an empty `<p>` made by a stray `</p>`, a `<br>`)
/// is an HTML block running to the next blank line, so the Markdown text
/// written under it is raw HTML: `\<k` there was a backslash and a
/// broken tag, and the letter was lost. Text is escaped with references
/// (`&lt;`, `&amp;`), which read the same in both.
#[test]
fn text_after_raw_html_in_a_list_item_is_kept() {
    for (html, letters) in [
        ("r<ul>\n><k", "rk"),
        ("b<ul><br><d", "bd"),
        ("p<ul></p><p", "pp"),
        ("r6<ul><area><f", "r6f"),
        ("a<ul></p>&amp;amp;", "aamp"),
    ] {
        let md = markdown_without_rules(html);
        assert_eq!(rendered_letters(&md), letters, "{html:?}: {md}");
    }
}

/// write_markdown, the six inputs of the second 30-minute run of
/// 2026-12-07 (theme-unit-test posts mutated around `[vimeo]`, `[audio]`
/// and `[embed]`, `<font>` and `<acronym>`), minimized to two shapes: a
/// list's stray child (not an `<li>`: written as part of the item before
/// it) after an item that ended in an HTML block went on without the
/// blank line that ends the block, so its Markdown was read as raw HTML:
/// a link's `<a` destination became a tag, and the letters after it went.
#[test]
fn a_stray_list_child_after_an_html_block_starts_after_a_blank_line() {
    let md = markdown("<b><ul><pp></b><video src=e<a>");
    assert_eq!(rendered_letters(&md), "eaVideo", "{md}");
    let md = markdown_without_rules("<ul><d></d>[embed]hs:[/embed]");
    assert_eq!(rendered_letters(&md), "hsEmbeddedcontent", "{md}");
    // The shape under both: an item that is an HTML block, then a
    // stray child of the list: it goes on as HTML (Markdown there would
    // show its `*` and `\` as text).
    let md = markdown("<ul><li><b><pp></pp></b></li><q>b <i>c</i> [d](e&lt;f)</q></ul>");
    let html = support::render(&md);
    assert_eq!(rendered_letters(&md), "bcdef", "{md}");
    assert!(
        html.contains("<i>c</i>") && !html.contains('\\'),
        "{md}\n{html}"
    );
}

/// write_markdown, crash-918d2a8f (a post of the Jekyll corpus, mutated
/// around a `<pre>` in a table cell): text right after a `<pre>` written
/// as an HTML block was written as more of the block, unescaped, but a
/// `<pre>` block (CommonMark's condition 1) ends with the line of its end
/// tag, not at a blank line: the text was Markdown, and `[a](b)` a link
/// (its URL left the text).
#[test]
fn text_after_a_pre_block_is_escaped_markdown() {
    for (html, letters) in [
        ("<pre><b>x</b></pre>[a](b) *c*", "xabc"),
        ("<pre><b>x</b>\n</pre>[](b)", "xb"),
        ("<pre title=\"t\">x</pre>[](b)", "xb"),
    ] {
        let md = markdown(html);
        assert_eq!(rendered_letters(&md), letters, "{html:?}: {md}");
        assert!(!support::render(&md).contains("<a "), "{html:?}: {md}");
    }
}

/// write_markdown, crash-63eb970e (the embeds fixture, mutated): an
/// element with an invalid name is written as its blocks alone, and when
/// the last of them was an HTML block (here an empty `<figcaption>`),
/// the next block came without the blank line that ends it: the autolink
/// `<http://vimeo.com>` was read as a tag.
#[test]
fn blocks_after_an_unnamed_elements_html_block_start_after_a_blank_line() {
    let md = markdown("<figure><e\u{3}><figcaption></figure><p>http://vimeo.com");
    assert_eq!(rendered_letters(&md), "httpvimeocomVimeovideo", "{md}");
    let md = markdown("<x\u{3}><div title=\"t\">a</div></x\u{3}><p>&lt;http://e.x&gt; [b](c)</p>");
    let html = support::render(&md);
    assert_eq!(rendered_letters(&md), "ahttpexbc", "{md}");
    assert!(!html.contains('\\'), "{md}\n{html}");
}

/// write_markdown, four inputs of the 30-minute run of 2026-12-07 on
/// e3b22ed (HPLIP and Zigbee posts of the corpus, mutated), one shape:
/// an inline element holding text on a new line and a `<pre>` is written
/// as an HTML block, with the blank lines that would end it taken out;
/// but after the nested `</pre>` (where the rest of the block stays on
/// its line) that clean-up was skipped for the whole block, so the blank
/// line left after `<g>` ended it, and `[](h)` below became a link.
#[test]
fn an_html_block_with_a_nested_pre_has_no_blank_line() {
    for (html, letters) in [
        ("<g>\n[](h)<pre>", "h"),
        ("<N>\nc<pre>[](6)", "c6"),
        (
            "<figcaption>or)\n</td></tr>* [C](psuLib)o<pre>ubb)",
            "orCpsuLiboubb",
        ),
    ] {
        let md = markdown(html);
        assert_eq!(rendered_letters(&md), letters, "{html:?}: {md}");
        assert!(!md.contains("\n\n["), "{html:?}: {md}");
    }
}

/// write_markdown, crash-23acaba9 (the fourth 30-minute run, on 0ca264c):
/// the title `<p<iframe>` (from the body's `<title>`) is harmless HTML,
/// one element named `p<iframe`, so the metadata cleaner keeps it; but
/// the front matter wrote it as a plain scalar, and a CommonMark renderer
/// that shows the front matter as text reads `<p` as text and `<iframe>`
/// as a raw tag. A front matter string holding `<` is double-quoted with
/// `<` as `\x3C`.
#[test]
fn front_matter_holds_no_raw_angle_bracket() {
    let md = markdown("<!DOCTYPE><title><p<iframe>");
    let fm = md.split("\n---\n").next().unwrap_or_default();
    assert!(fm.starts_with("---\n") && !fm.contains('<'), "{md}");
    assert!(!support::render(&md).contains("<iframe"), "{md}");
    let yaml = &fm["---\n".len()..];
    let back: serde_yaml::Value = serde_yaml::from_str(yaml).expect("reads back");
    assert_eq!(back["title"].as_str(), Some("<p<iframe>"), "{md}");
}

/// write_markdown, crash-b3a47bea (the fifth 30-minute run, on bbee92f;
/// with a 200-node budget, which changes nothing here): an image in a
/// table inside a figure. The captions rule dissolved every wrapper
/// around the image, the table's too, and kept the rest as the caption:
/// `<figcaption><th>r</th>g</figcaption>`, a cell out of its table, which
/// an HTML parser closes the cell around (its text moved: `gr`). A figure
/// whose image is in a table keeps its table.
#[test]
fn an_image_in_a_table_of_a_figure_keeps_the_table() {
    let md = markdown("<table><td><figure><table><th>r<td>g<img>");
    assert_eq!(rendered_letters(&md), "rg", "{md}");
    assert!(md.contains("<figure><table>"), "{md}");
    assert!(!md.contains("figcaption"), "{md}");
}
