//! Makes an EPUB from files and folders with the library, the way
//! `unpress --to epub -o BOOK` does (used by .ci/epubcheck.sh).
//!
//! cargo run --example make_book -- -o book.epub [--title T] [--cover IMG]
//!     [--order date|input] [--assets URL_PREFIX=DIR] [--no-rules] INPUT...

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unpress::batch::EXTENSIONS;
use unpress::rewrite::rules::RuleSet;
use unpress::write::epub::{self, Chapter, ChapterOrder, EpubOptions};
use unpress::{Options, read, rewrite};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make_book: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut out = None;
    let mut opts = EpubOptions::default();
    let mut inputs = Vec::new();
    let mut options = Options::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "-o" => out = Some(PathBuf::from(value()?)),
            "--title" => opts.title = Some(value()?),
            "--cover" => opts.cover = Some(PathBuf::from(value()?)),
            "--order" => {
                opts.order = match value()?.as_str() {
                    "input" => ChapterOrder::Input,
                    _ => ChapterOrder::Date,
                }
            }
            "--assets" => {
                let v = value()?;
                let (prefix, dir) = v.split_once('=').ok_or("--assets URL_PREFIX=DIR")?;
                opts.assets.push((prefix.to_owned(), PathBuf::from(dir)));
            }
            "--no-rules" => options.rewrite.rules = RuleSet::none(),
            _ => collect(Path::new(&a), &mut inputs),
        }
    }
    let out = out.ok_or("give the book's file with -o")?;
    let mut chapters = Vec::new();
    for path in &inputs {
        let doc = read::read_file(path, &options.read).map_err(|e| e.to_string())?;
        let rewritten = rewrite::rewrite(&doc.body, &options.rewrite)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        chapters.push(Chapter::new(&doc, &rewritten.fragment, &opts));
    }
    let book = epub::build(chapters, &opts).map_err(|e| e.to_string())?;
    for w in &book.warnings {
        eprintln!("make_book: warning: {w}");
    }
    std::fs::write(&out, &book.bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "{}: {} bytes, {} remote image(s) linked",
        out.display(),
        book.bytes.len(),
        book.remote_images_linked
    );
    Ok(())
}

fn collect(path: &Path, inputs: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for e in walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
            if e.file_type().is_file() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
                inputs.push(e.path().to_path_buf());
            }
        }
    } else {
        inputs.push(path.to_path_buf());
    }
}
