//! The downloader against an HTTP server that each test starts on
//! 127.0.0.1 (never the internet). The server counts the requests for
//! each path, so a test can prove that the cache saved one, that a 404 was
//! asked once and a 500 as often as the retries allow.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use super::*;

/// A 1x1 transparent PNG (67 bytes).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
/// The start of a JFIF file and its end marker: enough for the magic check.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9";
const MP3: &[u8] = b"ID3\x04\0\0\0\0\0\0\xFF\xFB\x90\x64\0\0";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";
const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
/// What a WordPress theme answers for a missing upload.
const HTML: &[u8] =
    b"<!DOCTYPE html><html><head><title>Page not found</title></head><body></body></html>";

#[derive(Default)]
struct Stats {
    hits: HashMap<String, usize>,
    in_flight: usize,
    most_in_flight: usize,
}

struct Server {
    addr: SocketAddr,
    stats: Arc<Mutex<Stats>>,
}

fn lock(stats: &Mutex<Stats>) -> MutexGuard<'_, Stats> {
    stats
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Server {
    /// A server on a free port of 127.0.0.1, one thread per connection,
    /// for as long as the test process lives.
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("the server's address");
        let stats = Arc::new(Mutex::new(Stats::default()));
        let shared = Arc::clone(&stats);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let stats = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &stats));
            }
        });
        Server { addr, stats }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self, path: &str) -> usize {
        lock(&self.stats).hits.get(path).copied().unwrap_or(0)
    }
}

/// Reads one request, counts it, answers it, and closes the connection.
fn serve(stream: TcpStream, stats: &Mutex<Stats>) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let hit = {
        let mut stats = lock(stats);
        let hits = stats.hits.entry(path.clone()).or_insert(0);
        *hits += 1;
        *hits
    };
    if path.starts_with("/counted/") {
        // In flight from the request to the answer, left before the answer
        // is written: the client cannot start its next request earlier.
        {
            let mut stats = lock(stats);
            stats.in_flight += 1;
            stats.most_in_flight = stats.most_in_flight.max(stats.in_flight);
        }
        thread::sleep(Duration::from_millis(100));
        lock(stats).in_flight -= 1;
    }
    // A client that gave up (a refused size, a timeout) makes writes fail:
    // that is its business.
    let _ = respond(stream, &path, hit);
}

/// The routes: one per case the downloader must handle.
fn respond(mut s: TcpStream, path: &str, hit: usize) -> io::Result<()> {
    let slow = Duration::from_secs(2);
    match path {
        "/a.png" | "/anything/..%2F..%2Fx.png?f=../../../../tmp/evil.png" => {
            ok(&mut s, Some("image/png"), PNG)
        }
        "/b.jpg" | "/photo" => ok(&mut s, Some("image/jpeg"), JPEG),
        "/slow.png" => {
            thread::sleep(slow);
            ok(&mut s, Some("image/png"), PNG)
        }
        "/slow-body.png" => {
            let length = PNG.len().to_string();
            head(
                &mut s,
                "200 OK",
                &[("Content-Type", "image/png"), ("Content-Length", &length)],
            )?;
            s.write_all(&PNG[..8])?;
            s.flush()?;
            thread::sleep(slow);
            s.write_all(&PNG[8..])
        }
        "/missing.png" => reply(&mut s, "404 Not Found", Some("text/html"), HTML),
        "/flaky.png" if hit <= 2 => reply(
            &mut s,
            "500 Internal Server Error",
            Some("text/plain"),
            b"busy",
        ),
        "/flaky.png" => ok(&mut s, Some("image/png"), PNG),
        "/broken.png" => reply(
            &mut s,
            "500 Internal Server Error",
            Some("text/plain"),
            b"down",
        ),
        "/throttled.png" if hit == 1 => reply(
            &mut s,
            "429 Too Many Requests",
            Some("text/plain"),
            b"later",
        ),
        "/throttled.png" => ok(&mut s, Some("image/png"), PNG),
        "/r1.png" => redirect(&mut s, "301 Moved Permanently", "/r2.png"),
        // Relative to the folder, then absolute with the host.
        "/r2.png" => redirect(&mut s, "302 Found", "r3.png"),
        "/r3.png" => {
            let to = format!("http://{}/a.png", s.local_addr()?);
            redirect(&mut s, "307 Temporary Redirect", &to)
        }
        // A raw UTF-8 file name, as some servers send it.
        "/utf8-redirect.png" => redirect(&mut s, "302 Found", "/café.png"),
        "/caf%C3%A9.png" => ok(&mut s, Some("image/png"), PNG),
        "/loop-a.png" => redirect(&mut s, "302 Found", "/loop-b.png"),
        "/loop-b.png" => redirect(&mut s, "308 Permanent Redirect", "/loop-a.png"),
        "/to-file.png" => redirect(&mut s, "302 Found", "file:///etc/passwd"),
        "/no-location.png" => reply(&mut s, "302 Found", None, b""),
        "/truncated.png" => {
            head(
                &mut s,
                "200 OK",
                &[("Content-Type", "image/png"), ("Content-Length", "5000")],
            )?;
            s.write_all(PNG)
        }
        "/page.png" => ok(&mut s, Some("text/html; charset=UTF-8"), HTML),
        "/lying.png" => ok(&mut s, Some("image/png"), HTML),
        "/lying-big.png" => ok(&mut s, Some("image/png"), &HTML.repeat(100)),
        "/big-declared.png" => {
            // Says a terabyte, sends one PNG: refused on the header alone.
            head(
                &mut s,
                "200 OK",
                &[
                    ("Content-Type", "image/png"),
                    ("Content-Length", "1000000000000"),
                ],
            )?;
            s.write_all(PNG)
        }
        "/big-chunked.png" => {
            head(
                &mut s,
                "200 OK",
                &[
                    ("Content-Type", "image/png"),
                    ("Transfer-Encoding", "chunked"),
                ],
            )?;
            for chunk in big_body().chunks(1000) {
                write!(s, "{:x}\r\n", chunk.len())?;
                s.write_all(chunk)?;
                s.write_all(b"\r\n")?;
            }
            s.write_all(b"0\r\n\r\n")
        }
        "/big-close.png" => {
            // No length: the body ends when the connection does.
            head(&mut s, "200 OK", &[("Content-Type", "image/png")])?;
            s.write_all(&big_body())
        }
        "/octet.png" | "/octet" => ok(&mut s, Some("application/octet-stream"), PNG),
        "/untyped.png" => ok(&mut s, None, PNG),
        "/pic.svg" | "/svg-typed.png" => ok(&mut s, Some("image/svg+xml"), SVG),
        "/song.mp3" | "/song.jpg" => ok(&mut s, Some("audio/mpeg"), MP3),
        "/doc.pdf" => ok(&mut s, Some("application/pdf"), PDF),
        counted if counted.starts_with("/counted/") => ok(&mut s, Some("image/png"), PNG),
        chain if chain.starts_with("/chain/") => {
            let n: usize = chain
                .trim_start_matches("/chain/")
                .trim_end_matches(".png")
                .parse()
                .unwrap_or(0);
            redirect(&mut s, "302 Found", &format!("/chain/{}.png", n + 1))
        }
        _ => reply(&mut s, "404 Not Found", Some("text/html"), HTML),
    }
}

/// 5000 bytes that start like a PNG.
fn big_body() -> Vec<u8> {
    let mut body = PNG.to_vec();
    body.resize(5000, 0);
    body
}

fn head(s: &mut TcpStream, status: &str, headers: &[(&str, &str)]) -> io::Result<()> {
    write!(s, "HTTP/1.1 {status}\r\nConnection: close\r\n")?;
    for (name, value) in headers {
        write!(s, "{name}: {value}\r\n")?;
    }
    s.write_all(b"\r\n")
}

fn reply(
    s: &mut TcpStream,
    status: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> io::Result<()> {
    let length = body.len().to_string();
    let mut headers = vec![("Content-Length", length.as_str())];
    headers.extend(content_type.map(|t| ("Content-Type", t)));
    head(s, status, &headers)?;
    s.write_all(body)
}

fn ok(s: &mut TcpStream, content_type: Option<&str>, body: &[u8]) -> io::Result<()> {
    reply(s, "200 OK", content_type, body)
}

fn redirect(s: &mut TcpStream, status: &str, location: &str) -> io::Result<()> {
    head(
        s,
        status,
        &[("Location", location), ("Content-Length", "0")],
    )
}

/// Options for tests: fast backoff, no retries unless a test asks, never
/// the environment's proxy (the server is local).
fn options(cache: &Path) -> DownloadOptions {
    DownloadOptions {
        retries: 0,
        backoff: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
        proxy_from_env: false,
        ..DownloadOptions::new(cache)
    }
}

fn downloader(options: DownloadOptions) -> Downloader {
    Downloader::new(options).expect("a downloader over a temp folder")
}

/// The names in the cache folder, sorted (temp files included).
fn cache_files(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .expect("read the cache")
        .map(|entry| {
            entry
                .expect("a cache entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn file(fetched: Fetched) -> PathBuf {
    match fetched {
        Fetched::File(path) => path,
        Fetched::Failed(why) => panic!("expected a file, got: {why}"),
    }
}

fn failed(fetched: Fetched) -> String {
    match fetched {
        Fetched::Failed(why) => why,
        Fetched::File(path) => panic!("expected a failure, got {}", path.display()),
    }
}

#[test]
fn png_and_jpeg_land_whole_in_the_cache() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    let png = file(d.fetch(&server.url("/a.png")));
    let jpeg = file(d.fetch(&server.url("/b.jpg")));
    assert!(is_cache_name(cache.path(), &png), "{}", png.display());
    assert!(png.to_string_lossy().ends_with(".png"));
    assert!(jpeg.to_string_lossy().ends_with(".jpg"));
    assert_eq!(std::fs::read(&png).expect("read"), PNG);
    assert_eq!(std::fs::read(&jpeg).expect("read"), JPEG);
    // Two files, no temp file left behind.
    assert_eq!(cache_files(cache.path()).len(), 2);
}

#[test]
fn a_rerun_finds_the_cache_without_a_request() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let urls = [server.url("/a.png"), server.url("/photo")];
    let first = downloader(options(cache.path())).fetch_all(&urls);
    let second = downloader(options(cache.path())).fetch_all(&urls);
    assert_eq!(first, second);
    // A URL without an extension gets the one of what it held.
    assert!(file(first[1].1.clone()).to_string_lossy().ends_with(".jpg"));
    assert_eq!((server.hits("/a.png"), server.hits("/photo")), (1, 1));
}

#[test]
fn outcomes_keep_the_given_order_and_a_repeated_url_is_fetched_once() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let urls = [
        server.url("/a.png"),
        server.url("/missing.png"),
        server.url("/a.png"),
        server.url("/b.jpg"),
    ];
    let outcomes = downloader(options(cache.path())).fetch_all(&urls);
    let given: Vec<&String> = outcomes.iter().map(|(url, _)| url).collect();
    assert_eq!(given, urls.iter().collect::<Vec<_>>());
    assert_eq!(outcomes[0].1, outcomes[2].1);
    assert_eq!(outcomes[1].1, Fetched::Failed("HTTP 404".to_string()));
    assert!(matches!(outcomes[3].1, Fetched::File(_)));
    assert_eq!(server.hits("/a.png"), 1);
}

#[test]
fn no_more_than_concurrency_fetches_at_a_time() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let urls: Vec<String> = (0..8)
        .map(|i| server.url(&format!("/counted/{i}.png")))
        .collect();
    let d = downloader(DownloadOptions {
        concurrency: 2,
        ..options(cache.path())
    });
    let outcomes = d.fetch_all(&urls);
    assert!(outcomes.iter().all(|(_, f)| matches!(f, Fetched::File(_))));
    // Each request takes 100 ms at the server: two workers overlap, a
    // third never starts while they run.
    assert_eq!(lock(&server.stats).most_in_flight, 2);
}

#[test]
fn a_slow_response_times_out() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        timeout: Duration::from_millis(300),
        ..options(cache.path())
    });
    let start = Instant::now();
    assert_eq!(
        failed(d.fetch(&server.url("/slow.png"))),
        "timed out after 300 ms"
    );
    assert_eq!(
        failed(d.fetch(&server.url("/slow-body.png"))),
        "timed out after 300 ms"
    );
    // The server takes 2 s each: neither was waited for.
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn a_timeout_is_retried() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        timeout: Duration::from_millis(200),
        retries: 1,
        ..options(cache.path())
    });
    assert_eq!(
        failed(d.fetch(&server.url("/slow.png"))),
        "timed out after 200 ms (2 tries)"
    );
    assert_eq!(server.hits("/slow.png"), 2);
}

#[test]
fn not_found_is_reported_and_not_retried() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 3,
        ..options(cache.path())
    });
    assert_eq!(failed(d.fetch(&server.url("/missing.png"))), "HTTP 404");
    assert_eq!(server.hits("/missing.png"), 1);
}

#[test]
fn a_server_error_is_retried_until_it_passes() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 3,
        ..options(cache.path())
    });
    let path = file(d.fetch(&server.url("/flaky.png")));
    assert_eq!(std::fs::read(path).expect("read"), PNG);
    // 500, 500, then 200.
    assert_eq!(server.hits("/flaky.png"), 3);
    file(d.fetch(&server.url("/throttled.png")));
    assert_eq!(server.hits("/throttled.png"), 2);
}

#[test]
fn a_lasting_server_error_is_reported_with_its_tries() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 2,
        ..options(cache.path())
    });
    assert_eq!(
        failed(d.fetch(&server.url("/broken.png"))),
        "HTTP 500 (3 tries)"
    );
    assert_eq!(server.hits("/broken.png"), 3);
}

#[test]
fn a_refused_connection_is_retried_then_reported() {
    // A port that was free a moment ago and has no listener now.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 2,
        ..options(cache.path())
    });
    let why = failed(d.fetch(&format!("http://127.0.0.1:{port}/a.png")));
    assert!(why.starts_with("connection failed"), "{why}");
    assert!(why.ends_with("(3 tries)"), "{why}");
}

#[test]
fn redirects_are_followed_and_cached_under_the_first_url() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let url = server.url("/r1.png");
    let path = file(downloader(options(cache.path())).fetch(&url));
    assert_eq!(std::fs::read(&path).expect("read"), PNG);
    for hop in ["/r1.png", "/r2.png", "/r3.png", "/a.png"] {
        assert_eq!(server.hits(hop), 1, "{hop}");
    }
    assert_eq!(file(downloader(options(cache.path())).fetch(&url)), path);
    assert_eq!(server.hits("/r1.png"), 1);
}

#[test]
fn a_redirect_to_a_non_ascii_name_is_followed_escaped() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    file(downloader(options(cache.path())).fetch(&server.url("/utf8-redirect.png")));
    assert_eq!(server.hits("/caf%C3%A9.png"), 1);
}

#[test]
fn a_redirect_loop_is_refused() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 3,
        ..options(cache.path())
    });
    let why = failed(d.fetch(&server.url("/loop-a.png")));
    assert_eq!(
        why,
        format!("redirect loop back to {}", server.url("/loop-a.png"))
    );
    assert_eq!(
        (server.hits("/loop-a.png"), server.hits("/loop-b.png")),
        (1, 1)
    );
}

#[test]
fn redirects_are_limited() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    assert_eq!(
        failed(d.fetch(&server.url("/chain/0.png"))),
        "more than 5 redirects"
    );
    // The first request and five redirects followed: /chain/0 to /chain/5.
    assert_eq!(server.hits("/chain/5.png"), 1);
    assert_eq!(server.hits("/chain/6.png"), 0);
}

#[test]
fn a_redirect_away_from_http_is_refused() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    assert_eq!(
        failed(d.fetch(&server.url("/to-file.png"))),
        "redirect refused: not an HTTP(S) URL: file:"
    );
    assert_eq!(
        failed(d.fetch(&server.url("/no-location.png"))),
        "HTTP 302 without a Location"
    );
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn a_truncated_body_is_retried_reported_and_not_kept() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 1,
        ..options(cache.path())
    });
    assert_eq!(
        failed(d.fetch(&server.url("/truncated.png"))),
        format!("truncated: {} of 5000 bytes (2 tries)", PNG.len())
    );
    assert_eq!(server.hits("/truncated.png"), 2);
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn an_html_page_is_not_an_image() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        retries: 3,
        ..options(cache.path())
    });
    assert_eq!(
        failed(d.fetch(&server.url("/page.png"))),
        "not an image: text/html"
    );
    // HTML bytes under an image type: the magic number decides, whether the
    // body is shorter than the bytes checked or longer.
    for path in ["/lying.png", "/lying-big.png"] {
        assert_eq!(
            failed(d.fetch(&server.url(path))),
            "not an image: declared image/png, content starts with \"<!DOCTYPE html><\"",
            "{path}"
        );
        assert_eq!(server.hits(path), 1, "{path}");
    }
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(DownloadOptions {
        max_bytes: 1000,
        ..options(cache.path())
    });
    // Refused on its Content-Length: had the body been read, it would be
    // "truncated" (the server sends 67 bytes of the terabyte it announces).
    assert_eq!(
        failed(d.fetch(&server.url("/big-declared.png"))),
        "larger than 1000 bytes (Content-Length 1000000000000)"
    );
    // No length announced: cut off at the cap, chunked or not.
    for path in ["/big-chunked.png", "/big-close.png"] {
        assert_eq!(
            failed(d.fetch(&server.url(path))),
            "larger than 1000 bytes",
            "{path}"
        );
    }
    assert!(cache_files(cache.path()).is_empty());
    // The same bodies under a cap they fit.
    let d = downloader(DownloadOptions {
        max_bytes: 5000,
        ..options(cache.path())
    });
    let path = file(d.fetch(&server.url("/big-chunked.png")));
    assert_eq!(std::fs::read(path).expect("read"), big_body());
    file(d.fetch(&server.url("/big-close.png")));
}

#[test]
fn octet_stream_is_taken_on_the_extension_alone() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    file(d.fetch(&server.url("/octet.png")));
    file(d.fetch(&server.url("/untyped.png")));
    assert_eq!(
        failed(d.fetch(&server.url("/octet"))),
        "not an image: application/octet-stream"
    );
}

#[test]
fn svg_is_never_downloaded() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    let refused = "not downloaded: SVG can carry script";
    assert_eq!(failed(d.fetch(&server.url("/pic.svg"))), refused);
    // Known by its extension: not even asked.
    assert_eq!(server.hits("/pic.svg"), 0);
    assert_eq!(failed(d.fetch(&server.url("/svg-typed.png"))), refused);
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn sound_video_and_pdf_only_behind_their_own_extensions() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    assert!(
        file(d.fetch(&server.url("/song.mp3")))
            .to_string_lossy()
            .ends_with(".mp3")
    );
    assert!(
        file(d.fetch(&server.url("/doc.pdf")))
            .to_string_lossy()
            .ends_with(".pdf")
    );
    assert_eq!(
        failed(d.fetch(&server.url("/song.jpg"))),
        "not an image: audio/mpeg"
    );
}

#[test]
fn only_http_and_https_urls_are_fetched() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    let ftp = format!("ftp://{}/a.png", server.addr);
    let cases = [
        ("file:///etc/passwd", "not an HTTP(S) URL: file:"),
        (ftp.as_str(), "not an HTTP(S) URL: ftp:"),
        (
            "data:image/png;base64,iVBORw0KGgo=",
            "not an HTTP(S) URL: data:",
        ),
        (
            "wp-content/uploads/a.png",
            "not an absolute HTTP(S) URL: wp-content/uploads/a.png",
        ),
    ];
    for (url, why) in cases {
        assert_eq!(failed(d.fetch(url)), why, "{url}");
    }
    assert_eq!(server.hits("/a.png"), 0);
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn no_url_names_a_path_outside_the_cache() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("temp dir");
    let d = downloader(options(cache.path()));
    let path = file(d.fetch(&server.url("/anything/..%2F..%2Fx.png?f=../../../../tmp/evil.png")));
    assert!(is_cache_name(cache.path(), &path), "{}", path.display());
    // Whatever the URL, the name is a hash and a listed extension.
    for url in [
        "http://h/../../../etc/passwd",
        "http://h/a.png/..%2f..%2f",
        "http://h/x.png\\..\\..\\evil.exe",
        "http://h/x.sh",
        "http://h/%2e%2e/%2e%2e/x.png",
    ] {
        let request = url::request_url(url).expect("an http URL");
        let extension = url::extension(&request).filter(|e| kind::extension_family(e).is_some());
        let name = format!(
            "{}.{}",
            cache_key(&request),
            extension.as_deref().unwrap_or("png")
        );
        assert!(
            is_cache_name(cache.path(), &cache.path().join(&name)),
            "{url}: {name}"
        );
    }
}

#[test]
fn a_cache_that_cannot_be_made_is_an_error_naming_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let blocker = folder.path().join("file");
    std::fs::write(&blocker, b"").expect("write");
    let Err(error) = Downloader::new(options(&blocker.join("cache"))) else {
        panic!("a cache under a file was made");
    };
    assert!(
        format!("{error:#}").contains(&blocker.display().to_string()),
        "{error:#}"
    );
    // A missing folder is made.
    let nested = folder.path().join("a/b/cache");
    downloader(options(&nested));
    assert!(nested.is_dir());
}

#[test]
fn the_backoff_doubles() {
    let first = Duration::from_millis(10);
    let waits: Vec<Duration> = (0..4).map(|attempt| backoff(first, attempt)).collect();
    assert_eq!(waits, [10, 20, 40, 80].map(Duration::from_millis));
}

#[test]
fn sizes_and_durations_read_as_in_the_report() {
    assert_eq!(Size(50 * MIB).to_string(), "50 MiB");
    assert_eq!(Size(1000).to_string(), "1000 bytes");
    assert_eq!(Span(Duration::from_secs(30)).to_string(), "30 s");
    assert_eq!(Span(Duration::from_millis(250)).to_string(), "250 ms");
}
