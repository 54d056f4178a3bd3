//! The EPUB builder, from one post: the book is a zip whose first entry
//! is `mimetype`, stored; every XHTML, OPF and NCX entry is well-formed
//! XML; no content document holds anything that runs code. Relative
//! images resolve in an empty folder (nothing of the machine is read).
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use unpress::{Chapter, EpubOptions, build_book, read_document, rewrite_document};

fuzz_target!(|data: &[u8]| {
    let (opts, rest) = unpress_fuzz::options(data);
    let post = unpress_fuzz::text(rest);
    let Ok(doc) = read_document(&post, &opts.read) else {
        return;
    };
    let doc = unpress::clean_metadata(&doc, &opts);
    let Ok((fragment, _)) = rewrite_document(&doc, &opts) else {
        return;
    };
    let empty = std::env::temp_dir().join("unpress-fuzz-empty");
    let _ = std::fs::create_dir_all(&empty);
    let eopts = EpubOptions {
        base_dir: Some(empty),
        ..EpubOptions::default()
    };
    let chapter = Chapter::new(&doc, &fragment, &eopts);
    let book = build_book(vec![chapter], &eopts).expect("one chapter makes a book");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&book.bytes)).expect("a zip");
    assert_eq!(
        zip.by_index(0).expect("an entry").name().expect("a name"),
        "mimetype"
    );
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("an entry");
        let name = entry.name().expect("a name").into_owned();
        assert!(!name.contains(".."), "{name}");
        if !(name.ends_with(".xhtml")
            || name.ends_with(".opf")
            || name.ends_with(".ncx")
            || name.ends_with(".xml"))
        {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("UTF-8");
        if let Err(e) = unpress_fuzz::check_xml(&text) {
            panic!("{name}: not well-formed: {e}\n{text}");
        }
        if name.ends_with(".xhtml") {
            unpress_fuzz::assert_harmless(&name, &text);
        }
    }
});
