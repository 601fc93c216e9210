//! The rules, one module per rule (or per pair of rules that one check decides), each with its
//! check and its tests. A rule's id, level and provenance are not here: they are the spec's,
//! and code names a rule by its constant in the [`registry`](crate::registry).
//!
//! Value rules (`one_of`, `range`, `length`, `chars`, `fixed`, and the formats) are pure
//! functions from a value to an optional [`ViolationKind`]; the derive
//! calls them from generated code. Object rules (`schedule`, `envelope`, ...) take the object's
//! `Fields` and report into a `Scope`; the models name them
//! with `#[contract(check = ...)]`. Rules of JSON structure live with the field types in
//! the derive's runtime.
//!
//! What a service reads here is the catalog ([`catalog`], [`lookup`], [`RuleInfo`]); the
//! check modules are what derived code calls, hidden from the documentation.

#[doc(hidden)]
pub mod avg_call_time;
#[doc(hidden)]
pub mod busi_interval;
#[rustfmt::skip]
mod catalog;
#[doc(hidden)]
pub mod chars;
#[doc(hidden)]
pub mod datetime;
#[doc(hidden)]
pub mod dial_string;
#[doc(hidden)]
pub mod envelope;
#[doc(hidden)]
pub mod fixed;
#[doc(hidden)]
pub mod http_url;
#[doc(hidden)]
pub mod length;
#[doc(hidden)]
pub mod locale;
#[doc(hidden)]
pub mod one_of;
#[doc(hidden)]
pub mod out_bound_type;
#[doc(hidden)]
pub mod period;
#[doc(hidden)]
pub mod range;
#[doc(hidden)]
pub mod schedule;
#[doc(hidden)]
pub mod time_of_day;

use crate::rule::{DocRef, Provenance, Rule};
use crate::violation::{FormatKind, ViolationKind};

/// A rule with everything the documentation of the contract says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The registry's constant: id, default level, provenance, summary, documentation rows.
    pub rule: Rule,
    /// How the spec checks it: `required-if`, `one-of-forms`, `absent-unless`, `field`, `builtin`.
    pub kind: &'static str,
    /// Why it exists and how it was decided.
    pub explanation: &'static str,
    /// A payload that breaks it.
    pub example: Option<&'static str>,
    /// Where it applies, one requirement each: the cases of a conditional rule, the rows of a
    /// field rule, the parts of a builtin rule, each with its provenance.
    pub applies_to: &'static [RulePart],
}

impl RuleInfo {
    /// One line: what it checks.
    #[must_use]
    pub fn summary(&self) -> &'static str {
        self.rule.summary
    }

    /// The documentation row (or table) it mainly rests on: what a violation cites when no
    /// single row of its own applies. Every rule of the spec names at least one.
    #[must_use]
    pub fn doc(&self) -> Option<DocRef> {
        self.rule.doc()
    }

    /// Every documentation row or table the rule rests on, [`RuleInfo::doc`] first.
    #[must_use]
    pub fn docs(&self) -> &'static [DocRef] {
        self.rule.docs
    }

    /// Whether the rule gathers documented and inferred requirements: its provenance is that
    /// of the rule as a whole, and [`RuleInfo::applies_to`] says which part is which.
    #[must_use]
    pub fn is_mixed(&self) -> bool {
        self.applies_to
            .iter()
            .any(|part| part.provenance != self.rule.provenance)
    }

    /// The rule's provenance for people: `documented`, `inferred`, or `documented, partly
    /// inferred` for a rule with inferred parts.
    #[must_use]
    pub fn provenance_text(&self) -> &'static str {
        match (self.rule.provenance, self.is_mixed()) {
            (Provenance::Documented, true) => "documented, partly inferred",
            (provenance, _) => provenance.as_str(),
        }
    }
}

impl std::fmt::Display for RulePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.text, self.provenance.as_str())
    }
}

/// One requirement of a rule, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RulePart {
    /// Where it applies or what it requires (`Table 3: resultCode always`).
    pub text: &'static str,
    /// Stated by the page, or our reading.
    pub provenance: Provenance,
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
        FormatKind::TimeOfDay => {
            time_of_day::check(text).map(|kind| (crate::registry::TIME_OF_DAY, kind))
        }
        FormatKind::DateTime => datetime::check(text),
        FormatKind::HttpUrl => http_url::check(text),
        FormatKind::DialString => {
            dial_string::check(text).map(|kind| (crate::registry::CALLER_NO_FORMAT, kind))
        }
        FormatKind::Locale => {
            locale::check(text).map(|kind| (crate::registry::LOCALE_FORMAT, kind))
        }
    }
}
