//! The language of a document: declared, or detected from its text.
//!
//! Declared wins (front matter `lang`/`language`/`locale`, `<html lang>`,
//! later the WXR `<language>`). Otherwise whatlang looks at the text's
//! script and trigrams; a reliable guess gives its ISO 639-1 code (639-3
//! when there is none), an unreliable one gives `und` (BCP 47 for
//! "undetermined"), never a wrong language stated with confidence.

use whatlang::Lang;

/// How much text the detector reads: enough to be sure, bounded for speed.
const SAMPLE: usize = 4096;

/// The language tag for a document, and whether it was detected.
pub fn resolve(declared: Option<&str>, text: &str) -> (String, bool) {
    if let Some(tag) = declared.filter(|t| !t.is_empty()) {
        return (tag.to_owned(), false);
    }
    (detect(text).unwrap_or_else(|| "und".to_owned()), true)
}

/// A reliable guess of the language of `text`, as a BCP 47 tag.
pub fn detect(text: &str) -> Option<String> {
    let end = text
        .char_indices()
        .nth(SAMPLE)
        .map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    // Short Chinese texts are often judged unreliable between Mandarin and
    // Japanese; without any kana, Han text is Chinese.
    let han_only = info.lang() == Lang::Cmn
        && !text[..end]
            .chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
    if !info.is_reliable() && !han_only {
        return None;
    }
    Some(
        iso639_1(info.lang())
            .unwrap_or(info.lang().code())
            .to_owned(),
    )
}

/// Whether a language is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "he"
            | "iw"
            | "fa"
            | "ur"
            | "ps"
            | "yi"
            | "sd"
            | "ug"
            | "dv"
            | "ckb"
            | "arb"
            | "pes"
            | "heb"
            | "urd"
    )
}

// Every language whatlang 0.16 knows is listed; the catch-all is for
// languages a later whatlang adds.
#[allow(unreachable_patterns)]
fn iso639_1(lang: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match lang {
        Eng => "en",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Fra => "fr",
        Deu => "de",
        Rus => "ru",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Ita => "it",
        Nld => "nl",
        Tur => "tr",
        Pol => "pl",
        Ukr => "uk",
        Heb => "he",
        Hin => "hi",
        Vie => "vi",
        Ind => "id",
        Tha => "th",
        Swe => "sv",
        Ces => "cs",
        Pes => "fa",
        Urd => "ur",
        Ell => "el",
        Dan => "da",
        Fin => "fi",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Nob => "nb",
        Cat => "ca",
        Ben => "bn",
        Tam => "ta",
        Tel => "te",
        Mar => "mr",
        Guj => "gu",
        Kan => "kn",
        Mal => "ml",
        Pan => "pa",
        Bel => "be",
        Mkd => "mk",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Afr => "af",
        Epo => "eo",
        Lat => "la",
        Yid => "yi",
        Amh => "am",
        Sin => "si",
        Khm => "km",
        Nep => "ne",
        Mya => "my",
        Tgl => "tl",
        Zul => "zu",
        Sna => "sn",
        Aka => "ak",
        Jav => "jv",
        Ori => "or",
        Tuk => "tk",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_wins_then_detection() {
        assert_eq!(resolve(Some("pt-BR"), "hello"), ("pt-BR".into(), false));
        assert_eq!(
            resolve(
                None,
                "联合国呼吁哈萨克斯坦冲突各方保持克制、鼓励对话、避免暴力。"
            )
            .0,
            "zh"
        );
        assert_eq!(
            resolve(None, "The company is addressing concerns about the potential for the new detection capability to turn into a backdoor.").0,
            "en"
        );
        assert_eq!(resolve(None, "").0, "und");
        assert!(is_rtl("ar"));
        assert!(!is_rtl("en-US"));
    }
}
