//! `--download-images`: fetches over HTTP(S) the images (and linked media)
//! a document uses that are not local, into a cache folder that a re-run
//! finds again without a request.
//!
//! What is checked before a file is kept, and why (docs/migration.md,
//! "Downloading images"): the final status is 200; the Content-Type and
//! the first bytes say an image (or sound, video, PDF for a link whose
//! extension says so; download/kind.rs); the body is no larger than
//! `max_bytes` (a larger Content-Length is refused before the body is
//! read) and no shorter than its Content-Length. Redirects are followed by
//! hand, at most `max_redirects`, to `http:` and `https:` only. Connection
//! errors, timeouts, 5xx, 408 and 429 are retried with a doubling backoff;
//! other 4xx are not.
//!
//! A file enters the cache whole (a temp file in the folder, then a
//! rename) under a name made of the SHA-256 of the URL and an extension
//! from a fixed list, so no URL can name a path outside the cache.
//!
//! The fetches run on plain threads (at most `concurrency`), not on the
//! conversion's rayon pool: they wait on the network, not on a core.

// `fetch_all` and some options serve the tests and callers to come.
#![allow(dead_code)]

mod kind;
mod url;

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use sha2::{Digest, Sha256};

use kind::{HEAD, Kind, Verdict};

/// How the downloader fetches.
#[derive(Clone, Debug)]
pub(crate) struct DownloadOptions {
    /// The cache folder (created if missing).
    pub cache: PathBuf,
    /// Fetches at a time.
    pub concurrency: usize,
    /// The time one attempt may take, redirects and body included.
    pub timeout: Duration,
    /// The largest body kept.
    pub max_bytes: u64,
    /// Attempts after the first, for failures that may pass.
    pub retries: u32,
    /// The wait before the first retry; it doubles for each next one.
    pub backoff: Duration,
    /// Redirects followed in one attempt.
    pub max_redirects: u32,
    /// Use the proxy that `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY` name
    /// (with `NO_PROXY`), as other command-line tools do.
    pub proxy_from_env: bool,
}

impl DownloadOptions {
    /// The defaults: 4 at a time, 30 s, 50 MiB, 3 retries from 1 s, 5
    /// redirects, the environment's proxy.
    pub fn new(cache: impl Into<PathBuf>) -> DownloadOptions {
        DownloadOptions {
            cache: cache.into(),
            concurrency: 4,
            timeout: Duration::from_secs(30),
            max_bytes: 50 * MIB,
            retries: 3,
            backoff: Duration::from_secs(1),
            max_redirects: 5,
            proxy_from_env: true,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// What became of one URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fetched {
    /// The file, in the cache folder.
    File(PathBuf),
    /// Why there is none, for the document's report ("HTTP 404", "not an
    /// image: text/html", "truncated: 1234 of 5000 bytes", ...).
    Failed(String),
}

/// Fetches URLs into a cache folder.
pub(crate) struct Downloader {
    options: DownloadOptions,
    agent: ureq::Agent,
}

/// Why one attempt failed, and whether another may do better.
struct Failure {
    reason: String,
    retry: bool,
}

impl Failure {
    fn fatal(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            retry: false,
        }
    }

    fn transient(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            retry: true,
        }
    }
}

impl Downloader {
    /// A downloader over `options.cache`, created if missing.
    pub fn new(options: DownloadOptions) -> anyhow::Result<Downloader> {
        std::fs::create_dir_all(&options.cache).with_context(|| {
            format!(
                "cannot create the download cache {}: choose another folder",
                options.cache.display()
            )
        })?;
        let config = ureq::Agent::config_builder()
            // Statuses and redirects are judged here, one hop at a time.
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("unpress/", env!("CARGO_PKG_VERSION")))
            .accept("image/*, audio/*, video/*, application/pdf;q=0.9, */*;q=0.5");
        let config = if options.proxy_from_env {
            config
        } else {
            config.proxy(None)
        };
        Ok(Downloader {
            agent: config.build().into(),
            options,
        })
    }

    /// Fetches every URL, at most `concurrency` at a time, each one once
    /// however often it is given: one outcome per URL, in the order given.
    pub fn fetch_all(&self, urls: &[String]) -> Vec<(String, Fetched)> {
        let mut unique: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for url in urls {
            index.entry(url.as_str()).or_insert_with(|| {
                unique.push(url);
                unique.len() - 1
            });
        }
        let mut outcomes: Vec<Option<Fetched>> = vec![None; unique.len()];
        let next = AtomicUsize::new(0);
        let (sender, receiver) = mpsc::channel();
        let workers = self.options.concurrency.clamp(1, unique.len().max(1));
        thread::scope(|scope| {
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, unique) = (&next, &unique);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(url) = unique.get(i) else { break };
                        if sender.send((i, self.fetch(url))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            for (i, fetched) in receiver {
                outcomes[i] = Some(fetched);
            }
        });
        urls.iter()
            .map(|url| {
                let fetched = index
                    .get(url.as_str())
                    .and_then(|&i| outcomes[i].clone())
                    .unwrap_or_else(|| Fetched::Failed("not fetched".to_string()));
                (url.clone(), fetched)
            })
            .collect()
    }

    /// Fetches one URL, or finds it in the cache.
    pub fn fetch(&self, url: &str) -> Fetched {
        let request = match url::request_url(url) {
            Ok(request) => request,
            Err(why) => return Fetched::Failed(why),
        };
        let extension = url::extension(&request);
        if extension.as_deref().is_some_and(kind::is_svg_extension) {
            return Fetched::Failed("not downloaded: SVG can carry script".to_string());
        }
        let extension = extension.filter(|e| kind::extension_family(e).is_some());
        let key = cache_key(&request);
        if let Some(path) = self.cached(&key, extension.as_deref()) {
            return Fetched::File(path);
        }
        let mut attempt = 0;
        loop {
            match self.attempt(&request, &key, extension.as_deref()) {
                Ok(path) => return Fetched::File(path),
                Err(failure) if failure.retry && attempt < self.options.retries => {
                    thread::sleep(backoff(self.options.backoff, attempt));
                    attempt += 1;
                }
                Err(failure) if attempt > 0 => {
                    return Fetched::Failed(format!("{} ({} tries)", failure.reason, attempt + 1));
                }
                Err(failure) => return Fetched::Failed(failure.reason),
            }
        }
    }

    /// The cached file of a URL: named by its extension when it has a
    /// known one, else by the kind found when it was fetched.
    fn cached(&self, key: &str, extension: Option<&str>) -> Option<PathBuf> {
        let candidates: Vec<&str> = match extension {
            Some(extension) => vec![extension],
            None => Kind::ALL.iter().map(|kind| kind.extension()).collect(),
        };
        candidates
            .into_iter()
            .map(|extension| self.options.cache.join(format!("{key}.{extension}")))
            .find(|path| path.is_file())
    }

    /// One attempt: the request, its redirects, the checks, the file.
    fn attempt(&self, url: &str, key: &str, extension: Option<&str>) -> Result<PathBuf, Failure> {
        let deadline = Instant::now() + self.options.timeout;
        let mut url = url.to_string();
        let mut seen = vec![url.clone()];
        let response = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.timed_out());
            }
            let response = self
                .agent
                .get(&url)
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
                .map_err(|e| self.request_failure(e))?;
            let status = response.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                break response;
            }
            let location = header(&response, "location")
                .ok_or_else(|| Failure::fatal(format!("HTTP {status} without a Location")))?;
            let next = url::resolve(&url, location).map_err(Failure::fatal)?;
            if seen.contains(&next) {
                return Err(Failure::fatal(format!("redirect loop back to {next}")));
            }
            if seen.len() > self.options.max_redirects as usize {
                return Err(Failure::fatal(format!(
                    "more than {} redirects",
                    self.options.max_redirects
                )));
            }
            seen.push(next.clone());
            url = next;
        };
        let status = response.status().as_u16();
        if status != 200 {
            let reason = format!("HTTP {status}");
            // 408 and 429 say "later"; other 4xx will say the same again.
            return Err(if status >= 500 || status == 408 || status == 429 {
                Failure::transient(reason)
            } else {
                Failure::fatal(reason)
            });
        }
        let verdict = Verdict::media_type(
            extension.and_then(kind::extension_family),
            header(&response, "content-type"),
        )
        .map_err(Failure::fatal)?;
        let length = header(&response, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(length) = length.filter(|&l| l > self.options.max_bytes) {
            return Err(Failure::fatal(format!(
                "larger than {} (Content-Length {length})",
                Size(self.options.max_bytes)
            )));
        }
        self.store(
            response.into_body().into_reader(),
            &verdict,
            length,
            key,
            extension,
        )
    }

    /// Reads the body into a temp file in the cache, checks it, and gives
    /// it its name.
    fn store(
        &self,
        mut body: impl Read,
        verdict: &Verdict,
        length: Option<u64>,
        key: &str,
        extension: Option<&str>,
    ) -> Result<PathBuf, Failure> {
        let cache = &self.options.cache;
        let cannot =
            |e: io::Error| Failure::fatal(format!("cannot write to {}: {e}", cache.display()));
        let mut file = tempfile::Builder::new()
            .prefix(".partial-")
            .tempfile_in(cache)
            .map_err(cannot)?;
        let mut head: Vec<u8> = Vec::with_capacity(HEAD);
        let mut kind = None;
        let mut received: u64 = 0;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = match body.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.read_failure(e, received, length)),
            };
            received += n as u64;
            if received > self.options.max_bytes {
                return Err(Failure::fatal(format!(
                    "larger than {}",
                    Size(self.options.max_bytes)
                )));
            }
            let chunk = &buffer[..n];
            if kind.is_none() {
                let take = chunk.len().min(HEAD - head.len());
                head.extend_from_slice(&chunk[..take]);
                if head.len() == HEAD {
                    kind = Some(verdict.content(&head).map_err(Failure::fatal)?);
                }
            }
            file.write_all(chunk).map_err(cannot)?;
        }
        if let Some(length) = length.filter(|&l| received < l) {
            return Err(Failure::transient(format!(
                "truncated: {received} of {length} bytes"
            )));
        }
        let kind = match kind {
            Some(kind) => kind,
            None => verdict.content(&head).map_err(Failure::fatal)?,
        };
        let name = format!("{key}.{}", extension.unwrap_or(kind.extension()));
        let path = cache.join(name);
        file.persist(&path).map_err(|e| cannot(e.error))?;
        Ok(path)
    }

    fn timed_out(&self) -> Failure {
        Failure::transient(format!("timed out after {}", Span(self.options.timeout)))
    }

    /// A request that got no response.
    fn request_failure(&self, error: ureq::Error) -> Failure {
        match error {
            ureq::Error::Timeout(_) => self.timed_out(),
            // A host that does not resolve is gone, most often, in an old
            // export: retrying it only makes the run wait.
            ureq::Error::HostNotFound => Failure::fatal("host not found"),
            ureq::Error::BadUri(uri) => Failure::fatal(format!("bad URL: {uri}")),
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => self.timed_out(),
            ureq::Error::Io(e) => Failure::transient(format!("connection failed: {e}")),
            ureq::Error::ConnectionFailed => Failure::transient("connection failed"),
            e => Failure::fatal(e.to_string()),
        }
    }

    /// A body that stopped before its end.
    fn read_failure(&self, error: io::Error, received: u64, length: Option<u64>) -> Failure {
        let timeout = error.kind() == io::ErrorKind::TimedOut
            || matches!(
                error
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<ureq::Error>()),
                Some(ureq::Error::Timeout(_))
            );
        if timeout {
            return self.timed_out();
        }
        match length {
            Some(length) if received < length => {
                Failure::transient(format!("truncated: {received} of {length} bytes"))
            }
            _ => Failure::transient(format!("connection lost after {received} bytes: {error}")),
        }
    }
}

/// A header's value, if it is UTF-8 (a `Location` with a raw non-ASCII
/// file name is common enough; it is percent-encoded before it is asked).
fn header<'a>(response: &'a ureq::http::Response<ureq::Body>, name: &str) -> Option<&'a str> {
    std::str::from_utf8(response.headers().get(name)?.as_bytes()).ok()
}

/// The cache's name for a URL: its SHA-256 in hex.
fn cache_key(url: &str) -> String {
    Sha256::digest(url.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The wait before retry `attempt` (0 for the first): `first`, doubled
/// each time.
fn backoff(first: Duration, attempt: u32) -> Duration {
    first.saturating_mul(1 << attempt.min(16))
}

/// A byte count for a message: "50 MiB", "1000 bytes".
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= MIB && self.0.is_multiple_of(MIB) {
            write!(f, "{} MiB", self.0 / MIB)
        } else {
            write!(f, "{} bytes", self.0)
        }
    }
}

/// A duration for a message: "30 s", "250 ms".
struct Span(Duration);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.subsec_millis() == 0 {
            write!(f, "{} s", self.0.as_secs())
        } else {
            write!(f, "{} ms", self.0.as_millis())
        }
    }
}

/// Whether `path` is a file directly in `cache` with a name the cache
/// gives.
#[cfg(test)]
fn is_cache_name(cache: &std::path::Path, path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (hash, extension) = name.split_once('.').unwrap_or(("", ""));
    path.parent() == Some(cache)
        && hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && kind::extension_family(extension).is_some()
}

#[cfg(test)]
mod tests;
