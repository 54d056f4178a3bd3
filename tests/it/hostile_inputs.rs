//! The security issue's holes, tried as an attacker would: crafted exports
//! and posts that used to write outside the output folder, overwrite
//! inputs, lose documents, read without limit, or panic. Each test is
//! named after what broke; each failed before its fix.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{files_under, repo, run_in, text, unpress};

/// How long a run may take before it counts as hung: a guard against
/// never ending (an endless input, an expanded entity bomb), not a timing.
/// Speed is measured by benchmarks, never by tests (a debug build on a
/// loaded machine took over a minute for the huge-lines case); linear
/// time is guarded by `.ci/linear.sh` on the release build.
const HANG: Duration = Duration::from_secs(600);

/// Runs unpress with `stdin` read from a file, and kills it if it has not
/// ended after `limit`: the tests below must end, not hang.
fn run_bounded(dir: &Path, args: &[&str], stdin: Stdio, limit: Duration) -> Output {
    let mut child = unpress()
        .current_dir(dir)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn unpress");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("unpress {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// One export item: what the tests vary.
struct Item<'a> {
    id: u32,
    slug: &'a str,
    date: &'a str,
    post_type: &'a str,
}

impl<'a> Item<'a> {
    fn post(id: u32, slug: &'a str, date: &'a str) -> Item<'a> {
        Item {
            id,
            slug,
            date,
            post_type: "post",
        }
    }
}

fn export(items: &[Item<'_>]) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>T</title><link>https://ex.com</link><wp:wxr_version>1.2</wp:wxr_version>
"#,
    );
    for i in items {
        out.push_str(&format!(
            "<item><title>Post {id}</title><link>https://ex.com/?p={id}</link>\
             <content:encoded><![CDATA[<p>Body of {id}</p>]]></content:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[{date}]]></wp:post_date>\
             <wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status>publish</wp:status>\
             <wp:post_type>{ty}</wp:post_type></item>\n",
            id = i.id,
            date = i.date,
            slug = i.slug,
            ty = i.post_type,
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

/// Hole 1: `--layout date-prefix` and `date-folders` built paths from the
/// raw post date; `../` and absolute dates wrote above `-o`.
#[test]
fn crafted_post_dates_never_leave_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("work")).unwrap();
    let dates = [
        "../../../escaped",
        "../../../../../../../../../../tmp/unpress-escape-probe",
        "/t/absolute",
        "2019/../../../up-03-04",
        "2019-03-04/../../../x",
        "..\\..\\win",
        "2019-13-40 10:00:00",
        "0000-00-00 00:00:00",
        "2019-03-04\u{0}00",
    ];
    let items: Vec<Item<'_>> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| Item::post(i as u32 + 1, "", d))
        .collect();
    fs::write(root.join("work/export.xml"), export(&items)).unwrap();
    for layout in ["date-prefix", "date-folders", "type"] {
        let out_dir = format!("out-{layout}");
        let out = run_in(
            &root.join("work"),
            &["export.xml", "-t", "md", "-o", &out_dir, "--layout", layout],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let written = files_under(&root.join("work").join(&out_dir));
        assert_eq!(written.len(), dates.len(), "{layout}: {written:?}");
        for f in &written {
            assert!(f.starts_with("post/"), "{layout}: {f}");
            assert!(!f.contains(".."), "{layout}: {f}");
        }
        if layout != "type" {
            assert!(
                text(&out.stderr).contains("which is not a date (YYYY-MM-DD)"),
                "{}",
                text(&out.stderr)
            );
        }
    }
    // Nothing beside the work folder, nothing at the absolute paths.
    assert_eq!(
        fs::read_dir(root).unwrap().count(),
        1,
        "{:?}",
        files_under(root)
    );
    assert!(!Path::new("/t/absolute").exists());
    assert!(!Path::new("/tmp/unpress-escape-probe").exists());
}

/// Hole 5: a non-ASCII character in `<wp:post_date>` panicked (byte
/// slicing), exit 101, and the whole export was lost.
#[test]
fn non_ascii_post_date_is_reported_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let items = [
        Item::post(1, "one", "2019-0é-01 10:00:00"),
        Item::post(2, "two", "٢٠١٩-٠٣-٠٤ ١٠:٢٠:٣٠"),
        Item::post(3, "three", "2019-03-04 10:20:30"),
        Item::post(4, "four", "é"),
    ];
    fs::write(tmp.path().join("e.xml"), export(&items)).unwrap();
    for layout in ["date-prefix", "date-folders", "type"] {
        let out = run_in(
            tmp.path(),
            &["e.xml", "-o", layout, "--layout", layout, "-j", "2"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(files_under(&tmp.path().join(layout)).len(), 12, "{layout}");
    }
}

/// Hole 6: slugs with dots lost everything after the last dot, so
/// `release-1.2` and `release-1.3` were both written as `release-1.md`,
/// and which one survived changed with `-j 2`. Reserved device names
/// with a dot (`con.1`) were not renamed.
#[test]
fn dotted_slugs_do_not_overwrite_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let items = [
        Item::post(1, "release-1.2", "2019-03-04 10:00:00"),
        Item::post(2, "release-1.3", "2019-03-04 10:00:00"),
        Item::post(3, "con", "2019-03-04 10:00:00"),
        Item::post(4, "aux.1", "2019-03-04 10:00:00"),
        Item::post(5, "Release-1.2", "2019-03-04 10:00:00"),
    ];
    fs::write(tmp.path().join("e.xml"), export(&items)).unwrap();
    let out = run_in(tmp.path(), &["e.xml", "-t", "md", "-o", "out", "-j", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("out")),
        [
            "post/Release-1.2-2.md",
            "post/aux_.1.md",
            "post/con_.md",
            "post/release-1.2.md",
            "post/release-1.3.md",
        ]
    );
    let body = fs::read_to_string(tmp.path().join("out/post/release-1.3.md")).unwrap();
    assert!(body.contains("Body of 2"), "{body}");
}

/// Two exports, or an export and a folder, that name the same output:
/// both are written, the second renamed and reported.
#[test]
fn two_inputs_with_one_output_name_are_both_written() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("a.xml"),
        export(&[Item::post(1, "hello", "2019-03-04 10:00:00")]),
    )
    .unwrap();
    fs::write(
        tmp.path().join("b.xml"),
        export(&[Item::post(1, "hello", "2019-03-04 10:00:00")]),
    )
    .unwrap();
    fs::create_dir_all(tmp.path().join("posts/post")).unwrap();
    fs::write(tmp.path().join("posts/post/hello.html"), "<p>file</p>").unwrap();
    let out = run_in(
        tmp.path(),
        &["posts", "a.xml", "b.xml", "-t", "md", "-o", "out"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("out")),
        ["post/hello-2.md", "post/hello-3.md", "post/hello.md"]
    );
    let err = text(&out.stderr);
    assert_eq!(
        err.matches("is already the output of another input")
            .count(),
        2,
        "{err}"
    );
}

/// Hole 2: a document from an export could be written over an input: a
/// file given beside the export, or the export itself.
#[test]
fn an_export_never_overwrites_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("site/post")).unwrap();
    let export_text = export(&[Item::post(1, "post", "2019-03-04 10:00:00")]);
    fs::write(root.join("export.xml"), &export_text).unwrap();
    fs::write(root.join("site/post/post.md"), "<p>mine</p>").unwrap();

    let out = run_in(
        root,
        &["export.xml", "site/post/post.md", "-t", "md", "-o", "site"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("would overwrite the input"));
    assert_eq!(
        fs::read_to_string(root.join("site/post/post.md")).unwrap(),
        "<p>mine</p>"
    );

    // The export itself, read with --wxr from where its output would go.
    fs::write(root.join("site/post/post.md"), &export_text).unwrap();
    let out = run_in(
        root,
        &["--wxr", "site/post/post.md", "-t", "md", "-o", "site"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(root.join("site/post/post.md")).unwrap(),
        export_text
    );

    // The one output of an aggregate format, and a book's cover.
    let out = run_in(root, &["export.xml", "-t", "jsonl", "-o", "export.xml"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    fs::write(root.join("cover.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out = run_in(
        root,
        &[
            "export.xml",
            "-t",
            "epub",
            "-o",
            "cover.png",
            "--cover",
            "cover.png",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        fs::read(root.join("cover.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("export.xml")).unwrap(),
        export_text
    );
}

/// An input reached through a symlink or a hard link in the output tree
/// is still an input.
#[cfg(unix)]
#[test]
fn a_link_to_an_input_is_that_input() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::write(root.join("in/a.html"), "<p>a</p>").unwrap();
    std::os::unix::fs::symlink(root.join("in/a.html"), root.join("out/a.md")).unwrap();
    fs::hard_link(root.join("in/a.html"), root.join("out/a.json")).unwrap();
    let out = run_in(root, &["in/a.html", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run_in(root, &["in/a.html", "-t", "json", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(root.join("in/a.html")).unwrap(),
        "<p>a</p>"
    );
}

/// A folder of the output tree that is a link out of it is refused before
/// anything is written through it.
#[cfg(unix)]
#[test]
fn an_output_folder_linked_outside_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere"), root.join("out/post")).unwrap();
    fs::write(
        root.join("e.xml"),
        export(&[Item::post(1, "x", "2019-03-04 10:00:00")]),
    )
    .unwrap();
    let out = run_in(root, &["e.xml", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("leads outside the output folder"));
    assert!(files_under(&root.join("elsewhere")).is_empty());
}

/// Hole 7: `/dev/zero` as an input grew memory without bound (as a path,
/// with `--wxr`, and on stdin); FIFOs could block forever.
#[cfg(unix)]
#[test]
fn endless_and_special_inputs_end_with_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let limit = HANG;
    for args in [&["/dev/zero"][..], &["--wxr", "/dev/zero"][..]] {
        let out = run_bounded(tmp.path(), args, Stdio::null(), limit);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("a character device, not a regular file"),
            "{}",
            text(&out.stderr)
        );
    }
    let zero = || Stdio::from(fs::File::open("/dev/zero").unwrap());
    let out = run_bounded(tmp.path(), &["--max-bytes", "100000"], zero(), limit);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("<stdin>: cannot read: more than 100000 bytes"));
    let out = run_bounded(tmp.path(), &["--wxr"], zero(), limit);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("NUL byte at offset 0"));

    let fifo = tmp.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let out = run_bounded(tmp.path(), &["fifo"], Stdio::null(), limit);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("a FIFO (named pipe), not a regular file"));
    }
}

/// Hole 7: a file over `--max-bytes` was read whole before being refused;
/// now at most the limit and one byte are read, and the rest converts.
#[test]
fn a_file_over_max_bytes_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("p")).unwrap();
    fs::write(tmp.path().join("p/big.html"), "<p>x</p>".repeat(10_000)).unwrap();
    fs::write(tmp.path().join("p/small.html"), "<p>small</p>").unwrap();
    let out = run_in(
        tmp.path(),
        &["p", "-t", "md", "-o", "out", "--max-bytes", "5000"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("p/big.html: cannot read: more than 5000 bytes"));
    assert_eq!(files_under(&tmp.path().join("out")), ["small.md"]);
}

/// The library's reader stops after the limit: an endless reader ends.
#[test]
fn reading_is_bounded_by_the_limit() {
    let err = unpress::read::read_limited(std::io::repeat(b'a'), 1 << 20).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
    assert_eq!(unpress::read::read_limited(&b"abc"[..], 3).unwrap(), b"abc");
}

/// An export item larger than `--max-bytes` (or one that never ends) stops
/// the export with an error naming its line, instead of taking memory.
#[test]
fn an_endless_export_item_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text_ = export(&[Item::post(1, "a", "2019-03-04 10:00:00")]);
    let huge = format!(
        "<item><title>big</title><content:encoded>{}",
        "x".repeat(3 << 20)
    );
    text_ = text_.replace("</channel>", &huge);
    fs::write(tmp.path().join("e.xml"), text_).unwrap();
    let out = run_in(
        tmp.path(),
        &["e.xml", "-o", "out", "--max-bytes", "1000000"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("is more than 1000000 bytes, the limit for one document"),
        "{}",
        text(&out.stderr)
    );
}

/// Hole 8: an export whose DOCTYPE has an internal subset was converted
/// as one HTML page: the sniffing stopped at the first `>`.
#[test]
fn an_export_with_an_internal_dtd_is_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let with_dtd = export(&[Item::post(1, "a", "2019-03-04 10:00:00")]).replacen(
        "?>",
        "?>\n<!DOCTYPE rss [\n  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n  <!ENTITY gt2 \"a > b\">\n]>",
        1,
    );
    fs::write(tmp.path().join("e.xml"), with_dtd).unwrap();
    let out = run_in(tmp.path(), &["e.xml", "-t", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(files_under(&tmp.path().join("out")), ["post/a.md"]);
    let md = fs::read_to_string(tmp.path().join("out/post/a.md")).unwrap();
    assert!(!md.contains("root:"), "{md}");
}

// ---- no panic on any field -------------------------------------------

/// What each text field of an export is replaced by.
fn variants() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        // Multibyte characters where fixed-width data (dates, ids, slugs)
        // is expected: byte 4, 7 and 10 fall inside characters.
        ("multibyte", "é٢😀\u{301}日本語\u{202e}‍ß".repeat(3)),
        ("long", "日本語🎉-.".repeat(4_000)),
    ]
}

/// Every text and CDATA node of `xml` whose element is named `field`,
/// replaced by `with`.
fn replace_field(xml: &str, field: &[u8], with: &str) -> String {
    use quick_xml::events::{BytesCData, BytesText, Event};
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut writer = quick_xml::Writer::new(Vec::new());
    let mut stack: Vec<Vec<u8>> = Vec::new();
    loop {
        let event = reader.read_event().expect("the base export is well-formed");
        let inside = stack.last().is_some_and(|n| n.as_slice() == field);
        match event {
            Event::Eof => break,
            Event::Start(ref s) => {
                stack.push(s.name().as_ref().to_vec());
                writer.write_event(event.borrow()).unwrap();
            }
            Event::End(_) => {
                stack.pop();
                writer.write_event(event.borrow()).unwrap();
            }
            Event::Text(_) if inside => {
                writer
                    .write_event(Event::Text(BytesText::new(with)))
                    .unwrap();
            }
            Event::CData(_) if inside => {
                writer
                    .write_event(Event::CData(BytesCData::new(with)))
                    .unwrap();
            }
            other => writer.write_event(other).unwrap(),
        }
    }
    String::from_utf8(writer.into_inner()).unwrap()
}

#[cfg(feature = "corpus")]
/// True when quick-xml reads `xml` to its end (the malformed fixtures are
/// not mutated: their fields cannot be found reliably).
fn well_formed(xml: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// The names of the elements that hold text in `xml`.
fn text_fields(xml: &str) -> Vec<Vec<u8>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut fields: Vec<Vec<u8>> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(s)) => stack.push(s.name().as_ref().to_vec()),
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Text(t)) if !<[u8]>::iter(&t).all(u8::is_ascii_whitespace) => {
                fields.extend(stack.last().cloned());
            }
            Ok(Event::CData(_)) => fields.extend(stack.last().cloned()),
            _ => {}
        }
    }
    fields.sort();
    fields.dedup();
    fields
}

/// Converts an export with the binary, in every per-document format with
/// comments and a date layout, into `out`, as a user runs it. Failed
/// documents and usage errors are fine (exit 1 or 2); a panic (101) or a
/// signal is not.
fn convert_export(path: &Path, out: &Path, layout: &str) -> Result<(), String> {
    let run = unpress()
        .arg("--wxr")
        .arg(path)
        .args([
            "-t",
            "md,json,xhtml",
            "-j",
            "1",
            "-q",
            "--comments",
            "--layout",
            layout,
        ])
        .arg("-o")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    match run.status.code() {
        Some(0..=2) => Ok(()),
        other => Err(format!("exit {other:?}: {}", text(&run.stderr))),
    }
}

/// Every field of `base` in turn replaced by every variant: no panic, and
/// nothing written outside the output folder.
fn no_panic_on_any_field(base: &Path, scratch: &Path) -> usize {
    let xml = fs::read_to_string(base).unwrap();
    let mut runs = 0;
    for field in text_fields(&xml) {
        for (name, with) in variants() {
            let mutated = replace_field(&xml, &field, &with);
            let case = scratch.join(format!("case-{runs}"));
            fs::create_dir_all(&case).unwrap();
            let input = case.join("export.xml");
            fs::write(&input, mutated).unwrap();
            let layout = ["type", "date-folders", "date-prefix"][runs % 3];
            let out = case.join("out");
            if let Err(why) = convert_export(&input, &out, layout) {
                panic!(
                    "{}: <{}> replaced by the {name} string: {why}",
                    base.display(),
                    String::from_utf8_lossy(&field)
                );
            }
            let outside: Vec<String> = files_under(&case)
                .into_iter()
                .filter(|f| f != "export.xml" && !f.starts_with("out/"))
                .collect();
            assert!(outside.is_empty(), "{outside:?}");
            fs::remove_dir_all(&case).unwrap();
            runs += 1;
        }
    }
    runs
}

#[test]
fn no_panic_when_any_field_of_an_export_is_multibyte_empty_or_long() {
    let scratch = tempfile::tempdir().unwrap();
    let base = repo("tests/data/wxr/every-field.xml");
    let runs = no_panic_on_any_field(&base, scratch.path());
    assert!(
        runs > 150,
        "only {runs} runs: the base export lost its fields?"
    );
}

/// The same over the small exports of the corpus (the WordPress
/// importer's fixtures, malformed ones included).
#[cfg(feature = "corpus")]
#[test]
fn no_panic_on_any_field_of_the_corpus_exports() {
    let scratch = tempfile::tempdir().unwrap();
    let exports: Vec<std::path::PathBuf> = crate::support::corpus_exports()
        .into_iter()
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.len() < 20_000))
        .filter(|p| fs::read_to_string(p).is_ok_and(|x| well_formed(&x)))
        .collect();
    assert!(exports.len() > 20, "{exports:?}");
    let mut runs = 0;
    for export in &exports {
        runs += no_panic_on_any_field(export, scratch.path());
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("{runs} mutated exports converted\n").as_bytes(),
    );
}

// ---- issue 17: the hostile input suite -----------------------------------------
//
// Generated inputs, never committed; each test states the outcome it
// expects. Deep nesting and linear time are tests/it/nesting.rs's.

/// Writes `files` (name, bytes) into `dir`, made first.
fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) {
    fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }
}

/// The output of `rel` under `dir`, as text.
fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Outcome: a 4 MB paragraph on one line, an attribute value of 1 MB,
/// one element with 10,000 attributes and 200,000 character references
/// each convert in every format, within a minute (a debug build), with
/// their text whole and the XHTML well-formed.
#[test]
fn huge_lines_attributes_and_entity_counts_convert() {
    let tmp = tempfile::tempdir().unwrap();
    let line = format!("<p>{}</p>", "word ".repeat(800_000));
    let attr = format!(
        "<p><a href=\"/x\" title=\"{}\">link</a> end</p>",
        "t".repeat(1 << 20)
    );
    let many: String = (0..10_000).map(|i| format!(" data-a{i}=\"{i}\"")).collect();
    let many = format!("<p{many}>many attributes</p>");
    let refs = format!("<p>{}</p>", "&amp;&#x41;&lt;&eacute;".repeat(50_000));
    write_all(
        &tmp.path().join("in"),
        &[
            ("line.html".into(), line.into_bytes()),
            ("attr.html".into(), attr.into_bytes()),
            ("many.html".into(), many.into_bytes()),
            ("refs.html".into(), refs.into_bytes()),
        ],
    );
    let out = run_bounded(
        tmp.path(),
        &["in", "-t", "md,json,xhtml", "-o", "out"],
        Stdio::null(),
        HANG,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = tmp.path().join("out");
    let json = |name: &str| -> serde_json::Value {
        serde_json::from_str(&read(&out, &format!("json/{name}.json"))).unwrap()
    };
    assert_eq!(json("line")["word_count"], 800_000);
    assert_eq!(json("attr")["text"], "link end");
    assert_eq!(json("many")["text"], "many attributes");
    assert_eq!(json("refs")["text"], "&A<é".repeat(50_000));
    for name in ["line", "attr", "many", "refs"] {
        crate::support::assert_well_formed_xml(&read(&out, &format!("xhtml/{name}.xhtml")), name);
    }
    assert_eq!(read(&out, "md/refs.md").matches('é').count(), 50_000);
}

/// Outcome: bytes that are not UTF-8 (a stray 0xFF, UTF-16 with either
/// byte order mark) fail alone with the file, the offset and the fix
/// named, exit 1; a NUL is dropped; numeric references to NUL, to
/// surrogates and past U+10FFFF become U+FFFD, as HTML says, and
/// characters XML forbids never reach the XHTML; a post with CR-only
/// line ends has no front matter for unpress (nor for Jekyll, whose
/// pattern needs `\n`) and keeps its text.
#[test]
fn undecodable_and_odd_bytes_have_a_stated_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let utf16 = |big: bool| -> Vec<u8> {
        "\u{feff}<p>héllo</p>"
            .encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    write_all(
        &tmp.path().join("in"),
        &[
            (
                "bad-utf8.html".into(),
                b"<p>bad \xff\xfe\xc3 bytes</p>".to_vec(),
            ),
            ("utf16le.html".into(), utf16(false)),
            ("utf16be.html".into(), utf16(true)),
            ("nul.html".into(), b"<p>n\0ul</p>".to_vec()),
            (
                "refs.html".into(),
                b"<p>a&#0;b&#xD800;c&#x110000;d&#55296;e&#xFFFE;f&#1;g&#128;h</p>".to_vec(),
            ),
            (
                "cr.html".into(),
                b"---\rtitle: injected\r---\r<p>cr only</p>".to_vec(),
            ),
            ("good.html".into(), b"<p>good</p>".to_vec()),
        ],
    );
    let out = run_in(tmp.path(), &["in", "-t", "md,json,xhtml", "-o", "out"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("in/bad-utf8.html:1:8: not UTF-8 (byte offset 7)"),
        "{err}"
    );
    for f in ["utf16le", "utf16be"] {
        assert!(
            err.contains(&format!("in/{f}.html:1:1: not UTF-8 (byte offset 0)"))
                && err.contains("iconv"),
            "{err}"
        );
    }
    let out = tmp.path().join("out");
    assert_eq!(
        files_under(&out.join("md")),
        ["cr.md", "good.md", "nul_.md", "refs.md"]
    );
    let refs: serde_json::Value = serde_json::from_str(&read(&out, "json/refs.json")).unwrap();
    assert_eq!(
        refs["text"],
        "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffe}f\u{1}g€h"
    );
    let xhtml = read(&out, "xhtml/refs.xhtml");
    crate::support::assert_well_formed_xml(&xhtml, "refs");
    assert!(
        xhtml.contains("<p>a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}efg€h</p>"),
        "{xhtml}"
    );
    assert!(read(&out, "md/nul_.md").contains("nul"));
    let cr: serde_json::Value = serde_json::from_str(&read(&out, "json/cr.json")).unwrap();
    assert_eq!(cr["front_matter"], serde_json::Value::Null);
    assert!(cr["text"].as_str().unwrap().contains("cr only"), "{cr}");
}

/// Outcome: front matter that is a list or a string, a YAML alias bomb
/// (a billion `lol`s in nine lines), duplicate keys and an unterminated
/// block each fail alone, at once, with what is wrong and the fix named;
/// the good post beside them converts; exit 1.
#[test]
fn hostile_front_matter_fails_alone_with_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='i' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    bomb.push_str("---\n<p>bomb</p>");
    write_all(
        &tmp.path().join("in"),
        &[
            ("list.html".into(), b"---\n- a\n- b\n---\n<p>x</p>".to_vec()),
            (
                "scalar.html".into(),
                b"---\njust a string\n---\n<p>x</p>".to_vec(),
            ),
            ("bomb.html".into(), bomb.into_bytes()),
            (
                "dup.html".into(),
                b"---\ntitle: a\ntitle: b\n---\n<p>x</p>".to_vec(),
            ),
            ("open.html".into(), b"---\ntitle: a\n<p>x</p>".to_vec()),
            (
                "good.html".into(),
                b"---\ntitle: Good\n---\n<p>x</p>".to_vec(),
            ),
        ],
    );
    let out = run_bounded(
        tmp.path(),
        &["in", "-t", "md,json", "-o", "out"],
        Stdio::null(),
        HANG,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for want in [
        "in/list.html: front matter: front matter must be a mapping of keys to values, not a list",
        "in/scalar.html: front matter: front matter must be a mapping of keys to values, not a string",
        "in/bomb.html: front matter: repetition limit exceeded",
        "in/dup.html:2:1: front matter: duplicate entry with key \"title\"",
        "in/open.html:1:1: front matter: the '---' that opens the front matter is never closed",
    ] {
        assert!(err.contains(want), "{want:?} not in\n{err}");
    }
    assert_eq!(
        files_under(&tmp.path().join("out")),
        ["json/good.json", "md/good.md"]
    );
}

const WXR_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const WXR_RSS: &str = "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
    xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n";

/// One published post with `title` and `content` written as given (raw
/// XML: CDATA, references).
fn raw_item(id: u32, slug: &str, title: &str, content: &str) -> String {
    format!(
        "<item><title>{title}</title><link>https://ex.com/?p={id}</link>\
         <content:encoded>{content}</content:encoded><wp:post_id>{id}</wp:post_id>\
         <wp:post_date>2020-01-01 00:00:00</wp:post_date><wp:post_name>{slug}</wp:post_name>\
         <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
    )
}

fn channel(items: &str) -> String {
    format!(
        "<channel><title>T</title><link>https://ex.com</link>\
         <wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel>\n"
    )
}

/// Outcome: an export whose DOCTYPE declares a billion laughs and
/// external entities (general and parameter, `file:///etc/passwd`) that
/// its title and content use converts at once: references stay as
/// written (with a warning), nothing is expanded, nothing is read from
/// the disk, in any format.
#[test]
fn wxr_entity_bombs_and_external_entities_are_never_expanded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut dtd = String::from("<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    let mut prev = "lol".to_owned();
    for n in 1..10 {
        dtd.push_str(&format!(
            "<!ENTITY lol{n} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = format!("lol{n}");
    }
    dtd.push_str(
        "<!ENTITY secret SYSTEM \"file:///etc/passwd\">\n\
         <!ENTITY % ext SYSTEM \"file:///etc/passwd\">\n%ext;\n]>\n",
    );
    let xml = format!(
        "{WXR_HEAD}{dtd}{WXR_RSS}{}</rss>\n",
        channel(&raw_item(
            1,
            "p1",
            "&lol9; and &secret;",
            "<![CDATA[<p>body</p>]]>&lol9;&secret;"
        ))
    );
    fs::write(tmp.path().join("bomb.xml"), xml).unwrap();
    let out = run_bounded(
        tmp.path(),
        &["bomb.xml", "-t", "md,json,xhtml", "-o", "out"],
        Stdio::null(),
        HANG,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("unknown entity reference(s) kept as written: &lol9; &secret;")
    );
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    let secret_lines: Vec<&str> = passwd.lines().filter(|l| l.len() > 4).collect();
    let written = files_under(&tmp.path().join("out"));
    assert_eq!(written.len(), 3, "{written:?}");
    for f in written {
        let body = read(&tmp.path().join("out"), &f);
        assert!(!body.contains("lollol"), "{f}: expanded\n{body}");
        assert!(!body.contains("root:"), "{f}: /etc/passwd\n{body}");
        for l in &secret_lines {
            assert!(!body.contains(l), "{f}: a line of /etc/passwd\n{body}");
        }
        assert!(
            body.contains("&lol9; and &secret;") || body.contains("&amp;lol9; and &amp;secret;"),
            "{f}: {body}"
        );
    }
}

/// Outcome: an export cut short in its second item converts the first,
/// reports the second with its line, exit 1; CDATA split in sections,
/// a `]]>` written across two sections, `]]` and `]>` inside CDATA, an
/// empty section, CDATA mixed with escaped text: each item's text is
/// what WordPress wrote; a title's CDATA gives its text, without markup; an export with two channels
/// converts the items of both.
#[test]
fn wxr_truncation_cdata_edges_and_two_channels() {
    let tmp = tempfile::tempdir().unwrap();
    let full = format!(
        "{WXR_HEAD}{WXR_RSS}{}</rss>\n",
        channel(&format!(
            "{}{}",
            raw_item(1, "first", "first", "<![CDATA[<p>first</p>]]>"),
            raw_item(
                2,
                "second",
                "second",
                &format!("<![CDATA[<p>second {}</p>]]>", "x".repeat(200))
            )
        ))
    );
    let cut = full.find("second x").unwrap() + 20;
    fs::write(tmp.path().join("cut.xml"), &full[..cut]).unwrap();
    let out = run_in(tmp.path(), &["cut.xml", "-t", "md", "-o", "cut"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cut.xml:5:1: item 2 has no </item>"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(files_under(&tmp.path().join("cut")), ["post/first.md"]);

    let cases = [
        ("split", "<![CDATA[<p>one ]]><![CDATA[two</p>]]>", "one two"),
        (
            "across",
            "<![CDATA[<p>a ]]]]><![CDATA[> b</p>]]>",
            "a ]]> b",
        ),
        ("brackets", "<![CDATA[<p>x]] y ]> z</p>]]>", "x]] y ]> z"),
        ("empty", "<![CDATA[]]>", ""),
        (
            "mixed",
            "&lt;p&gt;text &amp; <![CDATA[<b>cdata</b>]]> more&lt;/p&gt;",
            "text & cdata more",
        ),
    ];
    let mut items: String = cases
        .iter()
        .enumerate()
        .map(|(i, (slug, content, _))| raw_item(i as u32 + 1, slug, slug, content))
        .collect();
    items.push_str(&raw_item(
        9,
        "title",
        "a <![CDATA[<i>cdata</i>]]> title",
        "<![CDATA[<p>t</p>]]>",
    ));
    let second = channel(&raw_item(
        10,
        "other",
        "other",
        "<![CDATA[<p>in the second channel</p>]]>",
    ));
    fs::write(
        tmp.path().join("e.xml"),
        format!("{WXR_HEAD}{WXR_RSS}{}{second}</rss>\n", channel(&items)),
    )
    .unwrap();
    let out = run_in(tmp.path(), &["e.xml", "-t", "json", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = |slug: &str| -> serde_json::Value {
        serde_json::from_str(&read(&tmp.path().join("out"), &format!("post/{slug}.json"))).unwrap()
    };
    for (slug, _, want) in cases {
        assert_eq!(json(slug)["text"], want, "{slug}");
    }
    // A title is text: the markup its CDATA held is dropped.
    assert_eq!(json("title")["title"], "a cdata title");
    assert_eq!(json("other")["text"], "in the second channel");
}

/// Outcome: slugs and titles that are paths (`../`, absolute, with
/// backslashes), hold NUL, are reserved device names in any case, are
/// 1,000 bytes long or repeat one another each give a file of their own,
/// named with ordinary components of at most 255 bytes, inside the
/// output folder; nothing is lost.
#[test]
fn hostile_slugs_and_titles_stay_inside_and_distinct() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("work")).unwrap();
    let long = "ü".repeat(500);
    let names = [
        "../../../escape",
        "/etc/passwd",
        "..\\..\\win",
        "a&#0;b",
        "CON",
        "nul",
        "Com1",
        "lpt9.txt",
        "aux.tar.gz",
        &long,
        "dup",
        "dup",
        "DUP",
        "..",
        ".",
        ".hidden",
        "",
    ];
    let mut items = String::new();
    let mut id = 0;
    for name in names {
        // Once as the slug, once as the title of a post without a slug.
        id += 1;
        items.push_str(&raw_item(id, name, "t", "<![CDATA[<p>by slug</p>]]>"));
        id += 1;
        items.push_str(&raw_item(id, "", name, "<![CDATA[<p>by title</p>]]>"));
    }
    fs::write(
        tmp.path().join("work/e.xml"),
        format!("{WXR_HEAD}{WXR_RSS}{}</rss>\n", channel(&items)),
    )
    .unwrap();
    for layout in ["type", "date-prefix", "date-folders"] {
        let out_dir = format!("out-{layout}");
        let out = run_in(
            &tmp.path().join("work"),
            &["e.xml", "-t", "md", "-o", &out_dir, "--layout", layout],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{layout}: {}",
            text(&out.stderr)
        );
        let written = files_under(&tmp.path().join("work").join(&out_dir));
        assert_eq!(written.len(), id as usize, "{layout}: {written:?}");
        let mut lower: Vec<String> = written.iter().map(|f| f.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(
            lower.len(),
            written.len(),
            "{layout}: names differ only by case"
        );
        for f in &written {
            for part in f.split('/') {
                assert!(part.len() <= 255, "{layout}: {} bytes", part.len());
                assert!(
                    !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', '\0']),
                    "{layout}: {f}"
                );
                let stem = part
                    .split('.')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                assert!(
                    !["con", "nul", "com1", "lpt9", "aux", "prn"].contains(&stem.as_str()),
                    "{layout}: reserved {f}"
                );
            }
        }
    }
    // Nothing beside the work folder.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// Outcome: a symbolic link loop given as an input is refused at once
/// (exit 2, the OS's reason and the path); loops, links to a parent and
/// a FIFO inside a folder are not followed or read: the folder converts
/// its one real file without waiting.
#[cfg(unix)]
#[test]
fn symlink_loops_and_special_files_in_folders_end_at_once() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("a.html"), "<p>a</p>").unwrap();
    symlink("loop", input.join("loop")).unwrap();
    symlink("self2", input.join("self1")).unwrap();
    symlink("self1", input.join("self2")).unwrap();
    symlink("..", input.join("sub/up")).unwrap();
    let fifo = Command::new("mkfifo").arg(input.join("pipe.html")).status();
    let limit = HANG;
    let out = run_bounded(tmp.path(), &["in/loop", "-o", "o1"], Stdio::null(), limit);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("in/loop: Too many levels of symbolic links"),
        "{}",
        text(&out.stderr)
    );
    let out = run_bounded(
        tmp.path(),
        &["in", "-t", "md", "-o", "o2"],
        Stdio::null(),
        limit,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        files_under(&tmp.path().join("o2")),
        ["a.md"],
        "fifo: {fifo:?}"
    );
}

/// Outcome: an output folder inside the input folder is not read back as
/// input: a second run converts the same one document and writes the same
/// one file, never `out/out/...`.
#[test]
fn an_output_folder_inside_the_input_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("in")).unwrap();
    fs::write(tmp.path().join("in/a.html"), "<p>a</p>").unwrap();
    for _ in 0..2 {
        let out = run_in(tmp.path(), &["in", "-t", "md,json", "-o", "in/out"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("1 converted, 0 failed"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        files_under(&tmp.path().join("in")),
        ["a.html", "out/json/a.json", "out/md/a.md"]
    );
}

/// Small posts `s0`..`s4` and one whose Markdown is about 200 KB.
fn small_and_huge(dir: &Path) {
    let mut files: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| {
            (
                format!("s{i}.html"),
                format!("<p>small {i}</p>").into_bytes(),
            )
        })
        .collect();
    files.push((
        "z-huge.html".into(),
        format!("<p>{}</p>", "word ".repeat(40_000)).into_bytes(),
    ));
    write_all(dir, &files);
}

/// No temporary file of the atomic writes is left under `dir`.
fn no_temp_files(dir: &Path) {
    let left: Vec<String> = files_under(dir)
        .into_iter()
        .filter(|f| f.contains(".unpress-") || f.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Outcome: when the disk is full (here: a file-size limit, `ulimit -f`,
/// which needs no privilege; and a 64 KiB tmpfs when mounting is
/// allowed), the file that does not fit fails with its name and the OS's
/// reason, exit 1; no partial file is left, not even a temporary one; the
/// files written before it are whole.
#[cfg(unix)]
#[test]
fn a_full_output_folder_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    small_and_huge(&tmp.path().join("in"));
    let reference = run_in(tmp.path(), &["in", "-t", "md", "-o", "ref", "-j", "1"]);
    assert_eq!(reference.status.code(), Some(0));
    let bin = env!("CARGO_BIN_EXE_unpress");
    // The shell ignores SIGXFSZ so that the write fails with EFBIG
    // instead of killing the process; 16 blocks of 512 bytes.
    let out = Command::new("sh")
        .current_dir(tmp.path())
        .args([
            "-c",
            &format!("trap '' XFSZ; ulimit -f 16; exec '{bin}' in -t md -o full -j 1"),
        ])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("full/z-huge.md: cannot write: File too large"),
        "{err}"
    );
    assert_eq!(
        files_under(&tmp.path().join("full")),
        ["s0.md", "s1.md", "s2.md", "s3.md", "s4.md"]
    );
    for i in 0..5 {
        let f = format!("s{i}.md");
        assert_eq!(
            read(&tmp.path().join("full"), &f),
            read(&tmp.path().join("ref"), &f)
        );
    }
    no_temp_files(&tmp.path().join("full"));

    // A real full file system, when this process may mount one.
    let disk = tmp.path().join("disk");
    fs::create_dir_all(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!(
            "a_full_output_folder_fails_cleanly: skipped the tmpfs case: cannot mount (not root?)"
        );
        return;
    }
    let out = run_in(tmp.path(), &["in", "-t", "md", "-o", "disk/out", "-j", "1"]);
    let written = files_under(&disk);
    let complete: Vec<bool> = written
        .iter()
        .map(|f| read(&disk, f) == read(&tmp.path().join("ref"), f.trim_start_matches("out/")))
        .collect();
    let _ = Command::new("umount").arg(&disk).status();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("z-huge.md: cannot write: No space left on device"),
        "{err}"
    );
    assert_eq!(written.len(), 5, "{written:?}");
    assert!(complete.iter().all(|c| *c), "{written:?}: {complete:?}");
}

/// Outcome: an output folder that cannot be made (a file stands where
/// it would go) is a usage error naming it, before anything is written;
/// a read-only one fails each document with its name (skipped when this
/// process can write anyway, as root can).
#[cfg(unix)]
#[test]
fn an_unwritable_output_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    small_and_huge(&tmp.path().join("in"));
    fs::write(tmp.path().join("afile"), "x").unwrap();
    let out = run_in(tmp.path(), &["in", "-t", "md", "-o", "afile/out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("afile/out: cannot make the output folder: Not a directory"),
        "{}",
        text(&out.stderr)
    );
    let ro = tmp.path().join("ro");
    fs::create_dir_all(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(ro.join("probe"), "x").is_ok() {
        println!(
            "an_unwritable_output_folder_is_a_clear_error: skipped the read-only case: this process writes there anyway (root)"
        );
        return;
    }
    let out = run_in(tmp.path(), &["in", "-t", "md", "-o", "ro"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("Permission denied"),
        "{}",
        text(&out.stderr)
    );
    assert!(files_under(&ro).is_empty());
}

/// Outcome: two runs writing one output folder at the same time both
/// succeed, and every file they leave is complete: the same bytes as a
/// run alone (each file is written to a temporary file and renamed).
#[test]
fn two_runs_writing_one_output_folder_leave_complete_files() {
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = (0..150)
        .map(|i| {
            (
                format!("p{i:03}.html"),
                format!("<h2>Post {i}</h2><p>{}</p>", "text ".repeat(200 + i * 13)).into_bytes(),
            )
        })
        .collect();
    write_all(&tmp.path().join("in"), &files);
    let alone = run_in(tmp.path(), &["in", "-t", "md,json,xhtml", "-o", "ref"]);
    assert_eq!(alone.status.code(), Some(0));
    let reference = files_under(&tmp.path().join("ref"));
    for round in 0..3 {
        let out = tmp.path().join(format!("shared-{round}"));
        let spawn = |jobs: &str| {
            unpress()
                .current_dir(tmp.path())
                .args(["in", "-q", "-t", "md,json,xhtml", "-j", jobs, "-o"])
                .arg(&out)
                .stdin(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("1"), spawn("2"));
        for child in [a, b] {
            let done = child.wait_with_output().unwrap();
            assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
        }
        assert_eq!(files_under(&out), reference, "round {round}");
        for f in &reference {
            assert!(
                fs::read(out.join(f)).unwrap() == fs::read(tmp.path().join("ref").join(f)).unwrap(),
                "round {round}: {f} is not whole"
            );
        }
        no_temp_files(&out);
    }
}
