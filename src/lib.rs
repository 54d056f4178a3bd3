//! unpress: get content out of WordPress-style HTML.
//!
//! The pipeline is read -> rewrite -> write: a reader turns an input into a
//! [`Document`](document::Document), the rewrite builds its cleaned
//! [`Fragment`](rewrite::fragment::Fragment), and each writer turns the two
//! into one format.

pub mod document;
pub mod rewrite;
pub mod write;
pub mod yaml;
