//! Residue: what WordPress leaves in a body that is not content.
//!
//! - `<!--more-->` (with or without custom text: WordPress matches
//!   `<!--more(.*?)?-->`) and `<span id="more-N"></span>` (what
//!   `the_content()` leaves in feeds and mirrors) become one
//!   [`Marker::More`], the first of them only (a post has one excerpt);
//!   `<!--nextpage-->` becomes [`Marker::NextPage`], and a post with page
//!   breaks gets one warning saying how many pages it has (no format has
//!   pages: they are written one after another).
//! - Every other comment goes.
//! - Paragraphs with nothing but white space, `&nbsp;` and `<br>` go (the
//!   classic editor leaves `<p>&nbsp;</p>` as spacing).
//! - A `<br>` at the edge of a line box goes: at the start or end of a
//!   block (a paragraph, caption, list item, cell, heading, quote), or
//!   next to a block, with only white space and the edges of inline
//!   elements (`cite`, `a`, `em`) between: such a break adds no line.
//!   wpautop leaves one wherever a shortcode that becomes a block
//!   (`[caption]`) follows a line of text without a blank line:
//!   `<p>text<br />\n[caption]...</p>`, which the figure splits; the block
//!   editor leaves one at the end of a quote's `<cite>` or a button's text.
//! - A self-closing block comment (`<!-- wp:rss {...} /-->`) is a dynamic
//!   block, rendered by WordPress at view time: what it links to is kept
//!   (social and navigation links as a list of links, a feed or an embed as
//!   a link); the others are named in one warning per document.
//! - Containers, lists, `dt`/`dd` and inline elements left with no content
//!   at all go (an empty caption's `<dl><dt></dt></dl>`, the empty `<div>`s
//!   and `<ul>`s a poll, an ad script or a dynamic block
//!   would have filled, `<a name>`
//!   anchors nothing links to, a cover block's dimming `<span>`); an inline
//!   element holding only white space is replaced by its white space.

use crate::html::fragment::{Element, Fragment, Marker, NodeData, NodeId};

use super::Context;

/// The residue pass.
pub fn run(f: &mut Fragment, cx: &mut Context) {
    let nodes: Vec<NodeId> = f.descendants(f.root()).collect();
    let mut dynamic = Dynamic::default();
    // Whether the excerpt marker is placed; how many pages the breaks make.
    let mut more = false;
    let mut pages = 1;
    for id in nodes {
        if let NodeData::Comment(text) = f.data(id)
            && let Some((name, attrs)) = self_closing_block(text)
        {
            dynamic.render(f, id, &name, &attrs);
            f.detach(id);
            continue;
        }
        let marker = match f.data(id) {
            NodeData::Comment(text) => marker_of_comment(text),
            NodeData::Element(e) if e.is("span") && e.attr("id").is_some_and(is_more_id) => {
                if f.text_content(id).trim().is_empty() {
                    Some(Marker::More)
                } else {
                    None
                }
            }
            _ => continue,
        };
        match marker {
            Some(m) => {
                let node = f.create(NodeData::Marker(m));
                f.insert_before(id, node);
                f.detach(id);
                lift_out_of_paragraph(f, node);
                match m {
                    // WordPress splits a post at its first `<!--more-->`
                    // only (`get_extended()`, and `get_the_content()`'s
                    // `explode(..., 2)`); a later one stays an inert
                    // comment. A feed or a rendered export writes the
                    // first as `<span id="more-N">`, so a `<!--more-->`
                    // after that span is such a later one: one excerpt.
                    Marker::More if more => f.detach(node),
                    Marker::More => more = true,
                    Marker::NextPage => pages += 1,
                }
            }
            None => {
                if matches!(f.data(id), NodeData::Comment(_)) {
                    f.detach(id);
                }
            }
        }
    }
    if pages > 1 {
        cx.warnings.push(format!(
            "the post has {pages} pages (<!--nextpage-->); they are written one after another, separated"
        ));
    }
    if !dynamic.left_out.is_empty() {
        cx.warnings.push(format!(
            "dynamic blocks left out (rendered by WordPress at view time): {}",
            dynamic.left_out.join(", ")
        ));
    }
    drop_empty_elements(f);
    drop_edge_breaks(f);
    tidy_no_break_spaces(f);
}

/// The name (without `core/`) and the JSON attributes of a self-closing
/// block comment, `wp:rss {"feedURL":"..."} /`: a dynamic block, which
/// WordPress renders at view time and the export holds no HTML for.
fn self_closing_block(text: &str) -> Option<(String, serde_json::Map<String, serde_json::Value>)> {
    let t = text.trim().strip_prefix("wp:")?.strip_suffix('/')?.trim();
    let (name, json) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let name = name.strip_prefix("core/").unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    let attrs = match serde_json::from_str(json.trim()) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    Some((name.to_owned(), attrs))
}

/// What the dynamic blocks of one document became.
#[derive(Default)]
struct Dynamic {
    /// The lists made for links that stand outside one, to add to.
    lists: std::collections::HashSet<NodeId>,
    /// The blocks left out, by name, in order of appearance.
    left_out: Vec<String>,
}

impl Dynamic {
    /// Puts what the block at `at` links to before it: social and
    /// navigation links become list items (the list is the block's own
    /// `<ul>`, or one made for them), a feed or an embed a paragraph with
    /// its link. Any other block is named in the warning.
    fn render(
        &mut self,
        f: &mut Fragment,
        at: NodeId,
        name: &str,
        attrs: &serde_json::Map<String, serde_json::Value>,
    ) {
        let get = |k: &str| {
            attrs
                .get(k)
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let item = match name {
            "social-link" => get("url").map(|u| {
                (
                    u,
                    get("label")
                        .map_or_else(|| service_name(get("service").unwrap_or(u)), str::to_owned),
                )
            }),
            "navigation-link" | "navigation-submenu" => {
                get("url").map(|u| (u, get("label").unwrap_or(u).to_owned()))
            }
            _ => None,
        };
        if let Some((url, label)) = item {
            let li = f.create(NodeData::Element(Element::html("li")));
            let a = link(f, url, &label);
            f.append(li, a);
            let parent = f.parent(at).filter(|&p| f.is(p, "ul") || f.is(p, "ol"));
            if parent.is_some() {
                f.insert_before(at, li);
                return;
            }
            let mut prev = f.prev_sibling(at);
            while let Some(p) = prev.filter(|&p| {
                f.text(p).is_some_and(|t| t.trim().is_empty())
                    || matches!(f.data(p), NodeData::Comment(_))
            }) {
                prev = f.prev_sibling(p);
            }
            let list = match prev.filter(|p| self.lists.contains(p)) {
                Some(list) => list,
                None => {
                    let list = f.create(NodeData::Element(Element::html("ul")));
                    f.insert_before(at, list);
                    self.lists.insert(list);
                    list
                }
            };
            f.append(list, li);
            return;
        }
        let url = match name {
            "rss" => get("feedURL"),
            "embed" => get("url"),
            _ => None,
        };
        if let Some(url) = url {
            let p = f.create(NodeData::Element(Element::html("p")));
            let a = link(f, url, url);
            f.append(p, a);
            f.insert_before(at, p);
        } else {
            // `wp:block {"ref":N}` is a reusable block: its content is a
            // post of its own (`wp_block`), not in this one.
            let name = if name == "block" {
                "block (reusable)"
            } else {
                name
            };
            if !self.left_out.iter().any(|n| n == name) {
                self.left_out.push(name.to_owned());
            }
        }
    }
}

fn link(f: &mut Fragment, url: &str, label: &str) -> NodeId {
    let mut e = Element::html("a");
    e.set_attr("href", url);
    let a = f.create(NodeData::Element(e));
    f.append_text(a, label);
    a
}

/// A social link's label: the service as its owner spells it.
fn service_name(service: &str) -> String {
    match service {
        "wordpress" => "WordPress".into(),
        "github" => "GitHub".into(),
        "youtube" => "YouTube".into(),
        "linkedin" => "LinkedIn".into(),
        "tiktok" => "TikTok".into(),
        "deviantart" => "DeviantArt".into(),
        "soundcloud" => "SoundCloud".into(),
        "whatsapp" => "WhatsApp".into(),
        "x" => "X".into(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// The no-break spaces editors leave behind (TinyMCE writes `&nbsp;` for a
/// second space, and at the end of a paragraph typed with a trailing
/// space): one beside an ordinary space becomes a space, and those ending
/// a block go. One between two words (`10&nbsp;km`) is meant, and stays,
/// as do those that indent a line (after a newline) and everything inside
/// `pre` and `code`.
fn tidy_no_break_spaces(f: &mut Fragment) {
    const NBSP: char = '\u{a0}';
    let texts: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.text(n).is_some_and(|t| t.contains(NBSP)))
        .collect();
    for n in texts {
        if f.ancestors(n)
            .any(|a| f.is(a, "pre") || f.is(a, "code") || f.is(a, "textarea"))
        {
            continue;
        }
        let ends_block = f.next_sibling(n).is_none()
            && f.parent(n)
                .and_then(|p| f.element(p))
                .is_some_and(|e| is_line_box(&e.name));
        let NodeData::Text(t) = f.data_mut(n) else {
            continue;
        };
        let chars: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        for (i, &c) in chars.iter().enumerate() {
            let beside = |j: Option<usize>, newline: bool| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|&d| d == ' ' || d == '\t' || newline && d == '\n')
            };
            // After a newline, no-break spaces indent a line (a verse's,
            // once a hard break is written as `<br />\n`): they stay.
            if c == NBSP && (beside(i.checked_sub(1), false) || beside(Some(i + 1), true)) {
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        if ends_block {
            let kept = out.trim_end_matches([NBSP, ' ', '\n', '\t']).len();
            // Trailing no-break spaces only: ordinary trailing space is the
            // writers' business.
            if out[kept..].contains(NBSP) {
                out.truncate(kept);
            }
        }
        *t = out;
    }
}

/// Removes the `<br>`s that start or end a line box: with nothing but
/// white space (and the edges of inline elements) between them and the
/// start or end of a block, or a block beside them. Such a break adds no
/// line of text: `<p>a<br></p>`, `<cite>Team<br></cite>` at the end of a
/// quote, `<a>Left aligned<br></a>` before the next block (a button block),
/// `<li><br>item</li>`; a paragraph of nothing but breaks is gone already.
/// A break between two pieces of text stays, and so does every break in
/// `<pre>` (it is a newline there). (An embed block's caption typed with a
/// trailing Shift+Enter comes as `<figcaption>YouTube<br></figcaption>`.)
fn drop_edge_breaks(f: &mut Fragment) {
    let breaks: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "br") && !f.ancestors(n).any(|a| f.is(a, "pre")))
        .collect();
    // Last first, so that a run of breaks at an edge goes together.
    for &br in breaks.iter().rev() {
        if at_edge(f, br, Fragment::next_sibling) {
            drop_space_beside(f, br, Fragment::next_sibling);
            f.detach(br);
        }
    }
    for &br in &breaks {
        if f.parent(br).is_some() && at_edge(f, br, Fragment::prev_sibling) {
            drop_space_beside(f, br, Fragment::prev_sibling);
            f.detach(br);
        }
    }
}

/// Whether, walking from `br` by `step`, only white space and the edges of
/// inline elements come before the edge of a block or a block.
fn at_edge(f: &Fragment, br: NodeId, step: fn(&Fragment, NodeId) -> Option<NodeId>) -> bool {
    let mut at = br;
    loop {
        let mut n = step(f, at);
        while let Some(x) = n {
            match f.data(x) {
                NodeData::Text(t) if t.trim().is_empty() => {}
                NodeData::Comment(_) => {}
                NodeData::Marker(_) => return true,
                NodeData::Element(e) => return is_line_box(&e.name) || e.is("hr"),
                _ => return false,
            }
            n = step(f, x);
        }
        match f.parent(at) {
            Some(p) if f.element(p).is_some_and(|e| !is_line_box(&e.name)) => at = p,
            // The edge of a block, or of the body.
            Some(_) => return true,
            None => return false,
        }
    }
}

/// Elements whose edges end a line: blocks, and the table's parts.
fn is_line_box(name: &str) -> bool {
    crate::html::elements::is_block(name)
        || matches!(
            name,
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "summary"
        )
}

/// Removes the white-space text siblings of `n` on the `step` side.
fn drop_space_beside(f: &mut Fragment, n: NodeId, step: fn(&Fragment, NodeId) -> Option<NodeId>) {
    while let Some(s) = step(f, n).filter(|&s| f.text(s).is_some_and(|t| t.trim().is_empty())) {
        f.detach(s);
    }
}

/// Elements that mean nothing without content.
const EMPTY_DROPPABLE: &[&str] = &[
    "p",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "figure",
    "blockquote",
    "div",
    "section",
    "article",
    "aside",
    "span",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "small",
    "font",
    "big",
    "center",
    "ins",
    "mark",
    "sup",
    "sub",
    "label",
    "header",
    "footer",
    "nav",
];

fn drop_empty_elements(f: &mut Fragment) {
    let targets: std::collections::HashSet<String> = f
        .descendants(f.root())
        .filter_map(|n| f.element(n).and_then(|e| e.attr("href")))
        .filter_map(|h| h.strip_prefix('#'))
        .map(str::to_owned)
        .collect();
    // Children before parents, so that nested empties go together.
    let candidates: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| {
            f.element(n).is_some_and(|e| {
                e.namespace == crate::html::fragment::Namespace::Html
                    && EMPTY_DROPPABLE.contains(&e.name.as_str())
            })
        })
        .collect();
    for id in candidates.into_iter().rev() {
        if f.is(id, "p") {
            if is_empty_paragraph(f, id) {
                f.detach(id);
            }
            continue;
        }
        let Some(e) = f.element(id) else { continue };
        if e.attr("id")
            .or(e.attr("name"))
            .is_some_and(|i| targets.contains(i))
        {
            continue;
        }
        let mut only_space = true;
        let mut any_text = false;
        for n in f.descendants(id).skip(1) {
            match f.data(n) {
                NodeData::Text(t) => {
                    any_text |= !t.is_empty();
                    if !t.chars().all(char::is_whitespace) {
                        only_space = false;
                        break;
                    }
                }
                NodeData::Element(_) | NodeData::Marker(_) => {
                    only_space = false;
                    break;
                }
                NodeData::Comment(_) | NodeData::Root => {}
            }
        }
        if !only_space {
            continue;
        }
        let is_block = matches!(
            e.name.as_str(),
            "div"
                | "section"
                | "article"
                | "aside"
                | "header"
                | "footer"
                | "nav"
                | "center"
                | "ul"
                | "ol"
                | "dl"
                | "dt"
                | "dd"
                | "table"
                | "figure"
                | "blockquote"
        );
        if any_text && !is_block {
            f.unwrap(id);
        } else {
            f.detach(id);
        }
    }
}

/// Removes every comment left, whatever rules are on: writers never see one.
pub fn drop_comments(f: &mut Fragment) {
    let comments: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| matches!(f.data(n), NodeData::Comment(_)))
        .collect();
    for c in comments {
        f.detach(c);
    }
}

fn marker_of_comment(text: &str) -> Option<Marker> {
    let t = text.trim();
    let word_end = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    if let Some(rest) = t.strip_prefix("more") {
        return word_end(rest).then_some(Marker::More);
    }
    if let Some(rest) = t.strip_prefix("nextpage") {
        return word_end(rest).then_some(Marker::NextPage);
    }
    None
}

fn is_more_id(id: &str) -> bool {
    id.strip_prefix("more-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A marker that opens or closes a paragraph is moved out of it, so that it
/// stands between blocks; a paragraph left empty goes.
fn lift_out_of_paragraph(f: &mut Fragment, marker: NodeId) {
    let Some(p) = f.parent(marker).filter(|&p| f.is(p, "p")) else {
        return;
    };
    let blank = |f: &Fragment, n: Option<NodeId>| {
        n.is_none_or(|n| f.text(n).is_some_and(|t| t.trim().is_empty()))
    };
    let at_start = f
        .children(p)
        .take_while(|&c| c != marker)
        .all(|c| blank(f, Some(c)));
    let at_end = {
        let mut after = f.next_sibling(marker);
        let mut all_blank = true;
        while let Some(n) = after {
            if !blank(f, Some(n)) {
                all_blank = false;
                break;
            }
            after = f.next_sibling(n);
        }
        all_blank
    };
    if at_start {
        f.detach(marker);
        f.insert_before(p, marker);
    } else if at_end {
        f.detach(marker);
        f.insert_after(p, marker);
    }
    if is_empty_paragraph(f, p) {
        f.detach(p);
    }
}

fn is_empty_paragraph(f: &Fragment, p: NodeId) -> bool {
    f.descendants(p).skip(1).all(|n| match f.data(n) {
        NodeData::Text(t) => t.chars().all(|c| c.is_whitespace() || c == '\u{a0}'),
        NodeData::Element(e) => e.is("br"),
        NodeData::Comment(_) => true,
        _ => false,
    })
}

/// The lol_html part: share buttons, related-post boxes, ads and tracking
/// pixels of common plugins go, with their content.
///
/// - containers by class: Jetpack `sharedaddy`/`sd-sharing-enabled`,
///   `jp-relatedposts`, AddToAny `addtoany_share_save_container`/`a2a_kit`,
///   WordAds `wpcnt`/`wordads-ad-wrapper`, AdSense `adsbygoogle`, and any
///   class token that names an ad (`ad`, `ads`, `advert*`, `ad-*`, `ads-*`,
///   `*-ad`, `*-ads`), unless a token names a disclaimer or disclosure;
/// - containers by id: `jp-relatedposts`, `jp-post-flair`;
/// - images of 1x1 pixel (`width="1" height="1"`) or from known trackers
///   (WordPress.com stats, Feedburner, Quantcast, Scorecard Research, the
///   Facebook pixel).
pub fn is_junk(el: &lol_html::html_content::Element<'_, '_>, name: &str, class: &str) -> bool {
    if name == "img" {
        return is_tracking_pixel(el);
    }
    if !matches!(
        name,
        "div" | "section" | "aside" | "span" | "ins" | "p" | "ul" | "nav"
    ) {
        return false;
    }
    if let Some(id) = el.get_attribute("id")
        && matches!(id.as_str(), "jp-relatedposts" | "jp-post-flair")
    {
        return true;
    }
    // Class tokens are compared ignoring ASCII case, without a lower-case
    // copy of each.
    let tokens = || class.split_ascii_whitespace().map(str::as_bytes);
    let contains = |c: &[u8], word: &str| {
        c.windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    let starts = |c: &[u8], word: &str| {
        c.get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    let ends = |c: &[u8], word: &str| {
        c.len() >= word.len() && c[c.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    // A disclaimer or disclosure (`ad-disclaimer-container` on 9to5Mac) is
    // text a reader is owed, such as the FTC's affiliate-link notice, even
    // when its class names an ad.
    if tokens().any(|c| contains(c, "disclaimer") || contains(c, "disclosure")) {
        return false;
    }
    tokens().any(|c| {
        JUNK_CLASSES
            .iter()
            .any(|j| c.eq_ignore_ascii_case(j.as_bytes()))
            || starts(c, "ad-")
            || starts(c, "ads-")
            || starts(c, "advert")
            || ends(c, "-ad")
            || ends(c, "-ads")
    })
}

/// Classes of share, like, related-post and ad boxes.
const JUNK_CLASSES: &[&str] = &[
    "sharedaddy",
    "sd-sharing-enabled",
    "sd-like",
    "jp-relatedposts",
    "addtoany_share_save_container",
    "a2a_kit",
    "wpcnt",
    "wordads-ad-wrapper",
    "adsbygoogle",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sharethis-inline-share-buttons",
    "social-share",
    "share-buttons",
];

fn is_tracking_pixel(el: &lol_html::html_content::Element<'_, '_>) -> bool {
    let dim = |a: &str| {
        el.get_attribute(a)
            .is_some_and(|v| matches!(v.trim(), "1" | "0" | "1px" | "0px"))
    };
    if dim("width") && dim("height") {
        return true;
    }
    let src = el
        .get_attribute("src")
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        "//stats.wordpress.com/",
        "//pixel.wp.com/",
        "//stats.wp.com/",
        "feeds.feedburner.com/~r/",
        "feeds.feedburner.com/~ff/",
        "//pixel.quantserve.com/",
        "scorecardresearch.com/p?",
        "//www.facebook.com/tr?",
        "//feeds.wordpress.com/1.0/",
    ]
    .iter()
    .any(|t| src.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_words() {
        assert_eq!(marker_of_comment("more"), Some(Marker::More));
        assert_eq!(
            marker_of_comment("more [CONTINUAR LENDO]"),
            Some(Marker::More)
        );
        assert_eq!(marker_of_comment(" nextpage "), Some(Marker::NextPage));
        assert_eq!(marker_of_comment("moreover"), None);
        assert_eq!(marker_of_comment("wp:more"), None);
        assert!(is_more_id("more-744667"));
        assert!(!is_more_id("more-"));
    }

    use super::super::rewritten_html as body;

    /// The markers of `html`'s Fragment, in order, and the rules' warnings.
    fn markers(html: &str) -> (Vec<Marker>, Vec<String>) {
        let r = crate::rewrite::rewrite(html, &Default::default()).unwrap();
        let f = &r.fragment;
        let found = f
            .descendants(f.root())
            .filter_map(|n| match f.data(n) {
                NodeData::Marker(m) => Some(*m),
                _ => None,
            })
            .collect();
        (found, r.warnings)
    }

    /// A 9to5Mac feed post writes its excerpt marker as the span; a
    /// `<!--more-->` after it was a second marker, which WordPress leaves
    /// as a comment.
    #[test]
    fn a_post_has_one_more_marker() {
        let html = "<p>Lead.</p>\n<p><span id=\"more-744667\"></span>\n</p>\n<p>Body.</p>\n<!--more-->\n<p>Rest <!--more [CONTINUAR LENDO]--> of it.</p>";
        assert_eq!(markers(html).0, [Marker::More]);
        assert_eq!(
            body(html),
            "<p>Lead.</p>\n\n<p>Body.</p>\n\n<p>Rest  of it.</p>"
        );
        // The first stays where it is, whichever form it has.
        assert_eq!(
            body("<p>a</p><!--more--><p>b</p><p><span id=\"more-1\"></span></p><p>c</p>"),
            body("<p>a</p><!--more--><p>b</p><p>c</p>")
        );
    }

    /// "Template: Paginated" of the theme unit test data has three pages.
    #[test]
    fn page_breaks_are_counted_in_one_warning() {
        let (found, warnings) = markers(
            "Post Page 1\n\n<!--nextpage-->\n\nPost Page 2\n\n<!--nextpage-->\n\nPost Page 3",
        );
        assert_eq!(found, [Marker::NextPage, Marker::NextPage]);
        assert_eq!(
            warnings,
            [
                "the post has 3 pages (<!--nextpage-->); they are written one after another, separated"
            ]
        );
        assert!(markers("<p>one page</p><!--more-->").1.is_empty());
    }

    /// "Markup: Image Alignment" of the theme unit test data: a line of
    /// text, then `[caption]` on the next line; wpautop gives the text a
    /// `<br />` and the figure ends the paragraph.
    #[test]
    fn a_break_that_ends_a_paragraph_goes() {
        assert_eq!(
            body("<p>content.<br />\n<figure><img src=\"a.jpg\" alt=\"\"></figure></p>"),
            "<p>content.</p><figure><img src=\"a.jpg\" alt=\"\"></figure>"
        );
        assert_eq!(body("<p>a<br> <br>\n</p>"), "<p>a</p>");
        assert_eq!(body("<p>a<br>b</p>"), "<p>a<br>b</p>");
        assert_eq!(body("<p><em>a<br></em></p>"), "<p><em>a</em></p>");
        assert_eq!(body("<p><em>a<br></em>b</p>"), "<p><em>a<br></em>b</p>");
    }

    /// "Block category: Embeds" of the theme unit test data.
    #[test]
    fn breaks_at_the_edges_of_a_caption_go() {
        assert_eq!(
            body(
                "<figure><img src=\"a.jpg\" alt=\"x\"><figcaption><br> Cap<br>tion <br>\n</figcaption></figure>"
            ),
            "<figure><img src=\"a.jpg\" alt=\"x\"><figcaption>Cap<br>tion</figcaption></figure>"
        );
    }

    /// "Block: Quote" of the theme unit test data: the block editor ends a
    /// quote's `cite` with a break; "Block: Button": a button without link.
    #[test]
    fn breaks_at_the_edges_of_a_line_go() {
        assert_eq!(
            body("<blockquote><p>q</p><cite>The Team<br></cite></blockquote>"),
            "<blockquote><p>q</p><cite>The Team</cite></blockquote>"
        );
        assert_eq!(
            body("<blockquote><p>q</p><cite><br><em>J</em><br></cite></blockquote>"),
            "<blockquote><p>q</p><cite><em>J</em></cite></blockquote>"
        );
        assert_eq!(
            body(
                "<ul><li><br>a<br>b<br></li></ul><table><tr><td>c<br></td></tr></table><h2>t<br></h2>"
            ),
            "<ul><li>a<br>b</li></ul><table><tbody><tr><td>c</td></tr></tbody></table><h2>t</h2>"
        );
        assert_eq!(body("<a>Left<br></a>\n<p>next</p>"), "Left\n<p>next</p>");
        assert_eq!(
            body("<p>a <cite>b<br></cite> c</p>"),
            "<p>a <cite>b<br></cite> c</p>"
        );
        assert_eq!(body("<pre>a<br></pre>"), "<pre>a\n</pre>");
    }

    /// "Post Format: Image" of the theme unit test data: a caption
    /// shortcode left with no image.
    #[test]
    fn an_empty_caption_goes() {
        assert_eq!(
            body(
                "<dl id=\"attachment_612\" class=\"wp-caption aligncenter\" style=\"width:650px;\"><dt class=\"wp-caption-dt\"></dt></dl>&nbsp;\n\n<p>b</p>"
            ),
            "<p>b</p>"
        );
    }

    /// "Social Icons", "Block: RSS" and the widget posts of the theme unit
    /// test data.
    #[test]
    fn dynamic_blocks_keep_their_links_and_say_what_is_left_out() {
        let html = "<!-- wp:social-links --><ul class=\"wp-block-social-links\"><!-- wp:social-link {\"url\":\"https://wordpress.org\",\"service\":\"wordpress\"} /--><!-- wp:social-link {\"url\":\"https://e.x/me\",\"service\":\"mastodon\",\"label\":\"Me\"} /--></ul><!-- /wp:social-links -->\
            <!-- wp:rss {\"feedURL\":\"https://make.wordpress.org/themes/feed/\"} /-->\
            <!-- wp:navigation-link {\"label\":\"Home\",\"url\":\"https://e.x/\"} /--><!-- wp:navigation-link {\"label\":\"About\",\"url\":\"https://e.x/about\"} /-->\
            <!-- wp:latest-posts {\"postsToShow\":3} /--><!-- wp:search {\"label\":\"Search\"} /--><!-- wp:latest-posts /-->";
        let r = crate::rewrite::rewrite(html, &Default::default()).unwrap();
        let out = crate::html::serialize::inner(&r.fragment, r.fragment.root());
        assert_eq!(
            out,
            "<ul><li><a href=\"https://wordpress.org\">WordPress</a></li><li><a href=\"https://e.x/me\">Me</a></li></ul><p><a href=\"https://make.wordpress.org/themes/feed/\">https://make.wordpress.org/themes/feed/</a></p><ul><li><a href=\"https://e.x/\">Home</a></li><li><a href=\"https://e.x/about\">About</a></li></ul>"
        );
        assert_eq!(
            r.warnings,
            ["dynamic blocks left out (rendered by WordPress at view time): latest-posts, search"]
        );
        let r = crate::rewrite::rewrite(
            "<p>a</p><!-- wp:block {\"ref\":12} /--><!-- wp:social-link {\"url\":\"javascript:alert(1)\",\"service\":\"x\"} /-->",
            &Default::default(),
        )
        .unwrap();
        let out = crate::html::serialize::inner(&r.fragment, r.fragment.root());
        assert!(!out.contains("javascript"), "{out}");
        assert_eq!(
            r.warnings,
            ["dynamic blocks left out (rendered by WordPress at view time): block (reusable)"]
        );
    }

    /// The 9to5Mac posts of rss-hexo-posts: the FTC affiliate disclosure
    /// sits in `div.ad-disclaimer-container`, which named an ad.
    #[test]
    fn disclosures_are_not_ads() {
        assert_eq!(
            body(
                "<div class=\"ad-disclaimer-container\"><p class=\"disclaimer-affiliate\"><em>FTC: We use income earning auto affiliate links.</em> <a href=\"https://e.x/about/#affiliate\">More.</a></p></div><div class=\"ad-disclosure\"><p>Sponsored.</p></div><div class=\"ad-slot\"><p>Buy</p></div>"
            ),
            "<p><em>FTC: We use income earning auto affiliate links.</em> <a href=\"https://e.x/about/#affiliate\">More.</a></p><p>Sponsored.</p>"
        );
    }
}

#[cfg(test)]
mod no_break_space_tests {
    use crate::{Format, Options, convert};

    fn md(html: &str) -> String {
        let out = convert(html, &[Format::Markdown], &Options::default()).unwrap();
        out.get(Format::Markdown).unwrap().to_owned()
    }

    #[test]
    fn stray_no_break_spaces_go_and_meant_ones_stay() {
        assert_eq!(
            md("<p>say:&nbsp; It is 10&nbsp;km, done.&nbsp;</p>"),
            "say: It is 10&nbsp;km, done.\n"
        );
        assert_eq!(md("<ul><li>item&nbsp;&nbsp;</li></ul>"), "- item\n");
        assert_eq!(md("<h2>Title&nbsp;</h2>"), "## Title\n");
        // A verse's indented line, read back from its Markdown.
        assert_eq!(md("<p>a<br />\n&nbsp;&nbsp;b</p>"), "a\\\n&nbsp;&nbsp;b\n");
        // Inside code a no-break space is content.
        assert_eq!(md("<p><code>a&nbsp; b</code></p>"), "`a\u{a0} b`\n");
        assert_eq!(md("<pre>a&nbsp; b</pre>"), "```\na\u{a0} b\n```\n");
    }
}
