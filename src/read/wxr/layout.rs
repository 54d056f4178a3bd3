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

use crate::file_name::{MAX_NAME, cut, safe_name};
use crate::site::Site;

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
    /// Where a static-site generator reads content (`--site`):
    /// docs/sites.md.
    Site(Site),
}

/// What a name is made from.
pub struct NameParts<'a> {
    pub post_type: &'a str,
    pub slug: Option<&'a str>,
    pub title: Option<&'a str>,
    pub id: Option<u64>,
    /// The item's number in the export (1-based), the last resort.
    pub ordinal: usize,
    /// The local post date, when it is one.
    pub day: Option<Day>,
    /// A draft (not published, no URL yet): sites keep it in `_drafts/`.
    pub draft: bool,
    /// The names of the page's ancestors, outermost first (site layouts
    /// nest child pages under their parents).
    pub parents: Vec<String>,
    /// Other pages are children of this one.
    pub has_children: bool,
}

/// A post's local calendar day, parsed: digits in fixed places, a month
/// from 1 to 12 and a day from 1 to 31. It is the only part of a date that
/// reaches an output path, so a crafted `<wp:post_date>` (`../../x`,
/// `/t/...`, `٢٠١٩-...`) never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// The day a WordPress date starts with (`2019-03-04 10:20:30`), or
    /// `None`: too short, not ASCII digits where digits go, an impossible
    /// month or day, or WordPress's zero date (`0000-00-00`).
    pub fn parse(date: &str) -> Option<Day> {
        let all = date.trim().as_bytes();
        let b = all.get(..10)?;
        if b[4] != b'-' || b[7] != b'-' || all.get(10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let num = |s: &[u8]| -> Option<u16> {
            s.iter().try_fold(0u16, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        let year = num(&b[..4])?;
        let month = u8::try_from(num(&b[5..7])?).ok()?;
        let day = u8::try_from(num(&b[8..10])?).ok()?;
        (year > 0 && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Day {
            year,
            month,
            day,
        })
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Assigns output paths, remembering the ones given.
#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
    renamed: bool,
}

impl Names {
    /// The base name of an item: its slug, else its title made a slug,
    /// else its id, else its number.
    pub fn base(parts: &NameParts<'_>) -> String {
        parts
            .slug
            .and_then(|s| safe_name(&crate::html::url::percent_decode_or_keep(s)))
            .or_else(|| {
                parts
                    .title
                    .and_then(|t| safe_name(&slugify(&super::build::html_text(t))))
            })
            .or_else(|| parts.id.map(|id| id.to_string()))
            .unwrap_or_else(|| format!("item-{}", parts.ordinal))
    }

    /// The relative output path (without extension) of the next item.
    pub fn assign(&mut self, parts: &NameParts<'_>, layout: Layout) -> PathBuf {
        let folder = safe_name(parts.post_type).unwrap_or_else(|| "post".to_owned());
        let base = Names::base(parts);
        let dated = parts.post_type != "page";
        let (dir, stem) = match (layout, parts.day.filter(|_| dated)) {
            (Layout::Site(site), day) => site_place(site, parts, &folder, base, day),
            (Layout::DateFolders, Some(day)) => {
                let mut dir = PathBuf::from(&folder);
                dir.push(format!("{:04}", day.year));
                dir.push(format!("{:02}", day.month));
                (dir, base)
            }
            (Layout::DatePrefix, Some(day)) => (
                PathBuf::from(&folder),
                cut(&format!("{day}-{base}"), MAX_NAME),
            ),
            _ => (PathBuf::from(&folder), base),
        };
        // A folder's index (`about/_index`, `about/index`) is that
        // folder's URL: the folder is what must be unique, and what a
        // duplicate renames (`about-2/index`).
        let site = matches!(layout, Layout::Site(_));
        let index = site && (stem == "index" || stem == "_index");
        // Jekyll's dated names are unique by their slug, the part after
        // the date: a site's permalinks may leave the date out.
        let dated = layout == Layout::Site(Site::Jekyll) && dir.starts_with("_posts");
        let mut n = 1;
        loop {
            let name = match n {
                1 => stem.clone(),
                _ => format!("{stem}-{n}"),
            };
            let path = match (n, index) {
                (1, _) | (_, false) => dir.join(&name),
                (_, true) => {
                    let last = dir.file_name().map(|d| d.to_string_lossy().into_owned());
                    let renamed = format!("{}-{n}", last.unwrap_or_default());
                    dir.with_file_name(renamed).join(&stem)
                }
            };
            let key = if index {
                path.parent().unwrap_or(&path).to_path_buf()
            } else if dated && Day::parse(&name).is_some() {
                dir.join(name.get(11..).unwrap_or(&name))
            } else {
                path.clone()
            };
            if self.taken.insert(key.to_string_lossy().to_lowercase()) {
                self.renamed = n > 1;
                return path;
            }
            n += 1;
        }
    }

    /// The last name given had to be changed (`-2`): another item had it.
    pub fn renamed(&self) -> bool {
        self.renamed
    }

    /// Keeps a path for the generator's own use (Hugo's `content/posts`
    /// section): no page is given it.
    pub fn reserve(&mut self, path: &str) {
        self.taken.insert(path.to_lowercase());
    }
}

/// Where a site generator reads an item (docs/sites.md): the folder and
/// the file's stem. Pages nest under their parents' names; a page with
/// children is the folder's index, so parent and children share a path.
fn site_place(
    site: Site,
    parts: &NameParts<'_>,
    folder: &str,
    base: String,
    day: Option<Day>,
) -> (PathBuf, String) {
    // A name starting with `_` or `.` is one the generators skip or keep
    // for themselves (`_index`, `_posts`, `.git`).
    let base = match base.trim_start_matches(['_', '.']) {
        "" => "page".to_owned(),
        // Hugo reads `index.md` as a bundle of the folder it is in.
        b if site == Site::Hugo && b.eq_ignore_ascii_case("index") => "index-page".to_owned(),
        b => b.to_owned(),
    };
    let page = parts.post_type == "page";
    let mut nested = PathBuf::new();
    for p in &parts.parents {
        // The parents' names are already safe; checked again all the same.
        match safe_name(p.trim_start_matches(['_', '.'])) {
            Some(p) => nested.push(p),
            None => nested.push("page"),
        }
    }
    match site {
        Site::Hugo => {
            let mut dir = PathBuf::from("content");
            if page {
                dir.push(nested);
            } else {
                dir.push(if parts.post_type == "post" {
                    "posts"
                } else {
                    folder
                });
            }
            if page && parts.has_children {
                dir.push(base);
                (dir, "_index".to_owned())
            } else {
                (dir, base)
            }
        }
        Site::Jekyll | Site::Hexo => {
            let root = if site == Site::Hexo {
                PathBuf::from("source")
            } else {
                PathBuf::new()
            };
            if page || (site == Site::Hexo && parts.post_type != "post") {
                let mut dir = root;
                if !page {
                    dir.push(folder);
                }
                dir.push(nested);
                dir.push(base);
                return (dir, "index".to_owned());
            }
            if parts.draft {
                return (root.join("_drafts"), base);
            }
            let posts = if parts.post_type == "post" || site == Site::Hexo {
                "_posts".to_owned()
            } else {
                format!("_{folder}")
            };
            match day {
                Some(day) if site == Site::Jekyll && parts.post_type == "post" => {
                    (root.join(posts), cut(&format!("{day}-{base}"), MAX_NAME))
                }
                // Jekyll publishes no post without a date in its name: an
                // undated one is a page.
                None if site == Site::Jekyll && parts.post_type == "post" => {
                    (root.join(base), "index".to_owned())
                }
                _ => (root.join(posts), base),
            }
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
            day: Day::parse("2019-03-04"),
            draft: false,
            parents: Vec::new(),
            has_children: false,
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

    /// A tiny deterministic generator: the property tests below replay.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }

        /// A string of 0 to 12 hostile pieces.
        fn hostile(&mut self) -> String {
            const PIECES: &[&str] = &[
                "..",
                ".",
                "/",
                "\\",
                "\0",
                "\u{202e}",
                "con",
                "AUX",
                "nul.txt",
                "com1",
                "é",
                "日本",
                "😀",
                " ",
                "-",
                "a",
                "2019",
                "%2e%2e%2f",
                "%00",
                "C:",
                ":",
                "*",
                "?",
                "\n",
                "~",
                "lpt9.",
                "\u{feff}",
                "release-1.2",
            ];
            let n = self.next() % 13;
            (0..n).map(|_| self.pick(PIECES)).collect()
        }
    }

    /// Whatever the slug, title, type and date, an item's path is made of
    /// ordinary names only (it cannot leave the output folder), and no two
    /// items share one, compared case-insensitively.
    #[test]
    fn random_components_never_escape_and_never_collide() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let sites = Site::ALL.map(Layout::Site);
        for layout in [Layout::Type, Layout::DateFolders, Layout::DatePrefix]
            .into_iter()
            .chain(sites)
        {
            let mut names = Names::default();
            let mut seen = std::collections::HashSet::new();
            for ordinal in 1..=3000 {
                let (slug, title, post_type, date) =
                    (rng.hostile(), rng.hostile(), rng.hostile(), rng.hostile());
                let date = if rng.next().is_multiple_of(3) {
                    format!("2019-0{}-1{} {date}", rng.next() % 9 + 1, rng.next() % 9)
                } else {
                    date
                };
                let parts = NameParts {
                    post_type: &post_type,
                    slug: Some(slug.as_str()).filter(|_| !rng.next().is_multiple_of(4)),
                    title: Some(title.as_str()),
                    id: rng.next().is_multiple_of(2).then_some(rng.next() % 5),
                    ordinal,
                    day: Day::parse(&date),
                    draft: rng.next().is_multiple_of(5),
                    parents: (0..rng.next() % 3).map(|_| rng.hostile()).collect(),
                    has_children: rng.next().is_multiple_of(3),
                };
                let path = names.assign(&parts, layout);
                if let Some(why) = crate::file_name::unsafe_component(&path) {
                    panic!("{path:?} from {slug:?}/{title:?}/{post_type:?}/{date:?}: {why}");
                }
                let key = path.to_string_lossy().to_lowercase();
                assert!(seen.insert(key), "{path:?} given twice");
            }
        }
    }

    #[test]
    fn days_are_digits_in_fixed_places() {
        assert_eq!(
            Day::parse("2019-03-04 10:20:30"),
            Some(Day {
                year: 2019,
                month: 3,
                day: 4
            })
        );
        for bad in [
            "",
            "2019-03-0",
            "2019-03-045",
            "0000-00-00 00:00:00",
            "2019-13-01",
            "2019-00-10",
            "2019-03-32",
            "../../../x",
            "/t/2019-03-04",
            "2019-0é-01 10:00",
            "٢٠١٩-٠٣-٠٤",
            "+019-03-04",
            "2019/03/04",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad:?}");
        }
    }
}
