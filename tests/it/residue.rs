//! No WordPress residue survives (issue 4): in the parsed XHTML and in the
//! parsed JSON `html` of every corpus document, no element has a `wp-*`,
//! `wp-block-*`, `wp-caption*`, `size-*` or `align*` class, or a `data-*`,
//! `srcset`, `sizes`, `loading` or `referrerpolicy` attribute; no `wp:`
//! block comment survives; and the text holds no `[caption`, `[/caption]`
//! or `[gallery` outside code.

mod support;

use std::fs;
use std::path::PathBuf;

use unpress::{Format, Options};

fn corpus_posts() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in [
        "seed",
        "rss-hexo-posts",
        "wp-exported-jekyll-posts",
        "gutenberg-block-fixtures",
    ] {
        out.extend(
            fs::read_dir(support::corpus().join(folder))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
    }
    out.sort();
    out
}

fn bad_class(class: &str) -> Option<&str> {
    class.split_ascii_whitespace().find(|c| {
        c.starts_with("wp-")
            || c.starts_with("size-")
            || c.starts_with("align")
            || c.starts_with("wp_")
    })
}

fn bad_attribute(name: &str) -> bool {
    name.starts_with("data-") || matches!(name, "srcset" | "sizes" | "loading" | "referrerpolicy")
}

/// Text outside `<pre>` and `<code>`, from the JSON's HTML via html5ever.
fn text_outside_code(html: &str) -> String {
    use html5ever::tendril::TendrilSink;
    use markup5ever_rcdom::{NodeData, RcDom};
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let mut out = String::new();
    let mut stack = vec![dom.document.clone()];
    while let Some(n) = stack.pop() {
        match &n.data {
            NodeData::Element { name, .. } if matches!(&*name.local, "pre" | "code") => continue,
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            _ => {}
        }
        stack.extend(n.children.borrow().iter().rev().cloned());
    }
    out
}

/// Checks one document's outputs; returns what is wrong.
pub fn residue_in(what: &str, xhtml: &str, json: &serde_json::Value) -> Vec<String> {
    let mut problems = Vec::new();
    support::assert_well_formed_xml(xhtml, what);
    for (el, attr, value) in support::xml_attribute_values(xhtml) {
        if attr == "class"
            && let Some(c) = bad_class(&value)
        {
            problems.push(format!("{what}.xhtml: <{el} class=\"{c}\">"));
        }
        if bad_attribute(&attr) {
            problems.push(format!("{what}.xhtml: <{el} {attr}>"));
        }
    }
    let html = json["html"].as_str().unwrap_or_default();
    let parsed = support::parse_html(html);
    for (el, attr) in &parsed.attributes {
        if bad_attribute(attr) {
            problems.push(format!("{what}.json: <{el} {attr}>"));
        }
    }
    for (el, value) in support::html_classes(html) {
        if let Some(c) = bad_class(&value) {
            problems.push(format!("{what}.json: <{el} class=\"{c}\">"));
        }
    }
    for c in &parsed.comments {
        if c.trim_start().starts_with("wp:") || c.trim_start().starts_with("/wp:") {
            problems.push(format!("{what}.json: <!--{c}-->"));
        }
    }
    let text = text_outside_code(html);
    for shortcode in ["[caption", "[/caption]", "[gallery"] {
        if text.contains(shortcode) {
            problems.push(format!("{what}: text holds {shortcode}"));
        }
    }
    problems
}

#[test]
fn no_wordpress_residue_in_any_corpus_post() {
    let mut problems = Vec::new();
    let posts = corpus_posts();
    for path in &posts {
        let doc = unpress::read::read_file(path, &Default::default()).unwrap();
        let out =
            unpress::convert_document(&doc, &[Format::Xhtml, Format::Json], &Options::default())
                .unwrap();
        let json: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
        problems.extend(residue_in(
            &path.display().to_string(),
            out.get(Format::Xhtml).unwrap(),
            &json,
        ));
    }
    assert_eq!(posts.len(), 29);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every document of every WordPress export in the corpus, read by the WXR
/// reader (wpautop, shortcodes with the media map), is free of residue too:
/// 64-block-test-data.xml covers every core block.
#[test]
fn no_wordpress_residue_in_any_export() {
    use unpress::read::wxr::{self, WxrOptions};
    let mut problems = Vec::new();
    let mut documents = 0;
    for path in support::wxr_files() {
        let Ok(export) = wxr::scan(&path, &WxrOptions::default()) else {
            continue; // the malformed fixtures: tests/wxr.rs checks their errors
        };
        let Ok(entries) = export.documents() else {
            continue;
        };
        for entry in entries.flatten() {
            let out = unpress::convert_document(
                &entry.document,
                &[Format::Xhtml, Format::Json],
                &Options::default(),
            )
            .unwrap();
            let json: serde_json::Value =
                serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
            problems.extend(residue_in(
                &entry.document.source.to_string(),
                out.get(Format::Xhtml).unwrap(),
                &json,
            ));
            documents += 1;
        }
    }
    println!("{documents} export documents checked");
    assert!(documents > 300, "{documents}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_finds_residue_when_the_rules_are_off() {
    // The same check must see what the rules remove: with --no-rules the
    // block fixtures keep their classes.
    let path = support::corpus().join("gutenberg-block-fixtures/core__image__center-caption.html");
    let doc = unpress::read::read_file(&path, &Default::default()).unwrap();
    let mut opts = Options::default();
    opts.rewrite.rules = unpress::rewrite::rules::RuleSet::none();
    let out = unpress::convert_document(&doc, &[Format::Xhtml, Format::Json], &opts).unwrap();
    let json: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
    let problems = residue_in(
        "core__image__center-caption",
        out.get(Format::Xhtml).unwrap(),
        &json,
    );
    assert!(
        problems.iter().any(|p| p.contains("wp-block-image")),
        "{problems:?}"
    );
}
