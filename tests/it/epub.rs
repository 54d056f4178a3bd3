//! The EPUB book (docs/epub.md): byte-identical for the same inputs, the
//! container laid out as OCF asks, the package document's metadata, and
//! remote images linked rather than embedded. epubcheck itself runs in
//! .ci/epubcheck.sh.

use std::io::Read;
use std::path::{Path, PathBuf};

use unpress::write::epub::{self, Book, Chapter, ChapterOrder, EpubOptions};
use unpress::{read, rewrite};

use crate::support;

/// The seed post (the corpus's seed/000_e300ce6d6b25cbe0.txt, byte for
/// byte): Chinese, dated 2022, three remote images.
fn seed() -> PathBuf {
    support::repo("fixtures/seed/input.txt")
}

fn arabic() -> PathBuf {
    PathBuf::from("fixtures/arabic-post/input.md")
}

/// An English post dated 2019, before the other two.
fn english() -> PathBuf {
    support::repo("fixtures/markdown-body/input.md")
}

fn book(inputs: &[PathBuf], opts: &EpubOptions) -> Book {
    let chapters = inputs
        .iter()
        .map(|p| {
            let doc = read::read_file(p, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let fragment = rewrite::rewrite(&doc.body, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .fragment;
            Chapter::new(&doc, &fragment, opts)
        })
        .collect();
    epub::build(chapters, opts).unwrap_or_else(|e| panic!("{e}"))
}

/// The entries of a book, in order, with their compression method.
fn entries(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let stored = f.compression() == zip::CompressionMethod::Stored;
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry data");
            (f.name().expect("entry name").into_owned(), stored, data)
        })
        .collect()
}

fn entry(bytes: &[u8], name: &str) -> String {
    entries(bytes)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, d)| String::from_utf8(d).expect("UTF-8"))
        .unwrap_or_else(|| panic!("no {name} in the book"))
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Two builds of the same inputs are the same bytes, whatever the order
/// of the dated ones.
fn the_same_inputs_give_the_same_bytes_with(english: PathBuf, more: Vec<PathBuf>) {
    let english = || english.clone();
    let mut inputs = vec![seed(), arabic(), english()];
    inputs.extend(more);
    let opts = EpubOptions::default();
    let a = book(&inputs, &opts);
    let b = book(&inputs, &opts);
    assert!(a.bytes == b.bytes, "two builds differ");
    // Dated documents are ordered by date, so their input order does not
    // matter either.
    let one = book(&[seed(), arabic(), english()], &opts);
    let two = book(&[english(), seed(), arabic()], &opts);
    assert!(
        one.bytes == two.bytes,
        "input order changed a date-ordered book"
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    the_same_inputs_give_the_same_bytes_with(english(), support::fixture_inputs());
}

#[test]
fn paths_do_not_reach_the_book() {
    // The same post and image in another folder make the same book: the
    // identifier and the image names come from the content.
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(tmp.path().join("images")).expect("mkdir");
    std::fs::copy(arabic(), tmp.path().join("elsewhere.md")).expect("copy");
    std::fs::copy(
        "fixtures/arabic-post/images/garden.png",
        tmp.path().join("images/garden.png"),
    )
    .expect("copy");
    let opts = EpubOptions::default();
    let here = book(&[arabic()], &opts);
    let there = book(&[tmp.path().join("elsewhere.md")], &opts);
    assert!(here.bytes == there.bytes);
}

#[test]
fn the_container_is_laid_out_as_ocf_asks() {
    let b = book(&[seed(), arabic()], &EpubOptions::default());
    let bytes = &b.bytes;
    // mimetype: the first local header, stored (method 0), no extra field,
    // its content right after the name (EPUB 3.3 §4.2.3 OCF ZIP container).
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        0,
        "mimetype not stored"
    );
    assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8);
    assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "extra field");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");

    let list = entries(bytes);
    let names: Vec<&str> = list.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names[0], "mimetype");
    let mut sorted = names[1..].to_vec();
    sorted.sort();
    assert_eq!(names[1..], sorted[..], "entries not in name order");
    for needed in [
        "META-INF/container.xml",
        "EPUB/package.opf",
        "EPUB/nav.xhtml",
        "EPUB/style.css",
        "EPUB/chapter-001.xhtml",
        "EPUB/chapter-002.xhtml",
    ] {
        assert!(names.contains(&needed), "{needed} missing: {names:?}");
    }
    for (name, _, data) in &list {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".xml") {
            support::assert_well_formed_xml(&String::from_utf8_lossy(data), name);
        }
    }
    let container = entry(bytes, "META-INF/container.xml");
    assert!(container.contains("full-path=\"EPUB/package.opf\""));
    assert!(container.contains("media-type=\"application/oebps-package+xml\""));
}

/// The package document of the seed, the Arabic post and `english`,
/// whose title starts with `english_title`.
fn the_package_document_says_what_the_book_is_with(english: PathBuf, english_title: &str) {
    let b = book(&[seed(), arabic(), english], &EpubOptions::default());
    let opf = entry(&b.bytes, "EPUB/package.opf");
    assert_eq!(
        count(&opf, "<dc:identifier id=\"book-id\">urn:uuid:"),
        1,
        "{opf}"
    );
    assert!(opf.contains("unique-identifier=\"book-id\""));
    // Without --title: the first chapter's; chapters by date, so the
    // English post of 2019 comes first.
    assert!(opf.contains(&format!("<dc:title>{english_title}")), "{opf}");
    for lang in ["en", "zh", "ar"] {
        assert!(
            opf.contains(&format!("<dc:language>{lang}</dc:language>")),
            "{opf}"
        );
    }
    assert!(
        opf.contains("<dc:creator>فريق التحرير</dc:creator>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:creator>Aljazeera 半岛网</dc:creator>"),
        "{opf}"
    );
    // Exactly one dcterms:modified: the newest document date.
    assert_eq!(count(&opf, "dcterms:modified"), 1);
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-05-14T09:30:00Z</meta>"),
        "{opf}"
    );
    // Every chapter and image in the manifest, every chapter in the spine.
    assert!(opf.contains("properties=\"nav\""));
    for i in 1..=3 {
        assert!(opf.contains(&format!("<itemref idref=\"chapter-00{i}\"/>")));
    }
    assert_eq!(count(&opf, "media-type=\"image/png\""), 1, "{opf}");
    let nav = entry(&b.bytes, "EPUB/nav.xhtml");
    assert!(nav.contains("epub:type=\"toc\""));
    assert!(nav.contains("<li lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\"><a href=\"chapter-003.xhtml\">مكتبة الحي الصغيرة</a></li>"), "{nav}");
    let arabic = entry(&b.bytes, "EPUB/chapter-003.xhtml");
    assert!(arabic.contains("lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""));

    let titled = book(
        &[seed()],
        &EpubOptions {
            title: Some("News & views".into()),
            order: ChapterOrder::Input,
            ..EpubOptions::default()
        },
    );
    let opf = entry(&titled.bytes, "EPUB/package.opf");
    assert!(opf.contains("<dc:title>News &amp; views</dc:title>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2022-01-08T02:36:26Z</meta>"));
}

#[test]
fn the_package_document_says_what_the_book_is() {
    the_package_document_says_what_the_book_is_with(english(), "Flashing firmware: a #1 guide");
}

/// A book of undated documents without headings (`inputs`, the first
/// named `first`): the fallback date, titles from the file names.
fn undated_documents_get_the_fallbacks_with(inputs: &[PathBuf], first: &str) {
    let b = book(inputs, &EpubOptions::default());
    let opf = entry(&b.bytes, "EPUB/package.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">1980-01-01T00:00:00Z</meta>"),
        "{opf}"
    );
    let nav = entry(&b.bytes, "EPUB/nav.xhtml");
    // Input order; titles from the file name when there is no heading.
    assert!(nav.contains(&format!(">{first}</a>")), "{nav}");
    assert!(!nav.contains("<a href=\"chapter-001.xhtml\"></a>"));
}

#[test]
fn undated_documents_get_the_fallbacks() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut inputs = Vec::new();
    for (name, body) in [
        (
            "audio-block.html",
            "<figure class=\"wp-block-audio\"><audio controls src=\"https://example.com/a.mp3\"></audio></figure>",
        ),
        (
            "paragraph.html",
            "<!-- wp:paragraph --><p>Only a paragraph.</p><!-- /wp:paragraph -->",
        ),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, body).expect("write");
        inputs.push(path);
    }
    undated_documents_get_the_fallbacks_with(&inputs, "audio-block");
}

#[test]
fn remote_images_are_linked_not_embedded() {
    let b = book(&[seed()], &EpubOptions::default());
    assert_eq!(b.remote_images_linked, 3);
    assert!(
        b.warnings.iter().any(|w| w.contains("--assets")),
        "{:?}",
        b.warnings
    );
    let chapter = entry(&b.bytes, "EPUB/chapter-001.xhtml");
    assert!(!chapter.contains("<img"), "{chapter}");
    // Without alt or caption: a word, marked English, never the file name
    // (issue 16: a placeholder reads as what the image is).
    assert!(chapter.contains("<a class=\"remote-image\" href=\"https://chinese.aljazeera.net/wp-content/uploads/2022/01/image-23.jpg\" lang=\"en\" xml:lang=\"en\">Image</a>"), "{chapter}");
    // The alt, even when the caption repeats it; the caption stays.
    assert!(
        chapter.contains("/2022/01/2-1.jpg\">哈萨克斯坦安全部队自数日前便陷入与抗议者的冲突之中 (美联社)</a><figcaption>哈萨克斯坦安全部队"),
        "{chapter}"
    );
}

/// A JPEG of one white pixel.
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9,
];

#[test]
fn assets_and_covers_are_packaged() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let uploads = tmp.path().join("uploads/2023/05");
    std::fs::create_dir_all(&uploads).expect("mkdir");
    std::fs::write(uploads.join("reading-room.jpg"), JPEG).expect("write");
    let opts = EpubOptions {
        assets: vec![(
            "https://example.org/wp-content/uploads/".into(),
            tmp.path().join("uploads"),
        )],
        cover: Some(Path::new("fixtures/arabic-post/images/garden.png").to_path_buf()),
        ..EpubOptions::default()
    };
    let b = book(&[arabic()], &opts);
    assert_eq!(b.remote_images_linked, 0);
    let opf = entry(&b.bytes, "EPUB/package.opf");
    assert!(opf.contains("media-type=\"image/jpeg\""), "{opf}");
    assert_eq!(count(&opf, "properties=\"cover-image\""), 1, "{opf}");
    assert!(
        opf.contains("<spine page-progression-direction=\"rtl\">\n<itemref idref=\"cover\"/>\n<itemref idref=\"chapter-001\"/>"),
        "{opf}"
    );
    let chapter = entry(&b.bytes, "EPUB/chapter-001.xhtml");
    assert!(chapter.contains("<img src=\"images/"), "{chapter}");
    assert!(!chapter.contains("remote-image"), "{chapter}");
    // The cover image is also a picture of the chapter: packaged once.
    let images = entries(&b.bytes)
        .into_iter()
        .filter(|(n, _, _)| n.starts_with("EPUB/images/"))
        .count();
    assert_eq!(images, 2);

    let missing = epub::build(vec![], &EpubOptions::default());
    assert!(missing.is_err());
    let bad_cover = EpubOptions {
        cover: Some(PathBuf::from("fixtures/arabic-post/input.md")),
        ..EpubOptions::default()
    };
    let doc = read::read_file(&arabic(), &Default::default()).expect("read");
    let fragment = rewrite::rewrite(&doc.body, &Default::default())
        .expect("rewrite")
        .fragment;
    let err = epub::build(vec![Chapter::new(&doc, &fragment, &bad_cover)], &bad_cover)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("not a JPEG, PNG, GIF or WebP"), "{err}");
}

#[test]
fn links_with_an_unknown_scheme_keep_their_text() {
    let doc = read::read_str(
        unpress::Source::Text,
        "---\ntitle: Links\n---\n<p><a href=\"ttps://example.com/a.mov\">typo</a> \
         <a href=\"https://example.com/\">fine</a> <a href=\"mailto:a@example.com\">mail</a></p>",
        &Default::default(),
    )
    .unwrap();
    let fragment = rewrite::rewrite(&doc.body, &Default::default())
        .unwrap()
        .fragment;
    let opts = EpubOptions::default();
    let chapter = Chapter::new(&doc, &fragment, &opts);
    assert!(
        chapter
            .warnings()
            .iter()
            .any(|w| w.contains("ttps://example.com/a.mov")),
        "{:?}",
        chapter.warnings()
    );
    let b = epub::build(vec![chapter], &opts).unwrap();
    let xhtml = entry(&b.bytes, "EPUB/chapter-001.xhtml");
    assert!(!xhtml.contains("\"ttps://"), "{xhtml}");
    assert!(xhtml.contains("typo"), "{xhtml}");
    assert!(xhtml.contains("href=\"https://example.com/\""), "{xhtml}");
    assert!(xhtml.contains("href=\"mailto:a@example.com\""), "{xhtml}");
}

/// The same books with the corpus's English post and block fixtures.
#[cfg(feature = "corpus")]
mod corpus {
    use super::*;
    use crate::support::{corpus, files_in};

    fn english() -> PathBuf {
        corpus().join("wp-exported-jekyll-posts/en-zencoffee-flashing-z-stack-cc2530-wemos.md")
    }

    fn blocks() -> Vec<PathBuf> {
        files_in(&corpus().join("gutenberg-block-fixtures"))
    }

    #[test]
    fn the_corpus_seed_is_the_fixture() {
        assert_eq!(
            std::fs::read(corpus().join("seed/000_e300ce6d6b25cbe0.txt")).expect("the seed"),
            std::fs::read(seed()).expect("fixtures/seed/input.txt")
        );
    }

    #[test]
    fn the_same_inputs_give_the_same_bytes() {
        the_same_inputs_give_the_same_bytes_with(english(), blocks());
    }

    #[test]
    fn the_package_document_says_what_the_book_is() {
        the_package_document_says_what_the_book_is_with(english(), "Flashing Z-Stack");
    }

    #[test]
    fn undated_documents_get_the_fallbacks() {
        undated_documents_get_the_fallbacks_with(&blocks(), "core__audio");
    }
}
