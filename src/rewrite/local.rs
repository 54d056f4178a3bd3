//! The one lol_html pass: the rewrites that can be decided on the spot.
//!
//! Attributes that carry no content (referrer, lazy-load and tracking
//! attributes, presentation) go; WordPress caption wrappers are renamed to
//! the elements they stand for (`div.wp-caption` -> `figure`,
//! `.wp-caption-text` -> `figcaption`) while their class is still there to
//! say so; block-editor comments go. Everything that needs context is a pass
//! over the Fragment (`rules/`).
//!
//! lol_html hands attribute values over raw (entities not decoded); the
//! checks here only look at names and at class tokens, which are plain.

use lol_html::html_content::{Comment, Element};
use lol_html::{HtmlRewriter, MemorySettings, Settings, element};

use super::RewriteError;
use super::rules::images::{self, PictureState};
use super::rules::{ROLE, Rule, RuleSet, blocks, embeds, figures, residue};
use crate::document::Uploads;

/// Which rules have a part in this pass.
#[derive(Clone, Copy)]
struct On {
    attributes: bool,
    captions: bool,
    galleries: bool,
    embeds: bool,
    blocks: bool,
    residue: bool,
    lazy: bool,
    responsive: bool,
    image_urls: bool,
}

/// Runs the pass over `html`, feeding it in chunks of `chunk` bytes (the
/// whole string at once when `None`); the output does not depend on it.
/// An export's attachment URLs (`uploads`) are never mapped by `image-urls`.
pub fn rewrite(
    html: &str,
    rules: &RuleSet,
    chunk: Option<usize>,
    uploads: Option<&Uploads>,
) -> Result<String, RewriteError> {
    let on = On {
        attributes: rules.is_on(Rule::Attributes),
        captions: rules.is_on(Rule::Captions),
        galleries: rules.is_on(Rule::Galleries),
        embeds: rules.is_on(Rule::Embeds),
        blocks: rules.is_on(Rule::Blocks),
        residue: rules.is_on(Rule::Residue),
        lazy: rules.is_on(Rule::LazyImages),
        responsive: rules.is_on(Rule::ResponsiveImages),
        image_urls: rules.is_on(Rule::ImageUrls),
    };
    let picture = PictureState::default();
    let mut settings = Settings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(64 << 20));
    if on.responsive {
        settings = settings
            .append_element_content_handler(element!("picture", |el| {
                picture.best.replace(None);
                el.remove_and_keep_content();
                Ok(())
            }))
            .append_element_content_handler(element!("picture > source", |el| {
                picture.source(el);
                Ok(())
            }));
    }
    settings = settings.append_element_content_handler(element!("*", |el| {
        local_rules(el, on, &picture, uploads);
        Ok(())
    }));
    if on.residue {
        // The document-level handler sees every comment, inside elements
        // too (an element-level `comments!("*")` saw the nested ones a
        // second time).
        settings = settings.append_document_content_handler(lol_html::doc_comments!(|c| {
            drop_block_comment(c, html);
            Ok(())
        }));
    }
    let mut out = Vec::with_capacity(html.len());
    let mut rewriter = HtmlRewriter::new(settings, |bytes: &[u8]| out.extend_from_slice(bytes));
    let failed = |e: lol_html::errors::RewritingError| RewriteError::Rewriter(e.to_string());
    match chunk {
        Some(size) if size > 0 => {
            for piece in html.as_bytes().chunks(size) {
                rewriter.write(piece).map_err(failed)?;
            }
        }
        _ => rewriter.write(html.as_bytes()).map_err(failed)?,
    }
    rewriter.end().map_err(failed)?;
    // lol_html writes its input through; what comes out of valid UTF-8 with
    // UTF-8 edits is UTF-8, but do not trust that blindly.
    String::from_utf8(out).map_err(|e| RewriteError::Rewriter(format!("output is not UTF-8: {e}")))
}

/// Every local rule, in order, for one element. Order matters: the real
/// image URL is read from `data-*` before those attributes go, and roles
/// are set after them.
fn local_rules(
    el: &mut Element<'_, '_>,
    on: On,
    picture: &PictureState,
    uploads: Option<&Uploads>,
) {
    let name = el.tag_name();
    let class = el.get_attribute("class").unwrap_or_default();
    if on.residue && residue::is_junk(el, &name, &class) {
        el.remove();
        return;
    }
    if name == "img" {
        if on.lazy {
            images::resolve_lazy(el);
        }
        if on.responsive {
            let best = picture.best.take();
            images::pick_best(el, best.as_ref());
        }
    }
    // An export's attachment page is not converted: a link to it (a
    // gallery "linked to attachment pages") would be dead after migration,
    // so it links to the file the page shows.
    if on.image_urls
        && name == "a"
        && let Some(uploads) = uploads
        && let Some(raw) = el.get_attribute("href")
        && let Some(file) = uploads.file_of_page(&crate::html::entities::decode(&raw, true))
    {
        let _ = el.set_attribute("href", &file.replace('&', "&amp;"));
    }
    if on.image_urls && (name == "img" || name == "a") {
        let attr = if name == "img" { "src" } else { "href" };
        if let Some(raw) = el.get_attribute(attr) {
            // lol_html gives the value undecoded (`?a=1&#038;b=2`); decode
            // it to read the URL, and write `&` back as `&amp;`.
            let url = crate::html::entities::decode(&raw, true);
            let original = images::original_url(&url, uploads);
            if original != url {
                let _ = el.set_attribute(attr, &original.replace('&', "&amp;"));
            }
        }
    }
    if name == "img" {
        images::attachment_alt(el, &class, uploads);
    }
    let mut role = None;
    if !class.is_empty() {
        if on.captions {
            rename_caption_parts(el, &name, &class);
        }
        if on.galleries {
            role = role.or(figures::gallery_local(el, &name, &class));
        }
        if on.embeds {
            role = role.or(embeds::local(el, &name, &class));
        }
        if on.blocks {
            role = role.or(blocks::local(el, &name, &class));
        }
    }
    if el.removed() {
        return;
    }
    if on.attributes {
        drop_attributes(el, &name);
    }
    if let Some(role) = role {
        let _ = el.set_attribute(ROLE, role);
    }
}

/// `div.wp-caption` and `figure.wp-caption` hold an image and its caption;
/// `p.wp-caption-text`, `.wp-caption-dd` (in `dl.wp-caption`) and
/// Gutenberg's `.wp-element-caption` are the caption.
fn rename_caption_parts(el: &mut Element<'_, '_>, name: &str, class: &str) {
    let has = |token: &str| class.split_ascii_whitespace().any(|c| c == token);
    let rename = if has("wp-caption") && matches!(name, "div" | "dl") {
        Some("figure")
    } else if has("wp-caption-text") || has("wp-caption-dd") || has("wp-element-caption") {
        // A caption that is already a figcaption keeps its name.
        (name != "figcaption").then_some("figcaption")
    } else {
        None
    };
    if let Some(new) = rename {
        // Cannot fail: the name is a valid tag name.
        let _ = el.set_tag_name(new);
    }
}

/// Attributes that carry no content. Sanitizing (event handlers, unsafe
/// URLs) is not done here but on the Fragment, where it cannot be switched
/// off; dropping `on*` here too only saves work.
fn drop_attributes(el: &mut Element<'_, '_>, name: &str) {
    // `name` is the element's name before the local rules; no rule renames
    // an element to `code`, some rename one away from it.
    let is_code = name == "code" && el.tag_name() == "code";
    let mut remove = Vec::new();
    let mut keep_class = None;
    for attr in el.attributes() {
        let name = attr.name();
        let drop = match name.as_str() {
            "referrerpolicy" | "loading" | "decoding" | "srcset" | "sizes" | "style"
            | "fetchpriority" => true,
            "class" => {
                if is_code {
                    let langs: Vec<String> = attr
                        .value()
                        .split_ascii_whitespace()
                        .filter(|c| c.starts_with("language-"))
                        .map(str::to_owned)
                        .collect();
                    if !langs.is_empty() {
                        keep_class = Some(langs.join(" "));
                    }
                }
                true
            }
            // WordPress ties a caption to its image by these; the figure
            // rule says the same thing with structure.
            "id" => attr.value().starts_with("attachment_"),
            "aria-describedby" => attr.value().starts_with("caption-attachment"),
            n => n.starts_with("data-") || n.starts_with("on"),
        };
        if drop {
            remove.push(name);
        }
    }
    for name in remove {
        el.remove_attribute(&name);
    }
    if let Some(class) = keep_class {
        // Cannot fail: `class` is a valid attribute name.
        let _ = el.set_attribute("class", &class);
    }
}

/// `<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`: the block editor's
/// serialization, not content. A self-closing one (`<!-- wp:rss {...} /-->`)
/// is a dynamic block, which WordPress renders at view time: it stays for
/// the residue pass, which keeps its links and names what is left out.
///
/// The text is read in place from `html`, the pass's input, when the
/// comment is written there as `<!--text-->` (lol_html's `text()` is a new
/// `String`, and a block-editor post has a comment every few elements).
fn drop_block_comment(c: &mut Comment<'_>, html: &str) {
    let raw = html
        .get(c.source_location().bytes())
        .and_then(|raw| raw.strip_prefix("<!--")?.strip_suffix("-->"));
    let text = match raw {
        Some(raw) => std::borrow::Cow::Borrowed(raw),
        None => std::borrow::Cow::Owned(c.text()),
    };
    debug_assert_eq!(text, c.text(), "a comment's text read in place");
    let t = text.trim();
    if t.starts_with("/wp:") || t.starts_with("wp:") && !t.ends_with('/') {
        c.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> String {
        rewrite(html, &RuleSet::all(), None, None).unwrap()
    }

    #[test]
    fn drops_tracking_and_presentation_attributes() {
        let out = run(
            r#"<img loading="lazy" class="size-x wp-image-1" src="a.jpg" alt data-recalc-dims="1" referrerpolicy="no-referrer" srcset="a.jpg 1x" sizes="1px" style="w" onerror="x()">"#,
        );
        assert_eq!(out, r#"<img src="a.jpg" alt>"#);
    }

    #[test]
    fn keeps_language_classes_on_code_only() {
        assert_eq!(
            run(r#"<pre class="x"><code class="hl language-rust">x</code></pre>"#),
            r#"<pre><code class="language-rust">x</code></pre>"#
        );
    }

    #[test]
    fn renames_caption_wrappers() {
        let out = run(
            r#"<div id="attachment_5" class="wp-caption alignnone"><img aria-describedby="caption-attachment-5" src="a"><p class="wp-caption-text">Cap</p></div>"#,
        );
        assert_eq!(
            out,
            r#"<figure><img src="a"><figcaption>Cap</figcaption></figure>"#
        );
    }

    #[test]
    fn drops_block_comments_only() {
        let out = run(
            "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!--more--><!-- note --><!-- wp:search /-->",
        );
        assert_eq!(out, "<p>a</p><!--more--><!-- note --><!-- wp:search /-->");
    }

    #[test]
    fn lazy_and_responsive_images_resolve_to_the_real_one() {
        assert_eq!(
            run(
                r#"<img src="data:image/gif;base64,R0" data-lazy-src="https://e.x/a.jpg" alt="A">"#
            ),
            r#"<img src="https://e.x/a.jpg" alt="A">"#
        );
        assert_eq!(
            run(
                r#"<img src="https://e.x/a-300x200.jpg" srcset="https://e.x/a-300x200.jpg 300w, https://e.x/a-1024x683.jpg 1024w" alt="">"#
            ),
            r#"<img src="https://e.x/a-1024x683.jpg" alt="">"#
        );
        assert_eq!(
            run(
                r#"<picture><source srcset="https://e.x/b.webp 1600w" type="image/webp"><img src="https://e.x/b.jpg" alt="B"></picture>"#
            ),
            r#"<img src="https://e.x/b.webp" alt="B">"#
        );
    }

    #[test]
    fn image_urls_map_back_to_the_upload() {
        assert_eq!(
            run(
                r#"<a href="https://i0.wp.com/e.x/wp-content/uploads/2020/01/a.jpg?ssl=1"><img src="https://e.x/wp-content/uploads/2020/01/a-300x200.jpg?resize=300%2C200" alt=""></a>"#
            ),
            r#"<a href="https://e.x/wp-content/uploads/2020/01/a.jpg"><img src="https://e.x/wp-content/uploads/2020/01/a.jpg" alt=""></a>"#
        );
        let mut keep = RuleSet::all();
        keep.disable(Rule::ImageUrls);
        let html = r#"<img src="https://e.x/wp-content/uploads/a-300x200.jpg">"#;
        assert_eq!(rewrite(html, &keep, None, None).unwrap(), html);
    }

    /// "Block: Gallery" of the theme unit test data, "linked to attachment
    /// pages": the export knows the page and its file.
    #[test]
    fn a_link_to_an_attachment_page_links_to_the_file() {
        let mut media = crate::document::MediaMap::new();
        media.insert(
            611,
            crate::document::Media {
                url: "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg".into(),
                page:
                    "https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/canola2/"
                        .into(),
                ..Default::default()
            },
        );
        // With plain permalinks the page is the site's address and a query.
        media.insert(
            612,
            crate::document::Media {
                url: "https://e.x/wp-content/uploads/b.png".into(),
                page: "https://e.x/?attachment_id=612".into(),
                ..Default::default()
            },
        );
        let uploads = Uploads::from_media(&media);
        assert_eq!(
            rewrite(
                r#"<a href="http://e.x/?attachment_id=612">b</a> <a href="https://e.x/">home</a> <a href="https://e.x/?p=3">post</a>"#,
                &RuleSet::all(),
                None,
                Some(&uploads)
            )
            .unwrap(),
            r#"<a href="https://e.x/wp-content/uploads/b.png">b</a> <a href="https://e.x/">home</a> <a href="https://e.x/?p=3">post</a>"#
        );
        let html = r#"<a href="https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/canola2/"><img src="https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg?w=150" alt="canola"></a> <a href="https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/">post</a>"#;
        assert_eq!(
            rewrite(html, &RuleSet::all(), None, Some(&uploads)).unwrap(),
            r#"<a href="https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"><img src="https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg" alt="canola"></a> <a href="https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/">post</a>"#
        );
    }

    #[test]
    fn junk_goes_with_its_content() {
        assert_eq!(
            run(
                r#"<p>a</p><div class="sharedaddy sd-sharing-enabled"><a href="x">Share</a></div><div id="jp-relatedposts">R</div><img src="https://pixel.wp.com/g.gif?x" alt=""><img src="t.gif" width="1" height="1"><div class="ad-container">Buy</div><p>b</p>"#
            ),
            "<p>a</p><p>b</p>"
        );
    }

    #[test]
    fn block_wrappers_and_highlighters() {
        assert_eq!(
            run(
                r#"<div class="wp-block-columns"><div class="wp-block-column"><p>x</p></div></div><div class="wp-block-spacer" style="height:10px"></div>"#
            ),
            "<p>x</p>"
        );
        assert_eq!(
            run(r#"<pre class="brush: php; title: ; notranslate">echo 1;</pre>"#),
            r#"<pre><code class="language-php" data-unpress="highlighter">echo 1;</code></pre>"#
        );
        assert_eq!(
            run(
                r#"<div class="wp-block-file"><a href="f.pdf">f</a><a href="f.pdf" class="wp-block-file__button" download>Download</a></div>"#
            ),
            r#"<p><a href="f.pdf">f</a></p>"#
        );
        assert_eq!(
            run(
                r#"<figure class="wp-block-pullquote"><blockquote><p>q</p><cite>c</cite></blockquote></figure>"#
            ),
            "<blockquote><p>q</p><cite>c</cite></blockquote>"
        );
    }

    #[test]
    fn galleries_and_embeds_are_marked() {
        assert_eq!(
            run(
                r#"<div id="gallery-1" class="gallery galleryid-5"><dl class="gallery-item"><dt class="gallery-icon"><a href="f"><img src="t" alt=""></a></dt><dd class="wp-caption-text gallery-caption">C</dd></dl></div>"#
            ),
            r#"<figure id="gallery-1" data-unpress="gallery"><figure><div><a href="f"><img src="t" alt=""></a></div><figcaption>C</figcaption></figure></figure>"#
        );
        assert_eq!(
            run(
                r#"<figure class="wp-block-embed is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">https://youtu.be/x</div></figure>"#
            ),
            r#"<figure data-unpress="embed"><div>https://youtu.be/x</div></figure>"#
        );
    }

    #[test]
    fn chunked_input_gives_the_same_output() {
        let html = r#"<div class="wp-caption"><img data-src="x" src="a" loading="lazy"><p class="wp-caption-text">Cäption ünïcode</p></div><!-- wp:x -->"#;
        let whole = run(html);
        for size in 1..12 {
            assert_eq!(
                rewrite(html, &RuleSet::all(), Some(size), None).unwrap(),
                whole,
                "chunk {size}"
            );
        }
    }

    #[test]
    fn no_rules_leaves_markup_alone() {
        let html = r#"<div class="wp-caption" style="x"><!-- wp:x --></div>"#;
        assert_eq!(rewrite(html, &RuleSet::none(), None, None).unwrap(), html);
    }
}
