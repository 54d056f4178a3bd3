//! The front-matter mapping of a configuration file (`[front_matter]`,
//! docs/config.md): value maps for categories, tags and authors, then keys
//! renamed, dropped and added.
//!
//! Two steps, at two places, so that every format sees the same names:
//!
//! 1. [`FrontMatterMap::map_values`] renames or removes categories, tags
//!    and authors in the [`Document`] itself, after its metadata was
//!    cleaned (`unpress::clean_metadata`): the typed fields, an export
//!    item's terms and a post's own front matter. Every writer then prints
//!    the new names: the Markdown's front matter with or without `--site`,
//!    the JSON's front matter and typed fields, the book's metadata. A
//!    renamed term gets the slug of its new name (Jekyll's `categories`,
//!    the portable `category_slugs`), so a URL never keeps a name the
//!    user replaced.
//! 2. [`FrontMatterMap::map_keys`] renames, drops and adds keys of the
//!    front matter as a writer is about to print it (the target's keys
//!    with `--site`).
//!
//! Nothing here cleans: the names and values come from the user's own
//! configuration, the document's were cleaned before, and the YAML is
//! printed by `crate::yaml`, which quotes whatever a key or value holds.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::document::{Document, Term};

/// What a configuration's `[front_matter]` section asks for. The default
/// changes nothing.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatterMap {
    /// Keys renamed, old name -> new name.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Keys left out.
    #[serde(default)]
    pub drop: Vec<String>,
    /// Keys added to a front matter that does not have them.
    #[serde(default)]
    pub defaults: Map<String, Value>,
    /// Category names, old -> new (`""` removes the category).
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
    /// Tag names, old -> new (`""` removes the tag).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Author names, old -> new (`""` removes the author).
    #[serde(default)]
    pub authors: BTreeMap<String, String>,
}

/// The front matter keys of a post's own front matter that hold
/// categories, tags and authors: the ones the reader takes them from
/// (read/front_matter.rs).
const CATEGORY_KEYS: [&str; 2] = ["categories", "category"];
const TAG_KEYS: [&str; 2] = ["tags", "tag"];
const AUTHOR_KEYS: [&str; 1] = ["author"];

impl FrontMatterMap {
    /// True when the mapping changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == FrontMatterMap::default()
    }

    /// True when no category, tag or author is mapped.
    fn maps_no_value(&self) -> bool {
        self.categories.is_empty() && self.tags.is_empty() && self.authors.is_empty()
    }

    /// What is wrong with the mapping, if anything: a key renamed to
    /// nothing, an empty key.
    pub fn check(&self) -> Result<(), String> {
        for (from, to) in &self.rename {
            if from.is_empty() || to.is_empty() {
                return Err(format!(
                    "front_matter.rename: '{from}' = '{to}' needs two names (to leave a key out, list it in front_matter.drop)"
                ));
            }
        }
        if let Some(key) = self
            .drop
            .iter()
            .map(String::as_str)
            .chain(self.defaults.keys().map(String::as_str))
            .find(|k| k.is_empty())
        {
            return Err(format!(
                "front_matter: an empty key '{key}' in drop or defaults"
            ));
        }
        Ok(())
    }

    /// The document with its categories, tags and authors mapped
    /// (step 1 above); the document itself when nothing is mapped.
    pub fn map_values<'d>(
        &self,
        doc: std::borrow::Cow<'d, Document>,
    ) -> std::borrow::Cow<'d, Document> {
        if self.maps_no_value() {
            return doc;
        }
        let mut doc = doc.into_owned();
        let meta = &mut doc.meta;
        map_names(&mut meta.categories, &self.categories);
        map_names(&mut meta.tags, &self.tags);
        meta.author = map_one(meta.author.take(), &self.authors);
        if let Some(post) = doc.post.as_deref_mut() {
            map_terms(&mut post.categories, &self.categories);
            map_terms(&mut post.tags, &self.tags);
            post.author = map_one(post.author.take(), &self.authors);
        }
        if let Some(fm) = doc.front_matter.as_mut() {
            for (keys, map) in [
                (&CATEGORY_KEYS[..], &self.categories),
                (&TAG_KEYS[..], &self.tags),
                (&AUTHOR_KEYS[..], &self.authors),
            ] {
                if map.is_empty() {
                    continue;
                }
                for key in keys {
                    if let Some(value) = fm.get_mut(*key)
                        && map_value(value, map)
                    {
                        fm.remove(*key);
                    }
                }
            }
        }
        std::borrow::Cow::Owned(doc)
    }

    /// Renames, drops and adds keys of a front matter about to be printed
    /// (step 2 above), in that order: a key is renamed to its new name in
    /// its place (a key already there by that name gives way), the keys
    /// of `drop` are left out (under their names after renaming), and the
    /// defaults are added after the others where the key is missing.
    pub fn map_keys(&self, fm: &mut Map<String, Value>) {
        if !self.rename.is_empty() {
            let targets: HashSet<&str> = fm
                .keys()
                .filter_map(|k| self.rename.get(k))
                .map(String::as_str)
                .collect();
            let old = std::mem::take(fm);
            for (key, value) in old {
                match self.rename.get(&key) {
                    Some(new) => {
                        fm.entry(new.clone()).or_insert(value);
                    }
                    // A key with the new name of another gives way to it.
                    None if targets.contains(key.as_str()) => {}
                    None => {
                        fm.entry(key).or_insert(value);
                    }
                }
            }
        }
        for key in &self.drop {
            fm.remove(key);
        }
        for (key, value) in &self.defaults {
            if !fm.contains_key(key) {
                fm.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The new name of `name`: `None` when the map removes it.
fn new_name<'m>(name: &'m str, map: &'m BTreeMap<String, String>) -> Option<&'m str> {
    match map.get(name) {
        Some(new) if new.is_empty() => None,
        Some(new) => Some(new),
        None => Some(name),
    }
}

fn map_one(value: Option<String>, map: &BTreeMap<String, String>) -> Option<String> {
    let value = value?;
    new_name(&value, map).map(str::to_owned)
}

/// Maps a list of names; two that end with one name are kept once.
fn map_names(names: &mut Vec<String>, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        return;
    }
    let mut seen = HashSet::new();
    let old = std::mem::take(names);
    for name in old {
        if let Some(new) = new_name(&name, map)
            && seen.insert(new.to_owned())
        {
            names.push(new.to_owned());
        }
    }
}

/// Maps an export item's terms; a renamed term gets the slug of its new
/// name, and two that end with one name are kept once.
fn map_terms(terms: &mut Vec<Term>, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        return;
    }
    let mut seen = HashSet::new();
    let old = std::mem::take(terms);
    for term in old {
        let Some(new) = new_name(&term.name, map) else {
            continue;
        };
        if !seen.insert(new.to_owned()) {
            continue;
        }
        if new == term.name {
            terms.push(term);
        } else {
            let renamed = Term {
                name: new.to_owned(),
                slug: String::new(),
            };
            let slug = crate::site::term_slug(&renamed);
            terms.push(Term { slug, ..renamed });
        }
    }
}

/// Maps the names in a post's own front matter value: a string, a list
/// (Hexo nests one list per category), or an author's `{name: ...}`.
/// Returns true when the value is left with nothing, and its key should
/// go.
fn map_value(value: &mut Value, map: &BTreeMap<String, String>) -> bool {
    match value {
        Value::String(s) => match new_name(s, map) {
            Some(new) => {
                *s = new.to_owned();
                false
            }
            None => true,
        },
        Value::Array(items) => {
            let mut seen = HashSet::new();
            items.retain_mut(|item| match item {
                // One level of nesting is Hexo's; deeper lists are kept
                // as they are.
                Value::Array(inner) => {
                    inner.retain_mut(|v| !map_flat(v, map));
                    !inner.is_empty()
                }
                other => !map_flat(other, map) && seen.insert(other.clone().to_string()),
            });
            items.is_empty()
        }
        Value::Object(person) => {
            for key in ["name", "display_name"] {
                if let Some(v) = person.get_mut(key)
                    && map_flat(v, map)
                {
                    person.remove(key);
                }
            }
            false
        }
        _ => false,
    }
}

/// [`map_value`] for a value inside a list: strings and authors' maps.
fn map_flat(value: &mut Value, map: &BTreeMap<String, String>) -> bool {
    match value {
        Value::String(_) | Value::Object(_) => map_value(value, map),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn keys_are_renamed_in_place_then_dropped_then_defaulted() {
        let m = FrontMatterMap {
            rename: map(&[("excerpt", "summary"), ("author", "writer")]),
            drop: vec!["id".into(), "summary_old".into()],
            defaults: json!({"layout": "post", "title": "never"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..Default::default()
        };
        let mut fm = json!({"title": "T", "excerpt": "E", "id": 3, "author": "A"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        m.map_keys(&mut fm);
        assert_eq!(
            Value::Object(fm),
            json!({"title": "T", "summary": "E", "writer": "A", "layout": "post"})
        );
    }

    #[test]
    fn a_renamed_key_wins_over_one_with_its_new_name() {
        let m = FrontMatterMap {
            rename: map(&[("excerpt", "summary")]),
            ..Default::default()
        };
        let mut fm = json!({"summary": "old", "excerpt": "new"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        m.map_keys(&mut fm);
        assert_eq!(Value::Object(fm), json!({"summary": "new"}));
    }

    #[test]
    fn values_map_in_strings_lists_and_hexos_nested_lists() {
        let cats = map(&[
            ("Uncategorized", ""),
            ("News & Events", "News"),
            ("Old", "News"),
        ]);
        let mut v = json!(["Uncategorized", "News & Events", "Old", "Other"]);
        assert!(!map_value(&mut v, &cats));
        assert_eq!(v, json!(["News", "Other"]));
        let mut v = json!([["Uncategorized"], ["Old"]]);
        assert!(!map_value(&mut v, &cats));
        assert_eq!(v, json!([["News"]]));
        let mut v = json!("Uncategorized");
        assert!(map_value(&mut v, &cats));
        let mut v = json!({"name": "Old", "url": "x"});
        assert!(!map_value(&mut v, &cats));
        assert_eq!(v, json!({"name": "News", "url": "x"}));
    }

    #[test]
    fn renamed_terms_get_the_slug_of_their_new_name() {
        let t = |name: &str, slug: &str| Term {
            name: name.into(),
            slug: slug.into(),
        };
        let mut terms = vec![
            t("News & Events", "news-events"),
            t("Uncategorized", "uncategorized"),
            t("Notes", "notes"),
        ];
        map_terms(
            &mut terms,
            &map(&[("News & Events", "Local News"), ("Uncategorized", "")]),
        );
        assert_eq!(terms, [t("Local News", "local-news"), t("Notes", "notes")]);
    }

    #[test]
    fn renaming_to_nothing_is_refused() {
        let m = FrontMatterMap {
            rename: map(&[("a", "")]),
            ..Default::default()
        };
        assert!(m.check().is_err());
        assert!(FrontMatterMap::default().check().is_ok());
    }
}
