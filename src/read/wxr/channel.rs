//! The channel: everything of an export that is not an item. Its elements
//! arrive in pieces between items (see `split`), so this parser keeps its
//! element stack across pieces and checks end tags itself.
//!
//! It collects the site (`title`, `link`, `language`, `wp:base_site_url`,
//! `wp:wxr_version`), the authors (`wp:author`: login -> display name) and
//! the terms (`wp:category`, `wp:tag`, `wp:term`).

use std::collections::BTreeMap;

use quick_xml::events::Event;

use super::split::{Pos, Segment};
use super::xml::{self, Ns, Scopes, TextIssues};

/// The site an export came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChannelInfo {
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    /// `<language>` as written (`en-US`).
    pub language: Option<String>,
    pub base_site_url: Option<String>,
    pub base_blog_url: Option<String>,
    pub wxr_version: Option<String>,
}

/// A `wp:author`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl Author {
    /// The name to print: the display name, else first and last name, else
    /// the login.
    pub fn name(&self) -> String {
        fn nonempty(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        if let Some(d) = nonempty(&self.display_name) {
            return d.to_owned();
        }
        let full: Vec<&str> = [nonempty(&self.first_name), nonempty(&self.last_name)]
            .into_iter()
            .flatten()
            .collect();
        if full.is_empty() {
            self.login.clone()
        } else {
            full.join(" ")
        }
    }
}

/// A term of the channel (`wp:category`, `wp:tag`, `wp:term`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub taxonomy: String,
    pub slug: String,
    pub name: String,
    /// The parent's slug, when the term has one.
    pub parent: Option<String>,
}

struct Frame {
    ns: Ns,
    local: Vec<u8>,
    qname: Vec<u8>,
    scope_len: usize,
    at: Pos,
}

/// The channel, read piece by piece.
#[derive(Default)]
pub struct ChannelParser {
    scopes: Scopes,
    stack: Vec<Frame>,
    text: String,
    record: Vec<(Vec<u8>, String)>,
    pub info: ChannelInfo,
    pub authors: BTreeMap<String, Author>,
    pub terms: Vec<Term>,
    pub issues: TextIssues,
}

impl ChannelParser {
    /// The namespace bindings in force where the next item starts.
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }

    /// Reads one channel piece; returns the problems found, each with its
    /// place. A syntax error ends the piece (the next one starts afresh).
    pub fn feed(&mut self, seg: &Segment) -> Vec<(Pos, String)> {
        let mut errors = Vec::new();
        let mut reader = xml::reader(&seg.bytes, false);
        let at = |offset: u64| seg.start.advance(&seg.bytes, offset as usize);
        loop {
            let before = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    errors.push((at(reader.error_position()), format!("XML error: {e}")));
                    break;
                }
            };
            match event {
                Event::Start(s) => {
                    let scope_len = self.scopes.len();
                    self.scopes.declare(&s);
                    self.open(s.name().as_ref(), scope_len, at(before));
                }
                Event::Empty(s) => {
                    let scope_len = self.scopes.len();
                    self.scopes.declare(&s);
                    self.open(s.name().as_ref(), scope_len, at(before));
                    self.close_top();
                }
                Event::End(e) => {
                    let name = e.name().as_ref().to_vec();
                    if let Some(message) = self.close(&name) {
                        errors.push((at(before), message));
                    }
                }
                Event::Text(t) => xml::push_bytes(&mut self.text, &t, &mut self.issues),
                Event::CData(c) => xml::push_bytes(&mut self.text, &c, &mut self.issues),
                Event::GeneralRef(r) => xml::push_ref(&mut self.text, &r, &mut self.issues),
                Event::Eof => break,
                _ => {}
            }
        }
        errors
    }

    fn open(&mut self, qname: &[u8], scope_len: usize, at: Pos) {
        let (ns, local) = self.scopes.resolve(qname);
        let frame = Frame {
            ns,
            local: local.to_vec(),
            qname: qname.to_vec(),
            scope_len,
            at,
        };
        if is_record(&frame) {
            self.record.clear();
        }
        self.stack.push(frame);
        self.text.clear();
    }

    /// Closes the element named `qname`; a message when it does not match.
    fn close(&mut self, qname: &[u8]) -> Option<String> {
        match self.stack.iter().rposition(|f| f.qname == qname) {
            Some(i) if i + 1 == self.stack.len() => {
                self.close_top();
                None
            }
            Some(i) => {
                // Elements left open inside it: close them too, and say so once.
                let open = &self.stack[i + 1];
                let message = format!(
                    "<{}> (line {}, column {}) is never closed",
                    String::from_utf8_lossy(&open.qname),
                    open.at.line,
                    open.at.col
                );
                while self.stack.len() > i + 1 {
                    self.close_top();
                }
                self.close_top();
                Some(message)
            }
            None => Some(match self.stack.last() {
                Some(open) => format!(
                    "</{}> does not match <{}> (line {}, column {})",
                    String::from_utf8_lossy(qname),
                    String::from_utf8_lossy(&open.qname),
                    open.at.line,
                    open.at.col
                ),
                None => format!("</{}> has no start tag", String::from_utf8_lossy(qname)),
            }),
        }
    }

    fn close_top(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        self.scopes.truncate(frame.scope_len);
        let value = std::mem::take(&mut self.text);
        if is_record(&frame) {
            self.finish_record(&frame);
            return;
        }
        if let Some(parent) = self.stack.last()
            && is_record(parent)
        {
            if frame.ns == Ns::Wp {
                self.record.push((frame.local, value));
            }
            return;
        }
        // A child of the channel: rss > channel > here.
        if self.stack.len() != 2 {
            return;
        }
        let info = &mut self.info;
        let slot = match (frame.ns, frame.local.as_slice()) {
            (Ns::Rss, b"title") => &mut info.title,
            (Ns::Rss, b"link") => &mut info.link,
            (Ns::Rss, b"description") => &mut info.description,
            (Ns::Rss, b"language") => &mut info.language,
            (Ns::Wp, b"base_site_url") => &mut info.base_site_url,
            (Ns::Wp, b"base_blog_url") => &mut info.base_blog_url,
            (Ns::Wp, b"wxr_version") => &mut info.wxr_version,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.trim().to_owned());
        }
    }

    fn finish_record(&mut self, frame: &Frame) {
        let get = |key: &[u8]| -> Option<String> {
            self.record
                .iter()
                .find(|(k, _)| k.as_slice() == key)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        match frame.local.as_slice() {
            b"author" => {
                if let Some(login) = get(b"author_login") {
                    let author = Author {
                        login: login.clone(),
                        display_name: get(b"author_display_name"),
                        first_name: get(b"author_first_name"),
                        last_name: get(b"author_last_name"),
                    };
                    self.authors.entry(login).or_insert(author);
                }
            }
            b"category" => self.terms.push(Term {
                taxonomy: "category".into(),
                slug: get(b"category_nicename").unwrap_or_default(),
                name: get(b"cat_name").unwrap_or_default(),
                parent: get(b"category_parent"),
            }),
            b"tag" => self.terms.push(Term {
                taxonomy: "post_tag".into(),
                slug: get(b"tag_slug").unwrap_or_default(),
                name: get(b"tag_name").unwrap_or_default(),
                parent: None,
            }),
            b"term" => self.terms.push(Term {
                taxonomy: get(b"term_taxonomy").unwrap_or_default(),
                slug: get(b"term_slug").unwrap_or_default(),
                name: get(b"term_name").unwrap_or_default(),
                parent: get(b"term_parent"),
            }),
            _ => {}
        }
        self.record.clear();
    }

    /// Elements still open at the end of the file (beyond `rss` and
    /// `channel`, which a truncated export may lack the ends of).
    pub fn unclosed(&self) -> Option<(Pos, String)> {
        let open = self.stack.last()?;
        Some((
            open.at,
            format!(
                "<{}> is never closed: the export ends early",
                String::from_utf8_lossy(&open.qname)
            ),
        ))
    }
}

/// `wp:author`, `wp:category`, `wp:tag`, `wp:term` directly in the channel.
fn is_record(frame: &Frame) -> bool {
    frame.ns == Ns::Wp
        && matches!(
            frame.local.as_slice(),
            b"author" | b"category" | b"tag" | b"term"
        )
}
