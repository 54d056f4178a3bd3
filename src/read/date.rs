//! Dates in front matter and page heads, normalized for every output.
//!
//! - A date that names its zone (RFC 2822 `Sat, 08 Jan 2022 02:36:26 GMT`,
//!   RFC 3339 `2008-12-20T21:45:27+02:00`) becomes RFC 3339, keeping the
//!   offset it was written with (`Z` for UTC/GMT).
//! - A date without a zone (WordPress `post_date` `2019-03-04 10:20:30`) is a
//!   local time: it becomes `2019-03-04T10:20:30`, never with an invented
//!   zone, unless `--timezone` says which zone it was written in.
//! - A bare day (`2015-06-01`) stays a day: inventing midnight would invent
//!   data.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// Normalizes a date string; `None` when it is not a date unpress reads.
pub fn normalize(text: &str, zone: Option<&TimeZone>) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.as_bytes()[0].is_ascii_alphabetic() {
        // Day names and month names: RFC 2822 (RSS `pubDate`, Hexo mirrors).
        let zoned = jiff::fmt::rfc2822::parse(text).ok()?;
        return Some(with_offset(zoned.datetime(), zoned.offset()));
    }
    let iso = parse_iso(text)?;
    Some(match (iso.time, iso.offset) {
        (None, _) => iso.date.to_string(),
        (Some(time), Some(offset)) => with_offset(iso.date.to_datetime(time), offset),
        (Some(time), None) => {
            let local = iso.date.to_datetime(time);
            match zone {
                Some(tz) => {
                    let zoned = local.to_zoned(tz.clone()).ok()?;
                    with_offset(zoned.datetime(), zoned.offset())
                }
                None => format_local(local),
            }
        }
    })
}

/// A WordPress local time with the offset the site had then, taken from
/// the same moment in UTC (`post_date` and `post_date_gmt`): `2019-03-04
/// 10:20:30` and `2019-03-04 09:20:30` give `2019-03-04T10:20:30+01:00`.
/// The local day is the one WordPress put in the old permalink. `None`
/// when either is not a full date and time, or the two are more than 14
/// hours apart (no zone is).
pub fn local_with_offset(local: &str, gmt: &str) -> Option<String> {
    let at = |text: &str| {
        let iso = parse_iso(text.trim())?;
        if iso.offset.is_some() {
            return None;
        }
        Some(iso.date.to_datetime(iso.time?))
    };
    let (local, gmt) = (at(local)?, at(gmt)?);
    let seconds = (local - gmt).total(jiff::Unit::Second).ok()?;
    // Offsets are whole minutes; a second or so apart is the same moment.
    let minutes = (seconds / 60.0).round() as i32;
    if minutes.abs() > 14 * 60 {
        return None;
    }
    Some(with_offset(local, Offset::from_seconds(minutes * 60).ok()?))
}

/// Reads a `--timezone` value: an IANA name (`Asia/Shanghai`), `UTC`, or a
/// fixed offset (`+08:00`, `-0500`).
pub fn parse_zone(text: &str) -> Result<TimeZone, String> {
    let t = text.trim();
    if matches!(t, "Z" | "z" | "UTC" | "utc" | "GMT") {
        return Ok(TimeZone::UTC);
    }
    if let Some(offset) = parse_offset(t) {
        return Ok(TimeZone::fixed(offset));
    }
    TimeZone::get(t).map_err(|_| {
        format!("unknown time zone '{t}'; give an IANA name such as Asia/Shanghai, or an offset such as +08:00")
    })
}

struct Iso {
    date: Date,
    time: Option<Time>,
    offset: Option<Offset>,
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.f]]`,
/// optionally followed by `Z`, `UTC`, `GMT` or `±HH[:MM]`.
fn parse_iso(text: &str) -> Option<Iso> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = Date::new(
        num(&b[0..4])? as i16,
        num(&b[5..7])? as i8,
        num(&b[8..10])? as i8,
    )
    .ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(Iso {
            date,
            time: None,
            offset: None,
        });
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return None;
    }
    let hour = num(&rb[0..2])? as i8;
    let minute = num(&rb[3..5])? as i8;
    let mut at = 5;
    let mut second = 0i8;
    let mut nanos = 0i32;
    if rb.get(at) == Some(&b':') {
        second = num(rb.get(at + 1..at + 3)?)? as i8;
        at += 3;
        if rb.get(at) == Some(&b'.') || rb.get(at) == Some(&b',') {
            let start = at + 1;
            let mut end = start;
            while end < rb.len() && rb[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            let digits = &rest[start..end.min(start + 9)];
            nanos = format!("{digits:0<9}").parse().ok()?;
            at = end;
        }
    }
    let time = Time::new(hour, minute, second.min(59), nanos).ok()?;
    let zone_text = rest[at..].trim_start();
    let offset = if zone_text.is_empty() {
        None
    } else if matches!(zone_text, "Z" | "z" | "UTC" | "GMT" | "+00:00" | "+0000") {
        Some(Offset::UTC)
    } else {
        Some(parse_offset(zone_text)?)
    };
    Some(Iso {
        date,
        time: Some(time),
        offset,
    })
}

fn parse_offset(t: &str) -> Option<Offset> {
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = t[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let hours = num(&digits.as_bytes()[0..2])?;
    let minutes = if digits.len() == 4 {
        num(&digits.as_bytes()[2..4])?
    } else {
        0
    };
    if hours > 25 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

fn num(digits: &[u8]) -> Option<i32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn format_local(dt: DateTime) -> String {
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    match dt.subsec_nanosecond() {
        0 => base,
        n => format!("{base}.{}", format!("{n:09}").trim_end_matches('0')),
    }
}

fn with_offset(dt: DateTime, offset: Offset) -> String {
    let local = format_local(dt);
    let secs = offset.seconds();
    if secs == 0 {
        return format!("{local}Z");
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.abs();
    format!("{local}{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize(s, None)
    }

    #[test]
    fn local_dates_take_the_offset_of_their_utc_twin() {
        let l = local_with_offset;
        assert_eq!(
            l("2019-03-04 10:20:30", "2019-03-04 09:20:30").as_deref(),
            Some("2019-03-04T10:20:30+01:00")
        );
        assert_eq!(
            l("2019-03-03 19:00:00", "2019-03-04 03:00:00").as_deref(),
            Some("2019-03-03T19:00:00-08:00")
        );
        assert_eq!(
            l("2019-03-04 10:20:30", "2019-03-04 10:20:30").as_deref(),
            Some("2019-03-04T10:20:30Z")
        );
        assert_eq!(
            l("2019-03-04 15:05:00", "2019-03-04 09:20:00").as_deref(),
            Some("2019-03-04T15:05:00+05:45")
        );
        assert_eq!(l("2019-03-04 10:20:30", "0000-00-00 00:00:00"), None);
        assert_eq!(l("2019-03-04", "2019-03-04 10:20:30"), None);
        assert_eq!(l("2019-03-06 10:20:30", "2019-03-04 10:20:30"), None);
    }

    #[test]
    fn zoned_dates_become_rfc3339() {
        assert_eq!(
            n("Sat, 08 Jan 2022 02:36:26 GMT").as_deref(),
            Some("2022-01-08T02:36:26Z")
        );
        assert_eq!(
            n("2008-12-20T21:45:27+02:00").as_deref(),
            Some("2008-12-20T21:45:27+02:00")
        );
        assert_eq!(
            n("2015-01-20T05:06:10+00:00").as_deref(),
            Some("2015-01-20T05:06:10Z")
        );
        assert_eq!(
            n("2019-04-14T20:13:40+09:30").as_deref(),
            Some("2019-04-14T20:13:40+09:30")
        );
        assert_eq!(
            n("Fri, 13 Aug 2021 19:02:41 -0400").as_deref(),
            Some("2021-08-13T19:02:41-04:00")
        );
    }

    #[test]
    fn local_dates_stay_local() {
        assert_eq!(
            n("2019-03-04 10:20:30").as_deref(),
            Some("2019-03-04T10:20:30")
        );
        assert_eq!(
            n("2019-03-04 10:20").as_deref(),
            Some("2019-03-04T10:20:00")
        );
        assert_eq!(n("2015-06-01").as_deref(), Some("2015-06-01"));
        assert_eq!(
            n("2015-06-01T08:00:00.250").as_deref(),
            Some("2015-06-01T08:00:00.25")
        );
    }

    #[test]
    fn a_zone_is_added_only_when_asked() {
        let tz = parse_zone("+08:00").unwrap();
        assert_eq!(
            normalize("2019-03-04 10:20:30", Some(&tz)).as_deref(),
            Some("2019-03-04T10:20:30+08:00")
        );
        assert_eq!(
            normalize("2015-06-01", Some(&tz)).as_deref(),
            Some("2015-06-01")
        );
        let utc = parse_zone("UTC").unwrap();
        assert_eq!(
            normalize("2019-03-04 10:20:30", Some(&utc)).as_deref(),
            Some("2019-03-04T10:20:30Z")
        );
    }

    #[test]
    fn non_dates_are_refused() {
        for s in [
            "yesterday",
            "2019-13-01",
            "2019-02-30 10:00",
            "0000-00-00 00:00:00",
            "12",
            "2019-03-04 25:00",
            "",
        ] {
            assert_eq!(n(s), None, "{s}");
        }
        assert!(parse_zone("Mars/Olympus").is_err());
    }
}
