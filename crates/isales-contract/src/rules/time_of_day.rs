//! `time-of-day`: schedule times are `HH:mm`, 00:00 to 23:59 (Table 5).

use crate::violation::{FormatKind, ViolationKind};

/// The valid forms as a JSON Schema pattern: exactly the texts [`check`] accepts.
pub const PATTERN: &str = isales_vocabulary::pattern::TIME_OF_DAY;

/// Minutes since midnight, when `text` is a valid `HH:mm`.
#[must_use]
pub fn minutes(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.len() != 5
        || bytes[2] != b':'
        || !bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit())
    {
        return None;
    }
    let hour = u32::from(bytes[0] - b'0') * 10 + u32::from(bytes[1] - b'0');
    let minute = u32::from(bytes[3] - b'0') * 10 + u32::from(bytes[4] - b'0');
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

/// The violation, when `text` is not a valid `HH:mm`.
#[must_use]
pub fn check(text: &str) -> Option<ViolationKind> {
    if minutes(text).is_some() {
        return None;
    }
    Some(ViolationKind::Format {
        format: FormatKind::TimeOfDay,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_two_digit_hours_and_minutes_in_range() {
        for good in ["00:00", "08:30", "23:59", "12:00"] {
            assert!(check(good).is_none(), "{good}");
        }
        for bad in [
            "8:00",
            "24:00",
            "12:60",
            "12:5",
            "12-00",
            "1200",
            " 12:00",
            "１２:００",
            "",
        ] {
            assert!(check(bad).is_some(), "{bad}");
        }
        assert_eq!(minutes("13:30"), Some(810));
    }

    #[test]
    fn the_pattern_accepts_exactly_what_the_check_accepts() {
        let pattern = regex::Regex::new(PATTERN).expect("a valid pattern");
        // Every text of five characters over digits, the colon and a letter, and a few more.
        let alphabet = ['0', '1', '2', '3', '5', '6', '9', ':', 'x'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|text| alphabet.iter().map(move |ch| format!("{text}{ch}")))
                .collect();
        }
        texts.extend(
            [
                "",
                "1200",
                "12:000",
                "012:00",
                "12:00\n",
                " 12:00",
                "１２:００",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(pattern.is_match(text), check(text).is_none(), "{text:?}");
        }
    }
}
