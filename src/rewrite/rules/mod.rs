//! The rules: small named units, registered in one ordered list.
//!
//! Each rule has a name the command line can switch off (`--no-rule NAME`,
//! or all of them with `--no-rules`). A rule may have a part in the lol_html
//! pass (`rewrite::local`, for what can be decided on the spot) and a pass
//! over the Fragment (for what needs context). Balancing and sanitizing are
//! not rules: they always run, so every writer can trust the Fragment.

pub mod attributes;
pub mod embeds;
pub mod figures;
pub mod residue;
pub mod sanitize;
pub mod wrapper;

use std::collections::BTreeSet;

use super::fragment::Fragment;

/// A named rule and its pass over the Fragment.
pub struct Rule {
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

/// Every rule, in the order its pass runs.
pub const RULES: &[Rule] = &[
    Rule {
        name: "residue",
        summary: "WordPress block comments, <!--more--> and <!--nextpage--> markers, empty paragraphs",
        pass: Some(residue::run),
    },
    Rule {
        name: "captions",
        summary: "every caption form (wp-caption div or figure, bare caption text, Gutenberg image blocks) -> <figure><img><figcaption>",
        pass: Some(figures::captions),
    },
    Rule {
        name: "lone-images",
        summary: "an image alone in a paragraph -> a figure without caption",
        pass: Some(figures::lone_images),
    },
    Rule {
        name: "wrapper",
        summary: "a <div> that wraps the whole body is unwrapped",
        pass: Some(wrapper::run),
    },
    Rule {
        name: "attributes",
        summary: "keep only attributes that carry meaning (drops referrerpolicy, loading, data-*, srcset, style, class, ...)",
        pass: Some(attributes::run),
    },
];

/// Which rules are on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSet {
    off: BTreeSet<&'static str>,
    all_off: bool,
}

impl RuleSet {
    /// Every rule on.
    pub fn all() -> RuleSet {
        RuleSet::default()
    }

    /// Every rule off (`--no-rules`): balancing and sanitizing still run.
    pub fn none() -> RuleSet {
        RuleSet {
            off: BTreeSet::new(),
            all_off: true,
        }
    }

    /// Switches one rule off by name.
    pub fn disable(&mut self, name: &str) -> Result<(), String> {
        match RULES.iter().find(|r| r.name == name) {
            Some(rule) => {
                self.off.insert(rule.name);
                Ok(())
            }
            None => Err(format!(
                "unknown rule '{name}'; the rules are: {}",
                RULES.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    pub fn is_on(&self, name: &str) -> bool {
        !self.all_off && !self.off.contains(name)
    }
}

/// Runs the passes of the rules that are on, in order.
pub fn run(fragment: &mut Fragment, rules: &RuleSet, cx: &mut Context) {
    for rule in RULES {
        if let Some(pass) = rule.pass
            && rules.is_on(rule.name)
        {
            pass(fragment, cx);
        }
    }
    // Comments never reach a writer, whatever rules are on.
    residue::drop_comments(fragment);
}
