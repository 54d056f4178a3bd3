//! The Fragment: the cleaned content of one document, as an arena tree.
//!
//! Nodes live in one `Vec`; links between them are indices. Children form a
//! doubly linked list (first/last child, previous/next sibling), so that the
//! passes in `rewrite/` can detach, move and unwrap nodes in O(1), and so that
//! every walk is a loop over links (see [`Fragment::edges`]), never a
//! recursion: a document nested 100,000 elements deep is walked like a flat one.
//!
//! The Fragment is the only thing the writers read. By the time they see it,
//! it is balanced (well-formed by construction: the tree *is* the nesting),
//! sanitized and free of WordPress residue.

/// The index of a node in its [`Fragment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The position of the node in the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The namespace an element was parsed in (HTML5 "foreign content").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Namespace {
    /// HTML elements.
    Html,
    /// Elements inside `<svg>`.
    Svg,
    /// Elements inside `<math>`.
    MathMl,
}

/// Markers that stand for WordPress comments with a meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `<!--more-->` (or `<span id="more-N">`): where the excerpt ends.
    More,
    /// `<!--nextpage-->`: a page break inside a post.
    NextPage,
}

/// An element: a lower-case local name, its namespace and its attributes in
/// source order (names lower-case, values decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The local name, lower case for HTML.
    pub name: String,
    /// Which vocabulary the element belongs to.
    pub namespace: Namespace,
    /// Attributes in document order, names lower case for HTML.
    pub attrs: Vec<(String, String)>,
}

impl Element {
    /// A new HTML element without attributes.
    pub fn html(name: &str) -> Element {
        Element {
            name: name.to_owned(),
            namespace: Namespace::Html,
            attrs: Vec::new(),
        }
    }

    /// The value of an attribute, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute, replacing an existing value in place.
    pub fn set_attr(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.attrs.push((name.to_owned(), value)),
        }
    }

    /// Removes an attribute; returns its value.
    pub fn remove_attr(&mut self, name: &str) -> Option<String> {
        let at = self.attrs.iter().position(|(n, _)| n == name)?;
        Some(self.attrs.remove(at).1)
    }

    /// Whether this is the HTML element `name`.
    pub fn is(&self, name: &str) -> bool {
        self.namespace == Namespace::Html && self.name == name
    }
}

/// What a node holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeData {
    /// The one root; it has no parent and is never detached.
    Root,
    /// An element.
    Element(Element),
    /// Decoded text (no entities; writers escape it for their format).
    Text(String),
    /// A comment as parsed. The residue rule turns the meaningful ones into
    /// markers and removes the rest, so writers never see one.
    Comment(String),
    /// A marker a rule left (`<!--more-->`, `<!--nextpage-->`).
    Marker(Marker),
}

/// One node and its links.
#[derive(Clone, Debug)]
pub struct Node {
    /// What the node is.
    pub data: NodeData,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

/// One step of a depth-first walk: entering a node, then (after all its
/// children) leaving it. Leaf nodes are entered and left too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Entering a node (its start tag).
    Open(NodeId),
    /// Leaving a node (its end tag).
    Close(NodeId),
}

/// The cleaned content of a document.
#[derive(Clone, Debug)]
pub struct Fragment {
    nodes: Vec<Node>,
}

impl Default for Fragment {
    fn default() -> Self {
        Fragment::new()
    }
}

impl Fragment {
    /// An empty fragment: just the root.
    pub fn new() -> Fragment {
        Fragment {
            nodes: vec![Node::new(NodeData::Root)],
        }
    }

    /// The root node.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// Number of nodes ever created (detached ones included); the node budget
    /// is counted on this.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when nothing but the root was created.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// Creates a detached node.
    pub fn create(&mut self, data: NodeData) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Node::new(data));
        id
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// What node `id` is.
    pub fn data(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.index()].data
    }

    /// What node `id` is, to change it.
    pub fn data_mut(&mut self, id: NodeId) -> &mut NodeData {
        &mut self.nodes[id.index()].data
    }

    /// The element at `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id.index()].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The element at `id`, to change it; `None` for other nodes.
    pub fn element_mut(&mut self, id: NodeId) -> Option<&mut Element> {
        match &mut self.nodes[id.index()].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Whether `id` is the HTML element `name`.
    pub fn is(&self, id: NodeId, name: &str) -> bool {
        self.element(id).is_some_and(|e| e.is(name))
    }

    /// The text at `id`, if it is a text node.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id.index()].data {
            NodeData::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The parent of `id` (`None` for the root and detached nodes).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].parent
    }
    /// The first child of `id`.
    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].first_child
    }
    /// The last child of `id`.
    pub fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].last_child
    }
    /// The next sibling of `id`.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].next_sibling
    }
    /// The previous sibling of `id`.
    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].prev_sibling
    }

    /// The children of `id`, first to last.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            fragment: self,
            next: self.first_child(id),
        }
    }

    /// The ancestors of `id`, nearest first (the root included).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), |&p| self.parent(p))
    }

    /// A depth-first walk of the subtree at `id` (itself included), as
    /// open/close edges. Iterative: it follows links and keeps no stack.
    pub fn edges(&self, id: NodeId) -> Edges<'_> {
        Edges {
            fragment: self,
            top: id,
            next: Some(Edge::Open(id)),
        }
    }

    /// The nodes of the subtree at `id` in document order (itself first).
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.edges(id).filter_map(|e| match e {
            Edge::Open(n) => Some(n),
            Edge::Close(_) => None,
        })
    }

    /// Appends `child` (which must be detached) as the last child of `parent`.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        debug_assert!(self.nodes[child.index()].parent.is_none());
        let last = self.nodes[parent.index()].last_child;
        {
            let c = &mut self.nodes[child.index()];
            c.parent = Some(parent);
            c.prev_sibling = last;
            c.next_sibling = None;
        }
        match last {
            Some(l) => self.nodes[l.index()].next_sibling = Some(child),
            None => self.nodes[parent.index()].first_child = Some(child),
        }
        self.nodes[parent.index()].last_child = Some(child);
    }

    /// Inserts `node` (detached) just before `sibling`.
    pub fn insert_before(&mut self, sibling: NodeId, node: NodeId) {
        debug_assert!(self.nodes[node.index()].parent.is_none());
        let parent = self.nodes[sibling.index()].parent;
        let prev = self.nodes[sibling.index()].prev_sibling;
        {
            let n = &mut self.nodes[node.index()];
            n.parent = parent;
            n.prev_sibling = prev;
            n.next_sibling = Some(sibling);
        }
        self.nodes[sibling.index()].prev_sibling = Some(node);
        match prev {
            Some(p) => self.nodes[p.index()].next_sibling = Some(node),
            None => {
                if let Some(p) = parent {
                    self.nodes[p.index()].first_child = Some(node);
                }
            }
        }
    }

    /// Inserts `node` (detached) just after `sibling`.
    pub fn insert_after(&mut self, sibling: NodeId, node: NodeId) {
        match self.next_sibling(sibling) {
            Some(next) => self.insert_before(next, node),
            None => {
                if let Some(p) = self.parent(sibling) {
                    self.append(p, node);
                }
            }
        }
    }

    /// Unlinks `id` (with its subtree) from its parent. The node stays in the
    /// arena and can be inserted elsewhere.
    pub fn detach(&mut self, id: NodeId) {
        let (parent, prev, next) = {
            let n = &self.nodes[id.index()];
            (n.parent, n.prev_sibling, n.next_sibling)
        };
        match prev {
            Some(p) => self.nodes[p.index()].next_sibling = next,
            None => {
                if let Some(par) = parent {
                    self.nodes[par.index()].first_child = next;
                }
            }
        }
        match next {
            Some(n) => self.nodes[n.index()].prev_sibling = prev,
            None => {
                if let Some(par) = parent {
                    self.nodes[par.index()].last_child = prev;
                }
            }
        }
        let n = &mut self.nodes[id.index()];
        n.parent = None;
        n.prev_sibling = None;
        n.next_sibling = None;
    }

    /// Replaces `id` by its children, in place.
    pub fn unwrap(&mut self, id: NodeId) {
        while let Some(child) = self.first_child(id) {
            self.detach(child);
            self.insert_before(id, child);
        }
        self.detach(id);
    }

    /// Moves every child of `from` to the end of `to`.
    pub fn reparent_children(&mut self, from: NodeId, to: NodeId) {
        while let Some(child) = self.first_child(from) {
            self.detach(child);
            self.append(to, child);
        }
    }

    /// Appends text to `parent`, merging with a text node already last there.
    pub fn append_text(&mut self, parent: NodeId, text: &str) {
        if let Some(last) = self.last_child(parent)
            && let NodeData::Text(t) = &mut self.nodes[last.index()].data
        {
            t.push_str(text);
            return;
        }
        let id = self.create(NodeData::Text(text.to_owned()));
        self.append(parent, id);
    }

    /// The concatenated text of the subtree at `id`.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let NodeData::Text(t) = self.data(n) {
                out.push_str(t);
            }
        }
        out
    }

    /// How deep the deepest node is, the root counted as 1; walked
    /// without recursion (the nesting tests' measure).
    pub fn depth(&self) -> usize {
        let (mut d, mut max) = (0usize, 0);
        for e in self.edges(self.root()) {
            match e {
                Edge::Open(_) => {
                    d += 1;
                    max = max.max(d);
                }
                Edge::Close(_) => d = d.saturating_sub(1),
            }
        }
        max
    }
}

impl Node {
    fn new(data: NodeData) -> Node {
        Node {
            data,
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
        }
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    fragment: &'a Fragment,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.fragment.next_sibling(id);
        Some(id)
    }
}

/// Iterator over the edges of a subtree; see [`Fragment::edges`].
pub struct Edges<'a> {
    fragment: &'a Fragment,
    top: NodeId,
    next: Option<Edge>,
}

impl Edges<'_> {
    /// Skips the subtree of `id`, whose open edge was the last one
    /// returned: its close edge comes next.
    pub fn skip_subtree(&mut self, id: NodeId) {
        self.next = Some(Edge::Close(id));
    }
}

impl Iterator for Edges<'_> {
    type Item = Edge;
    fn next(&mut self) -> Option<Edge> {
        let edge = self.next?;
        let f = self.fragment;
        self.next = match edge {
            Edge::Open(id) => match f.first_child(id) {
                Some(c) => Some(Edge::Open(c)),
                None => Some(Edge::Close(id)),
            },
            Edge::Close(id) if id == self.top => None,
            Edge::Close(id) => match f.next_sibling(id) {
                Some(s) => Some(Edge::Open(s)),
                None => f.parent(id).map(Edge::Close),
            },
        };
        Some(edge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(f: &mut Fragment, name: &str) -> NodeId {
        f.create(NodeData::Element(Element::html(name)))
    }

    #[test]
    fn edges_walk_in_document_order() {
        let mut f = Fragment::new();
        let p = el(&mut f, "p");
        let b = el(&mut f, "b");
        f.append(f.root(), p);
        f.append(p, b);
        f.append_text(b, "x");
        f.append_text(p, "y");
        let names: Vec<String> = f
            .edges(f.root())
            .map(|e| match e {
                Edge::Open(n) => format!("+{:?}", f.data(n)),
                Edge::Close(n) => format!("-{}", n.index()),
            })
            .collect();
        assert_eq!(names.len(), 10, "{names:?}");
        assert_eq!(f.text_content(f.root()), "xy");
    }

    #[test]
    fn unwrap_keeps_children_in_place() {
        let mut f = Fragment::new();
        let div = el(&mut f, "div");
        let a = el(&mut f, "a");
        let b = el(&mut f, "b");
        f.append(f.root(), a);
        f.append(f.root(), div);
        f.append(div, b);
        f.append_text(div, "t");
        f.unwrap(div);
        let kids: Vec<NodeId> = f.children(f.root()).collect();
        assert_eq!(kids.len(), 3);
        assert_eq!(kids[0], a);
        assert_eq!(kids[1], b);
        assert_eq!(f.text(kids[2]), Some("t"));
        assert_eq!(f.parent(div), None);
    }

    #[test]
    fn deep_trees_walk_without_recursion() {
        let mut f = Fragment::new();
        let mut at = f.root();
        for _ in 0..200_000 {
            let d = el(&mut f, "div");
            f.append(at, d);
            at = d;
        }
        assert_eq!(f.descendants(f.root()).count(), 200_001);
    }
}
