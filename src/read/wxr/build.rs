//! An item becomes a Document: the front matter map, the typed metadata and
//! the body, as WordPress would show the post.

use std::path::Path;

use serde_json::{Map, Value};

use super::item::{ItemTerm, RawItem, non_empty};
use super::layout::slugify;
use super::{Export, WxrOptions};
use super::{footnotes, serialized};
use crate::document::{BodyKind, Comment, Document, Image, ItemSource, Post, Source, Term};
use crate::html::url::percent_decode_or_keep as percent_decode;
use crate::read::{date, front_matter, shortcode, wpautop};

/// What a WordPress export writes for "no date" (drafts' `post_date_gmt`).
const NO_DATE: &str = "0000-00-00 00:00:00";

/// Builds the Document of an item that the rules keep.
pub fn document(
    item: RawItem,
    export: &Export,
    opts: &WxrOptions,
    path: &Path,
    line: usize,
    rel: &Path,
) -> Document {
    let mut warnings = item.warnings.clone();
    let raw_content = item.content.as_deref().unwrap_or("");
    let with_notes = footnotes::render(raw_content, item.meta(footnotes::META_KEY));
    let post = post(&item, export, opts, with_notes.is_some(), &mut warnings);
    // The typed metadata every writer reads, taken from the front matter
    // the post makes, as for any other input.
    let (mut meta, normalized) = front_matter::typed(
        &post.front_matter(),
        opts.read.timezone.as_ref(),
        &mut warnings,
    );
    if meta.lang.is_none() {
        meta.lang = export.lang.clone();
    }
    // The excerpt stays HTML in the front matter (post_excerpt is HTML, and
    // site generators render an `excerpt` key as content); the description
    // the writers show as text is its text.
    if let Some(excerpt) = non_empty(&item.excerpt) {
        meta.description = Some(html_text(excerpt)).filter(|d| !d.is_empty());
    }
    let content = with_notes.as_deref().unwrap_or(raw_content);
    // WordPress runs wpautop only on content without blocks (do_blocks()
    // unhooks it when has_blocks() is true).
    // Syntax highlighters expand their shortcodes before wpautop (on
    // the_content at a priority below 10) so that code keeps its lines;
    // do_shortcode runs after it (priority 11).
    let content = shortcode::expand_code(content);
    // has_blocks() looks at the saved content, footnotes block included.
    let html = if wpautop::needs_autop(raw_content) {
        wpautop::autop(&content)
    } else {
        content
    };
    let body = shortcode::expand(&html, Some(&export.media), item.id(), &mut warnings);
    Document {
        source: Source::Item(Box::new(ItemSource {
            path: path.to_path_buf(),
            line,
            post_type: item.post_type().to_owned(),
            name: rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })),
        front_matter: None,
        post: Some(Box::new(post)),
        comments: comments(&item, opts),
        normalized,
        meta,
        body_kind: BodyKind::Html,
        body,
        warnings,
        uploads: Some(export.uploads.clone()),
    }
}

/// The text of a short piece of HTML (a title, a name): tags removed as
/// PHP's strip_tags removes them (a `<` before a space stays), character
/// references decoded, runs of ASCII white space made one space (a
/// no-break space is kept: it was written on purpose).
pub(crate) fn html_text(html: &str) -> String {
    let mut stripped = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        stripped.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let is_tag = after
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        match is_tag.then(|| tag_len(after)).flatten() {
            Some(len) => rest = &after[len..],
            None => {
                stripped.push('<');
                rest = after;
            }
        }
    }
    stripped.push_str(rest);
    let decoded = crate::html::entities::decode(&stripped, false);
    decoded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The length of a tag's rest up to and including its `>`, quotes
/// respected; `None` when it never closes (then it is text).
fn tag_len(after: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in after.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A date field normalized (`date::normalize`); `gmt` ones are UTC.
fn date_of(text: Option<&str>, gmt: bool, opts: &WxrOptions) -> Option<Result<String, String>> {
    let text = text
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != NO_DATE)?;
    let zone = opts.read.timezone.as_ref();
    let norm = if gmt {
        date::normalize(&format!("{text} UTC"), None)
    } else {
        date::normalize(text, zone)
    };
    Some(norm.ok_or_else(|| text.to_owned()))
}

/// `post_date_gmt`, else `post_date`, else `pubDate` (and the same for
/// the modified dates): the first one present, normalized, or kept as
/// written with a warning.
fn first_date(
    candidates: &[(Option<&str>, bool)],
    key: &str,
    opts: &WxrOptions,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let found = candidates
        .iter()
        .find_map(|(text, gmt)| date_of(*text, *gmt, opts))?;
    Some(found.unwrap_or_else(|raw| {
        warnings.push(format!(
            "{key} '{raw}' is not a date unpress reads; kept as given"
        ));
        raw
    }))
}

/// What the export says about a kept item, typed.
fn post(
    item: &RawItem,
    export: &Export,
    opts: &WxrOptions,
    notes_in_body: bool,
    warnings: &mut Vec<String>,
) -> Post {
    let mut post = Post {
        status: item.status().to_owned(),
        post_type: item.post_type().to_owned(),
        ..Post::default()
    };
    // WordPress stores titles, term names and display names as HTML
    // (`Media &amp; Text`, `Title <em>With</em> Markup`; kses and
    // _wp_specialchars on pre_term_name and pre_user_display_name): front
    // matter holds their text.
    post.title = non_empty(&item.title)
        .map(html_text)
        .filter(|t| !t.is_empty());
    post.date = first_date(
        &[
            (item.post_date_gmt.as_deref(), true),
            (item.post_date.as_deref(), false),
            (item.pub_date.as_deref(), false),
        ],
        "date",
        opts,
        warnings,
    );
    post.updated = first_date(
        &[
            (item.post_modified_gmt.as_deref(), true),
            (item.post_modified.as_deref(), false),
        ],
        "updated",
        opts,
        warnings,
    );
    let local = |local: &Option<String>, gmt: &Option<String>| {
        date::local_with_offset(non_empty(local)?, non_empty(gmt)?)
    };
    post.local_date = local(&item.post_date, &item.post_date_gmt);
    post.local_updated = local(&item.post_modified, &item.post_modified_gmt);
    post.author = non_empty(&item.creator).map(|login| {
        export
            .authors
            .get(login)
            .map(|a| html_text(&a.name()))
            .unwrap_or_else(|| login.to_owned())
    });

    // Terms: categories and tags by name and slug, the post format, and
    // other taxonomies.
    let terms = |names: &[String], slugs: &[String], decode: bool| -> Vec<Term> {
        names
            .iter()
            .zip(slugs)
            .map(|(name, slug)| Term {
                name: name.clone(),
                slug: if decode {
                    percent_decode(slug)
                } else {
                    slug.clone()
                },
            })
            .collect()
    };
    for (domain, names, slugs) in &terms_by_taxonomy(&item.terms) {
        match domain.as_str() {
            "category" => post.categories = terms(names, slugs, true),
            "post_tag" => post.tags = terms(names, slugs, true),
            // `post-format-gallery` -> `gallery`.
            "post_format" => {
                post.format = slugs
                    .first()
                    .map(|s| s.trim_start_matches("post-format-").to_owned())
                    .filter(|f| !f.is_empty());
            }
            other => post
                .taxonomies
                .push((other.to_owned(), terms(names, slugs, false))),
        }
    }

    post.slug = non_empty(&item.post_name).map(percent_decode);
    post.id = item.id();
    post.parent = number(&item.post_parent).filter(|p| *p != 0);
    post.menu_order = non_empty(&item.menu_order)
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|o| *o != 0);
    post.comment_status = non_empty(&item.comment_status).map(str::to_owned);
    post.sticky = non_empty(&item.is_sticky) == Some("1");
    // The password itself is never copied out.
    post.password_protected = non_empty(&item.post_password).is_some();
    post.link = non_empty(&item.link).map(str::to_owned);
    post.guid = non_empty(&item.guid).map(str::to_owned);
    post.old_slugs = item
        .meta
        .iter()
        .filter(|(k, v)| k == "_wp_old_slug" && !v.trim().is_empty())
        .map(|(_, v)| percent_decode(v.trim()))
        .collect();
    if let Some(thumb) = item
        .meta("_thumbnail_id")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        match export.media.get(&thumb) {
            Some(media) => {
                post.featured_image = Some(Image {
                    url: media.url.clone(),
                    alt: Some(media.alt.clone()).filter(|a| !a.is_empty()),
                });
            }
            None => warnings.push(format!(
                "featured image {thumb} is not an attachment of this export; left out"
            )),
        }
    }
    // Footnotes rendered into the body are content now, not a field.
    let skip = if notes_in_body {
        Some(footnotes::META_KEY)
    } else {
        None
    };
    post.custom_fields = custom_fields(item, opts.private_meta, skip, warnings);
    post.excerpt = non_empty(&item.excerpt).map(str::to_owned);
    post.lang = export.lang.clone();
    post
}

/// An item's terms grouped by taxonomy, in file order: `(taxonomy, names,
/// slugs)`, names as text.
///
/// As WordPress's importer reads them (wordpress-importer's parsers.php and
/// `process_posts()`):
/// - `domain="tag"`, which WXR 1.0 wrote for tags, is `post_tag` ("back
///   compat with WXR 1.0");
/// - a term is the pair (taxonomy, nicename): two categories may share a
///   name (`Foo A` under two parents in the theme unit test data), so only
///   a repeated nicename is a duplicate;
/// - WXR 1.0 wrote each term twice, first as a plain RSS `<category>`
///   (without nicename, and without domain for categories), then with
///   both. The importer's parsers take only the second. Here a plain one
///   counts only when no term of the item with the same taxonomy and name
///   has a nicename, so a hand-made export of plain `<category>` elements
///   (wp-theme-test-data/theme-preview.xml) keeps its categories; its slug
///   is then made from the name, as `wp_insert_term()` makes one.
fn terms_by_taxonomy(terms: &[ItemTerm]) -> Vec<(String, Vec<String>, Vec<String>)> {
    let taxonomy = |term: &ItemTerm| match term.domain.trim() {
        "" => "category".to_owned(),
        "tag" => "post_tag".to_owned(),
        other => other.to_owned(),
    };
    let terms: Vec<(String, &str, String)> = terms
        .iter()
        .map(|t| (taxonomy(t), t.nicename.trim(), html_text(&t.name)))
        .filter(|(_, _, name)| !name.is_empty())
        .collect();
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (domain, nicename, name) in &terms {
        let slug = if nicename.is_empty() {
            let named_twice = terms
                .iter()
                .any(|(d, n, other)| d == domain && !n.is_empty() && other == name);
            if named_twice {
                continue;
            }
            // A name of punctuation only has no slug; the name stands in.
            Some(slugify(name))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| name.clone())
        } else {
            (*nicename).to_owned()
        };
        let slot = match out.iter().position(|(d, _, _)| d == domain) {
            Some(i) => i,
            None => {
                out.push((domain.clone(), Vec::new(), Vec::new()));
                out.len() - 1
            }
        };
        let (_, names, slugs) = &mut out[slot];
        if !slugs.contains(&slug) {
            names.push(name.clone());
            slugs.push(slug);
        }
    }
    out
}

fn number(field: &Option<String>) -> Option<u64> {
    non_empty(field)?.parse().ok()
}

/// Public post meta (keys not starting with `_`, which WordPress hides
/// from the Custom Fields box: `is_protected_meta()`), or all of it when
/// asked. A key given several times becomes a list; `skip` is left out.
/// A PHP-serialized value is read as `maybe_unserialize()` reads it
/// (`serialized.rs`), or kept as written with a warning.
fn custom_fields(
    item: &RawItem,
    private: bool,
    skip: Option<&str>,
    warnings: &mut Vec<String>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in &item.meta {
        let key = key.trim();
        if key.is_empty() || (!private && key.starts_with('_')) || Some(key) == skip {
            continue;
        }
        let value = if serialized::looks_serialized(value) {
            serialized::unserialize(value).unwrap_or_else(|why| {
                warnings.push(format!(
                    "custom field '{key}' looks PHP-serialized but is not read ({why}); kept as written"
                ));
                Value::String(value.clone())
            })
        } else {
            Value::String(value.clone())
        };
        match out.get_mut(key) {
            None => {
                out.insert(key.to_owned(), value);
            }
            Some(Value::Array(values)) => values.push(value),
            Some(first) => {
                let first = first.take();
                out.insert(key.to_owned(), Value::Array(vec![first, value]));
            }
        }
    }
    out
}

/// Approved comments (`comment_approved` 1): id, author, date, text (HTML,
/// with paragraphs) and the parent comment's id; pingbacks and trackbacks
/// say so in `type`.
fn comments(item: &RawItem, opts: &WxrOptions) -> Vec<Comment> {
    item.comments
        .iter()
        .filter(|c| non_empty(&c.approved) == Some("1"))
        .map(|c| Comment {
            id: number(&c.id),
            // The name is stored as HTML and shown as such: a pingback's is
            // the linking page's title, entities and all (`Ping 1 &laquo;
            // What&#8217;s a tellyworth?` in the theme unit test data).
            author: non_empty(&c.author)
                .map(|a| crate::html::entities::decode(a, false).into_owned()),
            author_url: non_empty(&c.author_url).map(str::to_owned),
            date: date_of(c.date_gmt.as_deref(), true, opts)
                .or_else(|| date_of(c.date.as_deref(), false, opts))
                .map(|d| d.unwrap_or_else(|raw| raw)),
            // WordPress shows comment text through wpautop too
            // (default-filters.php: `add_filter( 'comment_text', 'wpautop', 30 )`).
            text: wpautop::wpautop(c.content.as_deref().unwrap_or("")),
            parent: number(&c.parent).filter(|p| *p != 0),
            kind: non_empty(&c.kind)
                .filter(|k| *k != "comment")
                .map(str::to_owned),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_names_become_text() {
        assert_eq!(html_text("Media &amp; Text"), "Media & Text");
        assert_eq!(
            html_text("Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>"),
            "Markup: Title With Markup"
        );
        assert_eq!(html_text("a < b &gt; c"), "a < b > c");
        assert_eq!(html_text("<a title=\"x>y\">l</a>\n  two"), "l two");
        assert_eq!(html_text("never <closed"), "never <closed");
        assert_eq!(html_text("&lt;em&gt;shown&lt;/em&gt;"), "<em>shown</em>");
    }
}
