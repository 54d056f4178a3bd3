//! A whole HTML page (no front matter): metadata from its head.
//!
//! Taken: `<title>`, `<html lang>`, `<meta name=description|author|keywords>`,
//! `<meta property=article:published_time|article:modified_time>` (and
//! `og:title` when there is no `<title>`). The body stays in the page: the
//! balancer keeps what a browser puts in `<body>`.

use std::cell::RefCell;

use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use super::front_matter::bcp47;
use crate::document::Meta;

/// True when `text` is a whole page rather than a fragment: after blank
/// space, comments and an XML declaration, it starts with a doctype, `<html`
/// or `<head`.
pub fn is_page(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => rest = rest[end + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let head: String = rest
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with("<head")
}

/// Reads the metadata of a page's head. Only the part before `<body` is
/// scanned.
pub fn head_meta(page: &str, warnings: &mut Vec<String>) -> Meta {
    let head = match find_ascii_ci(page, "<body") {
        Some(at) => &page[..at],
        None => page,
    };
    let found = RefCell::new(Found::default());
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("html[lang]", |el| {
            found.borrow_mut().lang = el.get_attribute("lang").map(|l| decode(&l));
            Ok(())
        }))
        .append_element_content_handler(text!("title", |t| {
            found.borrow_mut().title.push_str(t.as_str());
            Ok(())
        }))
        .append_element_content_handler(element!("meta[content]", |el| {
            let key = el
                .get_attribute("name")
                .or_else(|| el.get_attribute("property"))
                .unwrap_or_default()
                .to_ascii_lowercase();
            let content = el.get_attribute("content").unwrap_or_default();
            found.borrow_mut().meta.push((key, content));
            Ok(())
        }));
    if let Err(e) = rewrite_str(head, settings) {
        warnings.push(format!("could not read the page head: {e}"));
    }
    let found = found.into_inner();
    let get = |k: &str| {
        found
            .meta
            .iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| decode(v.trim()))
    };
    let title = decode(found.title.trim());
    let date_of = |k: &str, warnings: &mut Vec<String>| {
        get(k).map(|d| {
            super::date::normalize(&d, None).unwrap_or_else(|| {
                warnings.push(format!(
                    "<meta {k}> '{d}' is not a date unpress reads; kept as given"
                ));
                d
            })
        })
    };
    Meta {
        title: Some(title)
            .filter(|t| !t.is_empty())
            .or_else(|| get("og:title")),
        date: date_of("article:published_time", warnings),
        updated: date_of("article:modified_time", warnings),
        author: get("author"),
        description: get("description"),
        tags: get("keywords")
            .map(|k| {
                k.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        lang: found.lang.map(|l| bcp47(&l)).filter(|l| !l.is_empty()),
        ..Meta::default()
    }
}

#[derive(Default)]
struct Found {
    lang: Option<String>,
    title: String,
    meta: Vec<(String, String)>,
}

/// lol_html hands over raw text and attribute values: decode their
/// character references as the HTML tokenizer would.
fn decode(text: &str) -> String {
    crate::html::entities::decode(text, false).into_owned()
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_pages() {
        assert!(is_page("\n<!DOCTYPE html><html>"));
        assert!(is_page("<!-- saved --><HTML lang=en>"));
        assert!(is_page("<?xml version=\"1.0\"?>\n<html>"));
        assert!(!is_page("<div><html>"));
        assert!(!is_page("<p>hello</p>"));
    }

    #[test]
    fn reads_head_metadata() {
        let page = r#"<!doctype html><html lang="pt_BR"><head><title>Caf&eacute; &amp; co</title>
<meta name="description" content="About"><meta name="author" content="Ann">
<meta name="keywords" content="a, b">
<meta property="article:published_time" content="2020-02-03T04:05:06+00:00">
</head><body><title>not this</title><p>x</p></body></html>"#;
        let mut w = Vec::new();
        let m = head_meta(page, &mut w);
        assert_eq!(m.title.as_deref(), Some("Café & co"));
        assert_eq!(m.lang.as_deref(), Some("pt-BR"));
        assert_eq!(m.description.as_deref(), Some("About"));
        assert_eq!(m.author.as_deref(), Some("Ann"));
        assert_eq!(m.tags, ["a", "b"]);
        assert_eq!(m.date.as_deref(), Some("2020-02-03T04:05:06Z"));
        assert!(w.is_empty());
    }
}
