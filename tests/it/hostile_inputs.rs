//! The security issue's holes, tried as an attacker would: crafted exports
//! and posts that used to write outside the output folder, overwrite
//! inputs, lose documents, read without limit, or panic. Each test is
//! named after what broke; each failed before its fix.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{files_under, repo, run_in, text, unpress};

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
    let limit = Duration::from_secs(60);
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
