//! Determinism: the same inputs give the same bytes, whatever the number
//! of threads and from one run to the next, in every format (the
//! per-document files, JSON Lines, and the EPUB book).
//!
//! Each set of inputs is converted three times by the built binary: with
//! `-j 1` (the sequential path, no thread pool), with `-j 2`, and with
//! `-j 2` again; every output file is compared byte for byte, and so are
//! the lists of files written and the exit codes. The repository's
//! fixtures and exports run with `cargo test`; the corpus (posts, block
//! fixtures, the importer's exports malformed ones included, the theme
//! unit test) with `--features corpus`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{self, files_under, text, unpress};

/// One run's outputs: relative path -> bytes, and the exit codes.
#[derive(PartialEq)]
struct Run {
    files: BTreeMap<String, Vec<u8>>,
    codes: Vec<Option<i32>>,
}

fn convert(inputs: &[PathBuf], jobs: &str, out: &Path) -> Run {
    let mut codes = Vec::new();
    for (format, target) in [
        ("md,json,xhtml", out.join("files")),
        ("jsonl", out.join("all.jsonl")),
        ("epub", out.join("book.epub")),
    ] {
        let run = unpress()
            .args(inputs)
            .args(["-q", "-j", jobs, "-t", format, "--comments", "-o"])
            .arg(&target)
            .output()
            .expect("run unpress");
        // Exit 1 is fine (the corpus has malformed exports whose bad
        // items fail alone); a usage error or a panic is not.
        assert!(
            matches!(run.status.code(), Some(0 | 1)),
            "-j {jobs} -t {format}: {:?}: {}",
            run.status.code(),
            text(&run.stderr)
        );
        codes.push(run.status.code());
    }
    let files = files_under(out)
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(out.join(&rel)).expect("read an output");
            (rel, bytes)
        })
        .collect();
    Run { files, codes }
}

/// Converts `inputs` with `-j 1`, `-j 2` and `-j 2` again; panics naming
/// the first file that differs.
fn same_bytes_every_time(inputs: &[PathBuf], min_files: usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let runs: Vec<(String, Run)> = [("1", "j1"), ("2", "j2"), ("2", "j2-again")]
        .iter()
        .map(|(jobs, name)| {
            (
                name.to_string(),
                convert(inputs, jobs, &tmp.path().join(name)),
            )
        })
        .collect();
    let (first_name, first) = &runs[0];
    assert!(
        first.files.len() >= min_files,
        "only {} files: {:?}",
        first.files.len(),
        first.files.keys().collect::<Vec<_>>()
    );
    assert!(
        first.files.keys().any(|k| k.ends_with(".epub"))
            && first.files.keys().any(|k| k.ends_with(".jsonl")),
        "a book and a JSON Lines file"
    );
    for (name, run) in &runs[1..] {
        assert_eq!(
            first.files.keys().collect::<Vec<_>>(),
            run.files.keys().collect::<Vec<_>>(),
            "{first_name} and {name} wrote different files"
        );
        for (rel, bytes) in &first.files {
            assert!(
                run.files[rel] == *bytes,
                "{rel} differs between {first_name} and {name}"
            );
        }
        assert_eq!(
            first.codes, run.codes,
            "{first_name} and {name}: exit codes"
        );
    }
}

#[test]
fn fixtures_and_exports_give_the_same_bytes_with_one_or_two_threads() {
    let mut inputs = support::fixture_inputs();
    inputs.extend(support::repo_exports());
    same_bytes_every_time(&inputs, 60);
}

#[cfg(feature = "corpus")]
#[test]
fn the_corpus_gives_the_same_bytes_with_one_or_two_threads() {
    let mut inputs = support::corpus_posts();
    inputs.extend(support::corpus_exports());
    assert!(inputs.len() > 40, "{inputs:?}");
    same_bytes_every_time(&inputs, 400);
}
