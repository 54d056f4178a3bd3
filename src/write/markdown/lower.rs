//! Hugo without raw HTML: the Fragment lowered to what the writer says in
//! Markdown syntax alone.
//!
//! Hugo 0.111's Goldmark (with `markup.goldmark.renderer.unsafe` off, the
//! default) omits every raw HTML block and inline tag and writes
//! `<!-- raw HTML omitted -->` instead, content included: a `<div>` line
//! around Markdown, an HTML table, a `<sub>`, all gone. So before writing
//! for that target, every element the writer would write as HTML is turned
//! into one it writes as Markdown, keeping the text and as much of the
//! meaning as Goldmark's default extensions can hold (docs/markdown.md,
//! "Dialects"):
//!
//! - containers (`div`, `section`, `details`, unknown elements) give their
//!   content, inline runs becoming paragraphs;
//! - inline elements without syntax give their text (`q` with its quotes,
//!   `kbd` as code, `del` as GFM strikethrough, `cite` as emphasis);
//! - tables become pipe tables (merged cells blank, block content joined
//!   on one line, a caption as the paragraph before), with a warning when
//!   structure was lost;
//! - `pre` is the code it shows; audio, video and frames are links;
//! - `<!--nextpage-->` is a thematic break.
//!
//! The pass works on a copy and walks it in reverse document order, so
//! every element is lowered after everything inside it.

use crate::html::fragment::{Element, Fragment, Marker, Namespace, NodeData, NodeId};

use super::{escape, html};

/// What the lowering had to give up, one line per kind of loss.
#[derive(Default)]
struct Losses {
    tables: Vec<String>,
    page_breaks: usize,
    lists: usize,
}

/// The Fragment with nothing left that needs raw HTML, and warnings for
/// what could not be kept.
pub(super) fn for_hugo(source: &Fragment) -> (Fragment, Vec<String>) {
    let mut f = source.clone();
    let mut losses = Losses::default();
    let nodes: Vec<NodeId> = f.descendants(f.root()).skip(1).collect();
    for &n in nodes.iter().rev() {
        match f.data(n) {
            NodeData::Marker(Marker::NextPage) => {
                losses.page_breaks += 1;
                if in_inline_context(&f, n) {
                    f.detach(n);
                } else {
                    let hr = f.create(NodeData::Element(Element::html("hr")));
                    f.insert_before(n, hr);
                    f.detach(n);
                }
            }
            // Writers never see comments (the residue rule's last step).
            NodeData::Comment(_) => f.detach(n),
            NodeData::Element(_) => lower_element(&mut f, n, &mut losses),
            _ => {}
        }
    }
    merge_text(&mut f);
    let mut warnings = Vec::new();
    for t in losses.tables {
        warnings.push(format!("Hugo Markdown: {t}"));
    }
    if losses.page_breaks > 0 {
        warnings.push(format!(
            "Hugo Markdown: {} page break(s) (<!--nextpage-->) written as thematic breaks; \
             Hugo has no paged posts",
            losses.page_breaks
        ));
    }
    if losses.lists > 0 {
        warnings.push(format!(
            "Hugo Markdown: {} list(s) numbered from 1 or in order (reversed or negative \
             numbering has no Markdown form)",
            losses.lists
        ));
    }
    (f, warnings)
}

/// Elements the writer says in Markdown syntax (once lowered).
fn kept_inline(name: &str) -> bool {
    matches!(
        name,
        "em" | "i" | "strong" | "b" | "a" | "img" | "br" | "code" | "del"
    )
}

/// Whether `n` is inside a paragraph-like element or an inline one, where
/// a block cannot go.
fn in_inline_context(f: &Fragment, n: NodeId) -> bool {
    f.ancestors(n).any(|a| {
        f.element(a).is_some_and(|e| {
            !html::is_block(e)
                || matches!(
                    e.name.as_str(),
                    "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "td" | "th" | "dt"
                )
        })
    })
}

fn set_attrs(f: &mut Fragment, n: NodeId, keep: &[&str]) {
    if let Some(e) = f.element_mut(n) {
        e.attrs.retain(|(k, _)| keep.contains(&k.as_str()));
    }
}

fn rename(f: &mut Fragment, n: NodeId, name: &str, keep: &[&str]) {
    if let Some(e) = f.element_mut(n) {
        e.name = name.into();
        e.namespace = Namespace::Html;
    }
    set_attrs(f, n, keep);
}

fn new_element(f: &mut Fragment, name: &str) -> NodeId {
    f.create(NodeData::Element(Element::html(name)))
}

fn new_text(f: &mut Fragment, t: &str) -> NodeId {
    f.create(NodeData::Text(t.to_owned()))
}

/// Replaces the children of `n` by one text node.
fn set_text(f: &mut Fragment, n: NodeId, t: &str) {
    while let Some(c) = f.first_child(n) {
        f.detach(c);
    }
    if !t.is_empty() {
        let tn = new_text(f, t);
        f.append(n, tn);
    }
}

/// Replaces `n` by a text node of its text.
fn replace_by_text(f: &mut Fragment, n: NodeId) {
    let t = f.text_content(n);
    if !t.is_empty() {
        let tn = new_text(f, &t);
        f.insert_before(n, tn);
    }
    f.detach(n);
}

fn has_block_child(f: &Fragment, n: NodeId) -> bool {
    f.children(n).any(|c| html::is_block_node(f, c))
}

/// Replaces a container by its content: runs of inline content between
/// its blocks become paragraphs, so that two `<div>`s of text stay two
/// paragraphs rather than running together.
fn unwrap_block(f: &mut Fragment, n: NodeId) {
    let kids: Vec<NodeId> = f.children(n).collect();
    let mut run: Vec<NodeId> = Vec::new();
    let flush = |f: &mut Fragment, run: &mut Vec<NodeId>| {
        let visible = run.iter().any(|&c| match f.data(c) {
            NodeData::Text(t) => !t.trim().is_empty(),
            NodeData::Element(e) => !e.is("br"),
            _ => false,
        });
        if visible {
            let p = new_element(f, "p");
            f.insert_before(run[0], p);
            for &c in run.iter() {
                f.detach(c);
                f.append(p, c);
            }
        }
        run.clear();
    };
    let wrap_runs = has_block_child(f, n) || html::is_block_node(f, n);
    for c in kids {
        let inline = match f.data(c) {
            NodeData::Text(_) => true,
            NodeData::Element(e) => !html::is_block(e),
            _ => false,
        };
        if inline && wrap_runs && !in_inline_context(f, n) {
            run.push(c);
        } else {
            flush(f, &mut run);
        }
    }
    flush(f, &mut run);
    f.unwrap(n);
}

/// Puts the block content inside `n` on one line: every block below it is
/// replaced by its content, with ` · ` between blocks that follow
/// something, and a `<hr>` goes.
fn flatten(f: &mut Fragment, n: NodeId) -> bool {
    let blocks: Vec<NodeId> = f
        .descendants(n)
        .skip(1)
        .filter(|&d| html::is_block_node(f, d))
        .collect();
    let any = !blocks.is_empty();
    for &b in blocks.iter().rev() {
        if f.is(b, "hr") {
            f.detach(b);
            continue;
        }
        let after_something = f.prev_sibling(b).is_some_and(|p| match f.data(p) {
            NodeData::Text(t) => !t.trim().is_empty(),
            _ => true,
        });
        let before_something = f.next_sibling(b).is_some_and(|p| match f.data(p) {
            NodeData::Text(t) => !t.trim().is_empty(),
            _ => true,
        });
        if after_something {
            let sep = new_text(f, " · ");
            f.insert_before(b, sep);
        }
        if before_something {
            let sep = new_text(f, " ");
            f.insert_after(b, sep);
        }
        f.unwrap(b);
    }
    any
}

/// The language of a code block, from `language-x` or `lang-x` classes on
/// the `pre` or its `code`, or a `lang` attribute naming a programming
/// language (WP-Syntax's `<pre lang="php">`).
fn code_language(f: &Fragment, pre: NodeId) -> Option<String> {
    let mut els: Vec<&Element> = f.element(pre).into_iter().collect();
    if let Some(c) = f.first_child(pre).and_then(|c| f.element(c))
        && c.is("code")
    {
        els.push(c);
    }
    for e in &els {
        if let Some(class) = e.attr("class") {
            for c in class.split_ascii_whitespace() {
                if let Some(l) = c
                    .strip_prefix("language-")
                    .or_else(|| c.strip_prefix("lang-"))
                    .filter(|l| !l.is_empty())
                {
                    return Some(l.to_owned());
                }
            }
        }
    }
    els.iter()
        .find_map(|e| e.attr("lang"))
        .and_then(|l| crate::wordpress::code_language(&l.to_ascii_lowercase()))
        .map(str::to_owned)
}

fn lower_pre(f: &mut Fragment, n: NodeId) {
    let lang = code_language(f, n);
    let text = f.text_content(n);
    rename(f, n, "pre", &[]);
    while let Some(c) = f.first_child(n) {
        f.detach(c);
    }
    let code = new_element(f, "code");
    if let Some(l) = lang.filter(|l| !l.contains(['`', '~']))
        && let Some(e) = f.element_mut(code)
    {
        e.set_attr("class", format!("language-{l}"));
    }
    f.append(n, code);
    set_text(f, code, &text);
}

/// Audio, video, frames and embeds: a link to the source with a label
/// saying what it was, then any fallback text.
fn lower_media(f: &mut Fragment, n: NodeId) {
    let e = f
        .element(n)
        .cloned()
        .unwrap_or_else(|| Element::html("span"));
    let src = e
        .attr("src")
        .or_else(|| e.attr("data"))
        .map(str::to_owned)
        .or_else(|| {
            f.descendants(n)
                .filter(|&d| f.is(d, "source"))
                .find_map(|d| f.element(d).and_then(|s| s.attr("src")).map(str::to_owned))
        })
        .filter(|s| escape::is_safe_url(s, false));
    let fallback = f.text_content(n);
    let fallback = fallback.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(src) = src {
        let kind = match e.name.as_str() {
            "video" => "Video".to_owned(),
            "audio" => "Audio".to_owned(),
            _ => crate::wordpress::provider_label(&src),
        };
        let label = match e.attr("title").filter(|t| !t.trim().is_empty()) {
            Some(t) => format!("{kind}: {}", t.trim()),
            None => kind,
        };
        let a = new_element(f, "a");
        if let Some(ae) = f.element_mut(a) {
            ae.set_attr("href", src);
        }
        let t = new_text(f, &label);
        f.append(a, t);
        f.insert_before(n, a);
    }
    if !fallback.is_empty() {
        let t = new_text(f, &format!(" {fallback}"));
        f.insert_before(n, t);
    }
    f.detach(n);
}

fn lower_element(f: &mut Fragment, n: NodeId, losses: &mut Losses) {
    let Some(e) = f.element(n) else {
        return;
    };
    if e.namespace != Namespace::Html {
        // SVG and MathML: their text.
        replace_by_text(f, n);
        return;
    }
    let name = e.name.clone();
    match name.as_str() {
        "em" | "i" | "strong" | "b" | "del" => set_attrs(f, n, &[]),
        "s" | "strike" => rename(f, n, "del", &[]),
        "var" | "cite" | "dfn" => rename(f, n, "em", &[]),
        "br" => set_attrs(f, n, &[]),
        "img" => set_attrs(f, n, &["src", "alt", "title"]),
        "a" => {
            let safe = e
                .attr("href")
                .is_some_and(|h| escape::is_safe_url(h, false));
            if safe {
                set_attrs(f, n, &["href", "title"]);
            } else {
                // An anchor (`<a id>`) or a link whose URL was dropped:
                // its text.
                f.unwrap(n);
            }
        }
        "code" | "kbd" | "samp" | "tt" => {
            let text = f.text_content(n);
            rename(f, n, "code", &[]);
            set_text(f, n, &text);
        }
        "q" => {
            let open = new_text(f, "“");
            let close = new_text(f, "”");
            f.insert_before(n, open);
            f.insert_after(n, close);
            f.unwrap(n);
        }
        "wbr" | "input" | "source" | "track" | "param" | "meta" | "link" | "base" | "col"
        | "colgroup" | "area" => f.detach(n),
        "textarea" | "script" | "style" | "title" | "option" => replace_by_text(f, n),
        "audio" | "video" | "iframe" | "embed" | "object" | "frame" => lower_media(f, n),
        "pre" | "xmp" | "listing" | "plaintext" => lower_pre(f, n),
        "p" => {
            set_attrs(f, n, &[]);
            flatten(f, n);
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            set_attrs(f, n, &["id"]);
            flatten(f, n);
        }
        "blockquote" | "hr" => set_attrs(f, n, &[]),
        "ul" | "ol" => {
            let ok = match e.attr("start").map(str::trim) {
                None | Some("") => true,
                Some(s) => s.parse::<u64>().is_ok_and(|n| n <= 999_999_999),
            };
            if !ok || e.attr("reversed").is_some() {
                losses.lists += 1;
            }
            let keep: &[&str] = if ok { &["start"] } else { &[] };
            set_attrs(f, n, keep);
        }
        "li" => {
            let in_list = f.parent(n).is_some_and(|p| f.is(p, "ul") || f.is(p, "ol"));
            if in_list {
                set_attrs(f, n, &[]);
            } else {
                unwrap_block(f, n);
            }
        }
        "table" => lower_table(f, n, losses),
        // Laid out by `lower_table` when it reaches their table.
        "caption" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" => {
            if !f.ancestors(n).any(|a| f.is(a, "table")) {
                unwrap_block(f, n);
            }
        }
        "dl" => lower_dl(f, n),
        "dt" | "dd" => {
            if !f.parent(n).is_some_and(|p| f.is(p, "dl")) {
                unwrap_block(f, n);
            }
        }
        "details" => {
            if let Some(s) = f.children(n).find(|&c| f.is(c, "summary")) {
                summary_paragraph(f, s);
            }
            unwrap_block(f, n);
        }
        "summary" => summary_paragraph(f, n),
        "figure" => {
            set_attrs(f, n, &[]);
            let caption = f.children(n).find(|&c| f.is(c, "figcaption"));
            match caption {
                Some(c) => {
                    flatten(f, c);
                    set_attrs(f, c, &[]);
                }
                None => {
                    if super::blocks::figure_shape(f, n).is_none() {
                        unwrap_block(f, n)
                    }
                }
            }
        }
        "figcaption" => {
            if !f.parent(n).is_some_and(|p| f.is(p, "figure")) {
                unwrap_block(f, n);
            }
        }
        _ if kept_inline(&name) => {}
        _ if html::is_block(e) || has_block_child(f, n) => unwrap_block(f, n),
        _ => f.unwrap(n),
    }
    // A link or emphasis around blocks (`<a href><div>..</div></a>`, a
    // linked card): its blocks on one line, so it stays one inline.
    if let Some(e) = f.element(n)
        && kept_inline(&e.name)
        && f.parent(n).is_some()
    {
        flatten(f, n);
    }
}

/// `<summary>` as a paragraph in bold: the line a reader clicks, shown.
fn summary_paragraph(f: &mut Fragment, s: NodeId) {
    flatten(f, s);
    rename(f, s, "p", &[]);
    if f.text_content(s).trim().is_empty() {
        return;
    }
    let strong = new_element(f, "strong");
    f.reparent_children(s, strong);
    f.append(s, strong);
}

/// A `<dl>` of `dt` and `dd` in order (groups in a `div` unwrapped) is a
/// definition list (Goldmark's extension, PHP Markdown Extra's syntax);
/// terms are one line each. Anything else gives its content as blocks,
/// terms in bold.
fn lower_dl(f: &mut Fragment, n: NodeId) {
    set_attrs(f, n, &[]);
    for c in f.children(n).collect::<Vec<_>>() {
        if f.is(c, "div") {
            f.unwrap(c);
        }
    }
    let mut seen_dt = false;
    let mut ok = true;
    for c in f.children(n).collect::<Vec<_>>() {
        match f.data(c) {
            NodeData::Text(t) if t.trim().is_empty() => f.detach(c),
            NodeData::Element(e) if e.is("dt") => seen_dt = true,
            NodeData::Element(e) if e.is("dd") => ok &= seen_dt,
            _ => ok = false,
        }
    }
    if !ok || !seen_dt {
        for c in f.children(n).collect::<Vec<_>>() {
            if f.is(c, "dt") {
                summary_paragraph(f, c);
            } else if f.is(c, "dd") {
                unwrap_block(f, c);
            }
        }
        unwrap_block(f, n);
        return;
    }
    for c in f.children(n).collect::<Vec<_>>() {
        set_attrs(f, c, &[]);
        if f.is(c, "dt") {
            flatten(f, c);
        } else if f.text_content(c).trim().is_empty() && !f.descendants(c).any(|d| f.is(d, "img")) {
            // `:` with nothing after it is no description in Goldmark.
            f.detach(c);
        }
    }
}

/// One cell of the grid a table is laid out on.
#[derive(Clone, Copy)]
enum Slot {
    Cell(NodeId),
    /// Covered by a cell spanning rows or columns: left blank.
    Spanned,
}

/// The most columns a lowered table gets: a colspan beyond it is clamped.
const MAX_COLUMNS: usize = 1000;

fn span(e: &Element, name: &str) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_COLUMNS)
}

/// Every table as a GFM pipe table: one header row (the first row when it
/// is a header row, else an empty one: data does not become headings),
/// the same number of cells in every row, inline content only.
fn lower_table(f: &mut Fragment, table: NodeId, losses: &mut Losses) {
    let mut lost: Vec<&str> = Vec::new();
    // The caption: a paragraph before the table.
    let mut captions = Vec::new();
    let mut head_rows = Vec::new();
    let mut body_rows = Vec::new();
    let mut foot_rows = Vec::new();
    for c in f.children(table).collect::<Vec<_>>() {
        match f.element(c).map(|e| e.name.as_str()) {
            Some("caption") => captions.push(c),
            Some("thead") => head_rows.extend(f.children(c).filter(|&r| f.is(r, "tr"))),
            Some("tbody") => body_rows.extend(f.children(c).filter(|&r| f.is(r, "tr"))),
            Some("tfoot") => foot_rows.extend(f.children(c).filter(|&r| f.is(r, "tr"))),
            Some("tr") => body_rows.push(c),
            _ => {}
        }
    }
    for cap in captions {
        flatten(f, cap);
        rename(f, cap, "p", &[]);
        f.detach(cap);
        if !f.text_content(cap).trim().is_empty() {
            f.insert_before(table, cap);
        }
    }
    let head_count = head_rows.len();
    let rows: Vec<NodeId> = head_rows
        .into_iter()
        .chain(body_rows)
        .chain(foot_rows)
        .collect();
    // Lay the cells out on a grid, spans as blank slots.
    let mut grid: Vec<Vec<Option<Slot>>> = vec![Vec::new(); rows.len()];
    let mut width = 0;
    let mut merged = false;
    let mut blocks = false;
    let mut nested = false;
    for (r, &tr) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in f.children(tr).collect::<Vec<_>>() {
            let Some(e) = f.element(cell) else { continue };
            if !(e.is("td") || e.is("th")) {
                continue;
            }
            let (cs, rs) = (span(e, "colspan"), span(e, "rowspan").min(rows.len() - r));
            while grid[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            if col >= MAX_COLUMNS {
                break;
            }
            if cs > 1 || rs > 1 {
                merged = true;
            }
            nested |= f.descendants(cell).skip(1).any(|d| f.is(d, "table"));
            blocks |= html::has_block_descendant(f, cell);
            for dr in 0..rs {
                for dc in 0..cs {
                    let row = &mut grid[r + dr];
                    let at = col + dc;
                    if at >= MAX_COLUMNS {
                        break;
                    }
                    if row.len() <= at {
                        row.resize(at + 1, None);
                    }
                    row[at] = Some(if dr == 0 && dc == 0 {
                        Slot::Cell(cell)
                    } else {
                        Slot::Spanned
                    });
                }
            }
            col += cs;
        }
        width = width.max(grid[r].len());
    }
    if width == 0 {
        f.detach(table);
        return;
    }
    if merged {
        lost.push("merged cells left blank");
    }
    if nested {
        lost.push("a nested table flattened to text");
    } else if blocks {
        lost.push("block content in cells joined on one line");
    }
    // The header: the first row when it is one (in <thead>, or all <th>).
    let first_is_header = head_count > 0
        || grid.first().is_some_and(|row| {
            row.iter().all(|s| match s {
                Some(Slot::Cell(c)) => f.is(*c, "th"),
                _ => true,
            }) && row.iter().any(|s| matches!(s, Some(Slot::Cell(_))))
        });
    if head_count > 1 {
        lost.push("header rows after the first written as body rows");
    }
    let new_table = new_element(f, "table");
    let thead = new_element(f, "thead");
    let tbody = new_element(f, "tbody");
    f.append(new_table, thead);
    f.append(new_table, tbody);
    let mut aligns: Vec<Option<Option<String>>> = vec![None; width];
    for (r, row) in grid.iter().enumerate() {
        let header = r == 0 && first_is_header;
        let tr = new_element(f, "tr");
        for (k, align_k) in aligns.iter_mut().enumerate() {
            let cell = new_element(f, if header { "th" } else { "td" });
            if let Some(Some(Slot::Cell(old))) = row.get(k) {
                let old = *old;
                flatten(f, old);
                let align = f
                    .element(old)
                    .and_then(|e| e.attr("align"))
                    .map(str::to_ascii_lowercase);
                *align_k = match &*align_k {
                    None => Some(align),
                    Some(a) if *a == align => Some(align),
                    Some(_) => Some(None),
                };
                let th_in_body = !header && f.is(old, "th");
                if th_in_body && !f.text_content(old).trim().is_empty() {
                    let strong = new_element(f, "strong");
                    f.reparent_children(old, strong);
                    f.append(cell, strong);
                } else {
                    f.reparent_children(old, cell);
                }
            }
            f.append(tr, cell);
        }
        if r == 0 && !first_is_header {
            // No header row: an empty one, so that data stays data.
            let htr = new_element(f, "tr");
            for _ in 0..width {
                let th = new_element(f, "th");
                f.append(htr, th);
            }
            f.append(thead, htr);
        }
        f.append(if header { thead } else { tbody }, tr);
    }
    // Alignment: kept for a column whose cells all agree.
    for cell_row in f
        .descendants(new_table)
        .filter(|&d| f.is(d, "tr"))
        .collect::<Vec<_>>()
    {
        for (k, cell) in f
            .children(cell_row)
            .collect::<Vec<_>>()
            .into_iter()
            .enumerate()
        {
            if let Some(Some(Some(a))) = aligns.get(k)
                && ["left", "center", "right"].contains(&a.as_str())
                && let Some(e) = f.element_mut(cell)
            {
                e.set_attr("align", a.clone());
            }
        }
    }
    f.insert_before(table, new_table);
    f.detach(table);
    if !lost.is_empty() {
        losses
            .tables
            .push(format!("a table lost structure: {}", lost.join(", ")));
    }
}

/// Adjacent text nodes as one, so that text split by an unwrapped element
/// is escaped as a whole (`{{` then `<`: a Hugo shortcode opener).
fn merge_text(f: &mut Fragment) {
    let nodes: Vec<NodeId> = f.descendants(f.root()).collect();
    for n in nodes.into_iter().rev() {
        let Some(next) = f.next_sibling(n) else {
            continue;
        };
        if let (NodeData::Text(_), NodeData::Text(b)) = (f.data(n), f.data(next)) {
            let b = b.clone();
            if let NodeData::Text(a) = f.data_mut(n) {
                a.push_str(&b);
            }
            f.detach(next);
        }
    }
}
