//! The JSON writer: its output parses; its HTML fields (`html`,
//! `excerpt_html`, the front matter, title, author, description, terms)
//! hold nothing that runs code once parsed by html5ever; its link and
//! image URLs run no code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use unpress::{Format, convert};

fuzz_target!(|data: &[u8]| {
    let (opts, rest) = unpress_fuzz::options(data);
    let post = unpress_fuzz::text(rest);
    let Ok(out) = convert(&post, &[Format::Json, Format::Jsonl], &opts) else {
        return;
    };
    let json = out.get(Format::Json).unwrap_or_default();
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let line = out.get(Format::Jsonl).unwrap_or_default();
    assert_eq!(line.trim_end().lines().count(), 1, "one line: {line}");
    let l: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}\n{line}"));
    assert_eq!(v, l, "json and jsonl hold the same object");
    for key in [
        "html",
        "excerpt_html",
        "front_matter",
        "title",
        "author",
        "description",
        "categories",
        "tags",
    ] {
        for s in unpress_fuzz::json_strings(&v[key]) {
            unpress_fuzz::assert_harmless(key, &s);
        }
    }
    for (list, key, el) in [("links", "href", "a"), ("images", "src", "img")] {
        for item in v[list].as_array().into_iter().flatten() {
            let url = item[key].as_str().unwrap_or_default();
            assert!(
                !unpress_fuzz::url_runs_code(el, if el == "a" { "href" } else { "src" }, url),
                "{list}: {url}"
            );
        }
    }
});
