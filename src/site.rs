//! Static-site generators that `--site` writes for: Hugo, Jekyll, Hexo.
//!
//! A target fixes three things (docs/sites.md): the Markdown its default
//! configuration shows in full (the writer's dialect,
//! `write::markdown`), the front matter it reads (keys, date form,
//! categories), and the file layout it expects (content folders, drafts).

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::document::{Document, Post, Term};

/// A static-site generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// Hugo: Goldmark with its default extensions, raw HTML omitted.
    Hugo,
    /// Jekyll: kramdown (GFM input off), Liquid on every page.
    Jekyll,
    /// Hexo: hexo-renderer-marked (GFM, line breaks), Nunjucks tags on
    /// every post.
    Hexo,
}

impl Site {
    /// Every target, in the order the docs list them.
    pub const ALL: [Site; 3] = [Site::Hugo, Site::Jekyll, Site::Hexo];

    /// The name `--site` takes.
    pub fn name(self) -> &'static str {
        match self {
            Site::Hugo => "hugo",
            Site::Jekyll => "jekyll",
            Site::Hexo => "hexo",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Site {
    type Err = String;

    fn from_str(s: &str) -> Result<Site, String> {
        Site::ALL
            .into_iter()
            .find(|site| site.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown site generator '{s}': choose hugo, jekyll or hexo"))
    }
}

/// The settings a site needs for the converted content, written beside
/// it as a file of their own: unpress never edits the generator's
/// configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The file's text.
    pub text: String,
    /// How to build with it.
    pub usage: String,
}

impl Site {
    /// The settings file's name under the site's root: one the generator
    /// does not read by itself.
    pub fn settings_file(self) -> &'static str {
        match self {
            Site::Hugo => "unpress.toml",
            Site::Jekyll | Site::Hexo => "_config.unpress.yml",
        }
    }
}

impl Snippet {
    /// The settings for `site`: `keep_html` when raw HTML was kept for
    /// Hugo, `collections` the folders (without `_`) of post types other
    /// than posts and pages, which Jekyll publishes only when told.
    pub fn new(site: Site, keep_html: bool, collections: &[String]) -> Snippet {
        let head = format!(
            "# Written by unpress for the content it converted. It does not replace\n# your {site} configuration: add it to the build as shown, or copy it in.\n"
        );
        let mut text = head;
        let usage;
        match site {
            Site::Hugo => {
                usage = "hugo --config hugo.toml,unpress.toml (or config.toml,unpress.toml)".into();
                if keep_html {
                    text.push_str(
                        "\n# --raw-html keep: the Markdown holds raw HTML, which Goldmark omits\n# unless it is told to render it.\n[markup.goldmark.renderer]\nunsafe = true\n",
                    );
                } else {
                    text.push_str("# The Markdown needs nothing beyond Hugo's defaults.\n");
                }
            }
            Site::Jekyll => {
                usage = "jekyll build --config _config.yml,_config.unpress.yml".into();
                text.push_str(
                    "\n# The excerpt ends where WordPress's did (<!--more-->), not at the first\n# blank line.\nexcerpt_separator: \"<!--more-->\"\n\n# Jekyll makes post URLs in this zone: set it to your WordPress site's\n# (Settings > General) for the URLs to keep their old day. The export\n# holds only offsets, not the zone's name.\n# timezone: America/Los_Angeles\n",
                );
                // Only plain names: anything else would need YAML quoting,
                // and a post type is a plain name in WordPress.
                let mut collections: Vec<&String> = collections
                    .iter()
                    .filter(|t| {
                        !t.is_empty()
                            && t.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                    })
                    .collect();
                collections.sort();
                collections.dedup();
                if !collections.is_empty() {
                    text.push_str("\n# Post types other than posts and pages, published as collections.\ncollections:\n");
                    for c in collections {
                        text.push_str(&format!("  {c}:\n    output: true\n"));
                    }
                }
            }
            Site::Hexo => {
                usage = "hexo generate --config _config.yml,_config.unpress.yml".into();
                // Hexo stops on a settings file that is not a mapping (one
                // of comments only reads as null).
                text.push_str("# The Markdown needs nothing beyond Hexo's defaults.\n{}\n");
            }
        }
        Snippet { text, usage }
    }
}

/// Whether a document is shown on the site: published, and not behind a
/// password, unless the user named the statuses to convert (`--status`),
/// which publishes every document converted.
pub fn is_public(doc: &Document, publish_listed: bool) -> bool {
    if publish_listed {
        return true;
    }
    match &doc.post {
        Some(post) => post.status == "publish" && !post.password_protected,
        None => {
            let fm = doc.front_matter.as_ref();
            let flag = |k: &str| fm.and_then(|m| m.get(k)).and_then(Value::as_bool);
            flag("draft") != Some(true) && flag("published") != Some(false)
        }
    }
}

/// True when a WordPress status is a draft (never published, no date of
/// its own on the site): such documents go where the generator keeps
/// drafts (`_drafts/`).
pub fn is_draft_status(status: &str) -> bool {
    matches!(status, "draft" | "pending" | "auto-draft")
}

impl Site {
    /// The front matter this generator reads, from what the document says:
    /// an export item's typed fields, or a post's own front matter with
    /// its keys renamed to the generator's. The slug is never written:
    /// the file name carries it, so a renamed duplicate gets its own URL.
    pub fn front_matter(self, doc: &Document, publish_listed: bool) -> Map<String, Value> {
        let public = is_public(doc, publish_listed);
        let mut fm = match &doc.post {
            Some(post) => self.post_front_matter(post, doc.meta.description.as_deref(), public),
            None => self.given_front_matter(doc.output_front_matter(), public),
        };
        if doc.post.is_none()
            && let Some(url) = &doc.meta.url
        {
            let key = match self {
                Site::Hugo => "url",
                Site::Jekyll | Site::Hexo => "permalink",
            };
            fm.insert(key.into(), Value::String(url.clone()));
        }
        if doc.post.is_some() {
            // Things the generators have no key for stay, under the
            // portable names (docs/sites.md).
            let portable = doc.output_front_matter();
            for key in [
                "author",
                "id",
                "link",
                "format",
                "sticky",
                "password_protected",
            ] {
                if let Some(v) = portable.get(key)
                    && !fm.contains_key(key)
                {
                    fm.insert(key.into(), v.clone());
                }
            }
            for key in ["taxonomies", "custom_fields", "lang"] {
                // Newer Hugo reads `lang` as the page's site language,
                // which a one-language site does not have.
                if self == Site::Hugo && key == "lang" {
                    continue;
                }
                if let Some(v) = portable.get(key) {
                    fm.insert(key.into(), v.clone());
                }
            }
        }
        fm
    }

    fn post_front_matter(
        self,
        post: &Post,
        excerpt: Option<&str>,
        public: bool,
    ) -> Map<String, Value> {
        let mut fm = Map::new();
        let text = |s: &str| Value::String(s.to_owned());
        let names = |v: &[Term]| Value::Array(v.iter().map(|t| text(&t.name)).collect());
        let slugs = |v: &[Term]| Value::Array(v.iter().map(|t| text(&term_slug(t))).collect());
        let date = post.local_date.as_ref().or(post.date.as_ref());
        let updated = post.local_updated.as_ref().or(post.updated.as_ref());
        let excerpt = excerpt.filter(|t| !t.trim().is_empty());
        if self == Site::Jekyll {
            let layout = if post.post_type == "page" {
                "page"
            } else {
                "post"
            };
            fm.insert("layout".into(), text(layout));
        }
        if let Some(t) = &post.title {
            fm.insert("title".into(), text(t));
        }
        let date_key = |d: &String| match self {
            Site::Jekyll => text(&jekyll_date(d)),
            _ => text(d),
        };
        if let Some(d) = date {
            fm.insert("date".into(), date_key(d));
        }
        if let Some(u) = updated {
            let key = match self {
                Site::Hugo => "lastmod",
                Site::Jekyll => "last_modified_at",
                Site::Hexo => "updated",
            };
            fm.insert(key.into(), date_key(u));
        }
        if let Some(a) = &post.author {
            fm.insert("author".into(), text(a));
        }
        if !post.categories.is_empty() {
            match self {
                Site::Hugo => {
                    fm.insert("categories".into(), names(&post.categories));
                }
                // Jekyll puts categories in the URL (`/:categories/...`):
                // slugs, never names with spaces; the names for display.
                Site::Jekyll => {
                    fm.insert("categories".into(), slugs(&post.categories));
                    fm.insert("category_names".into(), names(&post.categories));
                }
                // Hexo reads a flat list as one nested path; each
                // category a list of its own is several flat ones.
                Site::Hexo => {
                    let each = post
                        .categories
                        .iter()
                        .map(|t| Value::Array(vec![text(&t.name)]))
                        .collect();
                    fm.insert("categories".into(), Value::Array(each));
                }
            }
        }
        if !post.tags.is_empty() {
            fm.insert("tags".into(), names(&post.tags));
        }
        if let Some(e) = excerpt {
            let key = match self {
                Site::Hugo => "summary",
                Site::Jekyll => "excerpt",
                Site::Hexo => "description",
            };
            fm.insert(key.into(), text(e.trim()));
        }
        if let (Site::Hugo, Some(order)) = (self, post.menu_order) {
            fm.insert("weight".into(), Value::from(order));
        }
        if let Some(image) = &post.featured_image {
            match self {
                Site::Hugo => {
                    fm.insert("images".into(), Value::Array(vec![text(&image.url)]));
                }
                Site::Jekyll => {
                    fm.insert("image".into(), text(&image.url));
                }
                Site::Hexo => {
                    fm.insert("cover".into(), text(&image.url));
                }
            }
        }
        // The path the run pinned (its old permalink's), and the other
        // paths that lead to it: the old URLs keep working.
        if let Some(url) = &post.url {
            let key = match self {
                Site::Hugo => "url",
                Site::Jekyll | Site::Hexo => "permalink",
            };
            fm.insert(key.into(), text(url));
        }
        if !post.aliases.is_empty() {
            let aliases = Value::Array(post.aliases.iter().map(|a| text(a)).collect());
            match self {
                Site::Hugo => {
                    fm.insert("aliases".into(), aliases);
                }
                // jekyll-redirect-from's key (a plugin: redirects.csv
                // holds them for the server otherwise).
                Site::Jekyll => {
                    fm.insert("redirect_from".into(), aliases);
                }
                Site::Hexo => {}
            }
        }
        if !public {
            self.unpublish(&mut fm, is_draft_status(&post.status));
        }
        fm
    }

    /// A post's own front matter, keys renamed where this generator reads
    /// another name; `slug` and `permalink` left to the file name.
    fn given_front_matter(self, given: Map<String, Value>, public: bool) -> Map<String, Value> {
        let rename: &[(&str, &str)] = match self {
            Site::Hugo => &[("updated", "lastmod"), ("last_modified_at", "lastmod")],
            Site::Jekyll => &[
                ("updated", "last_modified_at"),
                ("lastmod", "last_modified_at"),
            ],
            Site::Hexo => &[("lastmod", "updated"), ("last_modified_at", "updated")],
        };
        let mut fm = Map::new();
        if self == Site::Jekyll && !given.contains_key("layout") {
            // Jekyll renders a post without a layout as a bare fragment.
            fm.insert("layout".into(), Value::String("post".into()));
        }
        for (key, value) in given {
            if matches!(
                key.as_str(),
                "slug" | "permalink" | "url" | "draft" | "published"
            ) {
                continue;
            }
            let key = rename
                .iter()
                .find(|(from, _)| *from == key)
                .map_or(key, |(_, to)| (*to).to_owned());
            let value = match (self, key.as_str(), value) {
                (Site::Jekyll, "date" | "last_modified_at", Value::String(d)) => {
                    Value::String(jekyll_date(&d))
                }
                (_, _, v) => v,
            };
            fm.entry(key).or_insert(value);
        }
        if !public {
            self.unpublish(&mut fm, false);
        }
        fm
    }

    /// Marks a document as not shown: Hugo `draft: true`; Jekyll and Hexo
    /// `published: false` (a draft goes to `_drafts/`, which they do not
    /// build by default, and needs no key).
    fn unpublish(self, fm: &mut Map<String, Value>, draft: bool) {
        match self {
            Site::Hugo => {
                fm.insert("draft".into(), Value::Bool(true));
            }
            Site::Jekyll | Site::Hexo if !draft => {
                fm.insert("published".into(), Value::Bool(false));
            }
            Site::Jekyll | Site::Hexo => {}
        }
    }

    /// Keys that switch off the generator's own template language for a
    /// body that holds text looking like it (Jekyll's Liquid, Hexo's
    /// Nunjucks); Hugo's shortcodes are escaped in the body instead.
    pub fn template_guard(self, body: &str) -> Option<(&'static str, Value)> {
        let looks = |marks: &[&str]| marks.iter().any(|m| body.contains(m));
        match self {
            Site::Jekyll if looks(&["{{", "{%"]) => {
                Some(("render_with_liquid", Value::Bool(false)))
            }
            Site::Hexo if looks(&["{{", "{%", "{#"]) => {
                Some(("disableNunjucks", Value::Bool(true)))
            }
            _ => None,
        }
    }
}

/// A term's slug for a URL: its own, else its name made into one.
pub(crate) fn term_slug(term: &Term) -> String {
    let own = term.slug.trim();
    if !own.is_empty() && !own.contains(char::is_whitespace) {
        return own.to_owned();
    }
    term.name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// An RFC 3339 date in the form Jekyll documents (`2019-03-04 10:20:30
/// +0100`); a date without a time or zone as it is.
fn jekyll_date(date: &str) -> String {
    let b = date.as_bytes();
    if b.len() < 19 || b[10] != b'T' {
        return date.to_owned();
    }
    let (day, rest) = date.split_at(10);
    let time = &rest[1..9];
    let zone = &rest[9..];
    let zone = zone.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" => "+0000".to_owned(),
        z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) => z.replace(':', ""),
        "" => return format!("{day} {time}"),
        _ => return date.to_owned(),
    };
    format!("{day} {time} {offset}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_dates_have_a_space_and_a_numeric_offset() {
        assert_eq!(
            jekyll_date("2019-03-04T10:20:30Z"),
            "2019-03-04 10:20:30 +0000"
        );
        assert_eq!(
            jekyll_date("2019-03-04T10:20:30-08:00"),
            "2019-03-04 10:20:30 -0800"
        );
        assert_eq!(
            jekyll_date("2019-03-04T10:20:30.5+05:45"),
            "2019-03-04 10:20:30 +0545"
        );
        assert_eq!(jekyll_date("2019-03-04T10:20:30"), "2019-03-04 10:20:30");
        assert_eq!(jekyll_date("2019-03-04"), "2019-03-04");
    }

    #[test]
    fn term_slugs_never_hold_spaces() {
        let t = |name: &str, slug: &str| Term {
            name: name.into(),
            slug: slug.into(),
        };
        assert_eq!(term_slug(&t("Cat A", "cat-a")), "cat-a");
        assert_eq!(term_slug(&t("Cat A", "")), "cat-a");
        assert_eq!(term_slug(&t("Über Straße", "a b")), "über-straße");
    }
}
