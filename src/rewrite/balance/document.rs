//! The insertion modes around the body (§ 13.2.6.4.1-6, 8, 19-23): they
//! decide when the body starts, send `<title>`, `<meta>` and friends to the
//! (detached) head, and bring content after `</body>` or `</html>` back in.

use super::tags::T;
use super::{Builder, Flow, Mode, split_ws};
use crate::html::fragment::{Element, NodeData};
use crate::rewrite::tokenizer::{Doctype, State, Token};

impl<'a> Builder<'a> {
    /// Creates the (detached) `<html>` element and pushes it.
    fn create_html(&mut self) {
        let node = self.create(NodeData::Element(Element::html("html")));
        self.html = Some(node);
        let o = self.open_for(node);
        self.push(o);
    }

    pub(super) fn initial(&mut self, token: Token<'a>) -> Flow<'a> {
        let token = match token {
            Token::Text(s) => {
                let (_, rest) = split_ws(s);
                if rest.is_empty() {
                    return Flow::Done;
                }
                Token::Text(rest)
            }
            Token::Comment(_) => return Flow::Done,
            other => other,
        };
        // No DOCTYPE: quirks mode (§ 13.2.6.4.1).
        self.quirks = true;
        Flow::Reprocess(Mode::BeforeHtml, token)
    }

    pub(super) fn before_html(&mut self, token: Token<'a>) -> Flow<'a> {
        let token = match token {
            Token::Text(s) => {
                let (_, rest) = split_ws(s);
                if rest.is_empty() {
                    return Flow::Done;
                }
                Token::Text(rest)
            }
            Token::Comment(_) | Token::Doctype(_) => return Flow::Done,
            Token::StartTag(tag) if tag.name == "html" => {
                self.create_html();
                self.mode = Mode::BeforeHead;
                return Flow::Done;
            }
            Token::EndTag(tag) if !matches!(tag.name.as_ref(), "head" | "body" | "html" | "br") => {
                return Flow::Done;
            }
            other => other,
        };
        self.create_html();
        Flow::Reprocess(Mode::BeforeHead, token)
    }

    pub(super) fn before_head(&mut self, token: Token<'a>) -> Flow<'a> {
        let token = match token {
            Token::Text(s) => {
                let (_, rest) = split_ws(s);
                if rest.is_empty() {
                    return Flow::Done;
                }
                Token::Text(rest)
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                return Flow::Done;
            }
            Token::Doctype(_) => return Flow::Done,
            Token::StartTag(tag) if tag.name == "html" => {
                return self.in_body(Token::StartTag(tag));
            }
            Token::StartTag(tag) if tag.name == "head" => {
                self.head = Some(self.insert_html(tag, true));
                self.mode = Mode::InHead;
                return Flow::Done;
            }
            Token::EndTag(tag) if !matches!(tag.name.as_ref(), "head" | "body" | "html" | "br") => {
                return Flow::Done;
            }
            other => other,
        };
        self.head = Some(self.insert_phantom("head"));
        Flow::Reprocess(Mode::InHead, token)
    }

    pub(super) fn in_head(&mut self, token: Token<'a>) -> Flow<'a> {
        let Some(token) = self.space_and_comments(token) else {
            return Flow::Done;
        };
        let token = match token {
            Token::StartTag(tag) => match T::of(&tag.name) {
                T::Html => return self.in_body(Token::StartTag(tag)),
                T::Base | T::Basefont | T::Bgsound | T::Link | T::Meta => {
                    self.insert_html(tag, false);
                    return Flow::Done;
                }
                T::Title => return self.parse_raw(tag, State::Rcdata),
                T::Noframes | T::Style => return self.parse_raw(tag, State::Rawtext),
                // Scripting is off: <noscript> in head holds head elements.
                T::Noscript => {
                    self.insert_html(tag, true);
                    self.mode = Mode::InHeadNoscript;
                    return Flow::Done;
                }
                T::Script => return self.parse_raw(tag, State::ScriptData),
                T::Template => {
                    self.insert_html(tag, true);
                    self.afe.push(super::Fmt::Marker);
                    self.frameset_ok = false;
                    self.mode = Mode::InTemplate;
                    self.template_modes.push(Mode::InTemplate);
                    return Flow::Done;
                }
                T::Head => return Flow::Done,
                _ => Token::StartTag(tag),
            },
            Token::EndTag(tag) => match T::of(&tag.name) {
                T::Head => {
                    self.pop();
                    self.mode = Mode::AfterHead;
                    return Flow::Done;
                }
                T::Body | T::Html | T::Br => Token::EndTag(tag),
                T::Template => {
                    if self.has_open(T::Template) {
                        self.generate_implied_end_thoroughly();
                        self.pop_until_t(T::Template);
                        self.clear_formatting_to_marker();
                        self.template_modes.pop();
                        self.mode = self.reset_mode();
                    }
                    return Flow::Done;
                }
                _ => return Flow::Done,
            },
            other => other,
        };
        self.pop();
        Flow::Reprocess(Mode::AfterHead, token)
    }

    pub(super) fn in_head_noscript(&mut self, token: Token<'a>) -> Flow<'a> {
        let token = match token {
            Token::StartTag(tag) => match T::of(&tag.name) {
                T::Html => return self.in_body(Token::StartTag(tag)),
                T::Basefont | T::Bgsound | T::Link | T::Meta | T::Noframes | T::Style => {
                    return self.in_head(Token::StartTag(tag));
                }
                T::Head | T::Noscript => return Flow::Done,
                _ => Token::StartTag(tag),
            },
            Token::EndTag(tag) => match T::of(&tag.name) {
                T::Noscript => {
                    self.pop();
                    self.mode = Mode::InHead;
                    return Flow::Done;
                }
                T::Br => Token::EndTag(tag),
                _ => return Flow::Done,
            },
            Token::Text(s) => {
                let (ws, rest) = split_ws(s);
                if !ws.is_empty() {
                    self.in_head(Token::Text(ws));
                }
                if rest.is_empty() {
                    return Flow::Done;
                }
                Token::Text(rest)
            }
            Token::Comment(c) => return self.in_head(Token::Comment(c)),
            other => other,
        };
        self.pop();
        Flow::Reprocess(Mode::InHead, token)
    }

    pub(super) fn after_head(&mut self, token: Token<'a>) -> Flow<'a> {
        let Some(token) = self.space_and_comments(token) else {
            return Flow::Done;
        };
        let token = match token {
            Token::StartTag(tag) => match T::of(&tag.name) {
                T::Html => return self.in_body(Token::StartTag(tag)),
                T::Body => {
                    self.push_body();
                    self.frameset_ok = false;
                    self.mode = Mode::InBody;
                    return Flow::Done;
                }
                T::Frameset => {
                    self.insert_html(tag, true);
                    self.mode = Mode::InFrameset;
                    return Flow::Done;
                }
                T::Base
                | T::Basefont
                | T::Bgsound
                | T::Link
                | T::Meta
                | T::Noframes
                | T::Script
                | T::Style
                | T::Template
                | T::Title => {
                    // Head elements after </head> still go into the head.
                    let Some(head) = self.head else {
                        return Flow::Done;
                    };
                    let o = self.open_for(head);
                    self.push(o);
                    let flow = self.in_head(Token::StartTag(tag));
                    self.remove_from_stack(head);
                    return flow;
                }
                T::Head => return Flow::Done,
                _ => Token::StartTag(tag),
            },
            Token::EndTag(tag) => match T::of(&tag.name) {
                T::Template => return self.in_head(Token::EndTag(tag)),
                T::Body | T::Html | T::Br => Token::EndTag(tag),
                _ => return Flow::Done,
            },
            other => other,
        };
        self.push_body();
        Flow::Reprocess(Mode::InBody, token)
    }

    /// § 13.2.6.4.8 "text": inside a raw text or RCDATA element.
    pub(super) fn text(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(s) => {
                self.insert_text(&s);
                Flow::Done
            }
            Token::Eof => {
                self.pop();
                Flow::Reprocess(self.orig_mode, Token::Eof)
            }
            Token::EndTag(_) => {
                self.pop();
                self.mode = self.orig_mode;
                Flow::Done
            }
            _ => Flow::Done,
        }
    }

    pub(super) fn after_body(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(s) => {
                let (ws, rest) = split_ws(s);
                if !ws.is_empty() {
                    self.in_body(Token::Text(ws));
                }
                if rest.is_empty() {
                    return Flow::Done;
                }
                Flow::Reprocess(Mode::InBody, Token::Text(rest))
            }
            // Comments after </body> belong to <html>, not to the content.
            Token::Comment(_) | Token::Doctype(_) | Token::Eof => Flow::Done,
            Token::StartTag(tag) if tag.name == "html" => self.in_body(Token::StartTag(tag)),
            Token::EndTag(tag) if tag.name == "html" => {
                self.mode = Mode::AfterAfterBody;
                Flow::Done
            }
            other => Flow::Reprocess(Mode::InBody, other),
        }
    }

    pub(super) fn after_after_body(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(s) => {
                let (ws, rest) = split_ws(s);
                if !ws.is_empty() {
                    self.in_body(Token::Text(ws));
                }
                if rest.is_empty() {
                    return Flow::Done;
                }
                Flow::Reprocess(Mode::InBody, Token::Text(rest))
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Eof => Flow::Done,
            Token::StartTag(tag) if tag.name == "html" => self.in_body(Token::StartTag(tag)),
            other => Flow::Reprocess(Mode::InBody, other),
        }
    }

    pub(super) fn in_frameset(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(s) => {
                let (ws, _) = split_ws(s);
                self.insert_text(&ws);
                Flow::Done
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                Flow::Done
            }
            Token::StartTag(tag) => match T::of(&tag.name) {
                T::Html => self.in_body(Token::StartTag(tag)),
                T::Frameset => {
                    self.insert_html(tag, true);
                    Flow::Done
                }
                T::Frame => {
                    self.insert_html(tag, false);
                    Flow::Done
                }
                T::Noframes => self.in_head(Token::StartTag(tag)),
                _ => Flow::Done,
            },
            Token::EndTag(tag) if tag.name == "frameset" => {
                if self.open.len() > 1 {
                    self.pop();
                    if !self.current_is(T::Frameset) {
                        self.mode = Mode::AfterFrameset;
                    }
                }
                Flow::Done
            }
            _ => Flow::Done,
        }
    }

    pub(super) fn after_frameset(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(s) => {
                let (ws, _) = split_ws(s);
                self.insert_text(&ws);
                Flow::Done
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                Flow::Done
            }
            Token::StartTag(tag) if tag.name == "html" => self.in_body(Token::StartTag(tag)),
            Token::StartTag(tag) if tag.name == "noframes" => self.in_head(Token::StartTag(tag)),
            Token::EndTag(tag) if tag.name == "html" => {
                self.mode = Mode::AfterAfterFrameset;
                Flow::Done
            }
            _ => Flow::Done,
        }
    }

    pub(super) fn after_after_frameset(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::StartTag(tag) if tag.name == "html" => self.in_body(Token::StartTag(tag)),
            Token::StartTag(tag) if tag.name == "noframes" => self.in_head(Token::StartTag(tag)),
            _ => Flow::Done,
        }
    }
}

/// Whether a DOCTYPE puts the document in quirks mode (§ 13.2.6.4.1), which
/// matters to the body for one thing: `<table>` does not close an open `<p>`.
pub(super) fn doctype_is_quirky(d: &Doctype) -> bool {
    const PUBLIC_PREFIXES: &[&str] = &[
        "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
        "-//as//dtd html 3.0 aswedit + extensions//",
        "-//ietf//dtd html 2.0 level 1//",
        "-//ietf//dtd html 2.0 level 2//",
        "-//ietf//dtd html 2.0 strict level 1//",
        "-//ietf//dtd html 2.0 strict level 2//",
        "-//ietf//dtd html 2.0 strict//",
        "-//ietf//dtd html 2.0//",
        "-//ietf//dtd html 2.1e//",
        "-//ietf//dtd html 3.0//",
        "-//ietf//dtd html 3.2 final//",
        "-//ietf//dtd html 3.2//",
        "-//ietf//dtd html 3//",
        "-//ietf//dtd html level 0//",
        "-//ietf//dtd html level 1//",
        "-//ietf//dtd html level 2//",
        "-//ietf//dtd html level 3//",
        "-//ietf//dtd html strict level 0//",
        "-//ietf//dtd html strict level 1//",
        "-//ietf//dtd html strict level 2//",
        "-//ietf//dtd html strict level 3//",
        "-//ietf//dtd html strict//",
        "-//ietf//dtd html//",
        "-//metrius//dtd metrius presentational//",
        "-//microsoft//dtd internet explorer 2.0 html strict//",
        "-//microsoft//dtd internet explorer 2.0 html//",
        "-//microsoft//dtd internet explorer 2.0 tables//",
        "-//microsoft//dtd internet explorer 3.0 html strict//",
        "-//microsoft//dtd internet explorer 3.0 html//",
        "-//microsoft//dtd internet explorer 3.0 tables//",
        "-//netscape comm. corp.//dtd html//",
        "-//netscape comm. corp.//dtd strict html//",
        "-//o'reilly and associates//dtd html 2.0//",
        "-//o'reilly and associates//dtd html extended 1.0//",
        "-//o'reilly and associates//dtd html extended relaxed 1.0//",
        "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
        "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
        "-//spyglass//dtd html 2.0 extended//",
        "-//sq//dtd html 2.0 hotmetal + extensions//",
        "-//sun microsystems corp.//dtd hotjava html//",
        "-//sun microsystems corp.//dtd hotjava strict html//",
        "-//w3c//dtd html 3 1995-03-24//",
        "-//w3c//dtd html 3.2 draft//",
        "-//w3c//dtd html 3.2 final//",
        "-//w3c//dtd html 3.2//",
        "-//w3c//dtd html 3.2s draft//",
        "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//",
        "-//w3c//dtd html experimental 19960712//",
        "-//w3c//dtd html experimental 970421//",
        "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html 3.0//",
        "-//webtechs//dtd mozilla html 2.0//",
        "-//webtechs//dtd mozilla html//",
    ];
    const PUBLIC_MATCHES: &[&str] = &[
        "-//w3o//dtd w3 html strict 3.0//en//",
        "-/w3c/dtd html 4.0 transitional/en",
        "html",
    ];
    const SYSTEM_MATCHES: &[&str] = &["http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"];
    const HTML4_PREFIXES: &[&str] = &[
        "-//w3c//dtd html 4.01 frameset//",
        "-//w3c//dtd html 4.01 transitional//",
    ];

    if d.force_quirks || d.name.as_deref() != Some("html") {
        return true;
    }
    let public = d.public_id.as_deref().map(str::to_ascii_lowercase);
    let system = d.system_id.as_deref().map(str::to_ascii_lowercase);
    if let Some(p) = &public {
        if PUBLIC_MATCHES.contains(&p.as_str()) || PUBLIC_PREFIXES.iter().any(|x| p.starts_with(x))
        {
            return true;
        }
        if system.is_none() && HTML4_PREFIXES.iter().any(|x| p.starts_with(x)) {
            return true;
        }
    }
    system.is_some_and(|s| SYSTEM_MATCHES.contains(&s.as_str()))
}
