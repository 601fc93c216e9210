//! The regular expressions JSON Schema states the contract's string rules with, written once
//! for the two schemas (the spec's, from `cargo xtask codegen`, and the models', from
//! `#[derive(Contract)]`) and for the runtime's rule modules, whose tests hold each pattern to
//! the rule function it stands for (`isales_contract::rules::*`: "the pattern accepts exactly
//! what the check accepts").
//!
//! Plain strings in the dialect every JSON Schema validator shares (ECMA-262 and Rust's
//! `regex` read them alike): character classes spelled out rather than `\s` or `\d`, whose
//! meanings differ between dialects.

/// `time-of-day`: `HH:mm`, 00:00 to 23:59.
pub const TIME_OF_DAY: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// `datetime-lenient`: the canonical campaign time, `yyyy-MM-dd HH:mm:ss`. A time the
/// validator reads fails it exactly when it is a lenient form (the page's own `2018-12-01`
/// does); it accepts impossible dates such as February 30 (a pattern does not count days).
pub const DATETIME_CANONICAL: &str =
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$";

/// `datetime-format`: every form the validator reads (canonical, a date alone, a one-digit
/// hour); it refuses what `datetime-format` refuses, except impossible dates.
pub const DATETIME_READABLE: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])( ([01]?[0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?$";

/// `callback-url`: absolute http(s) URLs with a host (the classes spell out what Rust's
/// `char::is_whitespace` and `char::is_control` mean).
pub const HTTP_URL: &str = "^[hH][tT][tT][pP][sS]?://[^/?#@:\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^/?#@\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*([/?#][^\\x00-\\x20\\x7f-\\x9f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*)?$";

/// `caller-no-format`: 1 to 24 of the keys of a telephone keypad.
pub const DIAL_STRING: &str = "^[0-9*#]{1,24}$";

/// `locale-format`: a lower-case language, optionally `_` and an upper-case country.
pub const LOCALE: &str = "^[a-z]{2,3}(_[A-Z]{2})?$";

/// The texts without any of the `forbidden` characters: `^[^...]*$`, each character escaped
/// as a character class needs.
#[must_use]
pub fn forbidden_chars(forbidden: &str) -> String {
    let mut class = String::new();
    for ch in forbidden.chars() {
        if matches!(ch, '\\' | ']' | '[' | '^' | '-') {
            class.push('\\');
        }
        class.push(ch);
    }
    format!("^[^{class}]*$")
}

/// The values equal to `expected` the way HTTP compares a media type with parameters
/// (RFC 9110), as [`media_type_key`] does: letters in any case, optional whitespace (spaces
/// and tabs only) around the value and around `;` and `=`, and a parameter value as a token
/// or as a quoted string.
///
/// `application/json; charset=UTF-8` gives
/// `^[ \t]*[aA][pP]..[nN]/[jJ]..[nN][ \t]*;[ \t]*[cC]..[tT][ \t]*=[ \t]*([uU][tT][fF]-8|"[uU][tT][fF]-8")[ \t]*$`.
#[must_use]
pub fn media_type(expected: &str) -> String {
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

/// What HTTP compares of a media type: two values are equal exactly when their keys are, and
/// exactly then does one match the [`media_type`] pattern of the other.
#[must_use]
pub fn media_type_key(value: &str) -> String {
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

/// `text` as a pattern: ASCII letters in either case, other characters literally.
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

    #[test]
    fn forbidden_characters_are_escaped_for_a_class() {
        assert_eq!(forbidden_chars("a-^\\"), "^[^a\\-\\^\\\\]*$");
        assert_eq!(forbidden_chars("\"[]=;<>"), "^[^\"\\[\\]=;<>]*$");
    }

    #[test]
    fn media_types_match_in_any_case_with_optional_whitespace() {
        assert_eq!(
            media_type("a.b = \"c\""),
            "^[ \\t]*[aA]\\.[bB][ \\t]*=[ \\t]*([cC]|\"[cC]\")[ \\t]*$"
        );
        assert_eq!(
            media_type(" a b;c=d "),
            "^[ \\t]*[aA] [bB][ \\t]*;[ \\t]*[cC][ \\t]*=[ \\t]*([dD]|\"[dD]\")[ \\t]*$"
        );
        assert_eq!(
            media_type_key(" Application/JSON ;\tCharset = \"UTF-8\""),
            "application/json;charset=utf-8"
        );
    }
}
