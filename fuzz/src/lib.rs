//! The judges the fuzz targets share. Each is independent of unpress's
//! own code: html5ever parses HTML as a browser does, pulldown-cmark
//! renders Markdown (raw HTML passed through, as Hugo's and Jekyll's
//! renderers can), quick-xml checks that XML is well-formed.
//!
//! A target panics (libFuzzer records a crash) when an invariant breaks.

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use unpress::{Options, RuleSet};

/// Bytes to text: the readers take `&str`; invalid UTF-8 is replaced, as
/// the binary does for files it reads.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Options picked by the input's first byte, so that the fuzzer explores
/// both the rules and `--no-rules`, and small node budgets.
pub fn options(data: &[u8]) -> (Options, &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return (Options::default(), data);
    };
    let mut opts = Options::default();
    if first & 1 == 1 {
        opts.rewrite.rules = RuleSet::none();
    }
    if first & 2 == 2 {
        // A small tree budget: the error path must be as clean as the
        // normal one.
        opts.rewrite.budget.max_nodes = 200;
    }
    (opts, rest)
}

fn parse(html: &str) -> RcDom {
    parse_document(RcDom::default(), ParseOpts::default()).one(html)
}

/// Every element of `dom` with its local name, namespace URL and
/// attributes, in document order, without recursion.
fn elements(dom: &RcDom, mut visit: impl FnMut(&str, &str, &[(String, String)])) {
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } = &node.data
        {
            let attrs: Vec<(String, String)> = attrs
                .borrow()
                .iter()
                .map(|a| {
                    let n = if a.name.prefix.is_some() {
                        format!("xlink:{}", a.name.local)
                    } else {
                        a.name.local.to_string()
                    };
                    (n, a.value.to_string())
                })
                .collect();
            visit(&name.local, &name.ns, &attrs);
            if let Some(t) = template_contents.borrow().as_ref() {
                stack.push(t.clone());
            }
        }
        for c in node.children.borrow().iter().rev() {
            stack.push(c.clone());
        }
    }
}

/// The text of `html` as a browser shows it, letters and digits only.
pub fn letters_of_html(html: &str) -> String {
    let dom = parse(html);
    let mut out = String::new();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { contents } => {
                out.extend(contents.borrow().chars().filter(|c| c.is_alphanumeric()))
            }
            NodeData::Element { name, .. }
                if matches!(&*name.local, "head" | "script" | "style" | "template") =>
            {
                continue;
            }
            _ => {}
        }
        for c in node.children.borrow().iter().rev() {
            stack.push(c.clone());
        }
    }
    out
}

/// A URL's scheme as a browser finds it: character references and
/// percent-escapes undone (several layers: a Markdown renderer decodes
/// once more), controls and whitespace dropped, lower-cased.
pub fn scheme_of(url: &str) -> String {
    let squashed = squash(url);
    match squashed.find(':') {
        Some(at) if !squashed[..at].contains(['/', '?', '#']) => squashed[..at].to_owned(),
        _ => String::new(),
    }
}

/// The URL decoded (references and percent escapes, up to four times),
/// without white space and control characters, in lower case: the
/// reading most favourable to an attacker, which the judges use.
fn squash(url: &str) -> String {
    let mut s = url.to_owned();
    for _ in 0..4 {
        let decoded = decode_once(&s);
        if decoded == s {
            break;
        }
        s = decoded;
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\u{fffd}')
        .collect::<String>()
        .to_lowercase()
}

fn decode_once(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find(['&', '%']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(num) = tail.strip_prefix("&#") {
            let (radix, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (16, h),
                None => (10, num),
            };
            let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
            if len > 0 {
                let c = u32::from_str_radix(&digits[..len.min(8)], radix)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(c);
                let skip = 2 + usize::from(radix == 16) + len;
                rest = tail[skip..].strip_prefix(';').unwrap_or(&tail[skip..]);
                continue;
            }
        }
        let lower = tail.to_ascii_lowercase();
        if let Some(named) = ["&colon;", "&tab;", "&newline;"]
            .iter()
            .find(|n| lower.starts_with(**n))
        {
            out.push(if *named == "&colon;" { ':' } else { ' ' });
            rest = &tail[named.len()..];
            continue;
        }
        if let Some(b) = tail
            .strip_prefix('%')
            .and_then(|t| t.get(..2))
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(char::from(b));
            rest = &tail[3..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "poster",
    "action",
    "background",
    "formaction",
    "xlink:href",
    "data",
    "dynsrc",
    "lowsrc",
    "longdesc",
    "codebase",
    "icon",
    "manifest",
    "ping",
    "usemap",
];

/// Whether a URL in `attr` of `element` runs code, or loads a document
/// that can.
pub fn url_runs_code(element: &str, attr: &str, url: &str) -> bool {
    let scheme = scheme_of(url);
    if matches!(
        scheme.as_str(),
        "javascript" | "vbscript" | "livescript" | "mocha"
    ) {
        return true;
    }
    if scheme == "data" {
        // Read the same way as the scheme: `data%02:image/png` is judged
        // as `data:image/png` (fuzz finding crash-ad619eb7, where the
        // raster check read the undecoded URL and called it a hazard).
        let squashed = squash(url);
        let raster = [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| squashed.starts_with(p));
        return !(element == "img" && attr == "src" && raster);
    }
    false
}

/// What in `html`, parsed as a browser parses it, could run code.
pub fn hazards(html: &str) -> Vec<String> {
    let dom = parse(html);
    let mut found = Vec::new();
    elements(&dom, |name, ns, attrs| {
        let svg = ns.ends_with("svg");
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        // A whole document's own head: `<meta charset>` and a stylesheet
        // link are the writer's; a refresh or any other link is not.
        let own_head = match name {
            "meta" => attr("http-equiv").is_none(),
            "link" => attr("rel").as_deref() == Some("stylesheet"),
            _ => false,
        };
        if !own_head
            && matches!(
                name,
                "script"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "applet"
                    | "base"
                    | "meta"
                    | "link"
                    | "style"
                    | "form"
                    | "portal"
            )
            || (svg
                && matches!(
                    name,
                    "animate"
                        | "set"
                        | "animateMotion"
                        | "animateTransform"
                        | "use"
                        | "foreignObject"
                ))
        {
            found.push(format!("<{name}>"));
        }
        for (attr, value) in attrs {
            let a = attr.to_ascii_lowercase();
            if a.starts_with("on") || a == "srcdoc" || a == "formaction" {
                found.push(format!("<{name} {a}>"));
            }
            if a == "style" {
                let v = value.to_ascii_lowercase();
                if v.contains("expression") || v.contains("javascript") || v.contains("url(") {
                    found.push(format!("<{name} style={value:?}>"));
                }
            }
            if URL_ATTRS.contains(&a.as_str()) && url_runs_code(name, &a, value) {
                found.push(format!("<{name} {a}={value:?}>"));
            }
            if a == "srcset"
                && value
                    .split(',')
                    .any(|c| url_runs_code(name, "src", c.trim()))
            {
                found.push(format!("<{name} srcset={value:?}>"));
            }
        }
    });
    found
}

/// Panics when `html` holds anything that could run code.
pub fn assert_harmless(what: &str, html: &str) {
    let found = hazards(html);
    assert!(found.is_empty(), "{what}: {found:?} in\n{html}");
}

/// Checks that `xml` is a well-formed document: one root, tags balanced,
/// no duplicate attributes, only the five predefined entities, no
/// character XML forbids.
pub fn check_xml(xml: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    if let Some(c) = xml
        .chars()
        .find(|&c| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
    {
        return Err(format!("character U+{:04X} is not allowed in XML", c as u32));
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Err(e) => return Err(format!("at {}: {e}", reader.buffer_position())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(s)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                check_attrs(&s)?;
            }
            Ok(Event::Empty(s)) => {
                if depth == 0 {
                    roots += 1;
                }
                check_attrs(&s)?;
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) => {
                if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err("text outside the root".into());
                }
                let raw = std::str::from_utf8(&t).map_err(|e| e.to_string())?;
                check_refs(raw)?;
            }
            Ok(Event::GeneralRef(r)) => {
                let name = std::str::from_utf8(&r).map_err(|e| e.to_string())?;
                check_refs(&format!("&{name};"))?;
            }
            Ok(_) => {}
        }
    }
    if depth != 0 || roots != 1 {
        return Err(format!("{roots} root elements, {depth} left open"));
    }
    Ok(())
}

fn check_attrs(s: &quick_xml::events::BytesStart<'_>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for a in s.attributes().with_checks(true) {
        let a = a.map_err(|e| e.to_string())?;
        if !seen.insert(a.key.as_ref().to_vec()) {
            return Err(format!(
                "duplicate attribute {}",
                String::from_utf8_lossy(a.key.as_ref())
            ));
        }
        let v = std::str::from_utf8(&a.value).map_err(|e| e.to_string())?;
        if v.contains('<') {
            return Err("'<' in an attribute value".into());
        }
        check_refs(v)?;
    }
    Ok(())
}

/// Every `&` starts one of the five predefined entities or a character
/// reference to a character XML allows.
fn check_refs(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let tail = &rest[at + 1..];
        let end = tail
            .find(';')
            .ok_or_else(|| format!("unterminated reference {:?}", &tail[..tail.len().min(12)]))?;
        let name = &tail[..end];
        let ok = match name {
            "amp" | "lt" | "gt" | "quot" | "apos" => true,
            _ => {
                let code = if let Some(h) = name.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = name.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).is_some_and(|c| {
                    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
                })
            }
        };
        if !ok {
            return Err(format!("reference &{name}; is not XML"));
        }
        rest = &tail[end + 1..];
    }
    Ok(())
}

/// Markdown rendered by pulldown-cmark, raw HTML passed through (what a
/// site generator with `unsafe` rendering on publishes).
pub fn render_markdown(md: &str) -> String {
    use pulldown_cmark::{Options as Md, Parser, html};
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, Md::ENABLE_TABLES));
    out
}

/// The YAML between the first two fence lines of a Markdown file, if it
/// starts with front matter.
pub fn front_matter_block(md: &str) -> Option<&str> {
    let rest = md.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[..end + 1])
}

/// Every string of a JSON value, keys included.
pub fn json_strings(v: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let mut out = Vec::new();
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => todo.extend(items),
            Value::Object(map) => {
                for (k, item) in map {
                    out.push(k.clone());
                    todo.push(item);
                }
            }
            _ => {}
        }
    }
    out
}
