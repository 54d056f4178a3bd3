//! One `<item>` of an export, parsed from its own bytes into plain fields.
//!
//! The fields are those WordPress's exporter writes (wp-admin/includes/
//! export.php): RSS's `title`, `link`, `pubDate`, `guid`, `description`,
//! `category`; `dc:creator`; `content:encoded`, `excerpt:encoded`; and the
//! `wp:` elements (`post_id`, `post_date`, `post_name`, `status`,
//! `post_type`, `postmeta`, `comment`...). When an element comes twice, the
//! first one counts, as it does for the importer's SimpleXML parser.

use quick_xml::events::Event;

use super::xml::{self, Ns, Scopes, TextIssues};

/// A term an item is filed under: `<category domain="post_tag"
/// nicename="slug">Name</category>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// `category`, `post_tag`, `post_format` or a custom taxonomy.
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// A `<wp:comment>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawComment {
    pub id: Option<String>,
    pub author: Option<String>,
    pub author_url: Option<String>,
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub content: Option<String>,
    pub approved: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
}

/// An item's fields as written (text decoded, nothing interpreted).
#[derive(Clone, Debug, Default)]
pub struct RawItem {
    pub title: Option<String>,
    pub link: Option<String>,
    pub pub_date: Option<String>,
    pub creator: Option<String>,
    pub guid: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
    pub excerpt: Option<String>,
    pub post_id: Option<String>,
    pub post_date: Option<String>,
    pub post_date_gmt: Option<String>,
    pub post_modified: Option<String>,
    pub post_modified_gmt: Option<String>,
    pub comment_status: Option<String>,
    pub ping_status: Option<String>,
    pub post_name: Option<String>,
    pub status: Option<String>,
    pub post_parent: Option<String>,
    pub menu_order: Option<String>,
    pub post_type: Option<String>,
    pub post_password: Option<String>,
    pub is_sticky: Option<String>,
    pub attachment_url: Option<String>,
    pub terms: Vec<ItemTerm>,
    /// `wp:postmeta` key/value pairs in order.
    pub meta: Vec<(String, String)>,
    pub comments: Vec<RawComment>,
    pub warnings: Vec<String>,
}

impl RawItem {
    /// `wp:post_type`, `post` when missing (the namespace-less exports
    /// that Hexo's migrator reads have items without one).
    pub fn post_type(&self) -> &str {
        non_empty(&self.post_type).unwrap_or("post")
    }

    /// `wp:status`, `publish` when missing (same exports).
    pub fn status(&self) -> &str {
        non_empty(&self.status).unwrap_or("publish")
    }

    /// `wp:post_id` as a number.
    pub fn id(&self) -> Option<u64> {
        non_empty(&self.post_id)?.parse().ok()
    }

    /// The first value of a post meta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A trimmed, non-empty field.
pub fn non_empty(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A parse failure: the byte offset inside the item and what went wrong.
#[derive(Debug)]
pub struct ItemError {
    pub offset: usize,
    pub message: String,
}

struct Frame {
    ns: Ns,
    local: Vec<u8>,
    qname: Vec<u8>,
    scope_len: usize,
    start: usize,
    /// Where the element's content starts.
    content: usize,
    /// `domain` and `nicename` of a `<category>`.
    term: Option<(String, String)>,
}

/// Parses the bytes of one `<item>...</item>`; `scopes` are the namespace
/// bindings in force where the item starts.
pub fn parse(bytes: &[u8], scopes: &Scopes) -> Result<RawItem, ItemError> {
    let mut reader = xml::reader(bytes, true);
    let mut scopes = scopes.clone();
    let mut stack: Vec<Frame> = Vec::new();
    let mut text = String::new();
    let mut issues = TextIssues::default();
    let mut item = RawItem::default();
    let mut meta: (Option<String>, Option<String>) = (None, None);
    let mut comment = RawComment::default();
    // A `]]>` in text: an old export's unescaped nested CDATA (see below).
    let mut stray_cdata_end = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| ItemError {
            offset: reader.error_position() as usize,
            message: format!("XML error: {e}"),
        })?;
        let (start, empty) = match event {
            Event::Start(s) => (s, false),
            Event::Empty(s) => (s, true),
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(ItemError {
                        offset: before,
                        message: "end tag without a start tag".into(),
                    });
                };
                let mut value = std::mem::take(&mut text);
                if std::mem::take(&mut stray_cdata_end) {
                    value = unescaped_cdata(&bytes[frame.content..before], &mut issues)
                        .unwrap_or(value);
                }
                end(&frame, &stack, value, &mut item, &mut meta, &mut comment);
                scopes.truncate(frame.scope_len);
                if stack.is_empty() {
                    break;
                }
                continue;
            }
            Event::Text(t) => {
                stray_cdata_end |= memchr::memmem::find(&t, b"]]>").is_some();
                xml::push_bytes(&mut text, &t, &mut issues);
                continue;
            }
            Event::CData(c) => {
                xml::push_bytes(&mut text, &c, &mut issues);
                continue;
            }
            Event::GeneralRef(r) => {
                xml::push_ref(&mut text, &r, &mut issues);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let scope_len = scopes.len();
        scopes.declare(&start);
        let qname = start.name().as_ref().to_vec();
        let (ns, local) = scopes.resolve(&qname);
        let local = local.to_vec();
        if stack.is_empty() && !(ns == Ns::Rss && local == b"item") {
            return Err(ItemError {
                offset: before,
                message: "expected <item>".into(),
            });
        }
        let term = (ns == Ns::Rss && local == b"category" && stack.len() == 1).then(|| {
            (
                xml::attribute(&start, b"domain").unwrap_or_default(),
                xml::attribute(&start, b"nicename").unwrap_or_default(),
            )
        });
        let frame = Frame {
            ns,
            local,
            qname,
            scope_len,
            start: before,
            content: reader.buffer_position() as usize,
            term,
        };
        text.clear();
        stray_cdata_end = false;
        if empty {
            end(
                &frame,
                &stack,
                String::new(),
                &mut item,
                &mut meta,
                &mut comment,
            );
            scopes.truncate(frame.scope_len);
            if stack.is_empty() {
                break;
            }
        } else {
            stack.push(frame);
        }
    }
    if let Some(open) = stack.last() {
        return Err(ItemError {
            offset: open.start,
            message: format!("<{}> is never closed", String::from_utf8_lossy(&open.qname)),
        });
    }
    issues.into_warnings(&mut item.warnings);
    Ok(item)
}

/// Older WordPress wrote `<![CDATA[...]]>` around a value without escaping a
/// `]]>` inside it, so the section ends early and the rest is text with a
/// stray `]]>` (wordpress-importer's crazy-cdata.xml). WordPress's regex
/// parser takes everything between the outer `<![CDATA[` and the last `]]>`;
/// so does this, when the element is exactly one such wrapped value.
fn unescaped_cdata(raw: &[u8], issues: &mut TextIssues) -> Option<String> {
    let trimmed = raw.trim_ascii();
    let inner = trimmed.strip_prefix(b"<![CDATA[")?.strip_suffix(b"]]>")?;
    let mut out = String::new();
    xml::push_bytes(&mut out, inner, issues);
    Some(out)
}

/// Stores the text of an element that just ended, by where it sits.
fn end(
    frame: &Frame,
    stack: &[Frame],
    value: String,
    item: &mut RawItem,
    meta: &mut (Option<String>, Option<String>),
    comment: &mut RawComment,
) {
    let set = |slot: &mut Option<String>, value: String| {
        if slot.is_none() {
            *slot = Some(value);
        }
    };
    let local = frame.local.as_slice();
    match stack.len() {
        // A child of <item>.
        1 => match (frame.ns, local) {
            (Ns::Rss, b"title") => set(&mut item.title, value),
            (Ns::Rss, b"link") => set(&mut item.link, value),
            (Ns::Rss, b"pubDate") => set(&mut item.pub_date, value),
            (Ns::Rss, b"guid") => set(&mut item.guid, value),
            (Ns::Rss, b"description") => set(&mut item.description, value),
            (Ns::Rss, b"category") => {
                let (domain, nicename) = frame.term.clone().unwrap_or_default();
                item.terms.push(ItemTerm {
                    domain,
                    nicename,
                    name: value,
                });
            }
            (Ns::Dc, b"creator") => set(&mut item.creator, value),
            (Ns::Content, b"encoded") => set(&mut item.content, value),
            (Ns::Excerpt, b"encoded") => set(&mut item.excerpt, value),
            (Ns::Wp, field) => {
                let slot = match field {
                    b"post_id" => &mut item.post_id,
                    b"post_date" => &mut item.post_date,
                    b"post_date_gmt" => &mut item.post_date_gmt,
                    b"post_modified" => &mut item.post_modified,
                    b"post_modified_gmt" => &mut item.post_modified_gmt,
                    b"comment_status" => &mut item.comment_status,
                    b"ping_status" => &mut item.ping_status,
                    b"post_name" => &mut item.post_name,
                    b"status" => &mut item.status,
                    b"post_parent" => &mut item.post_parent,
                    b"menu_order" => &mut item.menu_order,
                    b"post_type" => &mut item.post_type,
                    b"post_password" => &mut item.post_password,
                    b"is_sticky" => &mut item.is_sticky,
                    b"attachment_url" => &mut item.attachment_url,
                    b"postmeta" => {
                        if let (Some(k), v) = std::mem::take(meta) {
                            item.meta.push((k, v.unwrap_or_default()));
                        }
                        return;
                    }
                    b"comment" => {
                        item.comments.push(std::mem::take(comment));
                        return;
                    }
                    _ => return,
                };
                set(slot, value);
            }
            _ => {}
        },
        // A child of <wp:postmeta> or <wp:comment>.
        2 => {
            let parent = &stack[1];
            if parent.ns != Ns::Wp || frame.ns != Ns::Wp {
                return;
            }
            match (parent.local.as_slice(), local) {
                (b"postmeta", b"meta_key") => set(&mut meta.0, value),
                (b"postmeta", b"meta_value") => set(&mut meta.1, value),
                (b"comment", field) => {
                    let slot = match field {
                        b"comment_id" => &mut comment.id,
                        b"comment_author" => &mut comment.author,
                        b"comment_author_url" => &mut comment.author_url,
                        b"comment_date" => &mut comment.date,
                        b"comment_date_gmt" => &mut comment.date_gmt,
                        b"comment_content" => &mut comment.content,
                        b"comment_approved" => &mut comment.approved,
                        b"comment_type" => &mut comment.kind,
                        b"comment_parent" => &mut comment.parent,
                        _ => return,
                    };
                    set(slot, value);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> RawItem {
        parse(text.as_bytes(), &Scopes::default()).unwrap()
    }

    #[test]
    fn fields_meta_comments_and_terms() {
        let it = item(
            r#"<item><title>Hi &amp; bye</title><wp:post_id>7</wp:post_id>
<content:encoded><![CDATA[a]]><![CDATA[b]]></content:encoded>
<category domain="post_tag" nicename="t%c3%a9"><![CDATA[Té]]></category>
<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value><![CDATA[v]]></wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_content>nice&nbsp;post</wp:comment_content></wp:comment>
<wp:post_id>999</wp:post_id><wp:is_sticky/></item>"#,
        );
        assert_eq!(it.title.as_deref(), Some("Hi & bye"));
        assert_eq!(it.id(), Some(7));
        assert_eq!(it.content.as_deref(), Some("ab"));
        assert_eq!(it.terms[0].nicename, "t%c3%a9");
        assert_eq!(it.terms[0].name, "Té");
        assert_eq!(it.meta, [("k".to_owned(), "v".to_owned())]);
        assert_eq!(it.comments[0].content.as_deref(), Some("nice\u{a0}post"));
        assert_eq!(it.is_sticky.as_deref(), Some(""));
        assert_eq!((it.post_type(), it.status()), ("post", "publish"));
    }

    #[test]
    fn broken_items_name_the_place() {
        let err = parse(b"<item><title>x</titel></item>", &Scopes::default()).unwrap_err();
        assert!(err.message.contains("XML error"), "{err:?}");
        let err = parse(b"<item><title>x</title>", &Scopes::default()).unwrap_err();
        assert!(err.message.contains("never closed"), "{err:?}");
    }
}
