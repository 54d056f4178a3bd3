//! Peak memory of reading (and converting) a large WordPress export.
//!
//! Not a timed test: `benches/wxr_memory.sh` generates a 1 GB export with
//! `generate`, then runs `read` and `convert` under `/usr/bin/time -v` and
//! records the peak RSS in docs/performance.md.
//!
//! ```text
//! wxr_memory generate <out.xml> <megabytes>
//! wxr_memory read <export.xml>       # scan + documents, bodies dropped
//! wxr_memory convert <export.xml>    # and every document to md, json, xhtml
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use unpress::read::wxr::{self, WxrOptions};
use unpress::{Format, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; with no command there is nothing to do.
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let result = match words.as_slice() {
        ["generate", out, mb] => mb
            .parse::<u64>()
            .map_err(|e| e.to_string())
            .and_then(|mb| generate(Path::new(out), mb).map_err(|e| e.to_string())),
        ["read", path] => run(Path::new(path), false),
        ["convert", path] => run(Path::new(path), true),
        _ => {
            eprintln!("usage: wxr_memory generate <out.xml> <MB> | read <xml> | convert <xml>");
            Ok(())
        }
    };
    if let Err(e) = result {
        eprintln!("wxr_memory: {e}");
        std::process::exit(1);
    }
}

fn run(path: &Path, convert: bool) -> Result<(), String> {
    let start = Instant::now();
    let opts = WxrOptions::default();
    let export = wxr::scan(path, &opts).map_err(|e| e.to_string())?;
    let scanned = start.elapsed();
    let options = Options::default();
    let formats = [Format::Markdown, Format::Json, Format::Xhtml];
    let (mut docs, mut errors, mut bytes_out) = (0usize, 0usize, 0usize);
    for entry in export.documents().map_err(|e| e.to_string())? {
        match entry {
            Ok(doc) => {
                docs += 1;
                if convert {
                    match unpress::convert_document(&doc.document, &formats, &options) {
                        Ok(out) => {
                            bytes_out += out.files.iter().map(|(_, s)| s.len()).sum::<usize>()
                        }
                        Err(_) => errors += 1,
                    }
                } else {
                    bytes_out += doc.document.body.len();
                }
            }
            Err(_) => errors += 1,
        }
    }
    println!(
        "items: {} documents, {} errors, {} media, skipped {:?}; pass 1 {:.1}s, total {:.1}s, {} MB out",
        docs,
        errors,
        export.media.len(),
        export.skipped(),
        scanned.as_secs_f64(),
        start.elapsed().as_secs_f64(),
        bytes_out / 1_000_000
    );
    Ok(())
}

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Generated</title>
	<link>https://example.org</link>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://example.org</wp:base_site_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[The Admin]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
"#;

/// A classic post of about 10 KB: paragraphs, a caption, a gallery, a list.
fn classic_body(n: u64) -> String {
    let mut body = String::new();
    for p in 0..12 {
        body.push_str(&format!(
            "Paragraph {p} of post {n}: WordPress stores classic posts without paragraph tags, \
             so wpautop has to add them back. <strong>Bold</strong> and <em>italic</em> text, \
             a <a href=\"https://example.org/{n}/{p}\">link</a> &amp; an entity.\nA second line.\n\n"
        ));
        if p == 3 {
            body.push_str(&format!(
                "[caption id=\"attachment_{n}\" align=\"alignnone\" width=\"300\"]<img class=\"wp-image-{n}\" src=\"https://example.org/img/{n}.jpg\" alt=\"\" width=\"300\" height=\"200\" /> A caption[/caption]\n\n[gallery ids=\"{n}\"]\n\n"
            ));
        }
        if p == 6 {
            body.push_str(
                "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n<pre>code\n\nstays</pre>\n\n",
            );
        }
    }
    body
}

fn block_body(n: u64) -> String {
    let mut body = String::new();
    for p in 0..10 {
        body.push_str(&format!(
            "<!-- wp:paragraph -->\n<p>Block paragraph {p} of post {n}, with <a href=\"https://example.org/\">a link</a> and enough words to look like a real paragraph of a real post.</p>\n<!-- /wp:paragraph -->\n\n"
        ));
    }
    body.push_str(&format!(
        "<!-- wp:image {{\"id\":{n}}} -->\n<figure class=\"wp-block-image\"><img src=\"https://example.org/img/{n}.jpg\" alt=\"\" class=\"wp-image-{n}\"/><figcaption>Caption</figcaption></figure>\n<!-- /wp:image -->\n"
    ));
    body
}

fn item(out: &mut impl Write, n: u64, post_type: &str, body: &str) -> std::io::Result<()> {
    let status = if n.is_multiple_of(17) {
        "draft"
    } else {
        "publish"
    };
    write!(
        out,
        "\t<item>\n\t\t<title><![CDATA[Post number {n}]]></title>\n\t\t<link>https://example.org/{n}/</link>\n\t\t<pubDate>Sat, 12 Jan 2013 03:22:19 +0000</pubDate>\n\t\t<dc:creator><![CDATA[admin]]></dc:creator>\n\t\t<guid isPermaLink=\"false\">https://example.org/?p={n}</guid>\n\t\t<description></description>\n\t\t<content:encoded><![CDATA[{body}]]></content:encoded>\n\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\t\t<wp:post_id>{n}</wp:post_id>\n\t\t<wp:post_date><![CDATA[2013-01-11 20:22:19]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[2013-01-12 03:22:19]]></wp:post_date_gmt>\n\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n\t\t<wp:post_name><![CDATA[post-{n}]]></wp:post_name>\n\t\t<wp:status><![CDATA[{status}]]></wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type><![CDATA[{post_type}]]></wp:post_type>\n\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n\t\t<category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>\n\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>\n\t\t\t<wp:meta_value><![CDATA[{}]]></wp:meta_value>\n\t\t</wp:postmeta>\n\t\t<wp:comment>\n\t\t\t<wp:comment_id>{n}</wp:comment_id>\n\t\t\t<wp:comment_author><![CDATA[Reader]]></wp:comment_author>\n\t\t\t<wp:comment_date><![CDATA[2013-01-12 04:00:00]]></wp:comment_date>\n\t\t\t<wp:comment_content><![CDATA[Nice post.]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n\t\t\t<wp:comment_parent>0</wp:comment_parent>\n\t\t</wp:comment>\n\t</item>\n",
        n + 1
    )
}

fn attachment(out: &mut impl Write, n: u64) -> std::io::Result<()> {
    write!(
        out,
        "\t<item>\n\t\t<title><![CDATA[image-{n}]]></title>\n\t\t<wp:post_id>{n}</wp:post_id>\n\t\t<wp:post_type><![CDATA[attachment]]></wp:post_type>\n\t\t<wp:status><![CDATA[inherit]]></wp:status>\n\t\t<wp:post_parent>{}</wp:post_parent>\n\t\t<wp:attachment_url><![CDATA[https://example.org/img/{n}.jpg]]></wp:attachment_url>\n\t\t<excerpt:encoded><![CDATA[Caption {n}]]></excerpt:encoded>\n\t\t<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[Alt {n}]]></wp:meta_value></wp:postmeta>\n\t</item>\n",
        n - 1
    )
}

/// Writes an export of about `mb` megabytes: posts (classic and block),
/// pages, an attachment after each post, menu items to skip, and every
/// 10 000th post a 4 MB one, so the largest item is known.
fn generate(path: &Path, mb: u64) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(HEADER.as_bytes())?;
    let target = mb * 1_000_000;
    let mut written = HEADER.len() as u64;
    let mut n = 1u64;
    let mut buf = Vec::new();
    while written < target {
        buf.clear();
        let body = if n % 20_000 == 1 {
            classic_body(n).repeat(400)
        } else if n.is_multiple_of(2) {
            block_body(n)
        } else {
            classic_body(n)
        };
        let post_type = match n % 10 {
            9 => "page",
            7 => "nav_menu_item",
            _ => "post",
        };
        item(&mut buf, n, post_type, &body)?;
        attachment(&mut buf, n + 1)?;
        out.write_all(&buf)?;
        written += buf.len() as u64;
        n += 2;
    }
    out.write_all(b"</channel>\n</rss>\n")?;
    out.flush()
}
