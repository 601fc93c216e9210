//! Reports: the verdict on one payload. A [`Report`] holds the violations at the level the
//! [`Config`] gives them (allowed ones are dropped) and the [`Verdict`].

use std::fmt;

use serde::Serialize;

use crate::config::Config;
use crate::json::Span;
use crate::rule::Severity;
use crate::violation::Violation;

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
#[non_exhaustive]
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
