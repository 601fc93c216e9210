//! Values of one row, valid as the row states them: integers from its enumeration or within
//! its range, strings within its length, without its forbidden characters, in its format.
//!
//! Rows without constraints get the whole domain, edges included (`i64::MIN`, control
//! characters, quotes, backslashes, characters outside the BMP), because the contract allows
//! them and parsers get them wrong. [`Values::Realistic`] narrows them to what real responses
//! hold (printable text with some Chinese, small numbers), for benchmarks.

use isales_spec::{Field, Format};
use proptest::prelude::*;
use proptest::sample::select;

/// How big generated payloads get, and what their unconstrained values look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// The most items an embedded array holds.
    pub items: usize,
    /// The most characters of a string without a documented length.
    pub text: usize,
    /// Values of rows without constraints.
    pub values: Values,
}

/// What values of rows without constraints look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Values {
    /// The whole domain, edges included: control characters, quotes, backslashes, characters
    /// outside the BMP, `i64::MIN`. What the property tests want.
    #[default]
    Edges,
    /// What captured responses hold: printable ASCII with some Chinese, integers from 0 to
    /// 100 000. What benchmarks want, so that escapes and huge numbers do not dominate.
    Realistic,
}

impl Size {
    /// What the property tests use: every shape, small enough to be quick in debug builds
    /// (`from_hint(3)`).
    pub const SMALL: Size = Size {
        items: 3,
        text: 12,
        values: Values::Edges,
    };

    /// `hint` items per embedded array at most, and strings of up to `9 + hint` characters
    /// (capped at 200): a hint of 100 makes payloads of tens of kilobytes.
    #[must_use]
    pub fn from_hint(hint: usize) -> Size {
        Size {
            items: hint,
            text: 9 + hint.min(191),
            values: Values::Edges,
        }
    }

    /// The same size with other values.
    #[must_use]
    pub fn with_values(self, values: Values) -> Size {
        Size { values, ..self }
    }
}

impl Default for Size {
    fn default() -> Self {
        Size::SMALL
    }
}

/// An integer valid for `field`: one of its listed values, or within its range.
pub(crate) fn integer(field: &Field, values: Values) -> BoxedStrategy<i64> {
    if let Some(enumeration) = &field.enumeration {
        let values: Vec<i64> = enumeration.values.iter().map(|value| value.value).collect();
        return select(values).boxed();
    }
    if let Some(range) = &field.range {
        let min = range.min.unwrap_or(i64::MIN);
        let max = range.max.unwrap_or(i64::MAX);
        return prop_oneof![
            4 => min..=min.saturating_add(1000).min(max),
            1 => Just(min),
            1 => Just(max),
            1 => min..=max,
        ]
        .boxed();
    }
    if values == Values::Realistic {
        return (0_i64..=100_000).boxed();
    }
    prop_oneof![
        8 => 0_i64..=1000,
        1 => any::<i64>(),
        1 => select(vec![i64::MIN, i64::MAX, -1, 0]),
    ]
    .boxed()
}

/// A string valid for `field`.
pub(crate) fn string(field: &Field, size: Size) -> BoxedStrategy<String> {
    if let Some(fixed) = &field.fixed {
        return Just(fixed.value.clone()).boxed();
    }
    if let Some(format) = field.format {
        return valid_format(format);
    }
    let forbidden: Vec<char> = field
        .forbidden_chars
        .as_ref()
        .map(|chars| chars.chars.chars().collect())
        .unwrap_or_default();
    let character = text_char(size.values)
        .prop_map(move |ch| if forbidden.contains(&ch) { '_' } else { ch })
        .boxed();
    let min = field
        .length
        .as_ref()
        .and_then(|length| length.min)
        .map_or(0, |min| usize::try_from(min).unwrap_or(0));
    let max = field
        .length
        .as_ref()
        .and_then(|length| length.max)
        .map(|max| usize::try_from(max).unwrap_or(usize::MAX));
    let collect = |chars: Vec<char>| chars.into_iter().collect::<String>();
    match max {
        Some(max) => {
            let short = min..=max.min(min.max(size.text));
            prop_oneof![
                5 => proptest::collection::vec(character.clone(), short).prop_map(collect),
                1 => proptest::collection::vec(character, max..=max).prop_map(collect),
            ]
            .boxed()
        }
        None => proptest::collection::vec(character, min..=min.max(size.text))
            .prop_map(collect)
            .boxed(),
    }
}

/// Characters of free text: mostly printable ASCII, some that need escaping or are more than
/// one byte, and now and then any Unicode scalar value; for [`Values::Realistic`], printable
/// ASCII and now and then a common Chinese character.
fn text_char(values: Values) -> BoxedStrategy<char> {
    if values == Values::Realistic {
        return prop_oneof![
            12 => proptest::char::range(' ', '~').prop_filter("no escapes", |ch| !matches!(ch, '"' | '\\')),
            1 => select(vec!['外', '呼', '任', '务', '客', '户', '回', '访', '春', '季']),
        ]
        .boxed();
    }
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        1 => select(vec![
            '"', '\\', '\'', '/', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}', 'é', '中', '😀',
            '\u{2028}', '\u{feff}', '\u{fffd}',
        ]),
        1 => any::<char>(),
    ]
    .boxed()
}

/// A string in the strict form of `format`, the one no rule warns about.
pub fn valid_format(format: Format) -> BoxedStrategy<String> {
    match format {
        Format::TimeOfDay => (0_u32..24, 0_u32..60)
            .prop_map(|(hour, minute)| format!("{hour:02}:{minute:02}"))
            .boxed(),
        Format::DateTime => (
            1970_u32..=2099,
            1_u32..=12,
            1_u32..=31,
            0_u32..24,
            0_u32..60,
            0_u32..60,
        )
            .prop_map(|(year, month, day, hour, minute, second)| {
                let day = day.min(days_in_month(year, month));
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            })
            .boxed(),
        Format::HttpUrl => (
            select(vec![
                "https://", "https://", "https://", "HTTPS://", "Https://",
            ]),
            pattern("[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\\.[a-z0-9]{1,8}){0,3}"),
            proptest::option::of(1_u16..=65535),
            pattern(
                "(/[A-Za-z0-9._~%-]{0,10}){0,3}(\\?[a-z]{1,5}=[A-Za-z0-9]{0,5})?(#[a-z]{0,4})?",
            ),
        )
            .prop_map(|(scheme, host, port, path)| match port {
                Some(port) => format!("{scheme}{host}:{port}{path}"),
                None => format!("{scheme}{host}{path}"),
            })
            .boxed(),
        Format::DialString => pattern("[0-9*#]{1,24}").boxed(),
        Format::Locale => pattern("[a-z]{2,3}(_[A-Z]{2})?").boxed(),
    }
}

/// Strings matching a regular expression, parsed once here: a `&str` used as a strategy
/// parses its expression again for every value it makes.
fn pattern(expression: &str) -> proptest::string::RegexGeneratorStrategy<String> {
    match proptest::string::string_regex(expression) {
        Ok(strategy) => strategy,
        Err(error) => panic!("the generator's own pattern `{expression}` does not parse: {error}"),
    }
}

/// Days in a month of the proleptic Gregorian calendar.
#[must_use]
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// Minutes since midnight of an `HH:mm` time.
pub(crate) fn minutes(text: &str) -> Option<u32> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(hour) || !digits(minute) {
        return None;
    }
    let hour: u32 = hour.parse().ok()?;
    let minute: u32 = minute.parse().ok()?;
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

/// `HH:mm` of minutes since midnight.
pub(crate) fn time_of_day(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_round_trip_through_minutes() {
        for value in [0, 59, 60, 61, 23 * 60 + 59] {
            assert_eq!(minutes(&time_of_day(value)), Some(value));
        }
        for broken in ["8:00", "24:00", "12:60", "1200", "", "+1:00"] {
            assert_eq!(minutes(broken), None, "{broken}");
        }
    }

    #[test]
    fn february_has_29_days_in_leap_years_only() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2023, 2), 28);
    }
}
