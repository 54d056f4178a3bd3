//! § 13.2.6.4.7 "The 'in body' insertion mode": where nearly all content is
//! placed. The rule order and sets follow html5ever (our oracle), which
//! follows the WHATWG text.

use std::borrow::Cow;

use super::tags::T;
use super::{Builder, Flow, Fmt, Mode, Scope, has_non_ws};
use crate::html::fragment::Namespace;
use crate::rewrite::tokenizer::{State, Tag, Token};

impl<'a> Builder<'a> {
    pub(super) fn in_body(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Null | Token::Doctype(_) => Flow::Done,
            Token::Text(s) => {
                self.reconstruct_formatting();
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
            Token::Eof => {
                if !self.template_modes.is_empty() {
                    return self.in_template(Token::Eof);
                }
                Flow::Done
            }
            Token::StartTag(tag) => self.body_start_tag(tag),
            Token::EndTag(tag) => self.body_end_tag(tag),
        }
    }

    fn body_start_tag(&mut self, tag: Tag<'a>) -> Flow<'a> {
        let t = T::of(&tag.name);
        match t {
            // Attributes on a second <html> or <body> would merge into the
            // existing element; neither is part of the Fragment.
            T::Html => Flow::Done,
            T::Base
            | T::Basefont
            | T::Bgsound
            | T::Link
            | T::Meta
            | T::Noframes
            | T::Script
            | T::Style
            | T::Template
            | T::Title => self.in_head(Token::StartTag(tag)),
            T::Body => {
                if self.open.get(1).is_some_and(|o| o.is(T::Body)) && !self.has_open(T::Template) {
                    self.frameset_ok = false;
                }
                Flow::Done
            }
            T::Frameset => {
                if !self.frameset_ok || !self.open.get(1).is_some_and(|o| o.is(T::Body)) {
                    return Flow::Done;
                }
                // The frameset replaces the body: its content is dropped.
                let root = self.f.root();
                while let Some(child) = self.f.first_child(root) {
                    self.f.detach(child);
                }
                self.truncate(1);
                self.insert_html(tag, true);
                self.mode = Mode::InFrameset;
                Flow::Done
            }
            T::Address
            | T::Article
            | T::Aside
            | T::Blockquote
            | T::Center
            | T::Details
            | T::Dialog
            | T::Dir
            | T::Div
            | T::Dl
            | T::Fieldset
            | T::Figcaption
            | T::Figure
            | T::Footer
            | T::Header
            | T::Hgroup
            | T::Main
            | T::Menu
            | T::Nav
            | T::Ol
            | T::P
            | T::Search
            | T::Section
            | T::Summary
            | T::Ul => {
                self.close_p_in_button_scope();
                self.insert_html(tag, true);
                Flow::Done
            }
            T::H1 | T::H2 | T::H3 | T::H4 | T::H5 | T::H6 => {
                self.close_p_in_button_scope();
                // A heading does not nest in a heading.
                if self
                    .open
                    .last()
                    .is_some_and(|o| o.is_html() && o.t.is_heading())
                {
                    self.pop();
                }
                self.insert_html(tag, true);
                Flow::Done
            }
            T::Pre | T::Listing => {
                self.close_p_in_button_scope();
                self.insert_html(tag, true);
                self.ignore_lf = true;
                self.frameset_ok = false;
                Flow::Done
            }
            T::Form => {
                let in_template = self.has_open(T::Template);
                if self.form.is_some() && !in_template {
                    return Flow::Done;
                }
                self.close_p_in_button_scope();
                let node = self.insert_html(tag, true);
                if !in_template {
                    self.form = Some(node);
                }
                Flow::Done
            }
            T::Li | T::Dd | T::Dt => {
                self.frameset_ok = false;
                let mut close = None;
                for o in self.open.iter().rev() {
                    let hit = if t == T::Li {
                        o.is(T::Li)
                    } else {
                        o.is(T::Dd) || o.is(T::Dt)
                    };
                    if hit {
                        close = Some(o.t);
                        break;
                    }
                    if o.is_special() && !matches!(o.t, T::Address | T::Div | T::P) {
                        break;
                    }
                }
                if let Some(c) = close {
                    self.generate_implied_end(Some(c));
                    self.pop_until_t(c);
                }
                self.close_p_in_button_scope();
                self.insert_html(tag, true);
                Flow::Done
            }
            T::Plaintext => {
                self.close_p_in_button_scope();
                self.insert_html(tag, true);
                self.switch_to = Some(State::Plaintext);
                Flow::Done
            }
            T::Button => {
                if self.in_scope_t(Scope::Default, T::Button) {
                    self.generate_implied_end(None);
                    self.pop_until_t(T::Button);
                }
                self.reconstruct_formatting();
                self.insert_html(tag, true);
                self.frameset_ok = false;
                Flow::Done
            }
            T::A => {
                // An <a> inside an open <a> closes it first.
                if let Some((_, old)) = self.formatting_after_marker(T::A) {
                    self.adoption_agency(T::A, "a");
                    if let Some(p) = self.afe_position(old) {
                        self.afe.remove(p);
                    }
                    self.remove_from_stack(old);
                }
                self.reconstruct_formatting();
                self.insert_formatting(tag);
                Flow::Done
            }
            T::B
            | T::Big
            | T::Code
            | T::Em
            | T::Font
            | T::I
            | T::S
            | T::Small
            | T::Strike
            | T::Strong
            | T::Tt
            | T::U => {
                self.reconstruct_formatting();
                self.insert_formatting(tag);
                Flow::Done
            }
            T::Nobr => {
                self.reconstruct_formatting();
                if self.in_scope_t(Scope::Default, T::Nobr) {
                    self.adoption_agency(T::Nobr, "nobr");
                    self.reconstruct_formatting();
                }
                self.insert_formatting(tag);
                Flow::Done
            }
            T::Applet | T::Marquee | T::Object => {
                self.reconstruct_formatting();
                self.insert_html(tag, true);
                self.afe.push(Fmt::Marker);
                self.frameset_ok = false;
                Flow::Done
            }
            T::Table => {
                // In quirks mode (no or an old DOCTYPE: most blog posts) a
                // table may sit inside a paragraph.
                if !self.quirks {
                    self.close_p_in_button_scope();
                }
                self.insert_html(tag, true);
                self.frameset_ok = false;
                self.mode = Mode::InTable;
                Flow::Done
            }
            T::Area | T::Br | T::Embed | T::Img | T::Keygen | T::Wbr | T::Input => {
                let hidden = t == T::Input && is_hidden_input(&tag);
                self.reconstruct_formatting();
                self.insert_html(tag, false);
                if !hidden {
                    self.frameset_ok = false;
                }
                Flow::Done
            }
            T::Param | T::Source | T::Track => {
                self.insert_html(tag, false);
                Flow::Done
            }
            T::Hr => {
                self.close_p_in_button_scope();
                self.insert_html(tag, false);
                self.frameset_ok = false;
                Flow::Done
            }
            T::Image => {
                // § 13.2.6.4.7: "Don't ask."
                let tag = Tag {
                    name: Cow::Borrowed("img"),
                    ..tag
                };
                self.body_start_tag(tag)
            }
            T::Textarea => {
                self.ignore_lf = true;
                self.frameset_ok = false;
                self.parse_raw(tag, State::Rcdata)
            }
            T::Xmp => {
                self.close_p_in_button_scope();
                self.reconstruct_formatting();
                self.frameset_ok = false;
                self.parse_raw(tag, State::Rawtext)
            }
            T::Iframe => {
                self.frameset_ok = false;
                self.parse_raw(tag, State::Rawtext)
            }
            T::Noembed => self.parse_raw(tag, State::Rawtext),
            T::Select => {
                self.reconstruct_formatting();
                self.insert_html(tag, true);
                self.frameset_ok = false;
                self.mode = match self.mode {
                    Mode::InTable
                    | Mode::InCaption
                    | Mode::InTableBody
                    | Mode::InRow
                    | Mode::InCell => Mode::InSelectInTable,
                    _ => Mode::InSelect,
                };
                Flow::Done
            }
            T::Optgroup | T::Option => {
                if self.current_is(T::Option) {
                    self.pop();
                }
                self.reconstruct_formatting();
                self.insert_html(tag, true);
                Flow::Done
            }
            T::Rb | T::Rtc => {
                if self.in_scope_t(Scope::Default, T::Ruby) {
                    self.generate_implied_end(None);
                }
                self.insert_html(tag, true);
                Flow::Done
            }
            T::Rp | T::Rt => {
                if self.in_scope_t(Scope::Default, T::Ruby) {
                    self.generate_implied_end(Some(T::Rtc));
                }
                self.insert_html(tag, true);
                Flow::Done
            }
            T::Math => self.enter_foreign(tag, Namespace::MathMl),
            T::Svg => self.enter_foreign(tag, Namespace::Svg),
            T::Caption
            | T::Col
            | T::Colgroup
            | T::Frame
            | T::Head
            | T::Tbody
            | T::Td
            | T::Tfoot
            | T::Th
            | T::Thead
            | T::Tr => Flow::Done,
            // Everything else, `<noscript>` included: scripting is off, so
            // its content is parsed as markup.
            _ => {
                self.reconstruct_formatting();
                self.insert_html(tag, true);
                Flow::Done
            }
        }
    }

    fn body_end_tag(&mut self, tag: Tag<'a>) -> Flow<'a> {
        let t = T::of(&tag.name);
        match t {
            T::Template => self.in_head(Token::EndTag(tag)),
            T::Body => {
                if self.in_scope_t(Scope::Default, T::Body) {
                    self.mode = Mode::AfterBody;
                }
                Flow::Done
            }
            T::Html => {
                if self.in_scope_t(Scope::Default, T::Body) {
                    return Flow::Reprocess(Mode::AfterBody, Token::EndTag(tag));
                }
                Flow::Done
            }
            T::Address
            | T::Article
            | T::Aside
            | T::Blockquote
            | T::Button
            | T::Center
            | T::Details
            | T::Dialog
            | T::Dir
            | T::Div
            | T::Dl
            | T::Fieldset
            | T::Figcaption
            | T::Figure
            | T::Footer
            | T::Header
            | T::Hgroup
            | T::Listing
            | T::Main
            | T::Menu
            | T::Nav
            | T::Ol
            | T::Pre
            | T::Search
            | T::Section
            | T::Summary
            | T::Ul => {
                if self.in_scope_t(Scope::Default, t) {
                    self.generate_implied_end(None);
                    self.pop_until_t(t);
                }
                Flow::Done
            }
            T::Form => {
                if !self.has_open(T::Template) {
                    let Some(node) = self.form.take() else {
                        return Flow::Done;
                    };
                    if !self.in_scope(Scope::Default, |o| o.id == node) {
                        return Flow::Done;
                    }
                    self.generate_implied_end(None);
                    self.remove_from_stack(node);
                } else {
                    if !self.in_scope_t(Scope::Default, T::Form) {
                        return Flow::Done;
                    }
                    self.generate_implied_end(None);
                    self.pop_until_t(T::Form);
                }
                Flow::Done
            }
            T::P => {
                // A stray </p> makes an empty paragraph.
                if !self.in_scope_t(Scope::Button, T::P) {
                    self.insert_phantom("p");
                }
                self.close_p();
                Flow::Done
            }
            T::Li | T::Dd | T::Dt => {
                let scope = if t == T::Li {
                    Scope::ListItem
                } else {
                    Scope::Default
                };
                if self.in_scope_t(scope, t) {
                    self.generate_implied_end(Some(t));
                    self.pop_until_t(t);
                }
                Flow::Done
            }
            T::H1 | T::H2 | T::H3 | T::H4 | T::H5 | T::H6 => {
                let any_open = [T::H1, T::H2, T::H3, T::H4, T::H5, T::H6]
                    .iter()
                    .any(|&h| self.has_open(h));
                if any_open && self.in_scope(Scope::Default, |o| o.is_html() && o.t.is_heading()) {
                    self.generate_implied_end(None);
                    self.pop_until(|o| o.is_html() && o.t.is_heading());
                }
                Flow::Done
            }
            T::A
            | T::B
            | T::Big
            | T::Code
            | T::Em
            | T::Font
            | T::I
            | T::Nobr
            | T::S
            | T::Small
            | T::Strike
            | T::Strong
            | T::Tt
            | T::U => {
                self.adoption_agency(t, &tag.name);
                Flow::Done
            }
            T::Applet | T::Marquee | T::Object => {
                if self.in_scope_t(Scope::Default, t) {
                    self.generate_implied_end(None);
                    self.pop_until_t(t);
                    self.clear_formatting_to_marker();
                }
                Flow::Done
            }
            T::Br => {
                // </br> is read as <br>.
                self.body_start_tag(Tag {
                    name: Cow::Borrowed("br"),
                    attrs: Vec::new(),
                    self_closing: false,
                })
            }
            _ => {
                self.end_tag_in_body_generic(t, &tag.name);
                Flow::Done
            }
        }
    }
}

/// `<input type=hidden>` keeps frameset-ok and is not foster parented.
pub(super) fn is_hidden_input(tag: &Tag<'_>) -> bool {
    tag.attr("type")
        .is_some_and(|v| v.eq_ignore_ascii_case("hidden"))
}
