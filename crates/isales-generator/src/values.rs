//! Values of one row, valid as the row states them: integers from its enumeration or within
//! its range, strings within its length, without its forbidden characters, in its format.
//!
//! Rows without constraints get the whole domain, edges included (`i64::MIN`, control
//! characters, quotes, backslashes, characters outside the BMP), because the contract allows
//! them and parsers get them wrong. [`Values::Realistic`] narrows them to what real responses
//! hold (printable text with some Chinese, small numbers), for benchmarks.

use isales_spec::{Field, FieldType, Format};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::Value;

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

/// The values a row takes, decided once per row from its constraints.
///
/// A model has two readers: [`Model::strategy`], the proptest strategy that property tests
/// shrink, and [`Model::draw`], a direct draw from a seeded RNG for everything that only wants
/// one value per seed (recipes, the mock server, benchmarks), which costs a fraction of
/// building proptest's value trees. Both read the weights and alphabets below, so they make
/// the same kinds of values, though not the same value for a seed.
#[derive(Debug, Clone)]
pub(crate) enum Model {
    /// One of the row's listed codes.
    Listed(Vec<i64>),
    /// An integer within the row's range.
    Range {
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed.
        max: i64,
    },
    /// An integer without constraints.
    Integer(Values),
    /// The row's one allowed value.
    Fixed(String),
    /// A string in the strict form of a format.
    Format(Format),
    /// Free text of a length within bounds, without the row's forbidden characters.
    Text(Text),
}

/// How free text of one row is made.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// Replaced by `_` when drawn.
    forbidden: Vec<char>,
    /// Lengths drawn most of the time: up to the size's text length, within the row's.
    short: (usize, usize),
    /// The row's longest length, drawn now and then, when it has one.
    longest: Option<usize>,
    values: Values,
}

/// Weights of a ranged integer's draws: near the minimum, the minimum, the maximum, anywhere.
const RANGE_WEIGHTS: [u32; 4] = [4, 1, 1, 1];
/// Weights of an unconstrained integer's draws ([`Values::Edges`]): small, any, an edge.
const INTEGER_WEIGHTS: [u32; 3] = [8, 1, 1];
/// The edges of `i64` an unconstrained integer sometimes takes.
const INTEGER_EDGES: [i64; 4] = [i64::MIN, i64::MAX, -1, 0];
/// The largest unconstrained integer of [`Values::Realistic`].
const REALISTIC_MAX: i64 = 100_000;
/// Weights of a text's length: a short one, the row's longest.
const LENGTH_WEIGHTS: [u32; 2] = [5, 1];
/// Weights of a character of [`Values::Edges`] text: printable ASCII, [`SPECIAL`], any.
const CHAR_WEIGHTS: [u32; 3] = [6, 1, 1];
/// Characters parsers and escapers get wrong.
const SPECIAL: [char; 15] = [
    '"', '\\', '\'', '/', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}', 'é', '中', '😀', '\u{2028}',
    '\u{feff}', '\u{fffd}',
];
/// Weights of a character of [`Values::Realistic`] text: printable ASCII, [`CHINESE`].
const REALISTIC_CHAR_WEIGHTS: [u32; 2] = [12, 1];
/// Common characters of Chinese campaign names and results.
const CHINESE: [char; 10] = ['外', '呼', '任', '务', '客', '户', '回', '访', '春', '季'];

impl Model {
    /// The model of a row of type integer or string (not an object, not an embedded array).
    pub(crate) fn of(field: &Field, size: Size) -> Model {
        if field.ty == FieldType::Integer {
            if let Some(enumeration) = &field.enumeration {
                return Model::Listed(enumeration.values.iter().map(|value| value.value).collect());
            }
            if let Some(range) = &field.range {
                return Model::Range {
                    min: range.min.unwrap_or(i64::MIN),
                    max: range.max.unwrap_or(i64::MAX),
                };
            }
            return Model::Integer(size.values);
        }
        if let Some(fixed) = &field.fixed {
            return Model::Fixed(fixed.value.clone());
        }
        if let Some(format) = field.format {
            return Model::Format(format);
        }
        let length = |bound: Option<i64>| bound.map(|n| usize::try_from(n).unwrap_or(0));
        let min = length(field.length.as_ref().and_then(|l| l.min)).unwrap_or(0);
        let longest = field
            .length
            .as_ref()
            .and_then(|l| l.max)
            .map(|max| usize::try_from(max).unwrap_or(usize::MAX));
        let short_max = min.max(size.text);
        Model::Text(Text {
            forbidden: field
                .forbidden_chars
                .as_ref()
                .map(|chars| chars.chars.chars().collect())
                .unwrap_or_default(),
            short: (min, longest.map_or(short_max, |max| max.min(short_max))),
            longest,
            values: size.values,
        })
    }

    /// The proptest strategy of the model: values shrink towards small numbers and short,
    /// plain text.
    pub(crate) fn strategy(&self) -> BoxedStrategy<Value> {
        match self {
            Model::Listed(values) => select(values.clone()).prop_map(Value::from).boxed(),
            &Model::Range { min, max } => {
                let [near, low, high, anywhere] = RANGE_WEIGHTS;
                prop_oneof![
                    near => min..=near_min(min, max),
                    low => Just(min),
                    high => Just(max),
                    anywhere => min..=max,
                ]
                .prop_map(Value::from)
                .boxed()
            }
            Model::Integer(Values::Realistic) => (0..=REALISTIC_MAX).prop_map(Value::from).boxed(),
            Model::Integer(Values::Edges) => {
                let [small, anything, edge] = INTEGER_WEIGHTS;
                prop_oneof![
                    small => 0_i64..=1000,
                    anything => any::<i64>(),
                    edge => select(INTEGER_EDGES.to_vec()),
                ]
                .prop_map(Value::from)
                .boxed()
            }
            Model::Fixed(value) => Just(Value::String(value.clone())).boxed(),
            &Model::Format(format) => valid_format(format).prop_map(Value::String).boxed(),
            Model::Text(text) => text.strategy().prop_map(Value::String).boxed(),
        }
    }

    /// One value of the model, drawn directly from `dice`.
    pub(crate) fn draw(&self, dice: &mut TestRng) -> Value {
        match self {
            Model::Listed(values) => Value::from(values[dice.random_range(0..values.len())]),
            &Model::Range { min, max } => Value::from(match weighted(dice, &RANGE_WEIGHTS) {
                0 => dice.random_range(min..=near_min(min, max)),
                1 => min,
                2 => max,
                _ => dice.random_range(min..=max),
            }),
            Model::Integer(Values::Realistic) => Value::from(dice.random_range(0..=REALISTIC_MAX)),
            Model::Integer(Values::Edges) => Value::from(match weighted(dice, &INTEGER_WEIGHTS) {
                0 => dice.random_range(0_i64..=1000),
                1 => dice.random::<i64>(),
                _ => INTEGER_EDGES[dice.random_range(0..INTEGER_EDGES.len())],
            }),
            Model::Fixed(value) => Value::String(value.clone()),
            &Model::Format(format) => Value::String(format_value(format, dice)),
            Model::Text(text) => Value::String(text.draw(dice)),
        }
    }
}

/// The top of the "near the minimum" band of a range: a thousand above it, within the range.
fn near_min(min: i64, max: i64) -> i64 {
    min.saturating_add(1000).min(max)
}

impl Text {
    fn strategy(&self) -> BoxedStrategy<String> {
        let forbidden = self.forbidden.clone();
        let character = char_strategy(self.values)
            .prop_map(move |ch| if forbidden.contains(&ch) { '_' } else { ch })
            .boxed();
        let collect = |chars: Vec<char>| chars.into_iter().collect::<String>();
        let (min, short) = self.short;
        let short = proptest::collection::vec(character.clone(), min..=short).prop_map(collect);
        match self.longest {
            Some(longest) => {
                let [usual, long] = LENGTH_WEIGHTS;
                prop_oneof![
                    usual => short,
                    long => proptest::collection::vec(character, longest..=longest)
                        .prop_map(collect),
                ]
                .boxed()
            }
            None => short.boxed(),
        }
    }

    fn draw(&self, dice: &mut TestRng) -> String {
        let length = match self.longest {
            Some(longest) if weighted(dice, &LENGTH_WEIGHTS) == 1 => longest,
            _ => dice.random_range(self.short.0..=self.short.1),
        };
        let mut text = String::with_capacity(length);
        for _ in 0..length {
            let ch = draw_char(self.values, dice);
            text.push(if self.forbidden.contains(&ch) {
                '_'
            } else {
                ch
            });
        }
        text
    }
}

/// Characters of free text: mostly printable ASCII, some that need escaping or are more than
/// one byte, and now and then any Unicode scalar value; for [`Values::Realistic`], printable
/// ASCII without quotes and backslashes, and now and then a common Chinese character.
fn char_strategy(values: Values) -> BoxedStrategy<char> {
    if values == Values::Realistic {
        let [ascii, chinese] = REALISTIC_CHAR_WEIGHTS;
        return prop_oneof![
            ascii => proptest::char::range(' ', '~').prop_map(unescaped),
            chinese => select(CHINESE.to_vec()),
        ]
        .boxed();
    }
    let [ascii, special, anything] = CHAR_WEIGHTS;
    prop_oneof![
        ascii => proptest::char::range(' ', '~'),
        special => select(SPECIAL.to_vec()),
        anything => any::<char>(),
    ]
    .boxed()
}

/// One character of free text, as [`char_strategy`] makes them.
fn draw_char(values: Values, dice: &mut TestRng) -> char {
    let ascii = |dice: &mut TestRng| char::from(dice.random_range(b' '..=b'~'));
    if values == Values::Realistic {
        return match weighted(dice, &REALISTIC_CHAR_WEIGHTS) {
            0 => unescaped(ascii(dice)),
            _ => CHINESE[dice.random_range(0..CHINESE.len())],
        };
    }
    match weighted(dice, &CHAR_WEIGHTS) {
        0 => ascii(dice),
        1 => SPECIAL[dice.random_range(0..SPECIAL.len())],
        _ => loop {
            // Surrogates are not scalar values: draw again.
            if let Some(ch) = char::from_u32(dice.random_range(0..=u32::from(char::MAX))) {
                break ch;
            }
        },
    }
}

/// Realistic text has no character JSON must escape: a quote or a backslash becomes a space.
fn unescaped(ch: char) -> char {
    if matches!(ch, '"' | '\\') { ' ' } else { ch }
}

/// The index of a weight, drawn in proportion to the weights.
pub(crate) fn weighted(dice: &mut TestRng, weights: &[u32]) -> usize {
    let mut roll = dice.random_range(0..weights.iter().sum::<u32>());
    for (index, weight) in weights.iter().enumerate() {
        if roll < *weight {
            return index;
        }
        roll -= weight;
    }
    weights.len() - 1
}

/// A seeded RNG for direct draws: XorShift, the fastest of proptest's algorithms, its state
/// spread from the seed by SplitMix64 so that neighbouring seeds start far apart.
pub(crate) fn dice(seed: u64) -> TestRng {
    let mut state = seed;
    let mut bytes = [0_u8; 16];
    for chunk in bytes.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::XorShift, &bytes)
}

/// URL schemes: mostly the usual spelling, now and then the upper and mixed case the rule
/// accepts.
const SCHEMES: [&str; 5] = ["https://", "https://", "https://", "HTTPS://", "Https://"];
const LOWER_DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Characters of a URL path segment, percent sign included.
const PATH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~%-";
const DIAL: &[u8] = b"0123456789*#";

/// Strings in the strict form of `format`, the one no rule warns about. A formatted string
/// does not get simpler by shrinking, so each is drawn from a seed.
pub fn valid_format(format: Format) -> BoxedStrategy<String> {
    any::<u64>()
        .prop_map(move |seed| format_value(format, &mut dice(seed)))
        .boxed()
}

/// A string in the strict form of `format`, drawn from `dice`.
pub(crate) fn format_value(format: Format, dice: &mut TestRng) -> String {
    let mut text = String::new();
    match format {
        Format::TimeOfDay => {
            text = time_of_day(dice.random_range(0..24 * 60));
        }
        Format::DateTime => {
            let year = dice.random_range(1970_u32..=2099);
            let month = dice.random_range(1_u32..=12);
            let day = dice.random_range(1..=days_in_month(year, month));
            let (hour, minute, second) = (
                dice.random_range(0_u32..24),
                dice.random_range(0_u32..60),
                dice.random_range(0_u32..60),
            );
            text = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
        }
        Format::HttpUrl => {
            text.push_str(SCHEMES[dice.random_range(0..SCHEMES.len())]);
            // A host: labels of letters and digits, hyphens inside only.
            for label in 0..=dice.random_range(0..=3) {
                if label > 0 {
                    text.push('.');
                }
                push_chars(&mut text, dice, LOWER_DIGITS, 1);
                if label == 0 && dice.random_bool(0.5) {
                    let inner = dice.random_range(0..=8);
                    for _ in 0..inner {
                        let hyphen = dice.random_ratio(1, 10);
                        text.push(if hyphen {
                            '-'
                        } else {
                            pick(dice, LOWER_DIGITS)
                        });
                    }
                    push_chars(&mut text, dice, LOWER_DIGITS, 1);
                } else if label > 0 {
                    let more = dice.random_range(0..=7);
                    push_chars(&mut text, dice, LOWER_DIGITS, more);
                }
            }
            if dice.random_bool(0.5) {
                text.push_str(&format!(":{}", dice.random_range(1_u16..=65535)));
            }
            for _ in 0..dice.random_range(0..=3) {
                text.push('/');
                let length = dice.random_range(0..=10);
                push_chars(&mut text, dice, PATH, length);
            }
            if dice.random_bool(0.5) {
                text.push('?');
                let key = dice.random_range(1..=5);
                push_chars(&mut text, dice, LOWER, key);
                text.push('=');
                let value = dice.random_range(0..=5);
                push_chars(&mut text, dice, ALNUM, value);
            }
            if dice.random_bool(0.5) {
                text.push('#');
                let fragment = dice.random_range(0..=4);
                push_chars(&mut text, dice, LOWER, fragment);
            }
        }
        Format::DialString => {
            let length = dice.random_range(1..=24);
            push_chars(&mut text, dice, DIAL, length);
        }
        Format::Locale => {
            let language = dice.random_range(2..=3);
            push_chars(&mut text, dice, LOWER, language);
            if dice.random_bool(0.5) {
                text.push('_');
                push_chars(&mut text, dice, UPPER, 2);
            }
        }
    }
    text
}

/// One byte of an ASCII alphabet, as a character.
fn pick(dice: &mut TestRng, alphabet: &[u8]) -> char {
    char::from(alphabet[dice.random_range(0..alphabet.len())])
}

fn push_chars(text: &mut String, dice: &mut TestRng, alphabet: &[u8], count: usize) {
    for _ in 0..count {
        text.push(pick(dice, alphabet));
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
