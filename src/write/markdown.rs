//! Markdown: YAML front matter, then CommonMark 0.31.2 with GFM pipe tables.
//!
//! The writer walks the [`Fragment`] once, without recursion: a loop over
//! first-child / next-sibling / parent links, with an explicit stack of
//! small frames (one per open element) saying what to do when it closes.
//! Blocks are written line by line through a stack of containers (block
//! quotes, list items, HTML wrappers), each adding its prefix (`> `, the
//! list marker on the first line and the indent of its content column on
//! the others: CommonMark section 5.2). Inline content is collected per
//! paragraph, heading or table cell and rendered when it ends (see
//! `markdown/inline.rs`), because whether emphasis renders depends on what follows.
//!
//! What Markdown cannot say is written as HTML that CommonMark passes
//! through (see `markdown/html.rs`); docs/markdown.md lists every choice.

mod blocks;
mod escape;
mod html;
mod inline;
mod lower;
mod spans;
mod table;

use crate::document::Document;
use crate::html::fragment::{Element, Fragment, Marker, Namespace, NodeData, NodeId};
use crate::mapping::FrontMatterMap;

use html::Place;
use inline::{Inline, Kind};

/// How a `<figure>` with a caption is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FigureStyle {
    /// The image, then the caption in emphasis on the next line of the same
    /// paragraph: plain Markdown, readable everywhere.
    #[default]
    Markdown,
    /// The `<figure>` as an HTML block: lossless, but raw HTML.
    Html,
}

/// Options of the Markdown writer.
#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {
    /// How captioned figures are written; a figure without a caption is
    /// always a plain image paragraph.
    pub figures: FigureStyle,
    /// Write links and images as `[text][n]` with the definitions at the
    /// end, instead of inline `[text](url)`.
    pub reference_links: bool,
    /// Keep the comments of an export's item in the front matter
    /// (`--comments`); left out by default.
    pub comments: bool,
    /// The site generator the Markdown is written for (`--site`): its
    /// Markdown dialect and its front matter. `None`: portable CommonMark
    /// with GFM tables, and the front matter as read (docs/sites.md).
    pub site: Option<crate::site::Site>,
    /// Hugo only (`--raw-html keep`): what has no Markdown form stays raw
    /// HTML, for a site that sets Goldmark's `unsafe` renderer option.
    /// By default Hugo gets no raw HTML at all (Goldmark omits it); the
    /// other targets render raw HTML and always keep it.
    pub keep_html: bool,
    /// With a site: every document is published, whatever its status
    /// (the user named the statuses to convert with `--status`). Without
    /// it only published documents without a password are
    /// (`site::is_public`).
    pub publish_listed: bool,
}

/// Writes a document as Markdown: front matter (none when the document has
/// no metadata), then the content.
pub fn write(doc: &Document, fragment: &Fragment, opts: &MarkdownOptions) -> String {
    write_with_warnings(doc, fragment, opts, &FrontMatterMap::default()).0
}

/// [`write()`], with what the target's Markdown could not keep (a table's
/// merged cells for Hugo without raw HTML, a page break): one warning per
/// kind of loss. The front matter is mapped as `map` says (docs/config.md).
pub fn write_with_warnings(
    doc: &Document,
    fragment: &Fragment,
    opts: &MarkdownOptions,
    map: &FrontMatterMap,
) -> (String, Vec<String>) {
    let (lowered, warnings) = lowered(fragment, opts);
    let fragment = lowered.as_ref().unwrap_or(fragment);
    // A site's file always has front matter: the generator reads its
    // title and dates there, and no body line can then pass for one.
    let front = doc.has_metadata() || opts.site.is_some();
    let mut w = Writer::new(fragment, opts);
    w.doc = Some(doc);
    // A file without front matter of its own must not seem to have some.
    w.guard = !front;
    w.run();
    let raw_html = w.raw_html;
    let body = w.finish();
    let mut warnings = warnings;
    if raw_html > 0 {
        warnings.push(format!(
            "{raw_html} block(s) written as raw HTML: Markdown has no form for them (a renderer that shows HTML shows them)"
        ));
    }
    let mut out = String::new();
    if front {
        out.push_str("---\n");
        let mut fm = match opts.site {
            Some(site) => site.front_matter(doc, opts.publish_listed),
            None => doc.output_front_matter(),
        };
        // An export item's approved comments, when asked for, after the
        // other keys; a post's own `comments` (Hexo's `comments: false`)
        // is front matter and stays where it is.
        if opts.comments
            && let Some(comments) = doc.comments_value()
        {
            fm.insert(crate::document::COMMENTS_KEY.into(), comments);
        }
        map.map_keys(&mut fm);
        if let Some((key, value)) = opts.site.and_then(|site| site.template_guard(&body)) {
            fm.insert(key.into(), value);
        }
        // Hexo reads an empty block (`---` then `---`) as the opening of
        // one that runs to the next `---` line of the body: it gets an
        // empty mapping instead.
        if !fm.is_empty() || opts.site == Some(crate::site::Site::Hexo) {
            out.push_str(&crate::yaml::to_yaml(&fm));
        }
        out.push_str("---\n\n");
    }
    out.push_str(&body);
    (out, warnings)
}

/// The Fragment as the target can say it: for Hugo without raw HTML, a
/// copy lowered to Markdown syntax (`markdown/lower.rs`); otherwise none.
fn lowered(fragment: &Fragment, opts: &MarkdownOptions) -> (Option<Fragment>, Vec<String>) {
    if no_html(opts) {
        let (f, w) = lower::for_hugo(fragment);
        (Some(f), w)
    } else {
        (None, Vec::new())
    }
}

/// Hugo without `--raw-html keep`: Goldmark omits raw HTML, so none is
/// written.
fn no_html(opts: &MarkdownOptions) -> bool {
    opts.site == Some(crate::site::Site::Hugo) && !opts.keep_html
}

/// Writes the content of a Fragment as Markdown, without front matter.
/// Empty content gives an empty string; otherwise it ends with one newline.
///
/// This is content to be placed after front matter, or inside another
/// document: it is written without the guard that [`write()`] applies to a
/// file that has no front matter (docs/security.md#a-body-is-never-front-matter).
pub fn write_fragment(fragment: &Fragment, opts: &MarkdownOptions) -> String {
    let (lowered, _) = lowered(fragment, opts);
    let fragment = lowered.as_ref().unwrap_or(fragment);
    let mut w = Writer::new(fragment, opts);
    w.run();
    w.finish()
}

/// How many nested containers (block quotes, list items, HTML wrappers)
/// add their line prefixes; see `Writer::push`.
const MAX_PREFIXED: usize = 64;

/// The last block written in a container, for what the next one needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    None,
    Para,
    /// A list, with its bullet or delimiter: a list right after it must use
    /// another one, or the two would merge (section 5.3).
    List(char),
    /// A block quote or a table: a paragraph right after it would be a lazy
    /// continuation line (section 5.1) or a table row.
    Lazy,
    /// An HTML block (condition 6 or 7): it goes on until a blank line.
    Html,
    Other,
}

/// A block container: its line prefixes and how blocks inside are spaced.
#[derive(Debug)]
struct Container {
    first: String,
    rest: String,
    first_pending: bool,
    /// Blank lines between blocks (false inside the items of a tight list).
    loose: bool,
    has_block: bool,
    /// The next block needs a blank line before it (after an HTML block,
    /// which only a blank line ends).
    force_blank: bool,
    last: Last,
    /// Where this container's `rest` starts in `Writer::prefix`.
    offset: usize,
}

impl Container {
    fn new(first: String, rest: String, loose: bool) -> Container {
        Container {
            offset: 0,
            first_pending: first != rest,
            first,
            rest,
            loose,
            has_block: false,
            force_blank: false,
            last: Last::None,
        }
    }
}

#[derive(Debug)]
struct ListState {
    ordered: bool,
    next: u64,
    delim: char,
    loose: bool,
    /// The content column of the last item, for a stray child of the list
    /// (an editor's `ul > ul`) which is written as part of that item.
    last_indent: Option<usize>,
    /// How the last item's content ended (`Container::last`,
    /// `force_blank`): a stray child written as part of that item goes on
    /// from there (after an HTML block it needs a blank line first).
    last_end: (Last, bool),
    /// How many containers are open inside the list (its own included).
    depth: usize,
}

#[derive(Debug)]
enum FrameKind {
    Quote,
    List,
    Item,
    /// An element written as HTML tags around Markdown blocks.
    Wrap(String),
    Para,
    Figure,
    Caption(usize),
    /// A figure of blocks (a gallery, a quoted post, a table), written as
    /// its blocks, then its caption (`--figures markdown`).
    FigureBlocks,
    /// That figure's caption: a paragraph in emphasis.
    BlockCaption(usize),
    Table,
    Section,
    Row,
    Cell,
    /// An inline element: the pair to close, if any.
    Inline(Option<usize>),
    /// A definition list (Goldmark's extension), its terms and
    /// descriptions.
    Dl,
    Term,
    Description,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    /// A list item container was opened for a stray child of a list.
    pseudo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Para,
    Heading(usize),
    Cell,
    /// A definition term: one line.
    Term,
}

#[derive(Debug)]
struct Para {
    inline: Inline,
    role: Role,
    /// Opened by an element (`p`, `h2`, `td`, a figure) rather than by
    /// loose inline content in a block container.
    explicit: bool,
    /// Inline elements open inside it.
    depth: usize,
    /// A heading's id, written `{#id}` after its text (Hugo, Jekyll).
    id: Option<String>,
}

#[derive(Debug)]
struct TableBuild {
    aligns: Vec<table::Align>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
}

struct Writer<'a> {
    f: &'a Fragment,
    opts: &'a MarkdownOptions,
    out: String,
    containers: Vec<Container>,
    /// The `rest` prefixes of all containers, concatenated: a line costs
    /// its prefix's length, not the nesting depth.
    prefix: String,
    /// Containers whose first line is still to be written, outermost first.
    pending: Vec<usize>,
    frames: Vec<Frame>,
    lists: Vec<ListState>,
    para: Option<Para>,
    /// The last paragraph's run, its buffers kept for the next one (a
    /// post has many short paragraphs: four allocations each otherwise).
    spare: Option<Inline>,
    /// Inline content outside any paragraph that is written as HTML, and
    /// whether it continues the HTML block before it.
    raw_run: Option<(String, bool)>,
    table: Option<TableBuild>,
    /// Reference definitions: (destination, title) by number - 1.
    refs: Vec<(String, Option<String>)>,
    /// Empty anchors (`<a id="x"></a>`) for the ids of blocks written as
    /// Markdown, waiting for the first line of text inside them.
    anchor: String,
    /// The document, for its language; `None` for a bare Fragment.
    doc: Option<&'a Document>,
    /// The document's language, once needed: `Some(None)` when unknown.
    doc_lang: Option<Option<String>>,
    /// Ids written as anchors: a repeated id is written once, where HTML
    /// finds it (the first element that has it).
    ids: std::collections::HashSet<String>,
    /// No front matter is written: no line may read as one (`guard_line`).
    guard: bool,
    /// A line that is not blank and not an HTML comment was written: the
    /// one where Hugo looks for front matter is past.
    significant: bool,
    /// The lines being written are an HTML block's (escaped with
    /// character references, not backslashes).
    html_lines: bool,
    /// Hugo without raw HTML (`no_html`): the Fragment was lowered, and
    /// every fallback to HTML writes text instead.
    no_html: bool,
    /// The target is Hugo: shortcode delimiters in text are escaped.
    hugo: bool,
    /// The target is Jekyll (kramdown): HTML around Markdown says
    /// `markdown="1"`, kramdown's own syntax in text is escaped.
    jekyll: bool,
    /// HTML blocks written for what Markdown cannot say (not counting
    /// `<!--more-->` and its kind): the run's report counts them.
    raw_html: usize,
}

impl<'a> Writer<'a> {
    fn new(f: &'a Fragment, opts: &'a MarkdownOptions) -> Writer<'a> {
        Writer {
            f,
            opts,
            out: String::new(),
            containers: vec![Container::new(String::new(), String::new(), true)],
            prefix: String::new(),
            pending: Vec::new(),
            frames: Vec::new(),
            lists: Vec::new(),
            para: None,
            spare: None,
            raw_run: None,
            table: None,
            refs: Vec::new(),
            anchor: String::new(),
            doc: None,
            doc_lang: None,
            ids: std::collections::HashSet::new(),
            guard: false,
            significant: false,
            html_lines: false,
            no_html: no_html(opts),
            hugo: opts.site == Some(crate::site::Site::Hugo),
            jekyll: opts.site == Some(crate::site::Site::Jekyll),
            raw_html: 0,
        }
    }

    /// The walk: depth first, by links, no recursion.
    fn run(&mut self) {
        self.walk(self.f.root());
        self.flush_para();
    }

    /// Walks the descendants of `root` (not `root` itself).
    fn walk(&mut self, root: NodeId) {
        let mut cur = self.f.first_child(root);
        while let Some(id) = cur {
            if self.open(id) {
                if let Some(child) = self.f.first_child(id) {
                    cur = Some(child);
                    continue;
                }
                self.close();
            }
            let mut n = id;
            cur = loop {
                if let Some(s) = self.f.next_sibling(n) {
                    break Some(s);
                }
                match self.f.parent(n) {
                    Some(p) if p != root => {
                        self.close();
                        n = p;
                    }
                    _ => break None,
                }
            };
        }
    }

    fn finish(mut self) -> String {
        if !self.refs.is_empty() {
            self.out.push('\n');
            for (k, (dest, title)) in self.refs.iter().enumerate() {
                self.out.push_str(&format!("[{}]: {}", k + 1, dest));
                if let Some(t) = title {
                    self.out.push(' ');
                    self.out.push_str(t);
                }
                self.out.push('\n');
            }
        }
        self.out
    }

    // ---- lines and blocks -------------------------------------------------

    fn line(&mut self, content: &str) {
        let start = self.out.len();
        let mut pos = 0;
        for &i in &self.pending {
            let c = &mut self.containers[i];
            self.out.push_str(&self.prefix[pos..c.offset]);
            self.out.push_str(&c.first);
            c.first_pending = false;
            pos = c.offset + c.rest.len();
        }
        self.pending.clear();
        self.out.push_str(&self.prefix[pos..]);
        if content.is_empty() {
            let keep = self.out[start..].trim_end().len();
            self.out.truncate(start + keep);
        }
        let at_margin = self.out.len() == start;
        match self.guard_line(content, at_margin) {
            Some(guarded) => self.out.push_str(&guarded),
            None => self.out.push_str(content),
        }
        self.out.push('\n');
    }

    /// The guard of a file without front matter (docs/security.md, "A
    /// body is never front matter"): a line that a site generator would
    /// read as a front matter fence, escaped so that it renders the same.
    ///
    /// - Hexo (hexo-front-matter's `split`) takes everything before the
    ///   first line that starts with `---` or `;;;` as front matter, with
    ///   or without an opening fence: no line at the margin may start so.
    /// - Hugo (`lexIntroSection`) skips white space, byte order marks and
    ///   lines starting with `<!--`, then reads `---`, `+++`, `{` or `#+`
    ///   as the start of front matter; Jekyll reads a first line `---`.
    ///   So the first line that counts may not start with any of them.
    ///
    /// Text gets a backslash, which CommonMark reads as the character
    /// itself (section 2.4, any ASCII punctuation); an HTML block's text a
    /// character reference. Thematic breaks are never `---` under the
    /// guard, and code blocks with such a line are HTML (`code_block`), so
    /// neither reaches here. `None` when the line is fine as it is.
    fn guard_line(&mut self, content: &str, at_margin: bool) -> Option<String> {
        if !self.guard {
            return None;
        }
        let lead = content.len() - content.trim_start_matches([' ', '\t', '\u{feff}']).len();
        let rest = &content[lead..];
        let counts = !rest.is_empty() && !rest.starts_with("<!--");
        let first = counts && !self.significant;
        self.significant |= counts || !at_margin;
        if !at_margin {
            // A container's prefix (`> `, `- `, an indent) comes first.
            return None;
        }
        let fence = |s: &str| s.starts_with("---") || s.starts_with(";;;");
        let opens =
            |s: &str| fence(s) || s.starts_with("+++") || s.starts_with('{') || s.starts_with("#+");
        // Hugo looks for front matter at the start only, and its code
        // blocks are always fenced (a `---` line in one is code).
        let anywhere = fence(content) && !self.hugo;
        if !(anywhere || first && opens(rest)) {
            return None;
        }
        let c = rest.chars().next()?;
        let escaped = if self.html_lines {
            format!("&#{};", u32::from(c))
        } else {
            format!("\\{c}")
        };
        Some(format!(
            "{}{escaped}{}",
            &content[..lead],
            &rest[c.len_utf8()..]
        ))
    }

    fn top(&mut self) -> &mut Container {
        let n = self.containers.len() - 1;
        &mut self.containers[n]
    }

    /// Starts a block in the current container: the separator it needs.
    fn begin_block(&mut self, kind: Last) {
        let c = self.top();
        let blank = c.has_block
            && (c.loose
                || c.force_blank
                || (kind == Last::Para && matches!(c.last, Last::Lazy | Last::List(_))));
        c.has_block = true;
        c.force_blank = false;
        c.last = kind;
        if blank {
            self.line("");
        }
    }

    fn block(&mut self, kind: Last, text: &str) {
        self.begin_block(kind);
        self.html_lines = kind == Last::Html;
        for l in text.split('\n') {
            self.line(l);
        }
        self.html_lines = false;
    }

    /// An HTML block: blank lines around it. In a tight container (a tight
    /// list's item) a block that opens with a block-level tag (CommonMark
    /// section 4.6, condition 6) needs none before it, since it interrupts
    /// a paragraph, and a blank line there would make the list loose.
    fn html_block(&mut self, text: &str) {
        self.flush_anchor();
        if !self.no_html && !text.starts_with("<!--") {
            self.raw_html += 1;
        }

        let c = self.top();
        if c.has_block && (c.loose || !html::opens_block(text)) {
            c.force_blank = true;
        }
        self.block(Last::Html, text);
        self.top().force_blank = true;
        // A `<pre>`, `<script>`, `<style>` or `<textarea>` block
        // (condition 1) ends with the line of its end tag, not at a blank
        // line: what follows is Markdown again, not more of the block.
        if html::opens_condition_1(text) {
            self.top().last = Last::Other;
        }
    }

    /// The subtree at `id` as an HTML block; for Hugo without raw HTML
    /// (which the lowering should leave nothing for), its text as
    /// paragraphs instead, which Goldmark shows.
    fn raw_block(&mut self, id: NodeId) {
        if !self.no_html {
            self.html_block(&html::serialize(self.f, id, Place::Block, self.guard));
            return;
        }
        let text = crate::write::text::plain_text(self.f, id);
        self.text_block(&text);
    }

    /// Plain text as paragraphs (blank lines between them).
    fn text_block(&mut self, text: &str) {
        self.flush_para();
        for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            self.start_para(Role::Para, false);
            self.inline().text(para);
            self.flush_para();
        }
    }

    fn push_container(&mut self, first: String, rest: String, loose: bool) {
        self.push(Container::new(first, rest, loose));
    }

    fn push(&mut self, mut c: Container) {
        // Every line repeats the prefixes of all open containers, so beyond
        // a sane depth they stop adding theirs: content nested deeper than
        // MAX_PREFIXED (only hostile input is) is written at that depth,
        // and the output stays linear in the input.
        if self.containers.len() >= MAX_PREFIXED {
            c.first.clear();
            c.rest.clear();
            c.first_pending = false;
        }
        c.offset = self.prefix.len();
        self.prefix.push_str(&c.rest);
        if c.first_pending {
            self.pending.push(self.containers.len());
        }
        self.containers.push(c);
    }

    fn pop_container(&mut self) -> Option<Container> {
        if self.containers.len() > 1
            && let Some(c) = self.containers.pop()
        {
            self.prefix.truncate(c.offset);
            if self.pending.last() == Some(&self.containers.len()) {
                self.pending.pop();
            }
            // An item's container (or a stray child's, which goes on from
            // it) is the one right inside its list's.
            if let Some(st) = self.lists.last_mut()
                && st.depth == self.containers.len()
            {
                st.last_end = (c.last, c.force_blank);
            }
            return Some(c);
        }
        None
    }

    // ---- paragraphs ---------------------------------------------------------

    fn in_inline(&self) -> bool {
        self.para
            .as_ref()
            .is_some_and(|p| p.explicit || p.depth > 0)
    }

    fn start_para(&mut self, role: Role, explicit: bool) {
        self.flush_para();
        self.para = Some(self.new_para(role, explicit));
    }

    /// A paragraph, heading or cell, which takes the anchors waiting for
    /// the first line of text.
    fn new_para(&mut self, role: Role, explicit: bool) -> Para {
        let kind = if role == Role::Para {
            Kind::Para
        } else {
            Kind::Line
        };
        let mut inline = match self.spare.take() {
            Some(spare) => spare.reuse(kind),
            None => Inline::new(kind),
        };
        inline.lead(std::mem::take(&mut self.anchor));
        inline.no_html = self.no_html;
        inline.hugo = self.hugo;
        inline.jekyll = self.jekyll;
        Para {
            inline,
            role,
            explicit,
            depth: 0,
            id: None,
        }
    }

    fn ensure_para(&mut self) {
        if self.para.is_none() {
            self.start_para(Role::Para, false);
        }
    }

    fn inline(&mut self) -> &mut Inline {
        let p = match self.para.take() {
            Some(p) => p,
            None => self.new_para(Role::Para, false),
        };
        &mut self.para.insert(p).inline
    }

    /// Keeps the `id` of an element written as Markdown syntax (which has
    /// no attributes) as an empty anchor at the start of its first line of
    /// text: the attributes rule keeps only ids that a link targets, so
    /// dropping one would break an in-page link.
    fn keep_id(&mut self, e: &Element) {
        if let Some(a) = self.anchor_of(e) {
            self.anchor.push_str(&a);
        }
    }

    /// An empty anchor holding the element's `id`, unless it has none or
    /// an anchor already holds it.
    fn anchor_of(&mut self, e: &Element) -> Option<String> {
        if self.no_html {
            return None;
        }
        let id = e.attr("id").filter(|id| !id.is_empty())?;
        if !self.ids.insert(id.to_owned()) {
            return None;
        }
        let mut a = Element::html("a");
        a.attrs.push(("id".into(), id.to_owned()));
        Some(format!("{}{}", html::open_tag(&a), html::close_tag(&a)))
    }

    /// Anchors still waiting when a block without text (a code block, an
    /// HTML block, a thematic break) or the element's end comes: a line
    /// of their own, which CommonMark reads as a paragraph.
    fn flush_anchor(&mut self) {
        if !self.anchor.is_empty() {
            let a = std::mem::take(&mut self.anchor);
            self.block(Last::Para, &a);
        }
    }

    /// `lang` (with `dir`) of a paragraph or heading, as the start and end
    /// tags of a `<span>` around its content, when it differs from the
    /// document's language.
    fn lang_span(&mut self, e: &Element) -> Option<(String, String)> {
        if self.no_html {
            return None;
        }
        let lang = e.attr("lang").filter(|l| !l.trim().is_empty())?;
        if self.doc_lang.is_none() {
            self.doc_lang = Some(self.doc.map(|d| crate::write::text::language(d, self.f).0));
        }
        let own = crate::lang::normalize(lang);
        if let (Some(Some(doc)), Some(own)) = (&self.doc_lang, &own)
            && doc == own
        {
            return None;
        }
        let mut span = Element::html("span");
        span.attrs.push(("lang".into(), lang.to_owned()));
        if let Some(dir) = e.attr("dir") {
            span.attrs.push(("dir".into(), dir.to_owned()));
        }
        Some((html::open_tag(&span), html::close_tag(&span)))
    }

    fn flush_para(&mut self) {
        if let Some((run, continues)) = self.raw_run.take() {
            let run = run.trim_matches(|c: char| c.is_ascii_whitespace());
            if continues {
                self.html_lines = true;
                for l in run.split('\n').filter(|l| !l.trim().is_empty()) {
                    self.line(l);
                }
                self.html_lines = false;
            } else if !run.is_empty() {
                self.html_block(run);
            }
        }
        let Some(mut p) = self.para.take() else {
            return;
        };
        self.write_para(&mut p);
        self.spare = Some(p.inline);
    }

    /// The Markdown of a finished paragraph, heading, cell or term.
    fn write_para(&mut self, p: &mut Para) {
        match p.role {
            Role::Para => {
                if p.inline.is_blank() {
                    // `<p></p>` has no Markdown form; the rules drop empty
                    // paragraphs, so one that is left is kept.
                    let lead = p.inline.take_lead();
                    if p.explicit && p.depth == 0 && !self.in_figure() && !self.no_html {
                        self.html_block(&format!("<p>{lead}</p>"));
                    } else {
                        // Loose inline content that came to nothing: the
                        // anchors wait for the next text.
                        self.anchor.insert_str(0, &lead);
                    }
                    return;
                }
                let md = p.inline.render();
                if !md.is_empty() {
                    self.block(Last::Para, &md);
                }
            }
            Role::Heading(n) => {
                let id = p.id.take();
                let md = p.inline.render();
                let mut line = "#".repeat(n);
                if !md.is_empty() {
                    line.push(' ');
                    line.push_str(&heading_text(&md));
                }
                if let Some(attr) = id.as_deref().and_then(heading_id) {
                    line.push(' ');
                    line.push_str(&attr);
                }
                self.block(Last::Other, &line);
            }
            Role::Cell => {
                let md = p.inline.render();
                if let Some(t) = &mut self.table {
                    t.row.push(table::cell_text(&md));
                }
            }
            Role::Term => {
                let md = p.inline.render();
                if !md.is_empty() {
                    self.block(Last::Para, &escape::line_start(&md));
                }
            }
        }
    }

    // ---- the walk: opening ----------------------------------------------------

    /// Handles entering a node; true when its children are to be walked (a
    /// frame was pushed and `close` will pop it).
    fn open(&mut self, id: NodeId) -> bool {
        match self.f.data(id) {
            NodeData::Root | NodeData::Comment(_) => false,
            NodeData::Text(t) => {
                self.text(t);
                false
            }
            NodeData::Marker(m) => {
                self.marker(*m);
                false
            }
            NodeData::Element(e) => self.element(id, e),
        }
    }

    fn in_figure(&self) -> bool {
        matches!(self.top_frame(), Some(FrameKind::Figure))
    }

    /// Starts writing inline content outside any paragraph as HTML: when
    /// its first element was an HTML block in the source (its content
    /// starts on a new line, or it has none), or when it follows an HTML
    /// block directly. A paragraph would add a `<p>` that was not there.
    fn start_raw_run(&mut self, id: NodeId) -> bool {
        if self.para.is_some() || self.raw_run.is_some() || self.no_html {
            return false;
        }
        let f = self.f;
        let continues = self.top().last == Last::Html;
        let html_like = f.element(id).is_some_and(|e| {
            // An empty anchor is how this writer keeps an id at the start
            // of a line of text (see `keep_id`): text, not an HTML block.
            let anchor = e.is("a") && e.attr("href").is_none() && f.first_child(id).is_none();
            !anchor
                && html::writable(e)
                && match f.first_child(id).map(|c| f.data(c)) {
                    Some(NodeData::Text(t)) if t.starts_with(['\n', '\r']) => true,
                    _ => {
                        f.text_content(id).trim().is_empty()
                            && !f
                                .descendants(id)
                                .any(|n| f.element(n).is_some_and(html::is_void))
                    }
                }
        });
        if !continues && !html_like {
            return false;
        }
        self.raw_run = Some((String::new(), continues));
        true
    }

    fn top_frame(&self) -> Option<&FrameKind> {
        self.frames.last().map(|f| &f.kind)
    }

    fn in_table_structure(&self) -> bool {
        matches!(
            self.top_frame(),
            Some(FrameKind::Table | FrameKind::Section | FrameKind::Row)
        )
    }

    fn text(&mut self, t: &str) {
        if self.in_table_structure() {
            return;
        }
        if self.para.is_some() {
            self.inline().text(t);
            return;
        }
        if let Some((run, _)) = &mut self.raw_run {
            run.push_str(&html::text_html(t));
            return;
        }
        if t.chars().all(char::is_whitespace) {
            return;
        }
        let in_list = matches!(self.top_frame(), Some(FrameKind::List));
        if !in_list && self.top().last == Last::Html {
            // Text right after an HTML block is part of it in the source.
            self.raw_run = Some((html::text_html(t), true));
            return;
        }
        if in_list {
            self.open_pseudo_item();
            self.inline().text(t);
            self.flush_para();
            self.pop_container();
            return;
        }
        self.inline().text(t);
    }

    fn marker(&mut self, m: Marker) {
        // A site shows no comment: its page breaks are visible breaks
        // (for Hugo the lowering makes them `<hr>` already).
        if m == Marker::NextPage && self.opts.site.is_some() {
            if self
                .para
                .as_ref()
                .is_some_and(|p| p.depth > 0 || p.role != Role::Para)
            {
                return;
            }
            self.flush_para();
            self.thematic_break();
            return;
        }
        let s = html::marker(m);
        if let Some(p) = &mut self.para
            && (p.depth > 0 || p.role != Role::Para)
        {
            p.inline.raw(s);
            return;
        }
        // `<!--more-->` on its own line, blank lines around: where site
        // generators look for it, and an HTML block (condition 2).
        self.flush_para();
        self.html_block(s);
        // A comment block (condition 2) ends with its line: what follows
        // is Markdown again.
        self.top().last = Last::Other;
    }

    fn push_frame(&mut self, kind: FrameKind) -> bool {
        self.frames.push(Frame {
            kind,
            pseudo: false,
        });
        true
    }

    fn element(&mut self, id: NodeId, e: &'a Element) -> bool {
        if self.in_inline() {
            return self.inline_element(id, e);
        }
        if self.in_table_structure() {
            return self.table_part(e);
        }
        let pseudo = matches!(self.top_frame(), Some(FrameKind::List)) && !e.is("li");
        if pseudo {
            self.flush_para();
            self.open_pseudo_item();
        }
        let walked = self.block_context_element(id, e);
        if pseudo {
            match self.frames.last_mut() {
                Some(f) if walked => f.pseudo = true,
                _ => {
                    self.flush_para();
                    self.pop_container();
                }
            }
        }
        walked
    }

    fn block_context_element(&mut self, id: NodeId, e: &'a Element) -> bool {
        if html::is_block(e) {
            self.flush_para();
            return self.block_element(id, e);
        }
        if e.namespace == Namespace::Html && html::wraps_blocks(self.f, id) && html::writable(e) {
            self.flush_para();
            return self.wrap(e);
        }
        if html::has_block_descendant(self.f, id) {
            self.flush_para();
            if !html::writable(e) {
                // No raw tag can carry its name: its blocks, as Markdown.
                return self.transparent();
            }
            self.raw_block(id);
            return false;
        }
        let fresh = self.start_raw_run(id);
        if let Some((run, continues)) = &mut self.raw_run {
            let place = if fresh && !*continues {
                Place::Block
            } else {
                Place::Run
            };
            run.push_str(&html::serialize(self.f, id, place, self.guard));
            return false;
        }
        self.ensure_para();
        self.inline_element(id, e)
    }

    fn block_element(&mut self, id: NodeId, e: &'a Element) -> bool {
        let name = e.name.as_str();
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if html::has_block_descendant(self.f, id) {
                    self.raw_block(id);
                    return false;
                }
                let role = match name.as_bytes()[..] {
                    [b'h', d] => Role::Heading(usize::from(d - b'0')),
                    _ => Role::Para,
                };
                self.flush_para();
                // Hugo (Goldmark's heading attributes) and Jekyll (kramdown)
                // take a heading's id as `{#id}` after its text; elsewhere
                // it is an anchor.
                let attr_id = matches!(role, Role::Heading(_)) && (self.hugo || self.jekyll);
                if !attr_id {
                    self.keep_id(e);
                }
                let span = self.lang_span(e);
                self.start_para(role, true);
                if let (Some((open, close)), Some(p)) = (span, &mut self.para) {
                    p.inline.span(open, close);
                }
                if attr_id && let Some(p) = &mut self.para {
                    p.id = e.attr("id").map(str::to_owned);
                    p.inline.escape_braces = true;
                }
                self.push_frame(FrameKind::Para)
            }
            "blockquote" => {
                self.keep_id(e);
                self.begin_block(Last::Lazy);
                self.push_container("> ".into(), "> ".into(), true);
                self.push_frame(FrameKind::Quote)
            }
            "ul" | "ol" => self.list(id, e),
            "li" if matches!(self.top_frame(), Some(FrameKind::List)) => {
                self.keep_id(e);
                self.item()
            }
            "pre" => {
                self.code_block(id, e);
                false
            }
            "hr" => {
                self.keep_id(e);
                self.thematic_break();
                false
            }
            "table" => match table::pipe_table(self.f, id) {
                Some(aligns) => {
                    self.keep_id(e);
                    self.table = Some(TableBuild {
                        aligns,
                        rows: Vec::new(),
                        row: Vec::new(),
                    });
                    self.push_frame(FrameKind::Table)
                }
                None => {
                    self.raw_block(id);
                    false
                }
            },
            "figure" => self.figure(id, e),
            "dl" if self.no_html => self.definition_list(),
            "dt" if self.no_html && matches!(self.top_frame(), Some(FrameKind::Dl)) => {
                self.start_para(Role::Term, true);
                self.push_frame(FrameKind::Term)
            }
            "dd" if self.no_html && matches!(self.top_frame(), Some(FrameKind::Dl)) => {
                self.description(id)
            }
            "figcaption" if matches!(self.top_frame(), Some(FrameKind::FigureBlocks)) => {
                if html::has_block_descendant(self.f, id) {
                    return self.generic_block(id, e);
                }
                self.start_para(Role::Para, true);
                let p = self.inline().open(inline::PairKind::Em);
                if let Some(para) = &mut self.para {
                    para.depth += 1;
                }
                self.push_frame(FrameKind::BlockCaption(p))
            }
            _ => self.generic_block(id, e),
        }
    }

    /// A block element Markdown has no syntax for: tags around Markdown when
    /// it holds only blocks, else the whole element as an HTML block.
    fn generic_block(&mut self, id: NodeId, e: &'a Element) -> bool {
        let raw_text = ["pre", "script", "style", "textarea"].contains(&e.name.as_str());
        if !raw_text && html::writable(e) && html::wraps_blocks(self.f, id) {
            return self.wrap(e);
        }
        self.raw_block(id);
        false
    }

    /// `<tag>`, blank line, the children as Markdown, blank line, `</tag>`:
    /// each tag line is an HTML block of its own (condition 6 or 7), and the
    /// Markdown between is parsed as Markdown.
    fn wrap(&mut self, e: &Element) -> bool {
        if self.no_html {
            // Only the lowering's leftovers: the content, without tags.
            return self.transparent();
        }
        let mut open = e.clone();
        if self.jekyll {
            // kramdown reads an HTML block's content as raw HTML unless
            // its tag says `markdown="1"` (kramdown syntax, "HTML Blocks").
            open.set_attr("markdown", "1");
        }
        self.html_block(&html::open_tag(&open));
        let mut c = Container::new(String::new(), String::new(), true);
        c.has_block = true;
        self.push(c);
        self.push_frame(FrameKind::Wrap(html::close_tag(e)))
    }

    /// An element written as its content alone, without tags.
    fn transparent(&mut self) -> bool {
        let mut c = Container::new(String::new(), String::new(), true);
        c.has_block = self.top().has_block;
        self.push(c);
        self.push_frame(FrameKind::Wrap(String::new()))
    }

    // ---- the walk: closing ----------------------------------------------------

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.kind {
            FrameKind::Inline(pair) => {
                if let Some(p) = &mut self.para {
                    p.depth = p.depth.saturating_sub(1);
                    if let Some(pair) = pair {
                        p.inline.close(pair);
                    }
                }
            }
            FrameKind::Caption(pair) => {
                if let Some(p) = &mut self.para {
                    p.depth = p.depth.saturating_sub(1);
                    p.inline.close(pair);
                    p.inline.soft_break();
                }
            }
            FrameKind::Para | FrameKind::Figure | FrameKind::Cell | FrameKind::Term => {
                self.flush_para()
            }
            FrameKind::Dl => {
                self.flush_para();
                self.pop_container();
                // A paragraph right after would continue the last
                // description lazily.
                self.top().last = Last::Lazy;
            }
            FrameKind::Description => {
                self.flush_para();
                let c = self.top();
                if c.first_pending || !c.has_block {
                    self.line("");
                }
                self.pop_container();
                // The next term starts a new group: a blank line first,
                // or it would continue the description.
                self.top().last = Last::Lazy;
            }
            FrameKind::FigureBlocks => {
                self.flush_para();
                self.flush_anchor();
            }
            FrameKind::BlockCaption(pair) => {
                if let Some(p) = &mut self.para {
                    p.depth = p.depth.saturating_sub(1);
                    p.inline.close(pair);
                }
                self.flush_para();
            }
            FrameKind::Quote | FrameKind::Item => {
                self.flush_para();
                self.flush_anchor();
                let c = self.top();
                if c.first_pending || !c.has_block {
                    self.line("");
                }
                self.pop_container();
            }
            FrameKind::List => {
                self.flush_para();
                self.pop_container();
                self.lists.pop();
                self.flush_anchor();
            }
            FrameKind::Wrap(close) if close.is_empty() => {
                self.flush_para();
                // Content without tags goes on in the container around it:
                // how it ended is how that one did (after an HTML block,
                // the next block needs a blank line).
                if let Some(inner) = self.pop_container()
                    && inner.has_block
                {
                    let outer = self.top();
                    outer.has_block = true;
                    outer.last = inner.last;
                    outer.force_blank = inner.force_blank;
                }
            }
            FrameKind::Wrap(close) => {
                self.flush_para();
                self.pop_container();
                self.line("");
                self.line(&close);
                self.top().force_blank = true;
            }
            FrameKind::Row => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            FrameKind::Section => {}
            FrameKind::Table => {
                if let Some(t) = self.table.take() {
                    let md = table::render(&t.rows, &t.aligns);
                    self.block(Last::Lazy, &md);
                }
            }
        }
        if frame.pseudo {
            self.flush_para();
            self.pop_container();
        }
    }
}

/// `{#id}` for a heading (Goldmark's and kramdown's attribute syntax),
/// when the id is made of characters both read in that form.
fn heading_id(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        && id.starts_with(|c: char| c.is_alphabetic());
    ok.then(|| format!("{{#{id}}}"))
}

/// Heading text: a run of `#` at the end would be read as the closing
/// sequence (section 4.2).
fn heading_text(md: &str) -> String {
    let body = md.trim_end_matches('#');
    if body.len() == md.len() || !(body.is_empty() || body.ends_with(' ')) {
        return md.to_owned();
    }
    format!("{body}\\{}", &md[body.len()..])
}

#[cfg(test)]
mod tests;
