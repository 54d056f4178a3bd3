//! WordPress vocabulary that the reader and the rules both need: the
//! language names of code shortcodes and the labels of embed providers.
//! It uses no stage; the stages use it.

use crate::html::url::host;

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

/// Shortcode names SyntaxHighlighter Evolved and similar plugins register
/// for a language, mapped to the `language-*` name highlighters use.
pub fn code_language(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "as3" | "actionscript3" => "actionscript",
        "arduino" => "arduino",
        "bash" | "shell" | "sh" => "bash",
        "c" => "c",
        "cpp" | "c++" => "cpp",
        "csharp" | "c-sharp" | "c#" => "csharp",
        "css" => "css",
        "clojure" | "clj" => "clojure",
        "coldfusion" | "cf" => "coldfusion",
        "delphi" | "pas" | "pascal" => "pascal",
        "diff" | "patch" => "diff",
        "erl" | "erlang" => "erlang",
        "fsharp" => "fsharp",
        "go" | "golang" => "go",
        "groovy" => "groovy",
        "haskell" => "haskell",
        "html" | "xhtml" | "xml" | "xslt" => "xml",
        "java" => "java",
        "jfx" | "javafx" => "javafx",
        "js" | "jscript" | "javascript" => "javascript",
        "latex" | "tex" => "latex",
        "matlab" => "matlab",
        "objc" | "obj-c" => "objectivec",
        "perl" | "pl" => "perl",
        "php" => "php",
        "powershell" | "ps" => "powershell",
        "py" | "python" => "python",
        "r" | "splus" => "r",
        "rails" | "rb" | "ror" | "ruby" => "ruby",
        "scala" => "scala",
        "sql" => "sql",
        "swift" => "swift",
        "vb" | "vbnet" => "vbnet",
        "yaml" | "yml" => "yaml",
        "plain" | "text" => "",
        _ => return None,
    })
}
