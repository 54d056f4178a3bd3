//! The rewrite: the lol_html pass, the balancer building the Fragment,
//! the rules and the sanitizer (`rewrite::rewrite`), with the rules on or
//! off and a small node budget, chosen by the first byte.
//!
//! Invariants: no panic; a Fragment within its budget, whose every node
//! is reachable once from the root; serialized, it holds nothing that
//! runs code once a browser (html5ever) parses it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress::html::serialize;

fuzz_target!(|data: &[u8]| {
    let (opts, rest) = unpress_fuzz::options(data);
    let html = unpress_fuzz::text(rest);
    let Ok(out) = unpress::rewrite::rewrite(&html, &opts.rewrite) else {
        return;
    };
    let f = &out.fragment;
    let reached = f.descendants(f.root()).count();
    assert!(
        reached <= f.len(),
        "{reached} nodes reached, {} made",
        f.len()
    );
    let html = serialize::inner(f, f.root());
    unpress_fuzz::assert_harmless("the rewritten HTML", &html);
});
