//! `--config FILE` (docs/config.md): options from TOML and YAML files, the
//! command line winning, errors that name the file and the key, and the
//! front-matter mapping checked in the Markdown (read back with
//! serde_yaml) and in the JSON (read back with serde_json). The example
//! files of docs/config.md are run as written.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::support::{repo, run_in, text};

/// Writes `body` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).expect("write config");
    path
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, args)
}

/// The YAML front matter of a Markdown file, as JSON for comparing.
fn front_matter(path: &Path) -> Value {
    let md = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = md.strip_prefix("---\n").expect("front matter opens");
    // The closing fence is a line of its own.
    let end = rest.find("\n---\n").expect("front matter closes") + 1;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).expect("front matter is YAML");
    serde_json::to_value(yaml).expect("YAML as JSON")
}

fn json_file(path: &Path) -> Value {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&s).expect("JSON")
}

const MAPPING_TOML: &str = r#"
to = ["md", "json"]
quiet = true

[front_matter]
rename = { excerpt = "summary", author = "writer" }
drop = ["id", "link"]
defaults = { layout = "post", title = "never used" }

[front_matter.categories]
"Meadows" = "Fields & Meadows"

[front_matter.tags]
"Clover" = ""

[front_matter.authors]
"Ada L." = "Ada Lovelace"
"#;

const MAPPING_YAML: &str = r#"
to: [md, json]
quiet: true
front_matter:
  rename: {excerpt: summary, author: writer}
  drop: [id, link]
  defaults: {layout: post, title: never used}
  categories:
    Meadows: Fields & Meadows
  tags:
    Clover: ""
  authors:
    "Ada L.": Ada Lovelace
"#;

/// Converts tests/data/wxr/every-field.xml with the config file `name`
/// holding `body`, into md/ and json/ under a fresh folder.
fn convert_every_field(name: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write(dir.path(), name, body);
    let export = repo("tests/data/wxr/every-field.xml");
    let run = run(
        dir.path(),
        &[
            export.to_str().expect("utf-8"),
            "--config",
            config.to_str().expect("utf-8"),
            "-o",
            "out",
        ],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    // quiet = true from the file: no summary.
    assert_eq!(text(&run.stderr), "");
    dir
}

fn check_mapping(dir: &Path) {
    let md = front_matter(&dir.join("out/md/post/a-meadow.md"));
    // Value maps: the category renamed with the slug of its new name, the
    // only tag removed (with its key and its slugs), the author renamed...
    assert_eq!(md["categories"], json!(["Fields & Meadows"]));
    assert_eq!(md["category_slugs"], json!(["fields-meadows"]));
    assert!(
        md.get("tags").is_none() && md.get("tag_slugs").is_none(),
        "{md}"
    );
    // ...then renamed keys, in place...
    assert_eq!(md["writer"], "Ada Lovelace");
    assert!(md.get("author").is_none());
    assert_eq!(
        md["summary"],
        "<p>The meadow, <strong>briefly</strong>.</p>"
    );
    assert!(md.get("excerpt").is_none());
    let keys: Vec<&str> = md
        .as_object()
        .expect("a mapping")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..4],
        ["title", "date", "updated", "writer"],
        "{keys:?}"
    );
    // ...dropped keys, and defaults only where missing, after the others.
    assert!(md.get("id").is_none() && md.get("link").is_none(), "{md}");
    assert_eq!(md["title"], "A meadow in March");
    assert_eq!(keys.last(), Some(&"layout"));
    assert_eq!(md["layout"], "post");

    let doc = json_file(&dir.join("out/json/post/a-meadow.json"));
    let fm = &doc["front_matter"];
    for key in [
        "categories",
        "category_slugs",
        "writer",
        "summary",
        "title",
        "layout",
    ] {
        assert_eq!(fm[key], md[key], "{key}");
    }
    for key in ["tags", "tag_slugs", "author", "excerpt", "id", "link"] {
        assert!(fm.get(key).is_none(), "{key} in {fm}");
    }
    // The typed fields keep the schema's names and get the new values.
    assert_eq!(doc["author"], "Ada Lovelace");
    assert_eq!(doc["categories"], json!(["Fields & Meadows"]));
    assert_eq!(doc["tags"], json!([]));
}

#[test]
fn a_toml_config_maps_the_front_matter_of_markdown_and_json() {
    let dir = convert_every_field("unpress.toml", MAPPING_TOML);
    check_mapping(dir.path());
}

#[test]
fn a_yaml_config_does_the_same() {
    let toml = convert_every_field("c.toml", MAPPING_TOML);
    let yaml = convert_every_field("c.yaml", MAPPING_YAML);
    check_mapping(yaml.path());
    for file in ["md/post/a-meadow.md", "json/post/a-meadow.json"] {
        let a = std::fs::read(toml.path().join("out").join(file)).expect("toml's");
        let b = std::fs::read(yaml.path().join("out").join(file)).expect("yaml's");
        assert!(
            a == b,
            "{file} differs between the TOML and the YAML config"
        );
    }
}

#[test]
fn jekyll_categories_renamed_get_new_slugs_and_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write(
        dir.path(),
        "jekyll.yml",
        "site: jekyll\nfront_matter:\n  categories:\n    Wild Meadows: Open Fields\n    Notes: \"\"\n  tags:\n    Red Clover: Clover\n",
    );
    let export = repo("tests/data/wxr/site.xml");
    let run = run(
        dir.path(),
        &[
            export.to_str().expect("utf-8"),
            "--config",
            config.to_str().expect("utf-8"),
            "-o",
            "site",
        ],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let md = front_matter(&dir.path().join("site/_posts/2019-03-03-a-meadow.md"));
    assert_eq!(md["categories"], json!(["open-fields"]));
    assert_eq!(md["category_names"], json!(["Open Fields"]));
    assert_eq!(md["tags"], json!(["Clover"]));
    // The guard against Liquid is the site's, whatever the mapping.
    assert_eq!(md["render_with_liquid"], false);
}

#[test]
fn a_posts_own_front_matter_is_mapped_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "post.md",
        "---\ntitle: Hi\nauthor: admin\ncategories: [[Uncategorized], [Old news]]\ntags: misc\n---\nBody\n",
    );
    let config = write(
        dir.path(),
        "c.toml",
        "site = \"hexo\"\n[front_matter.categories]\n\"Uncategorized\" = \"\"\n\"Old news\" = \"News\"\n[front_matter.tags]\nmisc = \"\"\n[front_matter.authors]\nadmin = \"Ada\"\n",
    );
    let run = run(
        dir.path(),
        &["post.md", "--config", config.to_str().expect("utf-8")],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    let rest = out.strip_prefix("---\n").expect("front matter");
    // The closing fence is a line of its own.
    let end = rest.find("\n---\n").expect("front matter closes") + 1;
    let fm: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).expect("YAML");
    let fm = serde_json::to_value(fm).expect("as JSON");
    assert_eq!(fm["author"], "Ada");
    assert_eq!(fm["categories"], json!([["News"]]));
    assert!(fm.get("tags").is_none(), "{fm}");
}

#[test]
fn the_command_line_replaces_the_files_options_lists_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "post.html", "<p>One <b>two</b></p>");
    let config = write(dir.path(), "c.toml", "to = [\"md\", \"xhtml\"]\n");
    let config = config.to_str().expect("utf-8");
    // Two formats from the file cannot go to stdout...
    let run1 = run(dir.path(), &["post.html", "--config", config]);
    assert_eq!(run1.status.code(), Some(2), "{}", text(&run1.stderr));
    // ...one from the command line replaces them, not adds to them.
    let run2 = run(dir.path(), &["post.html", "--config", config, "-t", "json"]);
    assert!(run2.status.success(), "{}", text(&run2.stderr));
    let doc: Value = serde_json::from_slice(&run2.stdout).expect("JSON on stdout");
    assert_eq!(doc["text"], "One two");
    // The order does not matter: --config after the option too.
    let run3 = run(dir.path(), &["post.html", "-t", "json", "--config", config]);
    assert_eq!(run3.stdout, run2.stdout);
}

#[test]
fn string_and_number_values_become_the_options_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "post.html", "<p>One two three</p>");
    let config = write(dir.path(), "c.yml", "to: json\nmax-bytes: 5\n");
    let run = run(
        dir.path(),
        &["post.html", "--config", config.to_str().expect("utf-8")],
    );
    // The limit from the file refuses the post: it applied.
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("limit"), "{}", text(&run.stderr));
}

/// Runs with the config `name` holding `body` and returns stderr, after
/// checking the exit code is 2.
fn usage_error(name: &str, body: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write(dir.path(), name, body);
    let run = run(
        dir.path(),
        &["x.html", "--config", config.to_str().expect("utf-8")],
    );
    let err = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains(name), "the file is named: {err}");
    err
}

#[test]
fn an_unknown_key_is_a_usage_error_naming_the_file_line_and_key() {
    let err = usage_error("c.toml", "# options\nsite = \"hugo\"\nsit = \"hugo\"\n");
    assert!(err.contains("c.toml:3: unknown option 'sit'"), "{err}");
    let err = usage_error("c.yaml", "site: hugo\nmax_bytes: 3\n");
    assert!(
        err.contains("c.yaml:2:") && err.contains("did you mean 'max-bytes'"),
        "{err}"
    );
    let err = usage_error("c.toml", "[front_matter]\nrenam = {}\n");
    assert!(
        err.contains("c.toml:1: front_matter") && err.contains("renam"),
        "{err}"
    );
    let err = usage_error("c.toml", "inputs = [\"a.xml\"]\n");
    assert!(err.contains("on the command line"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_is_a_usage_error() {
    let err = usage_error("c.toml", "quiet = \"yes\"\n");
    assert!(err.contains("c.toml:1: 'quiet' is true or false"), "{err}");
    let err = usage_error("c.toml", "site = [\"hugo\"]\n");
    assert!(err.contains("'site' takes one value"), "{err}");
    let err = usage_error("c.toml", "\nmax-bytes = \"lots\"\n");
    assert!(
        err.contains("c.toml:2:") && err.contains("--max-bytes"),
        "{err}"
    );
    let err = usage_error("c.yml", "site: wordpress\n");
    assert!(
        err.contains("c.yml:1:") && err.contains("wordpress"),
        "{err}"
    );
    let err = usage_error("c.toml", "[front_matter]\ndrop = \"id\"\n");
    assert!(err.contains("front_matter"), "{err}");
    let err = usage_error("c.toml", "[front_matter.tags]\na = 1\n");
    assert!(err.contains("front_matter"), "{err}");
}

#[test]
fn broken_or_hostile_files_are_refused_cleanly() {
    usage_error("c.ini", "site = hugo\n");
    usage_error("c.toml", "to = [\"md\",\n");
    usage_error("c.yaml", "- a list\n");
    usage_error(
        "c.toml",
        &format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    // A billion laughs: serde_yaml's repetition limit.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ('a'..'j').zip('b'..='j') {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    usage_error("c.yaml", &bomb);
    let err = usage_error("c.toml", &"#".repeat(2 << 20));
    assert!(err.contains("too large"), "{err}");
}

/// The fenced blocks of docs/config.md with the given info string.
fn doc_blocks(lang: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(repo("docs/config.md")).expect("docs/config.md");
    let fence = format!("```{lang}\n");
    let mut blocks = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```\n").expect("closed block");
        blocks.push(body[..end].to_owned());
        rest = &body[end..];
    }
    blocks
}

#[test]
fn the_examples_of_docs_config_run_as_written() {
    let export = repo("tests/data/wxr/site.xml");
    let mut ran = 0;
    for (lang, ext) in [("toml", "toml"), ("yaml", "yml")] {
        for (i, block) in doc_blocks(lang).iter().enumerate() {
            let dir = tempfile::tempdir().expect("temp dir");
            let config = write(dir.path(), &format!("example-{i}.{ext}"), block);
            let run = run(
                dir.path(),
                &[
                    export.to_str().expect("utf-8"),
                    "--config",
                    config.to_str().expect("utf-8"),
                    "-o",
                    "out",
                    "-q",
                ],
            );
            assert!(
                run.status.success(),
                "docs/config.md's {lang} example {i}:\n{block}\n{}",
                text(&run.stderr)
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 4, "one example for Hugo, Jekyll, Hexo and plain");
}

#[test]
fn docs_config_lists_every_long_option() {
    let help = run(Path::new("."), &["--help"]);
    let help = text(&help.stdout);
    let doc = std::fs::read_to_string(repo("docs/config.md")).expect("docs/config.md");
    let options: Vec<&str> = help
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split("--").nth(1))
        .filter(|l| {
            // Option lines start with `-x, --name` or `--name`.
            l.starts_with(|c: char| c.is_ascii_lowercase())
        })
        .filter_map(|l| l.split([' ', '<']).next())
        .filter(|name| !matches!(*name, "help" | "version" | "config"))
        .collect();
    assert!(options.len() > 20, "{options:?}");
    for name in options {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "docs/config.md's table lacks `{name}`"
        );
    }
}

#[test]
fn keys_and_values_from_the_config_cannot_break_the_front_matter() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "post.md", "---\ntitle: Hi\n---\nBody\n");
    let config = write(
        dir.path(),
        "c.toml",
        "[front_matter]\nrename = { title = \"---\\nx: 1\" }\ndefaults = { \"a: b\\n---\" = \"---\\n<script>alert(1)</script>\" }\n",
    );
    let run = run(
        dir.path(),
        &["post.md", "--config", config.to_str().expect("utf-8")],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    let path = dir.path().join("out.md");
    std::fs::write(&path, &out).expect("write");
    let fm = front_matter(&path);
    assert_eq!(
        fm,
        json!({"---\nx: 1": "Hi", "a: b\n---": "---\n<script>alert(1)</script>"}),
        "{out}"
    );
    assert!(out.ends_with("---\n\nBody\n"), "{out}");
}
