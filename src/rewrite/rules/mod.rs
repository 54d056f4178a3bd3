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

use std::collections::BTreeSet;

use crate::html::fragment::Fragment;

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

/// The attribute the lol_html pass uses to tell the passes over the
/// Fragment what a class said (`gallery`, `embed`, `social-post`, `table`,
/// `highlighter`). It never reaches a writer: the last step removes it.
pub const ROLE: &str = "data-unpress";

/// The rule after whose pass the sanitizer runs.
const SANITIZE_AFTER: &str = "embeds";

/// Every rule, in the order its pass runs. (Rules without a pass act only
/// in the lol_html pass, `rewrite::local`.)
pub const RULES: &[Rule] = &[
    Rule {
        name: "residue",
        summary: "block-editor comments, share/ad/related-post boxes, tracking pixels, empty paragraphs, line breaks at a line's edge; <!--more--> and <!--nextpage--> kept as markers; dynamic blocks' links kept, the others named in a warning",
        pass: Some(residue::run),
    },
    Rule {
        name: "lazy-images",
        summary: "the real image behind lazy-load placeholders (data-src, data-lazy-src, data-original, or the image in <noscript>); a script widget's fallback link",
        pass: Some(images::noscript_images),
    },
    Rule {
        name: "responsive-images",
        summary: "the largest candidate of srcset or <picture> becomes src",
        pass: None,
    },
    Rule {
        name: "image-urls",
        summary: "Jetpack Photon and resized (-300x200) image URLs mapped back to the original upload, links to an export's attachment pages to the file (off: --image-urls keep)",
        pass: None,
    },
    Rule {
        name: "embeds",
        summary: "embed blocks, iframes, tweets and Instagram posts, <video> and <audio> -> a figure linking to the original",
        pass: Some(embeds::run),
    },
    Rule {
        name: "captions",
        summary: "every caption form (wp-caption div or figure, bare caption text, Gutenberg image blocks) -> <figure><img><figcaption>",
        pass: Some(figures::captions),
    },
    Rule {
        name: "galleries",
        summary: "classic, block and tiled galleries -> a figure of figures, every image and caption kept",
        pass: Some(figures::galleries),
    },
    Rule {
        name: "lone-images",
        summary: "an image alone in a paragraph -> a figure without caption",
        pass: Some(figures::lone_images),
    },
    Rule {
        name: "blocks",
        summary: "pullquotes, highlighter blocks and code tables, table captions, layout wrappers (columns, group, cover, media-text, buttons), spacers, file blocks, verse blocks -> paragraphs with line breaks",
        pass: Some(blocks::run),
    },
    Rule {
        name: "attributes",
        summary: "keep only attributes that carry meaning (drops referrerpolicy, loading, data-*, srcset, style, class, ...)",
        pass: Some(attributes::run),
    },
    // After `attributes`: a div is bare once its attributes are gone.
    Rule {
        name: "wrapper",
        summary: "a <div> that wraps the whole body, or that is left with no attributes, is unwrapped (its loose text becomes paragraphs)",
        pass: Some(wrapper::run),
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
        // The sanitizer runs once the rules that rescue content from
        // removed elements (iframes, noscript) are done, and before the
        // rules that shape what is left; it runs whatever rules are on.
        if rule.name == SANITIZE_AFTER {
            sanitize::sanitize(fragment);
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
