//! Length rules (`name-length`, `description-length`): a string's length in characters within
//! bounds.

use crate::violation::ViolationKind;

/// The violation, when the text has fewer than `min` or more than `max` characters.
#[must_use]
pub fn check(text: &str, min: Option<usize>, max: Option<usize>) -> Option<ViolationKind> {
    if min.is_none() && max.is_none() {
        return None;
    }
    // The standard library counts a word of bytes at a time, without decoding a character:
    // cheaper on a short name than stepping through its characters to a bound, and a 100 MB
    // string, which the report needs the length of anyway, is a pass over memory.
    let length = text.chars().count();
    let below = min.is_some_and(|min| length < min);
    let above = max.is_some_and(|max| length > max);
    if !(below || above) {
        return None;
    }
    Some(ViolationKind::Length { length, min, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(check("短信", None, Some(2)), None);
        assert_eq!(
            check("短信群", None, Some(2)),
            Some(ViolationKind::Length {
                length: 3,
                min: None,
                max: Some(2)
            })
        );
        assert_eq!(
            check("", Some(1), None),
            Some(ViolationKind::Length {
                length: 0,
                min: Some(1),
                max: None
            })
        );
        assert_eq!(check(&"x".repeat(100), None, Some(100)), None);
        assert!(check(&"x".repeat(101), None, Some(100)).is_some());
    }
}
