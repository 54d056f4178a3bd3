//! Splitting a post into its YAML front matter and its body, and reading the
//! typed metadata out of the front matter.
//!
//! A post is: an optional BOM and blank lines, a line `---`, the YAML, a line
//! `---` or `...`, then the body (Jekyll and Hexo both accept this; trailing
//! spaces on the fence lines and CRLF line ends are fine).

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::date;
use crate::document::Meta;

/// A post cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the post has front matter.
    pub yaml: Option<&'a str>,
    /// The 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
}

/// Why a post could not be split.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed {
    /// The 1-based line of the opening `---`.
    pub line: usize,
}

/// Splits `text` (BOM already removed) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let mut offset = 0;
    let mut line_no = 1;
    // Blank lines before the opening fence (the rss-hexo posts start with one).
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        offset += line.len();
        line_no += 1;
    }
    let rest = &text[offset..];
    let first = rest.split_inclusive('\n').next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_line: 0,
            body: text,
        });
    }
    let open_line = line_no;
    let yaml_start = offset + first.len();
    let mut at = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..at]),
                yaml_line: open_line + 1,
                body: &text[at + line.len()..],
            });
        }
        at += line.len();
    }
    Err(Unclosed { line: open_line })
}

/// The typed metadata of a front matter map, and the normalized values that
/// replace given ones in every output (dates).
pub fn typed(
    fm: &Map<String, Value>,
    zone: Option<&TimeZone>,
    warnings: &mut Vec<String>,
) -> (Meta, Vec<(String, Value)>) {
    let mut meta = Meta::default();
    let mut normalized = Vec::new();
    let mut date_of = |keys: &[&str], warnings: &mut Vec<String>| -> Option<String> {
        let (key, value) = keys.iter().find_map(|k| fm.get(*k).map(|v| (*k, v)))?;
        let text = scalar(value)?;
        match date::normalize(&text, zone) {
            Some(norm) => {
                if norm != text {
                    normalized.push((key.to_owned(), Value::String(norm.clone())));
                }
                Some(norm)
            }
            None => {
                warnings.push(format!(
                    "front matter '{key}: {text}' is not a date unpress reads; kept as given"
                ));
                Some(text)
            }
        }
    };
    meta.date = date_of(&["date", "published", "pubDate"], warnings);
    meta.updated = date_of(
        &["updated", "lastmod", "last_modified_at", "modified"],
        warnings,
    );
    meta.title = first_scalar(fm, &["title"]);
    meta.author = fm.get("author").and_then(person);
    meta.description = first_scalar(fm, &["description", "excerpt", "summary"]);
    meta.categories = first_list(fm, &["categories", "category"]);
    meta.tags = first_list(fm, &["tags", "tag"]);
    meta.slug = first_scalar(fm, &["slug"])
        .or_else(|| first_scalar(fm, &["permalink", "url"]).and_then(|p| last_segment(&p)));
    meta.lang = first_scalar(fm, &["lang", "language", "locale"]).map(|l| bcp47(&l));
    (meta, normalized)
}

/// A language tag in BCP 47 form: `zh_CN` -> `zh-CN`, `EN-us` -> `en-US`.
pub fn bcp47(tag: &str) -> String {
    tag.trim()
        .split(['_', '-'])
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            // A script subtag: title case. Split at a character boundary: a
            // hostile tag may start with a multi-byte character.
            (_, 4) => {
                let mut chars = part.chars();
                let first = chars
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .unwrap_or_default();
                let mut s = first.to_string();
                s.push_str(&chars.as_str().to_ascii_lowercase());
                s
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn first_scalar(fm: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| fm.get(*k).and_then(scalar))
}

/// An author is a string, a `{name: ...}` map, or a list of either.
fn person(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => m
            .get("name")
            .or_else(|| m.get("display_name"))
            .and_then(scalar),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(person).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => scalar(other),
    }
}

/// A list of terms: a YAML list (Hexo nests lists for hierarchies, which are
/// flattened in order), or a string (comma-separated when it has commas).
fn first_list(fm: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let Some(v) = keys.iter().find_map(|k| fm.get(*k)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::String(s) if s.contains(',') => out.extend(
                s.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from),
            ),
            other => out.extend(scalar(other)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

fn last_segment(path: &str) -> Option<String> {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .map(|s| s.trim_end_matches(".html").to_owned())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_leading_blank_lines_and_crlf() {
        let s = split("\r\n---\r\ntitle: x\r\n---  \r\n<p>b</p>").unwrap();
        assert_eq!(s.yaml, Some("title: x\r\n"));
        assert_eq!(s.yaml_line, 3);
        assert_eq!(s.body, "<p>b</p>");
    }

    #[test]
    fn closing_dots_and_no_front_matter() {
        let s = split("---\na: 1\n...\nbody").unwrap();
        assert_eq!((s.yaml, s.body), (Some("a: 1\n"), "body"));
        let s = split("<p>---</p>").unwrap();
        assert_eq!((s.yaml, s.body), (None, "<p>---</p>"));
        assert_eq!(split("\n---\ntitle: x\n"), Err(Unclosed { line: 2 }));
    }

    #[test]
    fn typed_fields() {
        let fm = crate::yaml::parse_front_matter(
            "title: T\ndate: Sat, 08 Jan 2022 02:36:26 GMT\ncategories:\n - a\n - [b, c]\ntags: x, y\nlang: zh_CN\npermalink: /2019/04/some-post/\nauthor: {name: Ann}\n",
        )
        .unwrap();
        let mut w = Vec::new();
        let (m, norm) = typed(&fm, None, &mut w);
        assert_eq!(m.date.as_deref(), Some("2022-01-08T02:36:26Z"));
        assert_eq!(
            norm,
            vec![(
                "date".to_owned(),
                Value::String("2022-01-08T02:36:26Z".into())
            )]
        );
        assert_eq!(m.categories, ["a", "b", "c"]);
        assert_eq!(m.tags, ["x", "y"]);
        assert_eq!(m.lang.as_deref(), Some("zh-CN"));
        assert_eq!(m.slug.as_deref(), Some("some-post"));
        assert_eq!(m.author.as_deref(), Some("Ann"));
        assert!(w.is_empty());
    }

    #[test]
    fn odd_dates_are_kept_with_a_warning() {
        let fm = crate::yaml::parse_front_matter("date: someday\n").unwrap();
        let mut w = Vec::new();
        let (m, norm) = typed(&fm, None, &mut w);
        assert_eq!(m.date.as_deref(), Some("someday"));
        assert!(norm.is_empty());
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn bcp47_forms() {
        assert_eq!(bcp47("zh_CN"), "zh-CN");
        assert_eq!(bcp47("zh-hant-tw"), "zh-Hant-TW");
        assert_eq!(bcp47("EN"), "en");
        // Regression: a 4-byte subtag starting with a multi-byte character.
        assert_eq!(bcp47("en-éab"), "en-Éab".replace('É', "é"));
    }
}
