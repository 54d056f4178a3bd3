//! The rule for what is outside the body: the front matter map, the typed
//! metadata and an export's comments are cleaned by the body's sanitizer
//! before any writer sees them.
//!
//! Every field of an input is its author's (or a commenter's) to write,
//! and site generators print many of them as HTML: Jekyll and Hugo render
//! an `excerpt` or a `description` as content, themes print comment
//! authors and link their sites. So every string outside the body, at any
//! depth, keys included, is checked twice:
//!
//! - **as HTML**: balanced and sanitized as a body is ([`balance`], then
//!   [`sanitize`]; the WordPress rules are for content, not for fields).
//!   A value the sanitizer leaves as it is stays byte for byte (`Why a <
//!   b`, `the <code> tag`); one it changes is replaced by its sanitized
//!   HTML. The value's tags are also checked one by one, because a page
//!   is not a fragment: a tag the balancer drops here (a `<script>` before
//!   any text, a `<td onclick>` outside a table, `<body onload>`) may be
//!   kept there. And since a template prints fields next to each other,
//!   two more shapes count as changed: a value that ends inside a tag
//!   (`<img alt="`: the next field would become its attributes), and one
//!   that leaves an `<svg>` or `<math>` open (the next field would be
//!   read as foreign content, where `<animate>` can rewrite a link). A key
//!   that would change is removed with its value.
//! - **as a URL**: under a key that names one (`url`, `link`,
//!   `permalink`, `author_url`, `image`, ...: [`url_kind`]), and for any
//!   value shaped like a bare URL (a scheme and a colon with no space
//!   around), [`is_safe_url`] decides, as it does for a link in the body;
//!   an unsafe URL is removed with its key (or from its list).
//!
//! What was removed is reported as a warning of the document.
//!
//! The check is a read-only walk first: the document is cloned only when
//! something needs cleaning, which real exports almost never do.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::balance::balance;
use super::rules::sanitize::{REMOVED_HTML, is_safe_url, keeps_attr, sanitize};
use super::tokenizer::{Token, Tokenizer};
use super::{Budget, RewriteError};
use crate::document::{COMMENTS_KEY, Comment, Document, Meta, Post};
use crate::html::entities;
use crate::html::fragment::Fragment;

/// The document with every field outside its body cleaned; the document
/// itself, borrowed, when nothing needed it.
pub fn clean<'d>(doc: &'d Document, budget: &Budget) -> Cow<'d, Document> {
    let cleaner = Cleaner { budget };
    if !cleaner.needed(doc) {
        return Cow::Borrowed(doc);
    }
    let mut doc = doc.clone();
    let mut warnings = Vec::new();
    if let Some(fm) = &mut doc.front_matter {
        cleaner.clean_map(fm, "", false, &mut warnings);
    }
    // An export item's typed fields and comments are cleaned as the same
    // values under the same keys (`excerpt`, `comments[3].author_url`).
    if let Some(post) = &mut doc.post {
        let mut value = serde_json::to_value(&**post).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            cleaner.clean_map(map, "", false, &mut warnings);
        }
        match serde_json::from_value::<Post>(value) {
            Ok(clean) => **post = clean,
            Err(_) => {
                warnings.push("the export's fields could not be cleaned; left out".into());
                doc.post = None;
            }
        }
    }
    if !doc.comments.is_empty() {
        let mut value = serde_json::to_value(&doc.comments).unwrap_or(Value::Null);
        cleaner.clean_value(
            &mut value,
            Some(COMMENTS_KEY),
            false,
            COMMENTS_KEY,
            &mut warnings,
        );
        doc.comments = serde_json::from_value::<Vec<Comment>>(value).unwrap_or_else(|_| {
            warnings.push("the comments could not be cleaned; left out".into());
            Vec::new()
        });
    }
    doc.normalized.retain_mut(|(key, value)| {
        // Warned about with the front matter they stand in for.
        cleaner.clean_value(value, Some(key.as_str()), false, key, &mut Vec::new())
    });
    // The typed metadata is taken from the front matter when there is
    // one (its warnings said it all); a page's head has no other voice.
    let mut meta_warnings = Vec::new();
    cleaner.clean_meta(&mut doc.meta, &mut meta_warnings);
    if doc.front_matter.is_none() && doc.post.is_none() {
        warnings.append(&mut meta_warnings);
    }
    doc.warnings.extend(warnings);
    Cow::Owned(doc)
}

/// What a URL is used for, which decides whether a `data:` image passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlKind {
    /// A link (`url`, `link`, `permalink`, `author_url`): as `a href`.
    Link,
    /// An image (`image`, `cover`, `featured_image.url`): as `img src`,
    /// where raster `data:` images are allowed.
    Image,
}

/// Key words that name an image, alone or as one `_`-separated word of a
/// key (`cover_image`, `og-image`, `headimg`).
const IMAGE_WORDS: &[&str] = &[
    "image",
    "images",
    "img",
    "headimg",
    "cover",
    "thumbnail",
    "thumb",
    "banner",
    "avatar",
    "logo",
    "icon",
    "photo",
    "picture",
    "poster",
];

/// Last words of a key that name a link (`url`, `author_url`,
/// `canonical-url`, `permalink`, `redirect_from`).
const LINK_WORDS: &[&str] = &[
    "url",
    "urls",
    "uri",
    "href",
    "link",
    "links",
    "permalink",
    "src",
    "website",
    "homepage",
    "canonical",
    "redirect",
    "from",
    "to",
];

/// Whether a key holds a URL, and of which kind: a key with a word that
/// names an image (`image`, `cover`, `headimg`, `og-image`, ...) holds an
/// image; one whose last word names a link (`url`, `link`, `permalink`,
/// `author_url`, `canonical-url`, ...; `to` and `from` only after
/// `redirect`) holds a link, or an image below an image's key
/// (`under_image`: `url` in `featured_image: {url, alt}`).
pub fn url_kind(key: &str, under_image: bool) -> Option<UrlKind> {
    // The key's words, `-` and `_` alike, compared ignoring ASCII case.
    let words = || key.split(['-', '_']).filter(|w| !w.is_empty());
    let among = |list: &[&str], w: &str| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    let last = words().next_back()?;
    let image = words().any(|w| among(IMAGE_WORDS, w));
    let link = if among(&["to", "from"], last) {
        words().nth(1).is_some() && words().next().is_some_and(|w| among(&["redirect"], w))
    } else {
        among(LINK_WORDS, last)
    };
    if image || (link && under_image) {
        Some(UrlKind::Image)
    } else if link {
        Some(UrlKind::Link)
    } else {
        None
    }
}

/// Why a string goes.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Markup the sanitizer removes: the value becomes its sanitized HTML.
    Replace(String),
    /// An unsafe URL, or HTML too large to balance: the value goes.
    Drop(&'static str),
}

struct Cleaner<'a> {
    budget: &'a Budget,
}

impl Cleaner<'_> {
    // ---- the read-only walk -------------------------------------------------

    fn needed(&self, doc: &Document) -> bool {
        doc.front_matter
            .as_ref()
            .is_some_and(|fm| self.map_needed(fm, false))
            || doc.post.as_ref().is_some_and(|post| {
                serde_json::to_value(&**post).is_ok_and(|v| self.value_needed(&v, None, false))
            })
            || (!doc.comments.is_empty()
                && serde_json::to_value(&doc.comments)
                    .is_ok_and(|v| self.value_needed(&v, Some(COMMENTS_KEY), false)))
            || doc
                .normalized
                .iter()
                .any(|(k, v)| self.value_needed(v, Some(k), false))
            || meta_strings(&doc.meta)
                .any(|(k, s)| self.verdict(s, Some(k), false) != Verdict::Keep)
    }

    fn map_needed(&self, map: &Map<String, Value>, under_image: bool) -> bool {
        map.iter().any(|(k, v)| {
            self.html(k) != Verdict::Keep || self.value_needed(v, Some(k), under_image)
        })
    }

    /// The depth is bounded by the readers (serde_yaml refuses more than
    /// 128 levels, the PHP unserializer 64).
    fn value_needed(&self, v: &Value, key: Option<&str>, under_image: bool) -> bool {
        match v {
            Value::String(s) => self.verdict(s, key, under_image) != Verdict::Keep,
            Value::Array(items) => items
                .iter()
                .any(|item| self.value_needed(item, key, under_image)),
            Value::Object(map) => self.map_needed(map, is_image_context(key, under_image)),
            _ => false,
        }
    }

    // ---- the cleaning walk ----------------------------------------------------

    /// Cleans a map in place; `path` names it in warnings (`comments[0]`).
    fn clean_map(
        &self,
        map: &mut Map<String, Value>,
        path: &str,
        under_image: bool,
        warnings: &mut Vec<String>,
    ) {
        map.retain(|key, value| {
            if self.html(key) != Verdict::Keep {
                // The key itself is not repeated: warnings are printed
                // and written into the JSON too.
                let place = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in '{path}'")
                };
                warnings.push(format!(
                    "a front matter key{place} holds unsafe markup; removed with its value"
                ));
                return false;
            }
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            self.clean_value(value, Some(key), under_image, &at, warnings)
        });
    }

    /// Cleans a value in place; false when it is to be removed.
    fn clean_value(
        &self,
        value: &mut Value,
        key: Option<&str>,
        under_image: bool,
        at: &str,
        warnings: &mut Vec<String>,
    ) -> bool {
        match value {
            Value::String(s) => match self.verdict(s, key, under_image) {
                Verdict::Keep => true,
                Verdict::Replace(clean) => {
                    warnings.push(format!(
                        "front matter '{at}': unsafe markup removed (scripts, event handlers, \
                         embedded documents, or markup left open)"
                    ));
                    *s = clean;
                    true
                }
                Verdict::Drop(why) => {
                    warnings.push(format!("front matter '{at}': {why}; removed"));
                    false
                }
            },
            Value::Array(items) => {
                let mut i = 0;
                items.retain_mut(|item| {
                    let keep =
                        self.clean_value(item, key, under_image, &format!("{at}[{i}]"), warnings);
                    i += 1;
                    keep
                });
                true
            }
            Value::Object(map) => {
                self.clean_map(map, at, is_image_context(key, under_image), warnings);
                true
            }
            _ => true,
        }
    }

    fn clean_meta(&self, meta: &mut Meta, warnings: &mut Vec<String>) {
        let mut one = |key: &str, slot: &mut Option<String>| {
            let Some(s) = slot else { return };
            match self.verdict(s, Some(key), false) {
                Verdict::Keep => {}
                Verdict::Replace(clean) => {
                    warnings.push(format!("{key}: unsafe markup removed"));
                    *slot = Some(clean).filter(|c| !c.trim().is_empty());
                }
                Verdict::Drop(why) => {
                    warnings.push(format!("{key}: {why}; removed"));
                    *slot = None;
                }
            }
        };
        one("title", &mut meta.title);
        one("date", &mut meta.date);
        one("updated", &mut meta.updated);
        one("author", &mut meta.author);
        one("description", &mut meta.description);
        one("slug", &mut meta.slug);
        one("lang", &mut meta.lang);
        for (key, list) in [
            ("categories", &mut meta.categories),
            ("tags", &mut meta.tags),
        ] {
            list.retain_mut(|s| {
                let mut slot = Some(std::mem::take(s));
                one(key, &mut slot);
                match slot {
                    Some(clean) => {
                        *s = clean;
                        true
                    }
                    None => false,
                }
            });
        }
    }

    // ---- one string ----------------------------------------------------------

    fn verdict(&self, s: &str, key: Option<&str>, under_image: bool) -> Verdict {
        let kind = match key.and_then(|k| url_kind(k, under_image)) {
            Some(kind) => Some(kind),
            // A value shaped like a URL anywhere: a template may link it.
            None => looks_like_url(s).then_some(UrlKind::Image),
        };
        let safe = match kind {
            Some(UrlKind::Link) => is_safe_url("a", "href", s),
            Some(UrlKind::Image) => is_safe_url("img", "src", s),
            None => true,
        };
        if !safe {
            return Verdict::Drop("a URL whose scheme runs code");
        }
        self.html(s)
    }

    /// The HTML check: see the module's documentation.
    fn html(&self, s: &str) -> Verdict {
        if !has_markup(s) {
            return Verdict::Keep;
        }
        let mut f = match balance(s, self.budget) {
            Ok(f) => f,
            Err(RewriteError::TooLarge { .. } | RewriteError::TooManyNodes { .. }) => {
                return Verdict::Drop("markup over the rewrite budget");
            }
            Err(RewriteError::Rewriter(_)) => return Verdict::Drop("markup that does not parse"),
        };
        let before = census(&f);
        sanitize(&mut f);
        if census(&f) == before && !tags_need_cleaning(s) {
            return Verdict::Keep;
        }
        Verdict::Replace(crate::html::serialize::inner(&f, f.root()))
    }
}

/// The typed metadata's strings, by the front matter key they come from.
fn meta_strings(meta: &Meta) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("title", &meta.title),
        ("date", &meta.date),
        ("updated", &meta.updated),
        ("author", &meta.author),
        ("description", &meta.description),
        ("slug", &meta.slug),
        ("lang", &meta.lang),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    .chain(meta.categories.iter().map(|c| ("categories", c.as_str())))
    .chain(meta.tags.iter().map(|t| ("tags", t.as_str())))
}

/// Whether the values below `key` are an image's (`featured_image: {url}`).
fn is_image_context(key: Option<&str>, under_image: bool) -> bool {
    under_image || key.and_then(|k| url_kind(k, false)) == Some(UrlKind::Image)
}

/// Whether `s` holds something an HTML parser reads as markup: `<` before
/// a letter, `/`, `!` or `?` (HTML § 13.2.5.6, tag open state). Anything
/// else is text, whatever it looks like (`a < b`, `&lt;script&gt;`).
fn has_markup(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?')))
}

/// Nodes and attributes in the tree: the sanitizer only removes, so the
/// two counts are unchanged exactly when it changed nothing.
fn census(f: &Fragment) -> (usize, usize) {
    f.descendants(f.root()).fold((0, 0), |(nodes, attrs), id| {
        (
            nodes + 1,
            attrs + f.element(id).map_or(0, |e| e.attrs.len()),
        )
    })
}

/// What the tree cannot show: the tags of `s` as the tokenizer reads
/// them, before the balancer drops or moves any. True when one of them is
/// an element the sanitizer removes or has an attribute it removes (the
/// balancer drops a `<script>` that comes before any text, as a page's
/// head would hold it, and a `<td onclick>` outside a table, which a
/// template may print inside one); when `<html>`, `<head>` or `<body>`
/// carries attributes (a page adds them to its own); or when the markup
/// reaches into what a template prints next: the input ends inside a tag,
/// or an `<svg>` or `<math>` is left open. The tokenizer stays in its data
/// state, so the text of a raw text element is read as tags too, and
/// tags are counted without the tree's rules (a breakout `<p>` closes an
/// `<svg>` in a tree): both can only clean more.
fn tags_need_cleaning(s: &str) -> bool {
    let mut tokens = Tokenizer::new(s);
    let mut foreign = 0usize;
    loop {
        match tokens.next_token() {
            Token::StartTag(t) => {
                let name = t.name.as_ref();
                if REMOVED_HTML.contains(&name)
                    || (matches!(name, "html" | "head" | "body") && !t.attrs.is_empty())
                    || t.attrs.iter().any(|(n, v)| !keeps_attr(name, n, v))
                {
                    return true;
                }
                if !t.self_closing && matches!(name, "svg" | "math") {
                    foreign += 1;
                }
            }
            Token::EndTag(t) if matches!(t.name.as_ref(), "svg" | "math") => {
                foreign = foreign.saturating_sub(1);
            }
            Token::Eof => return foreign > 0 || tokens.ended_in_tag(),
            _ => {}
        }
    }
}

/// Whether a value is shaped like a bare URL: after character references
/// and percent-escapes are undone (a browser undoes them in an `href`),
/// a scheme-like run without spaces, a colon, and no space right after it
/// (`javascript:alert(1)`, `java\tscript:x`; not `JavaScript: The Good
/// Parts`, which is a title). Tabs and newlines do not count as spaces:
/// URL parsers drop them.
fn looks_like_url(s: &str) -> bool {
    if !s.contains([':', '&', '%']) {
        return false;
    }
    let decoded = entities::decode(s, true);
    let decoded = crate::html::url::percent_decode(&decoded);
    let t = decoded.trim_matches(|c: char| c == ' ' || c.is_control());
    let Some((scheme, rest)) = t.split_once(':') else {
        return false;
    };
    !scheme.is_empty() && !scheme.contains(' ') && !rest.starts_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(s: &str, key: &str) -> Verdict {
        let budget = Budget::default();
        Cleaner { budget: &budget }.verdict(s, Some(key), false)
    }

    #[test]
    fn text_and_harmless_markup_stay_as_they_are() {
        for s in [
            "Why a < b",
            "How to use the <code> tag",
            "<b>bold</b> & <em>it</em>, 3 > 2",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<a href=\"https://e.x/\">x</a>",
            "JavaScript: The Good Parts",
            "2020-01-02T03:04:05Z",
            "<svg/>",
            "<svg><circle r=1 /></svg>",
            "<body>",
            "<td>x",
            "",
        ] {
            assert_eq!(verdict(s, "title"), Verdict::Keep, "{s}");
        }
    }

    #[test]
    fn markup_the_sanitizer_removes_is_replaced_by_what_is_left() {
        for (s, clean) in [
            ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
            ("a<script>alert(1)</script>b", "ab"),
            ("<a href='javascript:alert(1)'>x</a>", "<a>x</a>"),
            ("<iframe src=//e.x></iframe>t", "t"),
            ("<svg onload=alert(1)>", "<svg></svg>"),
            // Left open: the next field would be its attributes, or SVG.
            ("a<img src=x alt=\"", "a"),
            ("<svg>", "<svg></svg>"),
            ("<math><mi>x", "<math><mi>x</mi></math>"),
            // Dropped by the balancer here, kept by a page.
            ("<script>alert(1)</script>T", "T"),
            ("<meta http-equiv=refresh content='0;url=//e.x'>T", "T"),
            ("<td onclick=alert(1)>T", "T"),
            ("<body onload=alert(1)>T", "T"),
        ] {
            assert_eq!(verdict(s, "excerpt"), Verdict::Replace(clean.into()), "{s}");
        }
    }

    #[test]
    fn unsafe_urls_go_under_url_keys_and_as_bare_values() {
        for (s, key) in [
            ("javascript:alert(1)", "author_url"),
            ("JaVa&#83;cript:alert(1)", "image"),
            ("java\tscript:alert(1)", "link"),
            ("vbscript:msgbox(1)", "note"),
            ("javascript:alert('a b')", "title"),
            ("%6Aavascript:alert(1)", "anything"),
            ("data:text/html,<script>alert(1)</script>", "description"),
            ("data:image/png;base64,iVBOR", "permalink"),
        ] {
            assert!(matches!(verdict(s, key), Verdict::Drop(_)), "{key}: {s}");
        }
        for (s, key) in [
            ("https://example.com/", "url"),
            ("/a:b", "link"),
            ("data:image/png;base64,iVBOR", "cover"),
            ("data:image/png;base64,iVBOR", "note"),
            ("mailto:a@example.com", "author_url"),
            ("Java Script: a guide", "title"),
        ] {
            assert_eq!(verdict(s, key), Verdict::Keep, "{key}: {s}");
        }
    }

    #[test]
    fn url_keys() {
        use UrlKind::{Image, Link};
        for (key, under_image, kind) in [
            ("url", false, Some(Link)),
            ("author_url", false, Some(Link)),
            ("canonical-URL", false, Some(Link)),
            ("permalink", false, Some(Link)),
            ("redirect_from", false, Some(Link)),
            ("featured_image", false, Some(Image)),
            ("headimg", false, Some(Image)),
            ("url", true, Some(Image)),
            ("alt", true, None),
            ("to", false, None),
            ("title", false, None),
            ("description", false, None),
        ] {
            assert_eq!(url_kind(key, under_image), kind, "{key}");
        }
    }

    fn doc(fm: &str) -> Document {
        crate::read_document(&format!("---\n{fm}---\nx"), &Default::default())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_clean_document_is_borrowed() {
        let d = doc("title: Why a < b\ntags: [x]\nurl: https://e.x/\n");
        let budget = Budget::default();
        assert!(matches!(clean(&d, &budget), Cow::Borrowed(_)));
    }

    #[test]
    fn keys_values_lists_and_typed_fields_are_cleaned_with_warnings() {
        let d = doc("title: <script>x</script>T\n'<img src=x onerror=a()>': 1\n\
             featured_image: {url: 'javascript:x', alt: ok}\n\
             tags: [a, 'javascript:b', '<b onclick=c()>d</b>']\n");
        let budget = Budget::default();
        let cleaned = clean(&d, &budget);
        let fm = cleaned.front_matter.clone().unwrap_or_default();
        assert_eq!(fm["title"], "T");
        assert_eq!(fm.len(), 3, "{fm:?}");
        assert_eq!(fm["featured_image"], serde_json::json!({"alt": "ok"}));
        assert_eq!(fm["tags"], serde_json::json!(["a", "<b>d</b>"]));
        assert_eq!(cleaned.meta.title.as_deref(), Some("T"));
        assert_eq!(cleaned.meta.tags, ["a", "<b>d</b>"]);
        let w = &cleaned.warnings;
        assert_eq!(w.len(), 5, "{w:?}");
        assert!(w[0].contains("'title'"), "{w:?}");
        assert_eq!(
            w[1],
            "a front matter key holds unsafe markup; removed with its value"
        );
        assert!(w[2].contains("'featured_image.url'"), "{w:?}");
        assert!(w[3].contains("'tags[1]'"), "{w:?}");
        assert!(w[4].contains("'tags[2]'"), "{w:?}");
    }
}
