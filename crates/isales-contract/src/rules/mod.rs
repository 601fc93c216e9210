//! The rules, one module per rule (or per pair of rules that one check decides), each with its
//! stable id, its default level and its tests.
//!
//! Value rules (`one_of`, `range`, `length`, `chars`, `fixed`, and the formats) are pure
//! functions from a value to an optional [`ViolationKind`](crate::ViolationKind); the derive
//! calls them from generated code. Object rules (`schedule`, `envelope`, ...) take the object's
//! [`Fields`](crate::Fields) and report into a [`Scope`](crate::Scope); the models name them
//! with `#[contract(check = ...)]`. Rules of JSON structure live with the field types in
//! [`contract`](crate::contract) and [`json_string`](crate::json_string).

pub mod avg_call_time;
pub mod busi_interval;
pub mod chars;
pub mod datetime;
pub mod dial_string;
pub mod fixed;
pub mod http_url;
pub mod length;
pub mod locale;
pub mod one_of;
pub mod out_bound_type;
pub mod period;
pub mod range;
pub mod schedule;
pub mod time_of_day;

use crate::rule::Rule;
use crate::violation::{FormatKind, ViolationKind};

/// Checks a string against one of the documented formats; gives the rule broken and why.
#[must_use]
pub fn check_format(format: FormatKind, text: &str) -> Option<(Rule, ViolationKind)> {
    match format {
        FormatKind::TimeOfDay => time_of_day::check(text).map(|kind| (time_of_day::RULE, kind)),
        FormatKind::DateTime => datetime::check(text),
        FormatKind::HttpUrl => http_url::check(text),
        FormatKind::DialString => dial_string::check(text).map(|kind| (dial_string::RULE, kind)),
        FormatKind::Locale => locale::check(text).map(|kind| (locale::RULE, kind)),
    }
}
