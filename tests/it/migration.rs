//! A migration (docs/migration.md): uploads copied and referenced
//! locally, links between posts pointed at their new places, old
//! addresses kept (`url`/`permalink`) and listed in redirects.csv. On
//! tests/data/wxr/site.xml with an uploads folder the tests make, some
//! files missing on purpose, one name escaping the folder, one symlink
//! leading out of it.

use std::path::{Path, PathBuf};

use crate::support::{files_under, png, repo, run_in, site_uploads, text};

/// The uploads folder for site.xml (`support::site_uploads`), with a link
/// inside it to a file outside it that must never be copied; both are
/// returned.
fn uploads(dir: &Path) -> (PathBuf, PathBuf) {
    let up = site_uploads(dir);
    let secret = dir.join("secret.txt");
    // An image, so that only the path check keeps it out.
    std::fs::write(&secret, png(b"not an upload")).expect("secret");
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
    // Same-named files of two months both kept; the original instead of
    // its resized copy; identical files stored once: the second name is a
    // hard link to the first, so each reference keeps its own name.
    assert_eq!(
        copies,
        [
            "uploads/2019/03/clover.jpg",
            "uploads/2019/03/grass.jpg",
            "uploads/2019/04/clover.jpg",
            "uploads/2019/05/copy.jpg"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &str| {
            std::fs::metadata(site.join("static").join(p))
                .expect("copy")
                .ino()
        };
        assert_eq!(
            inode("uploads/2019/03/clover.jpg"),
            inode("uploads/2019/05/copy.jpg")
        );
    }
    let md = std::fs::read_to_string(site.join("content/posts/a-meadow-2.md")).expect("md");
    for expected in [
        "[the first](/2019/03/03/a-meadow/#top)",
        "[the same by id](/2019/03/03/a-meadow/)",
        "![Clover](/uploads/2019/03/clover.jpg)",
        "![Grass](/uploads/2019/03/grass.jpg)",
        "![Clover again](/uploads/2019/04/clover.jpg)",
        "![A copy](/uploads/2019/05/copy.jpg)",
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
    let secret_text = "not an upload";
    assert!(std::fs::read(&secret).is_ok());
    for file in files_under(&site) {
        let bytes = std::fs::read(site.join(&file)).expect("output");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret_text),
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

/// A tiny HTTP server on 127.0.0.1 for `--download-images`: each path's
/// answer, and a count of the requests.
mod server {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    pub struct Server {
        pub base: String,
        pub requests: Arc<AtomicUsize>,
        pub seen: Arc<Mutex<Vec<String>>>,
    }

    /// Serves `routes` (path -> (status, content type, body)); 404 else.
    pub fn start(routes: HashMap<String, (u16, &'static str, Vec<u8>)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (count, log) = (requests.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                count.fetch_add(1, Ordering::SeqCst);
                log.lock().expect("log").push(path.clone());
                let (status, kind, body) = routes.get(&path).cloned().unwrap_or((
                    404,
                    "text/html",
                    b"<h1>Not found</h1>".to_vec(),
                ));
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        Server {
            base,
            requests,
            seen,
        }
    }
}

#[test]
fn download_images_fetches_what_is_not_local_once() {
    use std::collections::HashMap;
    use std::sync::atomic::Ordering;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fetched".to_vec();
    let mut routes = HashMap::new();
    routes.insert(
        "/wp-content/uploads/2020/01/a.png".to_owned(),
        (200, "image/png", png.clone()),
    );
    routes.insert(
        "/wp-content/uploads/2020/01/page.png".to_owned(),
        (
            200,
            "text/html",
            b"<!DOCTYPE html><p>theme 404</p>".to_vec(),
        ),
    );
    let server = server::start(routes);
    let base = &server.base;
    let export = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Local</title><link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Post</title><link>{base}/2020/01/post/</link>
<content:encoded><![CDATA[<p><img src="{base}/wp-content/uploads/2020/01/a.png" alt="A"> <img src="/wp-content/uploads/2020/01/a.png" alt="Again"> <img src="{base}/wp-content/uploads/2020/01/gone.png" alt="Gone"> <img src="{base}/wp-content/uploads/2020/01/page.png" alt="Page"></p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2020-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name>post</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>a</title><wp:post_id>2</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>{base}/wp-content/uploads/2020/01/a.png</wp:attachment_url></item>
</channel></rss>
"#
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("local.xml"), export).expect("export");
    let args = [
        "local.xml",
        "--site",
        "hugo",
        "-o",
        "site",
        "--download-images",
        "--download-cache",
        "cache",
    ];
    let first = run_in(dir.path(), &args);
    let err = text(&first.stderr);
    assert!(first.status.success(), "{err}");
    let site = dir.path().join("site");
    assert_eq!(
        std::fs::read(site.join("static/uploads/2020/01/a.png")).expect("copied"),
        png
    );
    let md = std::fs::read_to_string(site.join("content/posts/post.md")).expect("md");
    assert!(md.contains("![A](/uploads/2020/01/a.png)"), "{md}");
    assert!(md.contains("![Again](/uploads/2020/01/a.png)"), "{md}");
    // Not fetched: the reference stays, the reason is told.
    assert!(
        md.contains(&format!(
            "![Gone]({base}/wp-content/uploads/2020/01/gone.png)"
        )),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "![Page]({base}/wp-content/uploads/2020/01/page.png)"
        )),
        "{md}"
    );
    assert!(err.contains("gone.png (HTTP 404)"), "{err}");
    assert!(err.contains("page.png (not an image: text/html)"), "{err}");
    assert!(!site.join("static/uploads/2020/01/page.png").exists());
    let first_requests = server.requests.load(Ordering::SeqCst);
    assert_eq!(
        first_requests,
        3,
        "a.png once (twice referenced), gone.png, page.png: {:?}",
        server.seen.lock().expect("log")
    );
    // A re-run into a fresh site takes a.png from the cache.
    std::fs::remove_dir_all(&site).expect("clean");
    let again = run_in(dir.path(), &args);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(site.join("static/uploads/2020/01/a.png").is_file());
    let seen = server.seen.lock().expect("log").clone();
    assert!(
        !seen[first_requests..].iter().any(|p| p.ends_with("a.png")),
        "{seen:?}"
    );
}

/// `--report FILE`: a record per document, and a summary that adds up.
#[test]
fn the_report_tells_every_document_and_adds_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (up, _) = uploads(dir.path());
    let err = run(
        dir.path(),
        &[
            "--site",
            "hugo",
            "-o",
            "site",
            "--uploads",
            up.to_str().expect("path"),
            "--report",
            "report.json",
        ],
    );
    assert!(err.contains("report: report.json"), "{err}");
    assert!(err.contains("warnings: "), "{err}");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("report"),
    )
    .expect("the report is JSON");
    let docs = report["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 12);
    let summary = &report["summary"];
    assert_eq!(summary["documents"], 12);
    assert_eq!(summary["converted"], 12);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["unpublished"], 3);
    assert_eq!(summary["skipped_items"]["attachment"], 1);
    assert_eq!(summary["uploads_copied"], 3);
    let status = |s: &str| docs.iter().filter(|d| d["status"] == s).count();
    assert_eq!((status("converted"), status("unpublished")), (9, 3));
    // The warnings of the summary are the documents' warnings, by kind.
    let mut kinds = std::collections::BTreeMap::new();
    for d in docs {
        for w in d["warnings"].as_array().expect("warnings") {
            *kinds
                .entry(w["kind"].as_str().expect("kind").to_owned())
                .or_insert(0u64) += 1;
        }
    }
    let summed: std::collections::BTreeMap<String, u64> = summary["warnings"]
        .as_object()
        .expect("kinds")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().expect("count")))
        .collect();
    assert_eq!(kinds, summed);
    let second = docs
        .iter()
        .find(|d| {
            d["source"]
                .as_str()
                .is_some_and(|s| s.contains("a-meadow-2"))
        })
        .expect("the second meadow");
    let moved = &second["moved"];
    assert_eq!(moved["uploads_localized"], 4, "{moved}");
    assert_eq!(moved["links_rewritten"], 2, "{moved}");
    assert_eq!(moved["uploads_missing"].as_array().map(Vec::len), Some(3));
    assert_eq!(moved["links_left"].as_array().map(Vec::len), Some(2));
    assert!(
        second["outputs"][0]
            .as_str()
            .is_some_and(|p| p.ends_with("content/posts/a-meadow-2.md")),
        "{second}"
    );
    assert!(
        second["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["kind"] == "upload-missing")
    );
}

/// An export's links and old slugs become paths in front matter: a
/// crafted one never brings markup, a `..` or a scheme there.
#[test]
fn hostile_permalinks_and_old_slugs_stay_plain_paths() {
    let items = [
        (1, "https://h.org/%3Cscript%3Ealert(1)%3C%2Fscript%3E/", ""),
        (2, "https://h.org/a/%2e%2e/%2e%2e/etc/", ""),
        (3, "https://h.org/%22onmouseover=alert(1)%20x/", "../../up"),
        (4, "javascript:alert(1)", "<img src=x onerror=alert(1)>"),
        (5, "https://h.org/ok/", "%0aurl:%20/evil/"),
        (6, "//h.org/%E2%80%AE%0d%0aX/", "ok-old"),
        (7, "https://h.org/caf%C3%A9/%E2%80%AEevil/", ""),
    ];
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><link>https://h.org</link><wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    for (id, link, old) in items {
        xml.push_str(&format!(
            "<item><title>P{id}</title><link><![CDATA[{link}]]></link><content:encoded><![CDATA[<p>x</p>]]></content:encoded><wp:post_id>{id}</wp:post_id><wp:post_date>2020-01-0{id} 10:00:00</wp:post_date><wp:post_name>p{id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value><![CDATA[{old}]]></wp:meta_value></wp:postmeta></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("h.xml"), xml).expect("export");
    for site in ["hugo", "jekyll", "hexo"] {
        let out = run_in(dir.path(), &["h.xml", "--site", site, "-o", site]);
        assert!(out.status.success(), "{site}: {}", text(&out.stderr));
        let root = dir.path().join(site);
        let mut paths = Vec::new();
        for file in files_under(&root).iter().filter(|f| f.ends_with(".md")) {
            let md = std::fs::read_to_string(root.join(file)).expect("md");
            let fm = &md[..md[4..].find("\n---\n").expect("front matter") + 4];
            let parsed: serde_yaml::Value = serde_yaml::from_str(&fm[4..]).expect("YAML");
            for key in ["url", "permalink"] {
                if let Some(p) = parsed.get(key).and_then(|v| v.as_str()) {
                    paths.push(p.to_owned());
                }
            }
            for key in ["aliases", "redirect_from"] {
                for p in parsed
                    .get(key)
                    .and_then(|v| v.as_sequence())
                    .into_iter()
                    .flatten()
                {
                    paths.push(p.as_str().expect("a string").to_owned());
                }
            }
            assert!(!fm.contains("/evil/"), "{site} {file}: {fm}");
        }
        assert!(paths.len() >= 7, "{site}: {paths:?}");
        assert!(
            paths.iter().any(|p| p == "/café/%E2%80%AEevil/"),
            "{site}: {paths:?}"
        );
        for p in &paths {
            assert!(p.starts_with('/') && !p.starts_with("//"), "{site}: {p}");
            assert!(
                !p.chars().any(|c| c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '<' | '>' | '"' | '\'' | '\\' | '\u{202e}')),
                "{site}: {p:?}"
            );
            assert!(!p.split('/').any(|s| s == ".." || s == "."), "{site}: {p}");
        }
        let csv = std::fs::read_to_string(root.join("redirects.csv")).expect("redirects");
        assert!(!csv.contains('<') && !csv.contains("javascript"), "{csv}");
    }
    // A server's configuration: every path plain, whatever the export said.
    for name in ["r.conf", "_redirects", ".htaccess", "r.json"] {
        let out = run_in(
            dir.path(),
            &["h.xml", "--site", "hugo", "-o", "srv", "--redirects", name],
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let conf = std::fs::read_to_string(dir.path().join(name)).expect("redirects");
        for line in conf.lines().filter(|l| !l.starts_with('#')) {
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || c == '\\' || c == '\''),
                "{name}: {line:?}"
            );
            if name == "r.conf" && line.starts_with("    \"/") {
                let quotes = line.matches('"').count();
                assert_eq!(quotes, 4, "{line}");
                assert!(
                    line.ends_with("\";") && line.matches(';').count() == 1,
                    "{line}"
                );
            }
        }
        assert!(
            !conf.contains("<script") && !conf.contains("javascript:"),
            "{conf}"
        );
    }
}

/// `--redirects` takes its form from the file's name, and needs a site.
#[test]
fn redirects_files_in_a_servers_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        dir.path(),
        &[
            "--site",
            "jekyll",
            "-o",
            "site",
            "--redirects",
            "_redirects",
        ],
    );
    let netlify = std::fs::read_to_string(dir.path().join("_redirects")).expect("file");
    assert!(
        netlify.contains("/ p=10 /2019/03/03/a-meadow/ 301\n"),
        "{netlify}"
    );
    // Kept paths need no rule.
    assert!(
        !netlify.contains("/2019/03/03/a-meadow/ /2019/03/03/a-meadow/"),
        "{netlify}"
    );
    run(
        dir.path(),
        &["--site", "jekyll", "-o", "site", "--redirects", "r.json"],
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).expect("file"))
            .expect("JSON");
    assert!(json.as_array().is_some_and(|rows| !rows.is_empty()));
    let export = repo("tests/data/wxr/site.xml");
    let out = run_in(
        dir.path(),
        &[
            export.to_str().expect("path"),
            "-o",
            "x",
            "--redirects",
            "r.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// `--uploads DIR` packages a book's images as `--assets URL=DIR` does,
/// with the URL taken from the export.
#[test]
fn a_book_packages_the_uploads_it_finds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (up, _) = uploads(dir.path());
    run(
        dir.path(),
        &[
            "-t",
            "epub",
            "-o",
            "b.epub",
            "--uploads",
            up.to_str().expect("path"),
        ],
    );
    let file = std::fs::File::open(dir.path().join("b.epub")).expect("book");
    let book = zip::ZipArchive::new(file).expect("a zip");
    let mut book = book;
    for i in 0..book.len() {
        let mut entry = book.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("not an upload"),
            "entry {i} is the file outside the uploads folder"
        );
    }
    let names: Vec<String> = book
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let images = names
        .iter()
        .filter(|n| n.starts_with("EPUB/images/"))
        .count();
    // The uploads are PNG bytes: the book names them by what they are.
    // clover, its identical copy and the April clover (the book stores
    // by content); the resized grass is not in the folder as named.
    assert_eq!(images, 3, "{names:?}");
}

/// A folder of posts (WordPress's Jekyll exporter writes `permalink`,
/// `guid` and `id`): links between them follow them into the site.
#[test]
fn a_folders_posts_keep_their_addresses_and_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).expect("folder");
    std::fs::write(
        posts.join("2019-01-02-a.md"),
        "---\ntitle: A\ndate: 2019-01-02 10:00:00\nid: 1\nguid: https://blog.example/?p=1\npermalink: /2019/01/a/\n---\nThe first.\n",
    )
    .expect("post");
    std::fs::write(
        posts.join("2019-02-03-b.md"),
        "---\ntitle: B\ndate: 2019-02-03 10:00:00\nid: 2\nguid: https://blog.example/?p=2\npermalink: /2019/02/b/\n---\n\
         <p><a href=\"https://blog.example/2019/01/a/#x\">one</a> <a href=\"https://blog.example/?p=1\">two</a> \
         <a href=\"/2019/01/a/\">three</a> <a href=\"https://other.example/2019/01/a/\">elsewhere</a> \
         <a href=\"https://blog.example/2019/03/gone/\">gone</a></p>\n",
    )
    .expect("post");
    for (site, file, key) in [
        ("hexo", "source/_posts", "permalink"),
        ("hugo", "content/posts", "url"),
        ("jekyll", "_posts", "permalink"),
    ] {
        let out = run_in(dir.path(), &["_posts", "--site", site, "-o", site]);
        let err = text(&out.stderr);
        assert!(out.status.success(), "{site}: {err}");
        let folder = dir.path().join(site).join(file);
        let a = std::fs::read_to_string(folder.join("2019-01-02-a.md")).expect("a");
        assert!(
            a.contains(&format!("\n{key}: /2019/01/a/\n")),
            "{site}: {a}"
        );
        let b = std::fs::read_to_string(folder.join("2019-02-03-b.md")).expect("b");
        for link in [
            "[one](/2019/01/a/#x)",
            "[two](/2019/01/a/)",
            "[three](/2019/01/a/)",
            "[elsewhere](https://other.example/2019/01/a/)",
            "[gone](https://blog.example/2019/03/gone/)",
        ] {
            assert!(b.contains(link), "{site}: {link}\n{b}");
        }
        assert!(err.contains("2019/03/gone"), "{site}: {err}");
    }
}
