//! The language of a document: declared, or detected from its text.
//!
//! Declared wins (front matter `lang`/`language`/`locale`, `<html lang>`,
//! later the WXR `<language>`) when it is a well-formed BCP 47 tag (RFC 5646
//! §2.1, see [`normalize`]); it is written in the canonical case (`zh_CN` ->
//! `zh-CN`, `EN-us` -> `en-US`). Otherwise whatlang's method looks at the
//! text's script and trigrams ([`detector`]: whatlang's answers, scored
//! faster); a reliable guess gives its ISO 639-1 code (639-3 when there is
//! none), an unreliable one gives `und` (BCP 47 for "undetermined"), never
//! a wrong language stated with confidence.

use whatlang::Lang;

mod alphabets;
pub mod detector;
mod trigrams;

/// How many characters of a text the detector reads: enough to be sure,
/// bounded for speed.
pub const SAMPLE: usize = 1024;

/// The language tag for a document, and whether it was detected.
/// A declared tag that is not well-formed (`english`, `zh/CN`) is ignored:
/// an EPUB reading system would reject it, and the text says more.
pub fn resolve(declared: Option<&str>, text: &str) -> (String, bool) {
    if let Some(tag) = declared.and_then(normalize) {
        return (tag, false);
    }
    (detect(text).unwrap_or_else(|| "und".to_owned()), true)
}

/// A well-formed BCP 47 language tag in its canonical case, or `None`.
///
/// RFC 5646 §2.1: `language[-extlang]{0,3}[-script][-region](-variant)*
/// (-extension)*[-privateuse]`; `_` is taken for `-` (POSIX locales such
/// as `zh_CN`). Case follows §2.1.1: language lower, script title, region
/// upper. Two- and three-letter primary languages only: the 4-8 letter
/// forms are reserved or unregistered in practice, and a front matter that
/// says `english` means something detection does better.
pub fn normalize(tag: &str) -> Option<String> {
    let tag = tag.trim();
    if tag.is_empty() || tag.len() > 64 || !tag.is_ascii() {
        return None;
    }
    #[derive(PartialEq, PartialOrd)]
    enum At {
        Language,
        Extlang,
        Script,
        Region,
        Variant,
        Extension,
        Private,
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut out: Vec<String> = Vec::new();
    let mut at = At::Language;
    let mut extlangs = 0;
    let mut extension_open = false; // a singleton waits for its subtag
    for part in tag.split(['-', '_']) {
        let n = part.len();
        if n == 0 || n > 8 || !alnum(part) {
            return None;
        }
        let lower = part.to_ascii_lowercase();
        if at == At::Private {
            out.push(lower);
            continue;
        }
        if out.is_empty() {
            if !(2..=3).contains(&n) || !alpha(part) {
                return None;
            }
            out.push(lower);
            continue;
        }
        if n == 1 {
            if extension_open {
                return None;
            }
            at = if lower == "x" {
                At::Private
            } else {
                extension_open = true;
                At::Extension
            };
            out.push(lower);
            continue;
        }
        if at == At::Extension {
            extension_open = false;
            out.push(lower);
            continue;
        }
        if n == 3 && alpha(part) && at <= At::Extlang && extlangs < 3 {
            extlangs += 1;
            at = At::Extlang;
            out.push(lower);
        } else if n == 4 && alpha(part) && at < At::Script {
            at = At::Script;
            out.push(format!(
                "{}{}",
                &part[..1].to_ascii_uppercase(),
                &lower[1..]
            ));
        } else if ((n == 2 && alpha(part)) || (n == 3 && digit(part))) && at < At::Region {
            at = At::Region;
            out.push(part.to_ascii_uppercase());
        } else if (5..=8).contains(&n) || (n == 4 && part.as_bytes()[0].is_ascii_digit()) {
            at = At::Variant;
            out.push(lower);
        } else {
            return None;
        }
    }
    if extension_open || (at == At::Private && out.last().is_some_and(|l| l == "x")) {
        return None;
    }
    Some(out.join("-"))
}

/// A reliable guess of the language of `text`, as a BCP 47 tag.
pub fn detect(text: &str) -> Option<String> {
    detect_with(text, true)
}

/// [`detect`], with or without the English shortcut (the tests compare).
fn detect_with(text: &str, shortcut: bool) -> Option<String> {
    let end = text
        .char_indices()
        .nth(SAMPLE)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    if let Some(tag) = cjk(sample) {
        return Some(tag.to_owned());
    }
    if shortcut && english(sample) {
        return Some("en".to_owned());
    }
    let info = detector::detect(sample)?;
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

/// Chinese, Japanese or Korean when their script carries the text, even
/// beside more Latin letters: a Han character or a Hangul syllable says
/// about as much as a short English word, so a Chinese post that names
/// its tools in English (`PHP`, `apt-get`) is still Chinese, while an
/// English post quoting a Chinese word is not. whatlang counts characters
/// and would call the first English (or nothing).
fn cjk(sample: &str) -> Option<&'static str> {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        match c {
            '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' => kana += 1,
            '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' => {
                hangul += 1
            }
            '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => han += 1,
            c if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // Enough to be sure, and worth at least as much as the other letters
    // (a CJK character counted as four letters).
    let weighty = |n: usize| n >= 8 && n * 4 >= latin;
    if kana > 0 && weighty(han + kana) && kana * 10 >= han {
        Some("ja")
    } else if weighty(hangul) {
        Some("ko")
    } else if weighty(han) && kana == 0 {
        Some("zh")
    } else {
        None
    }
}

/// English, told by its function words before the trigrams are asked:
/// whatlang's own scoring cost about a tenth of a millisecond per document
/// whatever its length (every Latin-script language's 300 trigrams looked
/// up), a fifth of a three-format batch; [`detector`] costs a fifth of
/// that, which the shortcut still saves. A text of at least 20 words, its
/// letters almost all ASCII, in which `the`, `and`, `of`, `to`, `that`,
/// `with`, `this`, `is`, `are`, `was`, `you`, `it` or `for` make up a
/// sixth of the words and `the` comes at least twice: no other language
/// whatlang knows writes like that (Dutch `is`, `was`, `of` and Danish
/// `for` alone stay far below a sixth). Anything else goes to whatlang.
pub fn english(sample: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "and", "of", "to", "that", "with", "this", "is", "are", "was", "you", "it", "for",
    ];
    let (mut words, mut function, mut the) = (0usize, 0usize, 0usize);
    let (mut letters, mut foreign) = (0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        for c in word.chars() {
            letters += 1;
            if !c.is_ascii() {
                foreign += 1;
            }
        }
        if word.len() <= 4
            && let Some(&w) = FUNCTION_WORDS.iter().find(|w| w.eq_ignore_ascii_case(word))
        {
            function += 1;
            the += usize::from(w == "the");
        }
    }
    words >= 20 && the >= 2 && function * 6 >= words && foreign * 50 <= letters
}

/// Whether a language is written right to left.
///
/// A script subtag decides when there is one (`az-Arab` is right to left,
/// `ku-Latn` is not); otherwise the language's usual script does.
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    if let Some(script) = parts.find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return matches!(
            script.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg" | "samr" | "mand"
        );
    }
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
        assert_eq!(resolve(Some("english"), "").0, "und");
        assert!(is_rtl("ar"));
        assert!(!is_rtl("en-US"));
    }

    #[test]
    fn cjk_text_wins_beside_latin_names() {
        let zh = "在 Debian 上安装 PHP 5.6 或 PHP 5.5 的方法：先加入 dotdeb 的套件来源，\
                  再用 apt-get install php5-fpm php5-mysql 安装，最后重新启动 nginx 服务即可。";
        assert_eq!(resolve(None, zh).0, "zh");
        let en = "The word 你好 means hello in Mandarin; people use it as a greeting \
                  every day, and it is often the first word a student learns.";
        assert_eq!(resolve(None, en).0, "en");
        assert_eq!(
            resolve(None, "これは日本語の文章です。昨日は東京に行きました。").0,
            "ja"
        );
        assert_eq!(
            resolve(None, "안녕하세요. 이것은 한국어로 쓴 짧은 문장입니다.").0,
            "ko"
        );
    }

    #[test]
    fn tags_are_checked_and_cased() {
        assert_eq!(normalize("zh_cn").as_deref(), Some("zh-CN"));
        assert_eq!(normalize("EN-us").as_deref(), Some("en-US"));
        assert_eq!(normalize("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalize("de-CH-1996").as_deref(), Some("de-CH-1996"));
        assert_eq!(
            normalize("en-a-bbb-x-priv").as_deref(),
            Some("en-a-bbb-x-priv")
        );
        for bad in [
            "", "english", "e", "zh/CN", "en--US", "en-a", "en-x", "日本", "en-US-US",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    /// What the shortcut says English is, whatlang's trigrams say too;
    /// other Latin-script languages, with their own short words that look
    /// English (`is`, `was`, `of`, `for`, `to`), never take it.
    #[test]
    fn english_is_told_by_its_function_words() {
        let english_texts = [
            "The company is addressing concerns about the potential for the new detection capability to turn into a backdoor, and it says that this was the plan.",
            "I spent the weekend flashing the firmware to the board, and it was easier than I thought: the tool does most of the work for you.",
            "This is the third post of the series. In it we look at how to move the old photos of the blog to the new host.",
        ];
        for t in english_texts {
            assert!(english(t), "{t}");
            assert_eq!(detect_with(t, false).as_deref(), Some("en"), "{t}");
            assert_eq!(detect(t).as_deref(), Some("en"), "{t}");
        }
        let others = [
            // Dutch: `is`, `was`, `of`, `in` are Dutch words too.
            "Het is de vraag of de nieuwe regels voor het verkeer in de stad goed zijn, want het was al druk en dat is het nog steeds.",
            // Danish: `for`, `at`, `i`.
            "Det er vigtigt for os at vi kan se hvad der sker i byen, og for mange mennesker er det en stor del af hverdagen.",
            // German.
            "Was ist das für ein Tag gewesen, an dem wir mit dem Zug in die Stadt gefahren sind und es den ganzen Tag geregnet hat.",
            // French, Spanish, Italian, Portuguese, Latin.
            "Le président a annoncé que la réforme des retraites serait présentée au conseil des ministres avant la fin du mois de juin.",
            "El presidente anunció que la reforma de las pensiones se presentará al consejo de ministros antes del final del mes de junio.",
            "Il presidente ha annunciato che la riforma delle pensioni sarà presentata al consiglio dei ministri prima della fine di giugno.",
            "O presidente anunciou que a reforma da previdência será apresentada ao conselho de ministros antes do fim do mês de junho.",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
            // English, but too short to be sure: whatlang decides (and
            // calls the second one unreliable).
            "The cat and the dog.",
            "Before the picture. The printer list after installing HPLIP The scanner After the pictures.",
        ];
        for t in others {
            assert!(!english(t), "{t}");
            assert_eq!(detect(t), detect_with(t, false), "{t}");
        }
    }
}
