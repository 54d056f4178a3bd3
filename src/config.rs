//! `--config FILE`: options read from a TOML or YAML file (docs/config.md).
//!
//! The file is turned into command-line arguments (`max-bytes = 5` ->
//! `--max-bytes=5`) placed before the real ones, so clap stays the one
//! definition of every option, of the values it takes and of the errors
//! about them. An option given on the command line replaces the file's
//! (a list whole, never appended to). The `[front_matter]` section has no
//! flag: it becomes the library's [`FrontMatterMap`].

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use clap::error::{ContextKind, ContextValue};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use serde_json::{Map, Value};
use unpress::FrontMatterMap;

use crate::cli::Cli;

/// The largest configuration file read: a configuration is a few lines,
/// and a file downloaded from somewhere must not fill the memory.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// The key of the front-matter mapping. Not an option, so it is spelled
/// like the front matter keys it maps, with an underscore.
pub const FRONT_MATTER_KEY: &str = "front_matter";

/// Why the arguments gave no [`Cli`].
pub enum Failure {
    /// clap's own: a usage error, or `--help` and `--version`.
    Clap(clap::Error),
    /// The configuration file's, as a message naming the file (and the
    /// line where it is known).
    Config(String),
}

/// Parses the command line (`args` with the program's name first) and,
/// when it names one, the configuration file.
pub fn parse(args: Vec<OsString>) -> Result<Cli, Failure> {
    let cmd = Cli::command();
    let matches = cmd
        .clone()
        .try_get_matches_from(&args)
        .map_err(Failure::Clap)?;
    let cli = Cli::from_arg_matches(&matches).map_err(Failure::Clap)?;
    let Some(path) = cli.config.clone() else {
        return Ok(cli);
    };
    let file = File::read(&path).map_err(Failure::Config)?;
    let at = |key: &str| file.place(&path, key);
    let mut file_args: Vec<OsString> = Vec::new();
    let mut front_matter = FrontMatterMap::default();
    for (key, value) in &file.map {
        if key == FRONT_MATTER_KEY {
            front_matter = serde_json::from_value(value.clone())
                .map_err(|e| Failure::Config(format!("{}: {key}: {e}", at(key))))?;
            front_matter
                .check()
                .map_err(|e| Failure::Config(format!("{}: {e}", at(key))))?;
            continue;
        }
        let arg = option(&cmd, key).map_err(|e| Failure::Config(format!("{}: {e}", at(key))))?;
        // The command line's own value replaces the file's.
        if matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine) {
            continue;
        }
        arguments(arg, value, &mut file_args)
            .map_err(|e| Failure::Config(format!("{}: {e}", at(key))))?;
    }
    let program = args
        .first()
        .cloned()
        .unwrap_or_else(|| OsString::from("unpress"));
    // The file's options alone first: an error among them is the file's,
    // and is reported as such rather than as the command line's.
    let alone = std::iter::once(program.clone()).chain(file_args.iter().cloned());
    if let Err(e) = cmd.clone().try_get_matches_from(alone) {
        let key = invalid_key(&e);
        let place = key
            .as_deref()
            .map_or_else(|| path.display().to_string(), at);
        return Err(Failure::Config(format!("{place}: {}", clap_message(&e))));
    }
    let all = std::iter::once(program)
        .chain(file_args)
        .chain(args.into_iter().skip(1));
    let matches = cmd.try_get_matches_from(all).map_err(Failure::Clap)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(Failure::Clap)?;
    cli.front_matter = front_matter;
    Ok(cli)
}

/// A configuration file, read and parsed into one map of keys to values.
struct File {
    map: Map<String, Value>,
    text: String,
    toml: bool,
}

impl File {
    fn read(path: &Path) -> Result<File, String> {
        let name = path.display();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let toml = match ext.as_deref() {
            Some("toml") => true,
            Some("yaml" | "yml") => false,
            _ => {
                return Err(format!(
                    "{name}: a configuration file is TOML (.toml) or YAML (.yaml, .yml); name it so"
                ));
            }
        };
        let cannot = |e: std::io::Error| format!("{name}: cannot read the configuration: {e}");
        // Checked before opening: opening a FIFO would wait for a writer.
        if !std::fs::metadata(path).map_err(cannot)?.is_file() {
            return Err(format!(
                "{name}: not a regular file; --config names a .toml or .yaml file"
            ));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_CONFIG_BYTES as u64 + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() > MAX_CONFIG_BYTES {
            return Err(format!(
                "{name}: more than {MAX_CONFIG_BYTES} bytes, too large for a configuration"
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{name}: not UTF-8 (byte offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        let map = if toml {
            let table: toml::Table = toml::from_str(&text).map_err(|e| {
                let line = e.span().map(|s| line_at(&text, s.start));
                format!(
                    "{}: {}",
                    place(&name.to_string(), line),
                    e.message().trim_end()
                )
            })?;
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect()
        } else {
            unpress::yaml::parse_front_matter(&text).map_err(|e| match e.line {
                Some(line) => format!("{name}:{line}: {}", e.message),
                // The one error without a place that is about the shape.
                None if e.message.starts_with("front matter must be a mapping") => {
                    format!("{name}: the file must be a mapping of options to values")
                }
                None => format!("{name}: {}", e.message),
            })?
        };
        Ok(File { map, text, toml })
    }

    /// `FILE:LINE` of a top-level key, or `FILE` when it is not found.
    fn place(&self, path: &Path, key: &str) -> String {
        place(&path.display().to_string(), self.line_of(key))
    }

    /// The line a top-level key is on: in TOML before the first table
    /// (or its own `[key]` header), in YAML at the start of a line. Found
    /// by reading the text (neither parser gives positions of keys); a
    /// key written another way (quoted with escapes, a flow mapping) has
    /// none.
    fn line_of(&self, key: &str) -> Option<usize> {
        let forms = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")];
        let mut in_table = false;
        for (i, line) in self.text.lines().enumerate() {
            if self.toml {
                let t = line.trim_start();
                if let Some(header) = t.strip_prefix('[') {
                    let name = header.trim_start_matches('[').split(']').next();
                    let name = name.unwrap_or_default().trim();
                    if name == key || name.starts_with(&format!("{key}.")) {
                        return Some(i + 1);
                    }
                    in_table = true;
                    continue;
                }
                if in_table {
                    continue;
                }
                for form in &forms {
                    if let Some(rest) = t.strip_prefix(form.as_str())
                        && rest.trim_start().starts_with('=')
                    {
                        return Some(i + 1);
                    }
                }
            } else {
                for form in &forms {
                    if let Some(rest) = line.strip_prefix(form.as_str())
                        && rest.trim_start().starts_with(':')
                    {
                        return Some(i + 1);
                    }
                }
            }
        }
        None
    }
}

fn place(name: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{name}:{line}"),
        None => name.to_owned(),
    }
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The option a key of the file names: a long option, without its
/// dashes.
fn option<'c>(cmd: &'c Command, key: &str) -> Result<&'c Arg, String> {
    match key {
        "config" => return Err("a configuration file cannot name another (config)".into()),
        "help" | "version" => {
            return Err(format!(
                "'{key}' is not a setting; run unpress --{key} instead"
            ));
        }
        "inputs" | "input" => {
            return Err(format!(
                "'{key}': name the inputs on the command line; the file holds options"
            ));
        }
        _ => {}
    }
    let long = |name: &str| {
        cmd.get_arguments()
            .find(|a| a.get_long() == Some(name) && !a.is_positional())
    };
    if let Some(arg) = long(key) {
        return Ok(arg);
    }
    let dashed = key.replace('_', "-");
    if dashed != key && long(&dashed).is_some() {
        return Err(format!(
            "unknown option '{key}': did you mean '{dashed}'? (options are spelled as on the command line)"
        ));
    }
    Err(format!(
        "unknown option '{key}': a key is a long option of unpress --help without its dashes (max-bytes = 1000000), or [{FRONT_MATTER_KEY}]"
    ))
}

/// The arguments one key of the file stands for: `--name=value` per
/// value; a flag set true is `--name`, false is nothing.
fn arguments(arg: &Arg, value: &Value, out: &mut Vec<OsString>) -> Result<(), String> {
    let long = arg.get_long().unwrap_or_default();
    match arg.get_action() {
        ArgAction::SetTrue => match value {
            Value::Bool(true) => out.push(format!("--{long}").into()),
            Value::Bool(false) => {}
            other => {
                return Err(format!("'{long}' is true or false, not {}", kind(other)));
            }
        },
        ArgAction::Append => {
            let items = match value {
                Value::Array(items) => items.as_slice(),
                one => std::slice::from_ref(one),
            };
            for item in items {
                let v = scalar(item).ok_or_else(|| {
                    format!("'{long}' is a list of strings, not of {}", kind(item))
                })?;
                out.push(format!("--{long}={v}").into());
            }
        }
        _ => {
            let v = scalar(value)
                .ok_or_else(|| format!("'{long}' takes one value, not {}", kind(value)))?;
            out.push(format!("--{long}={v}").into());
        }
    }
    Ok(())
}

/// A string or a number, as the command line would say it.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// The long name of the option a clap error is about.
fn invalid_key(e: &clap::Error) -> Option<String> {
    match e.get(ContextKind::InvalidArg)? {
        ContextValue::String(s) => {
            let name = s.trim_start_matches('-');
            Some(name.split([' ', '=']).next().unwrap_or(name).to_owned())
        }
        _ => None,
    }
}

/// clap's message without its `error: ` and its tips.
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// TOML values as the JSON values front matter is held in; a date is
/// its TOML text. (toml's parser bounds the nesting it accepts.)
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}
