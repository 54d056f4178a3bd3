//! Figures: every WordPress image-with-caption form becomes
//! `<figure><img/><figcaption/></figure>`, and an image standing alone
//! becomes a figure without caption.
//!
//! The lol_html pass has already renamed `div.wp-caption` to `figure` and
//! `p.wp-caption-text` / `.wp-element-caption` to `figcaption`; Gutenberg's
//! `figure.wp-block-image` and HTML5 captions (`figure.wp-caption`) are
//! figures already. What is left needs context:
//!
//! - the caption may be bare text after the `<img>` (the seed: a theme that
//!   lost its `figcaption` tags), or a `figcaption`, or both;
//! - the image may be wrapped (`<a href=full><img></a>`, a `<p>`);
//! - an empty `alt` is filled from the caption (the caption describes the
//!   image; an `alt` that says nothing helps nobody).

use crate::html::elements::{is_block, is_section, is_table_part};
use crate::html::fragment::{Element, Fragment, NodeData, NodeId};

use super::Context;

/// The captions pass: normalizes every figure that holds one image.
pub fn captions(f: &mut Fragment, _cx: &mut Context) {
    let figures: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "figure"))
        .collect();
    for figure in figures {
        normalize_figure(f, figure);
    }
}

/// The lone-images pass: an image (or linked image) alone in a paragraph, or
/// standing alone between blocks, becomes a figure without caption.
pub fn lone_images(f: &mut Fragment, _cx: &mut Context) {
    let images: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "img"))
        .collect();
    for img in images {
        if f.ancestors(img)
            .any(|a| f.is(a, "figure") || is_inline_context(f, a))
        {
            continue;
        }
        let media = linked(f, img).unwrap_or(img);
        let Some(parent) = f.parent(media) else {
            continue;
        };
        if f.is(parent, "p") && significant_children(f, parent).eq([media]) {
            let figure = new_figure(f);
            f.insert_before(parent, figure);
            f.detach(media);
            f.append(figure, media);
            f.detach(parent);
        } else if is_block_container(f, parent) && stands_alone(f, media) {
            let figure = new_figure(f);
            f.insert_before(media, figure);
            f.detach(media);
            f.append(figure, media);
        }
    }
}

fn new_figure(f: &mut Fragment) -> NodeId {
    f.create(NodeData::Element(Element::html("figure")))
}

fn normalize_figure(f: &mut Fragment, figure: NodeId) {
    // A figure of figures is a gallery, and so is a marked one: the
    // galleries rule owns them. Embeds and tables have their own rules.
    if f.descendants(figure).skip(1).any(|n| f.is(n, "figure"))
        || f.element(figure)
            .and_then(|e| e.attr(super::ROLE))
            .is_some()
    {
        return;
    }
    let Some(img) = f.descendants(figure).find(|&n| f.is(n, "img")) else {
        return;
    };
    let media = linked(f, img).unwrap_or(img);
    // An image inside a table of the figure: the figure holds the table,
    // which is not a wrapper to dissolve (its cells and rows taken out of
    // it would be moved about by an HTML parser, text and all).
    if f.ancestors(media)
        .take_while(|&a| a != figure)
        .any(|a| f.element(a).is_some_and(|e| is_table_part(&e.name)))
    {
        return;
    }
    // Everything else in the figure, in order, is the caption: the text of a
    // figcaption and any loose text beside the image. Wrappers around the
    // image (a `<p>`, a `<div>`) are dissolved.
    let mut caption_parts = Vec::new();
    collect_caption(f, figure, media, &mut caption_parts);
    f.detach(media);
    while let Some(c) = f.first_child(figure) {
        f.detach(c);
    }
    f.append(figure, media);
    trim_edges(f, &mut caption_parts);
    if caption_parts.is_empty() {
        return;
    }
    let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
    f.append(figure, figcaption);
    for part in caption_parts {
        f.detach(part);
        f.append(figcaption, part);
    }
    let text = collapse(&f.text_content(figcaption));
    if let Some(e) = f.element_mut(img)
        && e.attr("alt").is_none_or(|a| a.trim().is_empty())
        && !text.is_empty()
    {
        e.set_attr("alt", text);
    }
}

/// Walks the figure's subtree, keeping the nodes that are caption content:
/// the children of figcaptions, and loose nodes that do not hold the image.
/// Uses an explicit stack of siblings to visit, never recursion.
fn collect_caption(f: &Fragment, figure: NodeId, media: NodeId, out: &mut Vec<NodeId>) {
    let mut stack: Vec<NodeId> = f.children(figure).collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        if n == media {
            continue;
        }
        let holds_media = f.ancestors(media).any(|a| a == n);
        if holds_media || f.is(n, "figcaption") {
            let mut kids: Vec<NodeId> = f.children(n).collect();
            kids.reverse();
            stack.extend(kids);
            continue;
        }
        out.push(n);
    }
}

/// Drops white-space-only text at the start and end of the caption.
fn trim_edges(f: &mut Fragment, parts: &mut Vec<NodeId>) {
    let blank =
        |f: &Fragment, n: NodeId| f.text(n).is_some_and(|t| t.trim().is_empty()) || f.is(n, "br");
    while parts.first().is_some_and(|&n| blank(f, n)) {
        parts.remove(0);
    }
    while parts.last().is_some_and(|&n| blank(f, n)) {
        parts.pop();
    }
    if let Some(&first) = parts.first()
        && let NodeData::Text(t) = f.data_mut(first)
    {
        *t = t.trim_start().to_owned();
    }
    if let Some(&last) = parts.last()
        && let NodeData::Text(t) = f.data_mut(last)
    {
        *t = t.trim_end().to_owned();
    }
}

/// The `<a>` that wraps nothing but this image, if any.
fn linked(f: &Fragment, img: NodeId) -> Option<NodeId> {
    let a = f.parent(img).filter(|&p| f.is(p, "a"))?;
    significant_children(f, a).eq([img]).then_some(a)
}

/// Children other than white-space text and `<br>`.
fn significant_children(f: &Fragment, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    f.children(id)
        .filter(move |&c| !(f.text(c).is_some_and(|t| t.trim().is_empty()) || f.is(c, "br")))
}

/// Whether the node's siblings (white space aside) are blocks or nothing.
fn stands_alone(f: &Fragment, id: NodeId) -> bool {
    let neighbour_ok = |mut n: Option<NodeId>, forward: bool| {
        while let Some(x) = n {
            match f.data(x) {
                NodeData::Text(t) if t.trim().is_empty() => {}
                NodeData::Marker(_) => return true,
                NodeData::Element(e) => return e.is("br") || is_block(&e.name),
                _ => return false,
            }
            n = if forward {
                f.next_sibling(x)
            } else {
                f.prev_sibling(x)
            };
        }
        true
    };
    neighbour_ok(f.prev_sibling(id), false) && neighbour_ok(f.next_sibling(id), true)
}

fn is_block_container(f: &Fragment, id: NodeId) -> bool {
    id == f.root()
        || f.element(id).is_some_and(|e| {
            is_section(&e.name) || matches!(e.name.as_str(), "li" | "dd" | "td" | "th")
        })
}

fn is_inline_context(f: &Fragment, id: NodeId) -> bool {
    f.element(id).is_some_and(|e| {
        matches!(
            e.name.as_str(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "table" | "caption"
        ) || (!is_block(&e.name)
            && !matches!(e.name.as_str(), "a" | "p" | "li" | "dd" | "td" | "th"))
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// galleries, local part: the containers of every gallery form become
/// figures (marked as galleries), their items figures, their captions
/// figcaptions.
///
/// - classic `[gallery]` output: `div.gallery > dl.gallery-item >
///   (dt.gallery-icon > a > img) + dd.gallery-caption`;
/// - Gutenberg: `figure.wp-block-gallery` (with `ul.blocks-gallery-grid >
///   li.blocks-gallery-item > figure` in older versions, nested image
///   blocks in newer ones), `figcaption.blocks-gallery-caption`;
/// - Jetpack tiled galleries: `div.tiled-gallery > ... >
///   div.tiled-gallery-item > a > img + div.tiled-gallery-caption`.
pub fn gallery_local(
    el: &mut lol_html::html_content::Element<'_, '_>,
    name: &str,
    class: &str,
) -> Option<&'static str> {
    // Every class below holds `gallery`: most elements are done here.
    if !class.contains("gallery") {
        return None;
    }
    let (mut gallery, mut item, mut tiled_item, mut icon, mut caption) =
        (false, false, false, false, false);
    for c in class.split_ascii_whitespace() {
        match c {
            "gallery" | "wp-block-gallery" | "tiled-gallery" | "jetpack-tiled-gallery" => {
                gallery = true
            }
            "gallery-item" => item = true,
            "tiled-gallery-item" => tiled_item = true,
            "gallery-icon" => icon = true,
            "gallery-caption"
            | "blocks-gallery-caption"
            | "blocks-gallery-item__caption"
            | "tiled-gallery-caption" => caption = true,
            _ => {}
        }
    }
    if gallery {
        if name != "figure" {
            let _ = el.set_tag_name("figure");
        }
        return Some("gallery");
    }
    if (item && name == "dl") || tiled_item {
        let _ = el.set_tag_name("figure");
    } else if icon && name == "dt" {
        let _ = el.set_tag_name("div");
    } else if caption && name != "figcaption" {
        let _ = el.set_tag_name("figcaption");
    }
    None
}

/// The galleries pass: a gallery is a figure of figures, one per image,
/// each with its caption, then the gallery's own caption. Wrappers (lists,
/// rows, columns) go; every image and caption stays.
pub fn galleries(f: &mut Fragment, _cx: &mut Context) {
    let galleries: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| {
            f.element(n).is_some_and(|e| {
                e.is("figure")
                    && (e.attr(super::ROLE) == Some("gallery")
                        || f.descendants(n).skip(1).any(|d| f.is(d, "figure")))
            })
        })
        .collect();
    // Innermost first, so a gallery inside a gallery is whole before its
    // parent reads it.
    for gallery in galleries.into_iter().rev() {
        if f.parent(gallery).is_none() {
            continue;
        }
        rebuild_gallery(f, gallery);
    }
}

fn rebuild_gallery(f: &mut Fragment, gallery: NodeId) {
    let mut items = Vec::new();
    let mut caption = None;
    // Walk the gallery's subtree, keeping item figures whole, images outside
    // any item (wrapped below), and the first caption that is not an item's.
    let mut stack: Vec<NodeId> = f.children(gallery).collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        if f.is(n, "figure") {
            items.push(n);
        } else if f.is(n, "img") {
            let media = linked(f, n).unwrap_or(n);
            items.push(media);
        } else if f.is(n, "figcaption") {
            if caption.is_none() {
                caption = Some(n);
            }
        } else {
            let mut kids: Vec<NodeId> = f.children(n).collect();
            kids.reverse();
            stack.extend(kids);
        }
    }
    if items.is_empty() {
        return;
    }
    while let Some(c) = f.first_child(gallery) {
        f.detach(c);
    }
    for item in items {
        f.detach(item);
        if f.is(item, "figure") {
            f.append(gallery, item);
        } else {
            let figure = new_figure(f);
            f.append(figure, item);
            f.append(gallery, figure);
        }
    }
    if let Some(c) = caption {
        f.detach(c);
        f.append(gallery, c);
    }
}
