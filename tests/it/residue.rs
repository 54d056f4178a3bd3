//! No WordPress residue survives (issue 4): in the parsed XHTML and in the
//! parsed JSON `html` of every corpus document, no element has a `wp-*`,
//! `wp-block-*`, `wp-caption*`, `size-*` or `align*` class, or a `data-*`,
//! `srcset`, `sizes`, `loading` or `referrerpolicy` attribute; no `wp:`
//! block comment survives; and the text holds no `[caption`, `[/caption]`
//! or `[gallery` outside code. Over the fixtures and the exports of the
//! repository; with `--features corpus`, over the corpus too.

use std::path::{Path, PathBuf};

use markup5ever_rcdom::NodeData;
use unpress::{Format, Options};

use crate::support::{self, Step};

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
    let mut out = String::new();
    support::walk(&support::parse(html).document, |step| match step {
        Step::Enter(node) => !matches!(
            &node.data,
            NodeData::Element { name, .. } if matches!(&*name.local, "pre" | "code")
        ),
        Step::Leaf(node) => {
            if let NodeData::Text { contents } = &node.data {
                out.push_str(&contents.borrow());
            }
            false
        }
        Step::Leave(_) => false,
    });
    out
}

/// Checks one document's outputs; returns what is wrong.
fn residue_in(what: &str, xhtml: &str, json: &serde_json::Value) -> Vec<String> {
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

/// The residue in the outputs of `posts`.
fn residue_of_posts(posts: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for path in posts {
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
    problems
}

#[test]
fn no_wordpress_residue_in_any_fixture() {
    // Shortcode text these fixtures keep on purpose, as their expected.md
    // shows: a literal `[caption]` mention, a `[gallery]` in a post file
    // (no export, so no media map to resolve it), the word in a sentence.
    const KEPT: &[(&str, &str)] = &[
        ("fixtures/rule-galleries/", "text holds [gallery"),
        ("fixtures/shortcodes/", "text holds [caption"),
        ("fixtures/shortcodes/", "text holds [gallery"),
    ];
    let posts = support::fixture_inputs();
    assert!(posts.len() >= 20, "{}", posts.len());
    let mut problems = residue_of_posts(&posts);
    problems.retain(|p| {
        !KEPT
            .iter()
            .any(|(case, what)| p.contains(case) && p.ends_with(what))
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(feature = "corpus")]
#[test]
fn no_wordpress_residue_in_any_corpus_post() {
    let posts = support::corpus_posts();
    let problems = residue_of_posts(&posts);
    assert_eq!(posts.len(), 29);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every document of `exports`, read by the WXR reader (wpautop,
/// shortcodes with the media map): the residue, and how many documents.
fn residue_of_exports(exports: &[PathBuf]) -> (Vec<String>, usize) {
    use unpress::read::wxr::{self, WxrOptions};
    let mut problems = Vec::new();
    let mut documents = 0;
    for path in exports {
        let Ok(export) = wxr::scan(path, &WxrOptions::default()) else {
            continue; // the malformed exports: wxr.rs checks their errors
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
    (problems, documents)
}

#[test]
fn no_wordpress_residue_in_the_exports_of_the_repository() {
    let (problems, documents) = residue_of_exports(&support::repo_exports());
    assert!(documents >= 4, "{documents}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every document of every WordPress export in the corpus is free of
/// residue too: 64-block-test-data.xml covers every core block.
#[cfg(feature = "corpus")]
#[test]
fn no_wordpress_residue_in_any_export() {
    let (problems, documents) = residue_of_exports(&support::corpus_exports());
    assert!(documents > 300, "{documents}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The same check must see what the rules remove: with --no-rules the
/// block markup of `path` keeps its `wp-block-image` class.
fn the_check_finds_residue_in(path: &Path) {
    let doc = unpress::read::read_file(path, &Default::default()).unwrap();
    let mut opts = Options::default();
    opts.rewrite.rules = unpress::rewrite::rules::RuleSet::none();
    let out = unpress::convert_document(&doc, &[Format::Xhtml, Format::Json], &opts).unwrap();
    let json: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
    let problems = residue_in(
        &path.display().to_string(),
        out.get(Format::Xhtml).unwrap(),
        &json,
    );
    assert!(
        problems.iter().any(|p| p.contains("wp-block-image")),
        "{problems:?}"
    );
}

#[test]
fn the_check_finds_residue_when_the_rules_are_off() {
    the_check_finds_residue_in(&support::repo("fixtures/gutenberg-image/input.html"));
}

#[cfg(feature = "corpus")]
#[test]
fn the_check_finds_residue_in_a_block_fixture_when_the_rules_are_off() {
    the_check_finds_residue_in(
        &support::corpus().join("gutenberg-block-fixtures/core__image__center-caption.html"),
    );
}
