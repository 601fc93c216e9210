//! Levels: what the user configured. Every rule has a default level (its severity);
//! [`Config`] raises or lowers any rule the way clippy's `-D`/`-W`/`-A` do, and `strict` makes
//! warnings fail.

use std::collections::BTreeMap;

use serde::Serialize;

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
