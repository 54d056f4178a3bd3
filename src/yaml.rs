//! Every use of YAML in one place: serde_yaml 0.9 is frozen upstream, so a
//! swap to a maintained fork is this one file.
//!
//! Front matter is held as an ordered JSON map (`serde_json` with
//! `preserve_order`): every YAML value a post's front matter uses (strings,
//! numbers, booleans, lists, maps, null) has a JSON twin, and the JSON writer
//! can print it as given.

use serde_json::{Map, Value};

/// Parses a front matter block into an ordered map. An empty block is an
/// empty map; a block that is not a mapping is an error.
pub fn parse_front_matter(text: &str) -> Result<Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
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

/// Prints a front matter map as YAML (without the `---` fences).
pub fn to_yaml(map: &Map<String, Value>) -> String {
    // Serializing a JSON value cannot fail: every key is a string.
    serde_yaml::to_string(map).unwrap_or_default()
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
}
