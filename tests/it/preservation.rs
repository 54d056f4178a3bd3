//! Nothing visible is lost, and streaming does not change a byte.
//!
//! - Word-level preservation (issue 3): over every fixture input and WXR
//!   item content of the repository (and, with `--features corpus`, every
//!   post, Gutenberg block fixture and WXR item content of the corpus), the
//!   visible text of
//!   the input as html5ever (a browser-grade parser) sees it, minus the text
//!   inside the elements unpress removes on purpose (a fixed list here, not
//!   read from the rule code), equals the visible text of the Fragment. The
//!   WordPress rules are off for this check (`--no-rules`: balancing and
//!   sanitizing only), so that it judges the balancer and the sanitizer.
//! - Streaming: lol_html hands text over in chunks; converting with random
//!   chunk sizes gives byte-identical outputs in every format. The sizes
//!   come from a seed, `UNPRESS_CHUNK_SEED=n` replays a run.

use std::path::PathBuf;

use markup5ever_rcdom::NodeData as DomData;
use unpress::html::fragment::NodeData;
use unpress::rewrite::rules::RuleSet;
use unpress::rewrite::{RewriteOptions, rewrite};
use unpress::{Format, Options};

use crate::support::{self, Rng, Step};

/// Removed with their content by the sanitizer (issue 3's list).
const REMOVED: &[&str] = &[
    "script", "style", "template", "noscript", "object", "embed", "applet", "iframe", "frame",
    "frameset", "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist",
    "output", "keygen", "base", "meta", "link", "title", "noembed", "noframes", "param",
];

/// The text of `<body>` as html5ever builds it, without the removed
/// elements' text.
fn oracle_text(html: &str) -> String {
    let mut out = String::new();
    let dom = support::parse(html);
    let Some(body) = support::body(&dom) else {
        return out;
    };
    support::walk(&body, |step| match step {
        Step::Enter(node) => !matches!(
            &node.data,
            DomData::Element { name, .. }
                if REMOVED.contains(&&*name.local) && name.ns == html5ever::ns!(html)
        ),
        Step::Leaf(node) => {
            if let DomData::Text { contents } = &node.data {
                out.push_str(&contents.borrow());
            }
            false
        }
        Step::Leave(_) => false,
    });
    out
}

fn fragment_text(html: &str) -> String {
    let opts = RewriteOptions {
        rules: RuleSet::none(),
        ..RewriteOptions::default()
    };
    let f = rewrite(html, &opts).unwrap().fragment;
    let mut out = String::new();
    for n in f.descendants(f.root()) {
        if let NodeData::Text(t) = f.data(n) {
            out.push_str(t);
        }
    }
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Every visible word of `bodies` (at least `min` of them) survives.
fn every_visible_word_survives(bodies: Vec<(String, String)>, min: usize) {
    assert!(
        bodies.len() > min,
        "expected the posts and WXR items, got {}",
        bodies.len()
    );
    let mut failures = Vec::new();
    for (name, html) in &bodies {
        let want = oracle_text(html);
        let got = fragment_text(html);
        // Compare the visible characters in order; white space only
        // separates them.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        if squash(&want) != squash(&got) {
            let (w, g) = (words(&want), words(&got));
            let at = w
                .iter()
                .zip(&g)
                .position(|(a, b)| a != b)
                .unwrap_or(w.len().min(g.len()));
            failures.push(format!(
                "{name}: word {at}: oracle {:?} vs unpress {:?}",
                &w[at..(at + 6).min(w.len())],
                &g[at..(at + 6).min(g.len())]
            ));
        }
    }
    println!(
        "word preservation: {} documents, {} differ",
        bodies.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_visible_word_survives_balancing_and_sanitizing() {
    every_visible_word_survives(support::repo_bodies(), 20);
}

#[cfg(feature = "corpus")]
#[test]
fn every_visible_word_of_the_corpus_survives_balancing_and_sanitizing() {
    every_visible_word_survives(support::corpus_bodies(), 400);
}

/// Each of `inputs`, converted three times with random chunk sizes, gives
/// the bytes it gives in one piece.
fn random_chunk_sizes_give_identical_outputs_for(inputs: Vec<PathBuf>) {
    let seed: u64 = std::env::var("UNPRESS_CHUNK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    println!("UNPRESS_CHUNK_SEED={seed}");
    let mut rng = Rng(seed);
    let formats = [Format::Markdown, Format::Json, Format::Xhtml];
    assert!(!inputs.is_empty());
    let mut inputs = inputs;
    inputs.sort();
    for path in inputs {
        let doc = unpress::read::read_file(&path, &Default::default()).unwrap();
        let whole = unpress::convert_document(&doc, &formats, &Options::default()).unwrap();
        for _ in 0..3 {
            let size = 1 + (rng.next() % 64) as usize;
            let mut opts = Options::default();
            opts.rewrite.chunk_size = Some(size);
            let chunked = unpress::convert_document(&doc, &formats, &opts).unwrap();
            for (a, b) in whole.files.iter().zip(&chunked.files) {
                assert_eq!(
                    a.1,
                    b.1,
                    "{}: {} differs with chunks of {size} bytes (UNPRESS_CHUNK_SEED={seed})",
                    path.display(),
                    a.0
                );
            }
        }
    }
}

#[test]
fn random_chunk_sizes_give_identical_outputs() {
    random_chunk_sizes_give_identical_outputs_for(support::fixture_inputs());
}

#[cfg(feature = "corpus")]
#[test]
fn random_chunk_sizes_give_identical_outputs_on_the_corpus() {
    random_chunk_sizes_give_identical_outputs_for(support::corpus_posts());
}
