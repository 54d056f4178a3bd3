//! What unpress shows a person at a terminal: the progress bar (run under
//! a pseudo-terminal with util-linux's `script`), and the completion
//! scripts and man page generated from the clap definitions.

use std::process::Command;

use crate::support::{repo, run_in, text, unpress};

/// Runs `unpress ARGS` under a pseudo-terminal; what the terminal showed.
fn on_a_terminal(args: &str, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_unpress");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{bin} {args}"), "/dev/null"]);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let run = cmd
        .output()
        .expect("util-linux `script` runs commands under a pseudo-terminal");
    assert!(run.status.success(), "{}", text(&run.stderr));
    text(&run.stdout)
}

#[test]
fn a_terminal_sees_progress_then_the_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = repo("tests/data/wxr/site.xml");
    let out = dir.path().join("out");
    let shown = on_a_terminal(
        &format!("{} -o {} -j 1", export.display(), out.display()),
        false,
    );
    assert!(shown.contains("/12 documents ["), "{shown}");
    // The bar is cleared before the summary, and never comes back.
    let summary = shown.rfind("12 converted, 0 failed").expect("the summary");
    assert!(!shown[summary..].contains("documents ["), "{shown:?}");
    // Colours, unless NO_COLOR says otherwise.
    assert!(shown.contains("\u{1b}[36m"), "{shown:?}");
    let plain = on_a_terminal(
        &format!(
            "{} -o {} -j 1",
            export.display(),
            dir.path().join("plain").display()
        ),
        true,
    );
    assert!(plain.contains("/12 documents ["), "{plain}");
    assert!(!plain.contains("\u{1b}[36m"), "{plain:?}");
}

#[test]
fn quiet_or_not_a_terminal_means_no_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = repo("tests/data/wxr/site.xml");
    let quiet = on_a_terminal(
        &format!(
            "{} -o {} -q",
            export.display(),
            dir.path().join("q").display()
        ),
        false,
    );
    assert_eq!(quiet.trim(), "", "{quiet:?}");
    let piped = run_in(dir.path(), &[export.to_str().expect("path"), "-o", "p"]);
    let err = text(&piped.stderr);
    assert!(!err.contains("documents ["), "{err}");
    assert!(err.contains("12 converted, 0 failed"), "{err}");
}

#[test]
fn completions_and_the_man_page_come_from_the_options() {
    let bash = unpress()
        .args(["completions", "bash"])
        .output()
        .expect("run");
    assert!(bash.status.success());
    let script = text(&bash.stdout);
    for option in ["--site", "--raw-html", "--max-bytes", "hugo"] {
        assert!(script.contains(option), "bash completion lacks {option}");
    }
    // bash reads it without a syntax error.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("unpress.bash");
    std::fs::write(&file, &script).expect("write script");
    let check = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash");
    assert!(check.status.success(), "{}", text(&check.stderr));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let run = unpress()
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(run.status.success() && !run.stdout.is_empty(), "{shell}");
    }
    let man = unpress().arg("man").output().expect("run");
    assert!(man.status.success());
    let page = text(&man.stdout);
    assert!(page.contains(".TH unpress 1"), "{page}");
    assert!(page.contains(r"\fB\-\-site\fR"), "man page lacks --site");
    let bad = unpress()
        .args(["completions", "cmd.exe"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
}
