//! The Markdown writer, from a whole post (front matter and body): what
//! it writes renders (pulldown-cmark, raw HTML on) to nothing that runs
//! code, keeps the Fragment's text (its letters and digits, in order;
//! the Markdown may add some),
//! and its front matter, if any, is YAML that reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress::{Format, convert_document, read_document, rewrite_document};

const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
];

fuzz_target!(|data: &[u8]| {
    let (opts, rest) = unpress_fuzz::options(data);
    let post = unpress_fuzz::text(rest);
    let Ok(doc) = read_document(&post, &opts.read) else {
        return;
    };
    let Ok(out) = convert_document(&doc, &[Format::Markdown], &opts) else {
        return;
    };
    let md = out.get(Format::Markdown).unwrap_or_default();
    let html = unpress_fuzz::render_markdown(md);
    unpress_fuzz::assert_harmless("the rendered Markdown", &html);
    if let Some(yaml) = unpress_fuzz::front_matter_block(md) {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml)
            .unwrap_or_else(|e| panic!("front matter does not parse: {e}\n{md}"));
        let printed = serde_json::to_string(&v).unwrap_or_default();
        let _ = printed;
    }
    // The text: the Fragment's letters and digits are the rendered
    // page's (a body's front matter is not its text).
    let cleaned = unpress::clean_metadata(&doc, &opts);
    if let Ok((fragment, _)) = rewrite_document(&cleaned, &opts) {
        // Raw text elements (`<plaintext>`, `<xmp>`, ...) change what a
        // renderer reads after them; the round-trip tests leave them out
        // too (tests/it/roundtrip.rs).
        let raw_text = fragment.descendants(fragment.root()).any(|n| {
            fragment
                .element(n)
                .is_some_and(|e| RAW_TEXT.contains(&e.name.as_str()))
        });
        if raw_text {
            return;
        }
        let before: String = fragment
            .text_content(fragment.root())
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let body = match unpress_fuzz::front_matter_block(md) {
            Some(y) => &md[y.len() + 8..],
            None => md,
        };
        let after = unpress_fuzz::letters_of_html(&unpress_fuzz::render_markdown(body));
        // Kept: every letter of the Fragment's text, in order (the
        // Markdown may add some: an image without a source is written as
        // its alt text, footnote marks).
        let mut rest = after.chars();
        let kept = before.chars().take_while(|c| rest.any(|d| d == *c)).count();
        if kept < before.chars().count() {
            let b: String = before
                .chars()
                .skip(kept.saturating_sub(10))
                .take(50)
                .collect();
            panic!(
                "the text lost letters after {kept}: {b:?} is not in the rendered text {after:?}\n{md}"
            );
        }
    }
});
