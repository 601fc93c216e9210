//! `description-characters`: a string must not contain any of a set of characters.

use crate::violation::ViolationKind;

/// The violation for the first forbidden character found.
#[must_use]
pub fn check(text: &str, forbidden: &'static str) -> Option<ViolationKind> {
    let character = if forbidden.is_ascii() {
        // Byte search: an ASCII byte never occurs inside a multi-byte UTF-8 character.
        let set = forbidden.as_bytes();
        char::from(*text.as_bytes().iter().find(|byte| set.contains(byte))?)
    } else {
        text.chars().find(|ch| forbidden.contains(*ch))?
    };
    Some(ViolationKind::ForbiddenChar {
        character,
        forbidden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_forbidden_character() {
        const FORBIDDEN: &str = "\"[]=;<>";
        assert_eq!(check("spring campaign, wave 2", FORBIDDEN), None);
        assert_eq!(
            check("a<b>c", FORBIDDEN),
            Some(ViolationKind::ForbiddenChar {
                character: '<',
                forbidden: FORBIDDEN
            })
        );
        for ch in FORBIDDEN.chars() {
            assert!(check(&format!("x{ch}y"), FORBIDDEN).is_some(), "{ch}");
        }
    }
}
