//! `content-type-header`: a header with one allowed value, compared the way HTTP compares media
//! types (case-insensitive, spaces around `;` and `=` ignored, optional quotes on parameter
//! values).

use crate::rule::Rule;
use crate::violation::ViolationKind;

/// `content-type-header`
pub const RULE: Rule = Rule::error("content-type-header");

fn normalize(value: &str) -> String {
    value
        .split(';')
        .map(|part| {
            let part = part.trim();
            match part.split_once('=') {
                Some((name, value)) => {
                    format!(
                        "{}={}",
                        name.trim().to_ascii_lowercase(),
                        value.trim().trim_matches('"').to_ascii_lowercase()
                    )
                }
                None => part.to_ascii_lowercase(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The violation, when `value` is not `expected` under HTTP's comparison.
#[must_use]
pub fn check(value: &str, expected: &'static str) -> Option<ViolationKind> {
    (normalize(value) != normalize(expected)).then_some(ViolationKind::NotFixedValue { expected })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_like_http() {
        const EXPECTED: &str = "application/json; charset=UTF-8";
        for same in [
            EXPECTED,
            "application/json;charset=utf-8",
            "Application/JSON ; Charset = \"UTF-8\"",
        ] {
            assert_eq!(check(same, EXPECTED), None, "{same}");
        }
        for different in [
            "application/json",
            "text/plain; charset=UTF-8",
            "application/json; charset=GBK",
        ] {
            assert!(check(different, EXPECTED).is_some(), "{different}");
        }
    }
}
