//! Block structures with Markdown syntax: lists (section 5.2-5.3), fenced
//! code (4.5), thematic breaks (4.1), figures and pipe-table parts.

use crate::html::fragment::{Element, Fragment, NodeData, NodeId};

use super::html;
use super::{Container, FigureStyle, FrameKind, Last, ListState, Role, Writer, escape};

impl<'a> Writer<'a> {
    pub(super) fn list(&mut self, id: NodeId, e: &Element) -> bool {
        let ordered = e.is("ol");
        let start = match e.attr("start").map(str::trim) {
            None | Some("") => Some(1),
            Some(s) => s.parse::<u64>().ok().filter(|&n| n <= 999_999_999),
        };
        // Markdown has no reversed or negative lists.
        let Some(start) = start.filter(|_| e.attr("reversed").is_none()) else {
            self.raw_block(id);
            return false;
        };
        self.keep_id(e);
        // A list is loose when its items' paragraphs are `<p>`s (section 5.3).
        let loose = self
            .f
            .children(id)
            .any(|li| self.f.is(li, "li") && self.f.children(li).any(|c| self.f.is(c, "p")));
        let previous = self.top().last;
        let delim = match (ordered, previous) {
            (false, Last::List('-')) => '*',
            (false, _) => '-',
            (true, Last::List('.')) => ')',
            (true, _) => '.',
        };
        // An ordered list that does not start at 1 cannot interrupt a
        // paragraph (section 5.2): in a tight item it needs a blank line.
        if ordered && start != 1 && self.top().last == Last::Para {
            self.top().force_blank = true;
        }
        self.begin_block(Last::List(delim));
        self.push_container(String::new(), String::new(), loose);
        self.lists.push(ListState {
            ordered,
            next: start,
            delim,
            loose,
            last_indent: None,
            last_end: (Last::None, false),
            depth: self.containers.len(),
        });
        self.push_frame(FrameKind::List)
    }

    pub(super) fn item(&mut self) -> bool {
        let Some(st) = self.lists.last_mut() else {
            return false;
        };
        let marker = if st.ordered {
            let m = format!("{}{} ", st.next, st.delim);
            st.next += 1;
            m
        } else {
            format!("{} ", st.delim)
        };
        let width = marker.len();
        st.last_indent = Some(width);
        let loose = st.loose;
        self.begin_block(Last::Other);
        self.push_container(marker, " ".repeat(width), loose);
        self.push_frame(FrameKind::Item)
    }

    /// A child of a list that is not an item: part of the item before it
    /// (editors write `<ul><li>a</li><ul>..</ul></ul>` for a nested list).
    pub(super) fn open_pseudo_item(&mut self) {
        let Some(st) = self.lists.last_mut() else {
            return;
        };
        let loose = st.loose;
        match st.last_indent {
            Some(w) => {
                let (last, force_blank) = st.last_end;
                self.begin_block(Last::Other);
                let mut c = Container::new(" ".repeat(w), " ".repeat(w), loose);
                c.has_block = true;
                c.last = last;
                c.force_blank = force_blank;
                self.push(c);
            }
            None => {
                self.item();
                // `item` pushed a frame; the caller owns this container.
                self.frames.pop();
            }
        }
    }

    pub(super) fn code_block(&mut self, id: NodeId, e: &Element) {
        self.flush_anchor();
        let f = self.f;
        let only_text = |n: NodeId| {
            f.children(n)
                .all(|c| matches!(f.data(c), NodeData::Text(_)))
        };
        let kids: Vec<NodeId> = f.children(id).collect();
        let mut lang = "";
        let code = match kids.as_slice() {
            _ if !e.attrs.is_empty() => None,
            [c] if f.is(*c, "code") && only_text(*c) => {
                let ce = f.element(*c);
                let attrs_ok = ce.is_some_and(|ce| ce.attrs.iter().all(|(n, _)| n == "class"));
                if let Some(class) = ce.and_then(|ce| ce.attr("class")) {
                    lang = class
                        .split_ascii_whitespace()
                        .find_map(|c| c.strip_prefix("language-"))
                        .unwrap_or("");
                    if lang.is_empty() {
                        lang = "\u{0}";
                    }
                }
                attrs_ok.then(|| f.text_content(*c))
            }
            _ if only_text(id) => Some(f.text_content(id)),
            _ => None,
        };
        // Under the guard, a code line at the margin that starts like a
        // front matter fence cannot be escaped inside a fence: the block
        // is then HTML, whose text can be (`Writer::guard_line`).
        let fenced = |code: &String| {
            lang != "\u{0}"
                && !(self.guard
                    && self.prefix.is_empty()
                    && html::starts_a_fence_line(&format!("\n{code}")))
        };
        // Hugo's code blocks are always fenced: Goldmark would omit an
        // HTML one, and Hugo reads front matter at the start only.
        let code = match code {
            Some(code) if self.hugo || fenced(&code) => code,
            _ if self.no_html => f.text_content(id),
            _ => {
                self.raw_block(id);
                return;
            }
        };
        let code = if self.hugo {
            escape::hugo_code(&code).into_owned()
        } else {
            code
        };
        if lang == "\u{0}" {
            lang = "";
        }
        let fence = escape::fence(&code, lang);
        self.begin_block(Last::Other);
        self.line(&format!("{fence}{lang}"));
        if !code.is_empty() {
            let body = code.strip_suffix('\n').unwrap_or(&code);
            for l in body.split('\n') {
                self.line(l);
            }
        }
        self.line(&fence);
    }

    pub(super) fn thematic_break(&mut self) {
        // `---` under a paragraph is a setext underline, and a thematic
        // break of the bullet's character on an item's first line would
        // swallow the marker (sections 4.1, 4.3).
        self.flush_anchor();
        let c = self.top();
        let tight_after_para = c.has_block && !c.loose && !c.force_blank && c.last == Last::Para;
        let pending: Vec<char> = self
            .containers
            .iter()
            .filter(|c| c.first_pending)
            .filter_map(|c| c.first.chars().next())
            .collect();
        // Without front matter, `---` is where Jekyll, Hugo and Hexo look
        // for some (`Writer::guard_line`).
        let hr = ["---", "***", "___"]
            .into_iter()
            .find(|h| {
                let ch = h.chars().next().unwrap_or('-');
                !(pending.contains(&ch) || ch == '-' && (tight_after_para || self.guard))
            })
            .unwrap_or("___");
        self.block(Last::Other, hr);
    }

    pub(super) fn figure(&mut self, id: NodeId, e: &'a Element) -> bool {
        let style = if self.no_html {
            FigureStyle::Markdown
        } else {
            self.opts.figures
        };
        if self.no_html
            && figure_shape(self.f, id) == Some(true)
            && let Some(sc) = self.figure_shortcode(id)
        {
            self.flush_para();
            self.block(Last::Para, &sc);
            return false;
        }
        match (figure_shape(self.f, id), style) {
            (Some(false), _) | (Some(true), FigureStyle::Markdown) => {
                self.keep_id(e);
                self.start_para(Role::Para, true);
                self.push_frame(FrameKind::Figure)
            }
            // A figure of blocks: its blocks, then its caption as a
            // paragraph of its own, so nothing needs raw HTML.
            (None, FigureStyle::Markdown) => {
                self.keep_id(e);
                self.push_frame(FrameKind::FigureBlocks)
            }
            // `--figures html` is lossless: a figure of blocks (a gallery of
            // figures) is one HTML block, inner figures included.
            (None, FigureStyle::Html) => {
                self.raw_block(id);
                false
            }
            _ => self.generic_block(id, e),
        }
    }

    /// Hugo's figure shortcode for a captioned image (the shortcode that
    /// ships with Hugo: `{{< figure src="" alt="" caption="" link="" >}}`),
    /// when the figure is one image, perhaps linked, and a caption. The
    /// caption is the Markdown of the figcaption: the template renders it
    /// with `markdownify`. `None` when a value cannot be written (below).
    fn figure_shortcode(&mut self, id: NodeId) -> Option<String> {
        let f = self.f;
        let mut img = None;
        let mut link = None;
        let mut caption = None;
        for c in f.children(id) {
            match f.element(c) {
                Some(e) if e.is("img") && img.is_none() => img = Some(e),
                Some(e) if e.is("a") && img.is_none() => {
                    let mut kids = f.children(c).filter(
                        |&k| !matches!(f.data(k), NodeData::Text(t) if t.trim().is_empty()),
                    );
                    let only = kids
                        .next()
                        .and_then(|k| f.element(k))
                        .filter(|k| k.is("img"));
                    if kids.next().is_some() || only.is_none() {
                        return None;
                    }
                    img = only;
                    link = e.attr("href");
                }
                Some(e) if e.is("figcaption") => caption = Some(c),
                Some(e) if e.is("br") => {}
                Some(_) => return None,
                None => {}
            }
        }
        let img = img?;
        let src = img.attr("src").filter(|s| escape::is_safe_url(s, true))?;
        let link = match link {
            Some(h) if escape::is_safe_url(h, false) => Some(h),
            Some(_) => return None,
            None => None,
        };
        // The caption's inline Markdown, rendered by a writer of its own
        // (a paragraph in the middle of this one would be wrong).
        let caption_md = {
            let mut w = super::Writer::new(f, self.opts);
            w.start_para(Role::Term, true);
            w.walk(caption?);
            let md = w
                .para
                .take()
                .map(|mut p| p.inline.render())
                .unwrap_or_default();
            md.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let mut out = String::from("{{< figure");
        for (name, value) in [
            ("src", Some(src)),
            ("link", link),
            ("alt", img.attr("alt")),
            ("caption", Some(caption_md.as_str())),
        ] {
            let Some(v) = value.filter(|v| !v.is_empty()) else {
                continue;
            };
            out.push(' ');
            out.push_str(name);
            out.push('=');
            out.push_str(&escape::shortcode_value(v)?);
        }
        out.push_str(" >}}");
        Some(out)
    }

    /// A `<dl>`: Goldmark's definition list (PHP Markdown Extra's
    /// syntax), terms one per line, each description `: ` and its blocks
    /// indented under it.
    pub(super) fn definition_list(&mut self) -> bool {
        // A term right after a paragraph in a tight container would be
        // one more line of that paragraph.
        if self.top().last == Last::Para {
            self.top().force_blank = true;
        }
        self.begin_block(Last::Other);
        self.push_container(String::new(), String::new(), false);
        self.push_frame(FrameKind::Dl)
    }

    pub(super) fn description(&mut self, id: NodeId) -> bool {
        self.flush_para();
        let f = self.f;
        let loose = f
            .children(id)
            .filter(|&c| html::is_block_node(f, c))
            .count()
            > 1;
        self.begin_block(Last::Other);
        self.push_container(": ".into(), "  ".into(), loose);
        self.push_frame(FrameKind::Description)
    }

    pub(super) fn table_part(&mut self, e: &Element) -> bool {
        if e.is("thead") || e.is("tbody") || e.is("tfoot") {
            return self.push_frame(FrameKind::Section);
        }
        if e.is("tr") {
            if let Some(t) = &mut self.table {
                t.row.clear();
            }
            return self.push_frame(FrameKind::Row);
        }
        if e.is("td") || e.is("th") {
            self.start_para(Role::Cell, true);
            return self.push_frame(FrameKind::Cell);
        }
        false
    }
}

/// Whether a figure is images or links (perhaps linked images) and at most
/// one caption of inline content: `Some(has a caption)`.
pub(super) fn figure_shape(f: &Fragment, id: NodeId) -> Option<bool> {
    let mut images = 0;
    let mut caption = None;
    for c in f.children(id) {
        match f.data(c) {
            NodeData::Text(t) if t.trim().is_empty() => {}
            NodeData::Comment(_) => {}
            NodeData::Element(e) if e.is("img") => images += 1,
            // A link is the media of a figure too: an embed, a video or an
            // audio file the rules turned into a link to the original.
            NodeData::Element(e) if e.is("a") => {
                if html::has_block_descendant(f, c) {
                    return None;
                }
                images += 1;
            }
            NodeData::Element(e) if e.is("br") => {}
            NodeData::Element(e) if e.is("figcaption") && caption.is_none() => {
                if html::has_block_descendant(f, c) {
                    return None;
                }
                caption = Some(
                    !f.text_content(c).trim().is_empty()
                        || f.descendants(c).skip(1).any(|n| f.is(n, "img")),
                );
            }
            _ => return None,
        }
    }
    (images > 0).then_some(caption.unwrap_or(false))
}
