//! GFM pipe tables (GitHub Flavored Markdown spec, section 4.10), and when
//! a table has no pipe-table form.
//!
//! A pipe table has exactly one header row and the same number of cells in
//! every row, each cell one line of inline content. Anything else (no header
//! row, colspan or rowspan, a caption, block content or a nested table in a
//! cell, ragged rows) is written as an HTML table, which loses nothing.
//! A headerless table is not given its first row as a header: that would
//! turn data into headings.

use crate::html::fragment::{Fragment, NodeData, NodeId};

use super::html;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    None,
    Left,
    Center,
    Right,
}

/// The column alignments when `table` can be a pipe table.
pub(super) fn pipe_table(f: &Fragment, table: NodeId) -> Option<Vec<Align>> {
    let mut rows: Vec<(NodeId, bool)> = Vec::new(); // (tr, in thead)
    for c in f.children(table) {
        match f.data(c) {
            NodeData::Text(t) if t.trim().is_empty() => {}
            NodeData::Comment(_) => {}
            NodeData::Element(e) if e.is("thead") || e.is("tbody") || e.is("tfoot") => {
                if !e.attrs.is_empty() {
                    return None;
                }
                for r in f.children(c) {
                    match f.data(r) {
                        NodeData::Text(t) if t.trim().is_empty() => {}
                        NodeData::Comment(_) => {}
                        NodeData::Element(re) if re.is("tr") => rows.push((r, e.is("thead"))),
                        _ => return None,
                    }
                }
            }
            NodeData::Element(e) if e.is("tr") => rows.push((c, false)),
            _ => return None,
        }
    }
    let (&(head, _), body) = rows.split_first()?;
    // Only the first row may be a header row.
    if body.iter().any(|&(_, in_head)| in_head) {
        return None;
    }
    let head_cells = cells(f, head)?;
    if head_cells.is_empty() || head_cells.iter().any(|&(_, th)| !th) {
        return None;
    }
    for &(r, _) in body {
        let cs = cells(f, r)?;
        if cs.len() != head_cells.len() || cs.iter().any(|&(_, th)| th) {
            return None;
        }
    }
    let mut aligns = Vec::new();
    for &(c, _) in &head_cells {
        aligns.push(align_of(f, c));
    }
    // Body cells must agree with their column: a renderer aligns whole
    // columns.
    for &(r, _) in body {
        for (k, (c, _)) in cells(f, r)?.into_iter().enumerate() {
            if align_of(f, c) != aligns[k] {
                return None;
            }
        }
    }
    Some(aligns)
}

/// The cells of a row, with whether each is a `th`; `None` when the row or a
/// cell has no pipe-table form.
fn cells(f: &Fragment, tr: NodeId) -> Option<Vec<(NodeId, bool)>> {
    let mut out = Vec::new();
    if f.element(tr).is_some_and(|e| !e.attrs.is_empty()) {
        return None;
    }
    for c in f.children(tr) {
        match f.data(c) {
            NodeData::Text(t) if t.trim().is_empty() => {}
            NodeData::Comment(_) => {}
            NodeData::Element(e) if e.is("td") || e.is("th") => {
                if e.attrs.iter().any(|(n, _)| n != "align") {
                    return None;
                }
                if html::has_block_descendant(f, c) {
                    return None;
                }
                out.push((c, e.is("th")));
            }
            _ => return None,
        }
    }
    Some(out)
}

fn align_of(f: &Fragment, cell: NodeId) -> Align {
    match f.element(cell).and_then(|e| e.attr("align")) {
        Some(a) if a.eq_ignore_ascii_case("left") => Align::Left,
        Some(a) if a.eq_ignore_ascii_case("center") => Align::Center,
        Some(a) if a.eq_ignore_ascii_case("right") => Align::Right,
        _ => Align::None,
    }
}

/// Writes the rows (header first) as pipe-table lines.
pub(super) fn render(rows: &[Vec<String>], aligns: &[Align]) -> String {
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(c);
            out.push_str(" |");
        }
        out.push('\n');
    };
    if let Some((head, body)) = rows.split_first() {
        line(head, &mut out);
        out.push('|');
        for a in aligns {
            out.push_str(match a {
                Align::None => " --- |",
                Align::Left => " :-- |",
                Align::Center => " :-: |",
                Align::Right => " --: |",
            });
        }
        out.push('\n');
        for r in body {
            line(r, &mut out);
        }
    }
    out.pop();
    out
}

/// A cell's inline Markdown made safe inside a row: every `|` escaped (GFM
/// unescapes `\|` before inline parsing, even inside code spans).
pub(super) fn cell_text(md: &str) -> String {
    md.replace('|', "\\|")
}
