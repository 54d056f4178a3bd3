//! The rules: small named units, registered in one ordered list.
//!
//! Each rule has a name the command line can switch off (`--no-rule NAME`,
//! or all of them with `--no-rules`). A rule may have a part in the lol_html
//! pass (`rewrite::local`, for what can be decided on the spot) and a pass
//! over the Fragment (for what needs context). Balancing and sanitizing are
//! not rules: they always run, so every writer can trust the Fragment.

pub mod attributes;
pub mod blocks;
pub mod embeds;
pub mod figures;
pub mod images;
pub mod residue;
pub mod sanitize;
pub mod wrapper;

use crate::html::fragment::Fragment;

/// The rules, by name: what the code asks about ([`RuleSet::is_on`]) and
/// what the command line names (`--no-rule lazy-images`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Residue,
    LazyImages,
    ResponsiveImages,
    ImageUrls,
    Embeds,
    Captions,
    Galleries,
    LoneImages,
    Blocks,
    Attributes,
    Wrapper,
}

impl Rule {
    /// The rule's name on the command line.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.name == name).map(|r| r.rule)
    }

    fn entry(self) -> &'static RuleEntry {
        // Every variant has its entry: `every_rule_is_registered_once`.
        RULES.iter().find(|r| r.rule == self).unwrap_or(&RULES[0])
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A rule as registered: its name, what it does, and its pass over the
/// Fragment.
pub struct RuleEntry {
    pub rule: Rule,
    pub name: &'static str,
    pub summary: &'static str,
    /// The pass over the Fragment, if the rule has one.
    pub pass: Option<fn(&mut Fragment, &mut Context)>,
}

/// What passes may read and report.
#[derive(Debug, Default)]
pub struct Context {
    pub warnings: Vec<String>,
}

/// The attribute the lol_html pass uses to tell the passes over the
/// Fragment what a class said (`gallery`, `embed`, `social-post`, `table`,
/// `highlighter`). It never reaches a writer: the last step removes it.
pub const ROLE: &str = "data-unpress";

/// The rule after whose pass the sanitizer runs.
const SANITIZE_AFTER: Rule = Rule::Embeds;

/// Every rule, in the order its pass runs. (Rules without a pass act only
/// in the lol_html pass, `rewrite::local`.)
pub const RULES: &[RuleEntry] = &[
    RuleEntry {
        rule: Rule::Residue,
        name: "residue",
        summary: "block-editor comments, share/ad/related-post boxes, tracking pixels, empty paragraphs, line breaks at a line's edge; <!--more--> and <!--nextpage--> kept as markers; dynamic blocks' links kept, the others named in a warning",
        pass: Some(residue::run),
    },
    RuleEntry {
        rule: Rule::LazyImages,
        name: "lazy-images",
        summary: "the real image behind lazy-load placeholders (data-src, data-lazy-src, data-original, or the image in <noscript>); a script widget's fallback link",
        pass: Some(images::noscript_images),
    },
    RuleEntry {
        rule: Rule::ResponsiveImages,
        name: "responsive-images",
        summary: "the largest candidate of srcset or <picture> becomes src",
        pass: None,
    },
    RuleEntry {
        rule: Rule::ImageUrls,
        name: "image-urls",
        summary: "Jetpack Photon and resized (-300x200) image URLs mapped back to the original upload, links to an export's attachment pages to the file (off: --image-urls keep)",
        pass: None,
    },
    RuleEntry {
        rule: Rule::Embeds,
        name: "embeds",
        summary: "embed blocks, iframes, tweets and Instagram posts, <video> and <audio> -> a figure linking to the original",
        pass: Some(embeds::run),
    },
    RuleEntry {
        rule: Rule::Captions,
        name: "captions",
        summary: "every caption form (wp-caption div or figure, bare caption text, Gutenberg image blocks) -> <figure><img><figcaption>",
        pass: Some(figures::captions),
    },
    RuleEntry {
        rule: Rule::Galleries,
        name: "galleries",
        summary: "classic, block and tiled galleries -> a figure of figures, every image and caption kept",
        pass: Some(figures::galleries),
    },
    RuleEntry {
        rule: Rule::LoneImages,
        name: "lone-images",
        summary: "an image alone in a paragraph -> a figure without caption",
        pass: Some(figures::lone_images),
    },
    RuleEntry {
        rule: Rule::Blocks,
        name: "blocks",
        summary: "pullquotes, highlighter blocks and code tables, table captions, layout wrappers (columns, group, cover, media-text, buttons), spacers, file blocks, verse blocks -> paragraphs with line breaks",
        pass: Some(blocks::run),
    },
    RuleEntry {
        rule: Rule::Attributes,
        name: "attributes",
        summary: "keep only attributes that carry meaning (drops referrerpolicy, loading, data-*, srcset, style, class, ...)",
        pass: Some(attributes::run),
    },
    // After `attributes`: a div is bare once its attributes are gone.
    RuleEntry {
        rule: Rule::Wrapper,
        name: "wrapper",
        summary: "a <div> that wraps the whole body, or that is left with no attributes, is unwrapped (its loose text becomes paragraphs)",
        pass: Some(wrapper::run),
    },
];

/// Which rules are on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleSet {
    /// One bit per rule that is off.
    off: u16,
}

impl RuleSet {
    /// Every rule on.
    pub fn all() -> RuleSet {
        RuleSet::default()
    }

    /// Every rule off (`--no-rules`): balancing and sanitizing still run.
    pub fn none() -> RuleSet {
        RuleSet {
            off: RULES.iter().fold(0, |bits, r| bits | r.rule.bit()),
        }
    }

    /// Switches one rule off.
    pub fn disable(&mut self, rule: Rule) {
        self.off |= rule.bit();
    }

    /// Switches off the rule a user named (`--no-rule NAME`).
    pub fn disable_named(&mut self, name: &str) -> Result<(), String> {
        let rule = Rule::from_name(name).ok_or_else(|| {
            format!(
                "unknown rule '{name}'; the rules are: {}",
                RULES.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
            )
        })?;
        self.disable(rule);
        Ok(())
    }

    /// Whether `rule` is on.
    pub fn is_on(&self, rule: Rule) -> bool {
        self.off & rule.bit() == 0
    }
}

/// What the sanitizer removed, for the run's report: `the sanitizer
/// removed 3 element(s): script (2), object`.
fn removed_note(removed: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for name in removed {
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    let list: Vec<String> = counts
        .iter()
        .map(|(n, c)| {
            if *c > 1 {
                format!("{n} ({c})")
            } else {
                (*n).to_owned()
            }
        })
        .collect();
    format!(
        "the sanitizer removed {} element(s): {}",
        removed.len(),
        list.join(", ")
    )
}

/// Runs the passes of the rules that are on, in order.
pub fn run(fragment: &mut Fragment, rules: &RuleSet, cx: &mut Context) {
    for rule in RULES {
        if let Some(pass) = rule.pass
            && rules.is_on(rule.rule)
        {
            pass(fragment, cx);
        }
        // The sanitizer runs once the rules that rescue content from
        // removed elements (iframes, noscript) are done, and before the
        // rules that shape what is left; it runs whatever rules are on.
        if rule.rule == SANITIZE_AFTER {
            let removed = sanitize::sanitize(fragment);
            if !removed.is_empty() {
                cx.warnings.push(removed_note(&removed));
            }
        }
    }
    // Comments and roles never reach a writer, whatever rules are on; nor
    // does white space before the first block or after the last.
    residue::drop_comments(fragment);
    trim_edges(fragment);
    let marked: Vec<_> = fragment
        .descendants(fragment.root())
        .filter(|&n| fragment.element(n).is_some_and(|e| e.attr(ROLE).is_some()))
        .collect();
    for n in marked {
        if let Some(e) = fragment.element_mut(n) {
            e.remove_attr(ROLE);
        }
    }
}

/// Removes white-space-only text at the start and the end of the body.
fn trim_edges(f: &mut Fragment) {
    let blank = |f: &Fragment, n| f.text(n).is_some_and(|t: &str| t.trim().is_empty());
    while let Some(first) = f.first_child(f.root()).filter(|&n| blank(f, n)) {
        f.detach(first);
    }
    while let Some(last) = f.last_child(f.root()).filter(|&n| blank(f, n)) {
        f.detach(last);
    }
}

/// The body the rules make of `html`, as HTML: what the rules' unit tests
/// compare.
#[cfg(test)]
pub(crate) fn rewritten_html(html: &str) -> String {
    let r = crate::rewrite::rewrite(html, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    crate::html::serialize::inner(&r.fragment, r.fragment.root())
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn every_rule_is_registered_once() {
        let all = [
            Rule::Residue,
            Rule::LazyImages,
            Rule::ResponsiveImages,
            Rule::ImageUrls,
            Rule::Embeds,
            Rule::Captions,
            Rule::Galleries,
            Rule::LoneImages,
            Rule::Blocks,
            Rule::Attributes,
            Rule::Wrapper,
        ];
        assert_eq!(RULES.len(), all.len());
        for rule in all {
            assert_eq!(RULES.iter().filter(|r| r.rule == rule).count(), 1);
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        let mut set = RuleSet::all();
        set.disable(Rule::Embeds);
        assert!(!set.is_on(Rule::Embeds) && set.is_on(Rule::Captions));
        assert!(RuleSet::none() != RuleSet::all());
        assert!(all.iter().all(|&r| !RuleSet::none().is_on(r)));
        assert!(RuleSet::all().disable_named("nope").is_err());
    }
}
