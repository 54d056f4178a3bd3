//! The command line: the raw clap structure, and its resolution into a
//! [`Config`]. Kept apart so that clap's shape does
//! not leak into the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::batch::{Config, DownloadOptions, Input, Shard, UploadsArg};
use unpress::read::wxr::{Layout, WxrOptions};
use unpress::read::{BodyMode, ReadOptions, date};
use unpress::rewrite::rules::{RULES, Rule, RuleSet};
use unpress::rewrite::{Budget, RewriteOptions};
use unpress::write::Format;
use unpress::write::epub::{ChapterOrder, EpubOptions};
use unpress::write::markdown::{FigureStyle, MarkdownOptions};
use unpress::write::xhtml::XhtmlOptions;
use unpress::{FrontMatterMap, Options, Site};

/// Get content out of WordPress-style HTML: posts, folders and stdin to
/// Markdown, JSON and EPUB-ready XHTML.
#[derive(Debug, Parser)]
#[command(name = "unpress", version, about, long_about = None, after_help = AFTER_HELP, term_width = 80, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub tool: Option<Tool>,

    /// A file, a folder (read recursively), or - for stdin (the default)
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Formats, comma-separated: md, json, xhtml, jsonl, epub [default: md to stdout; md,json,xhtml with -o]
    #[arg(short = 't', long = "to", value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    pub to: Vec<Format>,

    /// Where to write: a folder for md, json and xhtml; a file for jsonl and epub
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// Worker threads (default: all cores; 1 = a plain sequential path)
    #[arg(
        short = 'j',
        long = "jobs",
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub jobs: usize,

    /// With --site: write every published document's old addresses and new paths to FILE, in the form its name says: .csv, .json, nginx .conf/.map, Netlify/Cloudflare _redirects, Apache .htaccess (redirects.csv is always written in the site)
    #[arg(long = "redirects", value_name = "FILE", requires = "site")]
    pub redirects: Option<PathBuf>,

    /// Write a JSON report of the run to FILE: every document's outputs, warnings by kind, uploads and links moved or left, and a summary that adds up (docs/report.md)
    #[arg(long = "report", value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Convert only shard K of N (1 <= K <= N): the documents whose output path hashes to K, with the paths and side files of a whole run, so that N processes or machines fill one output tree (docs/scaling.md)
    #[arg(long = "shard", value_name = "K/N")]
    pub shard: Option<Shard>,

    /// Print no warnings and no summary, only errors
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,

    /// Flush each output file to the disk before it takes its name (slower; without it a file is still never half-written, but a power loss may lose the last ones)
    #[arg(long = "fsync")]
    pub fsync: bool,

    /// Read options from a TOML or YAML file: each long option by its name (max-bytes = 1000000), and a [front_matter] section that renames, drops and adds front matter keys and renames categories, tags and authors. Options on the command line replace the file's (docs/config.md)
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The configuration file's `[front_matter]` (no flag sets it).
    #[arg(skip)]
    pub front_matter: FrontMatterMap,

    /// How bodies are written: auto decides by extension, then by the first character
    #[arg(long = "body", value_enum, default_value_t = BodyArg::Auto)]
    pub body: BodyArg,

    /// The zone of dates written without one: an IANA name (Asia/Shanghai), UTC or +08:00
    #[arg(long = "timezone", value_name = "TZ")]
    pub timezone: Option<String>,

    /// Switch off one WordPress rule by name (repeatable; see the list below)
    #[arg(long = "no-rule", value_name = "NAME")]
    pub no_rule: Vec<String>,

    /// Switch off every WordPress rule (balancing and sanitizing still run)
    #[arg(long = "no-rules")]
    pub no_rules: bool,

    /// Captioned figures in Markdown: markdown (the image, then the caption in emphasis) or html (a lossless HTML figure block)
    #[arg(long = "figures", value_enum, default_value_t = FiguresArg::Markdown)]
    pub figures: FiguresArg,

    /// Write for a static-site generator: hugo, jekyll or hexo. -o names the site's root folder; the Markdown, front matter and file layout are the generator's (docs/sites.md)
    #[arg(long = "site", value_name = "NAME", value_enum)]
    pub site: Option<SiteArg>,

    /// With --site hugo: keep what Markdown cannot say as raw HTML (text, the default, is what Hugo shows without `unsafe`; keep needs markup.goldmark.renderer.unsafe, written to the snippet)
    #[arg(long = "raw-html", value_enum, default_value_t = RawHtmlArg::Text)]
    pub raw_html: RawHtmlArg,

    /// Write Markdown links and images in reference style, definitions at the end
    #[arg(long = "reference-links")]
    pub reference_links: bool,

    /// Image URLs: original maps Jetpack Photon and resized copies back to the upload; keep leaves them
    #[arg(long = "image-urls", value_enum, default_value_t = ImageUrls::Original)]
    pub image_urls: ImageUrls,

    /// Read every input as a WordPress export (WXR); .xml files that are exports are read as such anyway
    #[arg(long = "wxr")]
    pub wxr: bool,

    /// Exports: convert only items with these statuses (publish, future, private, draft, pending) [default: all; publish for epub]
    #[arg(long = "status", value_name = "LIST", value_delimiter = ',')]
    pub status: Vec<String>,

    /// Exports: convert only these post types (post, page, or a custom type)
    #[arg(long = "post-type", value_name = "LIST", value_delimiter = ',')]
    pub post_type: Vec<String>,

    /// Exports: where documents go: type (post/slug, the default), date-folders (post/2019/03/slug) or date-prefix (post/2019-03-04-slug); --site lays out its own
    #[arg(long = "layout", value_enum)]
    pub layout: Option<LayoutArg>,

    /// Exports: keep approved comments in the Markdown front matter and show them after the XHTML and EPUB content (the JSON always has them)
    #[arg(long = "comments")]
    pub comments: bool,

    /// Exports: keep private post meta (keys starting with _) in the custom fields
    #[arg(long = "private-meta")]
    pub private_meta: bool,

    /// EPUB: the book's title [default: the export's site title, else the first chapter's]
    #[arg(long = "title", value_name = "TEXT")]
    pub title: Option<String>,

    /// EPUB: a cover image (JPEG, PNG, GIF or WebP) [default: the first local featured image]
    #[arg(long = "cover", value_name = "FILE")]
    pub cover: Option<PathBuf>,

    /// EPUB: chapter order: date (oldest first, undated last) or input
    #[arg(long = "order", value_enum, default_value_t = OrderArg::Date)]
    pub order: OrderArg,

    /// A local copy of the site's uploads (wp-content/uploads), for the URL the exports' attachments name, or URL=DIR: every image and file a document uses from it is copied into the output and its references point there (repeatable; docs/migration.md)
    #[arg(long = "uploads", value_name = "[URL=]DIR", value_parser = parse_uploads)]
    pub uploads: Vec<UploadsArg>,

    /// Fetch the uploads that are not in an --uploads folder from the old site over HTTP(S) (images, and linked audio, video and PDF), checked and cached (docs/migration.md)
    #[arg(long = "download-images")]
    pub download_images: bool,

    /// Where --download-images keeps what it fetched, so that a re-run fetches nothing twice [default: .unpress-cache/ in the output folder, which the generators ignore]
    #[arg(
        long = "download-cache",
        value_name = "DIR",
        requires = "download_images"
    )]
    pub download_cache: Option<PathBuf>,

    /// EPUB: package remote images under URL_PREFIX from the folder DIR (repeatable), e.g. https://site/wp-content/uploads/=./uploads
    #[arg(long = "assets", value_name = "URL_PREFIX=DIR", value_parser = parse_assets)]
    pub assets: Vec<(String, PathBuf)>,

    /// EPUB: a conformance claim for the package, CONFORMANCE=CERTIFIER (dcterms:conformsTo and a11y:certifiedBy), e.g. "EPUB Accessibility 1.1 - WCAG 2.2 Level AA=Jane Doe"; without it, none is made (docs/epub.md)
    #[arg(long = "a11y-claim", value_name = "CONFORMANCE=CERTIFIER", value_parser = parse_a11y_claim)]
    pub a11y_claim: Option<(String, String)>,

    /// Largest input read for one document (a file, a post on stdin, an export item) and largest HTML body, in bytes
    #[arg(long = "max-bytes", value_name = "N", default_value_t = Budget::default().max_input_bytes)]
    pub max_bytes: usize,

    /// Most nodes one document's tree may hold
    #[arg(long = "max-nodes", value_name = "N", default_value_t = Budget::default().max_nodes)]
    pub max_nodes: usize,
}

/// `--layout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    Type,
    DateFolders,
    DatePrefix,
}

/// What unpress can print about itself instead of converting.
#[derive(Debug, Subcommand)]
pub enum Tool {
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell), e.g. unpress completions bash > /etc/bash_completion.d/unpress
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. unpress man > ~/.local/share/man/man1/unpress.1
    Man,
}

/// `--site`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SiteArg {
    Hugo,
    Jekyll,
    Hexo,
}

impl From<SiteArg> for Site {
    fn from(s: SiteArg) -> Site {
        match s {
            SiteArg::Hugo => Site::Hugo,
            SiteArg::Jekyll => Site::Jekyll,
            SiteArg::Hexo => Site::Hexo,
        }
    }
}

/// `--raw-html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RawHtmlArg {
    Text,
    Keep,
}

/// `--order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Date,
    Input,
}

/// `--figures`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FiguresArg {
    Markdown,
    Html,
}

/// `--image-urls`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImageUrls {
    Original,
    Keep,
}

/// `--body`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BodyArg {
    Auto,
    Html,
    Markdown,
}

const AFTER_HELP: &str = "\
Output layout: with -o DIR, each document goes to DIR/<path relative to the
input folder, extension replaced>; with several formats, in the subfolders
md/, json/ and xhtml/. Without -o, one document goes to stdout in one format.
jsonl writes all documents to one stream: stdout, or the file -o names.
epub writes one book of all documents to the file -o names (-o book.epub).

Exit codes: 0 all converted, 1 some documents failed (the others are written),
2 usage error.";

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// `--assets URL_PREFIX=DIR`, split at the first `=` (URLs may hold more).
fn parse_assets(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((prefix, dir)) if !prefix.is_empty() && !dir.is_empty() => {
            Ok((prefix.to_owned(), PathBuf::from(dir)))
        }
        _ => Err(format!(
            "'{s}' is not URL_PREFIX=DIR; e.g. --assets https://example.com/wp-content/uploads/=./uploads"
        )),
    }
}

/// `--a11y-claim CONFORMANCE=CERTIFIER`, split at the last `=` (a
/// conformance URL may hold one; a certifier's name rarely does).
fn parse_a11y_claim(s: &str) -> Result<(String, String), String> {
    match s.rsplit_once('=') {
        Some((claim, by)) if !claim.trim().is_empty() && !by.trim().is_empty() => {
            Ok((claim.trim().to_owned(), by.trim().to_owned()))
        }
        _ => Err(format!(
            "'{s}' is not CONFORMANCE=CERTIFIER: a claim names who checked the book; e.g. --a11y-claim \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA=Jane Doe\""
        )),
    }
}

/// `--uploads DIR` or `--uploads URL=DIR` (split at the first `=` after
/// the scheme: a folder may hold `=`, a URL before it rarely does).
fn parse_uploads(s: &str) -> Result<UploadsArg, String> {
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return match s.split_once('=') {
            Some((url, dir)) if !dir.is_empty() => Ok(UploadsArg {
                url: Some(url.to_owned()),
                dir: PathBuf::from(dir),
            }),
            _ => Err(format!(
                "'{s}' is not URL=DIR; e.g. --uploads https://example.com/wp-content/uploads/=./uploads"
            )),
        };
    }
    if s.is_empty() {
        return Err("--uploads needs a folder".into());
    }
    Ok(UploadsArg {
        url: None,
        dir: PathBuf::from(s),
    })
}

/// The names and summaries of the rules, for `--help` and the docs.
pub fn rule_list() -> String {
    RULES
        .iter()
        .map(|r| format!("  {:<18} {}", r.name, r.summary))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Cli {
    /// Resolves the raw arguments into a run's configuration.
    pub fn into_config(self) -> Result<Config, String> {
        let timezone = self.timezone.as_deref().map(date::parse_zone).transpose()?;
        let mut rules = if self.no_rules {
            RuleSet::none()
        } else {
            RuleSet::all()
        };
        for name in &self.no_rule {
            rules.disable_named(name)?;
        }
        if self.image_urls == ImageUrls::Keep {
            rules.disable(Rule::ImageUrls);
        }
        let inputs = if self.inputs.is_empty() {
            vec![Input::Stdin]
        } else {
            self.inputs
                .into_iter()
                .map(|p| {
                    if p.as_os_str() == "-" {
                        Input::Stdin
                    } else {
                        Input::Path(p)
                    }
                })
                .collect()
        };
        let read = ReadOptions {
            body: match self.body {
                BodyArg::Auto => BodyMode::Auto,
                BodyArg::Html => BodyMode::Html,
                BodyArg::Markdown => BodyMode::Markdown,
            },
            timezone,
            max_bytes: self.max_bytes,
        };
        let book = self.to.contains(&Format::Epub);
        let site: Option<Site> = self.site.map(Site::from);
        if let Some(site) = site {
            if let Some(f) = self.to.iter().find(|f| f.is_aggregate()) {
                return Err(format!(
                    "--site {site} writes files into a site; it cannot be mixed with --to {f}"
                ));
            }
            if self.to.len() > 1 {
                return Err(format!(
                    "--site {site} writes one format per run, at the paths {site} reads (the default is md); run unpress once per format"
                ));
            }
        }
        let aggregate = self.to.iter().any(|f| f.is_aggregate());
        if let (true, Some(shard)) = (book, self.shard) {
            return Err(format!(
                "--shard {shard}: a book is one file of every chapter and cannot be made in shards; make it in one run, or shard -t md, json, xhtml or jsonl"
            ));
        }
        if self.download_images && (self.out.is_none() || aggregate) {
            return Err("--download-images copies files into an output folder: give -o DIR".into());
        }
        if !self.uploads.is_empty() && self.out.is_none() {
            return Err(
                "--uploads copies files into the output: give -o DIR (or -o book.epub, whose images it packages)"
                    .into(),
            );
        }
        if self.raw_html == RawHtmlArg::Keep && site != Some(Site::Hugo) {
            return Err(
                "--raw-html keep is for --site hugo (the other targets keep raw HTML always)"
                    .into(),
            );
        }
        // With a site, naming the statuses publishes what they bring back.
        let publish_listed = site.is_some() && !self.status.is_empty();
        let wxr = WxrOptions {
            // A book is a publication: from an export, only what the site
            // shows (published, no password) unless --status says otherwise.
            statuses: if !self.status.is_empty() {
                Some(self.status.clone())
            } else if book {
                Some(vec!["publish".to_owned()])
            } else {
                None
            },
            post_types: (!self.post_type.is_empty()).then(|| self.post_type.clone()),
            private_meta: self.private_meta,
            public_only: book && self.status.is_empty(),
            layout: match (site, self.layout) {
                (Some(site), None) => Layout::Site(site),
                (None, None | Some(LayoutArg::Type)) => Layout::Type,
                (None, Some(LayoutArg::DateFolders)) => Layout::DateFolders,
                (None, Some(LayoutArg::DatePrefix)) => Layout::DatePrefix,
                (Some(site), Some(_)) => {
                    return Err(format!(
                        "--site {site} lays out the files as {site} reads them; leave out --layout"
                    ));
                }
            },
            publish_listed,
            read: read.clone(),
        };
        Ok(Config {
            epub: EpubOptions {
                title: self.title,
                cover: self.cover,
                order: match self.order {
                    OrderArg::Date => ChapterOrder::Date,
                    OrderArg::Input => ChapterOrder::Input,
                },
                // --uploads URL=DIR packages a book's images too.
                assets: self
                    .assets
                    .into_iter()
                    .chain(
                        self.uploads
                            .iter()
                            .filter_map(|u| Some((u.url.clone()?, u.dir.clone()))),
                    )
                    .collect(),
                base_dir: None,
                a11y_claim: self.a11y_claim,
            },
            report: self.report.clone(),
            redirects: self.redirects.clone(),
            shard: self.shard,
            uploads: self.uploads,
            // The cache is inside the output folder unless the user names
            // another: nothing is written outside what they chose.
            download: self.download_images.then(|| {
                DownloadOptions::new(self.download_cache.clone().unwrap_or_else(|| {
                    self.out
                        .clone()
                        .unwrap_or_default()
                        .join(".unpress-cache")
                        .join("downloads")
                }))
            }),
            wxr,
            force_wxr: self.wxr,
            inputs,
            formats: self.to,
            out: self.out,
            jobs: self.jobs,
            quiet: self.quiet,
            progress: false,
            plain: false,
            fsync: self.fsync,
            options: Options {
                read,
                rewrite: RewriteOptions {
                    rules,
                    budget: Budget {
                        max_input_bytes: self.max_bytes,
                        max_nodes: self.max_nodes,
                    },
                    chunk_size: None,
                },
                markdown: MarkdownOptions {
                    figures: match self.figures {
                        FiguresArg::Markdown => FigureStyle::Markdown,
                        FiguresArg::Html => FigureStyle::Html,
                    },
                    reference_links: self.reference_links,
                    comments: self.comments,
                    site,
                    keep_html: self.raw_html == RawHtmlArg::Keep,
                    publish_listed,
                },
                xhtml: XhtmlOptions {
                    comments: self.comments,
                    stylesheet: None,
                },
                front_matter: self.front_matter,
            },
        })
    }
}
