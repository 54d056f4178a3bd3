//! The `unpress` binary: parses the command line, runs the batch, and turns
//! the outcome into messages and an exit code (0 all converted, 1 some
//! documents failed, 2 usage error).

mod batch;
mod cli;
mod config;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use batch::Input;
use cli::{Cli, Tool, rule_list};

fn main() -> ExitCode {
    let cli = match config::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(config::Failure::Config(msg)) => return usage(&msg),
        Err(config::Failure::Clap(e)) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp) {
                let _ = writeln!(
                    io::stdout(),
                    "{}\n\nRules (switch off with --no-rule NAME):\n{}",
                    Cli::command().render_long_help(),
                    rule_list()
                );
                return ExitCode::SUCCESS;
            }
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Some(tool) = &cli.tool {
        return print_tool(tool);
    }
    let mut config = match cli.into_config() {
        Ok(c) => c,
        Err(msg) => return usage(&msg),
    };
    config.progress = io::stderr().is_terminal();
    config.plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let stdin = io::stdin();
    if config.inputs.contains(&Input::Stdin) && stdin.is_terminal() {
        return usage(
            "no input: give a file or folder, or pipe a post into unpress (see unpress --help)",
        );
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr().lock();
    match batch::run(&config, &mut stdin.lock(), &mut out, &mut err) {
        Ok(summary) => {
            match out.flush() {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    let _ = writeln!(err, "unpress: cannot write to standard output: {e}");
                    return ExitCode::from(1);
                }
                _ => {}
            }
            if summary.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => usage(&e.0),
    }
}

/// `unpress completions SHELL`, `unpress man`: generated from the clap
/// definitions, so they never disagree with `--help`.
fn print_tool(tool: &Tool) -> ExitCode {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    let written = match tool {
        Tool::Completions { shell } => {
            clap_complete::generate(*shell, &mut cmd, "unpress", &mut out);
            Ok(())
        }
        Tool::Man => clap_mangen::Man::new(cmd).render(&mut out),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "unpress: cannot write to standard output: {e}"
            );
            ExitCode::from(1)
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    let _ = writeln!(
        io::stderr(),
        "unpress: {msg}\nUsage: unpress [OPTIONS] [INPUT]...  (unpress --help for more)"
    );
    ExitCode::from(2)
}
