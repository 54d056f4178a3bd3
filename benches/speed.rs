//! Throughput against one bare lol_html pass (docs/performance.md).
//!
//! The goal the project measures itself by: Markdown alone within 1.5x of
//! the time of one lol_html pass with no handlers over the same documents,
//! and all three formats within 1.5x of that pass writing three copies.
//! Everything is in memory and on one thread, so the ratio is the cost of
//! unpress's own work, not of the disk or the scheduler. Not a timed test:
//! run it by hand and record the figures.
//!
//!   cargo bench --bench speed [-- ROUNDS]     (default 5; best round kept)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use unpress::{Format, Options, convert_document, read};

const FOLDERS: &[&str] = &[
    "seed",
    "rss-hexo-posts",
    "wp-exported-jekyll-posts",
    "gutenberg-block-fixtures",
];

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in FOLDERS {
        let mut here: Vec<PathBuf> = std::fs::read_dir(corpus.join(folder))
            .unwrap_or_else(|e| panic!("{folder}: {e} (../shared must sit beside the checkout)"))
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e != "md" || !p.ends_with("README.md"))
            })
            .collect();
        here.sort();
        files.extend(here);
    }
    let opts = Options::default();
    let docs: Vec<unpress::Document> = files
        .iter()
        .filter_map(|p| read::read_file(p, &opts.read).ok())
        .collect();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    // Enough repetitions per round that a round takes a measurable time.
    let reps = (64 << 20) / bytes.max(1) + 1;
    println!(
        "{} documents, {} KB of bodies, x{reps} per round, best of {rounds} rounds",
        docs.len(),
        bytes / 1024
    );

    let bare = best(rounds, || {
        for _ in 0..reps {
            for d in &docs {
                let out = lol_html::rewrite_str(&d.body, lol_html::RewriteStrSettings::new())
                    .expect("lol_html");
                std::hint::black_box(out);
            }
        }
    });
    // The same pass with one handler on every element: lol_html then lexes
    // every tag fully (with no handler it only scans for tag boundaries).
    let lexed = best(rounds, || {
        for _ in 0..reps {
            for d in &docs {
                let settings = lol_html::RewriteStrSettings::new()
                    .append_element_content_handler(lol_html::element!("*", |_el| Ok(())));
                let out = lol_html::rewrite_str(&d.body, settings).expect("lol_html");
                std::hint::black_box(out);
            }
        }
    });
    let bare3 = best(rounds, || {
        for _ in 0..reps {
            for d in &docs {
                for _ in 0..3 {
                    let out = lol_html::rewrite_str(&d.body, lol_html::RewriteStrSettings::new())
                        .expect("lol_html");
                    std::hint::black_box(out);
                }
            }
        }
    });
    let run = |formats: &'static [Format]| {
        let docs = &docs;
        let opts = &opts;
        best(rounds, move || {
            for _ in 0..reps {
                for d in docs {
                    let out = convert_document(d, formats, opts).expect("convert");
                    std::hint::black_box(out);
                }
            }
        })
    };
    let md = run(&[Format::Markdown]);
    if std::env::var_os("UNPRESS_BENCH_MD_ONLY").is_some() {
        println!("unpress md: {:.1} ms", md.as_secs_f64() * 1e3);
        return;
    }
    let all = run(&[Format::Markdown, Format::Json, Format::Xhtml]);
    let mb = (bytes * reps) as f64 / (1 << 20) as f64;
    let line = |name: &str, t: Duration, base: Duration| {
        println!(
            "{name:<34} {:>8.1} ms {:>7.1} MB/s {:>6.2}x",
            t.as_secs_f64() * 1e3,
            mb / t.as_secs_f64(),
            t.as_secs_f64() / base.as_secs_f64()
        );
    };
    line("bare lol_html pass", bare, bare);
    line("lol_html, a handler on every tag", lexed, bare);
    line("unpress md", md, bare);
    line("bare lol_html pass x3", bare3, bare3);
    line("unpress md,json,xhtml", all, bare3);
}

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}
