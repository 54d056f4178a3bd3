//! PHP-serialized post meta, read as WordPress reads it back.
//!
//! `update_post_meta()` stores an array or object with PHP's `serialize()`
//! (`maybe_serialize()`), and the exporter copies the stored string as is:
//! `a:2:{s:18:"special_post_title";s:15:"A special title";...}`. WordPress
//! turns it back into a value with `maybe_unserialize()` whenever it reads
//! the meta, so a custom field holds that value, not the string.
//!
//! This reads the plain-data subset of the format: `N;`, `b:`, `i:`, `d:`,
//! `s:` (the length counts bytes of the stored UTF-8), `a:` and `O:` (an
//! object's properties; its class name is dropped). Object references
//! (`r:`, `R:`), custom serializers (`C:`) and enums (`E:`) are refused, as
//! are strings whose lengths do not match: exports that went through a
//! charset conversion carry the old byte counts, and guessing the string
//! boundaries again would read a different value. A refused value is kept
//! as written, with a warning saying why.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (the parser recurses).
const MAX_DEPTH: usize = 64;

/// Whether `text` looks serialized, as WordPress's `is_serialized()`
/// (strict) decides before unserializing: `N;`, or a type letter, a colon,
/// and the right last character.
pub fn looks_serialized(text: &str) -> bool {
    let t = text.trim();
    if t == "N;" {
        return true;
    }
    let b = t.as_bytes();
    if b.len() < 4 || b[1] != b':' {
        return false;
    }
    let last = b[b.len() - 1];
    let digits_then_colon = |rest: &[u8]| {
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        n > 0 && rest.get(n) == Some(&b':')
    };
    match b[0] {
        b's' => last == b';' && b[b.len() - 2] == b'"' && digits_then_colon(&b[2..]),
        b'a' | b'O' => last == b'}' && digits_then_colon(&b[2..]),
        b'b' | b'i' | b'd' => {
            last == b';'
                && b[2..b.len() - 1]
                    .iter()
                    .all(|c| c.is_ascii_digit() || b".E+-".contains(c))
        }
        _ => false,
    }
}

/// The value of a serialized string, or why it could not be read.
pub fn unserialize(text: &str) -> Result<Value, String> {
    let text = text.trim();
    let mut p = Parser {
        src: text,
        pos: 0,
        depth: 0,
    };
    let value = p.value()?;
    if p.pos != text.len() {
        return Err(format!("unexpected text at byte {}", p.pos));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn value(&mut self) -> Result<Value, String> {
        let at = self.pos;
        let kind = self.byte()?;
        if kind == b'N' {
            self.expect(b';')?;
            return Ok(Value::Null);
        }
        self.expect(b':')?;
        match kind {
            b'b' => match self.until(b';')? {
                "0" => Ok(Value::Bool(false)),
                "1" => Ok(Value::Bool(true)),
                other => Err(format!("'{other}' is not a boolean at byte {at}")),
            },
            b'i' => {
                let digits = self.until(b';')?;
                match digits.parse::<i64>() {
                    Ok(n) => Ok(Value::from(n)),
                    // PHP reads an integer beyond 64 bits as a float.
                    Err(_) => float(digits).ok_or_else(|| bad("an integer", digits, at)),
                }
            }
            b'd' => {
                let digits = self.until(b';')?;
                float(digits).ok_or_else(|| bad("a number", digits, at))
            }
            b's' => {
                let text = self.string()?;
                self.expect(b';')?;
                Ok(Value::String(text.to_owned()))
            }
            b'a' => {
                let count = self.count()?;
                self.entries(count)
            }
            b'O' => {
                // O:8:"stdClass":1:{...}: the class name, then the
                // properties as an array's entries.
                self.string()?;
                self.expect(b':')?;
                let count = self.count()?;
                match self.entries(count)? {
                    Value::Object(props) => Ok(Value::Object(
                        props
                            .into_iter()
                            .map(|(k, v)| (property_name(&k).to_owned(), v))
                            .collect(),
                    )),
                    // Keys 0..n: still properties, named by number.
                    Value::Array(items) => Ok(Value::Object(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect(),
                    )),
                    other => Ok(other),
                }
            }
            other => Err(format!(
                "type '{}' at byte {at} is not plain data",
                other as char
            )),
        }
    }

    /// `N:{` then N key/value pairs and `}`: a list when the keys are
    /// 0, 1, 2... in order (a PHP list), else a map with string keys.
    fn entries(&mut self, count: usize) -> Result<Value, String> {
        self.expect(b'{')?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "nested deeper than {MAX_DEPTH} at byte {}",
                self.pos
            ));
        }
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for _ in 0..count {
            let at = self.pos;
            let key = match self.value()? {
                Value::String(s) => s,
                Value::Number(n) if n.is_i64() => n.to_string(),
                _ => return Err(format!("a key at byte {at} is not a string or integer")),
            };
            keys.push(key);
            values.push(self.value()?);
        }
        self.expect(b'}')?;
        self.depth -= 1;
        let is_list = keys.iter().enumerate().all(|(i, k)| *k == i.to_string());
        if is_list {
            return Ok(Value::Array(values));
        }
        // A repeated key: the later value wins, in the first one's place,
        // as PHP's array assignment does.
        let mut map = Map::new();
        for (k, v) in keys.into_iter().zip(values) {
            map.insert(k, v);
        }
        Ok(Value::Object(map))
    }

    /// `N:"..."`, N counting bytes.
    fn string(&mut self) -> Result<&'a str, String> {
        let at = self.pos;
        let len = self.count()?;
        self.expect(b'"')?;
        let start = self.pos;
        let end = start.saturating_add(len);
        let text = self
            .src
            .get(start..end)
            .filter(|_| self.src.as_bytes().get(end) == Some(&b'"'))
            .ok_or_else(|| {
                format!("the string length {len} at byte {at} does not match its text")
            })?;
        self.pos = end + 1;
        Ok(text)
    }

    /// Digits then `:`.
    fn count(&mut self) -> Result<usize, String> {
        let at = self.pos;
        let digits = self.until(b':')?;
        digits.parse().map_err(|_| bad("a length", digits, at))
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .src
            .as_bytes()
            .get(self.pos)
            .ok_or("the text ends too early")?;
        self.pos += 1;
        Ok(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), String> {
        let at = self.pos;
        if self.byte()? == want {
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {at}", want as char))
        }
    }

    /// The text up to `end`, which is consumed.
    fn until(&mut self, end: u8) -> Result<&'a str, String> {
        let rest = &self.src.as_bytes()[self.pos..];
        let n = rest
            .iter()
            .position(|b| *b == end)
            .ok_or("the text ends too early")?;
        let text = &self.src[self.pos..self.pos + n];
        self.pos += n + 1;
        Ok(text)
    }
}

/// A PHP float: a JSON number when finite, else the word PHP wrote
/// (`INF`, `-INF`, `NAN`), which JSON has no number for.
fn float(text: &str) -> Option<Value> {
    if matches!(text, "INF" | "-INF" | "NAN") {
        return Some(Value::String(text.to_owned()));
    }
    let x: f64 = text.parse().ok()?;
    Number::from_f64(x).map(Value::Number)
}

fn bad(what: &str, text: &str, at: usize) -> String {
    format!("'{text}' is not {what} at byte {at}")
}

/// A property's name without the NUL-delimited prefix PHP gives protected
/// (`\0*\0name`) and private (`\0Class\0name`) properties.
fn property_name(key: &str) -> &str {
    match key.strip_prefix('\0') {
        Some(rest) => rest.split_once('\0').map_or(rest, |(_, name)| name),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(s: &str) -> Value {
        assert!(looks_serialized(s), "{s}");
        unserialize(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn scalars() {
        assert_eq!(read("N;"), Value::Null);
        assert_eq!(read("b:1;"), json!(true));
        assert_eq!(read("b:0;"), json!(false));
        assert_eq!(read("i:-42;"), json!(-42));
        assert_eq!(read("d:0.5;"), json!(0.5));
        // is_serialized() does not take it (its pattern is [0-9.E+-]),
        // but unserialize() does.
        assert!(!looks_serialized("d:INF;"));
        assert_eq!(unserialize("d:INF;"), Ok(json!("INF")));
        assert_eq!(read(r#"s:0:"";"#), json!(""));
        assert_eq!(read(r#"s:4:"a";b";"#), json!("a\";b"));
    }

    #[test]
    fn string_lengths_are_bytes() {
        // ¯ is 2 bytes, ツ 3: 13 bytes, 9 characters.
        assert_eq!(read(r#"s:13:"¯\_(ツ)_/¯";"#), json!("¯\\_(ツ)_/¯"));
        assert!(unserialize(r#"s:9:"¯\_(ツ)_/¯";"#).is_err());
        // A length that ends inside a character.
        assert!(unserialize(r#"s:1:"é";"#).is_err());
    }

    #[test]
    fn arrays_become_lists_or_maps() {
        assert_eq!(read("a:0:{}"), json!([]));
        assert_eq!(read(r#"a:2:{i:0;s:1:"x";i:1;i:2;}"#), json!(["x", 2]));
        assert_eq!(
            read(r#"a:2:{i:1;s:1:"x";i:0;i:2;}"#),
            json!({"1": "x", "0": 2})
        );
        assert_eq!(
            read(
                r#"a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}"#
            ),
            json!({"special_post_title": "A special title", "is_calendar": ""})
        );
        assert_eq!(
            read(r#"a:1:{s:3:"key";a:2:{s:3:"foo";i:1;s:3:"bar";a:0:{}}}"#),
            json!({"key": {"foo": 1, "bar": []}})
        );
    }

    #[test]
    fn objects_are_maps_of_their_properties() {
        assert_eq!(
            read(r#"a:1:{i:0;O:8:"stdClass":1:{s:3:"tag";s:5:"album";}}"#),
            json!([{"tag": "album"}])
        );
        assert_eq!(
            read("O:3:\"Foo\":2:{s:4:\"\0*\0a\";i:1;s:6:\"\0Foo\0b\";i:2;}"),
            json!({"a": 1, "b": 2})
        );
    }

    #[test]
    fn what_is_not_plain_data_is_refused() {
        for bad in [
            r#"a:1:{s:1:"x";r:1;}"#,
            r#"C:3:"Foo":0:{}"#,
            r#"a:2:{i:0;i:1;}"#,
            r#"a:1:{i:0;i:1;"#,
            r#"s:99:"short";"#,
            r#"i:1;trailing"#,
            "b:2;",
        ] {
            assert!(unserialize(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn truncated_or_mangled_text_is_an_error_not_a_panic() {
        let good = r#"a:2:{s:3:"key";O:8:"stdClass":1:{s:1:"t";s:13:"¯\_(ツ)_/¯";}i:1;d:0.5;}"#;
        assert!(unserialize(good).is_ok());
        for (i, c) in good.char_indices() {
            assert!(unserialize(&good[..i]).is_err(), "{}", &good[..i]);
            let mangled = format!("{}é{}", &good[..i], &good[i + c.len_utf8()..]);
            let _ = unserialize(&mangled);
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "a:1:{i:0;".repeat(MAX_DEPTH + 1) + "N;" + &"}".repeat(MAX_DEPTH + 1);
        assert!(unserialize(&deep).unwrap_err().contains("deeper"));
        let ok = "a:1:{i:0;".repeat(MAX_DEPTH) + "N;" + &"}".repeat(MAX_DEPTH);
        assert!(unserialize(&ok).is_ok());
    }

    #[test]
    fn only_serialized_looking_text_is_read() {
        for plain in [
            "1",
            "hello",
            "a:b",
            "s:3:\"abc\"",
            "i:1",
            "x:1;",
            "<p>a:1:{}</p>",
        ] {
            assert!(!looks_serialized(plain), "{plain}");
        }
        assert!(looks_serialized("  a:0:{} "));
    }
}
