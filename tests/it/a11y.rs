//! Accessible books (issue 16): what Ace by DAISY checks on a package,
//! checked here without it (Ace itself runs in .ci/ace.sh): the
//! accessibility metadata says what the book is, roles match epub:type,
//! headings never skip a level, images take the alt text the export knows,
//! a link around an image to that same image goes, a remote image's
//! placeholder reads as the image, and each chapter states its own
//! language.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::support;

/// An export of `items` (with the site's `<language>`), written to `dir`.
fn write_export(dir: &Path, lang: &str, items: &str) -> std::path::PathBuf {
    let export = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Site</title><link>https://example.com</link>\
         <language>{lang}</language>{items}</channel></rss>"
    );
    let path = dir.join("site.xml");
    fs::write(&path, export).expect("write the export");
    path
}

fn post(id: u32, title: &str, body: &str) -> String {
    format!(
        "<item><title>{title}</title><link>https://example.com/p{id}/</link>\
         <dc:creator>admin</dc:creator><wp:post_id>{id}</wp:post_id>\
         <wp:post_name>p{id}</wp:post_name><wp:post_type>post</wp:post_type>\
         <wp:status>publish</wp:status><wp:post_date_gmt>2020-01-0{id} 00:00:00</wp:post_date_gmt>\
         <content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )
}

fn attachment(id: u32, url: &str, alt: &str) -> String {
    format!(
        "<item><title>a{id}</title><link>https://example.com/a{id}/</link>\
         <wp:post_id>{id}</wp:post_id><wp:post_name>a{id}</wp:post_name>\
         <wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>\
         <wp:attachment_url>{url}</wp:attachment_url>\
         <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>\
         <wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta></item>"
    )
}

/// Runs unpress in `dir`; returns the book's files by name.
fn make_book(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let out = support::unpress()
        .current_dir(dir)
        .args(["-q", "--to", "epub", "-o", "book.epub"])
        .args(args)
        .output()
        .expect("run unpress");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = fs::read(dir.join("book.epub")).expect("the book");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry data");
            (
                f.name().expect("entry name").into_owned(),
                String::from_utf8_lossy(&data).into_owned(),
            )
        })
        .collect()
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("{name} not in the book"))
}

fn metas(opf: &str, property: &str) -> Vec<String> {
    let open = format!("<meta property=\"{property}\">");
    opf.match_indices(&open)
        .map(|(i, _)| {
            let rest = &opf[i + open.len()..];
            rest[..rest.find("</meta>").unwrap_or(rest.len())].to_owned()
        })
        .collect()
}

/// Heading levels in document order.
fn headings(xhtml: &str) -> Vec<u8> {
    xhtml
        .match_indices("<h")
        .filter_map(|(i, _)| {
            let b = xhtml.as_bytes();
            let level = *b.get(i + 2)?;
            ((b'1'..=b'6').contains(&level) && matches!(b.get(i + 3), Some(b'>' | b' ')))
                .then_some(level - b'0')
        })
        .collect()
}

#[test]
fn a_book_without_images_says_it_is_textual_and_claims_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let seed = support::repo("fixtures/seed/input.txt");
    let files = make_book(tmp.path(), &[seed.to_str().expect("utf-8 path")]);
    let opf = file(&files, "EPUB/package.opf");
    assert_eq!(metas(opf, "schema:accessMode"), ["textual"], "{opf}");
    assert_eq!(metas(opf, "schema:accessModeSufficient"), ["textual"]);
    assert_eq!(
        metas(opf, "schema:accessibilityFeature"),
        ["structuralNavigation", "tableOfContents", "readingOrder"]
    );
    assert_eq!(metas(opf, "schema:accessibilityHazard"), ["none"]);
    let summary = metas(opf, "schema:accessibilitySummary");
    assert!(summary[0].contains("No conformance"), "{summary:?}");
    assert!(metas(opf, "dcterms:conformsTo").is_empty());
    assert!(metas(opf, "a11y:certifiedBy").is_empty());

    let chapter = file(&files, "EPUB/chapter-001.xhtml");
    assert!(
        chapter.contains("<section epub:type=\"chapter\" role=\"doc-chapter\">"),
        "{chapter}"
    );
    // The seed's <h3>s come right under the chapter title.
    assert_eq!(headings(chapter), [1, 2, 2, 2]);
    let nav = file(&files, "EPUB/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">"));
    assert!(nav.contains("<nav epub:type=\"landmarks\""), "{nav}");
    assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"chapter-001.xhtml\">"));
    assert_eq!(headings(nav), [1, 2]);
    for (name, text) in &files {
        if name.ends_with(".xhtml") {
            support::assert_well_formed_xml(text, name);
        }
    }
}

#[test]
fn a_claim_is_made_only_when_given() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let seed = support::repo("fixtures/seed/input.txt");
    let files = make_book(
        tmp.path(),
        &[
            seed.to_str().expect("utf-8 path"),
            "--a11y-claim",
            "EPUB Accessibility 1.1 - WCAG 2.2 Level AA=Jane <Doe>",
        ],
    );
    let opf = file(&files, "EPUB/package.opf");
    assert_eq!(
        metas(opf, "dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    );
    assert_eq!(metas(opf, "a11y:certifiedBy"), ["Jane &lt;Doe&gt;"]);
    // A claim names who made it.
    let out = support::unpress()
        .current_dir(tmp.path())
        .args(["--to", "epub", "-o", "b.epub", "--a11y-claim", "WCAG AA"])
        .arg(&seed)
        .output()
        .expect("run unpress");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CONFORMANCE=CERTIFIER"));
}

/// A PNG of one pixel.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

#[test]
fn export_images_take_their_attachments_alt_and_lose_links_to_themselves() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let up = "https://example.com/wp-content/uploads/2020/01/";
    let uploads = tmp.path().join("uploads/2020/01");
    fs::create_dir_all(&uploads).expect("uploads");
    fs::write(uploads.join("a.png"), PNG).expect("a.png");
    let mut b = PNG.to_vec();
    b.extend_from_slice(b"b");
    fs::write(uploads.join("b.png"), &b).expect("b.png");
    let body = format!(
        "<h4>Pictures</h4><p><a href=\"{up}a.png\"><img class=\"wp-image-7\" src=\"{up}a-300x200.png\" alt=\"\"></a></p>\
         <h6>More</h6><p><img src=\"{up}b.png\"></p><p><img src=\"https://elsewhere.org/c.jpg\" alt=\"\"></p>"
    );
    let export = write_export(
        tmp.path(),
        "en-US",
        &[
            post(1, "Pictures", &body),
            attachment(7, &format!("{up}a.png"), "A red kite"),
            attachment(8, &format!("{up}b.png"), "A blue kite"),
        ]
        .concat(),
    );
    let export = export.to_str().expect("utf-8 path");

    // Linked: the attachment's alt; the link to the same image goes, so
    // the placeholder is the image's own link.
    let files = make_book(tmp.path(), &[export]);
    let chapter = file(&files, "EPUB/chapter-001.xhtml");
    assert_eq!(headings(chapter), [1, 2, 3], "{chapter}");
    assert!(
        chapter.contains(&format!(
            "<a class=\"remote-image\" href=\"{up}a.png\">A red kite</a>"
        )),
        "{chapter}"
    );
    assert!(chapter.contains(">A blue kite</a>"), "{chapter}");
    assert!(
        chapter.contains(">Image</a>") && !chapter.contains(">c.jpg<"),
        "{chapter}"
    );
    let opf = file(&files, "EPUB/package.opf");
    assert_eq!(metas(opf, "schema:accessMode"), ["textual"]);

    // Packaged: every image has alt text, so the package says so.
    let files = make_book(
        tmp.path(),
        &[export, "--assets", &format!("{up}=uploads/2020/01/")],
    );
    let chapter = file(&files, "EPUB/chapter-001.xhtml");
    assert!(!chapter.contains("<a href"), "{chapter}");
    assert!(chapter.contains("alt=\"A red kite\"/>"), "{chapter}");
    assert!(chapter.contains("alt=\"A blue kite\"/>"), "{chapter}");
    let opf = file(&files, "EPUB/package.opf");
    assert_eq!(metas(opf, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        metas(opf, "schema:accessModeSufficient"),
        ["textual,visual", "textual"]
    );
    assert!(metas(opf, "schema:accessibilityFeature").contains(&"alternativeText".to_owned()));
    assert_eq!(metas(opf, "schema:accessibilityHazard"), ["none"]);
}

#[test]
fn a_packaged_image_without_alt_is_not_claimed_as_described() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("pic.png"), PNG).expect("pic");
    fs::write(
        tmp.path().join("post.html"),
        "<h1>Post</h1><p><img src=\"pic.png\"></p>",
    )
    .expect("post");
    let files = make_book(tmp.path(), &["post.html"]);
    let opf = file(&files, "EPUB/package.opf");
    assert_eq!(metas(opf, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        metas(opf, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
    assert!(!metas(opf, "schema:accessibilityFeature").contains(&"alternativeText".to_owned()));
    assert!(metas(opf, "schema:accessibilitySummary")[0].contains("1 of the 1"));
}

#[test]
fn each_chapter_of_an_export_has_its_own_language() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let english = "<p>This is a post written in plain English about the garden, the weather and the books we read over the long summer holidays by the sea.</p>";
    let greek = "<p>Αυτό είναι ένα άρθρο γραμμένο στα ελληνικά για τον κήπο, τον καιρό και τα βιβλία που διαβάσαμε το καλοκαίρι δίπλα στη θάλασσα.</p>";
    let export = write_export(
        tmp.path(),
        "en-US",
        &[
            post(1, "One", english),
            post(2, "Two", greek),
            post(3, "Three", english),
        ]
        .concat(),
    );
    let files = make_book(tmp.path(), &[export.to_str().expect("utf-8 path")]);
    assert!(file(&files, "EPUB/chapter-001.xhtml").contains(" lang=\"en-US\" xml:lang=\"en-US\""));
    assert!(file(&files, "EPUB/chapter-002.xhtml").contains(" lang=\"el\" xml:lang=\"el\""));
    let opf = file(&files, "EPUB/package.opf");
    // The book's language is the majority's.
    assert!(
        opf.contains("<dc:language>en-US</dc:language>\n<dc:language>el</dc:language>"),
        "{opf}"
    );
}
