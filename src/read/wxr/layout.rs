//! Where each converted item goes: `<type>/<slug>` (pages under `page/`),
//! or with the date as folders or as a prefix; and safe file names.
//!
//! A slug comes from WordPress (`wp:post_name`), which stores non-ASCII
//! slugs percent-encoded (`%e4%bd%a0%e5%a5%bd`): they are decoded, so the
//! file is named in the post's own script. Drafts often have no slug: then
//! the title, then the post id, then the item's number. Names never contain
//! a path separator or `..`, are never a name Windows reserves (`CON`,
//! `NUL`, `COM1`...), and are cut to [`MAX_NAME`] bytes on a character
//! boundary. Two items that would share a name (compared case-insensitively,
//! for case-insensitive file systems) get `-2`, `-3`... in file order, so a
//! run is deterministic.

use std::collections::HashSet;
use std::path::PathBuf;

/// How converted items are laid out under the output folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// `post/hello-world`, `page/about`, `<custom type>/<slug>`.
    #[default]
    Type,
    /// `post/2019/03/hello-world` (pages stay `page/about`).
    DateFolders,
    /// `post/2019-03-04-hello-world`, as Jekyll names posts (pages stay
    /// `page/about`).
    DatePrefix,
}

/// The longest file name (without extension) written, in bytes: file
/// systems allow 255, and the extension and a `-NN` suffix need room.
pub const MAX_NAME: usize = 120;

/// What a name is made from.
pub struct NameParts<'a> {
    pub post_type: &'a str,
    pub slug: Option<&'a str>,
    pub title: Option<&'a str>,
    pub id: Option<u64>,
    /// The item's number in the export (1-based), the last resort.
    pub ordinal: usize,
    /// `YYYY-MM-DD` of the local post date, when known.
    pub day: Option<&'a str>,
}

/// Assigns output paths, remembering the ones given.
#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// The relative output path (without extension) of the next item.
    pub fn assign(&mut self, parts: &NameParts<'_>, layout: Layout) -> PathBuf {
        let folder = safe_name(parts.post_type).unwrap_or_else(|| "post".to_owned());
        let base = parts
            .slug
            .and_then(|s| safe_name(&crate::url::percent_decode_or_keep(s)))
            .or_else(|| {
                parts
                    .title
                    .and_then(|t| safe_name(&slugify(&super::build::html_text(t))))
            })
            .or_else(|| parts.id.map(|id| id.to_string()))
            .unwrap_or_else(|| format!("item-{}", parts.ordinal));
        let dated = parts.post_type != "page";
        let (dir, stem) = match (layout, parts.day.filter(|_| dated)) {
            (Layout::DateFolders, Some(day)) => {
                let mut dir = PathBuf::from(&folder);
                dir.push(&day[..4]);
                dir.push(&day[5..7]);
                (dir, base)
            }
            (Layout::DatePrefix, Some(day)) => (
                PathBuf::from(&folder),
                cut(&format!("{day}-{base}"), MAX_NAME),
            ),
            _ => (PathBuf::from(&folder), base),
        };
        let mut n = 1;
        loop {
            let name = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            let key = dir.join(&name).to_string_lossy().to_lowercase();
            if self.taken.insert(key) {
                return dir.join(name);
            }
            n += 1;
        }
    }
}

/// A title made into a slug, roughly as `sanitize_title_with_dashes()`
/// does: lower case, white space and dashes to one `-`, punctuation dropped,
/// letters of every script kept.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A single safe path component, or `None` when nothing usable is left.
pub fn safe_name(raw: &str) -> Option<String> {
    let mapped: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .filter(|&c| !invisible(c))
        .collect();
    // Leading dots would hide the file (or make `..`); trailing dots and
    // spaces are dropped by Windows.
    let trimmed = mapped.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    let name = cut(trimmed, MAX_NAME);
    let name = name.trim_end_matches(['.', ' ', '-']);
    if name.is_empty() {
        return None;
    }
    Some(if is_reserved(name) {
        format!("{name}_")
    } else {
        name.to_owned()
    })
}

/// Bidi overrides and isolates, marks, zero-width space and BOM: invisible
/// in a listing, and able to make `gpj.exe` look like `exe.jpg` (the
/// wordpress-importer's wxr-utf-8-challenges.xml slug has U+202E). ZWJ and
/// ZWNJ stay: emoji sequences and Persian or Indic words need them.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

/// Names Windows reserves, with or without an extension (`con.txt`).
fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(slug: Option<&'a str>, title: Option<&'a str>) -> NameParts<'a> {
        NameParts {
            post_type: "post",
            slug,
            title,
            id: Some(12),
            ordinal: 3,
            day: Some("2019-03-04"),
        }
    }

    #[test]
    fn slugs_titles_ids() {
        let mut n = Names::default();
        let l = Layout::Type;
        assert_eq!(
            n.assign(&parts(Some("hello"), None), l),
            PathBuf::from("post/hello")
        );
        assert_eq!(
            n.assign(&parts(Some("Hello"), None), l),
            PathBuf::from("post/Hello-2")
        );
        assert_eq!(
            n.assign(&parts(Some("%e4%bd%a0%e5%a5%bd"), None), l),
            PathBuf::from("post/你好")
        );
        assert_eq!(
            n.assign(&parts(None, Some("A Title: Part 2!")), l),
            PathBuf::from("post/a-title-part-2")
        );
        // A title is HTML in an export: its slug is made from its text.
        assert_eq!(
            n.assign(&parts(None, Some("Media &amp; <em>Text</em>")), l),
            PathBuf::from("post/media-text")
        );
        assert_eq!(
            n.assign(&parts(Some(".."), Some("")), l),
            PathBuf::from("post/12")
        );
        assert_eq!(
            n.assign(&parts(Some("../etc/passwd"), None), l),
            PathBuf::from("post/etc-passwd")
        );
        assert_eq!(
            n.assign(&parts(Some("con"), None), l),
            PathBuf::from("post/con_")
        );
    }

    #[test]
    fn date_layouts() {
        let mut n = Names::default();
        assert_eq!(
            n.assign(&parts(Some("a"), None), Layout::DateFolders),
            PathBuf::from("post/2019/03/a")
        );
        assert_eq!(
            n.assign(&parts(Some("a"), None), Layout::DatePrefix),
            PathBuf::from("post/2019-03-04-a")
        );
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary() {
        let long = "é".repeat(100);
        let name = safe_name(&long).unwrap();
        assert!(name.len() <= MAX_NAME && name.chars().all(|c| c == 'é'));
    }
}
