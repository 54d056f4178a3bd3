//! Embeds: what WordPress shows in an iframe or a script becomes a figure
//! that links to the original, with the provider (or the caption) as its
//! caption. Nothing is fetched; the link is the content.

/// Known providers: host suffix -> the label of what they embed.
const PROVIDERS: &[(&str, &str)] = &[
    ("youtube.com", "YouTube video"),
    ("youtu.be", "YouTube video"),
    ("youtube-nocookie.com", "YouTube video"),
    ("vimeo.com", "Vimeo video"),
    ("twitter.com", "Post on X (Twitter)"),
    ("x.com", "Post on X (Twitter)"),
    ("instagram.com", "Instagram post"),
    ("facebook.com", "Facebook post"),
    ("tiktok.com", "TikTok video"),
    ("soundcloud.com", "SoundCloud audio"),
    ("spotify.com", "Spotify"),
    ("dailymotion.com", "Dailymotion video"),
    ("twitch.tv", "Twitch video"),
    ("flickr.com", "Flickr photo"),
    ("slideshare.net", "SlideShare presentation"),
    ("speakerdeck.com", "Speaker Deck presentation"),
    ("ted.com", "TED talk"),
    ("reddit.com", "Reddit post"),
    ("tumblr.com", "Tumblr post"),
    ("wordpress.tv", "WordPress.tv video"),
    ("videopress.com", "VideoPress video"),
    ("imgur.com", "Imgur image"),
    ("giphy.com", "GIPHY"),
    ("mixcloud.com", "Mixcloud audio"),
    ("pinterest.com", "Pinterest pin"),
    ("scribd.com", "Scribd document"),
    ("issuu.com", "Issuu document"),
    ("kickstarter.com", "Kickstarter project"),
    ("codepen.io", "CodePen"),
    ("gist.github.com", "GitHub Gist"),
    ("google.com/maps", "Google Maps"),
    ("poll.fm", "Poll"),
    ("polldaddy.com", "Poll"),
    ("crowdsignal.com", "Poll"),
];

/// The host of an absolute http(s) URL, lower-cased, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

/// What an embed of `url` shows: "YouTube video", or "Embedded content".
pub fn provider_label(url: &str) -> String {
    let Some(h) = host(url) else {
        return "Embedded content".into();
    };
    let path = url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(url)
        .to_ascii_lowercase();
    PROVIDERS
        .iter()
        .find(|(suffix, _)| {
            if suffix.contains('/') {
                path.trim_start_matches("www.").starts_with(suffix)
            } else {
                h == *suffix || h.ends_with(&format!(".{suffix}"))
            }
        })
        .map_or_else(|| "Embedded content".into(), |(_, label)| (*label).into())
}

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
