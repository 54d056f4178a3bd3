//! `whatlang::detect`, with the trigram scoring redone (src/lang/trigrams.rs).
//!
//! whatlang 0.16.4 decides in three steps (src/core/detect.rs): the
//! script with the most letters; for a script of one language, that
//! language; for Latin, Cyrillic, Arabic, Devanagari and Hebrew, a score
//! per language that weighs its alphabet against its trigrams
//! (src/combined/mod.rs), the best score winning with a confidence from
//! its lead over the second (src/core/confidence.rs). The script and the
//! alphabet scores are whatlang's own (its `dev` API); the trigram
//! scores, the weighing and the confidence are computed here, the same
//! way, in the same order: the answer is whatlang's for every text,
//! confidence included, at a cost that follows the text's length rather
//! than the number of profiles.

use std::cmp::Ordering;

use whatlang::dev::{self, LowercaseText};
use whatlang::{Info, Lang, Script};

use super::alphabets::{self, AlphabetScores};
use super::trigrams;
pub use super::trigrams::TrigramOutcome;

/// The language of `text`, its script and the confidence:
/// `whatlang::detect(text)`, to the bit.
pub fn detect(text: &str) -> Option<Info> {
    let script = main_script(text)?;
    match combined(script, text) {
        Some(outcome) => outcome.info(script),
        // A script of one language, or Han (Chinese, or Japanese by the
        // kana beside it): whatlang answers without trigrams, cheaply.
        None => whatlang::detect(text),
    }
}

/// How the languages of a script of several languages scored (whatlang's
/// `combined::RawOutcome`): what [`detect`] decides from, public for the
/// tests that compare it with whatlang's.
#[derive(Debug)]
pub struct Outcome {
    /// The trigram method's part.
    pub trigrams: TrigramOutcome,
    /// How many characters the alphabet method counted (the text's
    /// non-stop characters, 1 for Arabic, Devanagari and Hebrew), which
    /// sets its weight.
    pub letter_count: usize,
    /// Every language's alphabet score, best first.
    pub alphabet: Vec<(Lang, f64)>,
    /// Every language's combined score, best first.
    pub scores: Vec<(Lang, f64)>,
}

impl Outcome {
    /// The best language, and how sure: whatlang's `combined::detect`.
    fn info(&self, script: Script) -> Option<Info> {
        let (lang, best) = *self.scores.first()?;
        let confidence = match self.scores.get(1) {
            Some(&(_, second)) => confidence(best, second, self.trigrams.count),
            None => 1.0,
        };
        Some(Info::new(script, lang, confidence))
    }
}

/// The scores behind [`detect`]'s answer for a text whose main script has
/// several languages; `None` for any other text.
pub fn raw_detect(text: &str) -> Option<Outcome> {
    combined(main_script(text)?, text)
}

/// The script with the most letters, `None` without any letter
/// (whatlang's `RawScriptInfo::main_script`, on whatlang's own counts,
/// sorted by whatlang).
fn main_script(text: &str) -> Option<Script> {
    let counts = dev::raw_detect_script(text).counters;
    counts
        .first()
        .filter(|&&(_, letters)| letters > 0)
        .map(|&(script, _)| script)
}

/// The alphabet and trigram scores of a text in `script`, weighed
/// (whatlang's `combined::raw_detect`), or `None` when the script has
/// one language.
fn combined(script: Script, text: &str) -> Option<Outcome> {
    let lowercase = LowercaseText::new(text);
    let alphabet = alphabet_scores(script, &lowercase)?;
    let trigrams = trigrams::score(script, &lowercase)?;
    let scores = weigh(&alphabet, &trigrams.scores);
    Some(Outcome {
        trigrams,
        letter_count: alphabet.count,
        alphabet: alphabet.scores,
        scores,
    })
}

/// whatlang's alphabet scores (src/alphabets/detection.rs `raw_detect`):
/// for Latin and Cyrillic, its alphabets (src/lang/alphabets.rs); for
/// Arabic, Devanagari and Hebrew, where whatlang has no alphabets yet,
/// every language scores 1 from one letter. `None` for the other scripts.
fn alphabet_scores(script: Script, lowercase: &str) -> Option<AlphabetScores> {
    match script {
        Script::Arabic => Some(uniform(&[Lang::Ara, Lang::Urd, Lang::Pes])),
        Script::Devanagari => Some(uniform(&[Lang::Hin, Lang::Mar, Lang::Nep])),
        Script::Hebrew => Some(uniform(&[Lang::Heb, Lang::Yid])),
        _ => alphabets::score(script, lowercase),
    }
}

/// whatlang's `build_mock`: the same score for every language.
fn uniform(langs: &[Lang]) -> AlphabetScores {
    AlphabetScores {
        count: 1,
        scores: langs.iter().map(|&lang| (lang, 1.0)).collect(),
    }
}

/// Each language's alphabet and trigram scores weighed together, best
/// first (whatlang's `combined::raw_detect`). The languages are listed as
/// whatlang lists them (the alphabet's order, then the trigrams' newcomers)
/// and sorted by the same call, so equal scores end in whatlang's order.
fn weigh(alphabet: &AlphabetScores, trigram_scores: &[(Lang, f64)]) -> Vec<(Lang, f64)> {
    let mut langs: Vec<Lang> = alphabet.scores.iter().map(|&(lang, _)| lang).collect();
    for &(lang, _) in trigram_scores {
        if !langs.contains(&lang) {
            langs.push(lang);
        }
    }
    let alphabet_weight = alphabet_weight(alphabet.count);
    let trigram_weight = 1.0 - alphabet_weight;
    let score_in = |scores: &[(Lang, f64)], lang: Lang| {
        scores
            .iter()
            .find(|&&(l, _)| l == lang)
            .map_or(0.0, |&(_, score)| score)
    };
    let mut scores: Vec<(Lang, f64)> = langs
        .into_iter()
        .map(|lang| {
            let a = score_in(&alphabet.scores, lang);
            let t = score_in(trigram_scores, lang);
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Less));
    scores
}

/// How much the alphabet counts against the trigrams (whatlang's
/// `calc_alphabet_weight`): two thirds for an empty text, falling to a
/// third at 100 letters, where trigrams say more.
fn alphabet_weight(letters: usize) -> f64 {
    let weight = -(letters as f64 / 300.0) + 2.0 / 3.0;
    weight.clamp(1.0 / 3.0, 2.0 / 3.0)
}

/// How sure the best score is against the second (whatlang's
/// `calculate_confidence`): sure when it leads by more than a rate that
/// shrinks as the text has more trigrams (`count`), in proportion below.
fn confidence(best: f64, second: f64, count: usize) -> f64 {
    if best == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return best;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (best - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// whatlang's own examples (src/combined/mod.rs, src/lib.rs).
    #[test]
    fn whatlangs_examples() {
        assert_eq!(alphabet_weight(0), 2.0 / 3.0);
        assert_eq!(alphabet_weight(50), 0.5);
        assert_eq!(alphabet_weight(100), 1.0 / 3.0);
        assert_eq!(alphabet_weight(200), 1.0 / 3.0);
        let text = "Ĉu vi ne volas eklerni Esperanton? Bonvolu! Estas unu de la plej bonaj aferoj!";
        let info = detect(text).unwrap();
        assert_eq!(info.lang(), Lang::Epo);
        assert_eq!(info.script(), Script::Latin);
        assert_eq!(info.confidence(), 1.0);
        assert_eq!(
            detect("Та нічого, все нормально. А в тебе як?").map(|i| i.lang()),
            Some(Lang::Ukr)
        );
        assert_eq!(detect("1234567890-,;!"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn confidence_follows_the_lead() {
        assert_eq!(confidence(0.0, 0.0, 10), 0.0);
        assert_eq!(confidence(0.5, 0.0, 10), 0.5);
        assert_eq!(confidence(0.9, 0.3, 10), 1.0);
        assert!(confidence(0.5, 0.49, 10) < 0.9);
    }
}
