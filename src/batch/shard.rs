//! `--shard K/N`: which documents of a run this process converts
//! (docs/scaling.md).
//!
//! Every process of a sharded conversion plans the whole run (names,
//! collisions, the migration's map), so a document has the same output
//! path in every shard and in a single run; then each converts only the
//! documents whose planned output stem (`post/hello-world`,
//! `content/posts/a-meadow`: the path relative to the output folder,
//! without the format's folder and extension) hashes to it. Files of a
//! folder and items of an export follow the one rule.
//!
//! The hash is FNV-1a, 64 bits, of the stem's UTF-8 bytes with `/`
//! between components: fixed by its definition, so it is the same on
//! every platform, in every version of unpress and Rust, and in every
//! run (std's `DefaultHasher` promises none of that). Shard `K` (1-based)
//! converts the stems whose hash is `K - 1` modulo `N`.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// `--shard K/N`: this process is shard `K` (1 to `N`) of `N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// True when the document with the planned output stem `stem` is
    /// converted by this shard.
    pub fn owns(&self, stem: &Path) -> bool {
        fnv1a64(key(stem).as_bytes()) % self.count == self.index - 1
    }

    /// True for the shard that reports what belongs to no document: an
    /// input that cannot be read or walked, an export that cannot be
    /// scanned, an export's broken items, its skipped items in the report.
    /// Shard 1, so that the shards' summaries add up to a single run's.
    pub fn is_first(&self) -> bool {
        self.index == 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = |why: &str| {
            format!(
                "{why}; give K/N with 1 <= K <= N, e.g. --shard 1/4 to --shard 4/4 for four processes"
            )
        };
        let (k, n) = s.split_once('/').ok_or_else(|| bad("not K/N"))?;
        let number = |t: &str| -> Result<u64, String> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("K and N are whole numbers"));
            }
            t.parse().map_err(|_| bad("a number too large"))
        };
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 {
            return Err(bad("N is the number of shards, at least 1"));
        }
        if index == 0 || index > count {
            return Err(bad("K counts from 1 to N"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A stem as hashed: components joined by `/` whatever the platform's
/// separator, so a Windows shard agrees with a Linux one.
fn key(stem: &Path) -> String {
    stem.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// FNV-1a, 64 bits (the offset basis and prime of the FNV specification,
/// draft-eastlake-fnv).
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The specification's test vectors: the hash is FNV-1a itself, not
    /// something like it.
    #[test]
    fn fnv1a64_matches_its_specification() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    /// Pinned: a change here moves documents between shards, so shards of
    /// two versions would no longer add up to one run.
    #[test]
    fn the_shard_of_a_stem_never_changes() {
        let of = |stem: &str, n: u64| {
            (1..=n)
                .find(|&k| Shard { index: k, count: n }.owns(Path::new(stem)))
                .expect("one shard")
        };
        assert_eq!(
            of("post/hello-world", 4),
            fnv1a64(b"post/hello-world") % 4 + 1
        );
        assert_eq!(
            fnv1a64(b"content/posts/a-meadow"),
            fnv1a64(key(Path::new("content/posts/a-meadow")).as_bytes())
        );
        assert_eq!(fnv1a64(b"post/hello-world"), 0xce25_db10_4415_2d25);
    }

    #[test]
    fn every_stem_has_exactly_one_shard() {
        for n in 1..=7 {
            for i in 0..200 {
                let stem = format!("post/{i}/x");
                let owners = (1..=n)
                    .filter(|&k| Shard { index: k, count: n }.owns(Path::new(&stem)))
                    .count();
                assert_eq!(owners, 1, "{stem} of {n}");
            }
        }
    }

    #[test]
    fn k_counts_from_one_to_n() {
        assert_eq!("1/4".parse(), Ok(Shard { index: 1, count: 4 }));
        assert_eq!("4/4".parse(), Ok(Shard { index: 4, count: 4 }));
        assert_eq!(
            "1/1".parse::<Shard>().map(|s| s.to_string()),
            Ok("1/1".into())
        );
        for bad in [
            "0/4",
            "5/4",
            "a/b",
            "1/0",
            "0/0",
            "1",
            "",
            "/4",
            "1/",
            "-1/4",
            "+1/4",
            "1/4/2",
            " 1/4",
            "99999999999999999999/1",
        ] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
