//! `content-type-header`: a header with one allowed value, compared the way HTTP compares media
//! types (RFC 9110): letters in any case, optional whitespace (spaces and tabs) around the
//! value and around `;` and `=`, and a parameter value either as a token or as a quoted string.

use crate::violation::ViolationKind;

/// HTTP's optional whitespace: spaces and tabs, nothing else.
fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// A parameter value without the quotes of a quoted string.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value)
}

fn normalize(value: &str) -> String {
    value
        .split(';')
        .map(|part| {
            let part = trim_ows(part);
            match part.split_once('=') {
                Some((name, value)) => format!(
                    "{}={}",
                    trim_ows(name).to_ascii_lowercase(),
                    unquote(trim_ows(value)).to_ascii_lowercase()
                ),
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

/// A JSON Schema pattern accepting exactly the values [`check`] accepts for `expected`.
///
/// `application/json; charset=UTF-8` gives
/// `^[ \t]*[aA][pP]..[nN]/[jJ]..[nN][ \t]*;[ \t]*[cC]..[tT][ \t]*=[ \t]*([uU][tT][fF]-8|"[uU][tT][fF]-8")[ \t]*$`.
#[must_use]
pub fn pattern(expected: &str) -> String {
    const OWS: &str = "[ \\t]*";
    let parts: Vec<String> = expected
        .split(';')
        .map(|part| {
            let part = trim_ows(part);
            match part.split_once('=') {
                Some((name, value)) => {
                    let value = any_case(unquote(trim_ows(value)));
                    format!(
                        "{}{OWS}={OWS}({value}|\"{value}\")",
                        any_case(trim_ows(name))
                    )
                }
                None => any_case(part),
            }
        })
        .collect();
    format!("^{OWS}{}{OWS}$", parts.join(&format!("{OWS};{OWS}")))
}

/// `text` as a pattern, ASCII letters in either case and other characters literally.
fn any_case(text: &str) -> String {
    let mut pattern = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphabetic() {
            pattern.push('[');
            pattern.push(ch.to_ascii_lowercase());
            pattern.push(ch.to_ascii_uppercase());
            pattern.push(']');
        } else {
            if "\\^$.|?*+()[]{}".contains(ch) {
                pattern.push('\\');
            }
            pattern.push(ch);
        }
    }
    pattern
}

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
