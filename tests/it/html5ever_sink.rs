//! html5ever's tree builder writing into a Fragment: the prototype of
//! "Decision: html5ever's tree builder" (docs/architecture.md), kept as a
//! second oracle. `build` has `balance`'s signature and semantics; the tests
//! compare the two Fragments node for node, comments and all.
//!
//! html5ever's tree builder decides where every node goes; the sink only
//! stores. Handles are arena indices. The `<body>` html5ever creates is the
//! Fragment's root; `<html>`, `<head>` and what goes into them (and
//! comments before `<html>`) are created as detached nodes that no walk from
//! the root reaches. A template's contents are the template's own children.
//!
//! Sink methods cannot fail, so the node budget is counted here and checked
//! by the driver (`build`) after every tag: past the limit, nodes are
//! no longer stored (elements keep only their name, which the tree builder
//! asks for) and every tree operation on them does nothing.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashSet;

use html5ever::TokenizerResult;
use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, Namespace as Ns, QualName, local_name, ns};

use unpress::html::fragment::{Element, Fragment, Namespace, NodeData, NodeId};
use unpress::rewrite::{Budget, RewriteError};

/// The most bytes handed to html5ever in one buffer (a tendril's length is
/// a `u32`); the output does not depend on it (tested).
const CHUNK: usize = 1 << 20;

/// Builds the Fragment for an HTML body fragment (or a whole page, whose
/// `<body>` content is taken).
pub fn build(html: &str, budget: &Budget) -> Result<Fragment, RewriteError> {
    build_in_chunks(html, budget, CHUNK)
}

pub fn build_in_chunks(
    html: &str,
    budget: &Budget,
    chunk: usize,
) -> Result<Fragment, RewriteError> {
    if html.len() > budget.max_input_bytes {
        return Err(RewriteError::TooLarge {
            size: html.len(),
            limit: budget.max_input_bytes,
        });
    }
    let too_many = || RewriteError::TooManyNodes {
        limit: budget.max_nodes,
    };
    let tree_opts = TreeBuilderOpts {
        scripting_enabled: false,
        ..TreeBuilderOpts::default()
    };
    // A leading U+FEFF in a body is content (the readers strip a file's BOM).
    let token_opts = TokenizerOpts {
        discard_bom: false,
        ..TokenizerOpts::default()
    };
    let builder = TreeBuilder::new(Sink::new(budget.max_nodes), tree_opts);
    let tokenizer = Tokenizer::new(Guard(builder), token_opts);
    let input = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut at = chunk.clamp(1, rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let (piece, after) = rest.split_at(at);
        input.push_back(StrTendril::from_slice(piece));
        rest = after;
    }
    // The tokenizer pauses after `</script>` (html5ever's hook for running
    // scripts) and when the guard stops it past the budget.
    while let TokenizerResult::Script(_) = tokenizer.feed(&input) {
        if tokenizer.sink.over_budget() {
            return Err(too_many());
        }
    }
    tokenizer.end();
    let sink = tokenizer.sink.0.sink;
    if sink.over_budget() {
        return Err(too_many());
    }
    Ok(sink.into_fragment())
}

/// The tree builder, with a check of the node budget after every tag:
/// past the budget the tokenizer is paused instead of building the rest of
/// a document that will be refused.
struct Guard(TreeBuilder<Handle, Sink>);

impl Guard {
    fn over_budget(&self) -> bool {
        self.0.sink.over_budget()
    }
}

impl TokenSink for Guard {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        // Only a tag may pause the tokenizer (it asserts that other tokens
        // continue); past the budget, the text and comments before the next
        // tag are counted, not stored.
        let tag = matches!(token, Token::TagToken(_));
        let result = self.0.process_token(token, line_number);
        if tag && self.over_budget() {
            return TokenSinkResult::Script(Handle::Document);
        }
        result
    }

    fn end(&self) {
        self.0.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.0
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// A node as the tree builder knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Handle {
    /// The document, parent of `<html>`: not a node of the Fragment.
    Document,
    Node(NodeId),
    /// A node created past the budget, not stored. Elements index
    /// `Sink::over_names`; comments and processing instructions carry
    /// `u32::MAX` (the tree builder never asks for their name).
    Over(u32),
}

/// An element's name, borrowed from the sink.
#[derive(Debug)]
enum Name<'a> {
    Stored(Ref<'a, QualName>),
    Fallback(&'a QualName),
}

impl Name<'_> {
    fn qual(&self) -> &QualName {
        match self {
            Name::Stored(q) => q,
            Name::Fallback(q) => q,
        }
    }
}

impl ElemName for Name<'_> {
    fn ns(&self) -> &Ns {
        &self.qual().ns
    }
    fn local_name(&self) -> &LocalName {
        &self.qual().local
    }
}

struct Sink {
    fragment: RefCell<Fragment>,
    /// Per arena node, the element's name as the tree builder asks for it
    /// (`None` for text and comments).
    names: RefCell<Vec<Option<QualName>>>,
    /// Names of the elements created past the budget.
    over_names: RefCell<Vec<QualName>>,
    /// MathML `annotation-xml` elements that are HTML integration points.
    annotation_points: RefCell<HashSet<Handle>>,
    /// Whether `<body>` has been created (it is the root).
    body_created: Cell<bool>,
    max_nodes: usize,
    /// Nodes created past the budget.
    over: Cell<usize>,
    /// The name answered for a handle that has none (never asked in practice).
    fallback: QualName,
}

fn html_name(local: LocalName) -> QualName {
    QualName::new(None, ns!(html), local)
}

/// An attribute as the Fragment spells it: `prefix:local` for the adjusted
/// foreign attributes (`xlink:href`, `xml:lang`, `xmlns:xlink`).
fn attr_pair(a: Attribute) -> (String, String) {
    let name = match &a.name.prefix {
        Some(p) if !p.is_empty() => format!("{}:{}", p, a.name.local),
        _ => String::from(&*a.name.local),
    };
    (name, String::from(a.value))
}

impl Sink {
    fn new(max_nodes: usize) -> Sink {
        Sink {
            fragment: RefCell::new(Fragment::new()),
            // The root (the body) is named when html5ever creates the body.
            names: RefCell::new(vec![Some(html_name(local_name!("body")))]),
            over_names: RefCell::new(Vec::new()),
            annotation_points: RefCell::new(HashSet::new()),
            body_created: Cell::new(false),
            max_nodes,
            over: Cell::new(0),
            fallback: html_name(local_name!("html")),
        }
    }

    /// Whether more nodes were created than the budget allows.
    fn over_budget(&self) -> bool {
        self.over.get() > 0
    }

    fn into_fragment(self) -> Fragment {
        self.fragment.into_inner()
    }

    /// Stores a new node, or counts it past the budget.
    fn create(&self, data: NodeData, name: Option<QualName>) -> Handle {
        let mut f = self.fragment.borrow_mut();
        if f.len() >= self.max_nodes {
            self.over.set(self.over.get() + 1);
            return match name {
                Some(name) => {
                    let mut over = self.over_names.borrow_mut();
                    over.push(name);
                    Handle::Over(u32::try_from(over.len() - 1).unwrap_or(u32::MAX - 1))
                }
                None => Handle::Over(u32::MAX),
            };
        }
        let id = f.create(data);
        self.names.borrow_mut().push(name);
        Handle::Node(id)
    }

    /// Appends text to `parent`, merging with a text node already last.
    fn append_text(&self, parent: NodeId, text: &str) {
        {
            let mut f = self.fragment.borrow_mut();
            if let Some(last) = f.last_child(parent)
                && let NodeData::Text(t) = f.data_mut(last)
            {
                t.push_str(text);
                return;
            }
        }
        if let Handle::Node(node) = self.create(NodeData::Text(text.to_owned()), None) {
            self.fragment.borrow_mut().append(parent, node);
        }
    }

    fn append_node(&self, parent: NodeId, child: NodeId) {
        let mut f = self.fragment.borrow_mut();
        // The body is the root: html5ever appending it to `<html>` is moot.
        if child == f.root() {
            return;
        }
        f.detach(child);
        f.append(parent, child);
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Sink;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Sink {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Handle::Document
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Name<'a> {
        let stored = match *target {
            Handle::Node(id) => Ref::filter_map(self.names.borrow(), |names| {
                names.get(id.index()).and_then(Option::as_ref)
            })
            .ok(),
            Handle::Over(i) => {
                Ref::filter_map(self.over_names.borrow(), |names| names.get(i as usize)).ok()
            }
            Handle::Document => None,
        };
        match stored {
            Some(name) => Name::Stored(name),
            None => Name::Fallback(&self.fallback),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        // The first `<body>` is the root (html5ever creates one at most
        // outside templates, where a `<body>` tag is ignored).
        if name.ns == ns!(html) && name.local == local_name!("body") && !self.body_created.get() {
            self.body_created.set(true);
            return Handle::Node(self.fragment.borrow().root());
        }
        let namespace = match name.ns {
            ns!(svg) => Namespace::Svg,
            ns!(mathml) => Namespace::MathMl,
            _ => Namespace::Html,
        };
        let element = Element {
            name: String::from(&*name.local),
            namespace,
            attrs: attrs.into_iter().map(attr_pair).collect(),
        };
        let handle = self.create(NodeData::Element(element), Some(name));
        if flags.mathml_annotation_xml_integration_point {
            self.annotation_points.borrow_mut().insert(handle);
        }
        handle
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        self.create(NodeData::Comment(String::from(text)), None)
    }

    /// Processing instructions exist only in XML; HTML parsing never makes one.
    fn create_pi(&self, _target: StrTendril, data: StrTendril) -> Handle {
        self.create(NodeData::Comment(String::from(data)), None)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let Handle::Node(parent) = *parent else {
            return;
        };
        match child {
            NodeOrText::AppendText(text) => self.append_text(parent, &text),
            NodeOrText::AppendNode(Handle::Node(child)) => self.append_node(parent, child),
            NodeOrText::AppendNode(_) => {}
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = match *element {
            Handle::Node(id) => self.fragment.borrow().parent(id).is_some(),
            _ => false,
        };
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        // The contents are the template's children (the sanitizer removes
        // templates with their content, so no writer sees the difference).
        *target
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let Handle::Node(sibling) = *sibling else {
            return;
        };
        if self.fragment.borrow().parent(sibling).is_none() {
            return;
        }
        let node = match new_node {
            NodeOrText::AppendText(text) => {
                {
                    let mut f = self.fragment.borrow_mut();
                    if let Some(prev) = f.prev_sibling(sibling)
                        && let NodeData::Text(t) = f.data_mut(prev)
                    {
                        t.push_str(&text);
                        return;
                    }
                }
                match self.create(NodeData::Text(String::from(text)), None) {
                    Handle::Node(node) => node,
                    _ => return,
                }
            }
            NodeOrText::AppendNode(Handle::Node(node)) => node,
            NodeOrText::AppendNode(_) => return,
        };
        let mut f = self.fragment.borrow_mut();
        f.detach(node);
        f.insert_before(sibling, node);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let Handle::Node(id) = *target else {
            return;
        };
        // The body is the root, which keeps no attributes.
        let mut f = self.fragment.borrow_mut();
        if let Some(e) = f.element_mut(id) {
            for (name, value) in attrs.into_iter().map(attr_pair) {
                if e.attr(&name).is_none() {
                    e.attrs.push((name, value));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        let Handle::Node(id) = *target else {
            return;
        };
        let mut f = self.fragment.borrow_mut();
        if id == f.root() {
            // A `<frameset>` replaces the body: its content is dropped, as
            // the browser's body would be.
            while let Some(child) = f.first_child(id) {
                f.detach(child);
            }
        } else {
            f.detach(id);
        }
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        if let (Handle::Node(from), Handle::Node(to)) = (*node, *new_parent) {
            self.fragment.borrow_mut().reparent_children(from, to);
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.annotation_points.borrow().contains(handle)
    }

    /// Declarative shadow roots are a DOM feature; without them html5ever
    /// inserts `<template shadowrootmode>` as a plain template.
    fn allow_declarative_shadow_roots(&self, _intended_parent: &Handle) -> bool {
        false
    }
}
