//! Levels: what the user configured. Every rule has a default level (its severity);
//! [`Config`] raises or lowers any rule the way clippy's `-D`/`-W`/`-A` do, and `strict` makes
//! warnings fail.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::rule::{RuleId, Severity};
use crate::rules;
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
///
/// Every rule a configuration names is a rule of the contract: a rule id given as text is
/// looked up in the [catalog](crate::rules::catalog) and refused with close matches when it
/// names none ([`UnknownRule`]), and a [`RuleId`] is always accepted. (So a configuration
/// cannot set the level of a rule of one's own, declared with [`Rule::new`](crate::Rule::new)
/// outside the registry: such a rule keeps its default level.)
///
/// Not `#[non_exhaustive]`: its fields are private already, so it can grow without breaking
/// anyone (no struct literal or pattern can name them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Keyed by the catalog's own id, so a level set from any text outlives it.
    levels: BTreeMap<&'static str, Level>,
    strict: bool,
}

impl Config {
    /// Default levels, warnings pass.
    #[must_use]
    pub fn new() -> Self {
        Config::default()
    }

    /// Sets one rule's level, the rule named by its id (the last setting of a rule wins).
    ///
    /// # Errors
    /// When `rule` is not the id of a rule of the catalog; the error names the closest ones.
    pub fn with_level(mut self, rule: &str, level: Level) -> Result<Self, UnknownRule> {
        self.set_level(rule, level)?;
        Ok(self)
    }

    /// Sets one rule's level in place, the rule named by its id.
    ///
    /// # Errors
    /// When `rule` is not the id of a rule of the catalog; the error names the closest ones,
    /// and the configuration is unchanged.
    pub fn set_level(&mut self, rule: &str, level: Level) -> Result<(), UnknownRule> {
        let id = RuleId::from_id(rule).ok_or_else(|| UnknownRule::new(rule))?;
        self.set_rule_level(id, level);
        Ok(())
    }

    /// Sets one rule's level (the last setting of a rule wins); a [`RuleId`] always names a
    /// rule of the contract.
    #[must_use]
    pub fn with_rule_level(mut self, rule: RuleId, level: Level) -> Self {
        self.set_rule_level(rule, level);
        self
    }

    /// Sets one rule's level in place.
    pub fn set_rule_level(&mut self, rule: RuleId, level: Level) {
        self.levels.insert(rule.as_str(), level);
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

    /// The rules with a configured level, by id.
    pub fn levels(&self) -> impl Iterator<Item = (&'static str, Level)> {
        self.levels.iter().map(|(rule, level)| (*rule, *level))
    }

    /// The rules configured `allow`.
    pub fn allowed(&self) -> impl Iterator<Item = &'static str> {
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

/// A rule id that names no rule of the contract, with the ids closest to it.
///
/// Its message reads `` unknown rule `insecure-callback`; did you mean `insecure-callback-url`? ``
/// (without the question when nothing is close).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    id: String,
    suggestions: Vec<&'static str>,
}

impl UnknownRule {
    /// The error for `id`, an id [`rules::lookup`] does not find, with the ids of the catalog
    /// closest to it.
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        let id = id.into();
        let suggestions = close_matches(&id);
        UnknownRule { id, suggestions }
    }

    /// The id given.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Up to three ids of the catalog close to it, the closest first.
    #[must_use]
    pub fn suggestions(&self) -> &[&'static str] {
        &self.suggestions
    }
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule `")?;
        write_escaped(f, &self.id)?;
        write!(f, "`")?;
        for (index, id) in self.suggestions.iter().enumerate() {
            let joint = if index == 0 { "; did you mean" } else { " or" };
            write!(f, "{joint} `{id}`")?;
        }
        if !self.suggestions.is_empty() {
            write!(f, "?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownRule {}

/// The ids of the rules closest to `unknown`, best first (at most three): Jaro-Winkler
/// similarity of at least 0.8, and 0.9 for an id that contains the text or is contained in
/// it (a truncated or extended id), unless the text is shorter than [`MIN_CONTAINED`]
/// characters, which every id would contain; ties in id order.
fn close_matches(unknown: &str) -> Vec<&'static str> {
    let long_enough = unknown.chars().count() >= MIN_CONTAINED;
    let mut scored: Vec<(f64, &'static str)> = rules::catalog()
        .iter()
        .map(|info| {
            let id = info.rule.id;
            let mut score = strsim::jaro_winkler(unknown, id);
            if long_enough && (id.contains(unknown) || unknown.contains(id)) {
                score = score.max(0.9);
            }
            (score, id)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

/// The shortest text that counts as a piece of an id: `""` or `-` is in every id and says
/// nothing about which one was meant.
const MIN_CONTAINED: usize = 3;

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

    #[test]
    fn unknown_rules_are_refused_with_up_to_three_close_matches() {
        for (id, suggestions, message) in [
            (
                "insecure-callback",
                &["insecure-callback-url"][..],
                "unknown rule `insecure-callback`; did you mean `insecure-callback-url`?",
            ),
            (
                "ivr-param-requird",
                &["ivr-param-required", "preview-param-required"][..],
                "unknown rule `ivr-param-requird`; \
                 did you mean `ivr-param-required` or `preview-param-required`?",
            ),
            ("zzzzzz", &[][..], "unknown rule `zzzzzz`"),
            ("", &[][..], "unknown rule ``"),
            ("-", &[][..], "unknown rule `-`"),
            (
                "nesting",
                &["nesting-limit"][..],
                "unknown rule `nesting`; did you mean `nesting-limit`?",
            ),
            ("bad\u{1b}[2J", &[][..], "unknown rule `bad\\u{1b}[2J`"),
        ] {
            let error = Config::new()
                .with_level(id, Level::Deny)
                .expect_err("not a rule");
            assert_eq!(error.id(), id);
            assert_eq!(error.suggestions(), suggestions, "{id}");
            assert_eq!(error.to_string(), message);
            assert_eq!(UnknownRule::new(id), error);
        }
        let many = UnknownRule::new("schedule-segment");
        assert_eq!(many.suggestions().len(), 3, "{many}");
        assert!(
            many.to_string()
                .starts_with("unknown rule `schedule-segment`; did you mean `schedule-segment-"),
            "{many}"
        );
        assert_eq!(many.to_string().matches(" or ").count(), 2, "{many}");
    }

    #[test]
    fn a_refused_rule_leaves_the_configuration_as_it_was() {
        let mut config = Config::new().with_rule_level(RuleId::TypeMismatch, Level::Allow);
        let before = config.clone();
        assert!(config.set_level("type-mismatc", Level::Deny).is_err());
        assert_eq!(config, before);
    }

    #[test]
    fn every_rule_id_is_accepted_as_text_and_as_a_rule_id() {
        for rule in RuleId::ALL {
            let by_text = Config::new()
                .with_level(rule.as_str(), Level::Allow)
                .expect("a rule of the catalog");
            let by_id = Config::new().with_rule_level(rule, Level::Allow);
            assert_eq!(by_text, by_id, "{rule}");
            assert_eq!(
                by_id.levels().collect::<Vec<_>>(),
                [(rule.as_str(), Level::Allow)]
            );
            assert_eq!(by_id.level_of(rule.as_str(), Severity::Error), None);
        }
    }

    #[test]
    fn the_last_level_set_for_a_rule_wins() {
        let config = Config::new()
            .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow)
            .with_level(RuleId::InsecureCallbackUrl.as_str(), Level::Deny)
            .expect("a rule of the catalog");
        assert_eq!(
            config.level_of(RuleId::InsecureCallbackUrl.as_str(), Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(config.allowed().count(), 0);
    }
}
