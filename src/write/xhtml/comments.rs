//! An export item's approved comments, after the content (`--comments`).
//!
//! ```xml
//! <section class="comments" id="comments">
//! <h2>Comments</h2>
//! <article class="comment" id="comment-904">
//! <p class="comment-meta"><a href="https://example.com/">Ann</a> <time datetime="2013-03-11T23:56:23Z">2013-03-11 23:56 UTC</time></p>
//! <p>First.</p>
//! <article class="comment" id="comment-905">…a reply…</article>
//! </article>
//! </section>
//! ```
//!
//! - One `article` per comment, a reply inside the comment it answers:
//!   HTML §4.3.2 describes a blog's comments as articles nested in the
//!   post's, and each reply is "related to" its parent the same way.
//! - No `epub:type`: the EPUB 3 Structural Semantics Vocabulary 1.1 has no
//!   term for readers' comments, and EPUB 3.3 discourages unprefixed terms
//!   outside it (epubcheck reports them, as OPF-088).
//! - `id="comment-N"`: WordPress's own anchor (`get_comment_link()` ends
//!   in `#comment-N`), so old links to a comment can be mapped; made
//!   unique against the content's ids like every other id.
//! - The text is the comment's HTML (wpautop already applied by the
//!   reader, as WordPress's `comment_text` filter does), rewritten by the
//!   same pipeline as the body (`rewrite::rewrite`: sanitizer, balancer,
//!   rules), then written by the same walk: the profile holds inside
//!   comments as it does in the content.
//! - Threads deeper than [`MAX_DEPTH`] are shown flat at that depth, as
//!   WordPress's comment walker does past the "nested N levels deep"
//!   setting (10 at most).

use std::collections::{HashMap, HashSet};

use super::{Found, Hooks, Writer, push_attr};
use crate::document::Document;
use crate::html::fragment::Fragment;
use crate::html::serialize::{self as html, Flavor};

/// Deepest nesting of replies written (WordPress's Discussion hooks
/// offer 2 to 10 levels).
pub const MAX_DEPTH: usize = 10;

/// One approved comment, its text already rewritten into a Fragment.
#[derive(Debug)]
pub struct Comment {
    pub id: Option<u64>,
    pub author: Option<String>,
    pub author_url: Option<String>,
    /// As the reader normalized it (`2013-03-11T23:56:23Z`).
    pub date: Option<String>,
    /// The id of the comment this one answers.
    pub parent: Option<u64>,
    /// `pingback` or `trackback`; `None` for a plain comment.
    pub kind: Option<String>,
    pub text: Fragment,
}

/// The approved comments of an export's item ([`Document::comments`]),
/// each text turned into a Fragment by `rewrite`. Documents that are not
/// export items have none: a post's own `comments` key (Hexo's
/// `comments: false`) is front matter, not comments.
pub fn collect<E>(
    doc: &Document,
    mut rewrite: impl FnMut(&str) -> Result<Fragment, E>,
) -> Result<Vec<Comment>, E> {
    let trimmed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let mut out = Vec::with_capacity(doc.comments.len());
    for c in &doc.comments {
        out.push(Comment {
            id: c.id,
            author: trimmed(&c.author),
            author_url: trimmed(&c.author_url),
            date: trimmed(&c.date),
            parent: c.parent,
            kind: trimmed(&c.kind),
            text: rewrite(&c.text)?,
        });
    }
    Ok(out)
}

/// Writes the comments section (nothing when there are no comments).
pub(super) fn write(
    comments: &[Comment],
    hooks: &Hooks<'_>,
    taken: &mut HashSet<String>,
    found: &mut Found,
    out: &mut String,
) {
    if comments.is_empty() {
        return;
    }
    let replies = threads(comments);
    out.push_str("<section class=\"comments\"");
    push_attr(out, "id", &super::profile::unique_id("comments", taken));
    out.push_str(">\n<h2>Comments</h2>\n");
    let mut visited = vec![false; comments.len()];
    // Roots first, in file order; then whatever a cycle of parents left
    // unreached (each of those as a root).
    for start in replies.roots.iter().copied().chain(0..comments.len()) {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        open(&comments[start], hooks, taken, found, out);
        // (comment, its next reply to write) for every open article.
        let mut stack = vec![(start, 0usize)];
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let Some(&reply) = replies.of[at].get(*next) else {
                out.push_str("</article>\n");
                stack.pop();
                continue;
            };
            *next += 1;
            if visited[reply] {
                continue;
            }
            visited[reply] = true;
            open(&comments[reply], hooks, taken, found, out);
            if stack.len() + 1 < MAX_DEPTH {
                stack.push((reply, 0));
            } else {
                out.push_str("</article>\n");
                flat(
                    reply,
                    comments,
                    &replies,
                    &mut visited,
                    hooks,
                    taken,
                    found,
                    out,
                );
            }
        }
    }
    out.push_str("</section>\n");
}

/// The replies below `top`, in thread order, as siblings (past
/// [`MAX_DEPTH`]).
#[allow(clippy::too_many_arguments)]
fn flat(
    top: usize,
    comments: &[Comment],
    replies: &Threads,
    visited: &mut [bool],
    hooks: &Hooks<'_>,
    taken: &mut HashSet<String>,
    found: &mut Found,
    out: &mut String,
) {
    let mut todo: Vec<usize> = replies.of[top].iter().rev().copied().collect();
    while let Some(c) = todo.pop() {
        if std::mem::replace(&mut visited[c], true) {
            continue;
        }
        open(&comments[c], hooks, taken, found, out);
        out.push_str("</article>\n");
        todo.extend(replies.of[c].iter().rev().copied());
    }
}

/// Who answers whom, by index.
struct Threads {
    /// Comments that answer no comment of this list (a reply whose parent
    /// was not approved is shown as a comment of its own).
    roots: Vec<usize>,
    /// The replies of each comment, in file order.
    of: Vec<Vec<usize>>,
}

fn threads(comments: &[Comment]) -> Threads {
    let index: HashMap<u64, usize> = comments
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.id.map(|id| (id, i)))
        .collect();
    let mut roots = Vec::new();
    let mut of = vec![Vec::new(); comments.len()];
    for (i, c) in comments.iter().enumerate() {
        match c.parent.and_then(|p| index.get(&p)).filter(|&&p| p != i) {
            Some(&p) => of[p].push(i),
            None => roots.push(i),
        }
    }
    Threads { roots, of }
}

/// Opens a comment's `article` and writes its author, date and text.
fn open(
    c: &Comment,
    hooks: &Hooks<'_>,
    taken: &mut HashSet<String>,
    found: &mut Found,
    out: &mut String,
) {
    out.push_str("<article class=\"comment");
    if let Some(kind) = c.kind.as_deref().filter(|k| is_token(k)) {
        out.push(' ');
        out.push_str(kind);
    }
    out.push('"');
    if let Some(id) = c.id {
        push_attr(
            out,
            "id",
            &super::profile::unique_id(&format!("comment-{id}"), taken),
        );
    }
    out.push_str(">\n<p class=\"comment-meta\">");
    // WordPress shows pingbacks and trackbacks as "Pingback: <link>".
    match c.kind.as_deref() {
        Some("pingback") => out.push_str("Pingback: "),
        Some("trackback") => out.push_str("Trackback: "),
        _ => {}
    }
    let author = c.author.as_deref().unwrap_or("Anonymous");
    match c.author_url.as_deref().and_then(|u| author_link(u, hooks)) {
        Some(url) => {
            out.push_str("<a");
            push_attr(out, "href", &url);
            out.push('>');
            html::escape(author, false, Flavor::Xhtml, out);
            out.push_str("</a>");
        }
        None => html::escape(author, false, Flavor::Xhtml, out),
    }
    if let Some(date) = &c.date {
        out.push(' ');
        match super::profile::valid_datetime(date) {
            Some(valid) => {
                out.push_str("<time");
                push_attr(out, "datetime", valid);
                out.push('>');
                html::escape(&shown_date(valid), false, Flavor::Xhtml, out);
                out.push_str("</time>");
            }
            None => html::escape(date, false, Flavor::Xhtml, out),
        }
    }
    out.push_str("</p>\n");
    let mut writer = Writer::new(&c.text, hooks, taken);
    // Under the section's "Comments" heading.
    writer.outline(3);
    writer.write_blocks(out);
    found.svg |= writer.svg;
    found.mathml |= writer.mathml;
    found.unavailable += writer.unavailable;
    found.empty_alt += writer.empty_alt;
}

/// The author's site, if it is a web address (WordPress's comment form
/// takes only those; anything else, such as `javascript:`, is not a link).
fn author_link(url: &str, hooks: &Hooks<'_>) -> Option<String> {
    let url = url.trim();
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return None;
    }
    let clean = super::profile::clean_url(url);
    match hooks.resolver {
        Some(r) => match r(super::Kind::Link, &clean) {
            super::Target::Url(u) | super::Target::Link(u) => Some(u),
            super::Target::Text => None,
        },
        None => Some(clean),
    }
}

/// `2013-03-11T23:56:23Z` -> `2013-03-11 23:56 UTC`, `...T10:20:00+08:00`
/// -> `... 10:20 +08:00`; a date without a time as it is.
fn shown_date(d: &str) -> String {
    let Some((day, time)) = d.split_once('T') else {
        return d.to_owned();
    };
    let hm: String = time.chars().take(5).collect();
    let zone = if time.ends_with('Z') {
        " UTC".to_owned()
    } else if let Some(at) = time.rfind(['+', '-']) {
        format!(" {}", &time[at..])
    } else {
        String::new()
    };
    format!("{day} {hm}{zone}")
}

/// A class name WordPress would write (`pingback`): ASCII letters and `-`.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    /// A text rewritten as the library rewrites a body.
    fn rewrite(text: &str) -> Fragment {
        let doc = Document::from_html(Source::Text, text);
        crate::rewrite_document(&doc, &crate::Options::default())
            .map(|(f, _)| f)
            .unwrap_or_default()
    }

    fn comment(id: u64, parent: Option<u64>, text: &str) -> Comment {
        Comment {
            id: Some(id),
            author: Some("A".into()),
            author_url: None,
            date: None,
            parent,
            kind: None,
            text: rewrite(text),
        }
    }

    fn section(comments: &[Comment], taken: &mut HashSet<String>) -> String {
        let mut out = String::new();
        let mut found = Found {
            svg: false,
            mathml: false,
            unavailable: 0,
            empty_alt: 0,
        };
        write(comments, &Hooks::default(), taken, &mut found, &mut out);
        out
    }

    #[test]
    fn a_cycle_of_parents_is_written_once_each() {
        let cs = [
            comment(1, Some(2), "<p>one</p>"),
            comment(2, Some(1), "two"),
        ];
        let x = section(&cs, &mut HashSet::new());
        assert_eq!(x.matches("<article").count(), 2, "{x}");
        assert_eq!(x.matches("</article>").count(), 2, "{x}");
        // One holds the other.
        assert!(x.contains("<p>one</p>\n<article"), "{x}");
    }

    #[test]
    fn threads_deeper_than_the_limit_are_flat_at_it() {
        let cs: Vec<Comment> = (1..=13)
            .map(|i| comment(i, (i > 1).then_some(i - 1), "x"))
            .collect();
        let x = section(&cs, &mut HashSet::new());
        let mut depth = 0usize;
        let mut deepest = 0;
        for tag in x
            .split('<')
            .filter(|t| t.starts_with("article") || t.starts_with("/article"))
        {
            if tag.starts_with('/') {
                depth -= 1;
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        assert_eq!(depth, 0);
        assert_eq!(deepest, MAX_DEPTH, "{x}");
        assert_eq!(x.matches("<article").count(), 13);
        let order: Vec<usize> = (1..=13)
            .map(|i| x.find(&format!("comment-{i}\"")).unwrap_or(0))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{x}");
    }

    #[test]
    fn ids_are_unique_with_the_content_and_links_are_web_only() {
        let mut taken: HashSet<String> = [
            "comments".to_owned(),
            "comment-7".to_owned(),
            "intro".to_owned(),
        ]
        .into();
        let mut c = comment(
            7,
            Some(99),
            "<p id=\"intro\">hi <a href=\"#intro\">me</a></p>",
        );
        c.author = Some("<b>Bo</b>".into());
        c.author_url = Some("javascript:alert(1)".into());
        c.date = Some("2013-03-14T15:01:21Z".into());
        c.kind = Some("pingback".into());
        let x = section(&[c], &mut taken);
        assert!(
            x.starts_with("<section class=\"comments\" id=\"comments-2\">\n<h2>Comments</h2>\n"),
            "{x}"
        );
        assert!(
            x.contains("<article class=\"comment pingback\" id=\"comment-7-2\">"),
            "{x}"
        );
        assert!(
            x.contains("<p id=\"intro-2\">hi <a href=\"#intro-2\">me</a></p>"),
            "{x}"
        );
        assert!(x.contains(
            "<p class=\"comment-meta\">Pingback: &lt;b&gt;Bo&lt;/b&gt; <time datetime=\"2013-03-14T15:01:21Z\">2013-03-14 15:01 UTC</time></p>"
        ), "{x}");
        assert!(!x.contains("javascript"), "{x}");
    }

    #[test]
    fn only_export_items_have_comments() {
        let mut doc = Document::from_html(Source::Text, "body");
        let given = serde_json::json!({"comments": [{"text": "hi"}]});
        doc.front_matter = given.as_object().cloned();
        let got = collect(&doc, |_| Ok::<_, ()>(Fragment::new()));
        assert!(got.is_ok_and(|c| c.is_empty()));
    }

    #[test]
    fn dates_are_shown_to_the_minute() {
        assert_eq!(shown_date("2013-03-14T15:01:21Z"), "2013-03-14 15:01 UTC");
        assert_eq!(
            shown_date("2013-03-14T15:01:21+08:00"),
            "2013-03-14 15:01 +08:00"
        );
        assert_eq!(shown_date("2013-03-14T15:01:21"), "2013-03-14 15:01");
        assert_eq!(shown_date("2013-03-14"), "2013-03-14");
    }
}
