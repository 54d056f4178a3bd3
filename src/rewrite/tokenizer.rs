//! The HTML5 tokenizer (WHATWG HTML § 13.2.5), pulled one token at a time by
//! the tree builder in [`super::balance`].
//!
//! It scans bytes: every delimiter the tokenizer cares about is ASCII, so
//! slicing the `&str` at those positions is always on a char boundary. Text,
//! names and values borrow from the input unless something had to change
//! (a character reference, a NUL, an upper-case letter); then they are owned.
//!
//! Input is expected with newlines already normalized (CR LF and CR to LF,
//! § 13.2.3.5); [`normalize_newlines`] does that.

use std::borrow::Cow;

use crate::html::entities;

/// A token, as § 13.2.5 emits them. Adjacent characters come as one run.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    Text(Cow<'a, str>),
    /// A U+0000 in the data state: the tree builder decides (ignored in
    /// body, U+FFFD in foreign content).
    Null,
    StartTag(Tag<'a>),
    EndTag(Tag<'a>),
    Comment(Cow<'a, str>),
    Doctype(Doctype),
    Eof,
}

/// A start or end tag: lower-case name, attributes in source order (the
/// first of duplicate names wins, § 13.2.5.33).
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Tag<'a> {
    pub name: Cow<'a, str>,
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub self_closing: bool,
}

impl Tag<'_> {
    /// The value of an attribute, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// What a DOCTYPE says; only the quirks decision reads it.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Doctype {
    pub name: Option<String>,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    pub force_quirks: bool,
}

/// The content model the tree builder switches the tokenizer to after some
/// start tags (§ 13.2.6.2 "generic raw text / RCDATA element parsing").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Data,
    /// `title`, `textarea`: text with character references.
    Rcdata,
    /// `style`, `xmp`, `iframe`, `noembed`, `noframes`: text as is.
    Rawtext,
    /// `script`, with its escape states.
    ScriptData,
    /// `plaintext`: the rest of the input is text.
    Plaintext,
}

/// CR LF and lone CR become LF (§ 13.2.3.5), borrowing when there is none.
pub fn normalize_newlines(input: &str) -> Cow<'_, str> {
    if !input.contains('\r') {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// The tokenizer over one (newline-normalized) input.
pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    state: State,
    /// The last start tag's name: the "appropriate end tag" of raw text.
    last_start: String,
    /// Set by the tree builder before each token: whether `<![CDATA[` opens
    /// a CDATA section (only when the adjusted current node is foreign).
    pub cdata_allowed: bool,
    done: bool,
    /// The input ended inside a tag, which was dropped (§ 13.2.5.8
    /// "eof-in-tag").
    ended_in_tag: bool,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            src,
            pos: 0,
            state: State::Data,
            last_start: String::new(),
            cdata_allowed: false,
            done: false,
            ended_in_tag: false,
        }
    }

    /// Whether the input ended inside a tag (`a<img alt="`): the tag was
    /// dropped, so the text before it is all that was read. Put beside
    /// other markup, such a string makes what follows its attributes.
    pub fn ended_in_tag(&self) -> bool {
        self.ended_in_tag
    }

    /// Switches the content model; the end tag that leaves it is the last
    /// start tag's name.
    pub fn set_state(&mut self, state: State) {
        self.state = state;
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.src.get(from..to).unwrap_or_default()
    }

    /// The next token; `Eof` forever once the input is exhausted.
    pub fn next_token(&mut self) -> Token<'a> {
        if self.done {
            return Token::Eof;
        }
        loop {
            let token = match self.state {
                State::Data => self.data(),
                State::Rcdata => self.raw_text(true),
                State::Rawtext => self.raw_text(false),
                State::ScriptData => self.script_data(),
                State::Plaintext => self.plaintext(),
            };
            match token {
                Some(Token::Eof) => {
                    self.done = true;
                    return Token::Eof;
                }
                Some(t) => return t,
                // Nothing to emit (e.g. `</>`): go on.
                None => continue,
            }
        }
    }

    // ---- data state -------------------------------------------------------

    fn data(&mut self) -> Option<Token<'a>> {
        let bytes = self.bytes();
        let Some(&first) = bytes.get(self.pos) else {
            return Some(Token::Eof);
        };
        if first == b'\0' {
            self.pos += 1;
            return Some(Token::Null);
        }
        if first == b'<' {
            match self.byte(self.pos + 1) {
                Some(b) if b.is_ascii_alphabetic() => return self.tag(false),
                Some(b'/') => return self.end_tag_open(),
                Some(b'!') => return self.markup_declaration(),
                Some(b'?') => {
                    // § 13.2.5.6: `<?` starts a bogus comment, `?` included.
                    self.pos += 1;
                    return Some(self.bogus_comment());
                }
                _ => {}
            }
        }
        // A run of text up to the next tag-like `<`, NUL or end.
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut at = self.pos;
        let mut copied = start;
        while let Some(&b) = bytes.get(at) {
            match b {
                b'<' if at > start
                    && matches!(self.byte(at + 1), Some(n) if n.is_ascii_alphabetic() || matches!(n, b'/' | b'!' | b'?')) =>
                {
                    break;
                }
                b'\0' => break,
                b'&' => {
                    if let Some(r) = entities::resolve(self.slice(at + 1, self.src.len()), false) {
                        let out = owned.get_or_insert_with(String::new);
                        out.push_str(self.slice(copied, at));
                        r.text.push_to(out);
                        at += 1 + r.len;
                        copied = at;
                    } else {
                        at += 1;
                    }
                }
                _ => at += 1,
            }
        }
        self.pos = at;
        Some(Token::Text(match owned {
            Some(mut s) => {
                s.push_str(self.slice(copied, at));
                Cow::Owned(s)
            }
            None => Cow::Borrowed(self.slice(start, at)),
        }))
    }

    // ---- tags ---------------------------------------------------------------

    /// `</`: an end tag, nothing (`</>`), text (`</` at the end) or a bogus
    /// comment (§ 13.2.5.7).
    fn end_tag_open(&mut self) -> Option<Token<'a>> {
        match self.byte(self.pos + 2) {
            Some(b) if b.is_ascii_alphabetic() => self.tag(true),
            Some(b'>') => {
                self.pos += 3;
                None
            }
            None => {
                self.pos += 2;
                Some(Token::Text(Cow::Borrowed("</")))
            }
            Some(_) => {
                self.pos += 2;
                Some(self.bogus_comment())
            }
        }
    }

    /// A tag whose name starts at `pos + 1` (start) or `pos + 2` (end).
    /// Returns `Eof` when the input ends inside the tag: the tag is dropped
    /// (§ 13.2.5.8 "eof-in-tag").
    fn tag(&mut self, end: bool) -> Option<Token<'a>> {
        let mut at = self.pos + if end { 2 } else { 1 };
        let name_start = at;
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(at) {
            if is_ws(b) || b == b'/' || b == b'>' {
                break;
            }
            at += 1;
        }
        if at >= bytes.len() {
            self.pos = at;
            self.ended_in_tag = true;
            return Some(Token::Eof);
        }
        let name = lower_name(self.slice(name_start, at));
        let mut tag = Tag {
            name,
            attrs: Vec::new(),
            self_closing: false,
        };
        let mut seen: Option<std::collections::HashSet<Cow<'_, str>>> = None;
        // Before attribute name / after attribute name / self-closing start
        // tag states, folded into one loop.
        loop {
            while bytes.get(at).is_some_and(|&b| is_ws(b)) {
                at += 1;
            }
            match bytes.get(at) {
                None => {
                    self.pos = at;
                    self.ended_in_tag = true;
                    return Some(Token::Eof);
                }
                Some(b'>') => {
                    at += 1;
                    break;
                }
                Some(b'/') => {
                    at += 1;
                    if bytes.get(at) == Some(&b'>') {
                        tag.self_closing = true;
                        at += 1;
                        break;
                    }
                }
                Some(_) => {
                    let Some((attr, next)) = self.attribute(at) else {
                        self.pos = bytes.len();
                        self.ended_in_tag = true;
                        return Some(Token::Eof);
                    };
                    at = next;
                    // A repeated attribute is dropped (§ 13.2.5.33); past a
                    // few, the names are looked up in a set, not the list,
                    // so that a tag of 10,000 attributes stays linear.
                    let repeated = match &mut seen {
                        Some(set) => !set.insert(attr.0.clone()),
                        None => tag.attrs.iter().any(|(n, _)| *n == attr.0),
                    };
                    if !end && !repeated {
                        tag.attrs.push(attr);
                        if seen.is_none() && tag.attrs.len() > 16 {
                            seen = Some(tag.attrs.iter().map(|(n, _)| n.clone()).collect());
                        }
                    }
                }
            }
        }
        self.pos = at;
        if end {
            Some(Token::EndTag(tag))
        } else {
            self.last_start.clear();
            self.last_start.push_str(&tag.name);
            Some(Token::StartTag(tag))
        }
    }

    /// One attribute starting at `at` (not whitespace, `/` or `>`). Returns it
    /// and the position after it, or `None` at the end of input.
    #[allow(clippy::type_complexity)]
    fn attribute(&self, mut at: usize) -> Option<((Cow<'a, str>, Cow<'a, str>), usize)> {
        let bytes = self.bytes();
        let start = at;
        // § 13.2.5.32: a leading `=` is part of the name.
        if bytes.get(at) == Some(&b'=') {
            at += 1;
        }
        while let Some(&b) = bytes.get(at) {
            if is_ws(b) || b == b'/' || b == b'>' || b == b'=' {
                break;
            }
            at += 1;
        }
        let name = lower_name(self.slice(start, at));
        let mut look = at;
        while bytes.get(look).is_some_and(|&b| is_ws(b)) {
            look += 1;
        }
        if bytes.get(look) != Some(&b'=') {
            // No value: the spaces are skipped again by the caller's loop.
            return Some(((name, Cow::Borrowed("")), at));
        }
        at = look + 1;
        while bytes.get(at).is_some_and(|&b| is_ws(b)) {
            at += 1;
        }
        let value = match bytes.get(at)? {
            &q @ (b'"' | b'\'') => {
                let from = at + 1;
                let mut to = from;
                while bytes.get(to).is_some_and(|&b| b != q) {
                    to += 1;
                }
                if to >= bytes.len() {
                    return None;
                }
                at = to + 1;
                self.attr_value(from, to)
            }
            b'>' => Cow::Borrowed(""),
            _ => {
                let from = at;
                while bytes.get(at).is_some_and(|&b| !is_ws(b) && b != b'>') {
                    at += 1;
                }
                self.attr_value(from, at)
            }
        };
        Some(((name, value), at))
    }

    /// An attribute value between `from` and `to`, with character
    /// references resolved (attribute rules) and NUL replaced.
    fn attr_value(&self, from: usize, to: usize) -> Cow<'a, str> {
        let raw = self.slice(from, to);
        if !raw.bytes().any(|b| b == b'&' || b == b'\0') {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        decode_into(raw, true, &mut out);
        Cow::Owned(out)
    }

    // ---- markup declarations, comments, doctype ---------------------------

    fn markup_declaration(&mut self) -> Option<Token<'a>> {
        let rest = self.slice(self.pos + 2, self.src.len());
        if rest.starts_with("--") {
            self.pos += 4;
            return Some(self.comment());
        }
        if rest.len() >= 7
            && rest
                .as_bytes()
                .get(..7)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"doctype"))
        {
            self.pos += 9;
            return Some(self.doctype());
        }
        if self.cdata_allowed && rest.starts_with("[CDATA[") {
            let from = self.pos + 9;
            let (to, next) = match self.slice(from, self.src.len()).find("]]>") {
                Some(i) => (from + i, from + i + 3),
                None => (self.src.len(), self.src.len()),
            };
            self.pos = next;
            // NUL becomes U+FFFD, as the foreign content rules do.
            return Some(Token::Text(replace_nul(self.slice(from, to))));
        }
        self.pos += 2;
        Some(self.bogus_comment())
    }

    /// A comment whose text starts at `pos` (after `<!--`). It ends at the
    /// first `-->` or `--!>`, or abruptly at `>`/`->` right at the start
    /// (§ 13.2.5.43-52; the nested-comment states only report errors).
    fn comment(&mut self) -> Token<'a> {
        let from = self.pos;
        let rest = self.slice(from, self.src.len());
        if rest.starts_with('>') {
            self.pos += 1;
            return Token::Comment(Cow::Borrowed(""));
        }
        if rest.starts_with("->") {
            self.pos += 2;
            return Token::Comment(Cow::Borrowed(""));
        }
        let bytes = rest.as_bytes();
        let mut i = 0;
        let (end, next) = loop {
            let Some(d) = bytes
                .get(i..)
                .and_then(|b| b.iter().position(|&c| c == b'-'))
            else {
                break (rest.len(), rest.len());
            };
            let at = i + d;
            let tail = bytes.get(at..).unwrap_or_default();
            if tail.starts_with(b"-->") {
                break (at, at + 3);
            }
            if tail.starts_with(b"--!>") {
                break (at, at + 4);
            }
            i = at + 1;
        };
        self.pos = from + next;
        let text = self.slice(from, from + end);
        // Cut off by the end of the input, a comment drops the `-`, `--` or
        // `--!` it was reading as a possible end (§ 13.2.5.50-52, EOF in
        // "comment end dash", "comment end" and "comment end bang").
        let text = if end == rest.len() {
            text.strip_suffix("--!")
                .or_else(|| text.strip_suffix("--"))
                .or_else(|| text.strip_suffix('-'))
                .unwrap_or(text)
        } else {
            text
        };
        Token::Comment(replace_nul(text))
    }

    /// From `pos` to the next `>` (§ 13.2.5.41).
    fn bogus_comment(&mut self) -> Token<'a> {
        let from = self.pos;
        let rest = self.slice(from, self.src.len());
        let (end, next) = match rest.find('>') {
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        self.pos = from + next;
        Token::Comment(replace_nul(self.slice(from, from + end)))
    }

    /// A DOCTYPE after the keyword (§ 13.2.5.53-68), enough to decide the
    /// quirks mode: name, public and system identifiers, force-quirks.
    fn doctype(&mut self) -> Token<'a> {
        let bytes = self.bytes();
        let mut at = self.pos;
        let mut d = Doctype::default();
        let skip_ws = |at: &mut usize| {
            while bytes.get(*at).is_some_and(|&b| is_ws(b)) {
                *at += 1;
            }
        };
        skip_ws(&mut at);
        match bytes.get(at) {
            None | Some(b'>') => {
                d.force_quirks = true;
                self.pos = (at + 1).min(bytes.len());
                return Token::Doctype(d);
            }
            _ => {}
        }
        let from = at;
        while bytes.get(at).is_some_and(|&b| !is_ws(b) && b != b'>') {
            at += 1;
        }
        d.name = Some(replace_nul(self.slice(from, at)).to_ascii_lowercase());
        skip_ws(&mut at);
        let keyword = bytes.get(at..at + 6).unwrap_or_default();
        let mut ok = true;
        if bytes.get(at) == Some(&b'>') || at >= bytes.len() {
            d.force_quirks = at >= bytes.len();
        } else if keyword.eq_ignore_ascii_case(b"public") || keyword.eq_ignore_ascii_case(b"system")
        {
            let public = keyword.eq_ignore_ascii_case(b"public");
            at += 6;
            skip_ws(&mut at);
            match self.quoted_id(&mut at) {
                Some(Some(id)) => {
                    if public {
                        d.public_id = Some(id);
                        skip_ws(&mut at);
                        match self.quoted_id(&mut at) {
                            Some(Some(id)) => d.system_id = Some(id),
                            Some(None) => ok = bytes.get(at) == Some(&b'>'),
                            None => ok = false,
                        }
                    } else {
                        d.system_id = Some(id);
                    }
                }
                // PUBLIC or SYSTEM without an identifier.
                Some(None) => ok = false,
                None => ok = false,
            }
            if !ok {
                d.force_quirks = true;
            }
        } else {
            d.force_quirks = true;
        }
        // Whatever is left up to `>` (a bogus DOCTYPE tail) is skipped.
        match self.slice(at, self.src.len()).find('>') {
            Some(i) => self.pos = at + i + 1,
            None => {
                d.force_quirks = true;
                self.pos = bytes.len();
            }
        }
        Token::Doctype(d)
    }

    /// A quoted DOCTYPE identifier at `at`: `Some(Some(id))` when read,
    /// `Some(None)` when there is no quote, `None` when it ended abruptly
    /// (a `>` or the end inside the quotes).
    fn quoted_id(&self, at: &mut usize) -> Option<Option<String>> {
        let bytes = self.bytes();
        let q = match bytes.get(*at) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Some(None),
        };
        let from = *at + 1;
        let mut to = from;
        while let Some(&b) = bytes.get(to) {
            if b == q {
                *at = to + 1;
                return Some(Some(replace_nul(self.slice(from, to)).into_owned()));
            }
            if b == b'>' {
                *at = to;
                return None;
            }
            to += 1;
        }
        *at = to;
        None
    }

    // ---- raw text ------------------------------------------------------------

    /// Whether an appropriate end tag (`</name` + whitespace, `/` or `>`)
    /// starts at `at`.
    fn appropriate_end_tag_at(&self, at: usize) -> bool {
        let bytes = self.bytes();
        let n = self.last_start.len();
        if bytes.get(at..at + 2) != Some(b"</".as_slice()) {
            return false;
        }
        let Some(name) = bytes.get(at + 2..at + 2 + n) else {
            return false;
        };
        name.eq_ignore_ascii_case(self.last_start.as_bytes())
            && bytes
                .get(at + 2 + n)
                .is_some_and(|&b| is_ws(b) || b == b'/' || b == b'>')
    }

    /// RCDATA and RAWTEXT (§ 13.2.5.2-3, 9-14): text up to the appropriate
    /// end tag, which is then tokenized as a normal end tag.
    fn raw_text(&mut self, references: bool) -> Option<Token<'a>> {
        let bytes = self.bytes();
        if self.pos >= bytes.len() {
            return Some(Token::Eof);
        }
        if self.appropriate_end_tag_at(self.pos) {
            self.state = State::Data;
            return self.tag(true);
        }
        let from = self.pos;
        let mut at = from + 1;
        while at < bytes.len() && !(bytes.get(at) == Some(&b'<') && self.appropriate_end_tag_at(at))
        {
            at += 1;
        }
        self.pos = at;
        let raw = self.slice(from, at);
        if references && raw.contains('&') {
            let mut out = String::with_capacity(raw.len());
            decode_into(raw, false, &mut out);
            return Some(Token::Text(Cow::Owned(out)));
        }
        Some(Token::Text(replace_nul(raw)))
    }

    fn plaintext(&mut self) -> Option<Token<'a>> {
        if self.pos >= self.src.len() {
            return Some(Token::Eof);
        }
        let from = self.pos;
        self.pos = self.src.len();
        Some(Token::Text(replace_nul(self.slice(from, self.pos))))
    }

    /// Script data with its escaped and double-escaped states
    /// (§ 13.2.5.4, 15-31): `<!--<script>` hides a `</script>` from the end.
    fn script_data(&mut self) -> Option<Token<'a>> {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Plain,
            Esc,
            EscDash,
            EscDashDash,
            Double,
            DoubleDash,
            DoubleDashDash,
        }
        let bytes = self.bytes();
        if self.pos >= bytes.len() {
            return Some(Token::Eof);
        }
        if self.appropriate_end_tag_at(self.pos) {
            self.state = State::Data;
            return self.tag(true);
        }
        let letters_at = |at: usize| -> usize {
            bytes
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count()
        };
        // Whether `script` followed by a delimiter starts at `at`.
        let script_word = |at: usize| -> (bool, usize) {
            let n = letters_at(at);
            let word = bytes.get(at..at + n).unwrap_or_default();
            let delimited = bytes
                .get(at + n)
                .is_some_and(|&b| is_ws(b) || b == b'/' || b == b'>');
            (delimited && word.eq_ignore_ascii_case(b"script"), n)
        };
        let from = self.pos;
        let mut at = from;
        let mut s = S::Plain;
        while let Some(&b) = bytes.get(at) {
            match (s, b) {
                (S::Plain | S::Esc | S::EscDash | S::EscDashDash, b'<')
                    if self.appropriate_end_tag_at(at) =>
                {
                    break;
                }
                (S::Plain, b'<') => {
                    if bytes.get(at..at + 4) == Some(b"<!--".as_slice()) {
                        at += 4;
                        s = S::EscDashDash;
                    } else {
                        at += 1;
                    }
                }
                (S::Esc | S::EscDash | S::EscDashDash, b'<') => {
                    let (is_script, n) = script_word(at + 1);
                    at += 1 + n;
                    s = if is_script { S::Double } else { S::Esc };
                }
                (S::Esc, b'-') => {
                    at += 1;
                    s = S::EscDash;
                }
                (S::EscDash | S::EscDashDash, b'-') => {
                    at += 1;
                    s = S::EscDashDash;
                }
                (S::EscDashDash, b'>') | (S::DoubleDashDash, b'>') => {
                    at += 1;
                    s = S::Plain;
                }
                (S::EscDash | S::EscDashDash, _) => {
                    at += 1;
                    s = S::Esc;
                }
                (S::Double | S::DoubleDash | S::DoubleDashDash, b'<') => {
                    at += 1;
                    if bytes.get(at) == Some(&b'/') {
                        let (is_script, n) = script_word(at + 1);
                        at += 1 + n;
                        s = if is_script { S::Esc } else { S::Double };
                    } else {
                        s = S::Double;
                    }
                }
                (S::Double, b'-') => {
                    at += 1;
                    s = S::DoubleDash;
                }
                (S::DoubleDash | S::DoubleDashDash, b'-') => {
                    at += 1;
                    s = S::DoubleDashDash;
                }
                (S::DoubleDash | S::DoubleDashDash, _) => {
                    at += 1;
                    s = S::Double;
                }
                _ => at += 1,
            }
        }
        self.pos = at;
        Some(Token::Text(replace_nul(self.slice(from, at))))
    }
}

/// Decodes character references (and replaces NUL) in `raw`.
fn decode_into(raw: &str, in_attribute: bool, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'&' => {
                if let Some(r) =
                    entities::resolve(raw.get(at + 1..).unwrap_or_default(), in_attribute)
                {
                    out.push_str(raw.get(copied..at).unwrap_or_default());
                    r.text.push_to(out);
                    at += 1 + r.len;
                    copied = at;
                } else {
                    at += 1;
                }
            }
            b'\0' => {
                out.push_str(raw.get(copied..at).unwrap_or_default());
                out.push('\u{FFFD}');
                at += 1;
                copied = at;
            }
            _ => at += 1,
        }
    }
    out.push_str(raw.get(copied..).unwrap_or_default());
}

/// NUL becomes U+FFFD (tag names, attribute names, comments, raw text).
fn replace_nul(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Tag and attribute names: ASCII upper case lowered, NUL replaced.
fn lower_name(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || b == b'\0') {
        Cow::Owned(s.to_ascii_lowercase().replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Vec<Token<'_>> {
        let mut t = Tokenizer::new(input);
        let mut out = Vec::new();
        loop {
            let tok = t.next_token();
            if tok == Token::Eof {
                return out;
            }
            if let Token::StartTag(tag) = &tok {
                match tag.name.as_ref() {
                    "script" => t.set_state(State::ScriptData),
                    "title" | "textarea" => t.set_state(State::Rcdata),
                    "style" => t.set_state(State::Rawtext),
                    _ => {}
                }
            }
            out.push(tok);
        }
    }

    fn text(s: &str) -> Token<'_> {
        Token::Text(Cow::Borrowed(s))
    }

    #[test]
    fn tags_attributes_and_text() {
        let t = tokens("<P Class=x id='a&amp;b' checked>Hi &lt;3</p>");
        assert_eq!(t.len(), 3);
        let Token::StartTag(tag) = &t[0] else {
            panic!("{t:?}")
        };
        assert_eq!(tag.name, "p");
        assert_eq!(tag.attr("class"), Some("x"));
        assert_eq!(tag.attr("id"), Some("a&b"));
        assert_eq!(tag.attr("checked"), Some(""));
        assert_eq!(t[1], text("Hi <3"));
    }

    #[test]
    fn stray_less_than_and_end_tags() {
        let t = tokens("a < b <3 </> c");
        assert_eq!(t, vec![text("a < b <3 "), text(" c")]);
        assert_eq!(tokens("x</"), vec![text("x"), text("</")]);
    }

    #[test]
    fn comments_and_bogus_comments() {
        assert_eq!(
            tokens("<!--more--><!---->x<!-- a -- b --!><?php x ?>"),
            vec![
                Token::Comment("more".into()),
                Token::Comment("".into()),
                text("x"),
                Token::Comment(" a -- b ".into()),
                Token::Comment("?php x ?".into()),
            ]
        );
    }

    #[test]
    fn a_comment_cut_off_by_the_end_drops_its_partial_end() {
        for (input, comment) in [
            ("<!-- a", " a"),
            ("<!-- a -", " a "),
            ("<!-- a --", " a "),
            ("<!-- a --!", " a "),
            ("<!-- a ---", " a -"),
            ("<!-- a --!-", " a --!"),
            ("<!---", ""),
            ("<!----", ""),
            ("<!--more-", "more"),
        ] {
            assert_eq!(
                tokens(input),
                vec![Token::Comment(comment.into())],
                "{input}"
            );
        }
    }

    #[test]
    fn raw_text_ends_only_at_its_end_tag() {
        let t = tokens("<script>if (a</b) x = '<!--<script>'</script>';</script>z");
        assert_eq!(t[1], text("if (a</b) x = '<!--<script>'</script>';"));
        let t = tokens("<title>a &amp; <b></title>");
        assert_eq!(t[1], Token::Text("a & <b>".into()));
    }

    #[test]
    fn eof_inside_a_tag_drops_it() {
        assert_eq!(tokens("a<div class="), vec![text("a")]);
        for (input, inside) in [
            ("a<div class=", true),
            ("a<img alt=\"x>", true),
            ("a<b", true),
            ("a</b x", true),
            ("a<b>", false),
            ("a < b", false),
            ("a<!-- c", false),
        ] {
            let mut t = Tokenizer::new(input);
            while t.next_token() != Token::Eof {}
            assert_eq!(t.ended_in_tag(), inside, "{input}");
        }
    }

    #[test]
    fn doctype_quirks_fields() {
        let t = tokens("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">");
        let Token::Doctype(d) = &t[0] else { panic!() };
        assert_eq!(d.name.as_deref(), Some("html"));
        assert_eq!(d.public_id.as_deref(), Some("-//W3C//DTD HTML 4.01//EN"));
        assert!(!d.force_quirks);
    }

    #[test]
    fn newlines_are_normalized() {
        assert_eq!(normalize_newlines("a\r\nb\rc"), "a\nb\nc");
    }
}
