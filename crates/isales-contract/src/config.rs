//! Levels: what the user configured. Every rule has a default level (its severity);
//! [`Config`] raises or lowers any rule the way clippy's `-D`/`-W`/`-A` do, and `strict` makes
//! warnings fail. A configuration is built in code or read from the text of an
//! `isales-contract.toml` file ([`Config::from_toml_str`]), and every rule it names is checked
//! against the rule catalog. What is wrong with one is data: [`UnknownRule`] with the closest
//! ids, [`ConfigError`] with each problem of a file and its line and column. Finding and
//! reading the file is the command's business: this module takes text.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::ser::SerializeStruct as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::de::{DeTable, DeValue};

use crate::json::{Position, line_column};
use crate::rule::{Rule, RuleId, Severity};
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
/// names none ([`UnknownRule`]), and a [`RuleId`] is always accepted. A rule of a service's
/// own (a [`Rule`] its hand-written checks report, or one the derive reports on its structs)
/// is set through [`Config::with_custom_rule_level`], which takes the rule itself, so it cannot
/// be misspelt either.
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

    /// Sets the level of a rule outside the contract's catalog: one a service declares for its
    /// own checks, or a rule the derive reports on a service's structs.
    #[must_use]
    pub fn with_custom_rule_level(mut self, rule: Rule, level: Level) -> Self {
        self.set_custom_rule_level(rule, level);
        self
    }

    /// Sets the level of a rule outside the catalog in place.
    pub fn set_custom_rule_level(&mut self, rule: Rule, level: Level) {
        self.levels.insert(rule.id, level);
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

    /// Reads the text of a configuration file (`isales-contract.toml`):
    ///
    /// ```toml
    /// strict = true                      # warnings fail too (default: false)
    ///
    /// [rules]                            # rule id = level; other rules keep their default
    /// insecure-callback-url = "allow"
    /// undocumented-field = "deny"
    /// ```
    ///
    /// Both keys are optional; an empty text is the default configuration.
    /// [`Serialize`] writes a configuration back in this shape.
    ///
    /// The library reads no files (it takes text and bytes, so a service decides where its
    /// configuration lives); the command finds the file by walking up from its working
    /// directory.
    ///
    /// ```
    /// use isales_contract::{Config, Level, RuleId};
    ///
    /// let config = Config::from_toml_str("strict = true\n[rules]\nduplicate-key = \"allow\"\n")?;
    /// assert_eq!(
    ///     config,
    ///     Config::new().with_strict(true).with_rule_level(RuleId::DuplicateKey, Level::Allow)
    /// );
    ///
    /// let error = Config::from_toml_str("[rules]\nduplicate-keys = \"allow\"\n").unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "line 2, column 1: in [rules]: unknown rule `duplicate-keys`; did you mean `duplicate-key`?"
    /// );
    /// # Ok::<(), isales_contract::ConfigError>(())
    /// ```
    ///
    /// # Errors
    /// When the text is not TOML, or not of this shape: a top-level key other than the two, a
    /// rule id the contract does not have, a word that is not a level, a value of the wrong
    /// type. Every such problem is reported, in the order of the text, each with its place; a
    /// syntax error stops the reading at the first.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        let document = DeTable::parse(text).map_err(|error| {
            ConfigError::new(
                text,
                vec![(
                    error.span(),
                    ConfigProblemKind::Syntax {
                        message: error.message().to_owned(),
                    },
                )],
            )
        })?;
        let mut config = Config::new();
        let mut problems = Vec::new();
        for (key, value) in document.get_ref() {
            match key.get_ref().as_ref() {
                STRICT => match value.get_ref() {
                    DeValue::Boolean(strict) => config.strict = *strict,
                    other => problems.push((
                        Some(value.span()),
                        ConfigProblemKind::WrongType {
                            key: STRICT.to_owned(),
                            found: a_type(other),
                            expected: "a boolean (`true` or `false`)",
                        },
                    )),
                },
                RULES => match value.get_ref() {
                    DeValue::Table(rules) => config.read_rules(rules, &mut problems),
                    other => problems.push((
                        Some(value.span()),
                        ConfigProblemKind::WrongType {
                            key: RULES.to_owned(),
                            found: a_type(other),
                            expected: "a table of rule ids and levels",
                        },
                    )),
                },
                other => problems.push((
                    Some(key.span()),
                    ConfigProblemKind::UnknownKey {
                        key: other.to_owned(),
                    },
                )),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::new(text, problems))
        }
    }

    /// Sets the levels of the `[rules]` table, and notes what is wrong with its entries.
    fn read_rules(
        &mut self,
        rules: &DeTable<'_>,
        problems: &mut Vec<(Option<Range<usize>>, ConfigProblemKind)>,
    ) {
        for (rule, value) in rules {
            let id = RuleId::from_id(rule.get_ref());
            if id.is_none() {
                problems.push((
                    Some(rule.span()),
                    ConfigProblemKind::UnknownRule(UnknownRule::new(rule.get_ref().as_ref())),
                ));
            }
            let level = match value.get_ref() {
                DeValue::String(word) => {
                    word.parse::<Level>()
                        .map_err(|error| ConfigProblemKind::BadLevel {
                            rule: rule.get_ref().to_string(),
                            error,
                        })
                }
                other => Err(ConfigProblemKind::WrongType {
                    key: format!("{RULES}.{}", rule.get_ref()),
                    found: a_type(other),
                    expected: "a level (`allow`, `warn` or `deny`)",
                }),
            };
            match (id, level) {
                (Some(id), Ok(level)) => self.set_rule_level(id, level),
                (_, Err(problem)) => problems.push((Some(value.span()), problem)),
                (None, Ok(_)) => {}
            }
        }
    }
}

/// The configuration file's keys.
const STRICT: &str = "strict";
const RULES: &str = "rules";

/// A TOML value's type, with its article, for messages.
fn a_type(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The configuration file's shape: `strict`, then the `[rules]` table, every rule with a level
/// set (so [`Config::from_toml_str`] reads back what `toml::to_string` writes).
impl Serialize for Config {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut file = serializer.serialize_struct("Config", 2)?;
        file.serialize_field(STRICT, &self.strict)?;
        file.serialize_field(RULES, &self.levels)?;
        file.end()
    }
}

/// A configuration text that cannot be used: every problem with it, in the order of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Never empty.
    problems: Vec<ConfigProblem>,
}

impl ConfigError {
    /// The problems of `text`, sorted by where they are (those without a place last).
    fn new(text: &str, mut problems: Vec<(Option<Range<usize>>, ConfigProblemKind)>) -> Self {
        problems.sort_by_key(|(span, _)| span.as_ref().map_or(usize::MAX, |span| span.start));
        let problems = problems
            .into_iter()
            .map(|(span, kind)| ConfigProblem {
                position: span
                    .as_ref()
                    .map(|span| line_column(text.as_bytes(), span.start)),
                span,
                kind,
            })
            .collect();
        ConfigError { problems }
    }

    /// Every problem, in the order of the text; there is at least one.
    #[must_use]
    pub fn problems(&self) -> &[ConfigProblem] {
        &self.problems
    }
}

/// One line per problem.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// One thing wrong with a configuration text, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    kind: ConfigProblemKind,
    span: Option<Range<usize>>,
    position: Option<Position>,
}

impl ConfigProblem {
    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &ConfigProblemKind {
        &self.kind
    }

    /// The bytes of the text it is about: the key for an unknown key or rule, the value for a
    /// value, where the TOML parser stopped for a syntax error (when it says).
    #[must_use]
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The line and column (in characters, both from 1) where [`ConfigProblem::span`] starts.
    #[must_use]
    pub fn position(&self) -> Option<Position> {
        self.position
    }
}

/// `line 2, column 1: ` and the [kind](ConfigProblemKind)'s message.
impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position {
            write!(f, "line {}, column {}: ", position.line, position.column)?;
        }
        write!(f, "{}", self.kind)
    }
}

/// What is wrong with a configuration text. Its [`Display`](fmt::Display) is one sentence
/// without a place; [`ConfigProblem`]'s adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigProblemKind {
    /// The text is not TOML.
    Syntax {
        /// The TOML parser's message.
        message: String,
    },
    /// A top-level key other than `strict` and `rules`.
    UnknownKey {
        /// The key.
        key: String,
    },
    /// A key of `[rules]` that names no rule of the contract.
    UnknownRule(UnknownRule),
    /// A rule's level that is a string, but not `allow`, `warn` or `deny`.
    BadLevel {
        /// The rule id, as written.
        rule: String,
        /// The word.
        error: ParseLevelError,
    },
    /// A value of another TOML type than its key takes.
    WrongType {
        /// The key, as a dotted path: `strict`, `rules`, `rules.type-mismatch`.
        key: String,
        /// The type found, with its article: `a string`, `an integer`.
        found: &'static str,
        /// What the key takes.
        expected: &'static str,
    },
}

impl fmt::Display for ConfigProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblemKind::Syntax { message } => write!(f, "invalid TOML: {message}"),
            ConfigProblemKind::UnknownKey { key } => {
                write!(f, "unknown key `")?;
                write_escaped(f, key)?;
                if RuleId::from_id(key).is_some() {
                    write!(f, "`; a rule's level goes in the [{RULES}] table")
                } else {
                    write!(f, "`; expected `{STRICT}` or `{RULES}`")
                }
            }
            ConfigProblemKind::UnknownRule(unknown) => write!(f, "in [{RULES}]: {unknown}"),
            ConfigProblemKind::BadLevel { rule, error } => {
                write!(f, "in [{RULES}]: `")?;
                write_escaped(f, rule)?;
                write!(f, "`: {error}")
            }
            ConfigProblemKind::WrongType {
                key,
                found,
                expected,
            } => {
                write!(f, "`")?;
                write_escaped(f, key)?;
                write!(f, "` is {found}; expected {expected}")
            }
        }
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

    /// (line, column, message) of each problem.
    fn problems(error: &ConfigError) -> Vec<(usize, usize, String)> {
        error
            .problems()
            .iter()
            .map(|problem| {
                let position = problem.position().expect("every problem here has a place");
                (position.line, position.column, problem.kind().to_string())
            })
            .collect()
    }

    #[test]
    fn configuration_files_that_load() {
        let default = Config::new();
        for (text, expected) in [
            ("", default.clone()),
            ("# nothing set\n\n", default.clone()),
            ("strict = false\n[rules]\n", default.clone()),
            ("strict = true\n", default.clone().with_strict(true)),
            (
                "strict = true\n[rules]\ninsecure-callback-url = \"allow\"\n",
                default
                    .clone()
                    .with_strict(true)
                    .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow),
            ),
            (
                "[rules] # levels\n  type-mismatch = 'warn'\nduplicate-key = \"deny\" # loud\n",
                default
                    .clone()
                    .with_rule_level(RuleId::TypeMismatch, Level::Warn)
                    .with_rule_level(RuleId::DuplicateKey, Level::Deny),
            ),
            (
                "rules = { undocumented-field = \"allow\" }\nstrict = true\n",
                default
                    .clone()
                    .with_strict(true)
                    .with_rule_level(RuleId::UndocumentedField, Level::Allow),
            ),
        ] {
            assert_eq!(Config::from_toml_str(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn configuration_files_that_do_not_load_say_where_and_why() {
        let level = "expected a level (`allow`, `warn` or `deny`)";
        for (text, expected) in [
            (
                "[rules]\nnot-a-rule = \"deny\"\n",
                vec![(2, 1, "in [rules]: unknown rule `not-a-rule`".to_owned())],
            ),
            (
                "[rules]\ninsecure-callback = \"allow\"\n",
                vec![(
                    2,
                    1,
                    "in [rules]: unknown rule `insecure-callback`; \
                     did you mean `insecure-callback-url`?"
                        .to_owned(),
                )],
            ),
            (
                "[rules]\ntype-mismatch = \"loud\"\n",
                vec![(
                    2,
                    17,
                    "in [rules]: `type-mismatch`: unknown level `loud`; \
                     expected `allow`, `warn` or `deny`"
                        .to_owned(),
                )],
            ),
            (
                "[rules]\ntype-mismatch = 3\n",
                vec![(
                    2,
                    17,
                    format!("`rules.type-mismatch` is an integer; {level}"),
                )],
            ),
            (
                "[rules]\ntype-mismatch = [\"deny\"]\n",
                vec![(2, 17, format!("`rules.type-mismatch` is an array; {level}"))],
            ),
            (
                "strict = \"yes\"\n",
                vec![(
                    1,
                    10,
                    "`strict` is a string; expected a boolean (`true` or `false`)".to_owned(),
                )],
            ),
            (
                "rules = 1\n",
                vec![(
                    1,
                    9,
                    "`rules` is an integer; expected a table of rule ids and levels".to_owned(),
                )],
            ),
            (
                "[[rules]]\n",
                vec![(
                    1,
                    1,
                    "`rules` is an array; expected a table of rule ids and levels".to_owned(),
                )],
            ),
            (
                "stict = true\n",
                vec![(
                    1,
                    1,
                    "unknown key `stict`; expected `strict` or `rules`".to_owned(),
                )],
            ),
            (
                "\ninsecure-callback-url = \"allow\"\n",
                vec![(
                    2,
                    1,
                    "unknown key `insecure-callback-url`; a rule's level goes in the [rules] table"
                        .to_owned(),
                )],
            ),
            // Every problem, in the order of the text (not the order of the keys).
            (
                "[rules]\nzzz = \"deny\"\ntype-mismatch = \"loud\"\naaa = \"allow\"\n",
                vec![
                    (2, 1, "in [rules]: unknown rule `zzz`".to_owned()),
                    (
                        3,
                        17,
                        "in [rules]: `type-mismatch`: unknown level `loud`; \
                         expected `allow`, `warn` or `deny`"
                            .to_owned(),
                    ),
                    (4, 1, "in [rules]: unknown rule `aaa`".to_owned()),
                ],
            ),
            // An unknown rule with a bad level: both; columns count characters, not bytes.
            (
                "[rules]\n\"\u{e9}\u{e9}\" = 1\n",
                vec![
                    (2, 1, "in [rules]: unknown rule `\u{e9}\u{e9}`".to_owned()),
                    (2, 8, format!("`rules.\u{e9}\u{e9}` is an integer; {level}")),
                ],
            ),
        ] {
            let error = Config::from_toml_str(text).expect_err(text);
            assert_eq!(problems(&error), expected, "{text:?}");
        }
    }

    #[test]
    fn toml_syntax_errors_give_the_parser_s_message_and_place() {
        for (text, expected) in [
            (
                "strict = \n",
                (
                    1,
                    10,
                    "string values must be quoted, expected literal string",
                ),
            ),
            ("strict = true\nstrict = false\n", (2, 1, "duplicate key")),
            ("[rules\n", (1, 7, "unclosed table, expected `]`")),
            (
                "[rules]\ntype-mismatch = \"deny\n",
                (2, 22, "invalid basic string, expected `\"`"),
            ),
        ] {
            let error = Config::from_toml_str(text).expect_err(text);
            assert!(
                error
                    .problems()
                    .iter()
                    .all(|problem| matches!(problem.kind(), ConfigProblemKind::Syntax { .. })),
                "{text:?}: {error}"
            );
            let (line, column, message) = expected;
            assert_eq!(
                problems(&error),
                [(line, column, format!("invalid TOML: {message}"))],
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_configuration_error_lists_its_problems_one_a_line() {
        let error = Config::from_toml_str("[rules]\nzzz = \"deny\"\ntype-mismatch = 1\n")
            .expect_err("two problems");
        assert_eq!(
            error.to_string(),
            "line 2, column 1: in [rules]: unknown rule `zzz`\n\
             line 3, column 17: `rules.type-mismatch` is an integer; \
             expected a level (`allow`, `warn` or `deny`)"
        );
        let [unknown, _] = error.problems() else {
            panic!("two problems: {error}");
        };
        assert_eq!(unknown.span(), Some(8..11));
        let ConfigProblemKind::UnknownRule(rule) = unknown.kind() else {
            panic!("an unknown rule: {unknown}");
        };
        assert_eq!(rule.id(), "zzz");
    }

    #[test]
    fn a_configuration_round_trips_through_its_toml() {
        for config in [
            Config::new(),
            Config::new().with_strict(true),
            Config::new()
                .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow)
                .with_rule_level(RuleId::UndocumentedField, Level::Deny)
                .with_rule_level(RuleId::TypeMismatch, Level::Warn),
        ] {
            let text = toml::to_string(&config).expect("serializes");
            assert_eq!(Config::from_toml_str(&text), Ok(config), "{text}");
        }
        let text = toml::to_string(
            &Config::new()
                .with_strict(true)
                .with_rule_level(RuleId::UndocumentedField, Level::Deny)
                .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow),
        )
        .expect("serializes");
        assert_eq!(
            text,
            "strict = true\n\n[rules]\ninsecure-callback-url = \"allow\"\nundocumented-field = \"deny\"\n"
        );
    }

    #[test]
    fn a_services_own_rule_takes_its_level_from_the_rule_itself() {
        const OVER_STOCK: Rule = Rule::new(
            "over-stock",
            Severity::Error,
            crate::rule::Provenance::Documented,
        );
        let config = Config::new().with_custom_rule_level(OVER_STOCK, Level::Warn);
        assert_eq!(
            config.level_of(OVER_STOCK.id, Severity::Error),
            Some(Severity::Warning)
        );
        assert!(Config::new().with_level("over-stock", Level::Warn).is_err());
    }
}
