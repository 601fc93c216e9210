//! The rules, one module per rule (or per pair of rules that one check decides), each with its
//! check and its tests. A rule's id, level and provenance are not here: they are the spec's,
//! and code names a rule by its constant in the [`registry`](crate::registry).
//!
//! Value rules (`one_of`, `range`, `length`, `chars`, `fixed`, and the formats) are pure
//! functions from a value to an optional [`ViolationKind`]; the derive calls them from
//! generated code. They build the kind only when the value breaks the rule
//! (`if .. { return None; }`, not `bool::then_some`): a kind built and then dropped costs a
//! call of its drop glue per value checked, on payloads that break nothing. Object rules
//! (`schedule`, `envelope`, ...) take the object's `Fields` and report into a `Scope`; the
//! models name them with `#[contract(check = ...)]`. Rules of JSON structure live with the
//! field types in the derive's runtime.
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

/// Checks a string against one of the documented formats; gives the rule of the contract
/// broken and why. One format can break several rules (a datetime is malformed, or only
/// lenient; an http URL is invalid, or only insecure), each at its own level.
///
/// Inlined: generated code names the format as a constant, so the `match` folds away and each
/// string field calls its format's check directly.
#[must_use]
#[inline]
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

/// Checks a string against a format as one rule: whether it has the format or not. This is the
/// format of a service's own fields, and of any field whose format names its rule: a `datetime`
/// is `yyyy-MM-dd HH:mm:ss` exactly (the contract's lenient forms, a date alone or a one-digit
/// hour, break it), and an `http_url` is an absolute http or https URL (plain http is one; the
/// contract's warning about it concerns its callback).
#[must_use]
pub fn check_format_strictly(format: FormatKind, text: &str) -> Option<ViolationKind> {
    let broken = match format {
        FormatKind::TimeOfDay => time_of_day::check(text).is_some(),
        FormatKind::DateTime => datetime::check(text).is_some(),
        FormatKind::HttpUrl => {
            http_url::check(text).is_some_and(|(rule, _)| rule == crate::registry::CALLBACK_URL)
        }
        FormatKind::DialString => dial_string::check(text).is_some(),
        FormatKind::Locale => locale::check(text).is_some(),
    };
    if !broken {
        return None;
    }
    Some(ViolationKind::Format { format })
}

/// The JSON Schema pattern of [`check_format_strictly`]: a value it accepts matches it (a
/// pattern cannot count a month's days, so an impossible date such as February 30 matches
/// `datetime`'s too).
#[must_use]
pub const fn strict_pattern(format: FormatKind) -> &'static str {
    match format {
        FormatKind::TimeOfDay => time_of_day::PATTERN,
        FormatKind::DateTime => datetime::CANONICAL_PATTERN,
        FormatKind::HttpUrl => http_url::PATTERN,
        FormatKind::DialString => dial_string::PATTERN,
        FormatKind::Locale => locale::PATTERN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strict_format_is_one_rule() {
        let format = |format, text| check_format_strictly(format, text).is_some();
        let cases = [
            (FormatKind::HttpUrl, "https://example.com", false),
            (FormatKind::HttpUrl, "http://example.com", false),
            (FormatKind::HttpUrl, "ftp://x", true),
            (FormatKind::DateTime, "2018-12-01 08:00:00", false),
            (FormatKind::DateTime, "2018-12-01", true),
            (FormatKind::DateTime, "2018-12-01 8:00:00", true),
            (FormatKind::DateTime, "2023-02-29 08:00:00", true),
            (FormatKind::TimeOfDay, "23:59", false),
            (FormatKind::TimeOfDay, "24:00", true),
            (FormatKind::DialString, "*123#", false),
            (FormatKind::DialString, "12a", true),
            (FormatKind::Locale, "zh_CN", false),
            (FormatKind::Locale, "zh-CN", true),
        ];
        for (kind, text, broken) in cases {
            assert_eq!(format(kind, text), broken, "{kind:?} {text:?}");
            let pattern = regex::Regex::new(strict_pattern(kind)).expect("a valid pattern");
            // Every pattern but datetime's is exact; datetime's misses impossible dates.
            if text != "2023-02-29 08:00:00" {
                assert_eq!(pattern.is_match(text), !broken, "{kind:?} {text:?}");
            }
        }
        assert_eq!(
            check_format_strictly(FormatKind::DateTime, "2018-12-01"),
            Some(ViolationKind::Format {
                format: FormatKind::DateTime
            })
        );
    }

    /// A model of the contract, as the generated ones are derived.
    #[derive(isales_derive::Contract)]
    #[contract(crate = "crate")]
    struct Stamped {
        #[contract(format = "http_url")]
        hook: Option<String>,
        #[contract(format(kind = "datetime", severity = "error"))]
        at: Option<String>,
        #[contract(format(kind = "datetime", rule = "stamp-time"))]
        stamp: Option<String>,
    }

    #[test]
    fn the_contracts_models_keep_the_runtimes_format_rules_at_the_level_they_set() {
        use crate::Contract;

        let payload =
            br#"{"hook": "http://example.com", "at": "2018-12-01", "stamp": "2018-12-01"}"#;
        let found: Vec<(&str, crate::Severity)> = Stamped::violations_of_json(payload)
            .iter()
            .map(|violation| (violation.rule(), violation.level()))
            .collect();
        assert_eq!(
            found,
            [
                ("insecure-callback-url", crate::Severity::Warning),
                // `datetime-lenient` is a warning of the spec's; this model made it an error.
                ("datetime-lenient", crate::Severity::Error),
                // A format that names its rule is that one rule, strictly.
                ("stamp-time", crate::Severity::Error),
            ]
        );
    }
}

#[cfg(test)]
mod reads {
    use crate::contract::Contract;
    use crate::models::*;
    use crate::paths::Descend;
    use crate::rule::wiring::READS;

    /// The table of a model, and its members in the order its located walk numbers them.
    fn slots<T: Contract + Descend>() -> (u8, &'static [&'static str]) {
        let table = T::DOC.map_or(0, |doc| doc.table);
        (table, T::SLOTS)
    }

    #[test]
    fn every_row_a_check_reads_is_numbered_as_its_tables_model_numbers_it() {
        let models = [
            slots::<UrlParams>(),
            slots::<RequestHeaders>(),
            slots::<Envelope>(),
            slots::<Campaign>(),
            slots::<ScheduleParam>(),
            slots::<IvrParam>(),
            slots::<SkillParam>(),
            slots::<PreviewParam>(),
            slots::<PredictParam>(),
            slots::<ExpPredictParam>(),
            slots::<AgentPredictParam>(),
            slots::<ConnectPredictParam>(),
            slots::<OffhookPredictParam>(),
            slots::<RetryPolicy>(),
            slots::<ResultRetry>(),
            slots::<CallPolicy>(),
            slots::<Turn>(),
            slots::<BusiPolicy>(),
            slots::<NumberTypePolicy>(),
            slots::<PolicySetting>(),
        ];
        let mut numbered = 0;
        for read in READS {
            let (_, members) = models
                .iter()
                .find(|(table, _)| *table == read.table)
                .unwrap_or_else(|| panic!("no model documents Table {}", read.table));
            match read.slot {
                Some(slot) => {
                    assert_eq!(members.get(slot), Some(&read.name), "{read:?}");
                    numbered += 1;
                }
                None => assert_ne!(
                    read.path, read.name,
                    "a row of its own is numbered: {read:?}"
                ),
            }
        }
        assert!(numbered > 0, "the checks read rows of their own objects");
    }
}
