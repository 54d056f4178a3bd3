//! The WordPress theme unit test export (../shared/corpus/wp-theme-test-data):
//! every `[caption]` becomes a figure with its caption, every `[gallery]`
//! yields its images, and no known shortcode survives as text. What to
//! expect is counted independently, from the raw XML with quick-xml and
//! plain string scanning, not with unpress's reader.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use quick_xml::Reader;
use quick_xml::events::Event;
use unpress::read::wxr::{self, WxrOptions};
use unpress::{Format, Options};

fn export() -> PathBuf {
    support::corpus().join("wp-theme-test-data/themeunittestdata.wordpress.xml")
}

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

fn raw_items() -> Vec<RawItem> {
    let text = std::fs::read_to_string(export()).unwrap();
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

#[test]
fn every_caption_and_gallery_image_survives() {
    let items = raw_items();
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
    assert!(want_captions.values().map(Vec::len).sum::<usize>() >= 10);
    assert!(want_images.values().map(Vec::len).sum::<usize>() >= 20);

    let scanned = wxr::scan(&export(), &WxrOptions::default()).unwrap();
    let mut seen_captions = 0;
    let mut seen_images = 0;
    for entry in scanned.documents().unwrap() {
        let doc = entry.unwrap().document;
        let id = doc
            .front_matter
            .as_ref()
            .and_then(|fm| fm.get("id"))
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
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
    println!("theme unit test: {seen_captions} captions and {seen_images} gallery images found");
    assert_eq!(
        seen_captions,
        want_captions.values().map(Vec::len).sum::<usize>()
    );
    assert_eq!(
        seen_images,
        want_images.values().map(Vec::len).sum::<usize>()
    );
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
/// `UNPRESS_BLESS=1 cargo test --test theme_unit` rewrites the
/// expectations; read every diff before committing it.
#[test]
fn named_posts_match_their_fixtures() {
    use clap::Parser;
    use std::fs;

    const FORMATS: [(Format, &str); 2] = [
        (Format::Markdown, "expected.md"),
        (Format::Xhtml, "expected.xhtml"),
    ];
    let bless = std::env::var_os("UNPRESS_BLESS").is_some();
    let config = unpress::cli::Cli::try_parse_from(["unpress"])
        .expect("args")
        .into_config()
        .expect("config");
    let mut cases: Vec<PathBuf> = fs::read_dir("fixtures/theme-unit")
        .expect("fixtures/theme-unit/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6, "only {} cases", cases.len());
    let mut docs: HashMap<String, Vec<unpress::Document>> = HashMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let what = case.display().to_string();
        let source = fs::read_to_string(case.join("source"))
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
        let export_docs = docs.entry(rel.to_owned()).or_insert_with(|| {
            let path = support::corpus().join(rel);
            let export = wxr::scan(&path, &config.wxr).unwrap_or_else(|e| panic!("{rel}: {e}"));
            export
                .documents()
                .expect("second pass")
                .map(|d| d.unwrap_or_else(|e| panic!("{rel}: {e}")).document)
                .collect()
        });
        let doc = export_docs
            .iter()
            .find(|d| d.front_matter.as_ref().and_then(|fm| fm["id"].as_u64()) == Some(id))
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
        let out = unpress::convert_document(doc, &formats, &config.options)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        for (format, file) in cases_formats {
            let got = out.get(format).expect("requested");
            if format == Format::Xhtml {
                support::assert_well_formed_xml(got, &what);
            }
            support::expect_file(&case.join(file), got, bless, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
