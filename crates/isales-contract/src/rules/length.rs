//! Length rules (`name-length`, `description-length`): a string's length in characters within
//! bounds.

use crate::violation::ViolationKind;

/// The violation, when the text has fewer than `min` or more than `max` characters.
#[must_use]
pub fn check(text: &str, min: Option<usize>, max: Option<usize>) -> Option<ViolationKind> {
    // Counting stops one past the maximum: a 100 MB string costs no more than a short one.
    let limit = max.map_or(usize::MAX, |max| max.saturating_add(1));
    let length = if max.is_none() && min.is_none() {
        0
    } else {
        text.chars().take(limit).count()
    };
    let below = min.is_some_and(|min| length < min);
    let above = max.is_some_and(|max| length > max);
    if !(below || above) {
        return None;
    }
    let length = if above { text.chars().count() } else { length };
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
