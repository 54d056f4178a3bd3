//! The one helper module of the integration tests: running the binary,
//! where the repository's data and the external corpus are, XML checks,
//! one html5ever walk (the browser-grade oracle) and what is built on it,
//! one dump of a Fragment, and comrak, the CommonMark judge independent of
//! the pulldown-cmark that unpress reads Markdown with.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, local_name, ns, parse_document};
use markup5ever_rcdom::{Handle, NodeData as Dom, RcDom};
use quick_xml::Reader;
use quick_xml::events::Event;
use unpress::html::fragment::{Edge, Element, Fragment, Namespace, NodeData, NodeId};

// ---- replayable randomness ------------------------------------------------------

/// A small deterministic generator (xorshift64*), so that a failing run
/// can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---- where the data is --------------------------------------------------------

/// A path inside the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The external corpus: `UNPRESS_CORPUS` if set, else `../shared/corpus`
/// beside the checkout. The corpus suites need it: a missing corpus fails
/// them, it never lets them pass on no data.
#[cfg(feature = "corpus")]
pub fn corpus() -> PathBuf {
    let dir = match std::env::var_os("UNPRESS_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => repo("../shared/corpus"),
    };
    assert!(
        dir.join("SOURCES.md").is_file(),
        "--features corpus runs the suites over the external corpus, and there is \
         none at {}: put shared/ beside the checkout (../shared/corpus), set \
         UNPRESS_CORPUS to the corpus folder, or run `cargo test` without the feature",
        dir.display()
    );
    dir
}

/// The files of a folder (not its subfolders), sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The `.xml` files under `dir`, at any depth, sorted.
pub fn xml_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// Every `fixtures/<case>/input.*`, sorted by case, relative to the
/// repository (cargo runs the tests there): the path is the documents'
/// `source`, which the expectations show.
pub fn fixture_inputs() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/ is next to Cargo.toml")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
        .iter()
        .flat_map(|case| files_in(case))
        .filter(|p| p.file_stem().is_some_and(|s| s == "input"))
        .collect()
}

/// The exports written for the tests, `tests/data/wxr/*.xml`.
pub fn repo_exports() -> Vec<PathBuf> {
    xml_files_under(&repo("tests/data/wxr"))
}

// ---- running the binary ----------------------------------------------------------

pub fn unpress() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unpress"))
}

/// Runs unpress in `dir` with no standard input.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    unpress()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run unpress")
}

/// Runs unpress with `stdin` as its standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = unpress()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn unpress");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir`, relative, with `/` separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

// ---- expectations: the fixtures' snapshots -----------------------------------------

/// Compares each output with its expectation file, every file before
/// failing, with snapbox's line diff on a mismatch. The comparison is
/// exact: snapbox's wildcards and path normalization are off, and a
/// difference in line endings alone fails too. `SNAPSHOTS=overwrite`
/// (snapbox's own switch) or `UNPRESS_BLESS=1` writes the outputs as the
/// expectations instead; read every diff before committing it.
pub fn assert_expected(outputs: &[(PathBuf, &str)]) {
    use snapbox::assert::{Action, DEFAULT_ACTION_ENV};
    use std::io::IsTerminal;
    let palette = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        snapbox::report::Palette::color()
    } else {
        snapbox::report::Palette::plain()
    };
    let mut assert = snapbox::Assert::new()
        .action_env(DEFAULT_ACTION_ENV)
        .normalize_paths(false)
        .palette(palette);
    if std::env::var_os("UNPRESS_BLESS").is_some() {
        assert = assert.action(Action::Overwrite);
    }
    let mut failures = Vec::new();
    for (path, got) in outputs {
        let exact = std::fs::read_to_string(path).is_ok_and(|want| want == *got);
        match assert.selected_action() {
            Action::Overwrite if !exact => {
                std::fs::write(path, got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                eprintln!("wrote {}", path.display());
            }
            Action::Verify if !exact => {
                // `raw`: only line endings are normalized, so that
                // snapbox's diff shows the lines that differ.
                let want = snapbox::Data::read_from(path, None).raw();
                let shown = path.display();
                match assert.try_eq(Some(&shown), snapbox::Data::text(*got), want) {
                    Err(e) => failures.push(e.to_string()),
                    Ok(()) => failures.push(format!("{shown}: differs only in its line endings")),
                }
            }
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} outputs differ from their expectations (SNAPSHOTS=overwrite writes them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---- XML ----------------------------------------------------------------------------

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

/// Attribute names of every element in well-formed XML.
#[cfg(feature = "corpus")]
pub fn xml_attributes(xml: &str) -> Vec<(String, String)> {
    xml_attribute_values(xml)
        .into_iter()
        .map(|(element, attr, _)| (element, attr))
        .collect()
}

// ---- html5ever: the oracle ------------------------------------------------------------

/// `html` parsed by html5ever as a browser parses a document (scripting on).
pub fn parse(html: &str) -> RcDom {
    parse_with(html, ParseOpts::default())
}

pub fn parse_with(html: &str, opts: ParseOpts) -> RcDom {
    parse_document(RcDom::default(), opts)
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("reading from memory cannot fail")
}

/// The `<body>` of a parsed document. Keep the `RcDom` alive while the
/// body is walked: dropping it empties every node it holds.
pub fn body(dom: &RcDom) -> Option<Handle> {
    let child = |parent: &Handle, name| {
        parent
            .children
            .borrow()
            .iter()
            .find(|n| matches!(&n.data, Dom::Element { name: n, .. } if n.local == name))
            .cloned()
    };
    child(
        &child(&dom.document, local_name!("html"))?,
        local_name!("body"),
    )
}

/// One step of [`walk`].
pub enum Step<'a> {
    /// An element: the visit returns whether to walk its content.
    Enter(&'a Handle),
    /// The end of an element whose content was walked.
    Leave(&'a Handle),
    /// Text, a comment, a doctype.
    Leaf(&'a Handle),
}

/// Walks what is under `root` in document order, without recursion.
pub fn walk(root: &Handle, mut visit: impl FnMut(Step<'_>) -> bool) {
    // (node, leaving): the second visit of an element ends it.
    let mut stack: Vec<(Handle, bool)> = root
        .children
        .borrow()
        .iter()
        .rev()
        .map(|c| (Rc::clone(c), false))
        .collect();
    while let Some((node, leaving)) = stack.pop() {
        if leaving {
            visit(Step::Leave(&node));
        } else if matches!(node.data, Dom::Element { .. }) {
            if visit(Step::Enter(&node)) {
                stack.push((Rc::clone(&node), true));
                for c in node.children.borrow().iter().rev() {
                    stack.push((Rc::clone(c), false));
                }
            }
        } else {
            visit(Step::Leaf(&node));
        }
    }
}

/// What an HTML parser sees in a document: every element's name and
/// attribute names, and every comment.
pub struct Parsed {
    pub attributes: Vec<(String, String)>,
    pub comments: Vec<String>,
}

/// Parses `html` with html5ever and lists its attributes and comments.
pub fn parse_html(html: &str) -> Parsed {
    let dom = parse(html);
    let mut parsed = Parsed {
        attributes: Vec::new(),
        comments: Vec::new(),
    };
    walk(&dom.document, |step| match step {
        Step::Enter(node) => {
            if let Dom::Element { name, attrs, .. } = &node.data {
                for a in attrs.borrow().iter() {
                    parsed
                        .attributes
                        .push((name.local.to_string(), a.name.local.to_string()));
                }
            }
            true
        }
        Step::Leaf(node) => {
            if let Dom::Comment { contents } = &node.data {
                parsed.comments.push(contents.to_string());
            }
            false
        }
        Step::Leave(_) => false,
    });
    parsed
}

/// The `class` values of every element, as html5ever parses `html`.
pub fn html_classes(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(&parse(html).document, |step| {
        if let Step::Enter(node) = step
            && let Dom::Element { name, attrs, .. } = &node.data
        {
            for a in attrs.borrow().iter() {
                if &*a.name.local == "class" {
                    out.push((name.local.to_string(), a.value.to_string()));
                }
            }
        }
        true
    });
    out
}

/// Builds a Fragment from the children of `<body>` as html5ever parses
/// `html`. Comments are dropped (the residue rule does that in the real
/// pipeline).
pub fn fragment_from_html(html: &str) -> Fragment {
    let dom = parse(html);
    let mut f = Fragment::new();
    let Some(body) = body(&dom) else { return f };
    let mut parents: Vec<NodeId> = vec![f.root()];
    walk(&body, |step| {
        let parent = *parents.last().expect("the root stays");
        match step {
            Step::Enter(node) => {
                let Dom::Element { name, attrs, .. } = &node.data else {
                    return false;
                };
                let namespace = if name.ns == ns!(svg) {
                    Namespace::Svg
                } else if name.ns == ns!(mathml) {
                    Namespace::MathMl
                } else {
                    Namespace::Html
                };
                let el = Element {
                    name: name.local.to_string(),
                    namespace,
                    attrs: attrs
                        .borrow()
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                };
                let id = f.create(NodeData::Element(el));
                f.append(parent, id);
                parents.push(id);
                true
            }
            Step::Leave(_) => {
                parents.pop();
                false
            }
            Step::Leaf(node) => {
                if let Dom::Text { contents } = &node.data {
                    f.append_text(parent, &contents.borrow());
                }
                false
            }
        }
    });
    f
}

/// Elements around which whitespace does not render.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: Option<&u8>| c.and_then(|c| (*c as char).to_digit(16));
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

enum Piece {
    Tag { text: String, block: bool },
    Text(String),
    Pre(String),
}

fn escape_html(s: &str, attr: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The normalization under which HTML counts as unchanged: parsed by
/// html5ever (so entity forms, quoting and implied tags agree), comments
/// dropped, attributes sorted, whitespace runs collapsed to one space
/// outside `<pre>`, and whitespace next to block-level tags (and `<br>`)
/// removed.
pub fn normalize_html(html: &str) -> String {
    let dom = parse(html);
    let Some(body) = body(&dom) else {
        return String::new();
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut pre = 0usize;
    walk(&body, |step| {
        match step {
            Step::Leaf(node) => {
                if let Dom::Text { contents } = &node.data {
                    let t = contents.borrow().to_string();
                    pieces.push(if pre > 0 {
                        Piece::Pre(escape_html(&t, false))
                    } else {
                        Piece::Text(t)
                    });
                }
            }
            Step::Leave(node) => {
                if let Dom::Element { name, .. } = &node.data {
                    let local = name.local.to_string();
                    if local == "pre" || local == "textarea" {
                        pre -= 1;
                    }
                    pieces.push(Piece::Tag {
                        block: BLOCKS.contains(&local.as_str()),
                        text: format!("</{local}>"),
                    });
                }
            }
            Step::Enter(node) => {
                let Dom::Element { name, attrs, .. } = &node.data else {
                    return false;
                };
                let local = name.local.to_string();
                let mut a: Vec<(String, String)> = attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                // An image without alt is an image with an empty one (a
                // Markdown image always has one); URLs compare percent-
                // decoded (renderers percent-encode what they write).
                if local == "img" && !a.iter().any(|(n, _)| n == "alt") {
                    a.push(("alt".into(), String::new()));
                }
                for (n, v) in &mut a {
                    if n == "href" || n == "src" {
                        *v = percent_decode(v);
                    }
                }
                a.sort();
                let mut tag = format!("<{local}");
                for (n, v) in a {
                    tag.push_str(&format!(" {n}=\"{}\"", escape_html(&v, true)));
                }
                tag.push('>');
                pieces.push(Piece::Tag {
                    text: tag,
                    block: BLOCKS.contains(&local.as_str()),
                });
                if local == "pre" || local == "textarea" {
                    pre += 1;
                }
                return true;
            }
        }
        false
    });
    // Merge text pieces split by dropped comments.
    let mut merged: Vec<Piece> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => merged.push(p),
        }
    }
    let mut out = String::new();
    for k in 0..merged.len() {
        match &merged[k] {
            Piece::Tag { text, .. } => out.push_str(text),
            Piece::Pre(t) => out.push_str(t),
            Piece::Text(t) => {
                let mut s = String::new();
                let mut ws = false;
                for c in t.chars() {
                    if c.is_ascii_whitespace() {
                        ws = true;
                    } else {
                        if ws {
                            s.push(' ');
                        }
                        ws = false;
                        s.push(c);
                    }
                }
                if ws {
                    s.push(' ');
                }
                let block_before =
                    k == 0 || matches!(merged[k - 1], Piece::Tag { block: true, .. });
                let block_after = matches!(
                    merged.get(k + 1),
                    None | Some(Piece::Tag { block: true, .. })
                );
                let mut s = s.as_str();
                if block_before {
                    s = s.trim_start_matches(' ');
                }
                if block_after {
                    s = s.trim_end_matches(' ');
                }
                out.push_str(&escape_html(s, false));
            }
        }
    }
    out
}

// ---- the Fragment -----------------------------------------------------------------------

/// How [`dump`] writes a Fragment.
#[derive(Clone, Copy, PartialEq)]
pub enum Dump {
    /// Every element and attribute as it is named; text and values escaped.
    Html,
    /// The way an XHTML writer has to write it, inside `<root>`: names that
    /// XML cannot spell replaced (elements) or dropped (attributes, and
    /// `xmlns*`), characters XML forbids left out.
    Xml,
}

fn xml_name_ok(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_' || first == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{B7}'))
}

fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The Fragment as markup, for comparisons and failure messages.
pub fn dump(f: &Fragment, how: Dump) -> String {
    let xml = how == Dump::Xml;
    let escape = |s: &str, out: &mut String| {
        for c in s.chars().filter(|&c| !xml || xml_char_ok(c)) {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                _ => out.push(c),
            }
        }
    };
    let name = |n: &str| -> String {
        if xml && !xml_name_ok(n) {
            "invalid-name".to_owned()
        } else {
            n.to_owned()
        }
    };
    let mut out = String::new();
    if xml {
        out.push_str("<root>");
    }
    for edge in f.edges(f.root()) {
        match edge {
            Edge::Open(id) => match f.data(id) {
                NodeData::Element(e) => {
                    out.push('<');
                    out.push_str(&name(&e.name));
                    for (n, v) in &e.attrs {
                        if xml && (!xml_name_ok(n) || n.starts_with("xmlns")) {
                            continue;
                        }
                        out.push(' ');
                        out.push_str(n);
                        out.push_str("=\"");
                        escape(v, &mut out);
                        out.push('"');
                    }
                    out.push('>');
                }
                NodeData::Text(t) => escape(t, &mut out),
                _ => {}
            },
            Edge::Close(id) => {
                if let Some(e) = f.element(id) {
                    out.push_str("</");
                    out.push_str(&name(&e.name));
                    out.push('>');
                }
            }
        }
    }
    if xml {
        out.push_str("</root>");
    }
    out
}

// ---- comrak: the CommonMark judge --------------------------------------------------------

/// CommonMark (with GFM tables) to HTML, raw HTML passed through.
pub fn render(md: &str) -> String {
    comrak::markdown_to_html(md, &comrak_options())
}

/// The same with GFM's strikethrough on too: what GitHub and other GFM
/// renderers read. unpress's Markdown must render the same through both.
pub fn render_gfm(md: &str) -> String {
    let mut o = comrak_options();
    o.extension.strikethrough = true;
    comrak::markdown_to_html(md, &o)
}

fn comrak_options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.render.r#unsafe = true;
    o
}

/// Whether the Markdown holds raw HTML (an HTML block or inline HTML), as
/// comrak parses it.
pub fn has_raw_html(md: &str) -> bool {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, &comrak_options());
    root.descendants().any(|n| {
        matches!(
            n.data.borrow().value,
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
        )
    })
}

// ---- bodies: what the conversion-wide checks run over ------------------------------------

/// The HTML bodies of posts and pages, as unpress's reader gives them
/// (front matter cut off; Markdown bodies rendered), named by path.
pub fn post_bodies(files: &[PathBuf]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|path| {
            let doc = unpress::read::read_file(path, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), doc.body)
        })
        .collect()
}

/// The `content:encoded` texts of the items of WXR files, read with a
/// plain quick-xml scan, named `<path> item <n>`; a file that is not
/// well-formed XML gives what was read before the error (the malformed
/// importer fixtures).
pub fn item_contents(files: &[PathBuf]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in files {
        for (i, content) in wxr_contents(path).into_iter().enumerate() {
            out.push((format!("{} item {}", path.display(), i + 1), content));
        }
    }
    out
}

fn wxr_contents(path: &Path) -> Vec<String> {
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

/// The bodies of every document of WordPress exports, as unpress's WXR
/// reader gives them (wpautop for classic content, shortcodes expanded
/// with the media map); exports that do not read are left out.
pub fn export_bodies(files: &[PathBuf]) -> Vec<(String, String)> {
    use unpress::read::wxr::{self, WxrOptions};
    let mut out = Vec::new();
    for path in files {
        let Ok(export) = wxr::scan(path, &WxrOptions::default()) else {
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

/// The repository's own bodies: every fixture input and the content of
/// every item of the exports written for the tests.
pub fn repo_bodies() -> Vec<(String, String)> {
    let mut out = post_bodies(&fixture_inputs());
    out.extend(item_contents(&repo_exports()));
    out
}

/// The folders of the corpus that hold posts and block fixtures.
#[cfg(feature = "corpus")]
pub const CORPUS_POST_FOLDERS: [&str; 4] = [
    "seed",
    "rss-hexo-posts",
    "wp-exported-jekyll-posts",
    "gutenberg-block-fixtures",
];

/// Every post and block fixture of the corpus, sorted by folder, then name.
#[cfg(feature = "corpus")]
pub fn corpus_posts() -> Vec<PathBuf> {
    CORPUS_POST_FOLDERS
        .iter()
        .flat_map(|folder| files_in(&corpus().join(folder)))
        .collect()
}

/// Every WXR file of the corpus.
#[cfg(feature = "corpus")]
pub fn corpus_exports() -> Vec<PathBuf> {
    xml_files_under(&corpus())
}

/// Every HTML body of the corpus: posts (front matter cut off; Markdown
/// bodies rendered by the reader), block fixtures, and the content of every
/// WXR item.
#[cfg(feature = "corpus")]
pub fn corpus_bodies() -> Vec<(String, String)> {
    let mut out = post_bodies(&corpus_posts());
    out.extend(item_contents(&corpus_exports()));
    out
}

/// A PNG signature followed by `tag`: a file the uploads checks take for an
/// image, told apart by its tag.
pub fn png(tag: &[u8]) -> Vec<u8> {
    [b"\x89PNG\r\n\x1a\n".as_slice(), tag].concat()
}

/// The uploads folder `dir/uploads` for tests/data/wxr/site.xml: two
/// `clover.jpg` from different months, an original behind a resized copy,
/// and a byte-identical copy of the first clover. Returns the folder.
pub fn site_uploads(dir: &Path) -> PathBuf {
    let up = dir.join("uploads");
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
    up
}

/// One line of tests/data/xss-vectors.txt: an executable-content vector.
pub struct Vector {
    pub line: usize,
    pub html: String,
    /// Marked `eats-after:`: the vector ends inside a tag, so the text
    /// after it may go with it.
    pub eats_after: bool,
}

/// The vectors of tests/data/xss-vectors.txt, with `\n`, `\t`, `\r`,
/// `\0`, `\\` unescaped (the file's own format); read by sanitize.rs and
/// executable_content.rs.
pub fn vectors() -> Vec<Vector> {
    const VECTORS: &str = include_str!("../data/xss-vectors.txt");
    let mut out = Vec::new();
    for (i, line) in VECTORS.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (eats_after, line) = match line.strip_prefix("eats-after:") {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let mut html = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                html.push(c);
                continue;
            }
            let esc = match chars.peek() {
                Some('n') => '\n',
                Some('t') => '\t',
                Some('r') => '\r',
                Some('0') => '\0',
                Some('\\') => '\\',
                _ => {
                    html.push('\\');
                    continue;
                }
            };
            html.push(esc);
            chars.next();
        }
        out.push(Vector {
            line: i + 1,
            html,
            eats_after,
        });
    }
    out
}
