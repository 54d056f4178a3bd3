//! `--shard K/N` (docs/scaling.md): N runs, each converting the documents
//! whose planned output path hashes to it, add up to a single run byte
//! for byte, whether each writes into its own folder or all into one;
//! every document is converted by exactly one shard. On
//! tests/data/wxr/site.xml (with and without a site, with an uploads
//! folder) and on a folder of posts made from the fixtures.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::{
    files_under, fixture_inputs, repo, run_in, run_with_stdin, site_uploads, text, unpress,
};

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).expect("read output");
            (rel, bytes)
        })
        .collect()
}

/// `N converted, M failed` from a run's summary.
fn counts(out: &Output) -> (usize, usize) {
    let err = text(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains(" converted, "))
        .unwrap_or_else(|| panic!("no summary:\n{err}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    (n[0], n[1])
}

/// The files every shard writes whole: the site's settings and the
/// redirects (both decided by the scan, the same in every shard).
const SIDE_FILES: &[&str] = &["unpress.toml", "_config.unpress.yml", "redirects.csv"];

/// A folder of posts: every fixture's input, named after its case, and
/// two inputs with one stem (`dup.html`, `dup.md`), renamed by the plan.
fn posts(dir: &Path) {
    let posts = dir.join("posts");
    std::fs::create_dir_all(&posts).expect("posts folder");
    let inputs = fixture_inputs();
    assert!(inputs.len() > 10, "the fixtures are there");
    for input in &inputs {
        let case = input
            .parent()
            .and_then(Path::file_name)
            .expect("a case folder");
        let ext = input.extension().expect("an extension");
        let to = posts.join(case).with_extension(ext);
        std::fs::copy(repo(&input.to_string_lossy()), to).expect("copy");
    }
    let html = inputs
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("an HTML input");
    std::fs::copy(repo(&html.to_string_lossy()), posts.join("dup.html")).expect("copy");
    std::fs::write(posts.join("dup.md"), "# Dup\n\nThe other one.\n").expect("write");
}

/// Runs `args` once into `one/`, as `--shard 1/1` into `whole/`, as three
/// shards into `s1/`..`s3/` one after another, and as three shards at
/// once into `shared/`; checks that they all come to the same tree.
fn shards_add_up(dir: &Path, args: &[&str]) {
    let run = |out: &str, extra: &[&str]| -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&["-o", out]);
        all.extend_from_slice(extra);
        run_in(dir, &all)
    };
    let single = run("one", &[]);
    assert!(
        single.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&single.stderr)
    );
    let want = tree(&dir.join("one"));
    assert!(want.len() > 5, "{args:?}: {:?}", want.keys());
    let (converted, failed) = counts(&single);

    let whole = run("whole", &["--shard", "1/1"]);
    assert_eq!(
        whole.status.code(),
        single.status.code(),
        "{}",
        text(&whole.stderr)
    );
    assert_eq!(tree(&dir.join("whole")), want, "{args:?}: --shard 1/1");

    let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut holders: BTreeMap<String, usize> = BTreeMap::new();
    let (mut sum_converted, mut sum_failed) = (0, 0);
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = format!("s{k}");
        let ran = run(&out, &["--shard", &shard]);
        assert!(
            ran.status.code().is_some_and(|c| c < 2),
            "{}",
            text(&ran.stderr)
        );
        let (c, f) = counts(&ran);
        sum_converted += c;
        sum_failed += f;
        for (rel, bytes) in tree(&dir.join(&out)) {
            *holders.entry(rel.clone()).or_default() += 1;
            if let Some(other) = union.insert(rel.clone(), bytes.clone()) {
                assert_eq!(other, bytes, "{args:?}: shards wrote {rel} differently");
            }
        }
    }
    assert_eq!(union, want, "{args:?}: the union of three shards");
    assert_eq!((sum_converted, sum_failed), (converted, failed), "{args:?}");
    for (rel, n) in &holders {
        if SIDE_FILES.contains(&rel.as_str()) {
            assert_eq!(*n, 3, "{args:?}: every shard writes {rel}");
        } else {
            assert_eq!(*n, 1, "{args:?}: {rel} written by {n} shards");
        }
    }

    // Three processes at once into one folder.
    let children: Vec<_> = (1..=3)
        .map(|k| {
            let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
            all.extend([
                "-o".into(),
                "shared".into(),
                "--shard".into(),
                format!("{k}/3"),
            ]);
            unpress()
                .current_dir(dir)
                .args(&all)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn unpress")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        tree(&dir.join("shared")),
        want,
        "{args:?}: three shards in one folder"
    );
}

#[test]
fn shards_of_an_export_add_up_to_one_run() {
    let export = repo("tests/data/wxr/site.xml");
    let export = export.to_str().expect("utf-8 path");
    for extra in [&[][..], &["--layout", "date-folders"], &["-t", "md"]] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args = vec![export];
        args.extend_from_slice(extra);
        shards_add_up(dir.path(), &args);
    }
}

#[test]
fn shards_of_a_site_migration_add_up_to_one_run() {
    let export = repo("tests/data/wxr/site.xml");
    let export = export.to_str().expect("utf-8 path");
    for site in ["hugo", "jekyll"] {
        let dir = tempfile::tempdir().expect("temp dir");
        site_uploads(dir.path());
        shards_add_up(
            dir.path(),
            &[export, "--site", site, "--uploads", "uploads"],
        );
        // The copies are there, each written by the shard whose document
        // uses it.
        let copies = files_under(&dir.path().join("one"))
            .into_iter()
            .filter(|f| f.contains("uploads/"))
            .count();
        // clover, the April clover, grass (for its resized name) and the
        // identical copy (a hard link: each name kept, stored once).
        assert_eq!(copies, 4, "{site}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    site_uploads(dir.path());
    shards_add_up(dir.path(), &[export, "--uploads", "uploads"]);
}

#[test]
fn shards_of_a_folder_add_up_to_one_run() {
    for extra in [&[][..], &["--site", "hugo"], &["--site", "jekyll"]] {
        let dir = tempfile::tempdir().expect("temp dir");
        posts(dir.path());
        let mut args = vec!["posts"];
        args.extend_from_slice(extra);
        shards_add_up(dir.path(), &args);
    }
}

/// A folder and an export in one run: names are decided across both
/// before any shard takes its part.
#[test]
fn shards_of_a_folder_and_an_export_add_up_to_one_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    posts(dir.path());
    // A post whose name an export item wants too: the export's is renamed.
    std::fs::create_dir_all(dir.path().join("posts/post")).expect("folder");
    std::fs::write(dir.path().join("posts/post/a-meadow.md"), "# Mine\n").expect("write");
    let export = repo("tests/data/wxr/site.xml");
    shards_add_up(dir.path(), &["posts", export.to_str().expect("utf-8 path")]);
}

/// `-t jsonl` is a filter from standard input to standard output: an
/// export or a post in, one JSON object a line out; the shards' lines
/// are the single run's.
#[test]
fn jsonl_filters_stdin_to_stdout_in_shards() {
    let export = std::fs::read(repo("tests/data/wxr/site.xml")).expect("export");
    let lines = |out: &Output| -> Vec<String> {
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().map(str::to_owned).collect()
    };
    let mut want = lines(&run_with_stdin(&["-t", "jsonl", "-q"], &export));
    assert_eq!(want.len(), 12);
    for line in &want {
        let doc: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
        assert!(
            doc["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("<stdin>")),
            "{line}"
        );
    }
    let mut got = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        got.extend(lines(&run_with_stdin(
            &["-t", "jsonl", "-q", "--shard", &shard],
            &export,
        )));
    }
    want.sort();
    got.sort();
    assert_eq!(got, want);

    // A post on stdin: one line, and one shard has it.
    let post = b"<h1>Hello</h1><p>One <em>post</em>.</p>";
    let one = lines(&run_with_stdin(&["-t", "jsonl"], post));
    assert_eq!(one.len(), 1);
    let doc: serde_json::Value = serde_json::from_str(&one[0]).expect("JSON");
    assert_eq!(doc["source"], "<stdin>");
    let shards: Vec<Vec<String>> = (1..=2)
        .map(|k| {
            lines(&run_with_stdin(
                &["-t", "jsonl", "--shard", &format!("{k}/2")],
                post,
            ))
        })
        .collect();
    assert_eq!(shards.concat(), one);
}

#[test]
fn a_shard_is_k_of_n_counted_from_one() {
    let export = repo("tests/data/wxr/site.xml");
    let export = export.to_str().expect("utf-8 path");
    for bad in ["0/4", "5/4", "a/b", "1/0", "1", "-1/2", "1/2/3"] {
        let arg = format!("--shard={bad}");
        let out = run_in(Path::new("."), &[export, "-t", "jsonl", &arg]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains("--shard 1/4"), "{bad}: {err}");
        assert!(out.stdout.is_empty(), "{bad}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_in(
        dir.path(),
        &[export, "-t", "epub", "-o", "b.epub", "--shard", "1/2"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("book"), "{}", text(&out.stderr));
    assert!(!dir.path().join("b.epub").exists());
}

/// What belongs to no document (here an export's broken item) is shard
/// 1's: the shards' counts, exit codes and reports add up to one run's.
#[test]
fn a_broken_item_is_shard_ones_and_the_reports_add_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut items: Vec<String> = (0..6)
        .map(|i| {
            format!(
                "<item><title>Post {i}</title><wp:post_id>{}</wp:post_id><wp:post_name>post-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>Body {i}</p>]]></content:encoded></item>",
                i + 1
            )
        })
        .collect();
    items.insert(
        3,
        "<item><title>Broken</titl><wp:post_type>post</wp:post_type></item>".into(),
    );
    let export = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>T</title><link>https://t.example</link>\n{}\n</channel></rss>\n",
        items.concat()
    );
    std::fs::write(dir.path().join("e.xml"), export).expect("export");
    let report = |name: &str| -> serde_json::Value {
        let bytes = std::fs::read(dir.path().join(name)).expect("report");
        serde_json::from_slice(&bytes).expect("JSON")
    };
    let single = run_in(dir.path(), &["e.xml", "-o", "one", "--report", "one.json"]);
    assert_eq!(single.status.code(), Some(1), "{}", text(&single.stderr));
    assert_eq!(counts(&single), (6, 1));
    let (mut converted, mut failed, mut records) = (0, 0, 0);
    for k in 1..=3 {
        let name = format!("r{k}.json");
        let shard = format!("{k}/3");
        let out = run_in(
            dir.path(),
            &[
                "e.xml", "-o", "shards", "--report", &name, "--shard", &shard,
            ],
        );
        let (c, f) = counts(&out);
        assert_eq!(
            out.status.code(),
            Some(i32::from(f > 0)),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(f, usize::from(k == 1), "shard {k}: {}", text(&out.stderr));
        converted += c;
        failed += f;
        let r = report(&name);
        let docs = r["documents"].as_array().map_or(0, Vec::len);
        assert_eq!(r["summary"]["documents"], docs, "shard {k}");
        records += docs;
    }
    assert_eq!((converted, failed), (6, 1));
    assert_eq!(
        records,
        report("one.json")["documents"]
            .as_array()
            .map_or(0, Vec::len)
    );
    assert_eq!(
        tree(&dir.path().join("shards")),
        tree(&dir.path().join("one"))
    );
}
