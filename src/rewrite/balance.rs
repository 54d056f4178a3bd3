//! The balancer: tokenizes HTML and builds the Fragment as an HTML5 browser
//! builds its `<body>`. (Placeholder: replaced by the real tree builder.)

use super::fragment::{Element, Fragment, NodeData};
use super::{Budget, RewriteError};

/// Builds the Fragment for an HTML body fragment.
pub fn balance(html: &str, budget: &Budget) -> Result<Fragment, RewriteError> {
    if html.len() > budget.max_input_bytes {
        return Err(RewriteError::TooLarge {
            size: html.len(),
            limit: budget.max_input_bytes,
        });
    }
    let mut f = Fragment::new();
    let p = f.create(NodeData::Element(Element::html("p")));
    f.append(f.root(), p);
    f.append_text(p, html);
    Ok(f)
}
