//! The XHTML profile (docs/xhtml.md), checked on every XHTML output without
//! Java: epubcheck does not report a missing `alt` or an empty title, and
//! `cargo test` should catch most of what it does report.
//!
//! Inputs: every `fixtures/*/input.*` (and, with `--features corpus`,
//! every corpus post and Gutenberg block fixture), and hostile markup
//! written here (obsolete
//! elements and attributes, duplicate ids, blocks inside phrasing), each
//! converted with the rules on and with every rule off (`--no-rules`:
//! then only the serializer stands between the markup and the book), and
//! each also written as a book chapter (remote images as links).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use unpress::rewrite::rules::RuleSet;
use unpress::write::xhtml::{self, Hooks, Kind, Target, XhtmlOptions};
use unpress::{Options, read, rewrite};

use crate::support;

/// Elements a content document may hold (HTML minus what is obsolete or
/// removed by the sanitizer), plus the document's own frame.
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "section",
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes HTML made obsolete (HTML §16.2) or that run code.
const OBSOLETE_ATTRIBUTES: &[&str] = &[
    "align",
    "bgcolor",
    "border",
    "frameborder",
    "cellpadding",
    "cellspacing",
    "valign",
    "hspace",
    "vspace",
    "clear",
    "nowrap",
    "size",
    "face",
    "color",
    "background",
    "noshade",
    "scrolling",
    "marginwidth",
    "marginheight",
    "longdesc",
    "name",
    "charset",
    "language",
    "summary",
    "style",
    "type",
    "compact",
];

/// Elements that need a flow parent.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements whose content is phrasing only.
const PHRASING_ONLY: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "b", "i", "em", "strong", "small", "s",
    "u", "code", "q", "sub", "sup", "mark", "abbr", "cite", "dfn", "kbd", "samp", "var", "time",
    "bdi", "bdo", "data", "ruby",
];

/// Checks one content document against the profile; returns what is wrong.
fn profile_errors(x: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if let Err(e) = support::check_xml(x) {
        return vec![format!("not well-formed: {e}")];
    }
    if !x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n") {
        errors.push("no XML declaration and doctype".into());
    }
    if let Some(c) = x
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        errors.push(format!("control character U+{:04X}", c as u32));
    }
    // Only the five XML entities (and character references).
    let mut rest = x;
    while let Some(at) = rest.find('&') {
        let tail = &rest[at + 1..];
        let name: String = tail.chars().take_while(|&c| c != ';').take(12).collect();
        if !(matches!(name.as_str(), "amp" | "lt" | "gt" | "quot" | "apos")
            || name.starts_with('#'))
        {
            errors.push(format!("entity &{name};"));
        }
        rest = tail;
    }

    let mut reader = Reader::from_str(x);
    let mut stack: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    let mut fragment_links = Vec::new();
    let mut title = None::<String>;
    let mut in_title = false;
    let mut saw_charset = false;
    let mut saw_chapter = false;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                errors.push(format!("XML: {e}"));
                break;
            }
        };
        let (start, empty) = match &event {
            Event::Start(s) => (Some(s.clone()), false),
            Event::Empty(s) => (Some(s.clone()), true),
            _ => (None, false),
        };
        if let Some(s) = start {
            let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
            let attrs = attributes(&s);
            let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let in_foreign = stack.iter().any(|e| e == "svg" || e == "math");
            if !in_foreign && name != "svg" && name != "math" {
                if !ALLOWED.contains(&name.as_str()) {
                    errors.push(format!("element <{name}>"));
                }
                for (k, _) in &attrs {
                    let obsolete = OBSOLETE_ATTRIBUTES.contains(&k.as_str())
                        && !(k == "type" && name == "ol")
                        && !(k == "type" && name == "link")
                        && !(k == "charset" && name == "meta");
                    if obsolete || k.starts_with("on") || k.starts_with("data-") {
                        errors.push(format!("attribute {k} on <{name}>"));
                    }
                    if (k == "width" || k == "height") && name != "img" && name != "video" {
                        errors.push(format!("attribute {k} on <{name}>"));
                    }
                }
                if get("lang") != get("xml:lang") {
                    errors.push(format!("<{name}> lang and xml:lang differ"));
                }
                if let Some(lang) = get("lang")
                    && unpress::lang::normalize(&lang).as_deref() != Some(lang.as_str())
                {
                    errors.push(format!("<{name} lang={lang}> is not canonical BCP 47"));
                }
                if let Some(parent) = stack.last() {
                    if BLOCKS.contains(&name.as_str())
                        && let Some(p) = stack
                            .iter()
                            .rev()
                            .find(|e| PHRASING_ONLY.contains(&e.as_str()))
                    {
                        errors.push(format!("<{name}> inside <{p}>"));
                    }
                    if (parent == "ul" || parent == "ol") && name != "li" {
                        errors.push(format!("<{name}> directly in <{parent}>"));
                    }
                    if name == "li" && !matches!(parent.as_str(), "ul" | "ol") {
                        errors.push(format!("<li> in <{parent}>"));
                    }
                }
                if name == "img" {
                    if get("alt").is_none() {
                        errors.push("img without alt".into());
                    }
                    if get("src").is_none_or(|s| s.trim().is_empty()) {
                        errors.push("img without src".into());
                    }
                }
            }
            if let Some(id) = get("id")
                && !ids.insert(id.clone())
            {
                errors.push(format!("duplicate id {id}"));
            }
            if let Some(href) = get("href")
                && let Some(frag) = href.strip_prefix('#')
            {
                fragment_links.push(frag.to_owned());
            }
            match name.as_str() {
                "html" => {
                    let lang = get("lang").unwrap_or_default();
                    if lang.is_empty() || get("xml:lang").as_deref() != Some(lang.as_str()) {
                        errors.push("root lang/xml:lang missing or different".into());
                    }
                    if get("xmlns").as_deref() != Some("http://www.w3.org/1999/xhtml")
                        || get("xmlns:epub").as_deref() != Some("http://www.idpf.org/2007/ops")
                    {
                        errors.push("root namespaces".into());
                    }
                    if unpress::lang::is_rtl(&lang) != (get("dir").as_deref() == Some("rtl")) {
                        errors.push(format!("dir does not match lang {lang}"));
                    }
                }
                "meta" => saw_charset |= get("charset").as_deref() == Some("utf-8"),
                "title" => in_title = !empty,
                "section" => saw_chapter |= get("epub:type").as_deref() == Some("chapter"),
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
        }
        match event {
            Event::Text(t) if in_title => {
                title = Some(t.decode().map(|c| c.into_owned()).unwrap_or_default());
            }
            Event::End(_) => {
                in_title = false;
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if title.is_none_or(|t| t.trim().is_empty()) {
        errors.push("empty title".into());
    }
    if !saw_charset {
        errors.push("no meta charset".into());
    }
    if !saw_chapter {
        errors.push("no section epub:type=chapter".into());
    }
    for frag in fragment_links {
        if !ids.contains(&frag) {
            errors.push(format!("link to missing #{frag}"));
        }
    }
    errors
}

fn attributes(s: &BytesStart<'_>) -> Vec<(String, String)> {
    s.attributes()
        .flatten()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                a.unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// The per-document XHTML and the book chapter of `doc`, rules on and off.
fn outputs(doc: &unpress::Document, what: &str) -> Vec<(String, String)> {
    let link_all = |kind: Kind, url: &str| match kind {
        Kind::Image | Kind::Media if url.starts_with("http") => Target::Link(url.to_owned()),
        Kind::Link if url.starts_with("http") => Target::Url(url.to_owned()),
        _ => Target::Text,
    };
    let mut out = Vec::new();
    for (label, rules) in [("rules", RuleSet::all()), ("no-rules", RuleSet::none())] {
        let mut opts = Options::default();
        opts.rewrite.rules = rules;
        let fragment = match rewrite::rewrite(&doc.body, &opts.rewrite) {
            Ok(r) => r.fragment,
            Err(e) => panic!("{what}: {e}"),
        };
        let plain = XhtmlOptions::default();
        out.push((
            format!("{what} [{label}]"),
            xhtml::write(doc, &fragment, &plain),
        ));
        let chapter = XhtmlOptions {
            stylesheet: Some("style.css".into()),
            ..XhtmlOptions::default()
        };
        let hooks = Hooks {
            resolver: Some(&link_all),
            lang: None,
        };
        out.push((
            format!("{what} [{label}, chapter]"),
            xhtml::write_with(doc, &fragment, &chapter, &hooks).xhtml,
        ));
    }
    out
}

fn check_all(docs: Vec<(String, unpress::Document)>) -> usize {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (what, doc) in docs {
        for (label, x) in outputs(&doc, &what) {
            checked += 1;
            let errors = profile_errors(&x);
            if !errors.is_empty() {
                failures.push(format!("{label}:\n  {}", errors.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

/// The documents of `inputs`, named by path.
fn read_all(inputs: Vec<PathBuf>) -> Vec<(String, unpress::Document)> {
    inputs
        .into_iter()
        .map(|p| {
            let doc = read::read_file(&p, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), doc)
        })
        .collect()
}

#[test]
fn every_fixture_meets_the_profile() {
    let docs = read_all(support::fixture_inputs());
    assert!(docs.len() >= 20, "only {} inputs", docs.len());
    assert!(check_all(docs) >= 80);
}

#[cfg(feature = "corpus")]
#[test]
fn every_corpus_post_meets_the_profile() {
    let docs = read_all(support::corpus_posts());
    assert!(docs.len() >= 29, "only {} inputs", docs.len());
    assert!(check_all(docs) >= 116);
}

/// Markup a 2005 blog could hold, which the rules do not all clean.
const HOSTILE: &str = r##"<center>c</center><font color="red" face="x" size="3">f</font><big>b</big>
<tt>t</tt><strike>s</strike><acronym title="x">A</acronym><marquee>m</marquee><blink>k</blink>
<p align="center">p</p><table border="1" bgcolor="#fff" cellpadding="2" width="100"><tr><td valign="top" nowrap bgcolor="red" colspan="x">x</td></tr></table>
<img src="a.png" border="0" align="left" hspace="3"><img alt="no src"><iframe frameborder="0" src="https://example.com/x"></iframe>
<p>para <div>div in p</div> after</p><h2>h <div>block in heading</div></h2><span><p>p in span</p></span><b><ul><li>list in b</li></ul></b>
<p id="a">x</p><p id="a">y</p><p id="1 b">z</p><a href="#a">link</a><a href="#gone">gone</a><a name="old">anchor</a><a href="#old">to anchor</a>
<p>nbsp&nbsp;here &copy; &#1; &#xFFFE;</p><ul type="disc">loose text<li>x</li><p>p in ul</p></ul><hr noshade size="2"><br clear="all">
<basefont size=3><dir><li>d</li></dir><xmp>x<y</xmp><nobr>n</nobr><spacer type="block"><u>u</u>
<dl><dt>t</dt></dl><dl><dt>t</dt><dd>d</dd></dl><li>stray item</li><figure><figcaption>a</figcaption><img src="b.png" alt=""><figcaption>second</figcaption><p>after</p></figure>
<p lang="EN_us" dir="sideways" style="color:red" data-x="1" onclick="x()">lang</p><p lang="english">bad lang</p><time>yesterday</time><time datetime="2020-01-02">then</time>
<video src="https://example.com/v.mp4" controls width="300"></video><audio src="a.mp3"></audio><o:p>word</o:p><custom-el>custom</custom-el>
<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><menu><li>m</li></menu><address><h3>addr</h3></address><plaintext>rest <b>as text"##;

#[test]
fn hostile_markup_meets_the_profile() {
    let mut docs = Vec::new();
    for (i, body) in [
        HOSTILE,
        "",
        "plain text only",
        "<h1 id=x>same</h1><h1 id=x>same</h1>",
    ]
    .iter()
    .enumerate()
    {
        let doc = read::read_str(unpress::Source::Text, body, &Default::default())
            .unwrap_or_else(|e| panic!("hostile {i}: {e}"));
        docs.push((format!("hostile {i}"), doc));
    }
    let rtl = read::read_str(
        unpress::Source::Text,
        "---\nlang: ar_EG\n---\n<p dir=rtl>مرحبا</p>",
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    docs.push(("arabic".into(), rtl));
    check_all(docs);
}

#[test]
fn the_checker_catches_what_it_should() {
    let ok = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\"><head><meta charset=\"utf-8\"/><title>T</title></head><body><section epub:type=\"chapter\"><h1>T</h1>BODY</section></body></html>";
    assert_eq!(
        profile_errors(&ok.replace("BODY", "<p>x</p>")),
        Vec::<String>::new()
    );
    for bad in [
        "<p>&nbsp;</p>",
        "<img src=\"a\"/>",
        "<p id=\"a\"></p><p id=\"a\"></p>",
        "<center>x</center>",
        "<p align=\"left\">x</p>",
        "<p><div>x</div></p>",
        "<a href=\"#nope\">x</a>",
        "<ul><p>x</p></ul>",
        "<p lang=\"en\">x</p>",
    ] {
        assert!(
            !profile_errors(&ok.replace("BODY", bad)).is_empty(),
            "not caught: {bad}"
        );
    }
    let _ = Path::new(".");
}

/// `--comments`: every export item with approved comments, in every one
/// of `exports` (at least `min` of them), shows them after its content,
/// and the document still meets the profile (the comments' HTML goes
/// through the same rewrite and walk as the body; their ids are unique
/// with the content's).
fn export_comments_meet_the_profile_in(exports: &[PathBuf], min: usize) {
    use unpress::Format;
    use unpress::read::wxr;

    // What `--comments` sets.
    let mut options = unpress::Options::default();
    options.markdown.comments = true;
    options.xhtml.comments = true;
    let wxr_options = wxr::WxrOptions::default();
    let mut failures = Vec::new();
    let mut with_comments = 0;
    for path in exports {
        let rel = path.display();
        let export = wxr::scan(path, &wxr_options).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for entry in export.documents().expect("second pass") {
            let doc = entry.unwrap_or_else(|e| panic!("{rel}: {e}")).document;
            let approved = doc.comments.len();
            let out = unpress::convert_document(&doc, &[Format::Xhtml], &options)
                .unwrap_or_else(|e| panic!("{}: {e}", doc.source));
            let x = out.get(Format::Xhtml).expect("xhtml");
            let articles = x.matches("<article class=\"comment").count();
            if articles != approved {
                failures.push(format!("{}: {articles} of {approved} comments", doc.source));
            }
            if approved > 0 {
                with_comments += 1;
                let errors = profile_errors(x);
                if !errors.is_empty() {
                    failures.push(format!("{}:\n  {}", doc.source, errors.join("\n  ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        with_comments >= min,
        "only {with_comments} posts with comments"
    );
}

#[test]
fn export_comments_meet_the_profile() {
    export_comments_meet_the_profile_in(&[support::repo("tests/data/wxr/every-field.xml")], 1);
}

/// Every WXR file of the theme test data and wptest.
#[cfg(feature = "corpus")]
#[test]
fn export_comments_of_the_corpus_meet_the_profile() {
    let exports: Vec<PathBuf> = [
        "wp-theme-test-data/themeunittestdata.wordpress.xml",
        "wp-theme-test-data/64-block-test-data.xml",
        "wp-theme-test-data/theme-preview.xml",
        "wptest/wptest.xml",
    ]
    .iter()
    .map(|rel| support::corpus().join(rel))
    .collect();
    export_comments_meet_the_profile_in(&exports, 8);
}

/// The XHTML of the export item titled `title`, with its comments: no
/// comments section without `--comments`, and the profile met with them.
fn xhtml_with_comments(path: &std::path::Path, title: &str) -> String {
    use unpress::read::wxr::{self, WxrOptions};
    use unpress::{Format, Options};

    let export = wxr::scan(path, &WxrOptions::default()).expect("scan");
    let doc = export
        .documents()
        .expect("second pass")
        .flatten()
        .map(|d| d.document)
        .find(|d| d.meta.title.as_deref() == Some(title))
        .unwrap_or_else(|| panic!("{title}"));
    let mut opts = Options::default();
    let plain = unpress::convert_document(&doc, &[Format::Xhtml], &opts).expect("convert");
    assert!(
        !plain
            .get(Format::Xhtml)
            .unwrap()
            .contains("class=\"comments\"")
    );
    opts.xhtml.comments = true;
    let out = unpress::convert_document(&doc, &[Format::Xhtml], &opts).expect("convert");
    let x = out.get(Format::Xhtml).unwrap().to_owned();
    assert_eq!(profile_errors(&x), Vec::<String>::new());
    x
}

/// The comments of the export written for the tests: a reply inside the
/// comment it answers, each with its author, link and date.
#[test]
fn export_comments_are_threaded() {
    let x = &xhtml_with_comments(
        &support::repo("tests/data/wxr/every-field.xml"),
        "A meadow in March",
    );
    assert_eq!(x.matches("<article class=\"comment\"").count(), 2, "{x}");
    // The reply (21) opens before its parent (20) closes.
    let thread = &x[x.find("id=\"comment-20\"").expect("20")..];
    let before_close = &thread[..thread.find("</article>").expect("close")];
    assert_eq!(
        before_close.matches("<article").count(),
        1,
        "{before_close}"
    );
    assert!(
        before_close.contains("<p>White, yes.</p>"),
        "{before_close}"
    );
    assert!(thread.contains(
        "<p class=\"comment-meta\"><a href=\"https://bea.example.org/\">Bea</a> \
         <time datetime=\"2019-03-04T11:00:00Z\">2019-03-04 11:00 UTC</time></p>\n<p>Lovely clover.<br/>"
    ));
    assert!(thread.contains(
        "<p class=\"comment-meta\">Ada L. <time datetime=\"2019-03-04T12:00:00Z\">2019-03-04 12:00 UTC</time></p>"
    ));
    // The comments come after the content, inside the chapter.
    let content = x.find("<h2>Comments</h2>").expect("heading");
    assert!(x[..content].contains("<section class=\"comments\" id=\"comments\">"));
    assert!(x[content..].ends_with("</article>\n</section>\n</section>\n</body>\n</html>\n"));
}

/// "Template: Comments" of the theme unit test: 19 approved comments (the
/// unapproved one is left out), a thread ten deep written as nested
/// articles, and the authors, links and dates of each.
#[cfg(feature = "corpus")]
#[test]
fn theme_unit_comments_are_threaded() {
    let x = &xhtml_with_comments(
        &support::corpus().join("wp-theme-test-data/themeunittestdata.wordpress.xml"),
        "Template: Comments",
    );
    assert_eq!(x.matches("<article class=\"comment\"").count(), 19, "{x}");
    assert!(!x.contains("Feeling testy"), "unapproved comment shown");
    // Depth 01 holds 02 ... holds 10: ten articles open before one closes.
    let thread = &x[x.find("id=\"comment-904\"").expect("904")..];
    let before_close = &thread[..thread.find("</article>").expect("close")];
    assert_eq!(
        before_close.matches("<article").count(),
        9,
        "{before_close}"
    );
    assert!(before_close.contains("<p>Comment Depth 10</p>"));
    assert!(thread.contains(
        "<p class=\"comment-meta\"><a href=\"http://example.org/\">Jane Bloggs</a> \
         <time datetime=\"2013-03-14T15:01:21Z\">2013-03-14 15:01 UTC</time></p>\n<p>Comment Depth 02</p>"
    ));
    // The comments come after the content, inside the chapter.
    let content = x.find("<h2>Comments</h2>").expect("heading");
    assert!(x[..content].contains("<section class=\"comments\" id=\"comments\">"));
    assert!(x[content..].ends_with("</article>\n</section>\n</section>\n</body>\n</html>\n"));
}
