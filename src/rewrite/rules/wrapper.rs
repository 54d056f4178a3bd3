//! A `<div>` that wraps the whole body (mirrored posts often arrive as
//! `<div> ... </div>`) says nothing: it is unwrapped, again while there is
//! one.

use crate::rewrite::fragment::{Fragment, NodeId};

use super::Context;

/// The wrapper pass.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    while let Some(div) = only_child_div(f) {
        f.unwrap(div);
    }
}

fn only_child_div(f: &Fragment) -> Option<NodeId> {
    let mut found = None;
    for child in f.children(f.root()) {
        if let Some(t) = f.text(child) {
            if t.trim().is_empty() {
                continue;
            }
            return None;
        }
        if found.is_some() || !f.is(child, "div") {
            return None;
        }
        found = Some(child);
    }
    found
}
