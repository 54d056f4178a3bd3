//! The XHTML profile: which elements and attributes an EPUB 3 content
//! document may hold, and what the others become.
//!
//! The profile follows what epubcheck 5.3 validates (the HTML schema of
//! EPUB 3.3 §6.1.2 "XHTML requirements", which excludes the obsolete
//! features of HTML §16): obsolete elements are renamed to their modern
//! equivalent (`center` -> `div`, `strike` -> `s`, `tt` -> `code`,
//! `acronym` -> `abbr`, `dir`/`menu` -> `ul`, `xmp`/`listing`/`plaintext`
//! -> `pre`) or unwrapped (`font`, `big`, `blink`, `marquee`, `nobr`,
//! unknown elements) or dropped (`basefont`, `spacer`, `bgsound`, ...);
//! attributes are kept from an allowlist with their values checked; an
//! element that may hold only phrasing content but holds blocks is
//! unwrapped (inline) or written as a `div` (p, headings, pre).

use std::collections::HashSet;

use crate::html::elements::{is_block as is_flow, is_phrasing_block, is_phrasing_inline};
use crate::html::fragment::{Edge, Element, Fragment, Namespace, NodeData, NodeId};

/// What the XML flavour writes for an HTML element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The element, under this name.
    Keep(&'static str),
    /// Its content only.
    Unwrap,
    /// Nothing: neither the element nor its content.
    Drop,
}

/// Elements of HTML that an EPUB 3 content document may hold, written as
/// they are (the sanitizer has already removed scripting and forms):
/// `name` itself, as a `'static` str. One `match`, which the compiler
/// turns into a length-then-bytes decision: searching a list of the names
/// was 2 % of a three-format run.
fn kept(name: &str) -> Option<&'static str> {
    macro_rules! names {
        ($($n:literal,)*) => {
            match name {
                $($n => Some($n),)*
                _ => None,
            }
        };
    }
    names!(
        "a",
        "abbr",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    )
}

/// Obsolete or restricted elements and the element that says the same
/// (HTML §16.2 "Non-conforming features" names most of these). Sorted by
/// the obsolete name.
const RENAMED: &[(&str, &str)] = &[
    ("acronym", "abbr"),
    ("address", "div"),
    ("center", "div"),
    ("dialog", "div"),
    ("dir", "ul"),
    ("fieldset", "div"),
    ("footer", "div"),
    ("header", "div"),
    ("hgroup", "div"),
    ("legend", "div"),
    ("listing", "pre"),
    ("main", "div"),
    ("menu", "ul"),
    ("multicol", "div"),
    ("plaintext", "pre"),
    ("search", "div"),
    ("strike", "s"),
    ("tt", "code"),
    ("xmp", "pre"),
];

/// Elements dropped: they show nothing by themselves.
const DROPPED: &[&str] = &[
    "area", "basefont", "bgsound", "isindex", "menuitem", "nextid", "spacer",
];

/// What the profile needs to know about the tree before writing it,
/// found in one walk so that no decision rescans siblings or subtrees
/// (a `dl` of 100,000 items is decided once, not once per item).
pub struct Shape {
    /// Per node: its subtree holds an element that needs a flow context.
    has_flow: Vec<bool>,
    /// Per node: a `dl` of the right shape, a `figcaption` in its place, a
    /// `summary` first in its `details`.
    well_placed: Vec<bool>,
}

impl Shape {
    pub fn new(f: &Fragment) -> Shape {
        let mut has_flow = vec![false; f.len()];
        let mut well_placed = vec![false; f.len()];
        for edge in f.edges(f.root()) {
            match edge {
                Edge::Open(n) => {
                    let Some(e) = f.element(n).filter(|e| e.namespace == Namespace::Html) else {
                        continue;
                    };
                    if e.is("dl") {
                        well_placed[n.index()] = is_valid_dl(f, n);
                    } else if e.is("figure") {
                        if let Some(c) = f.children(n).find(|&c| f.is(c, "figcaption")) {
                            well_placed[c.index()] = is_placed_caption(f, n, c);
                        }
                    } else if e.is("details")
                        && let Some(c) = f.children(n).find(|&c| f.element(c).is_some())
                        && f.is(c, "summary")
                    {
                        well_placed[c.index()] = true;
                    }
                }
                Edge::Close(n) => {
                    let flow = has_flow[n.index()]
                        || f.element(n)
                            .is_some_and(|e| e.namespace == Namespace::Html && is_flow(&e.name));
                    if let Some(p) = f.parent(n) {
                        has_flow[p.index()] |= flow;
                    }
                }
            }
        }
        Shape {
            has_flow,
            well_placed,
        }
    }

    fn has_flow(&self, n: NodeId) -> bool {
        self.has_flow.get(n.index()).copied().unwrap_or(false)
    }

    fn well_placed(&self, n: NodeId) -> bool {
        self.well_placed.get(n.index()).copied().unwrap_or(false)
    }
}

/// What the XML flavour writes for the HTML element `e` at `n`.
pub fn action(f: &Fragment, n: NodeId, e: &Element, shape: &Shape) -> Action {
    let name = e.name.as_str();
    let has_flow = shape.has_flow(n);
    if has_flow && is_phrasing_block(name) {
        return Action::Keep("div");
    }
    if has_flow && is_phrasing_inline(name) {
        return Action::Unwrap;
    }
    let parent = f.parent(n).and_then(|p| f.element(p).map(|pe| (p, pe)));
    let parent_is = |names: &[&str]| {
        parent.is_some_and(|(_, pe)| {
            pe.namespace == Namespace::Html && names.contains(&pe.name.as_str())
        })
    };
    match name {
        "li" if !parent_is(&["ul", "ol", "menu", "dir"]) => return Action::Keep("div"),
        "dl" if !shape.well_placed(n) => return Action::Keep("div"),
        "dt" | "dd" if !parent.is_some_and(|(p, pe)| pe.is("dl") && shape.well_placed(p)) => {
            return Action::Keep("div");
        }
        "figcaption" | "summary" if !shape.well_placed(n) => return Action::Keep("div"),
        "caption" if !parent_is(&["table"]) => return Action::Keep("div"),
        "rp" | "rt" if !parent_is(&["ruby"]) => return Action::Unwrap,
        "source" | "track" if !parent_is(&["audio", "video"]) => return Action::Drop,
        "bdo" if attribute("bdo", "dir", e.attr("dir").unwrap_or_default()).is_none() => {
            return Action::Unwrap;
        }
        "data" if e.attr("value").is_none() => return Action::Unwrap,
        "time" if e.attr("datetime").and_then(valid_datetime).is_none() => {
            return Action::Unwrap;
        }
        _ => {}
    }
    if let Some(keep) = kept(name) {
        return Action::Keep(keep);
    }
    if let Ok(i) = RENAMED.binary_search_by(|&(from, _)| from.cmp(name)) {
        return Action::Keep(RENAMED[i].1);
    }
    if DROPPED.contains(&name) {
        // `<spacer>` is not void to a parser: what follows it is its
        // content, and stays.
        return if f.first_child(n).is_none() {
            Action::Drop
        } else {
            Action::Unwrap
        };
    }
    // font, big, blink, marquee, nobr, rb, rtc, picture, label, map,
    // canvas, meter, progress, slot, custom and unknown elements: the
    // content says what there is to say.
    Action::Unwrap
}

/// The figure's first `figcaption` is in place when it is the first or
/// last element of the figure (HTML §4.4.13); later ones never are.
fn is_placed_caption(f: &Fragment, figure: NodeId, caption: NodeId) -> bool {
    let elements = || f.children(figure).filter(|&c| f.element(c).is_some());
    elements().next() == Some(caption) || elements().last() == Some(caption)
}

/// A `dl` of `dt` and `dd` only, starting with a `dt` and ending with a
/// `dd` (HTML §4.4.9); any other is written as a `div`.
fn is_valid_dl(f: &Fragment, dl: NodeId) -> bool {
    let mut names = Vec::new();
    for c in f.children(dl) {
        match f.data(c) {
            NodeData::Element(e) if e.is("dt") || e.is("dd") => names.push(e.name.as_str()),
            NodeData::Element(_) => return false,
            NodeData::Text(t) if !t.trim().is_empty() => return false,
            _ => {}
        }
    }
    names.first() == Some(&"dt") && names.last() == Some(&"dd")
}

/// Whether `n` is content of a list that is not an `li`, so that it is
/// written inside an `li` the writer adds (HTML §4.4.5: `ul` holds only
/// `li`). Runs of such nodes share one `li`.
fn needs_list_item(f: &Fragment, n: NodeId) -> bool {
    let in_list = f.parent(n).and_then(|p| f.element(p)).is_some_and(|p| {
        p.namespace == Namespace::Html && matches!(p.name.as_str(), "ul" | "ol" | "menu" | "dir")
    });
    in_list
        && match f.data(n) {
            NodeData::Element(e) => !e.is("li"),
            NodeData::Text(t) => !t.trim().is_empty(),
            _ => false,
        }
}

/// Whether a node counts for list-item runs (white space and markers do not).
fn significant(f: &Fragment, n: NodeId) -> bool {
    match f.data(n) {
        NodeData::Element(_) => true,
        NodeData::Text(t) => !t.trim().is_empty(),
        _ => false,
    }
}

/// Whether an added `li` opens before `n`.
pub fn opens_list_item(f: &Fragment, n: NodeId) -> bool {
    needs_list_item(f, n)
        && !std::iter::successors(f.prev_sibling(n), |&s| f.prev_sibling(s))
            .find(|&s| significant(f, s))
            .is_some_and(|s| needs_list_item(f, s))
}

/// Whether an added `li` closes after `n`.
pub fn closes_list_item(f: &Fragment, n: NodeId) -> bool {
    needs_list_item(f, n)
        && !std::iter::successors(f.next_sibling(n), |&s| f.next_sibling(s))
            .find(|&s| significant(f, s))
            .is_some_and(|s| needs_list_item(f, s))
}

/// The value an attribute is written with on the element written as
/// `element`, or `None` when it is left out: outside the allowlist, or a
/// value the schema would refuse. `id` is the writer's (see [`unique_id`]).
pub fn attribute(element: &str, name: &str, value: &str) -> Option<String> {
    let v = value.trim();
    let int = |min: i64, max: i64| {
        v.parse::<i64>()
            .ok()
            .filter(|n| {
                (min..=max).contains(n) && v.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            })
            .map(|n| n.to_string())
    };
    let one_of = |allowed: &[&str]| {
        let lower = v.to_ascii_lowercase();
        allowed.contains(&lower.as_str()).then_some(lower)
    };
    match (element, name) {
        (_, "title") => Some(value.to_owned()),
        (_, "class") => {
            let c = v.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
            (!c.is_empty()).then_some(c)
        }
        (_, "lang") => crate::lang::normalize(v),
        (_, "dir") => one_of(&["ltr", "rtl", "auto"]),
        ("a", "href") => Some(v.to_owned()),
        ("a", "hreflang") => crate::lang::normalize(v),
        ("img", "width" | "height") => int(0, 100_000),
        ("blockquote" | "q" | "del" | "ins", "cite") if !v.is_empty() => Some(v.to_owned()),
        ("del" | "ins" | "time", "datetime") => valid_datetime(v).map(str::to_owned),
        ("ol", "start") => int(-1_000_000, 1_000_000),
        ("ol", "reversed") => Some("reversed".into()),
        ("details", "open") => Some("open".into()),
        ("ol", "type") => ["1", "a", "A", "i", "I"].contains(&v).then(|| v.to_owned()),
        ("td" | "th", "colspan") => int(1, 1000),
        ("td" | "th", "rowspan") => int(0, 65534),
        ("th", "scope") => one_of(&["row", "col", "rowgroup", "colgroup"]),
        ("col" | "colgroup", "span") => int(1, 1000),
        ("audio" | "video" | "source" | "track", "src") if !v.is_empty() => Some(v.to_owned()),
        ("video", "poster") if !v.is_empty() => Some(v.to_owned()),
        ("audio" | "video", "controls" | "loop" | "muted") => Some(name.to_owned()),
        ("track", "kind") => one_of(&[
            "subtitles",
            "captions",
            "descriptions",
            "chapters",
            "metadata",
        ]),
        ("track", "srclang") => crate::lang::normalize(v),
        ("track", "label") => Some(value.to_owned()),
        ("data", "value") => Some(value.to_owned()),
        _ => None,
    }
}

/// A valid HTML date, time or date-time string, in the forms WordPress and
/// people write (HTML §2.3.5): `2019-03-04`, `2019-03`, `2019`,
/// `2019-03-04T10:20[:30[.5]]` with or without a zone, `10:20`.
pub fn valid_datetime(v: &str) -> Option<&str> {
    let v = v.trim();
    let ok = v.parse::<jiff::civil::Date>().is_ok()
        || v.parse::<jiff::civil::DateTime>().is_ok()
        || v.parse::<jiff::Timestamp>().is_ok()
        || v.parse::<jiff::civil::Time>().is_ok()
        || (v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()))
        || (v.len() == 7 && format!("{v}-01").parse::<jiff::civil::Date>().is_ok());
    (ok && !v.contains(' ')).then_some(v)
}

/// A unique XML name (an NCName, XML Namespaces §3) for an id: characters
/// a name cannot hold become `-`, a name that cannot start as it does gets
/// `id-` before it, and a taken one gets `-2`, `-3`, ... after it.
pub fn unique_id(given: &str, taken: &mut HashSet<String>) -> String {
    let mut base: String = given
        .chars()
        .map(|c| if is_name_char(c) && c != ':' { c } else { '-' })
        .collect();
    if !base
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        base.insert_str(0, "id-");
    }
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}')
}

/// A URL as a content document may hold it: surrounding white space
/// trimmed, and the characters the URL Standard calls invalid
/// percent-encoded (spaces, quotes, `<>`, `\`, `^`, `` ` ``, `{|}`,
/// controls, a second `#`, a `%` not followed by two hex digits).
/// Non-ASCII letters stay: an IRI is fine in XML.
pub fn clean_url(url: &str) -> String {
    let url = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut seen_hash = false;
    let mut buf = [0u8; 4];
    for (i, c) in url.char_indices() {
        let escape = match c {
            '%' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            '#' => std::mem::replace(&mut seen_hash, true),
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => true,
            c => c.is_control() || c.is_whitespace(),
        };
        if escape {
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`action`] finds an obsolete name by binary search: one added out
    /// of order would be unwrapped instead of renamed.
    #[test]
    fn the_renamed_list_is_sorted() {
        assert!(RENAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
