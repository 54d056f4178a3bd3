//! Finding `<item>` boundaries in the raw bytes, without an XML parser.
//!
//! An XML parser cannot be trusted to recover after a syntax error, so the
//! export is cut into segments first: each `<item>...</item>` (what becomes
//! one post, page or attachment) and the channel bytes between items. Each
//! segment is then parsed on its own, so a bad item costs that item only.
//!
//! The lexer knows just enough XML to not be fooled: comments, CDATA
//! sections (a post about RSS has `<item>` in its content), processing
//! instructions, the DOCTYPE (with its internal subset) and quoted attribute
//! values. It reads the file in chunks: memory holds the current segment and
//! one chunk of look-ahead, never the export.

use std::io::{self, Read};

use memchr::{memchr, memchr3};

const CHUNK: usize = 256 * 1024;
/// Channel bytes (terms, authors) are handed on in pieces of about this
/// size, cut before a tag, so a huge channel header is not held whole.
const CHANNEL_PIECE: usize = 1024 * 1024;

/// A place in the export: byte offset and 1-based line and column (bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub offset: u64,
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The position `rel` bytes into `bytes`, which start at `self`.
    pub fn advance(self, bytes: &[u8], rel: usize) -> Pos {
        let before = &bytes[..rel.min(bytes.len())];
        let newlines = memchr::memchr_iter(b'\n', before).count();
        let col = match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => before.len() - nl,
            None => self.col + before.len(),
        };
        Pos {
            offset: self.offset + before.len() as u64,
            line: self.line + newlines,
            col,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Bytes outside any item: the channel's own elements.
    Channel,
    /// One whole `<item ...>...</item>`.
    Item,
    /// An `<item>` whose `</item>` never came: it runs to the next `<item>`
    /// or to the end of the file.
    Unclosed,
}

/// Finds the `>` that ends a `<!DOCTYPE ...>` read in pieces: an internal
/// subset `[...]` may hold `>` in entity declarations, and quoted strings
/// may hold anything. Shared by the splitter and the export sniffing.
#[derive(Default)]
pub struct DoctypeScan {
    quote: Option<u8>,
    depth: usize,
}

impl DoctypeScan {
    /// The index just after the ending `>` in `bytes`, or `None` when the
    /// declaration goes on past them (feed the next piece).
    pub fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            match (self.quote, b) {
                (Some(q), _) if b == q => self.quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => self.quote = Some(b),
                (None, b'[') => self.depth += 1,
                (None, b']') => self.depth = self.depth.saturating_sub(1),
                (None, b'>') if self.depth == 0 => return Some(i + 1),
                _ => {}
            }
        }
        None
    }
}

/// A piece of the export.
#[derive(Debug)]
pub struct Segment {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub start: Pos,
}

/// Cuts a byte stream into segments.
pub struct Splitter<R> {
    src: R,
    buf: Vec<u8>,
    eof: bool,
    /// The position of `buf[0]`, always the start of the current segment.
    at: Pos,
    /// Where scanning resumes in `buf`.
    pos: usize,
    in_item: bool,
    /// The largest segment held (`--max-bytes`): an item over it stops the
    /// export with an error instead of taking all memory (`/dev/zero`, or
    /// an item that never ends).
    limit: usize,
}

impl<R: Read> Splitter<R> {
    pub fn new(src: R, limit: usize) -> Splitter<R> {
        Splitter {
            limit,
            src,
            buf: Vec::with_capacity(CHUNK),
            eof: false,
            at: Pos {
                offset: 0,
                line: 1,
                col: 1,
            },
            pos: 0,
            in_item: false,
        }
    }

    /// Reads one more chunk; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let old = self.buf.len();
        if old > self.limit.saturating_add(CHUNK) {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the {} that starts on line {} is more than {} bytes, the limit for one document; raise it with --max-bytes",
                    if self.in_item { "item" } else { "text" },
                    self.at.line,
                    self.limit
                ),
            ));
        }
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self.src.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(old + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// Makes sure `buf` has at least `len` bytes, unless the input ends.
    fn want(&mut self, len: usize) -> io::Result<()> {
        while self.buf.len() < len && self.fill()? {}
        Ok(())
    }

    /// The index just after `needle`, searching from `from`.
    fn find_end(&mut self, mut from: usize, needle: &[u8]) -> io::Result<Option<usize>> {
        loop {
            let mut i = from;
            while let Some(k) = memchr(needle[0], &self.buf[i..]) {
                let at = i + k;
                if self.buf.len() < at + needle.len() {
                    break;
                }
                if self.buf[at..].starts_with(needle) {
                    return Ok(Some(at + needle.len()));
                }
                i = at + 1;
            }
            from = self.buf.len().saturating_sub(needle.len() - 1).max(from);
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The index just after the `>` that ends the tag opened at `from`
    /// (quoted attribute values may hold `>`).
    fn tag_end(&mut self, mut from: usize) -> io::Result<Option<usize>> {
        let mut quote: Option<u8> = None;
        loop {
            while from < self.buf.len() {
                match quote {
                    Some(q) => match memchr(q, &self.buf[from..]) {
                        Some(k) => {
                            from += k + 1;
                            quote = None;
                        }
                        None => from = self.buf.len(),
                    },
                    None => match memchr3(b'>', b'"', b'\'', &self.buf[from..]) {
                        Some(k) if self.buf[from + k] == b'>' => return Ok(Some(from + k + 1)),
                        Some(k) => {
                            quote = Some(self.buf[from + k]);
                            from += k + 1;
                        }
                        None => from = self.buf.len(),
                    },
                }
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The end of a `<!DOCTYPE ...>`, whose internal subset `[...]` may hold
    /// `>` (entity declarations); quotes are honoured.
    fn doctype_end(&mut self, mut from: usize) -> io::Result<Option<usize>> {
        let mut scan = DoctypeScan::default();
        loop {
            if let Some(end) = scan.feed(&self.buf[from..]) {
                return Ok(Some(from + end));
            }
            from = self.buf.len();
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// `<item` or `</item` (with `close`) at `i`, followed by white space,
    /// `>` or `/`.
    fn item_tag_at(&self, i: usize, close: bool) -> bool {
        let name: &[u8] = if close { b"</item" } else { b"<item" };
        self.buf[i..].starts_with(name)
            && matches!(
                self.buf.get(i + name.len()),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
            )
    }

    /// Hands out `buf[..end]` as a segment.
    fn emit(&mut self, kind: Kind, end: usize) -> Segment {
        let rest = self.buf.split_off(end);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let start = self.at;
        self.at = start.advance(&bytes, bytes.len());
        self.pos = 0;
        Segment { kind, bytes, start }
    }

    /// The next segment, in file order; `None` at the end.
    pub fn next_segment(&mut self) -> io::Result<Option<Segment>> {
        loop {
            let lt = match memchr(b'<', &self.buf[self.pos..]) {
                Some(k) => self.pos + k,
                None => {
                    self.pos = self.buf.len();
                    if self.fill()? {
                        continue;
                    }
                    return Ok(self.finish());
                }
            };
            self.want(lt + 10)?;
            let head = &self.buf[lt..];
            if head.starts_with(b"<!--") {
                self.pos = self.find_end(lt + 4, b"-->")?.unwrap_or(self.buf.len());
            } else if head.starts_with(b"<![CDATA[") {
                self.pos = self.find_end(lt + 9, b"]]>")?.unwrap_or(self.buf.len());
            } else if head.starts_with(b"<?") {
                self.pos = self.find_end(lt + 2, b"?>")?.unwrap_or(self.buf.len());
            } else if head.starts_with(b"<!") {
                self.pos = self.doctype_end(lt + 2)?.unwrap_or(self.buf.len());
            } else if self.item_tag_at(lt, false) {
                if self.in_item {
                    // A new item while the last one is still open: the last
                    // one lost its `</item>`.
                    self.in_item = false;
                    return Ok(Some(self.emit(Kind::Unclosed, lt)));
                }
                if lt > 0 {
                    return Ok(Some(self.emit(Kind::Channel, lt)));
                }
                self.in_item = true;
                match self.tag_end(lt + 5)? {
                    Some(end) if self.buf[end - 2] == b'/' => {
                        // `<item/>`: an empty item, whole already.
                        self.in_item = false;
                        return Ok(Some(self.emit(Kind::Item, end)));
                    }
                    Some(end) => self.pos = end,
                    None => self.pos = self.buf.len(),
                }
            } else if self.in_item && self.item_tag_at(lt, true) {
                let end = self.tag_end(lt + 6)?.unwrap_or(self.buf.len());
                self.in_item = false;
                return Ok(Some(self.emit(Kind::Item, end)));
            } else {
                if !self.in_item && lt >= CHANNEL_PIECE {
                    return Ok(Some(self.emit(Kind::Channel, lt)));
                }
                self.pos = self.tag_end(lt + 1)?.unwrap_or(self.buf.len());
            }
        }
    }

    fn finish(&mut self) -> Option<Segment> {
        if self.buf.is_empty() {
            return None;
        }
        let kind = if self.in_item {
            Kind::Unclosed
        } else {
            Kind::Channel
        };
        self.in_item = false;
        let end = self.buf.len();
        Some(self.emit(kind, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<(Kind, String, usize, usize)> {
        let mut s = Splitter::new(text.as_bytes(), usize::MAX);
        let mut out = Vec::new();
        while let Some(seg) = s.next_segment().unwrap() {
            out.push((
                seg.kind,
                String::from_utf8(seg.bytes).unwrap(),
                seg.start.line,
                seg.start.col,
            ));
        }
        out
    }

    #[test]
    fn items_and_channel() {
        let segs = segments(
            "<rss><channel>\n<item><title>a</title></item>\n<item x=\"1\">b</item></channel></rss>",
        );
        let kinds: Vec<Kind> = segs.iter().map(|s| s.0).collect();
        assert_eq!(
            kinds,
            [
                Kind::Channel,
                Kind::Item,
                Kind::Channel,
                Kind::Item,
                Kind::Channel
            ]
        );
        assert_eq!(segs[1].1, "<item><title>a</title></item>");
        assert_eq!((segs[1].2, segs[1].3), (2, 1));
        assert_eq!((segs[3].2, segs[3].3), (3, 1));
    }

    #[test]
    fn item_tags_inside_cdata_and_comments_do_not_count() {
        let segs = segments(
            "<channel><item><c><![CDATA[<item></item>]]></c><!-- </item> --></item><items/></channel>",
        );
        assert_eq!(segs.len(), 3, "{segs:?}");
        assert_eq!(segs[1].0, Kind::Item);
        assert!(segs[1].1.ends_with("--></item>"));
    }

    #[test]
    fn an_unclosed_item_ends_at_the_next() {
        let segs = segments("<c><item><t>a</t>\n<item><t>b</t></item></c>");
        let kinds: Vec<Kind> = segs.iter().map(|s| s.0).collect();
        assert_eq!(
            kinds,
            [Kind::Channel, Kind::Unclosed, Kind::Item, Kind::Channel]
        );
        let segs = segments("<c><item><t>a</t>");
        assert_eq!(segs.last().map(|s| s.0), Some(Kind::Unclosed));
    }

    #[test]
    fn small_chunks_give_the_same_cut() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(out.len()).min(3);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text =
            "<!DOCTYPE x [<!ENTITY a \">\">]><c a='>'><item><![CDATA[]]]]></item><item/></c>";
        let mut s = Splitter::new(Trickle(text.as_bytes()), usize::MAX);
        let mut kinds = Vec::new();
        while let Some(seg) = s.next_segment().unwrap() {
            kinds.push(seg.kind);
        }
        assert_eq!(
            kinds,
            [Kind::Channel, Kind::Item, Kind::Item, Kind::Channel]
        );
    }
}
