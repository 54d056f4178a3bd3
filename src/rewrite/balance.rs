//! The balancer: tokenizes HTML and builds the Fragment as an HTML5 browser
//! builds the children of `<body>` (WHATWG HTML § 13.2.6 "Tree construction").
//!
//! The input is parsed as a whole document with scripting disabled, the way
//! html5ever (our test oracle) parses it; the Fragment's root stands for the
//! `<body>` element. `<html>`, `<head>` and whatever goes into them are built
//! as detached nodes that no walk from the root reaches.
//!
//! Everything here is iterative: the stack of open elements is a `Vec`, the
//! tree is the arena, and no function recurses with the nesting depth.
//!
//! Layout: this file holds the parser state and the algorithms the
//! insertion modes share (scopes, insertion, active formatting elements,
//! the adoption agency); `body.rs` is "in body", `tables.rs` the table,
//! select and template modes, `document.rs` the modes around the body,
//! `foreign.rs` SVG and MathML.

mod body;
mod document;
mod foreign;
mod tables;
mod tags;

use std::borrow::Cow;

use super::tokenizer::{self, State, Tag, Token, Tokenizer};
use super::{Budget, RewriteError};
use crate::html::fragment::{Element, Fragment, Namespace, NodeData, NodeId};
use tags::T;

/// The most elements the stack of open elements holds before a start tag
/// (the depth of the tree, give or take the few elements one token
/// implies). A start tag that finds the stack this deep first closes the
/// current node, so deeper markup becomes siblings at this depth, its text
/// kept. WebKit and Blink cap the tree at the same depth
/// (`kMaximumHTMLParserDOMTreeDepth`, 512); here the cap is on the stack,
/// so that every walk of the stack the algorithms of § 13.2.6 make (scopes,
/// the adoption agency, the reset of the insertion mode) is bounded, and
/// so is every walk up the tree in the rules and the writers. See
/// docs/balancing.md, "Limits and depth".
pub const MAX_DEPTH: usize = 512;

/// The most formatting elements the list of active formatting elements
/// holds after its last marker; a new one beyond them pushes out the
/// earliest. HTML's "Noah's Ark" clause keeps at most three identical
/// ones; elements that differ (`<i title=1>`, `<i title=2>`...) left open
/// across paragraphs are reopened in every paragraph (§ 13.2.4.3), which
/// grows the tree with the square of their number. With this cap a
/// paragraph reopens at most this many.
pub const MAX_FORMATTING: usize = 32;

/// Builds the Fragment for an HTML body fragment (or a whole page, whose
/// `<body>` content is taken).
pub fn balance(html: &str, budget: &Budget) -> Result<Fragment, RewriteError> {
    balance_with_depth(html, budget, MAX_DEPTH)
}

/// [`balance`] with another cap than [`MAX_DEPTH`] on the stack of open
/// elements: tests use a small one to exercise the cap on ordinary inputs.
pub fn balance_with_depth(
    html: &str,
    budget: &Budget,
    max_depth: usize,
) -> Result<Fragment, RewriteError> {
    if html.len() > budget.max_input_bytes {
        return Err(RewriteError::TooLarge {
            size: html.len(),
            limit: budget.max_input_bytes,
        });
    }
    let input = tokenizer::normalize_newlines(html);
    let mut tokens = Tokenizer::new(&input);
    let mut b = Builder::new(budget.max_nodes);
    // The html and body elements stay below whatever cap.
    b.max_depth = max_depth.max(3);
    loop {
        tokens.cdata_allowed = b.current_is_foreign();
        let token = tokens.next_token();
        let eof = matches!(token, Token::Eof);
        b.feed(token);
        if let Some(state) = b.switch_to.take() {
            tokens.set_state(state);
        }
        if b.over_budget() {
            return Err(RewriteError::TooManyNodes {
                limit: budget.max_nodes,
            });
        }
        if eof {
            break;
        }
    }
    Ok(b.f)
}

/// The insertion modes of § 13.2.4.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Initial,
    BeforeHtml,
    BeforeHead,
    InHead,
    InHeadNoscript,
    AfterHead,
    InBody,
    Text,
    InTable,
    InTableText,
    InCaption,
    InColumnGroup,
    InTableBody,
    InRow,
    InCell,
    InSelect,
    InSelectInTable,
    InTemplate,
    AfterBody,
    InFrameset,
    AfterFrameset,
    AfterAfterBody,
    AfterAfterFrameset,
}

/// What a rule asks the dispatcher to do next.
enum Flow<'a> {
    Done,
    /// Process the token again in another mode (§ 13.2.6 "reprocess").
    Reprocess(Mode, Token<'a>),
}

/// Integration points (§ 13.2.6.5): where foreign content lets HTML back in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
    None,
    /// MathML `mi`, `mo`, `mn`, `ms`, `mtext`.
    MathText,
    /// SVG `foreignObject`, `desc`, `title`.
    Html,
    /// MathML `annotation-xml`; `true` when its encoding is HTML.
    AnnotationXml(bool),
}

/// An entry of the stack of open elements, with what the rules ask of it
/// cached so that they never look the name up again.
#[derive(Clone, Copy, Debug)]
struct Open {
    id: NodeId,
    t: T,
    ns: Namespace,
    point: Point,
}

impl Open {
    /// Whether this is the HTML element `t`.
    fn is(&self, t: T) -> bool {
        self.t == t && self.ns == Namespace::Html
    }
    fn is_html(&self) -> bool {
        self.ns == Namespace::Html
    }
    fn is_special(&self) -> bool {
        self.is_html() && self.t.is_special()
    }
}

/// An entry of the list of active formatting elements (§ 13.2.4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fmt {
    Marker,
    El(NodeId),
}

/// The scopes of § 13.2.4.2 "has an element in the specific scope".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
    Select,
}

/// Where a node goes: § 13.2.6.1 "appropriate place for inserting a node".
#[derive(Clone, Copy, Debug)]
enum Place {
    Append(NodeId),
    Before(NodeId),
}

struct Builder<'a> {
    f: Fragment,
    max_nodes: usize,
    /// [`MAX_DEPTH`], smaller in tests.
    max_depth: usize,
    open: Vec<Open>,
    /// How many HTML elements of each known name are open: most "in scope"
    /// questions are answered "no" without walking a deep stack.
    counts: [u32; tags::COUNT],
    /// Per arena node: is it on the stack of open elements?
    on_stack: Vec<bool>,
    afe: Vec<Fmt>,
    mode: Mode,
    orig_mode: Mode,
    template_modes: Vec<Mode>,
    html: Option<NodeId>,
    head: Option<NodeId>,
    form: Option<NodeId>,
    frameset_ok: bool,
    quirks: bool,
    foster: bool,
    ignore_lf: bool,
    pending_text: String,
    pending_non_ws: bool,
    /// A content model for the tokenizer, set by raw text start tags.
    switch_to: Option<State>,
    _input: std::marker::PhantomData<&'a str>,
}

fn is_ws_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
}

fn has_non_ws(s: &str) -> bool {
    s.chars().any(|c| !is_ws_char(c))
}

/// Splits leading HTML whitespace off a text token.
fn split_ws(s: Cow<'_, str>) -> (Cow<'_, str>, Cow<'_, str>) {
    let n = s.len() - s.trim_start_matches(is_ws_char).len();
    match s {
        Cow::Borrowed(b) => {
            let (ws, rest) = b.split_at(n);
            (Cow::Borrowed(ws), Cow::Borrowed(rest))
        }
        Cow::Owned(o) => {
            let (ws, rest) = o.split_at(n);
            (Cow::Owned(ws.to_owned()), Cow::Owned(rest.to_owned()))
        }
    }
}

fn owned_attrs(attrs: Vec<(Cow<'_, str>, Cow<'_, str>)>) -> Vec<(String, String)> {
    attrs
        .into_iter()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

impl<'a> Builder<'a> {
    fn new(max_nodes: usize) -> Builder<'a> {
        Builder {
            f: Fragment::new(),
            max_nodes,
            max_depth: MAX_DEPTH,
            open: Vec::new(),
            counts: [0; tags::COUNT],
            on_stack: vec![false],
            afe: Vec::new(),
            mode: Mode::Initial,
            orig_mode: Mode::InBody,
            template_modes: Vec::new(),
            html: None,
            head: None,
            form: None,
            frameset_ok: true,
            quirks: false,
            foster: false,
            ignore_lf: false,
            pending_text: String::new(),
            pending_non_ws: false,
            switch_to: None,
            _input: std::marker::PhantomData,
        }
    }

    /// [`MAX_DEPTH`]: closes current nodes until a start tag may open one
    /// more, as their end tags would, then resets the insertion mode (the
    /// closed node may have been a cell, a row or a table). A closed
    /// formatting element leaves the list of active formatting elements,
    /// or the next text would reopen it; a closed cell, caption, object or
    /// template takes its marker with it.
    fn make_room(&mut self) {
        while self.open.len() >= self.max_depth {
            let Some(o) = self.pop() else {
                break;
            };
            if o.is_html()
                && matches!(
                    o.t,
                    T::Td | T::Th | T::Caption | T::Applet | T::Marquee | T::Object | T::Template
                )
            {
                self.clear_formatting_to_marker();
                if o.t == T::Template {
                    self.template_modes.pop();
                }
            } else if let Some(p) = self.afe_position(o.id) {
                self.afe.remove(p);
            }
        }
        self.mode = self.reset_mode();
    }

    fn over_budget(&self) -> bool {
        self.f.len() > self.max_nodes
    }

    // ---- dispatch -----------------------------------------------------------

    /// One token from the tokenizer (§ 13.2.6 "tree construction dispatcher").
    fn feed(&mut self, token: Token<'a>) {
        let ignore_lf = std::mem::take(&mut self.ignore_lf);
        let token = match token {
            Token::Doctype(d) => {
                if self.mode == Mode::Initial {
                    self.quirks = document::doctype_is_quirky(&d);
                    self.mode = Mode::BeforeHtml;
                }
                return;
            }
            // § 13.2.6.4.7 `pre`, `listing`, `textarea`: a newline right after
            // the start tag is dropped.
            Token::Text(s) if ignore_lf && s.starts_with('\n') => {
                let rest = match s {
                    Cow::Borrowed(b) => Cow::Borrowed(b.get(1..).unwrap_or_default()),
                    Cow::Owned(o) => Cow::Owned(o.get(1..).unwrap_or_default().to_owned()),
                };
                if rest.is_empty() {
                    return;
                }
                Token::Text(rest)
            }
            other => other,
        };
        let mut token = token;
        // Once per token: a token that is reprocessed (a table's implied
        // `tbody`, then the `tr` again) must not undo its own insertions.
        let mut room_checked = false;
        loop {
            if !room_checked
                && matches!(token, Token::StartTag(_))
                && !matches!(self.mode, Mode::Text | Mode::InTableText)
            {
                room_checked = true;
                if self.open.len() >= self.max_depth {
                    self.make_room();
                }
            }
            let flow = if self.is_foreign(&token) {
                self.foreign(token)
            } else {
                self.step(self.mode, token)
            };
            match flow {
                Flow::Done => return,
                Flow::Reprocess(mode, t) => {
                    self.mode = mode;
                    token = t;
                }
            }
        }
    }

    fn step(&mut self, mode: Mode, token: Token<'a>) -> Flow<'a> {
        match mode {
            Mode::Initial => self.initial(token),
            Mode::BeforeHtml => self.before_html(token),
            Mode::BeforeHead => self.before_head(token),
            Mode::InHead => self.in_head(token),
            Mode::InHeadNoscript => self.in_head_noscript(token),
            Mode::AfterHead => self.after_head(token),
            Mode::InBody => self.in_body(token),
            Mode::Text => self.text(token),
            Mode::InTable => self.in_table(token),
            Mode::InTableText => self.in_table_text(token),
            Mode::InCaption => self.in_caption(token),
            Mode::InColumnGroup => self.in_column_group(token),
            Mode::InTableBody => self.in_table_body(token),
            Mode::InRow => self.in_row(token),
            Mode::InCell => self.in_cell(token),
            Mode::InSelect => self.in_select(token),
            Mode::InSelectInTable => self.in_select_in_table(token),
            Mode::InTemplate => self.in_template(token),
            Mode::AfterBody => self.after_body(token),
            Mode::InFrameset => self.in_frameset(token),
            Mode::AfterFrameset => self.after_frameset(token),
            Mode::AfterAfterBody => self.after_after_body(token),
            Mode::AfterAfterFrameset => self.after_after_frameset(token),
        }
    }

    // ---- the stack of open elements ----------------------------------------

    fn root_open(&self) -> Open {
        Open {
            id: self.f.root(),
            t: T::Body,
            ns: Namespace::Html,
            point: Point::None,
        }
    }

    /// The current node; the body when the stack is (abnormally) empty.
    fn current(&self) -> Open {
        self.open
            .last()
            .copied()
            .unwrap_or_else(|| self.root_open())
    }

    fn current_is(&self, t: T) -> bool {
        self.open.last().is_some_and(|o| o.is(t))
    }

    fn current_is_foreign(&self) -> bool {
        self.open.last().is_some_and(|o| !o.is_html())
    }

    /// The stack entry for an element node.
    fn open_for(&self, id: NodeId) -> Open {
        let Some(e) = self.f.element(id) else {
            return Open {
                id,
                t: T::Body,
                ns: Namespace::Html,
                point: Point::None,
            };
        };
        let point = match (e.namespace, e.name.as_str()) {
            (Namespace::MathMl, "mi" | "mo" | "mn" | "ms" | "mtext") => Point::MathText,
            (Namespace::Svg, "foreignObject" | "desc" | "title") => Point::Html,
            (Namespace::MathMl, "annotation-xml") => {
                Point::AnnotationXml(e.attr("encoding").is_some_and(|v| {
                    v.eq_ignore_ascii_case("text/html")
                        || v.eq_ignore_ascii_case("application/xhtml+xml")
                }))
            }
            _ => Point::None,
        };
        let t = match e.namespace {
            Namespace::Html => T::of(&e.name),
            _ => T::Other,
        };
        Open {
            id,
            t,
            ns: e.namespace,
            point,
        }
    }

    fn mark(&mut self, id: NodeId, on: bool) {
        if let Some(slot) = self.on_stack.get_mut(id.index()) {
            *slot = on;
        }
    }

    fn count(&mut self, o: Open, add: bool) {
        if o.is_html()
            && let Some(c) = self.counts.get_mut(o.t as usize)
        {
            *c = if add { *c + 1 } else { c.saturating_sub(1) };
        }
    }

    fn push(&mut self, o: Open) {
        self.count(o, true);
        self.mark(o.id, true);
        self.open.push(o);
    }

    fn pop(&mut self) -> Option<Open> {
        let o = self.open.pop()?;
        self.count(o, false);
        self.mark(o.id, false);
        Some(o)
    }

    fn remove_at(&mut self, i: usize) {
        if i < self.open.len() {
            let o = self.open.remove(i);
            self.count(o, false);
            self.mark(o.id, false);
        }
    }

    fn remove_from_stack(&mut self, id: NodeId) {
        if let Some(i) = self.open.iter().rposition(|o| o.id == id) {
            self.remove_at(i);
        }
    }

    fn truncate(&mut self, len: usize) {
        while self.open.len() > len {
            self.pop();
        }
    }

    fn is_open(&self, id: NodeId) -> bool {
        self.on_stack.get(id.index()).copied().unwrap_or(false)
    }

    fn has_open(&self, t: T) -> bool {
        self.counts.get(t as usize).is_some_and(|&c| c > 0)
    }

    fn is_boundary(scope: Scope, o: &Open) -> bool {
        let html = o.is_html();
        match scope {
            Scope::Default | Scope::ListItem | Scope::Button => {
                (html
                    && matches!(
                        o.t,
                        T::Applet
                            | T::Caption
                            | T::Html
                            | T::Table
                            | T::Td
                            | T::Th
                            | T::Marquee
                            | T::Object
                            | T::Template
                    ))
                    || matches!(o.point, Point::MathText | Point::Html)
                    || (scope == Scope::ListItem && html && matches!(o.t, T::Ol | T::Ul))
                    || (scope == Scope::Button && o.is(T::Button))
            }
            Scope::Table => html && matches!(o.t, T::Html | T::Table | T::Template),
            Scope::Select => !(html && matches!(o.t, T::Optgroup | T::Option)),
        }
    }

    /// § 13.2.4.2 "has an element in scope" for any element matching `pred`.
    fn in_scope(&self, scope: Scope, pred: impl Fn(&Open) -> bool) -> bool {
        for o in self.open.iter().rev() {
            if pred(o) {
                return true;
            }
            if Self::is_boundary(scope, o) {
                return false;
            }
        }
        false
    }

    fn in_scope_t(&self, scope: Scope, t: T) -> bool {
        self.has_open(t) && self.in_scope(scope, |o| o.is(t))
    }

    /// Pops until an element matching `pred` has been popped.
    fn pop_until(&mut self, pred: impl Fn(&Open) -> bool) {
        while let Some(o) = self.pop() {
            if pred(&o) {
                return;
            }
        }
    }

    fn pop_until_t(&mut self, t: T) {
        self.pop_until(|o| o.is(t));
    }

    /// Pops until the current node matches `pred` ("clear the stack back to
    /// a table context" and friends).
    fn pop_until_current(&mut self, pred: impl Fn(&Open) -> bool) {
        while let Some(o) = self.open.last() {
            if pred(o) {
                return;
            }
            self.pop();
        }
    }

    /// § 13.2.6.3 "generate implied end tags", except for `except`.
    fn generate_implied_end(&mut self, except: Option<T>) {
        while let Some(o) = self.open.last() {
            if !o.is_html() || !o.t.has_implied_end() || Some(o.t) == except {
                return;
            }
            self.pop();
        }
    }

    fn generate_implied_end_thoroughly(&mut self) {
        while let Some(o) = self.open.last() {
            if !o.is_html() || !o.t.has_thorough_implied_end() {
                return;
            }
            self.pop();
        }
    }

    fn close_p(&mut self) {
        self.generate_implied_end(Some(T::P));
        self.pop_until_t(T::P);
    }

    fn close_p_in_button_scope(&mut self) {
        if self.in_scope_t(Scope::Button, T::P) {
            self.close_p();
        }
    }

    // ---- insertion ----------------------------------------------------------

    fn create(&mut self, data: NodeData) -> NodeId {
        let id = self.f.create(data);
        if self.on_stack.len() <= id.index() {
            self.on_stack.resize(id.index() + 1, false);
        }
        id
    }

    /// § 13.2.6.1, with foster parenting when `self.foster` is set.
    fn place_for(&self, target: Open) -> Place {
        let fosters = self.foster
            && target.is_html()
            && matches!(target.t, T::Table | T::Tbody | T::Tfoot | T::Thead | T::Tr);
        if !fosters {
            return Place::Append(target.id);
        }
        for (i, o) in self.open.iter().enumerate().rev() {
            if o.is(T::Template) {
                return Place::Append(o.id);
            }
            if o.is(T::Table) {
                if self.f.parent(o.id).is_some() {
                    return Place::Before(o.id);
                }
                if let Some(prev) = i.checked_sub(1).and_then(|p| self.open.get(p)) {
                    return Place::Append(prev.id);
                }
            }
        }
        Place::Append(self.html.unwrap_or(self.f.root()))
    }

    fn place(&self) -> Place {
        self.place_for(self.current())
    }

    fn insert_at(&mut self, place: Place, node: NodeId) {
        match place {
            Place::Append(parent) => self.f.append(parent, node),
            Place::Before(sibling) => self.f.insert_before(sibling, node),
        }
    }

    /// The steps the head and table modes begin with (HTML §13.2.6.4.4
    /// "in head", §13.2.6.4.6 "after head", §13.2.6.4.12 "in column
    /// group"): leading white space and comments are inserted, a DOCTYPE
    /// is ignored. Returns the token still to be handled, if any.
    fn space_and_comments(&mut self, token: Token<'a>) -> Option<Token<'a>> {
        match token {
            Token::Text(s) => {
                let (ws, rest) = split_ws(s);
                self.insert_text(&ws);
                (!rest.is_empty()).then_some(Token::Text(rest))
            }
            Token::Comment(c) => {
                self.insert_comment(&c);
                None
            }
            Token::Doctype(_) => None,
            other => Some(other),
        }
    }

    fn insert_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.place() {
            Place::Append(parent) => self.f.append_text(parent, text),
            Place::Before(sibling) => {
                if let Some(prev) = self.f.prev_sibling(sibling)
                    && let NodeData::Text(t) = self.f.data_mut(prev)
                {
                    t.push_str(text);
                    return;
                }
                let node = self.create(NodeData::Text(text.to_owned()));
                self.f.insert_before(sibling, node);
            }
        }
    }

    fn insert_comment(&mut self, text: &str) {
        let node = self.create(NodeData::Comment(text.to_owned()));
        let place = self.place();
        self.insert_at(place, node);
    }

    /// Creates an element, inserts it at the appropriate place and (unless
    /// `push` is false) pushes it on the stack.
    fn insert_element(
        &mut self,
        ns: Namespace,
        name: String,
        attrs: Vec<(String, String)>,
        push: bool,
    ) -> NodeId {
        let node = self.create(NodeData::Element(Element {
            name,
            namespace: ns,
            attrs,
        }));
        let place = self.place();
        self.insert_at(place, node);
        if push {
            let o = self.open_for(node);
            self.push(o);
        }
        node
    }

    /// "Insert an HTML element for the token".
    fn insert_html(&mut self, tag: Tag<'a>, push: bool) -> NodeId {
        self.insert_element(
            Namespace::Html,
            tag.name.into_owned(),
            owned_attrs(tag.attrs),
            push,
        )
    }

    /// An element the rules imply (`tbody`, `tr`, `colgroup`, `p`, `head`).
    fn insert_phantom(&mut self, name: &str) -> NodeId {
        self.insert_element(Namespace::Html, name.to_owned(), Vec::new(), true)
    }

    /// The body is the Fragment's root: implied or opened, it is pushed, never created.
    fn push_body(&mut self) {
        let o = self.root_open();
        self.push(o);
    }

    /// § 13.2.6.2: raw text and RCDATA elements; `Text` mode until their end tag.
    fn parse_raw(&mut self, tag: Tag<'a>, state: State) -> Flow<'a> {
        self.insert_html(tag, true);
        self.orig_mode = self.mode;
        self.mode = Mode::Text;
        self.switch_to = Some(state);
        Flow::Done
    }

    fn clone_element(&mut self, id: NodeId) -> NodeId {
        let data = match self.f.element(id) {
            Some(e) => NodeData::Element(e.clone()),
            None => NodeData::Element(Element::html("span")),
        };
        self.create(data)
    }

    // ---- the list of active formatting elements ----------------------------

    fn afe_position(&self, id: NodeId) -> Option<usize> {
        self.afe.iter().rposition(|f| *f == Fmt::El(id))
    }

    /// § 13.2.4.3 "reconstruct the active formatting elements".
    fn reconstruct_formatting(&mut self) {
        let Some(&last) = self.afe.last() else {
            return;
        };
        let open_or_marker = |b: &Self, f: Fmt| match f {
            Fmt::Marker => true,
            Fmt::El(id) => b.is_open(id),
        };
        if open_or_marker(self, last) {
            return;
        }
        let mut i = self.afe.len() - 1;
        while i > 0 {
            i -= 1;
            if self.afe.get(i).is_some_and(|&f| open_or_marker(self, f)) {
                i += 1;
                break;
            }
        }
        while let Some(&Fmt::El(old)) = self.afe.get(i) {
            let new = self.clone_element(old);
            let place = self.place();
            self.insert_at(place, new);
            let o = self.open_for(new);
            self.push(o);
            if let Some(slot) = self.afe.get_mut(i) {
                *slot = Fmt::El(new);
            }
            i += 1;
            if self.over_budget() {
                return;
            }
        }
    }

    fn clear_formatting_to_marker(&mut self) {
        while let Some(f) = self.afe.pop() {
            if f == Fmt::Marker {
                return;
            }
        }
    }

    fn same_element(&self, a: NodeId, b: NodeId) -> bool {
        match (self.f.element(a), self.f.element(b)) {
            (Some(x), Some(y)) => {
                if x.name != y.name || x.namespace != y.namespace || x.attrs.len() != y.attrs.len()
                {
                    return false;
                }
                if x.attrs.len() <= 16 {
                    return x.attrs.iter().all(|a| y.attrs.contains(a));
                }
                // Sorted, not each looked up in the other: many attributes
                // on many formatting elements would be quadratic.
                let mut xs: Vec<_> = x.attrs.iter().collect();
                let mut ys: Vec<_> = y.attrs.iter().collect();
                xs.sort_unstable();
                ys.sort_unstable();
                xs == ys
            }
            _ => false,
        }
    }

    /// Inserts a formatting element and records it, keeping at most three
    /// identical ones after the last marker (the "Noah's Ark" clause).
    fn insert_formatting(&mut self, tag: Tag<'a>) {
        let node = self.insert_html(tag, true);
        let mut matches = 0;
        let mut earliest = None;
        let mut first = None;
        let mut entries = 0;
        for (i, f) in self.afe.iter().enumerate().rev() {
            match *f {
                Fmt::Marker => break,
                Fmt::El(id) => {
                    entries += 1;
                    first = Some(i);
                    if self.same_element(id, node) {
                        matches += 1;
                        earliest = Some(i);
                    }
                }
            }
        }
        if matches >= 3
            && let Some(i) = earliest
        {
            self.afe.remove(i);
        } else if entries >= MAX_FORMATTING
            && let Some(i) = first
        {
            // [`MAX_FORMATTING`]: the earliest goes, as Noah's Ark's does.
            self.afe.remove(i);
        }
        self.afe.push(Fmt::El(node));
    }

    /// The last formatting element named `t` after the last marker.
    fn formatting_after_marker(&self, t: T) -> Option<(usize, NodeId)> {
        for (i, f) in self.afe.iter().enumerate().rev() {
            match *f {
                Fmt::Marker => return None,
                Fmt::El(id) => {
                    if self
                        .f
                        .element(id)
                        .is_some_and(|e| e.namespace == Namespace::Html && T::of(&e.name) == t)
                    {
                        return Some((i, id));
                    }
                }
            }
        }
        None
    }

    /// § 13.2.6.4.7 "adoption agency algorithm", for the end tag `t`
    /// (a formatting element name). Mirrors html5ever step by step.
    fn adoption_agency(&mut self, t: T, name: &str) {
        let cur = self.current();
        if cur.is(t) && self.afe_position(cur.id).is_none() {
            self.pop();
            return;
        }
        for _ in 0..8 {
            let Some((fmt_index, fmt)) = self.formatting_after_marker(t) else {
                self.end_tag_in_body_generic(t, name);
                return;
            };
            let Some(fmt_stack) = self.open.iter().rposition(|o| o.id == fmt) else {
                self.afe.remove(fmt_index);
                return;
            };
            if !self.in_scope(Scope::Default, |o| o.id == fmt) {
                return;
            }
            let Some(block_index) = self
                .open
                .iter()
                .enumerate()
                .skip(fmt_stack)
                .find(|(_, o)| o.is_special())
                .map(|(i, _)| i)
            else {
                self.truncate(fmt_stack);
                self.afe.remove(fmt_index);
                return;
            };
            let Some(block) = self.open.get(block_index).map(|o| o.id) else {
                return;
            };
            let Some(common) = fmt_stack
                .checked_sub(1)
                .and_then(|i| self.open.get(i))
                .copied()
            else {
                return;
            };
            // The bookmark: replace the formatting element's entry, or go
            // right after a cloned node's entry.
            let mut insert_after: Option<NodeId> = None;
            let mut node_index = block_index;
            let mut last = block;
            let mut inner = 0;
            loop {
                inner += 1;
                let Some(i) = node_index.checked_sub(1) else {
                    break;
                };
                node_index = i;
                let Some(node) = self.open.get(node_index).copied() else {
                    break;
                };
                if node.id == fmt {
                    break;
                }
                let position = self.afe_position(node.id);
                if inner > 3 {
                    if let Some(p) = position {
                        self.afe.remove(p);
                    }
                    self.remove_at(node_index);
                    continue;
                }
                let Some(p) = position else {
                    self.remove_at(node_index);
                    continue;
                };
                let new = self.clone_element(node.id);
                self.mark(node.id, false);
                self.mark(new, true);
                if let Some(slot) = self.open.get_mut(node_index) {
                    slot.id = new;
                }
                if let Some(slot) = self.afe.get_mut(p) {
                    *slot = Fmt::El(new);
                }
                if last == block {
                    insert_after = Some(new);
                }
                self.f.detach(last);
                self.f.append(new, last);
                last = new;
            }
            self.f.detach(last);
            let place = self.place_for(common);
            self.insert_at(place, last);
            let new = self.clone_element(fmt);
            self.f.reparent_children(block, new);
            self.f.append(block, new);
            match insert_after {
                None => {
                    if let Some(p) = self.afe_position(fmt)
                        && let Some(slot) = self.afe.get_mut(p)
                    {
                        *slot = Fmt::El(new);
                    }
                }
                Some(prev) => {
                    if let Some(p) = self.afe_position(prev) {
                        self.afe.insert(p + 1, Fmt::El(new));
                    }
                    if let Some(old) = self.afe_position(fmt) {
                        self.afe.remove(old);
                    }
                }
            }
            self.remove_from_stack(fmt);
            let Some(at) = self.open.iter().rposition(|o| o.id == block) else {
                return;
            };
            let o = self.open_for(new);
            self.count(o, true);
            self.mark(new, true);
            self.open.insert(at + 1, o);
        }
    }

    /// § 13.2.6.4.7 "any other end tag" in body.
    fn end_tag_in_body_generic(&mut self, t: T, name: &str) {
        let mut found = None;
        for (i, o) in self.open.iter().enumerate().rev() {
            let same = o.is_html()
                && if t == T::Other {
                    o.t == T::Other && self.f.element(o.id).is_some_and(|e| e.name == name)
                } else {
                    o.t == t
                };
            if same {
                found = Some(i);
                break;
            }
            if o.is_special() {
                return;
            }
        }
        let Some(i) = found else {
            return;
        };
        // Implied end tags, except for the element being closed.
        while let Some(top) = self.open.last() {
            if self.open.len() - 1 == i || !top.is_html() || !top.t.has_implied_end() {
                break;
            }
            self.pop();
        }
        self.truncate(i);
    }

    /// § 13.2.4.1 "reset the insertion mode appropriately".
    fn reset_mode(&self) -> Mode {
        for (i, o) in self.open.iter().enumerate().rev() {
            if !o.is_html() {
                continue;
            }
            let last = i == 0;
            match o.t {
                T::Select => {
                    for a in self.open.get(..i).unwrap_or_default().iter().rev() {
                        if a.is(T::Template) {
                            return Mode::InSelect;
                        }
                        if a.is(T::Table) {
                            return Mode::InSelectInTable;
                        }
                    }
                    return Mode::InSelect;
                }
                T::Td | T::Th if !last => return Mode::InCell,
                T::Tr => return Mode::InRow,
                T::Tbody | T::Thead | T::Tfoot => return Mode::InTableBody,
                T::Caption => return Mode::InCaption,
                T::Colgroup => return Mode::InColumnGroup,
                T::Table => return Mode::InTable,
                T::Template => return self.template_modes.last().copied().unwrap_or(Mode::InBody),
                T::Head if !last => return Mode::InHead,
                T::Body => return Mode::InBody,
                T::Frameset => return Mode::InFrameset,
                T::Html => {
                    return if self.head.is_none() {
                        Mode::BeforeHead
                    } else {
                        Mode::AfterHead
                    };
                }
                _ => {}
            }
        }
        Mode::InBody
    }

    /// § 13.2.6 dispatcher: does the token go to the foreign content rules?
    fn is_foreign(&self, token: &Token<'a>) -> bool {
        if matches!(token, Token::Eof) {
            return false;
        }
        let Some(cur) = self.open.last() else {
            return false;
        };
        if cur.is_html() {
            return false;
        }
        let is_chars = matches!(token, Token::Text(_) | Token::Null);
        let start = match token {
            Token::StartTag(tag) => Some(tag.name.as_ref()),
            _ => None,
        };
        match cur.point {
            Point::MathText => {
                if is_chars || start.is_some_and(|n| n != "mglyph" && n != "malignmark") {
                    return false;
                }
            }
            Point::Html => {
                if is_chars || start.is_some() {
                    return false;
                }
            }
            Point::AnnotationXml(html) => {
                if start == Some("svg") {
                    return false;
                }
                if is_chars || start.is_some() {
                    return !html;
                }
            }
            Point::None => {}
        }
        true
    }
}

#[cfg(test)]
mod tests;
