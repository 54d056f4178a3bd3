//! The command line, run as a user runs it: the real binary, real files in
//! a temp folder, exit codes and messages checked.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::{files_under, repo, run_in, run_with_stdin, text, unpress};

const POST: &str = "---\ntitle: Hello\ndate: 2019-03-04 10:20:30\n---\n<div><p>One <b>two</b></p><p><img src=\"a.jpg\" loading=\"lazy\" alt=\"\"></p></div>\n";

/// A folder of posts: two good ones (one nested), a hidden folder and a file
/// of another kind that must be skipped.
fn blog(root: &Path) {
    fs::create_dir_all(root.join("posts/2019")).unwrap();
    fs::create_dir_all(root.join("posts/.drafts")).unwrap();
    fs::write(root.join("posts/first.html"), POST).unwrap();
    fs::write(
        root.join("posts/2019/second.md"),
        "---\ntitle: Second\n---\n## Hi\n\nText *here*.\n",
    )
    .unwrap();
    fs::write(
        root.join("posts/.drafts/hidden.md"),
        "---\ntitle: Hidden\n---\nx\n",
    )
    .unwrap();
    fs::write(root.join("posts/notes.json"), "{}").unwrap();
}

#[test]
fn stdin_to_markdown_on_stdout() {
    let out = run_with_stdin(&[], POST.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.starts_with("---\ntitle: Hello\ndate: 2019-03-04T10:20:30\n---\n"),
        "{md}"
    );
    assert!(md.contains("**two**"), "{md}");
    assert!(!md.contains("loading"), "{md}");
    // A single document to stdout prints no summary.
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn dash_is_stdin_and_formats_are_chosen_with_to() {
    let out = run_with_stdin(&["-", "--to", "xhtml"], POST.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>")
    );
}

#[test]
fn empty_stdin_is_a_usage_error() {
    for input in [&b""[..], b"  \n\n"] {
        let out = run_with_stdin(&[], input);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains("standard input is empty"), "{err}");
        assert!(err.contains("Usage:"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn one_file_to_stdout_in_each_format() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("post.html"), POST).unwrap();
    for (format, starts) in [
        ("md", "---\n"),
        ("json", "{\n"),
        ("xhtml", "<?xml"),
        ("jsonl", "{\"schema_version\""),
    ] {
        let out = run_in(tmp.path(), &["post.html", "-t", format]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).starts_with(starts),
            "{format}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn folder_with_one_format_writes_straight_into_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let out = run_in(tmp.path(), &["posts", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("out")),
        ["2019/second.md", "first.md"]
    );
    assert_eq!(text(&out.stderr), "2 converted, 0 failed\n");
}

#[test]
fn folder_with_several_formats_writes_one_subfolder_each() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let out = run_in(tmp.path(), &["posts", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("out")),
        [
            "json/2019/second.json",
            "json/first.json",
            "md/2019/second.md",
            "md/first.md",
            "xhtml/2019/second.xhtml",
            "xhtml/first.xhtml",
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("out/json/first.json")).unwrap())
            .unwrap();
    assert_eq!(json["title"], "Hello");
    // The inputs are untouched, and no temp file is left behind.
    assert_eq!(
        fs::read_to_string(tmp.path().join("posts/first.html")).unwrap(),
        POST
    );
    assert!(
        files_under(tmp.path())
            .iter()
            .all(|f| !f.contains(".unpress-"))
    );
}

#[test]
fn a_single_file_keeps_its_name_under_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("post.html"), POST).unwrap();
    let out = run_in(tmp.path(), &["post.html", "-t", "json", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(files_under(&tmp.path().join("out")), ["post.json"]);
}

#[test]
fn jsonl_is_one_stream_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let out = run_in(tmp.path(), &["posts", "-t", "jsonl", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let titles: Vec<&str> = lines.iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Second", "Hello"]);
    assert_eq!(text(&out.stderr), "", "-q prints no summary");

    let out = run_in(tmp.path(), &["posts", "-t", "jsonl", "-o", "all.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(tmp.path().join("all.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

#[test]
fn one_broken_post_does_not_stop_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    fs::write(
        tmp.path().join("posts/broken.md"),
        "---\ntitle: [unclosed\n---\nbody\n",
    )
    .unwrap();
    fs::write(tmp.path().join("posts/latin1.html"), b"<p>caf\xe9</p>").unwrap();
    let out = run_in(tmp.path(), &["posts", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    // serde_yaml finds the unclosed list at the end of the block; its own
    // positions are counted from the top of the file too.
    assert!(
        err.contains("unpress: posts/broken.md:3:1: front matter: "),
        "{err}"
    );
    assert!(err.contains("flow sequence at line 2 column 8"), "{err}");
    assert!(
        err.contains("unpress: posts/latin1.html:1:7: not UTF-8 (byte offset 6)"),
        "{err}"
    );
    assert!(err.ends_with("2 converted, 2 failed\n"), "{err}");
    assert_eq!(
        files_under(&tmp.path().join("out")),
        ["2019/second.md", "first.md"]
    );
}

#[test]
fn output_folder_equal_to_the_input_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let before = files_under(tmp.path());
    let out = run_in(tmp.path(), &["posts", "-o", "posts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is the input folder itself"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(files_under(tmp.path()), before, "nothing was written");
}

#[test]
fn an_output_that_would_overwrite_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("d")).unwrap();
    fs::write(tmp.path().join("d/a.md"), "# A\n").unwrap();
    let out = run_in(tmp.path(), &["d/a.md", "-t", "md", "-o", "d"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("would overwrite the input"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("d/a.md")).unwrap(),
        "# A\n"
    );
}

#[test]
fn the_output_folder_inside_the_input_folder_is_not_read_again() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    for _ in 0..2 {
        let out = run_in(tmp.path(), &["posts", "-t", "md", "-o", "posts/out"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    assert_eq!(
        files_under(&tmp.path().join("posts/out")),
        ["2019/second.md", "first.md"]
    );
}

#[test]
fn two_inputs_with_one_output_name_get_distinct_names() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("p")).unwrap();
    fs::write(tmp.path().join("p/a.html"), "<p>from html</p>").unwrap();
    fs::write(tmp.path().join("p/a.md"), "from *markdown*").unwrap();
    let out = run_in(tmp.path(), &["p", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("out")),
        ["a-html.md", "a-md.md"]
    );
    assert!(
        text(&out.stderr).contains("warning: p/a.md: another input has the same output name"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        fs::read_to_string(tmp.path().join("out/a-md.md"))
            .unwrap()
            .contains("*markdown*")
    );
}

/// A folder is walked depth first, each folder's entries in the order of
/// their names' bytes (`A` < `Z` < `a`, a folder `b` before `b.md`); names
/// that differ only in case are one name (a case-insensitive file system
/// would make them one file): every input sharing one is renamed with its
/// extension, the shared names given up first, so that a renamed input
/// never takes the name of one that was not renamed.
#[test]
fn a_folder_is_walked_in_name_order_and_case_insensitive_names_are_kept_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir_all(dir.join("b")).unwrap();
    for name in [
        "Z.md", "a.md", "A.html", "b/c.md", "b.md", "é.md", "a-md.md", "A-MD.htm",
    ] {
        fs::write(dir.join(name), format!("<p>{name}</p>")).unwrap();
    }
    let out = run_in(tmp.path(), &["in", "-t", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sources: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"].as_str().unwrap().to_owned()
        })
        .collect();
    let order = [
        "A-MD.htm", "A.html", "Z.md", "a-md.md", "a.md", "b/c.md", "b.md", "é.md",
    ];
    assert_eq!(sources, order.map(|n| format!("in/{n}")));
    let out = run_in(tmp.path(), &["in", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // `a.md` and `A.html` share `a`; `a-md.md` and `A-MD.htm` share
    // `a-md`, so all four are renamed, and none lands on another's name.
    assert_eq!(
        files_under(&tmp.path().join("out")),
        [
            "A-MD-htm.md",
            "A-html.md",
            "Z.md",
            "a-md-md.md",
            "a-md.md",
            "b.md",
            "b/c.md",
            "é.md"
        ]
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/a-md.md"))
            .unwrap()
            .trim(),
        "a.md"
    );
    assert_eq!(text(&out.stderr).matches("the same output name").count(), 4);
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let cases: &[(&[&str], &str)] = &[
        (&["posts"], "-o DIR"),
        (&["posts/first.html", "-t", "md,json"], "several formats"),
        (&["posts", "-t", "md,jsonl", "-o", "x"], "cannot be mixed"),
        (&["posts/first.html", "-t", "pdf"], "unknown format 'pdf'"),
        (
            &["posts/first.html", "--no-rule", "nope"],
            "unknown rule 'nope'",
        ),
        (
            &["posts/first.html", "--timezone", "Mars/Base"],
            "unknown time zone",
        ),
        (&["missing.html"], "no such file or folder"),
        (&["posts/first.html", "--bogus"], "--bogus"),
    ];
    for (args, hint) in cases {
        let out = run_in(tmp.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(hint),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn a_broken_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let big: String = (0..40_000)
        .map(|i| format!("<p>Paragraph number {i} with some words.</p>\n"))
        .collect();
    fs::write(tmp.path().join("big.html"), &big).unwrap();
    let mut child = unpress()
        .current_dir(tmp.path())
        .args(["big.html", "-t", "xhtml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn help_lists_the_rules() {
    let out = run_in(Path::new("."), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for rule in [
        "residue",
        "captions",
        "lone-images",
        "wrapper",
        "attributes",
    ] {
        assert!(help.contains(rule), "{help}");
    }
}

#[test]
fn readme_shows_the_current_help() {
    let out = run_in(Path::new("."), &["--help"]);
    let help = text(&out.stdout);
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("## Options\n\n```text\n")
        .expect("README has an Options block")
        + "## Options\n\n```text\n".len();
    let end = start + readme[start..].find("```\n").unwrap();
    if std::env::var_os("UNPRESS_BLESS").is_some() {
        let updated = format!("{}{}{}", &readme[..start], help, &readme[end..]);
        fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        help,
        "README's Options block is out of date: run UNPRESS_BLESS=1 cargo test readme_shows_the_current_help"
    );
}

#[test]
fn a_document_over_the_budget_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("p")).unwrap();
    let big: String = (0..500).map(|i| format!("<p>para {i}</p>")).collect();
    fs::write(tmp.path().join("p/big.html"), big).unwrap();
    fs::write(tmp.path().join("p/small.html"), "<p>small</p>").unwrap();
    let out = run_in(
        tmp.path(),
        &["p", "-t", "md", "-o", "out", "--max-nodes", "100"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("unpress: p/big.html: the HTML body makes more than 100 nodes"),
        "{err}"
    );
    assert_eq!(files_under(&tmp.path().join("out")), ["small.md"]);

    let out = run_in(
        tmp.path(),
        &["p", "-t", "md", "-o", "out2", "--max-bytes", "1000"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("p/big.html: cannot read: more than 1000 bytes, the limit for one document; raise it with --max-bytes"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn deeply_nested_input_converts_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let html = format!(
        "{}deep{}",
        "<div><blockquote><b>".repeat(depth / 3),
        "</b></blockquote></div>".repeat(depth / 3)
    );
    fs::write(tmp.path().join("deep.html"), html).unwrap();
    let out = run_in(tmp.path(), &["deep.html", "-o", "out", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let input = fs::metadata(tmp.path().join("deep.html")).unwrap().len();
    for f in ["md/deep.md", "json/deep.json", "xhtml/deep.xhtml"] {
        let out = fs::read_to_string(tmp.path().join("out").join(f)).unwrap();
        assert!(out.contains("deep"), "{f}");
        // Markdown repeats container prefixes on every line: the writer
        // caps them, so the output stays linear in the input.
        assert!(
            (out.len() as u64) < 10 * input,
            "{f}: {} bytes from {input}",
            out.len()
        );
    }
}

// --- WordPress exports -----------------------------------------------------

/// The export written for the tests: 4 documents (a post, a page, a draft,
/// a recipe of a custom type), an attachment and a menu item.
fn every_field() -> std::path::PathBuf {
    repo("tests/data/wxr/every-field.xml")
}

/// `export` converted to Markdown: every document in its type's folder,
/// the summary counting them.
fn export_becomes_type_folders(export: &Path, types: &[&str], documents: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(
        tmp.path(),
        &[export.to_str().unwrap(), "-t", "md", "-o", "site"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let files = files_under(&tmp.path().join("site"));
    assert!(!files.is_empty());
    assert!(
        files
            .iter()
            .all(|f| types.iter().any(|t| f.starts_with(&format!("{t}/")))),
        "{files:?}"
    );
    let err = text(&out.stderr);
    let name = export.file_name().unwrap().to_string_lossy();
    assert!(
        err.contains(&format!("{name}: {documents} documents")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|line| line == format!("{documents} converted, 0 failed")),
        "{err}"
    );
}

#[test]
fn a_wordpress_export_becomes_type_folders() {
    export_becomes_type_folders(&every_field(), &["post", "page", "recipe"], 4);
}

/// An export piped in: spooled, filtered by type and status; several
/// documents cannot go to stdout in a per-document format.
fn export_on_stdin_is_spooled_and_filters_apply(export: &[u8]) {
    let out = run_with_stdin(
        &[
            "-t",
            "jsonl",
            "-q",
            "--post-type",
            "post",
            "--status",
            "publish",
        ],
        export,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let docs: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!docs.is_empty());
    assert!(
        docs.iter().all(
            |d| d["front_matter"]["type"] == "post" && d["front_matter"]["status"] == "publish"
        ),
        "{docs:?}"
    );
    assert!(
        docs.iter()
            .all(|d| d["source"].as_str().unwrap().starts_with("<stdin>:")),
        "{docs:?}"
    );
    // Several documents to stdout in a per-document format is a usage error.
    let out = run_with_stdin(&["-t", "md"], export);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("documents cannot all go to standard output"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_export_on_stdin_is_spooled_and_filters_apply() {
    export_on_stdin_is_spooled_and_filters_apply(&fs::read(every_field()).unwrap());
}

/// A malformed export fails with exit 1 and an error naming its place.
fn broken_export_item_is_reported_with_its_place(export: &Path, message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &[export.to_str().unwrap(), "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(message), "{err}");
}

#[test]
fn a_broken_export_item_is_reported_with_its_place() {
    broken_export_item_is_reported_with_its_place(
        &repo("tests/data/wxr/unclosed-item.xml"),
        "unclosed-item.xml:9:1: item 1 has no </item>",
    );
}

// --- --to epub: one book of all documents --------------------------------

/// The entries of a book: name -> bytes, in the zip's order.
fn book_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry data");
            (f.name().expect("name").into_owned(), data)
        })
        .collect()
}

fn book_entry(entries: &[(String, Vec<u8>)], name: &str) -> String {
    entries
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| String::from_utf8(d.clone()).expect("UTF-8"))
        .unwrap_or_else(|| panic!("no {name} in the book"))
}

fn chapters(entries: &[(String, Vec<u8>)]) -> Vec<String> {
    entries
        .iter()
        .filter(|(n, _)| n.starts_with("EPUB/chapter-"))
        .map(|(_, d)| String::from_utf8(d.clone()).expect("UTF-8"))
        .collect()
}

#[test]
fn a_folder_becomes_one_book_the_same_each_time() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    let out = run_in(tmp.path(), &["--to", "epub", "-o", "book.epub", "posts"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("book.epub: 2 chapters"), "{err}");
    assert!(err.ends_with("2 converted, 0 failed\n"), "{err}");
    // The book is the only file written.
    assert_eq!(files_under(&tmp.path().join("posts")).len(), 4);
    let entries = book_entries(&tmp.path().join("book.epub"));
    assert_eq!(entries[0].0, "mimetype");
    let nav = book_entry(&entries, "EPUB/nav.xhtml");
    assert!(
        nav.contains(">Hello</a>") && nav.contains(">Second</a>"),
        "{nav}"
    );
    // Dated first, then undated: "Hello" has a date, "Second" none.
    let ch = chapters(&entries);
    assert!(ch[0].contains("<h1>Hello</h1>") && ch[1].contains("<h1>Second</h1>"));
    // The image `a.jpg` is not there: its alt (empty) stands in, no <img>.
    assert!(!ch[0].contains("<img"), "{}", ch[0]);
    let opf = book_entry(&entries, "EPUB/package.opf");
    assert!(opf.contains("<dc:title>Hello</dc:title>"), "{opf}");

    let first = fs::read(tmp.path().join("book.epub")).unwrap();
    let out = run_in(
        tmp.path(),
        &["-q", "--to", "epub", "-o", "again.epub", "posts"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(first == fs::read(tmp.path().join("again.epub")).unwrap());
}

#[test]
fn book_options_title_order_cover_and_assets() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("uploads/2020")).unwrap();
    let png = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/arabic-post/images/garden.png"
    );
    fs::copy(png, root.join("uploads/2020/garden.png")).unwrap();
    fs::copy(png, root.join("cover.png")).unwrap();
    fs::write(
        root.join("b.html"),
        "---\ntitle: Later\ndate: 2021-01-01\n---\n<p><img src=\"https://example.com/wp-content/uploads/2020/garden.png\" alt=\"Garden\"></p>\
         <p><img src=\"https://example.com/wp-content/uploads/2020/gone.png\" alt=\"Gone\"></p>",
    )
    .unwrap();
    fs::write(
        root.join("a.html"),
        "---\ntitle: Earlier\ndate: 2020-01-01\n---\n<p>Text</p>",
    )
    .unwrap();
    let out = run_in(
        root,
        &[
            "--to",
            "epub",
            "-o",
            "out/book.epub",
            "--title",
            "My: blog",
            "--order",
            "input",
            "--cover",
            "cover.png",
            "--assets",
            "https://example.com/wp-content/uploads/=uploads",
            "b.html",
            "a.html",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    // The image under the prefix that is not in the folder is named.
    assert!(err.contains("gone.png: not in uploads"), "{err}");
    assert!(err.contains("1 remote images linked"), "{err}");
    let entries = book_entries(&root.join("out/book.epub"));
    let opf = book_entry(&entries, "EPUB/package.opf");
    assert!(opf.contains("<dc:title>My: blog</dc:title>"), "{opf}");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    // Input order: b.html first although it is newer.
    let ch = chapters(&entries);
    assert!(ch[0].contains("<h1>Later</h1>"), "{}", ch[0]);
    // The packaged image and the linked one.
    assert!(ch[0].contains("<img src=\"images/"), "{}", ch[0]);
    assert!(
        ch[0].contains("href=\"https://example.com/wp-content/uploads/2020/gone.png\""),
        "{}",
        ch[0]
    );
    let images = entries
        .iter()
        .filter(|(n, _)| n.starts_with("EPUB/images/"))
        .count();
    // The garden and the cover are one file: the same bytes.
    assert_eq!(
        images,
        1,
        "{:?}",
        entries.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
}

#[test]
fn a_broken_post_is_left_out_of_the_book_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    fs::write(tmp.path().join("posts/bad.html"), b"<p>caf\xe9</p>").unwrap();
    let out = run_in(tmp.path(), &["--to", "epub", "-o", "book.epub", "posts"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.html") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(err.ends_with("2 converted, 1 failed\n"), "{err}");
    assert_eq!(
        chapters(&book_entries(&tmp.path().join("book.epub"))).len(),
        2
    );
}

#[test]
fn a_book_with_no_chapter_is_not_written() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("bad.html"), b"<p>caf\xe9</p>").unwrap();
    let out = run_in(tmp.path(), &["--to", "epub", "-o", "book.epub", "bad.html"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("book.epub: no document to put in the book"),
        "{err}"
    );
    assert!(!tmp.path().join("book.epub").exists());
    assert_eq!(files_under(tmp.path()), vec!["bad.html"]);
}

#[test]
fn book_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    blog(tmp.path());
    for (args, message) in [
        (
            &["--to", "epub", "posts"][..],
            "name it with -o, e.g. -o book.epub",
        ),
        (
            &["--to", "epub,md", "-o", "x", "posts"][..],
            "cannot be mixed with md",
        ),
        (
            &["--to", "epub", "-o", "posts", "posts/first.html"][..],
            "is a folder; epub writes one file",
        ),
        (
            &["--to", "epub", "-o", "posts/first.html", "posts"][..],
            "is an input",
        ),
        (
            &["--to", "epub", "-o", "b.epub", "--assets", "nodir", "posts"][..],
            "is not URL_PREFIX=DIR",
        ),
        (
            &["--to", "pdf", "posts"][..],
            "use md, json, xhtml, jsonl or epub",
        ),
    ] {
        let out = run_in(tmp.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        fs::read_to_string(tmp.path().join("posts/first.html")).unwrap(),
        POST
    );
}

/// A book of `export` is titled after its site and has one chapter per
/// document (`documents`: published ones, the default for a book); with a
/// post beside the export, the site's title is not the book's.
fn export_becomes_a_book_titled_after_the_site(export: &Path, documents: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(
        tmp.path(),
        &[export.to_str().unwrap(), "--to", "epub", "-o", "site.epub"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let entries = book_entries(&tmp.path().join("site.epub"));
    let opf = book_entry(&entries, "EPUB/package.opf");
    let site = fs::read_to_string(export).unwrap();
    let title = site
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(
        opf.contains(&format!("<dc:title>{title}</dc:title>")),
        "{opf}"
    );
    // As many chapters as the export has documents.
    assert_eq!(chapters(&entries).len(), documents);
    let name = export.file_name().unwrap().to_string_lossy();
    assert!(
        text(&out.stderr).contains(&format!("{name}: {documents} documents")),
        "{}",
        text(&out.stderr)
    );
    // With a post beside the export, the site's title is not the book's.
    blog(tmp.path());
    let out = run_in(
        tmp.path(),
        &[
            "-q",
            export.to_str().unwrap(),
            "posts/first.html",
            "--to",
            "epub",
            "-o",
            "mixed.epub",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let entries = book_entries(&tmp.path().join("mixed.epub"));
    assert_eq!(chapters(&entries).len(), documents + 1);
    let opf = book_entry(&entries, "EPUB/package.opf");
    assert!(
        !opf.contains(&format!("<dc:title>{title}</dc:title>")),
        "{opf}"
    );
}

#[test]
fn a_wordpress_export_becomes_a_book_titled_after_the_site() {
    // Its draft is not published: 3 of its 4 documents.
    export_becomes_a_book_titled_after_the_site(&every_field(), 3);
}

#[test]
fn output_files_get_ordinary_permissions() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        blog(tmp.path());
        let out = run_in(tmp.path(), &["-q", "-t", "md", "-o", "site", "posts"]);
        assert_eq!(out.status.code(), Some(0));
        let mode = fs::metadata(tmp.path().join("site/first.md"))
            .unwrap()
            .permissions()
            .mode();
        // Readable by others unless the umask says otherwise (a temp file
        // alone is 0600).
        assert_ne!(mode & 0o077, 0, "{mode:o}");
    }
}

/// A one-site export of `items` (title "Site", https://example.com) in
/// `root`, its uploads folder holding `2020/01/garden.png`, made into
/// `site.epub` with `--assets` pointing there.
fn book_of_site(root: &Path, items: &str) -> Output {
    fs::create_dir_all(root.join("uploads/2020/01")).unwrap();
    let png = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/arabic-post/images/garden.png"
    );
    fs::copy(png, root.join("uploads/2020/01/garden.png")).unwrap();
    let export = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Site</title>{items}</channel></rss>"
    );
    fs::write(root.join("site.xml"), export).unwrap();
    run_in(
        root,
        &[
            "site.xml",
            "--to",
            "epub",
            "-o",
            "site.epub",
            "--assets",
            "https://example.com/wp-content/uploads/=uploads",
        ],
    )
}

#[test]
fn an_exports_featured_image_found_with_assets_is_the_cover() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let item = |id: u32, ty: &str, extra: &str| {
        format!(
            "<item><title>T{id}</title><wp:post_id>{id}</wp:post_id><wp:post_type>{ty}</wp:post_type>\
             <wp:status>{status}</wp:status><wp:post_name>t{id}</wp:post_name>\
             <wp:post_date_gmt>2020-01-0{id}00:00:00</wp:post_date_gmt>\
             <content:encoded><![CDATA[<p>Body {id}</p>]]></content:encoded>{extra}</item>",
            status = if ty == "attachment" {
                "inherit"
            } else {
                "publish"
            }
        )
    };
    let items = format!(
        "{}{}",
        item(
            1,
            "post",
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>2</wp:meta_value></wp:postmeta>"
        ),
        item(
            2,
            "attachment",
            "<wp:attachment_url>https://example.com/wp-content/uploads/2020/01/garden.png</wp:attachment_url>"
        ),
    );
    let out = book_of_site(root, &items);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let entries = book_entries(&root.join("site.epub"));
    let opf = book_entry(&entries, "EPUB/package.opf");
    assert!(opf.contains("<dc:title>Site</dc:title>"), "{opf}");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(entries.iter().any(|(n, _)| n == "EPUB/cover.xhtml"));
    assert_eq!(chapters(&entries).len(), 1);
}

/// Approved comments reach the book with `--comments` only: as many as
/// the raw XML of `export` counts, when every approved comment belongs to
/// a converted item.
fn comments_reach_the_book_only_when_asked_in(export: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let export = export.to_str().unwrap();
    let articles = |args: &[&str]| -> usize {
        let out = run_in(tmp.path(), args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        chapters(&book_entries(&tmp.path().join("b.epub")))
            .iter()
            .map(|c| c.matches("<article class=\"comment").count())
            .sum()
    };
    assert_eq!(articles(&[export, "-q", "--to", "epub", "-o", "b.epub"]), 0);
    // Counted independently, from the raw XML.
    let every_status = "publish,future,draft,pending,private";
    let with = articles(&[
        export,
        "-q",
        "--comments",
        "--status",
        every_status,
        "--to",
        "epub",
        "-o",
        "b.epub",
    ]);
    let xml = fs::read_to_string(export).unwrap();
    let approved = xml
        .matches("<wp:comment_approved>1</wp:comment_approved>")
        .count()
        + xml
            .matches("<wp:comment_approved><![CDATA[1]]></wp:comment_approved>")
            .count();
    assert!(approved > 0, "{export} has no approved comment");
    assert_eq!(with, approved);
}

#[test]
fn comments_reach_the_book_only_when_asked() {
    comments_reach_the_book_only_when_asked_in(&every_field());
}

/// A book of `export` leaves out drafts, scheduled posts and the one
/// password-protected post (and says so), and takes in the first two when
/// their statuses are named.
fn book_from_an_export_holds_what_the_site_shows(export: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let export = export.to_str().unwrap();
    let titles = |args: &[&str]| -> (Vec<String>, String) {
        let out = run_in(tmp.path(), args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let nav = book_entry(&book_entries(&tmp.path().join("b.epub")), "EPUB/nav.xhtml");
        let titles = nav
            .split("<li><a href=\"")
            .skip(1)
            .map(|l| l[l.find('>').unwrap() + 1..l.find("</a>").unwrap()].to_owned())
            .collect();
        (titles, text(&out.stderr))
    };
    // By default: no draft, no scheduled post, no password-protected post.
    let (shown, err) = titles(&[export, "--to", "epub", "-o", "b.epub"]);
    for hidden in ["Draft", "Scheduled", "Template: Password Protected"] {
        assert!(
            !shown.iter().any(|t| t.starts_with(hidden)),
            "{hidden} in {shown:?}"
        );
    }
    assert!(
        err.contains("1 password-protected (name the statuses with --status"),
        "{err}"
    );
    // Asked for by status, they are in.
    let (all, _) = titles(&[
        export,
        "-q",
        "--status",
        "publish,draft,future",
        "--to",
        "epub",
        "-o",
        "b.epub",
    ]);
    assert_eq!(all.len(), shown.len() + 3, "{all:?}");
}

#[test]
fn a_book_from_an_export_holds_what_the_site_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let item = |id: u32, title: &str, status: &str, password: &str| {
        format!(
            "<item><title>{title}</title><wp:post_id>{id}</wp:post_id>\
             <wp:post_type>post</wp:post_type><wp:status>{status}</wp:status>\
             <wp:post_name>p{id}</wp:post_name><wp:post_password>{password}</wp:post_password>\
             <wp:post_date_gmt>2020-01-0{id} 00:00:00</wp:post_date_gmt>\
             <content:encoded><![CDATA[<p>Body {id}</p>]]></content:encoded></item>"
        )
    };
    let export = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Site</title>\
         {}{}{}{}</channel></rss>",
        item(1, "Published", "publish", ""),
        item(2, "Draft post", "draft", ""),
        item(3, "Scheduled post", "future", ""),
        item(4, "Template: Password Protected", "publish", "secret"),
    );
    let path = tmp.path().join("site.xml");
    fs::write(&path, export).unwrap();
    book_from_an_export_holds_what_the_site_shows(&path);
}

#[test]
fn root_relative_urls_in_an_export_are_the_sites() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let out = book_of_site(
        root,
        "<item><title>A</title><link>https://example.com/2020/01/a/</link><wp:post_id>1</wp:post_id>\
         <wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>a</wp:post_name>\
         <content:encoded><![CDATA[<p>See <a href=\"/2020/01/b/\">post B</a>.</p>\
         <p><img src=\"/wp-content/uploads/2020/01/garden.png\" alt=\"Garden\"></p>]]></content:encoded></item>",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let entries = book_entries(&root.join("site.epub"));
    let ch = chapters(&entries);
    assert!(
        ch[0].contains("<a href=\"https://example.com/2020/01/b/\">post B</a>"),
        "{}",
        ch[0]
    );
    assert!(ch[0].contains("<img src=\"images/"), "{}", ch[0]);
    assert!(
        text(&out.stderr).contains("0 remote images linked"),
        "{}",
        text(&out.stderr)
    );
}

/// The same capabilities over the exports of the corpus.
#[cfg(feature = "corpus")]
mod corpus {
    use super::*;
    use crate::support::corpus;

    /// A small WXR of the theme unit test data: 7 published documents.
    fn theme_preview() -> std::path::PathBuf {
        corpus().join("wp-theme-test-data/theme-preview.xml")
    }

    fn theme_unit_test_data() -> std::path::PathBuf {
        corpus().join("wp-theme-test-data/themeunittestdata.wordpress.xml")
    }

    #[test]
    fn a_wordpress_export_becomes_type_folders() {
        export_becomes_type_folders(&theme_preview(), &["post", "page"], 7);
    }

    #[test]
    fn an_export_on_stdin_is_spooled_and_filters_apply() {
        export_on_stdin_is_spooled_and_filters_apply(&fs::read(theme_preview()).unwrap());
    }

    #[test]
    fn a_broken_export_item_is_reported_with_its_place() {
        broken_export_item_is_reported_with_its_place(
            &corpus().join("wordpress-importer-wxr-fixtures/phpunit-data/malformed-simple.xml"),
            "malformed-simple.xml:9:1: item 1 has no </item>",
        );
    }

    #[test]
    fn a_wordpress_export_becomes_a_book_titled_after_the_site() {
        export_becomes_a_book_titled_after_the_site(&theme_preview(), 7);
    }

    #[test]
    fn comments_reach_the_book_only_when_asked() {
        // Every approved comment of this export belongs to a converted item.
        comments_reach_the_book_only_when_asked_in(&theme_unit_test_data());
    }

    #[test]
    fn a_book_from_an_export_holds_what_the_site_shows() {
        book_from_an_export_holds_what_the_site_shows(&theme_unit_test_data());
    }
}

/// What the command line resolves no option to is the library's default
/// configuration: the fixture and corpus suites convert through the
/// library with `Options::default()` and stand for the CLI.
#[test]
fn defaults_are_the_librarys() {
    let root = env!("CARGO_MANIFEST_DIR");
    for input in ["fixtures/seed/input.txt", "fixtures/rule-images/input.html"] {
        let doc = unpress::read::read_file(std::path::Path::new(input), &Default::default())
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        for format in [
            unpress::Format::Markdown,
            unpress::Format::Json,
            unpress::Format::Xhtml,
        ] {
            let lib = unpress::convert_document(&doc, &[format], &unpress::Options::default())
                .unwrap_or_else(|e| panic!("{input}: {e}"));
            let out = run_in(Path::new(root), &[input, "-t", format.extension()]);
            assert!(out.status.success(), "{input}: {}", text(&out.stderr));
            assert_eq!(
                text(&out.stdout),
                lib.get(format).unwrap_or_default(),
                "{input} as {format}"
            );
        }
    }
}

/// `--fsync` only adds a flush: the same files, and no temporary file is
/// left behind either way.
#[test]
fn fsync_writes_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let seed = fixtures.join("seed/input.txt");
    let seed = seed.to_str().unwrap();
    let plain = run_in(root, &[seed, "-o", "plain"]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let synced = run_in(root, &[seed, "-o", "synced", "--fsync"]);
    assert!(synced.status.success(), "{}", text(&synced.stderr));
    let files = files_under(&root.join("plain"));
    assert_eq!(files, files_under(&root.join("synced")));
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        assert!(!f.contains(".unpress-"), "{f}");
        assert_eq!(
            fs::read(root.join("plain").join(f)).unwrap(),
            fs::read(root.join("synced").join(f)).unwrap(),
            "{f}"
        );
    }
}
