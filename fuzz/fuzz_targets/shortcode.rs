//! The shortcode parser (`read::shortcode`): `expand` with and without a
//! post id, the code shortcodes alone, and their Markdown variant.
//! Invariants: no panic; text without `[` is returned as given; the
//! expanded HTML, once rewritten, holds nothing that runs code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress::read::shortcode;
use unpress::rewrite::RewriteOptions;

fuzz_target!(|data: &[u8]| {
    let text = unpress_fuzz::text(data);
    let mut warnings = Vec::new();
    let expanded = shortcode::expand(&text, None, Some(1), &mut warnings);
    if !text.contains('[') {
        assert_eq!(expanded, text);
    }
    let _ = shortcode::expand_code(&text);
    let _ = shortcode::expand_code_markdown(&text);
    if let Ok(out) = unpress::rewrite::rewrite(&expanded, &RewriteOptions::default()) {
        let html = unpress::html::serialize::inner(&out.fragment, out.fragment.root());
        unpress_fuzz::assert_harmless("expanded shortcodes", &html);
    }
});
