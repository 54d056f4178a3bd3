//! A migration (docs/migration.md): uploads copied and referenced
//! locally, links between posts pointed at their new places, old
//! addresses kept (`url`/`permalink`) and listed in redirects.csv. On
//! tests/data/wxr/site.xml with an uploads folder the tests make, some
//! files missing on purpose, one name escaping the folder, one symlink
//! leading out of it.

use std::path::{Path, PathBuf};

use crate::support::{files_under, repo, run_in, text};

/// An uploads folder for site.xml; the file that must never be copied
/// (outside it) is returned too.
fn uploads(dir: &Path) -> (PathBuf, PathBuf) {
    let up = dir.join("uploads");
    let png = |tag: &[u8]| [b"\x89PNG\r\n\x1a\n".as_slice(), tag].concat();
    for (rel, bytes) in [
        ("2019/03/clover.jpg", png(b"clover")),
        ("2019/03/grass.jpg", png(b"grass, the original")),
        ("2019/04/clover.jpg", png(b"another clover")),
        ("2019/05/copy.jpg", png(b"clover")),
    ] {
        let path = up.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, bytes).expect("upload");
    }
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "not an upload").expect("secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, up.join("2019/03/outside.jpg")).expect("symlink");
    (up, secret)
}

fn run(dir: &Path, args: &[&str]) -> String {
    let export = repo("tests/data/wxr/site.xml");
    let mut all = vec![export.to_str().expect("path")];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    err
}

#[test]
fn a_hugo_site_gets_local_uploads_and_links_to_new_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (up, secret) = uploads(dir.path());
    let err = run(
        dir.path(),
        &[
            "--site",
            "hugo",
            "-o",
            "site",
            "--uploads",
            up.to_str().expect("path"),
        ],
    );
    let site = dir.path().join("site");
    let copies: Vec<String> = files_under(&site.join("static"));
    // Same-named files of two months both kept; identical files once; the
    // original instead of its resized copy.
    assert_eq!(
        copies,
        [
            "uploads/2019/03/clover.jpg",
            "uploads/2019/03/grass.jpg",
            "uploads/2019/04/clover.jpg"
        ]
    );
    let md = std::fs::read_to_string(site.join("content/posts/a-meadow-2.md")).expect("md");
    for expected in [
        "[the first](/2019/03/03/a-meadow/#top)",
        "[the same by id](/2019/03/03/a-meadow/)",
        "![Clover](/uploads/2019/03/clover.jpg)",
        "![Grass](/uploads/2019/03/grass.jpg)",
        "![Clover again](/uploads/2019/04/clover.jpg)",
        "![A copy](/uploads/2019/03/clover.jpg)",
        // Not in the uploads folder: the old URL stays, and is reported.
        "![Missing](https://layouts.example.org/wp-content/uploads/2019/03/missing.jpg)",
        "[a category](https://layouts.example.org/category/gone/)",
    ] {
        assert!(md.contains(expected), "{expected}\n{md}");
    }
    assert!(err.contains("3 uploaded file(s) not found"), "{err}");
    assert!(err.contains("missing.jpg"), "{err}");
    assert!(err.contains("lead to no converted document"), "{err}");
    assert!(err.contains("category/gone"), "{err}");
    // Nothing from outside the uploads folder was copied.
    let secret_text = std::fs::read_to_string(&secret).expect("secret");
    for file in files_under(&site) {
        let bytes = std::fs::read(site.join(&file)).expect("output");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&secret_text),
            "{file} holds the secret"
        );
    }
    // The old permalink is kept, and the old addresses listed.
    let first = std::fs::read_to_string(site.join("content/posts/a-meadow.md")).expect("md");
    assert!(first.contains("\nurl: /2019/03/03/a-meadow/\n"), "{first}");
    let redirects = std::fs::read_to_string(site.join("redirects.csv")).expect("redirects");
    assert!(redirects.starts_with("from,to,status\n"), "{redirects}");
    assert!(
        redirects.contains("\n/?p=10,/2019/03/03/a-meadow/,301\n"),
        "{redirects}"
    );
    // Unpublished documents' addresses are not told.
    for hidden in ["?p=12", "?p=13", "?p=14"] {
        assert!(!redirects.contains(hidden), "{hidden}: {redirects}");
    }
    // One row per published document, each to the path it pins.
    assert!(
        redirects.contains("\n/2019/03/03/a-meadow/,/2019/03/03/a-meadow/,kept\n"),
        "{redirects}"
    );
    for line in redirects.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let [from, to, status] = fields[..] else {
            panic!("{line}: three fields");
        };
        assert!(from.starts_with('/') && !from.starts_with("//"), "{line}");
        assert!(to.starts_with('/') && to.ends_with('/'), "{line}");
        assert!(status == "301" || status == "kept", "{line}");
    }
}

#[test]
fn without_a_site_links_and_images_are_relative_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (up, _) = uploads(dir.path());
    run(
        dir.path(),
        &[
            "-t",
            "md,xhtml",
            "-o",
            "out",
            "--uploads",
            up.to_str().expect("path"),
        ],
    );
    let out = dir.path().join("out");
    let md = std::fs::read_to_string(out.join("md/post/a-meadow-2.md")).expect("md");
    assert!(md.contains("[the first](a-meadow.md#top)"), "{md}");
    assert!(
        md.contains("![Clover](../../assets/2019/03/clover.jpg)"),
        "{md}"
    );
    let xhtml = std::fs::read_to_string(out.join("xhtml/post/a-meadow-2.xhtml")).expect("xhtml");
    assert!(xhtml.contains("href=\"a-meadow.xhtml#top\""), "{xhtml}");
    assert!(
        xhtml.contains("src=\"../../assets/2019/03/clover.jpg\""),
        "{xhtml}"
    );
    assert!(out.join("assets/2019/03/clover.jpg").is_file());
    assert!(!out.join("redirects.csv").exists());
}

#[test]
fn uploads_must_be_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = repo("tests/data/wxr/site.xml");
    for bad in ["missing-folder", "https://x.org/up/=", "ftp://x.org/up=dir"] {
        let out = run_in(
            dir.path(),
            &[export.to_str().expect("path"), "-o", "o", "--uploads", bad],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out.stderr));
    }
}
