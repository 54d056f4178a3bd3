//! XSS vectors (tests/data/xss-vectors.txt) through balance + sanitize.
//!
//! Each vector is embedded as `before VECTOR after`. What comes out must
//! hold no script element, no event-handler attribute, no URL attribute
//! with a code-running scheme, no `srcdoc`, no `<base>`, no `<meta>`; and
//! the harmless text around it survives. The checks here are written
//! independently of the sanitizer's code (their own lists, their own
//! decoding), so that a shared mistake does not hide.
//!
//! A vector marked `eats-after:` ends inside a tag or a raw text element,
//! so by the HTML rules (a browser's too) "after" becomes part of it; only
//! "before" is required to survive for those.

use unpress::html::fragment::Fragment;
use unpress::rewrite::Budget;
use unpress::rewrite::balance::balance;
use unpress::rewrite::rules::sanitize::sanitize;

use crate::support::{self, Dump, dump, vectors};

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "poster",
    "action",
    "background",
    "formaction",
    "xlink:href",
    "data",
    "dynsrc",
    "lowsrc",
    "srcset",
    "longdesc",
    "codebase",
];

/// The test's own decoding: numeric references, `&colon;`, `&tab;`,
/// `&newline;`, percent-encoding; then everything but letters, digits, `:`,
/// `/` and `,` is dropped and the result lower-cased.
fn squash(value: &str) -> String {
    let mut s = value.to_lowercase();
    for _ in 0..3 {
        s = s
            .replace("&colon;", ":")
            .replace("&tab;", "")
            .replace("&newline;", "");
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(at) = rest.find(['&', '%']) {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(num) = tail.strip_prefix("&#") {
                let (hex, digits) = match num.strip_prefix('x') {
                    Some(h) => (true, h),
                    None => (false, num),
                };
                let len = digits
                    .chars()
                    .take_while(|c| {
                        if hex {
                            c.is_ascii_hexdigit()
                        } else {
                            c.is_ascii_digit()
                        }
                    })
                    .count();
                let code = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 }).ok();
                if let Some(c) = code.and_then(char::from_u32) {
                    out.push(c);
                    let skip = 2 + usize::from(hex) + len;
                    rest = tail[skip..].strip_prefix(';').unwrap_or(&tail[skip..]);
                    continue;
                }
            }
            if let Some(hexpair) = tail.strip_prefix('%').and_then(|t| t.get(..2))
                && let Ok(b) = u8::from_str_radix(hexpair, 16)
            {
                out.push(char::from(b));
                rest = &tail[3..];
                continue;
            }
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
        out.push_str(rest);
        s = out.to_lowercase();
    }
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | ',' | '.'))
        .collect()
}

fn dangerous_url(element: &str, attr: &str, value: &str) -> bool {
    let s = squash(value);
    let bad = |u: &str| {
        let raster_data = element == "img"
            && attr == "src"
            && [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| u.starts_with(p));
        ["javascript:", "vbscript:", "livescript:", "data:"]
            .iter()
            .any(|p| u.starts_with(p))
            && !raster_data
    };
    if attr == "srcset" {
        return s.contains("javascript:") || s.contains("data:") || s.contains("vbscript:");
    }
    bad(&s)
}

/// What is wrong with a sanitized Fragment, if anything.
fn problems(f: &Fragment, eats_after: bool) -> Vec<String> {
    let mut found = Vec::new();
    for id in f.descendants(f.root()) {
        let Some(e) = f.element(id) else { continue };
        let name = e.name.to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "base" | "meta" | "iframe" | "object" | "embed" | "style"
        ) {
            found.push(format!("<{name}> element"));
        }
        for (attr, value) in &e.attrs {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("event handler {attr}"));
            }
            if attr == "srcdoc" || attr == "formaction" || attr == "style" {
                found.push(format!("attribute {attr}"));
            }
            if URL_ATTRS.contains(&attr.as_str()) && dangerous_url(&name, &attr, value) {
                found.push(format!("dangerous URL {attr}={value:?}"));
            }
        }
    }
    let html = dump(f, Dump::Html).to_ascii_lowercase();
    if html.contains("<script") {
        found.push("<script in the output".to_owned());
    }
    let text = f.text_content(f.root());
    if !text.contains("before") {
        found.push("'before' lost".to_owned());
    }
    if !eats_after && !text.contains("after") {
        found.push("'after' lost".to_owned());
    }
    found
}

#[test]
fn the_data_file_has_enough_vectors() {
    assert!(vectors().len() >= 60, "{} vectors", vectors().len());
}

#[test]
fn vectors_come_out_harmless() {
    let mut failures = Vec::new();
    for v in vectors() {
        let input = format!("before {} after", v.html);
        let mut f = balance(&input, &Budget::default()).expect("balance");
        sanitize(&mut f);
        let found = problems(&f, v.eats_after);
        if !found.is_empty() {
            failures.push(format!(
                "line {}: {:?}\n    {}\n    -> {}",
                v.line,
                v.html,
                found.join("; "),
                dump(&f, Dump::Html)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checks_catch_an_unsanitized_fragment() {
    // The same checks on the balanced but unsanitized tree must complain
    // for most vectors: otherwise they would prove nothing.
    let caught = vectors()
        .iter()
        .filter(|v| {
            let f =
                balance(&format!("before {} after", v.html), &Budget::default()).expect("balance");
            !problems(&f, true).is_empty()
        })
        .count();
    assert!(
        caught * 10 >= vectors().len() * 8,
        "only {caught} of {} caught",
        vectors().len()
    );
}

/// The same vectors through the whole pipeline (default options), in every
/// format, each output parsed by an independent parser: the XHTML and the
/// JSON's HTML by html5ever, the Markdown rendered by comrak first.
#[test]
fn vectors_come_out_harmless_in_every_format() {
    use unpress::{Format, Options};
    let mut failures = Vec::new();
    let formats = [Format::Markdown, Format::Json, Format::Xhtml];
    for v in vectors() {
        let input = format!("before {} after", v.html);
        let out = unpress::convert(&input, &formats, &Options::default()).expect("converts");
        for (format, text) in &out.files {
            let html = match format {
                Format::Markdown => support::render(text),
                Format::Json => serde_json::from_str::<serde_json::Value>(text)
                    .expect("JSON parses")["html"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                _ => text.clone(),
            };
            if *format == Format::Xhtml {
                let lower = text.to_ascii_lowercase();
                for bad in ["<script", "<base", "<meta http-equiv", "srcdoc"] {
                    if lower.contains(bad) {
                        failures.push(format!("line {} ({format}): {bad} in {text}", v.line));
                    }
                }
            }
            let f = support::fragment_from_html(&html);
            let found = problems(&f, v.eats_after);
            if !found.is_empty() {
                failures.push(format!(
                    "line {} ({format}): {:?}: {}\n{text}",
                    v.line,
                    v.html,
                    found.join("; ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
