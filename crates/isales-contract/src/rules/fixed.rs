//! `content-type-header`: a header with one allowed value, compared the way HTTP compares media
//! types (RFC 9110): letters in any case, optional whitespace (spaces and tabs) around the
//! value and around `;` and `=`, and a parameter value either as a token or as a quoted string.

use isales_vocabulary::pattern::media_type_key;

use crate::violation::ViolationKind;

/// The violation, when `value` is not `expected` under HTTP's comparison.
#[must_use]
pub fn check(value: &str, expected: &'static str) -> Option<ViolationKind> {
    if media_type_key(value) == media_type_key(expected) {
        return None;
    }
    Some(ViolationKind::NotFixedValue { expected })
}

/// A JSON Schema pattern accepting exactly the values [`check`] accepts for `expected`: the
/// one both schemas of the contract carry for this rule.
pub use isales_vocabulary::pattern::media_type as pattern;

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: &str = "application/json; charset=UTF-8";

    /// Values around the expected one: case, whitespace, quotes, other parameters.
    const VARIANTS: &[&str] = &[
        EXPECTED,
        "application/json;charset=utf-8",
        "Application/JSON ; Charset = \"UTF-8\"",
        "APPLICATION/JSON ;\tCharset = Utf-8",
        " application/json; charset=UTF-8\t",
        "application/json; charset=\"UTF-8",
        "application/json; charset=\"\"UTF-8\"\"",
        "application/json; charset=\" UTF-8\"",
        "application/json;\u{a0}charset=UTF-8",
        "application/json\u{3000}; charset=UTF-8",
        "application/json; charset=UTF-8;",
        "application/json;; charset=UTF-8",
        "application/json",
        "text/plain; charset=UTF-8",
        "application/json; charset=GBK",
        "application/jsonx; charset=UTF-8",
        "application/json; charset=UTF-8; q=1",
        "application / json; charset=UTF-8",
        "",
    ];

    #[test]
    fn compares_like_http() {
        for same in &VARIANTS[..5] {
            assert_eq!(check(same, EXPECTED), None, "{same}");
        }
        for different in &VARIANTS[5..] {
            assert!(check(different, EXPECTED).is_some(), "{different}");
        }
    }

    #[test]
    fn the_pattern_accepts_exactly_what_the_check_accepts() {
        for expected in [EXPECTED, "text/plain", "a/b; x=\"Y\"; z=1"] {
            let pattern = regex::Regex::new(&pattern(expected)).expect("a valid pattern");
            for value in VARIANTS.iter().copied().chain([
                "text/plain",
                " TEXT/PLAIN ",
                "a/b;x=y;z=1",
                "A/B ; X=\"y\" ; Z=\"1\"",
            ]) {
                assert_eq!(
                    pattern.is_match(value),
                    check(value, leak(expected)).is_none(),
                    "{value:?} as {expected:?}"
                );
            }
        }
    }

    fn leak(text: &str) -> &'static str {
        Box::leak(text.to_owned().into_boxed_str())
    }
}
