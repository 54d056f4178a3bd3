//! What a downloaded file is: the kinds of media `--download-images` keeps,
//! known by their first bytes (magic numbers), their media types and their
//! file extensions, and the judgement that a response is one of them.
//!
//! A server's Content-Type is not enough on its own: a missing upload is
//! often answered by the theme's HTML page with `200 OK`, sometimes under
//! the image's own media type. The first bytes are checked as well.

/// What a link is expected to hold, from its extension or its media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Image,
    Audio,
    Video,
    Pdf,
}

impl Family {
    /// The noun of a refusal: "not an image: text/html".
    fn noun(self) -> &'static str {
        match self {
            Family::Image => "an image",
            Family::Audio => "audio",
            Family::Video => "a video",
            Family::Pdf => "a PDF",
        }
    }
}

/// A format recognised by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Jpeg,
    Png,
    Gif,
    WebP,
    Avif,
    /// HEIC and other HEIF images (ISO base media file, image brands).
    Heif,
    Bmp,
    Tiff,
    Icon,
    Mp3,
    Wav,
    Flac,
    Ogg,
    /// MP4, M4A, MOV: ISO base media files that are not images.
    IsoMedia,
    /// WebM and Matroska.
    Matroska,
    Pdf,
}

/// How many first bytes [`Kind::sniff`] needs at most (an ISO base media
/// file lists its brands in its first box).
pub(super) const HEAD: usize = 128;

/// Brands of an ISO base media file's `ftyp` box that make it an image
/// (ISO/IEC 23008-12 for HEIF, the AV1 Image File Format for AVIF).
const AVIF_BRANDS: &[&[u8; 4]] = &[b"avif", b"avis"];
const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
];

impl Kind {
    /// The kind whose magic number `head` starts with.
    pub fn sniff(head: &[u8]) -> Option<Kind> {
        let at =
            |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
        Some(if at(0, &[0xFF, 0xD8, 0xFF]) {
            Kind::Jpeg
        } else if at(0, b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
            Kind::Gif
        } else if at(0, b"RIFF") && at(8, b"WEBP") {
            Kind::WebP
        } else if at(0, b"RIFF") && at(8, b"WAVE") {
            Kind::Wav
        } else if at(4, b"ftyp") {
            iso_media(head)
        } else if at(0, b"BM") && at(6, &[0, 0, 0, 0]) {
            // BITMAPFILEHEADER: "BM", the file size, four reserved zeros.
            Kind::Bmp
        } else if at(0, b"II*\0") || at(0, b"MM\0*") {
            Kind::Tiff
        } else if at(0, &[0, 0, 1, 0]) {
            Kind::Icon
        } else if at(0, b"%PDF-") {
            Kind::Pdf
        } else if at(0, b"OggS") {
            Kind::Ogg
        } else if at(0, b"fLaC") {
            Kind::Flac
        } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
            Kind::Matroska
        } else if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
            // An ID3v2 tag, or an MPEG audio frame's 11-bit sync word.
            Kind::Mp3
        } else {
            return None;
        })
    }

    /// What a file of this kind can be: an MP4 or an Ogg file holds sound
    /// or pictures.
    pub fn families(self) -> &'static [Family] {
        match self {
            Kind::Jpeg
            | Kind::Png
            | Kind::Gif
            | Kind::WebP
            | Kind::Avif
            | Kind::Heif
            | Kind::Bmp
            | Kind::Tiff
            | Kind::Icon => &[Family::Image],
            Kind::Mp3 | Kind::Wav | Kind::Flac => &[Family::Audio],
            Kind::Ogg | Kind::IsoMedia | Kind::Matroska => &[Family::Audio, Family::Video],
            Kind::Pdf => &[Family::Pdf],
        }
    }

    /// The extension a cached file of this kind gets when its URL has none.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::WebP => "webp",
            Kind::Avif => "avif",
            Kind::Heif => "heic",
            Kind::Bmp => "bmp",
            Kind::Tiff => "tif",
            Kind::Icon => "ico",
            Kind::Mp3 => "mp3",
            Kind::Wav => "wav",
            Kind::Flac => "flac",
            Kind::Ogg => "ogg",
            Kind::IsoMedia => "mp4",
            Kind::Matroska => "webm",
            Kind::Pdf => "pdf",
        }
    }

    /// Every kind, for the cache's look-up of a URL without an extension.
    pub const ALL: [Kind; 16] = [
        Kind::Jpeg,
        Kind::Png,
        Kind::Gif,
        Kind::WebP,
        Kind::Avif,
        Kind::Heif,
        Kind::Bmp,
        Kind::Tiff,
        Kind::Icon,
        Kind::Mp3,
        Kind::Wav,
        Kind::Flac,
        Kind::Ogg,
        Kind::IsoMedia,
        Kind::Matroska,
        Kind::Pdf,
    ];
}

/// An ISO base media file (`ftyp` at offset 4): an image if its major or
/// any compatible brand says so, otherwise MP4/M4A/MOV.
fn iso_media(head: &[u8]) -> Kind {
    let size = head
        .get(0..4)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let end = size.clamp(16, head.len().max(16)).min(head.len());
    // The major brand at 8..12, the minor version at 12..16, then the
    // compatible brands to the end of the box.
    let brands = std::iter::once(8)
        .chain((16..end).step_by(4))
        .filter_map(|at| head.get(at..at + 4));
    let mut kind = Kind::IsoMedia;
    for brand in brands {
        if AVIF_BRANDS.iter().any(|b| &b[..] == brand) {
            return Kind::Avif;
        }
        if HEIF_BRANDS.iter().any(|b| &b[..] == brand) {
            kind = Kind::Heif;
        }
    }
    kind
}

/// The family a file extension (lower case, without the dot) announces;
/// the extensions a cached file may keep from its URL.
pub(super) fn extension_family(extension: &str) -> Option<Family> {
    Some(match extension {
        "jpg" | "jpeg" | "jpe" | "png" | "gif" | "webp" | "avif" | "heic" | "heif" | "bmp"
        | "tif" | "tiff" | "ico" => Family::Image,
        "mp3" | "m4a" | "wav" | "flac" | "ogg" | "oga" | "opus" => Family::Audio,
        "mp4" | "m4v" | "mov" | "webm" | "ogv" => Family::Video,
        "pdf" => Family::Pdf,
        _ => return None,
    })
}

/// Whether a link names an SVG file, refused before any request.
pub(super) fn is_svg_extension(extension: &str) -> bool {
    matches!(extension, "svg" | "svgz")
}

/// Whether a response is what the link promised, decided in two steps:
/// [`Verdict::media_type`] on the headers, before the body is read, then
/// [`Verdict::content`] on its first bytes.
pub(super) struct Verdict {
    expected: Family,
    claimed: Family,
    media_type: String,
}

impl Verdict {
    /// Judges the Content-Type (`None` when the response has none).
    ///
    /// - `image/svg+xml` is refused: SVG is XML that can carry script.
    /// - `image/*` is taken whatever the link's extension.
    /// - `audio/*`, `video/*` and `application/pdf` are taken only for a
    ///   link whose extension is a sound, video or PDF one: a link to
    ///   `photo.jpg` answered with a video is not what the post meant.
    /// - No type or `application/octet-stream` (servers that know nothing
    ///   better) is taken for what the extension says, and refused for a
    ///   link without a known extension.
    /// - Anything else (`text/html` above all) is refused.
    pub fn media_type(
        extension: Option<Family>,
        content_type: Option<&str>,
    ) -> Result<Verdict, String> {
        let media_type = content_type
            .and_then(|t| t.split(';').next())
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let expected = extension.unwrap_or(Family::Image);
        let refuse = |what: &str| format!("not {}: {what}", expected.noun());
        if media_type == "image/svg+xml" {
            return Err("not downloaded: SVG can carry script".to_string());
        }
        let claimed = if media_type.is_empty()
            || media_type == "application/octet-stream"
            || media_type == "binary/octet-stream"
        {
            match extension {
                Some(family) => family,
                None if media_type.is_empty() => return Err(refuse("no Content-Type")),
                None => return Err(refuse(&media_type)),
            }
        } else {
            match media_type.split_once('/') {
                Some(("image", _)) => Family::Image,
                Some(("audio", _)) | Some(("application", "ogg")) => Family::Audio,
                Some(("video", _)) => Family::Video,
                Some(("application", "pdf")) => Family::Pdf,
                _ => return Err(refuse(&media_type)),
            }
        };
        if claimed != Family::Image && !matches!(extension, Some(f) if f != Family::Image) {
            return Err(refuse(&media_type));
        }
        Ok(Verdict {
            expected,
            claimed,
            media_type,
        })
    }

    /// Judges the first bytes (up to [`HEAD`]; fewer when that is the
    /// whole body): they must be a kind of the claimed family. Within the
    /// family a mismatch is taken (a `.jpg` that is a PNG, served as
    /// `image/jpeg`, is common in uploads and every browser shows it).
    pub fn content(&self, head: &[u8]) -> Result<Kind, String> {
        let declared = if self.media_type.is_empty() {
            "no Content-Type"
        } else {
            &self.media_type
        };
        match Kind::sniff(head) {
            Some(kind) if kind.families().contains(&self.claimed) => Ok(kind),
            Some(kind) => Err(format!(
                "not {}: declared {declared}, content is {}",
                self.expected.noun(),
                kind.extension()
            )),
            None if head.is_empty() => Err(format!("not {}: empty body", self.expected.noun())),
            None => Err(format!(
                "not {}: declared {declared}, content starts with \"{}\"",
                self.expected.noun(),
                head[..head.len().min(16)].escape_ascii()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], Option<Kind>)] = &[
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Some(Kind::Jpeg)),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some(Kind::Png)),
            (b"GIF89a\x01\0", Some(Kind::Gif)),
            (b"GIF88a\x01\0", None),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some(Kind::WebP)),
            (b"RIFF\x24\0\0\0WAVEfmt ", Some(Kind::Wav)),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1", Some(Kind::Avif)),
            // AVIF whose major brand is the generic HEIF one.
            (b"\0\0\0\x1cftypmif1\0\0\0\0mif1avif", Some(Kind::Avif)),
            (b"\0\0\0\x18ftypheic\0\0\0\0mif1", Some(Kind::Heif)),
            (
                b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2",
                Some(Kind::IsoMedia),
            ),
            (b"BM\x3a\0\0\0\0\0\0\0\x36\0", Some(Kind::Bmp)),
            (b"BMW is a car", None),
            (b"II*\0\x08\0\0\0", Some(Kind::Tiff)),
            (b"\0\0\x01\0\x01\0", Some(Kind::Icon)),
            (b"%PDF-1.7\n", Some(Kind::Pdf)),
            (b"OggS\0\x02", Some(Kind::Ogg)),
            (b"fLaC\0\0\0\x22", Some(Kind::Flac)),
            (b"\x1a\x45\xdf\xa3\x9f\x42\x86", Some(Kind::Matroska)),
            (b"ID3\x04\0\0", Some(Kind::Mp3)),
            (b"\xFF\xFB\x90\x64", Some(Kind::Mp3)),
            (b"<!DOCTYPE html><html>", None),
            (b"<svg xmlns=", None),
            (b"", None),
            (b"\xFF", None),
        ];
        for (head, kind) in cases {
            assert_eq!(Kind::sniff(head), *kind, "{}", head.escape_ascii());
        }
    }

    #[test]
    fn every_kind_keeps_an_extension_the_cache_accepts() {
        for kind in Kind::ALL {
            let family = extension_family(kind.extension());
            assert!(
                family.is_some_and(|f| kind.families().contains(&f)),
                "{kind:?}"
            );
        }
    }

    fn judge(
        extension: Option<Family>,
        content_type: Option<&str>,
        head: &[u8],
    ) -> Result<Kind, String> {
        Verdict::media_type(extension, content_type)?.content(head)
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const HTML: &[u8] = b"<!DOCTYPE html><html><body>Not found";

    #[test]
    fn images_by_media_type_and_magic() {
        assert_eq!(
            judge(Some(Family::Image), Some("image/png"), PNG),
            Ok(Kind::Png)
        );
        // No extension at all: the media type and the bytes decide.
        assert_eq!(
            judge(None, Some("IMAGE/PNG; charset=binary"), PNG),
            Ok(Kind::Png)
        );
        // A PNG in a .jpg served as image/jpeg: taken.
        assert_eq!(
            judge(Some(Family::Image), Some("image/jpeg"), PNG),
            Ok(Kind::Png)
        );
    }

    #[test]
    fn html_is_refused_by_type_or_by_content() {
        assert_eq!(
            judge(Some(Family::Image), Some("text/html; charset=UTF-8"), HTML),
            Err("not an image: text/html".to_string())
        );
        assert_eq!(
            judge(Some(Family::Image), Some("image/png"), HTML),
            Err(
                "not an image: declared image/png, content starts with \"<!DOCTYPE html><\""
                    .to_string()
            )
        );
        assert_eq!(
            judge(Some(Family::Image), Some("image/png"), b""),
            Err("not an image: empty body".to_string())
        );
    }

    #[test]
    fn svg_is_refused() {
        assert_eq!(
            judge(None, Some("image/svg+xml"), b"<svg"),
            Err("not downloaded: SVG can carry script".to_string())
        );
        assert!(is_svg_extension("svg") && is_svg_extension("svgz") && !is_svg_extension("png"));
    }

    #[test]
    fn media_only_where_the_link_says_media() {
        let mp3 = b"ID3\x04\0\0\0\0";
        assert_eq!(
            judge(Some(Family::Audio), Some("audio/mpeg"), mp3),
            Ok(Kind::Mp3)
        );
        assert_eq!(
            judge(Some(Family::Image), Some("audio/mpeg"), mp3),
            Err("not an image: audio/mpeg".to_string())
        );
        assert_eq!(
            judge(None, Some("video/mp4"), mp3),
            Err("not an image: video/mp4".to_string())
        );
        // An .ogv served as audio/ogg: the container holds either.
        assert_eq!(
            judge(Some(Family::Video), Some("application/ogg"), b"OggS\0\x02"),
            Ok(Kind::Ogg)
        );
        assert_eq!(
            judge(Some(Family::Pdf), Some("application/pdf"), b"%PDF-1.4"),
            Ok(Kind::Pdf)
        );
        // A "PDF" whose bytes are an MP3 is not a PDF.
        assert_eq!(
            judge(Some(Family::Pdf), Some("application/pdf"), mp3),
            Err("not a PDF: declared application/pdf, content is mp3".to_string())
        );
    }

    #[test]
    fn octet_stream_needs_an_extension() {
        assert_eq!(
            judge(Some(Family::Image), Some("application/octet-stream"), PNG),
            Ok(Kind::Png)
        );
        assert_eq!(judge(Some(Family::Image), None, PNG), Ok(Kind::Png));
        assert_eq!(
            judge(None, Some("application/octet-stream"), PNG),
            Err("not an image: application/octet-stream".to_string())
        );
        assert_eq!(
            judge(None, None, PNG),
            Err("not an image: no Content-Type".to_string())
        );
        // The extension says image, the bytes say HTML.
        assert_eq!(
            judge(Some(Family::Image), None, HTML),
            Err(
                "not an image: declared no Content-Type, content starts with \"<!DOCTYPE html><\""
                    .to_string()
            )
        );
    }
}
