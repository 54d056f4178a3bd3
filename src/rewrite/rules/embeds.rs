//! Embeds: what WordPress shows in an iframe or a script becomes a figure
//! that links to the original, with the provider (or the caption) as its
//! caption. Nothing is fetched; the link is the content.

use super::{Context, ROLE};
use crate::html::fragment::{Element, Fragment, NodeData, NodeId};
use crate::html::url::host;
use crate::wordpress::provider_label;
use lol_html::html_content::Element as LolElement;

/// The page a player URL stands for: an iframe's `src` is a player, the
/// reader wants the page (`youtube.com/embed/ID` -> `youtube.com/watch?v=ID`).
pub fn canonical_url(src: &str) -> String {
    let src = src.trim();
    let src = if let Some(rest) = src.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        src.to_owned()
    };
    let Some(h) = host(&src) else {
        return src;
    };
    let path_of = |s: &str| -> String {
        s.split_once("://")
            .map(|(_, r)| r)
            .and_then(|r| r.find('/').map(|i| r[i..].to_owned()))
            .unwrap_or_default()
    };
    let path = path_of(&src);
    let path_only = path.split(['?', '#']).next().unwrap_or("").to_owned();
    if (h == "youtube.com" || h == "youtube-nocookie.com" || h.ends_with(".youtube.com"))
        && let Some(id) = path_only.strip_prefix("/embed/")
        && !id.is_empty()
    {
        return format!(
            "https://www.youtube.com/watch?v={}",
            id.trim_end_matches('/')
        );
    }
    if h == "player.vimeo.com"
        && let Some(id) = path_only.strip_prefix("/video/")
    {
        return format!("https://vimeo.com/{}", id.trim_end_matches('/'));
    }
    if h == "dailymotion.com"
        && let Some(id) = path_only.strip_prefix("/embed/video/")
    {
        return format!("https://www.dailymotion.com/video/{id}");
    }
    if h == "open.spotify.com"
        && let Some(rest) = path_only.strip_prefix("/embed/")
    {
        return format!("https://open.spotify.com/{rest}");
    }
    src
}

/// The local part: marks the embed forms whose class says what they are.
///
/// - `figure.wp-block-embed` (any provider): the URL is the text of its
///   `div.wp-block-embed__wrapper` (as saved) or an iframe (as rendered);
/// - `blockquote.twitter-tweet`, `blockquote.instagram-media`,
///   `blockquote.tiktok-embed`: the text is kept, the post's URL is its
///   last link to the provider.
pub fn local(_el: &mut LolElement<'_, '_>, name: &str, class: &str) -> Option<&'static str> {
    let has = |token: &str| class.split_ascii_whitespace().any(|c| c == token);
    if has("wp-block-embed")
        || (name == "figure"
            && class
                .split_ascii_whitespace()
                .any(|c| c.starts_with("wp-block-embed-")))
    {
        return Some("embed");
    }
    if name == "blockquote"
        && (has("twitter-tweet")
            || has("instagram-media")
            || has("tiktok-embed")
            || has("twitter-video"))
    {
        return Some("social-post");
    }
    None
}

/// The embeds pass over the Fragment.
pub fn run(f: &mut Fragment, _cx: &mut Context) {
    // Most documents hold none of what the steps below look for: one walk
    // tells, instead of one per step. (When one is there, every step walks
    // as before: a step may make what a later one looks for.)
    let none = !f.descendants(f.root()).any(|n| {
        has_role(f, n, "social-post")
            || has_role(f, n, "embed")
            || f.is(n, "iframe")
            || (f.is(n, "p") && bare_provider_url(f, n).is_some())
            || f.is(n, "video")
            || f.is(n, "audio")
    });
    if none {
        return;
    }
    // Social posts first: an embed block may hold one.
    let posts = all(f, |f, n| has_role(f, n, "social-post"));
    for quote in posts {
        social_post(f, quote);
    }
    let blocks = all(f, |f, n| has_role(f, n, "embed"));
    for figure in blocks {
        embed_block(f, figure);
    }
    let frames = all(f, |f, n| f.is(n, "iframe"));
    for frame in frames {
        if f.parent(frame).is_some() {
            iframe(f, frame);
        }
    }
    // WordPress's auto-embed (WP_Embed::autoembed on the_content): a URL of
    // a known provider alone on its line (after wpautop, alone in its
    // paragraph) shows as the embed.
    let bare = all(f, |f, n| f.is(n, "p") && bare_provider_url(f, n).is_some());
    for p in bare {
        if let Some(url) = bare_provider_url(f, p) {
            let figure = f.create(NodeData::Element(Element::html("figure")));
            let link = link_node(f, &url, &url);
            f.append(figure, link);
            let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
            f.append(figure, figcaption);
            f.append_text(figcaption, &provider_label(&url));
            f.insert_before(p, figure);
            f.detach(p);
        }
    }
    let players = all(f, |f, n| f.is(n, "video") || f.is(n, "audio"));
    for player in players {
        if f.parent(player).is_some() {
            media_player(f, player);
        }
    }
}

/// `<video>` and `<audio>` (the video and audio blocks, or raw HTML): a
/// link to each source. In a figure, the links take the player's place and
/// the caption stays; elsewhere they make a figure captioned "Video" or
/// "Audio". A player with no source a reader could follow (a `data:` URI,
/// nothing at all) goes.
fn media_player(f: &mut Fragment, player: NodeId) {
    let what = if f.is(player, "video") {
        "Video"
    } else {
        "Audio"
    };
    let mut urls: Vec<String> = Vec::new();
    for n in f.descendants(player) {
        if let Some(src) = f
            .element(n)
            .filter(|e| e.is("video") || e.is("audio") || e.is("source"))
            .and_then(|e| e.attr("src"))
        {
            let src = src.trim();
            if !src.is_empty()
                && !src.to_ascii_lowercase().starts_with("data:")
                && !urls.iter().any(|u| u == src)
            {
                urls.push(src.to_owned());
            }
        }
    }
    let parent = f.parent(player);
    let in_figure = parent.is_some_and(|p| f.is(p, "figure"));
    if urls.is_empty() {
        keep_fallback(f, player);
        f.detach(player);
        // A figure left with nothing to show goes too.
        if let Some(p) = parent.filter(|&p| {
            f.is(p, "figure")
                && f.text_content(p).trim().is_empty()
                && !f.descendants(p).any(|d| f.is(d, "img"))
        }) {
            f.detach(p);
        }
        return;
    }
    if let Some(figure) = parent.filter(|_| in_figure)
        && !f.children(figure).any(|c| f.is(c, "figcaption"))
    {
        let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
        f.append(figure, figcaption);
        f.append_text(figcaption, what);
    }
    if !in_figure {
        let figure = f.create(NodeData::Element(Element::html("figure")));
        f.insert_before(player, figure);
        f.detach(player);
        f.append(figure, player);
        let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
        f.append(figure, figcaption);
        f.append_text(figcaption, what);
    }
    for (i, url) in urls.iter().enumerate() {
        if i > 0 {
            let br = f.create(NodeData::Element(Element::html("br")));
            f.insert_before(player, br);
        }
        let link = link_node(f, url, url);
        f.insert_before(player, link);
    }
    keep_fallback(f, player);
    f.detach(player);
}

/// The nodes of the document that `pred` picks, in document order (a list,
/// since the passes change the tree while they go through it).
fn all(f: &Fragment, pred: impl Fn(&Fragment, NodeId) -> bool) -> Vec<NodeId> {
    f.descendants(f.root()).filter(|&n| pred(f, n)).collect()
}

/// The post a quoted social post stands for: its last link to a known
/// provider (the date link at the end of a tweet), without the query.
fn post_url(f: &Fragment, quote: NodeId) -> Option<String> {
    f.descendants(quote)
        .filter_map(|n| {
            f.element(n)
                .filter(|e| e.is("a"))
                .and_then(|e| e.attr("href"))
        })
        .filter(|h| provider_label(h) != "Embedded content")
        .last()
        .map(|h| h.split('?').next().unwrap_or(h).to_owned())
}

/// The URL a paragraph holds and nothing else, when it is a known
/// provider's (WordPress only auto-embeds registered oEmbed providers).
fn bare_provider_url(f: &Fragment, p: NodeId) -> Option<String> {
    let mut kids = f.children(p);
    let only = kids.next()?;
    if kids.next().is_some() {
        return None;
    }
    let text = f.text(only)?.trim();
    let is_url = (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace);
    (is_url && provider_label(text) != "Embedded content").then(|| text.to_owned())
}

fn has_role(f: &Fragment, n: NodeId, role: &str) -> bool {
    f.element(n).is_some_and(|e| e.attr(ROLE) == Some(role))
}

/// `<blockquote class="twitter-tweet">text — author <a href=".../status/1">date</a></blockquote>`
/// -> `<figure><blockquote>text ...</blockquote><figcaption><a href=URL>Post on X (Twitter)</a></figcaption></figure>`.
fn social_post(f: &mut Fragment, quote: NodeId) {
    let url = post_url(f, quote);
    if let Some(e) = f.element_mut(quote) {
        e.remove_attr(ROLE);
    }
    let in_embed_figure = f.parent(quote).is_some_and(|p| has_role(f, p, "embed"))
        || f.ancestors(quote).take(3).any(|a| has_role(f, a, "embed"));
    if in_embed_figure {
        return; // the embed block around it makes the figure
    }
    let figure = f.create(NodeData::Element(Element::html("figure")));
    f.insert_before(quote, figure);
    f.detach(quote);
    f.append(figure, quote);
    if let Some(url) = url {
        append_caption_link(f, figure, &url, &provider_label(&url));
    }
}

/// A `figure.wp-block-embed`: keep a social post's quote if there is one,
/// then a link to the URL, then the caption (or the provider's name).
fn embed_block(f: &mut Fragment, figure: NodeId) {
    let caption = f.children(figure).find(|&c| f.is(c, "figcaption"));
    let quote = f.descendants(figure).find(|&n| f.is(n, "blockquote"));
    let iframe_src = f
        .descendants(figure)
        .find_map(|n| {
            f.element(n)
                .filter(|e| e.is("iframe"))
                .and_then(|e| e.attr("src"))
        })
        .map(canonical_url);
    let text_url = {
        let mut text = String::new();
        for c in f.children(figure) {
            if Some(c) != caption
                && Some(c) != quote
                && !quote.is_some_and(|q| f.ancestors(q).any(|a| a == c))
            {
                text.push_str(&f.text_content(c));
                text.push(' ');
            }
        }
        text.split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(str::to_owned)
    };
    let quote_url = quote.and_then(|q| post_url(f, q));
    let Some(url) = text_url.or(iframe_src).or(quote_url) else {
        if let Some(e) = f.element_mut(figure) {
            e.remove_attr(ROLE);
        }
        return;
    };
    let label = provider_label(&url);
    let caption_nodes: Vec<NodeId> = caption.map(|c| f.children(c).collect()).unwrap_or_default();
    while let Some(c) = f.first_child(figure) {
        f.detach(c);
    }
    if let Some(q) = quote {
        f.detach(q);
        f.append(figure, q);
    }
    let link = link_node(f, &url, &url);
    f.append(figure, link);
    let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
    f.append(figure, figcaption);
    let has_caption = caption_nodes
        .iter()
        .any(|&n| !f.text_content(n).trim().is_empty() || f.element(n).is_some());
    if has_caption {
        for n in caption_nodes {
            f.detach(n);
            f.append(figcaption, n);
        }
    } else {
        f.append_text(figcaption, &label);
    }
    if let Some(e) = f.element_mut(figure) {
        e.remove_attr(ROLE);
    }
}

/// A bare `<iframe src=player>`: a link figure to the page it plays, in
/// the place of the iframe (or of a paragraph that holds nothing else).
fn iframe(f: &mut Fragment, frame: NodeId) {
    let Some(src) = f
        .element(frame)
        .and_then(|e| e.attr("src"))
        .map(str::to_owned)
    else {
        return;
    };
    if !(src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//")) {
        return;
    }
    let url = canonical_url(&src);
    let label = f
        .element(frame)
        .and_then(|e| e.attr("title"))
        .map(str::to_owned)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| provider_label(&url));
    let parent = f.parent(frame);
    let alone_in_p = parent.is_some_and(|p| {
        f.is(p, "p")
            && f.children(p)
                .all(|c| c == frame || f.text(c).is_some_and(|t| t.trim().is_empty()))
    });
    let inline = parent
        .is_some_and(|p| f.is(p, "p") || f.ancestors(frame).any(|a| f.is(a, "figure")))
        && !alone_in_p;
    if inline {
        let link = link_node(f, &url, &label);
        f.insert_before(frame, link);
        f.detach(frame);
        return;
    }
    let figure = f.create(NodeData::Element(Element::html("figure")));
    let link = link_node(f, &url, &url);
    f.append(figure, link);
    let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
    f.append(figure, figcaption);
    f.append_text(figcaption, &label);
    let anchor = if alone_in_p {
        parent.unwrap_or(frame)
    } else {
        frame
    };
    f.insert_before(anchor, figure);
    f.detach(anchor);
}

/// A player's fallback content (what browsers without it show) is content:
/// it stays, in the player's place; its `<source>`s and `<track>`s go.
fn keep_fallback(f: &mut Fragment, player: NodeId) {
    let kids: Vec<NodeId> = f.children(player).collect();
    for kid in kids {
        f.detach(kid);
        if !(f.is(kid, "source") || f.is(kid, "track")) {
            f.insert_before(player, kid);
        }
    }
}

fn link_node(f: &mut Fragment, href: &str, text: &str) -> NodeId {
    let mut a = Element::html("a");
    a.set_attr("href", href);
    let link = f.create(NodeData::Element(a));
    f.append_text(link, text);
    link
}

fn append_caption_link(f: &mut Fragment, figure: NodeId, url: &str, label: &str) {
    let figcaption = f.create(NodeData::Element(Element::html("figcaption")));
    f.append(figure, figcaption);
    let link = link_node(f, url, label);
    f.append(figcaption, link);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_by_host() {
        assert_eq!(
            provider_label("https://www.youtube.com/watch?v=x"),
            "YouTube video"
        );
        assert_eq!(
            provider_label("https://m.youtube.com/watch?v=x"),
            "YouTube video"
        );
        assert_eq!(
            provider_label("https://twitter.com/a/status/1"),
            "Post on X (Twitter)"
        );
        assert_eq!(
            provider_label("https://notyoutube.com/x"),
            "Embedded content"
        );
        assert_eq!(provider_label("not a url"), "Embedded content");
    }

    #[test]
    fn player_urls_become_pages() {
        assert_eq!(
            canonical_url("https://www.youtube.com/embed/abc?feature=oembed"),
            "https://www.youtube.com/watch?v=abc"
        );
        assert_eq!(
            canonical_url("//www.youtube-nocookie.com/embed/abc"),
            "https://www.youtube.com/watch?v=abc"
        );
        assert_eq!(
            canonical_url("https://player.vimeo.com/video/123?dnt=1"),
            "https://vimeo.com/123"
        );
        assert_eq!(
            canonical_url("https://example.org/x"),
            "https://example.org/x"
        );
    }
}
