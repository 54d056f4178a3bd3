//! whatlang's alphabet method, with its character lookup made a table.
//!
//! whatlang 0.16.4 scores each language of a script by the text's letters
//! that its alphabet has (src/alphabets/common.rs
//! `generic_alphabet_calculate_scores`): every letter of the text is
//! looked up by binary search among the ~200 characters of the script's
//! alphabets, about a third of what the whole detector cost on Latin
//! text. Here an ASCII letter is found by a table; any other character
//! by the same binary search. The arithmetic, the order of the languages
//! and the sort are whatlang's, to the unit: tests/it/language_detection.rs
//! compares the scores with whatlang's own.
//!
//! The alphabets are copied from whatlang 0.16.4 (src/alphabets/latin.rs,
//! src/alphabets/cyrillic.rs; MIT License, see LICENSE-whatlang beside
//! this file), in its order.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use whatlang::{Lang, Script};

/// What whatlang's alphabet method says (its `alphabets::RawOutcome`).
pub struct AlphabetScores {
    /// How many characters were counted (the text's non-stop characters).
    pub count: usize,
    /// Every language's score, best first.
    pub scores: Vec<(Lang, f64)>,
}

/// The alphabet scores of `lowercase` (the text lower-cased as whatlang
/// does) for the languages of `script`: Latin or Cyrillic, `None` for
/// another script.
pub fn score(script: Script, lowercase: &str) -> Option<AlphabetScores> {
    let alphabets = match script {
        Script::Latin => latin(),
        Script::Cyrillic => cyrillic(),
        _ => return None,
    };
    Some(alphabets.score(lowercase))
}

fn latin() -> &'static Alphabets {
    static LATIN: OnceLock<Alphabets> = OnceLock::new();
    LATIN.get_or_init(|| Alphabets::new(Script::Latin, LATIN_ALPHABETS))
}

fn cyrillic() -> &'static Alphabets {
    static CYRILLIC: OnceLock<Alphabets> = OnceLock::new();
    CYRILLIC.get_or_init(|| Alphabets::new(Script::Cyrillic, CYRILLIC_ALPHABETS))
}

/// One script's alphabets, inverted (whatlang's `build_inverted_map`).
struct Alphabets {
    /// The script's languages, in whatlang's order.
    langs: Vec<Lang>,
    /// Every character of any alphabet, sorted.
    chars: Vec<char>,
    /// Per character: the indices in `langs` of the languages whose
    /// alphabet has it, once per time it is written there (as whatlang
    /// lists them: a character written twice counts twice).
    holders: Vec<Vec<usize>>,
    /// Per ASCII character: its index in `chars`.
    ascii: [Option<usize>; 128],
}

impl Alphabets {
    fn new(script: Script, alphabets: &[(Lang, &str)]) -> Alphabets {
        let langs = script.langs().to_vec();
        let mut map: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (lang, alphabet) in alphabets {
            // Every alphabet's language is one of the script's (the
            // tests would fail otherwise: whatlang would score a language
            // it never reports).
            let Some(index) = langs.iter().position(|l| l == lang) else {
                continue;
            };
            for c in alphabet.chars() {
                map.entry(c).or_default().push(index);
            }
        }
        let (chars, holders): (Vec<char>, Vec<Vec<usize>>) = map.into_iter().unzip();
        let mut ascii = [None; 128];
        for (i, &c) in chars.iter().enumerate() {
            if let Some(slot) = ascii.get_mut(c as usize) {
                *slot = Some(i);
            }
        }
        Alphabets {
            langs,
            chars,
            holders,
            ascii,
        }
    }

    /// whatlang's `generic_alphabet_calculate_scores`, every language
    /// allowed.
    fn score(&self, lowercase: &str) -> AlphabetScores {
        let mut char_scores = vec![0usize; self.chars.len()];
        let mut max_raw_score = 0usize;
        for c in lowercase.chars() {
            if is_stop_char(c) {
                continue;
            }
            max_raw_score += 1;
            let at = match self.ascii.get(c as usize) {
                Some(&at) => at,
                None => self.chars.binary_search(&c).ok(),
            };
            if let Some(at) = at {
                char_scores[at] += 2;
            }
        }
        let mut lang_scores = vec![0usize; self.langs.len()];
        let mut common_score = 0usize;
        for (holders, char_score) in self.holders.iter().zip(char_scores) {
            if char_score == 0 {
                continue;
            }
            if holders.len() == self.langs.len() {
                common_score += char_score;
            } else {
                for &lang in holders {
                    lang_scores[lang] += char_score;
                }
            }
        }
        // The same list in the same order, sorted by the same call, as
        // whatlang's: equal scores end in whatlang's order.
        let mut raw_scores: Vec<(Lang, usize)> = self
            .langs
            .iter()
            .zip(lang_scores)
            .map(|(&lang, score)| (lang, (score + common_score).saturating_sub(max_raw_score)))
            .collect();
        raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));
        AlphabetScores {
            count: max_raw_score,
            scores: raw_scores
                .into_iter()
                .map(|(lang, raw)| (lang, raw as f64 / max_raw_score as f64))
                .collect(),
        }
    }
}

/// whatlang's `is_stop_char`: the ASCII controls, space, punctuation and
/// digits (but not DEL).
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

const LATIN_ALPHABETS: &[(Lang, &str)] = &[
    (Lang::Afr, "abcdefghijklmnopqrstuvwxyzáèéêëíîïóôúû"),
    (Lang::Aka, "abdefghiklmnoprstuwyɔɛ"),
    (Lang::Aze, "abcdefghijklmnopqrstuvxyzçöüğışə̇"),
    (Lang::Cat, "abcdefghijklmnopqrstuvwxyz·àçèéíïòóúü"),
    (Lang::Ces, "abcdefghijklmnopqrstuvwxyzáéíóúýčďěňřšťůž"),
    (Lang::Dan, "abcdefghijklmnopqrstuvwxyzåæø"),
    (Lang::Deu, "abcdefghijklmnopqrstuvwxyzßäöü"),
    (Lang::Eng, "abcdefghijklmnopqrstuvwxyz"),
    (Lang::Epo, "abcdefghijklmnoprstuvzĉĝĥĵŝŭ"),
    (Lang::Est, "abcdefghijklmnopqrstuvwxyzäõöü"),
    (Lang::Fin, "abcdefghijklmnopqrstuvwxyzäöšž"),
    (Lang::Fra, "abcdefghijklmnopqrstuvwxyzàâçèéêëîïôùûüÿœ"),
    (Lang::Hrv, "abcdefghijklmnopqrstuvwxyzćčđšž"),
    (Lang::Hun, "abcdefghijklmnopqrstuvwxyzáéíóöúüőű"),
    (Lang::Ind, "abcdefghijklmnopqrstuvwxyz"),
    (Lang::Ita, "abcdefghijklmnopqrstuvwxyzàèéìòù"),
    (Lang::Jav, "abcdefghijklmnopqrstuvwxyzèé"),
    (Lang::Lat, "abcdefghijklmnopqrstuvwxyz"),
    (Lang::Lav, "abcdefghijklmnopqrstuvwxyzāčēģīķļņōŗšūž"),
    (Lang::Lit, "abcdefghijklmnopqrstuvwxyząčėęįšūųž"),
    (Lang::Nld, "abcdefghijklmnopqrstuvwxyzàèéëïĳ"),
    (Lang::Nob, "abcdefghijklmnopqrstuvwxyzåæø"),
    (Lang::Pol, "abcdefghijklmnopqrstuvwxyzóąćęłńśźż"),
    (Lang::Por, "abcdefghijklmnopqrstuvwxyzàáâãçéêíóôõú"),
    (Lang::Ron, "abcdefghijklmnopqrstuvwxyzâîăşţ"),
    (Lang::Slk, "abcdefghijklmnopqrstuvwxyzáäéíóôúýčďĺľňŕšťž"),
    (Lang::Slv, "abcdefghijklmnopqrstuvwxyzčšž"),
    (Lang::Sna, "abcdefghijklmnopqrstuvwxyz"),
    (Lang::Spa, "abcdefghijklmnopqrstuvwxyz¡¿áéíñóúü"),
    (Lang::Swe, "abcdefghijklmnopqrstuvwxyzäåö"),
    (Lang::Tgl, "abcdefghijklmnopqrstuvwxyzáéíñóú"),
    (Lang::Tuk, "abdefghijklmnoprstuwyzäçöüýňşž"),
    (Lang::Tur, "abcdefghijklmnopqrstuvwxyzçöüğış̇"),
    (Lang::Uzb, "abcdefghijklmnopqrstuvxyzʻ"),
    (
        Lang::Vie,
        "abcdefghijklmnopqrstuvwxyzàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    ),
    (Lang::Zul, "abcdefghijklmnopqrstuvwxyz"),
];

const CYRILLIC_ALPHABETS: &[(Lang, &str)] = &[
    (Lang::Bul, "абвгдежзийклмнопрстуфхцчшщъьюя"),
    (Lang::Rus, "абвгдежзийклмнопрстуфхцчшщъыьэюяё"),
    (Lang::Ukr, "абвгдежзийклмнопрстуфхцчшщьюяєіїґ"),
    (Lang::Bel, "абвгдежзйклмнопрстуфхцчшыьэюяёіў"),
    (Lang::Srp, "абвгдежзиклмнопрстуфхцчшђјљњћџ"),
    (Lang::Mkd, "абвгдежзиклмнопрстуфхцчшѓѕјљњќџ"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `Alphabets::new` leaves out a language its script does not have;
    /// whatlang would count it in `holders` (and so in the test for a
    /// letter common to all). None is left out.
    #[test]
    fn every_alphabet_is_of_a_language_of_its_script() {
        for (script, alphabets) in [
            (Script::Latin, LATIN_ALPHABETS),
            (Script::Cyrillic, CYRILLIC_ALPHABETS),
        ] {
            for (lang, _) in alphabets {
                assert!(script.langs().contains(lang), "{lang:?}");
            }
        }
    }
}
