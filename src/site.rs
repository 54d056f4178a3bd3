//! Static-site generators that `--site` writes for: Hugo, Jekyll, Hexo.
//!
//! A target fixes three things (docs/sites.md): the Markdown its default
//! configuration shows in full (the writer's dialect,
//! `write::markdown`), the front matter it reads (keys, date form,
//! categories), and the file layout it expects (content folders, drafts).

use std::fmt;
use std::str::FromStr;

/// A static-site generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// Hugo: Goldmark with its default extensions, raw HTML omitted.
    Hugo,
    /// Jekyll: kramdown (GFM input off), Liquid on every page.
    Jekyll,
    /// Hexo: hexo-renderer-marked (GFM, line breaks), Nunjucks tags on
    /// every post.
    Hexo,
}

impl Site {
    /// Every target, in the order the docs list them.
    pub const ALL: [Site; 3] = [Site::Hugo, Site::Jekyll, Site::Hexo];

    /// The name `--site` takes.
    pub fn name(self) -> &'static str {
        match self {
            Site::Hugo => "hugo",
            Site::Jekyll => "jekyll",
            Site::Hexo => "hexo",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Site {
    type Err = String;

    fn from_str(s: &str) -> Result<Site, String> {
        Site::ALL
            .into_iter()
            .find(|site| site.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown site generator '{s}': choose hugo, jekyll or hexo"))
    }
}
