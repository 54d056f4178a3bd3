//! `--site hugo|jekyll|hexo`: the file layout and the front matter each
//! generator reads (docs/sites.md), on tests/data/wxr/site.xml (written
//! for these tests) and on a folder of posts. The builds with the real
//! generators are `.ci/sites.sh`'s.

use std::path::Path;

use serde_yaml::Value;

use crate::support::{files_under, repo, run_in, text};

/// Converts the site export for `site` into a fresh folder.
fn convert(site: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = repo("tests/data/wxr/site.xml");
    let out = dir.path().join("site");
    let mut args = vec![
        export.to_str().expect("utf-8 path"),
        "--site",
        site,
        "-o",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    let run = run_in(dir.path(), &args);
    let err = text(&run.stderr);
    assert!(run.status.success(), "{site}: {err}");
    (dir, err)
}

/// The front matter of a written Markdown file, parsed.
fn front_matter(path: &Path) -> serde_yaml::Mapping {
    let md = std::fs::read_to_string(path).expect("read output");
    let rest = md.strip_prefix("---\n").expect("front matter opens");
    let end = rest.find("\n---\n").expect("front matter closes");
    match serde_yaml::from_str(&rest[..end]).expect("front matter is YAML") {
        Value::Mapping(m) => m,
        other => panic!("front matter is not a mapping: {other:?}"),
    }
}

fn get<'a>(fm: &'a serde_yaml::Mapping, key: &str) -> Option<&'a Value> {
    fm.get(Value::String(key.into()))
}

fn string(fm: &serde_yaml::Mapping, key: &str) -> Option<String> {
    get(fm, key).and_then(Value::as_str).map(str::to_owned)
}

#[test]
fn hugo_reads_posts_pages_bundles_and_drafts_where_they_are() {
    let (dir, err) = convert("hugo", &[]);
    let root = dir.path().join("site");
    assert_eq!(
        files_under(&root),
        [
            "content/about/_index.md",
            "content/about/child/_index.md",
            "content/about/child/grandchild.md",
            // `_index` is Hugo's list file and `index` a bundle's.
            "content/index-page.md",
            "content/portfolio/work-one.md",
            // The page `posts` would have the section's URL.
            "content/posts-2.md",
            "content/posts/a-meadow-2.md",
            "content/posts/a-meadow.md",
            "content/posts/draft-one.md",
            "content/posts/etc-passwd.md",
            "content/posts/hidden.md",
            "content/posts/secret.md",
            "redirects.csv",
            "unpress.toml",
        ]
    );
    assert!(err.contains("written as content/posts/a-meadow-2"), "{err}");
    assert!(err.contains("3 documents are not published"), "{err}");
    let posts = root.join("content/posts");
    let fm = front_matter(&posts.join("a-meadow.md"));
    // WordPress's local time, with the site's offset then.
    assert_eq!(
        string(&fm, "date").as_deref(),
        Some("2019-03-03T23:30:00-08:00")
    );
    assert_eq!(get(&fm, "slug"), None, "the file name is the slug");
    assert_eq!(get(&fm, "draft"), None);
    assert_eq!(get(&fm, "type"), None, "Hugo reads `type` as a layout");
    for unpublished in ["draft-one.md", "secret.md", "hidden.md"] {
        let fm = front_matter(&posts.join(unpublished));
        assert_eq!(get(&fm, "draft"), Some(&Value::Bool(true)), "{unpublished}");
    }
    let settings = std::fs::read_to_string(root.join("unpress.toml")).expect("settings");
    assert!(!settings.contains("unsafe"), "{settings}");
}

#[test]
fn jekyll_names_posts_by_their_local_day_and_keeps_drafts_apart() {
    let (dir, _) = convert("jekyll", &[]);
    let root = dir.path().join("site");
    assert_eq!(
        files_under(&root),
        [
            "_config.unpress.yml",
            "_drafts/draft-one.md",
            "_portfolio/work-one.md",
            // Local 2019-03-03 23:30 -08:00 is 2019-03-04 in UTC: the
            // name has the day of the date in the front matter.
            "_posts/2019-03-03-a-meadow.md",
            // Unique by slug, whatever the date.
            "_posts/2019-05-01-a-meadow-2.md",
            "_posts/2019-06-02-secret.md",
            "_posts/2019-06-03-hidden.md",
            "_posts/2019-07-01-etc-passwd.md",
            "about/child/grandchild/index.md",
            "about/child/index.md",
            "about/index.md",
            "index/index.md",
            "posts/index.md",
            "redirects.csv",
        ]
    );
    let fm = front_matter(&root.join("_posts/2019-03-03-a-meadow.md"));
    assert_eq!(string(&fm, "layout").as_deref(), Some("post"));
    assert_eq!(
        string(&fm, "date").as_deref(),
        Some("2019-03-03 23:30:00 -0800")
    );
    let cats: Vec<&str> = get(&fm, "categories")
        .and_then(Value::as_sequence)
        .expect("categories")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(cats, ["wild-meadows", "notes"], "slugs: no spaces in URLs");
    // The body says `{{ site.title }}`: Liquid must not run on it.
    assert_eq!(get(&fm, "render_with_liquid"), Some(&Value::Bool(false)));
    for unpublished in ["2019-06-02-secret.md", "2019-06-03-hidden.md"] {
        let fm = front_matter(&root.join("_posts").join(unpublished));
        assert_eq!(get(&fm, "published"), Some(&Value::Bool(false)));
    }
    let page = front_matter(&root.join("about/index.md"));
    assert_eq!(string(&page, "layout").as_deref(), Some("page"));
    let settings =
        std::fs::read_to_string(root.join("_config.unpress.yml")).expect("settings file");
    let settings: serde_yaml::Mapping = serde_yaml::from_str(&settings).expect("settings YAML");
    assert_eq!(
        string(&settings, "excerpt_separator").as_deref(),
        Some("<!--more-->")
    );
    assert!(get(&settings, "collections").is_some());
}

#[test]
fn hexo_gets_flat_categories_and_no_nunjucks_on_curly_text() {
    let (dir, _) = convert("hexo", &[]);
    let root = dir.path().join("site");
    let files = files_under(&root);
    for expected in [
        "source/_drafts/draft-one.md",
        "source/_posts/a-meadow.md",
        "source/_posts/a-meadow-2.md",
        "source/about/child/grandchild/index.md",
        "source/portfolio/work-one/index.md",
    ] {
        assert!(files.iter().any(|f| f == expected), "{expected}: {files:?}");
    }
    let fm = front_matter(&root.join("source/_posts/a-meadow.md"));
    let cats = get(&fm, "categories")
        .and_then(Value::as_sequence)
        .expect("categories");
    assert_eq!(cats.len(), 2);
    assert!(
        cats.iter()
            .all(|c| c.as_sequence().is_some_and(|c| c.len() == 1))
    );
    assert_eq!(get(&fm, "disableNunjucks"), Some(&Value::Bool(true)));
    let fm = front_matter(&root.join("source/_posts/secret.md"));
    assert_eq!(get(&fm, "published"), Some(&Value::Bool(false)));
    // Hexo refuses a settings file that is not a mapping.
    let settings = std::fs::read_to_string(root.join("_config.unpress.yml")).expect("settings");
    let settings: Value = serde_yaml::from_str(&settings).expect("settings YAML");
    assert!(settings.is_mapping(), "{settings:?}");
}

#[test]
fn naming_the_statuses_publishes_them() {
    let (dir, err) = convert("jekyll", &["--status", "publish,draft,private"]);
    let root = dir.path().join("site");
    let files = files_under(&root);
    assert!(
        !files.iter().any(|f| f.starts_with("_drafts/")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f == "_posts/2019-06-01-draft-one.md"),
        "{files:?}"
    );
    let fm = front_matter(&root.join("_posts/2019-06-03-hidden.md"));
    assert_eq!(get(&fm, "published"), None);
    assert!(!err.contains("not published"), "{err}");
}

#[test]
fn site_runs_refuse_what_does_not_fit() {
    let export = repo("tests/data/wxr/site.xml");
    let export = export.to_str().expect("utf-8 path");
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        vec![export, "--site", "hugo", "-t", "md,json", "-o", "s"],
        vec![export, "--site", "hugo", "-t", "epub", "-o", "b.epub"],
        vec![
            export,
            "--site",
            "hugo",
            "--layout",
            "date-prefix",
            "-o",
            "s",
        ],
        vec![export, "--site", "jekyll", "--raw-html", "keep", "-o", "s"],
        vec![export, "--site", "wordpress", "-o", "s"],
    ] {
        let run = run_in(dir.path(), &args);
        assert_eq!(
            run.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&run.stderr)
        );
    }
    assert!(files_under(dir.path()).is_empty());
}

/// A folder of posts (Hexo's `source/_posts`) goes where each generator
/// reads posts; Jekyll's names take the date from the front matter.
#[test]
fn a_folder_of_posts_moves_into_each_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).expect("posts folder");
    std::fs::write(
        posts.join("hello.md"),
        "---\ntitle: Hello\ndate: 2020-02-03 10:00:00\nupdated: 2020-02-04 10:00:00\n---\nHi <b>there</b>.\n",
    )
    .expect("post");
    std::fs::write(
        posts.join("undated.md"),
        "---\ntitle: Undated\n---\nNo date.\n",
    )
    .expect("post");
    for (site, expected) in [
        (
            "hugo",
            vec![
                "content/posts/hello.md",
                "content/posts/undated.md",
                "unpress.toml",
            ],
        ),
        (
            "jekyll",
            vec![
                "_config.unpress.yml",
                "_posts/2020-02-03-hello.md",
                "undated/index.md",
            ],
        ),
        (
            "hexo",
            vec![
                "_config.unpress.yml",
                "source/_posts/hello.md",
                "source/_posts/undated.md",
            ],
        ),
    ] {
        let out = dir.path().join(site);
        let run = run_in(
            dir.path(),
            &["_posts", "--site", site, "-o", out.to_str().expect("path")],
        );
        assert!(run.status.success(), "{site}: {}", text(&run.stderr));
        assert_eq!(files_under(&out), expected, "{site}");
    }
    let hugo = front_matter(&dir.path().join("hugo/content/posts/hello.md"));
    assert_eq!(
        string(&hugo, "lastmod").as_deref(),
        Some("2020-02-04T10:00:00")
    );
    let jekyll = front_matter(&dir.path().join("jekyll/_posts/2020-02-03-hello.md"));
    assert_eq!(
        string(&jekyll, "last_modified_at").as_deref(),
        Some("2020-02-04 10:00:00")
    );
}

/// `<!--nextpage-->` is a comment no site shows: every target writes a
/// visible break instead, and the run says the post had pages.
#[test]
fn page_breaks_are_visible_in_every_site() {
    for site in ["hugo", "jekyll", "hexo"] {
        let out = crate::support::run_with_stdin(
            &["--site", site],
            b"<p>one</p><!--nextpage--><p>two</p>",
        );
        let md = text(&out.stdout);
        assert!(out.status.success(), "{site}: {}", text(&out.stderr));
        assert!(!md.contains("nextpage"), "{site}: {md}");
        assert!(md.contains("\n\none\n\n---\n\ntwo\n"), "{site}: {md}");
        assert!(text(&out.stderr).contains("2 pages"), "{site}");
    }
    // Hexo reads `---` then `---` as a block running to the next `---`.
    let out = crate::support::run_with_stdin(&["--site", "hexo"], b"<p>one</p>");
    assert!(
        text(&out.stdout).starts_with("---\n{}\n---\n"),
        "{}",
        text(&out.stdout)
    );
}
