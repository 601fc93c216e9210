//! `callback-url` and `insecure-callback-url`: callBackUrl is an absolute http(s) URL, and
//! plain http is warned about.

use crate::rule::{Provenance, Rule, Severity};
use crate::violation::{FormatKind, ViolationKind};

/// `callback-url`
pub const RULE: Rule = Rule::error("callback-url")
    .with_severity(Severity::Warning)
    .with_provenance(Provenance::Inferred);
/// `insecure-callback-url`
pub const INSECURE: Rule = Rule::error("insecure-callback-url")
    .with_severity(Severity::Warning)
    .with_provenance(Provenance::Inferred);

/// Absolute http(s) URLs as a JSON Schema pattern. It accepts every URL [`RULE`] accepts
/// (`https` and plain `http`), and a few it refuses (a host with `@`, control characters).
pub const PATTERN: &str = "^[hH][tT][tT][pP][sS]?://[^/?#\\s]+([/?#]\\S*)?$";

/// The rule broken and why, when `text` is not an absolute https URL.
#[must_use]
pub fn check(text: &str) -> Option<(Rule, ViolationKind)> {
    let lower = text
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (rest, secure) = if lower.starts_with("https://") {
        (&text[8..], true)
    } else if lower.starts_with("http://") {
        (&text[7..], false)
    } else {
        return Some((
            RULE,
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
            RULE,
            ViolationKind::Format {
                format: FormatKind::HttpUrl,
            },
        ));
    }
    (!secure).then_some((INSECURE, ViolationKind::InsecureUrl))
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
    fn the_pattern_accepts_every_url_the_rule_accepts() {
        let pattern = regex::Regex::new(PATTERN).expect("a valid pattern");
        let cases = [
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
            assert_eq!(pattern.is_match(text), matches, "{text}");
            let accepted = check(text).is_none_or(|(rule, _)| rule != RULE);
            assert!(!accepted || matches, "{text}: accepted but refused");
        }
    }
}
