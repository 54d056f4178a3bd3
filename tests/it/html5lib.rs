//! The balancer against html5ever, over html5lib's tree-construction tests.
//!
//! For every `#data` case that is a whole document (no
//! `#document-fragment`), scripting-independent (no `#script-on`), without
//! a frameset, and whose expected tree has content in `<body>`: html5ever
//! (scripting off) and `balance` both build the body; the elements the
//! sanitizer removes on purpose, and comments, are taken out of both; the
//! element/text trees must match in at least 99 % of the cases. Every
//! Fragment must also serialize to well-formed XML.
//!
//! `cargo test` runs the extract of the tests in tests/data/html5lib (its
//! README.md says which files, from where, under which licence);
//! `--features corpus` the whole of them, from the corpus.
//!
//! `HTML5LIB_VERBOSE=1` prints every disagreement with both trees.
//!
//! A second oracle, `html5ever_sink` (html5ever's tree builder writing into
//! a Fragment: the prototype of docs/architecture.md's "Decision:
//! html5ever's tree builder"), allows a stricter comparison: whole
//! Fragments, comments and removed elements included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use html5ever::ParseOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use markup5ever_rcdom::NodeData as DomData;
use unpress::html::fragment::{Edge, Fragment, Namespace, NodeData};
use unpress::rewrite::balance::{MAX_DEPTH, balance};
use unpress::rewrite::{Budget, RewriteError};

use crate::html5ever_sink;
use crate::support::{self, Dump, Step, dump};

/// The extract of html5lib's tree-construction tests kept in the
/// repository.
fn extract() -> PathBuf {
    support::repo("tests/data/html5lib/tree-construction")
}

/// html5lib's tree-construction tests, whole, in the corpus.
#[cfg(feature = "corpus")]
fn whole_suite() -> PathBuf {
    support::corpus().join("html5lib-tests/tree-construction")
}

/// What the sanitizer removes with its content (a fixed list, on purpose not
/// read from the sanitizer's code).
const REMOVED: &[&str] = &[
    "script", "style", "template", "noscript", "object", "embed", "applet", "iframe", "frame",
    "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output",
    "keygen", "base", "meta", "link", "title",
];

struct Case {
    file: String,
    line: usize,
    data: String,
    fragment: bool,
    script_on: bool,
    document: Vec<String>,
}

fn parse_dat(path: &Path) -> Vec<Case> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cases = Vec::new();
    let mut section = "";
    let mut data: Vec<&str> = Vec::new();
    let mut current: Option<Case> = None;
    let finish = |c: Option<Case>, data: &mut Vec<&str>, cases: &mut Vec<Case>| {
        if let Some(mut c) = c {
            c.data = data.join("\n");
            cases.push(c);
        }
        data.clear();
    };
    for (i, line) in text.lines().enumerate() {
        if line == "#data" {
            finish(current.take(), &mut data, &mut cases);
            current = Some(Case {
                file: file.clone(),
                line: i + 1,
                data: String::new(),
                fragment: false,
                script_on: false,
                document: Vec::new(),
            });
            section = "#data";
            continue;
        }
        let Some(c) = current.as_mut() else { continue };
        if section == "#data"
            && !matches!(
                line,
                "#errors"
                    | "#new-errors"
                    | "#document-fragment"
                    | "#script-on"
                    | "#script-off"
                    | "#document"
            )
        {
            data.push(line);
            continue;
        }
        match line {
            "#errors" | "#new-errors" | "#document" => {
                section = if line == "#document" {
                    "#document"
                } else {
                    "#errors"
                }
            }
            "#document-fragment" => {
                c.fragment = true;
                section = "#fragment";
            }
            "#script-on" => c.script_on = true,
            "#script-off" => {}
            _ if section == "#document" && line.starts_with('|') => {
                c.document.push(line.to_owned())
            }
            _ if section == "#document" && !c.document.is_empty() && !line.is_empty() => {
                // A multi-line text node continues the previous line.
                if let Some(last) = c.document.last_mut() {
                    last.push('\n');
                    last.push_str(line);
                }
            }
            _ => {}
        }
    }
    finish(current.take(), &mut data, &mut cases);
    cases
}

/// Why a case is skipped, if it is.
fn skip_reason(c: &Case) -> Option<&'static str> {
    if c.fragment {
        return Some("#document-fragment");
    }
    if c.script_on {
        return Some("#script-on");
    }
    if c.document.iter().any(|l| l.starts_with("|   <frameset>")) {
        return Some("frameset");
    }
    let Some(body) = c.document.iter().position(|l| l == "|   <body>") else {
        return Some("no <body>");
    };
    let has_content = c
        .document
        .get(body + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|l| l.starts_with("|     "))
        .filter_map(|l| l.strip_prefix("|     "))
        .any(|l| (l.starts_with('<') && !l.starts_with("<!--")) || l.starts_with('"'));
    if !has_content {
        return Some("head-only (empty <body>)");
    }
    None
}

/// A flat, comparable form of a tree: one line per element start, text run
/// or element end.
#[derive(Default)]
struct Flat {
    lines: Vec<String>,
    text: String,
}

impl Flat {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.lines
                .push(format!("\"{}\"", std::mem::take(&mut self.text)));
        }
    }
    fn open(&mut self, ns: &str, name: &str, mut attrs: Vec<(String, String)>) {
        self.flush();
        attrs.sort();
        let attrs: Vec<String> = attrs.iter().map(|(n, v)| format!("{n}=\"{v}\"")).collect();
        self.lines.push(format!("<{ns}{name} {}>", attrs.join(" ")));
    }
    fn close(&mut self) {
        self.flush();
        self.lines.push("</>".to_owned());
    }
}

fn removed(ns: Namespace, name: &str) -> bool {
    ns == Namespace::Html && REMOVED.contains(&name)
}

fn ns_prefix(ns: Namespace) -> &'static str {
    match ns {
        Namespace::Html => "",
        Namespace::Svg => "svg ",
        Namespace::MathMl => "math ",
    }
}

fn flatten_fragment(f: &Fragment) -> Vec<String> {
    let mut flat = Flat::default();
    let mut skipping: Option<unpress::html::fragment::NodeId> = None;
    for edge in f.edges(f.root()) {
        match edge {
            Edge::Open(id) => {
                if skipping.is_some() || id == f.root() {
                    continue;
                }
                match f.data(id) {
                    NodeData::Element(e) => {
                        if removed(e.namespace, &e.name) {
                            skipping = Some(id);
                        } else {
                            flat.open(ns_prefix(e.namespace), &e.name, e.attrs.clone());
                        }
                    }
                    NodeData::Text(t) => flat.text.push_str(t),
                    _ => {}
                }
            }
            Edge::Close(id) => {
                if skipping == Some(id) {
                    skipping = None;
                } else if skipping.is_none() && id != f.root() && f.element(id).is_some() {
                    flat.close();
                }
            }
        }
    }
    flat.flush();
    flat.lines
}

fn dom_ns(ns: &str) -> Namespace {
    match ns {
        "http://www.w3.org/2000/svg" => Namespace::Svg,
        "http://www.w3.org/1998/Math/MathML" => Namespace::MathMl,
        _ => Namespace::Html,
    }
}

/// html5ever's `<body>`, flattened.
fn flatten_dom(data: &str) -> Option<Vec<String>> {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom = support::parse_with(data, opts);
    let body = support::body(&dom)?;
    let mut flat = Flat::default();
    support::walk(&body, |step| match step {
        Step::Enter(node) => {
            let DomData::Element { name, attrs, .. } = &node.data else {
                return false;
            };
            let ns = dom_ns(&name.ns);
            if removed(ns, &name.local) {
                return false;
            }
            let attrs = attrs
                .borrow()
                .iter()
                .map(|a| {
                    let n = match &a.name.prefix {
                        Some(p) if !p.is_empty() => format!("{}:{}", p, a.name.local),
                        _ => a.name.local.to_string(),
                    };
                    (n, a.value.to_string())
                })
                .collect();
            flat.open(ns_prefix(ns), &name.local, attrs);
            true
        }
        Step::Leave(_) => {
            flat.close();
            false
        }
        Step::Leaf(node) => {
            if let DomData::Text { contents } = &node.data {
                flat.text.push_str(&contents.borrow());
            }
            false
        }
    });
    flat.flush();
    Some(flat.lines)
}

fn well_formed(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(s)) => {
                depth += 1;
                for a in s.attributes().with_checks(true) {
                    a.map_err(|e| e.to_string())?;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err(format!("unbalanced: {depth}"))
    }
}

/// Every case of the `.dat` files under `dir`, in file name order.
fn cases(dir: &Path) -> Vec<Case> {
    assert!(dir.is_dir(), "{} is missing", dir.display());
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "dat") {
            all.extend(parse_dat(entry.path()));
        }
    }
    all
}

/// The cases under `dir` (at least `min` of them) compared: 99 % must
/// match html5ever, every Fragment must be XML.
fn balance_matches_html5ever_over(dir: &Path, min: usize) {
    let all = cases(dir);
    assert!(
        all.len() > min,
        "html5lib tests not found under {}",
        dir.display()
    );
    let verbose = std::env::var_os("HTML5LIB_VERBOSE").is_some();
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pass = 0;
    let mut failures: Vec<String> = Vec::new();
    let mut not_xml: Vec<String> = Vec::new();
    for case in &all {
        if let Some(reason) = skip_reason(case) {
            *skipped.entry(reason).or_default() += 1;
            continue;
        }
        let Some(expected) = flatten_dom(&case.data) else {
            *skipped.entry("html5ever gave no <body>").or_default() += 1;
            continue;
        };
        let at = format!("{}:{}", case.file, case.line);
        let outcome = std::panic::catch_unwind(|| balance(&case.data, &Budget::default()));
        let fragment = match outcome {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => {
                failures.push(format!("{at} error {e}: {:?}", case.data));
                continue;
            }
            Err(_) => {
                failures.push(format!("{at} PANIC: {:?}", case.data));
                continue;
            }
        };
        if let Err(e) = well_formed(&dump(&fragment, Dump::Xml)) {
            not_xml.push(format!("{at} {e}: {:?}", case.data));
        }
        let got = flatten_fragment(&fragment);
        if got == expected {
            pass += 1;
        } else {
            failures.push(format!("{at} {:?}", case.data));
            if verbose {
                eprintln!(
                    "--- {at}\n{}\n--- html5ever:\n{}\n--- unpress:\n{}\n",
                    case.data,
                    expected.join("\n"),
                    got.join("\n")
                );
            }
        }
    }
    let compared = pass + failures.len();
    let total_skipped: usize = skipped.values().sum();
    eprintln!("html5lib tree-construction: {} cases", all.len());
    eprintln!(
        "  compared {compared}: pass {pass}, fail {}",
        failures.len()
    );
    eprintln!("  skipped {total_skipped}:");
    for (reason, n) in &skipped {
        eprintln!("    {n:5} {reason}");
    }
    for f in &failures {
        eprintln!("  FAIL {f}");
    }
    for f in &not_xml {
        eprintln!("  NOT XML {f}");
    }
    assert!(
        not_xml.is_empty(),
        "{} Fragments are not well-formed XML",
        not_xml.len()
    );
    assert!(
        pass * 100 >= compared * 99,
        "{pass}/{compared} match html5ever, under the 99 % target"
    );
}

#[test]
fn balance_matches_html5ever() {
    balance_matches_html5ever_over(&extract(), 300);
}

#[cfg(feature = "corpus")]
#[test]
fn balance_matches_html5ever_over_the_whole_suite() {
    balance_matches_html5ever_over(&whole_suite(), 1000);
}

/// A small deterministic generator (xorshift), so that a failing mutation
/// can be replayed from `HTML5LIB_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces that mutations splice in: the markup that trips tree builders.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<a href=x>",
    "</a>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<div>",
    "</div>",
    "<li>",
    "<ul>",
    "</ul>",
    "<svg>",
    "</svg>",
    "<math>",
    "<mi>",
    "<foreignObject>",
    "<select>",
    "<option>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<template>",
    "</template>",
    "<h1>",
    "<h2>",
    "</h1>",
    "<br>",
    "</br>",
    "<pre>\n",
    "<textarea>",
    "&amp;",
    "&",
    "&#x",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "\0",
    "<nobr>",
    "<button>",
    "<form>",
    "</form>",
    "<caption>",
    "<col>",
    "<frameset>",
    "<body>",
    "</body>",
    "</html>",
    "<head>",
    "<plaintext>",
    "<xmp>",
    "<noscript>",
    "<![CDATA[",
    "]]>",
    "<desc>",
    "<annotation-xml encoding=text/html>",
    "<font color=red>",
    "<dd>",
    "<dt>",
    "<rb>",
    "<rt>",
    "<ruby>",
    "<marquee>",
    "<object>",
    "<image>",
    "<isindex>",
];

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut s: Vec<char> = base.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(s.len() + 1);
        match rng.below(3) {
            0 => {
                let piece = PIECES[rng.below(PIECES.len())];
                for (k, c) in piece.chars().enumerate() {
                    s.insert(at + k, c);
                }
            }
            1 if at < s.len() => {
                let n = 1 + rng.below(4).min(s.len() - at - 1);
                s.drain(at..at + n);
            }
            _ => s.insert(at, ['x', ' ', '\n', '<', '/', '>'][rng.below(6)]),
        }
    }
    s.into_iter().collect()
}

/// The html5lib inputs under `dir`, mutated by splicing in markup
/// (replay with `HTML5LIB_SEED`), and the seed.
fn mutated_inputs(dir: &Path) -> (u64, Vec<(String, String)>) {
    let seed = std::env::var("HTML5LIB_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    let mut rng = Rng(seed | 1);
    let bases: Vec<String> = cases(dir)
        .into_iter()
        .filter(|c| !c.fragment && !c.script_on)
        .map(|c| c.data)
        .collect();
    let mut inputs: Vec<(String, String)> = Vec::new();
    for i in 0..3000 {
        let base = &bases[rng.below(bases.len())];
        inputs.push((
            format!("mutation {i} (seed {seed})"),
            mutate(&mut rng, base),
        ));
    }
    (seed, inputs)
}

/// Differential fuzzing: the html5lib inputs under `dir`, mutated by
/// splicing in markup, must still give html5ever's body, and so must
/// `whole` inputs that go in as they are.
fn mutated_inputs_match_html5ever(dir: &Path, whole: Vec<(String, String)>) {
    let (_, mut inputs) = mutated_inputs(dir);
    inputs.extend(whole);
    let verbose = std::env::var_os("HTML5LIB_VERBOSE").is_some();
    let mut failures = Vec::new();
    let mut compared_lines = 0;
    for (name, input) in &inputs {
        let Some(expected) = flatten_dom(input) else {
            continue;
        };
        let got = match std::panic::catch_unwind(|| balance(input, &Budget::default())) {
            Ok(Ok(f)) => {
                if let Err(e) = well_formed(&dump(&f, Dump::Xml)) {
                    failures.push(format!("{name}: not XML ({e}): {input:?}"));
                }
                flatten_fragment(&f)
            }
            Ok(Err(e)) => vec![format!("error {e}")],
            Err(_) => vec!["PANIC".to_owned()],
        };
        compared_lines += expected.len();
        if got != expected {
            let short: String = input.chars().take(300).collect();
            failures.push(format!("{name}: {short:?}"));
            if verbose {
                let at = expected
                    .iter()
                    .zip(&got)
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.len().min(got.len()));
                let from = at.saturating_sub(3);
                eprintln!(
                    "--- {name}\n{short}\n--- html5ever from line {from}:\n{}\n--- unpress:\n{}\n",
                    expected[from..(at + 6).min(expected.len())].join("\n"),
                    got[from..(at + 6).min(got.len())].join("\n")
                );
            }
        }
    }
    eprintln!(
        "differential: {} inputs ({compared_lines} tree lines), {} disagree",
        inputs.len(),
        failures.len()
    );
    for f in &failures {
        eprintln!("  FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} inputs disagree with html5ever",
        failures.len()
    );
}

#[test]
fn mutated_inputs_match_html5ever_on_the_extract() {
    mutated_inputs_match_html5ever(&extract(), Vec::new());
}

/// The whole suite mutated, and every real-world file of the corpus whole.
#[cfg(feature = "corpus")]
#[test]
fn mutated_and_corpus_inputs_match_html5ever() {
    let suite = whole_suite();
    let mut whole = Vec::new();
    for entry in walkdir::WalkDir::new(support::corpus())
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = entry.path();
        if p.starts_with(&suite) || !p.is_file() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(p)
            && text.len() < 2_000_000
        {
            whole.push((p.display().to_string(), text));
        }
    }
    mutated_inputs_match_html5ever(&suite, whole);
}

/// Every node below the root, in document order, as one line each: element
/// starts (namespace, name, attributes in order), text, comments, ends.
fn whole_tree(f: &Fragment) -> Vec<String> {
    let mut lines = Vec::new();
    for edge in f.edges(f.root()) {
        match edge {
            Edge::Open(id) if id != f.root() => lines.push(match f.data(id) {
                NodeData::Element(e) => {
                    format!("<{}{} {:?}>", ns_prefix(e.namespace), e.name, e.attrs)
                }
                NodeData::Text(t) => format!("{t:?}"),
                NodeData::Comment(c) => format!("<!--{c:?}-->"),
                other => format!("{other:?}"),
            }),
            Edge::Close(id) if id != f.root() && f.element(id).is_some() => {
                lines.push("</>".to_owned())
            }
            _ => {}
        }
    }
    lines
}

/// `balance` and html5ever's own tree builder (through `html5ever_sink`)
/// build the same Fragment, node for node, on every whole-document html5lib
/// case (framesets and head-only ones included), the mutations and the
/// corpus; html5ever's result does not depend on how its input is split.
#[test]
fn whole_fragments_match_html5evers_tree_builder() {
    let (seed, mut inputs) = mutated_inputs(&extract());
    for c in cases(&extract()) {
        if !c.fragment && !c.script_on {
            inputs.push((format!("{}:{}", c.file, c.line), c.data));
        }
    }
    let budget = Budget::default();
    let mut rng = Rng(seed.rotate_left(17) | 1);
    let mut failures = Vec::new();
    let mut lines = 0;
    for (name, input) in &inputs {
        let ours = balance(input, &budget).map(|f| whole_tree(&f));
        let theirs = html5ever_sink::build(input, &budget).map(|f| whole_tree(&f));
        if let Ok(t) = &theirs {
            lines += t.len();
        }
        if ours != theirs {
            failures.push(format!(
                "{name}: {:?}",
                input.chars().take(200).collect::<String>()
            ));
        }
        // Small pieces for small inputs; a whole export in 64-byte pieces
        // would only slow the test down.
        let chunk = 1 + rng.below(if input.len() < 20_000 { 64 } else { 4096 });
        let split = html5ever_sink::build_in_chunks(input, &budget, chunk).map(|f| whole_tree(&f));
        if split != theirs {
            failures.push(format!(
                "{name} split every {chunk} bytes changes html5ever's tree"
            ));
        }
    }
    eprintln!(
        "whole Fragments: {} inputs ({lines} tree lines), {} disagree",
        inputs.len(),
        failures.len()
    );
    for f in &failures {
        eprintln!("  FAIL {f}");
    }
    assert!(failures.is_empty(), "{} disagreements", failures.len());
}

/// The node budget holds with html5ever too: the sink counts every node,
/// stores none past the limit, and the parse stops at the next tag.
#[test]
fn html5ever_sink_keeps_the_node_budget() {
    let few = Budget {
        max_input_bytes: 1 << 20,
        max_nodes: 50,
    };
    let inputs = [
        "<p>x".repeat(100),
        format!("x{}", "<!---->".repeat(100)),
        "<b>".repeat(100),
    ];
    for input in inputs {
        assert_eq!(
            html5ever_sink::build(&input, &few).err(),
            balance(&input, &few).err(),
            "{input:.20}"
        );
        assert_eq!(
            html5ever_sink::build(&input, &few).err(),
            Some(RewriteError::TooManyNodes { limit: 50 })
        );
    }
}

/// The deep shapes of the decision record, nested `n` deep.
fn deep_shapes(n: usize) -> Vec<(&'static str, String)> {
    [
        ("div", "<div>"),
        ("b", "<b>"),
        ("span", "<span>"),
        ("p span", "<p><span>"),
        ("table tr td", "<table><tr><td>"),
        ("pre", "<pre>"),
        ("ul li", "<ul><li>"),
        ("a div", "<a href=x>x<div>"),
    ]
    .into_iter()
    .map(|(name, open)| (name, format!("{}deep", open.repeat(n))))
    .collect()
}

/// html5ever's tree builder and the sink do not recurse with the depth: a
/// 100,000-deep tree is built on a test thread's small stack. (Only the
/// shapes html5ever builds in linear time: `<div>` and the others are
/// quadratic there, see `deep_nesting_timings`.) `balance` caps the stack
/// of open elements at `MAX_DEPTH` (docs/balancing.md): below it both
/// build the same depth, above it ours stops there.
#[test]
fn html5ever_sink_builds_deep_trees_without_recursion() {
    for n in [100, 100_000] {
        for (name, input) in deep_shapes(n) {
            if !matches!(name, "b" | "span" | "p span" | "table tr td") {
                continue;
            }
            let theirs = html5ever_sink::build(&input, &Budget::default()).expect(name);
            let ours = balance(&input, &Budget::default()).expect(name);
            if n == 100 || name == "p span" {
                assert_eq!(theirs.depth(), ours.depth(), "{name} x {n}");
            } else {
                // One token may imply a few elements past the cap (a
                // table's `tbody` and `tr` before its cell).
                assert!(
                    ours.depth() <= MAX_DEPTH + 4,
                    "{name} x {n}: {}",
                    ours.depth()
                );
                assert!(theirs.depth() > 1000, "{name}");
            }
        }
    }
}

/// The deep-nesting figures of docs/architecture.md, both builders:
/// `cargo test --release --test html5lib deep_nesting_timings -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, minutes long: html5ever is quadratic on some shapes"]
fn deep_nesting_timings() {
    let budget = Budget::default();
    for n in [10_000, 100_000] {
        for (name, input) in deep_shapes(n) {
            let t = std::time::Instant::now();
            let ours = balance(&input, &budget).map(|f| f.len());
            let ours_s = t.elapsed().as_secs_f64();
            let t = std::time::Instant::now();
            let theirs = html5ever_sink::build(&input, &budget).map(|f| f.len());
            let theirs_s = t.elapsed().as_secs_f64();
            assert_eq!(ours, theirs, "{name} x {n}");
            eprintln!("{n:>7} x {name:<12} balance {ours_s:>9.4} s   html5ever {theirs_s:>9.4} s");
        }
    }
}
