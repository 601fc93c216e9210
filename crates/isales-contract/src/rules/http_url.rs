//! `callback-url` and `insecure-callback-url`: callBackUrl is an absolute http(s) URL, and
//! plain http is warned about.

use crate::rule::Rule;
use crate::rule::registry;
use crate::violation::{FormatKind, ViolationKind};

/// Absolute http(s) URLs as a JSON Schema pattern: exactly the texts [`registry::CALLBACK_URL`] accepts (`https`
/// and plain `http`). The host runs to the first `/`, `?` or `#`, is not empty, does not start
/// with `:` and holds no `@`; no character anywhere is white space or a control character (the
/// classes spell out what Rust's `char::is_whitespace` and `char::is_control` mean, since
/// `\s` differs between regex dialects).
pub const PATTERN: &str = isales_vocabulary::pattern::HTTP_URL;

/// The rule broken and why, when `text` is not an absolute https URL.
#[must_use]
pub fn check(text: &str) -> Option<(Rule, ViolationKind)> {
    let bytes = text.as_bytes();
    let scheme = |prefix: &[u8]| {
        bytes
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    // The prefixes are ASCII, so slicing after them stays on a character boundary.
    let (rest, secure) = if scheme(b"https://") {
        (&text[8..], true)
    } else if scheme(b"http://") {
        (&text[7..], false)
    } else {
        return Some((
            registry::CALLBACK_URL,
            ViolationKind::Format {
                format: FormatKind::HttpUrl,
            },
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty() && !host.starts_with(':') && !host.contains('@');
    let blank = |ch: char| ch.is_whitespace() || ch.is_control();
    let has_blank = if text.is_ascii() {
        text.bytes().any(|byte| byte <= b' ' || byte == 0x7f)
    } else {
        text.chars().any(blank)
    };
    if !host_ok || has_blank {
        return Some((
            registry::CALLBACK_URL,
            ViolationKind::Format {
                format: FormatKind::HttpUrl,
            },
        ));
    }
    if secure {
        return None;
    }
    Some((registry::INSECURE_CALLBACK_URL, ViolationKind::InsecureUrl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wants_absolute_https() {
        let cases = [
            ("https://results.example.com/isales", None),
            ("HTTPS://example.com:8443/cb?x=1", None),
            ("http://www.baidu.com", Some("insecure-callback-url")),
            ("www.example.com/results", Some("callback-url")),
            ("ftp://example.com", Some("callback-url")),
            ("https://", Some("callback-url")),
            ("https:///path", Some("callback-url")),
            ("https://exa mple.com", Some("callback-url")),
            ("https://user@example.com", Some("callback-url")),
            ("", Some("callback-url")),
        ];
        for (text, rule) in cases {
            assert_eq!(check(text).map(|(rule, _)| rule.id), rule, "{text}");
        }
    }

    #[test]
    fn the_pattern_matches_exactly_the_urls_the_rule_accepts() {
        let pattern = regex::Regex::new(PATTERN).expect("a valid pattern");
        let cases = [
            ("http://\u{e9}xample.com", true),
            ("https://\u{e9}xample.com/\u{e9}", true),
            ("https://user@example.com", false),
            ("https://example.com/@user", true),
            ("https://:8443/x", false),
            ("https://example.com:8443", true),
            ("https://example.com/a\tb", false),
            ("https://example.com/a\u{a0}b", false),
            ("https://example.com/a\u{85}b", false),
            ("https://example.com/a\u{2003}b", false),
            ("https://example.com/a\u{3000}b", false),
            ("https://example.com/a\u{7f}b", false),
            ("https://example.com/a\u{feff}b", true),
            ("https://example.com\n", false),
            ("hTtP://example.com?q", true),
            ("https://?q", false),
            ("https://#top", false),
            ("http:/example.com", false),
            ("https://results.example.com/isales", true),
            ("HTTPS://example.com:8443/cb?x=1", true),
            ("http://www.baidu.com", true),
            ("https://example.com#top", true),
            ("www.example.com/results", false),
            ("ftp://example.com", false),
            ("https://", false),
            ("https:///path", false),
            ("https://exa mple.com", false),
            ("https://example.com/a b", false),
            ("", false),
        ];
        for (text, matches) in cases {
            assert_eq!(pattern.is_match(text), matches, "{text:?}");
            let accepted = check(text).is_none_or(|(rule, _)| rule != registry::CALLBACK_URL);
            assert_eq!(
                accepted, matches,
                "{text:?}: the rule and the pattern differ"
            );
        }
    }
}
