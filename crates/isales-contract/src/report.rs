//! Levels and reports: what the user configured, and the verdict on one payload.
//!
//! Every rule has a default level (its severity). [`Config`] raises or lowers any rule the way
//! clippy's `-D`/`-W`/`-A` do, and `strict` makes warnings fail. A [`Report`] holds the
//! violations at their configured level (allowed ones are dropped) and the [`Verdict`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::json::Span;
use crate::rule::Severity;
use crate::violation::Violation;

/// What to do with a rule's violations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Do not report.
    Allow,
    /// Report as a warning.
    Warn,
    /// Report as an error.
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// Per-rule levels and strictness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    levels: BTreeMap<String, Level>,
    strict: bool,
}

impl Config {
    /// Default levels, warnings pass.
    #[must_use]
    pub fn new() -> Self {
        Config::default()
    }

    /// Sets one rule's level (the last setting of a rule wins).
    #[must_use]
    pub fn with_level(mut self, rule: impl Into<String>, level: Level) -> Self {
        self.levels.insert(rule.into(), level);
        self
    }

    /// Sets one rule's level in place.
    pub fn set_level(&mut self, rule: impl Into<String>, level: Level) {
        self.levels.insert(rule.into(), level);
    }

    /// Whether warnings fail the payload.
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether warnings fail the payload.
    #[must_use]
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// The rules with a configured level.
    pub fn levels(&self) -> impl Iterator<Item = (&str, Level)> {
        self.levels
            .iter()
            .map(|(rule, level)| (rule.as_str(), *level))
    }

    /// The rules configured `allow`.
    pub fn allowed(&self) -> impl Iterator<Item = &str> {
        self.levels()
            .filter(|(_, level)| *level == Level::Allow)
            .map(|(rule, _)| rule)
    }

    /// The level a violation of `rule` with default `severity` is reported at, or `None`
    /// when the rule is allowed.
    #[must_use]
    pub fn level_of(&self, rule: &str, severity: Severity) -> Option<Severity> {
        match self.levels.get(rule) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
            None => Some(severity),
        }
    }

    /// Applies the levels: sets each violation's level and drops allowed ones.
    pub fn apply(&self, violations: &mut Vec<Violation>) {
        violations.retain_mut(|violation| {
            match self.level_of(violation.rule, violation.default_level) {
                Some(level) => {
                    violation.level = level;
                    true
                }
                None => false,
            }
        });
    }

    /// Whether these (already applied) violations fail a payload.
    #[must_use]
    pub fn fails(&self, violations: &[Violation]) -> bool {
        violations
            .iter()
            .any(|violation| violation.level == Severity::Error || self.strict)
    }
}

/// Pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No error-level violation (and no warning under `strict`).
    Pass,
    /// At least one.
    Fail,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
        })
    }
}

/// The verdict on one payload and every violation, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Pass or fail.
    pub verdict: Verdict,
    /// Every violation at its configured level.
    pub violations: Vec<Violation>,
    /// The spans of the values of fields the spec marks personal, sorted, when the payload's
    /// bytes were validated: what a renderer quoting the payload blanks under masking, whether
    /// or not a violation is about them.
    #[serde(skip)]
    pub personal: Vec<Span>,
}

impl Report {
    /// Builds a report from violations at their default levels.
    #[must_use]
    pub fn new(mut violations: Vec<Violation>, config: &Config) -> Self {
        config.apply(&mut violations);
        Report::from_applied(violations, config)
    }

    /// Builds a report from violations `config` has already been applied to.
    pub(crate) fn from_applied(violations: Vec<Violation>, config: &Config) -> Self {
        let verdict = if config.fails(&violations) {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        Report {
            verdict,
            violations,
            personal: Vec::new(),
        }
    }

    /// Whether the payload passed.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Pass
    }

    /// Violations at error level.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|violation| violation.level == Severity::Error)
    }

    /// Violations at warning level.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|violation| violation.level == Severity::Warning)
    }

    /// The rule ids, in report order (handy in tests).
    #[must_use]
    pub fn rule_ids(&self) -> Vec<&'static str> {
        self.violations
            .iter()
            .map(|violation| violation.rule)
            .collect()
    }

    /// The same report with personal values hidden.
    #[must_use]
    pub fn masked(&self) -> Self {
        Report {
            verdict: self.verdict,
            violations: self.violations.iter().map(Violation::masked).collect(),
            personal: self.personal.clone(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        writeln!(
            f,
            "{}: {errors} error(s), {warnings} warning(s)",
            self.verdict
        )?;
        for violation in &self.violations {
            writeln!(f, "  {violation}")?;
        }
        Ok(())
    }
}

/// A failed report is an error a service can return with `?`; its `Display` lists every
/// violation.
impl std::error::Error for Report {}
