//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use quick_xml::Reader;
use quick_xml::events::Event;

/// `../shared/corpus`, beside the checkout.
pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Panics unless `text` is well-formed XML (quick-xml with end-tag checks).
pub fn assert_well_formed_xml(text: &str, what: &str) {
    if let Err(e) = check_xml(text) {
        panic!("{what}: not well-formed XML: {e}");
    }
}

/// Parses `text` as XML; the error says where it broke.
pub fn check_xml(text: &str) -> Result<(), String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::Text(t)) => {
                t.decode()
                    .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.error_position())),
        }
    }
    if depth != 0 || roots != 1 {
        return Err(format!("unbalanced: depth {depth}, {roots} root elements"));
    }
    Ok(())
}

/// Compares `got` with the expectation at `path`, or writes it there when
/// blessing (`UNPRESS_BLESS=1`); a mismatch or a missing file is added to
/// `failures` with a line diff.
pub fn expect_file(path: &std::path::Path, got: &str, bless: bool, failures: &mut Vec<String>) {
    if bless {
        std::fs::write(path, got).expect("write expectation");
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(want) if want == got => {}
        Ok(want) => failures.push(format!("{}:\n{}", path.display(), diff(&want, got))),
        Err(_) => failures.push(format!(
            "{}: missing (run with UNPRESS_BLESS=1)",
            path.display()
        )),
    }
}

/// A line diff, enough to read a fixture mismatch.
pub fn diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            out.push_str(&format!(
                "  line {}:\n  - {}\n  + {}\n",
                i + 1,
                a.unwrap_or(&"<none>"),
                b.unwrap_or(&"<none>")
            ));
        }
    }
    if out.is_empty() && want != got {
        out.push_str("  (differ only in line endings or the final newline)\n");
    }
    out
}

/// What an HTML parser (html5ever, the browser-grade oracle) sees in a
/// document: every element's name and attribute names, and every comment.
pub struct Parsed {
    pub attributes: Vec<(String, String)>,
    pub comments: Vec<String>,
}

/// Parses `html` with html5ever and lists its attributes and comments.
pub fn parse_html(html: &str) -> Parsed {
    use html5ever::tendril::TendrilSink;
    use markup5ever_rcdom::{NodeData, RcDom};
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("reading from memory cannot fail");
    let mut parsed = Parsed {
        attributes: Vec::new(),
        comments: Vec::new(),
    };
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Element { name, attrs, .. } => {
                for a in attrs.borrow().iter() {
                    parsed
                        .attributes
                        .push((name.local.to_string(), a.name.local.to_string()));
                }
            }
            NodeData::Comment { contents } => parsed.comments.push(contents.to_string()),
            _ => {}
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
    parsed
}

/// Attribute names of every element in well-formed XML.
pub fn xml_attributes(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                for a in e.attributes().flatten() {
                    out.push((
                        name.clone(),
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    ));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Every attribute with its value, of every element in well-formed XML.
pub fn xml_attribute_values(xml: &str) -> Vec<(String, String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                for a in e.attributes().flatten() {
                    let value = a
                        .unescape_value()
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    out.push((
                        name.clone(),
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        value,
                    ));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The `class` values of every element, as html5ever parses `html`.
pub fn html_classes(html: &str) -> Vec<(String, String)> {
    use html5ever::tendril::TendrilSink;
    use markup5ever_rcdom::{NodeData, RcDom};
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("reading from memory cannot fail");
    let mut out = Vec::new();
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            for a in attrs.borrow().iter() {
                if &*a.name.local == "class" {
                    out.push((name.local.to_string(), a.value.to_string()));
                }
            }
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
    out
}

/// Every HTML body of the corpus: posts (front matter cut off; Markdown
/// bodies rendered by the reader), block fixtures, and the content of every
/// WXR item.
pub fn corpus_bodies() -> Vec<(String, String)> {
    let root = corpus();
    let mut out = Vec::new();
    for folder in [
        "seed",
        "rss-hexo-posts",
        "wp-exported-jekyll-posts",
        "gutenberg-block-fixtures",
    ] {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let doc = unpress::read::read_file(&path, &Default::default()).unwrap();
            out.push((path.display().to_string(), doc.body));
        }
    }
    for path in wxr_files() {
        for (i, content) in wxr_contents(&path).into_iter().enumerate() {
            out.push((format!("{} item {}", path.display(), i + 1), content));
        }
    }
    out
}

pub fn wxr_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(corpus())
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// The `content:encoded` texts of a WXR file, read with a plain quick-xml
/// scan; a file that is not well-formed XML gives what was read before the
/// error (the malformed importer fixtures).
pub fn wxr_contents(path: &std::path::PathBuf) -> Vec<String> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"content:encoded" => {
                current = Some(String::new())
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"content:encoded" => {
                if let Some(c) = current.take()
                    && !c.trim().is_empty()
                {
                    out.push(c);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(c) = current.as_mut()
                    && let Ok(s) = t.decode()
                {
                    c.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The bodies of every document of every WordPress export in the corpus,
/// as unpress's WXR reader gives them (wpautop for classic content,
/// shortcodes expanded with the media map).
pub fn export_bodies() -> Vec<(String, String)> {
    use unpress::read::wxr::{self, WxrOptions};
    let mut out = Vec::new();
    for path in wxr_files() {
        let Ok(export) = wxr::scan(&path, &WxrOptions::default()) else {
            continue;
        };
        let Ok(entries) = export.documents() else {
            continue;
        };
        for entry in entries.flatten() {
            out.push((entry.document.source.to_string(), entry.document.body));
        }
    }
    out
}
