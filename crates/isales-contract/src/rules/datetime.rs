//! `datetime-format` and `datetime-lenient`: campaign times are `yyyy-MM-dd HH:mm:ss`; a date
//! alone (the page's own example) and one-digit hours (sibling examples) are understood but
//! warned; anything else, or an impossible calendar date, is a format violation.

use crate::rule::Rule;
use crate::rule::registry;
use crate::violation::{FormatKind, ViolationKind};

/// The canonical form as a JSON Schema pattern, carried by [`registry::DATETIME_LENIENT`]: a time [`check`]
/// reads fails it exactly when it is a lenient form (the page's own `2018-12-01` does). It
/// accepts every canonical time, and also impossible dates such as February 30 (a pattern does
/// not count days).
pub const CANONICAL_PATTERN: &str = isales_vocabulary::pattern::DATETIME_CANONICAL;

/// Every form [`check`] reads (canonical, a date alone, a one-digit hour) as a JSON Schema
/// pattern, carried by [`registry::DATETIME_FORMAT`]: it refuses what `datetime-format` refuses, except impossible
/// dates such as February 30.
pub const READABLE_PATTERN: &str = isales_vocabulary::pattern::DATETIME_READABLE;

/// A parsed campaign time, ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// Year, month, day.
    pub date: (u32, u32, u32),
    /// Seconds since midnight; a date alone counts as midnight.
    pub seconds: u32,
}

/// How a time was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `yyyy-MM-dd HH:mm:ss`
    Canonical,
    /// `yyyy-MM-dd`
    DateOnly,
    /// `yyyy-MM-dd H:mm:ss`
    OneDigitHour,
}

fn number(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// Parses `yyyy-MM-dd HH:mm:ss` by position, the common case, without splitting.
fn parse_canonical(bytes: &[u8]) -> Option<DateTime> {
    if bytes.len() != 19
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b' '
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |value, byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let date_ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    (date_ok && hour < 24 && minute < 60 && second < 60).then_some(DateTime {
        date: (year, month, day),
        seconds: hour * 3600 + minute * 60 + second,
    })
}

/// Parses any accepted form.
#[must_use]
pub fn parse(text: &str) -> Option<(DateTime, Form)> {
    if let Some(time) = parse_canonical(text.as_bytes()) {
        return Some((time, Form::Canonical));
    }
    let (date, time) = match text.split_once(' ') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let year = number(parts.next()?, 4)?;
    let month = number(parts.next()?, 2)?;
    let day = number(parts.next()?, 2)?;
    if parts.next().is_some()
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    let Some(time) = time else {
        return Some((
            DateTime {
                date: (year, month, day),
                seconds: 0,
            },
            Form::DateOnly,
        ));
    };
    let mut parts = time.split(':');
    let hour_text = parts.next()?;
    let (hour, form) = match hour_text.len() {
        2 => (number(hour_text, 2)?, Form::Canonical),
        1 => (number(hour_text, 1)?, Form::OneDigitHour),
        _ => return None,
    };
    let minute = number(parts.next()?, 2)?;
    let second = number(parts.next()?, 2)?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some((
        DateTime {
            date: (year, month, day),
            seconds: hour * 3600 + minute * 60 + second,
        },
        form,
    ))
}

/// The rule broken and why, when `text` is not canonical.
#[must_use]
pub fn check(text: &str) -> Option<(Rule, ViolationKind)> {
    match parse(text) {
        None => Some((
            registry::DATETIME_FORMAT,
            ViolationKind::Format {
                format: FormatKind::DateTime,
            },
        )),
        Some((_, Form::Canonical)) => None,
        Some((_, Form::DateOnly)) => Some((
            registry::DATETIME_LENIENT,
            ViolationKind::LenientDateTime { form: "date-only" },
        )),
        Some((_, Form::OneDigitHour)) => Some((
            registry::DATETIME_LENIENT,
            ViolationKind::LenientDateTime {
                form: "one-digit-hour",
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_canonical_lenient_and_broken_apart() {
        let cases = [
            ("2018-12-01 08:00:00", None),
            ("2024-02-29 23:59:59", None),
            ("2018-12-01", Some("datetime-lenient")),
            ("2018-12-01 8:00:00", Some("datetime-lenient")),
            ("2023-02-29 08:00:00", Some("datetime-format")),
            ("2018-13-01 08:00:00", Some("datetime-format")),
            ("2018-12-01T08:00:00", Some("datetime-format")),
            ("2018-12-01 24:00:00", Some("datetime-format")),
            ("2018/12/01", Some("datetime-format")),
            ("tomorrow", Some("datetime-format")),
            ("", Some("datetime-format")),
        ];
        for (text, rule) in cases {
            assert_eq!(check(text).map(|(rule, _)| rule.id), rule, "{text}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let earlier = parse("2018-12-01").expect("date").0;
        let later = parse("2018-12-01 8:00:00").expect("time").0;
        assert!(earlier < later);
        assert!(parse("2018-12-02").expect("date").0 > later);
    }

    /// Inputs for both patterns: each form, each boundary, and near misses.
    const TRICKY: [&str; 24] = [
        "2018-12-01 08:00:00",
        "2024-02-29 23:59:59",
        "0000-01-01 00:00:00",
        "2023-02-29 08:00:00",
        "2018-04-31 08:00:00",
        "2018-12-01",
        "2018-12-01 8:00:00",
        "2018-12-01 0:00:00",
        "2018-12-01 9:59:59",
        "2018-12-01 19:00:00",
        "2018-12-01 24:00:00",
        "2018-12-01 23:60:00",
        "2018-12-01 23:59:60",
        "2018-12-01 008:00:00",
        "2018-12-01 8:0:00",
        "2018-12-01 08:00",
        "2018-12-01 ",
        "2018-13-01 08:00:00",
        "2018-12-00",
        "2018-12-1",
        "18-12-01",
        "2018-12-01T08:00:00",
        "2018-12-01 08:00:00 ",
        "",
    ];

    #[test]
    fn the_readable_pattern_accepts_what_check_reads_and_impossible_dates() {
        let pattern = regex::Regex::new(READABLE_PATTERN).expect("a valid pattern");
        for text in TRICKY {
            let read = parse(text).is_some();
            let impossible = matches!(text, "2023-02-29 08:00:00" | "2018-04-31 08:00:00");
            assert_eq!(pattern.is_match(text), read || impossible, "{text}");
        }
    }

    #[test]
    fn the_canonical_pattern_fails_exactly_the_lenient_forms_among_readable_times() {
        let pattern = regex::Regex::new(CANONICAL_PATTERN).expect("a valid pattern");
        for text in TRICKY {
            if let Some((_, form)) = parse(text) {
                assert_eq!(pattern.is_match(text), form == Form::Canonical, "{text}");
                assert_eq!(
                    pattern.is_match(text),
                    check(text).is_none(),
                    "{text}: the rule that fails it is not `datetime-lenient`"
                );
            }
        }
    }

    #[test]
    fn the_canonical_pattern_accepts_the_canonical_form_and_impossible_dates_only() {
        let pattern = regex::Regex::new(CANONICAL_PATTERN).expect("a valid pattern");
        let cases = [
            ("2018-12-01 08:00:00", true),
            ("2024-02-29 23:59:59", true),
            ("0000-01-01 00:00:00", true),
            // Checked by `check`, beyond the pattern.
            ("2023-02-29 08:00:00", true),
            ("2018-04-31 08:00:00", true),
            ("2018-12-01", false),
            ("2018-12-01 8:00:00", false),
            ("2018-13-01 08:00:00", false),
            ("2018-12-00 08:00:00", false),
            ("2018-12-01 24:00:00", false),
            ("2018-12-01 23:60:00", false),
            ("2018-12-01T08:00:00", false),
            ("2018-12-01 08:00:00 ", false),
            ("", false),
        ];
        for (text, matches) in cases {
            assert_eq!(pattern.is_match(text), matches, "{text}");
            let canonical = matches!(parse(text), Some((_, Form::Canonical)));
            assert!(!canonical || matches, "{text}: canonical but refused");
        }
    }
}
