//! Relocation: the URLs of a converted document pointed at their new
//! places, once the whole run is known (docs/migration.md).
//!
//! A migration moves every document and every uploaded file: a link to
//! another post of the export must lead to that post's new page, an image
//! from `wp-content/uploads` to its local copy. What the new place is
//! depends on the run (the site, the output paths, the files copied), so
//! the library only defines the question, [`Relocate`], and asks it of
//! every URL a writer would print: links, images (`src` and each `srcset`
//! candidate), audio and video sources and posters, and the featured
//! image in the front matter. It is asked per format, since a relative
//! path from `md/post/a.md` is not one from `xhtml/post/a.xhtml`.
//!
//! Whatever an implementation returns is checked again with the
//! sanitizer's URL rule ([`is_safe_url`]): a relocation never brings back
//! a `javascript:` URL.

use std::borrow::Cow;

use crate::document::Document;
use crate::html::fragment::{Element, Fragment, Namespace, NodeData};
use crate::html::url::is_safe_url;
use crate::write::Format;

/// What a URL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UrlKind {
    /// `<a href>`: a page.
    Link,
    /// `<img src>`, a `srcset` candidate, a featured image.
    Image,
    /// `<audio>`, `<video>`, `<source>`, `<track>` sources and posters.
    Media,
}

/// The new place of a URL, as the run decides it.
pub trait Relocate: Sync {
    /// The URL to write in `format`'s output instead of `url`, or `None`
    /// to leave it as it is.
    fn relocate(&self, url: &str, kind: UrlKind, format: Format) -> Option<String>;
}

/// The attributes of an HTML element that hold a URL, and what for.
fn url_attrs(e: &Element) -> &'static [(&'static str, UrlKind)] {
    if e.namespace != Namespace::Html {
        return &[];
    }
    match e.name.as_str() {
        "a" => &[("href", UrlKind::Link)],
        "img" => &[("src", UrlKind::Image)],
        "audio" | "source" | "track" => &[("src", UrlKind::Media)],
        "video" => &[("src", UrlKind::Media), ("poster", UrlKind::Image)],
        _ => &[],
    }
}

/// The Fragment with its URLs relocated for `format`; `None` when no URL
/// changes (the common case costs one walk, no copy).
pub fn fragment(f: &Fragment, r: &dyn Relocate, format: Format) -> Option<Fragment> {
    let mut changed: Option<Fragment> = None;
    for id in f.descendants(f.root()) {
        let NodeData::Element(e) = f.data(id) else {
            continue;
        };
        let attrs = url_attrs(e);
        if attrs.is_empty() {
            continue;
        }
        let mut updates: Vec<(&'static str, String)> = Vec::new();
        for &(attr, kind) in attrs {
            if let Some(url) = e.attr(attr)
                && let Some(new) = checked(r.relocate(url, kind, format))
                && new != url
            {
                updates.push((attr, new));
            }
        }
        if (e.is("img") || e.is("source"))
            && let Some(srcset) = e.attr("srcset")
            && let Some(new) = relocate_srcset(srcset, r, format)
        {
            updates.push(("srcset", new));
        }
        if updates.is_empty() {
            continue;
        }
        let out = changed.get_or_insert_with(|| f.clone());
        if let Some(e) = out.element_mut(id) {
            for (attr, value) in updates {
                e.set_attr(attr, value);
            }
        }
    }
    changed
}

/// The document with the URL of its featured image relocated for
/// `format`; `None` when it has none or it stays.
pub fn document(doc: &Document, r: &dyn Relocate, format: Format) -> Option<Document> {
    let image = doc.post.as_ref()?.featured_image.as_ref()?;
    let new = checked(r.relocate(&image.url, UrlKind::Image, format))?;
    if new == image.url {
        return None;
    }
    let mut doc = doc.clone();
    if let Some(image) = doc.post.as_mut().and_then(|p| p.featured_image.as_mut()) {
        image.url = new;
    }
    Some(doc)
}

/// The fragment and document as `format` writes them.
pub fn for_format<'a>(
    doc: &'a Document,
    f: &'a Fragment,
    r: Option<&dyn Relocate>,
    format: Format,
) -> (Cow<'a, Document>, Cow<'a, Fragment>) {
    let Some(r) = r else {
        return (Cow::Borrowed(doc), Cow::Borrowed(f));
    };
    let doc = document(doc, r, format).map_or(Cow::Borrowed(doc), Cow::Owned);
    let f = fragment(f, r, format).map_or(Cow::Borrowed(f), Cow::Owned);
    (doc, f)
}

/// A relocated URL that the sanitizer would keep in a link (no `data:`
/// either); `None` otherwise.
fn checked(url: Option<String>) -> Option<String> {
    url.filter(|u| !u.trim().is_empty() && is_safe_url("a", "href", u))
}

/// `a.jpg 300w, b.jpg 2x`: each candidate's URL relocated, its descriptor
/// kept; `None` when none changes.
fn relocate_srcset(srcset: &str, r: &dyn Relocate, format: Format) -> Option<String> {
    let mut any = false;
    let candidates: Vec<String> = srcset
        .split(',')
        .map(|c| {
            let c = c.trim();
            let (url, descriptor) = c.split_once(char::is_whitespace).unwrap_or((c, ""));
            match checked(r.relocate(url, UrlKind::Image, format)) {
                Some(new) if new != url => {
                    any = true;
                    if descriptor.trim().is_empty() {
                        new
                    } else {
                        format!("{new} {}", descriptor.trim())
                    }
                }
                _ => c.to_owned(),
            }
        })
        .collect();
    any.then(|| candidates.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Map;

    impl Relocate for Map {
        fn relocate(&self, url: &str, kind: UrlKind, format: Format) -> Option<String> {
            match (url, kind) {
                ("https://old/a/", UrlKind::Link) => Some(format!("/a/{format}")),
                ("https://old/u/x.jpg", UrlKind::Image) => Some("/uploads/x.jpg".into()),
                ("https://old/evil/", _) => Some("javascript:alert(1)".into()),
                _ => None,
            }
        }
    }

    /// The balanced, sanitized tree, without the WordPress rules (which
    /// would choose among `srcset` candidates).
    fn tree(html: &str) -> Fragment {
        let opts = crate::rewrite::RewriteOptions {
            rules: crate::rewrite::rules::RuleSet::none(),
            ..Default::default()
        };
        crate::rewrite::rewrite(html, &opts)
            .expect("rewrite")
            .fragment
    }

    fn html(f: &Fragment) -> String {
        crate::html::serialize::inner(f, f.root())
    }

    #[test]
    fn links_images_and_srcset_candidates_move() {
        let f = tree(
            "<p><a href=\"https://old/a/\">a</a> <img src=\"https://old/u/x.jpg\" \
             srcset=\"https://old/u/x.jpg 300w, https://other/y.jpg 2x\" alt=\"\"></p>",
        );
        let moved = fragment(&f, &Map, Format::Markdown).expect("changed");
        let out = html(&moved);
        assert!(out.contains("href=\"/a/md\""), "{out}");
        assert!(out.contains("src=\"/uploads/x.jpg\""), "{out}");
        assert!(
            out.contains("srcset=\"/uploads/x.jpg 300w, https://other/y.jpg 2x\""),
            "{out}"
        );
        let xhtml = html(&fragment(&f, &Map, Format::Xhtml).expect("changed"));
        assert!(xhtml.contains("href=\"/a/xhtml\""), "{xhtml}");
    }

    #[test]
    fn nothing_to_move_is_no_copy_and_unsafe_answers_are_ignored() {
        let f = tree("<p><a href=\"https://elsewhere/\">x</a></p>");
        assert!(fragment(&f, &Map, Format::Markdown).is_none());
        let f = tree("<p><a href=\"https://old/evil/\">x</a></p>");
        assert!(fragment(&f, &Map, Format::Markdown).is_none());
    }
}
