//! The HTML vocabulary every stage shares, and that uses no stage: the
//! [`fragment::Fragment`] (the cleaned tree the writers read), one table of
//! element categories ([`elements`]), character references
//! ([`entities`]), URL helpers ([`url`]) and the HTML serializer
//! ([`serialize`]).

pub mod elements;
pub mod entities;
pub mod fragment;
pub mod serialize;
pub mod url;
