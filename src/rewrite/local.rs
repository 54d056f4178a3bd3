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
use lol_html::{HtmlRewriter, MemorySettings, Settings, comments, element};

use super::RewriteError;
use super::rules::RuleSet;

/// Runs the pass over `html`, feeding it in chunks of `chunk` bytes (the
/// whole string at once when `None`); the output does not depend on it.
pub fn rewrite(html: &str, rules: &RuleSet, chunk: Option<usize>) -> Result<String, RewriteError> {
    let attributes = rules.is_on("attributes");
    let captions = rules.is_on("captions");
    let residue = rules.is_on("residue");
    let mut settings = Settings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(64 << 20));
    if attributes || captions {
        settings = settings.append_element_content_handler(element!("*", move |el| {
            if captions {
                rename_caption_parts(el);
            }
            if attributes {
                drop_attributes(el);
            }
            Ok(())
        }));
    }
    if residue {
        settings = settings.append_element_content_handler(comments!("*", |c| {
            drop_block_comment(c);
            Ok(())
        }));
        settings = settings.append_document_content_handler(lol_html::doc_comments!(|c| {
            drop_block_comment(c);
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

/// `div.wp-caption` and `figure.wp-caption` hold an image and its caption;
/// `p.wp-caption-text`, `.wp-caption-dd` (in `dl.wp-caption`) and
/// Gutenberg's `.wp-element-caption` are the caption.
fn rename_caption_parts(el: &mut Element<'_, '_>) {
    let Some(class) = el.get_attribute("class") else {
        return;
    };
    let has = |token: &str| class.split_ascii_whitespace().any(|c| c == token);
    let name = el.tag_name();
    let rename = if has("wp-caption") && matches!(name.as_str(), "div" | "dl") {
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
fn drop_attributes(el: &mut Element<'_, '_>) {
    let is_code = el.tag_name() == "code";
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
/// serialization, not content.
fn drop_block_comment(c: &mut Comment<'_>) {
    let text = c.text();
    let t = text.trim_start();
    if t.starts_with("wp:") || t.starts_with("/wp:") {
        c.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> String {
        rewrite(html, &RuleSet::all(), None).unwrap()
    }

    #[test]
    fn drops_tracking_and_presentation_attributes() {
        let out = run(
            r#"<img loading="lazy" class="size-x wp-image-1" src="a.jpg" alt data-recalc-dims="1" referrerpolicy="no-referrer" srcset="a 1x" sizes="1px" style="w" onerror="x()">"#,
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
        let out =
            run("<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!--more--><!-- note -->");
        assert_eq!(out, "<p>a</p><!--more--><!-- note -->");
    }

    #[test]
    fn chunked_input_gives_the_same_output() {
        let html = r#"<div class="wp-caption"><img data-src="x" src="a" loading="lazy"><p class="wp-caption-text">Cäption ünïcode</p></div><!-- wp:x -->"#;
        let whole = run(html);
        for size in 1..12 {
            assert_eq!(
                rewrite(html, &RuleSet::all(), Some(size)).unwrap(),
                whole,
                "chunk {size}"
            );
        }
    }

    #[test]
    fn no_rules_leaves_markup_alone() {
        let html = r#"<div class="wp-caption" style="x"><!-- wp:x --></div>"#;
        assert_eq!(rewrite(html, &RuleSet::none(), None).unwrap(), html);
    }
}
