//! Captions and galleries of WordPress exports: every `[caption]` becomes
//! a figure with its caption, every `[gallery]` yields its images, and no
//! known shortcode survives as text. What to expect is counted
//! independently, from the raw XML with quick-xml and plain string
//! scanning, not with unpress's reader. In the repository: the export
//! written for the tests; with `--features corpus`: the WordPress theme
//! unit test export (wp-theme-test-data in the corpus), and its named posts
//! against fixtures/theme-unit.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;
use unpress::read::wxr::{self, WxrOptions};
use unpress::{Format, Options};

use crate::support;

/// One `<item>` as the raw XML says: id, type, parent, attachment URL and
/// content.
#[derive(Default, Debug)]
struct RawItem {
    id: u64,
    post_type: String,
    parent: u64,
    url: String,
    content: String,
}

fn raw_items(export: &Path) -> Vec<RawItem> {
    let text = std::fs::read_to_string(export).unwrap();
    let mut reader = Reader::from_str(&text);
    let mut items = Vec::new();
    let mut current: Option<RawItem> = None;
    let mut field = String::new();
    let mut value = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "item" {
                    current = Some(RawItem::default());
                }
                field = name;
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.decode().unwrap_or_default()),
            Event::CData(t) => value.push_str(&String::from_utf8_lossy(&t)),
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if let Some(item) = current.as_mut()
                    && name == field
                {
                    match name.as_str() {
                        "wp:post_id" => item.id = value.trim().parse().unwrap_or(0),
                        "wp:post_type" => item.post_type = value.trim().to_owned(),
                        "wp:post_parent" => item.parent = value.trim().parse().unwrap_or(0),
                        "wp:attachment_url" => item.url = value.trim().to_owned(),
                        "content:encoded" => item.content = value.clone(),
                        _ => {}
                    }
                }
                if name == "item"
                    && let Some(item) = current.take()
                {
                    items.push(item);
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    items
}

/// The text of each `[caption]...[/caption]` (the part after the image,
/// tags stripped), in order.
fn caption_texts(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(at) = rest.find("[caption") {
        let Some(end) = rest[at..].find("[/caption]") else {
            break;
        };
        let inner = &rest[at..at + end];
        // Caption text: everything after the `<img>`, tags stripped.
        let after_img = inner
            .find("<img")
            .and_then(|i| inner[i..].find('>').map(|e| &inner[i + e + 1..]))
            .unwrap_or("");
        let mut stripped = String::new();
        let mut in_tag = false;
        for c in after_img.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => stripped.push(c),
                _ => {}
            }
        }
        let text: String = stripped.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
        rest = &rest[at + end + 10..];
    }
    out
}

/// The attachment ids a `[gallery]` shows: its `ids`, or the images
/// attached to the post.
fn gallery_images(content: &str, post: u64, items: &[RawItem]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(at) = rest.find("[gallery") {
        let end = rest[at..].find(']').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..end];
        match tag.find("ids=\"") {
            Some(i) => {
                let list = &tag[i + 5..];
                let list = &list[..list.find('"').unwrap_or(list.len())];
                out.extend(list.split(',').filter_map(|s| s.trim().parse::<u64>().ok()));
            }
            None => out.extend(
                items
                    .iter()
                    .filter(|a| a.post_type == "attachment" && a.parent == post)
                    .filter(|a| {
                        [".jpg", ".jpeg", ".png", ".gif"]
                            .iter()
                            .any(|e| a.url.to_lowercase().ends_with(e))
                    })
                    .map(|a| a.id),
            ),
        }
        rest = &rest[end..];
    }
    out
}

/// Every caption and gallery image of `export` is in the JSON of its
/// document; there are at least `min_captions` and `min_images` of them.
fn every_caption_and_gallery_image_survives_in(
    export: &Path,
    min_captions: usize,
    min_images: usize,
) {
    let items = raw_items(export);
    let urls: HashMap<u64, &str> = items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| (i.id, i.url.as_str()))
        .collect();
    // What each post must show, counted from the raw XML.
    let mut want_captions: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut want_images: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for item in items
        .iter()
        .filter(|i| i.post_type == "post" || i.post_type == "page")
    {
        let caps = caption_texts(&item.content);
        if !caps.is_empty() {
            want_captions.insert(item.id, caps);
        }
        let imgs: Vec<String> = gallery_images(&item.content, item.id, &items)
            .into_iter()
            .filter_map(|id| urls.get(&id).map(|u| u.to_string()))
            .collect();
        if !imgs.is_empty() {
            want_images.insert(item.id, imgs);
        }
    }
    assert!(want_captions.values().map(Vec::len).sum::<usize>() >= min_captions);
    assert!(want_images.values().map(Vec::len).sum::<usize>() >= min_images);

    let scanned = wxr::scan(export, &WxrOptions::default()).unwrap();
    let mut seen_captions = 0;
    let mut seen_images = 0;
    for entry in scanned.documents().unwrap() {
        let doc = entry.unwrap().document;
        let id = doc.post.as_ref().and_then(|p| p.id).unwrap_or(0);
        let out =
            unpress::convert_document(&doc, &[Format::Json, Format::Markdown], &Options::default())
                .unwrap();
        let json: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
        let images = json["images"].as_array().unwrap();
        let captions: Vec<String> = images
            .iter()
            .filter_map(|i| i["caption"].as_str())
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let srcs: Vec<&str> = images.iter().filter_map(|i| i["src"].as_str()).collect();
        for want in want_captions.get(&id).into_iter().flatten() {
            assert!(
                captions.iter().any(|c| c == want),
                "post {id}: caption {want:?} missing; have {captions:?}"
            );
            seen_captions += 1;
        }
        for want in want_images.get(&id).into_iter().flatten() {
            let file = want.rsplit('/').next().unwrap();
            assert!(
                srcs.iter().any(|s| s.ends_with(file)),
                "post {id}: gallery image {want} missing; have {srcs:?}"
            );
            seen_images += 1;
        }
        // No known shortcode survives as text, in any form.
        let md = out.get(Format::Markdown).unwrap();
        let text = json["text"].as_str().unwrap();
        for sc in [
            "[caption ",
            "[caption]",
            "[/caption]",
            "[gallery",
            "[embed]",
            "[video ",
            "[audio ",
        ] {
            assert!(!text.contains(sc), "post {id}: {sc} left in the text");
            // (`[caption](url)` is a Markdown link whose text is "caption".)
            let left = md
                .match_indices(sc)
                .any(|(at, _)| !md[at + sc.len()..].starts_with('('));
            assert!(!left, "post {id}: {sc} left in the Markdown");
        }
    }
    println!(
        "{}: {seen_captions} captions and {seen_images} gallery images found",
        export.display()
    );
    assert_eq!(
        seen_captions,
        want_captions.values().map(Vec::len).sum::<usize>()
    );
    assert_eq!(
        seen_images,
        want_images.values().map(Vec::len).sum::<usize>()
    );
}

#[test]
fn every_caption_and_gallery_image_survives() {
    every_caption_and_gallery_image_survives_in(
        &support::repo("tests/data/wxr/every-field.xml"),
        1,
        1,
    );
}

#[cfg(feature = "corpus")]
#[test]
fn every_caption_and_gallery_image_of_the_theme_unit_test_survives() {
    every_caption_and_gallery_image_survives_in(
        &support::corpus().join("wp-theme-test-data/themeunittestdata.wordpress.xml"),
        10,
        20,
    );
}

/// One test per folder of fixtures/theme-unit, run with `--features
/// corpus`, and the list of them.
macro_rules! named_posts {
    ($($case:ident),* $(,)?) => {
        $(
            #[cfg(feature = "corpus")]
            #[test]
            fn $case() {
                named_post_matches_its_fixture(&stringify!($case).replace('_', "-"));
            }
        )*

        /// The folders of fixtures/theme-unit.
        const NAMED_POSTS: &[&str] = &[$(stringify!($case)),*];
    };
}

named_posts![
    block_button,
    block_cover,
    block_quotes,
    markup_html_tags_and_formatting,
    markup_image_alignment,
    markup_title_with_special_characters,
    post_format_gallery,
    post_format_image,
    post_format_image_caption,
    template_more_tag,
    template_paginated,
];

/// The folders on disk and the tests above are the same list.
#[test]
fn every_named_post_folder_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(support::repo("fixtures/theme-unit"))
        .expect("fixtures/theme-unit/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = NAMED_POSTS.iter().map(|c| c.replace('_', "-")).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "fixtures/theme-unit and the named_posts! list in tests/it/theme_unit.rs differ"
    );
    assert!(NAMED_POSTS.len() >= 6, "only {} cases", NAMED_POSTS.len());
}

/// The documents of a corpus export, read once for all the named posts.
#[cfg(feature = "corpus")]
fn export_documents(rel: &str) -> std::sync::Arc<Vec<unpress::Document>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static READ: OnceLock<Mutex<HashMap<String, Arc<Vec<unpress::Document>>>>> = OnceLock::new();
    let mut read = READ
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    Arc::clone(read.entry(rel.to_owned()).or_insert_with(|| {
        let path = support::corpus().join(rel);
        let export = wxr::scan(&path, &config().wxr).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Arc::new(
            export
                .documents()
                .expect("second pass")
                .map(|d| d.unwrap_or_else(|e| panic!("{rel}: {e}")).document)
                .collect(),
        )
    }))
}

/// The configuration of a run with no option: the library's defaults
/// (what the CLI resolves no option to; `cli::defaults_are_the_librarys`
/// checks that through the binary).
#[cfg(feature = "corpus")]
struct Config {
    wxr: unpress::wxr::WxrOptions,
    options: unpress::Options,
}

#[cfg(feature = "corpus")]
fn config() -> Config {
    Config {
        wxr: Default::default(),
        options: Default::default(),
    }
}

/// Named posts of the export, converted by the real pipeline (the CLI's
/// configuration, `wxr::scan`, `convert_document`) and compared with
/// `fixtures/theme-unit/<case>/expected.{md,xhtml}`, which were read line
/// by line against the item and WordPress's wpautop when blessed. Each
/// case's `source` names the export and the post (`id:` and `title:`),
/// and which expectations it has (`formats: md xhtml`; `md` by default);
/// the post itself is not copied: the theme test data is GPL-2.0-or-later
/// (see fixtures/theme-unit/README.md).
///
/// `SNAPSHOTS=overwrite cargo test --features corpus theme_unit::` (or
/// `UNPRESS_BLESS=1`) rewrites the expectations; read every diff before
/// committing it.
#[cfg(feature = "corpus")]
fn named_post_matches_its_fixture(name: &str) {
    const FORMATS: [(Format, &str); 2] = [
        (Format::Markdown, "expected.md"),
        (Format::Xhtml, "expected.xhtml"),
    ];
    let case = support::repo("fixtures/theme-unit").join(name);
    let what = case.display().to_string();
    let source = std::fs::read_to_string(case.join("source"))
        .unwrap_or_else(|e| panic!("{what}/source: {e}"));
    let field = |key: &str| {
        source
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{what}/source: no {key}:"))
    };
    let (rel, id, title) = (field("export"), field("id"), field("title"));
    let id: u64 = id.parse().unwrap_or_else(|_| panic!("{what}: bad id"));
    let export_docs = export_documents(rel);
    let doc = export_docs
        .iter()
        .find(|d| d.post.as_ref().and_then(|p| p.id) == Some(id))
        .unwrap_or_else(|| panic!("{what}: no post {id} in {rel}"));
    assert_eq!(doc.meta.title.as_deref(), Some(title), "{what}: post {id}");
    // `formats: md xhtml` (default md): which expectations the case has.
    let wanted: Vec<&str> = source
        .lines()
        .find_map(|l| l.strip_prefix("formats:"))
        .map_or(vec!["md"], |f| f.split_whitespace().collect());
    let cases_formats: Vec<(Format, &str)> = FORMATS
        .into_iter()
        .filter(|(f, _)| wanted.contains(&f.extension()))
        .collect();
    let formats: Vec<Format> = cases_formats.iter().map(|(f, _)| *f).collect();
    let out = unpress::convert_document(doc, &formats, &config().options)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut expected = Vec::new();
    for (format, file) in cases_formats {
        let got = out.get(format).expect("requested");
        if format == Format::Xhtml {
            support::assert_well_formed_xml(got, &what);
        }
        expected.push((case.join(file), got));
    }
    support::assert_expected(&expected);
}
