//! The footnotes block, rendered as WordPress renders it.
//!
//! `core/footnotes` (WordPress 6.3+) is a dynamic block: the post content
//! keeps only the markers (`<sup data-fn="ID" class="fn"><a href="#ID"
//! id="ID-link">1</a></sup>`) and `<!-- wp:footnotes /-->`; the notes live in
//! the post meta `footnotes` as JSON, `[{"id": "...", "content": "..."}]`,
//! with HTML content. `render_block_core_footnotes()` prints
//! `<ol class="wp-block-footnotes"><li id="ID">content <a
//! href="#ID-link">↩︎</a></li>...</ol>` in the block's place; doing the same
//! here makes the markers' links resolve in every format.

use serde_json::Value;

use crate::read::shortcode::attr_escape;

/// The post meta key holding the notes.
pub const META_KEY: &str = "footnotes";

/// `content` with its footnotes block comment replaced by the rendered
/// list of `meta` (the `footnotes` post meta); `None` when there is no
/// block comment or no notes (WordPress then prints nothing, and the
/// comment is left for the rewrite to drop).
pub fn render(content: &str, meta: Option<&str>) -> Option<String> {
    let (start, end) = block_comment(content)?;
    let notes: Vec<Value> = serde_json::from_str(meta?.trim()).ok()?;
    let mut list = String::from("<ol class=\"wp-block-footnotes\">");
    let mut items = 0;
    for note in &notes {
        // WordPress prints whatever the entry holds; an entry without an
        // id could be linked to by nothing, so it is left out.
        let Some(id) = note
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let text = note.get("content").and_then(Value::as_str).unwrap_or("");
        let id = attr_escape(id);
        list.push_str(&format!(
            "<li id=\"{id}\">{text} <a href=\"#{id}-link\">\u{21a9}\u{fe0e}</a></li>"
        ));
        items += 1;
    }
    if items == 0 {
        return None;
    }
    list.push_str("</ol>");
    Some(format!("{}{list}{}", &content[..start], &content[end..]))
}

/// The byte range of the first `<!-- wp:footnotes ... -->` comment (the
/// block is dynamic, so it is saved self-closed, perhaps with attributes).
fn block_comment(content: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = content[from..].find("<!-- wp:footnotes") {
        let start = from + at;
        let after = &content[start + "<!-- wp:footnotes".len()..];
        if after.starts_with([' ', '\t', '\n', '\r', '/', '-']) {
            let end = start + content[start..].find("-->")? + 3;
            return Some((start, end));
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str =
        r#"[{"id":"a1","content":"A <em>note</em>"},{"id":"b2","content":"Another note"}]"#;

    #[test]
    fn the_block_becomes_the_list_wordpress_prints() {
        let content = "<p>x<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">1</a></sup></p>\n<!-- wp:footnotes /-->\n<p>after</p>";
        assert_eq!(
            render(content, Some(META)).unwrap(),
            "<p>x<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">1</a></sup></p>\n<ol class=\"wp-block-footnotes\"><li id=\"a1\">A <em>note</em> <a href=\"#a1-link\">\u{21a9}\u{fe0e}</a></li><li id=\"b2\">Another note <a href=\"#b2-link\">\u{21a9}\u{fe0e}</a></li></ol>\n<p>after</p>"
        );
        let with_attrs = render(
            "<!-- wp:footnotes {\"fontSize\":\"small\"} /-->",
            Some(META),
        );
        assert!(
            with_attrs
                .unwrap()
                .starts_with("<ol class=\"wp-block-footnotes\"><li id=\"a1\">")
        );
    }

    #[test]
    fn nothing_to_render() {
        assert_eq!(render("<p>no block</p>", Some(META)), None);
        assert_eq!(render("<!-- wp:footnotes /-->", None), None);
        assert_eq!(render("<!-- wp:footnotes /-->", Some("not json")), None);
        assert_eq!(render("<!-- wp:footnotes /-->", Some("[]")), None);
        assert_eq!(
            render("<!-- wp:footnotes /-->", Some("[{\"content\":\"x\"}]")),
            None
        );
        // Another block whose name starts the same is not this one.
        assert_eq!(render("<!-- wp:footnotesx /-->", Some(META)), None);
        assert_eq!(render("<!-- wp:footnotes", Some(META)), None);
    }
}
