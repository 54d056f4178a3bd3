//! Regression tests of the security issue, named after its holes.
//!
//! Every field of an input is attacker-controlled, and the output is
//! published by site generators (Jekyll, Hugo, Hexo), which print front
//! matter values as HTML and read a file's first lines as front matter.
//!
//! - Hole 3, script in front matter: the strings outside the body
//!   (excerpt, description, comments, custom fields, any front matter
//!   value) reach every format cleaned by the body's sanitizer.
//! - Hole 4, front matter injected from a body: a Markdown file without
//!   front matter of its own can never be read as having some, and one
//!   with front matter cannot have it closed early.
//!
//! The judges are independent of the code under test: html5ever parses
//! what a template would print, comrak renders the Markdown (raw HTML
//! on), serde_yaml and serde_json read the metadata back, and the three
//! generators' front matter rules are re-implemented here from their
//! sources.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::{Map, Value};
use unpress::document::{Document, Source};
use unpress::html::fragment::{Namespace, NodeData};
use unpress::{Format, Options};

use crate::support;

// ---- judges: what a page would run ------------------------------------------

/// The test's own reading of a URL's scheme: references and
/// percent-escapes undone, whitespace and controls dropped, lower-cased.
fn runs_code(url: &str) -> bool {
    let mut s = url.to_lowercase();
    for (from, to) in [
        ("&colon;", ":"),
        ("&#58;", ":"),
        ("&#x3a;", ":"),
        ("%3a", ":"),
    ] {
        s = s.replace(from, to);
    }
    let squashed: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    [
        "javascript:",
        "vbscript:",
        "livescript:",
        "data:text",
        "data:image/svg",
    ]
    .iter()
    .any(|p| squashed.starts_with(p))
}

/// What is dangerous in `html` once a browser (html5ever) parses it: an
/// element that runs or loads code, an event handler, a URL that runs
/// code, an SVG animation (it can rewrite a link's URL).
fn hazards(html: &str) -> Vec<String> {
    let f = support::fragment_from_html(html);
    let mut found = Vec::new();
    for id in f.descendants(f.root()) {
        let NodeData::Element(e) = f.data(id) else {
            continue;
        };
        let name = e.name.to_ascii_lowercase();
        if [
            "script", "iframe", "object", "embed", "base", "meta", "style", "form", "frame",
        ]
        .contains(&name.as_str())
        {
            found.push(format!("<{name}>"));
        }
        if e.namespace == Namespace::Svg
            && ["animate", "set", "animatemotion", "animatetransform"].contains(&name.as_str())
        {
            found.push(format!("svg <{name}>"));
        }
        for (attr, value) in &e.attrs {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" || attr == "formaction" {
                found.push(format!("{name} {attr}"));
            }
            if ["href", "src", "xlink:href", "action", "poster", "cite"].contains(&attr.as_str())
                && runs_code(value)
            {
                found.push(format!("{name} {attr}={value}"));
            }
        }
    }
    found
}

/// Every string in a JSON value (keys included), with where it is.
fn strings(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), v)];
    while let Some((path, v)) = todo.pop() {
        match v {
            Value::String(s) => out.push((path, s.clone())),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    todo.push((format!("{path}[{i}]"), item));
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    out.push((format!("{path} (key)"), k.clone()));
                    todo.push((format!("{path}.{k}"), item));
                }
            }
            _ => {}
        }
    }
    out
}

/// Panics when any string of `v`, printed as HTML by a template or used
/// as a link, would run code.
fn assert_harmless(what: &str, v: &Value) {
    let mut bad = Vec::new();
    for (path, s) in strings(v) {
        let found = hazards(&s);
        if !found.is_empty() {
            bad.push(format!("{path}: {s:?}: {}", found.join(", ")));
        }
        if runs_code(s.trim()) {
            bad.push(format!("{path}: {s:?}: a URL that runs code"));
        }
    }
    assert!(bad.is_empty(), "{what}:\n{}", bad.join("\n"));
}

/// The front matter block of a Markdown file, as YAML text, if it starts
/// with one (`---` line, YAML, `---` line).
fn yaml_block(md: &str) -> Option<&str> {
    let rest = md.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[..end + 1])
}

/// The front matter of a Markdown file read back by serde_yaml.
fn front_matter(md: &str) -> Map<String, Value> {
    let yaml = yaml_block(md).unwrap_or_else(|| panic!("no front matter:\n{md}"));
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}:\n{yaml}"))
}

/// The Markdown's front matter and its rendered body (comrak, raw HTML
/// passed through) are both harmless.
fn assert_markdown_harmless(what: &str, md: &str) {
    if yaml_block(md).is_some() {
        assert_harmless(
            &format!("{what}: front matter"),
            &Value::Object(front_matter(md)),
        );
    }
    let html = support::render(md);
    let found = hazards(&html);
    assert!(found.is_empty(), "{what}: {found:?}\n{html}");
}

// ---- the three generators' front matter, re-implemented -------------------

/// Jekyll (`Utils.has_yaml_header?` and `Document::YAML_FRONT_MATTER_REGEXP`,
/// jekyll/utils.rb and jekyll/document.rb): a file whose first line is
/// `---` (then white space) has front matter up to the next line that is
/// `---` or `...` (then white space).
fn jekyll(md: &str) -> Option<String> {
    let (first, rest) = md.split_once('\n')?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut data = String::new();
    for line in rest.split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some(data);
        }
        data.push_str(line);
    }
    None
}

#[derive(Debug, PartialEq)]
enum Hugo {
    /// The body starts with no front matter.
    None,
    /// Front matter (YAML, TOML, JSON or Org), its text.
    FrontMatter(String),
    /// The page fails to build (`invalid YAML delimiter`, ...).
    Error,
}

/// Hugo (`lexIntroSection`, parser/pageparser/pagelexer_intro.go): white
/// space, byte order marks and lines starting with `<!--` are skipped;
/// then `+++`/`---` open TOML/YAML front matter up to a line starting with
/// the same, `{` opens JSON front matter, `#+` Org-mode front matter.
fn hugo(md: &str) -> Hugo {
    let mut at = 0;
    while let Some(c) = md[at..].chars().next() {
        match c {
            ' ' | '\t' | '\r' | '\n' | '\u{feff}' => at += c.len_utf8(),
            '<' if md[at..].starts_with("<!--") => {
                at = md[at..].find('\n').map_or(md.len(), |n| at + n + 1);
            }
            '+' | '-' => {
                let delim = if c == '+' { "+++" } else { "---" };
                if !md[at..].starts_with(delim) {
                    return Hugo::Error;
                }
                let body = &md[at + 3..];
                return match body.find(&format!("\n{delim}")) {
                    Some(end) => Hugo::FrontMatter(body[..end + 1].to_owned()),
                    None => Hugo::Error,
                };
            }
            '{' => return Hugo::FrontMatter(md[at..].to_owned()),
            '#' if md[at..].starts_with("#+") => return Hugo::FrontMatter(md[at..].to_owned()),
            _ => return Hugo::None,
        }
    }
    Hugo::None
}

/// Hexo (hexo-front-matter's `split`, lib/front_matter.ts): a first line
/// of three or more `-` or `;` opens front matter closed by the next line
/// starting with the same run; otherwise, unless the file starts with such
/// a run, everything before the first later line starting with `---` or
/// `;;;` is front matter, with no opening separator at all.
fn hexo(md: &str) -> Option<String> {
    let is_run =
        |s: &str| s.len() >= 3 && (s.bytes().all(|b| b == b'-') || s.bytes().all(|b| b == b';'));
    if let Some((first, rest)) = md.split_once('\n')
        && is_run(first)
    {
        // `([\s\S]+?)\n\1`: at least one character of data.
        let close = format!("\n{first}");
        if let Some(end) = rest.get(1..).and_then(|r| r.find(&close)) {
            return Some(rest[..end + 1].to_owned());
        }
    }
    if md.starts_with("---") || md.starts_with(";;;") {
        return None;
    }
    let mut at = 0;
    while let Some(nl) = md[at..].find('\n') {
        let line_start = at + nl + 1;
        if line_start > 1
            && (md[line_start..].starts_with("---") || md[line_start..].starts_with(";;;"))
        {
            return Some(md[..at + nl].to_owned());
        }
        at = line_start;
    }
    None
}

/// No generator reads front matter in a Markdown file that has none.
fn assert_no_front_matter(what: &str, md: &str) {
    assert_eq!(
        jekyll(md),
        None,
        "{what}: Jekyll reads front matter in\n{md}"
    );
    assert!(
        !matches!(hugo(md), Hugo::FrontMatter(_)),
        "{what}: Hugo reads front matter ({:?}) in\n{md}",
        hugo(md)
    );
    assert_eq!(hexo(md), None, "{what}: Hexo reads front matter in\n{md}");
}

/// Every generator reads exactly `want` as the front matter of `md`.
fn assert_front_matter_is(what: &str, md: &str, want: &Map<String, Value>) {
    let parse = |who: &str, yaml: Option<String>| -> Map<String, Value> {
        let yaml = yaml.unwrap_or_else(|| panic!("{what}: {who} finds no front matter in\n{md}"));
        serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{what}: {who}: {e}\n{yaml}"))
    };
    assert_eq!(&parse("Jekyll", jekyll(md)), want, "{what}: Jekyll\n{md}");
    let hugo = match hugo(md) {
        Hugo::FrontMatter(yaml) => Some(yaml),
        _ => None,
    };
    assert_eq!(&parse("Hugo", hugo), want, "{what}: Hugo\n{md}");
    assert_eq!(&parse("Hexo", hexo(md)), want, "{what}: Hexo\n{md}");
}

// ---- running unpress ----------------------------------------------------------

fn convert(post: &str, formats: &[Format]) -> unpress::Outputs {
    unpress::convert(post, formats, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn markdown(post: &str) -> String {
    convert(post, &[Format::Markdown])
        .get(Format::Markdown)
        .unwrap_or_default()
        .to_owned()
}

fn json(post: &str) -> Value {
    let out = convert(post, &[Format::Json]);
    serde_json::from_str(out.get(Format::Json).unwrap_or_default()).expect("JSON parses")
}

/// A WordPress export of `items`, written to `dir/site.xml`, converted by
/// the built binary with `args` into `dir/out`; the outputs by extension.
fn convert_export(dir: &Path, items: &str, args: &[&str]) -> Vec<(String, String)> {
    let export = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Site</title><link>https://example.com</link>{items}</channel></rss>"
    );
    fs::write(dir.join("site.xml"), export).expect("write the export");
    let out: Output = support::unpress()
        .current_dir(dir)
        .args(["site.xml", "-q", "-o", "out"])
        .args(args)
        .output()
        .expect("run unpress");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir.join("out"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default();
            (ext, fs::read_to_string(e.path()).expect("read an output"))
        })
        .collect();
    files.sort();
    files
}

/// One published post of an export, with `extra` elements in its item.
fn item(extra: &str) -> String {
    format!(
        "<item><title>Hello</title><link>https://example.com/hello/</link>\
         <dc:creator>admin</dc:creator><wp:post_id>1</wp:post_id>\
         <wp:post_name>hello</wp:post_name><wp:post_type>post</wp:post_type>\
         <wp:status>publish</wp:status><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>\
         <content:encoded><![CDATA[<p>Body</p>]]></content:encoded>{extra}</item>"
    )
}

// ---- hole 3: script in front matter --------------------------------------------

#[test]
fn hole3_wxr_excerpt_with_script_or_event_handler_is_sanitized() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let excerpt = "<excerpt:encoded><![CDATA[<img src=x onerror=alert(1)><script>alert(2)</script>Read <b>on</b>]]></excerpt:encoded>";
    let files = convert_export(tmp.path(), &item(excerpt), &["-t", "md,json,xhtml"]);
    assert_eq!(files.len(), 3, "{files:?}");
    for (ext, text) in &files {
        match ext.as_str() {
            "md" => {
                assert_markdown_harmless("md", text);
                let fm = front_matter(text);
                // The harmless rest of the excerpt is kept, as HTML.
                assert_eq!(fm["excerpt"], "<img src=\"x\">Read <b>on</b>", "{text}");
            }
            "json" => {
                let v: Value = serde_json::from_str(text).expect("JSON parses");
                assert_harmless("json", &v);
                assert_eq!(
                    v["front_matter"]["excerpt"],
                    "<img src=\"x\">Read <b>on</b>"
                );
                assert!(
                    v["warnings"].as_array().is_some_and(|w| w
                        .iter()
                        .any(|w| w.as_str().is_some_and(|w| w.contains("excerpt")))),
                    "{v}"
                );
            }
            _ => {
                let found = hazards(text);
                assert!(found.is_empty(), "{found:?}\n{text}");
            }
        }
    }
}

#[test]
fn hole3_wxr_comments_are_sanitized_in_json_and_in_markdown_with_comments() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let comment = "<wp:comment><wp:comment_id>5</wp:comment_id>\
        <wp:comment_author><![CDATA[<img src=x onerror=alert(3)>Eve]]></wp:comment_author>\
        <wp:comment_author_url>javascript:alert(4)</wp:comment_author_url>\
        <wp:comment_date_gmt>2020-01-02 00:00:00</wp:comment_date_gmt>\
        <wp:comment_content><![CDATA[Nice<script>alert(5)</script> post, <a href=\"java&#x09;script:alert(6)\">see</a>]]></wp:comment_content>\
        <wp:comment_approved>1</wp:comment_approved></wp:comment>\
        <wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_author>Bo</wp:comment_author>\
        <wp:comment_author_url>https://bo.example/</wp:comment_author_url>\
        <wp:comment_content>Fine</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>";
    let meta = "<wp:postmeta><wp:meta_key>subtitle</wp:meta_key>\
        <wp:meta_value><![CDATA[<iframe src=//evil.example></iframe>Sub]]></wp:meta_value></wp:postmeta>";
    let files = convert_export(
        tmp.path(),
        &item(&format!("{comment}{meta}")),
        &["--comments", "-t", "md,json,xhtml"],
    );
    assert_eq!(files.len(), 3, "{files:?}");
    for (ext, text) in &files {
        let fm = match ext.as_str() {
            "md" => {
                assert_markdown_harmless("md", text);
                front_matter(text)
            }
            "json" => {
                let v: Value = serde_json::from_str(text).expect("JSON parses");
                assert_harmless("json", &v);
                v["front_matter"].as_object().cloned().unwrap_or_default()
            }
            _ => {
                let found = hazards(text);
                assert!(found.is_empty(), "{found:?}\n{text}");
                assert!(!text.contains("javascript"), "{text}");
                continue;
            }
        };
        let comments = fm["comments"].as_array().cloned().unwrap_or_default();
        assert_eq!(comments.len(), 2, "{ext}: {fm:?}");
        // The unsafe URL is gone; the text and the name keep what is
        // harmless; the other comment is as it was.
        assert_eq!(comments[0].get("author_url"), None, "{ext}");
        assert_eq!(comments[0]["author"], "<img src=\"x\">Eve", "{ext}");
        let text = comments[0]["text"].as_str().unwrap_or_default();
        assert!(text.contains("Nice post, <a>see</a>"), "{ext}: {text}");
        assert_eq!(comments[1]["author_url"], "https://bo.example/", "{ext}");
        assert_eq!(comments[1]["author"], "Bo", "{ext}");
        assert_eq!(fm["custom_fields"]["subtitle"], "Sub", "{ext}");
    }
}

#[test]
fn hole3_front_matter_description_and_nested_custom_fields_are_sanitized() {
    let post = "---\n\
        title: Hi\n\
        description: <svg onload=alert(1)>\n\
        links:\n  home: javascript:alert(1)\n  list: [\"<a href='javascript:alert(2)'>x</a>\", ok]\n\
        custom:\n  deep:\n    deeper: '<img src=x onerror=alert(3)>'\n    image: ' JaVa&#83;cript:alert(4)'\n\
        permalink: 'javascript:alert(5)'\n\
        note: 'vbscript:msgbox(6)'\n\
        '<img src=x onerror=alert(7)>': a key\n\
        ---\n<p>Body</p>";
    let md = markdown(post);
    assert_markdown_harmless("md", &md);
    let fm = front_matter(&md);
    assert_eq!(fm["title"], "Hi");
    assert_eq!(fm["description"], "<svg></svg>");
    assert_eq!(fm["links"]["list"][0], "<a>x</a>");
    assert_eq!(fm["links"]["list"][1], "ok");
    assert_eq!(fm["links"].get("home"), None, "{md}");
    assert_eq!(fm["custom"]["deep"]["deeper"], "<img src=\"x\">");
    assert_eq!(fm["custom"]["deep"].get("image"), None, "{md}");
    assert_eq!(fm.get("permalink"), None, "{md}");
    assert_eq!(fm.get("note"), None, "{md}");
    assert_eq!(fm.len(), 4, "{md}");
    // Every string of the JSON is judged, the warnings' too.
    let v = json(post);
    assert_harmless("json", &v);
    assert_eq!(v["description"], "<svg></svg>");
    assert_eq!(v["front_matter"], Value::Object(fm));
}

#[test]
fn hole3_page_head_metadata_is_sanitized() {
    // A page without front matter: its typed metadata is the Markdown's
    // front matter.
    let page = "<!doctype html><html><head><title>T</title>\
        <meta name=\"description\" content=\"&lt;img src=x onerror=alert(1)&gt;D\">\
        <meta name=\"author\" content=\"&lt;script&gt;alert(2)&lt;/script&gt;Ann\"></head>\
        <body><p>x</p></body></html>";
    let md = markdown(page);
    assert_markdown_harmless("md", &md);
    let fm = front_matter(&md);
    assert_eq!(fm["description"], "<img src=\"x\">D");
    assert_eq!(fm["author"], "Ann");
    let v = json(page);
    assert_harmless("json", &v);
    assert_eq!(v["author"], "Ann");
}

#[test]
fn hole3_fields_printed_side_by_side_cannot_combine_into_script() {
    // Each value alone holds nothing the sanitizer removes, but a template
    // printing one after the other (`<p>{{ description }} {{ title }}</p>`)
    // would run the script: the first ends inside a tag (the second
    // becomes its attributes), or leaves an `<svg>` open (the second
    // becomes SVG, where `<animate>` rewrites the link).
    for (first, second) in [
        ("<img src=x alt=\"", "\" onerror=alert(1) y="),
        (
            "<svg>",
            "<a><animate attributeName=href values=javascript:alert(2) /><text y=9>go</text></a>",
        ),
    ] {
        let post = format!(
            "---\ndescription: {}\ntitle: {}\n---\n<p>x</p>",
            serde_json::to_string(first).unwrap_or_default(),
            serde_json::to_string(second).unwrap_or_default()
        );
        let v = json(&post);
        let fm = &v["front_matter"];
        let page = |d: &str, t: &str| format!("<p>{d} {t}</p>");
        let printed = page(
            fm["description"].as_str().unwrap_or_default(),
            fm["title"].as_str().unwrap_or_default(),
        );
        let found = hazards(&printed);
        assert!(
            found.is_empty(),
            "{first} + {second}: {found:?} in {printed}"
        );
        // The values as given do make a dangerous page: the judge bites.
        assert!(
            !hazards(&page(first, second)).is_empty(),
            "{first} + {second}"
        );
    }
}

#[test]
fn hole3_benign_values_with_angle_brackets_stay_byte_identical() {
    let post = "---\n\
        title: Why a < b\n\
        description: How to use the <code> tag\n\
        summary: '<b>bold</b> & <em>it</em>, 3 > 2'\n\
        site: 'https://example.com/a:b?x=javascript:'\n\
        note: 'JavaScript: the good parts'\n\
        logo: data:image/png;base64,iVBORw0KGgo=\n\
        tags: [c++, <html>]\n\
        ---\n<p>x</p>";
    let given: Map<String, Value> =
        serde_yaml::from_str(post.split("---\n").nth(1).unwrap_or_default()).expect("YAML");
    let md = markdown(post);
    assert_eq!(front_matter(&md), given, "{md}");
    let out = convert(post, &[Format::Json]);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let v: Value = serde_json::from_str(out.get(Format::Json).unwrap_or_default()).expect("JSON");
    assert_eq!(v["front_matter"], Value::Object(given));
    assert_eq!(v["title"], "Why a < b");
    assert_eq!(v["description"], "How to use the <code> tag");
}

// ---- hole 4: front matter injected from a body ----------------------------------

#[test]
fn hole4_hr_and_key_paragraphs_are_not_front_matter() {
    let body = "<hr><p>title: injected</p><p>permalink: /index.html</p><hr><p>rest</p>";
    let md = markdown(body);
    assert_no_front_matter("hr block", &md);
    // Rendered, it is what the HTML said: two breaks, three paragraphs.
    let html = support::render(&md);
    assert_eq!(html.matches("<hr />").count(), 2, "{html}");
    assert!(html.contains("<p>title: injected</p>"), "{html}");
    // Without the leading break, Hexo takes everything before the first
    // `---` line as YAML.
    let md = markdown("<p>title: injected</p><p>permalink: /index.html</p><hr><p>rest</p>");
    assert_no_front_matter("hexo without opening separator", &md);
}

#[test]
fn hole4_leading_toml_json_semicolon_and_org_blocks_are_not_front_matter() {
    for (what, body, shown) in [
        (
            "toml",
            "<p>+++</p><p>title = \"injected\"</p><p>+++</p><p>rest</p>",
            "<p>+++</p>",
        ),
        (
            "json",
            "<p>{\"title\": \"injected\", \"permalink\": \"/index.html\"}</p>",
            "<p>{&quot;title&quot;",
        ),
        (
            "semicolons",
            "<p>\"title\": \"injected\"</p><p>;;;</p><p>rest</p>",
            "<p>;;;</p>",
        ),
        (
            "semicolons with an opening line",
            "<p>;;;</p><p>\"title\": \"injected\"</p><p>;;;</p>",
            "<p>;;;</p>",
        ),
        (
            "org",
            "<p>#+title: injected</p>",
            "<p>#+title: injected</p>",
        ),
        (
            "after a more marker",
            "<!--more--><p>+++</p><p>title = \"x\"</p><p>+++</p>",
            "<p>+++</p>",
        ),
        (
            "dashes starting a line",
            "<p>a: b</p><p>----- Original Message -----</p>",
            "<p>----- Original Message -----</p>",
        ),
    ] {
        let md = markdown(body);
        assert_no_front_matter(what, &md);
        let html = support::render(&md);
        assert!(html.contains(shown), "{what}: {shown} not in\n{html}\n{md}");
    }
}

#[test]
fn hole4_separator_lines_inside_code_and_html_blocks_are_not_front_matter() {
    for (what, body, text) in [
        (
            "code",
            "<p>title: injected</p><pre><code class=\"language-yaml\">a: b\n---\n;;;\nc: d\n</code></pre>",
            "a: b\n---\n;;;\nc: d\n",
        ),
        (
            "pre with markup",
            "<p>title: x</p><pre>a\n---<b>b</b>\n</pre>",
            "a\n---b\n",
        ),
        (
            "paragraph lines",
            "<p>title: x</p><div>a\n---\nb</div>",
            "a\n---\nb",
        ),
        (
            "html block text",
            "<p>title: x</p><div lang=\"fr\">a\n---\n;;;</div>",
            "a\n---\n;;;",
        ),
        (
            "xmp, raw text",
            "<p>title: x</p><xmp>\na\n---\n</xmp>",
            "\na\n---\n",
        ),
    ] {
        let md = markdown(body);
        assert_no_front_matter(what, &md);
        let html = support::render(&md);
        let got = support::fragment_from_html(&html);
        let all = got.text_content(got.root());
        // The text is as given: escaped for the generators, not for a
        // reader.
        assert!(all.contains(text), "{what}: {text:?} not in {all:?}\n{md}");
        assert!(!all.contains(['\\', '&']), "{what}: {all:?}\n{md}");
    }
}

#[test]
fn hole4_front_matter_is_never_closed_early() {
    let nasty = [
        "---",
        "...",
        "+++",
        ";;;",
        "a\n---\nb",
        "\n---\n",
        "---\n...",
        "--- x",
        "---x",
        "...x",
        "x\n...\n",
        "  ---",
        "\t---",
        "---\r\n",
    ];
    let mut fm = Map::new();
    for (i, s) in nasty.iter().enumerate() {
        fm.insert(format!("v{i}"), Value::String((*s).to_owned()));
        fm.insert((*s).to_owned(), Value::from(i));
        fm.insert(
            format!("l{i}"),
            Value::Array(vec![Value::String((*s).to_owned()), Value::Null]),
        );
        let mut inner = Map::new();
        inner.insert((*s).to_owned(), Value::String((*s).to_owned()));
        fm.insert(format!("m{i}"), Value::Object(inner));
    }
    let mut doc = Document::from_html(Source::Text, "<hr><p>title: injected</p><hr>");
    doc.front_matter = Some(fm.clone());
    let out = unpress::convert_document(&doc, &[Format::Markdown], &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let md = out.get(Format::Markdown).unwrap_or_default();
    assert_front_matter_is("nasty values", md, &fm);
}

#[test]
fn hole4_a_post_with_front_matter_keeps_its_dashes() {
    // Its own front matter comes first, so nothing in the body can be read
    // as front matter: thematic breaks stay `---`, as before.
    let md = markdown("---\ntitle: T\n---\n<hr><p>a</p><hr><p>b</p>");
    assert_eq!(md, "---\ntitle: T\n---\n\n---\n\na\n\n---\n\nb\n");
    let mut want = Map::new();
    want.insert("title".into(), Value::String("T".into()));
    assert_front_matter_is("own front matter", &md, &want);
}
