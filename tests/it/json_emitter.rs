//! The JSON writer's own emitter (src/write/json.rs) against serde_json:
//! `write` must be byte for byte `serde_json::to_string_pretty` of the
//! same object, and `write_line` `serde_json::to_string`, each with a
//! final newline. The object is `to_value`'s (serde_json with
//! `preserve_order` keeps the fields in the struct's order).

use unpress::mapping::FrontMatterMap;
use unpress::read::{ReadOptions, read_str};
use unpress::write::json;

/// Every field, empty and full, nested front matter of every JSON type,
/// and strings holding every byte that changes (each control, `"`, `\`),
/// beside multi-byte characters and at every offset of an eight-byte
/// word.
#[test]
fn the_emitter_writes_what_serde_json_writes() {
    let mut nasty = String::new();
    for b in 0u8..0x20 {
        nasty.push(char::from(b));
        nasty.push_str("é\"x\\");
    }
    // YAML refuses DEL and C1 controls even quoted: the front matter has
    // every other byte, the warnings these too.
    let in_yaml = format!("{nasty}\u{2028}中😀</script>");
    nasty.push_str("\u{7f}\u{80}\u{2028}中😀</script>");
    let mut strings = vec![String::new(), in_yaml.clone()];
    for offset in 0..9 {
        strings.push(format!("{}\"{}\\", "a".repeat(offset), "b".repeat(offset)));
    }
    let yaml_strings: String = strings
        .iter()
        .map(|s| format!("  - {}\n", serde_json::to_string(s).expect("string")))
        .collect();
    let posts = [
        String::from("<p>nothing else</p>"),
        String::new(),
        format!(
            "---\ntitle: {t}\ndate: 2020-01-02\ntags: [a, \"b\\u0001\"]\ncategories: []\n\
             n: 12\nneg: -3\nf: 1.5e300\nsmall: 0.1\nyes: true\nnone: null\nempty: {{}}\n\
             nested:\n  deeper:\n    - {{k: [1, [2, {{}}], []]}}\n    - ~\nlist:\n{yaml_strings}---\n\
             <h2>Head {t_html}</h2><p><a href=\"https://x.example/?a=1&amp;b\">link {t_html}</a></p>\
             <figure><img src=\"a.jpg\" alt=\"{t_html}\"><figcaption>cap\u{1}</figcaption></figure>\
             <p>before</p><!--more--><p>after \\ \"</p><h3></h3>",
            t = serde_json::to_string(&in_yaml).expect("string"),
            t_html = "x &lt;y&gt; \" \\ \u{b}"
        ),
    ];
    let map = FrontMatterMap::default();
    let mut full = 0;
    for post in &posts {
        let doc = read_str(unpress::Source::Text, post, &ReadOptions::default()).expect("read");
        let rewritten = unpress::rewrite::rewrite(&doc.body, &Default::default()).expect("rewrite");
        let f = &rewritten.fragment;
        let warnings = [nasty.clone(), String::new()];
        let declared = ("de".to_owned(), true);
        for lang in [None, Some(&declared)] {
            let value = json::to_value(&doc, f, &warnings, lang, &map);
            let has = |key: &str| value[key].as_array().is_some_and(|a| !a.is_empty());
            full += usize::from(
                value["front_matter"]["nested"].is_object()
                    && has("images")
                    && has("links")
                    && value["headings"].as_array().map(Vec::len) == Some(2)
                    && value["excerpt"].is_string(),
            );
            let pretty = serde_json::to_string_pretty(&value).expect("serializable") + "\n";
            let line = serde_json::to_string(&value).expect("serializable") + "\n";
            assert_eq!(
                json::write(&doc, f, &warnings, lang, &map),
                pretty,
                "{post:?}"
            );
            assert_eq!(
                json::write_line(&doc, f, &warnings, lang, &map),
                line,
                "{post:?}"
            );
        }
    }
    assert_eq!(full, 2, "the full post has every field");
}
