//! The WXR reader: no panic, every file ends in documents or clear errors,
//! and the number of documents matches an independent count of items by
//! type and status. Over the exports written for the tests
//! (tests/data/wxr) and exports written here; with `--features corpus`,
//! over every export of the corpus too (the theme unit test data, wptest,
//! the WordPress importer's fixtures).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use unpress::document::Source;
use unpress::read::wxr::{self, Layout, WxrDocument, WxrOptions};

use crate::support;

/// Everything one export yields.
struct Run {
    export: wxr::Export,
    docs: Vec<WxrDocument>,
    errors: Vec<String>,
}

fn run(path: &Path, opts: &WxrOptions) -> Run {
    let export = wxr::scan(path, opts).unwrap_or_else(|e| panic!("{}: scan: {e}", path.display()));
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for entry in export.documents().unwrap() {
        match entry {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e.to_string()),
        }
    }
    Run {
        export,
        docs,
        errors,
    }
}

/// An independent count: a plain quick-xml pass that reads `wp:post_type`
/// and `wp:status` of every item by prefix, `None` when the file is not
/// well-formed.
fn plain_count(path: &Path) -> Option<BTreeMap<(String, String), usize>> {
    let mut reader = quick_xml::Reader::from_file(path).ok()?;
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::new();
    let mut counts = BTreeMap::new();
    let mut depth_in_item = 0usize;
    let mut in_item = false;
    let mut field: Option<&'static str> = None;
    let (mut ty, mut status) = (None::<String>, None::<String>);
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(s) => {
                let name = s.name().as_ref().to_vec();
                if name == b"item" && !in_item {
                    in_item = true;
                    depth_in_item = 0;
                    ty = None;
                    status = None;
                } else if in_item {
                    depth_in_item += 1;
                    field = match (depth_in_item, name.as_slice()) {
                        (1, b"wp:post_type") => Some("type"),
                        (1, b"wp:status") => Some("status"),
                        _ => None,
                    };
                }
            }
            Event::Text(t) => {
                let text = String::from_utf8_lossy(&t).trim().to_owned();
                match field {
                    Some("type") if ty.is_none() => ty = Some(text),
                    Some("status") if status.is_none() => status = Some(text),
                    _ => {}
                }
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t).trim().to_owned();
                match field {
                    Some("type") if ty.is_none() => ty = Some(text),
                    Some("status") if status.is_none() => status = Some(text),
                    _ => {}
                }
            }
            Event::End(e) => {
                field = None;
                if in_item && depth_in_item == 0 && e.name().as_ref() == b"item" {
                    in_item = false;
                    let key = (
                        ty.take().filter(|t| !t.is_empty()).unwrap_or("post".into()),
                        status
                            .take()
                            .filter(|s| !s.is_empty())
                            .unwrap_or("publish".into()),
                    );
                    *counts.entry(key).or_insert(0) += 1;
                } else if in_item {
                    depth_in_item -= 1;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(counts)
}

/// The rule: what becomes a document, by type and status.
fn converts(ty: &str, status: &str) -> bool {
    let internal = matches!(
        ty,
        "attachment"
            | "nav_menu_item"
            | "revision"
            | "customize_changeset"
            | "custom_css"
            | "oembed_cache"
            | "user_request"
            | "wp_block"
    ) || ty.starts_with("wp_");
    !internal && !matches!(status, "trash" | "auto-draft" | "inherit")
}

/// Every export of `files` ends in documents or clear errors with their
/// place, and as many documents as an independent count of its items.
fn every_export_converts_or_says_why(files: &[PathBuf]) {
    let opts = WxrOptions::default();
    for path in files {
        let name = path.display().to_string();
        assert!(wxr::is_wxr(path).unwrap(), "{name}: not sniffed as WXR");
        let r = run(path, &opts);
        // No silent empty output.
        assert!(
            !r.docs.is_empty() || !r.errors.is_empty() || !r.export.warnings().is_empty(),
            "{name}: nothing converted and nothing said"
        );
        for e in &r.errors {
            let file = path.display().to_string();
            let rest = e
                .strip_prefix(&format!("{file}:"))
                .unwrap_or_else(|| panic!("{e}"));
            let mut parts = rest.splitn(3, ':');
            let line: usize = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{e}"));
            let col: usize = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{e}"));
            assert!(line >= 1 && col >= 1, "{e}");
        }
        match plain_count(path) {
            Some(counts) => {
                let expected: usize = counts
                    .iter()
                    .filter(|((t, s), _)| converts(t, s))
                    .map(|(_, n)| n)
                    .sum();
                assert_eq!(r.docs.len(), expected, "{name}: {counts:?} {:?}", r.errors);
                assert_eq!(r.export.counts(), &counts, "{name}");
            }
            None => assert!(
                !r.errors.is_empty(),
                "{name}: not well-formed, yet no error"
            ),
        }
        for d in &r.docs {
            let rel = d.rel.to_string_lossy();
            assert!(!rel.contains(".."), "{name}: {rel}");
            assert!(matches!(d.document.source, Source::Item(_)));
        }
    }
}

fn by_title<'a>(r: &'a Run, title: &str) -> &'a WxrDocument {
    r.docs
        .iter()
        .find(|d| d.document.meta.title.as_deref() == Some(title))
        .unwrap_or_else(|| panic!("no post titled {title}"))
}

fn markdown_of(doc: &WxrDocument) -> String {
    let formats = [unpress::Format::Markdown];
    let out = unpress::convert_document(&doc.document, &formats, &Default::default()).unwrap();
    out.get(unpress::Format::Markdown).unwrap().to_owned()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn no_export_gives_an_empty_term_slug(files: &[PathBuf]) {
    let opts = WxrOptions::default();
    for path in files {
        for d in run(path, &opts).docs {
            let fm = d.document.given_front_matter().unwrap();
            for key in ["category_slugs", "tag_slugs"] {
                if let Some(slugs) = fm.get(key) {
                    assert!(
                        strings(slugs).iter().all(|s| !s.is_empty()),
                        "{}: {}: {key} {slugs}",
                        path.display(),
                        d.rel.display()
                    );
                }
            }
            if let (Some(names), Some(slugs)) = (fm.get("categories"), fm.get("category_slugs")) {
                assert_eq!(strings(names).len(), strings(slugs).len());
            }
        }
    }
}

fn every_serialized_meta_value_is_read(files: &[PathBuf]) {
    let opts = WxrOptions {
        private_meta: true,
        ..WxrOptions::default()
    };
    for path in files {
        for d in run(path, &opts).docs {
            let unread: Vec<_> = d
                .document
                .warnings
                .iter()
                .filter(|w| w.contains("PHP-serialized"))
                .collect();
            assert!(unread.is_empty(), "{}: {unread:?}", path.display());
        }
    }
}

/// An export with one of each problem, written to a temporary file.
fn broken_export() -> tempfile::NamedTempFile {
    let mut text = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Broken &amp; fine</title>
<language>zh_CN</language>
<item><title>First&nbsp;one</title><wp:post_id>1</wp:post_id><wp:post_name>%e4%bd%a0%e5%a5%bd</wp:post_name>
<content:encoded>Ctrl:"#,
    );
    text.push('\u{1}');
    text.push_str(
        r#" &lol1; &xxe; here</content:encoded></item>
<item><title>Second</title><wp:post_id>2</wp:post_id>
<content:encoded><![CDATA[ok]]></content:encoded></wp:post_id></item>
<item><title>Third</title><wp:post_id>3</wp:post_id><wp:status>draft</wp:status><wp:post_name>first</wp:post_name>
<content:encoded><![CDATA[<item>not an item</item>]]></content:encoded></item>
<item><title>Fourth</title><wp:post_id>4</wp:post_id><wp:post_name>con</wp:post_name><content:encoded>caf"#,
    );
    let mut bytes = text.into_bytes();
    bytes.push(0xe9);
    bytes.extend_from_slice(b"</content:encoded></item>\n</channel>\n</rss>\n");
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut file, &bytes).unwrap();
    file
}

#[test]
fn a_bad_item_is_reported_and_the_rest_convert() {
    let file = broken_export();
    let r = run(file.path(), &WxrOptions::default());
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let name = file.path().display().to_string();
    assert!(
        r.errors[0].starts_with(&format!("{name}:14:50: item 2 skipped")),
        "{}",
        r.errors[0]
    );
    let titles: Vec<_> = r
        .docs
        .iter()
        .map(|d| d.document.meta.title.clone().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["First\u{a0}one", "Third", "Fourth"]);
    let first = &r.docs[0].document;
    // Control character removed with a warning; DOCTYPE entities are never
    // expanded, nothing is fetched.
    assert_eq!(first.body, "<p>Ctrl: &lol1; &xxe; here</p>\n");
    assert!(
        first
            .warnings
            .iter()
            .any(|w| w.contains("control character")),
        "{:?}",
        first.warnings
    );
    assert!(
        first.warnings.iter().any(|w| w.contains("&lol1;")),
        "{:?}",
        first.warnings
    );
    assert_eq!(first.meta.lang.as_deref(), Some("zh-CN"));
    assert_eq!(r.docs[0].rel, PathBuf::from("post/你好"));
    // `<item>` inside CDATA is content, and the draft says so.
    let third = &r.docs[1];
    assert!(third.document.body.contains("<item>not an item</item>"));
    assert_eq!(third.document.given_front_matter().unwrap()["draft"], true);
    assert_eq!(third.rel, PathBuf::from("post/first"));
    // Reserved names are made safe; bad UTF-8 becomes U+FFFD with a warning.
    let fourth = &r.docs[2];
    assert_eq!(fourth.rel, PathBuf::from("post/con_"));
    assert!(fourth.document.body.contains("caf\u{fffd}"));
    assert!(fourth.document.warnings.iter().any(|w| w.contains("UTF-8")));
    assert_eq!(r.export.bad_items(), 1);
    assert_eq!(r.export.document_count(), 3);
}

#[test]
fn item_sources_name_file_line_type_and_name() {
    let file = broken_export();
    let r = run(file.path(), &WxrOptions::default());
    let shown = r.docs[1].document.source.to_string();
    assert_eq!(shown, format!("{}:15 (post first)", file.path().display()));
}

#[test]
fn a_serialized_value_with_a_wrong_length_is_kept_as_written_with_a_warning() {
    // After a Latin-1 to UTF-8 conversion, "café" is 5 bytes but the
    // stored count still says 4.
    let broken = r#"a:1:{s:4:"name";s:4:"café";}"#;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(
        &mut file,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Converted</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:postmeta><wp:meta_key>opts</wp:meta_key><wp:meta_value><![CDATA[{broken}]]></wp:meta_value></wp:postmeta>
</item></channel></rss>"#
        )
        .as_bytes(),
    )
    .unwrap();
    let r = run(file.path(), &WxrOptions::default());
    let doc = by_title(&r, "Converted");
    let fm = doc.document.given_front_matter().unwrap();
    assert_eq!(fm["custom_fields"]["opts"], broken);
    assert!(
        doc.document
            .warnings
            .iter()
            .any(|w| w.contains("'opts'") && w.contains("length 4 at byte 18")),
        "{:?}",
        doc.document.warnings
    );
}

// ---- the exports of the repository --------------------------------------------

/// The export written for the tests: a classic post (sticky, with a
/// `[caption]`, a `[gallery]`, comments and serialized meta), its
/// attachment after it, a block page, a draft, a custom type, a menu item.
fn every_field() -> PathBuf {
    support::repo("tests/data/wxr/every-field.xml")
}

#[test]
fn every_export_of_the_repository_converts_or_says_why() {
    let files = support::repo_exports();
    assert!(files.len() >= 2, "{files:?}");
    every_export_converts_or_says_why(&files);
}

#[test]
fn no_export_of_the_repository_gives_an_empty_term_slug() {
    no_export_gives_an_empty_term_slug(&support::repo_exports());
}

#[test]
fn every_serialized_meta_value_of_the_repository_is_read() {
    every_serialized_meta_value_is_read(&support::repo_exports());
}

#[test]
fn classic_posts_get_their_paragraphs() {
    let r = run(&every_field(), &WxrOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let doc = &by_title(&r, "A meadow in March").document;
    assert!(
        doc.body.starts_with("<p>The meadow in March.</p>\n"),
        "{}",
        doc.body
    );
    let doc = &by_title(&r, "Unfinished").document;
    assert!(doc.body.starts_with("<p>Draft text"), "{}", doc.body);
    // A block page is left as the editor saved it.
    let blocks = &by_title(&r, "About").document;
    assert!(blocks.body.contains("<!-- wp:"), "{}", blocks.body);
    assert!(!blocks.body.starts_with("<p><!-- wp:"), "{}", blocks.body);
}

#[test]
fn front_matter_of_a_post() {
    let r = run(&every_field(), &WxrOptions::default());
    let doc = by_title(&r, "A meadow in March");
    let fm = doc.document.given_front_matter().unwrap();
    assert_eq!(fm["sticky"], true);
    assert_eq!(fm["type"], "post");
    assert_eq!(fm["status"], "publish");
    assert!(fm.get("draft").is_none());
    assert_eq!(doc.rel, PathBuf::from("post/a-meadow"));
    assert_eq!(doc.document.meta.lang.as_deref(), Some("en-GB"));
    assert!(
        doc.document
            .meta
            .date
            .as_deref()
            .is_some_and(|d| d.ends_with('Z'))
    );
    assert!(!doc.document.meta.categories.is_empty());
    let draft = by_title(&r, "Unfinished");
    assert_eq!(draft.document.given_front_matter().unwrap()["draft"], true);
    let pages: Vec<_> = r
        .docs
        .iter()
        .filter(|d| d.rel.starts_with("page"))
        .collect();
    assert_eq!(pages.len(), 1);
    let recipe = by_title(&r, "Spring recipe");
    assert_eq!(recipe.rel, PathBuf::from("recipe/spring-recipe"));
}

#[test]
fn the_media_map_holds_attachments_that_come_after_their_posts() {
    let r = run(&every_field(), &WxrOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The post shows attachment 11 (wp-image-11, [gallery ids="11"]),
    // which comes after it in the file.
    let raw = std::fs::read_to_string(every_field()).unwrap();
    assert!(raw.find("wp-image-11") < raw.find("<wp:post_id>11</wp:post_id>"));
    let media = &r.export.media[&11];
    assert_eq!(
        media.url,
        "https://notes.example.org/wp-content/uploads/2019/03/clover.jpg"
    );
    assert_eq!(r.export.skipped()["attachment"], 1);
}

/// `--post-type` and `--layout` on the export at `path`: only pages kept
/// and the rest counted as skipped; date folders put the post titled
/// `dated` four levels deep; no two documents share a name.
fn check_layouts_and_filters(path: &Path, dated: &str) {
    let opts = WxrOptions {
        layout: Layout::DatePrefix,
        post_types: Some(vec!["page".into()]),
        ..WxrOptions::default()
    };
    let r = run(path, &opts);
    assert!(!r.docs.is_empty());
    assert!(r.docs.iter().all(|d| d.rel.starts_with("page")));
    assert!(
        r.export
            .skipped()
            .keys()
            .any(|k| k.starts_with("--post-type"))
    );
    let opts = WxrOptions {
        layout: Layout::DateFolders,
        ..WxrOptions::default()
    };
    let r = run(path, &opts);
    let post = by_title(&r, dated);
    assert_eq!(post.rel.components().count(), 4, "{}", post.rel.display());
    let mut seen = std::collections::HashSet::new();
    for d in &r.docs {
        assert!(
            seen.insert(d.rel.to_string_lossy().to_lowercase()),
            "{}",
            d.rel.display()
        );
    }
}

/// The export at `path` read from stdin: spooled, then read as the file
/// is (`docs` documents, `media` attachments); pages and plain RSS are
/// not exports.
fn check_stdin_is_spooled(path: &Path, docs: usize, media: usize) {
    let bytes = std::fs::read(path).unwrap();
    assert!(wxr::is_wxr_head(&bytes));
    let file = wxr::spool(&mut bytes.as_slice()).unwrap();
    let r = run(file.path(), &WxrOptions::default());
    assert_eq!(r.docs.len(), docs);
    assert_eq!(r.export.media.len(), media);
    assert!(!wxr::is_wxr_head(b"<html><body>x</body></html>"));
    assert!(!wxr::is_wxr_head(b"<?xml version=\"1.0\"?><rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item><content:encoded>x</content:encoded></item></channel></rss>"));
}

#[test]
fn layouts_and_filters() {
    check_layouts_and_filters(&every_field(), "A meadow in March");
}

#[test]
fn stdin_is_spooled() {
    check_stdin_is_spooled(&every_field(), 4, 1);
}

/// WordPress stores post_title as HTML: `A meadow in <em>March</em>` is
/// the title `A meadow in March`; the excerpt stays HTML, the description
/// is its text.
#[test]
fn titles_are_text_not_html() {
    let r = run(&every_field(), &WxrOptions::default());
    let doc = by_title(&r, "A meadow in March");
    assert_eq!(
        doc.document.given_front_matter().unwrap()["title"],
        "A meadow in March"
    );
    let formats = [unpress::Format::Xhtml];
    let out = unpress::convert_document(&doc.document, &formats, &Default::default()).unwrap();
    let xhtml = out.get(unpress::Format::Xhtml).unwrap();
    assert!(
        xhtml.contains("<title>A meadow in March</title>"),
        "{xhtml}"
    );
    assert!(markdown_of(doc).contains("title: A meadow in March\n"));
    let fm = doc.document.given_front_matter().unwrap();
    assert!(
        fm["excerpt"]
            .as_str()
            .unwrap()
            .contains("<strong>briefly</strong>")
    );
    let description = doc.document.meta.description.as_deref().unwrap();
    assert!(
        description.starts_with("The meadow, briefly."),
        "{description}"
    );
    assert!(r.docs.iter().all(|d| {
        let title = d.document.meta.title.as_deref().unwrap_or("");
        !title.contains('<') && !title.contains("&amp;")
    }));
}

/// Several CDATA sections make one text, and `]]>` inside content is
/// written as two sections (`]]]]><![CDATA[>`), as WordPress writes it.
#[test]
fn cdata_sections_are_joined() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(
        &mut file,
        br#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Nested</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[Content with nested <![CDATA[ tags ]]]]><![CDATA[> :)]]></content:encoded>
<wp:postmeta><wp:meta_key>Closing CDATA</wp:meta_key><wp:meta_value><![CDATA[]]]]><![CDATA[>]]></wp:meta_value></wp:postmeta>
</item>
<item><title>Several</title><wp:post_id>2</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[line one]]><![CDATA[line two]]><![CDATA[line three]]></content:encoded>
</item></channel></rss>"#,
    )
    .unwrap();
    let r = run(file.path(), &WxrOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let doc = &r.docs[0].document;
    assert_eq!(
        doc.body,
        "<p>Content with nested <![CDATA[ tags ]]> :)</p>\n"
    );
    let fields = &doc.given_front_matter().unwrap()["custom_fields"];
    assert_eq!(fields["Closing CDATA"], "]]>");
    assert_eq!(
        r.docs[1].document.body,
        "<p>line oneline twoline three</p>\n"
    );
}

#[test]
fn a_malformed_export_ends_in_an_error_with_its_place() {
    let path = support::repo("tests/data/wxr/unclosed-item.xml");
    let r = run(&path, &WxrOptions::default());
    assert!(r.docs.is_empty());
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(
        r.errors[0].contains("unclosed-item.xml:9:1: item 1 has no </item>"),
        "{}",
        r.errors[0]
    );
}

/// The exports of the corpus: the theme unit test data, wptest, the
/// WordPress importer's fixtures (malformed ones included), hexo's.
#[cfg(feature = "corpus")]
mod corpus {
    use super::*;

    fn corpus(rel: &str) -> PathBuf {
        support::corpus().join(rel)
    }

    fn wxr_files() -> Vec<PathBuf> {
        let files = support::corpus_exports();
        assert!(files.len() >= 40, "corpus exports: {files:?}");
        files
    }

    #[test]
    fn every_export_in_the_corpus_converts_or_says_why() {
        every_export_converts_or_says_why(&wxr_files());
    }

    #[test]
    fn no_export_in_the_corpus_gives_an_empty_term_slug() {
        no_export_gives_an_empty_term_slug(&wxr_files());
    }

    #[test]
    fn every_serialized_meta_value_in_the_corpus_is_read() {
        every_serialized_meta_value_is_read(&wxr_files());
    }

    fn theme_unit_test() -> Run {
        run(
            &corpus("wp-theme-test-data/themeunittestdata.wordpress.xml"),
            &WxrOptions::default(),
        )
    }

    /// The post titled `title`, converted to Markdown with the default options.
    fn converted(r: &Run, title: &str) -> unpress::Outputs {
        let doc = &by_title(r, title).document;
        unpress::convert_document(doc, &[unpress::Format::Markdown], &Default::default())
            .unwrap_or_else(|e| panic!("{title}: {e}"))
    }

    #[test]
    fn classic_posts_get_their_paragraphs() {
        let r = theme_unit_test();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let doc = &by_title(&r, "Markup: HTML Tags and Formatting").document;
        assert!(
            doc.body
                .starts_with("<p><strong>Headings</strong></p>\n<h1>Header one</h1>"),
            "{}",
            &doc.body[..200]
        );
        assert!(
            doc.body
                .contains("<blockquote><p>Stay hungry. Stay foolish.</p></blockquote>"),
            "{}",
            doc.body
        );
        let doc = &by_title(&r, "Template: More Tag").document;
        assert!(
            doc.body.starts_with("<p>This content is before the "),
            "{}",
            doc.body
        );
        assert!(!doc.body.contains("\n\n"), "{}", doc.body);
        // A block post is left as the editor saved it.
        let blocks = r
            .docs
            .iter()
            .find(|d| d.document.body.contains("<!-- wp:"))
            .expect("a block post");
        assert!(!blocks.document.body.starts_with("<p><!-- wp:"));
    }

    #[test]
    fn front_matter_of_a_post() {
        let r = theme_unit_test();
        let doc = by_title(&r, "Template: Sticky");
        let fm = doc.document.given_front_matter().unwrap();
        assert_eq!(fm["sticky"], true);
        assert_eq!(fm["type"], "post");
        assert_eq!(fm["status"], "publish");
        assert!(fm.get("draft").is_none());
        assert_eq!(doc.rel, PathBuf::from("post/template-sticky"));
        assert_eq!(doc.document.meta.lang.as_deref(), Some("en"));
        assert!(
            doc.document
                .meta
                .date
                .as_deref()
                .is_some_and(|d| d.ends_with('Z'))
        );
        assert!(!doc.document.meta.categories.is_empty());
        let pages: Vec<_> = r
            .docs
            .iter()
            .filter(|d| d.rel.starts_with("page"))
            .collect();
        assert!(pages.len() > 5);
    }

    #[test]
    fn the_media_map_holds_attachments_that_come_after_their_posts() {
        let r = run(
            &corpus("wp-theme-test-data/64-block-test-data.xml"),
            &WxrOptions::default(),
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        // Every wp-image-N of a post resolves through the media map, though the
        // attachments are items 64-72, after the posts.
        let mut used = 0;
        for d in &r.docs {
            let body = &d.document.body;
            let mut rest = body.as_str();
            while let Some(i) = rest.find("wp-image-") {
                rest = &rest[i + 9..];
                let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(id) = id.parse::<u64>() {
                    used += 1;
                    assert!(
                        r.export.media.contains_key(&id),
                        "{}: image {id}",
                        d.rel.display()
                    );
                }
            }
        }
        assert!(used > 5, "{used}");
        assert!(r.export.skipped()["attachment"] >= 9);
    }

    #[test]
    fn malformed_fixtures_end_in_errors_with_places() {
        let dir = "wordpress-importer-wxr-fixtures/phpunit-data";
        let r = run(
            &corpus(&format!("{dir}/malformed-simple.xml")),
            &WxrOptions::default(),
        );
        assert!(r.docs.is_empty());
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(
            r.errors[0].contains("malformed-simple.xml:9:1: item 1 has no </item>"),
            "{}",
            r.errors[0]
        );
        let r = run(
            &corpus(&format!("{dir}/malformed.xml")),
            &WxrOptions::default(),
        );
        assert!(
            r.errors
                .iter()
                .any(|e| e.contains("</channel> does not match <notachanneltag>")),
            "{:?}",
            r.errors
        );
    }

    #[test]
    fn cdata_sections_are_joined() {
        let dir = "wordpress-importer-wxr-fixtures/phpunit-data";
        for f in ["crazy-cdata.xml", "crazy-cdata-escaped.xml"] {
            let r = run(&corpus(&format!("{dir}/{f}")), &WxrOptions::default());
            assert!(r.errors.is_empty(), "{f}: {:?}", r.errors);
            let doc = &r.docs[0].document;
            assert_eq!(
                doc.body, "<p>Content with nested <![CDATA[ tags ]]> :)</p>\n",
                "{f}"
            );
            let fields = &doc.given_front_matter().unwrap()["custom_fields"];
            assert_eq!(fields["Closing CDATA"], "]]>", "{f}");
            assert_eq!(
                fields["Alot of CDATA"],
                "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
                "{f}"
            );
        }
        let r = run(
            &corpus(&format!("{dir}/multiple-cdata.xml")),
            &WxrOptions::default(),
        );
        assert_eq!(
            r.docs[0].document.body,
            "<p>line oneline twoline three</p>\n"
        );
    }

    #[test]
    fn namespaces_are_resolved_not_guessed() {
        let r = run(
            &corpus("wordpress-importer-wxr-fixtures/phpunit-data/namespace-edge-cases.xml"),
            &WxrOptions::default(),
        );
        let first = r.docs[0].document.given_front_matter().unwrap();
        assert_eq!(first["id"], 1);
        let fields = &first["custom_fields"];
        assert_eq!(fields["normal_key"], "normal_value");
        assert!(fields.get("malicious_key").is_none());
        // `&lol1;` inside CDATA is text, never expanded.
        let bomb = r
            .docs
            .iter()
            .find(|d| d.document.meta.title.as_deref() == Some("Namespace Bomb"))
            .unwrap();
        assert!(bomb.document.body.contains("&lol1;&lol1;"));
    }

    #[test]
    fn layouts_and_filters() {
        let path = corpus("wp-theme-test-data/themeunittestdata.wordpress.xml");
        check_layouts_and_filters(&path, "Template: Sticky");
    }

    /// The attachment of image.xml has no id, so the media map is empty.
    #[test]
    fn stdin_is_spooled() {
        check_stdin_is_spooled(&corpus("hexo-migrator-wordpress-fixtures/image.xml"), 1, 0);
    }

    #[test]
    fn attachments_of_items_64_to_72_serve_items_14_to_23() {
        // 64-block-test-data.xml: the image blocks of items 14-23 point at
        // attachments that only come at items 64-72; pass 1 must have them.
        let path = corpus("wp-theme-test-data/64-block-test-data.xml");
        let r = run(&path, &WxrOptions::default());
        let ids = attachment_ids(&path);
        assert!(ids.len() >= 9, "{ids:?}");
        for id in &ids {
            let media = &r.export.media[id];
            assert!(media.url.starts_with("http"), "{id}: {media:?}");
        }
    }

    /// Ids of the attachment items, by a plain text scan.
    fn attachment_ids(path: &Path) -> Vec<u64> {
        let text = std::fs::read_to_string(path).unwrap();
        let mut ids = Vec::new();
        for item in text.split("<item>").skip(1) {
            if item.contains("<wp:post_type><![CDATA[attachment]]></wp:post_type>")
                || item.contains("<wp:post_type>attachment</wp:post_type>")
            {
                let id = item
                    .split("<wp:post_id>")
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap();
                ids.push(id.parse().unwrap());
            }
        }
        ids
    }

    /// A pingback's author is the linking page's title as WordPress stored it,
    /// with HTML entities (`Ping 1 &laquo; What&#8217;s a tellyworth?`); the
    /// comment's `author` is that name as text.
    #[test]
    fn pingback_authors_are_text_not_entities() {
        let r = theme_unit_test();
        let doc = by_title(&r, "Template: Pingbacks And Trackbacks");
        let comments = doc.document.comments_value().unwrap();
        let comments = comments.as_array().unwrap();
        assert_eq!(comments[0]["type"], "trackback");
        assert_eq!(
            comments[0]["author"],
            "Ping 1 \u{ab} What\u{2019}s a tellyworth?"
        );
    }

    /// "Post Format: Audio" says `[audio https://...mp3]` (WordPress.com's
    /// positional form): the figure kept its caption and lost the link.
    #[test]
    fn audio_shortcode_with_a_positional_url_keeps_the_url() {
        for (export, url) in [
            (
                "wp-theme-test-data/themeunittestdata.wordpress.xml",
                "https://wpthemetestdata.files.wordpress.com/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3",
            ),
            (
                "wptest/wptest.xml",
                "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/Eddy-Need-Remix.mp3",
            ),
        ] {
            let r = run(&corpus(export), &WxrOptions::default());
            let md = markdown_of(by_title(&r, "Post Format: Audio"));
            // The post links the file before the shortcode too: look after it.
            let shortcode = md.rfind("hortcode:").expect("the shortcode's label");
            assert!(md[shortcode..].contains(url), "{export}:\n{md}");
        }
    }

    /// WordPress stores post_title as HTML: `<![CDATA[Media &amp; Text]]>`
    /// gave `title: Media &amp; Text` (and `&amp;amp;` in XHTML), and
    /// `Title <em>With</em> ...` kept its tags.
    #[test]
    fn titles_are_text_not_html() {
        let blocks = run(
            &corpus("wp-theme-test-data/64-block-test-data.xml"),
            &WxrOptions::default(),
        );
        let doc = by_title(&blocks, "Media & Text");
        assert_eq!(
            doc.document.given_front_matter().unwrap()["title"],
            "Media & Text"
        );
        let formats = [unpress::Format::Xhtml];
        let out = unpress::convert_document(&doc.document, &formats, &Default::default()).unwrap();
        let xhtml = out.get(unpress::Format::Xhtml).unwrap();
        assert!(xhtml.contains("<title>Media &amp; Text</title>"), "{xhtml}");

        let r = theme_unit_test();
        let doc = by_title(&r, "Markup: Title With Markup");
        assert!(markdown_of(doc).contains("title: 'Markup: Title With Markup'"));
        // The excerpt stays HTML; the description is its text.
        let doc = by_title(&r, "Template: Excerpt (Defined)");
        let fm = doc.document.given_front_matter().unwrap();
        assert!(fm["excerpt"].as_str().unwrap().contains("<em>should</em>"));
        let description = doc.document.meta.description.as_deref().unwrap();
        assert!(description.starts_with("This is a user-defined post excerpt. It should be"));
        assert!(r.docs.iter().all(|d| {
            let title = d.document.meta.title.as_deref().unwrap_or("");
            !title.contains('<') && !title.contains("&amp;")
        }));
    }

    /// The footnotes block is dynamic: the notes were only in the `footnotes`
    /// post meta, so the Markdown had markers linking nowhere and no notes.
    #[test]
    fn footnotes_block_is_rendered_from_post_meta() {
        let r = run(
            &corpus("wp-theme-test-data/64-block-test-data.xml"),
            &WxrOptions::default(),
        );
        let doc = by_title(&r, "Footnotes");
        let md = markdown_of(doc);
        assert!(md.contains("A note") && md.contains("Another note"), "{md}");
        // Rendered into the body, the meta is not a custom field as well.
        assert!(!md.contains("custom_fields"), "{md}");

        let formats = [unpress::Format::Xhtml];
        let out = unpress::convert_document(&doc.document, &formats, &Default::default()).unwrap();
        let xhtml = out.get(unpress::Format::Xhtml).unwrap();
        let values = support::xml_attribute_values(xhtml);
        let ids: Vec<&str> = values
            .iter()
            .filter(|(_, attr, _)| attr == "id")
            .map(|(_, _, v)| v.as_str())
            .collect();
        let targets: Vec<&str> = values
            .iter()
            .filter(|(_, attr, v)| attr == "href" && v.starts_with('#'))
            .map(|(_, _, v)| &v[1..])
            .collect();
        assert_eq!(targets.len(), 4, "{xhtml}");
        for target in targets {
            assert!(
                ids.contains(&target),
                "#{target} resolves to nothing:\n{xhtml}"
            );
        }
    }

    /// Regression: wptest's "Image Alignment" posts show uploads whose own
    /// names end like resized copies (`image-alignment-580x300.jpg`); the
    /// `image-urls` rule mapped them to `image-alignment.jpg`, a file that was
    /// never uploaded.
    #[test]
    fn attachments_named_like_resized_copies_keep_their_urls() {
        let r = run(&corpus("wptest/wptest.xml"), &WxrOptions::default());
        let uploads: Vec<&str> = r
            .export
            .media
            .values()
            .map(|m| m.url.as_str())
            .filter(|u| u.contains("/image-alignment-"))
            .collect();
        assert_eq!(uploads.len(), 4, "{uploads:?}");
        for title in ["Image Alignment", "Page Image Alignment"] {
            let doc = &by_title(&r, title).document;
            let out =
                unpress::convert_document(doc, &[unpress::Format::Markdown], &Default::default())
                    .unwrap();
            let md = out.get(unpress::Format::Markdown).unwrap();
            assert!(!md.contains("/image-alignment.jpg"), "{title}:\n{md}");
            for url in &uploads {
                assert!(md.contains(url), "{title}: {url} is gone:\n{md}");
            }
        }
    }

    /// The raw text of the first `<item>` whose `<title>` is `title`, found by
    /// a plain scan of the file, not by the reader under test.
    fn raw_item(path: &Path, title: &str) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        text.split("<item>")
            .skip(1)
            .map(|rest| rest.split("</item>").next().unwrap_or(rest))
            .find(|item| item.contains(&format!("<title>{title}</title>")))
            .unwrap_or_else(|| panic!("no item titled {title}"))
            .to_owned()
    }

    /// The `nicename`s of an item's `<category domain="...">` elements, in
    /// order, each once.
    fn raw_nicenames(item: &str, domain: &str) -> Vec<String> {
        let open = format!("<category domain=\"{domain}\" nicename=\"");
        let mut out = Vec::new();
        for rest in item.split(&open).skip(1) {
            let nicename = rest.split('"').next().unwrap().to_owned();
            if !out.contains(&nicename) {
                out.push(nicename);
            }
        }
        out
    }

    /// The front matter of the post titled `title` in a corpus export.
    fn front_matter_of(rel: &str, title: &str) -> serde_json::Map<String, serde_json::Value> {
        let r = run(&corpus(rel), &WxrOptions::default());
        by_title(&r, title)
            .document
            .given_front_matter()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn categories_with_the_same_name_and_different_slugs_are_both_kept() {
        // "Foo A" is a child of "Foo Parent" (foo-a-foo-parent) and a
        // top-level category (foo-a): one name, two terms.
        let title = "Edge Case: Many Categories";
        let path = corpus("wp-theme-test-data/themeunittestdata.wordpress.xml");
        let expected = raw_nicenames(&raw_item(&path, title), "category");
        assert!(expected.len() > 60, "{expected:?}");
        let r = theme_unit_test();
        let fm = by_title(&r, title)
            .document
            .given_front_matter()
            .unwrap()
            .into_owned();
        assert_eq!(strings(&fm["category_slugs"]), expected);
        let names = strings(&fm["categories"]);
        assert_eq!(names.len(), expected.len());
        assert_eq!(names.iter().filter(|n| *n == "Foo A").count(), 2);
    }

    #[test]
    fn wxr_1_0_tags_and_plain_categories_read_as_the_importer_reads_them() {
        let fm = front_matter_of(
            "wordpress-importer-wxr-fixtures/phpunit-data/valid-wxr-1.0.xml",
            "Alpha post",
        );
        // domain="tag" is post_tag ("back compat with WXR 1.0").
        assert_eq!(strings(&fm["tags"]), ["news", "roar"]);
        assert_eq!(strings(&fm["tag_slugs"]), ["news", "roar"]);
        assert!(fm.get("taxonomies").is_none(), "{fm:?}");
        // The plain <category>alpha</category> is the same term as the
        // nicename'd one after it.
        assert_eq!(strings(&fm["categories"]), ["alpha"]);
        assert_eq!(strings(&fm["category_slugs"]), ["alpha"]);
    }

    #[test]
    fn plain_rss_categories_are_kept_with_a_slug_from_their_name() {
        // A hand-made export with only <category>Name</category>: WordPress's
        // importer would drop them; a conversion keeps them.
        let fm = front_matter_of(
            "wp-theme-test-data/theme-preview.xml",
            "Worth A Thousand Words",
        );
        assert_eq!(
            strings(&fm["categories"]),
            ["Uncategorized", "boat", "lake"]
        );
        assert_eq!(
            strings(&fm["category_slugs"]),
            ["uncategorized", "boat", "lake"]
        );
    }

    const PHPUNIT_DATA: &str = "wordpress-importer-wxr-fixtures/phpunit-data";

    #[test]
    fn php_serialized_custom_fields_are_structures() {
        for file in [
            "test-serialized-postmeta-with-cdata.xml",
            "test-serialized-postmeta-no-cdata.xml",
        ] {
            let fm = front_matter_of(&format!("{PHPUNIT_DATA}/{file}"), "My Entry with Postmeta");
            let fields = &fm["custom_fields"];
            assert_eq!(
                fields["post-options"],
                serde_json::json!({"special_post_title": "A special title", "is_calendar": ""}),
                "{file}"
            );
        }
        let fm = front_matter_of(
            &format!("{PHPUNIT_DATA}/test-serialized-postmeta-with-cdata.xml"),
            "My Entry with Postmeta",
        );
        let fields = &fm["custom_fields"];
        // s:13 counts the bytes of ¯\_(ツ)_/¯, nine characters.
        assert_eq!(fields["array"], serde_json::json!({"key": "¯\\_(ツ)_/¯"}));
        assert_eq!(
            fields["array-nested"],
            serde_json::json!({"key": {"foo": "¯\\_(ツ)_/¯", "bar": "\\o/"}})
        );
        // Not serialized: left as written.
        assert_eq!(fields["contains-html"], "<pre>some html</pre>");
        assert_eq!(fields["integer"], "1");
        assert_eq!(fields["string"], "¯\\_(ツ)_/¯");
    }

    #[test]
    fn serialized_std_class_objects_become_maps_of_their_properties() {
        let path = corpus(&format!("{PHPUNIT_DATA}/test-utw-post-meta-import.xml"));
        // The tag names by a plain scan of the serialized text.
        let raw = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<serde_json::Value> = raw
            .split("s:3:\"tag\";s:")
            .skip(1)
            .map(|rest| {
                let name = rest.split('"').nth(1).unwrap();
                serde_json::json!({ "tag": name })
            })
            .collect();
        assert_eq!(expected.len(), 13);
        let r = run(&path, &WxrOptions::default());
        let doc = by_title(&r, "My Entry with UTW Postmeta");
        let fm = doc.document.given_front_matter().unwrap();
        assert_eq!(
            fm["custom_fields"]["test"],
            serde_json::Value::Array(expected)
        );
        assert!(
            doc.document.warnings.is_empty(),
            "{:?}",
            doc.document.warnings
        );
    }

    /// "Block: Gallery" of the theme unit test data, "linked to attachment
    /// pages": those pages are not converted, so the links go to the files.
    #[test]
    fn links_to_attachment_pages_go_to_the_files() {
        let out = converted(&theme_unit_test(), "Block: Gallery");
        let md = out.get(unpress::Format::Markdown).unwrap();
        assert!(
            md.contains("[![canola](https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg)](https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg)"),
            "{md}"
        );
        assert!(!md.contains("/post-format-gallery/canola2"), "{md}");
    }

    /// "WP 6.1 Widgets block category" of the theme unit test data: the RSS
    /// and social-link blocks are self-closing comments WordPress renders at
    /// view time; their links stay, and the blocks left out are named.
    #[test]
    fn dynamic_blocks_keep_their_links_and_are_named() {
        let out = converted(&theme_unit_test(), "WP 6.1 Widgets block category");
        let md = out.get(unpress::Format::Markdown).unwrap();
        assert!(md.contains("<https://wordpress.org/news/feed/>"), "{md}");
        assert!(
            md.contains("- [Fivehundredpx](#3fgfhgfh)\n- [WordPress](#)\n"),
            "{md}"
        );
        let named: Vec<&String> = out
            .warnings
            .iter()
            .filter(|w| w.starts_with("dynamic blocks left out"))
            .collect();
        assert_eq!(
            named,
            [
                "dynamic blocks left out (rendered by WordPress at view time): archives, calendar, categories, latest-comments, latest-posts, page-list, search, shortcode, tag-cloud"
            ],
            "{:?}",
            out.warnings
        );
    }
}
