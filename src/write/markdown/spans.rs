//! Inline elements: emphasis, links and autolinks (sections 6.3-6.5),
//! images, code spans, breaks, and raw tags for the rest.

use crate::html::fragment::{Element, Fragment, Namespace, NodeData, NodeId};

use super::html::{self, Place};
use super::inline::PairKind;
use super::{FrameKind, Writer, escape};

impl<'a> Writer<'a> {
    pub(super) fn inline_element(&mut self, id: NodeId, e: &'a Element) -> bool {
        let f = self.f;
        if e.namespace != Namespace::Html || html::is_block(e) && !e.is("figcaption") {
            if self.no_html {
                let t = f.text_content(id);
                self.inline().text(&t);
                return false;
            }
            let s = html::serialize(f, id, Place::Inline, self.guard);
            self.inline().raw(s);
            return false;
        }
        // Markdown syntax has no attributes: an id (kept because a link
        // targets it) becomes an empty anchor just before the element.
        let markdown = match e.name.as_str() {
            "em" | "i" | "strong" | "b" | "img" => true,
            "a" => e
                .attr("href")
                .is_some_and(|h| escape::is_safe_url(h, false)),
            "code" => f
                .children(id)
                .all(|c| matches!(f.data(c), NodeData::Text(_))),
            _ => false,
        };
        if markdown && let Some(a) = self.anchor_of(e) {
            self.inline().raw(a);
        }
        let pair = match e.name.as_str() {
            "em" | "i" => self.inline().open(PairKind::Em),
            "strong" | "b" => self.inline().open(PairKind::Strong),
            "a" => match self.link(id, e) {
                Some(Some(p)) => p,
                Some(None) => return false,
                None => return self.inline_frame(None),
            },
            "img" => {
                self.image(e);
                return false;
            }
            // GFM strikethrough, which Goldmark in Hugo reads.
            "del" if self.no_html => self.inline().open(PairKind::Fixed {
                open: "~~".into(),
                close: "~~".into(),
                link: false,
            }),
            "br" => {
                self.inline().hard_break();
                return false;
            }
            "code"
                if f.children(id)
                    .all(|c| matches!(f.data(c), NodeData::Text(_))) =>
            {
                let mut text = f.text_content(id);
                if self.hugo {
                    text = escape::hugo_code(&text).into_owned();
                }
                let empty = if self.no_html { "" } else { "<code></code>" };
                let s = escape::code_span(&text).unwrap_or_else(|| empty.to_owned());
                self.inline().raw(s);
                return false;
            }
            "figcaption"
                if self
                    .frames
                    .iter()
                    .any(|fr| matches!(fr.kind, FrameKind::Figure)) =>
            {
                let inl = self.inline();
                if !inl.is_blank() {
                    inl.soft_break();
                }
                let p = inl.open(PairKind::Em);
                if let Some(para) = &mut self.para {
                    para.depth += 1;
                }
                return self.push_frame(FrameKind::Caption(p));
            }
            "span" | "font" if e.attrs.is_empty() => return self.inline_frame(None),
            _ if !html::writable(e) || self.no_html && !html::is_void(e) => {
                return self.inline_frame(None);
            }
            _ if self.no_html => return false,
            _ if html::is_void(e) => {
                self.inline().raw(html::open_tag(e));
                return false;
            }
            _ => self.inline().open(PairKind::Fixed {
                open: html::open_tag(e),
                close: html::close_tag(e),
                link: false,
            }),
        };
        self.inline_frame(Some(pair))
    }

    pub(super) fn inline_frame(&mut self, pair: Option<usize>) -> bool {
        if let Some(p) = &mut self.para {
            p.depth += 1;
        }
        self.push_frame(FrameKind::Inline(pair))
    }

    /// A link: `Some(Some(pair))` to walk its text, `Some(None)` when it was
    /// written whole (an autolink), `None` to write only its content.
    pub(super) fn link(&mut self, id: NodeId, e: &Element) -> Option<Option<usize>> {
        let href = match e.attr("href") {
            Some(h) if escape::is_safe_url(h, false) => h,
            _ => {
                // An anchor (`id`, `name`) or a placeholder `<a>`: raw tags.
                // One whose unsafe href was dropped keeps just its text.
                let unsafe_href = e.attr("href").is_some();
                if !unsafe_href && html::writable(e) && !self.no_html {
                    let mut bare = e.clone();
                    bare.remove_attr("href");
                    let p = self.inline().open(PairKind::Fixed {
                        open: html::open_tag(&bare),
                        close: html::close_tag(&bare),
                        link: false,
                    });
                    return Some(Some(p));
                }
                return None;
            }
        };
        let title = e.attr("title");
        if title.is_none()
            && let Some(auto) = autolink(self.f, id, href)
        {
            self.inline().raw(auto);
            return Some(None);
        }
        let close = format!("]{}", self.target(href, title));
        Some(Some(self.inline().open(PairKind::Fixed {
            open: "[".into(),
            close,
            link: true,
        })))
    }

    /// `(dest "title")`, or `[n]` with a reference definition.
    pub(super) fn target(&mut self, url: &str, title: Option<&str>) -> String {
        // `{{<` or `{{%` would open a Hugo shortcode: `{` percent-encoded
        // is the same URL.
        let url = if self.hugo {
            url.replace("{{<", "%7B%7B<").replace("{{%", "%7B%7B%")
        } else {
            url.to_owned()
        };
        let dest = escape::destination(&url);
        let title = title.map(escape::title);
        if self.opts.reference_links {
            let key = (dest, title);
            let n = match self.refs.iter().position(|r| *r == key) {
                Some(k) => k + 1,
                None => {
                    self.refs.push(key);
                    self.refs.len()
                }
            };
            return format!("[{n}]");
        }
        match title {
            Some(t) => format!("({dest} {t})"),
            None => format!("({dest})"),
        }
    }

    pub(super) fn image(&mut self, e: &Element) {
        let alt = e.attr("alt").unwrap_or("");
        let src = match e.attr("src") {
            Some(s) if escape::is_safe_url(s, true) => s,
            _ => {
                self.inline().text(alt);
                return;
            }
        };
        // Alt text is one line: a line break inside could start a block.
        let alt: String = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut md = String::from("![");
        escape::text(&alt, true, &mut md);
        md.push(']');
        md.push_str(&self.target(src, e.attr("title")));
        self.inline().raw(md);
    }
}

/// `<url>` when the link's text is its URL (section 6.5).
fn autolink(f: &Fragment, id: NodeId, href: &str) -> Option<String> {
    let mut kids = f.children(id);
    let only = kids.next()?;
    if kids.next().is_some() {
        return None;
    }
    let text = f.text(only)?;
    // Inside `<...>` nothing is an escape; a `&` is literal too (spec
    // example 595), but keep clear of one that looks like an entity.
    let plain = |s: &str| {
        !s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
            && !s
                .match_indices('&')
                .any(|(i, _)| super::escape::entity_like(&s[i..]))
    };
    if text == href && plain(text) {
        let (scheme, _) = text.split_once(':')?;
        let ok = (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
        return ok.then(|| format!("<{text}>"));
    }
    if href.strip_prefix("mailto:") == Some(text) && plain(text) {
        let (user, domain) = text.split_once('@')?;
        let user_ok = !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
        let domain_ok = !domain.is_empty()
            && domain.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            });
        return (user_ok && domain_ok).then(|| format!("<{text}>"));
    }
    None
}
