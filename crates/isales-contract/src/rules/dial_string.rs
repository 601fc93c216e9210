//! `caller-no-format`: the calling number is 1 to 24 of `0-9`, `*` and `#`.

use crate::violation::{FormatKind, ViolationKind};

/// Dial strings as a JSON Schema pattern: exactly the texts [`check`] accepts.
pub const PATTERN: &str = isales_vocabulary::pattern::DIAL_STRING;

/// The violation, when `text` is not a dial string.
#[must_use]
pub fn check(text: &str) -> Option<ViolationKind> {
    let ok = (1..=24).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#');
    if ok {
        return None;
    }
    Some(ViolationKind::Format {
        format: FormatKind::DialString,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_dialable_characters_only() {
        for good in ["10086", "*99#", "0", &"9".repeat(24)] {
            assert!(check(good).is_none(), "{good}");
        }
        for bad in ["", "+8610086", "100 86", "abc", &"9".repeat(25)] {
            assert!(check(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn the_pattern_accepts_exactly_what_the_check_accepts() {
        let pattern = regex::Regex::new(PATTERN).expect("a valid pattern");
        for text in [
            "10086",
            "*99#",
            "0",
            &"9".repeat(24),
            &"9".repeat(25),
            "",
            "+8610086",
            "100 86",
            "abc",
            "１０",
            "10086\n",
        ] {
            assert_eq!(pattern.is_match(text), check(text).is_none(), "{text:?}");
        }
    }
}
