//! The fixture runner: every `fixtures/<case>/input.*` is converted to
//! Markdown, JSON and XHTML and compared with `expected.md`,
//! `expected.json` and `expected.xhtml`, which were read line by line when
//! they were blessed. An optional `args` file holds command-line options for
//! the case (e.g. `--timezone +08:00`).
//!
//! `UNPRESS_BLESS=1 cargo test --test fixtures` rewrites the expectations;
//! read every diff before committing it.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use unpress::Format;
use unpress::cli::Cli;

const FORMATS: [(Format, &str); 3] = [
    (Format::Markdown, "expected.md"),
    (Format::Json, "expected.json"),
    (Format::Xhtml, "expected.xhtml"),
];

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir("fixtures")
        .expect("fixtures/ is next to Cargo.toml")
        .map(|e| e.expect("readable fixtures/").path())
        .filter(|p| p.is_dir())
        // Named posts of a corpus export, with their own runner
        // (tests/theme_unit.rs): no input is copied there.
        .filter(|p| !p.ends_with("theme-unit"))
        .collect();
    cases.sort();
    cases
}

fn input_of(case: &Path) -> PathBuf {
    fs::read_dir(case)
        .expect("readable case")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_stem().is_some_and(|s| s == "input"))
        .unwrap_or_else(|| panic!("{}: no input.* file", case.display()))
}

#[test]
fn fixtures_match_their_expected_outputs() {
    let bless = std::env::var_os("UNPRESS_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 7, "expected at least 7 fixture cases");
    for case in &cases {
        let input = input_of(case);
        let args = fs::read_to_string(case.join("args")).unwrap_or_default();
        let mut argv = vec!["unpress".to_owned()];
        argv.extend(args.split_whitespace().map(str::to_owned));
        let config = Cli::try_parse_from(&argv)
            .unwrap_or_else(|e| panic!("{}: bad args: {e}", case.display()))
            .into_config()
            .unwrap_or_else(|e| panic!("{}: bad args: {e}", case.display()));
        let doc = unpress::read::read_file(&input, &config.options.read)
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let formats: Vec<Format> = FORMATS.iter().map(|(f, _)| *f).collect();
        let outputs = unpress::convert_document(&doc, &formats, &config.options)
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        for (format, file) in FORMATS {
            let got = outputs.get(format).expect("requested format");
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
            support::expect_file(&case.join(file), got, bless, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture outputs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
