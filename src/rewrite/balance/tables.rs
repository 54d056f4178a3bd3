//! Tables, select and template (§ 13.2.6.4.9-18): implied `tbody`/`tr`,
//! foster parenting of what does not belong in a table, and the modes that
//! keep form controls and template contents in their own rules.

use super::body::is_hidden_input;
use super::tags::T;
use super::{Builder, Flow, Fmt, Mode, Open, Scope};
use crate::rewrite::tokenizer::{Tag, Token};

/// "Clear the stack back to a table context" and friends stop at these.
fn table_context(o: &Open) -> bool {
    o.is_html() && matches!(o.t, T::Table | T::Template | T::Html)
}
fn table_body_context(o: &Open) -> bool {
    o.is_html() && matches!(o.t, T::Tbody | T::Tfoot | T::Thead | T::Template | T::Html)
}
fn table_row_context(o: &Open) -> bool {
    o.is_html() && matches!(o.t, T::Tr | T::Template | T::Html)
}

fn tag_t(token: &Token<'_>) -> Option<(bool, T)> {
    match token {
        Token::StartTag(tag) => Some((true, T::of(&tag.name))),
        Token::EndTag(tag) => Some((false, T::of(&tag.name))),
        _ => None,
    }
}

impl<'a> Builder<'a> {
    /// Processes a token with the "in body" rules, foster parenting what
    /// they insert (§ 13.2.6.1): it lands before the table.
    fn foster_in_body(&mut self, token: Token<'a>) -> Flow<'a> {
        self.foster = true;
        let flow = self.in_body(token);
        self.foster = false;
        flow
    }

    pub(super) fn in_table(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(_) | Token::Null => {
                let cur = self.current();
                if cur.is_html()
                    && matches!(cur.t, T::Table | T::Tbody | T::Tfoot | T::Thead | T::Tr)
                {
                    self.pending_text.clear();
                    self.pending_non_ws = false;
                    self.orig_mode = self.mode;
                    return Flow::Reprocess(Mode::InTableText, token);
                }
                self.foster_in_body(token)
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                Flow::Done
            }
            Token::Doctype(_) => Flow::Done,
            Token::Eof => self.in_body(Token::Eof),
            Token::StartTag(tag) => self.table_start_tag(tag),
            Token::EndTag(tag) => match T::of(&tag.name) {
                T::Table => {
                    if self.in_scope_t(Scope::Table, T::Table) {
                        self.pop_until_t(T::Table);
                        self.mode = self.reset_mode();
                    }
                    Flow::Done
                }
                T::Body
                | T::Caption
                | T::Col
                | T::Colgroup
                | T::Html
                | T::Tbody
                | T::Td
                | T::Tfoot
                | T::Th
                | T::Thead
                | T::Tr => Flow::Done,
                T::Template => self.in_head(Token::EndTag(tag)),
                _ => self.foster_in_body(Token::EndTag(tag)),
            },
        }
    }

    fn table_start_tag(&mut self, tag: Tag<'a>) -> Flow<'a> {
        match T::of(&tag.name) {
            T::Caption => {
                self.pop_until_current(table_context);
                self.afe.push(Fmt::Marker);
                self.insert_html(tag, true);
                self.mode = Mode::InCaption;
                Flow::Done
            }
            T::Colgroup => {
                self.pop_until_current(table_context);
                self.insert_html(tag, true);
                self.mode = Mode::InColumnGroup;
                Flow::Done
            }
            T::Col => {
                self.pop_until_current(table_context);
                self.insert_phantom("colgroup");
                Flow::Reprocess(Mode::InColumnGroup, Token::StartTag(tag))
            }
            T::Tbody | T::Tfoot | T::Thead => {
                self.pop_until_current(table_context);
                self.insert_html(tag, true);
                self.mode = Mode::InTableBody;
                Flow::Done
            }
            T::Td | T::Th | T::Tr => {
                // A row or cell straight in a table gets its tbody.
                self.pop_until_current(table_context);
                self.insert_phantom("tbody");
                Flow::Reprocess(Mode::InTableBody, Token::StartTag(tag))
            }
            T::Table => {
                // A table in a table closes the first one.
                if self.in_scope_t(Scope::Table, T::Table) {
                    self.pop_until_t(T::Table);
                    return Flow::Reprocess(self.reset_mode(), Token::StartTag(tag));
                }
                Flow::Done
            }
            T::Style | T::Script | T::Template => self.in_head(Token::StartTag(tag)),
            T::Input if is_hidden_input(&tag) => {
                self.insert_html(tag, false);
                Flow::Done
            }
            T::Form => {
                if !self.has_open(T::Template) && self.form.is_none() {
                    self.form = Some(self.insert_html(tag, false));
                }
                Flow::Done
            }
            _ => self.foster_in_body(Token::StartTag(tag)),
        }
    }

    /// § 13.2.6.4.10: text in a table is kept there when it is all
    /// whitespace, and foster parented otherwise.
    pub(super) fn in_table_text(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Null => Flow::Done,
            Token::Text(s) => {
                if super::has_non_ws(&s) {
                    self.pending_non_ws = true;
                }
                self.pending_text.push_str(&s);
                Flow::Done
            }
            other => {
                let text = std::mem::take(&mut self.pending_text);
                if self.pending_non_ws {
                    self.foster_in_body(Token::Text(text.into()));
                } else {
                    self.insert_text(&text);
                }
                self.pending_non_ws = false;
                Flow::Reprocess(self.orig_mode, other)
            }
        }
    }

    pub(super) fn in_caption(&mut self, token: Token<'a>) -> Flow<'a> {
        match tag_t(&token) {
            Some((
                true,
                T::Caption
                | T::Col
                | T::Colgroup
                | T::Tbody
                | T::Td
                | T::Tfoot
                | T::Th
                | T::Thead
                | T::Tr,
            ))
            | Some((false, T::Table | T::Caption)) => {
                if !self.in_scope_t(Scope::Table, T::Caption) {
                    return Flow::Done;
                }
                self.generate_implied_end(None);
                self.pop_until_t(T::Caption);
                self.clear_formatting_to_marker();
                if matches!(tag_t(&token), Some((false, T::Caption))) {
                    self.mode = Mode::InTable;
                    return Flow::Done;
                }
                Flow::Reprocess(Mode::InTable, token)
            }
            Some((
                false,
                T::Body
                | T::Col
                | T::Colgroup
                | T::Html
                | T::Tbody
                | T::Td
                | T::Tfoot
                | T::Th
                | T::Thead
                | T::Tr,
            )) => Flow::Done,
            _ => self.in_body(token),
        }
    }

    pub(super) fn in_column_group(&mut self, token: Token<'a>) -> Flow<'a> {
        let Some(token) = self.space_and_comments(token) else {
            return Flow::Done;
        };
        let token = match token {
            Token::Eof => return self.in_body(Token::Eof),
            other => other,
        };
        match tag_t(&token) {
            Some((true, T::Html)) => return self.in_body(token),
            Some((true, T::Col)) => {
                if let Token::StartTag(tag) = token {
                    self.insert_html(tag, false);
                }
                return Flow::Done;
            }
            Some((false, T::Colgroup)) => {
                if self.current_is(T::Colgroup) {
                    self.pop();
                    self.mode = Mode::InTable;
                }
                return Flow::Done;
            }
            Some((false, T::Col)) => return Flow::Done,
            Some((_, T::Template)) => return self.in_head(token),
            _ => {}
        }
        if self.current_is(T::Colgroup) {
            self.pop();
            return Flow::Reprocess(Mode::InTable, token);
        }
        Flow::Done
    }

    pub(super) fn in_table_body(&mut self, token: Token<'a>) -> Flow<'a> {
        match tag_t(&token) {
            Some((true, T::Tr)) => {
                self.pop_until_current(table_body_context);
                if let Token::StartTag(tag) = token {
                    self.insert_html(tag, true);
                }
                self.mode = Mode::InRow;
                Flow::Done
            }
            Some((true, T::Th | T::Td)) => {
                self.pop_until_current(table_body_context);
                self.insert_phantom("tr");
                Flow::Reprocess(Mode::InRow, token)
            }
            Some((false, t @ (T::Tbody | T::Tfoot | T::Thead))) => {
                if self.in_scope_t(Scope::Table, t) {
                    self.pop_until_current(table_body_context);
                    self.pop();
                    self.mode = Mode::InTable;
                }
                Flow::Done
            }
            Some((true, T::Caption | T::Col | T::Colgroup | T::Tbody | T::Tfoot | T::Thead))
            | Some((false, T::Table)) => {
                // html5ever's set here is table, tbody, tfoot (not thead).
                if self.in_scope(Scope::Table, |o| {
                    o.is_html() && matches!(o.t, T::Table | T::Tbody | T::Tfoot)
                }) {
                    self.pop_until_current(table_body_context);
                    self.pop();
                    return Flow::Reprocess(Mode::InTable, token);
                }
                Flow::Done
            }
            Some((
                false,
                T::Body | T::Caption | T::Col | T::Colgroup | T::Html | T::Td | T::Th | T::Tr,
            )) => Flow::Done,
            _ => self.in_table(token),
        }
    }

    pub(super) fn in_row(&mut self, token: Token<'a>) -> Flow<'a> {
        match tag_t(&token) {
            Some((true, T::Th | T::Td)) => {
                self.pop_until_current(table_row_context);
                if let Token::StartTag(tag) = token {
                    self.insert_html(tag, true);
                }
                self.mode = Mode::InCell;
                self.afe.push(Fmt::Marker);
                Flow::Done
            }
            Some((false, T::Tr)) => {
                if self.in_scope_t(Scope::Table, T::Tr) {
                    self.pop_until_current(table_row_context);
                    self.pop();
                    self.mode = Mode::InTableBody;
                }
                Flow::Done
            }
            Some((
                true,
                T::Caption | T::Col | T::Colgroup | T::Tbody | T::Tfoot | T::Thead | T::Tr,
            ))
            | Some((false, T::Table)) => {
                if self.in_scope_t(Scope::Table, T::Tr) {
                    self.pop_until_current(table_row_context);
                    self.pop();
                    return Flow::Reprocess(Mode::InTableBody, token);
                }
                Flow::Done
            }
            Some((false, t @ (T::Tbody | T::Tfoot | T::Thead))) => {
                if !self.in_scope_t(Scope::Table, t) {
                    return Flow::Done;
                }
                if self.in_scope_t(Scope::Table, T::Tr) {
                    self.pop_until_current(table_row_context);
                    self.pop();
                    return Flow::Reprocess(Mode::InTableBody, token);
                }
                Flow::Done
            }
            Some((
                false,
                T::Body | T::Caption | T::Col | T::Colgroup | T::Html | T::Td | T::Th,
            )) => Flow::Done,
            _ => self.in_table(token),
        }
    }

    fn close_cell(&mut self) {
        self.generate_implied_end(None);
        self.pop_until(|o| o.is_html() && matches!(o.t, T::Td | T::Th));
        self.clear_formatting_to_marker();
    }

    pub(super) fn in_cell(&mut self, token: Token<'a>) -> Flow<'a> {
        match tag_t(&token) {
            Some((false, t @ (T::Td | T::Th))) => {
                if self.in_scope_t(Scope::Table, t) {
                    self.generate_implied_end(None);
                    self.pop_until_t(t);
                    self.clear_formatting_to_marker();
                    self.mode = Mode::InRow;
                }
                Flow::Done
            }
            Some((
                true,
                T::Caption
                | T::Col
                | T::Colgroup
                | T::Tbody
                | T::Td
                | T::Tfoot
                | T::Th
                | T::Thead
                | T::Tr,
            )) => {
                if self.in_scope(Scope::Table, |o| {
                    o.is_html() && matches!(o.t, T::Td | T::Th)
                }) {
                    self.close_cell();
                    return Flow::Reprocess(Mode::InRow, token);
                }
                Flow::Done
            }
            Some((false, T::Body | T::Caption | T::Col | T::Colgroup | T::Html)) => Flow::Done,
            Some((false, t @ (T::Table | T::Tbody | T::Tfoot | T::Thead | T::Tr))) => {
                if self.in_scope_t(Scope::Table, t) {
                    self.close_cell();
                    return Flow::Reprocess(Mode::InRow, token);
                }
                Flow::Done
            }
            _ => self.in_body(token),
        }
    }

    pub(super) fn in_select(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Null | Token::Doctype(_) => Flow::Done,
            Token::Text(s) => {
                self.insert_text(&s);
                Flow::Done
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                Flow::Done
            }
            Token::Eof => self.in_body(Token::Eof),
            Token::StartTag(tag) => match T::of(&tag.name) {
                T::Html => self.in_body(Token::StartTag(tag)),
                T::Option => {
                    if self.current_is(T::Option) {
                        self.pop();
                    }
                    self.insert_html(tag, true);
                    Flow::Done
                }
                t @ (T::Optgroup | T::Hr) => {
                    if self.current_is(T::Option) {
                        self.pop();
                    }
                    if self.current_is(T::Optgroup) {
                        self.pop();
                    }
                    self.insert_html(tag, t == T::Optgroup);
                    Flow::Done
                }
                T::Select => {
                    if self.in_scope_t(Scope::Select, T::Select) {
                        self.pop_until_t(T::Select);
                        self.mode = self.reset_mode();
                    }
                    Flow::Done
                }
                T::Input | T::Keygen | T::Textarea => {
                    if self.in_scope_t(Scope::Select, T::Select) {
                        self.pop_until_t(T::Select);
                        return Flow::Reprocess(self.reset_mode(), Token::StartTag(tag));
                    }
                    Flow::Done
                }
                T::Script | T::Template => self.in_head(Token::StartTag(tag)),
                _ => Flow::Done,
            },
            Token::EndTag(tag) => match T::of(&tag.name) {
                T::Optgroup => {
                    let n = self.open.len();
                    if self.current_is(T::Option)
                        && n >= 2
                        && self.open.get(n - 2).is_some_and(|o| o.is(T::Optgroup))
                    {
                        self.pop();
                    }
                    if self.current_is(T::Optgroup) {
                        self.pop();
                    }
                    Flow::Done
                }
                T::Option => {
                    if self.current_is(T::Option) {
                        self.pop();
                    }
                    Flow::Done
                }
                T::Select => {
                    if self.in_scope_t(Scope::Select, T::Select) {
                        self.pop_until_t(T::Select);
                        self.mode = self.reset_mode();
                    }
                    Flow::Done
                }
                T::Template => self.in_head(Token::EndTag(tag)),
                _ => Flow::Done,
            },
        }
    }

    pub(super) fn in_select_in_table(&mut self, token: Token<'a>) -> Flow<'a> {
        match tag_t(&token) {
            Some((
                true,
                T::Caption | T::Table | T::Tbody | T::Tfoot | T::Thead | T::Tr | T::Td | T::Th,
            )) => {
                self.pop_until_t(T::Select);
                Flow::Reprocess(self.reset_mode(), token)
            }
            Some((
                false,
                t
                @ (T::Caption | T::Table | T::Tbody | T::Tfoot | T::Thead | T::Tr | T::Td | T::Th),
            )) => {
                if self.in_scope_t(Scope::Table, t) {
                    self.pop_until_t(T::Select);
                    return Flow::Reprocess(self.reset_mode(), token);
                }
                Flow::Done
            }
            _ => self.in_select(token),
        }
    }

    /// § 13.2.6.4.18. Template contents are kept as the template's children
    /// (the sanitizer removes `<template>` with its content anyway).
    pub(super) fn in_template(&mut self, token: Token<'a>) -> Flow<'a> {
        match token {
            Token::Text(_) | Token::Comment(_) => self.in_body(token),
            Token::Eof => {
                if !self.has_open(T::Template) {
                    return Flow::Done;
                }
                self.pop_until_t(T::Template);
                self.clear_formatting_to_marker();
                self.template_modes.pop();
                let mode = self.reset_mode();
                Flow::Reprocess(mode, Token::Eof)
            }
            Token::StartTag(ref tag) => {
                let next = match T::of(&tag.name) {
                    T::Base
                    | T::Basefont
                    | T::Bgsound
                    | T::Link
                    | T::Meta
                    | T::Noframes
                    | T::Script
                    | T::Style
                    | T::Template
                    | T::Title => return self.in_head(token),
                    T::Caption | T::Colgroup | T::Tbody | T::Tfoot | T::Thead => Mode::InTable,
                    T::Col => Mode::InColumnGroup,
                    T::Tr => Mode::InTableBody,
                    T::Td | T::Th => Mode::InRow,
                    _ => Mode::InBody,
                };
                self.template_modes.pop();
                self.template_modes.push(next);
                Flow::Reprocess(next, token)
            }
            Token::EndTag(ref tag) if tag.name == "template" => self.in_head(token),
            _ => Flow::Done,
        }
    }
}
