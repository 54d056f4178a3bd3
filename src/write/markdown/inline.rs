//! Inline content: a paragraph, heading or table cell is collected as a flat
//! list of tokens, then rendered in one go, when everything around each
//! emphasis delimiter is known.
//!
//! The text of a run is written once, escaped and with its white space
//! collapsed, into one buffer; tokens are ranges of it, one per piece of
//! text between two pieces of markup (not one per word: a paragraph of
//! plain text is one token), so a run costs little more memory than its
//! Markdown.
//!
//! Why tokens and not strings: whether `*` opens or closes emphasis depends
//! on the characters on both sides of it (CommonMark section 6.2, the
//! flanking rules), and the one after a closing delimiter is only known once
//! the next sibling has been written. So emphasis is decided at the end, per
//! paragraph: `*` where it renders, `_` where a `*` would merge with a
//! neighbouring delimiter, punctuation moved outside the delimiters where
//! that is enough (`**注意，**正文` becomes `**注意**，正文`), and
//! `<em>`/`<strong>` where nothing else works.

use super::escape::{self, is_punct, is_ws, left_flanking, right_flanking};

/// What an inline run becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A paragraph: soft line breaks kept, block starts escaped per line.
    Para,
    /// An ATX heading or a table cell: one line.
    Line,
}

/// A range of `Inline::buf`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn is_empty(self) -> bool {
        self.start == self.end
    }
}

#[derive(Clone, Copy, Debug)]
enum Tok {
    /// Escaped Markdown text that neither starts nor ends with white
    /// space; inside, words are separated by one space or one newline.
    Text(Span),
    /// Markup written as is (code spans, images, autolinks, raw HTML).
    Raw(Span),
    Space,
    Newline,
    /// A hard line break.
    Break,
    Open(usize),
    Close(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PairKind {
    Em,
    Strong,
    /// Fixed strings on both sides: links (`[`, `](url)`) and raw tags.
    Fixed {
        open: String,
        close: String,
        link: bool,
    },
}

#[derive(Clone, Debug)]
struct Pair {
    kind: PairKind,
    /// The chosen delimiters, once decided.
    open: Option<String>,
    close: Option<String>,
    /// Punctuation moved out before the opening / after the closing
    /// delimiter: the range of the text token it was cut from.
    pre: Span,
    post: Span,
}

/// One inline run under construction.
#[derive(Debug)]
pub(super) struct Inline {
    kind: Kind,
    /// The text and raw markup of every token, one after the other.
    buf: String,
    /// Escaped text before it is collapsed into `buf`.
    scratch: String,
    toks: Vec<Tok>,
    pairs: Vec<Pair>,
    /// Open links: `]` in text must be escaped.
    links: usize,
    /// Raw HTML before everything else (the anchors of a block's ids).
    lead: String,
    /// Tags around everything else (a `<span lang>`).
    span: Option<(String, String)>,
    /// Hugo without raw HTML: where HTML was the fallback (`<em>` that no
    /// delimiter can say, `<br />` where Markdown has no hard break),
    /// the text alone.
    pub(super) no_html: bool,
    /// Hugo: shortcode openers in text escaped (`escape::hugo_text`).
    pub(super) hugo: bool,
    /// Jekyll: kramdown's syntax in text escaped (`escape::kramdown_text`).
    pub(super) jekyll: bool,
    /// A heading read with attributes (Goldmark's, kramdown's): every `{`
    /// in text escaped, so that a trailing `{...}` stays text.
    pub(super) escape_braces: bool,
}

impl Inline {
    pub(super) fn new(kind: Kind) -> Inline {
        Inline {
            kind,
            buf: String::new(),
            scratch: String::new(),
            toks: Vec::new(),
            pairs: Vec::new(),
            links: 0,
            lead: String::new(),
            span: None,
            no_html: false,
            hugo: false,
            jekyll: false,
            escape_braces: false,
        }
    }

    /// A new run of `kind` that keeps this one's buffers, emptied.
    pub(super) fn reuse(self, kind: Kind) -> Inline {
        let Inline {
            mut buf,
            mut scratch,
            mut toks,
            mut pairs,
            ..
        } = self;
        buf.clear();
        scratch.clear();
        toks.clear();
        pairs.clear();
        Inline {
            buf,
            scratch,
            toks,
            pairs,
            ..Inline::new(kind)
        }
    }

    /// Raw HTML to write first. It is put in place after whitespace is
    /// normalized, so that it is written exactly as the same HTML inside
    /// the paragraph would be when the output is read back.
    pub(super) fn lead(&mut self, html: String) {
        self.lead.push_str(&html);
    }

    pub(super) fn take_lead(&mut self) -> String {
        std::mem::take(&mut self.lead)
    }

    /// Tags to write around the whole run (after the lead).
    pub(super) fn span(&mut self, open: String, close: String) {
        self.span = Some((open, close));
    }

    /// Whether nothing visible has been added (an empty link or raw tag
    /// pair counts as something).
    pub(super) fn is_blank(&self) -> bool {
        !self.toks.iter().any(|t| match t {
            Tok::Text(_) | Tok::Raw(_) | Tok::Break => true,
            Tok::Open(p) => matches!(self.pairs[*p].kind, PairKind::Fixed { .. }),
            _ => false,
        })
    }

    fn at(&self, span: Span) -> &str {
        &self.buf[span.start..span.end]
    }

    /// Adds `s` to the buffer: its range.
    fn push(&mut self, s: &str) -> Span {
        let start = self.buf.len();
        self.buf.push_str(s);
        Span {
            start,
            end: self.buf.len(),
        }
    }

    /// Adds decoded text: escaped, a white space run at either edge kept as
    /// a space token (whether it is kept is decided with its neighbours),
    /// each run inside written as one space (or one newline, where a
    /// paragraph keeps line breaks).
    pub(super) fn text(&mut self, t: &str) {
        let mut escaped = std::mem::take(&mut self.scratch);
        escaped.clear();
        escape::text(t, self.links > 0, &mut escaped);
        if self.escape_braces && escaped.contains('{') {
            escaped = escaped.replace('{', "\\{");
        }
        if self.hugo {
            escaped = escape::hugo_text(&escaped).into_owned();
        }
        if self.jekyll {
            escaped = escape::kramdown_text(&escaped).into_owned();
        }
        let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        let bytes = escaped.as_bytes();
        let mut text: Option<usize> = None;
        let mut ws: Option<bool> = None;
        let mut i = 0;
        while i < bytes.len() {
            if is_ws(bytes[i]) {
                ws = Some(ws.unwrap_or(false) || bytes[i] == b'\n' || bytes[i] == b'\r');
                i += 1;
                continue;
            }
            let end = bytes[i..]
                .iter()
                .position(|&b| is_ws(b))
                .map_or(bytes.len(), |k| i + k);
            match (text, ws.take()) {
                (None, ws) => {
                    if let Some(nl) = ws {
                        self.toks.push(if nl { Tok::Newline } else { Tok::Space });
                    }
                    text = Some(self.buf.len());
                }
                (Some(_), Some(nl)) => {
                    self.buf.push(if nl && self.kind == Kind::Para {
                        '\n'
                    } else {
                        ' '
                    });
                }
                (Some(_), None) => {}
            }
            self.buf.push_str(&escaped[i..end]);
            i = end;
        }
        if let Some(start) = text {
            self.toks.push(Tok::Text(Span {
                start,
                end: self.buf.len(),
            }));
        }
        if let Some(nl) = ws {
            self.toks.push(if nl { Tok::Newline } else { Tok::Space });
        }
        self.scratch = escaped;
    }

    pub(super) fn raw(&mut self, s: impl AsRef<str>) {
        let s = s.as_ref();
        if !s.is_empty() {
            let span = self.push(s);
            self.toks.push(Tok::Raw(span));
        }
    }

    pub(super) fn hard_break(&mut self) {
        self.toks.push(Tok::Break);
    }

    pub(super) fn soft_break(&mut self) {
        self.toks.push(Tok::Newline);
    }

    pub(super) fn open(&mut self, kind: PairKind) -> usize {
        if matches!(kind, PairKind::Fixed { link: true, .. }) {
            self.links += 1;
        }
        let (open, close) = match &kind {
            PairKind::Fixed { open, close, .. } => (Some(open.clone()), Some(close.clone())),
            _ => (None, None),
        };
        self.pairs.push(Pair {
            kind,
            open,
            close,
            pre: Span::default(),
            post: Span::default(),
        });
        let id = self.pairs.len() - 1;
        self.toks.push(Tok::Open(id));
        id
    }

    pub(super) fn close(&mut self, pair: usize) {
        if matches!(
            self.pairs.get(pair).map(|p| &p.kind),
            Some(PairKind::Fixed { link: true, .. })
        ) {
            self.links = self.links.saturating_sub(1);
        }
        self.toks.push(Tok::Close(pair));
    }

    /// The Markdown of the run: one or more lines, no trailing newline.
    pub(super) fn render(&mut self) -> String {
        self.normalize_space();
        if let Some((open, close)) = self.span.take() {
            self.pairs.push(Pair {
                kind: PairKind::Fixed {
                    open: open.clone(),
                    close: close.clone(),
                    link: false,
                },
                open: Some(open),
                close: Some(close),
                pre: Span::default(),
                post: Span::default(),
            });
            let p = self.pairs.len() - 1;
            self.toks.insert(0, Tok::Open(p));
            self.toks.push(Tok::Close(p));
        }
        if !self.lead.is_empty() {
            let lead = std::mem::take(&mut self.lead);
            let span = self.push(&lead);
            self.toks.insert(0, Tok::Raw(span));
        }
        self.decide_emphasis();
        let mut out = String::with_capacity(self.buf.len() + 16);
        for t in &self.toks {
            // `{{` then `<` or `%` from the next token: a Hugo shortcode
            // opener across two tokens (an autolink after `{{`).
            if self.hugo && out.ends_with("{{") {
                let next = match *t {
                    Tok::Text(s) | Tok::Raw(s) => self.at(s).chars().next(),
                    _ => None,
                };
                if matches!(next, Some('<' | '%')) {
                    out.push('\\');
                }
            }
            match *t {
                Tok::Text(s) | Tok::Raw(s) => out.push_str(self.at(s)),
                Tok::Space => out.push(' '),
                Tok::Newline => out.push(if self.kind == Kind::Para { '\n' } else { ' ' }),
                Tok::Break => out.push_str("\\\n"),
                Tok::Open(p) => {
                    let pair = &self.pairs[p];
                    out.push_str(self.at(pair.pre));
                    if matches!(pair.kind, PairKind::Fixed { link: true, .. }) {
                        guard_bang(&mut out);
                    }
                    out.push_str(pair.open.as_deref().unwrap_or_default());
                }
                Tok::Close(p) => {
                    let pair = &self.pairs[p];
                    out.push_str(pair.close.as_deref().unwrap_or_default());
                    out.push_str(self.at(pair.post));
                }
            }
        }
        if self.kind == Kind::Para {
            let mut md = String::with_capacity(out.len() + 4);
            for (k, l) in out.split('\n').enumerate() {
                let l = match k {
                    0 => escape::line_start(l),
                    _ => {
                        md.push('\n');
                        escape::delimiter_row(escape::line_start(l))
                    }
                };
                // A line starting `: ` is a definition in Goldmark's and
                // kramdown's definition lists.
                if (self.hugo || self.jekyll) && (l.starts_with(": ") || l.starts_with(":\t")) {
                    md.push('\\');
                }
                md.push_str(&l);
            }
            md
        } else {
            out
        }
    }

    fn is_link(&self, p: usize) -> bool {
        matches!(self.pairs[p].kind, PairKind::Fixed { link: true, .. })
    }

    /// Whitespace as HTML renders it: runs collapse, none at the edges, and
    /// none just inside a pair (`<em> a </em>` is ` *a* `: a delimiter next
    /// to a space neither opens nor closes). Empty emphasis is dropped.
    /// Hard breaks at the edges, and inside one-line kinds, become `<br />`.
    fn normalize_space(&mut self) {
        let toks = std::mem::take(&mut self.toks);
        let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
        let mut pending: Option<Tok> = None;
        let mut delayed: Vec<usize> = Vec::new();
        let mut content = false;
        for t in toks {
            match t {
                Tok::Space | Tok::Newline => {
                    if matches!(out.last(), Some(Tok::Break)) && delayed.is_empty() {
                        continue;
                    }
                    let nl = matches!(t, Tok::Newline) || matches!(pending, Some(Tok::Newline));
                    pending = Some(if nl { Tok::Newline } else { Tok::Space });
                }
                // Link text may start and end with whitespace: it stays
                // inside, as written.
                Tok::Open(p) if self.is_link(p) => {
                    if let Some(ws) = pending.take().filter(|_| content) {
                        out.push(ws);
                    }
                    out.extend(delayed.drain(..).map(Tok::Open));
                    out.push(Tok::Open(p));
                    content = true;
                }
                Tok::Close(p) if self.is_link(p) => {
                    if let Some(ws) = pending.take() {
                        out.push(ws);
                    }
                    out.push(Tok::Close(p));
                }
                Tok::Open(p) => delayed.push(p),
                Tok::Close(p) => {
                    if delayed.last() == Some(&p) {
                        delayed.pop();
                        if matches!(self.pairs[p].kind, PairKind::Em | PairKind::Strong) {
                            continue;
                        }
                        if let Some(ws) = pending.take().filter(|_| content) {
                            out.push(ws);
                        }
                        out.extend(delayed.drain(..).map(Tok::Open));
                        out.push(Tok::Open(p));
                        out.push(Tok::Close(p));
                        content = true;
                    } else {
                        out.push(Tok::Close(p));
                    }
                }
                Tok::Text(_) | Tok::Raw(_) | Tok::Break => {
                    let is_break = matches!(t, Tok::Break);
                    match pending.take() {
                        Some(_) if is_break => {}
                        Some(ws) if content => out.push(ws),
                        _ => {}
                    }
                    out.extend(delayed.drain(..).map(Tok::Open));
                    out.push(t);
                    content = true;
                }
            }
        }
        // A hard break needs text on both sides (section 6.7); elsewhere,
        // and in one-line kinds, it is the `<br />` it came from.
        let first = out
            .iter()
            .position(|t| matches!(t, Tok::Text(_) | Tok::Raw(_) | Tok::Break));
        let last = out
            .iter()
            .rposition(|t| matches!(t, Tok::Text(_) | Tok::Raw(_) | Tok::Break));
        let mut br = None;
        for (i, t) in out.iter_mut().enumerate() {
            if matches!(t, Tok::Break)
                && (self.kind == Kind::Line || Some(i) == first || Some(i) == last)
            {
                *t = if self.no_html {
                    Tok::Space
                } else {
                    let buf = &mut self.buf;
                    Tok::Raw(*br.get_or_insert_with(|| {
                        let start = buf.len();
                        buf.push_str("<br />");
                        Span {
                            start,
                            end: buf.len(),
                        }
                    }))
                };
            }
        }
        self.toks = out;
    }

    /// The character just before token `i` as it will be written; a line
    /// edge counts as whitespace.
    fn char_before(&self, i: usize) -> char {
        for t in self.toks[..i].iter().rev() {
            let c = match *t {
                Tok::Text(s) | Tok::Raw(s) => self.at(s).chars().last(),
                Tok::Space | Tok::Newline | Tok::Break => Some(' '),
                Tok::Open(q) => Some(
                    self.pairs[q]
                        .open
                        .as_deref()
                        .and_then(|s| s.chars().last())
                        .unwrap_or('*'),
                ),
                Tok::Close(q) => {
                    let p = &self.pairs[q];
                    self.at(p.post)
                        .chars()
                        .last()
                        .or_else(|| p.close.as_deref().and_then(|s| s.chars().last()))
                        .or(Some('*'))
                }
            };
            if let Some(c) = c {
                return c;
            }
        }
        ' '
    }

    fn char_after(&self, i: usize) -> char {
        for t in &self.toks[i + 1..] {
            let c = match *t {
                Tok::Text(s) | Tok::Raw(s) => self.at(s).chars().next(),
                Tok::Space | Tok::Newline | Tok::Break => Some(' '),
                Tok::Open(q) => {
                    let p = &self.pairs[q];
                    self.at(p.pre)
                        .chars()
                        .next()
                        .or_else(|| p.open.as_deref().and_then(|s| s.chars().next()))
                        .or(Some('*'))
                }
                Tok::Close(q) => Some(
                    self.pairs[q]
                        .close
                        .as_deref()
                        .and_then(|s| s.chars().next())
                        .unwrap_or('*'),
                ),
            };
            if let Some(c) = c {
                return c;
            }
        }
        ' '
    }

    /// The delimiter character of a decided emphasis pair next to token
    /// `j`, if the two would touch.
    fn touching(&self, j: Option<usize>, before: bool) -> Option<char> {
        let t = self.toks.get(j?)?;
        let (p, s) = match t {
            Tok::Open(q) if before || self.pairs[*q].pre.is_empty() => {
                (*q, self.pairs[*q].open.as_deref()?)
            }
            Tok::Close(q) if !before || self.pairs[*q].post.is_empty() => {
                (*q, self.pairs[*q].close.as_deref()?)
            }
            _ => return None,
        };
        if matches!(self.pairs[p].kind, PairKind::Em | PairKind::Strong) {
            s.chars().next()
        } else {
            None
        }
    }

    fn decide_emphasis(&mut self) {
        let mut at_open = vec![usize::MAX; self.pairs.len()];
        let mut at_close = vec![usize::MAX; self.pairs.len()];
        for (i, t) in self.toks.iter().enumerate() {
            match t {
                Tok::Open(p) => at_open[*p] = i,
                Tok::Close(p) => at_close[*p] = i,
                _ => {}
            }
        }
        for i in 0..self.toks.len() {
            let Tok::Open(p) = self.toks[i] else { continue };
            let strong = match self.pairs[p].kind {
                PairKind::Em => false,
                PairKind::Strong => true,
                PairKind::Fixed { .. } => continue,
            };
            let j = at_close[p];
            if j == usize::MAX || at_open[p] != i {
                self.set(p, strong, None);
                continue;
            }
            if let Some(c) = self.try_delims(p, i, j) {
                self.set(p, strong, Some(c));
                continue;
            }
            let moved = self.move_punct(p, i, j);
            if moved && let Some(c) = self.try_delims(p, i, j) {
                self.set(p, strong, Some(c));
                continue;
            }
            if moved {
                self.unmove_punct(p, i, j);
            }
            self.set(p, strong, None);
        }
    }

    fn set(&mut self, p: usize, strong: bool, c: Option<char>) {
        let no_html = self.no_html;
        let pair = &mut self.pairs[p];
        match c {
            Some(c) => {
                let d: String = std::iter::repeat_n(c, if strong { 2 } else { 1 }).collect();
                pair.open = Some(d.clone());
                pair.close = Some(d);
            }
            None if no_html => {
                // No delimiter renders here: the text without emphasis.
                pair.open = Some(String::new());
                pair.close = Some(String::new());
            }
            None => {
                let tag = if strong { "strong" } else { "em" };
                pair.open = Some(format!("<{tag}>"));
                pair.close = Some(format!("</{tag}>"));
            }
        }
    }

    /// The first delimiter character that opens at `i`, closes at `j` and
    /// touches no decided delimiter of the same character.
    fn try_delims(&self, p: usize, i: usize, j: usize) -> Option<char> {
        let open_prev = self
            .at(self.pairs[p].pre)
            .chars()
            .last()
            .unwrap_or_else(|| self.char_before(i));
        let open_next = self.char_after(i);
        let close_prev = self.char_before(j);
        let close_next = self
            .at(self.pairs[p].post)
            .chars()
            .next()
            .unwrap_or_else(|| self.char_after(j));
        let near = [
            if self.pairs[p].pre.is_empty() {
                self.touching(i.checked_sub(1), true)
            } else {
                None
            },
            self.touching(Some(i + 1), false),
            self.touching(j.checked_sub(1), true),
            if self.pairs[p].post.is_empty() {
                self.touching(Some(j + 1), false)
            } else {
                None
            },
        ];
        ['*', '_'].into_iter().find(|&c| {
            !near.contains(&Some(c))
                && can_open(c, open_prev, open_next)
                && can_close(c, close_prev, close_next)
        })
    }

    /// Moves punctuation at the inner edges of pair `p` outside it, where
    /// punctuation inside and a letter outside stop the delimiter from
    /// flanking. Returns whether anything moved.
    fn move_punct(&mut self, p: usize, i: usize, j: usize) -> bool {
        let mut moved = false;
        let (prev, next) = (self.char_before(i), self.char_after(i));
        if is_punct(next)
            && !is_ws(prev)
            && !is_punct(prev)
            && let Some(&Tok::Text(span)) = self.toks.get(i + 1)
        {
            // The first word of the text.
            let s = self.at(span);
            let s = &s[..s.find([' ', '\n']).unwrap_or(s.len())];
            let n = s
                .char_indices()
                .find(|&(_, c)| !is_punct(c))
                .map_or(s.len(), |(k, _)| k);
            let rest = &s[n..];
            if n > 0 && !rest.is_empty() && !s[..n].ends_with('&') && !s[..n].ends_with('\\') {
                let cut = span.start + n;
                self.pairs[p].pre = Span {
                    start: span.start,
                    end: cut,
                };
                self.toks[i + 1] = Tok::Text(Span { start: cut, ..span });
                moved = true;
            }
        }
        let (prev, next) = (self.char_before(j), self.char_after(j));
        if is_punct(prev)
            && !is_ws(next)
            && !is_punct(next)
            && j > i + 1
            && let Some(&Tok::Text(span)) = self.toks.get(j - 1)
        {
            // The last word of the text.
            let all = self.at(span);
            let word = all.rfind([' ', '\n']).map_or(0, |k| k + 1);
            let s = &all[word..];
            let n = s
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_punct(c))
                .map_or(0, |(k, c)| k + c.len_utf8());
            let (rest, tail) = s.split_at(n);
            // Never split a character reference or a backslash escape.
            let splits_entity = tail.starts_with(';') && rest.contains('&');
            if !tail.is_empty() && !rest.is_empty() && !splits_entity && !rest.ends_with('\\') {
                let cut = span.start + word + n;
                self.pairs[p].post = Span {
                    start: cut,
                    end: span.end,
                };
                self.toks[j - 1] = Tok::Text(Span { end: cut, ..span });
                moved = true;
            }
        }
        moved
    }

    /// Puts back what `move_punct` moved: the ranges it was cut from.
    fn unmove_punct(&mut self, p: usize, i: usize, j: usize) {
        let pre = std::mem::take(&mut self.pairs[p].pre);
        if !pre.is_empty()
            && let Some(Tok::Text(span)) = self.toks.get_mut(i + 1)
        {
            span.start = pre.start;
        }
        let post = std::mem::take(&mut self.pairs[p].post);
        if !post.is_empty()
            && let Some(Tok::Text(span)) = self.toks.get_mut(j - 1)
        {
            span.end = post.end;
        }
    }
}

/// A `!` just before a link's `[` would make it an image.
fn guard_bang(out: &mut String) {
    if out.ends_with('!') {
        let backslashes = out[..out.len() - 1]
            .chars()
            .rev()
            .take_while(|&c| c == '\\')
            .count();
        if backslashes % 2 == 0 {
            out.insert(out.len() - 1, '\\');
        }
    }
}

/// Section 6.2, rules 1-8: whether a run of `c` between `prev` and `next`
/// can open / close emphasis.
fn can_open(c: char, prev: char, next: char) -> bool {
    let lf = left_flanking(prev, next);
    match c {
        '*' => lf,
        _ => lf && (!right_flanking(prev, next) || is_punct(prev)),
    }
}

fn can_close(c: char, prev: char, next: char) -> bool {
    let rf = right_flanking(prev, next);
    match c {
        '*' => rf,
        _ => rf && (!left_flanking(prev, next) || is_punct(next)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(build: impl FnOnce(&mut Inline)) -> String {
        let mut i = Inline::new(Kind::Para);
        build(&mut i);
        i.render()
    }

    #[test]
    fn emphasis_with_cjk_punctuation_moves_it_outside() {
        let md = run(|i| {
            let p = i.open(PairKind::Strong);
            i.text("注意，");
            i.close(p);
            i.text("正文");
        });
        assert_eq!(md, "**注意**，正文");
    }

    #[test]
    fn emphasis_that_cannot_flank_falls_back_to_html() {
        let md = run(|i| {
            i.text("中文");
            let p = i.open(PairKind::Strong);
            i.text("，");
            i.close(p);
            i.text("中文");
        });
        assert_eq!(md, "中文<strong>，</strong>中文");
    }

    #[test]
    fn intraword_emphasis_uses_stars() {
        let md = run(|i| {
            i.text("foo");
            let p = i.open(PairKind::Em);
            i.text("bar");
            i.close(p);
            i.text("baz");
        });
        assert_eq!(md, "foo*bar*baz");
    }

    #[test]
    fn nested_emphasis_alternates_delimiters() {
        let md = run(|i| {
            let a = i.open(PairKind::Strong);
            let b = i.open(PairKind::Em);
            i.text("x");
            i.close(b);
            i.close(a);
        });
        assert_eq!(md, "**_x_**");
    }

    #[test]
    fn spaces_move_outside_delimiters() {
        let md = run(|i| {
            i.text("a");
            let p = i.open(PairKind::Em);
            i.text(" b ");
            i.close(p);
            i.text("c");
        });
        assert_eq!(md, "a *b* c");
    }

    #[test]
    fn hard_breaks_and_block_starts() {
        let md = run(|i| {
            i.text("a");
            i.hard_break();
            i.text("\n# b\n1. c");
        });
        assert_eq!(md, "a\\\n\\# b\n1\\. c");
    }
}
