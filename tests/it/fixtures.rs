//! The fixtures: every `fixtures/<case>/input.*` is converted to Markdown,
//! JSON and XHTML and compared with `expected.md`, `expected.json` and
//! `expected.xhtml`, which were read line by line when they were blessed.
//! An optional `args` file holds command-line options for the case (e.g.
//! `--timezone +08:00`).
//!
//! One test per case, named after its folder (`-` becomes `_`): `cargo test
//! rule_images` runs `fixtures/rule-images`. A mismatch shows snapbox's
//! line diff; `SNAPSHOTS=overwrite cargo test fixtures::` (or the older
//! `UNPRESS_BLESS=1`) writes the outputs as the expectations instead: read
//! every diff before committing it. A new folder must be listed in the
//! `fixtures!` call below (`every_folder_is_listed` says so).

use std::fs;
use std::path::{Path, PathBuf};

use unpress::Format;

use crate::support::{self, repo};

const FORMATS: [(Format, &str); 3] = [
    (Format::Markdown, "expected.md"),
    (Format::Json, "expected.json"),
    (Format::Xhtml, "expected.xhtml"),
];

/// One test per folder of fixtures/, and the list of them.
macro_rules! fixtures {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check(&stringify!($case).replace('_', "-"));
            }
        )*

        /// The folders the tests above convert.
        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

fixtures![
    arabic_post,
    bare_fragment,
    code_block_lang,
    crlf_trailing,
    gutenberg_image,
    html_page,
    local_date,
    markdown_anchors_lang,
    markdown_body,
    markdown_gfm_text,
    markdown_html_table_blank_lines,
    more_marker,
    more_marker_twice,
    nextpage_pages,
    obsolete_markup,
    rule_blocks,
    rule_embeds,
    rule_galleries,
    rule_images,
    rule_residue,
    seed,
    shortcodes,
    wp_caption_div,
];

/// Folders of fixtures/ with a runner of their own.
const ELSEWHERE: &[&str] = &[
    // Named posts of a corpus export (theme_unit.rs): no input is copied
    // there.
    "theme-unit",
];

/// The `input.*` of a case folder.
fn input_of(case: &Path) -> PathBuf {
    fs::read_dir(case)
        .expect("readable case")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_stem().is_some_and(|s| s == "input"))
        .unwrap_or_else(|| panic!("{}: no input.* file", case.display()))
}

/// Converts `fixtures/<name>/input.*` with the case's `args` and compares
/// each format with its expectation.
fn check(name: &str) {
    // Relative, as a user names it: the path is the document's `source`.
    let case = Path::new("fixtures").join(name);
    let input = input_of(&case);
    let args = fs::read_to_string(case.join("args")).unwrap_or_default();
    let formats: Vec<Format> = FORMATS.iter().map(|(f, _)| *f).collect();
    let outputs: Vec<(Format, String)> = if args.trim().is_empty() {
        // No option: the library with its defaults, which are what the
        // command line resolves no option to.
        let doc = unpress::read::read_file(&input, &Default::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let out = unpress::convert_document(&doc, &formats, &unpress::Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        out.files
    } else {
        // Options only the command line spells: the binary, as a user runs it.
        formats
            .iter()
            .map(|&format| {
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_unpress"))
                    .arg(&input)
                    .args(["-t", format.extension()])
                    .args(args.split_whitespace())
                    .output()
                    .expect("run unpress");
                assert!(out.status.success(), "{}: {:?}", case.display(), out);
                (format, String::from_utf8_lossy(&out.stdout).into_owned())
            })
            .collect()
    };
    let mut expected = Vec::new();
    for (format, file) in FORMATS {
        let got = outputs
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, text)| text.as_str())
            .expect("requested format");
        // Independent judges first: whatever the expectation says, the
        // output must parse.
        match format {
            Format::Xhtml => support::assert_well_formed_xml(got, &case.display().to_string()),
            Format::Json => {
                serde_json::from_str::<serde_json::Value>(got)
                    .unwrap_or_else(|e| panic!("{}: JSON does not parse: {e}", case.display()));
            }
            _ => {}
        }
        expected.push((case.join(file), got));
    }
    support::assert_expected(&expected);
}

/// The folders on disk and the tests above are the same list.
#[test]
fn every_folder_is_listed() {
    let mut on_disk: Vec<String> = fs::read_dir(repo("fixtures"))
        .expect("fixtures/ is next to Cargo.toml")
        .map(|e| e.expect("readable fixtures/").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !ELSEWHERE.contains(&name.as_str()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.replace('_', "-")).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "fixtures/ and the fixtures! list in tests/it/fixtures.rs differ: list every \
         case folder there (its name with - as _), and only those"
    );
    assert!(CASES.len() >= 7, "expected at least 7 fixture cases");
}

/// The language is resolved once when JSON and XHTML are written together;
/// each of `inputs` must state the same language as when written alone.
/// Returns how many were checked.
pub fn the_language_written_together_is_the_language_alone(inputs: &[PathBuf]) -> usize {
    let lang_of_xhtml = |x: &str| {
        let at = x.find(" lang=\"").unwrap() + 7;
        x[at..at + x[at..].find('"').unwrap()].to_owned()
    };
    let lang_of_json = |j: &str| {
        let v: serde_json::Value = serde_json::from_str(j).unwrap();
        v["lang"].as_str().unwrap().to_owned()
    };
    let mut checked = 0;
    for path in inputs {
        let doc = unpress::read::read_file(path, &Default::default()).unwrap();
        let opts = unpress::Options::default();
        let both = unpress::convert_document(&doc, &[Format::Json, Format::Xhtml], &opts).unwrap();
        let json = unpress::convert_document(&doc, &[Format::Json], &opts).unwrap();
        let xhtml = unpress::convert_document(&doc, &[Format::Xhtml], &opts).unwrap();
        let alone = lang_of_json(json.get(Format::Json).unwrap());
        assert_eq!(
            alone,
            lang_of_xhtml(xhtml.get(Format::Xhtml).unwrap()),
            "{}",
            path.display()
        );
        assert_eq!(
            alone,
            lang_of_json(both.get(Format::Json).unwrap()),
            "{}",
            path.display()
        );
        assert_eq!(
            alone,
            lang_of_xhtml(both.get(Format::Xhtml).unwrap()),
            "{}",
            path.display()
        );
        checked += 1;
    }
    checked
}

#[test]
fn formats_written_together_state_the_language_written_alone() {
    let inputs = support::fixture_inputs();
    assert_eq!(
        the_language_written_together_is_the_language_alone(&inputs),
        CASES.len()
    );
    // A Chinese post with English names and URLs is Chinese.
    let seed = unpress::read::read_file(&repo("fixtures/seed/input.txt"), &Default::default())
        .expect("the seed");
    let out = unpress::convert_document(&seed, &[Format::Json], &Default::default()).unwrap();
    let v: serde_json::Value = serde_json::from_str(out.get(Format::Json).unwrap()).unwrap();
    assert_eq!(v["lang"], "zh");
}
