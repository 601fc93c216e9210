//! `description-characters`: a string must not contain any of a set of characters.

use crate::violation::ViolationKind;

/// The violation for the first forbidden character found.
#[must_use]
pub fn check(text: &str, forbidden: &'static str) -> Option<ViolationKind> {
    let character = if forbidden.is_ascii() {
        // Byte search: an ASCII byte never occurs inside a multi-byte UTF-8 character. The set
        // is a bit per ASCII byte, tested in a register, where searching it for each byte of
        // the text was a call per byte.
        let set = forbidden.bytes().fold(0_u128, |set, byte| set | 1 << byte);
        let found = text
            .bytes()
            .find(|&byte| byte.is_ascii() && set >> byte & 1 != 0)?;
        char::from(found)
    } else {
        text.chars().find(|ch| forbidden.contains(*ch))?
    };
    Some(ViolationKind::ForbiddenChar {
        character,
        forbidden,
    })
}

/// A JSON Schema pattern accepting exactly the texts without any of the `forbidden`
/// characters: the one both schemas of the contract carry for this rule.
pub use isales_vocabulary::pattern::forbidden_chars as pattern;

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

    #[test]
    fn the_pattern_accepts_exactly_what_the_check_accepts() {
        for forbidden in ["\"[]=;<>", "a-^\\", "]", "^"] {
            let pattern = regex::Regex::new(&pattern(forbidden)).expect("a valid pattern");
            for text in [
                "", "spring", "a<b", "x]y", "[", "=", "a-b", "^", "\\", "b", "ab", "\n", "多",
            ] {
                assert_eq!(
                    pattern.is_match(text),
                    check(text, forbidden).is_none(),
                    "{text:?} without {forbidden:?}"
                );
            }
        }
    }
}
