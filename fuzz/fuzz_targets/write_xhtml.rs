//! The XHTML writer: a well-formed XML document (quick-xml, strict end
//! names, no duplicate attributes, only XML's own entities, no character
//! XML forbids) that holds nothing that runs code once a browser parses
//! it as HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress::{Format, convert};

fuzz_target!(|data: &[u8]| {
    let (opts, rest) = unpress_fuzz::options(data);
    let post = unpress_fuzz::text(rest);
    let Ok(out) = convert(&post, &[Format::Xhtml], &opts) else {
        return;
    };
    let xhtml = out.get(Format::Xhtml).unwrap_or_default();
    if let Err(e) = unpress_fuzz::check_xml(xhtml) {
        panic!("not well-formed: {e}\n{xhtml}");
    }
    unpress_fuzz::assert_harmless("the XHTML", xhtml);
});
