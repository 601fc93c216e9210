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
#[rustfmt::skip]
mod catalog;
pub mod chars;
pub mod datetime;
pub mod dial_string;
pub mod envelope;
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

use crate::rule::{DocRef, Rule};
use crate::violation::{FormatKind, ViolationKind};

/// A rule with everything the documentation of the contract says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Id, default level, provenance.
    pub rule: Rule,
    /// How the spec checks it: `required-if`, `one-of-forms`, `absent-unless`, `field`, `builtin`.
    pub kind: &'static str,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it exists and how it was decided.
    pub explanation: &'static str,
    /// The documentation row it rests on.
    pub doc: DocRef,
    /// A payload fragment that breaks it.
    pub example: Option<&'static str>,
    /// Where it applies: conditions and rows, one line each.
    pub applies_to: &'static [&'static str],
}

/// Every rule of the contract, in spec order.
#[must_use]
pub fn catalog() -> &'static [RuleInfo] {
    &catalog::RULES
}

/// The rule with this id.
#[must_use]
pub fn lookup(id: &str) -> Option<&'static RuleInfo> {
    catalog::RULES.iter().find(|info| info.rule.id == id)
}

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
