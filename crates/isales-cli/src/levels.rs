//! Rule levels: where the `isales-contract.toml` file is, the `--deny`/`--warn`/`--allow`/
//! `--strict` flags, and how they combine into the library's [`Config`].
//!
//! The file is found by walking up from the working directory (`--config PATH` names it,
//! `--no-config` ignores it). It holds
//!
//! ```toml
//! strict = true
//! [rules]
//! insecure-callback-url = "allow"
//! ```
//!
//! and the library reads it ([`Config::from_toml_str`]): this module reads the file and puts
//! its name and the line and column before each of the library's problems. The file's levels
//! apply first, then the flags in the order given, so the command line wins and, on it, the
//! last flag for a rule wins. Every rule id, in the file or on the command line, must name a
//! rule of the catalog; a misspelt one is a usage error listing close matches.
//!
//! Strictness (`--strict` or the file's `strict = true`) fails payloads that have warnings;
//! [`effective`] then reports those warnings as errors, the level that failed the payload, so
//! every report format says what made the run fail.

use std::fmt;
use std::path::{Path, PathBuf};

use isales_contract::config::{ConfigProblem, ConfigProblemKind};
use isales_contract::{Config, Level, RuleId, Severity, UnknownRule};

/// The configuration file's name.
pub const FILE_NAME: &str = "isales-contract.toml";

/// The message for a rule id that is not in the catalog: the library's, with close matches,
/// and where to find every rule.
#[must_use]
pub fn unknown_rule_message(unknown: &UnknownRule) -> String {
    format!("{unknown}{RULES_HINT}")
}

/// What follows every message about an unknown rule.
const RULES_HINT: &str = " (`isales-contract rules` lists every rule)";

/// clap value parser: a rule id of the catalog.
///
/// # Errors
/// When the id is not in the catalog; the message lists close matches.
pub fn parse_rule(text: &str) -> Result<RuleId, String> {
    RuleId::from_id(text).ok_or_else(|| unknown_rule_message(&UnknownRule::new(text)))
}

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: FileProblem,
}

/// What is wrong with a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// It cannot be read: the system's reason.
    Unreadable(String),
    /// Its text is refused by the library.
    Invalid(isales_contract::ConfigError),
}

impl ConfigError {
    /// One message per problem, each starting with the file's name (and the line and column,
    /// when known): `isales-contract.toml:2:1: in [rules]: unknown rule ..`.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        // The path reaches stderr: a directory name could hold control characters.
        let path = self.path.display().to_string();
        let path = crate::shown::name(&path);
        match &self.problem {
            FileProblem::Unreadable(reason) => vec![format!("{path}: cannot read it: {reason}")],
            FileProblem::Invalid(invalid) => invalid
                .problems()
                .iter()
                .map(|problem| format!("{path}{}", located(problem)))
                .collect(),
        }
    }
}

/// `:LINE:COLUMN: ` (or `: ` when the place is unknown) and the problem, with the pointer to
/// the list of rules after an unknown one.
fn located(problem: &ConfigProblem) -> String {
    let place = problem.position().map_or_else(String::new, |position| {
        format!(":{}:{}", position.line, position.column)
    });
    let hint = match problem.kind() {
        ConfigProblemKind::UnknownRule(_) => RULES_HINT,
        _ => "",
    };
    format!("{place}: {}{hint}", problem.kind())
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages().join("\n"))
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `isales-contract.toml` in `start` or one of its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads a configuration file.
///
/// # Errors
/// When the file cannot be read or the library refuses its text.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let error = |problem| ConfigError {
        path: path.to_owned(),
        problem,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|io| error(FileProblem::Unreadable(io.to_string())))?;
    Config::from_toml_str(&text).map_err(|invalid| error(FileProblem::Invalid(invalid)))
}

/// Applies command-line levels, given as `(position on the command line, rule, level)`, in
/// command-line order, and `--strict` (`Some(true)`) or `--no-strict` (`Some(false)`), which
/// win over the file's `strict`.
#[must_use]
pub fn apply_flags(
    mut config: Config,
    mut flags: Vec<(usize, RuleId, Level)>,
    strict: Option<bool>,
) -> Config {
    flags.sort_by_key(|(index, _, _)| *index);
    for (_, rule, level) in flags {
        config.set_rule_level(rule, level);
    }
    if let Some(strict) = strict {
        config = config.with_strict(strict);
    }
    config
}

/// The levels the report shows: under strictness every rule that would report a warning
/// reports an error instead, since its violations fail the payload. Without this a strict run
/// fails while every format says `warning` (rustc does the same with `-D warnings`). The
/// configuration stays strict, so a violation of a rule outside the catalog still fails.
#[must_use]
pub fn effective(mut config: Config) -> Config {
    if config.strict() {
        for info in isales_contract::rules::catalog() {
            let warns =
                config.level_of(info.rule.id, info.rule.severity) == Some(Severity::Warning);
            if let (true, Some(rule)) = (warns, RuleId::from_id(info.rule.id)) {
                config.set_rule_level(rule, Level::Deny);
            }
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictness_reports_warnings_as_the_errors_that_fail() {
        let level =
            |config: &Config, rule: RuleId, default| config.level_of(rule.as_str(), default);
        let lax = Config::new()
            .with_rule_level(RuleId::EnumValue, Level::Warn)
            .with_rule_level(RuleId::NameLength, Level::Allow);
        assert_eq!(
            effective(lax.clone()),
            lax,
            "nothing changes without strictness"
        );

        let strict = effective(lax.with_strict(true));
        assert!(strict.strict());
        for (rule, default, expected) in [
            // Warnings by default, and by configuration, fail: errors.
            (
                RuleId::UndocumentedField,
                Severity::Warning,
                Some(Severity::Error),
            ),
            (RuleId::EnumValue, Severity::Error, Some(Severity::Error)),
            // Errors stay errors, allowed rules stay allowed.
            (
                RuleId::IvrParamRequired,
                Severity::Error,
                Some(Severity::Error),
            ),
            (RuleId::NameLength, Severity::Warning, None),
        ] {
            assert_eq!(level(&strict, rule, default), expected, "{rule:?}");
        }
    }

    #[test]
    fn unknown_rules_are_refused_with_close_matches_and_a_pointer_to_the_list() {
        assert_eq!(
            parse_rule("insecure-callback"),
            Err(
                "unknown rule `insecure-callback`; did you mean `insecure-callback-url`? \
                 (`isales-contract rules` lists every rule)"
                    .to_owned()
            )
        );
        assert_eq!(
            parse_rule("zzzzzz"),
            Err("unknown rule `zzzzzz` (`isales-contract rules` lists every rule)".to_owned())
        );
        assert_eq!(
            parse_rule("ivr-param-required"),
            Ok(RuleId::IvrParamRequired)
        );
    }

    #[test]
    fn the_last_flag_for_a_rule_wins() {
        let config = apply_flags(
            Config::new().with_rule_level(RuleId::TypeMismatch, Level::Warn),
            vec![
                (5, RuleId::TypeMismatch, Level::Deny),
                (2, RuleId::TypeMismatch, Level::Allow),
            ],
            None,
        );
        assert_eq!(
            config.level_of(RuleId::TypeMismatch.as_str(), Severity::Warning),
            Some(Severity::Error)
        );
    }

    #[test]
    fn the_command_line_decides_strictness_over_the_file() {
        let strict_file = Config::new().with_strict(true);
        let lenient = apply_flags(strict_file.clone(), Vec::new(), Some(false));
        assert_eq!(lenient, Config::new().with_strict(false));
        assert_eq!(
            apply_flags(strict_file.clone(), Vec::new(), None),
            strict_file
        );
        assert_eq!(
            apply_flags(Config::new(), Vec::new(), Some(true)),
            strict_file
        );
    }

    #[test]
    fn a_file_names_rules_and_strictness() {
        let dir = std::env::temp_dir().join(format!("isales-cli-levels-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(FILE_NAME);
        std::fs::write(
            &path,
            "strict = true\n[rules]\ninsecure-callback-url = \"allow\"\n",
        )
        .expect("write");
        let config = load_file(&path).expect("valid file");
        assert_eq!(
            config,
            Config::new()
                .with_strict(true)
                .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow)
        );
        assert_eq!(discover(&dir.join("a/b")).as_deref(), Some(path.as_path()));

        let shown = path.display().to_string();
        for (text, messages) in [
            (
                "[rules]\ninsecure-callback = \"allow\"\nzzz = \"deny\"\n",
                vec![
                    format!(
                        "{shown}:2:1: in [rules]: unknown rule `insecure-callback`; \
                         did you mean `insecure-callback-url`? \
                         (`isales-contract rules` lists every rule)"
                    ),
                    format!(
                        "{shown}:3:1: in [rules]: unknown rule `zzz` \
                         (`isales-contract rules` lists every rule)"
                    ),
                ],
            ),
            (
                "[rules]\ntype-mismatch = \"loud\"\n",
                vec![format!(
                    "{shown}:2:17: in [rules]: `type-mismatch`: unknown level `loud`; \
                     expected `allow`, `warn` or `deny`"
                )],
            ),
            (
                "strict = yes\n",
                vec![format!(
                    "{shown}:1:10: invalid TOML: string values must be quoted, \
                     expected literal string"
                )],
            ),
        ] {
            std::fs::write(&path, text).expect("write");
            let error = load_file(&path).expect_err(text);
            assert_eq!(error.messages(), messages, "{text:?}");
            assert_eq!(error.to_string(), messages.join("\n"));
        }

        std::fs::remove_file(&path).expect("remove");
        let error = load_file(&path).expect_err("no file");
        assert!(
            matches!(error.problem, FileProblem::Unreadable(_)),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with(&format!("{shown}: cannot read it: ")),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
