//! Levels: what the user configured. Every rule has a default level (its severity);
//! [`Config`] raises or lowers any rule the way clippy's `-D`/`-W`/`-A` do, and `strict` makes
//! warnings fail.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::rule::Severity;
use crate::violation::Violation;

/// What to do with a rule's violations, in the words the configuration file and the command's
/// flags use: `allow`, `warn`, `deny` ([`FromStr`], [`Display`](fmt::Display) and serde all
/// read and write them).
///
/// Deliberately not `#[non_exhaustive]`: the three words are clippy's, the whole vocabulary of
/// the configuration file, and code matches on a level to choose what to do with a rule. A
/// fourth level would change what a configuration means (and files using it would not load in
/// older versions), so code that matches on `Level` should hear of it as a compile error, not
/// pass it silently through a wildcard arm.
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
    /// Every level, from the quietest.
    pub const ALL: [Level; 3] = [Level::Allow, Level::Warn, Level::Deny];

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

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = ParseLevelError;

    /// `allow`, `warn` or `deny`, exactly as [`Level::as_str`] writes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == text)
            .ok_or_else(|| ParseLevelError {
                found: text.to_owned(),
            })
    }
}

/// Through [`FromStr`], from a string only: one set of words and one message for every format.
impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Word;

        impl serde::de::Visitor<'_> for Word {
            type Value = Level;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED_LEVEL)
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Level, E> {
                text.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Word)
    }
}

/// What a level may be, for messages.
const EXPECTED_LEVEL: &str = "`allow`, `warn` or `deny`";

/// A word that is not a [`Level`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLevelError {
    found: String,
}

impl ParseLevelError {
    /// The word given.
    #[must_use]
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown level `")?;
        write_escaped(f, &self.found)?;
        write!(f, "`; expected {EXPECTED_LEVEL}")
    }
}

impl std::error::Error for ParseLevelError {}

/// Writes text from a user with its control characters escaped (`\n`, `\u{1b}`): a message
/// may reach a terminal or a CI log, where they would move the cursor or colour the rest.
fn write_escaped(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_debug())?;
        } else {
            fmt::Write::write_char(f, c)?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_and_write_their_three_words() {
        for (word, level) in [
            ("allow", Level::Allow),
            ("warn", Level::Warn),
            ("deny", Level::Deny),
        ] {
            assert_eq!(word.parse::<Level>(), Ok(level), "{word}");
            assert_eq!(level.to_string(), word);
            let json = serde_json::to_string(&level).expect("serializes");
            assert_eq!(json, format!("\"{word}\""));
            assert_eq!(serde_json::from_str::<Level>(&json).ok(), Some(level));
        }
    }

    #[test]
    fn other_words_are_refused_with_the_three() {
        for (word, message) in [
            (
                "loud",
                "unknown level `loud`; expected `allow`, `warn` or `deny`",
            ),
            (
                "Deny",
                "unknown level `Deny`; expected `allow`, `warn` or `deny`",
            ),
            ("", "unknown level ``; expected `allow`, `warn` or `deny`"),
            (
                "de\u{1b}[31mny\n",
                "unknown level `de\\u{1b}[31mny\\n`; expected `allow`, `warn` or `deny`",
            ),
        ] {
            let error = word.parse::<Level>().expect_err(word);
            assert_eq!(error.found(), word);
            assert_eq!(error.to_string(), message);
            let from_json = serde_json::from_value::<Level>(serde_json::json!(word))
                .expect_err("refused by serde too");
            assert_eq!(from_json.to_string(), message);
        }
        let number = serde_json::from_str::<Level>("2").expect_err("not a string");
        assert!(
            number
                .to_string()
                .contains("expected `allow`, `warn` or `deny`"),
            "{number}"
        );
    }
}
