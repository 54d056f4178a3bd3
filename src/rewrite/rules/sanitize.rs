//! The sanitizer: what is left of a Fragment after it is safe to publish.
//!
//! It always runs (it is not a rule that can be switched off). It removes,
//! with their content, the elements that run code, load other documents or
//! take input; it removes event handlers and other attributes that execute
//! or restyle; it drops URL attributes whose scheme runs code; it keeps SVG
//! and MathML only as elements on an inert allowlist. See docs/sanitizing.md.
//!
//! Order in the pipeline: run it after the rules that rescue content from
//! removed elements. The embeds rule turns known `<iframe>` embeds into links
//! first, and the lazy-load rule moves the real `<img>` out of a
//! `<noscript>`; whatever is still inside a removed element when `sanitize`
//! runs is gone.
//!
//! The walk is a loop over links (no recursion): a removed element is
//! detached with its subtree and the walk goes on after it.

use crate::html::fragment::{Element, Fragment, Namespace, NodeData, NodeId};

/// HTML elements removed with their content. The list of issue 3, plus
/// `frameset`, `noembed`, `noframes`, `param`, `portal` and `fencedframe`.
pub const REMOVED_HTML: &[&str] = &[
    "applet",
    "base",
    "button",
    "datalist",
    "embed",
    "fencedframe",
    "form",
    "frame",
    "frameset",
    "iframe",
    "input",
    "keygen",
    "link",
    "meta",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "portal",
    "script",
    "select",
    "style",
    "template",
    "textarea",
    "title",
];

/// SVG elements kept: shapes, text, structure, paint servers and filter
/// primitives, which draw and do nothing else. Left out on purpose:
/// `script`, `foreignObject` (it holds HTML), `use` (it pulls in other
/// documents), the animation elements (`animate`, `set`, ...: they can
/// rewrite attributes such as `href`), `a`, `style`, `iframe`, `handler`.
const SVG_ALLOWED: &[&str] = &[
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "metadata",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "view",
];

/// MathML elements kept: presentation markup. Left out: `annotation-xml`
/// (it holds HTML or SVG), `maction` (interactive), `mglyph` (loads images).
const MATHML_ALLOWED: &[&str] = &[
    "annotation",
    "math",
    "menclose",
    "merror",
    "mfenced",
    "mfrac",
    "mi",
    "mlabeledtr",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
];

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
const URL_ATTRS: &[&str] = &[
    "action",
    "background",
    "cite",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcset",
    "usemap",
    "xlink:href",
];

/// Attributes removed wherever they are: they run code, embed a document,
/// restyle the page or rebase URLs.
const REMOVED_ATTRS: &[&str] = &["formaction", "srcdoc", "style", "xml:base", "xmlns:xlink"];

/// Sanitizes the Fragment in place; the names of the elements removed
/// (each with its subtree), in document order.
pub fn sanitize(f: &mut Fragment) -> Vec<String> {
    let root = f.root();
    let mut removed = Vec::new();
    let mut next = f.first_child(root);
    while let Some(id) = next {
        let keep = match f.element(id) {
            Some(e) => is_kept(e),
            None => true,
        };
        if !keep {
            if let Some(e) = f.element(id) {
                removed.push(e.name.clone());
            }
            next = following(f, root, id);
            f.detach(id);
            continue;
        }
        if let Some(e) = f.element_mut(id) {
            clean_attrs(e);
        }
        next = match f.first_child(id) {
            Some(child) if matches!(f.data(id), NodeData::Element(_)) => Some(child),
            _ => following(f, root, id),
        };
    }
    removed
}

/// The node after `id`'s subtree in document order, within `root`.
fn following(f: &Fragment, root: NodeId, id: NodeId) -> Option<NodeId> {
    let mut at = id;
    loop {
        if at == root {
            return None;
        }
        if let Some(s) = f.next_sibling(at) {
            return Some(s);
        }
        at = f.parent(at)?;
    }
}

fn is_kept(e: &Element) -> bool {
    match e.namespace {
        Namespace::Html => !REMOVED_HTML.contains(&e.name.as_str()),
        Namespace::Svg => SVG_ALLOWED.contains(&e.name.as_str()),
        Namespace::MathMl => MATHML_ALLOWED.contains(&e.name.as_str()),
    }
}

fn clean_attrs(e: &mut Element) {
    let element = e.name.clone();
    e.attrs
        .retain(|(name, value)| keeps_attr(&element, name, value));
}

/// Whether the sanitizer keeps attribute `name="value"` on `element`.
/// Also asked of tags that never reach a Fragment (`rewrite::metadata`
/// checks the tags of a front matter value, which the balancer may drop
/// in one place and a page's template may not).
pub fn keeps_attr(element: &str, name: &str, value: &str) -> bool {
    // Attribute names are lower case already (the balancer's); any other
    // name is lower-cased first.
    let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    if lower.starts_with("on") || REMOVED_ATTRS.contains(&lower.as_ref()) {
        return false;
    }
    if lower == "srcset" {
        return value
            .split(',')
            .filter_map(|candidate| candidate.split_whitespace().next())
            .all(|url| is_safe_url(element, "src", url));
    }
    if URL_ATTRS.contains(&lower.as_ref()) {
        return is_safe_url(element, &lower, value);
    }
    true
}

pub use crate::html::url::is_safe_url;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::fragment::Edge;
    use crate::rewrite::Budget;
    use crate::rewrite::balance::balance;

    fn clean(html: &str) -> String {
        let mut f = balance(html, &Budget::default()).expect("balance");
        sanitize(&mut f);
        let mut out = String::new();
        for edge in f.edges(f.root()) {
            match edge {
                Edge::Open(id) => match f.data(id) {
                    NodeData::Element(e) => {
                        out.push('<');
                        out.push_str(&e.name);
                        for (n, v) in &e.attrs {
                            out.push_str(&format!(" {n}=\"{v}\""));
                        }
                        out.push('>');
                    }
                    NodeData::Text(t) => out.push_str(t),
                    _ => {}
                },
                Edge::Close(id) => {
                    if let Some(e) = f.element(id) {
                        out.push_str(&format!("</{}>", e.name));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn dangerous_schemes_in_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\0script:alert(1)",
            "java\u{FFFD}script:alert(1)",
            "javascript&#58;alert(1)",
            "javascript&colon;alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)",
            "%6A%61%76%61script:alert(1)",
            "%256Aavascript:alert(1)",
            "vbscript:msgbox(1)",
            "livescript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(!is_safe_url("a", "href", url), "{url:?}");
        }
    }

    #[test]
    fn ordinary_urls_stay() {
        for url in [
            "https://example.com/a:b",
            "/wp-content/uploads/x.jpg",
            "?p=12#javascript:",
            "mailto:a@example.com",
            "page.html",
            "",
        ] {
            assert!(is_safe_url("a", "href", url), "{url:?}");
        }
        assert!(is_safe_url("img", "src", "data:image/png;base64,iVBOR"));
        assert!(is_safe_url("img", "src", "DATA:Image/JPEG;base64,/9j/"));
        assert!(!is_safe_url(
            "img",
            "src",
            "data:image/svg+xml;base64,PHN2Zz4="
        ));
        assert!(!is_safe_url("a", "href", "data:image/png;base64,iVBOR"));
    }

    #[test]
    fn removes_elements_with_content_and_keeps_the_rest() {
        assert_eq!(clean("a<script>x</script>b<style>p{}</style>c"), "abc");
        assert_eq!(
            clean("a<iframe src=//x>t</iframe><form><input><p>f</p></form>b"),
            "ab"
        );
        assert_eq!(clean("a<noscript><img src=x></noscript>b"), "ab");
    }

    #[test]
    fn removes_handlers_style_and_bad_urls() {
        assert_eq!(
            clean(
                "<p><img src=x onerror=alert(1) style=color:red alt=a><a href=javascript:x title=t>y</a>"
            ),
            "<p><img src=\"x\" alt=\"a\"></img><a title=\"t\">y</a></p>"
        );
        assert_eq!(
            clean("<a href='https://e.com/'>x</a>"),
            "<a href=\"https://e.com/\">x</a>"
        );
    }

    #[test]
    fn foreign_content_keeps_only_inert_elements() {
        assert_eq!(
            clean(
                "x<svg viewBox='0 0 1 1'><script>a</script><circle r=1 onclick=x /><use href=#a /><foreignObject><p>h</p></foreignObject></svg>"
            ),
            "x<svg viewBox=\"0 0 1 1\"><circle r=\"1\"></circle></svg>"
        );
        assert_eq!(
            clean(
                "x<math><mi>a</mi><maction actiontype=toggle>b</maction><annotation-xml encoding=text/html><b>c</b></annotation-xml></math>"
            ),
            "x<math><mi>a</mi></math>"
        );
        assert_eq!(
            clean("x<math href=javascript:x><mi>a</mi></math>"),
            "x<math><mi>a</mi></math>"
        );
    }

    #[test]
    fn deep_trees_sanitize_without_recursion() {
        let n = 100_000;
        let mut f = balance(
            &format!("{}<script>x</script>", "<div onclick=x>".repeat(n)),
            &Budget::default(),
        )
        .expect("balance");
        sanitize(&mut f);
        assert!(f.descendants(f.root()).all(|id| {
            f.element(id)
                .is_none_or(|e| e.attrs.is_empty() && e.name == "div")
        }));
    }
}
