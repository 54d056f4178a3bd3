//! Foreign content: SVG and MathML (§ 13.2.6.5). Elements keep their
//! namespace, SVG names get their camelCase back, and a handful of HTML
//! start tags break out of the foreign subtree.

use super::tags::{self, T};
use super::{Builder, Flow, has_non_ws, owned_attrs};
use crate::html::fragment::Namespace;
use crate::rewrite::tokenizer::{Tag, Token};

/// Start tags that end foreign content (§ 13.2.6.5, "A start tag whose tag
/// name is one of ...").
fn breaks_out(tag: &Tag<'_>) -> bool {
    match T::of(&tag.name) {
        T::B
        | T::Big
        | T::Blockquote
        | T::Body
        | T::Br
        | T::Center
        | T::Code
        | T::Dd
        | T::Div
        | T::Dl
        | T::Dt
        | T::Em
        | T::Embed
        | T::H1
        | T::H2
        | T::H3
        | T::H4
        | T::H5
        | T::H6
        | T::Head
        | T::Hr
        | T::I
        | T::Img
        | T::Li
        | T::Listing
        | T::Menu
        | T::Meta
        | T::Nobr
        | T::Ol
        | T::P
        | T::Pre
        | T::Ruby
        | T::S
        | T::Small
        | T::Span
        | T::Strong
        | T::Strike
        | T::Sub
        | T::Sup
        | T::Table
        | T::Tt
        | T::U
        | T::Ul
        | T::Var => true,
        T::Font => tag
            .attrs
            .iter()
            .any(|(n, _)| matches!(n.as_ref(), "color" | "face" | "size")),
        _ => false,
    }
}

/// Case-adjusts attribute names for the namespace (§ 13.2.6.1 "adjust SVG
/// attributes", "adjust MathML attributes"). Prefixed names such as
/// `xlink:href` keep their qualified spelling.
fn adjust_attrs(ns: Namespace, attrs: &mut [(String, String)]) {
    for (name, _) in attrs.iter_mut() {
        match ns {
            Namespace::Svg => {
                if let Some(fixed) = tags::svg_attr(name) {
                    *name = fixed.to_owned();
                }
            }
            Namespace::MathMl => {
                if name == "definitionurl" {
                    *name = "definitionURL".to_owned();
                }
            }
            Namespace::Html => {}
        }
    }
}

impl<'a> Builder<'a> {
    /// `<svg>` or `<math>` in HTML content.
    pub(super) fn enter_foreign(&mut self, tag: Tag<'a>, ns: Namespace) -> Flow<'a> {
        let mut attrs = owned_attrs(tag.attrs);
        adjust_attrs(ns, &mut attrs);
        self.insert_element(ns, tag.name.into_owned(), attrs, !tag.self_closing);
        Flow::Done
    }

    /// The rules for tokens in foreign content.
    pub(super) fn foreign(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Null => {
                self.insert_text("\u{FFFD}");
                Flow::Done
            }
            Token::Text(s) => {
                if has_non_ws(&s) {
                    self.frameset_ok = false;
                }
                self.insert_text(&s);
                Flow::Done
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                Flow::Done
            }
            Token::Doctype(_) | Token::Eof => Flow::Done,
            Token::StartTag(tag) if breaks_out(&tag) => self.break_out(Token::StartTag(tag)),
            Token::EndTag(tag) if matches!(tag.name.as_ref(), "br" | "p") => {
                self.break_out(Token::EndTag(tag))
            }
            Token::StartTag(tag) => {
                let ns = self.current().ns;
                let name = match ns {
                    Namespace::Svg => match tags::svg_tag(&tag.name) {
                        Some(fixed) => fixed.to_owned(),
                        None => tag.name.into_owned(),
                    },
                    _ => tag.name.into_owned(),
                };
                let mut attrs = owned_attrs(tag.attrs);
                adjust_attrs(ns, &mut attrs);
                self.insert_element(ns, name, attrs, !tag.self_closing);
                Flow::Done
            }
            Token::EndTag(tag) => {
                // Close the nearest element of that name (any case), unless
                // an HTML element comes first: then the HTML rules decide.
                let mut i = self.open.len().saturating_sub(1);
                let mut first = true;
                loop {
                    if i == 0 {
                        return Flow::Done;
                    }
                    let Some(&o) = self.open.get(i) else {
                        return Flow::Done;
                    };
                    if !first && o.is_html() {
                        let mode = self.mode;
                        return self.step(mode, Token::EndTag(tag));
                    }
                    let same = self
                        .f
                        .element(o.id)
                        .is_some_and(|e| e.name.eq_ignore_ascii_case(&tag.name));
                    if same {
                        self.truncate(i);
                        return Flow::Done;
                    }
                    first = false;
                    i -= 1;
                }
            }
        }
    }

    /// Pops out of foreign content, then processes the token as HTML.
    fn break_out(&mut self, token: Token<'a>) -> Flow<'a> {
        while let Some(o) = self.open.last() {
            if o.is_html() || matches!(o.point, super::Point::MathText | super::Point::Html) {
                break;
            }
            self.pop();
        }
        let mode = self.mode;
        self.step(mode, token)
    }
}
