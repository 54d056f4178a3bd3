//! whatlang's trigram method, scored from the text's side.
//!
//! whatlang 0.16.4 ranks a text's trigrams (most frequent first, at most
//! 600) and then, for every language of the script, walks the language's
//! 300 profile trigrams and looks each one up among the text's: for a
//! Latin-script text that is 36 x 300 hash lookups, about a tenth of a
//! millisecond whatever the text's length. Here the profiles are inverted
//! once (a trigram -> the languages whose profile holds it, and at which
//! rank), so a text costs one lookup per ranked trigram of its own and the
//! languages that share it.
//!
//! The arithmetic is whatlang's to the unit (src/trigrams/detection.rs
//! `calculate_distance`, `distance_to_raw_score`; src/trigrams/utils.rs
//! `count`): tests/it/language_detection.rs compares every distance and
//! score with whatlang's own.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use whatlang::{Lang, Script};

/// whatlang's `MAX_TRIGRAM_DISTANCE`: what a profile trigram missing from
/// the text costs.
const MAX_TRIGRAM_DISTANCE: u32 = 300;

/// whatlang's `MAX_TOTAL_DISTANCE`, where a language's distance is capped.
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;

/// whatlang's `TEXT_TRIGRAMS_SIZE`: how many of the text's trigrams are
/// ranked (twice a profile's length).
const TEXT_TRIGRAMS_SIZE: usize = 600;

/// How many trigrams a language's profile holds, all distinct (checked
/// when the profiles are read).
const PROFILE_LEN: u32 = 300;

/// The profiles, as whatlang 0.16.4 ships them (src/lang/profiles.py
/// writes this file from the registry's copy).
const PROFILES: &str = include_str!("profiles.txt");

/// Three characters packed in one integer, 21 bits each, the first
/// highest: integers then sort as whatlang's `Trigram`s do (by the first
/// character, then the second, then the third), which decides the rank of
/// two trigrams seen equally often.
type Packed = u64;

fn pack(a: char, b: char, c: char) -> Packed {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// What whatlang's trigram method found in a text (whatlang's
/// `trigrams::RawOutcome`).
#[derive(Debug)]
pub struct TrigramOutcome {
    /// How many distinct trigrams were ranked (at most 600).
    pub count: usize,
    /// Each language's distance from the text, nearest first.
    pub distances: Vec<(Lang, u32)>,
    /// The same languages' scores, in `0.0..=1.0`, in the same order.
    pub scores: Vec<(Lang, f64)>,
}

/// The trigram scores of `lowercase` (the text lower-cased with
/// `str::to_lowercase`, as whatlang does) against the languages of
/// `script`, or `None` for a script without profiles (one language, or
/// Han).
pub fn score(script: Script, lowercase: &str) -> Option<TrigramOutcome> {
    let profiles = profiles().iter().find(|p| p.script == script)?;
    let ranked = rank(lowercase);
    let mut distances = profiles.distances(&ranked);
    // The same call on the same list in the same order as whatlang's:
    // languages at the same distance then keep whatlang's order.
    distances.sort_unstable_by_key(|(_, dist)| *dist);
    let max_distance = ranked.len() as u32 * MAX_TRIGRAM_DISTANCE;
    let scores = distances
        .iter()
        .map(|&(lang, distance)| (lang, raw_score(distance, max_distance)))
        .collect();
    Some(TrigramOutcome {
        count: ranked.len(),
        distances,
        scores,
    })
}

/// whatlang's `distance_to_raw_score`. `max_distance - distance` cannot
/// underflow: with 300 ranked trigrams or more, `max_distance` is at least
/// the cap on `distance`; with fewer, every rank difference is below 300.
/// (No trigram at all would give 0 / 0, as in whatlang; a text whose main
/// script has several languages always has one.)
fn raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    f64::from(similarity) / f64::from(max_distance)
}

/// The text's distinct trigrams, most frequent first, a tie broken by the
/// greater trigram first, at most 600: a trigram's index is its position
/// in whatlang's `get_trigrams_with_positions`.
fn rank(lowercase: &str) -> Vec<Packed> {
    let mut all = Vec::with_capacity(lowercase.len() + 1);
    for_each_trigram(lowercase, |t| all.push(t));
    all.sort_unstable();
    // Each distinct trigram and how often it occurs, ascending by trigram.
    let counted: Vec<(usize, Packed)> = all
        .chunk_by(|a, b| a == b)
        .map(|run| (run.len(), run[0]))
        .collect();
    // Descending by (count, trigram), a total order on distinct trigrams,
    // so any sort gives whatlang's order. A counting sort by count, fed
    // from the end (greater trigrams first), which keeps that order within
    // a count: no comparisons, where sorting was a tenth of the detector.
    let most = counted.iter().map(|&(n, _)| n).max().unwrap_or(0);
    let mut next = vec![0; most + 1]; // per count: how many, then where
    for &(n, _) in &counted {
        next[n] += 1;
    }
    let mut at = 0;
    for slot in next.iter_mut().rev() {
        let many = *slot;
        *slot = at;
        at += many;
    }
    let mut ranked = vec![0; counted.len()];
    for &(n, trigram) in counted.iter().rev() {
        ranked[next[n]] = trigram;
        next[n] += 1;
    }
    ranked.truncate(TEXT_TRIGRAMS_SIZE);
    ranked
}

/// Every trigram whatlang counts in a text, in text order, repeats
/// included (src/trigrams/utils.rs `count`): ASCII punctuation and digits
/// are spaces, the text is padded with a space on each side, and a
/// trigram centred on a space is kept only between two non-spaces (`a b`;
/// `ab ` and ` ab` are kept, `b  ` and `  a` are not).
fn for_each_trigram(lowercase: &str, mut visit: impl FnMut(Packed)) {
    let mut chars = lowercase.chars().map(to_trigram_char).chain(Some(' '));
    let mut c1 = ' ';
    let Some(mut c2) = chars.next() else {
        return;
    };
    for c3 in chars {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            visit(pack(c1, c2, c3));
        }
        c1 = c2;
        c2 = c3;
    }
}

/// whatlang's `to_trigram_char`: a stop character (`is_stop_char`: the
/// ASCII controls, space, punctuation and digits, but not DEL) counts as
/// a space. Other spaces (U+00A0, U+2003) and punctuation (`—`, `«`) are
/// letters as far as whatlang is concerned.
fn to_trigram_char(c: char) -> char {
    match c {
        '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}' => ' ',
        c => c,
    }
}

/// One script's profiles, inverted.
struct ScriptProfiles {
    script: Script,
    /// The languages, in whatlang's order (the order of profiles.txt).
    langs: Vec<Lang>,
    /// Each trigram of any profile -> its postings, `postings[start..end]`.
    index: HashMap<Packed, (u32, u32), BuildHasherDefault<PackedHasher>>,
    /// Where each trigram stands in which profiles, grouped by trigram:
    /// one array rather than a vector per trigram, for the cache.
    postings: Vec<Posting>,
}

/// A trigram's place in one language's profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    /// The language's index in [`ScriptProfiles::langs`].
    lang: u8,
    /// The trigram's rank in that profile, 0 for the most frequent.
    rank: u16,
}

impl ScriptProfiles {
    /// A section's profiles, inverted.
    fn invert(section: Section) -> Self {
        let Section {
            script,
            langs,
            mut pairs,
        } = section;
        pairs.sort_unstable();
        let mut index = HashMap::default();
        let mut postings = Vec::with_capacity(pairs.len());
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let start = postings.len() as u32;
            postings.extend(run.iter().map(|&(_, posting)| posting));
            index.insert(run[0].0, (start, postings.len() as u32));
        }
        ScriptProfiles {
            script,
            langs,
            index,
            postings,
        }
    }

    /// Where `trigram` stands in which profiles (none for most trigrams).
    fn postings_of(&self, trigram: Packed) -> &[Posting] {
        match self.index.get(&trigram) {
            Some(&(start, end)) => &self.postings[start as usize..end as usize],
            None => &[],
        }
    }

    /// Every language's distance from a text whose ranked trigrams are
    /// `ranked`, in profile order.
    fn distances(&self, ranked: &[Packed]) -> Vec<(Lang, u32)> {
        // Per language: how many of its profile's trigrams the text holds,
        // and the sum of their rank differences.
        let mut found = vec![(0u32, 0u32); self.langs.len()];
        for (position, &trigram) in ranked.iter().enumerate() {
            for posting in self.postings_of(trigram) {
                let (hits, near) = &mut found[usize::from(posting.lang)];
                *hits += 1;
                *near += (position as i32 - i32::from(posting.rank)).unsigned_abs();
            }
        }
        let count = ranked.len() as u32;
        self.langs
            .iter()
            .zip(found)
            .map(|(&lang, (hits, near))| (lang, distance(hits, near, count)))
            .collect()
    }
}

/// whatlang's `calculate_distance` for one language, from the text's
/// side: `hits` of the profile's 300 trigrams are among the text's `count`
/// ranked ones, `near` is the sum of their rank differences, every other
/// one costs 300.
///
/// A text of fewer than 300 trigrams has its shortfall forgiven (300 per
/// trigram it lacks), in u32 as whatlang does. That cannot underflow: such
/// a text holds at most `count` of the profile's distinct trigrams, so at
/// least `300 - count` of them cost 300 each.
fn distance(hits: u32, near: u32, count: u32) -> u32 {
    let mut total = near + (PROFILE_LEN - hits) * MAX_TRIGRAM_DISTANCE;
    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total -= delta * MAX_TRIGRAM_DISTANCE;
    }
    total.min(MAX_TOTAL_DISTANCE)
}

/// The profiles of every script, read and inverted on first use.
fn profiles() -> &'static [ScriptProfiles] {
    static PARSED: OnceLock<Vec<ScriptProfiles>> = OnceLock::new();
    PARSED.get_or_init(|| parse(PROFILES))
}

/// Reads profiles.txt (its header says the format). The file is part of
/// the build, not input: a malformed line is a bug, caught by the tests.
fn parse(text: &str) -> Vec<ScriptProfiles> {
    let mut sections: Vec<Section> = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push(Section {
                script: script_named(name),
                langs: Vec::new(),
                pairs: Vec::new(),
            });
            continue;
        }
        let Section { langs, pairs, .. } = sections
            .last_mut()
            .expect("profiles.txt: a language before any [script]");
        let mut words = line.split(' ');
        let code = words.next().unwrap_or_default();
        let lang = Lang::from_code(code)
            .unwrap_or_else(|| panic!("profiles.txt: unknown language {code:?}"));
        let index = u8::try_from(langs.len()).expect("profiles.txt: 256 languages");
        langs.push(lang);
        let mut trigrams: Vec<Packed> = words.map(unescape).collect();
        assert_eq!(trigrams.len(), PROFILE_LEN as usize, "profiles.txt: {code}");
        pairs.extend(trigrams.iter().enumerate().map(|(rank, &trigram)| {
            let rank = rank as u16;
            (trigram, Posting { lang: index, rank })
        }));
        trigrams.sort_unstable();
        trigrams.dedup();
        assert_eq!(
            trigrams.len(),
            PROFILE_LEN as usize,
            "profiles.txt: {code} lists a trigram twice"
        );
    }
    sections.into_iter().map(ScriptProfiles::invert).collect()
}

/// One `[script]` section of profiles.txt, as read.
struct Section {
    script: Script,
    /// Its languages, in the file's order.
    langs: Vec<Lang>,
    /// Every (trigram, its place in one language's profile) pair.
    pairs: Vec<(Packed, Posting)>,
}

/// A trigram as profiles.txt writes it (`_` for a space).
fn unescape(word: &str) -> Packed {
    let chars: Vec<char> = word
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    match chars[..] {
        [a, b, c] => pack(a, b, c),
        _ => panic!("profiles.txt: {word:?} is not a trigram"),
    }
}

/// The scripts profiles.txt has sections for: whatlang's five scripts of
/// several languages each.
fn script_named(name: &str) -> Script {
    match name {
        "latin" => Script::Latin,
        "cyrillic" => Script::Cyrillic,
        "arabic" => Script::Arabic,
        "devanagari" => Script::Devanagari,
        "hebrew" => Script::Hebrew,
        _ => panic!("profiles.txt: unknown script [{name}]"),
    }
}

/// Hashes a packed trigram with one folded multiplication: the keys are
/// already well-spread integers, and the default SipHash would cost more
/// than the lookups this module saves.
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(self.0 ^ n) * 0x9E37_79B9_7F4A_7C15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigrams_of(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_trigram(text, |t| {
            let c = |shift: u32| char::from_u32(((t >> shift) & 0x1F_FFFF) as u32).unwrap();
            out.push([c(42), c(21), c(0)].iter().collect());
        });
        out
    }

    /// whatlang's own examples (src/trigrams/utils.rs `test_count`).
    #[test]
    fn trigrams_are_counted_as_whatlang_counts_them() {
        assert!(trigrams_of("").is_empty());
        assert!(trigrams_of(",").is_empty());
        assert_eq!(trigrams_of("a"), [" a "]);
        assert_eq!(trigrams_of("-a-"), [" a "]);
        assert_eq!(trigrams_of("yes"), [" ye", "yes", "es "]);
        assert_eq!(
            trigrams_of("give - it..."),
            [" gi", "giv", "ive", "ve ", " it", "it "]
        );
        // A space between two letters is inside a trigram; U+00A0 is a
        // letter as far as whatlang is concerned.
        assert_eq!(trigrams_of("a b"), [" a ", "a b", " b "]);
        assert_eq!(trigrams_of("a\u{a0}b").len(), 3);
    }

    /// whatlang's `test_get_trigrams_with_positions`: more frequent first.
    #[test]
    fn frequent_trigrams_rank_first() {
        let ranked = rank("xaaaaabbbb    d");
        assert_eq!(ranked[0], pack('a', 'a', 'a'));
        assert_eq!(ranked[1], pack('b', 'b', 'b'));
    }

    /// The profiles as whatlang ships them: 36 Latin-script languages, 6
    /// Cyrillic, 3 Arabic, 3 Devanagari, 2 Hebrew, each of 300 distinct
    /// trigrams (which [`distance`]'s no-underflow argument needs; `parse`
    /// checks it), and every language whatlang gives that script.
    #[test]
    fn the_profiles_are_whatlangs() {
        let scripts = profiles();
        let shape: Vec<(Script, usize)> =
            scripts.iter().map(|p| (p.script, p.langs.len())).collect();
        assert_eq!(
            shape,
            [
                (Script::Latin, 36),
                (Script::Cyrillic, 6),
                (Script::Arabic, 3),
                (Script::Devanagari, 3),
                (Script::Hebrew, 2),
            ]
        );
        for p in scripts {
            let mut ours = p.langs.clone();
            let mut theirs = p.script.langs().to_vec();
            ours.sort_by_key(|l| l.code());
            theirs.sort_by_key(|l| l.code());
            assert_eq!(ours, theirs, "{:?}", p.script);
            assert_eq!(p.postings.len(), p.langs.len() * PROFILE_LEN as usize);
            let listed: usize = p
                .index
                .values()
                .map(|&(start, end)| (end - start) as usize)
                .sum();
            assert_eq!(listed, p.postings.len());
        }
        assert_eq!(profiles()[0].langs[..3], [Lang::Spa, Lang::Eng, Lang::Por]);
    }

    /// The forgiveness for short texts and the cap, at their edges.
    #[test]
    fn distances_are_forgiven_then_capped() {
        // No trigram of the profile: 300 x 300, less the shortfall.
        assert_eq!(distance(0, 0, 0), 0);
        assert_eq!(distance(0, 0, 10), 10 * 300);
        assert_eq!(distance(0, 0, 300), 90_000);
        // Every trigram of a short text in the profile, at the same rank.
        assert_eq!(distance(10, 0, 10), 0);
        // Far-off ranks of a long text are capped.
        assert_eq!(distance(300, 300 * 400, 600), 90_000);
    }
}
