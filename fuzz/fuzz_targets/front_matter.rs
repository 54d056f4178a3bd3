//! Front-matter splitting and reading: `read::front_matter::split`, then
//! the whole reader (`read::read_bytes`: BOMs, UTF-16, YAML, typed
//! fields, the body's kind, shortcodes, wpautop) on the same bytes.
//!
//! Invariants: no panic; the split's parts are slices of the input, in
//! order; the front matter reads as serde_yaml alone reads it; a map read
//! from YAML prints back (`yaml::to_yaml`) as YAML that reads to the same
//! map.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress::read::{ReadOptions, front_matter};
use unpress::{Source, yaml};

fuzz_target!(|data: &[u8]| {
    let text = unpress_fuzz::text(data);
    if let Ok(split) = front_matter::split(&text) {
        assert!(
            text.ends_with(split.body),
            "the body is the end of the text"
        );
        if let Some(y) = split.yaml {
            assert!(text.contains(y));
            assert!(y.len() + split.body.len() <= text.len());
            // The usual block is read by unpress's own reader: it must
            // give serde_yaml's map, or serde_yaml's error.
            let read = yaml::parse_front_matter(y);
            assert_eq!(
                read.as_ref().ok(),
                yaml::with_serde_yaml(y).as_ref().ok(),
                "the simple reader and serde_yaml disagree on {y:?}"
            );
            if let Ok(map) = read {
                let printed = yaml::to_yaml(&map);
                let back = yaml::parse_front_matter(&printed).unwrap_or_else(|e| {
                    panic!("to_yaml wrote what it cannot read: {e:?}\n{printed}")
                });
                assert_eq!(back, map, "YAML round trip\n{printed}");
            }
        }
    }
    let _ = unpress::read::read_bytes(Source::Text, data, &ReadOptions::default());
});
