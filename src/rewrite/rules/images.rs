//! Images: the real image behind lazy-load placeholders, the best candidate
//! of a `srcset` or `<picture>`, and (with `--image-urls original`, the
//! default) the original file behind Jetpack Photon and WordPress's resized
//! copies; an image without alternative text gets its attachment's
//! (an export's `_wp_attachment_image_alt`).
//!
//! All of it is decided on the spot, in the lol_html pass, except the
//! `<noscript><img></noscript>` fallback that lazy-load plugins put beside a
//! placeholder: that needs the siblings, so it is a pass over the Fragment.

use std::cell::RefCell;

use lol_html::html_content::Element;

use crate::document::Uploads;
use crate::html::fragment::{Fragment, NodeData, NodeId};

use super::Context;

/// Attributes lazy-load plugins keep the real URL in (a3 Lazy Load,
/// Lazy Load by WP Rocket, Jetpack, lazysizes, ...).
const LAZY_SRC: &[&str] = &[
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-orig-file",
    "data-lazyload",
    "data-large-file",
];
const LAZY_SRCSET: &[&str] = &["data-srcset", "data-lazy-srcset"];

/// True for a `src` that only holds a place: empty, a data: URI, or a
/// placeholder file.
fn is_placeholder(src: &str) -> bool {
    let s = src.trim().to_ascii_lowercase();
    s.is_empty()
        || s.starts_with("data:")
        || s.contains("lazy_placeholder")
        || s.contains("lazy-placeholder")
        || s.ends_with("/blank.gif")
        || s.ends_with("/spacer.gif")
        || s.ends_with("/grey.gif")
        || s.ends_with("/1x1.gif")
        || s.ends_with("/pixel.gif")
}

/// lazy-images, local part: the real URL replaces a placeholder `src`.
pub fn resolve_lazy(el: &mut Element<'_, '_>) {
    let src = el.get_attribute("src").unwrap_or_default();
    if is_placeholder(&src)
        && let Some(real) = LAZY_SRC
            .iter()
            .find_map(|a| el.get_attribute(a))
            .filter(|v| !v.trim().is_empty())
    {
        let _ = el.set_attribute("src", &real);
    }
    if let Some(set) = LAZY_SRCSET
        .iter()
        .find_map(|a| el.get_attribute(a))
        .filter(|v| !v.trim().is_empty())
        && el
            .get_attribute("srcset")
            .is_none_or(|s| s.trim().is_empty())
    {
        let _ = el.set_attribute("srcset", &set);
    }
}

/// One candidate of a `srcset`: URL and its weight (width in pixels, or
/// density x 10,000 so that any width beats no descriptor).
fn candidates(srcset: &str) -> Vec<(String, f64)> {
    // HTML's srcset parsing (§4.8.4.3.3, simplified): skip white space and
    // commas; the URL is the run of non-white-space characters (trailing
    // commas end the candidate); descriptors run to the next comma. So
    // commas inside URLs (`?w=1,2`) stay in them.
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let url_end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let raw_url = &rest[..url_end];
        rest = &rest[url_end..];
        let url = raw_url.trim_end_matches(',');
        let descriptor = if url.len() < raw_url.len() {
            ""
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let d = rest[..end].trim();
            rest = &rest[end..];
            d
        };
        let weight = match descriptor.split_whitespace().next() {
            Some(d) if d.ends_with('w') => d[..d.len() - 1].parse::<f64>().unwrap_or(0.0),
            Some(d) if d.ends_with('x') => d[..d.len() - 1]
                .parse::<f64>()
                .map_or(0.0, |x| x * 10_000.0),
            _ => 1.0,
        };
        if !url.is_empty() {
            out.push((url.to_owned(), weight));
        }
    }
    out
}

/// The best candidate of a `srcset`: the widest, else the densest.
pub fn best_of(srcset: &str) -> Option<(String, f64)> {
    candidates(srcset)
        .into_iter()
        .fold(None, |best: Option<(String, f64)>, c| match &best {
            Some(b) if b.1 >= c.1 => best,
            _ => Some(c),
        })
}

/// responsive-images, local part, for an `<img>`: the best `srcset`
/// candidate becomes `src` (and so survives the loss of `srcset`). A
/// `<picture>`'s sources, seen before its `<img>`, compete too.
pub fn pick_best(el: &mut Element<'_, '_>, picture_best: Option<&(String, f64)>) {
    let mut best = el.get_attribute("srcset").and_then(|s| best_of(&s));
    if let Some(p) = picture_best
        && best.as_ref().is_none_or(|b| p.1 > b.1)
    {
        best = Some(p.clone());
    }
    if let Some((url, weight)) = best {
        let src = el.get_attribute("src").unwrap_or_default();
        // A plain `src` counts as the smallest candidate, so any described
        // candidate (or the only one, for a missing src) wins.
        if is_placeholder(&src) || weight > 1.0 {
            let _ = el.set_attribute("src", &url);
        }
    }
}

/// State of the lol_html pass across elements: the best source of the
/// `<picture>` being read.
#[derive(Default)]
pub struct PictureState {
    pub best: RefCell<Option<(String, f64)>>,
}

impl PictureState {
    /// A `<source>` in a `<picture>`: remember its best candidate, and drop
    /// it (the `<img>` will carry the winner).
    pub fn source(&self, el: &mut Element<'_, '_>) {
        if let Some(c) = el.get_attribute("srcset").and_then(|s| best_of(&s)) {
            let mut best = self.best.borrow_mut();
            if best.as_ref().is_none_or(|b| c.1 > b.1) {
                *best = Some(c);
            }
        }
        el.remove();
    }
}

/// An export's image without alternative text gets its attachment's
/// (`_wp_attachment_image_alt`): WordPress writes `alt` from it when the
/// image is inserted, but an image inserted before the alt was set, a
/// block gallery or a theme's markup can carry `alt=""` while the export
/// knows better. The attachment is the one `wp-image-N` names, else the
/// one whose file the `src` is. Not a switchable rule: it reads what the
/// export says and changes nothing an author wrote (a non-empty `alt`
/// stays).
pub fn attachment_alt(el: &mut Element<'_, '_>, class: &str, uploads: Option<&Uploads>) {
    let Some(uploads) = uploads else { return };
    if el
        .get_attribute("alt")
        .is_some_and(|a| !crate::html::entities::decode(&a, true).trim().is_empty())
    {
        return;
    }
    let id = class
        .split_ascii_whitespace()
        .find_map(|c| c.strip_prefix("wp-image-")?.parse::<u64>().ok());
    let src = el
        .get_attribute("src")
        .map(|s| crate::html::entities::decode(&s, true).into_owned())
        .unwrap_or_default();
    if let Some(alt) = uploads.alt(id, &src) {
        let escaped = alt
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        let _ = el.set_attribute("alt", &escaped);
    }
}

/// `--image-urls original`: the original upload behind a CDN or resized
/// URL.
///
/// - Jetpack Photon (`i0.wp.com/example.org/wp-content/...`): the origin URL.
/// - Resizing queries (`?w=770&resize=770%2C513`, `?fit=`, `?h=`, `?crop=`,
///   `?quality=`, `?strip=`, `?ssl=`) on `/wp-content/uploads/` files: gone.
/// - WordPress's resized copies (`photo-300x200.jpg`) in `/wp-content/uploads/`:
///   the original (`photo.jpg`); WordPress keeps it beside every copy. Not
///   when `uploads` (an export's attachment URLs) holds the URL: then it
///   *is* the original, and its name merely ends like a copy
///   (`image-alignment-580x300.jpg` in the theme test data). Without an
///   export there is no better signal than the name, and a resized copy is
///   far more common in a post than an original named that way.
pub fn original_url(url: &str, uploads: Option<&Uploads>) -> String {
    let mut u = url.trim().to_owned();
    // Photon: https://i0.wp.com/host/path?params
    if let Some(rest) = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .or_else(|| u.strip_prefix("//"))
        && let Some((host, path)) = rest.split_once('/')
        && is_photon_host(host)
        && path.contains('.')
        && path.split('/').next().is_some_and(|h| h.contains('.'))
    {
        u = format!("https://{path}");
    }
    // WordPress.com serves a site's uploads from `<site>.files.wordpress.com/
    // <year>/<month>/` and resizes them by query (`?w=604`), never with
    // `-WxH` copies: there only the query goes.
    let wpcom = u
        .split("://")
        .nth(1)
        .and_then(|r| r.split(['/', '?']).next())
        .is_some_and(|h| h.to_ascii_lowercase().ends_with(".files.wordpress.com"));
    if !u.contains("/wp-content/uploads/") && !is_photon_host_in(url) && !wpcom {
        return url.to_owned();
    }
    let (base, query) = match u.split_once('?') {
        Some((b, q)) => (b.to_owned(), Some(q.to_owned())),
        None => (u.clone(), None),
    };
    let kept: Vec<String> = query
        .iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            !matches!(
                key,
                "w" | "h"
                    | "resize"
                    | "fit"
                    | "crop"
                    | "quality"
                    | "strip"
                    | "ssl"
                    | "zoom"
                    | "lb"
                    | "ulb"
            ) && !p.is_empty()
        })
        .map(str::to_owned)
        .collect();
    let base = if wpcom || uploads.is_some_and(|k| k.contains(&base)) {
        base
    } else {
        strip_size_suffix(&base)
    };
    if kept.is_empty() {
        base
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

fn is_photon_host(host: &str) -> bool {
    ["i0.wp.com", "i1.wp.com", "i2.wp.com", "i3.wp.com"]
        .iter()
        .any(|h| host.eq_ignore_ascii_case(h))
}

fn is_photon_host_in(url: &str) -> bool {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .is_some_and(is_photon_host)
}

/// `name-300x200.jpg` -> `name.jpg`, for files under `/wp-content/uploads/`.
fn strip_size_suffix(url: &str) -> String {
    let Some(slash) = url.rfind('/') else {
        return url.to_owned();
    };
    let (dir, file) = url.split_at(slash + 1);
    let Some(dot) = file.rfind('.') else {
        return url.to_owned();
    };
    let (stem, ext) = file.split_at(dot);
    if let Some(dash) = stem.rfind('-') {
        let size = &stem[dash + 1..];
        if let Some((w, h)) = size.split_once('x')
            && !w.is_empty()
            && !h.is_empty()
            && w.bytes().all(|c| c.is_ascii_digit())
            && h.bytes().all(|c| c.is_ascii_digit())
            && dash > 0
        {
            return format!("{dir}{}{ext}", &stem[..dash]);
        }
    }
    url.to_owned()
}

/// lazy-images, tree part: a lazy-load plugin leaves the real image in a
/// `<noscript>` beside its placeholder. The image inside replaces a
/// placeholder `<img>` just before it, or, with none there, stands in the
/// noscript's place. (The sanitizer then removes the noscript.)
pub fn noscript_images(f: &mut Fragment, _cx: &mut Context) {
    let noscripts: Vec<NodeId> = f
        .descendants(f.root())
        .filter(|&n| f.is(n, "noscript"))
        .collect();
    for ns in noscripts {
        let Some(img) = f.descendants(ns).find(|&n| f.is(n, "img")) else {
            lift_lone_link(f, ns);
            continue;
        };
        let placeholder = {
            let mut prev = f.prev_sibling(ns);
            while let Some(p) = prev {
                if f.text(p).is_some_and(|t| t.trim().is_empty()) {
                    prev = f.prev_sibling(p);
                    continue;
                }
                break;
            }
            prev.filter(|&p| f.is(p, "img"))
        };
        f.detach(img);
        match placeholder {
            Some(p) => {
                // Keep the placeholder's alt if the real one has none.
                let alt = f.element(p).and_then(|e| e.attr("alt")).map(str::to_owned);
                if let (Some(alt), Some(e)) = (alt, f.element_mut(img))
                    && e.attr("alt").is_none_or(str::is_empty)
                {
                    e.set_attr("alt", alt);
                }
                f.insert_before(p, img);
                f.detach(p);
            }
            None => f.insert_before(ns, img),
        }
        if let NodeData::Element(_) = f.data(ns) {
            f.detach(ns);
        }
    }
}

/// A script widget (a poll, a form) leaves a link to itself in its
/// `<noscript>`: that link is the content a reader can still follow.
fn lift_lone_link(f: &mut Fragment, ns: NodeId) {
    let links: Vec<NodeId> = f.descendants(ns).filter(|&n| f.is(n, "a")).collect();
    let [link] = links.as_slice() else {
        return;
    };
    if f.element(*link).and_then(|e| e.attr("href")).is_none() {
        return;
    }
    f.detach(*link);
    f.insert_before(ns, *link);
    f.detach(ns);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_candidates() {
        assert_eq!(
            best_of("a.jpg 300w, b.jpg 1024w, c.jpg 768w").unwrap().0,
            "b.jpg"
        );
        assert_eq!(best_of("a.jpg, b.jpg 2x").unwrap().0, "b.jpg");
        assert_eq!(
            best_of("https://x/a.jpg?resize=300%2C200 300w, https://x/b.jpg?w=1,2 900w")
                .unwrap()
                .0,
            "https://x/b.jpg?w=1,2"
        );
        assert_eq!(best_of(""), None);
    }

    #[test]
    fn originals_behind_cdns_and_resizes() {
        assert_eq!(
            original_url(
                "https://i1.wp.com/9to5mac.com/wp-content/uploads/sites/6/2021/08/Shot.jpeg?resize=1200%2C628&quality=82&strip=all&ssl=1",
                None
            ),
            "https://9to5mac.com/wp-content/uploads/sites/6/2021/08/Shot.jpeg"
        );
        assert_eq!(
            original_url(
                "https://chinese.aljazeera.net/wp-content/uploads/2022/01/2-1.jpg?w=770&resize=770%2C513",
                None
            ),
            "https://chinese.aljazeera.net/wp-content/uploads/2022/01/2-1.jpg"
        );
        assert_eq!(
            original_url(
                "https://blog.example.org/wp-content/uploads/2012/03/hplip-640x480.png",
                None
            ),
            "https://blog.example.org/wp-content/uploads/2012/03/hplip.png"
        );
        assert_eq!(
            original_url(
                "https://i1.wp.com/farm8.staticflickr.com/7487/x.jpg?resize=500%2C305&ssl=1",
                None
            ),
            "https://farm8.staticflickr.com/7487/x.jpg"
        );
        assert_eq!(
            original_url(
                "https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg?w=604&h=453",
                None
            ),
            "https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg"
        );
        assert_eq!(
            original_url(
                "https://x.files.wordpress.com/2010/08/shot-300x200.png?w=300",
                None
            ),
            "https://x.files.wordpress.com/2010/08/shot-300x200.png"
        );
        // Not WordPress's: left alone.
        assert_eq!(
            original_url("https://example.org/img/a-300x200.jpg?w=3", None),
            "https://example.org/img/a-300x200.jpg?w=3"
        );
        assert_eq!(
            original_url("https://e.x/wp-content/uploads/a.jpg?v=2&w=300", None),
            "https://e.x/wp-content/uploads/a.jpg?v=2"
        );
    }

    #[test]
    fn an_uploaded_file_is_its_own_original() {
        let mut media = crate::document::MediaMap::new();
        media.insert(
            7,
            crate::document::Media {
                url: "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment-580x300.jpg".into(),
                ..Default::default()
            },
        );
        let uploads = Uploads::from_media(&media);
        let known = Some(&uploads);
        // As uploaded, or over another scheme behind a resizing query.
        let url =
            "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment-580x300.jpg";
        assert_eq!(original_url(url, known), url);
        assert_eq!(
            original_url(&format!("{}?w=300", url.replace("http:", "https:")), known),
            url.replace("http:", "https:")
        );
        // A copy of it still maps back to it.
        assert_eq!(
            original_url(
                "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment-580x300-300x155.jpg",
                known
            ),
            "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment-580x300.jpg"
        );
        // Without the export, the name is all there is.
        assert_eq!(
            original_url(
                "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment-580x300.jpg",
                None
            ),
            "http://wptest.io/demo/wp-content/uploads/sites/2/2013/03/image-alignment.jpg"
        );
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("data:image/gif;base64,R0lGOD"));
        assert!(is_placeholder(""));
        assert!(is_placeholder(
            "https://e.x/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif"
        ));
        assert!(!is_placeholder("https://e.x/a.jpg"));
    }
}
