//! The integration tests, one binary: one module per subject, one helper
//! module (`support`).
//!
//! `cargo test` runs what the repository holds: the fixtures, the data in
//! tests/data, inputs written by the tests. The suites over the external
//! corpus (`../shared/corpus`, or the folder `UNPRESS_CORPUS` names) are
//! compiled only with `cargo test --features corpus`, and fail when the
//! corpus is missing. Run one test or one module by name:
//! `cargo test rule_images`, `cargo test wxr::`.

mod support;

mod a11y;
mod cli;
mod config;
#[cfg(feature = "corpus")]
mod corpus;
mod determinism;
mod dialects;
mod epub;
mod executable_content;
mod fixtures;
mod fuzz_findings;
mod hostile_inputs;
mod html5ever_sink;
mod html5lib;
mod json_emitter;
mod language_detection;
mod migration;
mod nesting;
mod preservation;
mod residue;
mod roundtrip;
mod sanitize;
mod security;
mod shard;
mod sites;
mod terminal;
mod theme_unit;
mod wxr;
mod xhtml_profile;
