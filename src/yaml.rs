//! Every use of YAML in one place: serde_yaml 0.9 is frozen upstream, so a
//! swap to a maintained fork is this one file.
//!
//! Front matter is held as an ordered JSON map (`serde_json` with
//! `preserve_order`): every YAML value a post's front matter uses (strings,
//! numbers, booleans, lists, maps, null) has a JSON twin, and the JSON writer
//! can print it as given.

use serde_json::{Map, Value};

mod simple;

/// Parses a front matter block into an ordered map. An empty block is an
/// empty map; a block that is not a mapping is an error.
///
/// The usual block (`key: scalar` lines and lists of scalars) is read by
/// a simple reader of our own (`yaml/simple.rs`), which gives the map
/// serde_yaml would at a sixth of the cost; serde_yaml reads every other
/// block.
pub fn parse_front_matter(text: &str) -> Result<Map<String, Value>, YamlError> {
    read(text, true)
}

/// [`parse_front_matter`] by serde_yaml alone, for any block. Public for
/// the tests that compare the two readers.
#[doc(hidden)]
pub fn with_serde_yaml(text: &str) -> Result<Map<String, Value>, YamlError> {
    read(text, false)
}

fn read(text: &str, simple_first: bool) -> Result<Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some((line, column)) = too_deep_flow(text) {
        return Err(YamlError {
            message: format!("`[` and `{{` nested deeper than {MAX_FLOW_DEPTH} levels"),
            line: Some(line),
            column: Some(column),
        });
    }
    if simple_first && let Some(map) = simple::read(text) {
        return Ok(map);
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| YamlError {
        message: e.to_string(),
        line: e.location().map(|l| l.line()),
        column: e.location().map(|l| l.column()),
    })?;
    match yaml_to_json(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(YamlError {
            message: format!(
                "front matter must be a mapping of keys to values, not {}",
                kind(&other)
            ),
            line: None,
            column: None,
        }),
    }
}

/// serde_yaml refuses nesting past 128 levels, but only after its scanner
/// has read the flow collections, which costs the square of their depth
/// (100,000 `[` took minutes): deeper flow nesting is refused first.
const MAX_FLOW_DEPTH: usize = 128;

/// Where `[` and `{` first nest past [`MAX_FLOW_DEPTH`] (1-based line and
/// column), outside quoted scalars and comments. Brackets inside a plain
/// scalar count too: 128 of them unclosed is not a real front matter.
fn too_deep_flow(text: &str) -> Option<(usize, usize)> {
    if !text.bytes().any(|b| b == b'[' || b == b'{') {
        return None;
    }
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                column += 1;
            }
            Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
                column += 1;
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                // A quoted scalar or a comment starts a token.
                let starts = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':');
                match c {
                    '"' | '\'' if starts => quote = Some(c),
                    '#' if prev.is_whitespace() => while chars.next_if(|&n| n != '\n').is_some() {},
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((line, column));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        prev = c;
    }
    None
}

/// Prints a front matter map as YAML (without the `---` fences).
///
/// No line holds a raw `<`: a key or string with one is written
/// double-quoted, `<` as `\x3C` (YAML's escape, which the generators'
/// parsers read), so that a renderer that shows the front matter as
/// Markdown text finds no tag in it. (Fuzz finding crash-23acaba9: the
/// title `<p<iframe>` is harmless HTML, one element named `p<iframe`, but
/// CommonMark reads `<p` as text and `<iframe>` as a raw tag.)
pub fn to_yaml(map: &Map<String, Value>) -> String {
    simple::write(map).unwrap_or_else(|| with_serde_yaml_printer(map))
}

/// [`to_yaml`] by serde_yaml alone.
fn with_serde_yaml_printer(map: &Map<String, Value>) -> String {
    if !map.iter().any(|(k, v)| k.contains('<') || has_lt(v)) {
        // Serializing a JSON value cannot fail: every key is a string.
        return serde_yaml::to_string(map).unwrap_or_default();
    }
    // serde_yaml chooses its own quoting: the strings with `<` go through
    // it as placeholders (plain scalars), replaced by their quoted form.
    let mut prefix = String::from("unpressLT");
    while map
        .iter()
        .any(|(k, v)| k.contains(prefix.as_str()) || contains(v, &prefix))
    {
        prefix.push('_');
    }
    let mut hidden = Vec::new();
    let mut hide = |s: &String| -> String {
        if s.contains('<') {
            hidden.push(double_quoted(s));
            format!("{prefix}{}x", hidden.len() - 1)
        } else {
            s.clone()
        }
    };
    let masked: Map<String, Value> = map
        .iter()
        .map(|(k, v)| (hide(k), mask(v, &mut hide)))
        .collect();
    let yaml = serde_yaml::to_string(&masked).unwrap_or_default();
    let mut out = String::with_capacity(yaml.len());
    let mut rest = yaml.as_str();
    while let Some(at) = rest.find(prefix.as_str()) {
        out.push_str(&rest[..at]);
        let tail = &rest[at + prefix.len()..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let quoted = tail[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| hidden.get(i))
            .filter(|_| tail[digits..].starts_with('x'));
        match quoted {
            Some(q) => {
                out.push_str(q);
                rest = &tail[digits + 1..];
            }
            None => {
                out.push_str(&prefix);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn has_lt(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('<'),
        Value::Array(items) => items.iter().any(has_lt),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('<') || has_lt(v)),
        _ => false,
    }
}

fn contains(v: &Value, needle: &str) -> bool {
    match v {
        Value::String(s) => s.contains(needle),
        Value::Array(items) => items.iter().any(|i| contains(i, needle)),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains(needle) || contains(v, needle)),
        _ => false,
    }
}

fn mask(v: &Value, hide: &mut impl FnMut(&String) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(hide(s)),
        Value::Array(items) => Value::Array(items.iter().map(|i| mask(i, hide)).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (hide(k), mask(v, hide))).collect())
        }
        other => other.clone(),
    }
}

/// A YAML double-quoted scalar on one line: `<` as `\x3C`, and every
/// character YAML does not print, or that could end a line, escaped.
fn double_quoted(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\x3C"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML syntax error, with its position inside the front matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// 1-based line inside the block.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "a list",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        _ => "a scalar",
    }
}

/// YAML to JSON. Keys that are not strings (`1:`, `true:`) become their
/// YAML text; tags are dropped, keeping the tagged value. The recursion is
/// bounded: serde_yaml refuses documents nested deeper than 128 levels.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => Value::Array(seq.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    other => serde_yaml::to_string(&other)
                        .unwrap_or_default()
                        .trim_end()
                        .to_owned(),
                };
                out.insert(key, yaml_to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_nesting_past_the_limit_is_refused_before_parsing() {
        let deep = format!("a: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse_front_matter(&deep).unwrap_err();
        assert!(err.message.contains("nested deeper than 128"), "{err:?}");
        assert_eq!((err.line, err.column), (Some(1), Some(4 + 128)));
        let braces = format!("t: x\nb: {}1\n", "{a: ".repeat(200));
        let err = parse_front_matter(&braces).unwrap_err();
        assert_eq!(err.line, Some(2));
        // Brackets in quotes, in a comment or closed as they go are no nesting.
        let fine = format!(
            "a: \"{0}\"\nb: '{0}''s'\nc: [1, 2] # {0}\nd: [{1}1]\n",
            "[".repeat(300),
            "[x], ".repeat(300)
        );
        let map = parse_front_matter(&fine).unwrap();
        assert_eq!(map["a"], Value::String("[".repeat(300)));
        assert_eq!(map["c"], serde_json::json!([1, 2]));
        // Nesting within the limit is read as YAML.
        let nested = format!("a: {}1{}\n", "[".repeat(20), "]".repeat(20));
        assert!(parse_front_matter(&nested).is_ok());
    }

    #[test]
    fn keeps_key_order_and_reads_back() {
        let src = "title: 'a: b # c'\nzeta: 1\nalpha: [x, y]\nwhen: 2015-06-01\n";
        let map = parse_front_matter(src).unwrap();
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(keys, ["title", "zeta", "alpha", "when"]);
        let again = parse_front_matter(&to_yaml(&map)).unwrap();
        assert_eq!(map, again);
    }

    #[test]
    fn reports_position_of_syntax_errors() {
        let err = parse_front_matter("title: ok\ncategories: [a\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
    }

    #[test]
    fn a_list_is_not_front_matter() {
        assert!(parse_front_matter("- a\n- b\n").is_err());
    }

    /// Pieces that YAML, or a site generator looking for the end of the
    /// front matter, reads specially: document markers, the other
    /// generators' fences, indicators, quotes, line breaks of every kind
    /// (YAML 1.1 counts NEL, LS and PS), tabs, a byte order mark, and
    /// words that would be read as other types.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "---", "...", "+++", ";;;", "-", ".", "+", "\n", "\r\n", "\r", "\t", " ", "  ",
        "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", ":", ": ", "#", " #", "'", "\"", "|",
        ">", "|-", "? ", "- ", "&a", "*a", "!", "!!str", "%", "@", "`", "{", "}", "[", "]",
        ",", "\\", "null", "~", "true", "no", "1", "0x1F", "1e3", "2020-01-02", "a", "b c",
        "é", "中文", "<p>", "\0", "\u{1}",
    ];

    /// A small deterministic generator (xorshift64*): the same seed gives
    /// the same maps, so a failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn text(&mut self) -> String {
            (0..self.below(6))
                .map(|_| PIECES[self.below(PIECES.len())])
                .collect()
        }

        fn value(&mut self, depth: usize) -> Value {
            match self.below(if depth > 3 { 5 } else { 7 }) {
                0 => Value::Null,
                1 => Value::Bool(self.below(2) == 0),
                2 => Value::from(self.next() as i64),
                3 | 4 => Value::String(self.text()),
                5 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
                _ => Value::Object(self.map(depth + 1)),
            }
        }

        fn map(&mut self, depth: usize) -> Map<String, Value> {
            (0..self.below(5))
                .map(|_| (self.text(), self.value(depth)))
                .collect()
        }
    }

    /// Whether a line of the block could end the front matter for some
    /// generator: Jekyll ends it at a line `---` or `...` (then white
    /// space), Hugo and Hexo at a line starting with `---` (the fence it
    /// was opened with). Any line starting with `...` is refused too, and
    /// a line `+++` (Hugo's TOML fence, which does not close a YAML block,
    /// but a reader might be confused). serde_yaml writes a key `+++`
    /// plain (`+++: 1`): that line is not a fence for anyone.
    fn closes(line: &str) -> bool {
        line.starts_with("---") || line.starts_with("...") || line.trim_end() == "+++"
    }

    /// Property: whatever the keys and values (multi-line strings, keys
    /// named `---`, values holding `\n---\n`), no line of the printed
    /// block could close the front matter, and the block reads back as
    /// the same map. `UNPRESS_SEED=n` replays one seed.
    #[test]
    fn no_value_closes_the_front_matter_block() {
        let seeds: Vec<u64> = match std::env::var("UNPRESS_SEED") {
            Ok(s) => vec![s.parse().unwrap_or(1)],
            Err(_) => (1..=3000).collect(),
        };
        for seed in seeds {
            let mut rng = Rng(seed);
            let map = rng.map(0);
            let yaml = to_yaml(&map);
            let line_breaks = ['\n', '\r'];
            let bad = yaml.split(line_breaks).find(|l| closes(l));
            assert!(bad.is_none(), "seed {seed}: line {bad:?} in\n{yaml}");
            let back =
                parse_front_matter(&yaml).unwrap_or_else(|e| panic!("seed {seed}: {e:?}\n{yaml}"));
            assert_eq!(back, map, "seed {seed}\n{yaml}");
        }
    }

    /// Scalars and keys for the comparison of the two readers: every type
    /// serde_yaml resolves a plain scalar to, its edges (64-bit limits,
    /// leading zeros, floats), quoting, indicators, and characters YAML
    /// refuses or reads as line breaks.
    #[rustfmt::skip]
    const SCALARS: &[&str] = &[
        "", " ", "plain", "a b", "'q'", "'it''s'", "''", "'", "'a'b'", "'a'''", "\"d\"",
        "\"a\\nb\"", "\"\"", "\"", "\"a\"b\"", "1", "-1", "+1", "0", "-0", "00", "012",
        "-012", "0x1F", "-0x1F", "0x", "+0x1", "0o17", "0b101", "1e3", "1.5", ".5", "-.inf",
        ".nan", "inf", "nan", "Infinity", "18446744073709551615", "18446744073709551616",
        "-9223372036854775808", "-9223372036854775809", "1_000",
        "340282366920938463463374607431768211456", "2008-12-20T21:45:27+02:00",
        "2019-04-14", "12:30", "Sat, 03 Mar 2018 16:26:49 GMT", "https://x.org/?p=1&a=b",
        "/2008/12/x/", "a: b", "a #b", "a#b", "C#", "x:", "x::y", "[a, b]", "{a: 1}", "a, b",
        "&a x", "*a", "!t x", "!!str 1", "|", ">", "- a", "-", "-a", "- ", "~", "null",
        "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "no", "on",
        "y", "é", "中文 字", "(x)", "_x",
        "$5", "~x", "a\tb", "%x", "@x", "`x`", "a'b", "a\"b", "'a' b", "'a' # c", "\"a\" x",
        "\u{85}", "a\u{2028}b", "\u{feff}x", "x\u{80}", "a\r", "a\u{1}", "---", "...",
        "? x", ",x", "<p>", "a  b  ",
    ];

    #[rustfmt::skip]
    const KEYS: &[&str] = &[
        "title", "a", "_x", "date-x", "k1", "null", "true", "True", "1", "1k", "a b", "a:b",
        "'a'", "-a", "ключ", "x.y", "a\t",
    ];

    /// One block of front-matter-like lines: keys with scalars, keys with
    /// lists (at one indentation or several), blank and comment lines,
    /// continuation lines, document markers, duplicate keys.
    fn block(rng: &mut Rng) -> String {
        let mut out = String::new();
        let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len())];
        // Half the values are of the kinds posts use, so that most blocks
        // are ones the simple reader reads.
        let usual = [
            "plain",
            "a b",
            "'q'",
            "'it''s'",
            "\"d\"",
            "1",
            "false",
            "2019-04-14",
        ];
        let value = |rng: &mut Rng| match rng.below(2) {
            0 => pick(rng, &usual),
            _ => pick(rng, SCALARS),
        };
        for _ in 0..1 + rng.below(5) {
            let key = if rng.below(8) == 0 {
                pick(rng, KEYS)
            } else {
                ["title", "date", "tags", "author", "categories"][rng.below(5)]
            };
            match rng.below(12) {
                0..=5 => {
                    let sep = [": ", ":", ":  ", ": "][rng.below(4)];
                    out += &format!("{key}{sep}{}\n", value(rng));
                }
                6..=8 => {
                    out += &format!("{key}:{}\n", ["", " "][rng.below(2)]);
                    let indent = " ".repeat(rng.below(3));
                    for _ in 0..rng.below(4) {
                        let indent = if rng.below(10) == 0 {
                            " "
                        } else {
                            indent.as_str()
                        };
                        out += &format!("{indent}- {}\n", value(rng));
                    }
                }
                9 => out += ["\n", "  \n", "# c\n", "---\n", "...\n"][rng.below(5)],
                10 => out += &format!("{key}: x\n  {}\n", value(rng)),
                _ => out += &format!("{key}: x\n{key}: y\n"),
            }
        }
        if rng.below(4) == 0 {
            out.pop();
        }
        out
    }

    /// The simple reader gives serde_yaml's map, or leaves the block to
    /// serde_yaml: never another map, never a map where serde_yaml fails.
    #[test]
    fn the_simple_reader_agrees_with_serde_yaml() {
        let mut read_simply = 0;
        let mut check = |text: &str| {
            if let Some(map) = simple::read(text) {
                read_simply += 1;
                assert_eq!(Ok(map), with_serde_yaml(text), "{text:?}");
            }
        };
        for s in SCALARS {
            for key in KEYS {
                check(&format!("{key}: {s}\n"));
                check(&format!("{key}:\n - {s}\n - {s}\n"));
            }
        }
        check(&format!("{}: 1\n", "k".repeat(1100)));
        check(&format!("k: 0{}\n", "9".repeat(400)));
        for seed in 1..=20_000 {
            check(&block(&mut Rng(seed)));
        }
        // Not a reader that declines everything.
        assert!(read_simply > 3_000, "{read_simply}");
    }

    /// The blocks posts have are read simply, typed as YAML types them.
    #[test]
    fn usual_blocks_are_read_simply() {
        let hexo = "title: 'Post Format: Image (Caption)'\ncategories: \n - 'Classic'\n \
                    - Post Formats\nauthor: themedemos\ncomments: false\n\
                    date: Sat, 03 Mar 2018 16:26:49 GMT\n";
        let jekyll = "id: 634\ntitle: Wisdom 2009 first impression\n\
                      date: 2008-12-20T21:45:27+02:00\nguid: https://x.com/?p=634\n\
                      permalink: /2008/12/wisdom/\ncategories:\n  - Workspace\ntags:\n  \
                      - Jobs\n  - \"Tasks\"\nexcerpt:\nzero: 0012\n";
        let map = |v: Value| serde_json::from_value::<Map<String, Value>>(v).ok();
        assert_eq!(
            simple::read(hexo),
            map(serde_json::json!({
                "title": "Post Format: Image (Caption)",
                "categories": ["Classic", "Post Formats"],
                "author": "themedemos",
                "comments": false,
                "date": "Sat, 03 Mar 2018 16:26:49 GMT",
            }))
        );
        assert_eq!(
            simple::read(jekyll),
            map(serde_json::json!({
                "id": 634,
                "title": "Wisdom 2009 first impression",
                "date": "2008-12-20T21:45:27+02:00",
                "guid": "https://x.com/?p=634",
                "permalink": "/2008/12/wisdom/",
                "categories": ["Workspace"],
                "tags": ["Jobs", "Tasks"],
                "excerpt": null,
                "zero": "0012",
            }))
        );
        for text in [hexo, jekyll] {
            assert_eq!(simple::read(text).map(Ok), Some(with_serde_yaml(text)));
        }
    }

    /// A map of the shape front matter has: scalars and lists of scalars,
    /// the strings made of YAML's special pieces and scalars.
    fn flat_map(rng: &mut Rng) -> Map<String, Value> {
        let string = |rng: &mut Rng| match rng.below(3) {
            0 => SCALARS[rng.below(SCALARS.len())].to_owned(),
            1 => KEYS[rng.below(KEYS.len())].to_owned(),
            _ => rng.text(),
        };
        let scalar = |rng: &mut Rng| match rng.below(8) {
            0 => Value::Null,
            1 => Value::Bool(rng.below(2) == 0),
            2 => Value::from(rng.next() as i64),
            3 => Value::from(rng.next()),
            _ => Value::String(string(rng)),
        };
        (0..1 + rng.below(5))
            .map(|_| {
                let key = string(rng);
                let value = match rng.below(4) {
                    0 => Value::Array((0..rng.below(4)).map(|_| scalar(rng)).collect()),
                    _ => scalar(rng),
                };
                (key, value)
            })
            .collect()
    }

    /// The simple printer prints byte for byte what serde_yaml prints, or
    /// leaves the map to serde_yaml.
    #[test]
    fn the_simple_printer_agrees_with_serde_yaml() {
        let mut printed_simply = 0;
        let mut check = |map: Map<String, Value>| {
            if let Some(yaml) = simple::write(&map) {
                printed_simply += 1;
                assert_eq!(yaml, with_serde_yaml_printer(&map), "{map:?}");
            }
        };
        for s in SCALARS.iter().chain(PIECES).chain(KEYS) {
            let one = |k: &str, v: Value| Map::from_iter([(k.to_owned(), v)]);
            check(one(s, Value::Null));
            check(one("k", Value::String(s.to_string())));
            check(one("k", serde_json::json!([s, 1, null, true, s])));
            check(one(&format!("{s}{s}"), Value::String(format!("x{s}{s}x"))));
        }
        // Leading zeros past what a float holds: not a float, still quoted.
        let zeros = format!("0{}", "9".repeat(400));
        check(Map::from_iter([("k".to_owned(), Value::String(zeros))]));
        check(Map::from_iter([("k".repeat(129), Value::Null)]));
        check(Map::from_iter([("k".repeat(128), Value::Null)]));
        check(Map::from_iter([("f".to_owned(), serde_json::json!(1.5))]));
        for seed in 1..=20_000 {
            check(flat_map(&mut Rng(seed)));
            check(Rng(seed).map(0));
        }
        // Not a printer that declines everything.
        assert!(printed_simply > 5_000, "{printed_simply}");
    }

    #[test]
    fn crafted_keys_and_values_stay_inside_the_block() {
        let mut map = Map::new();
        for s in [
            "---",
            "...",
            "+++",
            "---x",
            "...x",
            "--- x",
            "a\n---\nb",
            "\n---\n",
            "\n...\n",
            "x\n+++\n",
            "---\r\n",
            "\u{2028}---",
            "\t---",
        ] {
            map.insert(s.to_owned(), Value::String(s.to_owned()));
            map.insert(format!("k{}", map.len()), Value::String(s.to_owned()));
        }
        let yaml = to_yaml(&map);
        assert!(!yaml.split(['\n', '\r']).any(closes), "{yaml}");
        assert_eq!(parse_front_matter(&yaml).ok(), Some(map), "{yaml}");
    }

    /// A key or string holding `<` is written double-quoted with `<` as
    /// `\x3C`: the block holds no raw `<` (a CommonMark renderer showing
    /// it as text finds no tag) and reads back as the same map.
    #[test]
    fn no_raw_angle_bracket_in_the_block() {
        let mut map = Map::new();
        map.insert("title".into(), Value::String("<p<iframe>".into()));
        map.insert("<k>".into(), Value::String("v".into()));
        map.insert(
            "tags".into(),
            serde_json::json!([
                "a<b",
                "plain",
                "x\n---\n<script>",
                "tab\t\"q\" \\ \u{85}\u{2028}\u{1}"
            ]),
        );
        map.insert("nested".into(), serde_json::json!({"<a>": {"b": "<c>"}}));
        // A value holding the placeholder's own prefix.
        map.insert("trap".into(), Value::String("unpressLT0x <".into()));
        map.insert("plain".into(), Value::String("unpressLT1x".into()));
        let yaml = to_yaml(&map);
        assert!(!yaml.contains('<'), "{yaml}");
        assert!(yaml.contains("title: \"\\x3Cp\\x3Ciframe>\""), "{yaml}");
        assert!(!yaml.split(['\n', '\r']).any(closes), "{yaml}");
        assert_eq!(parse_front_matter(&yaml).ok(), Some(map), "{yaml}");
    }
}
