//! The WXR reader: both streaming passes (`wxr::scan`, then
//! `Export::documents`) over the bytes as an export file, and each
//! document's rewrite. Invariants: no panic; every planned path is
//! relative and made of ordinary names; no document's text holds the
//! content of an external entity.
#![no_main]

use std::io::Write;
use std::path::Component;

use libfuzzer_sys::fuzz_target;
use unpress::read::wxr::{self, WxrOptions};
use unpress::{Options, rewrite_document};

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let mut opts = WxrOptions::default();
    opts.read.max_bytes = 1 << 20;
    let Ok(export) = wxr::scan(file.path(), &opts) else {
        return;
    };
    for p in export.planned() {
        assert!(
            p.components().all(|c| matches!(c, Component::Normal(_))),
            "{}",
            p.display()
        );
    }
    let Ok(docs) = export.documents() else {
        return;
    };
    let options = Options::default();
    for doc in docs.flatten() {
        assert!(
            doc.rel
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        );
        assert!(
            !doc.document.body.contains("root:x:0:0"),
            "an external entity was read"
        );
        let _ = rewrite_document(&doc.document, &options);
    }
});
