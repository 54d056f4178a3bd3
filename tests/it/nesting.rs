//! Deep nesting and long chains: the outcomes of the shapes that used to
//! take quadratic time (docs/performance.md, "Linear time on hostile
//! input"). These check what comes out (output produced, words kept, the
//! depth bounded as docs/balancing.md documents), not the time: the time is
//! guarded by `.ci/linear.sh` and measured by `benches/scaling.sh`.
//!
//! Sizes are moderate (a few thousand repetitions, past the depth cap) so
//! that a debug build runs them in seconds.

use unpress::html::fragment::{Fragment, NodeData};
use unpress::read::{shortcode, wpautop};
use unpress::rewrite::balance::{MAX_DEPTH, MAX_FORMATTING, balance, balance_with_depth};
use unpress::rewrite::{Budget, RewriteOptions, rewrite};
use unpress::{Format, Options, convert};

const N: usize = 3_000;

fn count_text(f: &Fragment, word: &str) -> usize {
    f.descendants(f.root())
        .filter_map(|n| match f.data(n) {
            NodeData::Text(t) => Some(t.matches(word).count()),
            _ => None,
        })
        .sum()
}

/// Every format of `html`, converted.
fn every_format(html: &str) -> Vec<(Format, String)> {
    let formats = [Format::Markdown, Format::Json, Format::Xhtml];
    convert(html, &formats, &Options::default())
        .expect("converted")
        .files
}

/// The element shapes of the linear-time bench, nested `N` deep, each with
/// one word per level: the tree stays within the documented depth, and
/// every word is kept, in the Fragment and in every format.
#[test]
fn deep_nesting_of_every_kind_keeps_every_word_within_the_depth_cap() {
    let shapes = [
        "<div>w ",
        "<span>w ",
        "<b>w ",
        "<pre>w ",
        "<pre><code>w ",
        "<blockquote>w ",
        "<table><tr><td>w ",
        "<table><caption>w ",
        "<table><thead><tr><th>w ",
        "<ul><li>w ",
        "<ol><li>w ",
        "<dl><dt>w<dd>w ",
        "<a href=\"#\">w<div>w ",
        "<b>w<div>w ",
        "<i>w<div>w</i>w ",
        "<font color=\"red\">w<div>w ",
        "<select><option>w ",
        "<svg><g>w ",
        "<svg><foreignObject><div>w ",
        "<math><mi>w ",
        "<object>w ",
        "<marquee>w ",
        "<nobr>w ",
        "<form><div>w ",
        "<figure><figcaption>w ",
        "<h1>w<div>w ",
        "<button>w ",
        "<q>w ",
    ];
    for shape in shapes {
        // The word is `qz` (no format writes it of its own).
        let shape = &shape.replace(">w", ">qz");
        let html = shape.repeat(N);
        let words = html.matches("qz").count();
        let f = balance(&html, &Budget::default()).expect(shape);
        // A token may imply a few elements past the cap (a table's
        // `tbody` and `tr` before its cell).
        assert!(f.depth() <= MAX_DEPTH + 4, "{shape}: depth {}", f.depth());
        // `<select>` keeps the text of its options only; foreign
        // content and the rest keep every word.
        if !shape.starts_with("<select") {
            assert_eq!(
                count_text(&f, "qz"),
                words,
                "{shape}: words in the Fragment"
            );
        }
        let rewritten = rewrite(&html, &RewriteOptions::default()).expect(shape);
        assert!(rewritten.fragment.depth() <= MAX_DEPTH + 4, "{shape}");
        // What the writers keep of ten levels (the sanitizer drops some
        // kinds whole: forms, `<object>`, `<foreignObject>`), they keep of
        // every level past the cap too, give or take a half.
        let shallow = every_format(&shape.repeat(10));
        let deep = every_format(&html);
        for ((format, out), (_, few)) in deep.into_iter().zip(shallow) {
            let per_ten = few.matches("qz").count();
            let kept = out.matches("qz").count();
            assert!(
                kept * 2 >= per_ten * N / 10,
                "{shape} {format:?}: {kept} words of {}",
                per_ten * N / 10
            );
        }
    }
}

/// Below the cap, nothing changes: the depth is the input's.
#[test]
fn nesting_below_the_cap_is_built_as_written() {
    let n = MAX_DEPTH / 2;
    let f = balance(&format!("{}x", "<div>".repeat(n)), &Budget::default()).unwrap();
    assert_eq!(f.depth(), n + 2);
    let f = balance(
        &format!("{}x", "<blockquote>".repeat(n)),
        &Budget::default(),
    )
    .unwrap();
    assert_eq!(f.depth(), n + 2);
}

/// At the cap a start tag closes the current node: what follows is a
/// sibling, and the end tags of what was closed are ignored.
#[test]
fn past_the_cap_elements_become_siblings() {
    let html = format!(
        "{}a{}b",
        "<div>".repeat(MAX_DEPTH + 10),
        "</div>".repeat(MAX_DEPTH + 10)
    );
    let f = balance(&html, &Budget::default()).unwrap();
    assert_eq!(f.depth(), MAX_DEPTH);
    // `b` is after every div, at the top.
    let last = f.last_child(f.root()).unwrap();
    assert_eq!(f.text(last), Some("b"));
}

/// Formatting elements left open across paragraphs are reopened in each
/// (HTML's rule); elements that differ are reopened at most
/// `MAX_FORMATTING` at a time, so the tree grows linearly.
#[test]
fn reopened_formatting_elements_are_bounded() {
    let html: String = (0..N)
        .map(|i| format!("<p><i title=\"t{i}\">x</p>"))
        .collect();
    let f = balance(&html, &Budget::default()).unwrap();
    assert!(f.len() < N * (MAX_FORMATTING + 4), "{} nodes", f.len());
    assert_eq!(count_text(&f, "x"), N);
}

/// A small cap on ordinary markup: the cap's rule must end, keep the text
/// and leave a tree, whatever mode the builder is in (tables, select,
/// templates, foreign content, formatting elements).
#[test]
fn a_small_cap_keeps_text_in_every_mode() {
    let inputs = [
        "<table><tr><td>a<table><tr><td>b<table>c<tr><td>d</table>e",
        "<table><caption>a<table><caption>b</table>c",
        "<select><option>a<optgroup><option>b</select>c",
        "<template><div><template><tr><td>a</template>b",
        "<svg><g><g><foreignObject><div><p>a</svg>b",
        "<math><mi><math><mi>a</math>b",
        "<b><i><u><s><em>a<p>b</b>c</p>d",
        "<a href=x>a<div><a href=y>b<div><a href=z>c</div>d",
        "<object><marquee><applet><td>a</applet>b",
        "<ul><li><ul><li><ol><li>a<li>b</ol>c",
        "<p><button><p><span><div>a</button>b",
        "<table>a<table>b<table>c<tr>d<td>e",
    ];
    for html in inputs {
        // What the tree keeps without a cap (a template's content and a
        // select's stray text are not kept by HTML's rules either).
        let uncapped = balance(html, &Budget::default()).unwrap();
        let kept = uncapped.text_content(uncapped.root());
        for cap in 3..12 {
            let f = balance_with_depth(html, &Budget::default(), cap)
                .unwrap_or_else(|e| panic!("{html} (cap {cap}): {e}"));
            let text = f.text_content(f.root());
            for word in ["a", "b", "c", "d", "e"] {
                if kept.contains(word) {
                    assert!(
                        text.contains(word),
                        "{html} (cap {cap}): {word} lost: {text}"
                    );
                }
            }
        }
    }
}

/// `[caption]` nested, unclosed and escaped, many times: expanded once,
/// every word kept.
#[test]
fn many_nested_or_unclosed_shortcodes_expand_and_keep_their_text() {
    let mut warnings = Vec::new();
    let nested = format!("{}x{}", "[caption]".repeat(N), "[/caption]".repeat(N));
    let out = shortcode::expand(&nested, None, None, &mut warnings);
    assert_eq!(out.matches('x').count(), 1);
    assert!(out.starts_with("<figure>"));
    let unclosed = "[caption]y".repeat(N);
    let out = shortcode::expand(&unclosed, None, None, &mut warnings);
    assert_eq!(out.matches('y').count(), N);
    let escaped = "[[caption]]".repeat(N);
    let out = shortcode::expand(&escaped, None, None, &mut warnings);
    assert_eq!(out, "[caption]".repeat(N));
    let unknown = format!("{}z{}", "[foo]".repeat(N), "[/foo]".repeat(N));
    let out = shortcode::expand(&unknown, None, None, &mut warnings);
    assert_eq!(out, unknown);
    // An open quote in a tag, then a shortcode: still expanded.
    let quote = format!("{}[caption]q[/caption]", "<a \"x".repeat(N));
    let out = shortcode::expand(&quote, None, None, &mut warnings);
    assert!(
        out.ends_with("<figure>q</figure>"),
        "{}",
        &out[out.len() - 40..]
    );
    // A protected region stops a shortcode's content: its closing tag
    // inside `<pre>` is text, the opener stands alone.
    let out = shortcode::expand(
        "[caption]a<pre>[/caption]</pre>[caption]b[/caption]",
        None,
        None,
        &mut warnings,
    );
    assert!(
        out.ends_with("a<pre>[/caption]</pre><figure>b</figure>"),
        "{out}"
    );
}

/// wpautop over many `<pre>` blocks puts each back where it was, and an
/// unclosed `<svg>` or `[caption]` on every line changes nothing else.
#[test]
fn wpautop_over_many_blocks_puts_each_back() {
    let text: String = (0..N).map(|i| format!("<pre>p{i}\n\nq</pre>\n")).collect();
    let out = wpautop::wpautop(&text);
    for i in [0, 1, N / 2, N - 1] {
        assert!(out.contains(&format!("<pre>p{i}\n\nq</pre>")), "pre {i}");
    }
    assert!(!out.contains("wp-pre-tag"));
    let out = wpautop::autop(&"<svg>x\n".repeat(N));
    assert_eq!(out.matches('x').count(), N);
    let out = wpautop::autop(&"[caption]x\n\n".repeat(N));
    assert_eq!(out.matches("<p>[caption]x</p>").count(), N);
}
