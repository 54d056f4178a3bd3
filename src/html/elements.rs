//! One table of HTML element categories, for every stage: which elements
//! are void, which are blocks, which may hold only phrasing content, which
//! hold raw text.
//!
//! Keyed by the element's local name as the Fragment stores it (lower
//! case, HTML namespace; callers check the namespace). The table is one
//! `match`, which the compiler turns into a length-then-bytes decision, so
//! a lookup costs about what comparing one name costs.
//!
//! Lists that copy an outside definition stay where that definition is
//! used and are named after it: WordPress's `$allblocks` in
//! read/wpautop.rs, CommonMark's HTML-block start condition 6 in
//! write/markdown/html.rs.

/// What an element is, as a set of categories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kind(u16);

impl Kind {
    /// No end tag, no content (HTML §13.1.2 "void elements").
    pub const VOID: Kind = Kind(1);
    /// Laid out as a block of its own: browsers' default style sheet
    /// (HTML §15.3) gives it `display: block` (or list-item, table).
    /// Text before and after it is on other lines.
    pub const BLOCK: Kind = Kind(1 << 1);
    /// A block whose content model is phrasing only (HTML §4.4, §4.3):
    /// holding a block, it cannot stay what it is.
    pub const PHRASING_BLOCK: Kind = Kind(1 << 2);
    /// An inline element whose content model is phrasing only.
    pub const PHRASING_INLINE: Kind = Kind(1 << 3);
    /// Its content is text, never markup (HTML §13.1.2 "raw text" and
    /// "escapable raw text" elements, and the obsolete ones parsed alike).
    pub const RAW_TEXT: Kind = Kind(1 << 4);
    /// `h1`-`h6`.
    pub const HEADING: Kind = Kind(1 << 5);
    /// A container of flow content that is not an item or a cell (a
    /// paragraph, a figure or any block may stand in it).
    pub const SECTION: Kind = Kind(1 << 6);
    /// A part of a table's structure.
    pub const TABLE_PART: Kind = Kind(1 << 7);
    /// A list (`ul`, `ol` and their obsolete forms).
    pub const LIST: Kind = Kind(1 << 8);

    const NONE: Kind = Kind(0);

    /// True when every category of `other` is in `self`.
    pub const fn contains(self, other: Kind) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    const fn with(self, other: Kind) -> Kind {
        Kind(self.0 | other.0)
    }
}

/// The categories of the HTML element `name`.
pub fn kind(name: &str) -> Kind {
    const B: Kind = Kind::BLOCK;
    const PB: Kind = Kind::BLOCK.with(Kind::PHRASING_BLOCK);
    const PI: Kind = Kind::PHRASING_INLINE;
    const SEC: Kind = Kind::BLOCK.with(Kind::SECTION);
    const H: Kind = PB.with(Kind::HEADING);
    const V: Kind = Kind::VOID;
    const T: Kind = Kind::TABLE_PART;
    const L: Kind = Kind::BLOCK.with(Kind::LIST);
    const RAW: Kind = Kind::RAW_TEXT;
    match name {
        "article" | "aside" | "blockquote" | "div" | "footer" | "header" | "main" | "section" => {
            SEC
        }
        "address" | "center" | "dd" | "details" | "dialog" | "dl" | "dt" | "fieldset"
        | "figcaption" | "figure" | "form" | "hgroup" | "legend" | "li" | "multicol" | "nav"
        | "search" | "summary" => B,
        "hr" => B.with(V),
        "table" => B.with(T),
        "ul" | "ol" | "dir" | "menu" => L,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => H,
        "p" | "pre" | "listing" => PB,
        "xmp" | "plaintext" => PB.with(RAW),
        "abbr" | "acronym" | "b" | "bdi" | "bdo" | "big" | "cite" | "code" | "data" | "dfn"
        | "em" | "font" | "i" | "kbd" | "mark" | "q" | "rp" | "rt" | "ruby" | "s" | "samp"
        | "small" | "span" | "strike" | "strong" | "sub" | "sup" | "time" | "tt" | "u" | "var" => {
            PI
        }
        "area" | "base" | "br" | "col" | "embed" | "img" | "input" | "link" | "meta" | "param"
        | "source" | "track" | "wbr" => V,
        "caption" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" => T,
        "script" | "style" | "iframe" | "noembed" | "noframes" | "noscript" | "textarea"
        | "title" => RAW,
        _ => Kind::NONE,
    }
}

/// HTML void elements: no end tag, no content.
pub fn is_void(name: &str) -> bool {
    kind(name).contains(Kind::VOID)
}

/// Elements laid out as blocks: what a figure stands beside, what ends a
/// line of text, what needs a flow context.
pub fn is_block(name: &str) -> bool {
    kind(name).contains(Kind::BLOCK)
}

/// A table and the elements that only stand in one (`tr`, `td`,
/// `caption`...): taken out of their table, an HTML parser moves them.
pub fn is_table_part(name: &str) -> bool {
    kind(name).contains(Kind::TABLE_PART)
}

/// Containers of flow content that are not items or cells.
pub fn is_section(name: &str) -> bool {
    kind(name).contains(Kind::SECTION)
}

/// Blocks that may hold phrasing content only (`p`, headings, `pre`).
pub fn is_phrasing_block(name: &str) -> bool {
    kind(name).contains(Kind::PHRASING_BLOCK)
}

/// Inline elements that may hold phrasing content only.
pub fn is_phrasing_inline(name: &str) -> bool {
    kind(name).contains(Kind::PHRASING_INLINE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert!(is_void("br") && is_void("hr") && is_void("img") && !is_void("p"));
        assert!(is_block("center") && is_block("summary") && is_block("li") && is_block("hr"));
        assert!(!is_block("span") && !is_block("td") && !is_block("a"));
        assert!(is_section("div") && !is_section("li"));
        assert!(is_phrasing_block("h3") && is_phrasing_block("pre") && !is_phrasing_block("div"));
        assert!(is_phrasing_inline("em") && !is_phrasing_inline("a"));
        assert!(kind("h2").contains(Kind::HEADING) && kind("xmp").contains(Kind::RAW_TEXT));
        assert_eq!(kind("custom-element"), Kind::default());
        assert!(!Kind::default().contains(Kind::default()));
    }
}
