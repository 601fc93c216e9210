//! The textual formats string fields are held to, with every spelling of them: the spec's
//! (`format = "time-of-day"`), the derive's attribute (`format = "time_of_day"`), the report's
//! (`"format": "time-of-day"` among a violation's facts), the rules that check each and the
//! patterns JSON Schema states them with.

use serde::Serialize;

use crate::{Rule, pattern, registry};

/// A textual format of string fields, each checked by fixed rules of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `HH:mm`, 00:00 to 23:59.
    TimeOfDay,
    /// `yyyy-MM-dd HH:mm:ss`, with lenient forms (a date alone, a one-digit hour) warned.
    DateTime,
    /// An absolute `http` or `https` URL.
    HttpUrl,
    /// A dialable number: 1 to 24 of `0-9`, `*` and `#`.
    DialString,
    /// A locale such as `zh_CN`.
    Locale,
}

impl Format {
    /// Every format, for listings and error messages.
    pub const ALL: [Format; 5] = [
        Format::TimeOfDay,
        Format::DateTime,
        Format::HttpUrl,
        Format::DialString,
        Format::Locale,
    ];

    /// Every spelling `#[contract(format = "..")]` takes, with the format it names.
    pub const ATTRIBUTE_NAMES: [(&'static str, Format); 6] = [
        ("time_of_day", Format::TimeOfDay),
        ("hh_mm", Format::TimeOfDay),
        ("datetime", Format::DateTime),
        ("http_url", Format::HttpUrl),
        ("dial_string", Format::DialString),
        ("locale", Format::Locale),
    ];

    /// The spelling of the spec file (`time-of-day`, `datetime`, ...).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::TimeOfDay => "time-of-day",
            Format::DateTime => "datetime",
            Format::HttpUrl => "http-url",
            Format::DialString => "dial-string",
            Format::Locale => "locale",
        }
    }

    /// The variant's name (`TimeOfDay`), for code that writes code naming it.
    #[must_use]
    pub const fn variant_name(self) -> &'static str {
        match self {
            Format::TimeOfDay => "TimeOfDay",
            Format::DateTime => "DateTime",
            Format::HttpUrl => "HttpUrl",
            Format::DialString => "DialString",
            Format::Locale => "Locale",
        }
    }

    /// What a value of the format looks like, for messages (`expected ...`).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Format::TimeOfDay => "a time of day as HH:mm (00:00 to 23:59)",
            Format::DateTime => "a date and time as yyyy-MM-dd HH:mm:ss",
            Format::HttpUrl => "an absolute http or https URL",
            Format::DialString => "1 to 24 of the characters 0-9, * and #",
            Format::Locale => "a language code with an optional country, such as en_US",
        }
    }

    /// The rules that check the format.
    #[must_use]
    pub const fn rules(self) -> &'static [Rule] {
        match self {
            Format::TimeOfDay => &[registry::TIME_OF_DAY],
            Format::DateTime => &[registry::DATETIME_FORMAT, registry::DATETIME_LENIENT],
            Format::HttpUrl => &[registry::CALLBACK_URL, registry::INSECURE_CALLBACK_URL],
            Format::DialString => &[registry::CALLER_NO_FORMAT],
            Format::Locale => &[registry::LOCALE_FORMAT],
        }
    }

    /// The regular expressions JSON Schema states the format with, each with the rule that a
    /// value failing it breaks. A rule of [`Format::rules`] without a pattern (the insecure
    /// `http://` of a callback URL) is not a matter of shape.
    ///
    /// `datetime-lenient` carries the canonical form, which the page's own date-only example
    /// fails; `datetime-format` carries every form the validator reads (the canonical one, a
    /// date alone, a one-digit hour). The validator's rule functions carry the same patterns,
    /// with tests holding each to its function.
    #[must_use]
    pub const fn patterns(self) -> &'static [(Rule, &'static str)] {
        match self {
            Format::TimeOfDay => &[(registry::TIME_OF_DAY, pattern::TIME_OF_DAY)],
            Format::DateTime => &[
                (registry::DATETIME_FORMAT, pattern::DATETIME_READABLE),
                (registry::DATETIME_LENIENT, pattern::DATETIME_CANONICAL),
            ],
            Format::HttpUrl => &[(registry::CALLBACK_URL, pattern::HTTP_URL)],
            Format::DialString => &[(registry::CALLER_NO_FORMAT, pattern::DIAL_STRING)],
            Format::Locale => &[(registry::LOCALE_FORMAT, pattern::LOCALE)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_an_attribute_name_and_patterned_rules_it_is_checked_by() {
        for format in Format::ALL {
            assert!(
                Format::ATTRIBUTE_NAMES
                    .iter()
                    .any(|(_, named)| *named == format),
                "{format:?}"
            );
            for (rule, _) in format.patterns() {
                assert!(format.rules().contains(rule), "{format:?}: {}", rule.id);
            }
        }
    }
}
