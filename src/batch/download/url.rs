//! The URLs the downloader requests: only absolute `http:` and `https:`
//! ones, made acceptable to an HTTP request line, and the `Location` of a
//! redirect resolved against the URL that answered it.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Bytes a request line cannot carry as they are (WHATWG URL's fragment
/// and path sets, without `%`: an escape already in the URL is kept).
/// WordPress keeps an upload's non-ASCII file name in its URL.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// The URL to request for `url`, or why there is none: the scheme must be
/// `http` or `https` (`file:`, `ftp:`, `data:`, `javascript:` are refused)
/// and the URL absolute (a relative or scheme-relative link is resolved
/// against the site by the caller). The fragment is dropped: it is never
/// sent, and two links that differ only by it name one file.
pub(super) fn request_url(url: &str) -> Result<String, String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let Some((scheme, rest)) = scheme(url) else {
        return Err(format!("not an absolute HTTP(S) URL: {}", shorten(url)));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!("not an HTTP(S) URL: {scheme}:"));
    }
    let Some(authority_and_path) = rest.strip_prefix("//") else {
        return Err(format!("not an absolute HTTP(S) URL: {}", shorten(url)));
    };
    let authority = authority_and_path
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    if authority.is_empty() {
        return Err(format!("no host in {}", shorten(url)));
    }
    Ok(format!(
        "{scheme}://{}",
        utf8_percent_encode(authority_and_path, UNSAFE)
    ))
}

/// The scheme of `url` and what follows its colon, if it has one
/// (RFC 3986 section 3.1: a letter, then letters, digits, `+`, `-`, `.`).
fn scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// The URL a redirect's `Location` names, resolved against `base` (an
/// output of [`request_url`]) as RFC 9110 section 10.2.2 asks; a
/// non-HTTP(S) target is refused like a link would be.
pub(super) fn resolve(base: &str, location: &str) -> Result<String, String> {
    let location = location.trim();
    let resolved = if scheme(location).is_some() {
        location.to_string()
    } else if location.starts_with("//") {
        format!("{}:{location}", scheme(base).map_or("http", |(s, _)| s))
    } else if location.starts_with('/') {
        format!("{}{location}", origin(base))
    } else if location.starts_with('?') {
        format!("{}{location}", base.split('?').next().unwrap_or(base))
    } else {
        let path = base.split('?').next().unwrap_or(base);
        let directory = if path.len() > origin(base).len() {
            path.rfind('/').map_or(path, |slash| &path[..=slash])
        } else {
            path
        };
        if directory.ends_with('/') {
            format!("{directory}{location}")
        } else {
            format!("{directory}/{location}")
        }
    };
    request_url(&resolved).map_err(|why| format!("redirect refused: {why}"))
}

/// `scheme://authority` of a URL from [`request_url`].
fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |at| at + 3);
    let end = url[start..]
        .find(['/', '?'])
        .map_or(url.len(), |at| start + at);
    &url[..end]
}

/// The extension of the URL's last path segment, in lower case (the query
/// is not part of it).
pub(super) fn extension(url: &str) -> Option<String> {
    let path = &url[origin(url).len()..];
    let path = path.split('?').next().unwrap_or(path);
    let segment = path.rsplit('/').next()?;
    let (_, extension) = segment.rsplit_once('.')?;
    (!extension.is_empty()).then(|| extension.to_ascii_lowercase())
}

/// A URL cut for a message (a `data:` URL can be megabytes long).
fn shorten(url: &str) -> String {
    match url.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &url[..at]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_and_https() {
        assert_eq!(
            request_url("https://example.com/a.png"),
            Ok("https://example.com/a.png".into())
        );
        assert_eq!(
            request_url(" HTTP://example.com/a.png#top "),
            Ok("http://example.com/a.png".into())
        );
        assert_eq!(
            request_url("file:///etc/passwd"),
            Err("not an HTTP(S) URL: file:".into())
        );
        assert_eq!(
            request_url("ftp://example.com/a.png"),
            Err("not an HTTP(S) URL: ftp:".into())
        );
        assert_eq!(
            request_url("data:image/png;base64,iVBORw0KGgo="),
            Err("not an HTTP(S) URL: data:".into())
        );
        assert_eq!(
            request_url("javascript:alert(1)"),
            Err("not an HTTP(S) URL: javascript:".into())
        );
        assert_eq!(
            request_url("/wp-content/uploads/a.png"),
            Err("not an absolute HTTP(S) URL: /wp-content/uploads/a.png".into())
        );
        assert_eq!(
            request_url("//example.com/a.png"),
            Err("not an absolute HTTP(S) URL: //example.com/a.png".into())
        );
        assert_eq!(
            request_url("http:a.png"),
            Err("not an absolute HTTP(S) URL: http:a.png".into())
        );
        assert_eq!(
            request_url("http:///a.png"),
            Err("no host in http:///a.png".into())
        );
    }

    #[test]
    fn non_ascii_and_spaces_are_escaped_and_escapes_kept() {
        assert_eq!(
            request_url("https://example.com/wp-content/uploads/café au lait%202.jpg"),
            Ok("https://example.com/wp-content/uploads/caf%C3%A9%20au%20lait%202.jpg".into())
        );
    }

    #[test]
    fn redirects_resolve_like_a_browser() {
        let base = "http://h:8/a/b/c.png?x=1";
        assert_eq!(
            resolve(base, "https://o/x.png"),
            Ok("https://o/x.png".into())
        );
        assert_eq!(resolve(base, "//o/x.png"), Ok("http://o/x.png".into()));
        assert_eq!(resolve(base, "/x.png"), Ok("http://h:8/x.png".into()));
        assert_eq!(resolve(base, "x.png"), Ok("http://h:8/a/b/x.png".into()));
        assert_eq!(resolve(base, "?y=2"), Ok("http://h:8/a/b/c.png?y=2".into()));
        assert_eq!(resolve("http://h", "x.png"), Ok("http://h/x.png".into()));
        assert_eq!(
            resolve(base, "file:///etc/passwd"),
            Err("redirect refused: not an HTTP(S) URL: file:".into())
        );
    }

    #[test]
    fn extensions_come_from_the_path_only() {
        assert_eq!(extension("http://h/a/photo.JPG"), Some("jpg".into()));
        assert_eq!(
            extension("http://h/a/photo.png?size=../../x.exe"),
            Some("png".into())
        );
        assert_eq!(extension("http://h/image.php?id=3.png"), Some("php".into()));
        assert_eq!(extension("http://h/a.b/photo"), None);
        assert_eq!(extension("http://example.com"), None);
        assert_eq!(extension("http://h/a."), None);
    }
}
